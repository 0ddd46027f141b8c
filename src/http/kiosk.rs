//! The kiosk: a tablet on the counter, for everyone who passes. `GET /k/{token}` shows the
//! counter's questionnaire, large; `POST /k/{token}` stores a tap (channel `kiosk`) and shows
//! `GET /k/{token}/thanks`, which returns to the start by itself (a meta refresh, no script).
//!
//! One device serves everyone, so the phone's rules do not fit: no device cookie, no repeat
//! window, no per-address count, no reading time (the next person taps at once). In their place,
//! a tap within `Guards::kiosk_interval` of the kiosk's last one is stored but flagged (see
//! `domain::guards`). The start screen never reloads itself (a person may be answering); its
//! form key, ours and for this counter, stays good however long the tablet waits.
//!
//! The thanks return to the start with a meta refresh: the one timed change on these pages, and
//! the kiosk's essential function (WCAG 2.2.1's "essential" exception; axe's `meta-refresh`
//! rule is set aside for that page alone in the accessibility test). They carry a link to go
//! back at once.

use std::net::SocketAddr;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use templates::kiosk::{KioskThanksView, kiosk_thanks_page, kiosk_withdrawn_page};
use templates::{paths, survey::survey_page};

use super::extract::Path;
use super::survey::{Via, current_version, receive, survey_view};
use super::{AppState, client, error::AppError, lang};
use crate::db::kiosks::{self, Found};
use crate::domain::CounterToken;

const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

/// The kiosk behind an address, or the page that says it is not in use (404 for an address that
/// never was, 410 for one withdrawn).
async fn in_use(
    state: &AppState,
    raw_token: &str,
) -> Result<Result<(Via, crate::db::counters::CounterInfo), Response>, AppError> {
    let withdrawn = |status| (status, [NO_STORE], kiosk_withdrawn_page()).into_response();
    let Some(token) = CounterToken::parse(raw_token) else {
        return Ok(Err(withdrawn(StatusCode::NOT_FOUND)));
    };
    Ok(match kiosks::find(&state.db, &token).await? {
        Found::InUse { kiosk_id, counter } => Ok((
            Via::Kiosk {
                id: kiosk_id,
                token,
            },
            *counter,
        )),
        Found::Withdrawn => Err(withdrawn(StatusCode::GONE)),
        Found::Unknown => Err(withdrawn(StatusCode::NOT_FOUND)),
    })
}

pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (via, counter) = match in_use(&state, &token).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let version = current_version(&state, &counter).await?;
    let key = state
        .form_keys
        .issue(via.audience(&counter), state.clock.now())?;
    let view = survey_view(lang, &counter, &version, key.as_str(), None, &via);
    Ok(([NO_STORE], survey_page(&view)).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let address = client::address(&state, peer, &headers);
    if !state.flood.allow(address) {
        return Err(AppError::TooManyRequests);
    }
    let (via, counter) = match in_use(&state, &token).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    receive(&state, &counter, &via, &headers, address, body).await
}

pub async fn thanks(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (via, counter) = match in_use(&state, &token).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let Via::Kiosk { token, .. } = &via else {
        return Err(AppError::NotFound);
    };
    let view = KioskThanksView {
        lang,
        counter_name: counter.name.clone(),
        // Back to the start in the tablet's own language: the next person has not chosen one.
        start_href: paths::Kiosk::href(token),
        return_after: state.kiosk_return_seconds,
    };
    Ok(([NO_STORE], kiosk_thanks_page(&view)).into_response())
}
