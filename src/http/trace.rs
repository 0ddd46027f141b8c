//! One log line per request: method, route, status, latency and a request id. The id is also
//! sent back as `x-request-id` and shown on the 500 page, so that a clerk can quote it and the
//! IT officer can find the request (and its error's cause) in the log.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    /// The id of the request being answered, for code that has no access to the request.
    static REQUEST_ID: String;
}

/// The id of the request this task is answering, if any.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// 12 hex digits: random (so that the ids of two instances do not collide), else a count.
fn new_request_id() -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 6];
    if getrandom::fill(&mut bytes).is_err() {
        let count = COUNT.fetch_add(1, Ordering::Relaxed).to_be_bytes();
        bytes.copy_from_slice(&count[2..]);
    }
    bytes
        .iter()
        .fold(String::with_capacity(12), |mut id, byte| {
            let _ = write!(id, "{byte:02x}");
            id
        })
}

/// Logs every request once it is answered: a 5xx as an error, with its path; a 4xx at `info`;
/// the rest at `debug` (`RUST_LOG=sipas=debug` shows them; a busy survey server need not write
/// a line per citizen). All but 5xx by route template only: a survey path holds a counter's
/// token, which stays out of the log.
pub async fn trace(request: Request, next: Next) -> Response {
    let id = new_request_id();
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    // A router's layers run once a route has matched (and on the fallback, with none).
    let route = request.extensions().get::<MatchedPath>().cloned();
    let route = route.as_ref().map_or("unmatched", |r| r.as_str());
    let mut response = REQUEST_ID.scope(id.clone(), next.run(request)).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = response.status().as_u16();
    if response.status().is_server_error() {
        tracing::error!(request_id = %id, %method, route, path, status, latency_ms, "request failed");
    } else if response.status().is_client_error() {
        tracing::info!(request_id = %id, %method, route, status, latency_ms, "request refused");
    } else {
        tracing::debug!(request_id = %id, %method, route, status, latency_ms, "request");
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
