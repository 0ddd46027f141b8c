//! The page that asks before a change that cannot be taken back in one click (a new QR code,
//! switching a counter or a subtree of units off): what will happen, a button that does it,
//! and a way back. No JavaScript: the question is a page of its own.

use axum::response::Response;
use templates::Lang;
use templates::admin::{ConfirmView, confirm_page};

use super::{Staff, page};

/// What to ask and what the button sends.
pub struct Question {
    pub title: String,
    /// What will happen, one point each.
    pub consequences: Vec<String>,
    /// The button's words.
    pub confirm: String,
    /// Where the button posts, and the fields it sends (besides `csrf`).
    pub action: String,
    pub fields: Vec<(String, String)>,
    /// Where "back" leads, unchanged.
    pub back: String,
}

pub fn ask(staff: &Staff, lang: Lang, question: Question) -> Response {
    let view = ConfirmView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        title: question.title,
        consequences: question.consequences,
        action: question.action,
        fields: question.fields,
        confirm: question.confirm,
        back: question.back,
    };
    page(confirm_page(&view))
}
