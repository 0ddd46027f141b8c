//! The abuse guards over HTTP: server-issued form keys, repeats from one device, the honeypot,
//! forms sent back too quickly, an address past its hourly share, the per-address flood limit,
//! a scripted flood beside real citizens; and what is (not) kept about the citizen.

use crate::helpers::{TestApp, hidden_value, spawn_app, spawn_app_with};

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

/// A GET then a POST of the survey from `address` (behind the test's "proxy"), as a phone
/// holding `cookie` (none: the page's new cookie is used); returns the post's body and status.
async fn open_from(
    app: &TestApp,
    counter: &CounterInfo,
    address: &str,
    cookie: Option<&str>,
) -> (String, String) {
    let mut request = app
        .client
        .get(app.survey_url(counter))
        .header("x-forwarded-for", address);
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("sipas_device={cookie}"));
    }
    let page = request.send().await.unwrap();
    let cookie = cookie
        .map(str::to_owned)
        .or_else(|| device_cookie(&page))
        .unwrap();
    let html = page.text().await.unwrap();
    let body = format!(
        "k={}&v={}&q1=5&q2=5&q3=4",
        hidden_value(&html, "k"),
        hidden_value(&html, "v")
    );
    (cookie, body)
}

async fn post_from(
    app: &TestApp,
    counter: &CounterInfo,
    address: &str,
    cookie: Option<&str>,
    body: &str,
) -> (u16, String) {
    let mut request = app
        .client
        .post(app.survey_url(counter))
        .header("x-forwarded-for", address)
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("sipas_device={cookie}"));
    }
    let response = request.body(body.to_owned()).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// A key of the right shape that the server never issued.
fn made_up_key(n: usize) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..44)
        .map(|i| char::from(alphabet[(n * 7 + i * 13) % 64]))
        .collect()
}

#[tokio::test]
async fn a_flood_never_pushes_real_citizens_out_of_the_figures() {
    // The guards as shipped, behind a reverse proxy that says who is who.
    // The server's clock moves on when the citizens have read their forms, instead of the test
    // waiting the 3 s of reading the guard asks for.
    let clock = sipas::clock::Clock::starting_at(time::OffsetDateTime::now_utc());
    let server_clock = clock.clone();
    let app = spawn_app_with(|config| {
        config.behind_proxy = true;
        config.clock = server_clock;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    let version = hidden_value(&app.page(&app.survey_url(&counter)).await, "v");
    let flooder = "203.0.113.66";

    // 1. Cookie-less posts with keys the script made up: nothing is stored.
    for n in 0..40 {
        let key = if n % 2 == 0 {
            made_up_key(n)
        } else {
            format!("k{n:021}")
        };
        let body = format!("k={key}&v={version}&q1=1&q2=1&q3=1");
        let (status, _) = post_from(&app, &counter, flooder, None, &body).await;
        assert_eq!(status, 422, "a key the server never issued");
    }
    assert_eq!(app.responses().await, 0);

    // 2. The same flood made of proper page loads, one new cookie each, sent at once: stored
    //    (thanked as anyone is) but flagged, never counted.
    for _ in 0..40 {
        let (cookie, body) = open_from(&app, &counter, flooder, None).await;
        let body = body.replace("q1=5&q2=5&q3=4", "q1=1&q2=1&q3=1");
        let (status, _) = post_from(&app, &counter, flooder, Some(&cookie), &body).await;
        assert_eq!(status, 303);
    }
    assert_eq!(app.responses().await, 40);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE status = 'counted'")
            .await,
        0
    );

    // 3. Real citizens: five on their own mobile addresses, and twenty phones behind one
    //    service point's Wi-Fi, within the same hour. They read before they tap.
    let mut citizens = Vec::new();
    for n in 1..=5 {
        let address = format!("198.51.100.{n}");
        let cookie = format!("{:064x}", 1000 + n);
        let (_, body) = open_from(&app, &counter, &address, Some(&cookie)).await;
        citizens.push((address, cookie, body));
    }
    for n in 0..20 {
        let cookie = format!("{:064x}", 2000 + n);
        let (_, body) = open_from(&app, &counter, "192.0.2.10", Some(&cookie)).await;
        citizens.push(("192.0.2.10".to_owned(), cookie, body));
    }
    clock.set(clock.now() + time::Duration::milliseconds(3200));
    for (address, cookie, body) in &citizens {
        let (status, _) = post_from(&app, &counter, address, Some(cookie), body).await;
        assert_eq!(status, 303);
    }

    // Every real citizen is counted, the flood is not, and the figures are the citizens' own.
    let counted = app
        .rows("SELECT idempotency_key FROM response WHERE status = 'counted' ORDER BY id")
        .await;
    let citizen_keys: Vec<String> = citizens
        .iter()
        .map(|(_, _, b)| b[2..46].to_owned())
        .collect();
    assert_eq!(counted, citizen_keys);
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n) AS BIGINT) FROM respondents_daily")
            .await,
        25
    );
    // Only the citizens' answers are in the tallies: no 1 at all (the flood answered 1).
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n1) AS BIGINT) FROM tally_daily")
            .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE status = 'flagged' AND status_reason LIKE 'Gửi quá nhanh%'")
            .await,
        40
    );
    assert!(app.sipas(&["verify"]).status.success());
    println!(
        "flood: 40 made-up keys stored 0; 40 scripted page loads stored 40, counted 0; 25 citizens (20 on one Wi-Fi) counted 25"
    );
}

