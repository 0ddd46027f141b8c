//! `GET/POST /admin/users`: accounts, for admins. A new account's password is generated and
//! shown once, in the answer to the form.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{UserRow, UsersView, users_page};
use templates::{Lang, paths};

use super::extract::Path;
use super::lang::PageLang;
use super::staff::{self, AdminStaff, Admins, Change, Staff};
use super::{AppState, error::AppError};
use crate::auth::{self, AddAccountError};
use crate::db::{self, accounts, units};
use crate::domain::UnitCode;
use crate::domain::account::{Role, Username};
use crate::domain::invalid::Invalid;

/// The page's state besides the list: the add form as sent, a refusal, a new account.
#[derive(Default)]
struct Outcome {
    form: NewUser,
    problem: Option<String>,
    created: Option<(String, String)>,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let users = accounts::list(&state.db)
        .await?
        .into_iter()
        .map(|a| UserRow {
            username: a.username,
            role: a.role,
            unit: a.unit,
            active: a.active,
        })
        .collect();
    let form = outcome.form;
    let view = UsersView {
        lang,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        users,
        form_username: form.username,
        form_role: if form.role.is_empty() {
            Role::Viewer.code().to_owned()
        } else {
            form.role
        },
        form_unit: form.unit,
        units: units::all(&state.db)
            .await?
            .into_iter()
            .map(|u| (u.code, u.name))
            .collect(),
        problem: outcome.problem,
        created: outcome.created,
    };
    Ok((status, staff::page(users_page(&view))).into_response())
}

/// The page again with a refusal in its language, 422.
async fn refused(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    form: NewUser,
    problem: Invalid,
) -> Result<Response, AppError> {
    let outcome = Outcome {
        form,
        problem: Some(lang.pick(&problem.vi, &problem.en).to_owned()),
        created: None,
    };
    page(
        state,
        staff,
        lang,
        StatusCode::UNPROCESSABLE_ENTITY,
        outcome,
    )
    .await
}

pub async fn list(
    State(state): State<AppState>,
    AdminStaff(staff): AdminStaff,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    page(&state, &staff, lang, StatusCode::OK, Outcome::default()).await
}

#[derive(Deserialize, Default, Clone)]
pub struct NewUser {
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

impl NewUser {
    fn parse(&self) -> Result<(Username, Role, Option<UnitCode>), Invalid> {
        let username = Username::parse(&self.username)?;
        let role = Role::parse(&self.role)?;
        let unit = Some(self.unit.trim())
            .filter(|u| !u.is_empty())
            .map(UnitCode::parse)
            .transpose()?;
        Ok((username, role, unit))
    }
}

pub async fn add(
    State(state): State<AppState>,
    sent: Change<NewUser, Admins>,
) -> Result<Response, AppError> {
    let (staff, lang) = (&sent.staff, sent.lang);
    let (username, role, unit) = match sent.form.parse() {
        Ok(parsed) => parsed,
        Err(problem) => return refused(&state, staff, lang, sent.form, problem).await,
    };
    let added = auth::add_account(&state.db, sent.actor(), &username, role, unit.as_ref());
    match added.await {
        Ok(password) => {
            let outcome = Outcome {
                created: Some((username.to_string(), password)),
                ..Outcome::default()
            };
            page(&state, staff, lang, StatusCode::OK, outcome).await
        }
        Err(AddAccountError::Refused(problem)) => {
            refused(&state, staff, lang, sent.form, problem).await
        }
        Err(AddAccountError::Other(err)) => Err(AppError::Internal(err)),
    }
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    active: String,
}

/// The account named by the path's `{username}`, or 404.
fn account_in_path(name: &str) -> Result<Username, AppError> {
    Username::parse(name).map_err(|_| AppError::NotFound)
}

/// Back to the list, or the page with the refusal.
async fn done(
    state: &AppState,
    sent: &Change<ChangeForm, Admins>,
    outcome: Result<(), db::Error>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => {
            let href = format!("{}?lang={}", paths::Users::href(), sent.lang.code());
            Ok(Redirect::to(&href).into_response())
        }
        Err(db::Error::NotFound(message) | db::Error::Conflict(message)) => {
            refused(state, &sent.staff, sent.lang, NewUser::default(), message).await
        }
        Err(err) => Err(err.into()),
    }
}

/// `POST /admin/users/{username}/rename`.
pub async fn rename(
    State(state): State<AppState>,
    Path(name): Path<String>,
    sent: Change<ChangeForm, Admins>,
) -> Result<Response, AppError> {
    let account = account_in_path(&name)?;
    let outcome = match Username::parse(&sent.form.username) {
        Ok(to) => accounts::rename(&state.db, &account, &to, sent.actor()).await,
        Err(message) => Err(db::Error::Conflict(message)),
    };
    done(&state, &sent, outcome).await
}

/// `POST /admin/users/{username}/active`: the account switched off (its sessions end at once)
/// or on. An admin cannot switch off their own account, so that the last admin cannot lock
/// everyone out.
pub async fn set_active(
    State(state): State<AppState>,
    Path(name): Path<String>,
    sent: Change<ChangeForm, Admins>,
) -> Result<Response, AppError> {
    let account = account_in_path(&name)?;
    let active = sent.form.active == "true";
    let outcome = if !active && account.as_str() == sent.actor() {
        Err(db::Error::Conflict(Invalid::new(
            "Không thể tự khoá tài khoản của mình.",
            "You cannot switch off your own account.",
        )))
    } else {
        accounts::set_active(&state.db, &account, active, sent.actor()).await
    };
    done(&state, &sent, outcome).await
}
