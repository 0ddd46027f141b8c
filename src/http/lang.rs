//! Which language a page speaks: `?lang=` when given, else the browser's preference between
//! Vietnamese and English, else Vietnamese.

use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, header, request::Parts};
use templates::Lang;

/// The language a page is asked in: `?lang=`, else the browser's preference, else Vietnamese.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(choose(
            from_query(parts.uri.query()),
            &parts.headers,
        )))
    }
}

/// The language of a page: the one asked for (`?lang=`), else the one a staff member chose
/// before (the [`COOKIE`], sent on staff pages only), else the `Accept-Language` header's choice.
pub fn choose(requested: Option<Lang>, headers: &HeaderMap) -> Lang {
    requested
        .or_else(|| super::cookies::get(headers, COOKIE).and_then(Lang::from_code))
        .unwrap_or_else(|| {
            from_accept_language(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        })
}

/// The language a staff member chose with `?lang=`, kept for a year on the staff pages, so that
/// every link of an English page stays English without carrying `?lang=en`.
pub const COOKIE: &str = "sipas_lang";

/// Staff pages: a `?lang=` choice is remembered in [`COOKIE`] (for `/admin` only: the citizen
/// pages follow the citizen's own phone).
pub async fn remember(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let chosen = from_query(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{COOKIE}={}; Path={}; HttpOnly; SameSite=Lax; Max-Age=31536000",
            lang.code(),
            templates::paths::Home::ROUTE
        );
        if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The value of `lang` in a raw query string, if it names one of our languages.
pub fn from_query(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::from_code)
}

/// Picks the language the `Accept-Language` header prefers most among ours.
pub fn from_accept_language(header: Option<&str>) -> Lang {
    let Some(header) = header else {
        return Lang::Vi;
    };
    let mut best: Option<(u16, Lang)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(lang) = Lang::from_code(&primary) else {
            continue;
        };
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1000, parse_quality);
        if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map_or(Lang::Vi, |(_, lang)| lang)
}

/// `q` values in thousandths; anything unreadable counts as 0 (not acceptable).
fn parse_quality(raw: &str) -> u16 {
    raw.trim()
        .parse::<f32>()
        .ok()
        .filter(|q| (0.0..=1.0).contains(q))
        .map_or(0, |q| (q * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_query_wins() {
        assert_eq!(from_query(Some("lang=en")), Some(Lang::En));
        assert_eq!(from_query(Some("x=1&lang=vi")), Some(Lang::Vi));
        assert_eq!(from_query(Some("lang=fr")), None);
        assert_eq!(from_query(None), None);
    }

    #[test]
    fn accept_language_picks_the_preferred_of_ours() {
        assert_eq!(from_accept_language(None), Lang::Vi);
        assert_eq!(from_accept_language(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(
            from_accept_language(Some("vi-VN,vi;q=0.9,en;q=0.8")),
            Lang::Vi
        );
        assert_eq!(from_accept_language(Some("fr,en;q=0.5,vi;q=0.7")), Lang::Vi);
        assert_eq!(from_accept_language(Some("fr,de")), Lang::Vi);
        assert_eq!(from_accept_language(Some("en;q=0")), Lang::Vi);
        assert_eq!(from_accept_language(Some("EN-gb;q=bogus, en-AU")), Lang::En);
    }

    proptest::proptest! {
        #[test]
        fn any_accept_language_header_picks_one_of_ours(header in "\\PC{0,200}") {
            let lang = from_accept_language(Some(&header));
            proptest::prop_assert!(lang == Lang::Vi || lang == Lang::En);
            let _ = from_query(Some(&header));
        }
    }
}
