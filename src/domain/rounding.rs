//! Presentation of percentages: values stay unrounded everywhere else.

/// Rounds to 2 decimals, half away from zero (88.235 → 88.24), for presentation only.
///
/// The nudge of 1e-9 undoes binary representation error (88.235 is stored as 88.2349999…).
/// It cannot push a value that truly lies below a half over it: a pooled index S/V × 100, scaled
/// to hundredths, is S·10000/V, which is either exactly on a half or at least 1/(2V) away from
/// one, more than 1e-9 for any V under 500 million answers. (An item-mean value is a mean of
/// such fractions; one within 1e-9 of a half without being on it would need counts far beyond
/// any deployment.)
pub fn round2(value: f64) -> f64 {
    let scaled = value * 100.0;
    (scaled + scaled.signum() * 1e-9).round() / 100.0
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
}
