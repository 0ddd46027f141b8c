//! `GET /admin/questionnaires`: every questionnaire, version and question, for any staff member.

use axum::{
    extract::{RawQuery, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use templates::Lang;
use templates::admin::{
    QuestionView, QuestionnaireView, QuestionnairesView, VersionView, questionnaires_page,
};

use super::{AppState, error::AppError, lang, staff::Staff};
use crate::db::questionnaires;

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
        questionnaires,
    };
    Ok(questionnaires_page(&view).into_response())
}
