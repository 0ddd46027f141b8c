//! The unit tree for admins over HTTP: add, import, rename, move, switch off and on; refusals
//! with their reason and nothing changed; every change in the audit log.

use sipas::domain::account::Role;

use crate::helpers::{TestApp, hidden_value, spawn_app};
use crate::helpers::{account, session};

struct Admin {
    token: String,
    csrf: String,
}

async fn admin(app: &TestApp) -> Admin {
    let password = account(app, "quantri", Role::Admin, None).await;
    let token = session(app, "quantri", &password).await;
    let page = app.staff_get(&token, "/admin/units").await;
    assert_eq!(page.status(), 200);
    let csrf = hidden_value(&page.text().await.unwrap(), "csrf");
    Admin { token, csrf }
}

async fn post(
    app: &TestApp,
    who: &Admin,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    app.client
        .post(format!("{}{path}", app.address))
        .header("cookie", format!("sipas_session={}", who.token))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn admins_add_rename_and_refuse_with_a_reason() {
    let app = spawn_app().await;
    let who = admin(&app).await;
    let added = post(
        &app,
        &who,
        "/admin/units",
        &[
            ("code", "HP"),
            ("name", "Thành phố Hải Phòng"),
            ("parent", ""),
            ("kind", "province"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303);
    assert_eq!(added.headers()["location"], "/admin/units?lang=vi#u-HP");
    let added = post(
        &app,
        &who,
        "/admin/units",
        &[
            ("code", "HP.LC"),
            ("name", "Phường Lê Chân"),
            ("parent", "HP"),
            ("kind", "commune"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303);
    assert_eq!(
        app.rows("SELECT code || ' ' || kind || ' ' || name FROM unit ORDER BY id")
            .await,
        [
            "HP province Thành phố Hải Phòng",
            "HP.LC commune Phường Lê Chân"
        ]
    );

    // The same code again: 422, the reason shown, the form filled as it was, nothing stored.
    let refused = post(
        &app,
        &who,
        "/admin/units",
        &[
            ("code", "HP.LC"),
            ("name", "Trùng mã"),
            ("parent", "HP"),
            ("kind", "commune"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("mã đơn vị «HP.LC» đã có"), "{html}");
    assert!(html.contains("value=\"Trùng mã\""));
    let refused = post(
        &app,
        &who,
        "/admin/units",
        &[
            ("code", "HP.X"),
            ("name", "Không cha"),
            ("parent", "KHONGCO"),
            ("kind", "commune"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("không có đơn vị cha mã «KHONGCO»")
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM unit").await, 2);

    let renamed = post(
        &app,
        &who,
        "/admin/units/HP.LC/rename",
        &[("name", "Phường Lê Chân mới")],
    )
    .await;
    assert_eq!(renamed.status(), 303);
    assert_eq!(
        app.rows("SELECT name FROM unit WHERE code = 'HP.LC'").await,
        ["Phường Lê Chân mới"]
    );
    let refused = post(&app, &who, "/admin/units/HP.LC/rename", &[("name", "   ")]).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        app.rows(
            "SELECT action || ' ' || target FROM audit_event WHERE action LIKE 'unit%' ORDER BY id"
        )
        .await,
        [
            "unit added HP (Thành phố Hải Phòng)",
            "unit added HP.LC (Phường Lê Chân)",
            "unit renamed HP.LC"
        ]
    );
}

#[tokio::test]
async fn a_moved_unit_takes_its_subtree_and_its_figures_along() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    app.other_province().await;
    let (_, k, v) = app.open_survey(&counter).await;
    let body = format!("k={k}&v={v}&q1=5&q2=4");
    assert_eq!(
        app.post_form(&app.survey_url(&counter), body)
            .await
            .status(),
        303
    );
    let who = admin(&app).await;
    let year = time::OffsetDateTime::now_utc()
        .to_offset(sipas::domain::local_day::VIETNAM)
        .year()
        .to_string();
    let respondents = |unit: &'static str| {
        let (app, year) = (&app, &year);
        async move {
            let json = app.sipas(&[
                "export", "--unit", unit, "--period", year, "--format", "json",
            ]);
            let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
            json["total"]["respondents"].as_u64().unwrap()
        }
    };
    assert_eq!(
        (respondents("T01").await, respondents("KHAC").await),
        (1, 0)
    );

    // Not under itself.
    let refused = post(&app, &who, "/admin/units/T01/move", &[("parent", "T01.TT")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("không thể chuyển"));

    let moved = post(
        &app,
        &who,
        "/admin/units/T01.TT/move",
        &[("parent", "KHAC")],
    )
    .await;
    assert_eq!(moved.status(), 303);
    let khac = app.scalar("SELECT id FROM unit WHERE code = 'KHAC'").await;
    let tt = app
        .scalar("SELECT id FROM unit WHERE code = 'T01.TT'")
        .await;
    assert_eq!(
        app.rows("SELECT path FROM unit WHERE code = 'T01.TT'")
            .await,
        [format!("/{khac}/{tt}/")]
    );
    assert_eq!(
        (respondents("T01").await, respondents("KHAC").await),
        (0, 1)
    );
}

#[tokio::test]
async fn a_switched_off_unit_stops_its_counters_until_switched_on() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let who = admin(&app).await;
    let off = post(
        &app,
        &who,
        "/admin/units/T01/active",
        &[("active", "false")],
    )
    .await;
    assert_eq!(off.status(), 303);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM unit WHERE active").await,
        0
    );
    let survey = app.get(&app.survey_url(&counter)).await;
    assert_eq!(survey.status(), 404);
    assert!(
        survey
            .text()
            .await
            .unwrap()
            .contains("Mã QR này không còn được sử dụng")
    );
    let page = app
        .staff_get(&who.token, "/admin/units")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("(ngừng hoạt động)"));

    let on = post(&app, &who, "/admin/units/T01/active", &[("active", "true")]).await;
    assert_eq!(on.status(), 303);
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 200);
}

#[tokio::test]
async fn a_pasted_import_keeps_good_lines_and_reports_the_others() {
    let app = spawn_app().await;
    let who = admin(&app).await;
    let csv = "code,name,parent_code,kind\n\
               DN,Thành phố Đà Nẵng,,province\n\
               DN.BAD,Đơn vị lạc,KHONGCO,commune\n\
               DN.HC,\"Phường Hải Châu, Đà Nẵng\",DN,commune\n";
    let response = post(&app, &who, "/admin/units-import", &[("csv", csv)]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Đã nhập 2 đơn vị, từ chối 1 dòng."), "{html}");
    assert!(html.contains("Dòng 3 bị từ chối"));
    assert!(
        html.contains("DN.BAD,Đơn vị lạc"),
        "the text stays to be mended"
    );
    assert_eq!(
        app.rows("SELECT code FROM unit ORDER BY code").await,
        ["DN", "DN.HC"]
    );

    // Rows copied from a spreadsheet (tabs), and more than the 32 KB of an ordinary form.
    let mut pasted = String::from("code\tname\tparent_code\tkind\n");
    for i in 0..800 {
        pasted.push_str(&format!(
            "DN.X{i:03}\tXã thử nghiệm số {i} của thành phố\tDN\tcommune\n"
        ));
    }
    assert!(pasted.len() > 40_000);
    let response = post(&app, &who, "/admin/units-import", &[("csv", &pasted)]).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Đã nhập 800 đơn vị, từ chối 0 dòng.")
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM unit").await, 802);
}

/// Ten communes made in code order get ids 2 to 11; their paths compared as text would list
/// `/1/10/` and `/1/11/` before `/1/2/`. Pages list them by code, each parent before its own.
#[tokio::test]
async fn units_are_listed_by_code_under_their_parent_on_every_page() {
    use sipas::domain::UnitKind;
    let app = spawn_app().await;
    app.unit("P", "Tỉnh P", UnitKind::Province, None).await;
    let codes: Vec<String> = (2..=11).map(|n| format!("P.X{n:02}")).collect();
    for code in &codes {
        app.unit(code, &format!("Xã {code}"), UnitKind::Commune, Some("P"))
            .await;
    }
    app.unit(
        "P.X02.TT",
        "Trung tâm X02",
        UnitKind::ServicePoint,
        Some("P.X02"),
    )
    .await;
    let who = admin(&app).await;
    let mut expected: Vec<&str> = vec!["P", "P.X02", "P.X02.TT"];
    expected.extend(codes[1..].iter().map(String::as_str));
    for page in ["/admin/units", "/admin"] {
        let html = app.staff_get(&who.token, page).await.text().await.unwrap();
        let positions: Vec<usize> = expected
            .iter()
            .map(|code| {
                html.find(&format!("/admin/units/{code}\""))
                    .or_else(|| html.find(&format!("/admin/units/{code}?lang=vi\"")))
                    .unwrap_or_else(|| panic!("{code} on {page}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{page}: {expected:?} at {positions:?}"
        );
    }
}

/// Switching a unit off stops every counter below it: the unit tree asks first, on a page that
/// says how many units and counters it stops, and nothing changes until its form is sent.
#[tokio::test]
async fn switching_a_unit_off_is_asked_first_with_what_it_stops() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let who = admin(&app).await;
    let tree = app
        .staff_get(&who.token, "/admin/units")
        .await
        .text()
        .await
        .unwrap();
    assert!(tree.contains("href=\"/admin/units/T01/active?lang=vi\""));
    assert!(!tree.contains("action=\"/admin/units/T01/active\""));
    let question = app
        .staff_get(&who.token, "/admin/units/T01/active?lang=vi")
        .await;
    assert_eq!(question.status(), 200);
    let html = question.text().await.unwrap();
    assert!(html.contains("Ngừng hoạt động đơn vị «Tỉnh Thử Nghiệm»?"));
    assert!(html.contains("Đơn vị này và 1 đơn vị cấp dưới sẽ ngừng hoạt động; 1 quầy"));
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 200);
    let off = post(
        &app,
        &who,
        "/admin/units/T01/active",
        &[("active", "false")],
    )
    .await;
    assert_eq!(off.status(), 303);
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 404);
}

#[tokio::test]
async fn parents_and_units_are_chosen_from_a_list_not_typed() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let who = admin(&app).await;
    for page in ["/admin/units", "/admin/users"] {
        let html = app.staff_get(&who.token, page).await.text().await.unwrap();
        // Every field that names a unit offers the list, searchable by name or code.
        assert!(html.contains("<datalist id=\"unit-list\">"), "{page}");
        assert!(
            html.contains(
                "<option value=\"T01.TT\">Trung tâm Phục vụ hành chính công xã Hòa Lạc</option>"
            ),
            "{page}"
        );
        let fields = html.matches("list=\"unit-list\"").count();
        assert!(fields >= 1, "{page}");
    }
    // The tree page: the new unit's parent, and each unit's move.
    let tree = app
        .staff_get(&who.token, "/admin/units")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(tree.matches("list=\"unit-list\"").count(), 1 + 2);
}
