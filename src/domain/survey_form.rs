//! The citizen's form: strict decoding of the posted body, then validation against the
//! questionnaire version it answers.
//!
//! Decoding rejects what our own page never sends (unknown or repeated fields, bad encoding).
//! Validation turns the fields into a [`Submission`], or into a [`Rejection`] that keeps what the
//! person chose so the page can come back with their answers and a message per field.

use std::collections::BTreeMap;

use percent_encoding::percent_decode;

use crate::domain::{IdempotencyKey, QuestionnaireVersion, ScalePoint};

pub const MAX_COMMENT_CHARS: usize = 2000;

/// The fields of a survey post after decoding, before any check against a questionnaire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurveyForm {
    pub key: Option<String>,
    pub version_id: Option<String>,
    pub lang: Option<String>,
    /// Item answers by position (`q1` → 1), as sent.
    pub items: BTreeMap<usize, String>,
    pub comment: Option<String>,
    /// The honeypot: hidden from people, so only a machine fills it in.
    pub website: Option<String>,
}

/// Why a body could not even be read as our form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// Not valid `application/x-www-form-urlencoded` UTF-8.
    Encoding,
    UnknownField(String),
    RepeatedField(String),
}

impl SurveyForm {
    /// Whether the honeypot field came back with something in it.
    pub fn honeypot_filled(&self) -> bool {
        self.website
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
    }

    pub fn parse(body: &[u8]) -> Result<SurveyForm, FormError> {
        let mut form = SurveyForm::default();
        for pair in body.split(|b| *b == b'&').filter(|pair| !pair.is_empty()) {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            let name = decode_component(name)?;
            let value = decode_component(value)?;
            let slot = match name.as_str() {
                "k" => &mut form.key,
                "v" => &mut form.version_id,
                "lang" => &mut form.lang,
                "comment" => &mut form.comment,
                "website" => &mut form.website,
                other => {
                    let position = item_position(other)
                        .ok_or_else(|| FormError::UnknownField(name.clone()))?;
                    if form.items.insert(position, value).is_some() {
                        return Err(FormError::RepeatedField(name));
                    }
                    continue;
                }
            };
            if slot.replace(value).is_some() {
                return Err(FormError::RepeatedField(name));
            }
        }
        Ok(form)
    }
}

/// `q1`, `q2`, … with no leading zero and at most three digits.
fn item_position(name: &str) -> Option<usize> {
    let digits = name.strip_prefix('q')?;
    let valid = (1..=3).contains(&digits.len())
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| digits.parse().ok()).flatten()
}

fn decode_component(raw: &[u8]) -> Result<String, FormError> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let bytes: Vec<u8> = percent_decode(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| FormError::Encoding)
}

/// A valid submission, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    pub key: IdempotencyKey,
    pub version_id: i32,
    /// (question id, point), in question order; skipped items are absent.
    pub answers: Vec<(i32, ScalePoint)>,
    pub comment: Option<String>,
}

/// Problems with the form as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormProblem {
    NoAnswer,
    /// The hidden fields are missing or name another questionnaire version.
    Stale,
    /// Fields our page never produces (an item beyond the last question, an unknown language).
    Tampered,
    /// The form was right but the database could not store it: send it again in a moment.
    NotSaved,
    /// The page's key is past its lifetime (see `domain::form_key`): send it again.
    Expired,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentProblem {
    TooLong,
    Characters,
}

/// A form that cannot be stored, with what the person chose so the page can keep it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejection {
    /// Valid choices by position.
    pub selected: BTreeMap<usize, u8>,
    pub comment: String,
    pub form: Option<FormProblem>,
    /// Positions whose value is off the item's scale.
    pub off_scale: Vec<usize>,
    pub comment_problem: Option<CommentProblem>,
}

/// The person's choices and comment as they sent them, to show the form again with `problem`
/// (a valid form that could not be stored, for instance).
pub fn kept_for_resend(
    form: &SurveyForm,
    version: &QuestionnaireVersion,
    problem: FormProblem,
) -> Rejection {
    let selected = form
        .items
        .iter()
        .filter_map(|(&position, raw)| {
            let question = version.questions.get(position.checked_sub(1)?)?;
            Some((position, question.scale.parse_point(raw)?.get()))
        })
        .collect();
    Rejection {
        selected,
        comment: form.comment.clone().unwrap_or_default(),
        form: Some(problem),
        ..Rejection::default()
    }
}

