//! The figures benchmark: loads synthetic responses (10 million over 3 years by default, 34
//! provinces of units, a few thousand counters) into SQLite and/or PostgreSQL, then times the
//! figure queries and a raw export of about a million responses with the real `sipas` binary.
//!
//!     cargo bench --bench figures -- [--responses N] [--backend sqlite|postgres|both] [--verify]
//!
//! Raw rows and tallies are written in bulk (the per-response path would take hours for ten
//! million); the tallies are summed in memory exactly as the write path sums them, and
//! `--verify` runs `sipas verify` on the result to prove it. A loaded database is kept (SQLite in
//! `target/bench/`, PostgreSQL database `sipas_bench`) and reused when it holds the same load.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ConnectionTrait, Database, DatabaseTransaction, Statement, TransactionTrait};
use sipas::db::{Db, figures, questionnaires, units};
use sipas::domain::figures::{DEFAULT_MIN_SAMPLE, Method, Tally};
use sipas::domain::{LocalDay, Name, Period, UnitCode, UnitKind};
use sipas::report::{self, GroupBy, ReportRequest};
use sipas::synthetic::SplitMix64;
use time::{Date, Duration as Days, Month, OffsetDateTime, Time};

const PROVINCES: usize = 34;
const COMMUNES: usize = 98;
const CENTRE_COUNTERS: usize = 10;
/// Province P01 takes 30% of the load: a year of it is about a million responses.
const BIG_SHARE: f64 = 0.30;

struct Args {
    responses: u64,
    backends: Vec<&'static str>,
    verify: bool,
    /// Where to write the result table too (the load suite includes it).
    markdown: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        responses: 10_000_000,
        backends: vec!["sqlite", "postgres"],
        verify: false,
        markdown: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--responses" => {
                args.responses = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--responses N")
            }
            "--backend" => {
                args.backends = match it.next().as_deref() {
                    Some("sqlite") => vec!["sqlite"],
                    Some("postgres") => vec!["postgres"],
                    _ => vec!["sqlite", "postgres"],
                }
            }
            "--verify" => args.verify = true,
            "--markdown" => args.markdown = Some(it.next().expect("--markdown FILE")),
            "--bench" => {}
            "--help" | "-h" => {
                println!(
                    "cargo bench --bench figures -- [--responses N] [--backend sqlite|postgres|both] [--verify] [--markdown FILE]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    args
}

struct Counter {
    id: i32,
    unit_id: i32,
    /// Cumulative weight, for picking counters in proportion to their traffic.
    cumulative: f64,
    quality: f64,
}

#[tokio::main]
async fn main() {
    let args = args();
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let dir = std::path::Path::new(&target).join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    println!("# sipas figures benchmark: {} responses", args.responses);
    println!("machine: {}", common::machine());
    let mut report_rows = Vec::new();
    for backend in &args.backends {
        let url = match *backend {
            "sqlite" => format!(
                "sqlite://{}?mode=rwc",
                dir.join(format!("figures-{}.db", args.responses)).display()
            ),
            _ => {
                let server = std::env::var("SIPAS_TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
                let name = format!("sipas_bench_{}", args.responses);
                let admin = Database::connect(format!("{server}/postgres"))
                    .await
                    .unwrap();
                let exists = admin
                    .query_one_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
                    ))
                    .await
                    .unwrap()
                    .is_some();
                if !exists {
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE {name}"))
                        .await
                        .unwrap();
                }
                format!("{server}/{name}")
            }
        };
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let loaded = sipas::db::responses::count(&db.reader).await.unwrap();
        if loaded == 0 {
            let started = Instant::now();
            load(&db, args.responses).await;
            println!(
                "{backend}: loaded {} responses in {:.0} s",
                args.responses,
                started.elapsed().as_secs_f64()
            );
        } else if loaded == args.responses {
            println!("{backend}: reusing {loaded} responses already loaded");
        } else {
            // A load cut short (the loader commits day by day): measuring it would mislead.
            panic!(
                "{backend}: the database holds {loaded} responses, not {}: an interrupted load. \
                 Delete target/bench/figures-{}.db or drop database sipas_bench_{}, then run again.",
                args.responses, args.responses, args.responses
            );
        }
        if args.verify {
            let out = Command::new(env!("CARGO_BIN_EXE_sipas"))
                .args(["--database-url", &url, "verify"])
                .output()
                .unwrap();
            println!(
                "{backend}: sipas verify → {} {}",
                out.status,
                String::from_utf8_lossy(&out.stdout).trim()
            );
            assert!(out.status.success());
        }
        report_rows.extend(measure(backend, &db, &url, &dir).await);
    }
    let mut table = format!(
        "{} responses loaded ({}), queries timed after a warm-up, 20 runs each.\n\n\
         | backend | measurement | median | worst | target |\n|---|---|---|---|---|\n",
        args.responses,
        common::machine()
    );
    for row in report_rows {
        table.push_str(&row);
        table.push('\n');
    }
    println!();
    println!("{table}");
    if let Some(file) = &args.markdown {
        std::fs::write(file, &table).unwrap();
    }
}

