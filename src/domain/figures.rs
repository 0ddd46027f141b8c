//! The formulas of docs/methodology.md, on counts only.
//!
//! A [`Tally`] holds, for a set of responses, the number of respondents and the count of answers
//! at each scale point of each item. Tallies add up (units, days, counters); figures are computed
//! from the sums, never by averaging percentages. Values are kept unrounded; [`round2`] rounds
//! only for presentation.

use std::collections::BTreeMap;

use crate::domain::{Element, Scale};

pub use crate::domain::exact::{Exact, Percent};
pub use crate::domain::ranking::{DEFAULT_MIN_SAMPLE, Peers, Placing, rank, rank_among_peers};
pub use crate::domain::rounding::{format_en, format_vi, round2};

/// An item across questionnaire versions: versions of one questionnaire share item codes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemKey {
    pub questionnaire: String,
    pub code: String,
}

/// Answers to one item, counted per scale point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemTally {
    pub element: Option<Element>,
    pub scale: Scale,
    /// `counts[p - 1]` answers at point `p`.
    pub counts: [u64; 5],
}

impl ItemTally {
    pub fn new(element: Option<Element>, scale: Scale) -> ItemTally {
        ItemTally {
            element,
            scale,
            counts: [0; 5],
        }
    }

    /// V(q): every answer on the scale.
    pub fn valid(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// S(q): answers at the top two levels (none for the expectation scale).
    pub fn satisfied(&self) -> u64 {
        self.scale
            .points()
            .filter_map(|v| self.scale.point(v))
            .filter(|p| self.scale.is_satisfied(*p) == Some(true))
            .map(|p| self.counts[usize::from(p.get() - 1)])
            .sum()
    }

    pub fn ratio(&self) -> Ratio {
        Ratio {
            satisfied: self.satisfied(),
            valid: self.valid(),
        }
    }
}

/// S out of V.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ratio {
    pub satisfied: u64,
    pub valid: u64,
}

impl Ratio {
    /// S / V × 100, or `None` when there is no valid answer (never 0).
    pub fn index(self) -> Option<f64> {
        (self.valid > 0).then(|| self.satisfied as f64 * 100.0 / self.valid as f64)
    }

    fn add(self, other: Ratio) -> Ratio {
        Ratio {
            satisfied: self.satisfied + other.satisfied,
            valid: self.valid + other.valid,
        }
    }

    /// Wilson 95% interval of the index, in percent.
    pub fn wilson95(self) -> Option<(f64, f64)> {
        if self.valid == 0 {
            return None;
        }
        const Z: f64 = 1.959_963_984_540_054;
        let n = self.valid as f64;
        let p = self.satisfied as f64 / n;
        let z2 = Z * Z;
        let denominator = 1.0 + z2 / n;
        let centre = (p + z2 / (2.0 * n)) / denominator;
        let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
        Some((
            ((centre - half) * 100.0).max(0.0),
            ((centre + half) * 100.0).min(100.0),
        ))
    }
}

/// How item results combine into element and SIPAS indices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Method {
    /// ΣS / ΣV over the items (the default).
    #[default]
    Pooled,
    /// The mean of the item indices.
    ItemMean,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::Pooled => "pooled",
            Method::ItemMean => "item-mean",
        }
    }

    pub fn parse(raw: &str) -> Result<Method, crate::domain::invalid::Invalid> {
        match raw.trim() {
            "pooled" => Ok(Method::Pooled),
            "item-mean" => Ok(Method::ItemMean),
            other => Err(crate::domain::invalid::Invalid::new(
                format!("phương pháp «{other}» không hợp lệ; dùng pooled hoặc item-mean"),
                format!("unknown method «{other}»; use pooled or item-mean"),
            )),
        }
    }
}

/// An index with the counts behind it: S and V pooled over the items, whatever the method.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Index {
    pub value: Option<Percent>,
    pub satisfied: u64,
    pub valid: u64,
}

/// The answers of a set of responses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub respondents: u64,
    pub items: BTreeMap<ItemKey, ItemTally>,
}

impl Tally {
    /// Adds `n` answers at `point` to an item.
    pub fn add_answers(
        &mut self,
        key: &ItemKey,
        element: Option<Element>,
        scale: Scale,
        point: u8,
        n: u64,
    ) {
        if !scale.points().contains(&point) {
            return;
        }
        let item = self
            .items
            .entry(key.clone())
            .or_insert_with(|| ItemTally::new(element, scale));
        item.counts[usize::from(point - 1)] += n;
    }

