//! The only place that knows sea-orm: connections, entities, queries and transactions.
//! Query functions take a connection or a transaction and return domain types.
//!
//! SQLite has a single writer: writes go through a pool of exactly one connection (no lock
//! contention, the best tail latency), reads through a separate pool. On PostgreSQL both handles
//! are the same pool.

pub mod accounts;
mod answer_list;
pub mod api_tokens;
pub mod comments;
pub mod counter_activity;
pub mod counters;
pub mod device_salt;
mod entities;
pub mod figures;
pub mod group_commit;
pub mod kiosks;
pub mod moderation;
pub mod public_notes;
pub mod questionnaires;
pub mod raw;
pub mod responses;
pub mod server_secret;
pub mod signoffs;
pub mod tallies;
mod tally_updates;
pub mod thanks_comment;
pub mod unit_contact;
pub mod units;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use crate::domain::invalid::Invalid;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, SqlErr, TransactionTrait,
};

/// Errors of the database layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A named thing does not exist (a unit code, a counter id, …): said to the person.
    #[error("{0}")]
    NotFound(Invalid),
    /// A unique value is already taken, or a change is not allowed: said to the person.
    #[error("{0}")]
    Conflict(Invalid),
    /// The write could not be made now (the writer is stopped, busy past its wait, or the
    /// database cannot commit); nothing was stored.
    #[error("cannot store now: {0}")]
    Unavailable(String),
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
    /// SQLite only: the most pages the writer may give the file (0: no limit). A fault drill:
    /// it makes the database behave as on a full disk (see [`Db::limit_pages`]).
    page_limit: Arc<AtomicU32>,
    /// Bumped by every change to what the survey pages read (counters, units, questionnaire
    /// versions), so that a cache of them knows to forget (see [`Db::changes`]).
    changes: Arc<AtomicU64>,
}

impl Db {
    /// Connects to `url`: `sqlite://FILE?mode=rwc` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, DbErr> {
        let page_limit = Arc::new(AtomicU32::new(0));
        if url.starts_with("sqlite:") {
            let writer = sqlite_pool(url, 1, Some(page_limit.clone())).await?;
            // An in-memory database exists once per connection: readers must share the writer.
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let reader = if in_memory {
                writer.clone()
            } else {
                sqlite_pool(url, 4, None).await?
            };
            Ok(Db {
                writer,
                reader,
                page_limit,
                changes: Arc::default(),
            })
        } else {
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(16)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false)
                .map_sqlx_postgres_pool_opts(|pool| {
                    pool.after_release(|conn, _| Box::pin(release_only_if_clean(conn)))
                });
            let pool = Database::connect(options).await?;
            Ok(Db {
                writer: pool.clone(),
                reader: pool,
                page_limit,
                changes: Arc::default(),
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

    /// A fault drill for tests (SQLite only): from now on the database file may hold at most
    /// `pages` pages, so that writes fail as on a full disk; `None` gives the room back. It holds
    /// for the writer connection open now and for any that replaces it.
    pub async fn limit_pages(&self, pages: Option<u32>) -> Result<(), DbErr> {
        self.page_limit.store(pages.unwrap_or(0), Ordering::SeqCst);
        self.writer
            .execute_unprepared(&format!(
                "PRAGMA max_page_count = {}",
                pages.unwrap_or(NO_PAGE_LIMIT)
            ))
            .await
            .map(|_| ())
    }

    /// Writes a row and deletes it in one committed transaction: whether the database takes
    /// writes now. Readiness asks this after a commit has failed, so that the server finds out
    /// by itself when a full disk has room again or a lost connection is back.
    pub async fn probe_write(&self) -> Result<(), DbErr> {
        let txn = self.writer.begin().await?;
        // On SQLite, a write can fit in pages freed earlier (the last probe's own) while a real
        // batch, touching many tables, needs new ones: the probe asks for every free page plus
        // 16 more (a busy batch's worth), so that its success means room to grow. The pages it
        // frees again are then room for the next responses.
        let bytes = if txn.get_database_backend() == sea_orm::DbBackend::Sqlite {
            let pragma = |name: &str| {
                let sql = format!("PRAGMA {name}");
                let txn = &txn;
                async move {
                    let row = txn
                        .query_one_raw(sea_orm::Statement::from_string(
                            sea_orm::DbBackend::Sqlite,
                            sql,
                        ))
                        .await?;
                    row.map_or(Ok::<i64, DbErr>(0), |r| r.try_get_by_index::<i64>(0))
                }
            };
            let free = pragma("freelist_count").await?.clamp(0, 4096);
            let page = pragma("page_size").await?.clamp(512, 65_536);
            usize::try_from((free + 16) * page).unwrap_or(64 * 1024)
        } else {
            64 * 1024
        };
        let filler = "0".repeat(bytes);
        txn.execute_unprepared(&format!(
            "INSERT INTO write_probe (id, filler) VALUES (1, '{filler}')"
        ))
        .await?;
        txn.execute_unprepared("DELETE FROM write_probe WHERE id = 1")
            .await?;
        txn.commit().await
    }

    /// How many changes to counters, units or questionnaire versions this process has
    /// committed: a cache of them compares it with the count it last saw. (Another process's
    /// changes are not counted: such a cache also ages its entries.)
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::Acquire)
    }

