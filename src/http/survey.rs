//! The citizen's path: `GET /s/{token}` shows the survey, `POST /s/{token}` stores a response and
//! redirects to `GET /s/{token}/thanks`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use templates::{
    Lang, faces, paths,
    privacy::privacy_page,
    survey::{ItemView, OptionView, Section, SurveyView, survey_page},
};

use super::extract::Path;
use super::{AppState, client, cookies, error::AppError, lang};
use crate::db::{
    self,
    counters::CounterInfo,
    device_salt,
    responses::{self, Channel, NewResponse, Screening},
};
use crate::domain::LocalDay;
use crate::domain::{
    CounterToken, IdempotencyKey, QuestionnaireVersion,
    form_key::KeyCheck,
    survey_form::{CommentProblem, FormProblem, Rejection, SurveyForm, kept_for_resend, validate},
};

/// The survey page carries a one-time idempotency key: it must never come from a cache.
const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

pub(super) async fn active_counter(
    state: &AppState,
    raw_token: &str,
) -> Result<CounterInfo, AppError> {
    let token = CounterToken::parse(raw_token).ok_or(AppError::CodeNotInUse)?;
    state
        .survey_cache
        .active_counter(&state.db, &token)
        .await?
        .ok_or(AppError::CodeNotInUse)
}

/// Where a survey is answered: on a phone that scanned the counter's code, or on the counter's
/// kiosk (see `http::kiosk`).
pub(super) enum Via {
    Qr,
    Kiosk { id: i32, token: CounterToken },
}

impl Via {
    /// The survey's own address: where its form posts.
    fn action(&self, counter: &CounterInfo) -> String {
        match self {
            Via::Qr => paths::Survey::href(&counter.token),
            Via::Kiosk { token, .. } => paths::Kiosk::href(token),
        }
    }

    /// Whom a form key is issued to (see `domain::form_key`): the counter's id for its QR page,
    /// the kiosk's id negated for a kiosk's page. A phone's key is then refused at the kiosk
    /// (where the phone's checks are off) and a kiosk's key on the phone's address.
    pub(super) fn audience(&self, counter: &CounterInfo) -> i32 {
        match self {
            Via::Qr => counter.id,
            Via::Kiosk { id, .. } => -id,
        }
    }

    fn channel(&self) -> Channel {
        match self {
            Via::Qr => Channel::Qr,
            Via::Kiosk { .. } => Channel::Kiosk,
        }
    }
}

pub(super) async fn current_version(
    state: &AppState,
    counter: &CounterInfo,
) -> Result<Arc<QuestionnaireVersion>, AppError> {
    state
        .survey_cache
        .current(&state.db, counter.questionnaire_id)
        .await?
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "questionnaire {} has no version",
                counter.questionnaire_id
            ))
        })
}

pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let counter = active_counter(&state, &token).await?;
    let version = current_version(&state, &counter).await?;
    let key = state.form_keys.issue(counter.id, state.clock.now())?;
    let view = survey_view(lang, &counter, &version, key.as_str(), None, &Via::Qr);
    let mut response = ([NO_STORE], survey_page(&view)).into_response();
    // The device cookie: random, so it says nothing of the person; a year, so that a second
    // response from the same phone can be told apart (see `domain::guards`).
    if device_cookie(&headers).is_none() {
        let (value, _) = crate::auth::new_secret()?;
        let secure = state.public_url.starts_with("https://");
        response.headers_mut().append(
            header::SET_COOKIE,
            cookies::set(cookies::DEVICE, &value, 365 * 24 * 3600, secure),
        );
    }
    Ok(response)
}

