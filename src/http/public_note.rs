//! `POST /admin/units/{code}/public-note?period=2026-Q3`: a unit's managers write what they tell
//! citizens about a period on the public results page ("Ý kiến của người dân – việc chúng tôi đã
//! làm"); an empty text removes it. The form is on the period's sign-off page.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::paths;

use super::extract::Query;
use super::staff::{Change, ScopedUnit};
use super::{AppState, error::AppError};
use crate::db::public_notes::{self, MAX_CHARS};
use crate::domain::Period;

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    text: String,
}

const BAD_NOTE: AppError = AppError::Invalid(
    "Ghi chú công khai: tối đa 2.000 ký tự, không có ký tự điều khiển, cho một kỳ hợp lệ (tháng, quý, 6 tháng, năm). Vui lòng quay lại và sửa.",
    "The public note: 2,000 characters at most, no control characters, for a valid period (month, quarter, half-year, year). Please go back and correct it.",
);

pub async fn set(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<PeriodQuery>,
    sent: Change<NoteForm>,
) -> Result<Response, AppError> {
    let period = Period::parse(query.period.as_deref().unwrap_or_default())
        .ok()
        .filter(|p| {
            use crate::domain::period::PeriodKind::*;
            matches!(p.kind(), Month | Quarter | Half | Year)
        })
        .ok_or(BAD_NOTE)?;
    let text = sent.form.text.replace("\r\n", "\n");
    let text = text.trim();
    let fine = text.chars().count() <= MAX_CHARS
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if !fine {
        return Err(BAD_NOTE);
    }
    let code = period.to_string();
    public_notes::set(
        &state.db,
        unit.id,
        &unit.code,
        &code,
        (!text.is_empty()).then_some(text),
        sent.actor(),
        state.clock.now(),
    )
    .await?;
    let href = format!(
        "{}?period={code}&lang={}",
        paths::UnitSignoff::href(&unit.code),
        sent.lang.code()
    );
    Ok(Redirect::to(&href).into_response())
}
