//! What each counter received lately: responses today and this month, and the time of its last
//! response, whatever their status (a flagged response still shows the poster works). Read
//! through the index on (counter, time): the counts over the month so far, summed by the
//! database; the last time by one look-up per counter.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use super::Result;
use super::entities::response;
use crate::domain::local_day::VIETNAM;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    pub today: u64,
    pub this_month: u64,
    pub last: Option<OffsetDateTime>,
}

/// 00:00 of `day` in Vietnam.
fn midnight(day: Date) -> OffsetDateTime {
    // In UTC, as instants are stored: SQLite compares them as text.
    PrimitiveDateTime::new(day, Time::MIDNIGHT)
        .assume_offset(VIETNAM)
        .to_offset(time::UtcOffset::UTC)
}

/// The activity of each counter of `counters` on `today` (a day in Vietnam).
pub async fn activity<C: ConnectionTrait>(
    conn: &C,
    counters: &[i32],
    today: Date,
) -> Result<HashMap<i32, Activity>> {
    let month_start = midnight(today.replace_day(1).unwrap_or(today));
    let day_start = midnight(today);
    let mut found: HashMap<i32, Activity> = HashMap::new();
    // A type name, not a column: sea-query has no typed name for it.
    let bigint = || Alias::new("BIGINT");
    for chunk in counters.chunks(5000) {
        let today_only = Expr::case(response::Column::SubmittedAt.gte(day_start), 1).finally(0);
        let rows: Vec<(i32, i64, i64)> = response::Entity::find()
            .select_only()
            .column(response::Column::CounterId)
            .expr(Func::cast_as(
                Func::count(Expr::col(response::Column::Id)),
                bigint(),
            ))
            .expr(Func::cast_as(Func::sum(today_only), bigint()))
            .filter(response::Column::CounterId.is_in(chunk.iter().copied()))
            .filter(response::Column::SubmittedAt.gte(month_start))
            .group_by(response::Column::CounterId)
            .into_tuple()
            .all(conn)
            .await?;
        for (counter, month, today) in rows {
            let entry = found.entry(counter).or_default();
            entry.this_month = u64::try_from(month).unwrap_or(0);
            entry.today = u64::try_from(today).unwrap_or(0);
        }
    }
    for &counter in counters {
        let last: Option<OffsetDateTime> = response::Entity::find()
            .select_only()
            .expr(Func::max(Expr::col(response::Column::SubmittedAt)))
            .filter(response::Column::CounterId.eq(counter))
            .into_tuple::<Option<OffsetDateTime>>()
            .one(conn)
            .await?
            .flatten();
        if last.is_some() {
            found.entry(counter).or_default().last = last;
        }
    }
    Ok(found)
}