/// Checks `form` against `version`, the questionnaire version the survey shows.
pub fn validate(
    form: &SurveyForm,
    version: &QuestionnaireVersion,
) -> Result<Submission, Rejection> {
    let mut rejection = Rejection {
        comment: form.comment.clone().unwrap_or_default(),
        ..Rejection::default()
    };
    let mut answers = Vec::with_capacity(form.items.len());
    for (&position, raw) in &form.items {
        let Some(question) = position
            .checked_sub(1)
            .and_then(|i| version.questions.get(i))
        else {
            rejection.form = Some(FormProblem::Tampered);
            continue;
        };
        match question.scale.parse_point(raw) {
            Some(point) => {
                rejection.selected.insert(position, point.get());
                answers.push((question.id, point));
            }
            None => rejection.off_scale.push(position),
        }
    }
    if form
        .lang
        .as_deref()
        .is_some_and(|lang| lang != "vi" && lang != "en")
    {
        rejection.form = Some(FormProblem::Tampered);
    }
    let key = form.key.as_deref().and_then(IdempotencyKey::parse);
    let same_version = form.version_id.as_deref() == Some(version.id.to_string().as_str());
    if rejection.form.is_none() && (key.is_none() || !same_version) {
        rejection.form = Some(FormProblem::Stale);
    }
    if form.items.is_empty() && rejection.form.is_none() {
        rejection.form = Some(FormProblem::NoAnswer);
    }
    let comment = match normalise_comment(form.comment.as_deref().unwrap_or_default()) {
        Ok(comment) => comment.filter(|_| version.allow_comment),
        Err(problem) => {
            rejection.comment_problem = Some(problem);
            None
        }
    };
    match key {
        Some(key)
            if rejection.form.is_none()
                && rejection.off_scale.is_empty()
                && rejection.comment_problem.is_none() =>
        {
            Ok(Submission {
                key,
                version_id: version.id,
                answers,
                comment,
            })
        }
        _ => Err(rejection),
    }
}

