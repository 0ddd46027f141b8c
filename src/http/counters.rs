//! Counters on the staff side: the QR codes of a unit's counters, their downloads and posters;
//! managers and admins add counters, rename them, choose their questionnaire, switch them off
//! and give them a new code.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use templates::admin::{CounterRow, CountersView, Done, counters_page};
use templates::poster::{PosterSize, PosterView, posters_page};
use templates::{Lang, paths};

use super::extract::Query;
use super::lang::PageLang;
use super::staff::{
    self, Allowed, Change, Managers, NoFields, Question, ScopedCounter, ScopedUnit, Staff,
};
use super::{AppState, error::AppError};
use crate::db::counters::{CounterChange, CounterInfo};
use std::collections::HashMap;

use crate::db::{self, counter_activity, counters, questionnaires, units};
use crate::domain::silence::{SILENT_WORKING_DAYS, silent_days};
use crate::domain::{LocalDay, Name, UnitCode};
use crate::export::table::dd_mm_yyyy_hh_mm;
use crate::qr;

fn survey_url(state: &AppState, counter: &CounterInfo) -> String {
    qr::survey_url(&state.public_url, &counter.token)
}

/// What a change just did, carried by the redirect back to the list.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    done: Option<String>,
    counter: Option<i32>,
}

/// The success notice for `?done=…&counter=…`, if the counter is on the page.
fn done_notice(lang: Lang, query: &ListQuery, counters: &[CounterInfo]) -> Option<Done> {
    let counter = counters.iter().find(|c| Some(c.id) == query.counter)?;
    let name = &counter.name;
    match query.done.as_deref()? {
        "rotated" => Some(Done {
            text: match lang {
                Lang::Vi => format!(
                    "Đã đổi mã QR của quầy «{name}». Mã cũ đã ngừng hoạt động: hãy in và dán áp phích mới."
                ),
                Lang::En => format!(
                    "Counter «{name}» has a new QR code. The old one no longer works: print and put up the new poster."
                ),
            },
            posters_of: Some(counter.id),
        }),
        "kiosk" => Some(Done {
            text: match lang {
                Lang::Vi => format!(
                    "Đã cấp địa chỉ máy tính bảng cho quầy «{name}»: mở địa chỉ ở thẻ của quầy trên máy tính bảng đặt tại quầy. Địa chỉ cũ (nếu có) đã ngừng."
                ),
                Lang::En => format!(
                    "Counter «{name}» has a tablet address: open it, from the counter's card, on the tablet at the counter. Any older address has stopped."
                ),
            },
            posters_of: None,
        }),
        "kiosk-off" => Some(Done {
            text: match lang {
                Lang::Vi => format!(
                    "Đã thu hồi địa chỉ máy tính bảng của quầy «{name}»: máy sẽ báo ngừng hoạt động."
                ),
                Lang::En => format!(
                    "The tablet address of counter «{name}» is withdrawn: the tablet now says it is out of use."
                ),
            },
            posters_of: None,
        }),
        "off" => Some(Done {
            text: match lang {
                Lang::Vi => format!("Quầy «{name}» đã ngừng nhận đánh giá."),
                Lang::En => format!("Counter «{name}» no longer takes ratings."),
            },
            posters_of: None,
        }),
        _ => None,
    }
}

/// Whether `base` names the server itself, which no citizen's phone can reach.
fn loopback(base: &str) -> bool {
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .split('/')
        .next()
        .unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    matches!(host, "localhost" | "[::1]" | "0.0.0.0") || host.starts_with("127.")
}

