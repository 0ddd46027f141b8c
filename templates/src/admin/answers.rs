//! A response's answers, labelled: "Tiếp cận dịch vụ: 4 – Hài lòng", an unsatisfied one marked
//! in words and in colour.

use maud::{Markup, html};

pub struct Answer {
    /// The element (or the overall question) the item belongs to.
    pub item: String,
    /// `4 – Hài lòng`.
    pub value: String,
    /// Below "satisfied" on its scale.
    pub unsatisfied: bool,
}

pub fn answer_list(answers: &[Answer]) -> Markup {
    html! {
        ul.scores {
            @for a in answers {
                li class=[a.unsatisfied.then_some("unsatisfied")] { span.scored { (a.item) ": " } b { (a.value) } }
            }
        }
    }
}
