//! The few cookies sipas sets, read and written by hand (no cookie jar is needed): the staff
//! session and login token, and the survey's random device cookie.

use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION: &str = "sipas_session";
/// The login form's double-submit token, before any session exists.
pub const LOGIN: &str = "sipas_login";
/// A random value per browser, hashed with a daily salt to tell repeats apart.
pub const DEVICE: &str = "sipas_device";

/// The value of cookie `name` in the request.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then_some(value)
        })
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, for the whole site, Secure over HTTPS.
pub fn set(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}"
    );
    // Names and values are ours (hex secrets): always a valid header.
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear(name: &str, secure: bool) -> HeaderValue {
    set(name, "", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sipas_session=abc; b=2"),
        );
        assert_eq!(get(&headers, SESSION), Some("abc"));
        assert_eq!(get(&headers, LOGIN), None);
        let set = set(SESSION, "abc", 60, true);
        assert_eq!(
            set,
            "sipas_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure"
        );
    }
}
