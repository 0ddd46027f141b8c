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
    /// The current month, `12/2026`.
    pub month: String,
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
    /// The SIPAS index of the month so far, as the page writes it.
    pub month: String,
    /// Respondents of the month so far.
    pub respondents: u64,
    pub today: u64,
    /// Against the whole of last month, in points.
    pub change: String,
}

struct Words {
    index: &'static str,
    respondents: &'static str,
    today: &'static str,
    change: &'static str,
    note: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    static VI: Words = Words {
        index: "Chỉ số SIPAS tháng",
        respondents: "Số phiếu trong tháng",
        today: "Số phiếu hôm nay",
        change: "So với tháng trước (điểm %)",
        note: "Tháng này tính đến hôm nay, so với cả tháng trước; mỗi đơn vị gồm cả các đơn vị \
               trực thuộc. Bấm tên đơn vị để xem bảng số liệu, xếp hạng và góp ý.",
    };
    static EN: Words = Words {
        index: "SIPAS index,",
        respondents: "Respondents this month",
        today: "Respondents today",
        change: "Against last month (points)",
        note: "This month so far, against the whole of last month; each unit includes the units \
               below it. Tap a unit's name for its figures, rankings and comments.",
    };
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

pub fn home_page(view: &HomeView) -> Markup {
    let t = strings(view.lang);
    let w = words(view.lang);
    let lang = view.lang;
    let index_heading = format!("{} {}", w.index, view.month);
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
            p.small { (w.note) }
            div.scroll { table.data.cards.glance {
                thead { tr {
                    th scope="col" { (t.name) }
                    th scope="col" { (t.kind) }
                    th scope="col" { (index_heading) }
                    th scope="col" { (w.respondents) }
                    th scope="col" { (w.today) }
                    th scope="col" { (w.change) }
                } }
                tbody {
                    @for unit in &view.units {
                        tr {
                            td class=(format!("unit depth-{}", unit.depth.min(6))) data-label=(t.name) {
                                a href=(format!("{}?lang={}", paths::Unit::href(&unit.code), lang.code())) { (unit.name) }
                                " " small.code { (unit.code) }
                            }
                            td.kind data-label=(t.kind) { (crate::labels::kind(lang, &unit.kind)) }
                            td.nowrap.figure data-label=(index_heading) { (unit.month) }
                            td data-label=(w.respondents) { (lang.count(unit.respondents)) }
                            td data-label=(w.today) { (lang.count(unit.today)) }
                            td.nowrap data-label=(w.change) { (unit.change) }
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
