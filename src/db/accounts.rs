//! Accounts, sessions, the login throttle and the audit log.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;

use super::entities::{account, audit_event, login_throttle, session, unit};
use super::{Db, Error, Result, is_unique_violation, units};
use crate::domain::UnitCode;
use crate::domain::account::{Account, Role, Scope, Username};
use crate::domain::invalid::Invalid;

pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    Ok(account::Entity::find().count(conn).await?)
}

/// The id of the unit at the root of a scope: required for managers and viewers, none for
/// admins (who see everything).
pub(super) async fn scope_unit_id<C: ConnectionTrait>(
    conn: &C,
    role: Role,
    unit: Option<&UnitCode>,
) -> Result<Option<i32>> {
    match unit {
        Some(code) => Ok(Some(
            units::find_by_code(conn, code)
                .await?
                .ok_or_else(|| {
                    Error::NotFound(Invalid::new(
                        format!("không có đơn vị mã «{code}»"),
                        format!("no unit with code {code}"),
                    ))
                })?
                .id,
        )),
        None if role == Role::Admin => Ok(None),
        None => Err(Error::NotFound(Invalid::new(
            "tài khoản manager/viewer cần một đơn vị",
            "a manager or viewer needs a unit",
        ))),
    }
}

/// The actor named in the audit log for changes made by the command line.
pub const COMMAND_LINE: &str = "sipas (command line)";

/// Creates an account; `unit` is the root of its scope (required unless admin). Audited as done
/// by `actor`, in one transaction.
pub async fn create(
    db: &Db,
    username: &Username,
    password_hash: &str,
    role: Role,
    unit: Option<&UnitCode>,
    actor: &str,
) -> Result<Account> {
    let txn = db.writer.begin().await?;
    let unit_id = scope_unit_id(&txn, role, unit).await?;
    let inserted = account::ActiveModel {
        username: Set(username.as_str().to_owned()),
        password_hash: Set(password_hash.to_owned()),
        role: Set(role.code().to_owned()),
        unit_id: Set(unit_id),
        active: Set(true),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            Error::Conflict(Invalid::new(
                format!("tên đăng nhập «{username}» đã có"),
                format!("the username {username} is taken"),
            ))
        } else {
            err.into()
        }
    })?;
    let account = to_domain(&txn, inserted).await?;
    let detail = Some(role.code().to_owned());
    audit(&txn, actor, "account created", username.as_str(), detail).await?;
    txn.commit().await?;
    Ok(account)
}

async fn to_domain<C: ConnectionTrait>(conn: &C, model: account::Model) -> Result<Account> {
    let role = Role::parse(&model.role).map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    Ok(Account {
        id: model.id,
        username: model.username,
        role,
        scope: scope_of(conn, model.unit_id).await?,
    })
}

/// The scope rooted at a unit, if any.
pub(super) async fn scope_of<C: ConnectionTrait>(
    conn: &C,
    unit_id: Option<i32>,
) -> Result<Option<Scope>> {
    Ok(match unit_id {
        Some(id) => unit::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|u| Scope {
                unit_id: u.id,
                unit_code: u.code,
                unit_name: u.name,
                path: u.path,
            }),
        None => None,
    })
}

/// An active account by name, with its password hash.
pub async fn find_for_login<C: ConnectionTrait>(
    conn: &C,
    username: &Username,
) -> Result<Option<(Account, String)>> {
    let found = account::Entity::find()
        .filter(account::Column::Username.eq(username.as_str()))
        .filter(account::Column::Active.eq(true))
        .one(conn)
        .await?;
    match found {
        Some(model) => {
            let hash = model.password_hash.clone();
            Ok(Some((to_domain(conn, model).await?, hash)))
        }
        None => Ok(None),
    }
}

