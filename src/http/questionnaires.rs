//! `GET /admin/questionnaires`: every questionnaire, version and question, for any staff member;
//! `GET/POST /admin/questionnaires/{code}/new`: admins make the next version from an edited copy
//! of the current one.

use axum::{
    Form,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use templates::Lang;
use templates::admin::{
    EditorQuestion, NewItem, QuestionView, QuestionnaireView, QuestionnairesView,
    VersionEditorView, VersionView, questionnaires_page, version_editor_page,
};

use super::users::admin_only;
use super::{AppState, error::AppError, lang, staff::Staff};
use crate::db::{self, questionnaires};
use crate::domain::QuestionnaireVersion;
use crate::domain::account::Role;
use crate::domain::version_draft::VersionDraft;

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let pick = |vi: &str, en: &str| {
        if lang == Lang::Vi {
            vi.to_owned()
        } else {
            en.to_owned()
        }
    };
    let questionnaires = questionnaires::all_with_versions(&state.db.reader)
        .await?
        .into_iter()
        .map(|q| QuestionnaireView {
            name: pick(&q.name_vi, &q.name_en),
            code: q.code,
            versions: q
                .versions
                .into_iter()
                .map(|v| VersionView {
                    number: v.version,
                    title: pick(&v.title_vi, &v.title_en),
                    questions: v
                        .questions
                        .into_iter()
                        .map(|question| QuestionView {
                            position: question.position,
                            element: question
                                .element
                                .map_or_else(|| "–".to_owned(), |e| pick(e.name_vi(), e.name_en())),
                            scale: question.scale.code().to_owned(),
                            code: question.code,
                            text_vi: question.text_vi,
                            text_en: question.text_en,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let view = QuestionnairesView {
        lang,
        username: staff.account.username.clone(),
        csrf: staff.csrf.clone(),
        can_edit: staff.account.role == Role::Admin,
        questionnaires,
    };
    Ok(questionnaires_page(&view).into_response())
}

/// The questionnaire's names and current version, or 404.
async fn current(
    state: &AppState,
    code: &str,
) -> Result<(String, String, QuestionnaireVersion), AppError> {
    let history = questionnaires::all_with_versions(&state.db.reader)
        .await?
        .into_iter()
        .find(|q| q.code == code)
        .ok_or(AppError::NotFound)?;
    let version = history
        .versions
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    Ok((history.name_vi, history.name_en, version))
}

/// The editor, filled from `fields` where given (a refused form) and else from the current
/// version.
fn editor(
    staff: &Staff,
    lang: Lang,
    code: &str,
    (name_vi, name_en): (&str, &str),
    version: &QuestionnaireVersion,
    fields: &[(String, String)],
    problem: Option<String>,
) -> VersionEditorView {
    let sent = !fields.is_empty();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let or = |name: &str, default: &str| field(name).unwrap_or_else(|| default.to_owned());
    let pick = |vi: &str, en: &str| {
        if lang == Lang::Vi {
            vi.to_owned()
        } else {
            en.to_owned()
        }
    };
    VersionEditorView {
        lang,
        username: staff.account.username.clone(),
        csrf: staff.csrf.clone(),
        code: code.to_owned(),
        name: pick(name_vi, name_en),
        copied: version.version,
        title_vi: or("title_vi", &version.title_vi),
        title_en: or("title_en", &version.title_en),
        questions: version
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let n = i + 1;
                EditorQuestion {
                    code: q.code.clone(),
                    element: q
                        .element
                        .map_or_else(|| "–".to_owned(), |e| pick(e.name_vi(), e.name_en())),
                    scale: q.scale.code().to_owned(),
                    text_vi: or(&format!("text_vi_{n}"), &q.text_vi),
                    text_en: or(&format!("text_en_{n}"), &q.text_en),
                    keep: !sent || field(&format!("keep_{n}")).is_some(),
                }
            })
            .collect(),
        new_item: NewItem {
            code: or("new_code", ""),
            element: or("new_element", ""),
            scale: or("new_scale", "five_point"),
            text_vi: or("new_text_vi", ""),
            text_en: or("new_text_en", ""),
        },
        problem,
    }
}

pub async fn new_version_form(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    admin_only(&staff)?;
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let (name_vi, name_en, version) = current(&state, &code).await?;
    let view = editor(
        &staff,
        lang,
        &code,
        (&name_vi, &name_en),
        &version,
        &[],
        None,
    );
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        version_editor_page(&view),
    )
        .into_response())
}

pub async fn new_version(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    admin_only(&staff)?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if !staff.csrf_matches(field("csrf").unwrap_or_default()) {
        return Err(AppError::Forbidden);
    }
    let lang = field("lang").and_then(Lang::from_code).unwrap_or_default();
    let (name_vi, name_en, version) = current(&state, &code).await?;
    let refused = |problem: String| {
        let view = editor(
            &staff,
            lang,
            &code,
            (&name_vi, &name_en),
            &version,
            &fields,
            Some(problem),
        );
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CACHE_CONTROL, "no-store")],
            version_editor_page(&view),
        )
            .into_response()
    };
    let draft = match VersionDraft::from_form(&version, &fields) {
        Ok(draft) => draft,
        Err(problem) => return Ok(refused(problem)),
    };
    let added = questionnaires::add_version(&state.db, &code, &draft, &staff.account.username);
    match added.await {
        Ok(_) => {}
        Err(db::Error::NotFound(problem) | db::Error::Conflict(problem)) => {
            return Ok(refused(problem));
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to(&format!(
        "/admin/questionnaires?lang={}#{code}",
        lang.code()
    ))
    .into_response())
}
