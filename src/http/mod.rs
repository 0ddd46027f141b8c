//! The web layer: one route table, thin handlers, one error type.
//!
//! Handlers extract, parse into domain types, make one call into `db`, then render a view from
//! `templates` or redirect (Post/Redirect/Get with 303). May depend on `domain`, `db`, `qr` and
//! `templates`; nothing below it depends on it.

mod admin;
mod answers;
pub mod api;
mod assets;
mod audit;
mod client;
mod comments;
mod cookies;
mod counters;
mod dashboard;
pub mod error;
mod extract;
mod flood;
mod home;
mod kiosk;
mod kiosk_admin;
mod lang;
pub mod metrics;
mod moderation;
mod public_note;
mod questionnaires;
mod results;
mod shown;
mod signoff;
mod staff;
mod survey;
mod survey_cache;
mod thanks;
mod trace;
mod unit_admin;
mod unit_contact;
mod users;

use std::sync::Arc;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::HeaderValue,
    routing::{get, post},
};
use tower_http::{
    compression::CompressionLayer,
    set_header::SetResponseHeaderLayer,
    timeout::{RequestBodyTimeoutLayer, TimeoutLayer},
};

use crate::db::Db;
use crate::domain::guards::Guards;
pub use flood::FloodLimit;
/// How long the survey pages believe a counter or a current questionnaire version without asking
/// the database again (changes made through this server show at once).
pub use survey_cache::FRESH_FOR as SURVEY_CACHE_FRESH_FOR;
use templates::paths;

/// The largest body accepted: a survey with a 2,000-character Vietnamese comment, percent-encoded
/// (up to 9 bytes a character), fits with room to spare.
pub const MAX_BODY_BYTES: usize = 32 * 1024;
/// The most header bytes (names and values) and headers a request may carry: a browser sends a
/// few kilobytes; more is a mistake or an attack, answered 431 before any handler runs.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 64;

async fn limit_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let headers = request.headers();
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if bytes > MAX_HEADER_BYTES || headers.len() > MAX_HEADERS {
        return axum::http::StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE.into_response();
    }
    next.run(request).await
}

/// The longest any request may take.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The base URL printed in QR codes.
    pub public_url: Arc<str>,
    pub guards: Guards,
    /// Seconds a kiosk shows its thanks before it returns to its start.
    pub kiosk_return_seconds: u32,
    pub flood: Arc<flood::FloodLimit>,
    /// Today's device salt, kept to save a read per post: (yyyymmdd, salt).
    pub device_salt: Arc<std::sync::Mutex<Option<(i32, String)>>>,
    pub behind_proxy: bool,
    /// The time as handlers read it (a test sets its own).
    pub clock: crate::clock::Clock,
    pub metrics: Arc<metrics::Metrics>,
    /// Survey submissions go through group commit (see `db::group_commit`).
    pub submissions: crate::db::group_commit::GroupWriter,
    pub survey_cache: Arc<survey_cache::SurveyCache>,
    /// Signs and checks survey form keys (see `domain::form_key`).
    pub form_keys: Arc<crate::domain::form_key::FormKeys>,
}

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Readiness: the database answers, is fully migrated, and submissions can be stored (every
/// writer task runs and the last commit did not fail, or a probe write has since succeeded).
async fn ready(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, &'static str) {
    use crate::db::group_commit::WriterState;
    let not_ready = |reason: &str, body| {
        tracing::warn!(%reason, "not ready");
        (axum::http::StatusCode::SERVICE_UNAVAILABLE, body)
    };
    if let Err(reason) = state.db.ready().await {
        return not_ready(&reason, "not ready: database");
    }
    match state.submissions.state(&state.db).await {
        WriterState::Ready => (axum::http::StatusCode::OK, "ready"),
        WriterState::CannotCommit => {
            not_ready("the database cannot commit", "not ready: cannot commit")
        }
        WriterState::Stopped => not_ready("a writer task has stopped", "not ready: writer stopped"),
    }
}

/// Every request but a survey submission gets [`REQUEST_TIMEOUT`].
fn timeout() -> TimeoutLayer {
    TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT)
}

/// `/api/v1`: every answer JSON, errors included (see `api::json_errors`, the outermost layer).
fn api_routes() -> Router<AppState> {
    Router::new()
        .route(paths::ApiOpenapi::ROUTE, get(api::openapi))
        .route(paths::ApiUnits::ROUTE, get(api::units))
        .route(paths::ApiCounters::ROUTE, get(api::counters))
        .route(paths::ApiFigures::ROUTE, get(api::figures))
        .route(paths::ApiResponses::ROUTE, get(api::responses))
        .fallback(api::not_found)
}

