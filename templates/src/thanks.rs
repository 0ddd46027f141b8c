//! The thank-you page shown after a response has been committed.

use maud::{Markup, html};

use crate::{Lang, layout};

pub fn thanks_page(lang: Lang, switch_href: &str) -> Markup {
    let t = lang.strings();
    let body = html! {
        header.top {
            div.place {}
            a.lang href=(switch_href) lang=(lang.other().code()) hreflang=(lang.other().code()) {
                (lang.other().strings().language_name)
            }
        }
        div.done {
            p.tick aria-hidden="true" { "✓" }
            h1 { (t.thanks_title) }
            p { (t.thanks_body) }
            p.small { (t.thanks_close) }
        }
    };
    layout::page(lang, t.thanks_title, body)
}
