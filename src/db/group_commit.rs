//! Group commit: one writer task takes the survey submissions that arrive together and stores
//! them in one transaction, so that many responses share one durable commit (one fsync) and one
//! statement per tally instead of paying them each. A reused idempotency key stores nothing
//! without disturbing the others (`ON CONFLICT DO NOTHING`); should anything else fail, the
//! batch is rolled back and each of its responses stored again on its own, so that one bad
//! response fails alone. Each request is answered only after the commit that holds its
//! response: nothing is acknowledged before it is durable.

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

struct Job {
    new: NewResponse,
    screening: Screening,
    reply: oneshot::Sender<Result<Stored>>,
}

/// The handle requests store through; cheap to clone.
#[derive(Clone)]
pub struct GroupWriter {
    jobs: mpsc::Sender<Job>,
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
        let receiver = std::sync::Arc::new(tokio::sync::Mutex::new(receiver));
        for _ in 0..writers {
            tokio::spawn(run(db.clone(), guards, receiver.clone()));
        }
        GroupWriter { jobs }
    }

    /// Stores one response; returns after the commit that holds it.
    pub async fn store(&self, new: NewResponse, screening: Screening) -> Result<Stored> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Db(sea_orm::DbErr::Custom("the writer has stopped".into()));
        self.jobs
            .send(Job {
                new,
                screening,
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(
    db: Db,
    guards: Guards,
    receiver: std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>,
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
        commit_batch(&db, &guards, &mut batch).await;
    }
}

async fn commit_batch(db: &Db, guards: &Guards, batch: &mut Vec<Job>) {
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
            for (job, outcome) in batch.drain(..).zip(outcomes) {
                let _ = job.reply.send(Ok(outcome));
            }
        }
        Err(err) => {
            // Nothing of the batch is stored. Each response on its own: the one at fault fails,
            // the others are stored (or fail too if the database is down).
            tracing::warn!(error = %err, responses = batch.len(), "group commit failed; storing one by one");
            for job in batch.drain(..) {
                let outcome =
                    responses::store_in(&db.writer, &job.new, &job.screening, guards).await;
                let _ = job.reply.send(outcome);
            }
        }
    }
}