#[tokio::test]
async fn an_address_past_its_hourly_share_is_flagged_and_no_other() {
    let app = spawn_app_with(|config| {
        config.behind_proxy = true;
        config.guards.min_answer_time = std::time::Duration::ZERO;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    // 31 different phones from one address within a minute: the first 30 count, the 31st is
    // flagged; a phone on another address then counts.
    for i in 0..31 {
        let cookie = format!("{i:064x}");
        let (_, body) = open_from(&app, &counter, "203.0.113.5", Some(&cookie)).await;
        let (status, _) = post_from(&app, &counter, "203.0.113.5", Some(&cookie), &body).await;
        assert_eq!(status, 303);
    }
    let (_, body) = open_from(&app, &counter, "203.0.113.6", Some(&"e".repeat(64))).await;
    let (status, _) = post_from(&app, &counter, "203.0.113.6", Some(&"e".repeat(64)), &body).await;
    assert_eq!(status, 303);
    let rows = statuses(&app).await;
    assert_eq!(rows.iter().filter(|r| *r == "counted ").count(), 31);
    assert!(
        rows[30].starts_with("flagged Quá nhiều phiếu từ cùng một địa chỉ"),
        "{rows:?}"
    );
    assert_eq!(rows[31], "counted ");
}

#[tokio::test]
async fn a_key_works_only_at_its_own_counter_and_within_its_lifetime() {
    // The guards as shipped: a form needs 3 s of reading (the server's clock is moved on).
    let clock = sipas::clock::Clock::starting_at(time::OffsetDateTime::now_utc());
    let server_clock = clock.clone();
    let app = spawn_app_with(|config| config.clock = server_clock).await;
    let a = app.counter("sipas-quick").await;
    let b = app.counter("sipas-quick").await;
    // A's page posted to B: nothing stored at B, the form comes back with a key of B's.
    let (_, k, v) = app.open_survey(&a).await;
    clock.set(clock.now() + time::Duration::milliseconds(3100));
    let body = format!("k={k}&v={v}&q1=5&q2=4&comment=T%E1%BB%91t");
    let at_b = app.post_form(&app.survey_url(&b), body.clone()).await;
    assert_eq!(at_b.status(), 422);
    let page = at_b.text().await.unwrap();
    assert_ne!(hidden_value(&page, "k"), k);
    assert!(page.contains("Tốt"), "the comment is kept");
    assert_eq!(app.responses().await, 0);
    // A's real post is then stored and counted at A, not treated as a resend.
    assert_eq!(app.post_form(&app.survey_url(&a), body).await.status(), 303);
    assert_eq!(
        app.rows(&format!(
            "SELECT status FROM response WHERE counter_id = {}",
            a.id
        ))
        .await
        .as_slice(),
        ["counted"]
    );

    // A page left open past its lifetime: the form comes back once, choices kept, with a fresh
    // key; one more tap stores it.
    let secret = sipas::db::server_secret::form_keys(&app.db).await.unwrap();
    let keys = sipas::domain::form_key::FormKeys::new(&secret);
    let long_ago = time::OffsetDateTime::now_utc()
        - time::Duration::try_from(sipas::domain::form_key::LIFETIME).unwrap()
        - time::Duration::minutes(1);
    let old = keys.issue(a.id, long_ago).unwrap();
    let expired = app
        .post_form(
            &app.survey_url(&a),
            format!("k={}&v={v}&q1=2&q2=3", old.as_str()),
        )
        .await;
    assert_eq!(expired.status(), 422);
    let page = expired.text().await.unwrap();
    assert!(page.contains("đã mở quá lâu"), "{page}");
    assert!(page.contains("checked"));
    let fresh = hidden_value(&page, "k");
    assert_ne!(fresh, old.as_str());
    assert_eq!(app.responses().await, 1);
    let again = app
        .post_form(&app.survey_url(&a), format!("k={fresh}&v={v}&q1=2&q2=3"))
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(app.responses().await, 2);
    // That tap at once is the person's, who read long ago: counted, not "too quick".
    assert_eq!(
        app.rows("SELECT status FROM response ORDER BY id DESC LIMIT 1")
            .await,
        ["counted"]
    );
}

#[tokio::test]
async fn flagged_posts_do_not_use_up_an_address_share() {
    let app = spawn_app_with(|config| {
        config.behind_proxy = true;
        config.guards.min_answer_time = std::time::Duration::ZERO;
    })
    .await;
    let counter = app.counter("sipas-quick").await;
    // One phone sends 30 times (29 repeats, flagged) from the service point's Wi-Fi ...
    let noisy = "f".repeat(64);
    for _ in 0..30 {
        let (_, body) = open_from(&app, &counter, "10.1.1.1", Some(&noisy)).await;
        post_from(&app, &counter, "10.1.1.1", Some(&noisy), &body).await;
    }
    // ... and the next 20 citizens on that Wi-Fi are all counted.
    for n in 0..20 {
        let cookie = format!("{:064x}", 5000 + n);
        let (_, body) = open_from(&app, &counter, "10.1.1.1", Some(&cookie)).await;
        let (status, _) = post_from(&app, &counter, "10.1.1.1", Some(&cookie), &body).await;
        assert_eq!(status, 303);
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM response WHERE status = 'counted'")
            .await,
        21
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
    let back = format!("/s/{}", counter.token);
    assert!(html.contains(&format!(
        r#"<a class="privacy" href="/privacy?lang=vi&amp;back={back}">Chúng tôi lưu gì</a>"#
    )));
    let page = app.page(&format!("{}/privacy?lang=vi", app.address)).await;
    assert!(page.contains("Không lưu địa chỉ IP"));
    assert!(!page.contains("Quay lại phiếu đánh giá"));
    // Opened from the survey, it links back there; anything but a survey's path is ignored.
    let page = app
        .page(&format!("{}/privacy?lang=vi&back={back}", app.address))
        .await;
    assert!(page.contains(&format!(
        r#"<a class="back" href="{back}?lang=vi">← Quay lại phiếu đánh giá</a>"#
    )));
    for elsewhere in [
        "https://evil.example/x",
        "/admin",
        "//evil.example",
        "/s/short",
    ] {
        let page = app
            .page(&format!("{}/privacy?lang=vi&back={elsewhere}", app.address))
            .await;
        assert!(!page.contains("Quay lại phiếu đánh giá"), "{elsewhere}");
    }
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
            "SELECT COALESCE(device_hash, '') || '|' || COALESCE(source_hash, '') || '|' || channel \
             || '|' || COALESCE(comment, '') || '|' || idempotency_key FROM response",
        )
        .await;
    assert!(
        !row[0].contains("127.0.0.1") && !row[0].contains("reqwest"),
        "{row:?}"
    );
}