/// The staff pages, every one behind the extractors of [`staff`].
fn staff_routes() -> Router<AppState> {
    use paths::*;
    Router::new()
        .route(Home::ROUTE, get(home::home))
        .route(
            Login::ROUTE,
            get(admin::login_form).post(admin::login_submit),
        )
        .route(Logout::ROUTE, post(admin::logout))
        .route(Audit::ROUTE, get(audit::audit))
        .route(Questionnaires::ROUTE, get(questionnaires::list))
        .route(
            NewVersion::ROUTE,
            get(questionnaires::new_version_form).post(questionnaires::new_version),
        )
        .route(Users::ROUTE, get(users::list).post(users::add))
        .route(UserRename::ROUTE, post(users::rename))
        .route(UserActive::ROUTE, post(users::set_active))
        .route(Units::ROUTE, get(unit_admin::list).post(unit_admin::add))
        .route(
            UnitsImport::ROUTE,
            post(unit_admin::import).layer(DefaultBodyLimit::max(unit_admin::MAX_IMPORT_BYTES)),
        )
        .route(UnitRename::ROUTE, post(unit_admin::rename))
        .route(UnitMove::ROUTE, post(unit_admin::move_under))
        .route(
            UnitActive::ROUTE,
            get(unit_admin::deactivate_question).post(unit_admin::set_active),
        )
        .route(Unit::ROUTE, get(dashboard::dashboard))
        .route(UnitExport::ROUTE, get(dashboard::download))
        .route(UnitCounters::ROUTE, get(counters::list).post(counters::add))
        .route(UnitResponses::ROUTE, get(moderation::list))
        .route(UnitResponsesBulk::ROUTE, post(moderation::bulk))
        .route(UnitComments::ROUTE, get(comments::list))
        .route(UnitPosters::ROUTE, get(counters::unit_posters))
        .route(UnitContact::ROUTE, post(unit_contact::set))
        .route(UnitSignoff::ROUTE, get(signoff::show).post(signoff::step))
        .route(UnitPublicNote::ROUTE, post(public_note::set))
        .route(UnitResultsPoster::ROUTE, get(results::poster))
        .route(CounterKiosk::ROUTE, post(kiosk_admin::open))
        .route(CounterKioskWithdraw::ROUTE, post(kiosk_admin::withdraw))
        .route(ResponseExclude::ROUTE, post(moderation::exclude))
        .route(ResponseRestore::ROUTE, post(moderation::restore))
        .route(CounterSvg::ROUTE, get(counters::svg))
        .route(CounterPng::ROUTE, get(counters::png))
        .route(CounterPoster::ROUTE, get(counters::poster))
        .route(
            CounterRotate::ROUTE,
            get(counters::rotate_question).post(counters::rotate),
        )
        .route(CounterRename::ROUTE, post(counters::rename))
        .route(CounterQuestionnaire::ROUTE, post(counters::questionnaire))
        .route(
            CounterActive::ROUTE,
            get(counters::deactivate_question).post(counters::set_active),
        )
        .layer(axum::middleware::from_fn(lang::remember))
}

pub fn router(state: AppState) -> Router {
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(
            axum::http::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    // A submission has no overall timeout: cut short after it has entered a commit, it could be
    // stored while its citizen is told it was not. Its body must keep coming (see `startup`),
    // and it waits at most `group_commit::QUEUE_WAIT` for a place in a commit; once in one, it
    // waits for the commit's outcome.
    let survey = Router::new()
        .route(
            paths::Survey::ROUTE,
            get(survey::show).layer(timeout()).post(survey::submit),
        )
        .route(paths::SurveyComment::ROUTE, post(thanks::add_comment))
        .route(
            paths::Kiosk::ROUTE,
            get(kiosk::show).layer(timeout()).post(kiosk::submit),
        );
    Router::new()
        .route(paths::SurveyThanks::ROUTE, get(thanks::show))
        .route(paths::KioskThanks::ROUTE, get(kiosk::thanks))
        .merge(staff_routes())
        .nest(paths::Api::ROUTE, api_routes())
        .route(paths::Static::ROUTE, get(assets::static_file))
        .route(paths::Privacy::ROUTE, get(survey::privacy))
        .route(paths::Results::ROUTE, get(results::show))
        // Liveness: the process answers. Readiness: and so does its database, fully migrated.
        .route(paths::Healthz::ROUTE, get(|| async { "ok" }))
        .route(paths::Readyz::ROUTE, get(ready))
        .route(paths::Metrics::ROUTE, get(metrics::render))
        // A request that takes longer has gone wrong (every page takes milliseconds): answer 408
        // rather than hold a connection. A transaction cut short rolls back.
        .layer(timeout())
        .merge(survey)
        .fallback(error::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // A body must keep coming: a client that stops sending mid-body is let go.
        .layer(RequestBodyTimeoutLayer::new(crate::serve::BODY_IDLE))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(limit_headers))
        // Outside every layer that may refuse a request, so that the API's refusals are JSON.
        .layer(axum::middleware::from_fn(api::json_errors))
        // Outside that: the status logged is the one sent.
        .layer(axum::middleware::from_fn(trace::trace))
        .layer(header("content-security-policy", CONTENT_SECURITY_POLICY))
        .layer(header("x-content-type-options", "nosniff"))
        // The survey URL holds the counter's token: no page of ours passes it on.
        .layer(header("referrer-policy", "no-referrer"))
        // Counted by route template: only requests that matched a route.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        .with_state(state)
}
