//! Integration tests: the real server on port 0, spoken to over HTTP, each test on a fresh
//! database. SQLite by default; PostgreSQL when `SIPAS_TEST_POSTGRES_URL` names a server
//! (e.g. `postgres://postgres@127.0.0.1:5432`), as `.ci/run` does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod api;
mod audit;
mod authorisation;
mod cli;
mod clock;
mod comments;
mod counter_activity;
mod csv_injection;
mod dashboard;
mod faults;
mod figures;
mod guards;
mod helpers;
mod home;
mod hostile;
mod kiosk;
mod lifecycle;
mod moderation;
mod operations;
mod qr;
mod results;
mod signoff;
mod staff_counters;
mod submission;
mod survey_page;
mod thanks;
mod unit_admin;
