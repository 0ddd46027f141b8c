//! A new questionnaire version as staff write it: an edited copy of the current one (texts
//! changed, items dropped) with perhaps one item added. Parsed from the form's fields and checked
//! whole, so that a version is either valid or not made at all.

use std::collections::BTreeSet;

use crate::domain::invalid::Invalid;
use crate::domain::{Element, QuestionnaireVersion, Scale};

/// One item of the new version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftQuestion {
    pub code: String,
    pub element: Option<Element>,
    pub scale: Scale,
    pub text_vi: String,
    pub text_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionDraft {
    pub title_vi: String,
    pub title_en: String,
    pub questions: Vec<DraftQuestion>,
}

const MAX_TEXT: usize = 300;

/// `raw` trimmed, if it is 1 to [`MAX_TEXT`] characters; `what` names the field in both
/// languages.
fn text(raw: &str, (what_vi, what_en): (&str, &str)) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    let length = trimmed.chars().count();
    if length == 0 || length > MAX_TEXT || trimmed.chars().any(char::is_control) {
        Err(Invalid::new(
            format!("{what_vi}: cần từ 1 đến {MAX_TEXT} ký tự"),
            format!("{what_en}: 1 to {MAX_TEXT} characters"),
        ))
    } else {
        Ok(trimmed.to_owned())
    }
}

fn item_code(raw: &str) -> Result<String, Invalid> {
    let code = raw.trim();
    let ok = (1..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(Invalid::new(
            format!("mã câu hỏi «{code}» không hợp lệ: chữ thường, số, - hoặc _, tối đa 32 ký tự"),
            format!(
                "the item code «{code}» is not valid: lowercase letters, digits, - or _, at most 32"
            ),
        ))
    }
}

