//! The web layer's error: each variant states its status; 500s are logged with their cause
//! chain and shown as a plain, polite page that reveals nothing of the inside.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use templates::errors::{ErrorPage, error_page};

use crate::db;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: a survey token that is unknown, rotated or switched off.
    #[error("survey code not in use")]
    CodeNotInUse,
    /// 303 to the login page: a staff page without a live session.
    #[error("not signed in")]
    SignIn,
    /// 404: no such page.
    #[error("not found")]
    NotFound,
    /// 403: a form without this session's CSRF token, or a page outside the account's scope.
    #[error("forbidden")]
    Forbidden,
    /// 413: the body is over the limit.
    #[error("payload too large")]
    TooLarge,
    /// 415: a post that is not a urlencoded form.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 400: a body that could not be read.
    #[error("bad request")]
    BadRequest,
    /// 429: too many posts from one address this minute.
    #[error("too many requests")]
    TooManyRequests,
    /// 422: a staff form filled in wrongly; (Vietnamese, English) say what to correct.
    #[error("invalid form: {1}")]
    Invalid(&'static str, &'static str),
    /// 503: the database is busy past its wait (a connection, or the writer); nothing changed.
    #[error("busy: {0}")]
    Busy(String),
    /// 500: anything else; the cause is logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<db::Error> for AppError {
    fn from(err: db::Error) -> AppError {
        match err {
            db::Error::Unavailable(why) => AppError::Busy(why),
            db::Error::Db(sea_orm::DbErr::ConnectionAcquire(why)) => {
                AppError::Busy(why.to_string())
            }
            other => AppError::Internal(other.into()),
        }
    }
}

/// Failures a request cannot recover from: a 500, with the cause logged.
macro_rules! internal_errors {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for AppError {
            fn from(err: $error) -> AppError {
                AppError::Internal(err.into())
            }
        }
    )*};
}

internal_errors!(
    getrandom::Error,
    std::io::Error,
    crate::qr::QrError,
    crate::report::ReportError,
    crate::auth::login::LoginError,
    rust_xlsxwriter::XlsxError,
    axum::http::header::InvalidHeaderValue,
);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            AppError::SignIn => {
                return Redirect::to(&templates::paths::Login::href()).into_response();
            }
            AppError::CodeNotInUse => (StatusCode::NOT_FOUND, ErrorPage::CodeNotInUse),
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::NotFound),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorPage::Forbidden),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorPage::TooLarge),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorPage::UnsupportedMediaType,
            ),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, ErrorPage::BadRequest),
            AppError::TooManyRequests => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorPage::TooManyRequests)
            }
            AppError::Invalid(vi, en) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorPage::Invalid { vi, en },
            ),
            AppError::Busy(why) => {
                tracing::warn!(why, "busy: refused with 503");
                let page = error_page(ErrorPage::Busy, None);
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [
                        (header::CACHE_CONTROL, "no-store"),
                        (header::RETRY_AFTER, "5"),
                    ],
                    page,
                )
                    .into_response();
            }
            AppError::Internal(cause) => {
                let request_id = super::trace::current_request_id();
                tracing::error!(request_id, error = ?cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Internal)
            }
        };
        let reference = (page == ErrorPage::Internal)
            .then(super::trace::current_request_id)
            .flatten();
        (
            status,
            [(header::CACHE_CONTROL, "no-store")],
            error_page(page, reference.as_deref()),
        )
            .into_response()
    }
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
