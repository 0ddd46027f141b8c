//! The command line on a real database: units, import, counters, demo, verify, help.

use crate::helpers::{spawn_app, stdout};

#[tokio::test]
async fn units_form_a_tree_with_materialised_paths() {
    let app = spawn_app().await;
    let add = |args: &[&str]| {
        let mut all = vec!["unit", "add"];
        all.extend_from_slice(args);
        app.sipas(&all)
    };
    assert!(
        add(&["--code", "HN", "--name", "Thành phố Hà Nội"])
            .status
            .success()
    );
    assert!(
        add(&[
            "--code",
            "HN.HK",
            "--name",
            "Phường Hoàn Kiếm",
            "--parent",
            "HN",
            "--kind",
            "commune"
        ])
        .status
        .success()
    );
    assert!(
        add(&[
            "--code",
            "HN.HK.TT",
            "--name",
            "Trung tâm PVHCC phường Hoàn Kiếm",
            "--parent",
            "HN.HK"
        ])
        .status
        .success()
    );

    // A duplicate code, an unknown parent, a bad kind: refused with a Vietnamese message.
    let output = add(&["--code", "HN", "--name", "Trùng mã"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("mã đơn vị «HN» đã có"));
    let output = add(&["--code", "X", "--name", "Mồ côi", "--parent", "NOPE"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("không có đơn vị cha mã «NOPE»"));
    let output = add(&["--code", "Y", "--name", "Sai loại", "--kind", "ward"]);
    assert!(!output.status.success());

    let rows = app
        .rows("SELECT code || ' ' || kind || ' ' || path FROM unit ORDER BY id")
        .await;
    let ids: Vec<i64> = [
        app.scalar("SELECT id FROM unit WHERE code = 'HN'").await,
        app.scalar("SELECT id FROM unit WHERE code = 'HN.HK'").await,
        app.scalar("SELECT id FROM unit WHERE code = 'HN.HK.TT'")
            .await,
    ]
    .into();
    assert_eq!(
        rows,
        [
            format!("HN province /{}/", ids[0]),
            format!("HN.HK commune /{}/{}/", ids[0], ids[1]),
            format!("HN.HK.TT service_point /{}/{}/{}/", ids[0], ids[1], ids[2]),
        ]
    );
}

#[tokio::test]
async fn unit_import_keeps_good_lines_and_reports_rejected_ones() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("units.csv");
    std::fs::write(
        &csv,
        "\u{feff}code,name,parent_code,kind\n\
         DN,Thành phố Đà Nẵng,,province\n\
         DN.HC,Phường Hải Châu,DN,commune\n\
         DN.HC.TT,\"Trung tâm PVHCC phường Hải Châu, Đà Nẵng\",DN.HC,service_point\n\
         DN.BAD,Đơn vị lạc,KHONGCO,commune\n\
         DN.HC,Trùng mã,DN,commune\n\
         ,Không mã,DN,commune\n",
    )
    .unwrap();
    let output = app.sipas(&["unit", "import", csv.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("Dòng 5 bị từ chối"), "{text}");
    assert!(text.contains("Dòng 6 bị từ chối"), "{text}");
    assert!(text.contains("Dòng 7 bị từ chối"), "{text}");
    assert!(text.contains("Đã nhập 3 đơn vị, từ chối 3 dòng"), "{text}");
    let names = app.rows("SELECT name FROM unit ORDER BY id").await;
    assert_eq!(
        names,
        [
            "Thành phố Đà Nẵng",
            "Phường Hải Châu",
            "Trung tâm PVHCC phường Hải Châu, Đà Nẵng"
        ]
    );
}

#[tokio::test]
async fn counter_add_prints_a_survey_url_that_works() {
    let app = spawn_app().await;
    assert!(
        app.sipas(&["unit", "add", "--code", "P", "--name", "Tỉnh P"])
            .status
            .success()
    );
    assert!(
        app.sipas(&[
            "unit",
            "add",
            "--code",
            "P.TT",
            "--name",
            "Trung tâm P",
            "--parent",
            "P"
        ])
        .status
        .success()
    );
    let output = app.sipas(&[
        "counter",
        "add",
        "--unit",
        "P.TT",
        "--name",
        "Quầy 1",
        "--questionnaire",
        "sipas-full",
    ]);
    assert!(output.status.success(), "{output:?}");
    let url = stdout(&output).lines().last().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/s/", app.address)));
    let token = url.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 16);
    let response = app.get(&url).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Phiếu khảo sát mức độ hài lòng về sự phục vụ hành chính")
    );

    let output = app.sipas(&[
        "counter",
        "add",
        "--unit",
        "P.TT",
        "--name",
        "Quầy 2",
        "--questionnaire",
        "nope",
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("không có bộ câu hỏi «nope»"));
}

#[tokio::test]
async fn demo_seeds_a_province_with_responses_and_prints_urls() {
    let app = spawn_app().await;
    let output = app.sipas(&["demo", "--weeks", "2"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.contains("Tỉnh An Bình"));
    let urls: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.contains("/s/"))
        .collect();
    assert_eq!(urls.len(), 12);
    assert_eq!(app.get(urls[0]).await.status(), 200);

    assert!(app.scalar("SELECT COUNT(*) FROM unit").await >= 10);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM counter").await, 12);
    let responses = app.responses().await;
    assert!(responses > 1000, "{responses} responses");
    // Several weeks: responses spread over at least ten distinct local days.
    assert!(
        app.scalar("SELECT COUNT(DISTINCT local_day) FROM response")
            .await
            >= 10
    );
    assert!(app.sipas(&["verify"]).status.success());
    // Nothing lies in the future: the weeks of responses end now.
    let now = time::OffsetDateTime::now_utc();
    let ids: Vec<i32> = (1..=12).collect();
    let seen = sipas::db::counter_activity::activity(&app.db, &ids, now.date())
        .await
        .unwrap();
    assert_eq!(seen.len(), 12);
    assert!(
        seen.values()
            .all(|a| a.last.is_some_and(|last| last <= now))
    );

    // Running it again changes nothing and prints the URLs again.
    let again = app.sipas(&["demo"]);
    assert!(again.status.success());
    assert!(stdout(&again).contains("đã có"));
    assert_eq!(app.responses().await, responses);
}

#[tokio::test]
async fn help_explains_every_command_and_option() {
    let app = spawn_app().await;
    let help = stdout(&app.sipas(&["--help"]));
    for word in [
        "serve",
        "migrate",
        "unit",
        "counter",
        "demo",
        "verify",
        "SIPAS_DATABASE_URL",
        "SIPAS_BIND",
        "SIPAS_PUBLIC_URL",
    ] {
        assert!(help.contains(word), "--help lacks {word}");
    }
    let help = stdout(&app.sipas(&["counter", "qr", "--help"]));
    for word in ["--counter", "--unit", "--format", "--size", "poster", "a6"] {
        assert!(help.contains(word), "counter qr --help lacks {word}");
    }
}

#[tokio::test]
async fn commits_are_durable() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = spawn_app().await;
    let writer = &app.db.writer;
    let backend = writer.get_database_backend();
    let setting = |sql: &str| {
        let sql = sql.to_owned();
        async move {
            let row = writer
                .query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|v| v.to_string()))
                .unwrap()
        }
    };
    match backend {
        DbBackend::Sqlite => {
            assert_eq!(setting("PRAGMA journal_mode").await, "wal");
            // 2 = FULL: the WAL is synced at every commit, so a power cut loses nothing acknowledged.
            assert_eq!(setting("PRAGMA synchronous").await, "2");
            assert_eq!(setting("PRAGMA foreign_keys").await, "1");
            assert_eq!(setting("PRAGMA busy_timeout").await, "5000");
        }
        _ => {
            assert_eq!(setting("SHOW synchronous_commit").await, "on");
            assert_eq!(setting("SHOW fsync").await, "on");
        }
    }
}

