//! Staff pages: sign in and the home page of the account's scope, in Vietnamese and English.

mod answers;
mod audit;
mod comments;
mod confirm;
mod counters;
mod dashboard;
mod home;
mod login;
mod pickers;
mod questionnaires;
mod responses;
mod signoff;
mod trend_chart;
mod unit_tree;
mod users;
mod version_editor;
mod week_chart;

pub use answers::{Answer, answer_list};
pub use audit::{AuditRow, AuditView, audit_page};
pub use comments::{CommentItem, CommentsView, comments_page};
pub use confirm::{ConfirmView, confirm_page};
pub use counters::{CounterRow, CountersView, Done, counters_page};
pub use dashboard::{DashboardView, Figure, RankRow, dashboard_page};
pub use home::{HomeView, UnitRow, home_page};
pub use login::{LoginProblem, login_page};
pub use questionnaires::{
    QuestionView, QuestionnaireView, QuestionnairesView, VersionView, questionnaires_page,
};
pub use responses::{ResponseRow, ResponsesView, responses_page};
pub use signoff::{SignoffRow, SignoffView, signoff_page};
pub use trend_chart::TrendPoint;
pub use unit_tree::{Notice, TreeRow, UnitDraft, UnitTreeView, unit_tree_page};
pub use users::{UserRow, UsersView, users_page};
pub use version_editor::{EditorQuestion, NewItem, VersionEditorView, version_editor_page};
pub use week_chart::WeekChart;

use maud::{DOCTYPE, Markup, html};

use crate::{Lang, assets, paths};

/// The fixed texts of the staff pages in one language.
pub(crate) struct StaffStrings {
    pub product: &'static str,
    pub login_title: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub refused: &'static str,
    pub throttled: &'static str,
    pub expired: &'static str,
    pub hello: &'static str,
    pub role: &'static str,
    pub scope: &'static str,
    pub everything: &'static str,
    pub units: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub more: &'static str,
    pub no_units: &'static str,
    pub questionnaires: &'static str,
    pub unit_tree: &'static str,
    pub accounts: &'static str,
    pub audit_log: &'static str,
}

pub(crate) fn strings(lang: Lang) -> &'static StaffStrings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

static VI: StaffStrings = StaffStrings {
    product: "sipas – Quản trị",
    login_title: "Đăng nhập",
    username: "Tên đăng nhập",
    password: "Mật khẩu",
    sign_in: "Đăng nhập",
    sign_out: "Đăng xuất",
    refused: "Tên đăng nhập hoặc mật khẩu không đúng.",
    throttled: "Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau 15 phút.",
    expired: "Trang đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
    hello: "Xin chào",
    role: "Vai trò",
    scope: "Phạm vi",
    everything: "Toàn bộ hệ thống",
    units: "Đơn vị",
    name: "Tên",
    kind: "Loại",
    more: "đơn vị khác không hiển thị",
    no_units: "Chưa có đơn vị nào.",
    questionnaires: "Bộ câu hỏi và các phiên bản",
    unit_tree: "Cây đơn vị",
    accounts: "Tài khoản",
    audit_log: "Nhật ký thay đổi",
};

static EN: StaffStrings = StaffStrings {
    product: "sipas – Administration",
    login_title: "Sign in",
    username: "Username",
    password: "Password",
    sign_in: "Sign in",
    sign_out: "Sign out",
    refused: "Wrong username or password.",
    throttled: "Too many failed sign-ins. Please try again in 15 minutes.",
    expired: "The sign-in page had expired. Please sign in again.",
    hello: "Hello",
    role: "Role",
    scope: "Scope",
    everything: "The whole system",
    units: "Units",
    name: "Name",
    kind: "Kind",
    more: "more units not shown",
    no_units: "No unit yet.",
    questionnaires: "Questionnaires and their versions",
    unit_tree: "Unit tree",
    accounts: "Accounts",
    audit_log: "Audit log",
};

/// The header's sign-out form: a POST with the session's CSRF token.
pub(crate) fn sign_out(lang: Lang, username: &str, csrf: &str) -> Markup {
    html! {
        form.sign-out method="post" action=(paths::Logout::href()) {
            input type="hidden" name="csrf" value=(csrf);
            // The same page in the other language (remembered for the next pages).
            @match lang {
                Lang::Vi => a.switch-lang href="?lang=en" lang="en" hreflang="en" { "English" },
                Lang::En => a.switch-lang href="?lang=vi" lang="vi" hreflang="vi" { "Tiếng Việt" },
            }
            span.who { (username) }
            button type="submit" { (strings(lang).sign_out) }
        }
    }
}

pub(crate) fn staff_page(lang: Lang, title: &str, header_extra: Markup, body: Markup) -> Markup {
    let t = strings(lang);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " – " (t.product) }
                link rel="stylesheet" href=(assets::CITIZEN_CSS.path());
                link rel="stylesheet" href=(assets::STAFF_CSS.path());
            }
            body.staff {
                header.staff-bar {
                    span.product { (t.product) }
                    (header_extra)
                }
                main { (body) }
            }
        }
    }
}
