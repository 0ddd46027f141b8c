//! A unit's hotline and poster header (see `domain::unit_contact`).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr};

use super::entities::unit;
use super::{Db, Result, accounts};
use crate::domain::unit_contact::UnitContact;

pub async fn get(db: &Db, unit_id: i32) -> Result<UnitContact> {
    let found = unit::Entity::find_by_id(unit_id).one(&db.reader).await?;
    Ok(found.map_or_else(UnitContact::default, |u| UnitContact {
        hotline: u.hotline,
        poster_header: u.poster_header,
        public_results: u.public_results,
    }))
}

/// Sets both, audited as done by `actor`, in one transaction.
pub async fn set(
    db: &Db,
    unit_id: i32,
    unit_code: &str,
    contact: &UnitContact,
    actor: &str,
) -> Result<()> {
    let txn = db.writer.begin().await?;
    unit::Entity::update_many()
        .col_expr(unit::Column::Hotline, Expr::value(contact.hotline.clone()))
        .col_expr(
            unit::Column::PosterHeader,
            Expr::value(contact.poster_header.clone()),
        )
        .col_expr(
            unit::Column::PublicResults,
            Expr::value(contact.public_results),
        )
        .filter(unit::Column::Id.eq(unit_id))
        .exec(&txn)
        .await?;
    let detail = format!(
        "{} | {} | {}",
        contact.hotline.as_deref().unwrap_or("-"),
        contact.poster_header.as_deref().unwrap_or("-"),
        if contact.public_results {
            "public results"
        } else {
            "no public results"
        }
    );
    accounts::audit(&txn, actor, "unit contact set", unit_code, Some(detail)).await?;
    txn.commit().await?;
    // The survey cache holds the hotline with each counter.
    db.note_change();
    Ok(())
}
