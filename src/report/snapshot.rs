//! The frozen figures of a signed-off period (docs/methodology.md, "Signed-off periods"): the
//! provincial table of the unit's children by both methods, the questionnaire versions they
//! came from, and the moderation state (every response of the subtree and period that is not
//! counted, with its status), written as one compact JSON text. Its SHA-256 is the period's
//! check code; `sipas verify` hashes the stored text again, so an edit in the database shows.

use serde_json::json;

use super::{GroupBy, Report, ReportError, ReportRequest, Scope, build_in};
use crate::db::{Db, moderation};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Method};
use crate::domain::{Period, UnitCode};
use crate::export::json;

/// The JSON text that is stored and hashed, and its hash.
pub struct Snapshot {
    pub text: String,
    pub sha256: String,
}

/// The check code as shown: `sha256:` and the first 16 hex digits (the full hash is stored).
pub fn check_code(sha256: &str) -> String {
    format!("sha256:{}", &sha256[..sha256.len().min(16)])
}

/// Builds the snapshot of `unit` over `period` from the figures as they are now.
pub async fn freeze(db: &Db, unit: &UnitCode, period: Period) -> Result<Snapshot, ReportError> {
    let scope = Scope::load(db, unit).await?;
    let table = |method| ReportRequest {
        unit: unit.clone(),
        period,
        by: GroupBy::Children,
        method,
        min_sample: DEFAULT_MIN_SAMPLE,
    };
    let pooled: Report = build_in(db, &scope, &table(Method::Pooled)).await?;
    let item_mean: Report = build_in(db, &scope, &table(Method::ItemMean)).await?;
    let days = (period.first().yyyymmdd(), period.last().yyyymmdd());
    let held_out = moderation::not_counted(&db.reader, scope.unit_ids(), days).await?;
    let document = json!({
        "schema": 1,
        "unit": unit.as_str(),
        "period": period.to_string(),
        "questionnaire_versions": pooled.versions,
        "tables": {
            "pooled": json::value(&pooled),
            "item_mean": json::value(&item_mean),
        },
        "moderation": held_out
            .into_iter()
            .map(|(id, status)| json!({ "response": id, "status": status }))
            .collect::<Vec<_>>(),
    });
    let text = document.to_string();
    let sha256 = crate::auth::digest(&text);
    Ok(Snapshot { text, sha256 })
}
