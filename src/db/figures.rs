//! The raw material of figures: sums over the tally tables for a set of units and a period.
//! Whole months come from the monthly tallies, edge days from the daily ones; raw responses are
//! never read here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::{
    ConnectionTrait, EntityTrait,
    sea_query::{Alias, Expr, ExprTrait, Func, Query},
};

use super::Result;
use super::entities::{question, questionnaire, questionnaire_version};
use crate::domain::figures::{ItemKey, Tally};
use crate::domain::week_hours::WeekHours;
use crate::domain::{Element, LocalDay, Period, Scale};

/// What a question means to figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionInfo {
    pub key: ItemKey,
    pub element: Option<Element>,
    pub scale: Scale,
    pub position: i16,
    pub text_vi: String,
    pub text_en: String,
    pub version_id: i32,
}

/// Questionnaire codes by questionnaire id.
async fn questionnaire_codes<C: ConnectionTrait>(conn: &C) -> Result<HashMap<i32, String>> {
    Ok(questionnaire::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|q| (q.id, q.code))
        .collect())
}

/// Every question of every questionnaire version, by question id.
pub async fn question_catalog<C: ConnectionTrait>(conn: &C) -> Result<HashMap<i32, QuestionInfo>> {
    let versions: HashMap<i32, i32> = questionnaire_version::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v.questionnaire_id))
        .collect();
    let codes = questionnaire_codes(conn).await?;
    let mut catalog = HashMap::new();
    for q in question::Entity::find().all(conn).await? {
        let Some(scale) = Scale::from_code(&q.scale) else {
            continue;
        };
        let questionnaire = versions
            .get(&q.version_id)
            .and_then(|id| codes.get(id))
            .cloned()
            .unwrap_or_default();
        catalog.insert(
            q.id,
            QuestionInfo {
                key: ItemKey {
                    questionnaire,
                    code: q.code,
                },
                element: q.element.as_deref().and_then(Element::from_code),
                scale,
                position: q.position,
                text_vi: q.text_vi,
                text_en: q.text_en,
                version_id: q.version_id,
            },
        );
    }
    Ok(catalog)
}

/// `sipas-quick v1`, … by version id.
pub async fn version_labels<C: ConnectionTrait>(conn: &C) -> Result<HashMap<i32, String>> {
    let codes = questionnaire_codes(conn).await?;
    let versions = questionnaire_version::Entity::find().all(conn).await?;
    Ok(versions
        .into_iter()
        .map(|v| {
            let code = codes.get(&v.questionnaire_id).cloned().unwrap_or_default();
            (v.id, format!("{code} v{}", v.version))
        })
        .collect())
}

/// Tallies of a period, keyed by what the rows were grouped by (unit or counter id), and the
/// questionnaire versions that were answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallies {
    pub by_key: BTreeMap<i32, Tally>,
    pub versions: BTreeSet<i32>,
}

/// How rows are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// By the unit the responses belong to (the service point).
    Unit,
    /// By counter: always read from the daily tallies.
    Counter,
    /// By month (`yyyymm`), over all the units given.
    Month,
}

/// The biggest `IN (…)` list sent at once: far below SQLite's and PostgreSQL's limits.
const IDS_PER_QUERY: usize = 5000;

