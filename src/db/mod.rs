//! The only place that knows sea-orm: connections, entities, queries and transactions.
//! Query functions take a connection or a transaction and return domain types.
//!
//! SQLite has a single writer: writes go through a pool of exactly one connection (no lock
//! contention, the best tail latency), reads through a separate pool. On PostgreSQL both handles
//! are the same pool.

pub mod accounts;
mod answer_list;
pub mod api_tokens;
pub mod counters;
pub mod device_salt;
mod entities;
pub mod figures;
pub mod group_commit;
pub mod moderation;
pub mod questionnaires;
pub mod raw;
pub mod responses;
pub mod tallies;
mod tally_updates;
pub mod units;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlErr};

/// Errors of the database layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A named thing does not exist (a unit code, a counter id, …).
    #[error("{0}")]
    NotFound(String),
    /// A unique value is already taken.
    #[error("{0}")]
    Conflict(String),
    #[error("no randomness available: {0}")]
    Random(#[from] getrandom::Error),
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// True when the error is a unique-constraint violation (mapped by callers to a 409/422 or to
/// "already stored").
pub(crate) fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Handles to the database: cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    /// Every transaction that writes.
    pub writer: DatabaseConnection,
    /// Reads that need not see a write in flight.
    pub reader: DatabaseConnection,
}

impl Db {
    /// Connects to `url`: `sqlite://FILE?mode=rwc` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, DbErr> {
        if url.starts_with("sqlite:") {
            let writer = sqlite_pool(url, 1).await?;
            // An in-memory database exists once per connection: readers must share the writer.
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let reader = if in_memory {
                writer.clone()
            } else {
                sqlite_pool(url, 4).await?
            };
            Ok(Db { writer, reader })
        } else {
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(16)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            let pool = Database::connect(options).await?;
            Ok(Db {
                writer: pool.clone(),
                reader: pool,
            })
        }
    }

    /// Applies pending migrations; they run at every start.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.writer, None).await
    }

    /// Readiness: the database answers, and every migration this build knows is applied (an
    /// instance must not serve a schema it does not expect).
    pub async fn ready(&self) -> Result<(), String> {
        let pending = Migrator::get_migration_with_status_read_only(&self.reader)
            .await
            .map_err(|err| format!("database unreachable: {err}"))?
            .into_iter()
            .filter(|m| m.status() == migration::MigrationStatus::Pending)
            .count();
        if pending == 0 {
            Ok(())
        } else {
            Err(format!("{pending} migration(s) pending"))
        }
    }

    /// (pool, connections open, connections in use) for `/metrics`; on PostgreSQL the two
    /// handles are one pool, reported once.
    pub fn pool_usage(&self) -> Vec<(&'static str, u32, u32)> {
        let usage = |size: u32, idle: usize| {
            (
                size,
                size.saturating_sub(u32::try_from(idle).unwrap_or(u32::MAX)),
            )
        };
        match self.writer.get_database_backend() {
            sea_orm::DbBackend::Sqlite => {
                let writer = self.writer.get_sqlite_connection_pool();
                let reader = self.reader.get_sqlite_connection_pool();
                let (w, wu) = usage(writer.size(), writer.num_idle());
                let (r, ru) = usage(reader.size(), reader.num_idle());
                vec![("writer", w, wu), ("reader", r, ru)]
            }
            sea_orm::DbBackend::Postgres => {
                let pool = self.writer.get_postgres_connection_pool();
                let (size, used) = usage(pool.size(), pool.num_idle());
                vec![("shared", size, used)]
            }
            _ => Vec::new(),
        }
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.reader.close().await?;
        self.writer.close().await
    }
}

/// A SQLite pool whose commits survive a power cut: WAL with `synchronous = FULL` syncs the log
/// at every commit. The busy timeout lets a second process (a CLI command beside the server)
/// wait for the writer instead of failing at once.
async fn sqlite_pool(url: &str, connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    Database::connect(options).await
}
