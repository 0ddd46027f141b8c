//! The unit tree: create units and find them by code.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;

use super::entities::unit;
use super::{Db, Error, Result, accounts, is_unique_violation};
use crate::domain::invalid::Invalid;
use crate::domain::{Name, Unit, UnitCode, UnitKind};

pub struct NewUnit {
    pub code: UnitCode,
    pub name: Name,
    pub kind: UnitKind,
    pub parent: Option<UnitCode>,
}

/// Creates a unit under its parent, audited as done by `actor`, in one transaction.
pub async fn create(db: &Db, new: &NewUnit, actor: &str) -> Result<Unit> {
    let txn = db.writer.begin().await?;
    let unit = create_in(&txn, new).await?;
    let subject = format!("{} ({})", unit.code, unit.name);
    accounts::audit(&txn, actor, "unit added", &subject, None).await?;
    txn.commit().await?;
    db.note_change();
    Ok(unit)
}

/// Creates a unit inside the caller's transaction: insert, then set the path that needs the id.
pub async fn create_in<C: ConnectionTrait>(conn: &C, new: &NewUnit) -> Result<Unit> {
    let parent = match &new.parent {
        Some(code) => Some(find_by_code(conn, code).await?.ok_or_else(|| {
            Error::NotFound(Invalid::new(
                format!("không có đơn vị cha mã «{code}»"),
                format!("no parent unit with code {code}"),
            ))
        })?),
        None => None,
    };
    let inserted = unit::ActiveModel {
        parent_id: Set(parent.as_ref().map(|p| p.id)),
        code: Set(new.code.as_str().to_owned()),
        name: Set(new.name.as_str().to_owned()),
        kind: Set(new.kind.code().to_owned()),
        path: Set(String::new()),
        active: Set(true),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            Error::Conflict(Invalid::new(
                format!("mã đơn vị «{}» đã có", new.code),
                format!("the unit code {} already exists", new.code),
            ))
        } else {
            err.into()
        }
    })?;
    let path = format!(
        "{}{}/",
        parent.as_ref().map_or("/", |p| p.path.as_str()),
        inserted.id
    );
    unit::Entity::update_many()
        .col_expr(unit::Column::Path, Expr::value(path.clone()))
        .filter(unit::Column::Id.eq(inserted.id))
        .exec(conn)
        .await?;
    Ok(Unit {
        path,
        ..to_domain(inserted)?
    })
}

pub async fn find_by_code<C: ConnectionTrait>(conn: &C, code: &UnitCode) -> Result<Option<Unit>> {
    let found = unit::Entity::find()
        .filter(unit::Column::Code.eq(code.as_str()))
        .one(conn)
        .await?;
    Ok(found.map(to_domain).transpose()?)
}

fn to_domain(model: unit::Model) -> Result<Unit, DbErr> {
    let kind = UnitKind::parse(&model.kind).map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(Unit {
        id: model.id,
        parent_id: model.parent_id,
        code: model.code,
        name: model.name,
        kind,
        path: model.path,
        active: model.active,
    })
}

/// A unit and every unit below it, in tree order (see [`in_tree_order`]).
pub async fn subtree<C: ConnectionTrait>(conn: &C, root: &Unit) -> Result<Vec<Unit>> {
    let models = unit::Entity::find()
        .filter(unit::Column::Path.starts_with(root.path.as_str()))
        .all(conn)
        .await?;
    let units = models
        .into_iter()
        .map(to_domain)
        .collect::<Result<_, _>>()?;
    Ok(crate::domain::unit::in_tree_order(units))
}

/// Every unit, in tree order (see [`in_tree_order`]).
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Unit>> {
    let models = unit::Entity::find().all(conn).await?;
    let units = models
        .into_iter()
        .map(to_domain)
        .collect::<Result<_, _>>()?;
    Ok(crate::domain::unit::in_tree_order(units))
}

pub async fn find_by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<Unit>> {
    let found = unit::Entity::find_by_id(id).one(conn).await?;
    Ok(found.map(to_domain).transpose()?)
}

fn not_found(code: &UnitCode) -> Error {
    Error::NotFound(Invalid::new(
        format!("không có đơn vị mã «{code}»"),
        format!("no unit with code {code}"),
    ))
}

/// Gives a unit a new name; its code, place and figures stay.
pub async fn rename(db: &Db, code: &UnitCode, name: &Name, actor: &str) -> Result<Unit> {
    let txn = db.writer.begin().await?;
    let unit = find_by_code(&txn, code)
        .await?
        .ok_or_else(|| not_found(code))?;
    unit::Entity::update_many()
        .col_expr(unit::Column::Name, Expr::value(name.as_str()))
        .filter(unit::Column::Id.eq(unit.id))
        .exec(&txn)
        .await?;
    let detail = Some(name.as_str().to_owned());
    accounts::audit(&txn, actor, "unit renamed", code.as_str(), detail).await?;
    txn.commit().await?;
    db.note_change();
    Ok(Unit {
        name: name.as_str().to_owned(),
        ..unit
    })
}

