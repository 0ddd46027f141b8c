//! The audit log: who did what, when.

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct AuditView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    /// Everyone in the log, for the person filter.
    pub actors: Vec<String>,
    /// The filters chosen: a person, an action code, days `yyyy-mm-dd`; empty: any.
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub lines: Vec<AuditRow>,
    /// More lines match than are shown.
    pub truncated: bool,
}

pub struct AuditRow {
    /// `dd/mm/yyyy hh:mm` in Vietnam time.
    pub when: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

pub fn audit_page(view: &AuditView) -> Markup {
    let vi = view.lang == Lang::Vi;
    let title = if vi {
        "Nhật ký thao tác"
    } else {
        "Audit log"
    };
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(paths::Home::href()) { (if vi { "Trang chủ" } else { "Home" }) } }
        h1 { (title) }
        form.filters method="get" action=(paths::Audit::href()) {
            input type="hidden" name="lang" value=(view.lang.code());
            span.field {
                label for="actor" { (if vi { "Người thực hiện" } else { "Who" }) }
                select #actor name="actor" {
                    option value="" selected[view.actor.is_empty()] { (if vi { "Mọi người" } else { "Anyone" }) }
                    @for actor in &view.actors {
                        option value=(actor) selected[view.actor == *actor] { (crate::labels::actor(view.lang, actor)) }
                    }
                }
            }
            span.field {
                label for="action" { (if vi { "Thao tác" } else { "Action" }) }
                select #action name="action" {
                    option value="" selected[view.action.is_empty()] { (if vi { "Mọi thao tác" } else { "Any action" }) }
                    @for (code, _) in crate::labels::AUDIT_ACTIONS {
                        option value=(code) selected[view.action == code] { (crate::labels::audit_action(view.lang, code)) }
                    }
                }
            }
            span.field {
                label for="from" { (if vi { "Từ ngày" } else { "From" }) }
                input #from type="date" name="from" value=(view.from);
            }
            span.field {
                label for="to" { (if vi { "Đến ngày" } else { "To" }) }
                input #to type="date" name="to" value=(view.to);
            }
            button type="submit" { (if vi { "Lọc" } else { "Filter" }) }
        }
        @if view.truncated {
            p.small { (if vi { "Chỉ hiện 500 dòng mới nhất khớp bộ lọc; hãy lọc theo người, thao tác hoặc ngày để xem các dòng cũ hơn." } else { "Only the newest 500 lines that match are shown; filter by person, action or days to see older ones." }) }
        }
        @if view.lines.is_empty() {
            p { (if vi { "Không có dòng nào khớp bộ lọc." } else { "No line matches the filter." }) }
        }
        div.scroll { table.data.wide.cards {
            thead {
                tr {
                    th scope="col" { (if vi { "Thời điểm" } else { "When" }) }
                    th scope="col" { (if vi { "Người thực hiện" } else { "Who" }) }
                    th scope="col" { (if vi { "Thao tác" } else { "Action" }) }
                    th scope="col" { (if vi { "Đối tượng" } else { "Target" }) }
                    th scope="col" { (if vi { "Chi tiết" } else { "Detail" }) }
                }
            }
            tbody {
                @for line in &view.lines {
                    tr {
                        td.nowrap data-label=(if vi { "Thời điểm" } else { "When" }) { (line.when) }
                        td data-label=(if vi { "Người thực hiện" } else { "Who" }) { (crate::labels::actor(view.lang, &line.actor)) }
                        td data-label=(if vi { "Thao tác" } else { "Action" }) { (crate::labels::audit_action(view.lang, &line.action)) }
                        td.text data-label=(if vi { "Đối tượng" } else { "Target" }) { (crate::labels::audit_text(view.lang, &line.target)) }
                        td.text data-label=(if vi { "Chi tiết" } else { "Detail" }) { (crate::labels::audit_text(view.lang, &line.detail)) }
                    }
                }
            }
        } }
    };
    staff_page(view.lang, title, sign_out, body)
}
