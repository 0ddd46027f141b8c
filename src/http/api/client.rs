//! The client of an API request: `Authorization: Bearer TOKEN`, looked up by its digest.

use axum::{extract::FromRequestParts, http::header, http::request::Parts};

use super::ApiError;
use crate::db::api_tokens;
use crate::domain::account::Account;
use crate::http::AppState;

/// A live token's client, scoped like an account.
pub struct Client(pub Account);

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        let digest = crate::auth::digest(token);
        api_tokens::client(&state.db, &digest)
            .await?
            .map(Client)
            .ok_or(ApiError::Unauthorized)
    }
}
