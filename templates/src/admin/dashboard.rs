//! A unit's dashboard: its SIPAS figures for a period, the trend, the ranking of its children,
//! its counters and the latest comments. Charts are SVG drawn here, each with a table of the
//! same numbers for screen readers; no JavaScript.

use maud::{Markup, html};

use super::comments::{CommentItem, comment_card};
use super::trend_chart::{TrendPoint, trend_chart};
use super::week_chart::{WeekChart, week_chart};
use super::{sign_out, staff_page};
use crate::{Lang, paths};

pub struct DashboardView {
    pub lang: Lang,
    pub username: String,
    pub csrf: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The period as typed back into the form (`2025-Q1`).
    pub period: String,
    /// The period's first and last days, `yyyy-mm-dd`, for the custom range's date fields.
    pub range: (String, String),
    /// The periods offered in one tap: (label, href), this month to last year.
    pub presets: Vec<(String, String)>,
    /// `01/01/2025 – 31/03/2025`.
    pub period_dates: String,
    pub previous_dates: Option<String>,
    pub method: String,
    pub period_error: Option<String>,
    /// A signed-off period: its approval, and how the live figures differ from it (lines).
    pub signed: Option<Vec<String>>,
    pub sipas: Figure,
    /// (element name, figure) in the order of the five elements.
    pub elements: Vec<(String, Figure)>,
    /// The overall (one-tap) question: in the index, in no element.
    pub overall: Figure,
    pub children: Vec<RankRow>,
    pub counters: Vec<RankRow>,
    pub trend: Vec<TrendPoint>,
    pub week: WeekChart,
    pub comments: Vec<CommentItem>,
    pub csv_href: String,
    pub xlsx_href: String,
}

/// One index as shown: already formatted in the page's language.
pub struct Figure {
    pub value: String,
    pub valid: u64,
    pub respondents: u64,
    pub change: Option<String>,
}

pub struct RankRow {
    /// The group it is ranked in ("Sở, ban, ngành", "Quầy dùng thang 5 mức"); rows come
    /// group by group.
    pub peers: Option<String>,
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    pub respondents: u64,
    pub valid: u64,
    pub value: String,
    pub rank: String,
    pub change: String,
    pub rank_change: String,
}

