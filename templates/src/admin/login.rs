use maud::{Markup, html};

use super::{staff_page, strings};
use crate::{Lang, paths};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginProblem {
    /// Unknown user or wrong password: one message for both.
    Refused,
    Throttled,
    /// The form's token did not match its cookie.
    Expired,
}

/// The sign-in form; `token` is the double-submit value also set as a cookie.
pub fn login_page(
    lang: Lang,
    token: &str,
    problem: Option<LoginProblem>,
    username: &str,
) -> Markup {
    let t = strings(lang);
    let message = problem.map(|p| match p {
        LoginProblem::Refused => t.refused,
        LoginProblem::Throttled => t.throttled,
        LoginProblem::Expired => t.expired,
    });
    let body = html! {
        h1 { (t.login_title) }
        @if let Some(message) = message {
            div.alert role="alert" { p { (message) } }
        }
        form.login method="post" action=(paths::Login::href()) {
            input type="hidden" name="csrf" value=(token);
            input type="hidden" name="lang" value=(lang.code());
            label for="username" { (t.username) }
            input #username type="text" name="username" value=(username) autocomplete="username" required autocapitalize="none";
            label for="password" { (t.password) }
            input #password type="password" name="password" autocomplete="current-password" required;
            button.submit type="submit" { (t.sign_in) }
        }
        p.small {
            a href=(format!("{}?lang={}", paths::Login::href(), lang.other().code())) lang=(lang.other().code()) {
                (lang.other().strings().language_name)
            }
        }
    };
    staff_page(lang, t.login_title, html! {}, body)
}
