//! A unit's signed-off periods: where a period stands (submitted, sent back, approved,
//! reopened), who took its last steps, its check code once approved, and the step the account
//! may take next. No JavaScript: each step is a form.

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct SignoffRow {
    pub period: String,
    pub status: String,
    pub submitted: String,
    pub decided: Option<String>,
    pub note: Option<String>,
    pub reason: Option<String>,
    /// `sha256:…`, once approved.
    pub check_code: Option<String>,
}

pub struct SignoffView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The period the page is about, as written (`2026-Q3`).
    pub period: String,
    /// Where it stands, when it was ever submitted.
    pub current: Option<SignoffRow>,
    /// The steps this account may take now: `submit`, `approve`, `return`, `reopen`.
    pub steps: Vec<&'static str>,
    /// Every period of the unit ever submitted.
    pub history: Vec<SignoffRow>,
    /// A step refused, said above the forms.
    pub problem: Option<String>,
    /// The period's note to citizens on the public results page, and whether the account may
    /// write it.
    pub public_note: String,
    pub may_write_note: bool,
}

fn t(vi: bool, v: &'static str, e: &'static str) -> &'static str {
    if vi { v } else { e }
}

pub fn signoff_page(view: &SignoffView) -> Markup {
    let vi = view.lang == Lang::Vi;
    let title = t(
        vi,
        "Trình duyệt số liệu chính thức",
        "Official figures: sign-off",
    );
    let action = format!(
        "{}?period={}",
        paths::UnitSignoff::href(&view.unit_code),
        view.period
    );
    let body = html! {
        p.small { a href=(paths::Unit::href(&view.unit_code)) { (view.unit_name) } }
        h1 { (title) }
        form.filters method="get" action=(paths::UnitSignoff::href(&view.unit_code)) {
            input type="hidden" name="lang" value=(view.lang.code());
            span.field {
                label for="period" { (t(vi, "Kỳ", "Period")) }
                input #period name="period" value=(view.period) placeholder="2026-Q3" size="10";
            }
            button type="submit" { (t(vi, "Xem", "Show")) }
        }
        p.small { (t(vi, "Tháng (2026-07), quý (2026-Q3), 6 tháng (2026-H2) hoặc năm (2026), đã kết thúc.", "A month (2026-07), quarter (2026-Q3), half-year (2026-H2) or year (2026), already over.")) }
        @if let Some(problem) = &view.problem {
            div.alert role="alert" { p { (problem) } }
        }
        h2 { (t(vi, "Kỳ ", "Period ")) (view.period) }
        @match &view.current {
            Some(row) => { (facts(vi, row)) }
            None => { p { (t(vi, "Kỳ này chưa được trình duyệt.", "This period has not been submitted.")) } }
        }
        @for step in &view.steps {
            form.login method="post" action=(action) {
                input type="hidden" name="csrf" value=(view.csrf);
                input type="hidden" name="lang" value=(view.lang.code());
                input type="hidden" name="step" value=(step);
                @match *step {
                    "submit" => {
                        label for="note" { (t(vi, "Ghi chú khi trình (không bắt buộc)", "Note (optional)")) }
                        textarea #note name="text" rows="2" maxlength="2000" {}
                        button.submit type="submit" { (t(vi, "Trình duyệt kỳ này", "Submit this period")) }
                    }
                    "approve" => {
                        p { (t(vi, "Duyệt sẽ chốt số liệu: xuất báo cáo của kỳ sẽ dùng số liệu đã chốt, kèm mã kiểm tra.", "Approving freezes the figures: exports of the period use them, with a check code.")) }
                        button.submit type="submit" { (t(vi, "Duyệt và chốt số liệu", "Approve and freeze")) }
                    }
                    "return" => {
                        label for="return-reason" { (t(vi, "Lý do trả lại", "Why it is sent back")) }
                        textarea #return-reason name="text" rows="2" maxlength="2000" required {}
                        button.secondary type="submit" { (t(vi, "Trả lại", "Send back")) }
                    }
                    _ => {
                        label for="reopen-reason" { (t(vi, "Lý do mở lại", "Why it is reopened")) }
                        textarea #reopen-reason name="text" rows="2" maxlength="2000" required {}
                        button.danger type="submit" { (t(vi, "Mở lại kỳ đã duyệt", "Reopen the approved period")) }
                    }
                }
            }
        }
        @if view.may_write_note {
            h2 { (t(vi, "Ý kiến của người dân – việc chúng tôi đã làm", "What citizens said – what we did")) }
            form.login method="post" action=(format!("{}?period={}", paths::UnitPublicNote::href(&view.unit_code), view.period)) {
                input type="hidden" name="csrf" value=(view.csrf);
                input type="hidden" name="lang" value=(view.lang.code());
                label for="public-note" { (t(vi, "Ghi chú công khai cho kỳ này (hiện trên trang kết quả của đơn vị; để trống để xoá)", "A public note on this period (on the unit's results page; empty removes it)")) }
                textarea #public-note name="text" rows="4" maxlength="2000" { (view.public_note) }
                button.secondary type="submit" { (t(vi, "Lưu ghi chú", "Save the note")) }
            }
        }
        @if !view.history.is_empty() {
            h2 { (t(vi, "Các kỳ đã trình", "Periods submitted")) }
            div.scroll {
                table.data.cards {
                    thead { tr {
                        th { (t(vi, "Kỳ", "Period")) }
                        th { (t(vi, "Trạng thái", "Status")) }
                        th { (t(vi, "Trình", "Submitted")) }
                        th { (t(vi, "Quyết định", "Decided")) }
                        th { (t(vi, "Mã kiểm tra", "Check code")) }
                    } }
                    tbody {
                        @for row in &view.history {
                            tr {
                                td data-label=(t(vi, "Kỳ", "Period")) {
                                    a href=(format!("{}?period={}&lang={}", paths::UnitSignoff::href(&view.unit_code), row.period, view.lang.code())) { (row.period) }
                                }
                                td data-label=(t(vi, "Trạng thái", "Status")) { (row.status) }
                                td data-label=(t(vi, "Trình", "Submitted")) { (row.submitted) }
                                td data-label=(t(vi, "Quyết định", "Decided")) { (row.decided.as_deref().unwrap_or("")) }
                                td.nowrap data-label=(t(vi, "Mã kiểm tra", "Check code")) { (row.check_code.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
    };
    staff_page(
        view.lang,
        title,
        sign_out(view.lang, &view.username, &view.csrf),
        body,
    )
}

fn facts(vi: bool, row: &SignoffRow) -> Markup {
    html! {
        dl.facts {
            dt { (t(vi, "Trạng thái", "Status")) } dd { strong { (row.status) } }
            dt { (t(vi, "Trình", "Submitted")) } dd { (row.submitted) }
            @if let Some(note) = &row.note { dt { (t(vi, "Ghi chú", "Note")) } dd { (note) } }
            @if let Some(decided) = &row.decided { dt { (t(vi, "Quyết định", "Decided")) } dd { (decided) } }
            @if let Some(reason) = &row.reason { dt { (t(vi, "Lý do", "Reason")) } dd { (reason) } }
            @if let Some(code) = &row.check_code { dt { (t(vi, "Mã kiểm tra", "Check code")) } dd { code { (code) } } }
        }
    }
}
