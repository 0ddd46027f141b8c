//! A page of its own before an action that cannot be taken back by the person who sees its
//! effect: it says what will happen, and asks. No JavaScript: the page is the question, its
//! form the answer, and "Quay lại" a plain link.

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::Lang;

pub struct ConfirmView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    /// The question, e.g. "Đổi mã QR của quầy «Quầy 1»?".
    pub title: String,
    /// What will happen, one sentence a line.
    pub consequences: Vec<String>,
    /// Where the form posts, and its fields besides the CSRF token and the language.
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub confirm: String,
    /// Where "back" leads, nothing changed.
    pub back: String,
}

pub fn confirm_page(view: &ConfirmView) -> Markup {
    let vi = view.lang == Lang::Vi;
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        h1 { (view.title) }
        div.alert role="note" {
            @for line in &view.consequences { p { (line) } }
        }
        form.confirm method="post" action=(view.action) {
            input type="hidden" name="csrf" value=(view.csrf);
            input type="hidden" name="lang" value=(view.lang.code());
            @for (name, value) in &view.fields {
                input type="hidden" name=(name) value=(value);
            }
            button.danger type="submit" { (view.confirm) }
            a.back href=(view.back) { (if vi { "Quay lại, không thay đổi gì" } else { "Go back, change nothing" }) }
        }
    };
    staff_page(view.lang, &view.title, sign_out, body)
}