async fn load(db: &Db, total: u64) {
    let conn = &db.writer;
    if conn.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // The loader's one connection: a 1 GB page cache for the indexes that grow out of order.
        conn.execute_unprepared("PRAGMA cache_size = -1000000")
            .await
            .unwrap();
    }
    let quick = questionnaires::id_by_code(conn, "sipas-quick")
        .await
        .unwrap()
        .unwrap();
    let version = questionnaires::current_version(conn, quick)
        .await
        .unwrap()
        .unwrap();
    let mut rng = SplitMix64::new(2026);

    // Units and counters, in one transaction.
    let txn = conn.begin().await.unwrap();
    let mut counters: Vec<Counter> = Vec::new();
    let mut weight = 0.0;
    let mut counter_rows = Vec::new();
    let now = OffsetDateTime::now_utc();
    for p in 1..=PROVINCES {
        let code = format!("P{p:02}");
        let province = add_unit(
            &txn,
            &code,
            &format!("Tỉnh số {p}"),
            UnitKind::Province,
            None,
        )
        .await;
        let share = if p == 1 {
            BIG_SHARE
        } else {
            (1.0 - BIG_SHARE) / (PROVINCES - 1) as f64
        };
        let centre = add_unit(
            &txn,
            &format!("{code}.TT"),
            "Trung tâm PVHCC tỉnh",
            UnitKind::ServicePoint,
            Some(&code),
        )
        .await;
        let mut places = vec![(centre, CENTRE_COUNTERS, 3.0)];
        for c in 1..=COMMUNES {
            let commune_code = format!("{code}.X{c:03}");
            add_unit(
                &txn,
                &commune_code,
                &format!("Xã số {c}"),
                UnitKind::Commune,
                Some(&code),
            )
            .await;
            let point = add_unit(
                &txn,
                &format!("{commune_code}.TT"),
                "Trung tâm PVHCC xã",
                UnitKind::ServicePoint,
                Some(&commune_code),
            )
            .await;
            places.push((point, 1, 1.0));
        }
        let province_weight: f64 = places.iter().map(|(_, n, w)| *n as f64 * w).sum();
        for (unit_id, n, w) in places {
            for _ in 0..n {
                weight += share * w / province_weight;
                let id = counter_rows.len() as i32 + 1;
                counter_rows.push((id, unit_id));
                counters.push(Counter {
                    id,
                    unit_id,
                    cumulative: weight,
                    quality: 0.55 + 0.4 * rng.unit(),
                });
            }
        }
        let _ = province;
    }
    for chunk in counter_rows.chunks(1000) {
        let mut insert = Query::insert();
        insert.into_table(Alias::new("counter")).columns(
            [
                "id",
                "unit_id",
                "name",
                "token",
                "questionnaire_id",
                "active",
                "created_at",
            ]
            .map(Alias::new),
        );
        for (id, unit_id) in chunk {
            insert.values_panic([
                (*id).into(),
                (*unit_id).into(),
                format!("Quầy {id}").into(),
                format!("bench{id:011}").into(),
                quick.into(),
                true.into(),
                now.into(),
            ]);
        }
        txn.execute(&insert).await.unwrap();
    }
    txn.commit().await.unwrap();
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        conn.execute_unprepared("SELECT setval('counter_id_seq', (SELECT MAX(id) FROM counter))")
            .await
            .unwrap();
    }

    // Responses day by day over 2023–2025 (Vietnam time), tallies summed in memory.
    let first = Date::from_calendar_date(2023, Month::January, 1).unwrap();
    let days = 365 * 3;
    let per_day = total / days as u64;
    let mut next_id: i64 = 1;
    // Answer counts at points 1 … 5, as the tally tables hold them.
    let mut monthly: HashMap<(i32, i32, i32), [i64; 5]> = HashMap::new();
    let mut monthly_respondents: HashMap<(i32, i32, i32), i64> = HashMap::new();
    // Respondents by (unit, month, ISO weekday, local hour).
    let mut monthly_hours: HashMap<(i32, i32, i16, i16), i64> = HashMap::new();
    let mut questions: Vec<i32> = version.questions.iter().map(|q| q.id).collect();
    // In id order, as the response's compact answer list (`7:5,8:4`) holds them.
    questions.sort_unstable();
    let started = Instant::now();
    for d in 0..days {
        let date = first + Days::days(d);
        let day = LocalDay::from_date(date).yyyymmdd();
        let count = if d == days - 1 {
            total - per_day * (days as u64 - 1)
        } else {
            per_day
        };
        let mut daily: HashMap<(i32, i32, i32), [i64; 5]> = HashMap::new();
        let mut daily_respondents: HashMap<(i32, i32), i64> = HashMap::new();
        let mut daily_hours: HashMap<(i32, i16), i64> = HashMap::new();
        let weekday = i16::from(date.weekday().number_from_monday());
        let mut responses = Vec::with_capacity(count as usize);
        let mut answers = Vec::with_capacity(count as usize * 5);
        for _ in 0..count {
            let pick = rng.unit() * weight;
            let counter = &counters[counters
                .partition_point(|c| c.cumulative < pick)
                .min(counters.len() - 1)];
            let minute = 7 * 60 + 30 + (rng.next() % (9 * 60)) as i64;
            let at = (date.with_time(Time::MIDNIGHT) + Days::minutes(minute))
                .assume_offset(sipas::domain::local_day::VIETNAM)
                .to_offset(time::UtcOffset::UTC);
            let id = next_id;
            next_id += 1;
            let hour = (minute / 60) as i16;
            *daily_hours.entry((counter.unit_id, hour)).or_default() += 1;
            *monthly_hours
                .entry((counter.unit_id, day / 100, weekday, hour))
                .or_default() += 1;
            let mut list = String::new();
            *daily_respondents
                .entry((counter.unit_id, counter.id))
                .or_default() += 1;
            let mut answered = 0;
            for (i, question) in questions.iter().enumerate() {
                if rng.unit() < 0.05 && !(i == questions.len() - 1 && answered == 0) {
                    continue;
                }
                answered += 1;
                let value: i16 = if rng.unit() < counter.quality {
                    4 + (rng.next() % 2) as i16
                } else {
                    1 + (rng.next() % 3) as i16
                };
                answers.push((id, *question, value));
                if !list.is_empty() {
                    list.push(',');
                }
                list.push_str(&format!("{question}:{value}"));
                let point = (value - 1) as usize;
                daily
                    .entry((counter.unit_id, counter.id, *question))
                    .or_default()[point] += 1;
                monthly
                    .entry((counter.unit_id, day / 100, *question))
                    .or_default()[point] += 1;
            }
            responses.push((id, counter.id, counter.unit_id, at, list));
        }
        let txn = conn.begin().await.unwrap();
        insert_responses(&txn, &responses, version.id, day).await;
        insert_rows(
            &txn,
            "answer",
            &["response_id", "question_id", "value"],
            answers
                .iter()
                .map(|(r, q, v)| vec![(*r).into(), (*q).into(), (*v).into()]),
        )
        .await;
        insert_rows(
            &txn,
            "tally_daily",
            &[
                "day",
                "unit_id",
                "counter_id",
                "question_id",
                "n1",
                "n2",
                "n3",
                "n4",
                "n5",
            ],
            daily.iter().map(|((u, c, q), n)| {
                let mut row = vec![day.into(), (*u).into(), (*c).into(), (*q).into()];
                row.extend(n.iter().map(|n| (*n).into()));
                row
            }),
        )
        .await;
        insert_rows(
            &txn,
            "respondents_daily",
            &["unit_id", "day", "counter_id", "version_id", "n"],
            daily_respondents.iter().map(|((u, c), n)| {
                vec![
                    (*u).into(),
                    day.into(),
                    (*c).into(),
                    version.id.into(),
                    (*n).into(),
                ]
            }),
        )
        .await;
        insert_rows(
            &txn,
            "respondents_hour_daily",
            &["unit_id", "day", "hour", "n"],
            daily_hours
                .iter()
                .map(|((u, h), n)| vec![(*u).into(), day.into(), (*h).into(), (*n).into()]),
        )
        .await;
        for ((unit, _), n) in &daily_respondents {
            *monthly_respondents
                .entry((*unit, day / 100, version.id))
                .or_default() += n;
        }
        txn.commit().await.unwrap();
        if d % 73 == 72 {
            let done = next_id - 1;
            println!(
                "  {done} responses ({:.0}/s)",
                done as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    let txn = conn.begin().await.unwrap();
    insert_rows(
        &txn,
        "tally_monthly",
        &[
            "unit_id",
            "month",
            "question_id",
            "n1",
            "n2",
            "n3",
            "n4",
            "n5",
        ],
        monthly.iter().map(|((u, m, q), n)| {
            let mut row = vec![(*u).into(), (*m).into(), (*q).into()];
            row.extend(n.iter().map(|n| (*n).into()));
            row
        }),
    )
    .await;
    insert_rows(
        &txn,
        "respondents_monthly",
        &["unit_id", "month", "version_id", "n"],
        monthly_respondents
            .iter()
            .map(|((u, m, v), n)| vec![(*u).into(), (*m).into(), (*v).into(), (*n).into()]),
    )
    .await;
    insert_rows(
        &txn,
        "respondents_hour_monthly",
        &["unit_id", "month", "weekday", "hour", "n"],
        monthly_hours.iter().map(|((u, m, w, h), n)| {
            vec![
                (*u).into(),
                (*m).into(),
                (*w).into(),
                (*h).into(),
                (*n).into(),
            ]
        }),
    )
    .await;
    txn.commit().await.unwrap();
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        conn.execute_unprepared("SELECT setval('response_id_seq', (SELECT MAX(id) FROM response))")
            .await
            .unwrap();
    }
    conn.execute_unprepared("ANALYZE").await.unwrap();
}

async fn add_unit(
    txn: &DatabaseTransaction,
    code: &str,
    name: &str,
    kind: UnitKind,
    parent: Option<&str>,
) -> i32 {
    let new = units::NewUnit {
        code: UnitCode::parse(code).unwrap(),
        name: Name::parse(name).unwrap(),
        kind,
        parent: parent.map(|p| UnitCode::parse(p).unwrap()),
    };
    units::create_in(txn, &new).await.unwrap().id
}

async fn insert_responses(
    txn: &DatabaseTransaction,
    rows: &[(i64, i32, i32, OffsetDateTime, String)],
    version: i32,
    day: i32,
) {
    insert_rows(
        txn,
        "response",
        &[
            "id",
            "counter_id",
            "unit_id",
            "version_id",
            "submitted_at",
            "local_day",
            "channel",
            "idempotency_key",
            "status",
            "answers",
        ],
        rows.iter().map(|(id, counter, unit, at, answers)| {
            vec![
                (*id).into(),
                (*counter).into(),
                (*unit).into(),
                version.into(),
                (*at).into(),
                day.into(),
                "qr".into(),
                format!("bench{id:016}").into(),
                "counted".into(),
                answers.clone().into(),
            ]
        }),
    )
    .await;
}

/// Multi-row INSERTs of at most ~30,000 bound values each.
async fn insert_rows(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<sea_orm::Value>>,
) {
    let per_statement = 30_000 / columns.len();
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)));
        for row in rows.by_ref().take(per_statement) {
            insert.values_panic(row.into_iter().map(Expr::val));
        }
        txn.execute(&insert).await.unwrap();
    }
}

