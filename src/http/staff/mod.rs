//! The staff side's building blocks, which every staff handler uses instead of checking by hand:
//!
//! - [`Staff`]: the signed-in staff member (else a redirect to the login page);
//! - [`AdminStaff`]: the same, refused with 403 unless an admin;
//! - [`ScopedUnit`], [`ScopedCounter`], [`ScopedResponse`]: the thing the path names, already
//!   checked against the account's scope (outside it, or unknown: the same 404);
//! - [`Change`]: a form whose CSRF token is this session's, sent by a role allowed to change
//!   things, with the language it was sent in.
//!
//! A handler that takes these cannot forget a check. `docs/staff-pages.md` shows a whole page.
//!
//! The session is resolved from its cookie, in the database, on every request (so that several
//! instances share sessions and a logout takes effect everywhere), once per request: the
//! extractors share it through the request's extensions.

mod change;
mod question;
mod scope;

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
    response::{IntoResponse, Response},
};

use super::{AppState, cookies, error::AppError};
use crate::db::accounts;
use crate::domain::account::{Account, Role};
pub use change::{Admins, Change, Managers, MaySend, Signed};
pub use question::{Question, ask};
pub use scope::{ScopedCounter, ScopedResponse, ScopedUnit};

#[derive(Clone)]
pub struct Staff {
    pub account: Account,
    /// The session's CSRF token: every form that changes something carries it.
    pub csrf: String,
    pub token_hash: String,
}

impl Staff {
    /// Whether a form's token is this session's.
    fn csrf_matches(&self, sent: &str) -> bool {
        !sent.is_empty() && crate::auth::digest(sent) == crate::auth::digest(&self.csrf)
    }

    pub fn username(&self) -> String {
        self.account.username.clone()
    }

    pub fn is_admin(&self) -> bool {
        self.account.role == Role::Admin
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, AppError> {
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        let Some(token) = cookies::get(&parts.headers, cookies::SESSION) else {
            return Err(AppError::SignIn);
        };
        let token_hash = crate::auth::digest(token);
        let found = accounts::session_account(&state.db, &token_hash, state.clock.now());
        match found.await {
            Ok(Some((account, csrf))) => {
                let staff = Staff {
                    account,
                    csrf,
                    token_hash,
                };
                parts.extensions.insert(staff.clone());
                Ok(staff)
            }
            Ok(None) => Err(AppError::SignIn),
            Err(err) => Err(err.into()),
        }
    }
}

/// A signed-in admin: the pages only admins see (others get 403).
pub struct AdminStaff(pub Staff);

impl FromRequestParts<AppState> for AdminStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.is_admin() {
            Ok(AdminStaff(staff))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A signed-in staff member whose role is `Who` (`Managers`, `Admins`): a page that only they
/// see, such as the question before a change (others get 403).
pub struct Allowed<Who: MaySend>(pub Staff, pub std::marker::PhantomData<Who>);

impl<Who: MaySend> FromRequestParts<AppState> for Allowed<Who> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if Who::may_send(&staff.account) {
            Ok(Allowed(staff, std::marker::PhantomData))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The form of a change that needs nothing but its CSRF token (a button).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// A staff page: never kept by a browser's or a proxy's cache (it shows one account's data).
pub fn page(body: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], body).into_response()
}
