//! Storing responses: the response, its answers and the tally updates in one transaction.

use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, TransactionTrait,
};
use time::OffsetDateTime;

use super::entities::{answer, response};
use super::moderation::Status;
use super::{Db, Result, tally_updates};
use crate::domain::guards::{self, Findings, Flag, Guards};
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

/// What the abuse guards look at besides the response itself (see `domain::guards`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Screening {
    /// The salted hash of the device's cookie, when the browser sent one.
    pub device_hash: Option<String>,
    /// The salted hash of the client's address.
    pub source_hash: Option<String>,
    /// The hidden `website` field came back filled.
    pub honeypot: bool,
    /// Time from the survey page's issue to the post (from its form key).
    pub form_age: Option<std::time::Duration>,
    /// Items on the form, for the time a person needs to read it (`guards::reading_time`).
    pub items: usize,
    /// Sent from a kiosk: `device_hash` names the kiosk, and a repeat is one within the kiosk
    /// interval rather than the phone's repeat window.
    pub kiosk: bool,
}

/// Stores one response durably, flagged if a guard says so (see `domain::guards`); returns only
/// after the commit.
pub async fn store(
    db: &Db,
    new: &NewResponse,
    screening: &Screening,
    guards: &Guards,
) -> Result<Stored> {
    store_in(&db.writer, new, screening, guards).await
}

/// Stores one response in its own transaction on `conn`: a real one on a connection, or a
/// savepoint inside a transaction. A reused idempotency key stores nothing.
pub async fn store_in<C: TransactionTrait<Transaction = sea_orm::DatabaseTransaction>>(
    conn: &C,
    new: &NewResponse,
    screening: &Screening,
    guards: &Guards,
) -> Result<Stored> {
    let txn = conn.begin().await?;
    let flag = guards::flag(&screen(&txn, new, screening, guards).await?, guards);
    match insert_rows_in(&txn, new, Some(screening), flag).await? {
        Some(id) => {
            if flag.is_none() {
                tally_updates::add(&txn, &counted(new, &answer_points(new)), 1).await?;
            }
            txn.commit().await?;
            Ok(Stored::New(id))
        }
        None => {
            txn.rollback().await?;
            Ok(Stored::AlreadyStored)
        }
    }
}