/// A new session for `account`, with the sign-in audited (from `address`), in one transaction.
pub async fn create_session(
    db: &Db,
    account: &Account,
    token_hash: &str,
    csrf_token: &str,
    expires_at: OffsetDateTime,
    address: &str,
) -> Result<()> {
    let txn = db.writer.begin().await?;
    session::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        account_id: Set(account.id),
        csrf_token: Set(csrf_token.to_owned()),
        created_at: Set(OffsetDateTime::now_utc()),
        expires_at: Set(expires_at),
    }
    .insert(&txn)
    .await?;
    let detail = format!("address {address}");
    audit(&txn, &account.username, "login", &detail, None).await?;
    txn.commit().await?;
    Ok(())
}

/// The account of a live session and the session's CSRF token.
pub async fn session_account<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<(Account, String)>> {
    let Some(found) = session::Entity::find_by_id(token_hash.to_owned())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let account = account::Entity::find_by_id(found.account_id)
        .filter(account::Column::Active.eq(true))
        .one(conn)
        .await?;
    match account {
        Some(model) => Ok(Some((to_domain(conn, model).await?, found.csrf_token))),
        None => Ok(None),
    }
}

/// Ends a session (signing out), audited as done by `actor`, in one transaction.
pub async fn delete_session(db: &Db, token_hash: &str, actor: &str) -> Result<()> {
    let txn = db.writer.begin().await?;
    session::Entity::delete_by_id(token_hash.to_owned())
        .exec(&txn)
        .await?;
    audit(&txn, actor, "logout", "", None).await?;
    txn.commit().await?;
    Ok(())
}

/// Counts one sign-in attempt under `key` and returns the attempts in its window, this one
/// included; a window that started at or before `since` starts again at one. One statement, so
/// that concurrent attempts each get their own number: the caller checks a password only when
/// the number is within its limit, and no burst of parallel attempts gets past it.
pub async fn take_attempt(
    db: &Db,
    key: &str,
    now: OffsetDateTime,
    since: OffsetDateTime,
) -> Result<i32> {
    use login_throttle::Column;
    use sea_orm::DbErr;
    use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
    let stale = || Expr::col((login_throttle::Entity, Column::WindowStart)).lte(since);
    let upsert = Query::insert()
        .into_table(login_throttle::Entity)
        .columns([Column::Key, Column::WindowStart, Column::Failures])
        .values([key.into(), now.into(), 1.into()])
        .map_err(|err| DbErr::Custom(err.to_string()))?
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(
                    Column::Failures,
                    Expr::case(stale(), 1)
                        .finally(Expr::col((login_throttle::Entity, Column::Failures)).add(1)),
                )
                .value(
                    Column::WindowStart,
                    Expr::case(stale(), now)
                        .finally(Expr::col((login_throttle::Entity, Column::WindowStart))),
                )
                .to_owned(),
        )
        .returning_col(Column::Failures)
        .to_owned();
    let backend = db.writer.get_database_backend();
    let row = db
        .writer
        .query_one_raw(backend.build(&upsert))
        .await?
        .ok_or_else(|| DbErr::Custom("the throttle's upsert returned no row".into()))?;
    Ok(row.try_get::<i32>("", "failures")?)
}

/// Takes back one attempt under `key` (a sign-in that succeeded does not count against its
/// address: an office signs in many times a day through one address).
pub async fn forgive_attempt(db: &Db, key: &str) -> Result<()> {
    use login_throttle::Column;
    use sea_orm::sea_query::{Expr, ExprTrait};
    login_throttle::Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gt(0))
        .exec(&db.writer)
        .await?;
    Ok(())
}

pub async fn clear_failures(db: &Db, key: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(&db.writer)
        .await?;
    Ok(())
}

