//! A unit's responses, newest first, for moderation: each with its answers, comment (contacts
//! masked) and status; managers and admins exclude or restore one with a reason.

use maud::{Markup, html};

use super::answers::{Answer, answer_list};
use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct ResponsesView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub unit_code: String,
    pub unit_name: String,
    pub period: String,
    pub period_dates: String,
    /// `all`, `counted`, `flagged` or `excluded`.
    pub status: String,
    pub may_moderate: bool,
    /// This page's own address, where a moderation form returns.
    pub here: String,
    pub rows: Vec<ResponseRow>,
    /// The next (older) page, if there is one.
    pub older_href: Option<String>,
    /// How many responses the last bulk change moved, said once after it.
    pub changed: Option<usize>,
}

pub struct ResponseRow {
    pub id: i64,
    /// `dd/mm/yyyy hh:mm`, Vietnam time.
    pub when: String,
    pub counter: String,
    /// Labelled: "Tiếp cận dịch vụ: 4 – Hài lòng".
    pub answers: Vec<Answer>,
    pub comment: Option<String>,
    /// `counted`, `flagged` or `excluded`.
    pub status: String,
    pub reason: Option<String>,
}

struct Words {
    title: &'static str,
    dashboard: &'static str,
    period: &'static str,
    status: &'static str,
    all: &'static str,
    counted: &'static str,
    flagged: &'static str,
    excluded: &'static str,
    show: &'static str,
    when: &'static str,
    counter: &'static str,
    answers: &'static str,
    comment: &'static str,
    reason: &'static str,
    exclude: &'static str,
    restore: &'static str,
    none: &'static str,
    older: &'static str,
    rule: &'static str,
    pick: &'static str,
    bulk: &'static str,
    bulk_help: &'static str,
    exclude_ticked: &'static str,
    restore_ticked: &'static str,
    exclude_page: &'static str,
    changed: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words {
            title: "Phiếu khảo sát và kiểm duyệt",
            dashboard: "Bảng số liệu",
            period: "Kỳ",
            status: "Trạng thái",
            all: "Tất cả",
            counted: "Được tính",
            flagged: "Bị gắn cờ (chưa tính)",
            excluded: "Đã loại",
            show: "Xem",
            when: "Thời điểm",
            counter: "Quầy",
            answers: "Trả lời",
            comment: "Góp ý",
            reason: "Lý do",
            exclude: "Loại khỏi số liệu",
            restore: "Tính lại vào số liệu",
            none: "Không có phiếu nào.",
            older: "Các phiếu cũ hơn",
            rule: "Phiếu bị loại ra khỏi mọi số liệu ngay khi lưu; mỗi thay đổi được ghi vào nhật ký cùng lý do.",
            pick: "Chọn phiếu",
            bulk: "Xử lý nhiều phiếu cùng lúc",
            bulk_help: "Đánh dấu các phiếu trong bảng (hoặc lọc để trang chỉ còn phiếu rác rồi loại cả trang), ghi một lý do chung, rồi chọn việc cần làm.",
            exclude_ticked: "Loại các phiếu đã chọn",
            restore_ticked: "Tính lại các phiếu đã chọn",
            exclude_page: "Loại mọi phiếu trên trang này",
            changed: "Số phiếu đã đổi trạng thái:",
        },
        Lang::En => Words {
            title: "Responses and moderation",
            dashboard: "Dashboard",
            period: "Period",
            status: "Status",
            all: "All",
            counted: "Counted",
            flagged: "Flagged (not counted)",
            excluded: "Excluded",
            show: "Show",
            when: "When",
            counter: "Counter",
            answers: "Answers",
            comment: "Comment",
            reason: "Reason",
            exclude: "Exclude from figures",
            restore: "Count again",
            none: "No responses.",
            older: "Older responses",
            rule: "An excluded response leaves every figure as soon as it is saved; each change goes to the audit log with its reason.",
            pick: "Select response",
            bulk: "Several responses at once",
            bulk_help: "Tick the responses in the table (or filter until the page holds only junk, then exclude the whole page), give one reason, then choose what to do.",
            exclude_ticked: "Exclude the ticked responses",
            restore_ticked: "Count the ticked responses again",
            exclude_page: "Exclude every response on this page",
            changed: "Responses whose status changed:",
        },
    }
}

fn status_label<'a>(w: &'a Words, status: &str) -> &'a str {
    match status {
        "counted" => w.counted,
        "flagged" => w.flagged,
        "excluded" => w.excluded,
        _ => w.all,
    }
}

