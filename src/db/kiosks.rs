//! Kiosks: a tablet at a counter, opened at its own address. A counter has at most one kiosk in
//! use; opening a new one withdraws the old one, and withdrawing keeps the row (its address then
//! says it was withdrawn). Every change is audited in its own transaction.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::Expr,
};
use time::OffsetDateTime;

use super::counters::{self, CounterInfo};
use super::entities::kiosk;
use super::{Db, Result, accounts};
use crate::domain::CounterToken;

/// What a kiosk address leads to.
pub enum Found {
    /// In use: the kiosk's id and its counter.
    InUse {
        kiosk_id: i32,
        counter: Box<CounterInfo>,
    },
    /// Withdrawn by staff, or its counter or unit switched off.
    Withdrawn,
    Unknown,
}

pub async fn find(db: &Db, token: &CounterToken) -> Result<Found> {
    let Some(row) = kiosk::Entity::find()
        .filter(kiosk::Column::Token.eq(token.as_str()))
        .one(&db.reader)
        .await?
    else {
        return Ok(Found::Unknown);
    };
    if row.revoked_at.is_some() {
        return Ok(Found::Withdrawn);
    }
    Ok(match counters::get(&db.reader, row.counter_id).await? {
        Some(counter) if counter.active && counter.unit_active => Found::InUse {
            kiosk_id: row.id,
            counter: Box::new(counter),
        },
        _ => Found::Withdrawn,
    })
}

/// Opens a kiosk for the counter with a fresh address, withdrawing the one in use if any.
pub async fn open(
    db: &Db,
    counter: &CounterInfo,
    actor: &str,
    at: OffsetDateTime,
) -> Result<CounterToken> {
    let txn = db.writer.begin().await?;
    withdraw_in(&txn, counter.id, at).await?;
    let token = CounterToken::generate()?;
    kiosk::ActiveModel {
        counter_id: Set(counter.id),
        token: Set(token.as_str().to_owned()),
        created_at: Set(at),
        created_by: Set(actor.to_owned()),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let subject = format!("{} ({})", counter.name, counter.unit_code);
    accounts::audit(&txn, actor, "kiosk opened", &subject, None).await?;
    txn.commit().await?;
    Ok(token)
}

/// Withdraws the counter's kiosk; `false` when it had none in use.
pub async fn withdraw(
    db: &Db,
    counter: &CounterInfo,
    actor: &str,
    at: OffsetDateTime,
) -> Result<bool> {
    let txn = db.writer.begin().await?;
    let withdrawn = withdraw_in(&txn, counter.id, at).await?;
    if withdrawn {
        let subject = format!("{} ({})", counter.name, counter.unit_code);
        accounts::audit(&txn, actor, "kiosk withdrawn", &subject, None).await?;
    }
    txn.commit().await?;
    Ok(withdrawn)
}

async fn withdraw_in(
    txn: &sea_orm::DatabaseTransaction,
    counter_id: i32,
    at: OffsetDateTime,
) -> Result<bool> {
    let updated = kiosk::Entity::update_many()
        .col_expr(kiosk::Column::RevokedAt, Expr::value(Some(at)))
        .filter(kiosk::Column::CounterId.eq(counter_id))
        .filter(kiosk::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(updated.rows_affected > 0)
}

/// The address token of each counter's kiosk in use, for the counters page.
pub async fn in_use(db: &Db, counter_ids: &[i32]) -> Result<HashMap<i32, CounterToken>> {
    let rows = kiosk::Entity::find()
        .filter(kiosk::Column::CounterId.is_in(counter_ids.iter().copied()))
        .filter(kiosk::Column::RevokedAt.is_null())
        .all(&db.reader)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| Some((row.counter_id, CounterToken::parse(&row.token)?)))
        .collect())
}
