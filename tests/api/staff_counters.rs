//! Counters on the staff side: QR codes shown and downloadable, posters, rotation by managers.

use sipas::domain::account::Role;

use crate::helpers::{TestApp, hidden_value, spawn_app};
use crate::helpers::{account, post_staff_form, session};

async fn rotate(app: &TestApp, session: &str, id: i32, csrf: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/admin/counters/{id}/rotate", app.address))
        .header("cookie", format!("sipas_session={session}"))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap()
}

fn decode(png: &[u8]) -> String {
    let image = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    prepared.detect_grids()[0].decode().unwrap().1
}

#[tokio::test]
async fn staff_see_and_download_the_qr_codes_of_their_counters() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let password = account(&app, "xem", Role::Viewer, Some("T01")).await;
    let token = session(&app, "xem", &password).await;

    let response = app.staff_get(&token, "/admin/units/T01/counters").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Quầy số 2 – Hộ tịch"));
    assert!(html.contains(&app.survey_url(&counter)));
    assert!(html.contains("<svg"));
    // A viewer gets no button to change the code.
    assert!(!html.contains("/rotate"));

    let png = app
        .staff_get(&token, &format!("/admin/counters/{}/qr.png", counter.id))
        .await;
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(
        decode(&png.bytes().await.unwrap()),
        app.survey_url(&counter)
    );
    let svg = app
        .staff_get(&token, &format!("/admin/counters/{}/qr.svg", counter.id))
        .await;
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().starts_with("<?xml"));

    let poster = app
        .staff_get(
            &token,
            &format!("/admin/counters/{}/poster?size=a6", counter.id),
        )
        .await;
    assert_eq!(poster.status(), 200);
    assert!(
        poster.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("style-src 'unsafe-inline'")
    );
    let html = poster.text().await.unwrap();
    assert!(html.contains("size:105mm 148mm") && html.contains("Quét mã QR"));
    let per_poster = html.matches(&app.survey_url(&counter)).count();
    assert!(per_poster > 0);

    // Every counter of the unit in one document, to print in one go.
    let second = app.counter("one-tap").await;
    let all = app
        .staff_get(&token, "/admin/units/T01/posters?size=a4")
        .await;
    assert_eq!(all.status(), 200);
    let html = all.text().await.unwrap();
    for c in [&counter, &second] {
        assert_eq!(
            html.matches(&app.survey_url(c)).count(),
            per_poster,
            "one poster each"
        );
    }
}

#[tokio::test]
async fn only_managers_with_the_session_token_give_a_counter_a_new_code() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let viewer = account(&app, "xem", Role::Viewer, Some("T01")).await;
    let viewer = session(&app, "xem", &viewer).await;
    let viewer_csrf = hidden_value(
        &app.staff_get(&viewer, "/admin").await.text().await.unwrap(),
        "csrf",
    );
    assert_eq!(
        rotate(&app, &viewer, counter.id, &viewer_csrf)
            .await
            .status(),
        403
    );

    let manager = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let manager = session(&app, "quanly", &manager).await;
    assert_eq!(
        rotate(&app, &manager, counter.id, "forged").await.status(),
        403
    );
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 200);

    let csrf = hidden_value(
        &app.staff_get(&manager, "/admin")
            .await
            .text()
            .await
            .unwrap(),
        "csrf",
    );
    let response = rotate(&app, &manager, counter.id, &csrf).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!(
            "/admin/units/T01.TT/counters?lang=vi&done=rotated&counter={id}#c{id}",
            id = counter.id
        )
    );
    // The old code is dead; the new one decodes from the download and opens the survey.
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 404);
    let png = app
        .staff_get(&manager, &format!("/admin/counters/{}/qr.png", counter.id))
        .await;
    let url = decode(&png.bytes().await.unwrap());
    assert_ne!(url, app.survey_url(&counter));
    assert_eq!(app.get(&url).await.status(), 200);
    assert_eq!(
        app.rows("SELECT actor || ' ' || action FROM audit_event WHERE action LIKE 'counter%' AND actor <> 'test'")
            .await,
        ["quanly counter code rotated"]
    );
}

