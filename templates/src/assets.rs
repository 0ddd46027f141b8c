//! Static assets, served under content-hashed names so that they can be cached for a year.
//!
//! Two stylesheets: the citizen's pages load `citizen.css` alone (a first visit stays small on a
//! slow connection); staff pages load it and `staff.css` after it.

use std::sync::LazyLock;

/// One stylesheet: its content and its hashed file name.
pub struct Stylesheet {
    pub css: &'static str,
    stem: &'static str,
    file: LazyLock<String>,
    path: LazyLock<String>,
}

impl Stylesheet {
    /// `citizen-<hash>.css`: the file's name, which changes whenever the CSS does.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The stylesheet's path, under [`crate::paths::Static`].
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn stem(&self) -> &'static str {
        self.stem
    }
}

fn hashed_name(stem: &str, css: &str) -> String {
    format!("{stem}-{:016x}.css", fnv1a(css.as_bytes()))
}

macro_rules! stylesheet {
    ($stem:literal) => {{
        const CSS: &str = include_str!(concat!("../static/", $stem, ".css"));
        Stylesheet {
            css: CSS,
            stem: $stem,
            file: LazyLock::new(|| hashed_name($stem, CSS)),
            path: LazyLock::new(|| crate::paths::Static::href(&hashed_name($stem, CSS))),
        }
    }};
}

/// The public pages' stylesheet: survey, thank-you, privacy, errors.
pub static CITIZEN_CSS: Stylesheet = stylesheet!("citizen");
/// What staff pages add to it.
pub static STAFF_CSS: Stylesheet = stylesheet!("staff");

/// Every stylesheet served under `/static/`.
pub fn stylesheets() -> [&'static Stylesheet; 2] {
    [&CITIZEN_CSS, &STAFF_CSS]
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
    fn css_paths_are_hashed_and_stable() {
        for sheet in stylesheets() {
            let path = sheet.path();
            let prefix = format!("/static/{}-", sheet.stem());
            assert!(
                path.starts_with(&prefix) && path.ends_with(".css"),
                "{path}"
            );
            assert_eq!(path.len(), prefix.len() + 16 + ".css".len());
            assert_eq!(path, sheet.path());
            assert!(path.ends_with(sheet.file()));
        }
        assert_ne!(CITIZEN_CSS.file(), STAFF_CSS.file());
    }

    #[test]
    fn the_citizen_sheet_holds_no_staff_rules() {
        assert!(!CITIZEN_CSS.css.contains(".staff"));
        assert!(CITIZEN_CSS.css.contains(".hp{"));
    }
}
