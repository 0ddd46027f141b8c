//! Counters (quầy) and their survey tokens.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select, TransactionTrait,
};
use time::OffsetDateTime;

use super::entities::{counter, questionnaire, unit};
use super::{Db, Error, Result, accounts, questionnaires, units};
use crate::domain::invalid::Invalid;
use crate::domain::{CounterToken, Name, Unit, UnitCode};

/// A counter with the names people see and the questionnaire it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterInfo {
    pub id: i32,
    pub name: String,
    pub token: CounterToken,
    pub active: bool,
    pub unit_id: i32,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_active: bool,
    /// The unit's materialised path, for scope checks.
    pub unit_path: String,
    pub questionnaire_id: i32,
    pub questionnaire_code: String,
    /// Since when its current code has been out: its creation, or its last new code. A
    /// counter silent since then may have no poster up.
    pub code_since: time::OffsetDateTime,
    /// The unit's hotline or feedback channel, for the thank-you page.
    pub unit_hotline: Option<String>,
    /// The line above the unit's name on its posters.
    pub unit_poster_header: Option<String>,
    /// The unit publishes its results (`/results/{code}`).
    pub unit_public_results: bool,
}

#[derive(FromQueryResult)]
struct Row {
    id: i32,
    name: String,
    token: String,
    active: bool,
    unit_id: i32,
    unit_code: String,
    unit_name: String,
    unit_active: bool,
    unit_path: String,
    questionnaire_id: i32,
    questionnaire_code: String,
    created_at: time::OffsetDateTime,
    token_rotated_at: Option<time::OffsetDateTime>,
    unit_hotline: Option<String>,
    unit_poster_header: Option<String>,
    unit_public_results: bool,
}

impl Row {
    fn into_info(self) -> Result<CounterInfo> {
        let token = CounterToken::parse(&self.token).ok_or_else(|| {
            Error::Db(sea_orm::DbErr::Custom(format!(
                "counter {} has a malformed token",
                self.id
            )))
        })?;
        Ok(CounterInfo {
            id: self.id,
            name: self.name,
            token,
            active: self.active,
            unit_id: self.unit_id,
            unit_code: self.unit_code,
            unit_name: self.unit_name,
            unit_active: self.unit_active,
            unit_path: self.unit_path,
            questionnaire_id: self.questionnaire_id,
            questionnaire_code: self.questionnaire_code,
            code_since: self
                .token_rotated_at
                .map_or(self.created_at, |rotated| rotated.max(self.created_at)),
            unit_hotline: self.unit_hotline,
            unit_poster_header: self.unit_poster_header,
            unit_public_results: self.unit_public_results,
        })
    }
}

fn select_info() -> Select<counter::Entity> {
    counter::Entity::find()
        .select_only()
        .columns([
            counter::Column::Id,
            counter::Column::Name,
            counter::Column::Token,
            counter::Column::Active,
            counter::Column::UnitId,
            counter::Column::QuestionnaireId,
            counter::Column::CreatedAt,
            counter::Column::TokenRotatedAt,
        ])
        .column_as(unit::Column::Code, "unit_code")
        .column_as(unit::Column::Name, "unit_name")
        .column_as(unit::Column::Active, "unit_active")
        .column_as(unit::Column::Path, "unit_path")
        .column_as(unit::Column::Hotline, "unit_hotline")
        .column_as(unit::Column::PosterHeader, "unit_poster_header")
        .column_as(unit::Column::PublicResults, "unit_public_results")
        .column_as(questionnaire::Column::Code, "questionnaire_code")
        .join(JoinType::InnerJoin, counter::Relation::Unit.def())
        .join(JoinType::InnerJoin, counter::Relation::Questionnaire.def())
}

