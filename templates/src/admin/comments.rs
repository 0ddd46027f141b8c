//! A unit's comments, newest first, each with the scores given with it (a negative one marked),
//! filtered by period, counter and to the negative ones. A list of cards, which reads the same
//! on a phone and a desktop.

use maud::{Markup, html};

use super::answers::{Answer, answer_list};
use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct CommentsView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub unit_code: String,
    pub unit_name: String,
    pub period: String,
    pub period_dates: String,
    pub period_error: Option<String>,
    /// (id, name) of the counters of the unit and below.
    pub counters: Vec<(i32, String)>,
    pub counter: Option<i32>,
    pub negative: bool,
    pub comments: Vec<CommentItem>,
    pub older_href: Option<String>,
}

pub struct CommentItem {
    pub when: String,
    pub counter: String,
    pub answers: Vec<Answer>,
    /// An answer below "satisfied".
    pub negative: bool,
    pub text: String,
}

struct Words {
    title: &'static str,
    dashboard: &'static str,
    period: &'static str,
    counter: &'static str,
    every_counter: &'static str,
    negative: &'static str,
    negative_mark: &'static str,
    show: &'static str,
    none: &'static str,
    older: &'static str,
    masked: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    static VI: Words = Words {
        title: "Góp ý của người dân",
        dashboard: "Bảng số liệu",
        period: "Kỳ",
        counter: "Quầy",
        every_counter: "Mọi quầy",
        negative: "Chỉ góp ý kèm đánh giá chưa hài lòng",
        negative_mark: "Có đánh giá chưa hài lòng",
        show: "Xem",
        none: "Không có góp ý nào khớp bộ lọc.",
        older: "Các góp ý cũ hơn",
        masked: "Số điện thoại và địa chỉ e-mail trong góp ý được che.",
    };
    static EN: Words = Words {
        title: "Citizens' comments",
        dashboard: "Dashboard",
        period: "Period",
        counter: "Counter",
        every_counter: "Every counter",
        negative: "Only comments with an unsatisfied answer",
        negative_mark: "With an unsatisfied answer",
        show: "Show",
        none: "No comment matches the filter.",
        older: "Older comments",
        masked: "Phone numbers and e-mail addresses in comments are masked.",
    };
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

pub fn comments_page(view: &CommentsView) -> Markup {
    let w = words(view.lang);
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(format!("{}?period={}&lang={}", paths::Unit::href(&view.unit_code), view.period, view.lang.code())) { (view.unit_name) " – " (w.dashboard) } }
        h1 { (w.title) }
        form.filters method="get" action=(paths::UnitComments::href(&view.unit_code)) {
            input type="hidden" name="lang" value=(view.lang.code());
            span.field {
                label for="period" { (w.period) }
                input #period type="text" name="period" value=(view.period) size="16" aria-describedby="period-dates";
            }
            span.field {
                label for="counter" { (w.counter) }
                select #counter name="counter" {
                    option value="" selected[view.counter.is_none()] { (w.every_counter) }
                    @for (id, name) in &view.counters {
                        option value=(id) selected[view.counter == Some(*id)] { (name) }
                    }
                }
            }
            label.check for="negative" {
                input #negative type="checkbox" name="negative" value="1" checked[view.negative];
                " " (w.negative)
            }
            button type="submit" { (w.show) }
        }
        @if let Some(error) = &view.period_error {
            div.alert role="alert" { p { (error) } }
        }
        p.small #period-dates { (view.period_dates) " · " (w.masked) }
        @if view.comments.is_empty() {
            p { (w.none) }
        }
        @for c in &view.comments { (comment_card(view.lang, c)) }
        @if let Some(href) = &view.older_href { p { a href=(href) { (w.older) " →" } } }
    };
    staff_page(view.lang, w.title, sign_out, body)
}

/// One comment with its time, counter and scores; a negative one marked in words and colour.
/// The dashboard's latest comments are these cards too.
pub fn comment_card(lang: Lang, c: &CommentItem) -> Markup {
    let w = words(lang);
    html! {
        article.comment-card.negative[c.negative] {
            p.small { (c.when) " · " (c.counter) @if c.negative { " · " strong.status.excluded { (w.negative_mark) } } }
            p.text { (c.text) }
            (answer_list(&c.answers))
        }
    }
}
