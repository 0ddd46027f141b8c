//! `GET /admin/audit?actor=&action=&from=&to=`: the audit log for admins, newest first,
//! filtered by person, action and dates (Vietnam days, both included).

use axum::{extract::State, response::Response};
use serde::Deserialize;
use templates::admin::{AuditRow, AuditView, audit_page};
use time::{Date, PrimitiveDateTime, Time};

use super::extract::Query;
use super::lang::PageLang;
use super::staff::{self, AdminStaff};
use super::{AppState, error::AppError};
use crate::db::accounts::{self, AuditFilter};
use crate::domain::local_day::VIETNAM;
use crate::domain::period::{Period, PeriodKind};
use crate::export::table::dd_mm_yyyy_hh_mm;

/// How many lines of the audit log one page shows.
const AUDIT_LINES: u64 = 500;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    actor: Option<String>,
    action: Option<String>,
    /// `yyyy-mm-dd`, as a date field sends it.
    from: Option<String>,
    to: Option<String>,
}

/// A day as a date field sends it; anything else is no filter.
fn day(raw: Option<&str>) -> Option<Date> {
    let period = Period::parse(raw?.trim()).ok()?;
    (period.kind() == PeriodKind::Day).then(|| period.first().date())
}

fn midnight(day: Date) -> time::OffsetDateTime {
    // In UTC, as instants are stored: SQLite compares them as text.
    PrimitiveDateTime::new(day, Time::MIDNIGHT)
        .assume_offset(VIETNAM)
        .to_offset(time::UtcOffset::UTC)
}

pub async fn audit(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    PageLang(lang): PageLang,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let chosen = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
    let (from, to) = (day(query.from.as_deref()), day(query.to.as_deref()));
    let filter = AuditFilter {
        actor: chosen(&query.actor),
        action: chosen(&query.action),
        from: from.map(midnight),
        until: to.and_then(|d| d.next_day()).map(midnight),
    };
    let mut found = accounts::audit_log(&state.db, &filter, AUDIT_LINES + 1).await?;
    let truncated = found.len() as u64 > AUDIT_LINES;
    found.truncate(AUDIT_LINES as usize);
    let lines = found
        .into_iter()
        .map(|line| AuditRow {
            when: dd_mm_yyyy_hh_mm(line.at),
            actor: line.actor,
            action: line.action,
            target: line.target,
            detail: line.detail.unwrap_or_default(),
        })
        .collect();
    let view = AuditView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        actors: accounts::audit_actors(&state.db).await?,
        actor: filter.actor.unwrap_or_default(),
        action: filter.action.unwrap_or_default(),
        from: from.map_or_else(String::new, |d| d.to_string()),
        to: to.map_or_else(String::new, |d| d.to_string()),
        lines,
        truncated,
    };
    Ok(staff::page(audit_page(&view)))
}
