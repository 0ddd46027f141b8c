//! A response's answers as a person reads them: the item by its element ("Tiếp cận dịch vụ"),
//! the point by its label ("4 – Hài lòng"), and whether it counts as satisfied. The moderation
//! list and the comments show them so, never as `1: 4`.

use std::collections::HashMap;

use templates::Lang;
use templates::admin::Answer;

use crate::db::figures::QuestionInfo;
use crate::domain::Element;

/// The answers `(question id, value)` of one response, in questionnaire order.
pub fn labelled(
    lang: Lang,
    answers: &[(i32, u8)],
    catalog: &HashMap<i32, QuestionInfo>,
) -> Vec<Answer> {
    let mut known: Vec<(&QuestionInfo, u8)> = answers
        .iter()
        .filter_map(|(question, value)| Some((catalog.get(question)?, *value)))
        .collect();
    known.sort_by_key(|(info, _)| info.position);
    // An element asked more than once (the full form) numbers its items: "Công chức 2".
    let mut asked: HashMap<Option<Element>, usize> = HashMap::new();
    for (info, _) in &known {
        *asked.entry(info.element).or_default() += 1;
    }
    let mut seen: HashMap<Option<Element>, usize> = HashMap::new();
    known
        .into_iter()
        .map(|(info, value)| {
            let nth = seen.entry(info.element).or_default();
            *nth += 1;
            let name = match info.element {
                Some(element) => lang.pick(element.name_vi(), element.name_en()).to_owned(),
                None if info.scale.is_satisfaction() => {
                    lang.pick("Đánh giá chung", "Overall").to_owned()
                }
                None => lang.pick(&info.text_vi, &info.text_en).to_owned(),
            };
            let item = if asked.get(&info.element).copied().unwrap_or(0) > 1 {
                format!("{name} {nth}")
            } else {
                name
            };
            let label = info
                .scale
                .labels()
                .get(usize::from(value).wrapping_sub(1))
                .map_or("", |(vi, en)| lang.pick(vi, en));
            let point = info.scale.point(value);
            Answer {
                item,
                value: format!("{value} – {label}"),
                unsatisfied: point.and_then(|p| info.scale.is_satisfied(p)) == Some(false),
            }
        })
        .collect()
}

/// Whether any satisfaction answer of these is below "satisfied": a negative response.
pub fn is_negative(answers: &[(i32, u8)], catalog: &HashMap<i32, QuestionInfo>) -> bool {
    answers.iter().any(|(question, value)| {
        catalog.get(question).is_some_and(|info| {
            info.scale
                .point(*value)
                .and_then(|p| info.scale.is_satisfied(p))
                == Some(false)
        })
    })
}
