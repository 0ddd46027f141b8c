//! The server's clock, set by the test: the turn of the year at local midnight, as a citizen and
//! a staff member see it over HTTP.

use sipas::clock::Clock;
use sipas::domain::account::Role;
use time::macros::datetime;

use crate::helpers::{TestApp, account, session, spawn_app_with};

async fn rate(app: &TestApp, counter: &sipas::db::counters::CounterInfo) {
    let (_, k, v) = app.open_survey(counter).await;
    let body = format!("k={k}&v={v}&lang=vi&q1=5&q2=5&q3=5&q4=5&q5=5");
    let response = app.post_form(&app.survey_url(counter), body).await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn the_year_turns_at_midnight_in_vietnam_on_the_servers_clock() {
    // 23:59:58 on 31 December 2025 in Vietnam.
    let clock = Clock::starting_at(datetime!(2025-12-31 16:59:58 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| {
        config.guards.min_answer_time = std::time::Duration::ZERO;
        config.clock = server_clock;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    rate(&app, &counter).await;
    // 00:00:00 on 1 January 2026 in Vietnam.
    clock.set(datetime!(2025-12-31 17:00:00 UTC));
    rate(&app, &counter).await;
    assert_eq!(
        app.rows("SELECT CAST(local_day AS TEXT) FROM response ORDER BY id")
            .await,
        ["20251231", "20260101"]
    );

    // The dashboard opens on the year of the server's today: 2026, with one respondent.
    let password = account(&app, "quantri", Role::Admin, None).await;
    let staff = session(&app, "quantri", &password).await;
    let html = app
        .staff_get(&staff, "/admin/units/T01")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("01/01/2026 – 31/12/2026"), "{html}");
    // Last quarter in one tap, counted from the server's today (1 January 2026).
    assert!(
        html.contains(
            "href=\"/admin/units/T01?period=2025-Q4&amp;method=pooled&amp;lang=vi\">Quý trước</a>"
        ),
        "{html}"
    );
    let html = app
        .staff_get(&staff, "/admin/units/T01?period=2025")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("01/01/2025 – 31/12/2025"));
    let respondents = |period: &str| {
        let output = app.sipas(&[
            "export", "--unit", "T01", "--period", period, "--format", "json", "--by", "children",
            "--method", "pooled",
        ]);
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        doc["total"]["respondents"].as_u64().unwrap()
    };
    assert_eq!((respondents("2025"), respondents("2026")), (1, 1));
}

#[tokio::test]
async fn a_server_error_shows_the_reference_that_its_log_line_carries() {
    let app = spawn_app_with(|_| {}).await;
    let ok = app.get(&format!("{}/healthz", app.address)).await;
    let id = ok.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 12);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));

    let password = account(&app, "quantri", Role::Admin, None).await;
    let staff = session(&app, "quantri", &password).await;
    // The audit log's table gone: its page cannot be read.
    app.execute("DROP TABLE audit_event").await;
    let failed = app.staff_get(&staff, "/admin/audit").await;
    assert_eq!(failed.status(), 500);
    let id = failed.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = failed.text().await.unwrap();
    assert!(
        html.contains(&format!("Mã tham chiếu: <code>{id}</code>")),
        "{html}"
    );
    assert!(html.contains(&format!("Reference: <code>{id}</code>")));
    assert!(!html.contains("audit_event"), "the cause stays in the log");
}
