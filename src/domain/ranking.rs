//! Ranking sibling units (or counters) by SIPAS index, with the minimum sample, like with like
//! (docs/methodology.md, "Change and ranking").

use std::collections::HashMap;

use crate::domain::exact::Percent;
use crate::domain::{Scale, UnitKind};

/// How one unit places among its siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Placing {
    Ranked(u32),
    /// Fewer respondents than the minimum sample: listed, not ranked.
    InsufficientSample,
    /// No valid answer at all.
    NoData,
    /// A counter whose answers in the period are on more than one scale: listed, never ranked.
    MixedScales,
}

/// Which rows are ranked against each other. Departments are not ranked against communes, nor a
/// counter on the 3-level scale against one on the 5-point scale.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Peers {
    /// Sibling units of one kind.
    Kind(UnitKind),
    /// Counters whose answers are all on one scale.
    Scale(Scale),
    /// Counters with answers on several scales in the period.
    MixedScales,
}

impl Peers {
    /// The peers of a counter whose satisfaction answers are on `scales`.
    pub fn of_scales(scales: &std::collections::BTreeSet<Scale>) -> Option<Peers> {
        let mut each = scales.iter();
        match (each.next(), each.next()) {
            (None, _) => None,
            (Some(scale), None) => Some(Peers::Scale(*scale)),
            (Some(_), Some(_)) => Some(Peers::MixedScales),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Peers::Kind(kind) => kind.code(),
            Peers::Scale(Scale::ThreeLevel) => "three_level",
            Peers::Scale(Scale::Expectation) => "expectation",
            Peers::Scale(Scale::FivePoint) => "five_point",
            Peers::MixedScales => "mixed_scales",
        }
    }

    /// The heading of the group in a table, in Vietnamese.
    pub fn name_vi(self) -> &'static str {
        match self {
            Peers::Kind(UnitKind::Province) => "Tỉnh, thành phố",
            Peers::Kind(UnitKind::Department) => "Sở, ban, ngành",
            Peers::Kind(UnitKind::Commune) => "Xã, phường, đặc khu",
            Peers::Kind(UnitKind::ServicePoint) => "Điểm tiếp nhận và trả kết quả",
            Peers::Scale(Scale::FivePoint) => "Quầy dùng thang 5 mức",
            Peers::Scale(_) => "Quầy dùng thang 3 mức (một chạm)",
            Peers::MixedScales => "Quầy có phiếu trên nhiều thang đo (không xếp hạng)",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Peers::Kind(UnitKind::Province) => "Provinces",
            Peers::Kind(UnitKind::Department) => "Departments",
            Peers::Kind(UnitKind::Commune) => "Communes",
            Peers::Kind(UnitKind::ServicePoint) => "Service points",
            Peers::Scale(Scale::FivePoint) => "Counters on the 5-point scale",
            Peers::Scale(_) => "Counters on the 3-level scale (one tap)",
            Peers::MixedScales => "Counters answered on several scales (not ranked)",
        }
    }
}

/// The default minimum number of respondents for a unit to be ranked.
pub const DEFAULT_MIN_SAMPLE: u64 = 30;

/// Ranks siblings by index, descending; equal indices (as shown, to 2 decimals) share a rank and
/// the next rank skips (1, 2, 2, 4). Input: `(index, respondents)` per unit; output in the same
/// order.
pub fn rank(units: &[(Option<Percent>, u64)], min_sample: u64) -> Vec<Placing> {
    let shown = |value: Percent| value.hundredths;
    let eligible: Vec<i64> = units
        .iter()
        .filter_map(|(value, respondents)| value.filter(|_| *respondents >= min_sample).map(shown))
        .collect();
    units
        .iter()
        .map(|(value, respondents)| match value {
            None => Placing::NoData,
            Some(_) if *respondents < min_sample => Placing::InsufficientSample,
            Some(value) => {
                let mine = shown(*value);
                let better = eligible.iter().filter(|other| **other > mine).count();
                Placing::Ranked(u32::try_from(better).unwrap_or(u32::MAX).saturating_add(1))
            }
        })
        .collect()
}

/// Ranks each group of peers on its own, as [`rank`] does; rows on mixed scales are never
/// ranked. Input: `(peers, index, respondents)` per row; output in the same order.
pub fn rank_among_peers(
    rows: &[(Option<Peers>, Option<Percent>, u64)],
    min_sample: u64,
) -> Vec<Placing> {
    let mut groups: HashMap<Option<Peers>, Vec<usize>> = HashMap::new();
    for (i, (peers, _, _)) in rows.iter().enumerate() {
        groups.entry(*peers).or_default().push(i);
    }
    let mut placings = vec![Placing::NoData; rows.len()];
    for (peers, members) in groups {
        let entries: Vec<(Option<Percent>, u64)> =
            members.iter().map(|&i| (rows[i].1, rows[i].2)).collect();
        let ranked = rank(&entries, min_sample);
        for (&i, placing) in members.iter().zip(ranked) {
            placings[i] = match (peers, placing) {
                (Some(Peers::MixedScales), Placing::Ranked(_) | Placing::InsufficientSample) => {
                    Placing::MixedScales
                }
                (_, placing) => placing,
            };
        }
    }
    placings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exact::Exact;

    /// `satisfied` out of 100,000 answers: `p(80_004)` is 80.004%.
    fn p(satisfied: u64) -> Option<Percent> {
        Exact::ratio(satisfied, 100_000).map(|e| e.percent())
    }

    #[test]
    fn ranks_are_shared_on_ties_and_small_samples_are_unranked() {
        let placings = rank(
            &[
                (p(90_000), 50),
                (p(80_000), 40),
                (p(80_000), 35),
                (p(70_000), 100),
                (p(99_000), 29),
                (None, 0),
            ],
            30,
        );
        assert_eq!(
            placings,
            [
                Placing::Ranked(1),
                Placing::Ranked(2),
                Placing::Ranked(2),
                Placing::Ranked(4),
                Placing::InsufficientSample,
                Placing::NoData,
            ]
        );
        // Equal as shown (80.004 and 79.996 both read 80.00) means equal rank.
        assert_eq!(
            rank(&[(p(80_004), 30), (p(79_996), 30)], 30),
            [Placing::Ranked(1), Placing::Ranked(1)]
        );
    }

    #[test]
    fn departments_and_communes_are_ranked_apart_and_mixed_scales_never() {
        let department = Some(Peers::Kind(UnitKind::Department));
        let commune = Some(Peers::Kind(UnitKind::Commune));
        let placings = rank_among_peers(
            &[
                (commune, p(70_000), 40),
                (department, p(60_000), 40),
                (commune, p(90_000), 40),
                (department, p(95_000), 40),
                (Some(Peers::MixedScales), p(99_000), 400),
                (Some(Peers::MixedScales), None, 0),
            ],
            30,
        );
        assert_eq!(
            placings,
            [
                Placing::Ranked(2),
                Placing::Ranked(2),
                Placing::Ranked(1),
                Placing::Ranked(1),
                Placing::MixedScales,
                Placing::NoData,
            ]
        );
    }

    #[test]
    fn a_counter_is_of_its_scale_or_of_mixed_scales() {
        use std::collections::BTreeSet;
        assert_eq!(Peers::of_scales(&BTreeSet::new()), None);
        assert_eq!(
            Peers::of_scales(&BTreeSet::from([Scale::ThreeLevel])),
            Some(Peers::Scale(Scale::ThreeLevel))
        );
        assert_eq!(
            Peers::of_scales(&BTreeSet::from([Scale::FivePoint, Scale::ThreeLevel])),
            Some(Peers::MixedScales)
        );
    }
}
