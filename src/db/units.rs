//! The unit tree: create units and find them by code.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;

use super::entities::unit;
use super::{Db, Error, Result, is_unique_violation};
use crate::domain::{Name, Unit, UnitCode, UnitKind};

pub struct NewUnit {
    pub code: UnitCode,
    pub name: Name,
    pub kind: UnitKind,
    pub parent: Option<UnitCode>,
}

/// Creates a unit under its parent, in its own transaction.
pub async fn create(db: &Db, new: &NewUnit) -> Result<Unit> {
    let txn = db.writer.begin().await?;
    let unit = create_in(&txn, new).await?;
    txn.commit().await?;
    Ok(unit)
}

/// Creates a unit inside the caller's transaction: insert, then set the path that needs the id.
pub async fn create_in<C: ConnectionTrait>(conn: &C, new: &NewUnit) -> Result<Unit> {
    let parent = match &new.parent {
        Some(code) => Some(find_by_code(conn, code).await?.ok_or_else(|| {
            Error::NotFound(format!(
                "không có đơn vị cha mã «{code}» (no parent unit with code {code})"
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
            Error::Conflict(format!(
                "mã đơn vị «{}» đã có (unit code {} already exists)",
                new.code, new.code
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
    let kind = UnitKind::parse(&model.kind).map_err(DbErr::Custom)?;
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

/// A unit and every unit below it, by path.
pub async fn subtree<C: ConnectionTrait>(conn: &C, root: &Unit) -> Result<Vec<Unit>> {
    let models = unit::Entity::find()
        .filter(unit::Column::Path.starts_with(root.path.as_str()))
        .order_by_asc(unit::Column::Path)
        .all(conn)
        .await?;
    Ok(models
        .into_iter()
        .map(to_domain)
        .collect::<Result<_, _>>()?)
}

/// Every unit, by path (parents before their children).
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Unit>> {
    let models = unit::Entity::find()
        .order_by_asc(unit::Column::Path)
        .all(conn)
        .await?;
    Ok(models
        .into_iter()
        .map(to_domain)
        .collect::<Result<_, _>>()?)
}

pub async fn find_by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<Unit>> {
    let found = unit::Entity::find_by_id(id).one(conn).await?;
    Ok(found.map(to_domain).transpose()?)
}
