//! Moderation over HTTP: a manager excludes a response and restores it, with a reason; the
//! figures move by exactly that response, the tallies stay equal to the raw answers, and the
//! audit log keeps every change.

use sipas::domain::account::Role;

use crate::figures::{export, fixture};
use crate::helpers::{TestApp, hidden_value};
use crate::helpers::{account, session};

async fn moderate(
    app: &TestApp,
    token: &str,
    id: i64,
    action: &str,
    csrf: &str,
    reason: &str,
) -> reqwest::Response {
    app.client
        .post(format!("{}/admin/responses/{id}/{action}", app.address))
        .header("cookie", format!("sipas_session={token}"))
        .form(&[
            ("csrf", csrf),
            ("reason", reason),
            ("back", "/admin/units/P.B/responses?period=2025-Q1"),
        ])
        .send()
        .await
        .unwrap()
}

/// The province's SIPAS index for 2025-Q1 in the JSON export, and its respondents.
fn province_q1(app: &TestApp) -> (String, u64) {
    let json: serde_json::Value = serde_json::from_str(&export(
        app,
        &["--unit", "P", "--period", "2025-Q1", "--format", "json"],
    ))
    .unwrap();
    let total = &json["total"];
    (
        total["sipas"]["index"].to_string(),
        total["respondents"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn an_excluded_response_leaves_every_figure_until_restored() {
    let app = fixture().await;
    let password = account(&app, "quanly.b", Role::Manager, Some("P.B")).await;
    let token = session(&app, "quanly.b", &password).await;
    // B1's first response: five answers, all 5 (satisfied).
    let id = app
        .scalar(
            "SELECT MIN(r.id) FROM response r JOIN counter c ON c.id = r.counter_id \
             WHERE c.name = 'Quầy B1'",
        )
        .await;
    assert_eq!(province_q1(&app), ("18.78".into(), 95));

    let list = app
        .staff_get(&token, "/admin/units/P.B/responses?period=2025-Q1")
        .await;
    assert_eq!(list.status(), 200);
    let html = list.text().await.unwrap();
    assert!(html.contains(&format!("<tr id=\"r{id}\">")));
    // Answers with their labels, not "1: 5".
    assert!(
        html.contains(
            "<li><span class=\"scored\">Tiếp cận dịch vụ: </span><b>5 – Rất hài lòng</b></li>"
        ),
        "{}",
        &html[html.find(&format!("<tr id=\"r{id}\">")).unwrap_or(0)..][..900]
    );
    assert!(!html.contains("1: 5"));
    assert!(html.contains(&format!("action=\"/admin/responses/{id}/exclude\"")));
    let csrf = hidden_value(&html, "csrf");

    // No reason: 422 and nothing changes.
    let refused = moderate(&app, &token, id, "exclude", &csrf, "  ").await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Cần ghi lý do"));
    assert_eq!(province_q1(&app).1, 95);

    let done = moderate(&app, &token, id, "exclude", &csrf, "Phiếu thử của cán bộ").await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        format!("/admin/units/P.B/responses?period=2025-Q1#r{id}").as_str()
    );
    // 40 - 5 satisfied over 213 - 5 valid answers: 35/208 = 16,83%, over 94 respondents.
    assert_eq!(province_q1(&app), ("16.83".into(), 94));
    let dashboard = app
        .staff_get(&token, "/admin/units/P.B?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains("Số phiếu: 4 ·"), "B had 5 respondents");
    assert_eq!(
        app.rows(&format!(
            "SELECT status || ':' || status_reason FROM response WHERE id = {id}"
        ))
        .await,
        ["excluded:Phiếu thử của cán bộ"]
    );
    assert!(app.sipas(&["verify"]).status.success());
    // Sent twice: nothing more is taken away.
    let again = moderate(&app, &token, id, "exclude", &csrf, "Phiếu thử của cán bộ").await;
    assert_eq!(again.status(), 303);
    assert_eq!(province_q1(&app), ("16.83".into(), 94));

    // The list shows it excluded, with its reason and a form to restore it.
    let html = app
        .staff_get(
            &token,
            "/admin/units/P.B/responses?period=2025-Q1&status=excluded",
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("<tr id=\"r").count(), 1);
    assert!(html.contains("Lý do: Phiếu thử của cán bộ"));
    assert!(html.contains(&format!("action=\"/admin/responses/{id}/restore\"")));

    let restored = moderate(&app, &token, id, "restore", &csrf, "Nhầm, phiếu thật").await;
    assert_eq!(restored.status(), 303);
    assert_eq!(province_q1(&app), ("18.78".into(), 95));
    assert!(app.sipas(&["verify"]).status.success());

    let audit = app
        .rows(
            "SELECT actor || ' ' || action || ' ' || COALESCE(detail, '') FROM audit_event \
             WHERE action LIKE 'response%' ORDER BY id",
        )
        .await;
    assert_eq!(
        audit,
        [
            "quanly.b response excluded Phiếu thử của cán bộ",
            "quanly.b response restored Nhầm, phiếu thật"
        ]
    );
}

#[tokio::test]
async fn viewers_and_other_units_cannot_moderate() {
    let app = fixture().await;
    let id = app
        .scalar(
            "SELECT MIN(r.id) FROM response r JOIN counter c ON c.id = r.counter_id \
             WHERE c.name = 'Quầy B1'",
        )
        .await;
    let password = account(&app, "xem.b", Role::Viewer, Some("P.B")).await;
    let viewer = session(&app, "xem.b", &password).await;
    let html = app
        .staff_get(&viewer, "/admin/units/P.B/responses?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("<tr id=\"r{id}\">")));
    assert!(!html.contains("/exclude\""), "no form for a viewer");
    let csrf = hidden_value(&html, "csrf");
    assert_eq!(
        moderate(&app, &viewer, id, "exclude", &csrf, "thử")
            .await
            .status(),
        403
    );

    let password = account(&app, "quanly.a", Role::Manager, Some("P.A")).await;
    let other = session(&app, "quanly.a", &password).await;
    let html = app
        .staff_get(&other, "/admin/units/P.A/responses?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains(&format!("<tr id=\"r{id}\">")));
    let csrf_a = hidden_value(&html, "csrf");
    assert_eq!(
        moderate(
            &app,
            &other,
            id,
            "exclude",
            &csrf_a,
            "không phải đơn vị mình"
        )
        .await
        .status(),
        404
    );
    // A manager of B, but with a forged token.
    let password = account(&app, "quanly.b", Role::Manager, Some("P.B")).await;
    let manager = session(&app, "quanly.b", &password).await;
    assert_eq!(
        moderate(&app, &manager, id, "exclude", "forged", "giả mạo")
            .await
            .status(),
        403
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE status <> 'counted'")
            .await,
        0
    );
    assert_eq!(province_q1(&app).1, 95);

    // The manager of B, with a `back` that is not one of our paths (a control character, a
    // header split): refused before anything changes, never a 500.
    let html = app
        .staff_get(&manager, "/admin/units/P.B/responses?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    let csrf_b = hidden_value(&html, "csrf");
    for back in [
        "/admin/units/P.B/responses\u{1}",
        "/admin/units/P.B/responses\r\nSet-Cookie: x=1",
        "https://evil.example/",
    ] {
        let refused = app
            .client
            .post(format!("{}/admin/responses/{id}/exclude", app.address))
            .header("cookie", format!("sipas_session={manager}"))
            .form(&[
                ("csrf", csrf_b.as_str()),
                ("reason", "thử lại"),
                ("back", back),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400, "{back:?}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE status <> 'counted'")
            .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_event WHERE action LIKE '%exclu%'")
            .await,
        0
    );
}

async fn bulk(app: &TestApp, token: &str, fields: &[(&str, String)]) -> reqwest::Response {
    app.client
        .post(format!("{}/admin/units/P.B/responses/bulk", app.address))
        .header("cookie", format!("sipas_session={token}"))
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn several_responses_are_excluded_and_restored_at_once_with_one_reason() {
    let app = fixture().await;
    let password = account(&app, "quanly.b", Role::Manager, Some("P.B")).await;
    let token = session(&app, "quanly.b", &password).await;
    let html = app
        .staff_get(&token, "/admin/units/P.B/responses?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden_value(&html, "csrf");
    assert!(html.contains("form=\"bulk\""), "a tick box per response");
    // B2's three one-tap ratings, and one response of another unit (A).
    let b2: Vec<String> = app
        .rows(
            "SELECT r.id || '' FROM response r JOIN counter c ON c.id = r.counter_id \
             WHERE c.name = 'Quầy B2' ORDER BY r.id",
        )
        .await;
    assert_eq!(b2.len(), 3);
    let of_a = app
        .scalar(
            "SELECT MIN(r.id) FROM response r JOIN counter c ON c.id = r.counter_id \
             WHERE c.name = 'Quầy A1'",
        )
        .await;
    let fields = |action: &str, reason: &str, ids: &[String]| {
        let mut fields = vec![
            ("csrf", csrf.clone()),
            ("action", action.to_owned()),
            ("reason", reason.to_owned()),
            (
                "back",
                "/admin/units/P.B/responses?period=2025-Q1".to_owned(),
            ),
        ];
        fields.extend(ids.iter().map(|id| ("id", id.clone())));
        fields
    };

    // One response outside the unit: nothing changes at all.
    let mut with_a = b2.clone();
    with_a.push(of_a.to_string());
    let refused = bulk(&app, &token, &fields("exclude", "Rác hàng loạt", &with_a)).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(province_q1(&app), ("18.78".into(), 95));
    // Nothing ticked, or no reason: 422, nothing changes.
    let refused = bulk(&app, &token, &fields("exclude", "Rác hàng loạt", &[])).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Chưa chọn phiếu nào")
    );
    let refused = bulk(&app, &token, &fields("exclude", " ", &b2)).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(province_q1(&app), ("18.78".into(), 95));

    // The three at once, with one reason: B2's 2 of 3 satisfied leave the province's 40/213.
    let done = bulk(&app, &token, &fields("exclude", "Rác hàng loạt", &b2)).await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        "/admin/units/P.B/responses?period=2025-Q1&changed=3"
    );
    // 38/210 = 18,10%.
    assert_eq!(province_q1(&app), ("18.1".into(), 92));
    assert!(app.sipas(&["verify"]).status.success());
    let page = app
        .staff_get(
            &token,
            "/admin/units/P.B/responses?period=2025-Q1&changed=3",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Số phiếu đã đổi trạng thái: 3"));
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'response excluded' \
             AND detail = 'Rác hàng loạt'"
        )
        .await,
        3
    );

    // And back, at once.
    let done = bulk(&app, &token, &fields("restore", "Nhầm, phiếu thật", &b2)).await;
    assert_eq!(done.status(), 303);
    assert_eq!(province_q1(&app), ("18.78".into(), 95));
    assert!(app.sipas(&["verify"]).status.success());

    // Every response of the page at once (B's five), without ticking any: 40 - 9 satisfied
    // over 213 - 13 valid answers, 31/200 = 15,50% over 90 respondents; then back.
    let page: Vec<String> = html
        .split("name=\"page\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect();
    assert_eq!(page.len(), 5);
    let mut whole = fields("exclude_page", "Rác cả trang", &[]);
    whole.extend(page.iter().map(|id| ("page", id.clone())));
    let done = bulk(&app, &token, &whole).await;
    assert_eq!(done.status(), 303);
    assert_eq!(province_q1(&app), ("15.5".into(), 90));
    let done = bulk(&app, &token, &fields("restore", "Nhầm", &page)).await;
    assert_eq!(done.status(), 303);
    assert_eq!(province_q1(&app), ("18.78".into(), 95));
    assert!(app.sipas(&["verify"]).status.success());

    // A viewer may not.
    let viewer = account(&app, "xem.b", Role::Viewer, Some("P.B")).await;
    let viewer = session(&app, "xem.b", &viewer).await;
    let html = app
        .staff_get(&viewer, "/admin/units/P.B/responses?period=2025-Q1")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("form=\"bulk\""));
    let csrf = hidden_value(&html, "csrf");
    let mut as_viewer = fields("exclude", "Rác hàng loạt", &b2);
    as_viewer[0].1 = csrf;
    assert_eq!(bulk(&app, &viewer, &as_viewer).await.status(), 403);
    assert_eq!(province_q1(&app), ("18.78".into(), 95));
}
