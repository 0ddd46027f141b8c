//! `GET /admin/units/{code}/comments`: a unit's comments, newest first, each with the scores
//! given with it; filtered by period, counter, and to the negative ones (a response with an
//! answer below "satisfied").

use std::collections::HashMap;

use axum::{extract::State, response::Response};
use serde::Deserialize;
use templates::admin::{CommentItem, CommentsView, comments_page};
use templates::paths;

use super::answers::{is_negative, labelled};
use super::extract::Query;
use super::lang::PageLang;
use super::staff::{self, ScopedUnit, Staff};
use super::{AppState, error::AppError};
use crate::db::comments::{Comment, CommentFilter, comments};
use crate::db::{counters, figures, units};
use crate::domain::Period;
use crate::domain::masking::mask_contacts;
use crate::export::table::{dd_mm_yyyy, dd_mm_yyyy_hh_mm};

const PAGE: usize = 30;
/// Comments read at a time when only the negative ones are kept.
const BATCH: u64 = 200;
/// How far one page looks for negative comments before it offers the next page.
const BATCHES: usize = 25;

#[derive(Deserialize, Default)]
pub struct CommentsQuery {
    period: Option<String>,
    /// A counter's id; empty or absent: every counter.
    counter: Option<String>,
    /// `1`: only the negative ones.
    negative: Option<String>,
    before: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ScopedUnit(unit): ScopedUnit,
    PageLang(lang): PageLang,
    Query(query): Query<CommentsQuery>,
) -> Result<Response, AppError> {
    let today = state.clock.today();
    let (period, period_error) = match query.period.as_deref().filter(|p| !p.trim().is_empty()) {
        None => (Period::year_of(today), None),
        Some(raw) => match Period::parse(raw) {
            Ok(period) => (period, None),
            Err(invalid) => (Period::year_of(today), Some(invalid)),
        },
    };
    let listed = counters::list_in_subtree(&state.db, &unit).await?;
    // A counter not of this unit's subtree is not a filter of this page: every counter then.
    let counter = query
        .counter
        .as_deref()
        .and_then(|c| c.parse::<i32>().ok())
        .filter(|id| listed.iter().any(|c| c.id == *id));
    let negative = query.negative.as_deref() == Some("1");
    let ids: Vec<i32> = units::subtree(&state.db, &unit)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let catalog = figures::question_catalog(&state.db).await?;
    let mut filter = CommentFilter {
        units: &ids,
        days: (period.first().yyyymmdd(), period.last().yyyymmdd()),
        counter,
        before: query.before,
    };
    // One more than a page tells whether an older page exists. Negative comments are picked
    // from batches; a page that looked far back without filling up offers to look further.
    let mut kept: Vec<Comment> = Vec::new();
    let mut scanned_to: Option<i64> = None;
    let wanted = if negative { BATCH } else { PAGE as u64 + 1 };
    for _ in 0..BATCHES {
        let batch = comments(&state.db, &filter, wanted).await?;
        let exhausted = (batch.len() as u64) < wanted;
        scanned_to = batch.last().map(|c| c.id).or(scanned_to);
        kept.extend(
            batch
                .into_iter()
                .filter(|c| !negative || is_negative(&c.answers, &catalog)),
        );
        if !negative || kept.len() > PAGE || exhausted {
            scanned_to = None;
            break;
        }
        filter.before = scanned_to;
    }
    let next_before = if kept.len() > PAGE {
        kept.truncate(PAGE);
        kept.last().map(|c| c.id)
    } else {
        scanned_to
    };
    let names: HashMap<i32, String> = listed
        .iter()
        .map(|c| (c.id, format!("{} – {}", c.unit_name, c.name)))
        .collect();
    let base = format!(
        "{}?period={period}&counter={}&negative={}&lang={}",
        paths::UnitComments::href(&unit.code),
        counter.map_or_else(String::new, |c| c.to_string()),
        if negative { "1" } else { "" },
        lang.code()
    );
    let view = CommentsView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_string(),
        period_dates: format!(
            "{} – {}",
            dd_mm_yyyy(period.first()),
            dd_mm_yyyy(period.last())
        ),
        period_error: period_error.map(|e| lang.pick(&e.vi, &e.en).to_owned()),
        counters: listed
            .iter()
            .map(|c| (c.id, format!("{} – {}", c.unit_name, c.name)))
            .collect(),
        counter,
        negative,
        comments: kept
            .into_iter()
            .map(|c| CommentItem {
                when: dd_mm_yyyy_hh_mm(c.submitted_at),
                counter: names.get(&c.counter_id).cloned().unwrap_or_default(),
                negative: is_negative(&c.answers, &catalog),
                answers: labelled(lang, &c.answers, &catalog),
                text: mask_contacts(&c.text),
            })
            .collect(),
        older_href: next_before.map(|id| format!("{base}&before={id}")),
    };
    Ok(staff::page(comments_page(&view)))
}
