//! API errors as JSON: `{"error": CODE, "message": Vietnamese, "message_en": English}`.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::db;

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
    BadRequest(String),
    /// 500: logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<db::Error> for ApiError {
    fn from(err: db::Error) -> ApiError {
        ApiError::Internal(err.into())
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> ApiError {
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
                format!("Tham số không hợp lệ: {detail}"),
                format!("Invalid parameter: {detail}"),
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
