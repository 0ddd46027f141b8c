//! Group commit: one writer task takes the survey submissions that arrive together and stores
//! them in one transaction, so that many responses share one durable commit (one fsync) and one
//! statement per tally instead of paying them each. A reused idempotency key stores nothing
//! without disturbing the others (`ON CONFLICT DO NOTHING`); should anything else fail, the
//! batch is rolled back and each of its responses stored again on its own, so that one bad
//! response fails alone. Each request is answered only after the commit that holds its
//! response: nothing is acknowledged before it is durable.
//!
//! When the database cannot commit (a full disk, a killed PostgreSQL backend), every request of
//! the batch is told so and nothing of it is acknowledged; the connection that failed is
//! replaced (see `Db::connect`), the failure is counted, and readiness says "not ready" until a
//! commit succeeds again (see [`GroupWriter::state`]). No restart is needed.
//!
//! A submission that has waited [`QUEUE_WAIT`] without entering a batch, or whose request has
//! gone, is not stored at all: once a submission is in a batch, its request waits for the
//! commit's outcome, so that nobody is told "not saved" for a response that was saved.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sea_orm::TransactionTrait;
use tokio::sync::{mpsc, oneshot};

use super::responses::{self, NewResponse, Screening, Stored};
use super::{Db, Error, Result};
use crate::domain::guards::Guards;

/// The most responses one commit takes; more wait for the next one.
const MAX_BATCH: usize = 128;
/// Submissions waiting for the writer before senders wait too.
const QUEUE: usize = 4096;
/// Writer tasks on PostgreSQL. Their batches' tally rows are written in one key order, so two
/// of them never wait on each other in a cycle.
const POSTGRES_WRITERS: usize = 3;

/// The longest a submission waits for a place in a batch; past it, it is not stored and its
/// request is told so.
pub const QUEUE_WAIT: Duration = Duration::from_secs(10);

struct Job {
    new: NewResponse,
    screening: Screening,
    reply: oneshot::Sender<Result<Stored>>,
    /// Past this, the job is dropped unstored instead of joining a batch.
    deadline: Instant,
}

/// The handle requests store through; cheap to clone.
#[derive(Clone)]
pub struct GroupWriter {
    jobs: mpsc::Sender<Job>,
    health: Arc<Health>,
    writers: usize,
    tasks: Arc<Vec<tokio::task::AbortHandle>>,
}

/// What readiness and `/metrics` need to know of the writers.
#[derive(Debug, Default)]
struct Health {
    /// The last commit failed; cleared by the next one that stores a response, or by a probe
    /// write that succeeds (never by a commit of resends only, which writes nothing).
    failing: AtomicBool,
    failed_commits: AtomicU64,
    not_stored: AtomicU64,
    running: AtomicUsize,
}

/// Whether submissions can be stored now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriterState {
    Ready,
    /// The last commit failed: the database cannot write (or could not a moment ago).
    CannotCommit,
    /// A writer task has stopped: submissions would wait in vain.
    Stopped,
}

/// Counts for `/metrics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriterCounts {
    /// Commits (of a batch or of one response) that failed.
    pub failed_commits: u64,
    /// Submissions answered "not saved".
    pub not_stored: u64,
}

/// Counts a running writer task; dropped when the task ends, however it ends (a panic too).
struct Running(Arc<Health>);

