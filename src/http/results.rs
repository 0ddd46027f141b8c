//! `GET /results/{code}`: a unit's results published to citizens, no sign-in, when its staff
//! switched them on (see `templates::results`). The last full month and quarter, and six months
//! of trend; a signed-off period shows its approved figures and says they are official. A unit
//! that does not publish, or does not exist, is 404 alike.

use axum::{
    extract::{RawQuery, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use templates::results::{PeriodResult, ResultsView, Shown, results_page};
use templates::{Lang, paths};

use super::extract::Path;
use super::staff::ScopedUnit;
use super::{AppState, error::AppError, lang, shown};
use crate::db::{public_notes, unit_contact, units};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Method};
use crate::domain::{Element, Period, UnitCode};
use crate::report::{self, GroupBy, ReportRequest, Rows, UnitFigures};

/// Whether a row may be published: enough respondents, and an index at all.
fn publishable(row: &UnitFigures) -> bool {
    row.respondents >= DEFAULT_MIN_SAMPLE && row.sipas.value.is_some()
}

pub(super) fn period_result(
    lang: Lang,
    label: String,
    report: &report::Report,
    note: Option<String>,
) -> PeriodResult {
    let row = &report.total;
    PeriodResult {
        note,
        label,
        respondents: lang.count(row.respondents),
        official: report.signed.is_some(),
        shown: publishable(row).then(|| Shown {
            index: shown::percent(lang, row.sipas.value),
            elements: Element::ALL
                .iter()
                .zip(&row.elements)
                .map(|(element, index)| {
                    (
                        lang.pick(element.name_vi(), element.name_en()).to_owned(),
                        shown::percent(lang, index.value),
                    )
                })
                .collect(),
        }),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let code = UnitCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let unit = units::find_by_code(&state.db.reader, &code)
        .await?
        .filter(|u| u.active)
        .ok_or(AppError::NotFound)?;
    if !unit_contact::get(&state.db, unit.id).await?.public_results {
        return Err(AppError::NotFound);
    }
    let request = |period, by| ReportRequest {
        unit: code.clone(),
        period,
        by,
        method: Method::Pooled,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    let today = state.clock.today();
    let (month, quarter) = (Period::month_before(today), Period::quarter_before(today));
    let month_report =
        report::for_export(&state.db, &request(month, GroupBy::Children), false).await?;
    let quarter_report =
        report::for_export(&state.db, &request(quarter, GroupBy::Children), false).await?;
    let month_label = |p: &Period| {
        let first = p.first().date();
        match lang {
            Lang::Vi => format!("Tháng {:02}/{}", u8::from(first.month()), first.year()),
            Lang::En => format!("{} {}", first.month(), first.year()),
        }
    };
    let quarter_label = {
        let first = quarter.first().date();
        let q = (u8::from(first.month()) - 1) / 3 + 1;
        match lang {
            Lang::Vi => format!("Quý {q}/{}", first.year()),
            Lang::En => format!("Q{q} {}", first.year()),
        }
    };
    let month_note = public_notes::get(&state.db, unit.id, &month.to_string()).await?;
    let quarter_note = public_notes::get(&state.db, unit.id, &quarter.to_string()).await?;
    let trend_period = Period::months_ending(month.last().date(), 6).unwrap_or(month);
    let trend = match report::build(&state.db, &request(trend_period, GroupBy::Months))
        .await?
        .rows
    {
        Rows::Units(rows) => rows
            .iter()
            .map(|row| {
                let value = if publishable(row) {
                    shown::percent(lang, row.sipas.value)
                } else {
                    "–".to_owned()
                };
                let label = Period::parse(&row.code)
                    .map(|p| month_label(&p))
                    .unwrap_or_else(|_| row.code.clone());
                (label, value)
            })
            .collect(),
        Rows::Items(_) => Vec::new(),
    };
    let view = ResultsView {
        lang,
        switch_href: format!(
            "{}?lang={}",
            paths::Results::href(&unit.code),
            lang.other().code()
        ),
        unit_name: unit.name.clone(),
        min_sample: lang.count(DEFAULT_MIN_SAMPLE),
        periods: vec![
            period_result(lang, month_label(&month), &month_report, month_note),
            period_result(lang, quarter_label, &quarter_report, quarter_note),
        ],
        trend,
    };
    Ok(results_page(&view).into_response())
}

/// `GET /admin/units/{code}/results-poster?period=2026-11`: the month's results as an A4 poster
/// (any unit in the account's scope; its code to the public page only when the unit publishes).
pub async fn poster(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    super::extract::Query(query): super::extract::Query<PosterQuery>,
) -> Result<Response, AppError> {
    let lang = Lang::Vi;
    let code = UnitCode::parse(&unit.code).map_err(|_| AppError::NotFound)?;
    let month = match query.period.as_deref().map(Period::parse) {
        Some(Ok(period)) if period.kind() == crate::domain::period::PeriodKind::Month => period,
        Some(_) => return Err(AppError::BadRequest),
        None => Period::month_before(state.clock.today()),
    };
    let request = ReportRequest {
        unit: code,
        period: month,
        by: GroupBy::Children,
        method: Method::Pooled,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    let report = report::for_export(&state.db, &request, false).await?;
    let note = public_notes::get(&state.db, unit.id, &month.to_string()).await?;
    let first = month.first().date();
    let label = format!("Tháng {:02}/{}", u8::from(first.month()), first.year());
    let contact = unit_contact::get(&state.db, unit.id).await?;
    let public = if contact.public_results {
        let url = format!("{}{}", state.public_url, paths::Results::href(&unit.code));
        let svg = crate::qr::inline_svg(&url).map_err(|e| AppError::Internal(e.into()))?;
        Some((url, svg))
    } else {
        None
    };
    let view = templates::results_poster::ResultsPosterView {
        header: contact.poster_header,
        unit_name: unit.name.clone(),
        period: period_result(lang, label, &report, note),
        min_sample: lang.count(DEFAULT_MIN_SAMPLE),
        public,
    };
    // It carries its print stylesheet inline, like the QR posters.
    Ok((
        [
            (
                axum::http::header::CONTENT_SECURITY_POLICY,
                super::counters::STANDALONE_PAGE_POLICY,
            ),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        templates::results_poster::results_poster(&view),
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct PosterQuery {
    period: Option<String>,
}
