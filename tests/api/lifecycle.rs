//! The real `sipas serve` process under faults: killed with SIGKILL while many clients submit,
//! then restarted (every acknowledged response is there exactly once, and the tallies equal the
//! raw answers); and stopped with SIGTERM while a request is half sent (it is finished, stored
//! and answered before the process exits).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::helpers::{TestApp, hidden_value, spawn_app};

/// A port that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `sipas serve` on the test's database; returns once it answers `/readyz`.
async fn serve(app: &TestApp, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_sipas"))
        .args(["--database-url", &app.database_url])
        .args(["--bind", &format!("127.0.0.1:{port}")])
        // The load comes from one address, as from one test machine, and posts each form the
        // moment its page arrives.
        .args(["--flood-per-minute", "1000000", "--per-address-hour", "0"])
        .args(["--min-answer-seconds", "0"])
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_ready(app, port).await;
    child
}

async fn wait_until_ready(app: &TestApp, port: u16) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let ready = app
            .client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await;
        if ready.is_ok_and(|r| r.status() == 200) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

/// Submits survey after survey until the server goes away; records the key of every response
/// acknowledged with 303.
async fn keep_submitting(survey: String, acknowledged: Arc<Mutex<Vec<String>>>) {
    // A new connection per request, as phones make them.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    loop {
        let Ok(page) = client.get(&survey).send().await else {
            return;
        };
        let Ok(html) = page.text().await else { return };
        let (k, v) = (hidden_value(&html, "k"), hidden_value(&html, "v"));
        let sent = client
            .post(&survey)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("k={k}&v={v}&q1=5&q2=4&q3=3"))
            .send()
            .await;
        match sent {
            Ok(response) if response.status() == 303 => acknowledged.lock().unwrap().push(k),
            Ok(response) => panic!("unexpected {}", response.status()),
            Err(_) => return,
        }
    }
}

