//! Static files under content-hashed names, cached for a year.

use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use templates::assets::stylesheets;

use super::error::AppError;
use super::extract::Path;

pub async fn static_file(Path(file): Path<String>) -> Result<Response, AppError> {
    let sheet = stylesheets()
        .into_iter()
        .find(|sheet| sheet.file() == file)
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        sheet.css,
    )
        .into_response())
}
