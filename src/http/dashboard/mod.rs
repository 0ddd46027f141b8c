//! `GET /admin/units/{code}`: a unit's dashboard for a period; `GET /admin/units/{code}/export`:
//! the same table as `sipas export`, as a download. Both only within the account's scope.

mod signed;
mod view;

use axum::{
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use templates::Lang;
use templates::admin::dashboard_page;

use super::extract::Query;
use super::staff::{self, ScopedUnit, Staff};
use super::{AppState, error::AppError, lang};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Method};
use crate::domain::invalid::Invalid;
use crate::domain::{Period, UnitCode};
use crate::export;
use crate::report::{self, GroupBy, ReportRequest};

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    period: Option<String>,
    /// A custom range from two date fields (`yyyy-mm-dd`): it wins over `period`.
    from: Option<String>,
    to: Option<String>,
    method: Option<String>,
    lang: Option<String>,
    by: Option<String>,
    format: Option<String>,
    /// `1`: the figures as they are now, even for a signed-off period.
    live: Option<String>,
}

pub async fn dashboard(
    State(state): State<AppState>,
    staff: Staff,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<DashboardQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(query.lang.as_deref().and_then(Lang::from_code), &headers);
    let today = state.clock.today();
    let view = view::dashboard_view(&state.db, &staff, &unit, &query, lang, today).await?;
    Ok(staff::page(dashboard_page(&view)))
}

fn bad_request<T>(parsed: Result<T, Invalid>) -> Result<T, AppError> {
    parsed.map_err(|_| AppError::BadRequest)
}

pub async fn download(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, AppError> {
    let period = bad_request(Period::parse(query.period.as_deref().unwrap_or_default()))?;
    let method = bad_request(Method::parse(query.method.as_deref().unwrap_or("pooled")))?;
    let by = bad_request(GroupBy::parse(query.by.as_deref().unwrap_or("children")))?;
    let format = bad_request(export::Format::parse(
        query.format.as_deref().unwrap_or("csv"),
    ))?;
    let request = ReportRequest {
        unit: UnitCode::parse(&unit.code).map_err(|_| AppError::NotFound)?,
        period,
        by,
        method,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    let live = query.live.as_deref() == Some("1");
    let report = report::for_export(&state.db, &request, live).await?;
    let mut bytes = Vec::new();
    let (content_type, extension) = match format {
        export::Format::Csv => {
            export::csv::write(&export::table::table(&report), &mut bytes)?;
            ("text/csv; charset=utf-8", "csv")
        }
        export::Format::Json => {
            export::json::write(&report, &mut bytes)?;
            ("application/json", "json")
        }
        export::Format::Xlsx => {
            bytes = export::xlsx::write(&export::table::table(&report))?;
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            )
        }
    };
    let filename = format!("sipas-{}-{}.{extension}", unit.code, period).replace("..", "_");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
