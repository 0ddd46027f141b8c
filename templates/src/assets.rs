//! Static assets, served under content-hashed names so that they can be cached for a year.

use std::sync::LazyLock;

/// The one stylesheet of the public pages.
pub const APP_CSS: &str = include_str!("../static/app.css");

/// `app-<hash>.css`: the file's name, which changes whenever the CSS does.
pub fn app_css_file() -> &'static str {
    static FILE: LazyLock<String> =
        LazyLock::new(|| format!("app-{:016x}.css", fnv1a(APP_CSS.as_bytes())));
    &FILE
}

/// The stylesheet's path, under [`crate::paths::Static`].
pub fn app_css_path() -> &'static str {
    static PATH: LazyLock<String> = LazyLock::new(|| crate::paths::Static::href(app_css_file()));
    &PATH
}

/// FNV-1a: a stable hash with no dependency; it names a file, it guards no secret.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_path_is_hashed_and_stable() {
        let path = app_css_path();
        assert!(path.starts_with("/static/app-") && path.ends_with(".css"));
        assert_eq!(path.len(), "/static/app-".len() + 16 + ".css".len());
        assert_eq!(path, app_css_path());
    }
}
