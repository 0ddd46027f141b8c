//! `spawn_app()`: a migrated fresh database, the real server on a free port, and helpers to
//! read what was stored with plain SQL (independent of the code under test).

use std::process::Output;

use reqwest::{Client, Response, redirect::Policy};
use sea_orm::{ConnectionTrait, Database, Statement};
use sipas::config::Config;
use sipas::db::{Db, accounts, counters, counters::CounterInfo, units};
use sipas::domain::account::{Role, Username};
use sipas::domain::{Name, UnitCode, UnitKind};
use sipas::startup::Application;
use tempfile::TempDir;

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub database_url: String,
    /// The test's own connections.
    pub db: Db,
    /// The server's own handles, for fault drills on its writer connection.
    pub server_db: Db,
    /// The server's submission writer, for its fault drill.
    pub server_writer: sipas::db::group_commit::GroupWriter,
    pub client: Client,
    /// The test's database, removed when the test ends.
    _scratch: Scratch,
}

/// A test's own database: a SQLite file in a directory deleted with it, or a PostgreSQL
/// database dropped with it (connections still open to it, the server's, are ended).
pub enum Scratch {
    /// Deleted, with the file, when dropped.
    Sqlite {
        _dir: TempDir,
    },
    Postgres {
        server: String,
        name: String,
    },
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let Scratch::Postgres { server, name } = self else {
            return;
        };
        let (admin, drop) = (
            format!("{server}/postgres"),
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
        // Drop runs inside the test's runtime, which cannot be blocked on: a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|err| err.to_string())?;
            runtime.block_on(async {
                let admin = Database::connect(admin).await.map_err(|e| e.to_string())?;
                admin
                    .execute_unprepared(&drop)
                    .await
                    .map_err(|e| e.to_string())?;
                admin.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {name}: {dropped:?}");
        }
    }
}

/// Creates an empty database: a SQLite file in a fresh directory, or a new PostgreSQL database.
pub async fn fresh_database() -> (String, Scratch) {
    match std::env::var("SIPAS_TEST_POSTGRES_URL") {
        Ok(server) => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!(
                "sipas_test_{}",
                sipas::domain::CounterToken::generate()
                    .unwrap()
                    .as_str()
                    .to_ascii_lowercase()
                    .replace(['-', '_'], "x")
            );
            let admin = Database::connect(format!("{server}/postgres"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            admin.close().await.unwrap();
            (
                format!("{server}/{name}"),
                Scratch::Postgres { server, name },
            )
        }
        Err(_) => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("sipas.db").display()
            );
            (url, Scratch::Sqlite { _dir: dir })
        }
    }
}

/// Tests post a form the moment its page arrives, which the "too quick" guard would flag;
/// `spawn_app` switches that one rule off, and the guards' own tests switch it on again.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|config| config.guards.min_answer_time = std::time::Duration::ZERO).await
}

/// `spawn_app` with settings changed by `configure` first.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let (database_url, dir) = fresh_database().await;
    let mut config =
        Config::new(database_url.clone(), "127.0.0.1:0".parse().unwrap(), None).unwrap();
    configure(&mut config);
    let app = Application::build(&config).await.unwrap();
    let address = format!("http://{}", app.local_addr().unwrap());
    let server_db = app.db().clone();
    let server_writer = app.submissions().clone();
    tokio::spawn(app.run_until_stopped());
    let db = Db::connect(&database_url).await.unwrap();
    let client = Client::builder().redirect(Policy::none()).build().unwrap();
    TestApp {
        address,
        database_url,
        db,
        server_db,
        server_writer,
        client,
        _scratch: dir,
    }
}

impl TestApp {
    /// A unit under `parent` (a province when `None`).
    pub async fn unit(&self, code: &str, name: &str, kind: UnitKind, parent: Option<&str>) {
        units::create(
            &self.db,
            &units::NewUnit {
                code: UnitCode::parse(code).unwrap(),
                name: Name::parse(name).unwrap(),
                kind,
                parent: parent.map(|p| UnitCode::parse(p).unwrap()),
            },
            "test",
        )
        .await
        .unwrap();
    }

    /// A counter of `unit` showing `questionnaire`.
    pub async fn counter_of(&self, unit: &str, name: &str, questionnaire: &str) -> CounterInfo {
        self.counter_of_at(unit, name, questionnaire, time::OffsetDateTime::now_utc())
            .await
    }

