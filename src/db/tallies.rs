//! The tallies, and their recount from raw answers: what `sipas verify` compares; likewise the
//! compact answer list of each response against its answer rows.
//!
//! Each tally is checked against the same counts computed from `response` and `answer` rows;
//! every column is cast to BIGINT so that one decoder reads both databases.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use super::Result;

/// One tally table: how to read it, and how to recount it from raw rows (same key order). The
/// answer tallies carry five counts (scale points 1 … 5) after their key; the respondent tallies
/// one.
struct Check {
    table: &'static str,
    key: &'static [&'static str],
    counts: usize,
    stored: &'static str,
    recounted: &'static str,
}

/// `head` + the five point counts + `tail`, as one string literal.
macro_rules! const_format_points {
    ($head:literal, $tail:literal) => {
        concat!(
            $head,
            "CAST(SUM(CASE WHEN a.value = 1 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN a.value = 2 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN a.value = 3 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN a.value = 4 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN a.value = 5 THEN 1 ELSE 0 END) AS BIGINT)",
            $tail
        )
    };
}

const CHECKS: [Check; 6] = [
    Check {
        table: "tally_daily",
        key: &["day", "unit", "counter", "question"],
        counts: 5,
        stored: "SELECT CAST(day AS BIGINT), CAST(unit_id AS BIGINT), CAST(counter_id AS BIGINT), \
                 CAST(question_id AS BIGINT), n1, n2, n3, n4, n5 FROM tally_daily",
        recounted: const_format_points!(
            "SELECT CAST(r.local_day AS BIGINT), CAST(r.unit_id AS BIGINT), CAST(r.counter_id AS BIGINT), \
             CAST(a.question_id AS BIGINT), ",
            " FROM answer a JOIN response r ON r.id = a.response_id WHERE r.status = 'counted' \
             GROUP BY r.local_day, r.unit_id, r.counter_id, a.question_id"
        ),
    },
    Check {
        table: "tally_monthly",
        key: &["unit", "month", "question"],
        counts: 5,
        stored: "SELECT CAST(unit_id AS BIGINT), CAST(month AS BIGINT), CAST(question_id AS BIGINT), \
                 n1, n2, n3, n4, n5 FROM tally_monthly",
        recounted: const_format_points!(
            "SELECT CAST(r.unit_id AS BIGINT), CAST(r.local_day / 100 AS BIGINT), CAST(a.question_id AS BIGINT), ",
            " FROM answer a JOIN response r ON r.id = a.response_id WHERE r.status = 'counted' \
             GROUP BY r.unit_id, r.local_day / 100, a.question_id"
        ),
    },
    Check {
        table: "respondents_daily",
        key: &["unit", "day", "counter", "version"],
        counts: 1,
        stored: "SELECT CAST(unit_id AS BIGINT), CAST(day AS BIGINT), CAST(counter_id AS BIGINT), \
                 CAST(version_id AS BIGINT), CAST(n AS BIGINT) FROM respondents_daily",
        recounted: "SELECT CAST(unit_id AS BIGINT), CAST(local_day AS BIGINT), CAST(counter_id AS BIGINT), \
                    CAST(version_id AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM response \
                    WHERE status = 'counted' GROUP BY unit_id, local_day, counter_id, version_id",
    },
    Check {
        table: "respondents_monthly",
        key: &["unit", "month", "version"],
        counts: 1,
        stored: "SELECT CAST(unit_id AS BIGINT), CAST(month AS BIGINT), CAST(version_id AS BIGINT), \
                 CAST(n AS BIGINT) FROM respondents_monthly",
        recounted: "SELECT CAST(unit_id AS BIGINT), CAST(local_day / 100 AS BIGINT), CAST(version_id AS BIGINT), \
                    CAST(COUNT(*) AS BIGINT) FROM response \
                    WHERE status = 'counted' GROUP BY unit_id, local_day / 100, version_id",
    },
    Check {
        table: "respondents_hour_daily",
        key: &["unit", "day", "hour"],
        counts: 1,
        stored: "SELECT CAST(unit_id AS BIGINT), CAST(day AS BIGINT), CAST(hour AS BIGINT), \
                 CAST(n AS BIGINT) FROM respondents_hour_daily",
        recounted: "SELECT CAST(unit_id AS BIGINT), CAST(local_day AS BIGINT), CAST({hour} AS BIGINT), \
                    CAST(COUNT(*) AS BIGINT) FROM response \
                    WHERE status = 'counted' GROUP BY unit_id, local_day, {hour}",
    },
    Check {
        table: "respondents_hour_monthly",
        key: &["unit", "month", "weekday", "hour"],
        counts: 1,
        stored: "SELECT CAST(unit_id AS BIGINT), CAST(month AS BIGINT), CAST(weekday AS BIGINT), \
                 CAST(hour AS BIGINT), CAST(n AS BIGINT) FROM respondents_hour_monthly",
        recounted: "SELECT CAST(unit_id AS BIGINT), CAST(local_day / 100 AS BIGINT), \
                    CAST({weekday} AS BIGINT), CAST({hour} AS BIGINT), CAST(COUNT(*) AS BIGINT) \
                    FROM response WHERE status = 'counted' \
                    GROUP BY unit_id, local_day / 100, {weekday}, {hour}",
    },
];

