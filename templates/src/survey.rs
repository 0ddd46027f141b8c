//! The citizen's survey page. A questionnaire of one item is answered in one tap: each face
//! is a submit button. A longer one is a group of faces per item, under the headings of its
//! elements, with the send button always on screen and an optional comment.
//!
//! It works without JavaScript: a plain form posted to the same address.

use maud::{Markup, html};

use crate::i18n::Strings;
use crate::{Lang, faces, layout, paths};

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
    /// The items in order, in runs under their element's heading.
    pub sections: Vec<Section>,
    /// Shown on a counter's kiosk (see `kiosk`): large, and reloaded before its key ages.
    pub kiosk: bool,
    pub allow_comment: bool,
    /// What the person typed, kept when the form comes back with an error.
    pub comment: String,
    pub comment_error: Option<&'static str>,
    /// A message about the form as a whole (no answer, a tampered form, …).
    pub form_error: Option<&'static str>,
}

/// A run of items of one element (or of none), under its heading.
pub struct Section {
    pub heading: Option<String>,
    pub items: Vec<ItemView>,
}

impl SurveyView {
    pub fn items(&self) -> impl Iterator<Item = &ItemView> {
        self.sections.iter().flat_map(|section| &section.items)
    }

    /// A single item is answered in one tap, its comment offered on the thank-you page.
    pub fn one_tap(&self) -> bool {
        self.items().count() == 1
    }
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
    /// The face drawn beside the number and label (1 = most dissatisfied … 5), on a
    /// satisfaction scale.
    pub face: Option<u8>,
}

/// The hint above the form, describing the scale actually shown: "from 1 (Không hài lòng) to 3
/// (Rất hài lòng)" on the one-tap form, never "5 is the most satisfied" above three levels.
fn hint(lang: Lang, items: &[&ItemView], one_tap: bool) -> String {
    let ends = |item: &&ItemView| {
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
        (Lang::Vi, Some((low, low_label, high, high_label))) if one_tap => format!(
            "Chạm vào một mức để gửi ngay, từ {low} ({low_label}) đến {high} ({high_label})."
        ),
        (Lang::En, Some((low, low_label, high, high_label))) if one_tap => format!(
            "Tap one level to send your rating, from {low} ({low_label}) to {high} ({high_label})."
        ),
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
        || view.items().any(|item| item.error.is_some());
    let items: Vec<&ItemView> = view.items().collect();
    let one_tap = view.one_tap();
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
        p.hint { (hint(view.lang, &items, one_tap)) }
        (faces::symbols())
        // On a kiosk nothing of the last person's choices may come back (autocomplete off).
        form method="post" action=(view.action) accept-charset="utf-8" autocomplete=[view.kiosk.then_some("off")] {
            input type="hidden" name="k" value=(view.idempotency_key);
            input type="hidden" name="v" value=(view.version_id);
            input type="hidden" name="lang" value=(view.lang.code());
            // The honeypot: off-screen and out of the tab order, so people never fill it.
            div.hp aria-hidden="true" {
                label for="website" { "Website" }
                input #website type="text" name="website" tabindex="-1" autocomplete="off";
            }
            @if one_tap {
                @for item in &items { (tap_group(item)) }
            } @else {
                @for section in &view.sections {
                    @if let Some(heading) = &section.heading {
                        h2.element { (heading) }
                    }
                    @for item in &section.items { (item_group(view.lang, item, items.len())) }
                }
                @if view.allow_comment {
                    (comment_field(t, &view.comment, view.comment_error))
                }
                // Always on screen while the form is: the send button is one tap away from
                // any item, without JavaScript (every item may be skipped).
                div.send {
                    button.submit type="submit" { (t.submit) }
                }
            }
        }
        p.small { (t.privacy_note) " " a.privacy href=(format!("{}?lang={}&back={}", paths::Privacy::href(), view.lang.code(), view.action)) { (t.privacy_link) } }
    };
    // A kiosk's start screen never reloads itself (a person may be answering): its key stays
    // good however long it waits (see `http::survey::receive`).
    let page = layout::Page {
        class: view.kiosk.then_some("kiosk"),
        refresh: None,
    };
    layout::page_with(view.lang, &view.title, body, page)
}

/// The optional comment box, on the full form and on the thank-you page.
pub(crate) fn comment_field(t: &Strings, comment: &str, error: Option<&'static str>) -> Markup {
    html! {
        div.comment {
            label for="comment" { (t.comment_label) }
            @if let Some(message) = error {
                p.field-error id="comment-error" { (message) }
            }
            textarea id="comment" name="comment" rows="3" maxlength="2000"
                aria-describedby=(if error.is_some() { "comment-error comment-hint" } else { "comment-hint" }) {
                (comment)
            }
            p.small id="comment-hint" { (t.comment_hint) }
        }
    }
}

/// Whether a scale's labels need a line each on a narrow phone: five options share about 50 px
/// each at 320 px, enough for Vietnamese syllables ("thường") but not for "dissatisfied" at
/// 14 px, which would otherwise break inside the word.
fn needs_rows(options: &[OptionView]) -> bool {
    options.len() >= 4
        && options
            .iter()
            .flat_map(|o| o.label.split_whitespace())
            .any(|word| word.chars().count() > 7)
}

/// A point of a scale: its face and number on a line, its label under them.
fn option_box(option: &OptionView) -> Markup {
    html! {
        span.box {
            span.mark {
                @if let Some(tone) = option.face { (faces::face(tone)) }
                b { (option.value) }
            }
            span.label { (option.label) }
        }
    }
}

fn item_group(lang: Lang, item: &ItemView, total: usize) -> Markup {
    let error_id = format!("{}-error", item.field);
    html! {
        fieldset.item aria-describedby=[item.error.map(|_| error_id.as_str())] {
            legend {
                @if total > 1 {
                    span.num { (progress(lang, item.number, total)) }
                }
                (item.text)
            }
            @if let Some(message) = item.error {
                p.field-error id=(error_id) { (message) }
            }
            div.scale.rows[needs_rows(&item.options)] {
                @for option in &item.options {
                    label.opt {
                        input type="radio" name=(item.field) value=(option.value)
                            checked[item.selected == Some(option.value)];
                        (option_box(option))
                    }
                }
            }
        }
    }
}

/// "Câu 7/19": where the person is in a long form.
fn progress(lang: Lang, number: usize, total: usize) -> String {
    match lang {
        Lang::Vi => format!("Câu {number}/{total}"),
        Lang::En => format!("Item {number} of {total}"),
    }
}

/// The one-tap item: each point is a submit button, so one tap sends the rating.
fn tap_group(item: &ItemView) -> Markup {
    html! {
        fieldset.item.tap {
            legend { (item.text) }
            div.scale {
                @for option in &item.options {
                    button.opt type="submit" name=(item.field) value=(option.value) {
                        (option_box(option))
                    }
                }
            }
        }
    }
}
