//! `GET /admin/units/{code}/responses`: a unit's responses, newest first, 50 a page;
//! `POST /admin/responses/{id}/exclude|restore`: managers and admins take a response out of
//! every figure or put it back, with a reason (see `db::moderation`).

use std::collections::HashMap;

use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{ResponseRow, ResponsesView, responses_page};
use templates::{Lang, paths};

use super::answers::labelled;
use super::extract::Query;
use super::staff::{self, Change, ScopedResponse, ScopedUnit, Staff};
use super::{AppState, error::AppError, lang};
use crate::db::moderation::{self, Outcome, Status};
use crate::db::{counters, figures, units};
use crate::domain::Period;
use crate::domain::masking::mask_contacts;
use crate::export::table::{dd_mm_yyyy, dd_mm_yyyy_hh_mm};

const PAGE: u64 = 50;
/// The most responses one bulk change moves.
const BULK_AT_MOST: usize = 200;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    period: Option<String>,
    status: Option<String>,
    before: Option<i64>,
    lang: Option<String>,
    /// How many responses the last bulk change moved, said once after it.
    changed: Option<usize>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(query.lang.as_deref().and_then(Lang::from_code), &headers);
    // An unreadable period falls back to this year rather than failing the page.
    let period = query
        .period
        .as_deref()
        .and_then(|p| Period::parse(p).ok())
        .unwrap_or_else(|| Period::year_of(state.clock.today()));
    let status = query.status.as_deref().and_then(Status::parse);
    let ids: Vec<i32> = units::subtree(&state.db, &unit)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    // One more than a page tells whether an older page exists.
    let mut found = moderation::list(
        &state.db,
        &ids,
        (period.first().yyyymmdd(), period.last().yyyymmdd()),
        status,
        query.before,
        PAGE + 1,
    )
    .await?;
    let more = found.len() > PAGE as usize;
    found.truncate(PAGE as usize);

    let catalog = figures::question_catalog(&state.db).await?;
    let counter_names: HashMap<i32, String> = counters::list_in_subtree(&state.db, &unit)
        .await?
        .into_iter()
        .map(|c| (c.id, format!("{} – {}", c.unit_name, c.name)))
        .collect();
    let status_code = status.map_or("all", Status::code);
    let base = format!(
        "{}?period={}&status={}&lang={}",
        paths::UnitResponses::href(&unit.code),
        period,
        status_code,
        lang.code()
    );
    let here = match query.before {
        Some(before) => format!("{base}&before={before}"),
        None => base.clone(),
    };
    let older_href = more
        .then(|| found.last().map(|r| format!("{base}&before={}", r.id)))
        .flatten();
    let rows = found
        .into_iter()
        .map(|r| ResponseRow {
            id: r.id,
            when: dd_mm_yyyy_hh_mm(r.submitted_at),
            counter: counter_names
                .get(&r.counter_id)
                .cloned()
                .unwrap_or_default(),
            answers: labelled(lang, &r.answers, &catalog),
            comment: r.comment.as_deref().map(mask_contacts),
            status: r.status.code().to_owned(),
            reason: r.reason,
        })
        .collect();
    let view = ResponsesView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_string(),
        period_dates: format!(
            "{} – {}",
            dd_mm_yyyy(period.first()),
            dd_mm_yyyy(period.last())
        ),
        status: status_code.to_owned(),
        may_moderate: staff.account.may_change(),
        here,
        rows,
        older_href,
        changed: query.changed,
    };
    Ok(staff::page(responses_page(&view)))
}

