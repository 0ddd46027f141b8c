//! The unit tree for admins: every unit with forms to rename, move and switch it off or on;
//! a form to add one, and one to import many from CSV (pasted, so no JavaScript or upload is
//! needed; rows copied from a spreadsheet work too).

use maud::{Markup, html};

use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct UnitTreeView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub rows: Vec<TreeRow>,
    /// What the last action did, or why it was refused.
    pub notice: Option<Notice>,
    /// One line per rejected CSV line after an import.
    pub rejected: Vec<String>,
    /// What the forms held when they were refused, to fill them again.
    pub draft: UnitDraft,
}

#[derive(Default)]
pub struct UnitDraft {
    pub code: String,
    pub name: String,
    pub parent: String,
    pub kind: String,
    pub csv: String,
}

pub struct TreeRow {
    pub code: String,
    pub name: String,
    /// `province`, `department`, `commune` or `service_point`.
    pub kind: String,
    pub depth: usize,
    pub active: bool,
}

pub enum Notice {
    Done(String),
    Problem(String),
}

const KINDS: [&str; 4] = ["province", "department", "commune", "service_point"];

pub fn unit_tree_page(view: &UnitTreeView) -> Markup {
    let vi = view.lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let title = t("Cây đơn vị", "Unit tree");
    let hidden = html! {
        input type="hidden" name="csrf" value=(view.csrf);
        input type="hidden" name="lang" value=(view.lang.code());
    };
    let body = html! {
        p.small { a href=(paths::Home::href()) { (t("Trang chủ", "Home")) } }
        h1 { (title) }
        @match &view.notice {
            Some(Notice::Done(text)) => div.notice role="status" { p { (text) } },
            Some(Notice::Problem(text)) => div.alert role="alert" { p { (text) } },
            None => {},
        }
        @if !view.rejected.is_empty() {
            ul.alert { @for line in &view.rejected { li { (line) } } }
        }
        details open[matches!(view.notice, Some(Notice::Problem(_))) && view.draft.csv.is_empty()] {
            summary { (t("Thêm đơn vị", "Add a unit")) }
            form.login method="post" action=(paths::Units::href()) {
                (hidden)
                label for="code" { (t("Mã đơn vị", "Unit code")) }
                input #code name="code" required maxlength="64" value=(view.draft.code);
                label for="name" { (t("Tên đơn vị", "Unit name")) }
                input #name name="name" required maxlength="200" value=(view.draft.name);
                label for="parent" { (t("Đơn vị cấp trên: chọn, hoặc gõ tên hay mã để tìm (để trống nếu là tỉnh)", "Parent unit: choose, or type a name or code to search (empty for a province)")) }
                input #parent name="parent" maxlength="64" list="unit-list" autocomplete="off" value=(view.draft.parent);
                label for="kind" { (t("Loại", "Kind")) }
                select #kind name="kind" {
                    @for kind in KINDS {
                        option value=(kind) selected[view.draft.kind == kind] { (crate::labels::kind(view.lang, kind)) }
                    }
                }
                button.submit type="submit" { (t("Thêm", "Add")) }
            }
        }
        details open[!view.draft.csv.is_empty()] {
            summary { (t("Nhập nhiều đơn vị từ CSV", "Import units from CSV")) }
            form.login method="post" action=(paths::UnitsImport::href()) {
                (hidden)
                label for="csv" {
                    (t("Dán nội dung CSV (cột code, name, parent_code, kind) hoặc các dòng chép từ Excel:",
                       "Paste CSV (columns code, name, parent_code, kind) or rows copied from a spreadsheet:"))
                }
                textarea #csv name="csv" rows="8" required { (view.draft.csv) }
                button.submit type="submit" { (t("Nhập", "Import")) }
            }
        }
        (super::pickers::unit_datalist("unit-list", &view.rows.iter().map(|r| (r.code.clone(), r.name.clone())).collect::<Vec<_>>()))
        div.scroll {
            table.data.wide.cards {
                thead {
                    tr {
                        th scope="col" { (t("Mã", "Code")) }
                        th scope="col" { (t("Tên", "Name")) }
                        th scope="col" { (t("Loại", "Kind")) }
                        th scope="col" { (t("Thay đổi", "Change")) }
                    }
                }
                tbody {
                    @for row in &view.rows {
                        tr id=(format!("u-{}", row.code)) {
                            td data-label=(t("Mã", "Code")) { (row.code) }
                            td class=(format!("depth-{}", row.depth.min(6))) data-label=(t("Tên", "Name")) {
                                a href=(paths::Unit::href(&row.code)) { (row.name) }
                                @if !row.active { " " span.status.excluded { (t("(ngừng hoạt động)", "(switched off)")) } }
                            }
                            td data-label=(t("Loại", "Kind")) { (crate::labels::kind(view.lang, &row.kind)) }
                            td data-label=(t("Thay đổi", "Change")) {
                                details {
                                    summary { (t("Sửa", "Edit")) }
                                    form.moderate method="post" action=(paths::UnitRename::href(&row.code)) {
                                        (hidden)
                                        label for=(format!("name-{}", row.code)) { (t("Tên mới", "New name")) }
                                        input id=(format!("name-{}", row.code)) name="name" required maxlength="200" value=(row.name);
                                        button.secondary type="submit" { (t("Đổi tên", "Rename")) }
                                    }
                                    form.moderate method="post" action=(paths::UnitMove::href(&row.code)) {
                                        (hidden)
                                        label for=(format!("parent-{}", row.code)) { (t("Đơn vị cấp trên mới (chọn, hoặc gõ tên hay mã)", "New parent (choose, or type a name or code)")) }
                                        input id=(format!("parent-{}", row.code)) name="parent" required maxlength="64" list="unit-list" autocomplete="off";
                                        button.secondary type="submit" { (t("Chuyển", "Move")) }
                                    }
                                    @if row.active {
                                        // Asked first, on a page of its own (it stops every counter below).
                                        p { a.secondary.button href=(format!("{}?lang={}", paths::UnitActive::href(&row.code), view.lang.code())) {
                                            (t("Ngừng hoạt động (cả các đơn vị cấp dưới)…", "Switch off (with the units below)…"))
                                        } }
                                    } @else {
                                        form.moderate method="post" action=(paths::UnitActive::href(&row.code)) {
                                            (hidden)
                                            input type="hidden" name="active" value="true";
                                            button.secondary type="submit" {
                                                (t("Hoạt động trở lại (cả các đơn vị cấp dưới)", "Switch on (with the units below)"))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    staff_page(view.lang, title, sign_out, body)
}
