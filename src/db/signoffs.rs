//! Signed-off periods (see `domain::signoff`): one row per unit and period. Each step is one
//! transaction with its audit line, and takes effect only from the status it was decided on (a
//! conditional update), so two admins acting at once cannot both approve.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;

use super::entities::signoff;
use super::{Db, Error, Result, accounts, is_unique_violation};
use crate::domain::invalid::Invalid;
use crate::domain::signoff::{Status, Step, next};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signoff {
    pub period: String,
    pub status: Status,
    pub note: Option<String>,
    pub submitted_by: String,
    pub submitted_at: OffsetDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
    /// The frozen figures of the last approval, and their SHA-256.
    pub snapshot: Option<String>,
    pub sha256: Option<String>,
}

fn to_signoff(row: signoff::Model) -> Option<Signoff> {
    Some(Signoff {
        status: Status::parse(&row.status)?,
        period: row.period,
        note: row.note,
        submitted_by: row.submitted_by,
        submitted_at: row.submitted_at,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        reason: row.reason,
        snapshot: row.snapshot,
        sha256: row.sha256,
    })
}

pub async fn get(db: &Db, unit_id: i32, period: &str) -> Result<Option<Signoff>> {
    let row = signoff::Entity::find()
        .filter(signoff::Column::UnitId.eq(unit_id))
        .filter(signoff::Column::Period.eq(period))
        .one(&db.reader)
        .await?;
    Ok(row.and_then(to_signoff))
}

/// Every period of the unit that was ever submitted, newest step first.
pub async fn of_unit(db: &Db, unit_id: i32) -> Result<Vec<Signoff>> {
    let rows = signoff::Entity::find()
        .filter(signoff::Column::UnitId.eq(unit_id))
        .order_by_desc(signoff::Column::SubmittedAt)
        .all(&db.reader)
        .await?;
    Ok(rows.into_iter().filter_map(to_signoff).collect())
}

/// The frozen figures an approval stores.
pub struct Frozen {
    pub text: String,
    pub sha256: String,
}

/// Takes `step` on the unit's `period`; an approval stores `frozen`. Returns the new status, or
/// a conflict the person can read when the step does not follow from the status.
#[allow(clippy::too_many_arguments)]
pub async fn take(
    db: &Db,
    unit_id: i32,
    unit_code: &str,
    period: &str,
    step: &Step,
    frozen: Option<Frozen>,
    actor: &str,
    at: OffsetDateTime,
) -> Result<Status> {
    let txn = db.writer.begin().await?;
    let row = signoff::Entity::find()
        .filter(signoff::Column::UnitId.eq(unit_id))
        .filter(signoff::Column::Period.eq(period))
        .one(&txn)
        .await?;
    let before = row.as_ref().and_then(|r| Status::parse(&r.status));
    let after = next(before, step).map_err(Error::Conflict)?;
    let detail: Option<String>;
    match (&row, step) {
        (None, Step::Submit { note }) => {
            signoff::ActiveModel {
                unit_id: Set(unit_id),
                period: Set(period.to_owned()),
                status: Set(after.code().to_owned()),
                note: Set(note.clone()),
                submitted_by: Set(actor.to_owned()),
                submitted_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|err| {
                if is_unique_violation(&err) {
                    changed_meanwhile()
                } else {
                    err.into()
                }
            })?;
            detail = note.clone();
        }
        (Some(row), _) => {
            let mut update = signoff::Entity::update_many()
                .col_expr(signoff::Column::Status, Expr::value(after.code()))
                .filter(signoff::Column::Id.eq(row.id))
                .filter(signoff::Column::Status.eq(row.status.clone()));
            update = match step {
                Step::Submit { note } => {
                    detail = note.clone();
                    update
                        .col_expr(signoff::Column::Note, Expr::value(note.clone()))
                        .col_expr(signoff::Column::SubmittedBy, Expr::value(actor))
                        .col_expr(signoff::Column::SubmittedAt, Expr::value(at))
                }
                Step::Approve => {
                    let frozen = frozen.ok_or_else(|| {
                        Error::Db(sea_orm::DbErr::Custom(
                            "an approval needs its frozen figures".into(),
                        ))
                    })?;
                    detail = Some(format!("sha256:{}", frozen.sha256));
                    update
                        .col_expr(signoff::Column::DecidedBy, Expr::value(actor))
                        .col_expr(signoff::Column::DecidedAt, Expr::value(at))
                        .col_expr(signoff::Column::Reason, Expr::value(Option::<String>::None))
                        .col_expr(signoff::Column::Snapshot, Expr::value(frozen.text))
                        .col_expr(signoff::Column::Sha256, Expr::value(frozen.sha256))
                }
                Step::Return { reason } | Step::Reopen { reason } => {
                    detail = Some(reason.clone());
                    update
                        .col_expr(signoff::Column::DecidedBy, Expr::value(actor))
                        .col_expr(signoff::Column::DecidedAt, Expr::value(at))
                        .col_expr(signoff::Column::Reason, Expr::value(reason.clone()))
                }
            };
            if update.exec(&txn).await?.rows_affected != 1 {
                return Err(changed_meanwhile());
            }
        }
        // `next` allows only a submission of a period never submitted.
        (None, _) => return Err(changed_meanwhile()),
    }
    let action = match step {
        Step::Submit { .. } => "period submitted",
        Step::Approve => "period approved",
        Step::Return { .. } => "period returned",
        Step::Reopen { .. } => "period reopened",
    };
    accounts::audit(
        &txn,
        actor,
        action,
        &format!("{unit_code} {period}"),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

fn changed_meanwhile() -> Error {
    Error::Conflict(Invalid::new(
        "kỳ này vừa được người khác thay đổi; vui lòng tải lại trang",
        "someone else has just changed this period; please reload the page",
    ))
}

/// Approved periods whose stored figures no longer hash to their check code: (unit code,
/// period). An edit of the database shows here (`sipas verify`).
pub async fn tampered(db: &Db) -> Result<Vec<(String, String)>> {
    use super::entities::unit;
    let rows = signoff::Entity::find()
        .filter(signoff::Column::Snapshot.is_not_null())
        .all(&db.reader)
        .await?;
    let mut found = Vec::new();
    for row in rows {
        let intact = match (&row.snapshot, &row.sha256) {
            (Some(text), Some(sha)) => crate::auth::digest(text) == *sha,
            _ => false,
        };
        if !intact {
            let code = unit::Entity::find_by_id(row.unit_id)
                .one(&db.reader)
                .await?
                .map_or_else(|| row.unit_id.to_string(), |u| u.code);
            found.push((code, row.period));
        }
    }
    Ok(found)
}

/// Approved periods, for `sipas verify`'s count.
pub async fn approved_count(db: &Db) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(signoff::Entity::find()
        .filter(signoff::Column::Snapshot.is_not_null())
        .count(&db.reader)
        .await?)
}
