//! Moderation: excluding a response from every figure, or restoring it, with a reason. The
//! status change, the tally adjustment and the audit line are one transaction: a figure never
//! counts an excluded response, and nothing changes without its trace in the audit log.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
    sea_query::{Expr, ExprTrait, Query},
};

use super::entities::{answer, response, unit};
use super::{Db, Result, accounts, tally_updates};

/// A response's status: only `Counted` responses are in the tallies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Counted,
    /// Stored but held out of figures by a rule (a repeat from one device, …) until restored.
    Flagged,
    /// Taken out of figures by staff.
    Excluded,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Counted => "counted",
            Status::Flagged => "flagged",
            Status::Excluded => "excluded",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        match code {
            "counted" => Some(Status::Counted),
            "flagged" => Some(Status::Flagged),
            "excluded" => Some(Status::Excluded),
            _ => None,
        }
    }
}

/// What a moderation request did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The status changed; the unit code of the response, for the way back.
    Changed {
        unit_code: String,
    },
    /// The response already had the status asked for (a form sent twice): nothing changed.
    Unchanged {
        unit_code: String,
    },
    NotFound,
}

/// The materialised path of the unit a response belongs to, for scope checks.
pub async fn unit_path_of<C: ConnectionTrait>(
    conn: &C,
    response_id: i64,
) -> Result<Option<String>> {
    let Some(found) = response::Entity::find_by_id(response_id).one(conn).await? else {
        return Ok(None);
    };
    Ok(unit::Entity::find_by_id(found.unit_id)
        .one(conn)
        .await?
        .map(|u| u.path))
}

/// Moves a response to `to` (`Excluded` or `Counted`), adjusting the tallies when it leaves or
/// enters the counted state, and writes the audit line; all in one transaction.
pub async fn set_status(
    db: &Db,
    response_id: i64,
    to: Status,
    reason: &str,
    actor: &str,
) -> Result<Outcome> {
    let txn = db.writer.begin().await?;
    let outcome = set_status_in(&txn, response_id, to, reason, actor).await?;
    if matches!(outcome, Outcome::Changed { .. }) {
        txn.commit().await?;
    }
    Ok(outcome)
}

/// Moves every response of `ids` that lies in `units` to `to`, with one reason, all in one
/// transaction: either every change and its audit line is stored, or none. Returns how many
/// changed; `None` (and nothing changed) if an id is not a response of `units`.
pub async fn set_statuses(
    db: &Db,
    ids: &[i64],
    units: &[i32],
    to: Status,
    reason: &str,
    actor: &str,
) -> Result<Option<usize>> {
    let txn = db.writer.begin().await?;
    let mut found: Vec<i64> = Vec::new();
    for chunk in ids.chunks(1000) {
        let in_scope: Vec<i64> = response::Entity::find()
            .select_only()
            .column(response::Column::Id)
            .filter(response::Column::Id.is_in(chunk.iter().copied()))
            .filter(response::Column::UnitId.is_in(units.iter().copied()))
            .into_tuple()
            .all(&txn)
            .await?;
        found.extend(in_scope);
    }
    found.sort_unstable();
    found.dedup();
    let mut asked = ids.to_vec();
    asked.sort_unstable();
    asked.dedup();
    if found != asked {
        return Ok(None);
    }
    let mut changed = 0;
    for id in &found {
        if let Outcome::Changed { .. } = set_status_in(&txn, *id, to, reason, actor).await? {
            changed += 1;
        }
    }
    txn.commit().await?;
    Ok(Some(changed))
}