/// `POST /admin/units/{code}/responses/bulk`: the ticked responses (`id` fields) excluded or
/// restored (`action`), or every response of the page (`page` fields) excluded, with one
/// reason, all in one transaction.
pub async fn bulk(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    sent: Change<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |name: &str| {
        sent.form
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let back = match field("back") {
        "" => None,
        raw => Some(our_list(raw).ok_or(AppError::BadRequest)?.to_owned()),
    };
    // The ticked responses (`id`), or every response the page showed (`page`): spam comes in
    // bulk, and a page of it is excluded in one tap.
    let (to, which) = match field("action") {
        "exclude" => (Status::Excluded, "id"),
        "restore" => (Status::Counted, "id"),
        "exclude_page" => (Status::Excluded, "page"),
        _ => return Err(AppError::BadRequest),
    };
    let ids = sent
        .form
        .iter()
        .filter(|(key, _)| key == which)
        .map(|(_, value)| value.parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::BadRequest)?;
    if ids.is_empty() {
        return Err(AppError::Invalid(
            "Chưa chọn phiếu nào. Vui lòng quay lại, đánh dấu các phiếu rồi gửi lại.",
            "No response was ticked. Please go back, tick the responses and send again.",
        ));
    }
    // A page lists 50; 200 at most keeps the one writer (which citizens' ratings wait for)
    // busy for well under a second.
    if ids.len() > BULK_AT_MOST {
        return Err(AppError::Invalid(
            "Mỗi lần chỉ xử lý tối đa 200 phiếu.",
            "At most 200 responses at a time.",
        ));
    }
    let reason = checked_reason(field("reason"))?;
    let units: Vec<i32> = units::subtree(&state.db, &unit)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let changed = moderation::set_statuses(&state.db, &ids, &units, to, reason, sent.actor())
        .await?
        .ok_or(AppError::NotFound)?;
    let back = back.unwrap_or_else(|| paths::UnitResponses::href(&unit.code));
    let separator = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{back}{separator}changed={changed}")).into_response())
}

/// A moderation reason, trimmed, of 3 to 500 characters.
fn checked_reason(raw: &str) -> Result<&str, AppError> {
    let reason = raw.trim();
    if (3..=500).contains(&reason.chars().count()) {
        Ok(reason)
    } else {
        Err(AppError::Invalid(
            "Cần ghi lý do, từ 3 đến 500 ký tự. Vui lòng quay lại và ghi lý do.",
            "A reason of 3 to 500 characters is needed. Please go back and give one.",
        ))
    }
}

#[derive(Deserialize)]
pub struct ModerationForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    back: String,
}

/// `POST /admin/responses/{id}/exclude`: out of every figure, with a reason.
pub async fn exclude(
    state: State<AppState>,
    response: ScopedResponse,
    sent: Change<ModerationForm>,
) -> Result<Response, AppError> {
    moderate(state, response, sent, Status::Excluded).await
}

/// `POST /admin/responses/{id}/restore`: counted again, with a reason.
pub async fn restore(
    state: State<AppState>,
    response: ScopedResponse,
    sent: Change<ModerationForm>,
) -> Result<Response, AppError> {
    moderate(state, response, sent, Status::Counted).await
}

async fn moderate(
    State(state): State<AppState>,
    ScopedResponse(id): ScopedResponse,
    sent: Change<ModerationForm>,
    to: Status,
) -> Result<Response, AppError> {
    let form = &sent.form;
    // Checked before anything changes: a `back` that is not one of our own paths is refused
    // whole (it would not even make a valid redirect).
    let back = match form.back.as_str() {
        "" => None,
        raw => Some(our_list(raw).ok_or(AppError::BadRequest)?),
    };
    let reason = checked_reason(&form.reason)?;
    let unit_code = match moderation::set_status(&state.db, id, to, reason, sent.actor()).await? {
        Outcome::Changed { unit_code } | Outcome::Unchanged { unit_code } => unit_code,
        Outcome::NotFound => return Err(AppError::NotFound),
    };
    let back = back.map_or_else(|| paths::UnitResponses::href(&unit_code), str::to_owned);
    Ok(Redirect::to(&format!("{back}#r{id}")).into_response())
}

/// `back` if it is one of our own staff lists: a path under `/admin/units/` (no `.` or `..`
/// segments) of printable ASCII
/// without spaces, `//`, `\\` or `#` (so that it can only lead back into this site, and always
/// makes a valid `Location`).
fn our_list(back: &str) -> Option<&str> {
    let path = back.split('?').next().unwrap_or_default();
    let ours = back.starts_with(&paths::Units::href())
        && back[paths::Units::href().len()..].starts_with('/')
        && !back.contains("//")
        && !path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        // No escapes in the path: `%2e%2e` is `..` to a browser.
        && !path.contains('%')
        && back
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'\\' && b != b'#');
    ours.then_some(back)
}

#[cfg(test)]
mod tests {
    use super::our_list;

    #[test]
    fn returns_only_to_our_own_lists() {
        assert_eq!(
            our_list("/admin/units/P/responses?period=2025"),
            Some("/admin/units/P/responses?period=2025")
        );
        for foreign in [
            "https://evil.example/",
            "//evil.example",
            "/admin/units//evil.example",
            "/admin/units/\\x",
            "/admin/units/P/responses\u{1}",
            "/admin/units/P/responses\r\nSet-Cookie: x=1",
            "/admin/units/P/responses#top",
            "/admin/units/P/responses ",
            "/admin/units/../../s/TOKEN",
            "/admin/units/P/./responses",
            "/admin/units/%2e%2e/%2e%2e/s/TOKEN",
            "/admin/units/%252e%252e/s/TOKEN",
        ] {
            assert_eq!(our_list(foreign), None, "{foreign:?}");
        }
    }
}
