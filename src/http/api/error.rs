//! API errors as JSON: `{"error": CODE, "message": Vietnamese, "message_en": English}`.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::db;
use crate::domain::invalid::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401: no token, or one that is unknown or revoked.
    #[error("unauthorized")]
    Unauthorized,
    /// 404: no such unit, or one outside the token's scope.
    #[error("not found")]
    NotFound,
    /// 400: a parameter that is missing or malformed; the text says which.
    #[error("bad request: {0}")]
    BadRequest(Invalid),
    /// Any other refusal under `/api/v1` (405, 408, 413, …), with its status.
    #[error("refused: {0}")]
    Refused(StatusCode),
    /// 500: logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<db::Error> for ApiError {
    fn from(err: db::Error) -> ApiError {
        ApiError::Internal(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, vi, en) = match &self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Cần mã API hợp lệ trong tiêu đề Authorization: Bearer.".to_owned(),
                "A valid API token is needed in the Authorization: Bearer header.".to_owned(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Không tìm thấy đơn vị này.".to_owned(),
                "No such unit.".to_owned(),
            ),
            ApiError::BadRequest(detail) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("Tham số không hợp lệ: {}", detail.vi),
                format!("Invalid parameter: {}", detail.en),
            ),
            ApiError::Refused(status) => (
                *status,
                "refused",
                format!("Yêu cầu không được chấp nhận ({}).", status.as_u16()),
                format!(
                    "The request was refused: {}.",
                    status.canonical_reason().unwrap_or("refused")
                ),
            ),
            ApiError::Internal(cause) => {
                tracing::error!(error = ?cause, "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Hệ thống đang gặp sự cố.".to_owned(),
                    "Something went wrong on our side.".to_owned(),
                )
            }
        };
        let mut response = super::json_body(
            status,
            &json!({ "error": code, "message": vi, "message_en": en }),
        );
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// `/api/v1/…` that names no endpoint.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// Every error under `/api/` speaks the API's JSON, whoever made it: a rejection by the router
/// (405), a layer (408, 413, 431) or a handler that forgot. A JSON answer, and anything outside
/// the API, passes unchanged.
pub async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api {
        return response;
    }
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !status.is_client_error() && !status.is_server_error() || is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut json = match status {
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
        StatusCode::BAD_REQUEST => {
            ApiError::BadRequest(Invalid::new("không đọc được yêu cầu", "unreadable request"))
        }
        other => ApiError::Refused(other),
    }
    .into_response();
    if let Some(allow) = allow {
        json.headers_mut().insert(header::ALLOW, allow);
    }
    json
}