#[tokio::test]
async fn nothing_acknowledged_is_lost_or_doubled_when_the_server_is_killed() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let port = free_port();
    let mut server = serve(&app, port).await;
    let survey = format!("http://127.0.0.1:{port}/s/{}", counter.token.as_str());

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..16)
        .map(|_| tokio::spawn(keep_submitting(survey.clone(), acknowledged.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 20,
        "only {} acknowledged",
        acknowledged.len()
    );

    let mut restarted = serve(&app, port).await;
    let stored = app.responses().await;
    let keys = app.rows("SELECT idempotency_key FROM response").await;
    let missing = acknowledged.iter().filter(|k| !keys.contains(k)).count();
    eprintln!(
        "killed mid-load: {} acknowledged, {stored} stored, {missing} acknowledged but missing",
        acknowledged.len()
    );
    assert_eq!(missing, 0);
    // Exactly once: no key twice (also a unique index), and sending an acknowledged form again
    // stores nothing new.
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len());
    let (_, _, v) = app.open_survey(&counter).await;
    let resend = app
        .client
        .post(&survey)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("k={}&v={v}&q1=5&q2=4&q3=3", acknowledged[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(resend.status(), 303);
    assert_eq!(app.responses().await, stored);
    let verify = app.sipas(&["verify"]);
    assert!(verify.status.success(), "{verify:?}");
    restarted.kill().unwrap();
    restarted.wait().unwrap();
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let port = free_port();
    let server = serve(&app, port).await;

    // Half a request: headers and the start of the body.
    let body = format!("k={k}&v={v}&q1=5&q2=4&comment=K%E1%BA%BFt+th%C3%BAc");
    let (head, tail) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST /s/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        counter.token.as_str(),
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    // New connections are soon no longer taken…
    let signalled = Instant::now();
    while app
        .client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .is_ok()
    {
        assert!(
            signalled.elapsed() < Duration::from_secs(5),
            "still taking connections"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // …but the request in flight is finished and answered.
    stream.write_all(tail.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert_eq!(
        app.rows("SELECT idempotency_key FROM response").await,
        std::slice::from_ref(&k)
    );

    let mut server = server;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn logs_can_be_json_lines() {
    let app = spawn_app().await;
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_sipas"))
        .args(["--database-url", &app.database_url])
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .args(["--log-format", "json"])
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_ready(&app, port).await;
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let logs = String::from_utf8(output.stderr).unwrap();
    let serving = logs
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|line| line["fields"]["message"] == "sipas is serving")
        .unwrap_or_else(|| panic!("no JSON line saying so in {logs}"));
    assert_eq!(serving["level"], "INFO");
    assert_eq!(
        serving["fields"]["address"],
        format!("127.0.0.1:{port}").as_str()
    );
}

#[tokio::test]
async fn two_instances_share_one_database() {
    use sipas::domain::account::Role;
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (port_a, port_b) = (free_port(), free_port());
    let mut a = serve(&app, port_a).await;
    let mut b = serve(&app, port_b).await;
    let base = |port: u16| format!("http://127.0.0.1:{port}");

    // Responses through both, and a form loaded from one but sent to the other.
    let survey = |port: u16| format!("{}/s/{}", base(port), counter.token.as_str());
    let mut keys = Vec::new();
    for i in 0..20 {
        let (from, to) = if i % 2 == 0 {
            (port_a, port_b)
        } else {
            (port_b, port_a)
        };
        let html = app
            .client
            .get(survey(from))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let (k, v) = (hidden_value(&html, "k"), hidden_value(&html, "v"));
        let body = format!("k={k}&v={v}&q1=5&q2=4");
        for port in [to, from] {
            // Sent twice, once to each: stored once.
            let status = app
                .client
                .post(survey(port))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone())
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 303);
        }
        keys.push(k);
    }
    assert_eq!(app.responses().await, 20);
    assert!(app.sipas(&["verify"]).status.success());

    // A session opened on one instance works on the other, and both show the same figures.
    let password = crate::helpers::account(&app, "quantri", Role::Admin, None).await;
    let form = app
        .client
        .get(format!("{}/admin/login", base(port_a)))
        .send()
        .await
        .unwrap();
    let login_cookie = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sipas_login="))
        .map(|v| v[..v.find(';').unwrap()].to_owned())
        .unwrap();
    let csrf = hidden_value(&form.text().await.unwrap(), "csrf");
    let signed_in = app
        .client
        .post(format!("{}/admin/login", base(port_a)))
        .header("cookie", login_cookie)
        .form(&[
            ("username", "quantri"),
            ("password", password.as_str()),
            ("csrf", csrf.as_str()),
            ("lang", "vi"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let session = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sipas_session="))
        .map(|v| v[..v.find(';').unwrap()].to_owned())
        .unwrap();
    let year = time::OffsetDateTime::now_utc()
        .to_offset(sipas::domain::local_day::VIETNAM)
        .year();
    let mut exports = Vec::new();
    for port in [port_a, port_b] {
        let csv = app
            .client
            .get(format!(
                "{}/admin/units/T01/export?format=csv&period={year}",
                base(port)
            ))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 200, "the session works on port {port}");
        let text = csv.text().await.unwrap();
        exports.push(
            text.lines()
                .filter(|l| !l.starts_with("Lập lúc"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    assert_eq!(exports[0], exports[1]);
    // 20 respondents, 40 valid answers, all satisfied: nothing counted twice.
    assert!(
        exports[0].contains(",T01,Toàn đơn vị: Tỉnh Thử Nghiệm,,20,40,100.00"),
        "{}",
        exports[0]
    );
    for child in [&mut a, &mut b] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// Reads from `stream` until the server closes it or `limit` passes; returns what came and how
/// long it took.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn half_a_header_is_let_go_after_the_header_time_limit() {
    let app = spawn_app().await;
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    let limit = sipas::serve::HEADER_TIMEOUT;
    let (_, took) = tokio::task::spawn_blocking(move || {
        read_until_closed(&mut stream, limit + Duration::from_secs(10))
    })
    .await
    .unwrap();
    assert!(
        took >= limit - Duration::from_millis(500) && took < limit + Duration::from_secs(5),
        "closed after {took:?}"
    );
}

#[tokio::test]
async fn a_body_that_stops_coming_is_let_go_and_stores_nothing() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let body = format!("k={k}&v={v}&q1=5&q2=4");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /s/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
        counter.token.as_str(),
        body.len(),
        &body[..10]
    )
    .unwrap();
    let idle = sipas::serve::BODY_IDLE;
    let (answer, took) = tokio::task::spawn_blocking(move || {
        read_until_closed(&mut stream, idle + Duration::from_secs(10))
    })
    .await
    .unwrap();
    assert!(took < idle + Duration::from_secs(5), "held for {took:?}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{answer}"
    );
    assert_eq!(app.responses().await, 0);
}

#[tokio::test]
async fn shutdown_waits_for_requests_in_flight_only_for_its_grace_period() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let port = free_port();
    let mut server = serve(&app, port).await;
    // A body that keeps trickling in, one byte every few seconds, for ever: in flight, alive,
    // never done.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /s/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nk",
        counter.token.as_str(),
    )
    .unwrap();
    let trickle = std::thread::spawn(move || {
        for _ in 0..30 {
            std::thread::sleep(Duration::from_secs(3));
            if stream.write_all(b"a").is_err() {
                return;
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let started = Instant::now();
    let grace = sipas::serve::SHUTDOWN_GRACE;
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < grace + Duration::from_secs(5),
            "still running {:?} after SIGTERM",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "{status:?}");
    assert!(
        started.elapsed() >= grace - Duration::from_secs(1),
        "the request in flight was not given its grace period: {:?}",
        started.elapsed()
    );
    trickle.join().unwrap();
}