#[tokio::test]
async fn the_binary_serves_from_environment_settings_and_stops_on_sigterm() {
    let (database_url, _dir) = crate::helpers::fresh_database().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_sipas"))
        .env("SIPAS_DATABASE_URL", &database_url)
        .env("SIPAS_BIND", format!("127.0.0.1:{port}"))
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // On a database without accounts, serving first creates `admin` and prints its password.
    let stdout = server.stdout.take().unwrap();
    let (sender, printed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = sender.send(line);
        }
    });
    let client = reqwest::Client::new();
    let health = format!("http://127.0.0.1:{port}/healthz");
    let mut up = false;
    for _ in 0..100 {
        if let Ok(response) = client.get(&health).send().await {
            up = response.status() == 200;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server did not come up on port {port}");
    // The server migrated the database it was given: the seeded questionnaires are there.
    let db = sipas::db::Db::connect(&database_url).await.unwrap();
    assert!(
        sipas::db::questionnaires::id_by_code(&db.reader, "sipas-quick")
            .await
            .unwrap()
            .is_some()
    );
    let lines: Vec<String> = (0..3)
        .map(|_| {
            printed
                .recv_timeout(std::time::Duration::from_secs(10))
                .unwrap()
        })
        .collect();
    assert!(
        lines[0].contains("đã tạo tài khoản quản trị «admin»"),
        "{lines:?}"
    );
    let password = lines[2].trim().to_owned();
    assert_eq!(password.chars().count(), 16);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = client
        .get(format!("http://127.0.0.1:{port}/admin/login"))
        .send()
        .await
        .unwrap();
    let token = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = token.split_once('=').unwrap().1.to_owned();
    let signed_in = client
        .post(format!("http://127.0.0.1:{port}/admin/login"))
        .header("cookie", &token)
        .form(&[
            ("username", "admin"),
            ("password", password.as_str()),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || server.wait().unwrap())
        .await
        .unwrap();
    assert!(exit.success(), "{exit:?}");
}
