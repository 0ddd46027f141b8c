//! Questionnaire versions kept in memory for the survey pages. A version never changes once
//! made (a change is a new version), so a cached version is never stale; which version is
//! current is still asked of the database on every page, so a new version made on any instance
//! shows at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::db::{Db, Result, questionnaires};
use crate::domain::QuestionnaireVersion;

#[derive(Default)]
pub struct VersionCache {
    by_id: Mutex<HashMap<i32, Arc<QuestionnaireVersion>>>,
}

impl VersionCache {
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
        let Some(version) = questionnaires::version_by_id(&db.reader, version_id).await? else {
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
        match questionnaires::current_version_id(&db.reader, questionnaire_id).await? {
            Some(id) => self.get(db, id).await,
            None => Ok(None),
        }
    }
}
