//! What a unit tells the citizens who rate it, set by its managers: a hotline or other feedback
//! channel (on the thank-you page), a header line for its posters ("UBND TỈNH …"), and whether
//! its results are published (`/results/{code}`).

use crate::domain::invalid::Invalid;

/// The longest hotline text or poster header: a line, not a letter.
pub const MAX_CHARS: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitContact {
    pub hotline: Option<String>,
    pub poster_header: Option<String>,
    pub public_results: bool,
}

impl UnitContact {
    /// Both fields trimmed; an empty one means none.
    pub fn parse(
        hotline: &str,
        poster_header: &str,
        public_results: bool,
    ) -> Result<UnitContact, Invalid> {
        Ok(UnitContact {
            hotline: line(hotline, "đường dây nóng", "the hotline")?,
            poster_header: line(poster_header, "dòng tiêu đề áp phích", "the poster header")?,
            public_results,
        })
    }
}

fn line(raw: &str, what_vi: &str, what_en: &str) -> Result<Option<String>, Invalid> {
    let text = raw.trim();
    if text.chars().count() > MAX_CHARS {
        return Err(Invalid::new(
            format!("{what_vi} dài quá {MAX_CHARS} ký tự"),
            format!("{what_en} is longer than {MAX_CHARS} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() || reshapes_text(c)) {
        return Err(Invalid::new(
            format!("{what_vi} chỉ được là một dòng, không có ký tự điều khiển"),
            format!("{what_en} must be one line, without control characters"),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// Characters that break a line or turn the direction of the text around it (line and paragraph
/// separators, bidirectional marks and overrides): a header or hotline holding one could print
/// on two lines or read differently from what was typed.
fn reshapes_text(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The `tel:` address of a hotline that is a phone number (digits, spaces, dots, dashes, an
/// optional leading +), so that a phone dials it in one tap; `None` for anything else (an
/// address, a Zalo name), which is shown as text.
pub fn dial_href(hotline: &str) -> Option<String> {
    let digits: String = hotline
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let number = digits.strip_prefix('+').unwrap_or(&digits);
    let is_number = (3..=15).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
    is_number.then(|| format!("tel:{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_are_none_and_long_or_multiline_ones_refused() {
        assert_eq!(
            UnitContact::parse("  ", "", false),
            Ok(UnitContact::default())
        );
        let set = UnitContact::parse(" 0236 3822 111 ", "UBND TỈNH QUẢNG NAM", true).unwrap();
        assert_eq!(set.hotline.as_deref(), Some("0236 3822 111"));
        assert!(UnitContact::parse(&"9".repeat(201), "", false).is_err());
        assert!(UnitContact::parse("", "a\nb", false).is_err());
        assert!(UnitContact::parse("0236\u{2028}3822", "", false).is_err());
        assert!(UnitContact::parse("", "x\u{202e}abc", false).is_err());
    }

    #[test]
    fn phone_numbers_dial_and_other_channels_do_not() {
        assert_eq!(
            dial_href("0236 3822 111").as_deref(),
            Some("tel:02363822111")
        );
        assert_eq!(
            dial_href("+84 236.3822.111").as_deref(),
            Some("tel:+842363822111")
        );
        assert_eq!(dial_href("1022"), Some("tel:1022".to_owned()));
        assert_eq!(dial_href("Zalo OA: UBND xã"), None);
        assert_eq!(dial_href("12"), None);
    }
}
