//! `POST /admin/units/{code}/contact`: a unit's managers set what citizens see of it, the hotline
//! on the thank-you page and the header line of its posters (see `domain::unit_contact`).

use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::paths;

use super::staff::{Change, ScopedUnit};
use super::{AppState, error::AppError};
use crate::db::unit_contact;
use crate::domain::unit_contact::UnitContact;

#[derive(Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    hotline: String,
    #[serde(default)]
    poster_header: String,
    /// A checkbox: present (`on`) when ticked.
    #[serde(default)]
    public_results: Option<String>,
}

const BAD_CONTACT: AppError = AppError::Invalid(
    "Đường dây nóng và dòng tiêu đề áp phích: mỗi mục một dòng, tối đa 200 ký tự. Vui lòng quay lại và sửa.",
    "The hotline and the poster header: one line each, 200 characters at most. Please go back and correct them.",
);

pub async fn set(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    sent: Change<ContactForm>,
) -> Result<Response, AppError> {
    let public = sent.form.public_results.is_some();
    let contact = UnitContact::parse(&sent.form.hotline, &sent.form.poster_header, public)
        .map_err(|_| BAD_CONTACT)?;
    unit_contact::set(&state.db, unit.id, &unit.code, &contact, sent.actor()).await?;
    let href = format!(
        "{}?lang={}&done=contact#contact",
        paths::UnitCounters::href(&unit.code),
        sent.lang.code()
    );
    Ok(Redirect::to(&href).into_response())
}
