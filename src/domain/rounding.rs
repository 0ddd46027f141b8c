//! Presentation of percentages: values stay unrounded everywhere else.

/// Rounds to 2 decimals, half away from zero (88.235 → 88.24), for presentation only.
///
/// The nudge of 1e-9 undoes binary representation error (88.235 is stored as 88.2349999…).
/// It cannot push a value that truly lies below a half over it: a pooled index S/V × 100, scaled
/// to hundredths, is S·10000/V, which is either exactly on a half or at least 1/(2V) away from
/// one, more than 1e-9 for any V under 500 million answers. (An item-mean value is a mean of
/// such fractions; one within 1e-9 of a half without being on it would need counts far beyond
/// any deployment.)
///
/// A value that rounds to zero is zero, never `-0.00`: a change of −0.004 points is no change.
pub fn round2(value: f64) -> f64 {
    let scaled = value * 100.0;
    let rounded = (scaled + scaled.signum() * 1e-9).round() / 100.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// `88,24` (Vietnamese) from an unrounded value.
pub fn format_vi(value: f64) -> String {
    format!("{:.2}", round2(value)).replace('.', ",")
}

/// `88.24` (English, CSV and JSON) from an unrounded value.
pub fn format_en(value: f64) -> String {
    format!("{:.2}", round2(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::Ratio;

    #[test]
    fn rounding_is_half_away_from_zero_at_presentation_only() {
        assert_eq!(format_en(88.235), "88.24");
        assert_eq!(format_en(88.225), "88.23");
        assert_eq!(format_en(88.234_999), "88.23");
        assert_eq!(format_en(2.0 / 3.0 * 100.0), "66.67");
        assert_eq!(format_en(100.0), "100.00");
        assert_eq!(format_en(-1.005), "-1.01");
        assert_eq!(format_vi(88.235), "88,24");
        // 15/17 = 88.2352… and 1500/1700 are the same; 17647/20000 = 88.235 exactly.
        let exact = Ratio {
            satisfied: 17_647,
            valid: 20_000,
        }
        .index()
        .unwrap();
        assert_eq!(format_en(exact), "88.24");
    }

    #[test]
    fn a_change_that_rounds_to_zero_is_never_negative() {
        for tiny in [-0.004, -0.0049, -0.0, -1e-12] {
            assert_eq!(format_en(tiny), "0.00", "{tiny}");
            assert_eq!(format_vi(tiny), "0,00", "{tiny}");
            assert!(round2(tiny).is_sign_positive(), "{tiny}");
        }
        assert_eq!(format_en(-0.005), "-0.01");
        // JSON writes the rounded number: 0.0, not -0.0.
        assert_eq!(serde_json::to_string(&round2(-0.003)).unwrap(), "0.0");
    }
}
