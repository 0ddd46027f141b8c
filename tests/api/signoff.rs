//! Sign-off of a period over HTTP: a manager submits, the province admin sends back, the manager
//! submits again, the admin approves (the figures freeze with a check code); a response
//! excluded afterwards changes the live figures and not the frozen ones; the admin reopens.
//! `sipas verify` finds a snapshot edited in the database. Viewers, and managers of another
//! unit, take no step.

use sipas::clock::Clock;
use sipas::domain::account::Role;
use time::macros::datetime;

use crate::helpers::{TestApp, account, hidden_value, post_staff_form, session, spawn_app_with};

const PAGE: &str = "/admin/units/T01.TT/signoff?period=2026-Q3";

async fn step(app: &TestApp, who: &str, step: &str, text: &str) -> reqwest::Response {
    let csrf = hidden_value(
        &app.staff_get(who, "/admin").await.text().await.unwrap(),
        "csrf",
    );
    post_staff_form(
        app,
        who,
        PAGE,
        &[
            ("csrf", &csrf),
            ("step", step),
            ("text", text),
            ("lang", "vi"),
        ],
    )
    .await
}

async fn page(app: &TestApp, who: &str) -> String {
    app.staff_get(who, PAGE).await.text().await.unwrap()
}

/// The stored snapshot and its hash.
async fn frozen(app: &TestApp) -> Vec<String> {
    app.rows("SELECT COALESCE(sha256, '') || '|' || COALESCE(snapshot, '') FROM signoff")
        .await
}

