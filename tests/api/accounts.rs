//! Staff accounts over HTTP: sign-in with a double-submit token, one answer for a wrong user and
//! a wrong password, throttling, sessions held in the database, CSRF on logout, expiry, scope.

use reqwest::Response;
use sea_orm::{
    ConnectionTrait,
    sea_query::{Alias, Query},
};
use sipas::domain::account::Role;

use crate::helpers::{
    TestApp, account, cookie_value, hidden_value, login, login_form, login_from, post_login,
    session, set_cookie, spawn_app, spawn_app_with, stdout,
};

async fn home(app: &TestApp, session: &str) -> Response {
    app.client
        .get(format!("{}/admin", app.address))
        .header("cookie", format!("sipas_session={session}"))
        .send()
        .await
        .unwrap()
}

fn alert(html: &str) -> String {
    let start = html.find("role=\"alert\"").expect("an alert");
    html[start..start + html[start..].find("</div>").unwrap()].to_owned()
}

#[tokio::test]
async fn staff_pages_need_a_session_and_signing_in_opens_one() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let password = account(&app, "quanly.t01", Role::Manager, Some("T01")).await;

    let response = app.get(&format!("{}/admin", app.address)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/login");

    // A manager of one unit lands straight on that unit's dashboard.
    let response = login(&app, "QuanLy.T01", &password).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/units/T01");
    let cookie = set_cookie(&response, "sipas_session").unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let token = cookie_value(&cookie);

    let response = home(&app, &token).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Xin chào, quanly.t01"));
    assert!(html.contains("Tỉnh Thử Nghiệm"));
    assert!(html.contains("T01.TT"));
    assert!(html.contains("href=\"/admin/units/T01.TT?lang=vi\""));

    // The database holds a digest of the session token, never the token.
    let stored = app.rows("SELECT token_hash FROM session").await;
    assert_eq!(stored, [sipas::auth::digest(&token)]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'login'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_wrong_user_and_a_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    account(&app, "admin", Role::Admin, None).await;
    let wrong_password = login(&app, "admin", "không phải mật khẩu").await;
    let unknown_user = login(&app, "khongtontai", "không phải mật khẩu").await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_user.status(), 401);
    assert!(set_cookie(&wrong_password, "sipas_session").is_none());
    let (a, b) = (
        wrong_password.text().await.unwrap(),
        unknown_user.text().await.unwrap(),
    );
    assert_eq!(alert(&a), alert(&b));
    assert!(alert(&a).contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM session").await, 0);
}

#[tokio::test]
async fn a_burst_of_parallel_attempts_gets_no_more_password_checks_than_the_limit() {
    let app = spawn_app().await;
    let password = account(&app, "nhanvien", Role::Admin, None).await;
    for _ in 0..4 {
        assert_eq!(login(&app, "nhanvien", "sai mật khẩu").await.status(), 401);
    }
    // 30 at once, the right password among them: one more check is allowed, no more.
    let mut forms = Vec::new();
    for _ in 0..30 {
        forms.push(login_form(&app).await);
    }
    let attempts = forms.into_iter().enumerate().map(|(n, token)| {
        let app = &app;
        let password = if n == 15 {
            password.clone()
        } else {
            "sai".to_owned()
        };
        async move {
            post_login(app, &token, "nhanvien", &password, "127.0.0.1")
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401 || **s == 303).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked, 1, "{statuses:?}");
    assert_eq!(throttled, 29, "no 500, nothing else: {statuses:?}");
    println!(
        "login burst: 30 parallel attempts after 4 failures: 1 checked, 29 throttled, 0 errors"
    );
}

#[tokio::test]
async fn behind_a_proxy_the_throttle_counts_each_client_not_the_proxy() {
    let app = spawn_app_with(|config| config.behind_proxy = true).await;
    let password = account(&app, "nhanvien", Role::Admin, None).await;
    // Someone guesses 50 names from one address: that address is stopped ...
    for n in 0..50 {
        let status = login_from(&app, &format!("doan{n}"), "sai", "203.0.113.9")
            .await
            .status();
        assert_eq!(status, 401);
    }
    assert_eq!(
        login_from(&app, "nhanvien", &password, "203.0.113.9")
            .await
            .status(),
        429
    );
    // ... and the staff behind the same proxy, on their own addresses, still sign in.
    assert_eq!(
        login_from(&app, "nhanvien", &password, "198.51.100.20")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn sign_in_is_throttled_per_account() {
    let app = spawn_app().await;
    let password = account(&app, "nhanvien", Role::Admin, None).await;
    let other = account(&app, "nguoikhac", Role::Admin, None).await;
    for _ in 0..5 {
        assert_eq!(login(&app, "nhanvien", "sai mật khẩu").await.status(), 401);
    }
    // Even the right password is refused now, without being checked.
    let response = login(&app, "nhanvien", &password).await;
    assert_eq!(response.status(), 429);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Quá nhiều lần đăng nhập sai")
    );
    // Another account from the same address still signs in.
    assert_eq!(login(&app, "nguoikhac", &other).await.status(), 303);
}

#[tokio::test]
async fn a_login_form_without_its_cookie_is_refused() {
    let app = spawn_app().await;
    let password = account(&app, "admin", Role::Admin, None).await;
    let response = app
        .client
        .post(format!("{}/admin/login", app.address))
        .form(&[
            ("username", "admin"),
            ("password", password.as_str()),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(set_cookie(&response, "sipas_session").is_none());
}

#[tokio::test]
async fn logout_needs_the_csrf_token_and_ends_the_session() {
    let app = spawn_app().await;
    let password = account(&app, "admin", Role::Admin, None).await;
    let token = session(&app, "admin", &password).await;
    let html = home(&app, &token).await.text().await.unwrap();
    let csrf = hidden_value(&html, "csrf");
    let logout = |csrf: String| {
        app.client
            .post(format!("{}/admin/logout", app.address))
            .header("cookie", format!("sipas_session={token}"))
            .form(&[("csrf", csrf)])
            .send()
    };
    for forged in [String::new(), "x".repeat(64)] {
        assert_eq!(logout(forged).await.unwrap().status(), 403);
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM session").await, 1);
    let response = logout(csrf).await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/login");
    assert!(
        set_cookie(&response, "sipas_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM session").await, 0);
    assert_eq!(home(&app, &token).await.status(), 303);
}

#[tokio::test]
async fn an_expired_session_goes_back_to_sign_in() {
    let app = spawn_app().await;
    let password = account(&app, "admin", Role::Admin, None).await;
    let token = session(&app, "admin", &password).await;
    assert_eq!(home(&app, &token).await.status(), 200);
    let expire = Query::update()
        .table(Alias::new("session"))
        .value(
            Alias::new("expires_at"),
            time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
        )
        .to_owned();
    app.db.writer.execute(&expire).await.unwrap();
    let response = home(&app, &token).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/admin/login");
}

#[tokio::test]
async fn a_manager_sees_only_their_subtree() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    app.unit(
        "T02",
        "Tỉnh Bên Cạnh",
        sipas::domain::UnitKind::Province,
        None,
    )
    .await;
    let password = account(&app, "quanly", Role::Manager, Some("T01.TT")).await;
    let html = home(&app, &session(&app, "quanly", &password).await)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("T01.TT"));
    assert!(!html.contains("<code>T01</code>"));
    assert!(!html.contains("T02"));
    let admin = account(&app, "admin", Role::Admin, None).await;
    let html = home(&app, &session(&app, "admin", &admin).await)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("T02") && html.contains("Toàn bộ hệ thống"));
}

#[tokio::test]
async fn user_add_prints_a_password_that_signs_in() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let output = app.sipas(&[
        "user",
        "add",
        "--username",
        "thu.ky",
        "--role",
        "viewer",
        "--unit",
        "T01",
    ]);
    assert!(output.status.success(), "{output:?}");
    let password = stdout(&output).lines().last().unwrap().to_owned();
    assert_eq!(password.chars().count(), 16);
    assert_eq!(login(&app, "thu.ky", &password).await.status(), 303);
    // A viewer needs a unit; a name is taken once.
    let output = app.sipas(&["user", "add", "--username", "khac", "--role", "viewer"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("cần một đơn vị"));
    let output = app.sipas(&["user", "add", "--username", "thu.ky", "--role", "admin"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("đã có"));
}

#[tokio::test]
async fn the_login_page_speaks_english_too() {
    let app = spawn_app().await;
    let html = app
        .page(&format!("{}/admin/login?lang=en", app.address))
        .await;
    assert!(
        html.contains("<html lang=\"en\">")
            && html.contains("Username")
            && html.contains("Password")
    );
    let html = app.page(&format!("{}/admin/login", app.address)).await;
    assert!(html.contains("Tên đăng nhập") && html.contains("Mật khẩu"));
}

#[tokio::test]
async fn admins_add_accounts_whose_password_is_shown_once() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let admin = account(&app, "quantri", Role::Admin, None).await;
    let token = session(&app, "quantri", &admin).await;
    let page = app
        .client
        .get(format!("{}/admin/users", app.address))
        .header("cookie", format!("sipas_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csrf = hidden_value(&page.text().await.unwrap(), "csrf");
    let add = |fields: Vec<(&'static str, String)>| {
        app.client
            .post(format!("{}/admin/users", app.address))
            .header("cookie", format!("sipas_session={token}"))
            .form(&fields)
            .send()
    };
    let with = |username: &str, role: &str, unit: &str, csrf: &str| {
        vec![
            ("csrf", csrf.to_owned()),
            ("username", username.to_owned()),
            ("role", role.to_owned()),
            ("unit", unit.to_owned()),
        ]
    };

    let response = add(with("can.bo", "viewer", "T01", &csrf)).await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let start = html.find("<code class=\"password\">").unwrap() + "<code class=\"password\">".len();
    let password = html[start..start + html[start..].find('<').unwrap()].to_owned();
    assert_eq!(password.chars().count(), 16);
    assert_eq!(login(&app, "can.bo", &password).await.status(), 303);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'account created' AND actor <> 'test'"
        )
        .await,
        1
    );

    for (fields, message) in [
        (with("có dấu", "viewer", "T01", &csrf), "tên đăng nhập"),
        (with("can.bo", "viewer", "T01", &csrf), "đã có"),
        (with("quan.ly", "manager", "", &csrf), "cần một đơn vị"),
        (
            with("quan.ly", "manager", "KHONGCO", &csrf),
            "không có đơn vị mã «KHONGCO»",
        ),
        (
            with("quan.ly", "root", "T01", &csrf),
            "vai trò «root» không hợp lệ",
        ),
    ] {
        let response = add(fields).await.unwrap();
        assert_eq!(response.status(), 422, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}");
        // The Vietnamese page says it in Vietnamese only.
        for english in ["no unit with code", "unknown role", "needs a unit"] {
            assert!(!html.contains(english), "{english} on a Vietnamese page");
        }
    }
    assert_eq!(
        add(with("khac", "viewer", "T01", "forged"))
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM account").await, 2);
}

#[tokio::test]
async fn admins_rename_and_switch_off_accounts() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let admin_password = account(&app, "quantri", Role::Admin, None).await;
    let admin = session(&app, "quantri", &admin_password).await;
    let password = account(&app, "nv.mot", Role::Viewer, Some("T01")).await;
    let theirs = session(&app, "nv.mot", &password).await;
    let csrf = hidden_value(
        &app.staff_get(&admin, "/admin/users")
            .await
            .text()
            .await
            .unwrap(),
        "csrf",
    );
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let (app, admin, csrf) = (&app, &admin, &csrf);
        async move {
            let mut form = vec![("csrf", csrf.clone())];
            form.extend(fields);
            app.client
                .post(format!("{}{path}", app.address))
                .header("cookie", format!("sipas_session={admin}"))
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };

    let renamed = post(
        "/admin/users/nv.mot/rename".into(),
        vec![("username", "nv.hai".into())],
    )
    .await;
    assert_eq!(renamed.status(), 303);
    assert_eq!(login(&app, "nv.mot", &password).await.status(), 401);
    assert_eq!(home(&app, &theirs).await.status(), 200, "sessions stay");
    // A name that is taken: 422 with the reason.
    let taken = post(
        "/admin/users/nv.hai/rename".into(),
        vec![("username", "quantri".into())],
    )
    .await;
    assert_eq!(taken.status(), 422);
    assert!(alert(&taken.text().await.unwrap()).contains("đã có"));

    let off = post(
        "/admin/users/nv.hai/active".into(),
        vec![("active", "false".into())],
    )
    .await;
    assert_eq!(off.status(), 303);
    // Signed out at once, and no new sign-in.
    assert_eq!(home(&app, &theirs).await.status(), 303);
    assert_eq!(login(&app, "nv.hai", &password).await.status(), 401);
    let on = post(
        "/admin/users/nv.hai/active".into(),
        vec![("active", "true".into())],
    )
    .await;
    assert_eq!(on.status(), 303);
    assert_eq!(login(&app, "nv.hai", &password).await.status(), 303);

    // Not oneself.
    let own = post(
        "/admin/users/quantri/active".into(),
        vec![("active", "false".into())],
    )
    .await;
    assert_eq!(own.status(), 422);
    assert_eq!(home(&app, &admin).await.status(), 200);
    assert_eq!(
        app.rows("SELECT action || ' ' || target FROM audit_event WHERE action LIKE 'account%' AND actor <> 'test' ORDER BY id")
            .await,
        [
            "account renamed nv.mot",
            "account switched off nv.hai",
            "account switched on nv.hai"
        ]
    );
}
