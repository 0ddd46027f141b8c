//! The cost of counting a request in `/metrics`: what every answered request pays.
//!
//!     cargo bench --bench metrics
//!
//! Times `Metrics::count_request` (the one in use) from one and from two threads over the
//! routes of a survey server, beside the counting this project did before (a `BTreeMap` keyed by
//! owned strings: two allocations a request), and prints nanoseconds per request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::http::Method;
use sipas::http::metrics::Metrics;

const ROUTES: [&str; 6] = [
    "/s/{token}",
    "/s/{token}/thanks",
    "/static/{file}",
    "/admin/units/{code}",
    "/healthz",
    "/api/v1/figures",
];
const PER_THREAD: usize = 2_000_000;

/// The counting before: every request built its key from owned strings.
#[derive(Default)]
struct Before {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
}

impl Before {
    fn count_request(&self, method: &Method, route: &str, status: u16) {
        let mut requests = self.requests.lock().unwrap();
        *requests
            .entry((method.as_str().to_owned(), route.to_owned(), status))
            .or_default() += 1;
    }
}

fn time(threads: usize, count: impl Fn(&Method, &str, u16) + Sync) -> f64 {
    let started = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let count = &count;
            scope.spawn(move || {
                for i in 0..PER_THREAD {
                    let route = ROUTES[(i + t) % ROUTES.len()];
                    let (method, status) = if i % 3 == 0 {
                        (Method::POST, 303)
                    } else {
                        (Method::GET, 200)
                    };
                    count(&method, std::hint::black_box(route), status);
                }
            });
        }
    });
    started.elapsed().as_nanos() as f64 / (threads * PER_THREAD) as f64
}

fn main() {
    println!("| counting one request | 1 thread | 2 threads |");
    println!("|---|---|---|");
    let now = Metrics::default();
    let (one, two) = (
        time(1, |m, r, s| now.count_request(m, r, s)),
        time(2, |m, r, s| now.count_request(m, r, s)),
    );
    println!("| `Metrics::count_request` (in use) | {one:.0} ns | {two:.0} ns |");
    let before = Before::default();
    let (one, two) = (
        time(1, |m, r, s| before.count_request(m, r, s)),
        time(2, |m, r, s| before.count_request(m, r, s)),
    );
    println!("| owned-string keys (before) | {one:.0} ns | {two:.0} ns |");
}
