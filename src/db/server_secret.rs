//! Secrets that every instance must share, kept in the database: made by whichever instance
//! needs one first, then read by all.

use sea_orm::{ActiveValue::Set, EntityTrait};

use super::entities::server_secret;
use super::{Db, Result};

/// The name of the secret that signs survey form keys (see `domain::form_key`).
const FORM_KEYS: &str = "form_keys";

/// The form-key signing secret: 32 random bytes, made on first use.
pub async fn form_keys(db: &Db) -> Result<Vec<u8>> {
    let hex = shared(db, FORM_KEYS).await?;
    Ok((0..hex.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect())
}

/// The secret named `name`, as hex; made now if no instance has made it yet.
async fn shared(db: &Db, name: &str) -> Result<String> {
    if let Some(found) = server_secret::Entity::find_by_id(name)
        .one(&db.writer)
        .await?
    {
        return Ok(found.value);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let value: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    // Two instances starting together: the first one's secret stays, and both read it back.
    let inserted = server_secret::Entity::insert(server_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(value),
    })
    .on_conflict_do_nothing_on([server_secret::Column::Name])
    .exec(&db.writer)
    .await;
    match inserted {
        Ok(_) | Err(sea_orm::DbErr::RecordNotInserted) => {}
        Err(err) => return Err(err.into()),
    }
    let found = server_secret::Entity::find_by_id(name)
        .one(&db.writer)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound(format!("server secret {name}")))?;
    Ok(found.value)
}
