//! The signed-in staff member: resolved from the session cookie, in the database, on every
//! request (so that several instances share sessions and a logout takes effect everywhere).

use axum::{
    extract::FromRequestParts,
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
};
use time::OffsetDateTime;

use super::{AppState, cookies, error::AppError};
use crate::db::accounts;
use crate::domain::account::Account;

pub struct Staff {
    pub account: Account,
    /// The session's CSRF token: every form that changes something carries it.
    pub csrf: String,
    pub token_hash: String,
}

impl Staff {
    /// Whether a form's token is this session's.
    pub fn csrf_matches(&self, sent: &str) -> bool {
        !sent.is_empty() && crate::auth::digest(sent) == crate::auth::digest(&self.csrf)
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, Response> {
        let to_login = || Redirect::to("/admin/login").into_response();
        let Some(token) = cookies::get(&parts.headers, cookies::SESSION) else {
            return Err(to_login());
        };
        let token_hash = crate::auth::digest(token);
        match accounts::session_account(&state.db.reader, &token_hash, OffsetDateTime::now_utc())
            .await
        {
            Ok(Some((account, csrf))) => Ok(Staff {
                account,
                csrf,
                token_hash,
            }),
            Ok(None) => Err(to_login()),
            Err(err) => Err(AppError::from(err).into_response()),
        }
    }
}