    /// Adds another tally's counts to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.respondents += other.respondents;
        for (key, item) in &other.items {
            let mine = self
                .items
                .entry(key.clone())
                .or_insert_with(|| ItemTally::new(item.element, item.scale));
            for (count, more) in mine.counts.iter_mut().zip(item.counts) {
                *count += more;
            }
        }
    }

    /// Valid answers over every satisfaction item.
    pub fn valid_answers(&self) -> u64 {
        self.satisfaction_items().map(|item| item.valid()).sum()
    }

    fn satisfaction_items(&self) -> impl Iterator<Item = &ItemTally> + Clone {
        self.items
            .values()
            .filter(|item| item.scale.is_satisfaction())
    }

    /// The index of one element.
    pub fn element(&self, element: Element, method: Method) -> Index {
        combine(self.element_items(element), method)
    }

    fn element_items(&self, element: Element) -> impl Iterator<Item = &ItemTally> + Clone {
        self.satisfaction_items()
            .filter(move |item| item.element == Some(element))
    }

    /// The overall questions (the one-tap question): satisfaction items of no element. They
    /// enter the SIPAS index but no element, so a page shows them as a row of their own.
    pub fn overall(&self, method: Method) -> Index {
        combine(
            self.satisfaction_items()
                .filter(|item| item.element.is_none()),
            method,
        )
    }

    /// The scales of the satisfaction answers held.
    pub fn scales(&self) -> std::collections::BTreeSet<Scale> {
        self.satisfaction_items().map(|item| item.scale).collect()
    }

    /// The SIPAS index: every satisfaction item answered.
    pub fn sipas(&self, method: Method) -> Index {
        combine(self.satisfaction_items(), method)
    }

    /// The SIPAS index held exactly, for a change between two periods to round exactly.
    pub fn sipas_exact(&self, method: Method) -> Option<Exact> {
        exact(self.satisfaction_items(), method)
    }
}

/// The index of `items` by `method`, exactly: pooled is ΣS / ΣV × 100; item-mean the mean of
/// the items' S/V × 100 over the items with an answer (docs/methodology.md, "Two methods").
fn exact<'a>(items: impl Iterator<Item = &'a ItemTally>, method: Method) -> Option<Exact> {
    let ratios: Vec<Ratio> = items.map(ItemTally::ratio).collect();
    match method {
        Method::Pooled => {
            let pooled = ratios.iter().fold(Ratio::default(), |sum, r| sum.add(*r));
            Exact::ratio(pooled.satisfied, pooled.valid)
        }
        Method::ItemMean => {
            let pairs: Vec<(u64, u64)> = ratios.iter().map(|r| (r.satisfied, r.valid)).collect();
            Exact::mean_of_ratios(&pairs)
        }
    }
}