/// Stores many responses in one transaction (group commit) in a few statements whatever their
/// number: one look-up of keys already stored, the guards' look-ups, one insert of the
/// responses, one of their answers, and the tallies of the counted ones summed (one statement
/// per tally). Each is screened as if the ones before it in the batch were already stored (a
/// repeat within the batch is flagged, a form sent twice is stored once).
/// Returns each response's outcome, valid only once the caller has committed `txn`; an error
/// leaves `txn` to be rolled back whole.
pub async fn store_many_in(
    txn: &sea_orm::DatabaseTransaction,
    batch: &[(&NewResponse, &Screening)],
    guards: &Guards,
) -> Result<Vec<Stored>> {
    use sea_orm::sea_query::OnConflict;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    use std::collections::{HashMap, HashSet};

    let keys: Vec<&str> = batch.iter().map(|(new, _)| new.key.as_str()).collect();
    let mut taken: HashSet<String> = response::Entity::find()
        .select_only()
        .column(response::Column::IdempotencyKey)
        .filter(response::Column::IdempotencyKey.is_in(keys.iter().copied()))
        .into_tuple::<String>()
        .all(txn)
        .await?
        .into_iter()
        .collect();

    // Screened in order, each seeing the batch's earlier responses as the database would. A
    // key already stored, or met earlier in the batch, is a form sent twice: not screened,
    // not inserted, and its outcome stays `AlreadyStored`.
    let mut outcomes = vec![Stored::AlreadyStored; batch.len()];
    let mut devices_seen: HashSet<(&str, i32)> = HashSet::new();
    let mut per_source: HashMap<(&str, i32), u64> = HashMap::new();
    let mut to_insert = Vec::new();
    for (at, (new, screening)) in batch.iter().enumerate() {
        if !taken.insert(new.key.as_str().to_owned()) {
            continue;
        }
        let mut found = screen(txn, new, screening, guards).await?;
        let rule_off = screening.kiosk && guards.kiosk_interval.is_zero();
        if let Some(device) = screening.device_hash.as_deref().filter(|_| !rule_off) {
            found.repeat |= !devices_seen.insert((device, new.counter_id));
        }
        let source = screening.source_hash.as_deref();
        if let Some(source) = source {
            found.from_address += per_source
                .get(&(source, new.counter_id))
                .copied()
                .unwrap_or(0);
        }
        let flag = guards::flag(&found, guards);
        // Only counted responses use up an address's share: a phone's repeats or a script's
        // hurried posts, flagged already, must not get the next citizens on that Wi-Fi flagged.
        if let (Some(source), None) = (source, flag) {
            *per_source.entry((source, new.counter_id)).or_default() += 1;
        }
        to_insert.push((at, flag));
    }
    if to_insert.is_empty() {
        return Ok(outcomes);
    }

    // Another instance may store a key between the look-up and the insert: it is skipped, not
    // an error, and only the rows really inserted come back.
    let inserted = response::Entity::insert_many(to_insert.iter().map(|(at, flag)| {
        let (new, screening) = batch[*at];
        response_row(new, Some(screening), *flag)
    }))
    .on_conflict(
        OnConflict::column(response::Column::IdempotencyKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_with_returning(txn)
    .await?;
    let ids: HashMap<&str, i64> = inserted
        .iter()
        .map(|row| (row.idempotency_key.as_str(), row.id))
        .collect();

    let mut answers = Vec::new();
    let mut to_tally = Vec::new();
    for (at, flag) in to_insert {
        let new = batch[at].0;
        let Some(&id) = ids.get(new.key.as_str()) else {
            continue;
        };
        answers.extend(answer_rows(id, new));
        if flag.is_none() {
            to_tally.push((new, answer_points(new)));
        }
        outcomes[at] = Stored::New(id);
    }
    if !answers.is_empty() {
        answer::Entity::insert_many(answers)
            .exec_without_returning(txn)
            .await?;
    }
    let counted: Vec<_> = to_tally
        .iter()
        .map(|(new, points)| counted(new, points))
        .collect();
    tally_updates::add_many(txn, &counted, 1).await?;
    Ok(outcomes)
}

/// The `response` row of a new response.
fn response_row(
    new: &NewResponse,
    screening: Option<&Screening>,
    flag: Option<Flag>,
) -> response::ActiveModel {
    let device_hash = screening.and_then(|s| s.device_hash.clone());
    let source_hash = screening.and_then(|s| s.source_hash.clone());
    response::ActiveModel {
        counter_id: Set(new.counter_id),
        unit_id: Set(new.unit_id),
        version_id: Set(new.version_id),
        submitted_at: Set(new.submitted_at),
        local_day: Set(LocalDay::of(new.submitted_at).yyyymmdd()),
        channel: Set(new.channel.code().to_owned()),
        idempotency_key: Set(new.key.as_str().to_owned()),
        device_hash: Set(device_hash),
        source_hash: Set(source_hash),
        status: Set(if flag.is_some() {
            Status::Flagged
        } else {
            Status::Counted
        }
        .code()
        .to_owned()),
        status_reason: Set(flag.map(|f| f.reason().to_owned())),
        comment: Set(new.comment.clone()),
        procedure: Set(None),
        dossier_code: Set(None),
        answers: Set(super::answer_list::encode(&new.answers)),
        ..Default::default()
    }
}

/// The `answer` rows of a stored response.
fn answer_rows(response_id: i64, new: &NewResponse) -> impl Iterator<Item = answer::ActiveModel> {
    new.answers
        .iter()
        .map(move |(question_id, point)| answer::ActiveModel {
            response_id: Set(response_id),
            question_id: Set(*question_id),
            value: Set(i16::from(point.get())),
        })
}

/// (question id, point value) of every answer.
fn answer_points(new: &NewResponse) -> Vec<(i32, u8)> {
    new.answers.iter().map(|(q, p)| (*q, p.get())).collect()
}

fn counted<'a>(new: &NewResponse, points: &'a [(i32, u8)]) -> tally_updates::Counted<'a> {
    tally_updates::Counted {
        unit_id: new.unit_id,
        counter_id: new.counter_id,
        version_id: new.version_id,
        submitted_at: new.submitted_at,
        answers: points,
    }
}