/// Trims, unifies line ends, and refuses control characters other than line breaks and tabs
/// (a NUL would be refused by PostgreSQL; none comes from a keyboard).
pub fn normalise_comment(raw: &str) -> Result<Option<String>, CommentProblem> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(CommentProblem::TooLong);
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(CommentProblem::Characters);
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Element, Question, Scale};
    use proptest::prelude::*;

    fn version() -> QuestionnaireVersion {
        let question = |id: i32, position: u16, scale| Question {
            id,
            position,
            code: format!("q{position}"),
            element: Some(Element::Access),
            scale,
            text_vi: String::new(),
            text_en: String::new(),
        };
        QuestionnaireVersion {
            id: 7,
            questionnaire_id: 1,
            questionnaire_code: "test".into(),
            version: 1,
            title_vi: String::new(),
            title_en: String::new(),
            allow_comment: true,
            questions: vec![
                question(100, 1, Scale::FivePoint),
                question(101, 2, Scale::FivePoint),
                question(102, 3, Scale::ThreeLevel),
            ],
        }
    }

    // The shape of a form key (whether it was issued is `FormKeys::check`'s question).
    const KEY: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR";

    fn parse(body: &str) -> SurveyForm {
        SurveyForm::parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn decodes_vietnamese_and_plus_signs() {
        let form = parse("k=K&comment=C%C3%A1n+b%E1%BB%99+t%E1%BA%ADn+t%C3%ACnh&q2=4");
        assert_eq!(form.comment.as_deref(), Some("Cán bộ tận tình"));
        assert_eq!(form.items.get(&2).map(String::as_str), Some("4"));
    }

    #[test]
    fn refuses_unknown_repeated_and_badly_encoded_fields() {
        let err = |body: &[u8]| SurveyForm::parse(body).unwrap_err();
        assert_eq!(err(b"q1=5&x=1"), FormError::UnknownField("x".into()));
        assert_eq!(err(b"q01=5"), FormError::UnknownField("q01".into()));
        assert_eq!(err(b"q0=5"), FormError::UnknownField("q0".into()));
        assert_eq!(err(b"q1=5&q1=4"), FormError::RepeatedField("q1".into()));
        assert_eq!(err(b"k=a&k=b"), FormError::RepeatedField("k".into()));
        assert_eq!(err(b"comment=%C3%28"), FormError::Encoding);
        assert_eq!(err(b"comment=\xff"), FormError::Encoding);
        assert_eq!(
            err(b"website=a&website=b"),
            FormError::RepeatedField("website".into())
        );
    }

    #[test]
    fn the_honeypot_is_read_and_only_filled_counts() {
        assert!(
            !SurveyForm::parse(b"q1=5&website=")
                .unwrap()
                .honeypot_filled()
        );
        assert!(
            !SurveyForm::parse(b"q1=5&website=+++")
                .unwrap()
                .honeypot_filled()
        );
        assert!(
            SurveyForm::parse(b"q1=5&website=x")
                .unwrap()
                .honeypot_filled()
        );
    }

    #[test]
    fn a_valid_form_becomes_a_submission_in_question_order() {
        let form = parse(&format!("k={KEY}&v=7&lang=vi&q3=2&q1=5&comment=++Tốt++"));
        let submission = validate(&form, &version()).unwrap();
        assert_eq!(submission.version_id, 7);
        let answers: Vec<(i32, u8)> = submission
            .answers
            .iter()
            .map(|(q, p)| (*q, p.get()))
            .collect();
        assert_eq!(answers, [(100, 5), (102, 2)]);
        assert_eq!(submission.comment.as_deref(), Some("Tốt"));
    }

    #[test]
    fn no_answer_is_refused_but_the_comment_is_kept() {
        let rejection =
            validate(&parse(&format!("k={KEY}&v=7&comment=hello")), &version()).unwrap_err();
        assert_eq!(rejection.form, Some(FormProblem::NoAnswer));
        assert_eq!(rejection.comment, "hello");
    }

    #[test]
    fn off_scale_values_are_refused_and_good_choices_kept() {
        let form = parse(&format!("k={KEY}&v=7&q1=4&q2=6&q3=3"));
        let rejection = validate(&form, &version()).unwrap_err();
        assert_eq!(rejection.off_scale, [2]);
        assert_eq!(rejection.selected, BTreeMap::from([(1, 4), (3, 3)]));
        assert_eq!(rejection.form, None);
        // The 3-level item refuses 4 even though 4 is on the 5-point scale.
        let rejection = validate(&parse(&format!("k={KEY}&v=7&q3=4")), &version()).unwrap_err();
        assert_eq!(rejection.off_scale, [3]);
    }

    #[test]
    fn items_beyond_the_questionnaire_or_unknown_languages_are_tampering() {
        let rejection = validate(&parse(&format!("k={KEY}&v=7&q4=1")), &version()).unwrap_err();
        assert_eq!(rejection.form, Some(FormProblem::Tampered));
        let rejection =
            validate(&parse(&format!("k={KEY}&v=7&q1=1&lang=fr")), &version()).unwrap_err();
        assert_eq!(rejection.form, Some(FormProblem::Tampered));
    }

    #[test]
    fn a_missing_key_or_another_version_is_stale() {
        let rejection = validate(&parse("v=7&q1=5"), &version()).unwrap_err();
        assert_eq!(rejection.form, Some(FormProblem::Stale));
        let rejection = validate(&parse(&format!("k={KEY}&v=8&q1=5")), &version()).unwrap_err();
        assert_eq!(rejection.form, Some(FormProblem::Stale));
        assert_eq!(rejection.selected, BTreeMap::from([(1, 5)]));
    }

    #[test]
    fn comments_are_limited_to_2000_characters_not_bytes() {
        let at_limit = "ệ".repeat(MAX_COMMENT_CHARS);
        let form = SurveyForm {
            key: Some(KEY.into()),
            version_id: Some("7".into()),
            items: BTreeMap::from([(1, "5".to_owned())]),
            comment: Some(at_limit.clone()),
            ..SurveyForm::default()
        };
        assert_eq!(
            validate(&form, &version()).unwrap().comment,
            Some(at_limit.clone())
        );
        let over = SurveyForm {
            comment: Some(format!("{at_limit}a")),
            ..form.clone()
        };
        let rejection = validate(&over, &version()).unwrap_err();
        assert_eq!(rejection.comment_problem, Some(CommentProblem::TooLong));
        assert_eq!(rejection.comment.chars().count(), MAX_COMMENT_CHARS + 1);
        let nul = SurveyForm {
            comment: Some("a\u{0}b".into()),
            ..form
        };
        assert_eq!(
            validate(&nul, &version()).unwrap_err().comment_problem,
            Some(CommentProblem::Characters)
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(body in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = SurveyForm::parse(&body);
        }

        #[test]
        fn accepted_submissions_hold_only_points_on_their_scales(
            values in proptest::collection::vec(proptest::option::of("[0-9]{0,2}"), 3),
            comment in "\\PC{0,30}",
        ) {
            let mut body = format!("k={KEY}&v=7");
            for (i, value) in values.iter().enumerate() {
                if let Some(value) = value {
                    body.push_str(&format!("&q{}={}", i + 1, value));
                }
            }
            let encoded: String = percent_encoding::utf8_percent_encode(&comment, percent_encoding::NON_ALPHANUMERIC).collect();
            body.push_str(&format!("&comment={encoded}"));
            let form = SurveyForm::parse(body.as_bytes()).unwrap();
            let version = version();
            if let Ok(submission) = validate(&form, &version) {
                prop_assert!(!submission.answers.is_empty());
                for (question_id, point) in submission.answers {
                    let question = version.questions.iter().find(|q| q.id == question_id).unwrap();
                    prop_assert!(question.scale.points().contains(&point.get()));
                }
            } else {
                let all_valid = values.iter().enumerate().all(|(i, v)| v.as_deref().is_none_or(|v| version.questions[i].scale.parse_point(v).is_some()));
                let any = values.iter().any(Option::is_some);
                prop_assert!(!(all_valid && any && comment.trim().chars().count() <= MAX_COMMENT_CHARS));
            }
        }
    }
}
