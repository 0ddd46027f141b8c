//! `GET/POST /admin/users`: accounts, for admins. A new account's password is generated and
//! shown once, in the answer to the form.

use axum::{
    Form,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::Lang;
use templates::admin::{UserRow, UsersView, users_page};

use super::{AppState, error::AppError, lang, staff::Staff};
use crate::auth::{self, AddAccountError};
use crate::db::{self, accounts};
use crate::domain::UnitCode;
use crate::domain::account::{Role, Username};

pub(super) fn admin_only(staff: &Staff) -> Result<(), AppError> {
    if staff.account.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn page(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    form: &NewUser,
    problem: Option<String>,
    created: Option<(String, String)>,
) -> Result<Response, AppError> {
    let users = accounts::list(&state.db.reader)
        .await?
        .into_iter()
        .map(|a| UserRow {
            username: a.username,
            role: a.role,
            unit: a.unit.unwrap_or_else(|| "–".to_owned()),
            active: a.active,
        })
        .collect();
    let view = UsersView {
        lang,
        username: staff.account.username.clone(),
        csrf: staff.csrf.clone(),
        users,
        form_username: form.username.clone(),
        form_role: form.role.clone(),
        form_unit: form.unit.clone(),
        problem,
        created,
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        users_page(&view),
    )
        .into_response())
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    admin_only(&staff)?;
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let empty = NewUser {
        role: "viewer".into(),
        ..NewUser::default()
    };
    page(&state, &staff, lang, StatusCode::OK, &empty, None, None).await
}

#[derive(Deserialize, Default)]
pub struct NewUser {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<NewUser>,
) -> Result<Response, AppError> {
    admin_only(&staff)?;
    if !staff.csrf_matches(&form.csrf) {
        return Err(AppError::Forbidden);
    }
    let lang = Lang::from_code(&form.lang).unwrap_or_default();
    let parsed = (|| {
        let username = Username::parse(&form.username)?;
        let role = Role::parse(&form.role)?;
        let unit = Some(form.unit.trim())
            .filter(|u| !u.is_empty())
            .map(UnitCode::parse)
            .transpose()?;
        Ok::<_, String>((username, role, unit))
    })();
    let (username, role, unit) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => {
            return page(
                &state,
                &staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                Some(problem),
                None,
            )
            .await;
        }
    };
    match auth::add_account(
        &state.db,
        &staff.account.username,
        &username,
        role,
        unit.as_ref(),
    )
    .await
    {
        Ok(password) => {
            let empty = NewUser {
                role: "viewer".into(),
                ..NewUser::default()
            };
            page(
                &state,
                &staff,
                lang,
                StatusCode::OK,
                &empty,
                None,
                Some((username.to_string(), password)),
            )
            .await
        }
        Err(AddAccountError::Refused(problem)) => {
            page(
                &state,
                &staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                Some(problem),
                None,
            )
            .await
        }
        Err(AddAccountError::Other(err)) => Err(AppError::Internal(err)),
    }
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    active: String,
}

/// `POST /admin/users/{username}/rename|active`: a new username, or the account switched off
/// (its sessions end at once) or on. An admin cannot switch off their own account, so that the
/// last admin cannot lock everyone out.
pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    Path((name, what)): Path<(String, String)>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, AppError> {
    admin_only(&staff)?;
    if !staff.csrf_matches(&form.csrf) {
        return Err(AppError::Forbidden);
    }
    let lang = Lang::from_code(&form.lang).unwrap_or_default();
    let account = Username::parse(&name).map_err(|_| AppError::NotFound)?;
    let problem = |message: String| async {
        let empty = NewUser {
            role: "viewer".into(),
            ..NewUser::default()
        };
        page(
            &state,
            &staff,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            &empty,
            Some(message),
            None,
        )
        .await
    };
    let actor = &staff.account.username;
    let done = match what.as_str() {
        "rename" => {
            let to = match Username::parse(&form.username) {
                Ok(to) => to,
                Err(message) => return problem(message).await,
            };
            accounts::rename(&state.db, &account, &to, actor).await
        }
        "active" => {
            let active = form.active == "true";
            if !active && account.as_str() == staff.account.username {
                return problem(
                    "Không thể tự khoá tài khoản của mình (you cannot switch off your own account)."
                        .to_owned(),
                )
                .await;
            }
            accounts::set_active(&state.db, &account, active, actor).await
        }
        _ => return Err(AppError::NotFound),
    };
    match done {
        Ok(()) => {}
        Err(db::Error::NotFound(message) | db::Error::Conflict(message)) => {
            return problem(message).await;
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to(&format!("/admin/users?lang={}", lang.code())).into_response())
}
