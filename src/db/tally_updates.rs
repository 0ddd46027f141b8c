//! Keeping the tallies: what one counted response adds to each of them. A response adds its
//! counts when it is stored as counted and when it is restored; it takes them away when it is
//! excluded. Always inside the caller's transaction, so tallies never disagree with statuses.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ConnectionTrait, DbErr, EntityTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};
use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::entities::{
    respondents_daily, respondents_hour_daily, respondents_hour_monthly, respondents_monthly,
    tally_daily, tally_monthly,
};
use crate::domain::LocalDay;
use crate::domain::local_day::local_hour;

/// What the tallies know of a response.
pub struct Counted<'a> {
    pub unit_id: i32,
    pub counter_id: i32,
    pub version_id: i32,
    pub submitted_at: OffsetDateTime,
    /// (question id, value).
    pub answers: &'a [(i32, u8)],
}

/// Adds `sign` (1 or -1) times the response's counts to every tally: answers per day and
/// counter and per month and service point, respondents likewise, and respondents by hour.
pub async fn add<C: ConnectionTrait>(
    conn: &C,
    counted: &Counted<'_>,
    sign: i64,
) -> Result<(), DbErr> {
    add_many(conn, std::slice::from_ref(counted), sign).await
}

/// [`add`] for many responses at once (a group commit): their counts are summed per tally row
/// first, so each tally takes one statement whatever the number of responses.
pub async fn add_many<C: ConnectionTrait>(
    conn: &C,
    responses: &[Counted<'_>],
    sign: i64,
) -> Result<(), DbErr> {
    if responses.is_empty() {
        return Ok(());
    }
    let mut sums = Sums::default();
    for counted in responses {
        sums.add(counted, sign);
    }
    let points = |n: [i64; 5]| n.map(Set);
    add_counts(
        conn,
        sums.daily
            .into_iter()
            .map(|((day, unit_id, counter_id, question_id), n)| {
                let [n1, n2, n3, n4, n5] = points(n);
                tally_daily::ActiveModel {
                    day: Set(day),
                    unit_id: Set(unit_id),
                    counter_id: Set(counter_id),
                    question_id: Set(question_id),
                    n1,
                    n2,
                    n3,
                    n4,
                    n5,
                }
            }),
        [
            tally_daily::Column::Day,
            tally_daily::Column::UnitId,
            tally_daily::Column::CounterId,
            tally_daily::Column::QuestionId,
        ],
        [
            tally_daily::Column::N1,
            tally_daily::Column::N2,
            tally_daily::Column::N3,
            tally_daily::Column::N4,
            tally_daily::Column::N5,
        ],
    )
    .await?;
    add_counts(
        conn,
        sums.monthly
            .into_iter()
            .map(|((unit_id, month, question_id), n)| {
                let [n1, n2, n3, n4, n5] = points(n);
                tally_monthly::ActiveModel {
                    unit_id: Set(unit_id),
                    month: Set(month),
                    question_id: Set(question_id),
                    n1,
                    n2,
                    n3,
                    n4,
                    n5,
                }
            }),
        [
            tally_monthly::Column::UnitId,
            tally_monthly::Column::Month,
            tally_monthly::Column::QuestionId,
        ],
        [
            tally_monthly::Column::N1,
            tally_monthly::Column::N2,
            tally_monthly::Column::N3,
            tally_monthly::Column::N4,
            tally_monthly::Column::N5,
        ],
    )
    .await?;
    add_counts(
        conn,
        sums.respondents_daily
            .into_iter()
            .map(
                |((unit_id, day, counter_id, version_id), n)| respondents_daily::ActiveModel {
                    unit_id: Set(unit_id),
                    day: Set(day),
                    counter_id: Set(counter_id),
                    version_id: Set(version_id),
                    n: Set(n),
                },
            ),
        [
            respondents_daily::Column::UnitId,
            respondents_daily::Column::Day,
            respondents_daily::Column::CounterId,
            respondents_daily::Column::VersionId,
        ],
        [respondents_daily::Column::N],
    )
    .await?;
    add_counts(
        conn,
        sums.respondents_monthly
            .into_iter()
            .map(
                |((unit_id, month, version_id), n)| respondents_monthly::ActiveModel {
                    unit_id: Set(unit_id),
                    month: Set(month),
                    version_id: Set(version_id),
                    n: Set(n),
                },
            ),
        [
            respondents_monthly::Column::UnitId,
            respondents_monthly::Column::Month,
            respondents_monthly::Column::VersionId,
        ],
        [respondents_monthly::Column::N],
    )
    .await?;
    add_counts(
        conn,
        sums.hour_daily
            .into_iter()
            .map(
                |((unit_id, day, hour), n)| respondents_hour_daily::ActiveModel {
                    unit_id: Set(unit_id),
                    day: Set(day),
                    hour: Set(hour),
                    n: Set(n),
                },
            ),
        [
            respondents_hour_daily::Column::UnitId,
            respondents_hour_daily::Column::Day,
            respondents_hour_daily::Column::Hour,
        ],
        [respondents_hour_daily::Column::N],
    )
    .await?;
    add_counts(
        conn,
        sums.hour_monthly
            .into_iter()
            .map(
                |((unit_id, month, weekday, hour), n)| respondents_hour_monthly::ActiveModel {
                    unit_id: Set(unit_id),
                    month: Set(month),
                    weekday: Set(weekday),
                    hour: Set(hour),
                    n: Set(n),
                },
            ),
        [
            respondents_hour_monthly::Column::UnitId,
            respondents_hour_monthly::Column::Month,
            respondents_hour_monthly::Column::Weekday,
            respondents_hour_monthly::Column::Hour,
        ],
        [respondents_hour_monthly::Column::N],
    )
    .await?;
    Ok(())
}

/// The increments of every tally row that some response touches, by the row's key. One key
/// appears once: PostgreSQL refuses an upsert that would update the same row twice.
#[derive(Default)]
struct Sums {
    /// (day, unit, counter, question) → counts of points 1…5.
    daily: BTreeMap<(i32, i32, i32, i32), [i64; 5]>,
    /// (unit, month, question) → counts of points 1…5.
    monthly: BTreeMap<(i32, i32, i32), [i64; 5]>,
    /// (unit, day, counter, version) → respondents.
    respondents_daily: BTreeMap<(i32, i32, i32, i32), i64>,
    /// (unit, month, version) → respondents.
    respondents_monthly: BTreeMap<(i32, i32, i32), i64>,
    /// (unit, day, hour) → respondents.
    hour_daily: BTreeMap<(i32, i32, i16), i64>,
    /// (unit, month, weekday, hour) → respondents.
    hour_monthly: BTreeMap<(i32, i32, i16, i16), i64>,
}

impl Sums {
    fn add(&mut self, counted: &Counted<'_>, sign: i64) {
        let local = LocalDay::of(counted.submitted_at);
        let day = local.yyyymmdd();
        let month = day / 100;
        let hour = i16::from(local_hour(counted.submitted_at));
        for (question_id, point) in counted.answers {
            // Points are 1…5 (`ScalePoint`); anything else would count nowhere.
            let Some(at) = usize::from(*point).checked_sub(1).filter(|at| *at < 5) else {
                continue;
            };
            self.daily
                .entry((day, counted.unit_id, counted.counter_id, *question_id))
                .or_default()[at] += sign;
            self.monthly
                .entry((counted.unit_id, month, *question_id))
                .or_default()[at] += sign;
        }
        *self
            .respondents_daily
            .entry((counted.unit_id, day, counted.counter_id, counted.version_id))
            .or_default() += sign;
        *self
            .respondents_monthly
            .entry((counted.unit_id, month, counted.version_id))
            .or_default() += sign;
        *self
            .hour_daily
            .entry((counted.unit_id, day, hour))
            .or_default() += sign;
        *self
            .hour_monthly
            .entry((counted.unit_id, month, i16::from(local.weekday()), hour))
            .or_default() += sign;
    }
}

/// Inserts count rows, or adds their counts to the rows already there: the tallies' upsert.
async fn add_counts<C, E, A>(
    conn: &C,
    rows: impl IntoIterator<Item = A>,
    key: impl IntoIterator<Item = E::Column>,
    counts: impl IntoIterator<Item = E::Column>,
) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    E: EntityTrait + Default,
    A: ActiveModelTrait<Entity = E>,
{
    let mut on_conflict = OnConflict::columns(key);
    for count in counts {
        // Qualified names: PostgreSQL finds a bare column ambiguous beside `excluded`.
        on_conflict.value(
            count,
            Expr::col((E::default(), count)).add(Expr::col((Alias::new("excluded"), count))),
        );
    }
    E::insert_many(rows)
        .on_conflict(on_conflict.to_owned())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
