//! Results published to citizens: a public page per unit, off until staff switch it on, showing
//! only figures with the minimum sample, never a comment, and saying when a period's figures are
//! the approved ones.

use sipas::clock::Clock;
use sipas::domain::account::Role;
use time::macros::datetime;

use crate::helpers::{TestApp, account, hidden_value, post_staff_form, session, spawn_app_with};

async fn answer(app: &TestApp, counter: &sipas::db::counters::CounterInfo, extra: &str) {
    let (_, k, v) = app.open_survey(counter).await;
    let sent = app
        .post_form(
            &app.survey_url(counter),
            format!("k={k}&v={v}&lang=vi&q1=5&q2=4&q3=2{extra}"),
        )
        .await;
    assert_eq!(sent.status(), 303);
}

#[tokio::test]
async fn a_unit_publishes_its_results_with_the_minimum_sample_and_no_comment() {
    let clock = Clock::starting_at(datetime!(2026-08-20 02:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| {
        config.clock = server_clock;
        config.guards.min_answer_time = std::time::Duration::ZERO;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    // August: one response (under the minimum sample); September: 31, one with a comment.
    answer(&app, &counter, "").await;
    // Three minutes apart, as people come to a counter (30 an hour from one address would be
    // held out as a flood).
    for n in 0..30 {
        clock.set(datetime!(2026-09-10 02:00 UTC) + time::Duration::minutes(3 * n));
        answer(&app, &counter, "").await;
    }
    answer(&app, &counter, "&comment=B%C3%AD+m%E1%BA%ADt+0912345678").await;
    clock.set(datetime!(2026-10-05 02:00 UTC));

    let page = format!("{}/results/T01.TT", app.address);
    assert_eq!(app.get(&page).await.status(), 404, "off until switched on");
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let manager = session(&app, "quanly", &password).await;
    let csrf = hidden_value(
        &app.staff_get(&manager, "/admin")
            .await
            .text()
            .await
            .unwrap(),
        "csrf",
    );
    let on = post_staff_form(
        &app,
        &manager,
        "/admin/units/T01.TT/contact",
        &[
            ("csrf", &csrf),
            ("hotline", ""),
            ("poster_header", ""),
            ("public_results", "on"),
        ],
    )
    .await;
    assert_eq!(on.status(), 303);

    let response = app.get(&page).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Kết quả đánh giá sự hài lòng"));
    assert!(html.contains("Tháng 09/2026") && html.contains("Quý 3/2026"));
    // Q3: 32 respondents; every item answered 5, 4, 2: two of three satisfied.
    assert!(html.contains("66,67%"), "{html}");
    assert!(html.contains("32 người đánh giá"));
    assert!(!html.contains("Số liệu chính thức"));
    assert!(!html.contains("Bí mật") && !html.contains("0912345678"));
    assert!(!html.contains("<script"));
    // August, under the minimum sample, shows no figure.
    assert!(html.contains("<td>Tháng 08/2026</td><td>–</td>"), "{html}");

    // The thank-you page links to it.
    let thanks = app
        .page(&format!(
            "{}/s/{}/thanks?lang=vi",
            app.address, counter.token
        ))
        .await;
    assert!(thanks.contains("href=\"/results/T01.TT?lang=vi\""));

    // Q3 signed off: the quarter says its figures are official.
    let admin_password = account(&app, "tinh", Role::Admin, None).await;
    let admin = session(&app, "tinh", &admin_password).await;
    for (who, step) in [(&manager, "submit"), (&admin, "approve")] {
        let csrf = hidden_value(
            &app.staff_get(who, "/admin").await.text().await.unwrap(),
            "csrf",
        );
        let done = post_staff_form(
            &app,
            who,
            "/admin/units/T01.TT/signoff?period=2026-Q3",
            &[("csrf", &csrf), ("step", step), ("text", "")],
        )
        .await;
        assert_eq!(done.status(), 303, "{step}");
    }
    let html = app.page(&page).await;
    assert_eq!(html.matches("Số liệu chính thức").count(), 1);

    // Switched off again: 404, like a unit that does not exist.
    let off = post_staff_form(
        &app,
        &manager,
        "/admin/units/T01.TT/contact",
        &[("csrf", &csrf), ("hotline", ""), ("poster_header", "")],
    )
    .await;
    assert_eq!(off.status(), 303);
    assert_eq!(app.get(&page).await.status(), 404);
    assert_eq!(
        app.get(&format!("{}/results/NOPE", app.address))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn the_results_page_is_light() {
    let app = crate::helpers::spawn_app().await;
    app.counter("sipas-quick").await;
    app.execute("UPDATE unit SET public_results = true WHERE code = 'T01.TT'")
        .await;
    let page = app
        .client
        .get(format!("{}/results/T01.TT", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-encoding"], "gzip");
    let page = page.bytes().await.unwrap();
    let css = app
        .client
        .get(format!(
            "{}{}",
            app.address,
            templates::assets::CITIZEN_CSS.path()
        ))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let total = page.len() + css.len();
    println!(
        "results page: {} + css {} = {total} bytes gzipped",
        page.len(),
        css.len()
    );
    assert!(total <= 20 * 1024, "{total} bytes");
}

#[tokio::test]
async fn managers_write_a_note_citizens_read_beside_the_period() {
    let clock = Clock::starting_at(datetime!(2026-10-05 02:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| config.clock = server_clock).await;
    app.counter("sipas-quick").await;
    app.execute("UPDATE unit SET public_results = true WHERE code = 'T01.TT'")
        .await;
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let manager = session(&app, "quanly", &password).await;
    let page = app
        .staff_get(&manager, "/admin/units/T01.TT/signoff?period=2026-Q3")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ý kiến của người dân – việc chúng tôi đã làm"));
    let csrf = hidden_value(&page, "csrf");
    let note = "Người dân phản ánh chờ lâu.\nĐơn vị đã mở thêm quầy 3 vào buổi sáng.";
    let path = "/admin/units/T01.TT/public-note?period=2026-Q3";
    let saved = post_staff_form(&app, &manager, path, &[("csrf", &csrf), ("text", note)]).await;
    assert_eq!(saved.status(), 303);
    let html = app
        .page(&format!("{}/results/T01.TT?lang=vi", app.address))
        .await;
    assert!(html.contains("Đơn vị đã mở thêm quầy 3 vào buổi sáng."));
    // Too long, or from a viewer: refused, the note stays.
    let long = "x".repeat(2001);
    let refused = post_staff_form(&app, &manager, path, &[("csrf", &csrf), ("text", &long)]).await;
    assert_eq!(refused.status(), 422);
    let password = account(&app, "xem", Role::Viewer, Some("T01.TT")).await;
    let viewer = session(&app, "xem", &password).await;
    let viewer_csrf = hidden_value(
        &app.staff_get(&viewer, "/admin").await.text().await.unwrap(),
        "csrf",
    );
    let refused = post_staff_form(
        &app,
        &viewer,
        path,
        &[("csrf", &viewer_csrf), ("text", "x")],
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.rows("SELECT text FROM public_note").await, [note]);
    // Emptied: removed.
    let removed = post_staff_form(&app, &manager, path, &[("csrf", &csrf), ("text", " ")]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM public_note").await, 0);
}