    /// A counter of `unit` showing `questionnaire`, added at `at`.
    pub async fn counter_of_at(
        &self,
        unit: &str,
        name: &str,
        questionnaire: &str,
        at: time::OffsetDateTime,
    ) -> CounterInfo {
        counters::create(
            &self.db,
            &UnitCode::parse(unit).unwrap(),
            &Name::parse(name).unwrap(),
            questionnaire,
            "test",
            at,
        )
        .await
        .unwrap()
    }

    /// A province, a service point under it, and a counter showing `questionnaire`.
    pub async fn counter(&self, questionnaire: &str) -> CounterInfo {
        let province = UnitCode::parse("T01").unwrap();
        if units::find_by_code(&self.db, &province)
            .await
            .unwrap()
            .is_none()
        {
            self.unit("T01", "Tỉnh Thử Nghiệm", UnitKind::Province, None)
                .await;
            let point = "Trung tâm Phục vụ hành chính công xã Hòa Lạc";
            self.unit("T01.TT", point, UnitKind::ServicePoint, Some("T01"))
                .await;
        }
        self.counter_of("T01.TT", "Quầy số 2 – Hộ tịch", questionnaire)
            .await
    }

    /// A province outside the test province `T01`, for scope checks.
    pub async fn other_province(&self) {
        self.unit("KHAC", "Tỉnh Khác", UnitKind::Province, None)
            .await;
    }

    /// `GET path` as the staff member whose session cookie is `session`.
    pub async fn staff_get(&self, session: &str, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("cookie", format!("sipas_session={session}"))
            .send()
            .await
            .unwrap()
    }

    pub fn survey_url(&self, counter: &CounterInfo) -> String {
        format!("{}/s/{}", self.address, counter.token)
    }

    pub async fn get(&self, url: &str) -> Response {
        self.client.get(url).send().await.unwrap()
    }

    /// The body of a page fetched with one extra request header (e.g. `accept-language`).
    pub async fn page_with(&self, url: &str, header: &str, value: &str) -> String {
        let response = self
            .client
            .get(url)
            .header(header, value)
            .send()
            .await
            .unwrap();
        response.text().await.unwrap()
    }

    /// `GET url` until it answers `status`: a change made by another process (the command line)
    /// reaches the survey pages' cache within `sipas::http::SURVEY_CACHE_FRESH_FOR`.
    pub async fn get_until(&self, url: &str, status: u16) -> Response {
        let deadline = std::time::Instant::now()
            + sipas::http::SURVEY_CACHE_FRESH_FOR
            + std::time::Duration::from_secs(2);
        loop {
            let response = self.get(url).await;
            if response.status() == status || std::time::Instant::now() > deadline {
                return response;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    pub async fn page(&self, url: &str) -> String {
        self.get(url).await.text().await.unwrap()
    }

    pub async fn post_form(&self, url: &str, body: impl Into<String>) -> Response {
        self.client
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.into())
            .send()
            .await
            .unwrap()
    }

    /// Opens the survey and returns its page and hidden fields `(html, k, v)`.
    pub async fn open_survey(&self, counter: &CounterInfo) -> (String, String, String) {
        let response = self.get(&self.survey_url(counter)).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        let k = hidden_value(&html, "k");
        let v = hidden_value(&html, "v");
        (html, k, v)
    }

    /// One integer from a SQL query (counts, sums).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let backend = self.db.reader.get_database_backend();
        let row = self
            .db
            .reader
            .query_one_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .unwrap()
            .unwrap();
        // PostgreSQL types integers strictly (INT2/INT4/INT8); SQLite has one integer type.
        row.try_get_by_index::<Option<i64>>(0)
            .or_else(|_| {
                row.try_get_by_index::<Option<i32>>(0)
                    .map(|v| v.map(i64::from))
            })
            .or_else(|_| {
                row.try_get_by_index::<Option<i16>>(0)
                    .map(|v| v.map(i64::from))
            })
            .unwrap()
            .unwrap_or(0)
    }

    /// Runs a statement on the writer, as an operator (or a fault) might.
    pub async fn execute(&self, sql: &str) {
        self.db.writer.execute_unprepared(sql).await.unwrap();
    }

    pub async fn responses(&self) -> i64 {
        self.scalar("SELECT COUNT(*) FROM response").await
    }

    pub async fn answers(&self) -> i64 {
        self.scalar("SELECT COUNT(*) FROM answer").await
    }

    /// The first column of every row, as text: queries build it with `||` so that the same
    /// comparison holds on SQLite and PostgreSQL.
    pub async fn rows(&self, sql: &str) -> Vec<String> {
        let backend = self.db.reader.get_database_backend();
        let rows = self
            .db
            .reader
            .query_all_raw(Statement::from_string(backend, sql.to_owned()))
            .await
            .unwrap();
        rows.iter()
            .map(|row| row.try_get_by_index::<String>(0).unwrap())
            .collect()
    }

    /// The counter's QR code as the printed PNG, written by the real `sipas counter qr`.
    pub fn counter_png(&self, counter_id: i32) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("quay.png");
        let id = counter_id.to_string();
        let path = png.to_str().unwrap();
        let output = self.sipas(&[
            "counter",
            "qr",
            "--counter",
            &id,
            "--format",
            "png",
            "-o",
            path,
        ]);
        assert!(output.status.success(), "sipas counter qr: {output:?}");
        std::fs::read(&png).unwrap()
    }

