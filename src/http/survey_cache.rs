//! What the survey pages read on every request, kept in memory: questionnaire versions, which
//! version of each questionnaire is current, and the counter behind each survey address.
//!
//! A version never changes once made (a change is a new version), so a cached version is never
//! stale. The current version and the counters can change: they are kept for [`FRESH_FOR`], and
//! a change committed by this process (a counter rotated, switched off or moved, a unit switched
//! off, a new version), from a page, the API or anything else, forgets them at once: the `db`
//! functions that make such changes count them ([`Db::changes`]), and every read here compares
//! the count with the one it last saw. One made on another instance, or by the command line,
//! shows within [`FRESH_FOR`].

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::db::counters::{self, CounterInfo};
use crate::db::{Db, Result, questionnaires};
use crate::domain::{CounterToken, QuestionnaireVersion};

/// How long a counter or a current version is believed without asking the database.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// Entries kept at most; past that the map starts again (addresses scanned at random must not
/// grow it without end; only addresses that exist are kept at all).
const MOST_ENTRIES: usize = 20_000;

#[derive(Default)]
pub struct SurveyCache {
    by_id: Mutex<HashMap<i32, Arc<QuestionnaireVersion>>>,
    current: Mutex<HashMap<i32, (Instant, i32)>>,
    counters: Mutex<HashMap<String, (Instant, CounterInfo)>>,
    /// [`Db::changes`] when the entries above were last known good.
    seen_changes: AtomicU64,
}

/// A value kept less than [`FRESH_FOR`] ago.
fn fresh<K, V, Q>(map: &Mutex<HashMap<K, (Instant, V)>>, key: &Q) -> Option<V>
where
    K: Eq + Hash + std::borrow::Borrow<Q>,
    V: Clone,
    Q: Eq + Hash + ?Sized,
{
    let map = map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    map.get(key)
        .filter(|(at, _)| at.elapsed() < FRESH_FOR)
        .map(|(_, value)| value.clone())
}

fn keep<K: Eq + Hash, V>(map: &Mutex<HashMap<K, (Instant, V)>>, key: K, value: V) {
    let mut map = map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if map.len() >= MOST_ENTRIES {
        map.clear();
    }
    map.insert(key, (Instant::now(), value));
}

impl SurveyCache {
    /// The version with this id, from memory or else from the database.
    pub async fn get(&self, db: &Db, version_id: i32) -> Result<Option<Arc<QuestionnaireVersion>>> {
        let cached = self
            .by_id
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&version_id)
            .cloned();
        if cached.is_some() {
            return Ok(cached);
        }
        let Some(version) = questionnaires::version_by_id(db, version_id).await? else {
            return Ok(None);
        };
        let version = Arc::new(version);
        self.by_id
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(version_id, version.clone());
        Ok(Some(version))
    }

    /// The newest version of a questionnaire.
    pub async fn current(
        &self,
        db: &Db,
        questionnaire_id: i32,
    ) -> Result<Option<Arc<QuestionnaireVersion>>> {
        self.forget_if_changed(db);
        if let Some(id) = fresh(&self.current, &questionnaire_id) {
            return self.get(db, id).await;
        }
        match questionnaires::current_version_id(db, questionnaire_id).await? {
            Some(id) => {
                keep(&self.current, questionnaire_id, id);
                self.get(db, id).await
            }
            None => Ok(None),
        }
    }

    /// The active counter (of an active unit) behind a survey address.
    pub async fn active_counter(
        &self,
        db: &Db,
        token: &CounterToken,
    ) -> Result<Option<CounterInfo>> {
        self.forget_if_changed(db);
        if let Some(counter) = fresh(&self.counters, token.as_str()) {
            return Ok(Some(counter));
        }
        let found = counters::find_active_by_token(db, token).await?;
        if let Some(counter) = &found {
            keep(&self.counters, token.as_str().to_owned(), counter.clone());
        }
        Ok(found)
    }

    /// Forgets what may have changed when this process has committed a change since the last
    /// look. The count is read before the entries are cleared: a change committed meanwhile
    /// bumps it again and is caught by the next read.
    fn forget_if_changed(&self, db: &Db) {
        let now = db.changes();
        if self.seen_changes.swap(now, Ordering::AcqRel) != now {
            self.forget_changeable();
        }
    }

    /// Forgets what may have changed.
    fn forget_changeable(&self) {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
        self.counters
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }
}