/// `GET /admin/units/{code}/counters`: the counters of the unit and the units below it.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ScopedUnit(unit): ScopedUnit,
    PageLang(lang): PageLang,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let counters = counters::list_in_subtree(&state.db, &unit).await?;
    let contact = crate::db::unit_contact::get(&state.db, unit.id).await?;
    let unit_code_for_results = unit.code.clone();
    let done = done_notice(lang, &query, &counters);
    let questionnaires: Vec<(String, String)> = questionnaires::all_with_versions(&state.db)
        .await?
        .into_iter()
        .map(|q| (q.code, lang.pick(&q.name_vi, &q.name_en).to_owned()))
        .collect();
    // People read a questionnaire's name; its code stays the form's value.
    let name_of = |code: &str| {
        questionnaires
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, name)| name.clone())
    };
    let today = state.clock.today();
    let ids: Vec<i32> = counters.iter().map(|c| c.id).collect();
    let activity = counter_activity::activity(&state.db, &ids, today).await?;
    let kiosks = db::kiosks::in_use(&state.db, &ids).await?;
    let last_day = |id: i32| {
        activity
            .get(&id)
            .and_then(|a| a.last)
            .map(|at| LocalDay::of(at).date())
    };
    // A unit's last response: the newest of its counters'.
    let mut unit_last: HashMap<i32, time::Date> = HashMap::new();
    for c in &counters {
        if let Some(day) = last_day(c.id) {
            let newest = unit_last.entry(c.unit_id).or_insert(day);
            *newest = (*newest).max(day);
        }
    }
    let rows = counters
        .into_iter()
        .map(|c| {
            let url = survey_url(&state, &c);
            let seen = activity.get(&c.id).copied().unwrap_or_default();
            // Silent since its last response, or since its code went out if that is later.
            let since = LocalDay::of(c.code_since)
                .date()
                .max(last_day(c.id).unwrap_or(time::Date::MIN));
            let silent = c
                .active
                .then(|| {
                    silent_days(
                        since,
                        unit_last.get(&c.unit_id).copied(),
                        today,
                        SILENT_WORKING_DAYS,
                    )
                })
                .flatten();
            Ok(CounterRow {
                today: seen.today,
                this_month: seen.this_month,
                last: seen.last.map(dd_mm_yyyy_hh_mm),
                silent_days: silent,
                id: c.id,
                qr_svg: qr::inline_svg(&url)?,
                questionnaire_name: name_of(&c.questionnaire_code),
                name: c.name,
                unit_name: c.unit_name,
                questionnaire: c.questionnaire_code,
                active: c.active,
                kiosk_url: kiosks
                    .get(&c.id)
                    .map(|token| format!("{}{}", state.public_url, paths::Kiosk::href(token))),
                url,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let units = units::subtree(&state.db, &unit)
        .await?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect();
    let view = CountersView {
        lang,
        units,
        questionnaires,
        username: staff.username(),
        csrf: staff.csrf.clone(),
        unit_code: unit.code,
        unit_name: unit.name,
        can_change: staff.account.may_change(),
        counters: rows,
        done,
        unreachable_base: loopback(&state.public_url).then(|| state.public_url.to_string()),
        hotline: contact.hotline.unwrap_or_default(),
        poster_header: contact.poster_header.unwrap_or_default(),
        public_results: contact.public_results.then(|| {
            format!(
                "{}{}",
                state.public_url,
                paths::Results::href(&unit_code_for_results)
            )
        }),
    };
    Ok(staff::page(counters_page(&view)))
}

/// A file to save, named `name`.
fn download(content_type: &'static str, name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn svg(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
) -> Result<Response, AppError> {
    let svg = qr::svg(&survey_url(&state, &counter))?;
    let name = format!("{}-quay-{}.svg", counter.unit_code, counter.id);
    Ok(download("image/svg+xml", name, svg.into_bytes()))
}

pub async fn png(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
) -> Result<Response, AppError> {
    let png = qr::png(&survey_url(&state, &counter))?;
    let name = format!("{}-quay-{}.png", counter.unit_code, counter.id);
    Ok(download("image/png", name, png))
}

#[derive(Deserialize)]
pub struct PosterQuery {
    size: Option<String>,
}

fn poster_size(size: Option<&str>) -> Result<PosterSize, AppError> {
    match size {
        Some("a6") => Ok(PosterSize::A6),
        None | Some("a4") => Ok(PosterSize::A4),
        Some(_) => Err(AppError::BadRequest),
    }
}

fn poster_view(state: &AppState, counter: &CounterInfo) -> Result<PosterView, AppError> {
    let url = survey_url(state, counter);
    Ok(PosterView {
        header: counter.unit_poster_header.clone(),
        unit_name: counter.unit_name.clone(),
        counter_name: counter.name.clone(),
        qr_svg: qr::inline_svg(&url)?,
        url,
    })
}

/// The policy of a page that carries its own stylesheet (a poster saved to a file prints as is):
/// inline styles, and nothing else.
pub(super) const STANDALONE_PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";

/// A page of posters, one per sheet. It carries its print stylesheet inline, so that the saved
/// file prints as is.
fn posters_response(size: PosterSize, posters: &[PosterView]) -> Response {
    (
        [(header::CONTENT_SECURITY_POLICY, STANDALONE_PAGE_POLICY)],
        posters_page(size, posters),
    )
        .into_response()
}

pub async fn poster(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let size = poster_size(query.size.as_deref())?;
    Ok(posters_response(size, &[poster_view(&state, &counter)?]))
}

/// `GET /admin/units/{code}/posters?size=a4|a6`: the posters of every active counter of a unit
/// and of the units below it, one per page, to print in one go.
pub async fn unit_posters(
    State(state): State<AppState>,
    ScopedUnit(unit): ScopedUnit,
    Query(query): Query<PosterQuery>,
) -> Result<Response, AppError> {
    let size = poster_size(query.size.as_deref())?;
    let posters = counters::list_in_subtree(&state.db, &unit)
        .await?
        .iter()
        .filter(|c| c.active && c.unit_active)
        .map(|c| poster_view(&state, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(posters_response(size, &posters))
}

/// Back to the counters of the counter's unit, with what was done said once.
pub(super) fn after(counter: &CounterInfo, lang: Lang, done: &str) -> Response {
    let href = format!(
        "{}?lang={}&done={done}&counter={id}#c{id}",
        paths::UnitCounters::href(&counter.unit_code),
        lang.code(),
        id = counter.id
    );
    Redirect::to(&href).into_response()
}

/// The question before a change, on a page of its own.
fn confirm(
    staff: &Staff,
    lang: Lang,
    counter: &CounterInfo,
    (title, consequences, confirm): (String, Vec<String>, &str),
    action: String,
    fields: Vec<(String, String)>,
) -> Response {
    let back = format!(
        "{}?lang={}#c{}",
        paths::UnitCounters::href(&counter.unit_code),
        lang.code(),
        counter.id
    );
    staff::ask(
        staff,
        lang,
        Question {
            title,
            consequences,
            confirm: confirm.to_owned(),
            action,
            fields,
            back,
        },
    )
}

/// `GET /admin/counters/{id}/rotate`: what a new code does, asked before it is made.
pub async fn rotate_question(
    ScopedCounter(counter): ScopedCounter,
    Allowed(staff, _): Allowed<Managers>,
    PageLang(lang): PageLang,
) -> Response {
    let name = &counter.name;
    let words = match lang {
        Lang::Vi => (
            format!("Đổi mã QR của quầy «{name}»?"),
            vec![
                "Mã QR đang dán tại quầy sẽ ngừng hoạt động ngay: người dân quét mã cũ sẽ thấy «Mã QR này không còn được sử dụng».".to_owned(),
                "Sau khi đổi, cần in và dán áp phích mới (trang sau có sẵn đường dẫn in).".to_owned(),
            ],
            "Đổi mã QR",
        ),
        Lang::En => (
            format!("Give counter «{name}» a new QR code?"),
            vec![
                "The poster at the counter stops working at once: a citizen who scans the old code is told it is no longer in use.".to_owned(),
                "Afterwards, print and put up the new poster (the next page links to it).".to_owned(),
            ],
            "Make a new code",
        ),
    };
    let action = paths::CounterRotate::href(counter.id);
    confirm(&staff, lang, &counter, words, action, Vec::new())
}

/// `POST /admin/counters/{id}/rotate`: a new code; the old poster stops working at once.
pub async fn rotate(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<NoFields>,
) -> Result<Response, AppError> {
    counters::rotate(&state.db, counter.id, sent.actor(), state.clock.now()).await?;
    Ok(after(&counter, sent.lang, "rotated"))
}

/// `GET /admin/counters/{id}/active`: what switching a counter off does, asked first.
pub async fn deactivate_question(
    ScopedCounter(counter): ScopedCounter,
    Allowed(staff, _): Allowed<Managers>,
    PageLang(lang): PageLang,
) -> Response {
    let name = &counter.name;
    let words = match lang {
        Lang::Vi => (
            format!("Ngừng nhận đánh giá tại quầy «{name}»?"),
            vec![
                "Người dân quét mã QR của quầy sẽ thấy «Mã QR này không còn được sử dụng» và không gửi được đánh giá.".to_owned(),
                "Có thể mở lại bất cứ lúc nào; mã QR và áp phích đang dán không đổi.".to_owned(),
            ],
            "Ngừng nhận đánh giá",
        ),
        Lang::En => (
            format!("Stop taking ratings at counter «{name}»?"),
            vec![
                "A citizen who scans its QR code is told it is no longer in use, and cannot rate.".to_owned(),
                "It can be switched on again at any time; its code and poster stay the same.".to_owned(),
            ],
            "Stop taking ratings",
        ),
    };
    let action = paths::CounterActive::href(counter.id);
    let fields = vec![("active".to_owned(), "false".to_owned())];
    confirm(&staff, lang, &counter, words, action, fields)
}

/// A unit or questionnaire that is not there (or not in the page's subtree): 422.
const CHOOSE_AGAIN: AppError = AppError::Invalid(
    "Đơn vị hoặc bộ câu hỏi đã chọn không có. Vui lòng quay lại và chọn lại.",
    "The chosen unit or questionnaire does not exist. Please go back and choose again.",
);

/// A refusal the person can act on (422, said in both languages); anything else is a 500.
fn refused(err: db::Error) -> AppError {
    match err {
        db::Error::NotFound(_) | db::Error::Conflict(_) => CHOOSE_AGAIN,
        other => other.into(),
    }
}

const BAD_NAME: AppError = AppError::Invalid(
    "Tên quầy không hợp lệ: cần từ 1 đến 200 ký tự. Vui lòng quay lại và sửa.",
    "The counter name is not valid: 1 to 200 characters. Please go back and correct it.",
);

/// Back to a unit's counters, in the language the form was sent in.
fn to_counters(unit_code: &str, lang: Lang) -> Response {
    let href = format!(
        "{}?lang={}",
        paths::UnitCounters::href(unit_code),
        lang.code()
    );
    Redirect::to(&href).into_response()
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    questionnaire: String,
}

/// `POST /admin/units/{code}/counters`: a new counter in the unit or a unit below it.
pub async fn add(
    State(state): State<AppState>,
    ScopedUnit(page_unit): ScopedUnit,
    sent: Change<AddForm>,
) -> Result<Response, AppError> {
    let form = &sent.form;
    let name = Name::parse(&form.name).map_err(|_| BAD_NAME)?;
    // The counter's unit must lie in the page's subtree (and so in the account's scope).
    let target = UnitCode::parse(&form.unit).map_err(|_| CHOOSE_AGAIN)?;
    let inside = units::find_by_code(&state.db, &target)
        .await?
        .is_some_and(|u| u.path.starts_with(&page_unit.path));
    if !inside {
        return Err(CHOOSE_AGAIN);
    }
    counters::create(
        &state.db,
        &target,
        &name,
        &form.questionnaire,
        sent.actor(),
        state.clock.now(),
    )
    .await
    .map_err(refused)?;
    Ok(to_counters(&page_unit.code, sent.lang))
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    questionnaire: String,
    #[serde(default)]
    active: String,
}

async fn change(
    state: &AppState,
    counter: &CounterInfo,
    what: CounterChange,
    sent: &Change<ChangeForm>,
) -> Result<Response, AppError> {
    let changed = counters::change(&state.db, counter.id, &what, sent.actor())
        .await
        .map_err(refused)?;
    Ok(to_counters(&changed.unit_code, sent.lang))
}

/// `POST /admin/counters/{id}/rename`.
pub async fn rename(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<ChangeForm>,
) -> Result<Response, AppError> {
    let name = Name::parse(&sent.form.name).map_err(|_| BAD_NAME)?;
    change(&state, &counter, CounterChange::Rename(name), &sent).await
}

/// `POST /admin/counters/{id}/questionnaire`.
pub async fn questionnaire(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<ChangeForm>,
) -> Result<Response, AppError> {
    let code = sent.form.questionnaire.trim().to_owned();
    change(&state, &counter, CounterChange::Questionnaire(code), &sent).await
}

/// `POST /admin/counters/{id}/active`: switched on (`active=true`) or off.
pub async fn set_active(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<ChangeForm>,
) -> Result<Response, AppError> {
    let active = sent.form.active == "true";
    let response = change(&state, &counter, CounterChange::Active(active), &sent).await?;
    Ok(if active {
        response
    } else {
        after(&counter, sent.lang, "off")
    })
}

#[cfg(test)]
mod tests {
    use super::loopback;

    #[test]
    fn a_loopback_base_is_one_no_phone_reaches() {
        for base in [
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:8080",
            "http://127.1.2.3",
        ] {
            assert!(loopback(base), "{base}");
        }
        for base in [
            "https://hailong.tinh.gov.vn",
            "http://192.168.1.10:8080",
            "http://10.0.0.5",
        ] {
            assert!(!loopback(base), "{base}");
        }
    }
}