    /// Runs the real `sipas` binary against this test's database.
    pub fn sipas(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_sipas"))
            .arg("--database-url")
            .arg(&self.database_url)
            .arg("--public-url")
            .arg(&self.address)
            .args(args)
            .output()
            .unwrap()
    }
}

/// A staff account with a known password, made directly in the database; returns the password.
pub async fn account(app: &TestApp, name: &str, role: Role, unit: Option<&str>) -> String {
    let password = format!("mật-khẩu-{name}-đủ-dài");
    let hash = sipas::auth::hash_password(&password).unwrap();
    let unit = unit.map(|u| UnitCode::parse(u).unwrap());
    accounts::create(
        &app.db,
        &Username::parse(name).unwrap(),
        &hash,
        role,
        unit.as_ref(),
        "test",
    )
    .await
    .unwrap();
    password
}

/// The value of `<input type="hidden" name="NAME" value="…">` in a page of ours.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name}"))
        + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

// Staff sign-in: the login form, its double-submit token, the session cookie.

/// The value of a `Set-Cookie` for `name`, if the response sets it.
pub(crate) fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

pub(crate) fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

/// Opens the login form and posts it; returns the response of the post.
pub(crate) async fn login(app: &TestApp, username: &str, password: &str) -> Response {
    login_from(app, username, password, "127.0.0.1").await
}

/// Opens the login form; returns its token (cookie and hidden field alike).
pub(crate) async fn login_form(app: &TestApp) -> String {
    let form = app.get(&format!("{}/admin/login", app.address)).await;
    assert_eq!(form.status(), 200);
    let token = cookie_value(&set_cookie(&form, "sipas_login").unwrap());
    let html = form.text().await.unwrap();
    assert_eq!(hidden_value(&html, "csrf"), token);
    token
}

/// `login` from `address`, as a reverse proxy would say it (`X-Forwarded-For`).
pub(crate) async fn login_from(
    app: &TestApp,
    username: &str,
    password: &str,
    address: &str,
) -> Response {
    let token = login_form(app).await;
    post_login(app, &token, username, password, address).await
}

pub(crate) async fn post_login(
    app: &TestApp,
    token: &str,
    username: &str,
    password: &str,
    address: &str,
) -> Response {
    app.client
        .post(format!("{}/admin/login", app.address))
        .header("x-forwarded-for", address)
        .header("cookie", format!("sipas_login={token}"))
        .form(&[
            ("username", username),
            ("password", password),
            ("csrf", token),
            ("lang", "vi"),
        ])
        .send()
        .await
        .unwrap()
}

/// Signs in and returns the session cookie's value.
pub(crate) async fn session(app: &TestApp, username: &str, password: &str) -> String {
    let response = login(app, username, password).await;
    assert_eq!(response.status(), 303);
    cookie_value(&set_cookie(&response, "sipas_session").unwrap())
}

/// Posts a form with a staff session's cookie.
pub(crate) async fn post_staff_form(
    app: &TestApp,
    session: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .header("cookie", format!("sipas_session={session}"))
        .form(fields)
        .send()
        .await
        .unwrap()
}
