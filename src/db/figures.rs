//! The raw material of figures: sums over the tally tables for a set of units and a period.
//! Whole months come from the monthly tallies, edge days from the daily ones; raw responses are
//! never read here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::{
    ConnectionTrait, EntityTrait,
    sea_query::{Alias, DynIden, Expr, ExprTrait, Func, IntoIden, Query},
};

use super::Result;
use super::entities::{
    question, questionnaire, questionnaire_version, respondents_daily, respondents_hour_daily,
    respondents_hour_monthly, respondents_monthly, tally_daily, tally_monthly,
};
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

/// The answer and respondent tallies of one time resolution, named through their entities.
struct Source {
    answers: DynIden,
    answers_unit: DynIden,
    points: [DynIden; 5],
    question: DynIden,
    respondents: DynIden,
    respondents_unit: DynIden,
    version: DynIden,
    respondents_n: DynIden,
    /// `day` (yyyymmdd) or `month` (yyyymm), the same name in both tables.
    time: DynIden,
    /// Whether `time` is a day (folded into its month when grouping by month).
    daily: bool,
    /// The range of `time` to read.
    range: (i32, i32),
}

impl Source {
    fn monthly(range: (i32, i32)) -> Source {
        use tally_monthly::Column as T;
        Source {
            answers: tally_monthly::Entity.into_iden(),
            answers_unit: T::UnitId.into_iden(),
            points: [T::N1, T::N2, T::N3, T::N4, T::N5].map(IntoIden::into_iden),
            question: T::QuestionId.into_iden(),
            respondents: respondents_monthly::Entity.into_iden(),
            respondents_unit: respondents_monthly::Column::UnitId.into_iden(),
            version: respondents_monthly::Column::VersionId.into_iden(),
            respondents_n: respondents_monthly::Column::N.into_iden(),
            time: T::Month.into_iden(),
            daily: false,
            range,
        }
    }

    fn daily(range: (i32, i32)) -> Source {
        use tally_daily::Column as T;
        Source {
            answers: tally_daily::Entity.into_iden(),
            answers_unit: T::UnitId.into_iden(),
            points: [T::N1, T::N2, T::N3, T::N4, T::N5].map(IntoIden::into_iden),
            question: T::QuestionId.into_iden(),
            respondents: respondents_daily::Entity.into_iden(),
            respondents_unit: respondents_daily::Column::UnitId.into_iden(),
            version: respondents_daily::Column::VersionId.into_iden(),
            respondents_n: respondents_daily::Column::N.into_iden(),
            time: T::Day.into_iden(),
            daily: true,
            range,
        }
    }

    /// The column rows are grouped by: the unit, the counter (daily tallies only), or the time;
    /// the answer and respondent tables of a source name it alike.
    fn group(&self, grouping: Grouping) -> DynIden {
        match grouping {
            Grouping::Unit => self.answers_unit.clone(),
            Grouping::Counter => tally_daily::Column::CounterId.into_iden(),
            Grouping::Month => self.time.clone(),
        }
    }

    /// A group key as the caller sees it: a day is folded into its month (`yyyymmdd / 100`).
    fn key(&self, grouping: Grouping, key: i64) -> i64 {
        if grouping == Grouping::Month && self.daily {
            key / 100
        } else {
            key
        }
    }
}

