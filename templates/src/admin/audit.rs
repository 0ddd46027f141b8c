//! The audit log: who did what, when.

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct AuditView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub lines: Vec<AuditRow>,
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
        div.scroll { table.data.wide {
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
                    tr { td.nowrap { (line.when) } td { (crate::labels::actor(view.lang, &line.actor)) } td { (crate::labels::audit_action(view.lang, &line.action)) } td { (line.target) } td { (line.detail) } }
                }
            }
        } }
    };
    staff_page(view.lang, title, sign_out, body)
}