impl Running {
    fn start(health: Arc<Health>) -> Running {
        health.running.fetch_add(1, Ordering::SeqCst);
        Running(health)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl GroupWriter {
    /// Starts the writer tasks on `db`'s writer connections: one on SQLite (it has one writer),
    /// [`POSTGRES_WRITERS`] on PostgreSQL, so that one batch is gathered and written while
    /// another waits for its commit.
    pub fn spawn(db: Db, guards: Guards) -> GroupWriter {
        let (jobs, receiver) = mpsc::channel(QUEUE);
        let writers = match db.writer.get_database_backend() {
            sea_orm::DbBackend::Postgres => POSTGRES_WRITERS,
            _ => 1,
        };
        let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
        let health = Arc::new(Health::default());
        let tasks = (0..writers)
            .map(|_| {
                let running = Running::start(health.clone());
                tokio::spawn(run(db.clone(), guards, receiver.clone(), running)).abort_handle()
            })
            .collect();
        GroupWriter {
            jobs,
            health,
            writers,
            tasks: Arc::new(tasks),
        }
    }

    /// A fault drill for tests: ends every writer task, as a bug that killed them would. From
    /// then on readiness says "writer stopped" and every submission is answered 503, unstored.
    pub fn stop_writers(&self) {
        for task in self.tasks.iter() {
            task.abort();
        }
    }

    /// Stores one response; returns after the commit that holds it. An error means it was not
    /// stored (a lost PostgreSQL connection during COMMIT aside, where nobody can know: the
    /// form's key then makes a resend store nothing twice).
    pub async fn store(&self, new: NewResponse, screening: Screening) -> Result<Stored> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Unavailable("the writer has stopped".into());
        let job = Job {
            new,
            screening,
            reply,
            deadline: Instant::now() + QUEUE_WAIT,
        };
        let sent = tokio::time::timeout(QUEUE_WAIT, self.jobs.send(job)).await;
        let outcome = match sent {
            Ok(Ok(())) => answer.await.map_err(|_| stopped()).and_then(|o| o),
            Ok(Err(_)) => Err(stopped()),
            Err(_) => Err(Error::Unavailable("the writer's queue is full".into())),
        };
        if outcome.is_err() {
            self.health.not_stored.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    }

    /// Whether submissions can be stored now. After a failed commit it tries a write itself
    /// (see [`Db::probe_write`]), so that readiness comes back as soon as the database does,
    /// even when no citizen is posting.
    pub async fn state(&self, db: &Db) -> WriterState {
        if self.health.running.load(Ordering::SeqCst) < self.writers || self.jobs.is_closed() {
            return WriterState::Stopped;
        }
        if self.health.failing.load(Ordering::SeqCst) {
            match db.probe_write().await {
                Ok(()) => self.health.failing.store(false, Ordering::SeqCst),
                Err(err) => {
                    tracing::warn!(error = %err, "the database still cannot commit");
                    return WriterState::CannotCommit;
                }
            }
        }
        WriterState::Ready
    }

    /// A write that a submission needs before its commit failed (the day's salt could not be
    /// stored): counted as a failed commit and a submission not stored, and readiness probes
    /// the database until it takes writes again.
    pub fn failed_before_commit(&self) {
        self.health.failed_commits.fetch_add(1, Ordering::Relaxed);
        self.health.not_stored.fetch_add(1, Ordering::Relaxed);
        self.health.failing.store(true, Ordering::SeqCst);
    }

    pub fn counts(&self) -> WriterCounts {
        WriterCounts {
            failed_commits: self.health.failed_commits.load(Ordering::Relaxed),
            not_stored: self.health.not_stored.load(Ordering::Relaxed),
        }
    }
}

async fn run(
    db: Db,
    guards: Guards,
    receiver: Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    running: Running,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        // Waits for the first submission, then takes whatever else is already waiting: under
        // light load a batch is one response and nothing waits for company. The receiver is
        // let go before the batch is written, for the next writer to gather the next one.
        let received = receiver.lock().await.recv_many(&mut batch, MAX_BATCH).await;
        if received == 0 {
            return;
        }
        drop_abandoned(&mut batch);
        if !batch.is_empty() {
            commit_batch(&db, &guards, &running.0, &mut batch).await;
        }
    }
}

/// Leaves out of the batch the submissions whose request has gone (the client hung up) or
/// that waited too long: they are not stored, and a request still waiting is told so.
fn drop_abandoned(batch: &mut Vec<Job>) {
    let now = Instant::now();
    let mut kept = Vec::with_capacity(batch.len());
    for job in batch.drain(..) {
        if job.reply.is_closed() {
            continue;
        }
        if job.deadline < now {
            let _ = job.reply.send(Err(Error::Unavailable(
                "waited too long for the writer".into(),
            )));
            continue;
        }
        kept.push(job);
    }
    *batch = kept;
}

async fn commit_batch(db: &Db, guards: &Guards, health: &Health, batch: &mut Vec<Job>) {
    let together = async {
        let txn = db.writer.begin().await?;
        let pairs: Vec<_> = batch.iter().map(|job| (&job.new, &job.screening)).collect();
        let outcomes = responses::store_many_in(&txn, &pairs, guards).await?;
        txn.commit().await?;
        Ok::<_, Error>(outcomes)
    }
    .await;
    match together {
        Ok(outcomes) => {
            // A batch of resends only commits an empty transaction: that proves nothing.
            if outcomes.iter().any(|o| matches!(o, Stored::New(_))) {
                health.failing.store(false, Ordering::SeqCst);
            }
            for (job, outcome) in batch.drain(..).zip(outcomes) {
                let _ = job.reply.send(Ok(outcome));
            }
        }
        Err(err) => {
            // Nothing of the batch is stored. Each response on its own: the one at fault fails,
            // the others are stored (or fail too if the database cannot write).
            health.failed_commits.fetch_add(1, Ordering::Relaxed);
            tracing::error!(
                error = %err,
                submissions = batch.len(),
                "group commit failed: nothing of the batch is stored; storing one by one"
            );
            let mut failed = 0;
            for job in batch.drain(..) {
                let outcome =
                    responses::store_in(&db.writer, &job.new, &job.screening, guards).await;
                match &outcome {
                    Ok(Stored::New(_)) => health.failing.store(false, Ordering::SeqCst),
                    Ok(Stored::AlreadyStored) => {}
                    Err(_) => {
                        failed += 1;
                        health.failed_commits.fetch_add(1, Ordering::Relaxed);
                        health.failing.store(true, Ordering::SeqCst);
                    }
                }
                let _ = job.reply.send(outcome);
            }
            if failed > 0 {
                tracing::error!(
                    error = %err,
                    submissions = failed,
                    "submissions not stored: the database cannot commit; each was answered 503"
                );
            }
        }
    }
}
