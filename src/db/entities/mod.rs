//! sea-orm entities, one per table, written in the shape `sea-orm-cli generate entity` emits.
//! They stay inside `db/`: query functions return domain types, never these models.

pub mod account;
pub mod answer;
pub mod api_token;
pub mod audit_event;
pub mod counter;
pub mod device_salt;
pub mod kiosk;
pub mod login_throttle;
pub mod public_note;
pub mod question;
pub mod questionnaire;
pub mod questionnaire_version;
pub mod respondents_daily;
pub mod respondents_hour_daily;
pub mod respondents_hour_monthly;
pub mod respondents_monthly;
pub mod response;
pub mod server_secret;
pub mod session;
pub mod signoff;
pub mod tally_daily;
pub mod tally_monthly;
pub mod unit;
