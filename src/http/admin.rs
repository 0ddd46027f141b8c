//! Staff pages: sign in and sign out.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{LoginProblem, login_page};
use templates::paths;

use super::extract::Form;
use super::lang::{self, PageLang};
use super::staff::{self, Change, NoFields, Signed};
use super::{AppState, cookies, error::AppError};
use crate::auth::login::{self, Outcome, SESSION_LENGTH};
use crate::db::accounts;
use crate::domain::account::Role;

fn secure(state: &AppState) -> bool {
    state.public_url.starts_with("https://")
}

/// The login form, with a fresh double-submit token in a cookie and in the form.
fn login_response(
    state: &AppState,
    lang: templates::Lang,
    status: StatusCode,
    problem: Option<LoginProblem>,
    username: &str,
) -> Result<Response, AppError> {
    let (token, _) = crate::auth::new_secret()?;
    let cookie = cookies::set(cookies::LOGIN, &token, 3600, secure(state));
    Ok((
        status,
        [(header::SET_COOKIE, cookie)],
        staff::page(login_page(lang, &token, problem, username)),
    )
        .into_response())
}

pub async fn login_form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    login_response(&state, lang, StatusCode::OK, None, "")
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
}

pub async fn login_submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let lang =
        templates::Lang::from_code(&form.lang).unwrap_or_else(|| lang::choose(None, &headers));
    let cookie_token = cookies::get(&headers, cookies::LOGIN).unwrap_or_default();
    if form.csrf.is_empty() || cookie_token != form.csrf {
        return login_response(
            &state,
            lang,
            StatusCode::FORBIDDEN,
            Some(LoginProblem::Expired),
            &form.username,
        );
    }
    let address = super::client::address(&state, peer, &headers);
    let now = state.clock.now();
    match login::login(&state.db, &form.username, &form.password, address, now).await? {
        Outcome::SignedIn { token, account } => {
            let session = cookies::set(
                cookies::SESSION,
                &token,
                SESSION_LENGTH.whole_seconds(),
                secure(&state),
            );
            let clear = cookies::clear(cookies::LOGIN, secure(&state));
            // A manager or viewer of one unit has one place to go: that unit's dashboard.
            let landing = match (&account.scope, account.role) {
                (Some(scope), role) if role != Role::Admin => paths::Unit::href(&scope.unit_code),
                _ => paths::Home::href(),
            };
            let landing = match lang {
                templates::Lang::En => format!("{landing}?lang=en"),
                templates::Lang::Vi => landing,
            };
            let mut response = Redirect::to(&landing).into_response();
            response.headers_mut().append(header::SET_COOKIE, session);
            response.headers_mut().append(header::SET_COOKIE, clear);
            Ok(response)
        }
        Outcome::Refused => login_response(
            &state,
            lang,
            StatusCode::UNAUTHORIZED,
            Some(LoginProblem::Refused),
            &form.username,
        ),
        Outcome::Throttled => login_response(
            &state,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Some(LoginProblem::Throttled),
            &form.username,
        ),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    sent: Change<NoFields, Signed>,
) -> Result<Response, AppError> {
    accounts::delete_session(&state.db, &sent.staff.token_hash, sent.actor()).await?;
    let mut response = Redirect::to(&paths::Login::href()).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(cookies::SESSION, secure(&state)),
    );
    Ok(response)
}
