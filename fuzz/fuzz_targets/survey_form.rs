//! Any body posted to a survey: the strict parser, then validation against a questionnaire
//! with every kind of scale, must answer without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipas::domain::survey_form::{SurveyForm, validate};
use sipas::domain::{Element, Question, QuestionnaireVersion, Scale};

fn version() -> QuestionnaireVersion {
    let question = |id: i32, scale| Question {
        id,
        position: u16::try_from(id).unwrap_or(1),
        code: format!("q{id}"),
        element: Some(Element::Access),
        scale,
        text_vi: String::new(),
        text_en: String::new(),
    };
    QuestionnaireVersion {
        id: 7,
        questionnaire_id: 1,
        questionnaire_code: "fuzz".into(),
        version: 1,
        title_vi: String::new(),
        title_en: String::new(),
        allow_comment: true,
        questions: vec![
            question(1, Scale::FivePoint),
            question(2, Scale::ThreeLevel),
            question(3, Scale::Expectation),
        ],
    }
}

fuzz_target!(|body: &[u8]| {
    if let Ok(form) = SurveyForm::parse(body) {
        let _ = form.honeypot_filled();
        if let Ok(submission) = validate(&form, &version()) {
            assert!(!submission.answers.is_empty());
        }
    }
});
