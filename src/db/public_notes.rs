//! "Ý kiến của người dân – việc chúng tôi đã làm": a unit's note to citizens on a period, shown
//! on its public results page. Written by its managers; an empty text removes it. Audited.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use time::OffsetDateTime;

use super::entities::public_note;
use super::{Db, Result, accounts};

/// The longest note: a few paragraphs.
pub const MAX_CHARS: usize = 2000;

pub async fn get(db: &Db, unit_id: i32, period: &str) -> Result<Option<String>> {
    Ok(public_note::Entity::find()
        .filter(public_note::Column::UnitId.eq(unit_id))
        .filter(public_note::Column::Period.eq(period))
        .one(&db.reader)
        .await?
        .map(|n| n.text))
}

/// Writes (or with `None`, removes) the note of the unit's period.
pub async fn set(
    db: &Db,
    unit_id: i32,
    unit_code: &str,
    period: &str,
    text: Option<&str>,
    actor: &str,
    at: OffsetDateTime,
) -> Result<()> {
    let txn = db.writer.begin().await?;
    public_note::Entity::delete_many()
        .filter(public_note::Column::UnitId.eq(unit_id))
        .filter(public_note::Column::Period.eq(period))
        .exec(&txn)
        .await?;
    if let Some(text) = text {
        public_note::ActiveModel {
            unit_id: Set(unit_id),
            period: Set(period.to_owned()),
            text: Set(text.to_owned()),
            written_by: Set(actor.to_owned()),
            written_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let target = format!("{unit_code} {period}");
    accounts::audit(
        &txn,
        actor,
        "public note set",
        &target,
        text.map(str::to_owned),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