/// [`set_status`] within a transaction the caller commits.
async fn set_status_in(
    txn: &DatabaseTransaction,
    response_id: i64,
    to: Status,
    reason: &str,
    actor: &str,
) -> Result<Outcome> {
    let Some(found) = response::Entity::find_by_id(response_id).one(txn).await? else {
        return Ok(Outcome::NotFound);
    };
    let unit_code = unit::Entity::find_by_id(found.unit_id)
        .one(txn)
        .await?
        .map(|u| u.code)
        .unwrap_or_default();
    let Some(from) = Status::parse(&found.status) else {
        return Err(sea_orm::DbErr::Custom(format!(
            "response {response_id} has an unknown status"
        ))
        .into());
    };
    if from == to {
        return Ok(Outcome::Unchanged { unit_code });
    }
    // The update names the status it expects: if another instance changed it meanwhile, no row
    // matches and nothing is adjusted twice.
    let mut update = Query::update();
    update
        .table(response::Entity)
        .value(response::Column::Status, to.code())
        .value(response::Column::StatusReason, reason)
        .and_where(Expr::col(response::Column::Id).eq(response_id))
        .and_where(Expr::col(response::Column::Status).eq(from.code()));
    if txn.execute(&update).await?.rows_affected() != 1 {
        return Ok(Outcome::Unchanged { unit_code });
    }
    let sign = match (from, to) {
        (Status::Counted, _) => -1,
        (_, Status::Counted) => 1,
        _ => 0,
    };
    if sign != 0 {
        let answers: Vec<(i32, u8)> = answer::Entity::find()
            .filter(answer::Column::ResponseId.eq(response_id))
            .all(txn)
            .await?
            .into_iter()
            .filter_map(|a| Some((a.question_id, u8::try_from(a.value).ok()?)))
            .collect();
        tally_updates::add(
            txn,
            &tally_updates::Counted {
                unit_id: found.unit_id,
                counter_id: found.counter_id,
                version_id: found.version_id,
                submitted_at: found.submitted_at,
                answers: &answers,
            },
            sign,
        )
        .await?;
    }
    let action = match to {
        Status::Excluded => "response excluded",
        Status::Counted => "response restored",
        Status::Flagged => "response flagged",
    };
    accounts::audit(
        txn,
        actor,
        action,
        &format!("response {response_id} ({unit_code})"),
        Some(reason.to_owned()),
    )
    .await?;
    Ok(Outcome::Changed { unit_code })
}

/// A response as the moderation list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: i64,
    pub submitted_at: time::OffsetDateTime,
    pub counter_id: i32,
    pub status: Status,
    pub reason: Option<String>,
    pub comment: Option<String>,
    /// (question id, value).
    pub answers: Vec<(i32, u8)>,
}

/// Responses of `units` in the local days `[first, last]`, newest first, below the id `before`
/// if given; optionally of one status. `limit` rows at most.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    (first, last): (i32, i32),
    status: Option<Status>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<Listed>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let mut found = Vec::new();
    for chunk in units.chunks(5000) {
        let mut query = response::Entity::find()
            .filter(response::Column::UnitId.is_in(chunk.iter().copied()))
            .filter(response::Column::LocalDay.between(first, last));
        if let Some(status) = status {
            query = query.filter(response::Column::Status.eq(status.code()));
        }
        if let Some(before) = before {
            query = query.filter(response::Column::Id.lt(before));
        }
        let rows = query
            .order_by_desc(response::Column::Id)
            .limit(limit)
            .all(conn)
            .await?;
        found.extend(rows.into_iter().filter_map(|r| {
            Some(Listed {
                id: r.id,
                submitted_at: r.submitted_at,
                counter_id: r.counter_id,
                status: Status::parse(&r.status)?,
                reason: r.status_reason,
                comment: r.comment,
                answers: super::answer_list::decode(&r.answers),
            })
        }));
    }
    found.sort_by_key(|r| std::cmp::Reverse(r.id));
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(found)
}

/// Every response of `units` over local days `first..=last` that is not counted, with its
/// status, in id order: the moderation state a signed-off period freezes.
pub async fn not_counted<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    (first, last): (i32, i32),
) -> Result<Vec<(i64, String)>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let mut found = Vec::new();
    for chunk in units.chunks(5000) {
        let rows: Vec<(i64, String)> = response::Entity::find()
            .select_only()
            .column(response::Column::Id)
            .column(response::Column::Status)
            .filter(response::Column::UnitId.is_in(chunk.iter().copied()))
            .filter(response::Column::LocalDay.between(first, last))
            .filter(response::Column::Status.ne(Status::Counted.code()))
            .order_by_asc(response::Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(rows);
    }
    found.sort_unstable();
    Ok(found)
}
