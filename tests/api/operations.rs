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
