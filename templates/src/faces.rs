//! The faces of a satisfaction scale: one inline SVG `<symbol>` set per page, each face drawn
//! where it is needed by a `<use>` reference, so that nineteen items cost five drawings.
//!
//! A face is never the only signal: the number and the label are printed beside it, and the
//! faces are hidden from screen readers. Face 1 is the most dissatisfied (red), face 5 the most
//! satisfied (green). The fills are light enough for the dark eyes and mouth to read against
//! them in bright light, and each face has a dark outline (over 3:1 on white and on light grey).

use maud::{Markup, PreEscaped, html};

/// The fill of each face, red to green.
const FILLS: [&str; 5] = ["#f28b82", "#f7b267", "#f6d55c", "#b5d98a", "#5fbf72"];

/// Each face's mouth: a deep frown, a frown, a level line, a smile, a wide open smile.
const MOUTHS: [&str; 5] = [
    r#"<path d="M12 30Q20 20 28 30" fill="none"/>"#,
    r#"<path d="M13 29Q20 24 27 29" fill="none"/>"#,
    r#"<path d="M13 27H27" fill="none"/>"#,
    r#"<path d="M13 25Q20 31 27 25" fill="none"/>"#,
    r##"<path d="M11 23Q20 36 29 23Z" fill="#17202a"/>"##,
];

/// The symbol set, once per page (hidden; its faces are drawn by [`face`]).
pub fn symbols() -> Markup {
    let mut svg = String::from(
        r#"<svg class="faces" aria-hidden="true" focusable="false" width="0" height="0">"#,
    );
    for (index, (fill, mouth)) in FILLS.iter().zip(MOUTHS).enumerate() {
        svg.push_str(&format!(
            r##"<symbol id="f{n}" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18.5" fill="{fill}" stroke="#17202a" stroke-width="1.5"/><g stroke="#17202a" stroke-width="2.6" stroke-linecap="round"><circle cx="14" cy="16" r="1.3" fill="#17202a"/><circle cx="26" cy="16" r="1.3" fill="#17202a"/>{mouth}</g></symbol>"##,
            n = index + 1,
        ));
    }
    svg.push_str("</svg>");
    html! { (PreEscaped(svg)) }
}

/// One face (1 = most dissatisfied … 5 = most satisfied), drawn from the page's symbol set.
pub fn face(tone: u8) -> Markup {
    let tone = tone.clamp(1, 5);
    html! {
        svg.face aria-hidden="true" focusable="false" viewBox="0 0 40 40" {
            use href=(format!("#f{tone}")) {}
        }
    }
}

/// The face of each point of a scale of `points` levels, for a satisfaction scale: the five
/// faces in order, or on three levels (Không hài lòng, Hài lòng, Rất hài lòng) a frown and two
/// smiles, since "Hài lòng" is already a satisfied answer.
pub fn tones(points: usize) -> Option<&'static [u8]> {
    match points {
        5 => Some(&[1, 2, 3, 4, 5]),
        3 => Some(&[1, 4, 5]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_symbols_and_references_to_them() {
        let set = symbols().into_string();
        assert_eq!(set.matches("<symbol").count(), 5);
        for n in 1..=5 {
            assert!(set.contains(&format!("id=\"f{n}\"")));
        }
        assert!(face(3).into_string().contains("href=\"#f3\""));
        assert!(face(9).into_string().contains("href=\"#f5\""));
        assert_eq!(tones(3), Some(&[1, 4, 5][..]));
        assert_eq!(tones(4), None);
    }
}
