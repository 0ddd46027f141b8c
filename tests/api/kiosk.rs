//! The kiosk: a tablet at a counter, opened by a manager at its own address, rated by everyone
//! who passes. Stored as channel `kiosk`; a tap too soon after the last one is flagged, not lost;
//! a withdrawn kiosk stores nothing and says so.

use std::time::Duration;

use sipas::domain::account::Role;

use crate::helpers::{TestApp, account, hidden_value, post_staff_form, session, spawn_app_with};

async fn kiosk_app() -> TestApp {
    spawn_app_with(|config| {
        config.guards.min_answer_time = Duration::ZERO;
        config.guards.kiosk_interval = Duration::from_secs(1);
    })
    .await
}

/// The `/k/…` address on a counters page.
fn kiosk_path(page: &str) -> Option<String> {
    let start = page.find("/k/")?;
    Some(page[start..start + 3 + 16].to_owned())
}

/// Taps level `level` on the kiosk's start screen; returns the post's response.
async fn tap(app: &TestApp, path: &str, level: u8) -> reqwest::Response {
    let start = app.get(&format!("{}{path}", app.address)).await;
    assert_eq!(start.status(), 200);
    let html = start.text().await.unwrap();
    let (k, v) = (hidden_value(&html, "k"), hidden_value(&html, "v"));
    app.post_form(
        &format!("{}{path}", app.address),
        format!("k={k}&v={v}&lang=vi&website=&q1={level}"),
    )
    .await
}

