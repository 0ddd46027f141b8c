//! The frozen figures of a signed-off period (docs/methodology.md, "Signed-off periods"): the
//! provincial table of the unit's children by both methods, the questionnaire versions they
//! came from, and the moderation state (every response of the subtree and period that is not
//! counted, with its status), written as one compact JSON text. Its SHA-256 is the period's
//! check code; `sipas verify` hashes the stored text again, so an edit in the database shows.
//! Exports of the period read the tables back from that text ([`signed_report`]).

use serde::{Deserialize, Serialize};

use super::{GroupBy, Report, ReportError, ReportRequest, Scope, Signed, build_in};
use crate::db::{Db, moderation, signoffs};
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Method};
use crate::domain::signoff::Status;
use crate::domain::{Period, UnitCode};

/// The JSON text that is stored and hashed, and its hash.
pub struct Snapshot {
    pub text: String,
    pub sha256: String,
}

/// What the text holds.
#[derive(Serialize, Deserialize)]
pub struct Frozen {
    pub schema: u32,
    pub unit: String,
    pub period: Period,
    pub questionnaire_versions: Vec<String>,
    pub pooled: Report,
    pub item_mean: Report,
    /// Responses held out of the figures when they were frozen.
    pub moderation: Vec<HeldOut>,
}

#[derive(Serialize, Deserialize)]
pub struct HeldOut {
    pub response: i64,
    pub status: String,
}

/// The check code as shown: `sha256:` and the first 16 hex digits (the full hash is stored).
pub fn check_code(sha256: &str) -> String {
    format!("sha256:{}", &sha256[..sha256.len().min(16)])
}

/// The table a signed-off period is reported with: its unit's children, at the default minimum
/// sample. Other tables of the period (by counters, by items, another sample) are live.
pub fn is_signed_table(request: &ReportRequest) -> bool {
    request.by == GroupBy::Children && request.min_sample == DEFAULT_MIN_SAMPLE
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
    let pooled = build_in(db, &scope, &table(Method::Pooled)).await?;
    let item_mean = build_in(db, &scope, &table(Method::ItemMean)).await?;
    let days = (period.first().yyyymmdd(), period.last().yyyymmdd());
    let moderation = moderation::not_counted(&db.reader, scope.unit_ids(), days)
        .await?
        .into_iter()
        .map(|(response, status)| HeldOut { response, status })
        .collect();
    let frozen = Frozen {
        schema: 1,
        unit: unit.as_str().to_owned(),
        period,
        questionnaire_versions: pooled.versions.clone(),
        pooled,
        item_mean,
        moderation,
    };
    let text = serde_json::to_string(&frozen).map_err(|e| {
        ReportError::Db(crate::db::Error::Db(sea_orm::DbErr::Custom(e.to_string())))
    })?;
    let sha256 = crate::auth::digest(&text);
    Ok(Snapshot { text, sha256 })
}

/// The approved figures of `request`'s table, when its period is signed off and the stored text
/// still hashes to its check code; `None` otherwise (the table is then built live).
pub async fn signed_report(
    db: &Db,
    request: &ReportRequest,
) -> Result<Option<Report>, ReportError> {
    Ok(load(db, request).await?.map(|(frozen, signed)| {
        let mut report = match request.method {
            Method::Pooled => frozen.pooled,
            Method::ItemMean => frozen.item_mean,
        };
        report.signed = Some(signed);
        report
    }))
}

/// A signed-off period whose live figures differ from its approved ones: by how much, and
/// which moderation since the approval made the difference.
pub struct Difference {
    pub signed: Signed,
    /// The approved table's whole-unit row (its method is the request's).
    pub approved: super::UnitFigures,
    /// Responses whose status changed since the approval: (id, status then, status now).
    pub changed: Vec<(i64, String, String)>,
}

/// The approval of `request`'s period, its approved whole-unit row (to set beside the live one)
/// and the moderation since; `None` when the period is not signed off.
pub async fn difference(
    db: &Db,
    request: &ReportRequest,
) -> Result<Option<Difference>, ReportError> {
    let Some((frozen, signed)) = load(db, request).await? else {
        return Ok(None);
    };
    let approved = match request.method {
        Method::Pooled => frozen.pooled.total,
        Method::ItemMean => frozen.item_mean.total,
    };
    let scope = Scope::load(db, &request.unit).await?;
    let days = (
        request.period.first().yyyymmdd(),
        request.period.last().yyyymmdd(),
    );
    let now: std::collections::BTreeMap<i64, String> =
        moderation::not_counted(&db.reader, scope.unit_ids(), days)
            .await?
            .into_iter()
            .collect();
    let then: std::collections::BTreeMap<i64, String> = frozen
        .moderation
        .into_iter()
        .map(|h| (h.response, h.status))
        .collect();
    let counted = || "counted".to_owned();
    let mut changed: Vec<(i64, String, String)> = then
        .iter()
        .filter(|(id, status)| now.get(id) != Some(status))
        .map(|(id, status)| {
            (
                *id,
                status.clone(),
                now.get(id).cloned().unwrap_or_else(counted),
            )
        })
        .collect();
    changed.extend(
        now.iter()
            .filter(|(id, _)| !then.contains_key(id))
            .map(|(id, status)| (*id, counted(), status.clone())),
    );
    changed.sort();
    Ok(Some(Difference {
        signed,
        approved,
        changed,
    }))
}

/// The frozen figures of `request`'s signed-off period, and who approved them.
async fn load(db: &Db, request: &ReportRequest) -> Result<Option<(Frozen, Signed)>, ReportError> {
    if !is_signed_table(request) {
        return Ok(None);
    }
    let Some(unit) = crate::db::units::find_by_code(&db.reader, &request.unit).await? else {
        return Ok(None);
    };
    let Some(signoff) = signoffs::get(db, unit.id, &request.period.to_string()).await? else {
        return Ok(None);
    };
    let (Status::Approved, Some(text), Some(sha256)) = (
        signoff.status,
        signoff.snapshot.as_deref(),
        signoff.sha256.as_deref(),
    ) else {
        return Ok(None);
    };
    // A text edited since its approval is not reported as official (`sipas verify` names it).
    if crate::auth::digest(text) != sha256 {
        tracing::error!(unit = %request.unit, period = %request.period, "a signed-off period no longer matches its check code; its live figures are shown");
        return Ok(None);
    }
    let Ok(frozen) = serde_json::from_str::<Frozen>(text) else {
        return Ok(None);
    };
    let signed = Signed {
        approved_on: signoff
            .decided_at
            .map(|at| crate::export::table::dd_mm_yyyy(crate::domain::LocalDay::of(at)))
            .unwrap_or_default(),
        approved_by: signoff.decided_by.unwrap_or_default(),
        check_code: check_code(sha256),
    };
    Ok(Some((frozen, signed)))
}