fn combine<'a>(items: impl Iterator<Item = &'a ItemTally> + Clone, method: Method) -> Index {
    let pooled = items
        .clone()
        .fold(Ratio::default(), |sum, item| sum.add(item.ratio()));
    Index {
        value: exact(items, method).map(|e| e.percent()),
        satisfied: pooled.satisfied,
        valid: pooled.valid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(code: &str) -> ItemKey {
        ItemKey {
            questionnaire: "sipas-quick".into(),
            code: code.into(),
        }
    }

    /// The worked example of docs/methodology.md: four respondents, feedback skipped by R2.
    fn worked_example() -> Tally {
        let rows: [[Option<u8>; 5]; 4] = [
            [Some(5), Some(4), Some(3), Some(5), Some(4)],
            [Some(4), Some(4), Some(4), Some(2), None],
            [Some(2), Some(3), Some(5), Some(5), Some(5)],
            [Some(5), Some(5), Some(5), Some(4), Some(1)],
        ];
        let mut tally = Tally::default();
        for row in rows {
            tally.respondents += 1;
            for (element, answer) in Element::ALL.into_iter().zip(row) {
                if let Some(point) = answer {
                    tally.add_answers(
                        &key(element.code()),
                        Some(element),
                        Scale::FivePoint,
                        point,
                        1,
                    );
                }
            }
        }
        tally
    }

    #[test]
    fn the_worked_example() {
        let tally = worked_example();
        let shown = |index: Index| index.value.map(format_en);
        for element in [
            Element::Access,
            Element::Procedure,
            Element::Staff,
            Element::Result,
        ] {
            assert_eq!(
                shown(tally.element(element, Method::Pooled)).as_deref(),
                Some("75.00")
            );
        }
        let feedback = tally.element(Element::Feedback, Method::Pooled);
        assert_eq!((feedback.satisfied, feedback.valid), (2, 3));
        assert_eq!(shown(feedback).as_deref(), Some("66.67"));
        let pooled = tally.sipas(Method::Pooled);
        assert_eq!(
            (pooled.satisfied, pooled.valid, tally.respondents),
            (14, 19, 4)
        );
        assert_eq!(shown(pooled).as_deref(), Some("73.68"));
        assert_eq!(
            shown(tally.sipas(Method::ItemMean)).as_deref(),
            Some("73.33")
        );
        assert_eq!(format_vi(pooled.value.unwrap()), "73,68");
    }

    #[test]
    fn no_valid_answer_is_no_index_never_zero() {
        let tally = Tally::default();
        assert_eq!(tally.sipas(Method::Pooled).value, None);
        assert_eq!(tally.sipas(Method::ItemMean).value, None);
        assert_eq!(
            worked_example()
                .element(Element::Feedback, Method::ItemMean)
                .valid,
            3
        );
        let mut only_access = Tally::default();
        only_access.add_answers(
            &key("access"),
            Some(Element::Access),
            Scale::FivePoint,
            1,
            3,
        );
        assert_eq!(
            only_access.element(Element::Staff, Method::Pooled).value,
            None
        );
        let zero = only_access.sipas(Method::Pooled).value.unwrap();
        assert_eq!((zero.value, zero.hundredths), (0.0, 0));
    }

    #[test]
    fn three_level_and_expectation_scales() {
        let mut tally = Tally::default();
        let overall = ItemKey {
            questionnaire: "one-tap".into(),
            code: "overall".into(),
        };
        tally.add_answers(&overall, None, Scale::ThreeLevel, 1, 1);
        tally.add_answers(&overall, None, Scale::ThreeLevel, 2, 2);
        tally.add_answers(&overall, None, Scale::ThreeLevel, 3, 1);
        let expectation = ItemKey {
            questionnaire: "x".into(),
            code: "expect".into(),
        };
        tally.add_answers(&expectation, None, Scale::Expectation, 3, 10);
        let sipas = tally.sipas(Method::Pooled);
        // The expectation item counts nowhere in satisfaction.
        assert_eq!((sipas.satisfied, sipas.valid), (3, 4));
        assert_eq!(tally.valid_answers(), 4);
        // The overall question is a row of its own, and the only scale of satisfaction here.
        let overall = tally.overall(Method::Pooled);
        assert_eq!((overall.satisfied, overall.valid), (3, 4));
        assert_eq!(
            tally.scales(),
            std::collections::BTreeSet::from([Scale::ThreeLevel])
        );
    }

    #[test]
    fn elements_and_the_overall_question_add_up_to_the_headline() {
        let mut tally = worked_example();
        let overall = ItemKey {
            questionnaire: "one-tap".into(),
            code: "overall".into(),
        };
        tally.add_answers(&overall, None, Scale::ThreeLevel, 2, 5);
        let parts: u64 = Element::ALL
            .iter()
            .map(|e| tally.element(*e, Method::Pooled).valid)
            .sum::<u64>()
            + tally.overall(Method::Pooled).valid;
        assert_eq!(parts, tally.sipas(Method::Pooled).valid);
    }

    #[test]
    fn wilson_interval() {
        let (low, high) = Ratio {
            satisfied: 3,
            valid: 4,
        }
        .wilson95()
        .unwrap();
        assert_eq!((round2(low), round2(high)), (30.06, 95.44));
        let (low, high) = Ratio {
            satisfied: 0,
            valid: 10,
        }
        .wilson95()
        .unwrap();
        assert_eq!(round2(low), 0.0);
        assert!(high > 0.0 && high < 35.0);
        assert_eq!(Ratio::default().wilson95(), None);
    }

    fn arbitrary_tally() -> impl Strategy<Value = Tally> {
        proptest::collection::vec((0usize..5, 1u8..=5, 0u64..50), 0..40).prop_map(|answers| {
            let mut tally = Tally {
                respondents: answers.len() as u64,
                ..Tally::default()
            };
            for (element, point, n) in answers {
                let element = Element::ALL[element];
                tally.add_answers(
                    &key(element.code()),
                    Some(element),
                    Scale::FivePoint,
                    point,
                    n,
                );
            }
            tally
        })
    }

    proptest! {
        #[test]
        fn merging_adds_counts_and_never_averages(a in arbitrary_tally(), b in arbitrary_tally()) {
            let mut merged = a.clone();
            merged.merge(&b);
            let (x, y, z) = (a.sipas(Method::Pooled), b.sipas(Method::Pooled), merged.sipas(Method::Pooled));
            prop_assert_eq!(z.satisfied, x.satisfied + y.satisfied);
            prop_assert_eq!(z.valid, x.valid + y.valid);
            prop_assert_eq!(merged.respondents, a.respondents + b.respondents);
            // The order of merging does not matter.
            let mut other = b.clone();
            other.merge(&a);
            prop_assert_eq!(other, merged);
        }

        #[test]
        fn indices_lie_between_0_and_100(tally in arbitrary_tally()) {
            for method in [Method::Pooled, Method::ItemMean] {
                if let Some(value) = tally.sipas(method).value {
                    prop_assert!((0.0..=100.0).contains(&value.value));
                    prop_assert!((0..=10_000).contains(&value.hundredths));
                }
                for element in Element::ALL {
                    let index = tally.element(element, method);
                    prop_assert_eq!(index.value.is_none(), index.valid == 0);
                }
            }
        }
    }
}
