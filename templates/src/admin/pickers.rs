//! Choosing a unit from a list rather than typing its code: a `datalist` the browser filters
//! as one types a name or a code (no JavaScript), sent once per page and shared by every field
//! that names a unit.

use maud::{Markup, html};

/// The list of `units` (code, name) under `id`, for `input list=(id)`.
pub fn unit_datalist(id: &str, units: &[(String, String)]) -> Markup {
    html! {
        datalist id=(id) {
            @for (code, name) in units {
                option value=(code) { (name) }
            }
        }
    }
}
