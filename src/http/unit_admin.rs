//! The unit tree for admins: `GET /admin/units` lists every unit; `POST /admin/units` adds one,
//! `POST /admin/units-import` adds many from pasted CSV, and `POST /admin/units/{code}/rename`,
//! `/move` and `/active` change one. Each change is audited; a refused one shows the page again
//! with the reason and status 422, the forms filled as they were.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{Notice, TreeRow, UnitDraft, UnitTreeView, unit_tree_page};
use templates::{Lang, paths};

use super::extract::Path;
use super::lang::PageLang;
use super::staff::{self, AdminStaff, Admins, Allowed, Change, Question, ScopedUnit, Staff};
use super::{AppState, error::AppError};
use crate::db::{self, units};
use crate::domain::invalid::Invalid;
use crate::domain::{Name, UnitCode};
use crate::unit_import;

/// The largest CSV pasted at once: a province's units fit many times over.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

async fn page(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    notice: Option<Notice>,
    rejected: Vec<String>,
    draft: UnitDraft,
) -> Result<Response, AppError> {
    let all = units::all(&state.db).await?;
    let rows = all
        .into_iter()
        .map(|u| TreeRow {
            depth: u.path.matches('/').count().saturating_sub(2),
            code: u.code,
            name: u.name,
            kind: u.kind.code().to_owned(),
            active: u.active,
        })
        .collect();
    let view = UnitTreeView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        rows,
        notice,
        rejected,
        draft,
    };
    Ok((status, staff::page(unit_tree_page(&view))).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    page(
        &state,
        &staff,
        lang,
        StatusCode::OK,
        None,
        Vec::new(),
        UnitDraft::default(),
    )
    .await
}

/// A refusal the person can act on, shown on the page in its language; anything else is a
/// server error.
fn refusal(err: db::Error) -> Result<Invalid, AppError> {
    match err {
        db::Error::NotFound(problem) | db::Error::Conflict(problem) => Ok(problem),
        other => Err(other.into()),
    }
}

/// A problem as the page's notice, in the page's language.
fn problem(lang: Lang, problem: &Invalid) -> Notice {
    Notice::Problem(lang.pick(&problem.vi, &problem.en).to_owned())
}

fn back_to_row(lang: Lang, code: &str) -> Response {
    let href = format!("{}?lang={}#u-{code}", paths::Units::href(), lang.code());
    Redirect::to(&href).into_response()
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    kind: String,
}

pub async fn add(
    State(state): State<AppState>,
    sent: Change<AddForm, Admins>,
) -> Result<Response, AppError> {
    let (staff, lang, form) = (&sent.staff, sent.lang, &sent.form);
    let draft = || UnitDraft {
        code: form.code.clone(),
        name: form.name.clone(),
        parent: form.parent.clone(),
        kind: form.kind.clone(),
        csv: String::new(),
    };
    let refused = |message: Invalid| {
        page(
            &state,
            staff,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(problem(lang, &message)),
            Vec::new(),
            draft(),
        )
    };
    let new =
        match unit_import::new_unit(&form.code, &form.name, Some(&form.parent), Some(&form.kind)) {
            Ok(new) => new,
            Err(message) => return refused(message).await,
        };
    match units::create(&state.db, &new, sent.actor()).await {
        Ok(unit) => Ok(back_to_row(lang, &unit.code)),
        Err(err) => refused(refusal(err)?).await,
    }
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csv: String,
}

pub async fn import(
    State(state): State<AppState>,
    sent: Change<ImportForm, Admins>,
) -> Result<Response, AppError> {
    let (staff, lang, form) = (&sent.staff, sent.lang, &sent.form);
    let keep = |csv: &str| UnitDraft {
        csv: csv.to_owned(),
        ..UnitDraft::default()
    };
    let lines = match unit_import::parse(form.csv.as_bytes()) {
        Ok(lines) => lines,
        Err(message) => {
            return page(
                &state,
                staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(problem(lang, &message)),
                Vec::new(),
                keep(&form.csv),
            )
            .await;
        }
    };
    let outcomes = units::import(&state.db, lines, sent.actor()).await?;
    let rejected: Vec<String> = outcomes
        .iter()
        .filter_map(|(line, outcome)| {
            let reason = outcome.as_ref().err()?;
            Some(match lang {
                Lang::Vi => format!("Dòng {line} bị từ chối: {}", reason.vi),
                Lang::En => format!("Line {line} rejected: {}", reason.en),
            })
        })
        .collect();
    let imported = outcomes.len() - rejected.len();
    let summary = match lang {
        Lang::Vi => format!(
            "Đã nhập {imported} đơn vị, từ chối {} dòng.",
            rejected.len()
        ),
        Lang::En => format!(
            "Imported {imported} units, rejected {} lines.",
            rejected.len()
        ),
    };
    let (status, notice, draft) = if rejected.is_empty() {
        (StatusCode::OK, Notice::Done(summary), UnitDraft::default())
    } else {
        // The text stays in the box, so the rejected lines can be mended and sent again.
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Notice::Problem(summary),
            keep(&form.csv),
        )
    };
    page(&state, staff, lang, status, Some(notice), rejected, draft).await
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    active: String,
}