/// The device cookie, if the browser sent one of ours (64 hex digits).
fn device_cookie(headers: &HeaderMap) -> Option<&str> {
    cookies::get(headers, cookies::DEVICE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The device cookie and the client's address, each hashed with today's salt: what is stored,
/// never the cookie or the address themselves.
async fn source_hashes(
    state: &AppState,
    headers: &HeaderMap,
    address: IpAddr,
) -> Result<(Option<String>, String), db::Error> {
    let salt = todays_salt(state).await?;
    let device =
        device_cookie(headers).map(|cookie| crate::auth::digest(&format!("{salt}:{cookie}")));
    let source = crate::auth::digest(&format!("{salt}:address:{address}"));
    Ok((device, source))
}

async fn todays_salt(state: &AppState) -> Result<String, db::Error> {
    let today = LocalDay::of(state.clock.now()).yyyymmdd();
    let cached = {
        let guard = state
            .device_salt
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard
            .as_ref()
            .filter(|(day, _)| *day == today)
            .map(|(_, salt)| salt.clone())
    };
    let salt = match cached {
        Some(salt) => salt,
        None => {
            let salt = device_salt::for_day(&state.db, today).await?;
            *state
                .device_salt
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((today, salt.clone()));
            salt
        }
    };
    Ok(salt)
}

/// Whether `path` is a survey's or a kiosk's own address (`/s/…` or `/k/…` and a token): the
/// only place the privacy page links back to.
fn survey_path(path: &str) -> bool {
    path.strip_prefix("/s/")
        .or_else(|| path.strip_prefix("/k/"))
        .and_then(CounterToken::parse)
        .is_some()
}

/// `GET /privacy`: what is kept about a citizen who answers.
pub async fn privacy(RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let back = query
        .as_deref()
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("back=")))
        .filter(|back| survey_path(back));
    privacy_page(lang, back).into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let address = client::address(&state, peer, &headers);
    if !state.flood.allow(address) {
        return Err(AppError::TooManyRequests);
    }
    let counter = active_counter(&state, &token).await?;
    receive(&state, &counter, &Via::Qr, &headers, address, body).await
}

