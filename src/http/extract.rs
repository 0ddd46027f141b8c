//! axum's extractors, answering through [`AppError`] when a request cannot be read: the HTML
//! error page on pages (and JSON under `/api/v1`, where `api::json_errors` rewrites it). A path
//! that does not parse is a page that does not exist (404); a query or form that does not parse
//! is a bad request (400); a body over the limit is 413; a post that is not a form is 415.

use axum::extract::rejection::{BytesRejection, FormRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;

use super::error::AppError;

/// Whether the request says its body is `application/x-www-form-urlencoded`.
pub fn is_urlencoded_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> AppError {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
            _ => AppError::BadRequest,
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> AppError {
        AppError::NotFound
    }
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> AppError {
        AppError::BadRequest
    }
}

impl From<FormRejection> for AppError {
    fn from(rejection: FormRejection) -> AppError {
        match rejection {
            FormRejection::InvalidFormContentType(_) => AppError::UnsupportedMediaType,
            FormRejection::BytesRejection(bytes) => bytes.into(),
            _ => AppError::BadRequest,
        }
    }
}

/// [`axum::extract::Path`], refused with our 404 page.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

/// [`axum::extract::Query`], refused with our 400 page.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// [`axum::Form`], refused with our 400, 413 or 415 page.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let axum::Form(value) = axum::Form::<T>::from_request(request, state).await?;
        Ok(Form(value))
    }
}
