//! The thank-you page shown after a response has been committed: it names the place rated,
//! thanks the person, and offers what they may do next (a comment if they left none, the unit's
//! hotline).

use maud::{Markup, html};

use crate::survey::comment_field;
use crate::{Lang, layout};

/// The optional comment offered under the thanks, added to the same response by its key.
pub struct CommentOffer {
    /// Where the comment form posts.
    pub action: String,
    /// The response's form key.
    pub key: String,
    /// What the person typed, kept when it comes back with an error.
    pub comment: String,
    pub error: Option<&'static str>,
}

pub struct ThanksView {
    pub lang: Lang,
    pub switch_href: String,
    /// The service point and the counter, when the counter is still in use.
    pub unit_name: Option<String>,
    pub counter_name: Option<String>,
    pub offer: Option<CommentOffer>,
    /// The comment was just added.
    pub comment_added: bool,
    /// A comment that could not be added.
    pub alert: Option<&'static str>,
    /// Whether to thank: not when a comment was refused for a key that may be made up.
    pub thanked: bool,
    /// The unit's hotline or feedback channel, and a `tel:` address when it is a number.
    pub hotline: Option<(String, Option<String>)>,
    /// The unit's public results, when it publishes them.
    pub results_href: Option<String>,
}

pub fn thanks_page(view: &ThanksView) -> Markup {
    let lang = view.lang;
    let t = lang.strings();
    let not_added = lang.pick("Chưa thêm được góp ý", "The comment was not added");
    let body = html! {
        header.top {
            div.place {
                @if let Some(unit) = &view.unit_name { p.unit { (unit) } }
                @if let Some(counter) = &view.counter_name { p.counter { (counter) } }
            }
            a.lang href=(view.switch_href) lang=(lang.other().code()) hreflang=(lang.other().code()) {
                (lang.other().strings().language_name)
            }
        }
        @if let Some(message) = view.alert {
            div.alert role="alert" { p { (message) } }
        }
        @if view.thanked {
            div.done {
                p.tick aria-hidden="true" { "✓" }
                h1 { (t.thanks_title) }
                p { (t.thanks_body) }
                @if view.comment_added {
                    p.added role="status" {
                        (lang.pick("Góp ý của ông/bà đã được ghi nhận cùng với đánh giá.", "Your comment has been added to your rating."))
                    }
                }
            }
        } @else {
            h1 { (not_added) }
        }
        @if let Some(offer) = &view.offer {
            section.next {
                h2 { (lang.pick("Ông/bà muốn nói thêm?", "Anything to add?")) }
                form method="post" action=(offer.action) accept-charset="utf-8" {
                    input type="hidden" name="k" value=(offer.key);
                    input type="hidden" name="lang" value=(lang.code());
                    (comment_field(t, &offer.comment, offer.error))
                    button.submit type="submit" { (lang.pick("Gửi góp ý", "Send my comment")) }
                }
            }
        }
        @if let Some((hotline, dial)) = &view.hotline {
            section.next {
                h2 { (lang.pick("Cần phản ánh, kiến nghị?", "A complaint or a suggestion?")) }
                p {
                    (lang.pick("Đường dây nóng của đơn vị: ", "The office's hotline: "))
                    @if let Some(href) = dial {
                        a.hotline href=(href) { (hotline) }
                    } @else {
                        strong { (hotline) }
                    }
                }
            }
        }
        @if let Some(href) = &view.results_href {
            section.next {
                h2 { (lang.pick("Kết quả đánh giá của đơn vị", "This office's results")) }
                p { a.results href=(href) { (lang.pick("Xem mức độ hài lòng của người dân với đơn vị", "See how satisfied people are with this office")) } }
            }
        }
        p.small.done-close { (t.thanks_close) }
    };
    let title = if view.thanked {
        t.thanks_title
    } else {
        not_added
    };
    layout::page(lang, title, body)
}