/// Median and worst of `runs` timings.
async fn time_it<F, Fut>(runs: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    f().await; // warm-up: caches and prepared statements
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f().await;
        times.push(started.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn measure(backend: &str, db: &Db, url: &str, dir: &std::path::Path) -> Vec<String> {
    let mut rows = Vec::new();
    let catalog = figures::question_catalog(&db.reader).await.unwrap();
    let p01 = units::find_by_code(&db.reader, &UnitCode::parse("P01").unwrap())
        .await
        .unwrap()
        .unwrap();
    let p01_ids: Vec<i32> = units::subtree(&db.reader, &p01)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    let year = Period::parse("2025").unwrap();

    let (median, worst) = time_it(20, || async {
        let t = figures::tallies(
            &db.reader,
            &p01_ids,
            &year,
            figures::Grouping::Unit,
            &catalog,
        )
        .await
        .unwrap();
        let total = t.by_key.values().fold(Tally::default(), |mut s, t| {
            s.merge(t);
            s
        });
        assert!(total.sipas(Method::Pooled).value.is_some());
    })
    .await;
    rows.push(format!("| {backend} | province P01 (30% of the load), SIPAS + 5 elements for 2025 | {} | {} | < 50 ms |", ms(median), ms(worst)));

    let request = ReportRequest {
        unit: UnitCode::parse("P01").unwrap(),
        period: Period::parse("2025-Q3").unwrap(),
        by: GroupBy::Children,
        method: Method::Pooled,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    let (median, worst) = time_it(20, || async {
        let report = report::build(db, &request).await.unwrap();
        assert!(matches!(report.rows, report::Rows::Units(ref r) if r.len() == COMMUNES + 1));
    })
    .await;
    rows.push(format!("| {backend} | ranking of P01's {} children for 2025-Q3, with 2025-Q2 for changes | {} | {} | < 50 ms |", COMMUNES + 1, ms(median), ms(worst)));

    let request = ReportRequest {
        unit: UnitCode::parse("P02").unwrap(),
        period: Period::parse("2025").unwrap(),
        ..request
    };
    let (median, worst) = time_it(20, || async {
        report::build(db, &request).await.unwrap();
    })
    .await;
    rows.push(format!("| {backend} | full table of province P02 for 2025, with 2024 for changes | {} | {} | < 50 ms |", ms(median), ms(worst)));

    // The raw export, by the real binary, with its peak memory read from /proc.
    let out = dir.join(format!("raw-{backend}.csv"));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sipas"))
        .args([
            "--database-url",
            url,
            "export",
            "--unit",
            "P01",
            "--period",
            "2025",
            "--raw",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    while child.try_wait().unwrap().is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        {
            peak_kb = kb;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = started.elapsed();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = std::fs::read_to_string(&out)
        .map(|s| s.lines().count())
        .unwrap_or(0);
    rows.push(format!(
        "| {backend} | raw export of P01 for 2025 ({} responses) to CSV by `sipas export --raw` | {:.2} s, peak RSS {:.0} MB | | < 5 s, < 100 MB |",
        lines.saturating_sub(1),
        elapsed.as_secs_f64(),
        peak_kb as f64 / 1024.0
    ));
    let _ = std::fs::remove_file(out);
    rows
}