pub fn responses_page(view: &ResponsesView) -> Markup {
    let w = &words(view.lang);
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(format!("{}?period={}&lang={}", paths::Unit::href(&view.unit_code), view.period, view.lang.code())) { (view.unit_name) " – " (w.dashboard) } }
        h1 { (w.title) }
        form.filters method="get" action=(paths::UnitResponses::href(&view.unit_code)) {
            input type="hidden" name="lang" value=(view.lang.code());
            label for="period" { (w.period) }
            input #period type="text" name="period" value=(view.period) size="24";
            label for="status" { (w.status) }
            select #status name="status" {
                @for code in ["all", "counted", "flagged", "excluded"] {
                    option value=(code) selected[view.status == code] { (status_label(w, code)) }
                }
            }
            button type="submit" { (w.show) }
        }
        p.small { (view.period_dates) " · " (w.rule) }
        @if let Some(n) = view.changed {
            div.notice role="status" { p { (w.changed) " " (view.lang.count(n as u64)) } }
        }
        @if view.may_moderate && !view.rows.is_empty() {
            form.bulk #bulk method="post" action=(paths::UnitResponsesBulk::href(&view.unit_code)) {
                input type="hidden" name="csrf" value=(view.csrf);
                input type="hidden" name="back" value=(view.here);
                input type="hidden" name="lang" value=(view.lang.code());
                fieldset {
                    legend { (w.bulk) }
                    p.small { (w.bulk_help) }
                    label for="bulk-reason" { (w.reason) }
                    input #bulk-reason type="text" name="reason" required minlength="3" maxlength="500";
                    @for row in &view.rows { input type="hidden" name="page" value=(row.id); }
                    div.confirm {
                        button.danger type="submit" name="action" value="exclude" { (w.exclude_ticked) }
                        button.secondary type="submit" name="action" value="restore" { (w.restore_ticked) }
                        button.danger type="submit" name="action" value="exclude_page" {
                            (w.exclude_page) " (" (view.lang.count(view.rows.len() as u64)) ")"
                        }
                    }
                }
            }
        }
        @if view.rows.is_empty() {
            p { (w.none) }
        } @else {
            div.scroll {
                table.data.cards {
                    thead {
                        tr {
                            @if view.may_moderate { th scope="col" { span.visually-hidden { (w.pick) } } }
                            th scope="col" { "#" }
                            th scope="col" { (w.when) }
                            th scope="col" { (w.counter) }
                            th scope="col" { (w.answers) }
                            th scope="col" { (w.comment) }
                            th scope="col" { (w.status) }
                        }
                    }
                    tbody {
                        @for row in &view.rows {
                            tr id=(format!("r{}", row.id)) {
                                @if view.may_moderate {
                                    td.pick {
                                        label.pick {
                                            input type="checkbox" name="id" value=(row.id) form="bulk";
                                            span.visually-hidden { (w.pick) " #" (row.id) }
                                        }
                                    }
                                }
                                td data-label="#" { (row.id) }
                                td.nowrap data-label=(w.when) { (row.when) }
                                td data-label=(w.counter) { (row.counter) }
                                td data-label=(w.answers) { (answer_list(&row.answers)) }
                                td.text data-label=(w.comment) { @if let Some(c) = &row.comment { (c) } }
                                td data-label=(w.status) {
                                    span class=(format!("status {}", row.status)) { (status_label(w, &row.status)) }
                                    @if let Some(reason) = &row.reason { br; span.small { (w.reason) ": " (reason) } }
                                    @if view.may_moderate { (moderation_form(view, row, w)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(href) = &view.older_href { p { a href=(href) { (w.older) " →" } } }
    };
    staff_page(view.lang, w.title, sign_out, body)
}

fn moderation_form(view: &ResponsesView, row: &ResponseRow, w: &Words) -> Markup {
    let (action, label) = if row.status == "counted" {
        (paths::ResponseExclude::href(row.id), w.exclude)
    } else {
        (paths::ResponseRestore::href(row.id), w.restore)
    };
    let field = format!("reason-{}", row.id);
    html! {
        form.moderate method="post" action=(action) {
            input type="hidden" name="csrf" value=(view.csrf);
            input type="hidden" name="back" value=(view.here);
            label for=(field) { (w.reason) }
            input id=(field) type="text" name="reason" required minlength="3" maxlength="500";
            button.secondary type="submit" { (label) }
        }
    }
}
