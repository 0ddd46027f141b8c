use maud::{Markup, html};

use super::{sign_out, staff_page, strings};
use crate::{Lang, paths};

pub struct HomeView {
    pub lang: Lang,
    pub username: String,
    pub role: String,
    /// The root unit's name; `None` for the whole system.
    pub scope: Option<String>,
    pub csrf: String,
    pub units: Vec<UnitRow>,
    pub more_units: usize,
    /// Admins also get the links to the unit tree, the accounts and the audit log.
    pub is_admin: bool,
}

pub struct UnitRow {
    /// Depth below the scope's root, for indentation.
    pub depth: usize,
    pub code: String,
    pub name: String,
    pub kind: String,
}

pub fn home_page(view: &HomeView) -> Markup {
    let t = strings(view.lang);
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        h1 { (t.hello) ", " (view.username) }
        dl.facts {
            dt { (t.role) } dd { (crate::labels::role(view.lang, &view.role)) }
            dt { (t.scope) } dd { (view.scope.as_deref().unwrap_or(t.everything)) }
        }
        p {
            a href=(format!("{}?lang={}", paths::Questionnaires::href(), view.lang.code())) { (t.questionnaires) }
            @if view.is_admin {
                " · " a href=(format!("{}?lang={}", paths::Units::href(), view.lang.code())) { (t.unit_tree) }
                " · " a href=(format!("{}?lang={}", paths::Users::href(), view.lang.code())) { (t.accounts) }
                " · " a href=(format!("{}?lang={}", paths::Audit::href(), view.lang.code())) { (t.audit_log) }
            }
        }
        h2 { (t.units) }
        @if view.units.is_empty() {
            p { (t.no_units) }
        } @else {
            div.scroll { table.data {
                thead { tr { th scope="col" { (t.code) } th scope="col" { (t.name) } th scope="col" { (t.kind) } } }
                tbody {
                    @for unit in &view.units {
                        tr {
                            td { code { (unit.code) } }
                            td class=(format!("depth-{}", unit.depth.min(6))) {
                                a href=(paths::Unit::href(&unit.code)) { (unit.name) }
                            }
                            td { (crate::labels::kind(view.lang, &unit.kind)) }
                        }
                    }
                }
            } }
            @if view.more_units > 0 {
                p.small { "+" (view.more_units) " " (t.more) }
            }
        }
    };
    staff_page(view.lang, t.hello, sign_out, body)
}