/// Back to the unit's row, or the page with the refusal (422).
async fn done(
    state: &AppState,
    sent: &Change<ChangeForm, Admins>,
    code: &str,
    outcome: Result<(), db::Error>,
) -> Result<Response, AppError> {
    let message = match outcome {
        Ok(()) => return Ok(back_to_row(sent.lang, code)),
        Err(err) => refusal(err)?,
    };
    let notice = problem(sent.lang, &message.about(code, code));
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let draft = UnitDraft::default();
    page(
        state,
        &sent.staff,
        sent.lang,
        status,
        Some(notice),
        Vec::new(),
        draft,
    )
    .await
}

/// The unit the path's `{code}` names (admins see every unit), or 404.
fn unit_in_path(code: &str) -> Result<UnitCode, AppError> {
    UnitCode::parse(code).map_err(|_| AppError::NotFound)
}

/// `POST /admin/units/{code}/rename`.
pub async fn rename(
    State(state): State<AppState>,
    Path(code): Path<String>,
    sent: Change<ChangeForm, Admins>,
) -> Result<Response, AppError> {
    let code = unit_in_path(&code)?;
    let outcome = match Name::parse(&sent.form.name) {
        Ok(name) => units::rename(&state.db, &code, &name, sent.actor())
            .await
            .map(drop),
        Err(message) => Err(db::Error::Conflict(message)),
    };
    done(&state, &sent, code.as_str(), outcome).await
}

/// `POST /admin/units/{code}/move`: under another parent.
pub async fn move_under(
    State(state): State<AppState>,
    Path(code): Path<String>,
    sent: Change<ChangeForm, Admins>,
) -> Result<Response, AppError> {
    let code = unit_in_path(&code)?;
    let outcome = match UnitCode::parse(&sent.form.parent) {
        Ok(parent) => units::move_under(&state.db, &code, &parent, sent.actor())
            .await
            .map(drop),
        Err(message) => Err(db::Error::Conflict(message)),
    };
    done(&state, &sent, code.as_str(), outcome).await
}

/// `GET /admin/units/{code}/active`: what switching a unit off does, asked first.
pub async fn deactivate_question(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    Allowed(staff, _): Allowed<Admins>,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    let below = units::subtree(&state.db, &unit)
        .await?
        .len()
        .saturating_sub(1);
    let counters = crate::db::counters::list_in_subtree(&state.db, &unit)
        .await?
        .iter()
        .filter(|c| c.active)
        .count();
    let name = &unit.name;
    let (title, consequences, confirm) = match lang {
        Lang::Vi => (
            format!("Ngừng hoạt động đơn vị «{name}»?"),
            vec![
                format!(
                    "Đơn vị này và {} đơn vị cấp dưới sẽ ngừng hoạt động; {} quầy đang nhận đánh giá sẽ ngừng nhận: người dân quét mã sẽ thấy «Mã QR này không còn được sử dụng».",
                    lang.count(below as u64),
                    lang.count(counters as u64)
                ),
                "Số liệu đã có được giữ nguyên. Có thể cho hoạt động trở lại bất cứ lúc nào."
                    .to_owned(),
            ],
            "Ngừng hoạt động",
        ),
        Lang::En => (
            format!("Switch off unit «{name}»?"),
            vec![
                format!(
                    "This unit and the {} units below it are switched off; {} counters stop taking ratings: a citizen who scans their codes is told they are no longer in use.",
                    lang.count(below as u64),
                    lang.count(counters as u64)
                ),
                "The figures so far are kept. The units can be switched on again at any time."
                    .to_owned(),
            ],
            "Switch off",
        ),
    };
    Ok(staff::ask(
        &staff,
        lang,
        Question {
            title,
            consequences,
            confirm: confirm.to_owned(),
            action: paths::UnitActive::href(&unit.code),
            fields: vec![("active".to_owned(), "false".to_owned())],
            back: format!(
                "{}?lang={}#u-{}",
                paths::Units::href(),
                lang.code(),
                unit.code
            ),
        },
    ))
}

/// `POST /admin/units/{code}/active`: the unit and every unit below it switched on or off.
pub async fn set_active(
    State(state): State<AppState>,
    Path(code): Path<String>,
    sent: Change<ChangeForm, Admins>,
) -> Result<Response, AppError> {
    let code = unit_in_path(&code)?;
    let active = sent.form.active == "true";
    let outcome = units::set_active(&state.db, &code, active, sent.actor())
        .await
        .map(drop);
    done(&state, &sent, code.as_str(), outcome).await
}
