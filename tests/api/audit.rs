//! The audit log: every change made by the command line is there, named as its doing, and a
//! change whose audit line cannot be written is not made at all (both are one transaction).

use sipas::domain::account::Role;

use crate::helpers::post_staff_form;
use crate::helpers::session;
use crate::helpers::{TestApp, account, hidden_value, spawn_app, stdout};

const COMMAND_LINE: &str = "sipas (command line)";

#[tokio::test]
async fn every_change_of_the_command_line_is_audited_as_its_own() {
    let app = spawn_app().await;
    let ok = |args: &[&str]| {
        let output = app.sipas(args);
        assert!(output.status.success(), "sipas {args:?}: {output:?}");
        stdout(&output)
    };
    ok(&["unit", "add", "--code", "P", "--name", "Tỉnh P"]);
    ok(&[
        "unit", "add", "--code", "P.X", "--name", "Xã X", "--parent", "P", "--kind", "commune",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("units.csv");
    std::fs::write(
        &csv,
        "code,name,parent_code,kind\nP.X.TT,Trung tâm xã X,P.X,service_point\n",
    )
    .unwrap();
    ok(&["unit", "import", csv.to_str().unwrap()]);
    ok(&["counter", "add", "--unit", "P.X.TT", "--name", "Quầy 1"]);
    let id = app.scalar("SELECT MAX(id) FROM counter").await.to_string();
    ok(&["counter", "rotate", "--counter", &id]);
    ok(&[
        "user",
        "add",
        "--username",
        "nv.x",
        "--role",
        "viewer",
        "--unit",
        "P",
    ]);
    ok(&[
        "token",
        "add",
        "--label",
        "Máy tổng hợp",
        "--role",
        "viewer",
        "--unit",
        "P",
    ]);
    assert_eq!(
        app.rows(&format!(
            "SELECT action FROM audit_event WHERE actor = '{COMMAND_LINE}' ORDER BY id"
        ))
        .await,
        [
            "unit added",
            "unit added",
            "units imported",
            "counter added",
            "counter code rotated",
            "account created",
            "api token added"
        ]
    );
}

/// Makes every insert into the audit log fail, as a full disk or a bug would.
async fn refuse_audit_lines(app: &TestApp) {
    if app.database_url.starts_with("postgres") {
        app.execute(
            "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'audit refused'; END $$ LANGUAGE plpgsql",
        )
        .await;
        app.execute(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event \
             FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
        )
        .await;
    } else {
        app.execute(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event \
             BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
        )
        .await;
    }
}

#[tokio::test]
async fn a_change_whose_audit_line_cannot_be_written_is_not_made() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let password = account(&app, "quanly", Role::Manager, Some("T01")).await;
    let manager = session(&app, "quanly", &password).await;
    let html = app
        .staff_get(&manager, "/admin/units/T01/counters")
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden_value(&html, "csrf");
    let counters = app.scalar("SELECT COUNT(*) FROM counter").await;
    let units = app.scalar("SELECT COUNT(*) FROM unit").await;
    refuse_audit_lines(&app).await;

    // The command line: refused whole.
    let unit = app.sipas(&["unit", "add", "--code", "Q", "--name", "Tỉnh Q"]);
    assert!(!unit.status.success());
    let added = app.sipas(&["counter", "add", "--unit", "T01.TT", "--name", "Quầy mới"]);
    assert!(!added.status.success());
    let rotated = app.sipas(&["counter", "rotate", "--counter", &counter.id.to_string()]);
    assert!(!rotated.status.success());
    // A staff page: an error, and nothing changed.
    let renamed = post_staff_form(
        &app,
        &manager,
        &format!("/admin/counters/{}/rename", counter.id),
        &[("csrf", csrf.as_str()), ("name", "Tên không được lưu")],
    )
    .await;
    assert_eq!(renamed.status(), 500);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM counter").await, counters);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM unit").await, units);
    assert_eq!(
        app.rows(&format!(
            "SELECT name || ' ' || token FROM counter WHERE id = {}",
            counter.id
        ))
        .await,
        [format!("{} {}", counter.name, counter.token.as_str())]
    );
    // The survey still answers at the old code.
    assert_eq!(app.get(&app.survey_url(&counter)).await.status(), 200);
}

#[tokio::test]
async fn the_audit_log_filters_by_person_action_and_day() {
    let app = crate::helpers::spawn_app().await;
    app.counter("sipas-quick").await;
    let password =
        crate::helpers::account(&app, "quantri", sipas::domain::account::Role::Admin, None).await;
    let staff = crate::helpers::session(&app, "quantri", &password).await;
    crate::helpers::session(&app, "quantri", &password).await;
    let rows = |html: &str| html.matches("<tr><td class=\"nowrap\" data-label=").count();
    let page = |query: &'static str| {
        let (app, staff) = (&app, staff.clone());
        async move {
            let response = app.staff_get(&staff, &format!("/admin/audit{query}")).await;
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let all = page("").await;
    let logins = page("?action=login").await;
    assert_eq!(rows(&logins), 2, "{logins}");
    assert!(rows(&all) > 2);
    assert!(logins.contains("<option value=\"login\" selected>Đăng nhập</option>"));
    let by_admin = page("?actor=quantri").await;
    assert_eq!(rows(&by_admin), 2);
    // Days are Vietnam's, both ends included: none in 2000, all of them from then to 2100.
    assert_eq!(rows(&page("?from=2000-01-01&to=2000-01-02").await), 0);
    assert!(
        page("?from=2000-01-01&to=2000-01-02")
            .await
            .contains("Không có dòng nào")
    );
    assert_eq!(
        rows(&page("?from=2000-01-01&to=2100-12-31").await),
        rows(&all)
    );
    // A date that is not one is no filter.
    assert_eq!(rows(&page("?from=hôm-qua").await), rows(&all));
}
