//! Static files under content-hashed names, cached for a year.

use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use templates::assets::{APP_CSS, app_css_file};

use super::error::AppError;
use super::extract::Path;

pub async fn static_file(Path(file): Path<String>) -> Result<Response, AppError> {
    if app_css_file() != file {
        return Err(AppError::NotFound);
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        APP_CSS,
    )
        .into_response())
}
