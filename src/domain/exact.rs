//! Figures held exactly, so that they round to the right side of a half.
//!
//! An index is a fraction of counts (pooled) or a mean of such fractions (item-mean), and a
//! change is the difference of two indices. Through floats, a value a hair below a half can
//! round up: the item-mean 67.464999999… of docs/methodology.md ("Rounding") showed as 67.47.
//! Here a value is kept as a sum of fractions of whole numbers, and its hundredths are decided
//! by integer arithmetic: a float only proposes the answer, and exact comparisons confirm it or
//! move it by one.

use std::cmp::Ordering;

/// A sum of fractions ±num/den of whole numbers, in percent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exact {
    terms: Vec<Term>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Term {
    negative: bool,
    num: u128,
    den: u128,
}

/// A percentage: its unrounded value (for charts and sorting) and its hundredths, rounded half
/// away from zero from the exact value (for everything shown or exported).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Percent {
    pub value: f64,
    pub hundredths: i64,
}

impl Percent {
    /// A value that is not a ratio of counts (a confidence bound): rounded from the float.
    pub fn approximate(value: f64) -> Percent {
        let hundredths = (value * 100.0).round() as i64;
        Percent { value, hundredths }
    }

    /// The rounded value, as the nearest float (67.46 for 6746 hundredths).
    pub fn rounded(self) -> f64 {
        self.hundredths as f64 / 100.0
    }
}

impl Exact {
    /// `satisfied / valid × 100`; `None` when `valid` is 0 (no answer is no index, never 0).
    pub fn ratio(satisfied: u64, valid: u64) -> Option<Exact> {
        Exact::mean_of_ratios(&[(satisfied, valid)])
    }

    /// The mean of the ratios `s / v × 100` that have `v > 0`; `None` when none has.
    pub fn mean_of_ratios(ratios: &[(u64, u64)]) -> Option<Exact> {
        let answered: Vec<(u64, u64)> = ratios.iter().copied().filter(|(_, v)| *v > 0).collect();
        let count = u128::try_from(answered.len()).ok().filter(|n| *n > 0)?;
        let terms = answered
            .into_iter()
            .map(|(s, v)| Term {
                negative: false,
                num: u128::from(s) * 100,
                den: u128::from(v) * count,
            })
            .collect();
        Some(Exact { terms })
    }

    /// `self − other`.
    pub fn minus(&self, other: &Exact) -> Exact {
        let negated = other.terms.iter().map(|t| Term {
            negative: !t.negative,
            ..*t
        });
        Exact {
            terms: self.terms.iter().copied().chain(negated).collect(),
        }
    }

    /// The value as a float (within a few ulps).
    pub fn to_f64(&self) -> f64 {
        self.terms
            .iter()
            .map(|t| {
                let value = t.num as f64 / t.den as f64;
                if t.negative { -value } else { value }
            })
            .sum()
    }

    pub fn percent(&self) -> Percent {
        Percent {
            value: self.to_f64(),
            hundredths: self.hundredths(),
        }
    }

    /// The value in hundredths, rounded half away from zero, exactly. Never "−0": a value that
    /// rounds to zero is 0.
    pub fn hundredths(&self) -> i64 {
        // value × 100 = 100 × (P − Q) / D, with D the product of the denominators and P, Q the
        // positive and negative numerators brought to D.
        let denominator = self
            .terms
            .iter()
            .fold(Big::from(1), |product, t| product.times(&Big::from(t.den)));
        let (mut positive, mut negative) = (Big::from(0), Big::from(0));
        for (i, term) in self.terms.iter().enumerate() {
            let others = self
                .terms
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .fold(Big::from(1), |product, (_, t)| {
                    product.times(&Big::from(t.den))
                });
            let brought = others.times(&Big::from(term.num)).times(&Big::from(200));
            if term.negative {
                negative = negative.plus(&brought);
            } else {
                positive = positive.plus(&brought);
            }
        }
        // Now 2 × value × 100 = (positive − negative) / denominator.
        let below_zero = positive < negative;
        let (larger, smaller) = if below_zero {
            (&negative, &positive)
        } else {
            (&positive, &negative)
        };
        let guess = (self.to_f64().abs() * 100.0).round() as u64;
        let exact = [guess, guess.saturating_sub(1), guess.saturating_add(1)]
            .into_iter()
            .find(|n| rounds_to(larger, smaller, &denominator, *n))
            .unwrap_or(guess);
        let magnitude = i64::try_from(exact).unwrap_or(i64::MAX);
        if below_zero { -magnitude } else { magnitude }
    }
}

/// Whether a magnitude `|2 × value × 100| = (larger − smaller) / d` rounds (half away from
/// zero) to `n`: `(2n − 1)·d ≤ larger − smaller < (2n + 1)·d`.
fn rounds_to(larger: &Big, smaller: &Big, d: &Big, n: u64) -> bool {
    let above_lower = n == 0 || d.times(&Big::from(2 * u128::from(n) - 1)).plus(smaller) <= *larger;
    let below_upper = *larger < d.times(&Big::from(2 * u128::from(n) + 1)).plus(smaller);
    above_lower && below_upper
}