/// Sums answers and respondents of `units` over `period`.
pub async fn tallies<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    period: &Period,
    grouping: Grouping,
    catalog: &HashMap<i32, QuestionInfo>,
) -> Result<Tallies> {
    let mut sources = Vec::new();
    match grouping {
        Grouping::Unit | Grouping::Month => {
            let split = period.split_months();
            if let Some(months) = split.months {
                sources.push(Source::monthly(months));
            }
            for days in split.days {
                sources.push(Source::daily(days));
            }
        }
        Grouping::Counter => sources.push(Source::daily((
            period.first().yyyymmdd(),
            period.last().yyyymmdd(),
        ))),
    }
    let mut result = Tallies::default();
    for chunk in units.chunks(IDS_PER_QUERY) {
        for source in &sources {
            let group = source.group(grouping);
            let table = Sums {
                table: source.answers.clone(),
                unit: source.answers_unit.clone(),
                group: vec![group.clone(), source.question.clone()],
                counts: source.points.to_vec(),
                time: source.time.clone(),
            };
            for row in table.read(conn, chunk, source.range).await? {
                let [key, question, ref counts @ ..] = row[..] else {
                    continue;
                };
                let Some(info) = i32::try_from(question).ok().and_then(|q| catalog.get(&q)) else {
                    continue;
                };
                let Ok(key) = i32::try_from(source.key(grouping, key)) else {
                    continue;
                };
                let tally = result.by_key.entry(key).or_default();
                for (point, n) in (1u8..).zip(counts) {
                    if let Ok(n @ 1..) = u64::try_from(*n) {
                        tally.add_answers(&info.key, info.element, info.scale, point, n);
                    }
                }
            }
            let table = Sums {
                table: source.respondents.clone(),
                unit: source.respondents_unit.clone(),
                group: vec![group, source.version.clone()],
                counts: vec![source.respondents_n.clone()],
                time: source.time.clone(),
            };
            for row in table.read(conn, chunk, source.range).await? {
                let [key, version, n] = row[..] else { continue };
                let (Ok(key), Ok(version), Ok(n)) = (
                    i32::try_from(source.key(grouping, key)),
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
            use respondents_hour_monthly::Column as C;
            let table = Sums {
                table: respondents_hour_monthly::Entity.into_iden(),
                unit: C::UnitId.into_iden(),
                group: vec![C::Weekday.into_iden(), C::Hour.into_iden()],
                counts: vec![C::N.into_iden()],
                time: C::Month.into_iden(),
            };
            let rows = table.read(conn, chunk, months).await?;
            for row in rows {
                if let [weekday, hour, n] = row[..] {
                    week.add(small(weekday), small(hour), u64::try_from(n).unwrap_or(0));
                }
            }
        }
        for days in &split.days {
            use respondents_hour_daily::Column as C;
            let table = Sums {
                table: respondents_hour_daily::Entity.into_iden(),
                unit: C::UnitId.into_iden(),
                group: vec![C::Day.into_iden(), C::Hour.into_iden()],
                counts: vec![C::N.into_iden()],
                time: C::Day.into_iden(),
            };
            let rows = table.read(conn, chunk, *days).await?;
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
struct Sums {
    table: DynIden,
    unit: DynIden,
    group: Vec<DynIden>,
    counts: Vec<DynIden>,
    time: DynIden,
}

impl Sums {
    async fn read<C: ConnectionTrait>(
        &self,
        conn: &C,
        units: &[i32],
        (from, to): (i32, i32),
    ) -> Result<Vec<Vec<i64>>> {
        // A type name, not a column: sea-query has no typed name for it.
        let bigint = || Alias::new("BIGINT");
        let mut select = Query::select();
        for column in &self.group {
            select.expr(Func::cast_as(Expr::col(column.clone()), bigint()));
        }
        for count in &self.counts {
            select.expr(Func::cast_as(Func::sum(Expr::col(count.clone())), bigint()));
        }
        select
            .from(self.table.clone())
            .and_where(Expr::col(self.unit.clone()).is_in(units.iter().copied()))
            .and_where(Expr::col(self.time.clone()).between(from, to));
        for column in &self.group {
            select.group_by_col(column.clone());
        }
        let rows = conn.query_all(&select).await?;
        let width = self.group.len() + self.counts.len();
        rows.iter()
            .map(|row| (0..width).map(|i| row.try_get_by_index::<i64>(i)).collect())
            .collect::<Result<Vec<Vec<i64>>, _>>()
            .map_err(Into::into)
    }
}
