//! `GET /s/{token}/thanks`: the thank-you page after a response is stored. It names the service
//! point and the counter, and offers a comment (added to the same response by its form key, see
//! `db::thanks_comment`) and the unit's hotline. `POST /s/{token}/comment` adds that comment.
//!
//! The response is already committed when this page shows: nothing here may fail it. A database
//! that cannot be read leaves the page with its thanks and without the offers.

use std::net::SocketAddr;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use templates::{
    Lang, paths,
    thanks::{CommentOffer, ThanksView, thanks_page},
};

use super::extract::Path;
use super::{AppState, client, error::AppError, lang, survey::active_counter};
use crate::db::{counters::CounterInfo, thanks_comment};
use crate::domain::survey_form::{CommentProblem, SurveyForm, normalise_comment};
use crate::domain::unit_contact::dial_href;
use crate::domain::{CounterToken, IdempotencyKey};

/// A query parameter's raw value (our own parameters need no decoding: a key is URL-safe).
fn query_value<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?.split('&').find_map(|pair| {
        pair.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('='))
    })
}

fn thanks_href(token: &CounterToken, lang: Lang) -> String {
    format!("{}?lang={}", paths::SurveyThanks::href(token), lang.code())
}

/// Whether the counter's questionnaire takes comments at all.
async fn takes_comments(state: &AppState, counter: &CounterInfo) -> bool {
    match state
        .survey_cache
        .current(&state.db, counter.questionnaire_id)
        .await
    {
        Ok(version) => version.is_some_and(|v| v.allow_comment),
        Err(err) => {
            tracing::warn!(error = %err, "thank-you page without its comment offer");
            false
        }
    }
}

/// The comment offer for this response, if it may still take one.
async fn offer(
    state: &AppState,
    counter: &CounterInfo,
    key: &IdempotencyKey,
    lang: Lang,
) -> Option<CommentOffer> {
    if !takes_comments(state, counter).await {
        return None;
    }
    let open = thanks_comment::open(&state.db, counter.id, key.as_str(), state.clock.now())
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "thank-you page without its comment offer");
            false
        });
    open.then(|| CommentOffer {
        action: format!(
            "{}?lang={}",
            paths::SurveyComment::href(&counter.token),
            lang.code()
        ),
        key: key.as_str().to_owned(),
        comment: String::new(),
        error: None,
    })
}

fn view(
    lang: Lang,
    token: &CounterToken,
    counter: Option<&CounterInfo>,
    offer: Option<CommentOffer>,
    comment_added: bool,
    key: Option<&IdempotencyKey>,
) -> ThanksView {
    let mut switch = thanks_href(token, lang.other());
    if let Some(key) = key.filter(|_| offer.is_some()) {
        switch.push_str("&k=");
        switch.push_str(key.as_str());
    }
    ThanksView {
        lang,
        switch_href: switch,
        unit_name: counter.map(|c| c.unit_name.clone()),
        counter_name: counter.map(|c| c.name.clone()),
        offer,
        comment_added,
        alert: None,
        thanked: true,
        results_href: counter.filter(|c| c.unit_public_results).map(|c| {
            format!(
                "{}?lang={}",
                paths::Results::href(&c.unit_code),
                lang.code()
            )
        }),
        hotline: counter.and_then(|c| c.unit_hotline.clone()).map(|hotline| {
            let dial = dial_href(&hotline);
            (hotline, dial)
        }),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let token = CounterToken::parse(&token).ok_or(AppError::CodeNotInUse)?;
    let lang = lang::choose(lang::from_query(query.as_deref()), &headers);
    let counter = match state.survey_cache.active_counter(&state.db, &token).await {
        Ok(Some(counter)) => Some(counter),
        // No such counter in use: no thanks for a rating that this address never took.
        Ok(None) => return Err(AppError::CodeNotInUse),
        Err(err) => {
            tracing::warn!(error = %err, "thank-you page without the counter's name");
            None
        }
    };
    let key = query_value(query.as_deref(), "k").and_then(IdempotencyKey::parse);
    let added = query_value(query.as_deref(), "added") == Some("1");
    let offer = match (&counter, &key) {
        (Some(counter), Some(key)) if !added => offer(&state, counter, key, lang).await,
        _ => None,
    };
    let view = view(lang, &token, counter.as_ref(), offer, added, key.as_ref());
    // It holds a response's key: never kept by a shared cache.
    Ok(([(header::CACHE_CONTROL, "no-store")], thanks_page(&view)).into_response())
}

/// Messages of the comment form on the thank-you page.
fn comment_error(lang: Lang, problem: CommentProblem) -> &'static str {
    let t = lang.strings();
    match problem {
        CommentProblem::TooLong => t.error_comment_too_long,
        CommentProblem::Characters => t.error_comment_characters,
    }
}

