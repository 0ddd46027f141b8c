//! Browser tests: Debian's Chromium driven through `chromedriver` (WebDriver, with fantoccini)
//! against the real server on port 0, each test on a fresh database (SQLite, or PostgreSQL when
//! `SIPAS_TEST_POSTGRES_URL` is set, as in the API tests).
//!
//! They need `chromium`, `chromium-driver`, `poppler-utils` and the npm package `axe-core`, so
//! they are marked ignored, and `cargo test` reports them so with the reason. Run with
//! `--ignored`, a missing part fails them; they are never skipped. `.ci/run` installs the parts
//! and runs them; README "Browser tests" says how to run them by hand. Screenshots land in `target/browser/` for people to look at.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

mod accessibility;
mod browser;
mod citizen;
mod finishing;
mod kiosk;
mod layout;
mod posters;
mod staff;
mod staff_layout;
