//! The dashboard's view data, gathered from the reports, the comments and the week's hours,
//! and written the way the page's language writes numbers.

use std::collections::HashMap;

use templates::admin::{CommentItem, DashboardView, Figure, RankRow, TrendPoint, WeekChart};
use templates::{Lang, paths};

use super::DashboardQuery;
use crate::db::comments::{CommentFilter, comments};
use crate::db::{Db, counters, figures};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Index, Method, Percent, Placing};
use crate::domain::masking::mask_contacts;
use crate::domain::week_hours::WeekHours;
use crate::domain::{Element, Period, Unit, UnitCode};
use crate::export::table::{dd_mm_yyyy, dd_mm_yyyy_hh_mm};
use crate::http::answers::{is_negative, labelled};
use crate::http::shown::{percent, points};
use crate::http::{error::AppError, staff::Staff};
use crate::report::{self, GroupBy, ReportRequest, Rows, UnitFigures};

fn figure(lang: Lang, index: &Index, respondents: u64, change: Option<Percent>) -> Figure {
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
        Some(Placing::MixedScales) => lang.pick("Không xếp hạng", "Not ranked").to_owned(),
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
            peers: row
                .peers
                .map(|p| lang.pick(p.name_vi(), p.name_en()).to_owned()),
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

/// A month row's code (`2026-12`) as a chart labels it under a phone's width: `12`, `Dec`. (Not
/// `T12`: on the same page `T2` is a Monday.)
fn short_month(lang: Lang, code: &str) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = code
        .rsplit('-')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    match lang {
        Lang::Vi => month.to_string(),
        Lang::En => EN
            .get(month.wrapping_sub(1))
            .map_or_else(String::new, |m| (*m).to_owned()),
    }
}

