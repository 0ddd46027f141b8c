//! The thank-you page: it names the place rated, takes a comment for the same response within
//! a short time, and shows the hotline the unit's managers set.

use sipas::domain::account::Role;

use crate::helpers::{TestApp, account, hidden_value, post_staff_form, session, spawn_app};

/// Taps one level of the one-tap form; returns where the server sent the person.
async fn tap(app: &TestApp, url: &str, k: &str, v: &str, level: u8) -> reqwest::Response {
    app.post_form(url, format!("k={k}&v={v}&lang=vi&website=&q1={level}"))
        .await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn one_tap_then_a_comment_on_the_thank_you_page_joins_the_same_response() {
    let app = spawn_app().await;
    let counter = app.counter("one-tap").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let url = app.survey_url(&counter);

    // A double tap: two sends of the same form, one response.
    let first = tap(&app, &url, &k, &v, 3).await;
    let second = tap(&app, &url, &k, &v, 3).await;
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    assert_eq!(app.responses().await, 1);
    let thanks = location(&first);
    assert!(thanks.contains(&format!("k={k}")), "{thanks}");

    // The page names the service point and the counter, and offers a comment.
    let response = app.get(&format!("{}{thanks}", app.address)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    assert!(html.contains("Trung tâm Phục vụ hành chính công xã Hòa Lạc"));
    assert!(html.contains("Quầy số 2 – Hộ tịch"));
    assert!(html.contains("Cảm ơn ông/bà!"));
    assert!(html.contains("Ông/bà muốn nói thêm?"));
    assert_eq!(hidden_value(&html, "k"), k);
    let action = format!("/s/{}/comment?lang=vi", counter.token);
    assert!(html.contains(&action));

    // Too long: the page again with the text kept and a message; nothing stored.
    let long = "a".repeat(2001);
    let refused = app
        .post_form(
            &format!("{}{action}", app.address),
            format!("k={k}&lang=vi&comment={long}"),
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("tối đa 2.000 ký tự"));
    let stored = "SELECT COUNT(*) FROM response WHERE comment IS NOT NULL";
    assert_eq!(app.scalar(stored).await, 0);

    let added = app
        .post_form(
            &format!("{}{action}", app.address),
            format!("k={k}&lang=vi&comment=Nh%C3%A2n+vi%C3%AAn+t%E1%BA%ADn+t%C3%ACnh"),
        )
        .await;
    assert_eq!(added.status(), 303);
    let after = app
        .page(&format!("{}{}", app.address, location(&added)))
        .await;
    assert!(after.contains("Góp ý của ông/bà đã được ghi nhận"));
    assert!(!after.contains("Ông/bà muốn nói thêm?"));
    assert_eq!(
        app.rows("SELECT comment FROM response").await,
        ["Nhân viên tận tình"]
    );
    assert_eq!(app.responses().await, 1);

    // A second comment never replaces the first; the page says why, with status 409.
    let again = app
        .post_form(
            &format!("{}{action}", app.address),
            format!("k={k}&lang=vi&comment=other"),
        )
        .await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("đã có góp ý"));
    assert_eq!(
        app.rows("SELECT comment FROM response").await,
        ["Nhân viên tận tình"]
    );
    // The page reopened with the key offers nothing more.
    let reopened = app.page(&format!("{}{thanks}", app.address)).await;
    assert!(!reopened.contains("Ông/bà muốn nói thêm?"));
}

#[tokio::test]
async fn a_key_from_another_counter_or_made_up_adds_nothing() {
    let app = spawn_app().await;
    let counter = app.counter("one-tap").await;
    let other = app.counter_of("T01.TT", "Quầy số 3", "one-tap").await;
    let (_, k, v) = app.open_survey(&counter).await;
    assert_eq!(
        tap(&app, &app.survey_url(&counter), &k, &v, 1)
            .await
            .status(),
        303
    );
    let elsewhere = app
        .post_form(
            &format!("{}/s/{}/comment", app.address, other.token),
            format!("k={k}&lang=vi&comment=x"),
        )
        .await;
    assert_eq!(elsewhere.status(), 409);
    let made_up = app
        .post_form(
            &format!("{}/s/{}/comment", app.address, counter.token),
            format!("k={}&lang=vi&comment=x", "A".repeat(44)),
        )
        .await;
    assert_eq!(made_up.status(), 409);
    let malformed = app
        .post_form(
            &format!("{}/s/{}/comment", app.address, counter.token),
            "k=short&comment=x",
        )
        .await;
    assert_eq!(malformed.status(), 400);
    let stored = "SELECT COUNT(*) FROM response WHERE comment IS NOT NULL";
    assert_eq!(app.scalar(stored).await, 0);
}

#[tokio::test]
async fn managers_set_the_hotline_and_poster_header_citizens_see() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let manager = session(&app, "quanly", &password).await;
    let page = app
        .staff_get(&manager, "/admin/units/T01.TT/counters")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Thông tin cho người dân"));
    let csrf = hidden_value(&page, "csrf");
    let set = post_staff_form(
        &app,
        &manager,
        "/admin/units/T01.TT/contact",
        &[
            ("csrf", &csrf),
            ("hotline", " 0235 3822 111 "),
            ("poster_header", "UBND TỈNH THỬ NGHIỆM"),
        ],
    )
    .await;
    assert_eq!(set.status(), 303);
    let audited = "SELECT COUNT(*) FROM audit_event WHERE action = 'unit contact set'";
    assert_eq!(app.scalar(audited).await, 1);

    let thanks = app
        .page(&format!(
            "{}/s/{}/thanks?lang=vi",
            app.address, counter.token
        ))
        .await;
    assert!(thanks.contains("href=\"tel:02353822111\""));
    assert!(thanks.contains(">0235 3822 111</a>"));
    let poster = app
        .staff_get(
            &manager,
            &format!("/admin/counters/{}/poster?size=a4", counter.id),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(poster.contains("UBND TỈNH THỬ NGHIỆM"));
    assert!(poster.contains("Zalo"));

    // Two lines, or a viewer: refused, nothing changed.
    let refused = post_staff_form(
        &app,
        &manager,
        "/admin/units/T01.TT/contact",
        &[("csrf", &csrf), ("hotline", "a\nb"), ("poster_header", "")],
    )
    .await;
    assert_eq!(refused.status(), 422);
    // Bytes that are not UTF-8, or a field twice: refused in staff terms, nothing stored.
    for body in [
        format!("csrf={csrf}&hotline=%C3%28&poster_header="),
        format!("csrf={csrf}&hotline=1&hotline=2&poster_header="),
    ] {
        let refused = app
            .client
            .post(format!("{}/admin/units/T01.TT/contact", app.address))
            .header("cookie", format!("sipas_session={manager}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 422, "{body}");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("tải lại trang và gửi lại")
        );
    }
    let password = account(&app, "xem", Role::Viewer, Some("T01.TT")).await;
    let viewer = session(&app, "xem", &password).await;
    let page = app
        .staff_get(&viewer, "/admin/units/T01.TT/counters")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Thông tin cho người dân"));
    let csrf = hidden_value(&page, "csrf");
    let refused = post_staff_form(
        &app,
        &viewer,
        "/admin/units/T01.TT/contact",
        &[("csrf", &csrf), ("hotline", "1"), ("poster_header", "")],
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.scalar(audited).await, 1);
    assert_eq!(
        app.rows("SELECT hotline FROM unit WHERE code = 'T01.TT'")
            .await,
        ["0235 3822 111"]
    );
}