#[tokio::test]
async fn a_manager_opens_a_kiosk_whose_taps_are_stored_as_kiosk_with_the_interval_rule() {
    let app = kiosk_app().await;
    let counter = app.counter("one-tap").await;
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let manager = session(&app, "quanly", &password).await;
    let page = app
        .staff_get(&manager, "/admin/units/T01.TT/counters")
        .await
        .text()
        .await
        .unwrap();
    assert!(kiosk_path(&page).is_none());
    let csrf = hidden_value(&page, "csrf");
    let open = format!("/admin/counters/{}/kiosk", counter.id);
    let opened = post_staff_form(&app, &manager, &open, &[("csrf", &csrf)]).await;
    assert_eq!(opened.status(), 303);
    let page = app
        .staff_get(&manager, "/admin/units/T01.TT/counters")
        .await
        .text()
        .await
        .unwrap();
    let path = kiosk_path(&page).expect("the kiosk's address on the counters page");
    assert_ne!(
        path,
        format!("/k/{}", counter.token),
        "its own token, not the QR code's"
    );

    // The start screen: no sign-in, no device cookie, large faces, a reload before its key ages.
    let start = app.get(&format!("{}{path}", app.address)).await;
    assert_eq!(start.status(), 200);
    assert_eq!(start.headers()["cache-control"], "no-store");
    assert!(start.headers().get("set-cookie").is_none());
    let html = start.text().await.unwrap();
    assert!(html.contains("Quầy số 2 – Hộ tịch"));
    assert!(html.contains("class=\"kiosk\""));
    // The start screen never reloads itself: a person may be answering.
    assert!(!html.contains("http-equiv=\"refresh\""));
    assert!(html.contains("<button class=\"opt\" type=\"submit\" name=\"q1\" value=\"3\">"));

    // A tap: stored, thanked, and the thanks return to the start by themselves.
    let first = tap(&app, &path, 3).await;
    assert_eq!(first.status(), 303);
    let thanks = first.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(thanks, format!("{path}/thanks?lang=vi"));
    let html = app.page(&format!("{}{thanks}", app.address)).await;
    assert!(html.contains("Cảm ơn ông/bà!"));
    assert!(html.contains(&format!("http-equiv=\"refresh\" content=\"5;url={path}\"")));

    // A second tap at once: stored, but flagged by the interval rule; a third after it counts.
    assert_eq!(tap(&app, &path, 1).await.status(), 303);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(tap(&app, &path, 2).await.status(), 303);
    let stored = app
        .rows("SELECT channel || ':' || status FROM response ORDER BY id")
        .await;
    assert_eq!(stored, ["kiosk:counted", "kiosk:flagged", "kiosk:counted"]);
    let reason = app
        .rows("SELECT status_reason FROM response WHERE status = 'flagged'")
        .await;
    assert!(reason[0].contains("máy đánh giá"), "{reason:?}");

    // Opening again gives a new address; the old one stops at once. Withdrawing stops the new.
    let again = post_staff_form(&app, &manager, &open, &[("csrf", &csrf)]).await;
    assert_eq!(again.status(), 303);
    let page = app
        .staff_get(&manager, "/admin/units/T01.TT/counters")
        .await
        .text()
        .await
        .unwrap();
    let second = kiosk_path(&page).unwrap();
    assert_ne!(second, path);
    let old = app.get(&format!("{}{path}", app.address)).await;
    assert_eq!(old.status(), 410);
    assert!(
        old.text()
            .await
            .unwrap()
            .contains("Máy đánh giá này không hoạt động")
    );
    let withdraw = format!("/admin/counters/{}/kiosk/withdraw", counter.id);
    let withdrawn = post_staff_form(&app, &manager, &withdraw, &[("csrf", &csrf)]).await;
    assert_eq!(withdrawn.status(), 303);
    let before = app.responses().await;
    let refused = app
        .post_form(&format!("{}{second}", app.address), "k=x&v=1&lang=vi&q1=3")
        .await;
    assert_eq!(refused.status(), 410);
    assert_eq!(app.responses().await, before);
    let audited =
        "SELECT COUNT(*) FROM audit_event WHERE action IN ('kiosk opened', 'kiosk withdrawn')";
    assert_eq!(app.scalar(audited).await, 3);
    let unknown = app
        .get(&format!("{}/k/AAAAAAAAAAAAAAAA", app.address))
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn viewers_and_managers_of_other_units_cannot_open_a_kiosk() {
    let app = kiosk_app().await;
    let counter = app.counter("one-tap").await;
    app.unit(
        "T01.KHAC",
        "Xã Khác",
        sipas::domain::UnitKind::Commune,
        Some("T01"),
    )
    .await;
    let password = account(&app, "xem", Role::Viewer, Some("T01.TT")).await;
    let viewer = session(&app, "xem", &password).await;
    let password = account(&app, "khac", Role::Manager, Some("T01.KHAC")).await;
    let other = session(&app, "khac", &password).await;
    let open = format!("/admin/counters/{}/kiosk", counter.id);
    for (who, status) in [(&viewer, 403), (&other, 404)] {
        let csrf = hidden_value(
            &app.staff_get(who, "/admin").await.text().await.unwrap(),
            "csrf",
        );
        let refused = post_staff_form(&app, who, &open, &[("csrf", &csrf)]).await;
        assert_eq!(refused.status(), status);
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM kiosk").await, 0);
}

#[tokio::test]
async fn a_kiosk_left_waiting_for_hours_still_stores_the_next_tap() {
    let clock = sipas::clock::Clock::starting_at(time::macros::datetime!(2026-03-02 01:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| {
        config.clock = server_clock;
        config.guards.min_answer_time = Duration::ZERO;
    })
    .await;
    let counter = app.counter("one-tap").await;
    let token = sipas::db::kiosks::open(&app.db, &counter, "test", clock.now())
        .await
        .unwrap();
    let path = format!("/k/{}", token.as_str());
    let html = app.page(&format!("{}{path}", app.address)).await;
    let (k, v) = (hidden_value(&html, "k"), hidden_value(&html, "v"));
    // Five hours with nobody at the counter: the key is past its lifetime, the tap still counts.
    clock.set(time::macros::datetime!(2026-03-02 06:00 UTC));
    let tapped = app
        .post_form(
            &format!("{}{path}", app.address),
            format!("k={k}&v={v}&lang=vi&website=&q1=3"),
        )
        .await;
    assert_eq!(tapped.status(), 303);
    assert_eq!(
        app.rows("SELECT channel || ':' || status FROM response")
            .await,
        ["kiosk:counted"]
    );
    // On a phone the same wait brings the form back to be sent again, as before.
    let (_, k, v) = app.open_survey(&counter).await;
    clock.set(time::macros::datetime!(2026-03-02 11:00 UTC));
    let phone = app
        .post_form(
            &app.survey_url(&counter),
            format!("k={k}&v={v}&lang=vi&website=&q1=3"),
        )
        .await;
    assert_eq!(phone.status(), 422);
    assert_eq!(app.responses().await, 1);
}

#[tokio::test]
async fn a_key_works_only_where_it_was_given_and_a_kiosk_rating_takes_no_comment() {
    let app = kiosk_app().await;
    let counter = app.counter("one-tap").await;
    let token = sipas::db::kiosks::open(&app.db, &counter, "test", time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let kiosk = format!("{}/k/{}", app.address, token.as_str());
    // A phone's key at the kiosk (where the phone's checks are off): refused, nothing stored.
    let (_, phone_key, v) = app.open_survey(&counter).await;
    let crossed = app
        .post_form(&kiosk, format!("k={phone_key}&v={v}&lang=vi&q1=3"))
        .await;
    assert_eq!(crossed.status(), 422);
    // A kiosk's key on the phone's address: refused too.
    let html = app.page(&kiosk).await;
    let kiosk_key = hidden_value(&html, "k");
    let crossed = app
        .post_form(
            &app.survey_url(&counter),
            format!("k={kiosk_key}&v={v}&lang=vi&q1=3"),
        )
        .await;
    assert_eq!(crossed.status(), 422);
    assert_eq!(app.responses().await, 0);
    // Each where it was given: stored.
    let tapped = app
        .post_form(&kiosk, format!("k={kiosk_key}&v={v}&lang=vi&q1=3"))
        .await;
    assert_eq!(tapped.status(), 303);
    // The kiosk's rating takes no comment through the phone's thank-you form.
    let comment = app
        .post_form(
            &format!("{}/s/{}/comment", app.address, counter.token),
            format!("k={kiosk_key}&lang=vi&comment=x"),
        )
        .await;
    assert_eq!(comment.status(), 409);
    let page = comment.text().await.unwrap();
    assert!(
        !page.contains("Cảm ơn") && !page.contains("đã được ghi nhận"),
        "no thanks for a comment not added"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE comment IS NOT NULL")
            .await,
        0
    );
}
