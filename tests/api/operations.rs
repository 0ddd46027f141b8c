//! Health and readiness for load balancers and operators.

use migration::{Migrator, MigratorTrait};

use crate::helpers::spawn_app;

#[tokio::test]
async fn readiness_follows_the_database_schema() {
    let app = spawn_app().await;
    let health = app.get(&format!("{}/healthz", app.address)).await;
    assert_eq!(health.status(), 200);
    let ready = app.get(&format!("{}/readyz", app.address)).await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");

    // A schema one migration behind this build: not ready, though alive.
    Migrator::down(&app.db.writer, Some(1)).await.unwrap();
    assert_eq!(
        app.get(&format!("{}/readyz", app.address)).await.status(),
        503
    );
    assert_eq!(
        app.get(&format!("{}/healthz", app.address)).await.status(),
        200
    );
    Migrator::up(&app.db.writer, None).await.unwrap();
    assert_eq!(
        app.get(&format!("{}/readyz", app.address)).await.status(),
        200
    );
}

#[tokio::test]
async fn upgrading_fills_the_answer_list_of_earlier_responses() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    for answers in ["q1=5&q3=2", "q2=4&q4=1&q5=3"] {
        let (_, k, v) = app.open_survey(&counter).await;
        let body = format!("k={k}&v={v}&{answers}");
        assert_eq!(
            app.post_form(&app.survey_url(&counter), body)
                .await
                .status(),
            303
        );
    }
    let written = app.rows("SELECT answers FROM response ORDER BY id").await;
    // Back to the schema before the compact answer list (the sixth migration), and up again:
    // the migration fills the column from the answer rows, as the write path would have.
    let since_sixth = u32::try_from(Migrator::migrations().len() - 5).unwrap();
    Migrator::down(&app.db.writer, Some(since_sixth))
        .await
        .unwrap();
    Migrator::up(&app.db.writer, None).await.unwrap();
    assert_eq!(
        app.rows("SELECT answers FROM response ORDER BY id").await,
        written
    );
    assert_eq!(written.len(), 2);
    assert!(written.iter().all(|list| list.split(',').count() >= 2));
    assert!(app.sipas(&["verify"]).status.success());
}

#[tokio::test]
async fn purge_removes_old_comments_and_keeps_the_figures() {
    use sipas::db::{questionnaires, responses};
    use sipas::domain::{IdempotencyKey, Scale};
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let version = questionnaires::current_version(&app.db.reader, counter.questionnaire_id)
        .await
        .unwrap()
        .unwrap();
    let now = time::OffsetDateTime::now_utc();
    let batch: Vec<responses::NewResponse> = [100, 31, 29, 0]
        .into_iter()
        .map(|days_ago| responses::NewResponse {
            counter_id: counter.id,
            unit_id: counter.unit_id,
            version_id: version.id,
            submitted_at: now - time::Duration::days(days_ago),
            channel: responses::Channel::Qr,
            key: IdempotencyKey::generate().unwrap(),
            comment: Some(format!("Góp ý {days_ago} ngày trước, gọi 0912345678")),
            answers: vec![(version.questions[0].id, Scale::FivePoint.point(4).unwrap())],
        })
        .collect();
    responses::store_batch(&app.db, &batch).await.unwrap();
    let tallies = app
        .scalar("SELECT CAST(SUM(n4) AS BIGINT) FROM tally_daily")
        .await;

    let output = app.sipas(&["purge", "--comments-older-than", "30"]);
    assert!(output.status.success(), "{output:?}");
    assert!(crate::helpers::stdout(&output).contains("Đã xoá 2 góp ý"));
    assert_eq!(
        app.rows("SELECT COALESCE(comment, '–') FROM response ORDER BY id")
            .await,
        [
            "–",
            "–",
            "Góp ý 29 ngày trước, gọi 0912345678",
            "Góp ý 0 ngày trước, gọi 0912345678"
        ]
    );
    assert_eq!(app.responses().await, 4);
    assert_eq!(
        app.scalar("SELECT CAST(SUM(n4) AS BIGINT) FROM tally_daily")
            .await,
        tallies
    );
    assert_eq!(
        app.rows("SELECT action FROM audit_event WHERE action = 'comments purged'")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn a_backup_taken_while_serving_is_a_consistent_database() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sao-luu.db");
    if !app.database_url.starts_with("sqlite") {
        // PostgreSQL: the command points to pg_dump and does nothing.
        let output = app.sipas(&["backup", file.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump"));
        return;
    }
    let submit = |n: usize| {
        let app = &app;
        let counter = &counter;
        async move {
            for _ in 0..n {
                let (_, k, v) = app.open_survey(counter).await;
                let status = app
                    .post_form(&app.survey_url(counter), format!("k={k}&v={v}&q1=5&q2=4"))
                    .await
                    .status();
                assert_eq!(status, 303);
            }
        }
    };
    submit(20).await;
    // Submissions go on while the backup is taken.
    let (_, output) = tokio::join!(submit(20), async {
        let app = &app;
        let file = file.clone();
        let url = app.database_url.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_sipas"))
                .args(["--database-url", &url, "backup", file.to_str().unwrap()])
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    });
    assert!(output.status.success(), "{output:?}");
    // The copy opens as a sipas database whose tallies equal its raw answers.
    let copy = format!("sqlite://{}?mode=rw", file.display());
    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_sipas"))
        .args(["--database-url", &copy, "verify"])
        .output()
        .unwrap();
    assert!(verify.status.success(), "{verify:?}");
    let restored = sipas::db::Db::connect(&copy).await.unwrap();
    let in_copy = sipas::db::responses::count(&restored.reader).await.unwrap();
    assert!((20..=40).contains(&in_copy), "{in_copy}");
    // An existing file is never overwritten.
    let again = app.sipas(&["backup", file.to_str().unwrap()]);
    assert!(!again.status.success());
}

#[tokio::test]
async fn metrics_count_requests_submissions_and_connections() {
    let app = spawn_app().await;
    let counter = app.counter("sipas-quick").await;
    let (_, k, v) = app.open_survey(&counter).await;
    let url = app.survey_url(&counter);
    assert_eq!(
        app.post_form(&url, format!("k={k}&v={v}&q1=5"))
            .await
            .status(),
        303
    );
    // The same form again: acknowledged, not stored twice.
    assert_eq!(
        app.post_form(&url, format!("k={k}&v={v}&q1=5"))
            .await
            .status(),
        303
    );
    assert_eq!(app.post_form(&url, "q1=9").await.status(), 422);
    let response = app.get(&format!("{}/metrics", app.address)).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = response.text().await.unwrap();
    for line in [
        r#"sipas_http_requests_total{method="GET",route="/s/{token}",status="200"} 1"#,
        r#"sipas_http_requests_total{method="POST",route="/s/{token}",status="303"} 2"#,
        r#"sipas_http_requests_total{method="POST",route="/s/{token}",status="422"} 1"#,
        r#"sipas_submission_seconds_bucket{le="+Inf"} 3"#,
        "sipas_submission_seconds_count 3",
        "sipas_responses_stored_total 1",
        "# TYPE sipas_db_connections gauge",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
    // Routes are labelled by their template, never by a counter's token.
    assert!(!text.contains(counter.token.as_str()));
    assert!(text.contains("sipas_db_connections{pool="));
}