/// Moves a unit, with everything below it, under a new parent: one rewrite of the path prefix
/// of the subtree. Responses and tallies name service points by id, so every figure follows the
/// move. A unit cannot move under itself or under one of its own descendants.
pub async fn move_under(db: &Db, code: &UnitCode, parent: &UnitCode, actor: &str) -> Result<Unit> {
    let txn = db.writer.begin().await?;
    let unit = find_by_code(&txn, code)
        .await?
        .ok_or_else(|| not_found(code))?;
    let parent = find_by_code(&txn, parent)
        .await?
        .ok_or_else(|| not_found(parent))?;
    if parent.path.starts_with(&unit.path) {
        return Err(Error::Conflict(Invalid::new(
            format!("không thể chuyển «{code}» vào chính nó hoặc đơn vị cấp dưới của nó"),
            "a unit cannot move under itself or its own descendants",
        )));
    }
    let new_path = format!("{}{}/", parent.path, unit.id);
    // new prefix || the rest of the old path, for the unit and all its descendants. Both
    // numbers come from ids (a path is digits and slashes), so they are written inline: a bound
    // parameter beside `||` leaves PostgreSQL unable to infer its type.
    let old_len = unit.path.chars().count();
    debug_assert!(new_path.chars().all(|c| c.is_ascii_digit() || c == '/'));
    unit::Entity::update_many()
        .col_expr(
            unit::Column::Path,
            Expr::cust(format!("'{new_path}' || SUBSTR(path, {})", old_len + 1)),
        )
        .filter(unit::Column::Path.starts_with(unit.path.as_str()))
        .exec(&txn)
        .await?;
    unit::Entity::update_many()
        .col_expr(unit::Column::ParentId, Expr::value(parent.id))
        .filter(unit::Column::Id.eq(unit.id))
        .exec(&txn)
        .await?;
    let detail = Some(format!("under {}", parent.code));
    accounts::audit(&txn, actor, "unit moved", code.as_str(), detail).await?;
    txn.commit().await?;
    db.note_change();
    Ok(Unit {
        parent_id: Some(parent.id),
        path: new_path,
        ..unit
    })
}

/// Switches a unit and everything below it on or off. The counters of a switched-off unit
/// answer "no longer in use"; its past responses stay in every figure.
pub async fn set_active(db: &Db, code: &UnitCode, active: bool, actor: &str) -> Result<u64> {
    let txn = db.writer.begin().await?;
    let unit = find_by_code(&txn, code)
        .await?
        .ok_or_else(|| not_found(code))?;
    let changed = unit::Entity::update_many()
        .col_expr(unit::Column::Active, Expr::value(active))
        .filter(unit::Column::Path.starts_with(unit.path.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    let action = if active {
        "unit switched on"
    } else {
        "unit switched off"
    };
    accounts::audit(&txn, actor, action, code.as_str(), None).await?;
    txn.commit().await?;
    db.note_change();
    Ok(changed)
}

/// A line of an import: its number in the file and the unit it describes, or why not.
pub type ImportLine = (usize, Result<NewUnit, Invalid>);

/// Creates the units of an import in one transaction, each line in its own savepoint so that
/// a rejected line (unknown parent, code taken, …) leaves the others in. Lines that failed to
/// parse come in as errors and stay errors. Returns each line's outcome, in order.
pub async fn import(
    db: &Db,
    lines: Vec<ImportLine>,
    actor: &str,
) -> Result<Vec<(usize, Result<(), Invalid>)>> {
    let txn = db.writer.begin().await?;
    let mut outcomes = Vec::with_capacity(lines.len());
    for (line, parsed) in lines {
        let outcome = match parsed {
            Err(message) => Err(message),
            Ok(new) => {
                let savepoint = txn.begin().await?;
                match create_in(&savepoint, &new).await {
                    Ok(_) => {
                        savepoint.commit().await?;
                        Ok(())
                    }
                    Err(Error::NotFound(problem) | Error::Conflict(problem)) => {
                        savepoint.rollback().await?;
                        Err(problem)
                    }
                    Err(err) => return Err(err),
                }
            }
        };
        outcomes.push((line, outcome));
    }
    let rejected = outcomes.iter().filter(|(_, o)| o.is_err()).count();
    let subject = format!("{} units", outcomes.len() - rejected);
    let detail = Some(format!("{rejected} lines rejected"));
    accounts::audit(&txn, actor, "units imported", &subject, detail).await?;
    txn.commit().await?;
    db.note_change();
    Ok(outcomes)
}
