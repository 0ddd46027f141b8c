//! Comments of counted responses, newest first, each with the answers given with it: for the
//! dashboard's latest comments and the comments page, filtered by counter and period, and
//! (by the caller, who knows the scales) to the negative ones.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use time::OffsetDateTime;

use super::Result;
use super::entities::response;
use super::moderation::Status;

/// A comment as staff see it, with the answers of its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub submitted_at: OffsetDateTime,
    pub counter_id: i32,
    pub text: String,
    /// (question id, value).
    pub answers: Vec<(i32, u8)>,
}

/// Which comments to read.
#[derive(Clone, Debug)]
pub struct CommentFilter<'a> {
    pub units: &'a [i32],
    /// Local days `[first, last]`, yyyymmdd.
    pub days: (i32, i32),
    pub counter: Option<i32>,
    /// Only responses older than this id (the next page).
    pub before: Option<i64>,
}

/// Up to `limit` comments matching `filter`, newest first.
pub async fn comments<C: ConnectionTrait>(
    conn: &C,
    filter: &CommentFilter<'_>,
    limit: u64,
) -> Result<Vec<Comment>> {
    let mut found = Vec::new();
    for chunk in filter.units.chunks(5000) {
        let mut query = response::Entity::find()
            .filter(response::Column::UnitId.is_in(chunk.iter().copied()))
            .filter(response::Column::LocalDay.between(filter.days.0, filter.days.1))
            .filter(response::Column::Status.eq(Status::Counted.code()))
            .filter(response::Column::Comment.is_not_null());
        if let Some(counter) = filter.counter {
            query = query.filter(response::Column::CounterId.eq(counter));
        }
        if let Some(before) = filter.before {
            query = query.filter(response::Column::Id.lt(before));
        }
        let rows = query
            .order_by_desc(response::Column::Id)
            .limit(limit)
            .all(conn)
            .await?;
        found.extend(rows.into_iter().filter_map(|r| {
            Some(Comment {
                id: r.id,
                submitted_at: r.submitted_at,
                counter_id: r.counter_id,
                text: r.comment?,
                answers: super::answer_list::decode(&r.answers),
            })
        }));
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.id));
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(found)
}