/// A whole number of any size, as base-2³² digits, least significant first, without leading
/// zeros. Only what rounding needs: sum, product, comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from(value: u128) -> Big {
        let mut digits = Vec::new();
        let mut rest = value;
        while rest > 0 {
            digits.push(rest as u32);
            rest >>= 32;
        }
        Big(digits)
    }

    fn plus(&self, other: &Big) -> Big {
        let mut digits = Vec::with_capacity(self.0.len().max(other.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(other.0.len()) {
            let sum = u64::from(self.0.get(i).copied().unwrap_or(0))
                + u64::from(other.0.get(i).copied().unwrap_or(0))
                + carry;
            digits.push(sum as u32);
            carry = sum >> 32;
        }
        if carry > 0 {
            digits.push(carry as u32);
        }
        Big(digits)
    }

    fn times(&self, other: &Big) -> Big {
        if self.0.is_empty() || other.0.is_empty() {
            return Big(Vec::new());
        }
        let mut digits = vec![0u32; self.0.len() + other.0.len()];
        for (i, a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, b) in other.0.iter().enumerate() {
                let cell = u64::from(digits[i + j]) + u64::from(*a) * u64::from(*b) + carry;
                digits[i + j] = cell as u32;
                carry = cell >> 32;
            }
            let mut k = i + other.0.len();
            while carry > 0 {
                let cell = u64::from(digits[k]) + carry;
                digits[k] = cell as u32;
                carry = cell >> 32;
                k += 1;
            }
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Big(digits)
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;
    use num_rational::BigRational;
    use proptest::prelude::*;

    /// The reference: the same value in rational arithmetic, rounded half away from zero.
    fn reference_hundredths(value: &BigRational) -> i64 {
        let scaled = value * BigRational::from_integer(BigInt::from(100));
        let rounded = scaled.round(); // half away from zero
        i64::try_from(rounded.to_integer()).unwrap()
    }

    fn rational_mean(ratios: &[(u64, u64)]) -> Option<BigRational> {
        let answered: Vec<_> = ratios.iter().filter(|(_, v)| *v > 0).collect();
        if answered.is_empty() {
            return None;
        }
        let sum: BigRational = answered
            .iter()
            .map(|(s, v)| BigRational::new(BigInt::from(*s) * 100, BigInt::from(*v)))
            .sum();
        Some(sum / BigRational::from_integer(BigInt::from(answered.len())))
    }

    #[test]
    fn the_item_mean_just_below_a_half_rounds_down() {
        // One service point, quick and full questionnaires: access items 80/101, 94/103,
        // 76/107, 35/109 and 72/113. The mean is 67.464999999963…%: 67.46, not 67.47.
        let index = Exact::mean_of_ratios(&[(80, 101), (94, 103), (76, 107), (35, 109), (72, 113)])
            .unwrap();
        assert!((index.to_f64() - 67.465).abs() < 1e-9);
        assert_eq!(index.hundredths(), 6746);
    }

    #[test]
    fn an_exact_half_rounds_away_from_zero() {
        // 17647/20000 = 88.235% exactly.
        assert_eq!(Exact::ratio(17_647, 20_000).unwrap().hundredths(), 8824);
        // 15/17 = 88.2352…%.
        assert_eq!(Exact::ratio(15, 17).unwrap().hundredths(), 8824);
        // A change of exactly −0.005 points is −0.01; one of −0.004 is 0, never −0.
        let a = Exact::ratio(99_995, 100_000).unwrap(); // 99.995
        let b = Exact::ratio(1, 1).unwrap(); // 100
        assert_eq!(a.minus(&b).hundredths(), -1);
        let c = Exact::ratio(99_996, 100_000).unwrap(); // 99.996
        assert_eq!(c.minus(&b).hundredths(), 0);
        assert_eq!(b.minus(&b).hundredths(), 0);
    }

    #[test]
    fn no_answer_is_no_index() {
        assert_eq!(Exact::ratio(0, 0), None);
        assert_eq!(Exact::mean_of_ratios(&[(0, 0), (0, 0)]), None);
        assert_eq!(Exact::ratio(0, 7).unwrap().hundredths(), 0);
    }

    fn ratios() -> impl Strategy<Value = Vec<(u64, u64)>> {
        prop::collection::vec((0u64..5_000).prop_flat_map(|v| (0..=v, Just(v))), 1..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn item_means_round_as_rational_arithmetic_does(ratios in ratios()) {
            let exact = Exact::mean_of_ratios(&ratios);
            let reference = rational_mean(&ratios);
            prop_assert_eq!(exact.is_some(), reference.is_some());
            if let (Some(exact), Some(reference)) = (exact, reference) {
                prop_assert_eq!(exact.hundredths(), reference_hundredths(&reference));
            }
        }

        #[test]
        fn pooled_indices_round_as_rational_arithmetic_does(v in 1u64..1_000_000, pick in 0u64..1_000_000) {
            let s = pick % (v + 1);
            let reference = BigRational::new(BigInt::from(s) * 100, BigInt::from(v));
            prop_assert_eq!(Exact::ratio(s, v).unwrap().hundredths(), reference_hundredths(&reference));
        }

        #[test]
        fn changes_round_as_rational_arithmetic_does(now in ratios(), before in ratios()) {
            if let (Some(a), Some(b), Some(ra), Some(rb)) = (
                Exact::mean_of_ratios(&now),
                Exact::mean_of_ratios(&before),
                rational_mean(&now),
                rational_mean(&before),
            ) {
                prop_assert_eq!(a.minus(&b).hundredths(), reference_hundredths(&(ra - rb)));
            }
        }

        #[test]
        fn values_near_a_half_are_decided_exactly(k in 1u64..400, v in 1u64..100_000) {
            // s / v × 100 as close to k/2 + … hundredths as whole counts allow.
            let target = (2 * k + 1) * v / 400;
            for s in target.saturating_sub(1)..=(target + 1).min(v) {
                let reference = BigRational::new(BigInt::from(s) * 100, BigInt::from(v));
                prop_assert_eq!(Exact::ratio(s, v).unwrap().hundredths(), reference_hundredths(&reference));
            }
        }
    }
}