/// The guards' look-ups, in the storing transaction: an earlier response from the same device at
/// the same counter within the repeat window, and the same address's counted responses at the
/// same counter within the address window (counted up to the limit only: a busy address must
/// not make every insert count thousands; flagged ones do not use up the address's share).
async fn screen<C: ConnectionTrait>(
    conn: &C,
    new: &NewResponse,
    screening: &Screening,
    guards: &Guards,
) -> Result<Findings, DbErr> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QuerySelect};
    let since = |window: std::time::Duration| {
        new.submitted_at - time::Duration::try_from(window).unwrap_or(time::Duration::ZERO)
    };
    let repeat = match &screening.device_hash {
        Some(hash) => {
            response::Entity::find()
                .filter(response::Column::DeviceHash.eq(hash.as_str()))
                .filter(response::Column::CounterId.eq(new.counter_id))
                .filter(response::Column::SubmittedAt.gt(since(if screening.kiosk {
                    guards.kiosk_interval
                } else {
                    guards.repeat_window
                })))
                .count(conn)
                .await?
                > 0
        }
        None => false,
    };
    let from_address = match &screening.source_hash {
        Some(hash) if guards.per_address > 0 => {
            response::Entity::find()
                .filter(response::Column::SourceHash.eq(hash.as_str()))
                .filter(response::Column::CounterId.eq(new.counter_id))
                .filter(response::Column::SubmittedAt.gt(since(guards.address_window)))
                .filter(response::Column::Status.eq(Status::Counted.code()))
                .limit(u64::from(guards.per_address))
                .count(conn)
                .await?
        }
        _ => 0,
    };
    Ok(Findings {
        honeypot: screening.honeypot,
        repeat,
        form_age: screening.form_age,
        from_address,
        items: screening.items,
        kiosk: screening.kiosk,
    })
}

/// Stores many responses in one transaction (the demo's synthetic history).
pub async fn store_batch(db: &Db, batch: &[NewResponse]) -> Result<()> {
    let txn = db.writer.begin().await?;
    for new in batch {
        insert_in(&txn, new, None, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Inserts the response, its answers and the increments of every tally (answers per day and
/// counter, per month and service point; respondents likewise, and by local hour) in the
/// caller's transaction. A reused idempotency key is an error here (the demo's history has
/// none).
pub async fn insert_in<C: ConnectionTrait>(
    conn: &C,
    new: &NewResponse,
    screening: Option<&Screening>,
    flag: Option<Flag>,
) -> Result<i64, DbErr> {
    let Some(response_id) = insert_rows_in(conn, new, screening, flag).await? else {
        return Err(DbErr::Custom(format!(
            "idempotency key {} already stored",
            new.key.as_str()
        )));
    };
    if flag.is_none() {
        tally_updates::add(conn, &counted(new, &answer_points(new)), 1).await?;
    }
    Ok(response_id)
}

/// Inserts the response and its answers (not the tallies). A reused idempotency key inserts
/// nothing and gives `None`: `ON CONFLICT DO NOTHING`, so that no error aborts the caller's
/// transaction and no savepoint is needed around it.
async fn insert_rows_in<C: ConnectionTrait>(
    conn: &C,
    new: &NewResponse,
    screening: Option<&Screening>,
    flag: Option<Flag>,
) -> Result<Option<i64>, DbErr> {
    use sea_orm::sea_query::OnConflict;
    // Every stored response has at least one answer (the survey demands one); the guard keeps an
    // empty multi-row insert, which is not valid SQL, out of the way all the same.
    if new.answers.is_empty() {
        return Err(DbErr::Custom("a response without answers".into()));
    }
    let inserted = response::Entity::insert(response_row(new, screening, flag))
        .on_conflict(
            OnConflict::column(response::Column::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        )
        .exec(conn)
        .await;
    let response_id = match inserted {
        Ok(inserted) => inserted.last_insert_id,
        Err(DbErr::RecordNotInserted) => return Ok(None),
        Err(err) => return Err(err),
    };
    answer::Entity::insert_many(answer_rows(response_id, new))
        .exec_without_returning(conn)
        .await?;
    Ok(Some(response_id))
}

pub async fn count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    Ok(response::Entity::find().count(conn).await?)
}

/// Removes the comments of responses from before local day `cutoff` (yyyymmdd), older than
/// `days` days; answers and figures stay. The removal and its audit line are one transaction.
pub async fn purge_comments(db: &Db, cutoff: i32, days: u32, actor: &str) -> Result<u64> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let txn = db.writer.begin().await?;
    let removed = response::Entity::update_many()
        .col_expr(
            response::Column::Comment,
            Expr::value(Option::<String>::None),
        )
        .filter(response::Column::Comment.is_not_null())
        .filter(response::Column::LocalDay.lt(cutoff))
        .exec(&txn)
        .await?
        .rows_affected;
    super::accounts::audit(
        &txn,
        actor,
        "comments purged",
        &format!("{removed} comments before {cutoff}"),
        Some(format!("older than {days} days")),
    )
    .await?;
    txn.commit().await?;
    Ok(removed)
}
