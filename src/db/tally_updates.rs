//! Keeping the tallies: what one counted response adds to each of them. A response adds its
//! counts when it is stored as counted and when it is restored; it takes them away when it is
//! excluded. Always inside the caller's transaction, so tallies never disagree with statuses.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ConnectionTrait, DbErr, EntityTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};
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
    let day = LocalDay::of(counted.submitted_at).yyyymmdd();
    let month = day / 100;
    let n = |point: &u8, at: u8| Set(sign * i64::from(*point == at));
    add_counts(
        conn,
        counted
            .answers
            .iter()
            .map(|(question_id, point)| tally_daily::ActiveModel {
                day: Set(day),
                unit_id: Set(counted.unit_id),
                counter_id: Set(counted.counter_id),
                question_id: Set(*question_id),
                n1: n(point, 1),
                n2: n(point, 2),
                n3: n(point, 3),
                n4: n(point, 4),
                n5: n(point, 5),
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
        counted
            .answers
            .iter()
            .map(|(question_id, point)| tally_monthly::ActiveModel {
                unit_id: Set(counted.unit_id),
                month: Set(month),
                question_id: Set(*question_id),
                n1: n(point, 1),
                n2: n(point, 2),
                n3: n(point, 3),
                n4: n(point, 4),
                n5: n(point, 5),
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
        [respondents_daily::ActiveModel {
            unit_id: Set(counted.unit_id),
            day: Set(day),
            counter_id: Set(counted.counter_id),
            version_id: Set(counted.version_id),
            n: Set(sign),
        }],
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
        [respondents_monthly::ActiveModel {
            unit_id: Set(counted.unit_id),
            month: Set(month),
            version_id: Set(counted.version_id),
            n: Set(sign),
        }],
        [
            respondents_monthly::Column::UnitId,
            respondents_monthly::Column::Month,
            respondents_monthly::Column::VersionId,
        ],
        [respondents_monthly::Column::N],
    )
    .await?;
    let hour = i16::from(local_hour(counted.submitted_at));
    add_counts(
        conn,
        [respondents_hour_daily::ActiveModel {
            unit_id: Set(counted.unit_id),
            day: Set(day),
            hour: Set(hour),
            n: Set(sign),
        }],
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
        [respondents_hour_monthly::ActiveModel {
            unit_id: Set(counted.unit_id),
            month: Set(month),
            weekday: Set(i16::from(LocalDay::of(counted.submitted_at).weekday())),
            hour: Set(hour),
            n: Set(sign),
        }],
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