/// "Đổi mã QR" and "Ngừng nhận đánh giá" ask first, on a page that says what happens; the
/// change is made only by that page's form, and a success notice then offers the new poster.
#[tokio::test]
async fn a_new_code_and_switching_off_are_asked_first_then_confirmed() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    let token = session(&app, "quanly", &password).await;
    let list = app
        .staff_get(&token, "/admin/units/T01.TT/counters")
        .await
        .text()
        .await
        .unwrap();
    // The questionnaire by its name, not its code.
    assert!(list.contains("· SIPAS rút gọn (5 câu)"), "{list}");
    // The list links to the question; it holds no form that rotates at once.
    let question_href = format!("/admin/counters/{}/rotate?lang=vi", counter.id);
    assert!(
        list.contains(&format!("href=\"{question_href}\"")),
        "{list}"
    );
    assert!(!list.contains(&format!("action=\"/admin/counters/{}/rotate\"", counter.id)));

    let question = app.staff_get(&token, &question_href).await;
    assert_eq!(question.status(), 200);
    let html = question.text().await.unwrap();
    assert!(html.contains("Đổi mã QR của quầy «Quầy số 2 – Hộ tịch»?"));
    assert!(html.contains("sẽ ngừng hoạt động ngay"));
    assert!(html.contains("Quay lại, không thay đổi gì"));
    // Asking changed nothing.
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 200);

    let csrf = hidden_value(&html, "csrf");
    let done = rotate(&app, &token, counter.id, &csrf).await;
    assert_eq!(done.status(), 303);
    let back = done.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("done=rotated"), "{back}");
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 404);
    let notice = app.staff_get(&token, &back).await.text().await.unwrap();
    assert!(notice.contains("Đã đổi mã QR của quầy «Quầy số 2 – Hộ tịch»"));
    assert!(notice.contains(&format!("/admin/counters/{}/poster?size=a4", counter.id)));
    assert!(
        notice.contains("class=\"notice\""),
        "a success, not an error"
    );

    // Switching off: asked, then done with the page's own form.
    let question = app
        .staff_get(&token, &format!("/admin/counters/{}/active", counter.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(question.contains("Ngừng nhận đánh giá tại quầy"));
    assert!(question.contains("name=\"active\" value=\"false\""));
    let off = post_staff_form(
        &app,
        &token,
        &format!("/admin/counters/{}/active", counter.id),
        &[("csrf", &csrf), ("active", "false"), ("lang", "vi")],
    )
    .await;
    assert_eq!(off.status(), 303);
    let back = off.headers()["location"].to_str().unwrap().to_owned();
    let notice = app.staff_get(&token, &back).await.text().await.unwrap();
    assert!(notice.contains("đã ngừng nhận đánh giá"));
}

#[tokio::test]
async fn counters_outside_the_scope_are_not_found() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    app.other_province().await;
    let password = account(&app, "quanly.khac", Role::Manager, Some("KHAC")).await;
    let token = session(&app, "quanly.khac", &password).await;
    for path in ["qr.png", "qr.svg", "poster"] {
        let status = app
            .staff_get(&token, &format!("/admin/counters/{}/{path}", counter.id))
            .await
            .status();
        assert_eq!(status, 404, "{path}");
    }
    assert_eq!(
        app.staff_get(&token, "/admin/units/T01/counters")
            .await
            .status(),
        404
    );
    let csrf = hidden_value(
        &app.staff_get(&token, "/admin").await.text().await.unwrap(),
        "csrf",
    );
    assert_eq!(rotate(&app, &token, counter.id, &csrf).await.status(), 404);
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 200);
}

#[tokio::test]
async fn the_questionnaires_page_shows_every_version_and_question() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let password = account(&app, "xem", Role::Viewer, Some("T01")).await;
    let token = session(&app, "xem", &password).await;
    let html = app
        .staff_get(&token, "/admin/questionnaires")
        .await
        .text()
        .await
        .unwrap();
    for expected in [
        "sipas-quick",
        "sipas-full",
        "one-tap",
        "Phiên bản 1",
        "Nơi tiếp nhận, trả kết quả dễ tìm, có hướng dẫn rõ ràng",
        "The counter was easy to find, with clear directions",
        "Công chức có tinh thần tận tụy, nhiệt tình",
        "three_level",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    // 5 + 19 + 1 questions.
    assert_eq!(html.matches("<td lang=\"vi\">").count(), 25);
    let html = app
        .staff_get(&token, "/admin/questionnaires?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Version 1") && html.contains("Access to the service"));
}

