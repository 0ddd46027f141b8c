//! Storing responses: the response, its answers and the tally updates in one transaction.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, OnConflict},
};
use time::OffsetDateTime;

use super::entities::{
    answer, respondents_daily, respondents_hour_daily, respondents_hour_monthly,
    respondents_monthly, response, tally_daily, tally_monthly,
};
use super::{Db, Result, is_unique_violation};
use crate::domain::local_day::local_hour;
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

/// Inserts the response, its answers and the increments of every tally (answers per day and
/// counter, per month and service point; respondents likewise, and by local hour) in the
/// caller's transaction.
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
        answers: Set(super::answer_list::encode(&new.answers)),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    let response_id = inserted.last_insert_id;
    // Every stored response has at least one answer (the survey demands one); the guard keeps an
    // empty multi-row insert, which is not valid SQL, out of the way all the same.
    if new.answers.is_empty() {
        return Err(DbErr::Custom("a response without answers".into()));
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
    let month = day / 100;
    let n = |point: &ScalePoint, at: u8| Set(i64::from(point.get() == at));
    add_counts(
        conn,
        new.answers
            .iter()
            .map(|(question_id, point)| tally_daily::ActiveModel {
                day: Set(day),
                unit_id: Set(new.unit_id),
                counter_id: Set(new.counter_id),
                question_id: Set(*question_id),
                n1: n(point, 1),
                n2: n(point, 2),
                n3: n(point, 3),
                n4: n(point, 4),
                n5: n(point, 5),
            }),
        [
            tally_daily::Column::Day,
            tally_daily::Column::UnitId,
            tally_daily::Column::CounterId,
            tally_daily::Column::QuestionId,
        ],
        [
            tally_daily::Column::N1,
            tally_daily::Column::N2,
            tally_daily::Column::N3,
            tally_daily::Column::N4,
            tally_daily::Column::N5,
        ],
    )
    .await?;
    add_counts(
        conn,
        new.answers
            .iter()
            .map(|(question_id, point)| tally_monthly::ActiveModel {
                unit_id: Set(new.unit_id),
                month: Set(month),
                question_id: Set(*question_id),
                n1: n(point, 1),
                n2: n(point, 2),
                n3: n(point, 3),
                n4: n(point, 4),
                n5: n(point, 5),
            }),
        [
            tally_monthly::Column::UnitId,
            tally_monthly::Column::Month,
            tally_monthly::Column::QuestionId,
        ],
        [
            tally_monthly::Column::N1,
            tally_monthly::Column::N2,
            tally_monthly::Column::N3,
            tally_monthly::Column::N4,
            tally_monthly::Column::N5,
        ],
    )
    .await?;
    add_counts(
        conn,
        [respondents_daily::ActiveModel {
            unit_id: Set(new.unit_id),
            day: Set(day),
            counter_id: Set(new.counter_id),
            version_id: Set(new.version_id),
            n: Set(1),
        }],
        [
            respondents_daily::Column::UnitId,
            respondents_daily::Column::Day,
            respondents_daily::Column::CounterId,
            respondents_daily::Column::VersionId,
        ],
        [respondents_daily::Column::N],
    )
    .await?;
    add_counts(
        conn,
        [respondents_monthly::ActiveModel {
            unit_id: Set(new.unit_id),
            month: Set(month),
            version_id: Set(new.version_id),
            n: Set(1),
        }],
        [
            respondents_monthly::Column::UnitId,
            respondents_monthly::Column::Month,
            respondents_monthly::Column::VersionId,
        ],
        [respondents_monthly::Column::N],
    )
    .await?;
    let hour = i16::from(local_hour(new.submitted_at));
    add_counts(
        conn,
        [respondents_hour_daily::ActiveModel {
            unit_id: Set(new.unit_id),
            day: Set(day),
            hour: Set(hour),
            n: Set(1),
        }],
        [
            respondents_hour_daily::Column::UnitId,
            respondents_hour_daily::Column::Day,
            respondents_hour_daily::Column::Hour,
        ],
        [respondents_hour_daily::Column::N],
    )
    .await?;
    add_counts(
        conn,
        [respondents_hour_monthly::ActiveModel {
            unit_id: Set(new.unit_id),
            month: Set(month),
            weekday: Set(i16::from(LocalDay::of(new.submitted_at).weekday())),
            hour: Set(hour),
            n: Set(1),
        }],
        [
            respondents_hour_monthly::Column::UnitId,
            respondents_hour_monthly::Column::Month,
            respondents_hour_monthly::Column::Weekday,
            respondents_hour_monthly::Column::Hour,
        ],
        [respondents_hour_monthly::Column::N],
    )
    .await?;
    Ok(response_id)
}

/// Inserts count rows, or adds their counts to the rows already there: the tallies' upsert.
async fn add_counts<C, E, A>(
    conn: &C,
    rows: impl IntoIterator<Item = A>,
    key: impl IntoIterator<Item = E::Column>,
    counts: impl IntoIterator<Item = E::Column>,
) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    E: EntityTrait + Default,
    A: ActiveModelTrait<Entity = E>,
{
    let mut on_conflict = OnConflict::columns(key);
    for count in counts {
        // Qualified names: PostgreSQL finds a bare column ambiguous beside `excluded`.
        on_conflict.value(
            count,
            Expr::col((E::default(), count)).add(Expr::col((Alias::new("excluded"), count))),
        );
    }
    E::insert_many(rows)
        .on_conflict(on_conflict.to_owned())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    Ok(response::Entity::find().count(conn).await?)
}

/// A comment as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub submitted_at: OffsetDateTime,
    pub counter_id: i32,
    pub text: String,
}

/// The latest comments of counted responses of `units` in the local days `[first, last]`.
pub async fn latest_comments<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    (first, last): (i32, i32),
    limit: u64,
) -> Result<Vec<Comment>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut comments = Vec::new();
    for chunk in units.chunks(5000) {
        let rows = response::Entity::find()
            .filter(response::Column::UnitId.is_in(chunk.iter().copied()))
            .filter(response::Column::LocalDay.between(first, last))
            .filter(response::Column::Status.eq("counted"))
            .filter(response::Column::Comment.is_not_null())
            .order_by_desc(response::Column::SubmittedAt)
            .limit(limit)
            .all(conn)
            .await?;
        comments.extend(rows.into_iter().filter_map(|r| {
            Some(Comment {
                submitted_at: r.submitted_at,
                counter_id: r.counter_id,
                text: r.comment?,
            })
        }));
    }
    comments.sort_by_key(|c| std::cmp::Reverse(c.submitted_at));
    comments.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(comments)
}