/// Writes one line of the audit log.
pub(crate) async fn audit<C: ConnectionTrait>(
    conn: &C,
    actor: &str,
    action: &str,
    target: &str,
    detail: Option<String>,
) -> Result<()> {
    audit_event::ActiveModel {
        at: Set(OffsetDateTime::now_utc()),
        actor: Set(actor.to_owned()),
        action: Set(action.to_owned()),
        target: Set(target.to_owned()),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLine {
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: Option<String>,
}

/// Which lines of the audit log to read: all of them by default.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    /// From this instant (inclusive) …
    pub from: Option<OffsetDateTime>,
    /// … to this one (exclusive).
    pub until: Option<OffsetDateTime>,
}

/// The newest `limit` lines of the audit log that match `filter`.
pub async fn audit_log<C: ConnectionTrait>(
    conn: &C,
    filter: &AuditFilter,
    limit: u64,
) -> Result<Vec<AuditLine>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let mut query = audit_event::Entity::find();
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_event::Column::Actor.eq(actor.as_str()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_event::Column::At.lt(until));
    }
    Ok(query
        .order_by_desc(audit_event::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| AuditLine {
            at: e.at,
            actor: e.actor,
            action: e.action,
            target: e.target,
            detail: e.detail,
        })
        .collect())
}

/// Everyone who appears in the audit log, by name.
pub async fn audit_actors<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>> {
    use sea_orm::{QueryOrder, QuerySelect};
    Ok(audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Actor)
        .distinct()
        .order_by_asc(audit_event::Column::Actor)
        .into_tuple()
        .all(conn)
        .await?)
}

/// An account as the users page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLine {
    pub username: String,
    pub role: String,
    pub unit: Option<String>,
    pub active: bool,
}

pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<AccountLine>> {
    use sea_orm::QueryOrder;
    let accounts = account::Entity::find()
        .order_by_asc(account::Column::Username)
        .all(conn)
        .await?;
    let mut lines = Vec::with_capacity(accounts.len());
    for a in accounts {
        let unit = match a.unit_id {
            Some(id) => unit::Entity::find_by_id(id)
                .one(conn)
                .await?
                .map(|u| format!("{} – {}", u.code, u.name)),
            None => None,
        };
        lines.push(AccountLine {
            username: a.username,
            role: a.role,
            unit,
            active: a.active,
        });
    }
    Ok(lines)
}

fn no_account(username: &Username) -> Error {
    let username = username.as_str();
    Error::NotFound(Invalid::new(
        format!("không có tài khoản «{username}»"),
        format!("no account {username}"),
    ))
}

/// Gives an account a new username; its password, role, scope and sessions stay. Audited as
/// done by `actor`, in one transaction.
pub async fn rename(db: &Db, from: &Username, to: &Username, actor: &str) -> Result<()> {
    let txn = db.writer.begin().await?;
    let changed = account::Entity::update_many()
        .col_expr(account::Column::Username, Expr::value(to.as_str()))
        .filter(account::Column::Username.eq(from.as_str()))
        .exec(&txn)
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                let name = to.as_str();
                Error::Conflict(Invalid::new(
                    format!("tên đăng nhập «{name}» đã có"),
                    format!("the username {name} is taken"),
                ))
            } else {
                err.into()
            }
        })?;
    if changed.rows_affected == 0 {
        return Err(no_account(from));
    }
    let detail = Some(format!("to {}", to.as_str()));
    audit(&txn, actor, "account renamed", from.as_str(), detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Switches an account off (it can no longer sign in, and its open sessions end at once) or on.
/// Audited as done by `actor`, in one transaction.
pub async fn set_active(db: &Db, username: &Username, active: bool, actor: &str) -> Result<()> {
    let txn = db.writer.begin().await?;
    let found = account::Entity::find()
        .filter(account::Column::Username.eq(username.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(|| no_account(username))?;
    account::Entity::update_many()
        .col_expr(account::Column::Active, Expr::value(active))
        .filter(account::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    if !active {
        session::Entity::delete_many()
            .filter(session::Column::AccountId.eq(found.id))
            .exec(&txn)
            .await?;
    }
    let action = if active {
        "account switched on"
    } else {
        "account switched off"
    };
    audit(&txn, actor, action, username.as_str(), None).await?;
    txn.commit().await?;
    Ok(())
}
