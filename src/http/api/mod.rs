//! `/api/v1`: JSON for machines. A bearer token (`sipas token add`) names a client scoped like
//! an account; a unit outside its scope answers 404 as if it did not exist. Figures are the
//! JSON export's document; raw responses come in pages with a cursor. The OpenAPI description
//! is served at `/api/v1/openapi.json`.

mod client;
mod error;
mod query;

use std::collections::HashMap;

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

pub use client::Client;
pub use error::{ApiError, json_errors, not_found};
use query::ApiQuery;

use super::AppState;
use crate::db::{counters, figures, raw, units};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Method};
use crate::domain::invalid::Invalid;
use crate::domain::masking::mask_contacts;
use crate::domain::{LocalDay, Period, Unit, UnitCode};
use crate::export;
use crate::report::{self, GroupBy, ReportRequest};

/// The OpenAPI 3.1 description of this API, kept beside the code it describes.
const OPENAPI: &str = include_str!("openapi.json");

/// A JSON body (axum's `Json` needs a feature we do not build).
pub(crate) fn json_body(status: axum::http::StatusCode, value: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

fn ok(value: Value) -> Response {
    json_body(axum::http::StatusCode::OK, &value)
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The unit named by `code`, if the client may see it.
async fn unit_in_scope(state: &AppState, client: &Client, code: &str) -> Result<Unit, ApiError> {
    let code = UnitCode::parse(code).map_err(|_| ApiError::NotFound)?;
    let unit = units::find_by_code(&state.db, &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    if client.0.sees_path(&unit.path) {
        Ok(unit)
    } else {
        Err(ApiError::NotFound)
    }
}

fn unit_required() -> ApiError {
    ApiError::BadRequest(Invalid::new("cần tham số unit", "unit is required"))
}

fn period(raw: Option<&str>) -> Result<Period, ApiError> {
    let raw = raw.ok_or_else(|| {
        ApiError::BadRequest(Invalid::new(
            "cần tham số period, ví dụ 2025-Q1",
            "period is required, e.g. 2025-Q1",
        ))
    })?;
    Period::parse(raw).map_err(ApiError::BadRequest)
}

#[derive(Deserialize)]
pub struct UnitsQuery {
    unit: Option<String>,
}

/// `GET /api/v1/units[?unit=C]`: the units the client sees (or those of one subtree), parents
/// before children.
pub async fn units(
    State(state): State<AppState>,
    client: Client,
    ApiQuery(query): ApiQuery<UnitsQuery>,
) -> Result<Response, ApiError> {
    let list = match (&query.unit, &client.0.scope) {
        (Some(code), _) => {
            let root = unit_in_scope(&state, &client, code).await?;
            units::subtree(&state.db, &root).await?
        }
        (None, Some(scope)) => {
            let root = unit_in_scope(&state, &client, &scope.unit_code).await?;
            units::subtree(&state.db, &root).await?
        }
        (None, None) => units::all(&state.db).await?,
    };
    let codes: HashMap<i32, String> = list.iter().map(|u| (u.id, u.code.clone())).collect();
    let units: Vec<Value> = list
        .iter()
        .map(|u| {
            json!({
                "code": u.code,
                "name": u.name,
                "kind": u.kind.code(),
                "parent": u.parent_id.and_then(|p| codes.get(&p)),
                "active": u.active,
            })
        })
        .collect();
    Ok(ok(json!({ "units": units })))
}

#[derive(Deserialize)]
pub struct UnitQuery {
    unit: Option<String>,
}

/// `GET /api/v1/counters?unit=C`: the counters of a unit and of the units below it.
pub async fn counters(
    State(state): State<AppState>,
    client: Client,
    ApiQuery(query): ApiQuery<UnitQuery>,
) -> Result<Response, ApiError> {
    let code = query.unit.ok_or_else(unit_required)?;
    let unit = unit_in_scope(&state, &client, &code).await?;
    let list = counters::list_in_subtree(&state.db, &unit).await?;
    let counters: Vec<Value> = list
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "unit": c.unit_code,
                "questionnaire": c.questionnaire_code,
                "active": c.active && c.unit_active,
                "survey_url": crate::qr::survey_url(&state.public_url, &c.token),
            })
        })
        .collect();
    Ok(ok(json!({ "counters": counters })))
}

#[derive(Deserialize)]
pub struct FiguresQuery {
    unit: Option<String>,
    period: Option<String>,
    by: Option<String>,
    method: Option<String>,
    min_sample: Option<u64>,
    /// The figures as they are now, even for a signed-off period.
    live: Option<bool>,
}

