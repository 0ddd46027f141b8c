//! A questionnaire version as the survey needs it: immutable once a response uses it.

use crate::domain::{Element, Scale};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionnaireVersion {
    pub id: i32,
    pub questionnaire_id: i32,
    pub questionnaire_code: String,
    pub version: i32,
    pub title_vi: String,
    pub title_en: String,
    pub allow_comment: bool,
    /// In position order: the form's field `q1` is the first of these.
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: i32,
    pub position: u16,
    pub code: String,
    pub element: Option<Element>,
    pub scale: Scale,
    pub text_vi: String,
    pub text_en: String,
}
