//! Hostile input against every public endpoint: overlong bodies, invalid UTF-8, wrong content
//! types, SQL and HTML injection in every field, huge numbers, repeated fields. Each must get a
//! 4xx (never a 5xx), store nothing, and leave the server healthy.

use crate::helpers::{TestApp, spawn_app};

const INJECTIONS: [&str; 6] = [
    "'; DROP TABLE response; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "-99999999999999999999999999",
    "%00%ff%fe",
];

async fn post(app: &TestApp, url: &str, content_type: Option<&str>, body: Vec<u8>) -> u16 {
    let mut request = app.client.post(url).body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.unwrap().status().as_u16()
}

fn is_client_error(status: u16) -> bool {
    (400..500).contains(&status)
}

#[tokio::test]
async fn hostile_input_gets_4xx_stores_nothing_and_the_server_stays_up() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let url = app.survey_url(&counter);
    let (_, k, v) = app.open_survey(&counter).await;
    let form = Some("application/x-www-form-urlencoded");
    let encode = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };

    let mut bodies: Vec<(Option<&str>, Vec<u8>)> = vec![
        // Invalid UTF-8, raw and percent-encoded.
        (form, b"q1=\xff\xfe&k=a".to_vec()),
        (
            form,
            format!("k={k}&v={v}&q1=5&comment=%C3%28").into_bytes(),
        ),
        // Overlong: past the body limit.
        (
            form,
            format!("k={k}&v={v}&q1=5&comment={}", "a".repeat(40_000)).into_bytes(),
        ),
        // Repeated fields.
        (form, format!("k={k}&v={v}&q1=5&q1=4").into_bytes()),
        (form, format!("k={k}&k={k}&v={v}&q1=5").into_bytes()),
        // Huge numbers.
        (
            form,
            format!("k={k}&v=99999999999999999999&q1=5").into_bytes(),
        ),
        (form, format!("k={k}&v={v}&q1=1e309").into_bytes()),
        (form, format!("k={k}&v={v}&q999=5").into_bytes()),
        (
            form,
            format!("k={k}&v={v}&q18446744073709551616=5").into_bytes(),
        ),
        // Wrong content types.
        (Some("application/json"), br#"{"q1":5}"#.to_vec()),
        (Some("multipart/form-data; boundary=x"), b"--x\r\n".to_vec()),
        (Some("text/plain"), format!("k={k}&v={v}&q1=5").into_bytes()),
        (None, format!("k={k}&v={v}&q1=5").into_bytes()),
    ];
    // Injection in every field, the others valid.
    for payload in INJECTIONS {
        let p = encode(payload);
        bodies.push((form, format!("k={p}&v={v}&q1=5").into_bytes()));
        bodies.push((form, format!("k={k}&v={p}&q1=5").into_bytes()));
        bodies.push((form, format!("k={k}&v={v}&q1={p}").into_bytes()));
        bodies.push((form, format!("k={k}&v={v}&lang={p}&q1=5").into_bytes()));
        bodies.push((form, format!("k={k}&v={v}&{p}=5").into_bytes()));
    }
    for (content_type, body) in bodies {
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        let status = post(&app, &url, content_type, body).await;
        assert!(
            is_client_error(status),
            "{status} for {content_type:?} {shown}"
        );
    }

    // Hostile paths and tokens.
    for path in [
        "/s/'%20OR%201=1--".to_owned(),
        "/s/%3Cscript%3E".to_owned(),
        format!("/s/{}", "A".repeat(10_000)),
        "/s/../../etc/passwd".to_owned(),
        "/static/..%2F..%2FCargo.toml".to_owned(),
        "/static/%00".to_owned(),
        "/admin/units/'%20OR%20'1'='1".to_owned(),
    ] {
        let status = app
            .get(&format!("{}{path}", app.address))
            .await
            .status()
            .as_u16();
        assert!(
            is_client_error(status) || status == 303,
            "{status} for {path}"
        );
        let status = post(
            &app,
            &format!("{}{path}", app.address),
            form,
            b"q1=5".to_vec(),
        )
        .await;
        assert!(
            is_client_error(status) || status == 303,
            "{status} for POST {path}"
        );
    }

    // Pages with hostile query strings answer without echoing the payload unescaped.
    for page in [
        format!("{url}?lang={}", encode("<script>alert(1)</script>")),
        format!(
            "{}/privacy?lang={}",
            app.address,
            encode("\"><svg onload=1>")
        ),
        format!("{}/admin/login?lang={}", app.address, encode("<script>")),
    ] {
        let response = app.get(&page).await;
        assert!(response.status().as_u16() < 500, "{page}");
        let html = response.text().await.unwrap();
        assert!(
            !html.contains("<script>alert") && !html.contains("<svg onload"),
            "{page}"
        );
    }

    // The login form and the API with hostile values.
    for payload in INJECTIONS {
        let body = format!(
            "username={}&password={}&csrf=x&lang=vi",
            encode(payload),
            encode(payload)
        );
        let status = post(
            &app,
            &format!("{}/admin/login", app.address),
            form,
            body.into_bytes(),
        )
        .await;
        assert!(is_client_error(status), "{status} login {payload}");
        let status = app
            .client
            .get(format!(
                "{}/api/v1/figures?unit={}&period={}",
                app.address,
                encode(payload),
                encode(payload)
            ))
            .header("authorization", format!("Bearer {payload}"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert!(is_client_error(status), "{status} API {payload}");
    }

    // Oversized headers: refused by the HTTP layer before any handler.
    let huge = "a".repeat(500_000);
    let refused = app
        .client
        .get(&url)
        .header("x-filler", huge.as_str())
        .send()
        .await;
    // (The connection may also be cut while the header is still being sent.)
    if let Ok(response) = refused {
        assert_eq!(response.status(), 431);
    }
    let many = (0..200).fold(app.client.get(&url), |request, i| {
        request.header(format!("x-h{i}"), "1")
    });
    assert_eq!(many.send().await.unwrap().status(), 431);
    // No banner saying what runs here.
    let page = app.get(&url).await;
    assert!(page.headers().get("server").is_none());
    assert!(page.headers().get("x-powered-by").is_none());

    // Nothing stored, and the server is fine.
    assert_eq!(app.responses().await, 0);
    assert_eq!(app.answers().await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM account").await, 0);
    assert_eq!(
        app.get(&format!("{}/readyz", app.address)).await.status(),
        200
    );
    let (_, k, v) = app.open_survey(&counter).await;
    assert_eq!(
        app.post_form(&url, format!("k={k}&v={v}&q1=5"))
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn html_in_a_comment_is_kept_as_text_and_shown_escaped() {
    let app = crate::figures::fixture().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let comment = "<script>alert('x')</script> '; DROP TABLE response; --";
    let body = format!(
        "k={k}&v={v}&q1=5&comment={}",
        percent_encoding::utf8_percent_encode(comment, percent_encoding::NON_ALPHANUMERIC)
    );
    assert_eq!(
        app.post_form(&app.survey_url(&counter), body)
            .await
            .status(),
        303
    );
    assert_eq!(
        app.rows("SELECT comment FROM response WHERE comment IS NOT NULL")
            .await,
        [comment]
    );
    let password =
        crate::helpers::account(&app, "quantri", sipas::domain::account::Role::Admin, None).await;
    let token = crate::helpers::session(&app, "quantri", &password).await;
    let year = time::OffsetDateTime::now_utc()
        .to_offset(sipas::domain::local_day::VIETNAM)
        .year();
    let html = app
        .staff_get(&token, &format!("/admin/units/T01?period={year}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
}
