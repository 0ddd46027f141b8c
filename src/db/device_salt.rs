//! The salt of device hashes, one per local day, held in the database so that every instance
//! hashes alike. Salts of earlier days are deleted as soon as a new day's salt is made: once
//! gone, a stored hash can no longer be linked to a device.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::entities::device_salt;
use super::{Db, Result};

/// The salt of local day `day` (yyyymmdd), made on first use.
pub async fn for_day(db: &Db, day: i32) -> Result<String> {
    if let Some(found) = device_salt::Entity::find_by_id(day).one(&db.writer).await? {
        return Ok(found.salt);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let salt: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    // Another instance may make the day's salt at the same moment: the first one stays.
    device_salt::Entity::insert(device_salt::ActiveModel {
        day: sea_orm::ActiveValue::Set(day),
        salt: sea_orm::ActiveValue::Set(salt),
    })
    .on_conflict_do_nothing_on([device_salt::Column::Day])
    .exec(&db.writer)
    .await?;
    db.writer
        .execute_unprepared(&format!("DELETE FROM device_salt WHERE day < {day}"))
        .await?;
    let found = device_salt::Entity::find_by_id(day)
        .one(&db.writer)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound(format!("device salt of {day}")))?;
    Ok(found.salt)
}