/// The periods a dashboard offers in one tap, as `?period=` writes them: this and last month,
/// quarter and year, counted from `today` in Vietnam.
fn presets(today: time::Date) -> Vec<(&'static str, &'static str, String)> {
    let (year, month) = (today.year(), u8::from(today.month()));
    let (last_month_year, last_month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let quarter = (month - 1) / 3 + 1;
    let (last_quarter_year, last_quarter) = if quarter == 1 {
        (year - 1, 4)
    } else {
        (year, quarter - 1)
    };
    vec![
        ("Tháng này", "This month", format!("{year:04}-{month:02}")),
        (
            "Tháng trước",
            "Last month",
            format!("{last_month_year:04}-{last_month:02}"),
        ),
        ("Quý này", "This quarter", format!("{year:04}-Q{quarter}")),
        (
            "Quý trước",
            "Last quarter",
            format!("{last_quarter_year:04}-Q{last_quarter}"),
        ),
        ("Năm nay", "This year", format!("{year:04}")),
        ("Năm trước", "Last year", format!("{:04}", year - 1)),
    ]
}

/// Everything the dashboard of `unit` shows for the period and method asked.
pub async fn dashboard_view(
    db: &Db,
    staff: &Staff,
    unit: &Unit,
    query: &DashboardQuery,
    lang: Lang,
    today: time::Date,
) -> Result<DashboardView, AppError> {
    // Two date fields make a range, as `2025-03-01..2025-03-31` would be typed.
    let range = match (query.from.as_deref(), query.to.as_deref()) {
        (Some(from), Some(to)) if !from.is_empty() && !to.is_empty() => {
            Some(format!("{}..{}", from.trim(), to.trim()))
        }
        _ => None,
    };
    let asked = range.as_deref().or(query.period.as_deref());
    let (period, period_error) = match asked.map(Period::parse) {
        None => (Period::year_of(today), None),
        Some(Ok(period)) => (period, None),
        Some(Err(message)) => (Period::year_of(today), Some(message)),
    };
    let method = query
        .method
        .as_deref()
        .and_then(|m| Method::parse(m).ok())
        .unwrap_or_default();
    let code = UnitCode::parse(&unit.code).map_err(|_| AppError::NotFound)?;
    let request = |by: GroupBy, period: Period| ReportRequest {
        unit: code.clone(),
        period,
        by,
        method,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    // One scope for the three tables: the unit, its subtree and the catalog are read once.
    let scope = report::Scope::load(db, &code).await?;
    let children = report::build_in(db, &scope, &request(GroupBy::Children, period)).await?;
    let signed = report::snapshot::difference(db, &request(GroupBy::Children, period))
        .await?
        .map(|d| super::signed::note(lang, &d, &children.total));
    let counters_report = report::build_in(db, &scope, &request(GroupBy::Counters, period)).await?;
    // Twelve months ending with the period's last month (or this month, if the period runs on).
    let end = period.last().date().min(today);
    let trend_period = Period::months_ending(end, 12).unwrap_or(period);
    let trend = report::build_in(db, &scope, &request(GroupBy::Months, trend_period)).await?;

    let counter_names: HashMap<i32, String> = counters::list_in_subtree(db, unit)
        .await?
        .into_iter()
        .map(|c| (c.id, format!("{} – {}", c.unit_name, c.name)))
        .collect();
    let days = (period.first().yyyymmdd(), period.last().yyyymmdd());
    let filter = CommentFilter {
        units: scope.unit_ids(),
        days,
        counter: None,
        before: None,
    };
    let comments = comments(db, &filter, 20).await?;
    let week = figures::week_hours(db, scope.unit_ids(), &period).await?;

    let this_month = format!("{:04}-{:02}", today.year(), u8::from(today.month()));
    let total = &children.total;
    let elements = Element::ALL
        .iter()
        .zip(&total.elements)
        .map(|(element, index)| {
            let name = lang.pick(element.name_vi(), element.name_en());
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
    let export_href = |format: &str| {
        format!(
            "{}?format={format}&{suffix}",
            paths::UnitExport::href(&unit.code)
        )
    };
    Ok(DashboardView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_string(),
        range: (
            period.first().date().to_string(),
            period.last().date().to_string(),
        ),
        presets: presets(today)
            .into_iter()
            .map(|(vi, en, preset)| {
                let href = format!(
                    "{}?period={preset}&method={}&lang={}",
                    paths::Unit::href(&unit.code),
                    method.code(),
                    lang.code()
                );
                (lang.pick(vi, en).to_owned(), href)
            })
            .collect(),
        period_dates: format!(
            "{} – {}",
            dd_mm_yyyy(period.first()),
            dd_mm_yyyy(period.last())
        ),
        previous_dates: children
            .previous
            .map(|p| format!("{} – {}", dd_mm_yyyy(p.first()), dd_mm_yyyy(p.last()))),
        method: method.code().to_owned(),
        period_error: period_error.map(|e| lang.pick(&e.vi, &e.en).to_owned()),
        signed,
        sipas: figure(lang, &total.sipas, total.respondents, total.change),
        elements,
        overall: figure(lang, &total.overall, total.respondents, None),
        children: rank_rows(lang, unit_rows(&children), |row| {
            Some(format!("{}?{suffix}", paths::Unit::href(&row.code)))
        }),
        counters: rank_rows(lang, unit_rows(&counters_report), |_| None),
        trend: unit_rows(&trend)
            .iter()
            .map(|row| TrendPoint {
                label: row.name.clone(),
                short: short_month(lang, &row.code),
                value: row.sipas.value.map(|p| p.value),
                shown: percent(lang, row.sipas.value),
                respondents: row.respondents,
                partial: row.code == this_month,
            })
            .collect(),
        week: week_chart(&week),
        comments: comments
            .into_iter()
            .map(|c| CommentItem {
                negative: is_negative(&c.answers, scope.catalog()),
                answers: labelled(lang, &c.answers, scope.catalog()),
                when: dd_mm_yyyy_hh_mm(c.submitted_at),
                counter: counter_names
                    .get(&c.counter_id)
                    .cloned()
                    .unwrap_or_default(),
                text: mask_contacts(&c.text),
            })
            .collect(),
        csv_href: export_href("csv"),
        xlsx_href: export_href("xlsx"),
    })
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

#[cfg(test)]
mod tests {
    use super::presets;
    use time::macros::date;

    fn periods(today: time::Date) -> Vec<String> {
        presets(today).into_iter().map(|(_, _, p)| p).collect()
    }

    #[test]
    fn presets_count_back_across_the_turn_of_the_year() {
        assert_eq!(
            periods(date!(2026 - 01 - 15)),
            ["2026-01", "2025-12", "2026-Q1", "2025-Q4", "2026", "2025"]
        );
        assert_eq!(
            periods(date!(2026 - 12 - 01)),
            ["2026-12", "2026-11", "2026-Q4", "2026-Q3", "2026", "2025"]
        );
        for period in periods(date!(2026 - 07 - 31)) {
            assert!(crate::domain::Period::parse(&period).is_ok(), "{period}");
        }
    }
}
