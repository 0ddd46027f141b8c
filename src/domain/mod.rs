//! Pure types and rules of SIPAS: scales, elements, questionnaires, tokens, units, local days and
//! the citizen's form. No I/O and no dependency on the other layers; values here are constructed
//! by parsing, so that holding one means it is valid.

pub mod account;
pub mod element;
pub mod exact;
pub mod figures;
pub mod form_key;
pub mod guards;
pub mod invalid;
pub mod local_day;
pub mod masking;
pub mod month_split;
pub mod period;
pub mod questionnaire;
pub mod ranking;
pub mod rounding;
pub mod scale;
pub mod signoff;
pub mod silence;
pub mod survey_form;
pub mod token;
pub mod unit;
pub mod unit_contact;
pub mod version_draft;
pub mod week_hours;

pub use element::Element;
pub use local_day::LocalDay;
pub use period::Period;
pub use questionnaire::{Question, QuestionnaireVersion};
pub use scale::{Scale, ScalePoint};
pub use token::{CounterToken, IdempotencyKey};
pub use unit::{Name, Unit, UnitCode, UnitKind};
