//! Every staff route × every kind of account × a unit inside and outside the account's scope:
//! the status each must get. A new staff route belongs in this table.

use reqwest::Method;
use sipas::domain::account::Role;

use crate::helpers::{account, session};
use crate::helpers::{hidden_value, spawn_app};

#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    Admin,
    Manager,
    Viewer,
    OtherManager,
    OtherViewer,
}

#[tokio::test]
async fn every_route_for_every_role_and_scope() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    app.other_province().await;
    let mut sessions = Vec::new();
    for (who, name, role, unit) in [
        (Who::Admin, "quantri", Role::Admin, None),
        (Who::Manager, "quanly", Role::Manager, Some("T01")),
        (Who::Viewer, "xem", Role::Viewer, Some("T01")),
        (
            Who::OtherManager,
            "quanly.khac",
            Role::Manager,
            Some("KHAC"),
        ),
        (Who::OtherViewer, "xem.khac", Role::Viewer, Some("KHAC")),
    ] {
        let password = account(&app, name, role, unit).await;
        let token = session(&app, name, &password).await;
        sessions.push((who, Some(token)));
    }
    sessions.insert(0, (Who::Anonymous, None));
    // An account for the admin to switch off.
    account(&app, "tam", Role::Viewer, Some("T01")).await;

    let id = counter.id;
    let (_, k, v) = app.open_survey(&counter).await;
    let body = format!("k={k}&v={v}&q1=5");
    assert_eq!(
        app.post_form(&app.survey_url(&counter), body)
            .await
            .status(),
        303
    );
    let response = app.scalar("SELECT MAX(id) FROM response").await;
    // (method, path, [anonymous, admin, manager, viewer, other manager, other viewer])
    let routes: Vec<(Method, String, [u16; 6])> = vec![
        (Method::GET, "/admin".into(), [303, 200, 200, 200, 200, 200]),
        (
            Method::GET,
            "/admin/questionnaires".into(),
            [303, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/admin/units/T01?period=2025".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            "/admin/units/T01.TT?period=2025".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            "/admin/units/KHAC?period=2025".into(),
            [303, 200, 404, 404, 200, 200],
        ),
        (
            Method::GET,
            "/admin/units/T01/export?format=csv&period=2025".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            "/admin/units/T01/export?format=xlsx&period=2025".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            "/admin/units/T01/counters".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            format!("/admin/counters/{id}/qr.png"),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            format!("/admin/counters/{id}/qr.svg"),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            format!("/admin/counters/{id}/poster?size=a4"),
            [303, 200, 200, 200, 404, 404],
        ),
        // The question before a new code or switching off: managers and admins only.
        (
            Method::GET,
            format!("/admin/counters/{id}/rotate"),
            [303, 200, 200, 403, 404, 404],
        ),
        (
            Method::GET,
            format!("/admin/counters/{id}/active"),
            [303, 200, 200, 403, 404, 404],
        ),
        (
            Method::POST,
            format!("/admin/counters/{id}/rotate"),
            [303, 303, 303, 403, 404, 404],
        ),
        (
            Method::POST,
            format!("/admin/counters/{id}/rename"),
            [303, 303, 303, 403, 404, 404],
        ),
        (
            Method::POST,
            "/admin/units/T01/counters".into(),
            [303, 303, 303, 403, 404, 404],
        ),
        (
            Method::POST,
            "/admin/users/tam/active".into(),
            [303, 303, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/admin/questionnaires/sipas-quick/new".into(),
            [303, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/admin/questionnaires/sipas-quick/new".into(),
            [303, 303, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/admin/units/T01/posters?size=a6".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::GET,
            "/admin/audit".into(),
            [303, 200, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/admin/users".into(),
            [303, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/admin/users".into(),
            [303, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/admin/units".into(),
            [303, 303, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/admin/units".into(),
            [303, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/admin/units/T01/rename".into(),
            [303, 303, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/admin/units-import".into(),
            [303, 200, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/admin/units/T01/responses?period=2025".into(),
            [303, 200, 200, 200, 404, 404],
        ),
        (
            Method::POST,
            format!("/admin/responses/{response}/exclude"),
            [303, 303, 303, 403, 404, 404],
        ),
        (
            Method::POST,
            format!("/admin/responses/{response}/restore"),
            [303, 303, 303, 403, 404, 404],
        ),
    ];
    for (method, path, expected) in &routes {
        for ((who, token), want) in sessions.iter().zip(expected) {
            let mut request = app
                .client
                .request(method.clone(), format!("{}{path}", app.address));
            if let Some(token) = token {
                request = request.header("cookie", format!("sipas_session={token}"));
                if *method == Method::POST {
                    let home = app
                        .client
                        .get(format!("{}/admin", app.address))
                        .header("cookie", format!("sipas_session={token}"))
                        .send()
                        .await
                        .unwrap();
                    let csrf = hidden_value(&home.text().await.unwrap(), "csrf");
                    request = request.form(&[
                        ("csrf", csrf.as_str()),
                        ("reason", "kiểm tra quyền"),
                        ("name", "Tỉnh Thử Nghiệm"),
                        ("csv", "code,name\n"),
                        ("unit", "T01.TT"),
                        ("questionnaire", "sipas-quick"),
                        ("username", "ma.tran"),
                        ("role", "viewer"),
                        ("code", "T01.MOI"),
                        ("parent", "T01"),
                        ("kind", "commune"),
                        ("title_vi", "Phiếu"),
                        ("title_en", "Form"),
                        ("new_code", "mot"),
                        ("new_scale", "five_point"),
                        ("new_text_vi", "Câu một"),
                        ("new_text_en", "Item one"),
                    ]);
                }
            } else if *method == Method::POST {
                request = request.form(&[("csrf", "")]);
            }
            let status = request.send().await.unwrap().status().as_u16();
            assert_eq!(status, *want, "{method} {path} as {who:?}");
        }
    }
}