/// Sums answers and respondents of `units` over `period`.
pub async fn tallies<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    period: &Period,
    grouping: Grouping,
    catalog: &HashMap<i32, QuestionInfo>,
) -> Result<Tallies> {
    // (answers table, respondents table, time column, range)
    let mut sources: Vec<(&str, &str, &str, (i32, i32))> = Vec::new();
    match grouping {
        Grouping::Unit | Grouping::Month => {
            let split = period.split_months();
            if let Some(months) = split.months {
                sources.push(("tally_monthly", "respondents_monthly", "month", months));
            }
            for days in split.days {
                sources.push(("tally_daily", "respondents_daily", "day", days));
            }
        }
        Grouping::Counter => sources.push((
            "tally_daily",
            "respondents_daily",
            "day",
            (period.first().yyyymmdd(), period.last().yyyymmdd()),
        )),
    }
    // By month: the monthly tables are grouped by month, the daily ones by day, which is then
    // folded into its month (`yyyymmdd / 100`).
    let group_of = |time: &str| match (grouping, time) {
        (Grouping::Unit, _) => "unit_id",
        (Grouping::Counter, _) => "counter_id",
        (Grouping::Month, "day") => "day",
        (Grouping::Month, _) => "month",
    };
    let key_of = |time: &str, key: i64| match (grouping, time) {
        (Grouping::Month, "day") => key / 100,
        _ => key,
    };
    let mut result = Tallies::default();
    for chunk in units.chunks(IDS_PER_QUERY) {
        for (answers, respondents, time, range) in &sources {
            let group = group_of(time);
            let rows = sums(
                conn,
                answers,
                &[group, "question_id"],
                POINT_COUNTS,
                chunk,
                time,
                *range,
            )
            .await?;
            for row in rows {
                let [key, question, ref counts @ ..] = row[..] else {
                    continue;
                };
                let Some(info) = i32::try_from(question).ok().and_then(|q| catalog.get(&q)) else {
                    continue;
                };
                let Ok(key) = i32::try_from(key_of(time, key)) else {
                    continue;
                };
                let tally = result.by_key.entry(key).or_default();
                for (point, n) in (1u8..).zip(counts) {
                    if let Ok(n @ 1..) = u64::try_from(*n) {
                        tally.add_answers(&info.key, info.element, info.scale, point, n);
                    }
                }
            }
            let rows = sums(
                conn,
                respondents,
                &[group, "version_id"],
                &["n"],
                chunk,
                time,
                *range,
            )
            .await?;
            for row in rows {
                let [key, version, n] = row[..] else { continue };
                let (Ok(key), Ok(version), Ok(n)) = (
                    i32::try_from(key_of(time, key)),
                    i32::try_from(version),
                    u64::try_from(n),
                ) else {
                    continue;
                };
                result.by_key.entry(key).or_default().respondents += n;
                result.versions.insert(version);
            }
        }
    }
    Ok(result)
}

const POINT_COUNTS: &[&str] = &["n1", "n2", "n3", "n4", "n5"];

/// Respondents of `units` in `period` by ISO weekday and local hour: whole months from the
/// monthly hour tally (kept by weekday), edge days from the daily one.
pub async fn week_hours<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    period: &Period,
) -> Result<WeekHours> {
    let split = period.split_months();
    let mut week = WeekHours::default();
    let small = |v: i64| u8::try_from(v).unwrap_or(u8::MAX);
    for chunk in units.chunks(IDS_PER_QUERY) {
        if let Some(months) = split.months {
            let rows = sums(
                conn,
                "respondents_hour_monthly",
                &["weekday", "hour"],
                &["n"],
                chunk,
                "month",
                months,
            )
            .await?;
            for row in rows {
                if let [weekday, hour, n] = row[..] {
                    week.add(small(weekday), small(hour), u64::try_from(n).unwrap_or(0));
                }
            }
        }
        for days in &split.days {
            let rows = sums(
                conn,
                "respondents_hour_daily",
                &["day", "hour"],
                &["n"],
                chunk,
                "day",
                *days,
            )
            .await?;
            for row in rows {
                let [day, hour, n] = row[..] else { continue };
                let Some(day) = i32::try_from(day).ok().and_then(LocalDay::from_yyyymmdd) else {
                    continue;
                };
                week.add(day.weekday(), small(hour), u64::try_from(n).unwrap_or(0));
            }
        }
    }
    Ok(week)
}

/// `SELECT group…, SUM(count)… FROM table WHERE unit_id IN (…) AND time BETWEEN … GROUP BY
/// group…`, every column read as BIGINT.
async fn sums<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    group: &[&str],
    counts: &[&str],
    units: &[i32],
    time: &str,
    (from, to): (i32, i32),
) -> Result<Vec<Vec<i64>>> {
    let bigint = || Alias::new("BIGINT");
    let mut select = Query::select();
    for column in group {
        select.expr(Func::cast_as(Expr::col(Alias::new(*column)), bigint()));
    }
    for count in counts {
        select.expr(Func::cast_as(
            Func::sum(Expr::col(Alias::new(*count))),
            bigint(),
        ));
    }
    select
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("unit_id")).is_in(units.iter().copied()))
        .and_where(Expr::col(Alias::new(time)).between(from, to));
    for column in group {
        select.group_by_col(Alias::new(*column));
    }
    let rows = conn.query_all(&select).await?;
    let width = group.len() + counts.len();
    rows.iter()
        .map(|row| (0..width).map(|i| row.try_get_by_index::<i64>(i)).collect())
        .collect::<Result<Vec<Vec<i64>>, _>>()
        .map_err(Into::into)
}
