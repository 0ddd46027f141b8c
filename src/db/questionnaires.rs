//! Questionnaires as versioned data.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::Result;
use super::entities::{question, questionnaire, questionnaire_version};
use crate::domain::{Element, Question, QuestionnaireVersion, Scale};

pub async fn id_by_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<i32>> {
    let found = questionnaire::Entity::find()
        .filter(questionnaire::Column::Code.eq(code))
        .one(conn)
        .await?;
    Ok(found.map(|q| q.id))
}

/// The newest version of a questionnaire: the one new surveys show.
pub async fn current_version<C: ConnectionTrait>(
    conn: &C,
    questionnaire_id: i32,
) -> Result<Option<QuestionnaireVersion>> {
    let newest = questionnaire_version::Entity::find()
        .filter(questionnaire_version::Column::QuestionnaireId.eq(questionnaire_id))
        .order_by_desc(questionnaire_version::Column::Version)
        .one(conn)
        .await?;
    match newest {
        Some(model) => Ok(Some(with_questions(conn, model).await?)),
        None => Ok(None),
    }
}

/// A given version, if it belongs to the questionnaire (a form loaded before a new version was
/// made is still answered against the version it showed).
pub async fn version_of<C: ConnectionTrait>(
    conn: &C,
    questionnaire_id: i32,
    version_id: i32,
) -> Result<Option<QuestionnaireVersion>> {
    let found = questionnaire_version::Entity::find_by_id(version_id)
        .filter(questionnaire_version::Column::QuestionnaireId.eq(questionnaire_id))
        .one(conn)
        .await?;
    match found {
        Some(model) => Ok(Some(with_questions(conn, model).await?)),
        None => Ok(None),
    }
}

async fn with_questions<C: ConnectionTrait>(
    conn: &C,
    version: questionnaire_version::Model,
) -> Result<QuestionnaireVersion> {
    let code = questionnaire::Entity::find_by_id(version.questionnaire_id)
        .one(conn)
        .await?
        .map(|q| q.code)
        .unwrap_or_default();
    let questions = question::Entity::find()
        .filter(question::Column::VersionId.eq(version.id))
        .order_by_asc(question::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(question_to_domain)
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(QuestionnaireVersion {
        id: version.id,
        questionnaire_id: version.questionnaire_id,
        questionnaire_code: code,
        version: version.version,
        title_vi: version.title_vi,
        title_en: version.title_en,
        allow_comment: version.allow_comment,
        questions,
    })
}

fn question_to_domain(model: question::Model) -> Result<Question, DbErr> {
    let scale = Scale::from_code(&model.scale).ok_or_else(|| {
        DbErr::Custom(format!(
            "question {}: unknown scale {}",
            model.id, model.scale
        ))
    })?;
    let element = match model.element.as_deref() {
        Some(code) => Some(Element::from_code(code).ok_or_else(|| {
            DbErr::Custom(format!("question {}: unknown element {code}", model.id))
        })?),
        None => None,
    };
    Ok(Question {
        id: model.id,
        position: u16::try_from(model.position)
            .map_err(|_| DbErr::Custom(format!("question {}: bad position", model.id)))?,
        code: model.code,
        element,
        scale,
        text_vi: model.text_vi,
        text_en: model.text_en,
    })
}

/// A questionnaire with all its versions, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionnaireHistory {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub versions: Vec<QuestionnaireVersion>,
}

/// Every questionnaire and every version, with questions: the instruments are data.
pub async fn all_with_versions<C: ConnectionTrait>(conn: &C) -> Result<Vec<QuestionnaireHistory>> {
    let mut histories = Vec::new();
    for q in questionnaire::Entity::find()
        .order_by_asc(questionnaire::Column::Code)
        .all(conn)
        .await?
    {
        let mut versions = Vec::new();
        for v in questionnaire_version::Entity::find()
            .filter(questionnaire_version::Column::QuestionnaireId.eq(q.id))
            .order_by_desc(questionnaire_version::Column::Version)
            .all(conn)
            .await?
        {
            versions.push(with_questions(conn, v).await?);
        }
        histories.push(QuestionnaireHistory {
            code: q.code,
            name_vi: q.name_vi,
            name_en: q.name_en,
            versions,
        });
    }
    Ok(histories)
}

/// Makes the next version of a questionnaire from a draft, in one transaction; returns its
/// number. Counters showing the questionnaire show the new version from then on; responses keep
/// the version they answered.
pub async fn add_version(
    db: &super::Db,
    questionnaire_code: &str,
    draft: &crate::domain::version_draft::VersionDraft,
    actor: &str,
) -> Result<i32> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, TransactionTrait};
    let txn = db.writer.begin().await?;
    let questionnaire_id = id_by_code(&txn, questionnaire_code).await?.ok_or_else(|| {
        super::Error::NotFound(crate::domain::invalid::Invalid::new(
            format!("không có bộ câu hỏi «{questionnaire_code}»"),
            format!("no questionnaire {questionnaire_code}"),
        ))
    })?;
    let current = questionnaire_version::Entity::find()
        .filter(questionnaire_version::Column::QuestionnaireId.eq(questionnaire_id))
        .order_by_desc(questionnaire_version::Column::Version)
        .one(&txn)
        .await?;
    let number = current.as_ref().map_or(1, |v| v.version + 1);
    let version = questionnaire_version::ActiveModel {
        questionnaire_id: Set(questionnaire_id),
        version: Set(number),
        title_vi: Set(draft.title_vi.clone()),
        title_en: Set(draft.title_en.clone()),
        allow_comment: Set(current.as_ref().is_none_or(|v| v.allow_comment)),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (position, q) in (1i16..).zip(&draft.questions) {
        question::ActiveModel {
            version_id: Set(version.id),
            position: Set(position),
            code: Set(q.code.clone()),
            element: Set(q.element.map(|e| e.code().to_owned())),
            scale: Set(q.scale.code().to_owned()),
            text_vi: Set(q.text_vi.clone()),
            text_en: Set(q.text_en.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::accounts::audit(
        &txn,
        actor,
        "questionnaire version added",
        &format!("{questionnaire_code} v{number}"),
        Some(format!("{} items", draft.questions.len())),
    )
    .await?;
    txn.commit().await?;
    db.note_change();
    Ok(number)
}

/// The id of a questionnaire's newest version: one indexed row, for callers that keep
/// versions in memory (a version never changes once made).
pub async fn current_version_id<C: ConnectionTrait>(
    conn: &C,
    questionnaire_id: i32,
) -> Result<Option<i32>> {
    use sea_orm::QuerySelect;
    let newest = questionnaire_version::Entity::find()
        .select_only()
        .column(questionnaire_version::Column::Id)
        .filter(questionnaire_version::Column::QuestionnaireId.eq(questionnaire_id))
        .order_by_desc(questionnaire_version::Column::Version)
        .into_tuple::<i32>()
        .one(conn)
        .await?;
    Ok(newest)
}

/// A version by id, with its questions.
pub async fn version_by_id<C: ConnectionTrait>(
    conn: &C,
    version_id: i32,
) -> Result<Option<QuestionnaireVersion>> {
    match questionnaire_version::Entity::find_by_id(version_id)
        .one(conn)
        .await?
    {
        Some(model) => Ok(Some(with_questions(conn, model).await?)),
        None => Ok(None),
    }
}
