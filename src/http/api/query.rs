//! `ApiQuery`: axum's `Query`, but a query string it cannot read (a negative or overflowing
//! number, letters for a number, a repeated parameter) is answered with the API's JSON error
//! (400), never axum's plain-text rejection.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::ApiError;

pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(query)| ApiQuery(query))
            .map_err(|rejection| {
                let text = rejection.body_text();
                ApiError::BadRequest(crate::domain::invalid::Invalid::new(text.clone(), text))
            })
    }
}
