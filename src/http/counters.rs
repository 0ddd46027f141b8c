//! Counters on the staff side: the QR codes of a unit's counters, their downloads and posters;
//! managers and admins add counters, rename them, choose their questionnaire, switch them off
//! and give them a new code.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{CounterRow, CountersView, counters_page};
use templates::poster::{PosterSize, PosterView, posters_page};
use templates::{Lang, paths};

use super::extract::Query;
use super::lang::PageLang;
use super::staff::{self, Change, NoFields, ScopedCounter, ScopedUnit, Staff};
use super::{AppState, error::AppError};
use crate::db::counters::{CounterChange, CounterInfo};
use crate::db::{self, counters, questionnaires, units};
use crate::domain::{Name, UnitCode};
use crate::qr;

fn survey_url(state: &AppState, counter: &CounterInfo) -> String {
    qr::survey_url(&state.public_url, &counter.token)
}

/// `GET /admin/units/{code}/counters`: the counters of the unit and the units below it.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ScopedUnit(unit): ScopedUnit,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    let rows = counters::list_in_subtree(&state.db, &unit)
        .await?
        .into_iter()
        .map(|c| {
            let url = survey_url(&state, &c);
            Ok(CounterRow {
                id: c.id,
                qr_svg: qr::inline_svg(&url)?,
                name: c.name,
                unit_name: c.unit_name,
                questionnaire: c.questionnaire_code,
                active: c.active,
                url,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let units = units::subtree(&state.db, &unit)
        .await?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect();
    let questionnaires = questionnaires::all_with_versions(&state.db)
        .await?
        .into_iter()
        .map(|q| (q.code, lang.pick(&q.name_vi, &q.name_en).to_owned()))
        .collect();
    let view = CountersView {
        lang,
        units,
        questionnaires,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code,
        unit_name: unit.name,
        can_change: staff.account.may_change(),
        counters: rows,
    };
    Ok(staff::page(counters_page(&view)))
}

/// A file to save, named `name`.
fn download(content_type: &'static str, name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn svg(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
) -> Result<Response, AppError> {
    let svg = qr::svg(&survey_url(&state, &counter))?;
    let name = format!("{}-quay-{}.svg", counter.unit_code, counter.id);
    Ok(download("image/svg+xml", name, svg.into_bytes()))
}

pub async fn png(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
) -> Result<Response, AppError> {
    let png = qr::png(&survey_url(&state, &counter))?;
    let name = format!("{}-quay-{}.png", counter.unit_code, counter.id);
    Ok(download("image/png", name, png))
}

#[derive(Deserialize)]
pub struct PosterQuery {
    size: Option<String>,
}

fn poster_size(size: Option<&str>) -> Result<PosterSize, AppError> {
    match size {
        Some("a6") => Ok(PosterSize::A6),
        None | Some("a4") => Ok(PosterSize::A4),
        Some(_) => Err(AppError::BadRequest),
    }
}

fn poster_view(state: &AppState, counter: &CounterInfo) -> Result<PosterView, AppError> {
    let url = survey_url(state, counter);
    Ok(PosterView {
        unit_name: counter.unit_name.clone(),
        counter_name: counter.name.clone(),
        qr_svg: qr::inline_svg(&url)?,
        url,
    })
}

/// A page of posters, one per sheet. It carries its print stylesheet inline, so that the saved
/// file prints as is.
fn posters_response(size: PosterSize, posters: &[PosterView]) -> Response {
    let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";
    (
        [(header::CONTENT_SECURITY_POLICY, policy)],
        posters_page(size, posters),
    )
        .into_response()
}

pub async fn poster(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let size = poster_size(query.size.as_deref())?;
    Ok(posters_response(size, &[poster_view(&state, &counter)?]))
}

/// `GET /admin/units/{code}/posters?size=a4|a6`: the posters of every active counter of a unit
/// and of the units below it, one per page, to print in one go.
pub async fn unit_posters(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let size = poster_size(query.size.as_deref())?;
    let posters = counters::list_in_subtree(&state.db, &unit)
        .await?
        .iter()
        .filter(|c| c.active && c.unit_active)
        .map(|c| poster_view(&state, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(posters_response(size, &posters))
}

/// `POST /admin/counters/{id}/rotate`: a new code; the old poster stops working at once.
pub async fn rotate(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<NoFields>,
) -> Result<Response, AppError> {
    counters::rotate(&state.db, counter.id, sent.actor()).await?;
    Ok(Redirect::to(&paths::UnitCounters::href(&counter.unit_code)).into_response())
}

/// A unit or questionnaire that is not there (or not in the page's subtree): 422.
const CHOOSE_AGAIN: AppError = AppError::Invalid(
    "Đơn vị hoặc bộ câu hỏi đã chọn không có. Vui lòng quay lại và chọn lại.",
    "The chosen unit or questionnaire does not exist. Please go back and choose again.",
);

/// A refusal the person can act on (422, said in both languages); anything else is a 500.
fn refused(err: db::Error) -> AppError {
    match err {
        db::Error::NotFound(_) | db::Error::Conflict(_) => CHOOSE_AGAIN,
        other => other.into(),
    }
}

const BAD_NAME: AppError = AppError::Invalid(
    "Tên quầy không hợp lệ: cần từ 1 đến 200 ký tự. Vui lòng quay lại và sửa.",
    "The counter name is not valid: 1 to 200 characters. Please go back and correct it.",
);

/// Back to a unit's counters, in the language the form was sent in.
fn to_counters(unit_code: &str, lang: Lang) -> Response {
    let href = format!(
        "{}?lang={}",
        paths::UnitCounters::href(unit_code),
        lang.code()
    );
    Redirect::to(&href).into_response()
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    questionnaire: String,
}

/// `POST /admin/units/{code}/counters`: a new counter in the unit or a unit below it.
pub async fn add(
    State(state): State<AppState>,
    ScopedUnit(page_unit): ScopedUnit,
    sent: Change<AddForm>,
) -> Result<Response, AppError> {
    let form = &sent.form;
    let name = Name::parse(&form.name).map_err(|_| BAD_NAME)?;
    // The counter's unit must lie in the page's subtree (and so in the account's scope).
    let target = UnitCode::parse(&form.unit).map_err(|_| CHOOSE_AGAIN)?;
    let inside = units::find_by_code(&state.db, &target)
        .await?
        .is_some_and(|u| u.path.starts_with(&page_unit.path));
    if !inside {
        return Err(CHOOSE_AGAIN);
    }
    counters::create(&state.db, &target, &name, &form.questionnaire, sent.actor())
        .await
        .map_err(refused)?;
    Ok(to_counters(&page_unit.code, sent.lang))
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    questionnaire: String,
    #[serde(default)]
    active: String,
}

async fn change(
    state: &AppState,
    counter: &CounterInfo,
    what: CounterChange,
    sent: &Change<ChangeForm>,
) -> Result<Response, AppError> {
    let changed = counters::change(&state.db, counter.id, &what, sent.actor())
        .await
        .map_err(refused)?;
    Ok(to_counters(&changed.unit_code, sent.lang))
}

/// `POST /admin/counters/{id}/rename`.
pub async fn rename(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<ChangeForm>,
) -> Result<Response, AppError> {
    let name = Name::parse(&sent.form.name).map_err(|_| BAD_NAME)?;
    change(&state, &counter, CounterChange::Rename(name), &sent).await
}

/// `POST /admin/counters/{id}/questionnaire`.
pub async fn questionnaire(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<ChangeForm>,
) -> Result<Response, AppError> {
    let code = sent.form.questionnaire.trim().to_owned();
    change(&state, &counter, CounterChange::Questionnaire(code), &sent).await
}

/// `POST /admin/counters/{id}/active`: switched on (`active=true`) or off.
pub async fn set_active(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<ChangeForm>,
) -> Result<Response, AppError> {
    let active = sent.form.active == "true";
    change(&state, &counter, CounterChange::Active(active), &sent).await
}
