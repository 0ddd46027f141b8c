//! The load suite (issue 6): the real `sipas serve` (release build) in its own process, loaded by
//! `wrk` in another, each measurement beside its ceiling on the same machine in the same run:
//!
//! - the survey page against a bare axum handler serving the same bytes;
//! - durable submissions on SQLite and on PostgreSQL against raw durable inserts of the same
//!   rows (responses and answers) in batches of 100, through the same pool settings;
//! - the server's memory idle and at its peak under each load;
//! - the figure queries and raw export of `benches/figures.rs`, when `--figures FILE` gives the
//!   table that benchmark wrote (`benches/run.sh` runs both).
//!
//!     cargo bench --bench suite -- [--seconds N] [--connections N] [--figures FILE] [--write FILE]
//!
//! It prints a Markdown table and, with `--write`, writes it with the date, the machine and the
//! commands (`benches/run.sh` writes `docs/BENCHMARKS.md`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement, TransactionTrait};
use sipas::db::{Db, counters, units};
use sipas::domain::{Name, UnitCode, UnitKind};

const SIPAS: &str = env!("CARGO_BIN_EXE_sipas");

struct Args {
    seconds: u32,
    connections: u32,
    figures: Option<PathBuf>,
    write: Option<PathBuf>,
}

fn args() -> Args {
    let mut args = Args {
        seconds: 10,
        connections: 64,
        figures: None,
        write: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--seconds" => args.seconds = value().parse().expect("--seconds N"),
            "--connections" => args.connections = value().parse().expect("--connections N"),
            "--figures" => args.figures = Some(value().into()),
            "--write" => args.write = Some(value().into()),
            "--bench" => {}
            "--help" | "-h" => {
                println!(
                    "cargo bench --bench suite -- [--seconds N] [--connections N] [--figures FILE] [--write FILE]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    args
}

/// What `wrk --latency` reports.
#[derive(Clone, Copy, Debug, Default)]
struct Load {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: u64,
    /// Answers that were neither 2xx nor 3xx: refusals, errors.
    failed: u64,
}

fn wrk(url: &str, script: Option<&Path>, args: &Args) -> Load {
    let mut command = Command::new("wrk");
    command
        .arg("-t2")
        .arg(format!("-c{}", args.connections))
        .arg(format!("-d{}s", args.seconds))
        .arg("--latency");
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .expect("wrk (apt-get install wrk; benches/run.sh installs it)");
    assert!(output.status.success(), "{output:?}");
    parse_wrk(&String::from_utf8_lossy(&output.stdout))
}

fn parse_wrk(text: &str) -> Load {
    let duration_ms = |value: &str| -> f64 {
        let split = value.find(|c: char| c.is_ascii_alphabetic()).unwrap();
        let (number, unit) = value.split_at(split);
        let number: f64 = number.parse().unwrap();
        match unit {
            "us" => number / 1000.0,
            "ms" => number,
            "s" => number * 1000.0,
            "m" => number * 60_000.0,
            other => panic!("unit {other} in {text}"),
        }
    };
    let mut load = Load::default();
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", n] => load.per_second = n.parse().unwrap(),
            ["50%", d] => load.p50_ms = duration_ms(d),
            ["99%", d] => load.p99_ms = duration_ms(d),
            [n, "requests", "in", ..] => load.requests = n.parse().unwrap(),
            ["Non-2xx", "or", "3xx", "responses:", n] => load.failed = n.parse().unwrap(),
            _ => {}
        }
    }
    assert!(load.requests > 0, "wrk measured nothing:\n{text}");
    load
}

/// A fresh, migrated database with one service point and one counter; returns the survey path
/// and the counter's id.
async fn fresh_database(backend: &str, dir: &Path) -> (String, String, i32) {
    let url = match backend {
        "sqlite" => {
            let file = dir.join("suite.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
            format!("sqlite://{}?mode=rwc", file.display())
        }
        _ => {
            let server = postgres_server();
            let admin = Database::connect(format!("{server}/postgres"))
                .await
                .unwrap();
            admin
                .execute_unprepared("DROP DATABASE IF EXISTS sipas_suite WITH (FORCE)")
                .await
                .unwrap();
            admin
                .execute_unprepared("CREATE DATABASE sipas_suite")
                .await
                .unwrap();
            admin.close().await.unwrap();
            format!("{server}/sipas_suite")
        }
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let province = UnitCode::parse("BENCH").unwrap();
    units::create(
        &db,
        &units::NewUnit {
            code: province.clone(),
            name: Name::parse("Tỉnh Đo Tải").unwrap(),
            kind: UnitKind::Province,
            parent: None,
        },
        "bench",
    )
    .await
    .unwrap();
    let point = UnitCode::parse("BENCH.TT").unwrap();
    units::create(
        &db,
        &units::NewUnit {
            code: point.clone(),
            name: Name::parse("Trung tâm Phục vụ hành chính công").unwrap(),
            kind: UnitKind::ServicePoint,
            parent: Some(province),
        },
        "bench",
    )
    .await
    .unwrap();
    let counter = counters::create(
        &db,
        &point,
        &Name::parse("Quầy số 1").unwrap(),
        "sipas-quick",
        "bench",
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    db.close().await.unwrap();
    (url, format!("/s/{}", counter.token), counter.id)
}

/// `count` form keys for the counter, one a line, signed with the database's secret as the
/// survey page would sign them: a load generator cannot read each page, yet every post must
/// carry a key the server issued.
async fn issue_keys(url: &str, counter_id: i32, count: usize, dir: &Path) -> PathBuf {
    let db = Db::connect(url).await.unwrap();
    let secret = sipas::db::server_secret::form_keys(&db).await.unwrap();
    db.close().await.unwrap();
    let keys = sipas::domain::form_key::FormKeys::new(&secret);
    let now = time::OffsetDateTime::now_utc();
    let mut text = String::with_capacity(count * 45);
    for _ in 0..count {
        text.push_str(keys.issue(counter_id, now).unwrap().as_str());
        text.push('\n');
    }
    let path = dir.join("suite-keys.txt");
    std::fs::write(&path, text).unwrap();
    path
}

fn postgres_server() -> String {
    std::env::var("SIPAS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        .trim_end_matches('/')
        .to_owned()
}

/// `sipas serve` in its own process, with the guards that one load generator on one address
/// would trip switched off (the flood limit, the address's hourly share, and the least time to
/// answer, since keys are issued before the load); everything else as shipped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    async fn start(url: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(SIPAS)
            .args(["--database-url", url])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args([
                "--flood-per-minute",
                "1000000000",
                "--per-address-hour",
                "0",
            ])
            .args(["--min-answer-seconds", "0"])
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            address: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(format!("{}/readyz", server.address))
            .await
            .map(|r| r.status() != 200)
            .unwrap_or(true)
        {
            assert!(
                Instant::now() < deadline,
                "sipas serve did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    /// `VmRSS` or `VmHWM` of the process, in MB.
    fn memory(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: f64 = status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024.0
    }

    /// SIGTERM, and the exit it leads to.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-s", "TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "sipas serve exited with {status}");
    }
}

/// The same bytes as the survey page, from a bare axum handler with nothing else on the route:
/// the ceiling of an HTTP server on this machine.
fn bare_axum(body: String) -> SocketAddr {
    use axum::{Router, http::header, routing::get};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let body: &'static str = Box::leak(body.into_boxed_str());
            let app =
                Router::new().route(
                    "/s/{token}",
                    get(move || async move {
                        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
                    }),
                );
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    address
}

/// A wrk script that posts the survey form, each request with a fresh form key from `keys` (each
/// of wrk's two threads takes every other line), so that every request is a new response to
/// store.
fn post_script(dir: &Path, page: &str, keys: &Path) -> PathBuf {
    let field = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let start = page.find(&marker).unwrap() + marker.len();
        page[start..start + page[start..].find('"').unwrap()].to_owned()
    };
    let version = field("v");
    let items = (1..)
        .take_while(|n| page.contains(&format!("name=\"q{n}\"")))
        .count();
    let answers: String = (1..=items)
        .map(|n| format!("&q{n}={}", 3 + n % 3))
        .collect();
    let script = format!(
        r#"local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local keys = {{}}
local next_key = 1
function init(args)
  local i = 0
  for line in io.lines("{keys}") do
    if i % 2 == id then keys[#keys + 1] = line end
    i = i + 1
  end
end
request = function()
  local k = keys[next_key]
  next_key = next_key + 1
  if next_key > #keys then next_key = 1 end
  local body = "k=" .. k .. "&v={version}&lang=vi{answers}"
  return wrk.format("POST", nil, {{["Content-Type"] = "application/x-www-form-urlencoded"}}, body)
end
"#,
        keys = keys.display()
    );
    let path = dir.join("suite-post.lua");
    std::fs::write(&path, script).unwrap();
    path
}

/// Stored responses, as the database says.
async fn stored(url: &str) -> u64 {
    let db = Db::connect(url).await.unwrap();
    let n = sipas::db::responses::count(&db.reader).await.unwrap();
    db.close().await.unwrap();
    n
}

fn verify(url: &str) {
    let output = Command::new(SIPAS)
        .args(["--database-url", url, "verify"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sipas verify after the load: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// Raw durable inserts: the rows a submission stores (the response and its answers, without
/// tallies or guards), 100 responses to a transaction, one transaction after another for the
/// same number of seconds, through `Db::connect`'s writer (same journal and sync settings).
/// Returns responses per second and the p50/p99 of a batch's commit-to-commit time.
async fn raw_inserts(url: &str, seconds: u32) -> Load {
    let db = Db::connect(url).await.unwrap();
    let conn = &db.writer;
    let backend = conn.get_database_backend();
    let one = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let row = conn
        .query_one_raw(one("SELECT c.id, c.unit_id, v.id FROM counter c \
             JOIN questionnaire_version v ON v.questionnaire_id = c.questionnaire_id \
             ORDER BY v.id DESC LIMIT 1"))
        .await
        .unwrap()
        .unwrap();
    let counter: i32 = row.try_get_by_index(0).unwrap();
    let unit: i32 = row.try_get_by_index(1).unwrap();
    let version: i32 = row.try_get_by_index(2).unwrap();
    let questions: Vec<i32> = conn
        .query_all_raw(one(&format!(
            "SELECT id FROM question WHERE version_id = {version} ORDER BY position"
        )))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    let first_id: i64 = conn
        .query_one_raw(one("SELECT COALESCE(MAX(id), 0) + 1 FROM response"))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();

    let mut next = first_id;
    let mut batches = Vec::new();
    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let day = sipas::domain::LocalDay::of(now).yyyymmdd();
    let at = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    // The compact answer column, the same for every row.
    let answers_text: String = questions
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{q}:{}", 3 + (i + 1) % 3))
        .collect::<Vec<_>>()
        .join(",");
    while started.elapsed() < Duration::from_secs(u64::from(seconds)) {
        let batch_started = Instant::now();
        let ids = next..next + 100;
        next += 100;
        let mut responses = String::from(
            "INSERT INTO response (id, counter_id, unit_id, version_id, submitted_at, local_day, \
             channel, idempotency_key, status, answers) VALUES ",
        );
        let mut answers =
            String::from("INSERT INTO answer (response_id, question_id, value) VALUES ");
        for (n, id) in ids.enumerate() {
            if n > 0 {
                responses.push(',');
            }
            let _ = write!(
                responses,
                "({id}, {counter}, {unit}, {version}, '{at}', {day}, 'qr', 'raw{id:019}', 'counted', '{answers_text}')"
            );
            for (i, q) in questions.iter().enumerate() {
                if n > 0 || i > 0 {
                    answers.push(',');
                }
                let _ = write!(answers, "({id}, {q}, {})", 3 + (i + 1) % 3);
            }
        }
        let txn = conn.begin().await.unwrap();
        txn.execute_unprepared(&responses).await.unwrap();
        txn.execute_unprepared(&answers).await.unwrap();
        txn.commit().await.unwrap();
        batches.push(batch_started.elapsed());
    }
    let elapsed = started.elapsed().as_secs_f64();
    db.close().await.unwrap();
    batches.sort();
    let at = |q: f64| batches[((batches.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    Load {
        per_second: (batches.len() * 100) as f64 / elapsed,
        p50_ms: at(0.5),
        p99_ms: at(0.99),
        requests: batches.len() as u64 * 100,
        failed: 0,
    }
}

/// One line of the table.
struct Row {
    measurement: String,
    result: String,
    ceiling: String,
    target: String,
    verdict: String,
}

fn load_text(load: &Load) -> String {
    format!(
        "{:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
        load.per_second, load.p50_ms, load.p99_ms
    )
}

/// "met", or how far off: the factor on throughput, the excess on latency.
fn verdict(load: &Load, min_per_second: f64, max_p99_ms: f64) -> String {
    let mut misses = Vec::new();
    if load.per_second < min_per_second {
        misses.push(format!(
            "{:.0}% short of {min_per_second:.0}/s",
            100.0 * (1.0 - load.per_second / min_per_second)
        ));
    }
    if load.p99_ms >= max_p99_ms {
        misses.push(format!(
            "p99 {:.1} ms over {max_p99_ms:.0} ms",
            load.p99_ms - max_p99_ms
        ));
    }
    if misses.is_empty() {
        "met".into()
    } else {
        format!("**missed**: {}", misses.join("; "))
    }
}

fn ratio(load: &Load, ceiling: &Load) -> String {
    format!(
        "{} ({:.0}% of it)",
        load_text(ceiling),
        100.0 * load.per_second / ceiling.per_second
    )
}

fn memory_verdict(mb: f64, limit: f64) -> String {
    if mb < limit {
        "met".into()
    } else {
        format!("**missed** by {:.0} MB", mb - limit)
    }
}

#[tokio::main]
async fn main() {
    let args = args();
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let dir = Path::new(&target).join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = Vec::new();
    println!(
        "# sipas load suite: wrk -t2 -c{} -d{}s, server and load on the same machine",
        args.connections, args.seconds
    );

    // The survey page, and the bare handler serving its bytes.
    let (url, path, _) = fresh_database("sqlite", &dir).await;
    let server = Server::start(&url).await;
    let idle = {
        let page = reqwest::get(format!("{}{path}", server.address))
            .await
            .unwrap();
        page.text().await.unwrap();
        server.memory("VmRSS:")
    };
    let page_url = format!("{}{path}", server.address);
    let page_html = reqwest::get(&page_url).await.unwrap().text().await.unwrap();
    println!(
        "survey page: {} bytes; server idle at {idle:.1} MB",
        page_html.len()
    );
    let page = wrk(&page_url, None, &args);
    let page_peak = server.memory("VmHWM:");
    println!("survey page: {}", load_text(&page));
    let bare = bare_axum(page_html.clone());
    let bare_load = wrk(&format!("http://{bare}{path}"), None, &args);
    println!("bare axum, same bytes: {}", load_text(&bare_load));
    rows.push(Row {
        measurement: format!(
            "survey page GET ({} bytes), {} connections",
            page_html.len(),
            args.connections
        ),
        result: load_text(&page),
        ceiling: format!(
            "bare axum handler, same bytes: {}",
            ratio(&page, &bare_load)
        ),
        target: "≥ 25,000/s, p99 < 10 ms".into(),
        verdict: verdict(&page, 25_000.0, 10.0),
    });
    server.stop();

    // Durable submissions on each database, then raw inserts into the same database.
    let mut peaks = vec![("survey page", page_peak)];
    for (backend, name, min_per_second) in [
        ("sqlite", "SQLite", 10_000.0),
        ("postgres", "PostgreSQL", 8_000.0),
    ] {
        let (url, path, counter_id) = fresh_database(backend, &dir).await;
        let server = Server::start(&url).await;
        let survey = format!("{}{path}", server.address);
        // The form as this database's page gives it (its questionnaire version, its items).
        let form = reqwest::get(&survey).await.unwrap().text().await.unwrap();
        // More keys than the fastest run could post: none is sent twice.
        let keys = issue_keys(&url, counter_id, 60_000 * args.seconds as usize, &dir).await;
        let script = post_script(&dir, &form, &keys);
        let load = wrk(&survey, Some(&script), &args);
        let peak = server.memory("VmHWM:");
        server.stop();
        let kept = stored(&url).await;
        verify(&url);
        println!(
            "{name}: submissions {} ({} acknowledged, {} stored, {} refused)",
            load_text(&load),
            load.requests - load.failed,
            kept,
            load.failed
        );
        assert_eq!(load.failed, 0, "{name}: refused submissions under load");
        assert!(kept >= load.requests, "{name}: acknowledged but not stored");
        let raw = raw_inserts(&url, args.seconds).await;
        println!("{name}: raw inserts, batches of 100: {}", load_text(&raw));
        rows.push(Row {
            measurement: format!(
                "durable submissions, {name}, {} connections (each acknowledged after its commit)",
                args.connections
            ),
            result: format!("{} ({kept} stored, verify passed)", load_text(&load)),
            ceiling: format!(
                "raw inserts of the same rows, 100 per transaction: {}",
                ratio(&load, &raw)
            ),
            target: format!("≥ {min_per_second:.0}/s, p99 < 25 ms"),
            verdict: verdict(&load, min_per_second, 25.0),
        });
        peaks.push((
            if backend == "sqlite" {
                "submissions, SQLite"
            } else {
                "submissions, PostgreSQL"
            },
            peak,
        ));
    }

    rows.push(Row {
        measurement: "server memory, idle (after its first page)".into(),
        result: format!("{idle:.1} MB"),
        ceiling: String::new(),
        target: "< 30 MB".into(),
        verdict: memory_verdict(idle, 30.0),
    });
    for (phase, peak) in &peaks {
        rows.push(Row {
            measurement: format!("server memory, peak under load: {phase}"),
            result: format!("{peak:.1} MB"),
            ceiling: String::new(),
            target: "< 150 MB".into(),
            verdict: memory_verdict(*peak, 150.0),
        });
    }

    let mut table = String::from(
        "| measurement | result | ceiling (same run) | target | |\n|---|---|---|---|---|\n",
    );
    for row in &rows {
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} |",
            row.measurement, row.result, row.ceiling, row.target, row.verdict
        );
    }
    let figures = args.figures.as_ref().map(|file| {
        std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    });
    println!();
    println!("{table}");
    if let Some(figures) = &figures {
        println!("{figures}");
    }
    if let Some(out) = &args.write {
        std::fs::write(out, document(&args, &table, figures.as_deref())).unwrap();
        println!("written to {}", out.display());
    }
}

fn document(args: &Args, table: &str, figures: Option<&str>) -> String {
    let today = time::OffsetDateTime::now_utc();
    let date = format!(
        "{:02}/{:02}/{}",
        today.day(),
        u8::from(today.month()),
        today.year()
    );
    let command_output = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .map(|o| {
                let text = String::from_utf8_lossy(&o.stdout).to_string()
                    + &String::from_utf8_lossy(&o.stderr);
                text.lines().next().unwrap_or("").trim().to_owned()
            })
            .unwrap_or_default()
    };
    let mut doc = String::new();
    let _ = writeln!(
        doc,
        "# Benchmarks\n\n\
         Written by `benches/run.sh` on {date}; run it again to replace this file. How the figures \
         were reached, and why the misses, is in [performance.md](performance.md).\n\n\
         - Machine: {}; {}; {}; {}.\n\
         - The load: `wrk -t2 -c{c} -d{s}s --latency` in its own process on the same two cores \
         as the server (and, for PostgreSQL, the database).\n\
         - The server: `sipas serve`, release build, in its own process, default settings but \
         `--flood-per-minute 1000000000 --per-address-hour 0 --min-answer-seconds 0` (one load generator on one address \
         would trip them). SQLite in WAL with `synchronous = FULL`; PostgreSQL with its default \
         settings (`synchronous_commit = on`).\n\
         - Submissions: each request a fresh form with its own key, issued and signed with the server's secret before the load (a load generator cannot read a page per post); acknowledged (303) \
         only after the transaction holding it commits; `sipas verify` after each run.\n\
         - Ceilings: a bare axum handler in the benchmark's process serving the survey page's \
         bytes; raw inserts of the same rows (response + answers, no tallies, no guards) 100 per \
         transaction through the same connection settings, latency per batch.\n\
         - Memory: the server's `VmRSS` after its first page, `VmHWM` after each load.\n",
        common::machine(),
        command_output("wrk", "-v"),
        command_output("psql", "--version"),
        command_output("rustc", "--version"),
        c = args.connections,
        s = args.seconds,
    );
    let _ = writeln!(
        doc,
        "Command:\n\n    benches/run.sh            # both benchmarks, then this file\n\n\
         ## Load\n\n{table}"
    );
    if let Some(figures) = figures {
        let _ = writeln!(doc, "## Figures and raw export\n\n{figures}");
    }
    doc
}
