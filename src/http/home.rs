//! The home page of the account's scope: every unit it may see, each with its SIPAS index this
//! month, its respondents today and its change against last month.

use axum::{extract::State, response::Response};
use templates::admin::{HomeView, UnitRow, home_page};

use super::lang::PageLang;
use super::shown::{percent, points};
use super::staff::{self, Staff};
use super::{AppState, error::AppError};
use crate::db::units;
use crate::domain::figures::Method;
use crate::report::glance::glances;

/// How many units the home page lists before saying there are more.
const HOME_UNITS: usize = 500;

pub async fn home(
    State(state): State<AppState>,
    staff: Staff,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    let units = if staff.is_admin() {
        units::all(&state.db).await?
    } else if let Some(scope) = &staff.account.scope {
        let root = units::find_by_id(&state.db, scope.unit_id)
            .await?
            .ok_or(AppError::NotFound)?;
        units::subtree(&state.db, &root).await?
    } else {
        Vec::new()
    };
    let today = state.clock.today();
    let mut glances = glances(&state.db, &units, today, Method::default()).await?;
    let total = units.len();
    let depth_of_root = units.first().map_or(0, |u| u.path.matches('/').count());
    let rows = units
        .into_iter()
        .take(HOME_UNITS)
        .map(|u| {
            let glance = glances.remove(&u.id).unwrap_or_default();
            UnitRow {
                depth: u.path.matches('/').count().saturating_sub(depth_of_root),
                code: u.code,
                name: u.name,
                kind: u.kind.code().to_owned(),
                month: percent(lang, glance.month.value),
                respondents: glance.respondents,
                today: glance.today,
                change: points(lang, glance.change),
            }
        })
        .collect();
    let view = HomeView {
        lang,
        username: staff.username(),
        role: staff.account.role.code().to_owned(),
        scope: staff.account.scope.as_ref().map(|s| s.unit_name.clone()),
        csrf: staff.csrf.clone(),
        month: format!("{:02}/{:04}", u8::from(today.month()), today.year()),
        units: rows,
        more_units: total.saturating_sub(HOME_UNITS),
        is_admin: staff.is_admin(),
    };
    Ok(staff::page(home_page(&view)))
}