struct Words {
    period: &'static str,
    method: &'static str,
    pooled: &'static str,
    item_mean: &'static str,
    show: &'static str,
    custom_range: &'static str,
    from: &'static str,
    to: &'static str,
    download: &'static str,
    index: &'static str,
    respondents: &'static str,
    valid: &'static str,
    change: &'static str,
    previous: &'static str,
    trend: &'static str,
    responses: &'static str,
    month: &'static str,
    children: &'static str,
    counters: &'static str,
    qr_codes: &'static str,
    rank: &'static str,
    rank_change: &'static str,
    unit: &'static str,
    counter: &'static str,
    ranked_apart: &'static str,
    overall: &'static str,
    headline_note_pooled: &'static str,
    headline_note_item_mean: &'static str,
    comments: &'static str,
    no_comments: &'static str,
    all_comments: &'static str,
    home: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    static VI: Words = Words {
        period: "Kỳ",
        method: "Phương pháp",
        pooled: "Gộp (ΣS/ΣV)",
        item_mean: "Trung bình tiêu chí",
        show: "Xem",
        custom_range: "Khoảng ngày tùy chọn",
        from: "Từ ngày",
        to: "Đến ngày",
        download: "Tải về",
        index: "Chỉ số SIPAS",
        respondents: "Số phiếu",
        valid: "Số ý kiến hợp lệ",
        change: "Tăng/giảm (điểm %)",
        previous: "so với kỳ trước",
        trend: "Xu hướng 12 tháng",
        responses: "Phiếu khảo sát và kiểm duyệt",
        month: "Tháng",
        children: "Xếp hạng đơn vị trực thuộc",
        counters: "Các quầy",
        qr_codes: "Mã QR và áp phích của các quầy",
        rank: "Xếp hạng",
        rank_change: "Thay đổi thứ hạng",
        unit: "Đơn vị",
        counter: "Quầy",
        ranked_apart: "Mỗi nhóm xếp hạng riêng: sở, ban, ngành không so với xã, phường; quầy \
                       thang 5 mức không so với quầy thang 3 mức.",
        overall: "Câu hỏi đánh giá chung (một chạm)",
        headline_note_pooled: "Chỉ số SIPAS = số ý kiến hài lòng ÷ số ý kiến hợp lệ của mọi \
                               tiêu chí, kể cả câu hỏi đánh giá chung; mỗi yếu tố chỉ gồm tiêu \
                               chí của yếu tố đó. Vì vậy số ý kiến hợp lệ của các dòng trên \
                               cộng lại bằng của chỉ số SIPAS.",
        headline_note_item_mean: "Chỉ số SIPAS = trung bình chỉ số của mọi tiêu chí, kể cả câu \
                                  hỏi đánh giá chung; mỗi yếu tố là trung bình các tiêu chí của \
                                  yếu tố đó.",
        comments: "Góp ý mới nhất",
        no_comments: "Chưa có góp ý trong kỳ.",
        all_comments: "Mọi góp ý kèm điểm đánh giá, lọc theo quầy, theo kỳ, chỉ góp ý chưa hài lòng",
        home: "Trang chủ",
    };
    static EN: Words = Words {
        period: "Period",
        method: "Method",
        pooled: "Pooled (ΣS/ΣV)",
        item_mean: "Mean of items",
        show: "Show",
        custom_range: "Custom range of days",
        from: "From",
        to: "To",
        download: "Download",
        index: "SIPAS index",
        respondents: "Respondents",
        valid: "Valid answers",
        change: "Change (points)",
        previous: "against the previous period",
        trend: "12-month trend",
        responses: "Responses and moderation",
        month: "Month",
        children: "Ranking of units below",
        counters: "Counters",
        qr_codes: "The counters' QR codes and posters",
        rank: "Rank",
        rank_change: "Rank change",
        unit: "Unit",
        counter: "Counter",
        ranked_apart: "Each group is ranked on its own: departments are not compared with \
                       communes, nor counters on the 5-point scale with counters on the 3-level \
                       scale.",
        overall: "Overall question (one tap)",
        headline_note_pooled: "SIPAS index = satisfied answers ÷ valid answers over every item, \
                               the overall question included; each element counts only its own \
                               items. So the valid answers of the rows above add up to the \
                               index's.",
        headline_note_item_mean: "SIPAS index = the mean of every item's index, the overall \
                                  question included; each element is the mean of its own \
                                  items.",
        comments: "Latest comments",
        no_comments: "No comment in the period.",
        all_comments: "Every comment with its scores, filtered by counter, period, or to the unsatisfied",
        home: "Home",
    };
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

pub fn dashboard_page(view: &DashboardView) -> Markup {
    let w = words(view.lang);
    let sign_out = sign_out(view.lang, &view.username, &view.csrf);
    let body = html! {
        p.small { a href=(paths::Home::href()) { (w.home) } }
        h1 { (view.unit_name) " " small { "(" (view.unit_code) ")" } }
        form.filters method="get" action=(paths::Unit::href(&view.unit_code)) {
            input type="hidden" name="lang" value=(view.lang.code());
            label for="period" { (w.period) }
            input #period type="text" name="period" value=(view.period) size="24" aria-describedby="period-dates";
            label for="method" { (w.method) }
            select #method name="method" {
                option value="pooled" selected[view.method == "pooled"] { (w.pooled) }
                option value="item-mean" selected[view.method == "item-mean"] { (w.item_mean) }
            }
            button type="submit" { (w.show) }
        }
        nav.presets aria-label=(w.period) {
            @for (label, href) in &view.presets {
                a.preset href=(href) { (label) }
            }
        }
        details.range {
            summary { (w.custom_range) }
            form.filters method="get" action=(paths::Unit::href(&view.unit_code)) {
                input type="hidden" name="lang" value=(view.lang.code());
                input type="hidden" name="method" value=(view.method);
                span.field { label for="from" { (w.from) } input #from type="date" name="from" value=(view.range.0) required; }
                span.field { label for="to" { (w.to) } input #to type="date" name="to" value=(view.range.1) required; }
                button type="submit" { (w.show) }
            }
        }
        @if let Some(error) = &view.period_error {
            div.alert role="alert" { p { (error) } }
        }
        @if let Some(lines) = &view.signed {
            div.notice.signed role="status" {
                @for line in lines { p { (line) } }
            }
        }
        p.small #period-dates {
            (view.period_dates)
            @if let Some(previous) = &view.previous_dates { " · " (w.previous) ": " (previous) }
            " · " (w.download) ": "
            a href=(view.csv_href) { "CSV" } " · " a href=(view.xlsx_href) { "XLSX" }
            " · "
            a href=(format!("{}?period={}&lang={}", paths::UnitResponses::href(&view.unit_code), view.period, view.lang.code())) { (w.responses) }
            " · "
            a href=(format!("{}?period={}&lang={}", paths::UnitSignoff::href(&view.unit_code), view.period, view.lang.code())) {
                (if view.lang == Lang::Vi { "Trình duyệt số liệu" } else { "Sign-off" })
            }
        }
        section.headline {
            div.big {
                p.label { (w.index) }
                p.value { (view.sipas.value) }
                p.small { (w.respondents) ": " (view.lang.count(view.sipas.respondents)) " · " (w.valid) ": " (view.lang.count(view.sipas.valid)) }
                @if let Some(change) = &view.sipas.change { p.small { (w.change) ": " (change) } }
            }
            div.scroll { table.data.elements {
                thead { tr { th scope="col" { "" } th scope="col" { "%" } th scope="col" { (w.valid) } } }
                tbody {
                    @for (name, figure) in &view.elements {
                        tr { th scope="row" { (name) } td.nowrap { (figure.value) } td { (view.lang.count(figure.valid)) } }
                    }
                    tr { th scope="row" { (w.overall) } td.nowrap { (view.overall.value) } td { (view.lang.count(view.overall.valid)) } }
                }
                tfoot {
                    tr { th scope="row" { (w.index) } td.nowrap { (view.sipas.value) } td { (view.lang.count(view.sipas.valid)) } }
                }
            } }
            p.small.note {
                @if view.method == "item-mean" { (w.headline_note_item_mean) } @else { (w.headline_note_pooled) }
            }
        }
        section {
            h2 #trend-title { (w.trend) }
            (trend_chart(view.lang, &view.trend))
            div.scroll { table.data aria-labelledby="trend-title" {
                thead { tr { th scope="col" { (w.month) } th scope="col" { (w.index) } th scope="col" { (w.respondents) } } }
                tbody { @for point in &view.trend { tr { td { (point.label) } td { (point.shown) } td { (view.lang.count(point.respondents)) } } } }
            } }
        }
        section { (week_chart(view.lang, &view.week)) }
        @if !view.children.is_empty() {
            section {
                h2 { (w.children) }
                p.small { (w.ranked_apart) }
                (rank_table(view.lang, &view.children, w, w.unit))
            }
        }
        @if !view.counters.is_empty() {
            section {
                h2 { (w.counters) }
                p.small { a href=(format!("{}?lang={}", paths::UnitCounters::href(&view.unit_code), view.lang.code())) { (w.qr_codes) } }
                (rank_table(view.lang, &view.counters, w, w.counter))
            }
        }
        section {
            h2 { (w.comments) }
            p.small { a href=(format!("{}?period={}&lang={}", paths::UnitComments::href(&view.unit_code), view.period, view.lang.code())) { (w.all_comments) } }
            @if view.comments.is_empty() {
                p { (w.no_comments) }
            }
            @for c in &view.comments { (comment_card(view.lang, c)) }
        }
    };
    staff_page(view.lang, &view.unit_name, sign_out, body)
}

fn rank_table(lang: Lang, rows: &[RankRow], w: &Words, what: &str) -> Markup {
    html! {
        div.scroll { table.data.wide.cards.ranking {
            thead {
                tr {
                    th scope="col" { (w.rank) }
                    th scope="col" { (what) }
                    th scope="col" { (w.respondents) }
                    th scope="col" { (w.valid) }
                    th scope="col" { (w.index) }
                    th scope="col" { (w.change) }
                    th scope="col" { (w.rank_change) }
                }
            }
            tbody {
                @for (i, row) in rows.iter().enumerate() {
                    @if row.peers.is_some() && (i == 0 || rows[i - 1].peers != row.peers) {
                        tr.peers { th scope="rowgroup" colspan="7" { (row.peers.as_deref().unwrap_or_default()) } }
                    }
                    tr {
                        td.rank data-label=(w.rank) { (row.rank) }
                        th scope="row" {
                            @if let Some(href) = &row.href { a href=(href) { (row.name) } } @else { (row.name) }
                        }
                        td data-label=(w.respondents) { (lang.count(row.respondents)) }
                        td data-label=(w.valid) { (lang.count(row.valid)) }
                        td.nowrap.figure data-label=(w.index) { (row.value) }
                        td data-label=(w.change) { (row.change) }
                        td data-label=(w.rank_change) { (row.rank_change) }
                    }
                }
            }
        } }
    }
}
