//! The kiosk's own screens: the thanks after a tap, which returns to the start by itself, and
//! the notice of a withdrawn kiosk. The start screen is the survey page in kiosk form (see
//! `survey::SurveyView::kiosk`).

use maud::{Markup, html};

use crate::layout::{self, Page};
use crate::{Lang, faces};

pub struct KioskThanksView {
    pub lang: Lang,
    pub counter_name: String,
    /// The start screen, where the kiosk returns.
    pub start_href: String,
    /// Seconds the thanks stay on screen before the kiosk returns to its start.
    pub return_after: u32,
}

pub fn kiosk_thanks_page(view: &KioskThanksView) -> Markup {
    let lang = view.lang;
    let t = lang.strings();
    let body = html! {
        div.done.kiosk-done {
            (faces::symbols())
            (faces::face(5))
            h1 { (t.thanks_title) }
            p { (t.thanks_body) }
            p.counter { (view.counter_name) }
            p.small {
                (lang.pick("Màn hình sẽ tự quay lại sau vài giây. ", "This screen returns to the start in a few seconds. "))
                a.again href=(view.start_href) { (lang.pick("Quay lại ngay", "Back now")) }
            }
        }
    };
    layout::page_with(
        lang,
        t.thanks_title,
        body,
        Page {
            class: Some("kiosk"),
            refresh: Some((view.return_after, view.start_href.clone())),
        },
    )
}

/// A kiosk address that was withdrawn, or never made: said to whoever holds the tablet.
pub fn kiosk_withdrawn_page() -> Markup {
    let body = html! {
        div.done {
            h1 { "Máy đánh giá này không hoạt động" }
            p { "Địa chỉ của máy đã bị thu hồi hoặc không đúng. Cán bộ có thể mở địa chỉ mới cho quầy trên trang «Các quầy và mã QR»." }
            p lang="en" { "This rating kiosk is no longer in use: its address was withdrawn or is wrong. Staff can open a new one for the counter on the counters page." }
        }
    };
    layout::page_with(
        Lang::Vi,
        "Máy đánh giá không hoạt động",
        body,
        Page {
            class: Some("kiosk"),
            refresh: None,
        },
    )
}
