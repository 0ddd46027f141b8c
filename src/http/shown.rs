//! Figures as a staff page writes them in its language: `88,24%` and `+1,25` on Vietnamese
//! pages, `88.24%` and `+1.25` on English ones, "–" for no figure (docs/methodology.md,
//! "Rounding").

use templates::Lang;

use crate::domain::figures::{Percent, format_en, format_vi};

/// An index: `88,24%`, or "–" without one.
pub fn percent(lang: Lang, value: Option<Percent>) -> String {
    match (value, lang) {
        (Some(v), Lang::Vi) => format!("{}%", format_vi(v)),
        (Some(v), Lang::En) => format!("{}%", format_en(v)),
        (None, _) => "–".to_owned(),
    }
}

/// A change in points: `+1,25`, `-0,40`, `0,00` (no sign when it rounds to zero).
pub fn points(lang: Lang, value: Option<Percent>) -> String {
    match value {
        Some(v) => {
            let text = if lang == Lang::Vi {
                format_vi(v)
            } else {
                format_en(v)
            };
            if v.hundredths > 0 {
                format!("+{text}")
            } else {
                text
            }
        }
        None => "–".to_owned(),
    }
}
