//! `GET /admin/units/{code}`: a unit's dashboard for a period; `GET /admin/units/{code}/export`:
//! the same table as `sipas export`, as a download. Both only within the account's scope.

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use templates::Lang;
use templates::admin::{
    CommentRow, DashboardView, Figure, RankRow, TrendPoint, WeekChart, dashboard_page,
};
use time::{Date, OffsetDateTime};

use super::{AppState, error::AppError, lang, staff::Staff};
use crate::db::{counters, figures, responses, units};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Index, Method, Placing, format_en, format_vi};
use crate::domain::local_day::VIETNAM;
use crate::domain::masking::mask_contacts;
use crate::domain::week_hours::WeekHours;
use crate::domain::{Element, LocalDay, Period, Unit, UnitCode};
use crate::export::{self, table::dd_mm_yyyy};
use crate::report::{self, GroupBy, ReportRequest, Rows, UnitFigures};

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    period: Option<String>,
    method: Option<String>,
    lang: Option<String>,
    by: Option<String>,
    format: Option<String>,
}

/// The unit, if the account may see it; otherwise 404, so that a unit outside one's scope is
/// not even confirmed to exist.
pub(super) async fn unit_in_scope(
    state: &AppState,
    staff: &Staff,
    code: &str,
) -> Result<Unit, AppError> {
    let code = UnitCode::parse(code).map_err(|_| AppError::NotFound)?;
    let unit = units::find_by_code(&state.db.reader, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if staff.account.sees_path(&unit.path) {
        Ok(unit)
    } else {
        Err(AppError::NotFound)
    }
}

pub(super) fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(VIETNAM).date()
}

fn percent(lang: Lang, value: Option<f64>) -> String {
    match (value, lang) {
        (Some(v), Lang::Vi) => format!("{}%", format_vi(v)),
        (Some(v), Lang::En) => format!("{}%", format_en(v)),
        (None, _) => "–".to_owned(),
    }
}

fn points(lang: Lang, value: Option<f64>) -> String {
    match value {
        Some(v) => {
            let text = if lang == Lang::Vi {
                format_vi(v)
            } else {
                format_en(v)
            };
            if v > 0.0 && !text.chars().all(|c| c == '0' || c == ',' || c == '.') {
                format!("+{text}")
            } else {
                text
            }
        }
        None => "–".to_owned(),
    }
}

fn figure(lang: Lang, index: &Index, respondents: u64, change: Option<f64>) -> Figure {
    Figure {
        value: percent(lang, index.value),
        valid: index.valid,
        respondents,
        change: change.map(|c| points(lang, Some(c))),
    }
}

fn placing(lang: Lang, placing: Option<Placing>) -> String {
    match placing {
        Some(Placing::Ranked(rank)) => rank.to_string(),
        Some(Placing::InsufficientSample) if lang == Lang::Vi => "Chưa đủ mẫu".to_owned(),
        Some(Placing::InsufficientSample) => "Sample too small".to_owned(),
        _ => "–".to_owned(),
    }
}

fn rank_rows(
    lang: Lang,
    rows: &[UnitFigures],
    link: impl Fn(&UnitFigures) -> Option<String>,
) -> Vec<RankRow> {
    rows.iter()
        .map(|row| RankRow {
            code: row.code.clone(),
            name: row.name.clone(),
            href: link(row),
            respondents: row.respondents,
            valid: row.sipas.valid,
            value: percent(lang, row.sipas.value),
            rank: placing(lang, row.placing),
            change: points(lang, row.change),
            rank_change: row.rank_change.map_or_else(String::new, |c| {
                if c > 0 {
                    format!("+{c}")
                } else {
                    c.to_string()
                }
            }),
        })
        .collect()
}