    /// Called by this module's functions after committing a change the survey pages can see.
    fn note_change(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    pub fn is_sqlite(&self) -> bool {
        self.writer.get_database_backend() == sea_orm::DbBackend::Sqlite
    }

    /// A consistent copy of a SQLite database into a new file at `path`, taken while the server
    /// runs: `VACUUM INTO` reads one snapshot and writes a compact file.
    pub async fn snapshot_sqlite(&self, path: &str) -> Result<(), DbErr> {
        // The path is a literal of VACUUM INTO: quotes doubled.
        self.reader
            .execute_unprepared(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))
            .await
            .map(|_| ())
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.reader.close().await?;
        self.writer.close().await
    }
}

/// `&Db` as a connection: statements that read go to the reader, any other to the writer. So a
/// handler passes `&state.db` to a query function and never picks a pool. Writes that belong
/// together are made by this module's functions, in a transaction they open on the writer.
#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> sea_orm::DbBackend {
        self.reader.get_database_backend()
    }

    async fn execute_raw(&self, stmt: sea_orm::Statement) -> Result<sea_orm::ExecResult, DbErr> {
        self.writer.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, DbErr> {
        self.writer.execute_unprepared(sql).await
    }

    async fn query_one_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Option<sea_orm::QueryResult>, DbErr> {
        self.reader.query_one_raw(stmt).await
    }

    async fn query_all_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
        self.reader.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.reader.support_returning()
    }
}

/// A SQLite pool whose commits survive a power cut: WAL with `synchronous = FULL` syncs the log
/// at every commit. The busy timeout lets a second process (a CLI command beside the server)
/// wait for the writer instead of failing at once.
///
/// `page_limit`, on the writer, carries the fault drill of [`Db::limit_pages`] to every new
/// connection.
async fn sqlite_pool(
    url: &str,
    connections: u32,
    page_limit: Option<Arc<AtomicU32>>,
) -> Result<DatabaseConnection, DbErr> {
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
        })
        .map_sqlx_sqlite_pool_opts(move |pool| {
            let page_limit = page_limit.clone();
            pool.after_release(|conn, _| Box::pin(release_only_if_clean(conn)))
                .after_connect(move |conn, _| {
                    let pages = page_limit
                        .as_ref()
                        .map_or(0, |limit| limit.load(Ordering::SeqCst));
                    Box::pin(async move {
                        if pages > 0 {
                            use sea_orm::sqlx::Executor;
                            conn.execute(sea_orm::sqlx::AssertSqlSafe(format!(
                                "PRAGMA max_page_count = {pages}"
                            )))
                            .await?;
                        }
                        Ok(())
                    })
                })
        });
    Database::connect(options).await
}

/// SQLite's largest page limit: what "no limit" sets back.
const NO_PAGE_LIMIT: u32 = 4_294_967_294;

/// Whether a connection handed back to its pool may be used again. One still inside a
/// transaction is not: its COMMIT or ROLLBACK failed (a full disk, a killed backend), and the
/// next BEGIN on it would only open a savepoint inside a transaction that never commits, so
/// that later "commits" would store nothing. It is closed, and the pool opens a fresh one.
/// The ping first runs any rollback that a dropped transaction queued on the connection.
async fn release_only_if_clean<C: sea_orm::sqlx::Connection>(
    conn: &mut C,
) -> Result<bool, sea_orm::sqlx::Error> {
    conn.ping().await?;
    let clean = !conn.is_in_transaction();
    if !clean {
        tracing::warn!("a database connection was left inside a transaction; replacing it");
    }
    Ok(clean)
}
