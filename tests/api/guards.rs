//! The abuse guards over HTTP: repeats from one device, the honeypot, a counter receiving
//! responses too fast, the per-address flood limit; and what is (not) kept about the citizen.

use crate::helpers::{TestApp, hidden_value, spawn_app};

use sipas::db::counters::CounterInfo;

/// The device cookie the survey page sets.
fn device_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sipas_device="))
        .map(|v| v["sipas_device=".len()..v.find(';').unwrap()].to_owned())
}

/// Opens the survey as the phone holding `cookie` and answers it; returns the post's status.
async fn answer(app: &TestApp, counter: &CounterInfo, cookie: &str, extra: &str) -> u16 {
    let url = app.survey_url(counter);
    let page = app
        .client
        .get(&url)
        .header("cookie", format!("sipas_device={cookie}"))
        .send()
        .await
        .unwrap();
    assert!(
        device_cookie(&page).is_none(),
        "a known phone keeps its cookie"
    );
    let html = page.text().await.unwrap();
    let body = format!(
        "k={}&v={}&q1=5{extra}",
        hidden_value(&html, "k"),
        hidden_value(&html, "v")
    );
    app.client
        .post(&url)
        .header("cookie", format!("sipas_device={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn statuses(app: &TestApp) -> Vec<String> {
    app.rows("SELECT status || ' ' || COALESCE(status_reason, '') FROM response ORDER BY id")
        .await
}

#[tokio::test]
async fn a_repeat_from_one_phone_is_kept_but_flagged_until_restored() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let first = app.get(&app.survey_url(&counter)).await;
    let cookie = device_cookie(&first).expect("the survey page sets a device cookie");
    assert_eq!(cookie.len(), 64);
    let set = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("Max-Age=31536000"),
        "{set}"
    );

    assert_eq!(answer(&app, &counter, &cookie, "").await, 303);
    assert_eq!(
        answer(&app, &counter, &cookie, "").await,
        303,
        "thanked all the same"
    );
    // Another phone on the same Wi-Fi is a different citizen.
    let other = "b".repeat(64);
    assert_eq!(answer(&app, &counter, &other, "").await, 303);
    let rows = statuses(&app).await;
    assert_eq!(rows[0], "counted ");
    assert!(rows[1].starts_with("flagged Trùng thiết bị"), "{rows:?}");
    assert_eq!(rows[2], "counted ");
    // Only counted responses are in the figures.
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n) AS BIGINT) FROM respondents_daily")
            .await,
        2
    );
    // The stored hash is neither the cookie nor the same for the two phones.
    let hashes = app
        .rows("SELECT device_hash FROM response ORDER BY id")
        .await;
    assert_eq!(hashes[0], hashes[1]);
    assert_ne!(hashes[0], hashes[2]);
    assert!(hashes.iter().all(|h| h.len() == 64 && *h != cookie));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM device_salt").await, 1);

    // A manager restores it: counted from then on.
    let id = app
        .scalar("SELECT id FROM response WHERE status = 'flagged'")
        .await;
    let outcome = sipas::db::moderation::set_status(
        &app.db,
        id,
        sipas::db::moderation::Status::Counted,
        "Hai người dùng chung một máy",
        "quanly",
    )
    .await
    .unwrap();
    assert!(matches!(
        outcome,
        sipas::db::moderation::Outcome::Changed { .. }
    ));
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n) AS BIGINT) FROM respondents_daily")
            .await,
        3
    );
    assert!(app.sipas(&["verify"]).status.success());
}

#[tokio::test]
async fn a_filled_honeypot_is_flagged() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let html = app.page(&app.survey_url(&counter)).await;
    // Hidden from people: off-screen, out of the tab order, hidden from screen readers.
    assert!(html.contains(r#"<div class="hp" aria-hidden="true">"#));
    assert!(html.contains(r#"name="website" tabindex="-1""#));
    let cookie = "c".repeat(64);
    assert_eq!(
        answer(
            &app,
            &counter,
            &cookie,
            "&website=http%3A%2F%2Fspam.example"
        )
        .await,
        303
    );
    assert!(statuses(&app).await[0].starts_with("flagged Trường ẩn"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM respondents_daily").await,
        0
    );
}

#[tokio::test]
async fn a_counter_answering_faster_than_it_can_serve_is_flagged() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    // 31 different phones within a few seconds: the first 30 count, the 31st is flagged.
    for i in 0..31 {
        let cookie = format!("{i:064x}");
        assert_eq!(answer(&app, &counter, &cookie, "").await, 303);
    }
    let rows = statuses(&app).await;
    assert_eq!(rows.iter().filter(|r| *r == "counted ").count(), 30);
    assert!(
        rows[30].starts_with("flagged Quầy nhận phiếu nhanh bất thường"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_flood_from_one_address_gets_429_in_vietnamese() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let url = app.survey_url(&counter);
    for _ in 0..120 {
        let status = app.post_form(&url, "q1=9").await.status();
        assert_eq!(status, 422);
    }
    let refused = app.post_form(&url, "q1=9").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.text().await.unwrap().contains("Quá nhiều lượt gửi"));
    assert_eq!(app.responses().await, 0);
    // Reading the survey is not limited.
    assert_eq!(app.get(&url).await.status(), 200);
}

#[tokio::test]
async fn the_privacy_page_says_what_is_kept_and_no_address_is() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let html = app.page(&app.survey_url(&counter)).await;
    assert!(html.contains(r#"<a class="privacy" href="/privacy?lang=vi">Chúng tôi lưu gì</a>"#));
    let page = app.page(&format!("{}/privacy?lang=vi", app.address)).await;
    assert!(page.contains("Không lưu địa chỉ IP"));
    let page = app.page(&format!("{}/privacy?lang=en", app.address)).await;
    assert!(page.contains("No IP address"));

    let cookie = "d".repeat(64);
    assert_eq!(
        answer(&app, &counter, &cookie, "&comment=T%E1%BB%91t").await,
        303
    );
    // Nothing of the connection in the stored row: no address, no browser.
    let row = app
        .rows(
            "SELECT COALESCE(device_hash, '') || '|' || channel || '|' || COALESCE(comment, '') \
             || '|' || idempotency_key FROM response",
        )
        .await;
    assert!(
        !row[0].contains("127.0.0.1") && !row[0].contains("reqwest"),
        "{row:?}"
    );
}
