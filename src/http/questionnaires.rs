//! `GET /admin/questionnaires`: every questionnaire, version and question, for any staff member;
//! `GET/POST /admin/questionnaires/{code}/new`: admins make the next version from an edited copy
//! of the current one.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use templates::admin::{
    EditorQuestion, NewItem, QuestionView, QuestionnaireView, QuestionnairesView,
    VersionEditorView, VersionView, questionnaires_page, version_editor_page,
};
use templates::{Lang, paths};

use super::extract::Path;
use super::lang::PageLang;
use super::staff::{self, AdminStaff, Admins, Change, Staff};
use super::{AppState, error::AppError};
use crate::db::{self, questionnaires};
use crate::domain::QuestionnaireVersion;
use crate::domain::invalid::Invalid;
use crate::domain::version_draft::VersionDraft;

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    let questionnaires = questionnaires::all_with_versions(&state.db)
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
        username: staff.username(),
        csrf: staff.csrf.clone(),
        can_edit: staff.is_admin(),
        questionnaires,
    };
    Ok(staff::page(questionnaires_page(&view)))
}

/// The questionnaire's names and current version, or 404.
async fn current(
    state: &AppState,
    code: &str,
) -> Result<(String, String, QuestionnaireVersion), AppError> {
    let history = questionnaires::all_with_versions(&state.db)
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
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    VersionEditorView {
        lang,
        username: staff.username(),
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
    AdminStaff(staff): AdminStaff,
    Path(code): Path<String>,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    let (name_vi, name_en, version) = current(&state, &code).await?;
    let names = (name_vi.as_str(), name_en.as_str());
    let view = editor(&staff, lang, &code, names, &version, &[], None);
    Ok(staff::page(version_editor_page(&view)))
}

pub async fn new_version(
    State(state): State<AppState>,
    Path(code): Path<String>,
    sent: Change<Vec<(String, String)>, Admins>,
) -> Result<Response, AppError> {
    let (staff, lang, fields) = (&sent.staff, sent.lang, &sent.form);
    let (name_vi, name_en, version) = current(&state, &code).await?;
    let refused = |problem: Invalid| {
        let problem = lang.pick(&problem.vi, &problem.en).to_owned();
        let names = (name_vi.as_str(), name_en.as_str());
        let view = editor(staff, lang, &code, names, &version, fields, Some(problem));
        let page = staff::page(version_editor_page(&view));
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    };
    let draft = match VersionDraft::from_form(&version, fields) {
        Ok(draft) => draft,
        Err(problem) => return Ok(refused(problem)),
    };
    match questionnaires::add_version(&state.db, &code, &draft, sent.actor()).await {
        Ok(_) => {}
        Err(db::Error::NotFound(problem) | db::Error::Conflict(problem)) => {
            return Ok(refused(problem));
        }
        Err(err) => return Err(err.into()),
    }
    let href = format!(
        "{}?lang={}#{code}",
        paths::Questionnaires::href(),
        lang.code()
    );
    Ok(Redirect::to(&href).into_response())
}