#[tokio::test]
async fn a_quarter_is_submitted_sent_back_approved_frozen_and_reopened() {
    let clock = Clock::starting_at(datetime!(2026-08-14 02:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| {
        config.clock = server_clock;
        config.guards.min_answer_time = std::time::Duration::ZERO;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    // Three responses in Q3.
    for value in [5, 4, 1] {
        let (_, k, v) = app.open_survey(&counter).await;
        let sent = app
            .post_form(
                &app.survey_url(&counter),
                format!("k={k}&v={v}&lang=vi&q1={value}&q2={value}"),
            )
            .await;
        assert_eq!(sent.status(), 303);
    }
    clock.set(datetime!(2026-10-05 02:00 UTC));
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let manager = session(&app, "quanly", &password).await;
    let password = account(&app, "tinh", Role::Admin, None).await;
    let admin = session(&app, "tinh", &password).await;
    let password = account(&app, "xem", Role::Viewer, Some("T01.TT")).await;
    let viewer = session(&app, "xem", &password).await;

    // The page says the quarter is not submitted, and offers the manager to submit it.
    let html = page(&app, &manager).await;
    assert!(html.contains("Kỳ này chưa được trình duyệt."));
    assert!(html.contains("Trình duyệt kỳ này"));
    // A viewer sees and takes no step; an admin step by a manager is refused.
    assert!(!page(&app, &viewer).await.contains("Trình duyệt kỳ này"));
    assert_eq!(step(&app, &viewer, "submit", "").await.status(), 403);
    assert_eq!(step(&app, &manager, "approve", "").await.status(), 403);
    // Approving what was never submitted: refused with a reason the admin can read.
    let early = step(&app, &admin, "approve", "").await;
    assert_eq!(early.status(), 422);
    assert!(early.text().await.unwrap().contains("chưa được trình"));

    assert_eq!(
        step(&app, &manager, "submit", "Số liệu quý 3")
            .await
            .status(),
        303
    );
    // Sent back needs a reason.
    assert_eq!(step(&app, &admin, "return", " ").await.status(), 422);
    assert_eq!(
        step(&app, &admin, "return", "Thiếu quầy 3").await.status(),
        303
    );
    assert!(page(&app, &manager).await.contains("Thiếu quầy 3"));
    assert_eq!(
        step(&app, &manager, "submit", "Đã bổ sung").await.status(),
        303
    );
    assert_eq!(step(&app, &admin, "approve", "").await.status(), 303);

    // Frozen: the snapshot hashes to its check code, shown on the page.
    let before = frozen(&app).await;
    let (sha, text) = before[0].split_once('|').unwrap();
    assert_eq!(sha, sipas::auth::digest(text));
    assert!(text.contains("\"pooled\"") && text.contains("\"item_mean\""));
    assert!(text.contains("\"respondents\":3"));
    let html = page(&app, &admin).await;
    assert!(html.contains("Đã duyệt (số liệu chính thức)"));
    assert!(html.contains(&format!("sha256:{}", &sha[..16])));
    // An approved period takes no new submission.
    assert_eq!(step(&app, &manager, "submit", "").await.status(), 422);

    // A response excluded afterwards: the live figures change, the frozen ones do not.
    let id = app.scalar("SELECT MIN(id) FROM response").await;
    let csrf = hidden_value(
        &app.staff_get(&manager, "/admin")
            .await
            .text()
            .await
            .unwrap(),
        "csrf",
    );
    let excluded = post_staff_form(
        &app,
        &manager,
        &format!("/admin/responses/{id}/exclude"),
        &[
            ("csrf", &csrf),
            ("reason", "Phiếu thử của cán bộ"),
            ("back", "/admin/units/T01.TT/responses?period=2026-Q3"),
        ],
    )
    .await;
    assert_eq!(excluded.status(), 303);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE status = 'excluded'")
            .await,
        1
    );
    assert_eq!(frozen(&app).await, before);

    // Exports of the period come from the approved figures, and say so with the check code.
    let code = format!("sha256:{}", &sha[..16]);
    let export = |live: bool| {
        let (app, admin) = (&app, &admin);
        async move {
            let path = format!(
                "/admin/units/T01.TT/export?period=2026-Q3&format=json{}",
                if live { "&live=1" } else { "" }
            );
            let body = app.staff_get(admin, &path).await.text().await.unwrap();
            serde_json::from_str::<serde_json::Value>(&body).unwrap()
        }
    };
    let official = export(false).await;
    assert_eq!(official["total"]["respondents"], 3);
    assert_eq!(official["signed"]["check_code"], code.as_str());
    assert_eq!(official["signed"]["approved_by"], "tinh");
    assert_eq!(official["signed"]["approved_on"], "05/10/2026");
    let live = export(true).await;
    assert_eq!(live["total"]["respondents"], 2);
    assert!(live.get("signed").is_none());
    let csv = app
        .staff_get(
            &admin,
            "/admin/units/T01.TT/export?period=2026-Q3&format=csv",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!(
        "Số liệu chính thức: duyệt ngày 05/10/2026 bởi tinh, mã kiểm tra {code}"
    )));
    let cli = app.sipas(&[
        "export", "--unit", "T01.TT", "--period", "2026-Q3", "--format", "json",
    ]);
    assert!(crate::helpers::stdout(&cli).contains(&code));
    // The dashboard says the live figures differ, by how much, and which moderation did it.
    let dashboard = app
        .staff_get(&admin, "/admin/units/T01.TT?period=2026-Q3&lang=vi")
        .await
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains("Kỳ này đã được duyệt ngày 05/10/2026 bởi tinh"));
    assert!(dashboard.contains("Số liệu hiện nay khác số liệu đã chốt"));
    assert!(dashboard.contains("số phiếu 3 đã chốt, 2 hiện nay"));
    assert!(dashboard.contains(&format!("Phiếu số {id}: lúc chốt được tính, nay bị loại.")));

    let verify = app.sipas(&["verify"]);
    assert!(
        verify.status.success(),
        "{}",
        crate::helpers::stdout(&verify)
    );
    assert!(crate::helpers::stdout(&verify).contains("1 signed-off periods match"));

    // Reopened with a reason; every step is in the audit log.
    assert_eq!(step(&app, &admin, "reopen", "").await.status(), 422);
    assert_eq!(
        step(&app, &admin, "reopen", "Sai số liệu quầy 2")
            .await
            .status(),
        303
    );
    assert!(page(&app, &manager).await.contains("Trình duyệt kỳ này"));
    let steps = app
        .rows("SELECT action FROM audit_event WHERE action LIKE 'period %' ORDER BY id")
        .await;
    assert_eq!(
        steps,
        [
            "period submitted",
            "period returned",
            "period submitted",
            "period approved",
            "period reopened"
        ]
    );

    // A snapshot edited in the database is found by `sipas verify`.
    app.execute(
        "UPDATE signoff SET snapshot = REPLACE(snapshot, '\"respondents\":3', '\"respondents\":4')",
    )
    .await;
    let verify = app.sipas(&["verify"]);
    assert!(!verify.status.success());
    assert!(crate::helpers::stdout(&verify).contains("T01.TT\t2026-Q3"));
}

#[tokio::test]
async fn another_units_manager_and_unfinished_periods_are_refused() {
    let clock = Clock::starting_at(datetime!(2026-10-05 02:00 UTC));
    let server_clock = clock.clone();
    let app = spawn_app_with(move |config| config.clock = server_clock).await;
    app.counter("sipas-quick").await;
    app.unit(
        "T01.KHAC",
        "Xã Khác",
        sipas::domain::UnitKind::Commune,
        Some("T01"),
    )
    .await;
    let password = account(&app, "khac", Role::Manager, Some("T01.KHAC")).await;
    let other = session(&app, "khac", &password).await;
    assert_eq!(app.staff_get(&other, PAGE).await.status(), 404);
    assert_eq!(step(&app, &other, "submit", "").await.status(), 404);
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
    // The quarter still running, and a week: neither is signed off.
    for period in ["2026-Q4", "2026-W30", "nonsense"] {
        let refused = post_staff_form(
            &app,
            &manager,
            &format!("/admin/units/T01.TT/signoff?period={period}"),
            &[("csrf", &csrf), ("step", "submit"), ("text", "")],
        )
        .await;
        assert_eq!(refused.status(), 422, "{period}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM signoff").await, 0);
}
