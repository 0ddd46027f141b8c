//! The citizen's survey page: one group of radio buttons per item, an optional comment.
//!
//! It works without JavaScript: a plain form posted to the same address.

use maud::{Markup, html};

use crate::{Lang, layout, paths};

/// Everything the survey page shows, already in the page's language.
pub struct SurveyView {
    pub lang: Lang,
    pub unit_name: String,
    pub counter_name: String,
    pub title: String,
    /// Where the form posts: the survey's own path.
    pub action: String,
    /// The same page in the other language.
    pub switch_href: String,
    pub version_id: i32,
    pub idempotency_key: String,
    pub items: Vec<ItemView>,
    pub allow_comment: bool,
    /// What the person typed, kept when the form comes back with an error.
    pub comment: String,
    pub comment_error: Option<&'static str>,
    /// A message about the form as a whole (no answer, a tampered form, …).
    pub form_error: Option<&'static str>,
}

pub struct ItemView {
    /// The form field: `q1`, `q2`, … in question order.
    pub field: String,
    pub number: usize,
    pub text: String,
    pub options: Vec<OptionView>,
    pub selected: Option<u8>,
    pub error: Option<&'static str>,
}

pub struct OptionView {
    pub value: u8,
    pub label: String,
}

/// The hint above the form, describing the scale actually shown: "from 1 (Không hài lòng) to 3
/// (Rất hài lòng)" on the one-tap form, never "5 is the most satisfied" above three levels.
fn hint(lang: Lang, items: &[ItemView]) -> String {
    let ends = |item: &ItemView| {
        let first = item.options.first()?;
        let last = item.options.last()?;
        Some((
            first.value,
            first.label.clone(),
            last.value,
            last.label.clone(),
        ))
    };
    let scale = items.first().and_then(ends);
    let one_scale = items.iter().all(|item| ends(item) == scale);
    let several = items.len() > 1;
    match (lang, scale.filter(|_| one_scale)) {
        (Lang::Vi, Some((low, low_label, high, high_label))) => format!(
            "Chọn một mức{}, từ {low} ({low_label}) đến {high} ({high_label}).{}",
            if several { " cho mỗi câu" } else { "" },
            if several {
                " Câu nào không muốn trả lời, ông/bà có thể bỏ qua."
            } else {
                ""
            }
        ),
        (Lang::En, Some((low, low_label, high, high_label))) => format!(
            "Choose one level{}, from {low} ({low_label}) to {high} ({high_label}).{}",
            if several { " for each item" } else { "" },
            if several {
                " You may skip any item you prefer not to answer."
            } else {
                ""
            }
        ),
        (Lang::Vi, None) => {
            "Chọn một mức cho mỗi câu. Câu nào không muốn trả lời, ông/bà có thể bỏ qua.".to_owned()
        }
        (Lang::En, None) => {
            "Choose one level for each item. You may skip any item you prefer not to answer."
                .to_owned()
        }
    }
}

pub fn survey_page(view: &SurveyView) -> Markup {
    let t = view.lang.strings();
    let has_errors = view.form_error.is_some()
        || view.comment_error.is_some()
        || view.items.iter().any(|item| item.error.is_some());
    let body = html! {
        header.top {
            div.place {
                p.unit { (view.unit_name) }
                p.counter { (view.counter_name) }
            }
            a.lang href=(view.switch_href) lang=(view.lang.other().code()) hreflang=(view.lang.other().code()) {
                (view.lang.other().strings().language_name)
            }
        }
        h1 { (view.title) }
        @if has_errors {
            div.alert role="alert" {
                p { strong { (t.error_summary) } }
                @if let Some(message) = view.form_error { p { (message) } }
            }
        }
        p.hint { (hint(view.lang, &view.items)) }
        form method="post" action=(view.action) accept-charset="utf-8" {
            input type="hidden" name="k" value=(view.idempotency_key);
            input type="hidden" name="v" value=(view.version_id);
            input type="hidden" name="lang" value=(view.lang.code());
            @for item in &view.items { (item_group(item)) }
            @if view.allow_comment {
                div.comment {
                    label for="comment" { (t.comment_label) }
                    @if let Some(message) = view.comment_error {
                        p.field-error id="comment-error" { (message) }
                    }
                    textarea id="comment" name="comment" rows="3" maxlength="2000"
                        aria-describedby=(if view.comment_error.is_some() { "comment-error comment-hint" } else { "comment-hint" }) {
                        (view.comment)
                    }
                    p.small id="comment-hint" { (t.comment_hint) }
                }
            }
            // The honeypot: off-screen and out of the tab order, so people never fill it.
            div.hp aria-hidden="true" {
                label for="website" { "Website" }
                input #website type="text" name="website" tabindex="-1" autocomplete="off";
            }
            button.submit type="submit" { (t.submit) }
        }
        p.small { (t.privacy_note) " " a.privacy href=(format!("{}?lang={}", paths::Privacy::href(), view.lang.code())) { (t.privacy_link) } }
    };
    layout::page(view.lang, &view.title, body)
}

fn item_group(item: &ItemView) -> Markup {
    let error_id = format!("{}-error", item.field);
    html! {
        fieldset.item aria-describedby=[item.error.map(|_| error_id.as_str())] {
            legend { span.num { (item.number) ". " } (item.text) }
            @if let Some(message) = item.error {
                p.field-error id=(error_id) { (message) }
            }
            div.scale {
                @for option in &item.options {
                    label.opt {
                        input type="radio" name=(item.field) value=(option.value)
                            checked[item.selected == Some(option.value)];
                        span { b { (option.value) } small { (option.label) } }
                    }
                }
            }
        }
    }
}
