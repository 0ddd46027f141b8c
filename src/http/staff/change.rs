//! [`Change`]: a staff form that may change something. Extracting it checks, in this order,
//! that someone is signed in, that their role may send it (403), that the body is a form (415,
//! 413, 400) and that it carries this session's CSRF token (403). Only then does the handler
//! run, with the form parsed into `T` and the language it was sent in.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use serde::de::DeserializeOwned;
use templates::Lang;

use super::Staff;
use crate::domain::account::Account;
use crate::http::{AppState, error::AppError, extract::is_urlencoded_form};

/// Who may send a kind of change.
pub trait MaySend {
    fn may_send(account: &Account) -> bool;
}

/// Any signed-in staff member (signing out, say).
pub struct Signed;
/// Managers and admins: moderation, counters.
pub struct Managers;
/// Admins only: accounts, the unit tree, questionnaires.
pub struct Admins;

impl MaySend for Signed {
    fn may_send(_: &Account) -> bool {
        true
    }
}

impl MaySend for Managers {
    fn may_send(account: &Account) -> bool {
        account.may_change()
    }
}

impl MaySend for Admins {
    fn may_send(account: &Account) -> bool {
        account.role == crate::domain::account::Role::Admin
    }
}

/// A checked change: `form` is the body parsed into `T` (its `csrf` and `lang` fields are read
/// here, and `T` need not declare them).
pub struct Change<T, Who: MaySend = Managers> {
    pub staff: Staff,
    pub form: T,
    /// The language of the page the form was on (`lang` field), Vietnamese if none.
    pub lang: Lang,
    who: PhantomData<Who>,
}

impl<T, Who: MaySend> Change<T, Who> {
    /// The account that makes the change, as the audit log names it.
    pub fn actor(&self) -> &str {
        &self.staff.account.username
    }
}

impl<T, Who> FromRequest<AppState> for Change<T, Who>
where
    T: DeserializeOwned,
    Who: MaySend,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = request.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        if !Who::may_send(&staff.account) {
            return Err(AppError::Forbidden);
        }
        let request = Request::from_parts(parts, body);
        if !is_urlencoded_form(request.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let body = Bytes::from_request(request, state).await?;
        // Our forms send UTF-8: a body that is not is refused, never stored with its bytes
        // replaced.
        if !decodes_as_utf8(&body) {
            return Err(NOT_OUR_FORM);
        }
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&body).map_err(|_| NOT_OUR_FORM)?;
        let field = |name: &str| {
            fields
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        if !staff.csrf_matches(field("csrf").unwrap_or_default()) {
            return Err(AppError::Forbidden);
        }
        let lang = field("lang").and_then(Lang::from_code).unwrap_or_default();
        let form = serde_urlencoded::from_bytes(&body).map_err(|_| NOT_OUR_FORM)?;
        Ok(Change {
            staff,
            form,
            lang,
            who: PhantomData,
        })
    }
}

/// A staff form that our pages never send (a field twice, bytes that are not UTF-8): said to the
/// staff member in their terms, not the citizen's.
const NOT_OUR_FORM: AppError = AppError::Invalid(
    "Biểu mẫu gửi lên không hợp lệ (trường lặp lại hoặc ký tự không đọc được). Vui lòng tải lại trang và gửi lại.",
    "The form sent is not valid (a field repeated, or characters that cannot be read). Please reload the page and send it again.",
);

/// Whether every name and value of a urlencoded body decodes to UTF-8.
fn decodes_as_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').all(|pair| {
        pair.split(|b| *b == b'=').all(|part| {
            let spaced: Vec<u8> = part
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
            std::str::from_utf8(&bytes).is_ok()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::decodes_as_utf8;

    #[test]
    fn bad_utf8_in_a_staff_form_is_found() {
        assert!(decodes_as_utf8(b"csrf=abc&hotline=0236+3822&name=X%C3%A3"));
        assert!(!decodes_as_utf8(b"csrf=abc&hotline=%C3%28"));
        assert!(!decodes_as_utf8(b"csrf=abc&%FF=1"));
    }
}