fn unit_rows(report: &report::Report) -> &[UnitFigures] {
    match &report.rows {
        Rows::Units(rows) => rows,
        Rows::Items(_) => &[],
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    Query(query): Query<DashboardQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(query.lang.as_deref().and_then(Lang::from_code), &headers);
    let unit = unit_in_scope(&state, &staff, &code).await?;
    let this_year = today().year().to_string();
    let (period, period_error) = match query.period.as_deref().map(Period::parse) {
        None => (Period::parse(&this_year).map_err(anyhow::Error::msg)?, None),
        Some(Ok(period)) => (period, None),
        Some(Err(message)) => (
            Period::parse(&this_year).map_err(anyhow::Error::msg)?,
            Some(message),
        ),
    };
    let method = query
        .method
        .as_deref()
        .and_then(|m| Method::parse(m).ok())
        .unwrap_or_default();
    let code = UnitCode::parse(&unit.code).map_err(anyhow::Error::msg)?;
    let request = |by: GroupBy, period: Period| ReportRequest {
        unit: code.clone(),
        period,
        by,
        method,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    // One scope for the three tables: the unit, its subtree and the catalog are read once.
    let scope = report::Scope::load(&state.db, &code)
        .await
        .map_err(anyhow::Error::from)?;
    let children = report::build_in(&state.db, &scope, &request(GroupBy::Children, period))
        .await
        .map_err(anyhow::Error::from)?;
    let counters_report = report::build_in(&state.db, &scope, &request(GroupBy::Counters, period))
        .await
        .map_err(anyhow::Error::from)?;
    // Twelve months ending with the period's last month (or this month, if the period runs on).
    let end = period.last().date().min(today());
    let trend_period = Period::months_ending(end, 12).unwrap_or(period);
    let trend = report::build_in(&state.db, &scope, &request(GroupBy::Months, trend_period))
        .await
        .map_err(anyhow::Error::from)?;

    let counter_names: HashMap<i32, String> = counters::list_in_subtree(&state.db.reader, &unit)
        .await?
        .into_iter()
        .map(|c| (c.id, format!("{} – {}", c.unit_name, c.name)))
        .collect();
    let comments = responses::latest_comments(
        &state.db.reader,
        scope.unit_ids(),
        (period.first().yyyymmdd(), period.last().yyyymmdd()),
        20,
    )
    .await?;

    let week = figures::week_hours(&state.db.reader, scope.unit_ids(), &period).await?;

    let total = &children.total;
    let elements = Element::ALL
        .iter()
        .zip(&total.elements)
        .map(|(element, index)| {
            let name = if lang == Lang::Vi {
                element.name_vi()
            } else {
                element.name_en()
            };
            (
                name.to_owned(),
                figure(lang, index, total.respondents, None),
            )
        })
        .collect();
    let suffix = format!(
        "period={}&method={}&lang={}",
        period,
        method.code(),
        lang.code()
    );
    let view = DashboardView {
        lang,
        username: staff.account.username.clone(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_string(),
        period_dates: format!(
            "{} – {}",
            dd_mm_yyyy(period.first()),
            dd_mm_yyyy(period.last())
        ),
        previous_dates: children
            .previous
            .map(|p| format!("{} – {}", dd_mm_yyyy(p.first()), dd_mm_yyyy(p.last()))),
        method: method.code().to_owned(),
        period_error,
        sipas: figure(lang, &total.sipas, total.respondents, total.change),
        elements,
        children: rank_rows(lang, unit_rows(&children), |row| {
            Some(format!("/admin/units/{}?{suffix}", row.code))
        }),
        counters: rank_rows(lang, unit_rows(&counters_report), |_| None),
        trend: unit_rows(&trend)
            .iter()
            .map(|row| TrendPoint {
                label: row.name.clone(),
                value: row.sipas.value,
                shown: percent(lang, row.sipas.value),
                respondents: row.respondents,
            })
            .collect(),
        week: week_chart(&week),
        comments: comments
            .into_iter()
            .map(|c| CommentRow {
                when: {
                    let local = c.submitted_at.to_offset(VIETNAM);
                    format!(
                        "{} {:02}:{:02}",
                        dd_mm_yyyy(LocalDay::of(c.submitted_at)),
                        local.hour(),
                        local.minute()
                    )
                },
                counter: counter_names
                    .get(&c.counter_id)
                    .cloned()
                    .unwrap_or_default(),
                text: mask_contacts(&c.text),
            })
            .collect(),
        csv_href: format!("/admin/units/{}/export?format=csv&{suffix}", unit.code),
        xlsx_href: format!("/admin/units/{}/export?format=xlsx&{suffix}", unit.code),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], dashboard_page(&view)).into_response())
}

/// The chart's rows for the hours that have respondents.
fn week_chart(week: &WeekHours) -> WeekChart {
    let hours = week.busy_hours();
    WeekChart {
        hours,
        counts: (1..=7)
            .map(|day| match hours {
                Some((first, last)) => (first..=last).map(|hour| week.get(day, hour)).collect(),
                None => Vec::new(),
            })
            .collect(),
        max: week.max(),
    }
}

fn bad_request<T>(parsed: Result<T, String>) -> Result<T, AppError> {
    parsed.map_err(|_| AppError::BadRequest)
}

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, AppError> {
    let unit = unit_in_scope(&state, &staff, &code).await?;
    let period = bad_request(Period::parse(query.period.as_deref().unwrap_or_default()))?;
    let method = bad_request(Method::parse(query.method.as_deref().unwrap_or("pooled")))?;
    let by = bad_request(GroupBy::parse(query.by.as_deref().unwrap_or("children")))?;
    let format = bad_request(export::Format::parse(
        query.format.as_deref().unwrap_or("csv"),
    ))?;
    let request = ReportRequest {
        unit: UnitCode::parse(&unit.code).map_err(anyhow::Error::msg)?,
        period,
        by,
        method,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    let report = report::build(&state.db, &request)
        .await
        .map_err(anyhow::Error::from)?;
    let mut bytes = Vec::new();
    let (content_type, extension) = match format {
        export::Format::Csv => {
            export::csv::write(&export::table::table(&report), &mut bytes)
                .map_err(anyhow::Error::from)?;
            ("text/csv; charset=utf-8", "csv")
        }
        export::Format::Json => {
            export::json::write(&report, &mut bytes).map_err(anyhow::Error::from)?;
            ("application/json", "json")
        }
        export::Format::Xlsx => {
            bytes =
                export::xlsx::write(&export::table::table(&report)).map_err(anyhow::Error::from)?;
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
