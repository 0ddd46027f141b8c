//! The answer scales of docs/methodology.md and which points count as satisfied.

use std::ops::RangeInclusive;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Scale {
    /// 1 Rất không hài lòng … 5 Rất hài lòng; 4 and 5 count as satisfied.
    FivePoint,
    /// 1 Không hài lòng, 2 Hài lòng, 3 Rất hài lòng; 2 and 3 count as satisfied.
    ThreeLevel,
    /// 1 Ít, 2 Nhiều, 3 Rất nhiều: reported as a distribution, never as satisfaction.
    Expectation,
}

/// A point on some scale, obtained only by parsing against that scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScalePoint(u8);

impl ScalePoint {
    pub fn get(self) -> u8 {
        self.0
    }
}

const FIVE_LABELS: [(&str, &str); 5] = [
    ("Rất không hài lòng", "Very dissatisfied"),
    ("Không hài lòng", "Dissatisfied"),
    ("Bình thường", "Neutral"),
    ("Hài lòng", "Satisfied"),
    ("Rất hài lòng", "Very satisfied"),
];
const THREE_LABELS: [(&str, &str); 3] = [
    ("Không hài lòng", "Dissatisfied"),
    ("Hài lòng", "Satisfied"),
    ("Rất hài lòng", "Very satisfied"),
];
const EXPECTATION_LABELS: [(&str, &str); 3] = [
    ("Ít", "A little"),
    ("Nhiều", "Much"),
    ("Rất nhiều", "Very much"),
];

impl Scale {
    /// The code stored in the `question.scale` column.
    pub fn code(self) -> &'static str {
        match self {
            Scale::FivePoint => "five_point",
            Scale::ThreeLevel => "three_level",
            Scale::Expectation => "expectation",
        }
    }

    pub fn from_code(code: &str) -> Option<Scale> {
        match code {
            "five_point" => Some(Scale::FivePoint),
            "three_level" => Some(Scale::ThreeLevel),
            "expectation" => Some(Scale::Expectation),
            _ => None,
        }
    }

    pub fn points(self) -> RangeInclusive<u8> {
        match self {
            Scale::FivePoint => 1..=5,
            Scale::ThreeLevel | Scale::Expectation => 1..=3,
        }
    }

    /// Accepts exactly the decimal digits of a point of this scale ("1" … "5"): no sign, no
    /// space, no leading zero.
    pub fn parse_point(self, raw: &str) -> Option<ScalePoint> {
        let [digit] = raw.as_bytes() else {
            return None;
        };
        let value = digit.checked_sub(b'0')?;
        self.point(value)
    }

    /// A point from a stored value, if the value is on this scale.
    pub fn point(self, value: u8) -> Option<ScalePoint> {
        self.points().contains(&value).then_some(ScalePoint(value))
    }

    /// (Vietnamese, English) labels, lowest point first.
    pub fn labels(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Scale::FivePoint => &FIVE_LABELS,
            Scale::ThreeLevel => &THREE_LABELS,
            Scale::Expectation => &EXPECTATION_LABELS,
        }
    }

    /// Whether answers on this scale enter satisfaction figures.
    pub fn is_satisfaction(self) -> bool {
        !matches!(self, Scale::Expectation)
    }

    /// The top two levels count as satisfied; `None` for a scale that measures no satisfaction.
    pub fn is_satisfied(self, point: ScalePoint) -> Option<bool> {
        match self {
            Scale::FivePoint => Some(point.0 >= 4),
            Scale::ThreeLevel => Some(point.0 >= 2),
            Scale::Expectation => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Scale; 3] = [Scale::FivePoint, Scale::ThreeLevel, Scale::Expectation];

    #[test]
    fn codes_round_trip() {
        for scale in ALL {
            assert_eq!(Scale::from_code(scale.code()), Some(scale));
        }
        assert_eq!(Scale::from_code("FIVE_POINT"), None);
    }

    #[test]
    fn satisfied_is_the_top_two_levels() {
        let five: Vec<bool> = (1..=5)
            .filter_map(|v| Scale::FivePoint.point(v))
            .filter_map(|p| Scale::FivePoint.is_satisfied(p))
            .collect();
        assert_eq!(five, [false, false, false, true, true]);
        let three: Vec<bool> = (1..=3)
            .filter_map(|v| Scale::ThreeLevel.point(v))
            .filter_map(|p| Scale::ThreeLevel.is_satisfied(p))
            .collect();
        assert_eq!(three, [false, true, true]);
        let any = Scale::Expectation.point(3);
        assert_eq!(any.and_then(|p| Scale::Expectation.is_satisfied(p)), None);
    }

    #[test]
    fn labels_match_points() {
        for scale in ALL {
            assert_eq!(scale.labels().len(), scale.points().count());
        }
        assert_eq!(Scale::FivePoint.labels()[4].0, "Rất hài lòng");
    }

    #[test]
    fn rejects_near_misses() {
        for raw in ["", "0", "6", "05", " 5", "5 ", "+5", "-1", "٥", "55", "5.0"] {
            assert_eq!(Scale::FivePoint.parse_point(raw), None, "{raw:?}");
        }
        assert_eq!(Scale::ThreeLevel.parse_point("4"), None);
    }

    proptest! {
        #[test]
        fn parses_exactly_the_points_of_the_scale(raw in ".{0,4}", which in 0usize..3) {
            let scale = ALL[which];
            let parsed = scale.parse_point(&raw);
            let expected = scale.points().find(|v| v.to_string() == raw);
            prop_assert_eq!(parsed.map(ScalePoint::get), expected);
        }
    }
}