/// A survey post to `counter`, by phone or kiosk: checked, screened, stored, and answered with
/// the thanks only after its commit.
pub(super) async fn receive(
    state: &AppState,
    counter: &CounterInfo,
    via: &Via,
    headers: &HeaderMap,
    address: IpAddr,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    if !super::extract::is_urlencoded_form(headers) {
        return Err(AppError::UnsupportedMediaType);
    }
    let body = body?;

    let form = match SurveyForm::parse(&body) {
        Ok(form) => form,
        Err(_) => {
            // Our page never sends this: show a fresh form with a message, store nothing.
            let lang = lang::choose(None, headers);
            let version = current_version(state, counter).await?;
            let rejection = Rejection {
                form: Some(FormProblem::Tampered),
                ..Rejection::default()
            };
            return unprocessable(state, lang, counter, via, &version, None, &rejection);
        }
    };
    let lang = form
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_else(|| lang::choose(None, headers));
    let version = version_answered(state, counter, &form).await?;
    let now = state.clock.now();
    // Only a key issued with a page of this counter, within its lifetime, may store anything.
    let audience = via.audience(counter);
    let form_age = match state.form_keys.check(form.key.as_deref(), audience, now) {
        KeyCheck::Valid { age, .. } => age,
        // A kiosk's start screen waits for hours between two people: its key is ours and for
        // this counter, and its age says nothing there (no reading time on a kiosk).
        KeyCheck::Expired if matches!(via, Via::Kiosk { .. }) => std::time::Duration::ZERO,
        KeyCheck::Expired => {
            // The person has read and answered already: their one more tap must not count as
            // "too quick", so the fresh key is dated as if the page had been open that long.
            // (Only a key we signed, now expired, earns this; a made-up one does not.)
            let read = time::Duration::try_from(state.guards.min_answer_time)
                .unwrap_or(time::Duration::ZERO);
            let fresh = state.form_keys.issue(audience, now - read)?;
            let kept = kept_for_resend(&form, &version, FormProblem::Expired);
            return unprocessable(state, lang, counter, via, &version, Some(fresh), &kept);
        }
        KeyCheck::NotIssued => {
            let kept = kept_for_resend(&form, &version, FormProblem::Stale);
            return unprocessable(state, lang, counter, via, &version, None, &kept);
        }
    };
    let submission = match validate(&form, &version) {
        Ok(submission) => submission,
        Err(rejection) => {
            let key = form.key.as_deref().and_then(IdempotencyKey::parse);
            return unprocessable(state, lang, counter, via, &version, key, &rejection);
        }
    };
    let new = NewResponse {
        counter_id: counter.id,
        unit_id: counter.unit_id,
        version_id: submission.version_id,
        submitted_at: now,
        channel: via.channel(),
        key: submission.key,
        comment: submission.comment,
        answers: submission.answers,
    };
    // Answered only after the commit that holds it (group commit). Either stored now or already
    // stored by an earlier send of the same form: in both cases the response is committed, so
    // the citizen may be thanked. Anything else: not thanked.
    let key = new.key.clone();
    let screening = match via {
        Via::Qr => match source_hashes(state, headers, address).await {
            Ok((device_hash, source_hash)) => Ok(Screening {
                device_hash,
                source_hash: Some(source_hash),
                honeypot: form.honeypot_filled(),
                form_age: Some(form_age),
                items: version.questions.len(),
                kiosk: false,
            }),
            Err(err) => Err(err),
        },
        // One tablet for everyone: the kiosk itself is the device, its address says nothing of
        // who tapped, and the next person taps at once (see `http::kiosk`).
        Via::Kiosk { id, .. } => Ok(Screening {
            device_hash: Some(crate::auth::digest(&format!("kiosk:{id}"))),
            source_hash: None,
            honeypot: form.honeypot_filled(),
            form_age: None,
            items: version.questions.len(),
            kiosk: true,
        }),
    };
    let stored = match screening {
        Ok(screening) => state.submissions.store(new, screening).await,
        Err(err) => {
            state.submissions.failed_before_commit();
            Err(err)
        }
    };
    match stored {
        Ok(stored) => {
            if matches!(stored, responses::Stored::New(_)) {
                state.metrics.response_stored();
            }
            let to = match via {
                // The key lets the thank-you page add a comment to this response.
                Via::Qr => format!(
                    "{}?lang={}&k={}",
                    paths::SurveyThanks::href(&counter.token),
                    lang.code(),
                    key.as_str()
                ),
                // A kiosk's thanks offer no comment: the next person is already waiting.
                Via::Kiosk { token, .. } => {
                    format!("{}?lang={}", paths::KioskThanks::href(token), lang.code())
                }
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(err) => {
            tracing::error!(error = %err, "a survey response was not stored; answered 503");
            let kept = kept_for_resend(&form, &version, FormProblem::NotSaved);
            not_saved(lang, counter, via, &version, key, &kept)
        }
    }
}

/// The version the form says it answers, if it is one of the counter's questionnaire; else the
/// current one (validation then reports the form as out of date).
async fn version_answered(
    state: &AppState,
    counter: &CounterInfo,
    form: &SurveyForm,
) -> Result<Arc<QuestionnaireVersion>, AppError> {
    if let Some(id) = form
        .version_id
        .as_deref()
        .and_then(|v| v.parse::<i32>().ok())
    {
        // Only a version of this counter's questionnaire.
        let named = state.survey_cache.get(&state.db, id).await?;
        if let Some(version) = named.filter(|v| v.questionnaire_id == counter.questionnaire_id) {
            return Ok(version);
        }
    }
    current_version(state, counter).await
}

/// 422 with the form again: the person's choices kept, a message per problem. `key` is the
/// form's own key when it is valid (a corrected form sent twice then still stores once); else a
/// fresh one is issued.
fn unprocessable(
    state: &AppState,
    lang: Lang,
    counter: &CounterInfo,
    via: &Via,
    version: &QuestionnaireVersion,
    key: Option<IdempotencyKey>,
    rejection: &Rejection,
) -> Result<Response, AppError> {
    let key = match key {
        Some(key) => key,
        None => state
            .form_keys
            .issue(via.audience(counter), state.clock.now())?,
    };
    let view = survey_view(lang, counter, version, key.as_str(), Some(rejection), via);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        [NO_STORE],
        survey_page(&view),
    )
        .into_response())
}

