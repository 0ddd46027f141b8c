//! JSON: the same table for machines. Every index is a number with 2 decimals, or `null` when
//! there is no valid answer; `satisfied` and `valid` come with it.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use crate::domain::figures::{Index, Percent, Placing, round2};
use crate::report::{ItemFigures, Report, Rows, UnitFigures};

#[derive(Serialize)]
struct Document<'a> {
    unit: UnitRef<'a>,
    period: String,
    first_day: String,
    last_day: String,
    previous_period: Option<String>,
    by: &'static str,
    method: &'static str,
    min_sample: u64,
    questionnaire_versions: &'a [String],
    produced_at: String,
    /// A signed-off period's approval: when, by whom, and the check code of its figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    signed: Option<&'a crate::report::Signed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<UnitRow<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<ItemRow<'a>>>,
    total: UnitRow<'a>,
}

#[derive(Serialize)]
struct UnitRef<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct IndexJson {
    satisfied: u64,
    valid: u64,
    index: Option<f64>,
}

impl From<Index> for IndexJson {
    fn from(index: Index) -> IndexJson {
        IndexJson {
            satisfied: index.satisfied,
            valid: index.valid,
            index: index.value.map(Percent::rounded),
        }
    }
}

#[derive(Serialize)]
struct Elements {
    access: IndexJson,
    procedure: IndexJson,
    staff: IndexJson,
    result: IndexJson,
    feedback: IndexJson,
}

#[derive(Serialize)]
struct UnitRow<'a> {
    code: &'a str,
    name: &'a str,
    respondents: u64,
    sipas: IndexJson,
    elements: Elements,
    /// The overall (one-tap) question: in the SIPAS index, in no element.
    overall: IndexJson,
    /// Which rows this one is ranked against (`department`, `commune`, `five_point`,
    /// `three_level`, `mixed_scales`…); `null` for the whole unit.
    peers: Option<&'static str>,
    /// The rank among its peers; `null` when unranked (and for the whole unit).
    rank: Option<u32>,
    /// Listed but not ranked: fewer respondents than `min_sample`.
    insufficient_sample: bool,
    /// Percentage points against the previous period.
    change: Option<f64>,
    rank_change: Option<i64>,
}

#[derive(Serialize)]
struct ItemRow<'a> {
    questionnaire: &'a str,
    code: &'a str,
    element: Option<&'static str>,
    text_vi: &'a str,
    text_en: &'a str,
    satisfied: u64,
    valid: u64,
    index: Option<f64>,
    interval_low: Option<f64>,
    interval_high: Option<f64>,
}

fn unit_row(row: &UnitFigures) -> UnitRow<'_> {
    let [access, procedure, staff, result, feedback] = row.elements.map(IndexJson::from);
    UnitRow {
        code: &row.code,
        name: &row.name,
        respondents: row.respondents,
        sipas: row.sipas.into(),
        elements: Elements {
            access,
            procedure,
            staff,
            result,
            feedback,
        },
        overall: row.overall.into(),
        peers: row.peers.map(|p| p.code()),
        rank: match row.placing {
            Some(Placing::Ranked(rank)) => Some(rank),
            _ => None,
        },
        insufficient_sample: row.placing == Some(Placing::InsufficientSample),
        change: row.change.map(Percent::rounded),
        rank_change: row.rank_change,
    }
}

fn item_row(row: &ItemFigures) -> ItemRow<'_> {
    ItemRow {
        questionnaire: &row.questionnaire,
        code: &row.code,
        element: row.element.map(|e| e.code()),
        text_vi: &row.text_vi,
        text_en: &row.text_en,
        satisfied: row.ratio.satisfied,
        valid: row.ratio.valid,
        index: row.index.map(Percent::rounded),
        interval_low: row.interval.map(|(low, _)| round2(low)),
        interval_high: row.interval.map(|(_, high)| round2(high)),
    }
}

pub fn write(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(out, &value(report)).map_err(std::io::Error::other)
}

/// The document as a JSON value (a signed-off period's snapshot holds two of them).
pub fn value(report: &Report) -> serde_json::Value {
    let (rows, items) = match &report.rows {
        Rows::Units(rows) => (Some(rows.iter().map(unit_row).collect()), None),
        Rows::Items(items) => (None, Some(items.iter().map(item_row).collect())),
    };
    let document = Document {
        unit: UnitRef {
            code: &report.unit_code,
            name: &report.unit_name,
        },
        period: report.period.to_string(),
        first_day: report.period.first().date().to_string(),
        last_day: report.period.last().date().to_string(),
        previous_period: report.previous.map(|p| p.to_string()),
        by: report.by.code(),
        method: report.method.code(),
        min_sample: report.min_sample,
        questionnaire_versions: &report.versions,
        produced_at: report.produced_at.format(&Rfc3339).unwrap_or_default(),
        signed: report.signed.as_ref(),
        rows,
        items,
        total: unit_row(&report.total),
    };
    serde_json::to_value(&document).unwrap_or(serde_json::Value::Null)
}