/// Adds a counter to a unit at `at` (the server's clock), with a fresh token and the given
/// questionnaire; audited as done by `actor`, in one transaction.
pub async fn create(
    db: &Db,
    unit_code: &UnitCode,
    name: &Name,
    questionnaire_code: &str,
    actor: &str,
    at: OffsetDateTime,
) -> Result<CounterInfo> {
    let txn = db.writer.begin().await?;
    let unit = units::find_by_code(&txn, unit_code).await?.ok_or_else(|| {
        Error::NotFound(Invalid::new(
            format!("không có đơn vị mã «{unit_code}»"),
            format!("no unit with code {unit_code}"),
        ))
    })?;
    let questionnaire_id = questionnaires::id_by_code(&txn, questionnaire_code)
        .await?
        .ok_or_else(|| {
            Error::NotFound(Invalid::new(
                format!("không có bộ câu hỏi «{questionnaire_code}»"),
                format!("no questionnaire {questionnaire_code}"),
            ))
        })?;
    let inserted = counter::ActiveModel {
        unit_id: Set(unit.id),
        name: Set(name.as_str().to_owned()),
        token: Set(CounterToken::generate()?.as_str().to_owned()),
        questionnaire_id: Set(questionnaire_id),
        active: Set(true),
        token_rotated_at: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let counter = get(&txn, inserted.id)
        .await?
        .ok_or_else(|| not_found(inserted.id))?;
    accounts::audit(&txn, actor, "counter added", &described(&counter), None).await?;
    txn.commit().await?;
    db.note_change();
    Ok(counter)
}

/// How the audit log names a counter.
fn described(counter: &CounterInfo) -> String {
    format!(
        "counter {} ({} – {})",
        counter.id, counter.unit_code, counter.name
    )
}

/// Gives a counter a new token at `at` (the server's clock): the old QR code stops working at
/// once. Audited as done by `actor`, in one transaction.
pub async fn rotate(
    db: &Db,
    counter_id: i32,
    actor: &str,
    at: OffsetDateTime,
) -> Result<CounterInfo> {
    let txn = db.writer.begin().await?;
    let found = counter::Entity::find_by_id(counter_id)
        .one(&txn)
        .await?
        .ok_or_else(|| not_found(counter_id))?;
    let mut active: counter::ActiveModel = found.into();
    active.token = Set(CounterToken::generate()?.as_str().to_owned());
    active.token_rotated_at = Set(Some(at));
    active.update(&txn).await?;
    let counter = get(&txn, counter_id)
        .await?
        .ok_or_else(|| not_found(counter_id))?;
    accounts::audit(
        &txn,
        actor,
        "counter code rotated",
        &described(&counter),
        None,
    )
    .await?;
    txn.commit().await?;
    db.note_change();
    Ok(counter)
}

pub fn not_found(counter_id: i32) -> Error {
    Error::NotFound(Invalid::new(
        format!("không có quầy số {counter_id}"),
        format!("no counter with id {counter_id}"),
    ))
}

pub async fn get<C: ConnectionTrait>(conn: &C, counter_id: i32) -> Result<Option<CounterInfo>> {
    let row = select_info()
        .filter(counter::Column::Id.eq(counter_id))
        .into_model::<Row>()
        .one(conn)
        .await?;
    row.map(Row::into_info).transpose()
}

/// The counter a citizen's QR code points at, if it still takes responses.
pub async fn find_active_by_token<C: ConnectionTrait>(
    conn: &C,
    token: &CounterToken,
) -> Result<Option<CounterInfo>> {
    let row = select_info()
        .filter(counter::Column::Token.eq(token.as_str()))
        .filter(counter::Column::Active.eq(true))
        .filter(unit::Column::Active.eq(true))
        .into_model::<Row>()
        .one(conn)
        .await?;
    row.map(Row::into_info).transpose()
}

/// Every counter of a unit and of the units below it, by unit code then counter id.
pub async fn list_in_subtree<C: ConnectionTrait>(
    conn: &C,
    root: &Unit,
) -> Result<Vec<CounterInfo>> {
    let rows = select_info()
        .filter(unit::Column::Path.starts_with(root.path.as_str()))
        .order_by_asc(unit::Column::Code)
        .order_by_asc(counter::Column::Id)
        .into_model::<Row>()
        .all(conn)
        .await?;
    rows.into_iter().map(Row::into_info).collect()
}

/// A change to a counter on the staff side.
#[derive(Clone, Debug)]
pub enum CounterChange {
    Rename(Name),
    /// The questionnaire (by code) its QR code shows from now on; past responses keep theirs.
    Questionnaire(String),
    /// Off: its QR code answers "no longer in use"; on: it takes responses again.
    Active(bool),
}

/// Renames a counter, switches it on or off, or gives it another questionnaire; audited as done
/// by `actor`, in one transaction.
pub async fn change(
    db: &Db,
    counter_id: i32,
    change: &CounterChange,
    actor: &str,
) -> Result<CounterInfo> {
    let txn = db.writer.begin().await?;
    let found = counter::Entity::find_by_id(counter_id)
        .one(&txn)
        .await?
        .ok_or_else(|| not_found(counter_id))?;
    let mut model: counter::ActiveModel = found.into();
    match change {
        CounterChange::Rename(name) => model.name = Set(name.as_str().to_owned()),
        CounterChange::Questionnaire(code) => {
            let id = questionnaires::id_by_code(&txn, code)
                .await?
                .ok_or_else(|| {
                    Error::NotFound(Invalid::new(
                        format!("không có bộ câu hỏi «{code}»"),
                        format!("no questionnaire {code}"),
                    ))
                })?;
            model.questionnaire_id = Set(id);
        }
        CounterChange::Active(active) => model.active = Set(*active),
    }
    model.update(&txn).await?;
    let changed = get(&txn, counter_id)
        .await?
        .ok_or_else(|| not_found(counter_id))?;
    let (action, detail) = match change {
        CounterChange::Rename(name) => ("counter renamed", Some(name.as_str().to_owned())),
        CounterChange::Questionnaire(code) => ("counter questionnaire chosen", Some(code.clone())),
        CounterChange::Active(true) => ("counter switched on", None),
        CounterChange::Active(false) => ("counter switched off", None),
    };
    let subject = format!("counter {} ({})", changed.id, changed.unit_code);
    accounts::audit(&txn, actor, action, &subject, detail).await?;
    txn.commit().await?;
    db.note_change();
    Ok(changed)
}
