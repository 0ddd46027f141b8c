//! The unit, counter or response a staff path names, checked against the account's scope.
//! Unknown and out of scope answer the same 404, so that a code or id outside one's units is
//! not even confirmed to exist.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use super::Staff;
use crate::db::counters::{self, CounterInfo};
use crate::db::{moderation, units};
use crate::domain::{Unit, UnitCode};
use crate::http::{AppState, error::AppError};

/// The value of the path parameter `name`, or 404.
async fn path_param(parts: &mut Parts, state: &AppState, name: &str) -> Result<String, AppError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::NotFound)?;
    params
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .ok_or(AppError::NotFound)
}

/// 404 unless the account sees `path`.
fn in_scope(staff: &Staff, path: &str) -> Result<(), AppError> {
    if staff.account.sees_path(path) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The unit of the path's `{code}`, within the account's scope.
pub struct ScopedUnit(pub Unit);

impl FromRequestParts<AppState> for ScopedUnit {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        let code = path_param(parts, state, "code").await?;
        let code = UnitCode::parse(&code).map_err(|_| AppError::NotFound)?;
        let unit = units::find_by_code(&state.db, &code)
            .await?
            .ok_or(AppError::NotFound)?;
        in_scope(&staff, &unit.path)?;
        Ok(ScopedUnit(unit))
    }
}

/// The counter of the path's `{id}`, within the account's scope.
pub struct ScopedCounter(pub CounterInfo);

impl FromRequestParts<AppState> for ScopedCounter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        let id = path_param(parts, state, "id").await?;
        let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
        let counter = counters::get(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        in_scope(&staff, &counter.unit_path)?;
        Ok(ScopedCounter(counter))
    }
}

/// The id of the response of the path's `{id}`, within the account's scope.
pub struct ScopedResponse(pub i64);

impl FromRequestParts<AppState> for ScopedResponse {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        let id = path_param(parts, state, "id").await?;
        let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
        let path = moderation::unit_path_of(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        in_scope(&staff, &path)?;
        Ok(ScopedResponse(id))
    }
}