const TOO_LATE: (&str, &str) = (
    "Không thể thêm góp ý vào đánh giá này: đã quá 30 phút, hoặc đánh giá đã có góp ý.",
    "This rating can no longer take a comment: more than 30 minutes have passed, or it has one already.",
);

const NOT_SAVED: (&str, &str) = (
    "Máy chủ đang gặp sự cố nên góp ý CHƯA được lưu. Nội dung vẫn được giữ nguyên; vui lòng đợi ít phút rồi gửi lại.",
    "The server has a problem, so your comment has NOT been saved. It is kept below: please wait a moment and send it again.",
);

/// The thank-you page again with the comment kept and a message.
fn again(
    status: StatusCode,
    lang: Lang,
    counter: &CounterInfo,
    key: &IdempotencyKey,
    comment: String,
    error: &'static str,
) -> Response {
    let offer = CommentOffer {
        action: format!(
            "{}?lang={}",
            paths::SurveyComment::href(&counter.token),
            lang.code()
        ),
        key: key.as_str().to_owned(),
        comment,
        error: Some(error),
    };
    let view = view(
        lang,
        &counter.token,
        Some(counter),
        Some(offer),
        false,
        Some(key),
    );
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        thanks_page(&view),
    )
        .into_response()
}

pub async fn add_comment(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    if !state.flood.allow(client::address(&state, peer, &headers)) {
        return Err(AppError::TooManyRequests);
    }
    let counter = active_counter(&state, &token).await?;
    if !super::extract::is_urlencoded_form(&headers) {
        return Err(AppError::UnsupportedMediaType);
    }
    let body = body?;
    let form = SurveyForm::parse(&body).ok();
    let lang = form
        .as_ref()
        .and_then(|f| f.lang.as_deref())
        .and_then(Lang::from_code)
        .or_else(|| lang::from_query(query.as_deref()))
        .unwrap_or_else(|| lang::choose(None, &headers));
    let Some(form) = form.filter(|f| f.items.is_empty()) else {
        return Err(AppError::BadRequest);
    };
    let Some(key) = form.key.as_deref().and_then(IdempotencyKey::parse) else {
        return Err(AppError::BadRequest);
    };
    if !takes_comments(&state, &counter).await {
        return Err(AppError::BadRequest);
    }
    let raw = form.comment.unwrap_or_default();
    let comment = match normalise_comment(&raw) {
        Ok(Some(comment)) => comment,
        // Nothing written: nothing to add.
        Ok(None) => return Ok(Redirect::to(&thanks_href(&counter.token, lang)).into_response()),
        Err(problem) => {
            let message = comment_error(lang, problem);
            return Ok(again(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang,
                &counter,
                &key,
                raw,
                message,
            ));
        }
    };
    match thanks_comment::add(
        &state.db,
        counter.id,
        key.as_str(),
        &comment,
        state.clock.now(),
    )
    .await
    {
        Ok(true) => {
            let to = format!("{}&added=1", thanks_href(&counter.token, lang));
            Ok(Redirect::to(&to).into_response())
        }
        Ok(false) => {
            // No thanks here: the key may be made up, and then nothing was recorded.
            let view = ThanksView {
                alert: Some(lang.pick(TOO_LATE.0, TOO_LATE.1)),
                thanked: false,
                ..view(lang, &counter.token, Some(&counter), None, false, None)
            };
            Ok((
                StatusCode::CONFLICT,
                [(header::CACHE_CONTROL, "no-store")],
                thanks_page(&view),
            )
                .into_response())
        }
        Err(err) => {
            tracing::error!(error = %err, "a comment on the thank-you page was not stored; answered 503");
            let mut response = again(
                StatusCode::SERVICE_UNAVAILABLE,
                lang,
                &counter,
                &key,
                raw,
                lang.pick(NOT_SAVED.0, NOT_SAVED.1),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("10"));
            Ok(response)
        }
    }
}