/// `GET /api/v1/figures?unit=C&period=P[&by=…][&method=…][&min_sample=N][&live=true]`: the same
/// document as `sipas export --format json`; a signed-off period's approved figures unless
/// `live`.
pub async fn figures(
    State(state): State<AppState>,
    client: Client,
    ApiQuery(query): ApiQuery<FiguresQuery>,
) -> Result<Response, ApiError> {
    let code = query.unit.ok_or_else(unit_required)?;
    let unit = unit_in_scope(&state, &client, &code).await?;
    let request = ReportRequest {
        unit: UnitCode::parse(&unit.code).map_err(ApiError::BadRequest)?,
        period: period(query.period.as_deref())?,
        by: GroupBy::parse(query.by.as_deref().unwrap_or("children"))
            .map_err(ApiError::BadRequest)?,
        method: Method::parse(query.method.as_deref().unwrap_or("pooled"))
            .map_err(ApiError::BadRequest)?,
        min_sample: query.min_sample.unwrap_or(DEFAULT_MIN_SAMPLE),
    };
    let live = query.live.unwrap_or(false);
    let report = report::for_export(&state.db, &request, live)
        .await
        .map_err(|err| ApiError::Internal(err.into()))?;
    let mut body = Vec::new();
    export::json::write(&report, &mut body).map_err(|err| ApiError::Internal(err.into()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[derive(Deserialize)]
pub struct ResponsesQuery {
    unit: Option<String>,
    period: Option<String>,
    after: Option<u64>,
    limit: Option<usize>,
}

/// The most responses one page gives.
const MAX_PAGE: usize = 1000;

/// `GET /api/v1/responses?unit=C&period=P[&after=CURSOR][&limit=N]`: counted responses in
/// submission order, `limit` (default 100, at most 1,000) a page; `next` is the cursor of the
/// following page, `null` on the last one. Comments come with phones and e-mails masked.
pub async fn responses(
    State(state): State<AppState>,
    client: Client,
    ApiQuery(query): ApiQuery<ResponsesQuery>,
) -> Result<Response, ApiError> {
    let code = query.unit.ok_or_else(unit_required)?;
    let unit = unit_in_scope(&state, &client, &code).await?;
    let period = period(query.period.as_deref())?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::BadRequest(Invalid::new(
            format!("limit phải từ 1 đến {MAX_PAGE}"),
            format!("limit must be from 1 to {MAX_PAGE}"),
        )));
    }
    // Ids are below 2^63: a cursor beyond them has nothing after it.
    let after = query
        .after
        .map(|after| i64::try_from(after).unwrap_or(i64::MAX));
    let subtree = units::subtree(&state.db, &unit).await?;
    let ids: Vec<i32> = subtree.iter().map(|u| u.id).collect();
    let codes: HashMap<i32, &str> = subtree.iter().map(|u| (u.id, u.code.as_str())).collect();
    let catalog = figures::question_catalog(&state.db).await?;
    let versions = figures::version_labels(&state.db).await?;

    let mut page = Vec::with_capacity(limit);
    let mut next = None;
    if let Some((first, last)) = raw::id_range(&state.db, &period).await? {
        let start = after.map_or(first, |after| first.max(after.saturating_add(1)));
        if start <= last {
            let stream = raw::counted_responses(&state.db, &ids, &period, (start, last)).await?;
            let mut stream = std::pin::pin!(stream);
            while let Some(response) = stream.next().await {
                let response = response?;
                if page.len() == limit {
                    // One more exists: the cursor is the last id of this page.
                    next = page.last().and_then(|r: &Value| r["id"].as_i64());
                    break;
                }
                let answers: serde_json::Map<String, Value> = response
                    .answers
                    .iter()
                    .filter_map(|(question, value)| {
                        let key = &catalog.get(question)?.key;
                        Some((format!("{}:{}", key.questionnaire, key.code), json!(value)))
                    })
                    .collect();
                page.push(json!({
                    "id": response.id,
                    "submitted_at": response.submitted_at.format(&Rfc3339).unwrap_or_default(),
                    "local_day": LocalDay::from_yyyymmdd(response.local_day).map(|d| d.date().to_string()),
                    "unit": codes.get(&response.unit_id),
                    "counter": response.counter_id,
                    "questionnaire_version": versions.get(&response.version_id),
                    "answers": answers,
                    "comment": response.comment.as_deref().map(mask_contacts),
                }));
            }
        }
    }
    Ok(ok(json!({ "responses": page, "next": next })))
}
