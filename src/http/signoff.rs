//! `GET /admin/units/{code}/signoff?period=2026-Q3`: where a unit's period stands in its
//! sign-off, and the step the account may take; `POST` the same address takes a step (see
//! `domain::signoff`). A manager of the unit submits; a province admin approves (which freezes
//! the figures, `report::snapshot`), sends back or reopens. Viewers see, and take no step.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{SignoffRow, SignoffView, signoff_page};
use templates::{Lang, paths};

use super::extract::Query;
use super::lang::PageLang;
use super::staff::{self, Change, ScopedUnit, Staff};
use super::{AppState, error::AppError};
use crate::db::{self, signoffs};
use crate::domain::invalid::Invalid;
use crate::domain::signoff::{Status, Step, signable};
use crate::domain::{Period, Unit, UnitCode};
use crate::export::table::dd_mm_yyyy_hh_mm;
use crate::report::snapshot;

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    text: String,
}

fn row(lang: Lang, s: signoffs::Signoff) -> SignoffRow {
    let by = |who: &str, at| format!("{who}, {}", dd_mm_yyyy_hh_mm(at));
    SignoffRow {
        status: lang.pick(s.status.name_vi(), s.status.name_en()).to_owned(),
        submitted: by(&s.submitted_by, s.submitted_at),
        decided: s
            .decided_by
            .as_deref()
            .zip(s.decided_at)
            .map(|(who, at)| by(who, at)),
        note: s.note,
        reason: s.reason,
        check_code: s
            .sha256
            .filter(|_| s.status == Status::Approved)
            .map(|sha| snapshot::check_code(&sha)),
        period: s.period,
    }
}

/// The steps `staff` may take from `status` on a period that may be signed off.
fn steps(staff: &Staff, status: Option<Status>, may_sign: bool) -> Vec<&'static str> {
    let manager = staff.account.may_change();
    let admin = staff.is_admin();
    if !may_sign {
        return Vec::new();
    }
    match status {
        None | Some(Status::Returned | Status::Reopened) if manager => vec!["submit"],
        Some(Status::Submitted) if admin => vec!["approve", "return"],
        Some(Status::Approved) if admin => vec!["reopen"],
        _ => Vec::new(),
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    unit: &Unit,
    lang: Lang,
    period: &str,
    problem: Option<&Invalid>,
) -> Result<Response, AppError> {
    let parsed = Period::parse(period);
    let may_sign = parsed
        .as_ref()
        .is_ok_and(|p| signable(p, state.clock.today()).is_ok());
    let current = signoffs::get(&state.db, unit.id, period).await?;
    let view = SignoffView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_owned(),
        steps: steps(staff, current.as_ref().map(|c| c.status), may_sign),
        current: current.map(|c| row(lang, c)),
        history: signoffs::of_unit(&state.db, unit.id)
            .await?
            .into_iter()
            .map(|s| row(lang, s))
            .collect(),
        problem: problem.map(|p| lang.pick(&p.vi, &p.en).to_owned()),
        public_note: crate::db::public_notes::get(&state.db, unit.id, period)
            .await?
            .unwrap_or_default(),
        may_write_note: staff.account.may_change() && parsed.is_ok(),
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, staff::page(signoff_page(&view))).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    ScopedUnit(unit): ScopedUnit,
    PageLang(lang): PageLang,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let period = query
        .period
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| Period::quarter_before(state.clock.today()).to_string());
    // A period that cannot be read is said on the page, with nothing to do.
    let problem = Period::parse(&period).err();
    render(&state, &staff, &unit, lang, &period, problem.as_ref()).await
}

pub async fn step(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<PeriodQuery>,
    sent: Change<StepForm>,
) -> Result<Response, AppError> {
    let raw = query.period.unwrap_or_default();
    let refused = |problem: Invalid| {
        let (state, staff, unit, raw) = (&state, &sent.staff, &unit, &raw);
        async move { render(state, staff, unit, sent.lang, raw, Some(&problem)).await }
    };
    let period = match Period::parse(&raw).and_then(|p| {
        signable(&p, state.clock.today())?;
        Ok(p)
    }) {
        Ok(period) => period,
        Err(problem) => return refused(problem).await,
    };
    let step = match Step::parse(&sent.form.step, &sent.form.text) {
        Ok(step) => step,
        Err(problem) => return refused(problem).await,
    };
    if step.needs_admin() && !sent.staff.is_admin() {
        return Err(AppError::Forbidden);
    }
    let frozen = match step {
        Step::Approve => {
            let code = UnitCode::parse(&unit.code).map_err(|_| AppError::NotFound)?;
            let frozen = snapshot::freeze(&state.db, &code, period)
                .await
                .map_err(|err| AppError::Internal(err.into()))?;
            Some(signoffs::Frozen {
                text: frozen.text,
                sha256: frozen.sha256,
            })
        }
        _ => None,
    };
    let period_code = period.to_string();
    match signoffs::take(
        &state.db,
        unit.id,
        &unit.code,
        &period_code,
        &step,
        frozen,
        sent.actor(),
        state.clock.now(),
    )
    .await
    {
        Ok(_) => {
            let href = format!(
                "{}?period={period_code}&lang={}",
                paths::UnitSignoff::href(&unit.code),
                sent.lang.code()
            );
            Ok(Redirect::to(&href).into_response())
        }
        Err(db::Error::Conflict(problem)) => refused(problem).await,
        Err(other) => Err(other.into()),
    }
}
