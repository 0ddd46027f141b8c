//! The one page layout of the public pages.

use maud::{DOCTYPE, Markup, html};

use crate::{Lang, assets};

/// What a page adds to the layout: a class on its body (`kiosk`: large, for a tablet), and a
/// reload to another address after some seconds (a meta refresh: no script).
#[derive(Default)]
pub(crate) struct Page {
    pub class: Option<&'static str>,
    pub refresh: Option<(u32, String)>,
}

pub(crate) fn page(lang: Lang, title: &str, body: Markup) -> Markup {
    page_with(lang, title, body, Page::default())
}

pub(crate) fn page_with(lang: Lang, title: &str, body: Markup, page: Page) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                @if let Some((seconds, to)) = &page.refresh {
                    meta http-equiv="refresh" content=(format!("{seconds};url={to}"));
                }
                title { (title) }
                link rel="stylesheet" href=(assets::CITIZEN_CSS.path());
            }
            body class=[page.class] {
                main { (body) }
            }
        }
    }
}
