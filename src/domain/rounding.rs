//! Presentation of percentages: values stay unrounded everywhere else.
//!
//! A figure of counts (an index, a change) is rounded exactly, half away from zero, by
//! `domain::exact` (docs/methodology.md, "Rounding"): these functions only write its hundredths.
//! A value that rounds to zero is written `0.00`, never `-0.00`: there is no negative zero among
//! whole hundredths.

use crate::domain::exact::Percent;

/// `88,24` (Vietnamese).
pub fn format_vi(value: Percent) -> String {
    hundredths_text(value.hundredths, ',')
}

/// `88.24` (English, CSV and JSON).
pub fn format_en(value: Percent) -> String {
    hundredths_text(value.hundredths, '.')
}

fn hundredths_text(hundredths: i64, separator: char) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.unsigned_abs();
    format!("{sign}{}{separator}{:02}", magnitude / 100, magnitude % 100)
}

/// Rounds a value that is not a figure of counts (a confidence bound) to 2 decimals, half away
/// from zero as far as a float can tell; never −0.
pub fn round2(value: f64) -> f64 {
    Percent::approximate(value).rounded()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exact::Exact;

    fn exact(satisfied: u64, valid: u64) -> Percent {
        Exact::ratio(satisfied, valid).unwrap().percent()
    }

    #[test]
    fn rounding_is_half_away_from_zero_at_presentation_only() {
        assert_eq!(format_en(exact(17_647, 20_000)), "88.24"); // 88.235 exactly
        assert_eq!(format_en(exact(15, 17)), "88.24");
        assert_eq!(format_en(exact(2, 3)), "66.67");
        assert_eq!(format_en(exact(1, 1)), "100.00");
        assert_eq!(format_en(exact(0, 9)), "0.00");
        assert_eq!(format_vi(exact(17_647, 20_000)), "88,24");
        assert_eq!(format_vi(exact(1, 3)), "33,33");
    }

    #[test]
    fn a_change_that_rounds_to_zero_is_never_negative() {
        let hundred = Exact::ratio(1, 1).unwrap();
        for satisfied in [99_996, 99_999, 100_000] {
            let change = Exact::ratio(satisfied, 100_000)
                .unwrap()
                .minus(&hundred)
                .percent();
            assert_eq!(format_en(change), "0.00", "{satisfied}");
            assert_eq!(format_vi(change), "0,00", "{satisfied}");
            assert!(change.rounded().is_sign_positive(), "{satisfied}");
            // JSON writes the rounded number: 0.0, not -0.0.
            assert_eq!(serde_json::to_string(&change.rounded()).unwrap(), "0.0");
        }
        let half_down = Exact::ratio(99_995, 100_000).unwrap().minus(&hundred);
        assert_eq!(format_en(half_down.percent()), "-0.01");
        assert_eq!(round2(-0.003), 0.0);
        assert!(round2(-0.003).is_sign_positive());
        assert_eq!(round2(12.345_6), 12.35);
    }
}
