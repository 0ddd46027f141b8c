//! Assembles the server: database, migrations, router, listener; runs it until a signal.

use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::db::Db;
use crate::http::{AppState, FloodLimit, router};

pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects, migrates and binds. Binding port 0 picks a free port (tests do this); the
    /// address actually bound is [`Application::local_addr`].
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let db = Db::connect(&config.database_url).await.with_context(|| {
            format!("cannot open the database {}", redact(&config.database_url))
        })?;
        db.migrate().await.context("cannot migrate the database")?;
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let bound = listener.local_addr()?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"));
        let submissions = crate::db::group_commit::GroupWriter::spawn(db.clone(), config.guards);
        let form_keys = crate::db::server_secret::form_keys(&db)
            .await
            .context("cannot read the form-key secret")?;
        let state = AppState {
            submissions,
            db,
            public_url: public_url.into(),
            guards: config.guards,
            kiosk_return_seconds: config.kiosk_return_seconds,
            flood: std::sync::Arc::new(FloodLimit::new(config.guards.flood_per_minute)),
            device_salt: std::sync::Arc::default(),
            behind_proxy: config.behind_proxy,
            clock: config.clock.clone(),
            metrics: std::sync::Arc::default(),
            survey_cache: std::sync::Arc::default(),
            form_keys: std::sync::Arc::new(crate::domain::form_key::FormKeys::new(&form_keys)),
        };
        Ok(Application { listener, state })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// The survey submissions' writer (tests use its fault drill).
    pub fn submissions(&self) -> &crate::db::group_commit::GroupWriter {
        &self.state.submissions
    }

    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish (for a bounded
    /// time, see `serve`) before returning.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let db = self.state.db.clone();
        crate::serve::serve(self.listener, router(self.state), shutdown_signal()).await;
        db.close().await?;
        Ok(())
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://sipas.db?mode=rwc"),
            "sipas.db?mode=rwc".replace("sipas", "sqlite://sipas")
        );
    }
}