#[tokio::test]
async fn the_audit_log_shows_who_did_what() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let admin = account(&app, "quantri", Role::Admin, None).await;
    let token = session(&app, "quantri", &admin).await;
    let csrf = hidden_value(
        &app.staff_get(&token, "/admin").await.text().await.unwrap(),
        "csrf",
    );
    assert_eq!(rotate(&app, &token, counter.id, &csrf).await.status(), 303);
    let html = app
        .staff_get(&token, "/admin/audit")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Nhật ký thao tác"));
    // Actions in Vietnamese on the Vietnamese page (stored as stable English codes).
    assert!(html.contains(
        "<td data-label=\"Người thực hiện\">quantri</td><td data-label=\"Thao tác\">Đổi mã QR của quầy</td>"
    ));
    assert!(html.contains(
        "<td data-label=\"Người thực hiện\">quantri</td><td data-label=\"Thao tác\">Đăng nhập</td>"
    ));
    // The code is only a filter's value, never text a person reads.
    assert!(!html.contains(">counter code rotated<"));
    assert!(html.contains("<option value=\"counter code rotated\">Đổi mã QR của quầy</option>"));
}

#[tokio::test]
async fn managers_add_rename_switch_and_choose_the_questionnaire_of_counters() {
    let app = spawn_app().await;
    let first = app.counter("sipas-quick").await;
    app.other_province().await;
    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    let manager = session(&app, "quanly", &password).await;
    let html = app
        .staff_get(&manager, "/admin/units/T01/counters")
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden_value(&html, "csrf");
    assert!(html.contains("<option value=\"T01.TT\">"));
    assert!(
        !html.contains("KHAC"),
        "only units of the manager's subtree"
    );

    let added = post_staff_form(
        &app,
        &manager,
        "/admin/units/T01/counters",
        &[
            ("csrf", &csrf),
            ("name", "Quầy số 5 – Đất đai"),
            ("unit", "T01.TT"),
            ("questionnaire", "one-tap"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303);
    assert_eq!(
        app.rows(
            "SELECT c.name || ' ' || q.code FROM counter c JOIN questionnaire q \
             ON q.id = c.questionnaire_id ORDER BY c.id"
        )
        .await,
        [
            "Quầy số 2 – Hộ tịch sipas-quick",
            "Quầy số 5 – Đất đai one-tap"
        ]
    );
    // Refused: an empty name, a unit outside the page's subtree, an unknown questionnaire.
    for (name, unit, questionnaire) in [
        ("  ", "T01.TT", "one-tap"),
        ("Quầy lạ", "KHAC", "one-tap"),
        ("Quầy lạ", "T01.TT", "khong-co"),
    ] {
        let refused = post_staff_form(
            &app,
            &manager,
            "/admin/units/T01/counters",
            &[
                ("csrf", &csrf),
                ("name", name),
                ("unit", unit),
                ("questionnaire", questionnaire),
            ],
        )
        .await;
        assert_eq!(refused.status(), 422, "{name} {unit} {questionnaire}");
        assert!(refused.text().await.unwrap().contains("Chưa lưu được"));
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM counter").await, 2);

    let path = |what: &str| format!("/admin/counters/{}/{what}", first.id);
    let renamed = post_staff_form(
        &app,
        &manager,
        &path("rename"),
        &[("csrf", &csrf), ("name", "Quầy 2 – Hộ tịch, chứng thực")],
    )
    .await;
    assert_eq!(renamed.status(), 303);
    // The full questionnaire from now on: the same QR code shows its 19 items.
    let chosen = post_staff_form(
        &app,
        &manager,
        &path("questionnaire"),
        &[("csrf", &csrf), ("questionnaire", "sipas-full")],
    )
    .await;
    assert_eq!(chosen.status(), 303);
    let survey = app.page(&app.survey_url(&first)).await;
    assert!(survey.contains("Quầy 2 – Hộ tịch, chứng thực"));
    assert!(survey.contains("name=\"q19\""));

    let off = post_staff_form(
        &app,
        &manager,
        &path("active"),
        &[("csrf", &csrf), ("active", "false")],
    )
    .await;
    assert_eq!(off.status(), 303);
    assert_eq!(app.get(&app.survey_url(&first)).await.status(), 404);
    let on = post_staff_form(
        &app,
        &manager,
        &path("active"),
        &[("csrf", &csrf), ("active", "true")],
    )
    .await;
    assert_eq!(on.status(), 303);
    assert_eq!(app.get(&app.survey_url(&first)).await.status(), 200);
    assert_eq!(
        app.rows("SELECT action FROM audit_event WHERE action LIKE 'counter%' AND actor <> 'test' ORDER BY id")
            .await,
        [
            "counter added",
            "counter renamed",
            "counter questionnaire chosen",
            "counter switched off",
            "counter switched on"
        ]
    );

    // A viewer sees no forms and may not change anything.
    let password = account(&app, "xem", Role::Viewer, Some("T01")).await;
    let viewer = session(&app, "xem", &password).await;
    let html = app
        .staff_get(&viewer, "/admin/units/T01/counters")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/rename\""));
    let viewer_csrf = hidden_value(&html, "csrf");
    let refused = post_staff_form(
        &app,
        &viewer,
        &path("rename"),
        &[("csrf", &viewer_csrf), ("name", "Của tôi")],
    )
    .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn admins_make_a_new_version_from_an_edited_copy() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let password = account(&app, "quantri", Role::Admin, None).await;
    let admin = session(&app, "quantri", &password).await;
    let form = app
        .staff_get(&admin, "/admin/questionnaires/sipas-quick/new")
        .await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("value=\"Nơi tiếp nhận, trả kết quả dễ tìm, có hướng dẫn rõ ràng\""));
    let csrf = hidden_value(&html, "csrf");
    // A citizen opened the form before the new version.
    let (_, old_k, old_v) = app.open_survey(&counter).await;

    let mut fields: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.clone()),
        ("title_vi".into(), "Phiếu nhanh, bản 2".into()),
        ("title_en".into(), "Quick form, version 2".into()),
    ];
    for n in 1..=5 {
        if n < 5 {
            fields.push((format!("keep_{n}"), "on".into()));
        }
        let text = if n == 1 {
            "Việc tìm nơi tiếp nhận có thuận tiện không?".to_owned()
        } else {
            format!("Câu {n}")
        };
        fields.push((format!("text_vi_{n}"), text));
        fields.push((format!("text_en_{n}"), format!("Item {n}")));
    }
    fields.extend([
        ("new_code".to_owned(), "waiting".to_owned()),
        ("new_element".to_owned(), String::new()),
        ("new_scale".to_owned(), "expectation".to_owned()),
        (
            "new_text_vi".to_owned(),
            "Ông/bà mong thời gian chờ được rút ngắn?".to_owned(),
        ),
        (
            "new_text_en".to_owned(),
            "Would you like shorter waiting?".to_owned(),
        ),
    ]);
    let post = |fields: Vec<(String, String)>| {
        let (app, admin) = (&app, &admin);
        async move {
            app.client
                .post(format!(
                    "{}/admin/questionnaires/sipas-quick/new",
                    app.address
                ))
                .header("cookie", format!("sipas_session={admin}"))
                .form(&fields)
                .send()
                .await
                .unwrap()
        }
    };
    // Nothing kept and nothing added: refused, the form as it was.
    let nothing: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !k.starts_with("keep_") && !k.starts_with("new_"))
        .cloned()
        .collect();
    let refused = post(nothing).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("ít nhất một câu hỏi"));
    assert!(html.contains("value=\"Việc tìm nơi tiếp nhận có thuận tiện không?\""));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM questionnaire_version")
            .await,
        3
    );

    let saved = post(fields).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        app.rows(
            "SELECT q.position || ' ' || q.code || ' ' || q.scale FROM question q \
             JOIN questionnaire_version v ON v.id = q.version_id \
             WHERE v.version = 2 ORDER BY q.position"
        )
        .await,
        [
            "1 access five_point",
            "2 procedure five_point",
            "3 staff five_point",
            "4 result five_point",
            "5 waiting expectation"
        ]
    );
    // The counter's QR code shows the new version at once.
    let (html, k, v) = app.open_survey(&counter).await;
    assert!(html.contains("Việc tìm nơi tiếp nhận có thuận tiện không?"));
    assert!(html.contains("Ông/bà mong thời gian chờ được rút ngắn?"));
    assert_ne!(v, old_v);
    let url = app.survey_url(&counter);
    assert_eq!(
        app.post_form(&url, format!("k={k}&v={v}&q1=5&q5=3"))
            .await
            .status(),
        303
    );
    // The form opened before is still answered against the version it showed.
    assert_eq!(
        app.post_form(&url, format!("k={old_k}&v={old_v}&q1=4&q5=5"))
            .await
            .status(),
        303
    );
    let year = time::OffsetDateTime::now_utc()
        .to_offset(sipas::domain::local_day::VIETNAM)
        .year()
        .to_string();
    let output = app.sipas(&[
        "export", "--unit", "T01", "--period", &year, "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["questionnaire_versions"],
        serde_json::json!(["sipas-quick v1", "sipas-quick v2"])
    );
    // Access adds up across both versions: 2 answers, both satisfied.
    assert_eq!(json["total"]["elements"]["access"]["valid"], 2);
    assert!(app.sipas(&["verify"]).status.success());

    // Managers may not make versions.
    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    let manager = session(&app, "quanly", &password).await;
    assert_eq!(
        app.staff_get(&manager, "/admin/questionnaires/sipas-quick/new")
            .await
            .status(),
        403
    );
}
