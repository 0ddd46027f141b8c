//! The home page over HTTP, on the server's clock: each unit's SIPAS index this month with its
//! respondents, today's respondents, and the change against last month; and where a manager of
//! one unit lands after signing in.

use sipas::clock::Clock;
use sipas::domain::account::Role;
use time::macros::datetime;

use crate::helpers::{TestApp, account, login, session, spawn_app_with};

/// One response over HTTP with every item at `score`.
async fn rate(app: &TestApp, counter: &sipas::db::counters::CounterInfo, score: u8) {
    let (_, k, v) = app.open_survey(counter).await;
    let body =
        format!("k={k}&v={v}&lang=vi&q1={score}&q2={score}&q3={score}&q4={score}&q5={score}");
    let response = app.post_form(&app.survey_url(counter), body).await;
    assert_eq!(response.status(), 303);
}

/// The cells of the home page's row whose unit link is `code`, as text.
fn row_of(html: &str, code: &str) -> Vec<String> {
    let link = format!("href=\"/admin/units/{code}?lang=vi\"");
    let start = html.find(&link).unwrap_or_else(|| panic!("no row {code}"));
    let row_start = html[..start].rfind("<tr>").unwrap();
    let row_end = start + html[start..].find("</tr>").unwrap();
    html[row_start..row_end]
        .split("</td>")
        .map(|cell| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in cell.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_owned()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[tokio::test]
async fn each_unit_shows_this_month_today_and_the_change_on_last_month() {
    // 10:00 on 20 February 2026 in Vietnam.
    let clock = Clock::starting_at(datetime!(2026-02-20 03:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| {
        config.guards.min_answer_time = std::time::Duration::ZERO;
        config.clock = server_clock;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    // Last month: one satisfied, one not (50%). This month: one on the 3rd, one today (100%).
    for (at, score) in [
        (datetime!(2026-01-10 03:00 UTC), 5),
        (datetime!(2026-01-31 16:30 UTC), 1),
        (datetime!(2026-02-03 03:00 UTC), 5),
        (datetime!(2026-02-20 02:00 UTC), 4),
    ] {
        clock.set(at);
        rate(&app, &counter, score).await;
    }
    clock.set(datetime!(2026-02-20 03:00 UTC));

    let password = account(&app, "quantri", Role::Admin, None).await;
    let staff = session(&app, "quantri", &password).await;
    let html = app.staff_get(&staff, "/admin").await.text().await.unwrap();
    assert!(html.contains("Chỉ số SIPAS tháng 02/2026"), "{html}");
    // The province and its service point: 100,00% of 2 this month, 1 today, +50,00 points.
    for code in ["T01", "T01.TT"] {
        let cells = row_of(&html, code);
        assert_eq!(
            cells[2..],
            ["100,00%", "2", "1", "+50,00"],
            "{code}: {cells:?}"
        );
    }

    // On the dashboard, February runs on: its point is hollow, its line dashed, and a note says
    // so. January is over.
    let html = app
        .staff_get(&staff, "/admin/units/T01?period=2026-02")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Tháng 02/2026 chưa kết thúc"), "{html}");
    assert_eq!(html.matches("fill=\"#fff\"").count(), 1);
    assert!(html.contains(">2*</text>") && html.contains(">1</text>"));
}

#[tokio::test]
async fn a_manager_of_one_unit_lands_on_its_dashboard_and_an_admin_at_home() {
    let app = spawn_app_with(|_| {}).await;
    app.counter("sipas-quick").await;
    let manager = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let response = login(&app, "quanly", &manager).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/units/T01.TT");
    let viewer = account(&app, "xem", Role::Viewer, Some("T01")).await;
    let response = login(&app, "xem", &viewer).await;
    assert_eq!(response.headers()["location"], "/admin/units/T01");
    let admin = account(&app, "quantri", Role::Admin, None).await;
    let response = login(&app, "quantri", &admin).await;
    assert_eq!(response.headers()["location"], "/admin");
}