/// The local hour and ISO weekday of `submitted_at` (stored in UTC) in each database's SQL,
/// for the recounts' `{hour}` and `{weekday}`.
fn local_time_sql(backend: DbBackend) -> (&'static str, &'static str) {
    match backend {
        DbBackend::Postgres => (
            "EXTRACT(HOUR FROM (submitted_at AT TIME ZONE 'UTC') + INTERVAL '7 hours')",
            "EXTRACT(ISODOW FROM (submitted_at AT TIME ZONE 'UTC') + INTERVAL '7 hours')",
        ),
        _ => (
            "CAST(strftime('%H', submitted_at, '+7 hours') AS INTEGER)",
            "((CAST(strftime('%w', submitted_at, '+7 hours') AS INTEGER) + 6) % 7 + 1)",
        ),
    }
}

/// A tally row whose stored count differs from the recount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub table: &'static str,
    /// `name=value` pairs of the row's key.
    pub key: String,
    pub stored: String,
    pub recounted: String,
}

/// Non-zero counts by key; with five counts a row, the scale point is appended to the key.
async fn counts<C: ConnectionTrait>(
    conn: &C,
    check: &Check,
    sql: &str,
) -> Result<BTreeMap<Vec<i64>, i64>> {
    let backend = conn.get_database_backend();
    let (hour, weekday) = local_time_sql(backend);
    let sql = sql.replace("{hour}", hour).replace("{weekday}", weekday);
    let rows = conn
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let key_len = check.key.len();
    let mut counts = BTreeMap::new();
    for row in rows {
        let key = (0..key_len)
            .map(|i| row.try_get_by_index::<i64>(i))
            .collect::<Result<Vec<_>, _>>()?;
        for point in 0..check.counts {
            let n: i64 = row.try_get_by_index(key_len + point)?;
            // A zero count is the same as no row.
            if n != 0 {
                let mut key = key.clone();
                if check.counts > 1 {
                    key.push(point as i64 + 1);
                }
                counts.insert(key, n);
            }
        }
    }
    Ok(counts)
}

/// Compares every tally with a recount from raw answers; empty when they all agree.
pub async fn differences<C: ConnectionTrait>(conn: &C) -> Result<Vec<Difference>> {
    let mut differences = Vec::new();
    for check in &CHECKS {
        let stored = counts(conn, check, check.stored).await?;
        let recounted = counts(conn, check, check.recounted).await?;
        let keys: BTreeSet<&Vec<i64>> = stored.keys().chain(recounted.keys()).collect();
        for key in keys {
            let (a, b) = (
                stored.get(key).copied().unwrap_or(0),
                recounted.get(key).copied().unwrap_or(0),
            );
            if a != b {
                let names = check.key.iter().chain(if check.counts > 1 {
                    &["point"][..]
                } else {
                    &[]
                });
                let key = names
                    .zip(key)
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                differences.push(Difference {
                    table: check.table,
                    key,
                    stored: a.to_string(),
                    recounted: b.to_string(),
                });
            }
        }
    }
    differences.extend(answer_list_differences(conn).await?);
    Ok(differences)
}

/// Responses whose compact answer list (what raw exports read) differs from their answer rows.
async fn answer_list_differences<C: ConnectionTrait>(conn: &C) -> Result<Vec<Difference>> {
    let backend = conn.get_database_backend();
    let aggregate = match backend {
        DbBackend::Postgres => "string_agg",
        _ => "group_concat",
    };
    let sql = format!(
        "SELECT id, answers, recounted FROM (SELECT CAST(r.id AS BIGINT) AS id, r.answers, \
         COALESCE((SELECT {aggregate}(a.question_id || ':' || a.value, ',' ORDER BY a.question_id) \
         FROM answer a WHERE a.response_id = r.id), '') AS recounted FROM response r) t \
         WHERE answers <> recounted ORDER BY id"
    );
    let rows = conn
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get_by_index(0)?;
            Ok(Difference {
                table: "response.answers",
                key: format!("response={id}"),
                stored: row.try_get_by_index(1)?,
                recounted: row.try_get_by_index(2)?,
            })
        })
        .collect()
}
