//! The one page layout of the public pages.

use maud::{DOCTYPE, Markup, html};

use crate::{Lang, assets};

pub(crate) fn page(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                link rel="stylesheet" href=(assets::CITIZEN_CSS.path());
            }
            body {
                main { (body) }
            }
        }
    }
}
