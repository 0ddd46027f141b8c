//! Counters on the staff side: the QR codes of a unit's counters, their downloads and posters,
//! and a new code for a counter (managers and admins, with the session's CSRF token).

use axum::{
    Form,
    extract::{Path, Query, RawQuery, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::Lang;
use templates::admin::{CounterRow, CountersView, counters_page};
use templates::poster::{PosterSize, PosterView, posters_page};

use super::{AppState, admin::CsrfForm, error::AppError, lang, staff::Staff};
use crate::db::counters::{CounterChange, CounterInfo};
use crate::db::{self, counters, questionnaires, units};
use crate::domain::{Name, UnitCode};
use crate::qr;

/// The counter, if the account may see it; otherwise 404.
async fn counter_in_scope(
    state: &AppState,
    staff: &Staff,
    id: i32,
) -> Result<CounterInfo, AppError> {
    let counter = counters::get(&state.db.reader, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if staff.account.sees_path(&counter.unit_path) {
        Ok(counter)
    } else {
        Err(AppError::NotFound)
    }
}

fn survey_url(state: &AppState, counter: &CounterInfo) -> String {
    qr::survey_url(&state.public_url, &counter.token)
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let code = UnitCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let unit = units::find_by_code(&state.db.reader, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if !staff.account.sees_path(&unit.path) {
        return Err(AppError::NotFound);
    }
    let rows = counters::list_in_subtree(&state.db.reader, &unit)
        .await?
        .into_iter()
        .map(|c| {
            let url = survey_url(&state, &c);
            Ok(CounterRow {
                id: c.id,
                qr_svg: qr::inline_svg(&url).map_err(anyhow::Error::from)?,
                name: c.name,
                unit_name: c.unit_name,
                questionnaire: c.questionnaire_code,
                active: c.active,
                url,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let units = units::subtree(&state.db.reader, &unit)
        .await?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect();
    let questionnaires = questionnaires::all_with_versions(&state.db.reader)
        .await?
        .into_iter()
        .map(|q| {
            let name = if lang == Lang::Vi {
                q.name_vi
            } else {
                q.name_en
            };
            (q.code, name)
        })
        .collect();
    let view = CountersView {
        lang,
        units,
        questionnaires,
        username: staff.account.username.clone(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code,
        unit_name: unit.name,
        can_change: staff.account.may_change(),
        counters: rows,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], counters_page(&view)).into_response())
}

fn attachment(name: String) -> String {
    format!("attachment; filename=\"{name}\"")
}

pub async fn svg(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let counter = counter_in_scope(&state, &staff, id).await?;
    let svg = qr::svg(&survey_url(&state, &counter)).map_err(anyhow::Error::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                attachment(format!("{}-quay-{}.svg", counter.unit_code, counter.id)),
            ),
        ],
        svg,
    )
        .into_response())
}

pub async fn png(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let counter = counter_in_scope(&state, &staff, id).await?;
    let png = qr::png(&survey_url(&state, &counter)).map_err(anyhow::Error::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                attachment(format!("{}-quay-{}.png", counter.unit_code, counter.id)),
            ),
        ],
        png,
    )
        .into_response())
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
        qr_svg: qr::inline_svg(&url).map_err(anyhow::Error::from)?,
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
    staff: Staff,
    Path(id): Path<i32>,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let counter = counter_in_scope(&state, &staff, id).await?;
    let size = poster_size(query.size.as_deref())?;
    Ok(posters_response(size, &[poster_view(&state, &counter)?]))
}

/// `GET /admin/units/{code}/posters?size=a4|a6`: the posters of every active counter of a unit
/// and of the units below it, one per page, to print in one go.
pub async fn unit_posters(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let code = UnitCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let unit = units::find_by_code(&state.db.reader, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if !staff.account.sees_path(&unit.path) {
        return Err(AppError::NotFound);
    }
    let size = poster_size(query.size.as_deref())?;
    let posters = counters::list_in_subtree(&state.db.reader, &unit)
        .await?
        .iter()
        .filter(|c| c.active && c.unit_active)
        .map(|c| poster_view(&state, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(posters_response(size, &posters))
}

pub async fn rotate(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, AppError> {
    let counter = counter_in_scope(&state, &staff, id).await?;
    if !staff.account.may_change() || !staff.csrf_matches(&form.csrf) {
        return Err(AppError::Forbidden);
    }
    counters::rotate(&state.db, counter.id, &staff.account.username).await?;
    Ok(Redirect::to(&format!("/admin/units/{}/counters", counter.unit_code)).into_response())
}

/// A refusal the person can act on (422, said in both languages); anything else is a 500.
fn refused(err: db::Error) -> AppError {
    match err {
        db::Error::NotFound(_) | db::Error::Conflict(_) => AppError::Invalid(
            "Đơn vị hoặc bộ câu hỏi đã chọn không có. Vui lòng quay lại và chọn lại.",
            "The chosen unit or questionnaire does not exist. Please go back and choose again.",
        ),
        other => other.into(),
    }
}

const BAD_NAME: AppError = AppError::Invalid(
    "Tên quầy không hợp lệ: cần từ 1 đến 200 ký tự. Vui lòng quay lại và sửa.",
    "The counter name is not valid: 1 to 200 characters. Please go back and correct it.",
);

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
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
    staff: Staff,
    Path(code): Path<String>,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    let page_unit = UnitCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let page_unit = units::find_by_code(&state.db.reader, &page_unit)
        .await?
        .ok_or(AppError::NotFound)?;
    if !staff.account.sees_path(&page_unit.path) {
        return Err(AppError::NotFound);
    }
    if !staff.account.may_change() || !staff.csrf_matches(&form.csrf) {
        return Err(AppError::Forbidden);
    }
    let name = Name::parse(&form.name).map_err(|_| BAD_NAME)?;
    // The counter's unit must lie in the page's subtree (and so in the account's scope).
    let target =
        UnitCode::parse(&form.unit).map_err(|_| refused(db::Error::NotFound(String::new())))?;
    let inside = units::find_by_code(&state.db.reader, &target)
        .await?
        .is_some_and(|u| u.path.starts_with(&page_unit.path));
    if !inside {
        return Err(refused(db::Error::NotFound(String::new())));
    }
    counters::create(
        &state.db,
        &target,
        &name,
        &form.questionnaire,
        &staff.account.username,
    )
    .await
    .map_err(refused)?;
    let lang = Lang::from_code(&form.lang).unwrap_or(Lang::Vi);
    Ok(Redirect::to(&format!(
        "/admin/units/{}/counters?lang={}",
        page_unit.code,
        lang.code()
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    questionnaire: String,
    #[serde(default)]
    active: String,
}

/// `POST /admin/counters/{id}/rename|questionnaire|active`.
pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, what)): Path<(i32, String)>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, AppError> {
    let counter = counter_in_scope(&state, &staff, id).await?;
    let change = match what.as_str() {
        "rename" => CounterChange::Rename(Name::parse(&form.name).map_err(|_| BAD_NAME)?),
        "questionnaire" => CounterChange::Questionnaire(form.questionnaire.trim().to_owned()),
        "active" => CounterChange::Active(form.active == "true"),
        _ => return Err(AppError::NotFound),
    };
    if !staff.account.may_change() || !staff.csrf_matches(&form.csrf) {
        return Err(AppError::Forbidden);
    }
    let changed = counters::change(&state.db, counter.id, &change, &staff.account.username)
        .await
        .map_err(refused)?;
    let lang = Lang::from_code(&form.lang).unwrap_or(Lang::Vi);
    Ok(Redirect::to(&format!(
        "/admin/units/{}/counters?lang={}",
        changed.unit_code,
        lang.code()
    ))
    .into_response())
}