impl VersionDraft {
    /// The draft from the edit form's fields, against the version it copies: `title_vi`,
    /// `title_en`; for each item `i` of the current version (1-based), `keep_i` (present when
    /// kept), `text_vi_i`, `text_en_i`; and an optional new item `new_code`, `new_element`
    /// (empty for none), `new_scale`, `new_text_vi`, `new_text_en`.
    pub fn from_form(
        current: &QuestionnaireVersion,
        fields: &[(String, String)],
    ) -> Result<VersionDraft, Invalid> {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let mut questions = Vec::new();
        for (i, question) in current.questions.iter().enumerate() {
            let n = i + 1;
            if field(&format!("keep_{n}")).is_none() {
                continue;
            }
            questions.push(DraftQuestion {
                code: question.code.clone(),
                element: question.element,
                scale: question.scale,
                text_vi: text(
                    field(&format!("text_vi_{n}")).unwrap_or_default(),
                    (
                        &format!("Câu {n} (tiếng Việt)"),
                        &format!("Item {n} (Vietnamese)"),
                    ),
                )?,
                text_en: text(
                    field(&format!("text_en_{n}")).unwrap_or_default(),
                    (
                        &format!("Câu {n} (tiếng Anh)"),
                        &format!("Item {n} (English)"),
                    ),
                )?,
            });
        }
        let new_code = field("new_code").unwrap_or_default().trim();
        if !new_code.is_empty() {
            let element = match field("new_element").unwrap_or_default().trim() {
                "" => None,
                code => Some(Element::from_code(code).ok_or_else(|| {
                    Invalid::new(
                        format!("yếu tố «{code}» không có"),
                        format!("unknown element «{code}»"),
                    )
                })?),
            };
            let scale_code = field("new_scale").unwrap_or_default().trim();
            let scale = Scale::from_code(scale_code).ok_or_else(|| {
                Invalid::new(
                    format!("thang đo «{scale_code}» không có"),
                    format!("unknown scale «{scale_code}»"),
                )
            })?;
            questions.push(DraftQuestion {
                code: item_code(new_code)?,
                element,
                scale,
                text_vi: text(
                    field("new_text_vi").unwrap_or_default(),
                    ("Câu mới (tiếng Việt)", "New item (Vietnamese)"),
                )?,
                text_en: text(
                    field("new_text_en").unwrap_or_default(),
                    ("Câu mới (tiếng Anh)", "New item (English)"),
                )?,
            });
        }
        if questions.is_empty() {
            return Err(Invalid::new(
                "phiên bản cần ít nhất một câu hỏi",
                "a version needs at least one item",
            ));
        }
        let mut codes = BTreeSet::new();
        for q in &questions {
            if !codes.insert(q.code.as_str()) {
                return Err(Invalid::new(
                    format!("mã câu hỏi «{}» bị trùng", q.code),
                    format!("the item code «{}» is used twice", q.code),
                ));
            }
        }
        Ok(VersionDraft {
            title_vi: text(
                field("title_vi").unwrap_or_default(),
                ("Tiêu đề (tiếng Việt)", "Title (Vietnamese)"),
            )?,
            title_en: text(
                field("title_en").unwrap_or_default(),
                ("Tiêu đề (tiếng Anh)", "Title (English)"),
            )?,
            questions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Question;

    fn current() -> QuestionnaireVersion {
        let q = |id: i32, code: &str, element| Question {
            id,
            position: u16::try_from(id).unwrap(),
            code: code.into(),
            element: Some(element),
            scale: Scale::FivePoint,
            text_vi: format!("Câu {code}"),
            text_en: format!("Item {code}"),
        };
        QuestionnaireVersion {
            id: 1,
            questionnaire_id: 1,
            questionnaire_code: "sipas-quick".into(),
            version: 1,
            title_vi: "Phiếu".into(),
            title_en: "Form".into(),
            allow_comment: true,
            questions: vec![
                q(1, "access", Element::Access),
                q(2, "staff", Element::Staff),
            ],
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn keeps_edits_drops_and_adds() {
        let draft = VersionDraft::from_form(
            &current(),
            &fields(&[
                ("title_vi", "Phiếu mới"),
                ("title_en", "New form"),
                ("keep_1", "on"),
                ("text_vi_1", " Tiếp cận dịch vụ thuận tiện? "),
                ("text_en_1", "Easy to reach?"),
                ("text_vi_2", "bỏ"),
                ("text_en_2", "dropped"),
                ("new_code", "waiting"),
                ("new_element", ""),
                ("new_scale", "expectation"),
                ("new_text_vi", "Thời gian chờ?"),
                ("new_text_en", "Waiting time?"),
            ]),
        )
        .unwrap();
        assert_eq!(draft.questions.len(), 2);
        assert_eq!(draft.questions[0].text_vi, "Tiếp cận dịch vụ thuận tiện?");
        assert_eq!(draft.questions[0].element, Some(Element::Access));
        assert_eq!(draft.questions[1].code, "waiting");
        assert_eq!(draft.questions[1].element, None);
        assert_eq!(draft.questions[1].scale, Scale::Expectation);
    }

    #[test]
    fn refuses_empty_versions_bad_codes_and_duplicates() {
        let base = [("title_vi", "P"), ("title_en", "F")];
        assert!(VersionDraft::from_form(&current(), &fields(&base)).is_err());
        let mut with_bad = base.to_vec();
        with_bad.extend([
            ("new_code", "Có dấu"),
            ("new_scale", "five_point"),
            ("new_text_vi", "a"),
            ("new_text_en", "b"),
        ]);
        assert!(VersionDraft::from_form(&current(), &fields(&with_bad)).is_err());
        let mut twice = base.to_vec();
        twice.extend([
            ("keep_1", "on"),
            ("text_vi_1", "a"),
            ("text_en_1", "b"),
            ("new_code", "access"),
            ("new_scale", "five_point"),
            ("new_text_vi", "a"),
            ("new_text_en", "b"),
        ]);
        let err = VersionDraft::from_form(&current(), &fields(&twice)).unwrap_err();
        assert!(err.vi.contains("bị trùng"));
        let mut empty_text = base.to_vec();
        empty_text.extend([("keep_1", "on"), ("text_vi_1", "  "), ("text_en_1", "b")]);
        assert!(VersionDraft::from_form(&current(), &fields(&empty_text)).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_fields_give_a_valid_draft_or_a_reason(
            fields in proptest::collection::vec(("[a-z_0-9]{1,12}", "\\PC{0,40}"), 0..30)
        ) {
            let fields: Vec<(String, String)> = fields;
            if let Ok(draft) = VersionDraft::from_form(&current(), &fields) {
                proptest::prop_assert!(!draft.questions.is_empty());
                proptest::prop_assert!(draft.questions.iter().all(|q| !q.text_vi.is_empty() && !q.text_en.is_empty()));
            }
        }
    }
}
