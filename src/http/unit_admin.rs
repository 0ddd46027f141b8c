//! The unit tree for admins: `GET /admin/units` lists every unit; `POST /admin/units` adds one,
//! `POST /admin/units-import` adds many from pasted CSV, and `POST /admin/units/{code}/rename`,
//! `/move` and `/active` change one. Each change is audited; a refused one shows the page again
//! with the reason and status 422, the forms filled as they were.

use axum::{
    Form,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::Lang;
use templates::admin::{Notice, TreeRow, UnitDraft, UnitTreeView, unit_tree_page};

use super::users::admin_only;
use super::{AppState, error::AppError, lang, staff::Staff};
use crate::db::{self, units};
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
    let all = units::all(&state.db.reader).await?;
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
        username: staff.account.username.clone(),
        csrf: staff.csrf.clone(),
        rows,
        notice,
        rejected,
        draft,
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        unit_tree_page(&view),
    )
        .into_response())
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    admin_only(&staff)?;
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
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

/// Checks role and CSRF token of a changing request; the form's language.
fn may_change(staff: &Staff, csrf: &str, lang: &str) -> Result<Lang, AppError> {
    admin_only(staff)?;
    if !staff.csrf_matches(csrf) {
        return Err(AppError::Forbidden);
    }
    Ok(Lang::from_code(lang).unwrap_or(Lang::Vi))
}

/// A refusal the person can act on, shown on the page; anything else is a server error.
fn refusal(err: db::Error) -> Result<String, AppError> {
    match err {
        db::Error::NotFound(message) | db::Error::Conflict(message) => Ok(message),
        other => Err(other.into()),
    }
}

fn back_to_row(lang: Lang, code: &str) -> Response {
    Redirect::to(&format!("/admin/units?lang={}#u-{code}", lang.code())).into_response()
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
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
    staff: Staff,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    let lang = may_change(&staff, &form.csrf, &form.lang)?;
    let draft = || UnitDraft {
        code: form.code.clone(),
        name: form.name.clone(),
        parent: form.parent.clone(),
        kind: form.kind.clone(),
        csv: String::new(),
    };
    let refused = |message: String| {
        page(
            &state,
            &staff,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(Notice::Problem(message)),
            Vec::new(),
            draft(),
        )
    };
    let new =
        match unit_import::new_unit(&form.code, &form.name, Some(&form.parent), Some(&form.kind)) {
            Ok(new) => new,
            Err(message) => return refused(message).await,
        };
    match units::create(&state.db, &new, &staff.account.username).await {
        Ok(unit) => Ok(back_to_row(lang, &unit.code)),
        Err(err) => refused(refusal(err)?).await,
    }
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    csv: String,
}

pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<ImportForm>,
) -> Result<Response, AppError> {
    let lang = may_change(&staff, &form.csrf, &form.lang)?;
    let keep = |csv: &str| UnitDraft {
        csv: csv.to_owned(),
        ..UnitDraft::default()
    };
    let lines = match unit_import::parse(form.csv.as_bytes()) {
        Ok(lines) => lines,
        Err(message) => {
            return page(
                &state,
                &staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(Notice::Problem(message)),
                Vec::new(),
                keep(&form.csv),
            )
            .await;
        }
    };
    let outcomes = units::import(&state.db, lines, &staff.account.username).await?;
    let rejected: Vec<String> = outcomes
        .iter()
        .filter_map(|(line, outcome)| {
            let reason = outcome.as_ref().err()?;
            Some(match lang {
                Lang::Vi => format!("Dòng {line} bị từ chối: {reason}"),
                Lang::En => format!("Line {line} rejected: {reason}"),
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
    page(&state, &staff, lang, status, Some(notice), rejected, draft).await
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    active: String,
}

/// What `POST /admin/units/{code}/{change}` does.
enum Change {
    Rename(Name),
    Move(UnitCode),
    Active(bool),
}

pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    Path((code, what)): Path<(String, String)>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, AppError> {
    let lang = may_change(&staff, &form.csrf, &form.lang)?;
    let code = UnitCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let parsed = match what.as_str() {
        "rename" => Name::parse(&form.name).map(Change::Rename),
        "move" => UnitCode::parse(&form.parent).map(Change::Move),
        "active" => Ok(Change::Active(form.active == "true")),
        _ => return Err(AppError::NotFound),
    };
    let refused = |message: String| {
        page(
            &state,
            &staff,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(Notice::Problem(format!("{code}: {message}"))),
            Vec::new(),
            UnitDraft::default(),
        )
    };
    let change = match parsed {
        Ok(change) => change,
        Err(message) => return refused(message).await,
    };
    let actor = &staff.account.username;
    let done = match &change {
        Change::Rename(name) => units::rename(&state.db, &code, name, actor)
            .await
            .map(|_| ()),
        Change::Move(parent) => units::move_under(&state.db, &code, parent, actor)
            .await
            .map(|_| ()),
        Change::Active(active) => units::set_active(&state.db, &code, *active, actor)
            .await
            .map(|_| ()),
    };
    if let Err(err) = done {
        return refused(refusal(err)?).await;
    }
    Ok(back_to_row(lang, code.as_str()))
}
