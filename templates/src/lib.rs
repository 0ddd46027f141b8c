//! The views of sipas: pure functions from view data to HTML, and the static CSS.
//!
//! This crate depends on maud alone. It never sees a database row or a request: the root crate
//! turns domain values into the view structs defined here. Everything a person typed is escaped
//! by maud; `PreEscaped` is used only for markup this program generated itself (QR SVGs, CSS).

pub mod admin;
pub mod assets;
pub mod errors;
pub mod faces;
pub mod i18n;
pub mod kiosk;
pub mod labels;
mod layout;
pub mod paths;
pub mod poster;
pub mod privacy;
pub mod results;
pub mod results_poster;
pub mod survey;
pub mod thanks;

pub use i18n::Lang;
