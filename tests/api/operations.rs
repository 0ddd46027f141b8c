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
