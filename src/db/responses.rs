//! Storing responses: the response, its answers and the tally updates in one transaction.

use sea_orm::{
    ActiveValue::Set,
    ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};
use time::OffsetDateTime;

use super::entities::{answer, response, tally_daily};
use super::{Db, Result, is_unique_violation};
use crate::domain::{IdempotencyKey, LocalDay, ScalePoint};

/// How a response reached us.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Qr,
    Kiosk,
    Link,
    Api,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Qr => "qr",
            Channel::Kiosk => "kiosk",
            Channel::Link => "link",
            Channel::Api => "api",
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewResponse {
    pub counter_id: i32,
    /// The service point of the counter at the time of the response.
    pub unit_id: i32,
    pub version_id: i32,
    pub submitted_at: OffsetDateTime,
    pub channel: Channel,
    pub key: IdempotencyKey,
    pub comment: Option<String>,
    /// (question id, point); one per answered item.
    pub answers: Vec<(i32, ScalePoint)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    New(i64),
    /// The idempotency key was already used: the form was sent twice. Nothing new was stored.
    AlreadyStored,
}

/// Stores one response durably; returns only after the commit.
pub async fn store(db: &Db, new: &NewResponse) -> Result<Stored> {
    let txn = db.writer.begin().await?;
    match insert_in(&txn, new).await {
        Ok(id) => {
            txn.commit().await?;
            Ok(Stored::New(id))
        }
        Err(err) if is_unique_violation(&err) => {
            txn.rollback().await?;
            Ok(Stored::AlreadyStored)
        }
        // Dropping the transaction rolls it back: nothing is stored half-way.
        Err(err) => Err(err.into()),
    }
}

/// Stores many responses in one transaction (the demo's synthetic history).
pub async fn store_batch(db: &Db, batch: &[NewResponse]) -> Result<()> {
    let txn = db.writer.begin().await?;
    for new in batch {
        insert_in(&txn, new).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Inserts the response, its answers and the tally increments in the caller's transaction.
/// A reused idempotency key fails with a unique violation before anything else is written.
pub async fn insert_in<C: ConnectionTrait>(conn: &C, new: &NewResponse) -> Result<i64, DbErr> {
    let day = LocalDay::of(new.submitted_at).yyyymmdd();
    let inserted = response::Entity::insert(response::ActiveModel {
        counter_id: Set(new.counter_id),
        unit_id: Set(new.unit_id),
        version_id: Set(new.version_id),
        submitted_at: Set(new.submitted_at),
        local_day: Set(day),
        channel: Set(new.channel.code().to_owned()),
        idempotency_key: Set(new.key.as_str().to_owned()),
        device_hash: Set(None),
        status: Set("counted".to_owned()),
        status_reason: Set(None),
        comment: Set(new.comment.clone()),
        procedure: Set(None),
        dossier_code: Set(None),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    let response_id = inserted.last_insert_id;
    if new.answers.is_empty() {
        return Ok(response_id);
    }
    answer::Entity::insert_many(new.answers.iter().map(|(question_id, point)| {
        answer::ActiveModel {
            response_id: Set(response_id),
            question_id: Set(*question_id),
            value: Set(i16::from(point.get())),
        }
    }))
    .exec_without_returning(conn)
    .await?;
    tally_daily::Entity::insert_many(new.answers.iter().map(|(question_id, point)| {
        tally_daily::ActiveModel {
            day: Set(day),
            unit_id: Set(new.unit_id),
            counter_id: Set(new.counter_id),
            question_id: Set(*question_id),
            value: Set(i16::from(point.get())),
            n: Set(1),
        }
    }))
    .on_conflict(
        OnConflict::columns([
            tally_daily::Column::Day,
            tally_daily::Column::UnitId,
            tally_daily::Column::CounterId,
            tally_daily::Column::QuestionId,
            tally_daily::Column::Value,
        ])
        // Qualified names: PostgreSQL finds a bare `n` ambiguous between the row and `excluded`.
        .value(
            tally_daily::Column::N,
            Expr::col((tally_daily::Entity, tally_daily::Column::N))
                .add(Expr::col((Alias::new("excluded"), tally_daily::Column::N))),
        )
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(response_id)
}

pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    Ok(response::Entity::find().count(conn).await?)
}
