//! Counters on the staff side: the QR codes of a unit's counters, their downloads and posters,
//! and a new code for a counter (managers and admins, with the session's CSRF token).

use axum::{
    Form,
    extract::{Path, Query, RawQuery, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{CounterRow, CountersView, counters_page};
use templates::poster::{PosterSize, PosterView, posters_page};

use super::{AppState, admin::CsrfForm, error::AppError, lang, staff::Staff};
use crate::db::{accounts, counters, counters::CounterInfo, units};
use crate::domain::UnitCode;
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
                url,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let view = CountersView {
        lang,
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

pub async fn poster(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let counter = counter_in_scope(&state, &staff, id).await?;
    let size = match query.size.as_deref() {
        Some("a6") => PosterSize::A6,
        None | Some("a4") => PosterSize::A4,
        Some(_) => return Err(AppError::BadRequest),
    };
    let url = survey_url(&state, &counter);
    let view = PosterView {
        unit_name: counter.unit_name.clone(),
        counter_name: counter.name.clone(),
        qr_svg: qr::inline_svg(&url).map_err(anyhow::Error::from)?,
        url,
    };
    // A poster carries its print stylesheet inline, so that the saved file prints as is.
    let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";
    Ok((
        [(header::CONTENT_SECURITY_POLICY, policy)],
        posters_page(size, &[view]),
    )
        .into_response())
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
    counters::rotate(&state.db, counter.id).await?;
    accounts::audit(
        &state.db.writer,
        &staff.account.username,
        "counter code rotated",
        &format!(
            "counter {} ({} – {})",
            counter.id, counter.unit_code, counter.name
        ),
        None,
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/units/{}/counters", counter.unit_code)).into_response())
}
