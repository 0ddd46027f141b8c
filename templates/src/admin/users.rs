//! Staff accounts: the list, and a form that adds one (its password is shown once).

use maud::{Markup, html};

use super::{sign_out, staff_page, strings};
use crate::{Lang, paths};

pub struct UsersView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub users: Vec<UserRow>,
    /// What was typed, kept when the form comes back with a problem.
    pub form_username: String,
    pub form_role: String,
    pub form_unit: String,
    /// (code, name) of every unit, to choose an account's unit from.
    pub units: Vec<(String, String)>,
    pub problem: Option<String>,
    /// The new account's name and password, shown once after it was created.
    pub created: Option<(String, String)>,
}

pub struct UserRow {
    pub username: String,
    pub role: String,
    /// The unit of its scope; `None`: the whole system (admins).
    pub unit: Option<String>,
    pub active: bool,
}

pub fn users_page(view: &UsersView) -> Markup {
    let t = strings(view.lang);
    let vi = view.lang == Lang::Vi;
    let title = if vi { "Tài khoản" } else { "Accounts" };
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(paths::Home::href()) { (if vi { "Trang chủ" } else { "Home" }) } }
        h1 { (title) }
        @if let Some((name, password)) = &view.created {
            div.notice role="status" {
                p { (if vi { "Đã tạo tài khoản " } else { "Account created: " }) strong { (name) } }
                p { (if vi { "Mật khẩu (chỉ hiện một lần): " } else { "Password (shown once only): " }) code.password { (password) } }
            }
        }
        @if let Some(problem) = &view.problem {
            div.alert role="alert" { p { (problem) } }
        }
        div.scroll { table.data.cards {
            thead {
                tr {
                    th scope="col" { (t.username) }
                    th scope="col" { (t.role) }
                    th scope="col" { (t.scope) }
                    th scope="col" { (if vi { "Hoạt động" } else { "Active" }) }
                    th scope="col" { (if vi { "Thay đổi" } else { "Change" }) }
                }
            }
            tbody {
                @for user in &view.users {
                    tr {
                        td data-label=(t.username) { strong { (user.username) } }
                        td data-label=(t.role) { (crate::labels::role(view.lang, &user.role)) }
                        td data-label=(t.scope) { (user.unit.as_deref().unwrap_or(t.everything)) }
                        td data-label=(if vi { "Hoạt động" } else { "Active" }) { (if user.active { "✓" } else { "–" }) }
                        td data-label=(if vi { "Thay đổi" } else { "Change" }) { (change_forms(view, user)) }
                    }
                }
            }
        } }
        h2 { (if vi { "Thêm tài khoản" } else { "Add an account" }) }
        form.login method="post" action=(paths::Users::href()) {
            input type="hidden" name="csrf" value=(view.csrf);
            input type="hidden" name="lang" value=(view.lang.code());
            label for="new-username" { (t.username) }
            input #new-username type="text" name="username" value=(view.form_username) required autocapitalize="none";
            label for="new-role" { (t.role) }
            select #new-role name="role" {
                @for role in ["viewer", "manager", "admin"] {
                    option value=(role) selected[view.form_role == role] { (crate::labels::role(view.lang, role)) }
                }
            }
            label for="new-unit" { (if vi { "Đơn vị (quản lý, xem): chọn, hoặc gõ tên hay mã để tìm" } else { "Unit (manager, viewer): choose, or type a name or code to search" }) }
            input #new-unit type="text" name="unit" list="unit-list" autocomplete="off" value=(view.form_unit);
            (super::pickers::unit_datalist("unit-list", &view.units))
            button.submit type="submit" { (if vi { "Tạo tài khoản" } else { "Create the account" }) }
        }
    };
    staff_page(view.lang, title, sign_out, body)
}

fn change_forms(view: &UsersView, user: &UserRow) -> Markup {
    let vi = view.lang == Lang::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let hidden = html! {
        input type="hidden" name="csrf" value=(view.csrf);
        input type="hidden" name="lang" value=(view.lang.code());
    };
    let field = format!("rename-{}", user.username);
    html! {
        details {
            summary { (t("Sửa", "Edit")) }
            form.moderate method="post" action=(paths::UserRename::href(&user.username)) {
                (hidden)
                label for=(field) { (t("Tên đăng nhập mới", "New username")) }
                input id=(field) name="username" required autocapitalize="none" value=(user.username);
                button.secondary type="submit" { (t("Đổi tên", "Rename")) }
            }
            @if user.username != view.username {
                form.moderate method="post" action=(paths::UserActive::href(&user.username)) {
                    (hidden)
                    input type="hidden" name="active" value=(if user.active { "false" } else { "true" });
                    button.secondary type="submit" {
                        (if user.active { t("Khoá tài khoản (đăng xuất ngay)", "Switch off (signs out at once)") } else { t("Mở lại tài khoản", "Switch on") })
                    }
                }
            }
        }
    }
}