/// 503 with the form again when the database could not store a valid response: the choices
/// and comment kept, and the same key, so that sending again stores it once even if this
/// attempt was in fact committed.
fn not_saved(
    lang: Lang,
    counter: &CounterInfo,
    via: &Via,
    version: &QuestionnaireVersion,
    key: IdempotencyKey,
    kept: &Rejection,
) -> Result<Response, AppError> {
    let view = survey_view(lang, counter, version, key.as_str(), Some(kept), via);
    Ok((
        StatusCode::SERVICE_UNAVAILABLE,
        [NO_STORE, (header::RETRY_AFTER, "10")],
        survey_page(&view),
    )
        .into_response())
}

pub(super) fn survey_view(
    lang: Lang,
    counter: &CounterInfo,
    version: &QuestionnaireVersion,
    key: &str,
    rejection: Option<&Rejection>,
    via: &Via,
) -> SurveyView {
    let t = lang.strings();
    let pick = |vi: &str, en: &str| match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => en.to_owned(),
    };
    let mut sections: Vec<Section> = Vec::new();
    let mut current_element = None;
    for (index, question) in version.questions.iter().enumerate() {
        let position = index + 1;
        let labels = question.scale.labels();
        let tones = question
            .scale
            .is_satisfaction()
            .then(|| faces::tones(labels.len()))
            .flatten();
        let item = ItemView {
            field: format!("q{position}"),
            number: position,
            text: pick(&question.text_vi, &question.text_en),
            options: question
                .scale
                .points()
                .zip(labels)
                .enumerate()
                .map(|(i, (value, (vi, en)))| OptionView {
                    value,
                    label: pick(vi, en),
                    face: tones.and_then(|tones| tones.get(i).copied()),
                })
                .collect(),
            selected: rejection.and_then(|r| r.selected.get(&position).copied()),
            error: rejection
                .filter(|r| r.off_scale.contains(&position))
                .map(|_| t.error_off_scale),
        };
        // A new heading where the element changes (docs/methodology.md: the five elements).
        match sections.last_mut() {
            Some(section) if current_element == question.element => section.items.push(item),
            _ => {
                current_element = question.element;
                sections.push(Section {
                    heading: question.element.map(|e| pick(e.name_vi(), e.name_en())),
                    items: vec![item],
                });
            }
        }
    }
    let action = via.action(counter);
    SurveyView {
        lang,
        unit_name: counter.unit_name.clone(),
        counter_name: counter.name.clone(),
        title: pick(&version.title_vi, &version.title_en),
        switch_href: format!("{action}?lang={}", lang.other().code()),
        action,
        version_id: version.id,
        idempotency_key: key.to_owned(),
        sections,
        kiosk: matches!(via, Via::Kiosk { .. }),
        allow_comment: version.allow_comment,
        comment: rejection.map(|r| r.comment.clone()).unwrap_or_default(),
        comment_error: rejection.and_then(|r| r.comment_problem).map(|p| match p {
            CommentProblem::TooLong => t.error_comment_too_long,
            CommentProblem::Characters => t.error_comment_characters,
        }),
        form_error: rejection.and_then(|r| r.form).map(|p| match p {
            FormProblem::NoAnswer => t.error_no_answer,
            FormProblem::Stale => t.error_form_stale,
            FormProblem::Tampered => t.error_form_tampered,
            FormProblem::NotSaved => t.error_not_saved,
            FormProblem::Expired => t.error_form_expired,
        }),
    }
}
