//! `GET /metrics` in the Prometheus text format: requests by route and status, the latency of
//! survey submissions (a histogram), responses stored, and database connections in use.
//! Counted in this process's memory: each instance reports its own, as Prometheus expects.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::AppState;

/// Upper bounds of the submission latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
pub struct Metrics {
    /// (method, status) → route template → count. A request whose series exists takes the
    /// read lock (shared by every thread), looks up by the borrowed route and adds to an atomic:
    /// nothing is allocated and no thread waits for another (see `cargo bench --bench metrics`).
    requests: RwLock<HashMap<(Method, u16), HashMap<String, AtomicU64>>>,
    /// Submissions with a latency ≤ each bucket's bound (cumulative), then the total.
    buckets: [AtomicU64; BUCKETS.len()],
    submissions: AtomicU64,
    submission_micros: AtomicU64,
    stored: AtomicU64,
}

impl Metrics {
    /// Counts one answered request by method, route template and status.
    pub fn count_request(&self, method: &Method, route: &str, status: u16) {
        let key = (method.clone(), status);
        {
            let requests = self
                .requests
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(count) = requests.get(&key).and_then(|by_route| by_route.get(route)) {
                count.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        // A new series: once per method, status and route.
        let mut requests = self
            .requests
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        requests
            .entry(key)
            .or_default()
            .entry(route.to_owned())
            .or_default()
            .fetch_add(1, Ordering::Relaxed);
    }

    /// A response was committed (not a resend of one already stored).
    pub fn response_stored(&self) {
        self.stored.fetch_add(1, Ordering::Relaxed);
    }

    fn observe_submission(&self, seconds: f64) {
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.submissions.fetch_add(1, Ordering::Relaxed);
        self.submission_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }
}

/// Counts every request by its route template (never the raw path: a token is not a label).
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // A cheap clone (the template is shared); `route_layer` runs only on matched routes.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    let response = next.run(request).await;
    let status = response.status().as_u16();
    if method == Method::POST && route == templates::paths::Survey::ROUTE {
        state
            .metrics
            .observe_submission(started.elapsed().as_secs_f64());
    }
    state.metrics.count_request(&method, route, status);
    response
}

pub async fn render(State(state): State<AppState>) -> Response {
    let m = &state.metrics;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# HELP sipas_http_requests_total HTTP requests by route and status."
    );
    let _ = writeln!(out, "# TYPE sipas_http_requests_total counter");
    {
        let requests = m.requests.read().unwrap_or_else(|p| p.into_inner());
        // In a stable order: by method, route, status.
        let sorted: BTreeMap<(&str, &str, u16), u64> = requests
            .iter()
            .flat_map(|((method, status), by_route)| {
                by_route.iter().map(move |(route, n)| {
                    let n = n.load(Ordering::Relaxed);
                    ((method.as_str(), route.as_str(), *status), n)
                })
            })
            .collect();
        for ((method, route, status), n) in sorted {
            let _ = writeln!(
                out,
                "sipas_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP sipas_submission_seconds Time to answer a survey submission, commit included."
    );
    let _ = writeln!(out, "# TYPE sipas_submission_seconds histogram");
    for (bound, bucket) in BUCKETS.iter().zip(&m.buckets) {
        let _ = writeln!(
            out,
            "sipas_submission_seconds_bucket{{le=\"{bound}\"}} {}",
            bucket.load(Ordering::Relaxed)
        );
    }
    let count = m.submissions.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "sipas_submission_seconds_bucket{{le=\"+Inf\"}} {count}"
    );
    let _ = writeln!(
        out,
        "sipas_submission_seconds_sum {}",
        m.submission_micros.load(Ordering::Relaxed) as f64 / 1e6
    );
    let _ = writeln!(out, "sipas_submission_seconds_count {count}");
    let _ = writeln!(
        out,
        "# HELP sipas_responses_stored_total Responses committed by this process."
    );
    let _ = writeln!(out, "# TYPE sipas_responses_stored_total counter");
    let _ = writeln!(
        out,
        "sipas_responses_stored_total {}",
        m.stored.load(Ordering::Relaxed)
    );
    let writer = state.submissions.counts();
    let _ = writeln!(
        out,
        "# HELP sipas_commit_failures_total Commits of survey responses that failed (a batch, or one response retried alone)."
    );
    let _ = writeln!(out, "# TYPE sipas_commit_failures_total counter");
    let _ = writeln!(out, "sipas_commit_failures_total {}", writer.failed_commits);
    let _ = writeln!(
        out,
        "# HELP sipas_submissions_not_stored_total Valid survey submissions answered 503 because they could not be stored."
    );
    let _ = writeln!(out, "# TYPE sipas_submissions_not_stored_total counter");
    let _ = writeln!(
        out,
        "sipas_submissions_not_stored_total {}",
        writer.not_stored
    );
    let _ = writeln!(
        out,
        "# HELP sipas_db_connections Database connections open and in use, by pool."
    );
    let _ = writeln!(out, "# TYPE sipas_db_connections gauge");
    for (pool, open, used) in state.db.pool_usage() {
        let _ = writeln!(
            out,
            "sipas_db_connections{{pool=\"{pool}\",state=\"open\"}} {open}"
        );
        let _ = writeln!(
            out,
            "sipas_db_connections{{pool=\"{pool}\",state=\"in_use\"}} {used}"
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
