//! API tokens: bearer secrets for machines, scoped like accounts. Only the SHA-256 digest of a
//! token is stored; the token itself is shown once, when it is made.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use time::OffsetDateTime;

use super::accounts::{scope_of, scope_unit_id};
use super::entities::api_token;
use super::{Db, Result};
use crate::domain::UnitCode;
use crate::domain::account::{Account, Role};

/// Stores a token's digest with its label, role and scope; returns its id. Audited as done by
/// `actor`, in one transaction.
pub async fn create(
    db: &Db,
    token_hash: &str,
    label: &str,
    role: Role,
    unit: Option<&UnitCode>,
    actor: &str,
) -> Result<i32> {
    use sea_orm::TransactionTrait;
    let txn = db.writer.begin().await?;
    let unit_id = scope_unit_id(&txn, role, unit).await?;
    let inserted = api_token::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        label: Set(label.to_owned()),
        role: Set(role.code().to_owned()),
        unit_id: Set(unit_id),
        created_at: Set(OffsetDateTime::now_utc()),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::accounts::audit(
        &txn,
        actor,
        "api token added",
        &format!("token {} ({label})", inserted.id),
        Some(role.code().to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(inserted.id)
}

/// The client a live (not revoked) token speaks for, as an account named `token:LABEL`.
pub async fn client<C: ConnectionTrait>(conn: &C, token_hash: &str) -> Result<Option<Account>> {
    let Some(found) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let role = Role::parse(&found.role).map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    Ok(Some(Account {
        id: found.id,
        username: format!("token:{}", found.label),
        role,
        scope: scope_of(conn, found.unit_id).await?,
    }))
}
