//! Keeping the tallies: what one counted response adds to each of them. A response adds its
//! counts when it is stored as counted and when it is restored; it takes them away when it is
//! excluded. Always inside the caller's transaction, so tallies never disagree with statuses.

use sea_orm::{
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
    upsert::<tally_daily::Entity>(conn, sums.daily).await?;
    upsert::<tally_monthly::Entity>(conn, sums.monthly).await?;
    upsert::<respondents_daily::Entity>(conn, sums.respondents_daily).await?;
    upsert::<respondents_monthly::Entity>(conn, sums.respondents_monthly).await?;
    upsert::<respondents_hour_daily::Entity>(conn, sums.hour_daily).await?;
    upsert::<respondents_hour_monthly::Entity>(conn, sums.hour_monthly).await?;
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

/// A tally table: rows keyed by `Key` whose counts add up. A new tally is an impl of this, a
/// field of [`Sums`] and one line of [`add_many`].
trait TallyTable: EntityTrait + Default {
    type Key;
    /// `[i64; 5]` (answers at points 1…5) or `i64` (respondents).
    type Counts;
    fn key() -> Vec<Self::Column>;
    fn counts() -> Vec<Self::Column>;
    fn row(key: Self::Key, counts: Self::Counts) -> Self::ActiveModel;
}

impl TallyTable for tally_daily::Entity {
    type Key = (i32, i32, i32, i32);
    type Counts = [i64; 5];
    fn key() -> Vec<tally_daily::Column> {
        use tally_daily::Column::*;
        vec![Day, UnitId, CounterId, QuestionId]
    }
    fn counts() -> Vec<tally_daily::Column> {
        use tally_daily::Column::*;
        vec![N1, N2, N3, N4, N5]
    }
    fn row((day, unit_id, counter_id, question_id): Self::Key, n: [i64; 5]) -> Self::ActiveModel {
        let [n1, n2, n3, n4, n5] = n.map(Set);
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
    }
}

impl TallyTable for tally_monthly::Entity {
    type Key = (i32, i32, i32);
    type Counts = [i64; 5];
    fn key() -> Vec<tally_monthly::Column> {
        use tally_monthly::Column::*;
        vec![UnitId, Month, QuestionId]
    }
    fn counts() -> Vec<tally_monthly::Column> {
        use tally_monthly::Column::*;
        vec![N1, N2, N3, N4, N5]
    }
    fn row((unit_id, month, question_id): Self::Key, n: [i64; 5]) -> Self::ActiveModel {
        let [n1, n2, n3, n4, n5] = n.map(Set);
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
    }
}

impl TallyTable for respondents_daily::Entity {
    type Key = (i32, i32, i32, i32);
    type Counts = i64;
    fn key() -> Vec<respondents_daily::Column> {
        use respondents_daily::Column::*;
        vec![UnitId, Day, CounterId, VersionId]
    }
    fn counts() -> Vec<respondents_daily::Column> {
        vec![respondents_daily::Column::N]
    }
    fn row((unit_id, day, counter_id, version_id): Self::Key, n: i64) -> Self::ActiveModel {
        respondents_daily::ActiveModel {
            unit_id: Set(unit_id),
            day: Set(day),
            counter_id: Set(counter_id),
            version_id: Set(version_id),
            n: Set(n),
        }
    }
}

impl TallyTable for respondents_monthly::Entity {
    type Key = (i32, i32, i32);
    type Counts = i64;
    fn key() -> Vec<respondents_monthly::Column> {
        use respondents_monthly::Column::*;
        vec![UnitId, Month, VersionId]
    }
    fn counts() -> Vec<respondents_monthly::Column> {
        vec![respondents_monthly::Column::N]
    }
    fn row((unit_id, month, version_id): Self::Key, n: i64) -> Self::ActiveModel {
        respondents_monthly::ActiveModel {
            unit_id: Set(unit_id),
            month: Set(month),
            version_id: Set(version_id),
            n: Set(n),
        }
    }
}

impl TallyTable for respondents_hour_daily::Entity {
    type Key = (i32, i32, i16);
    type Counts = i64;
    fn key() -> Vec<respondents_hour_daily::Column> {
        use respondents_hour_daily::Column::*;
        vec![UnitId, Day, Hour]
    }
    fn counts() -> Vec<respondents_hour_daily::Column> {
        vec![respondents_hour_daily::Column::N]
    }
    fn row((unit_id, day, hour): Self::Key, n: i64) -> Self::ActiveModel {
        respondents_hour_daily::ActiveModel {
            unit_id: Set(unit_id),
            day: Set(day),
            hour: Set(hour),
            n: Set(n),
        }
    }
}

impl TallyTable for respondents_hour_monthly::Entity {
    type Key = (i32, i32, i16, i16);
    type Counts = i64;
    fn key() -> Vec<respondents_hour_monthly::Column> {
        use respondents_hour_monthly::Column::*;
        vec![UnitId, Month, Weekday, Hour]
    }
    fn counts() -> Vec<respondents_hour_monthly::Column> {
        vec![respondents_hour_monthly::Column::N]
    }
    fn row((unit_id, month, weekday, hour): Self::Key, n: i64) -> Self::ActiveModel {
        respondents_hour_monthly::ActiveModel {
            unit_id: Set(unit_id),
            month: Set(month),
            weekday: Set(weekday),
            hour: Set(hour),
            n: Set(n),
        }
    }
}

/// Inserts count rows, or adds their counts to the rows already there: the tallies' upsert.
async fn upsert<T: TallyTable>(
    conn: &impl ConnectionTrait,
    sums: BTreeMap<T::Key, T::Counts>,
) -> Result<(), DbErr> {
    if sums.is_empty() {
        return Ok(());
    }
    let mut on_conflict = OnConflict::columns(T::key());
    for count in T::counts() {
        // Qualified names: PostgreSQL finds a bare column ambiguous beside `excluded`.
        on_conflict.value(
            count,
            Expr::col((T::default(), count)).add(Expr::col((Alias::new("excluded"), count))),
        );
    }
    let rows = sums.into_iter().map(|(key, counts)| T::row(key, counts));
    T::insert_many(rows)
        .on_conflict(on_conflict.to_owned())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
