//! Ranking sibling units (or counters) by SIPAS index, with the minimum sample.

use crate::domain::exact::Percent;

/// How one unit places among its siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placing {
    Ranked(u32),
    /// Fewer respondents than the minimum sample: listed, not ranked.
    InsufficientSample,
    /// No valid answer at all.
    NoData,
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
}
