//! A comment added on the thank-you page to the response just given: found by its form key, at
//! its counter, given within [`WINDOW`] and holding no comment yet. The one-tap form has no
//! comment box, so this is where its comment comes from; a comment never replaces another. Only
//! a phone's response takes one: a kiosk offers none (the next person is waiting).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use time::{Duration, OffsetDateTime};

use super::entities::response;
use super::responses::Channel;
use super::{Db, Result};

/// How long after a response its comment may still be added.
pub const WINDOW: Duration = Duration::minutes(30);

/// Whether the response given with this key may still take a comment.
pub async fn open(db: &Db, counter_id: i32, key: &str, now: OffsetDateTime) -> Result<bool> {
    let found: Option<(Option<String>, OffsetDateTime)> = response::Entity::find()
        .select_only()
        .column(response::Column::Comment)
        .column(response::Column::SubmittedAt)
        .filter(response::Column::IdempotencyKey.eq(key))
        .filter(response::Column::CounterId.eq(counter_id))
        .filter(response::Column::Channel.eq(Channel::Qr.code()))
        .into_tuple()
        .one(&db.reader)
        .await?;
    Ok(found.is_some_and(|(comment, at)| comment.is_none() && now - at <= WINDOW))
}

/// Adds the comment; `false` when there is no such response, it has a comment already, or it is
/// older than [`WINDOW`]. One statement, so two sends at once store one comment.
pub async fn add(
    db: &Db,
    counter_id: i32,
    key: &str,
    comment: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    let since = (now - WINDOW).to_offset(time::UtcOffset::UTC);
    let updated = response::Entity::update_many()
        .col_expr(
            response::Column::Comment,
            sea_orm::sea_query::Expr::value(comment),
        )
        .filter(response::Column::IdempotencyKey.eq(key))
        .filter(response::Column::CounterId.eq(counter_id))
        .filter(response::Column::Channel.eq(Channel::Qr.code()))
        .filter(response::Column::Comment.is_null())
        .filter(response::Column::SubmittedAt.gte(since))
        .exec(&db.writer)
        .await?;
    Ok(updated.rows_affected == 1)
}
