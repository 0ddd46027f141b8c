//! A unit's results, published to citizens: its SIPAS index and five elements for the last full
//! month and quarter, each with its respondents, and the trend. A figure under the minimum
//! sample is not shown; the page says there are not enough ratings yet. No comment text ever
//! appears here. No JavaScript, and light like the survey.

use maud::{Markup, html};

use crate::{Lang, layout};

/// One period's figures, already written in the page's language.
pub struct PeriodResult {
    /// "Tháng 11/2026", "Quý 3/2026".
    pub label: String,
    pub respondents: String,
    /// `None` below the minimum sample.
    pub shown: Option<Shown>,
    /// Signed off: the figures are the approved ones.
    pub official: bool,
    /// The unit's note to citizens on this period.
    pub note: Option<String>,
}

pub struct Shown {
    pub index: String,
    /// (element name, its index), in the order of the five elements.
    pub elements: Vec<(String, String)>,
}

pub struct ResultsView {
    pub lang: Lang,
    pub switch_href: String,
    pub unit_name: String,
    pub min_sample: String,
    pub periods: Vec<PeriodResult>,
    /// (month label, index or "–" below the minimum sample), oldest first.
    pub trend: Vec<(String, String)>,
}

pub fn results_page(view: &ResultsView) -> Markup {
    let lang = view.lang;
    let title = lang.pick("Kết quả đánh giá sự hài lòng", "Satisfaction results");
    let body = html! {
        header.top {
            div.place { p.unit { (view.unit_name) } }
            a.lang href=(view.switch_href) lang=(lang.other().code()) hreflang=(lang.other().code()) {
                (lang.other().strings().language_name)
            }
        }
        h1 { (title) }
        p.hint {
            (lang.pick(
                "Từ ý kiến người dân sau khi làm thủ tục tại đơn vị. Chỉ số là tỷ lệ ý kiến hài lòng trên tổng số ý kiến hợp lệ.",
                "From the ratings of people served at this office. An index is the share of satisfied answers among all valid answers.",
            ))
        }
        @for period in &view.periods {
            section.result {
                h2 {
                    (period.label)
                    @if period.official {
                        " " span.official { (lang.pick("Số liệu chính thức", "Official figures")) }
                    }
                }
                @match &period.shown {
                    Some(shown) => {
                        p.figure {
                            span.value { (shown.index) }
                            span.what { (lang.pick("Chỉ số hài lòng (SIPAS)", "Satisfaction index (SIPAS)")) " · " (period.respondents) (lang.pick(" người đánh giá", " respondents")) }
                        }
                        ul.elements-list {
                            @for (name, value) in &shown.elements {
                                li { span { (name) } b { (value) } }
                            }
                        }
                    }
                    None => {
                        p { (lang.pick("Chưa đủ số người đánh giá để công bố", "Not enough ratings yet to publish")) " (" (period.respondents) " / " (view.min_sample) ")." }
                    }
                }
                @if let Some(note) = &period.note {
                    h3 { (lang.pick("Ý kiến của người dân – việc chúng tôi đã làm", "What citizens said – what we did")) }
                    p.note { (note) }
                }
            }
        }
        @if !view.trend.is_empty() {
            section.result {
                h2 { (lang.pick("Xu hướng theo tháng", "Month by month")) }
                table.trend-table {
                    thead { tr { th { (lang.pick("Tháng", "Month")) } th { (lang.pick("Chỉ số", "Index")) } } }
                    tbody { @for (month, value) in &view.trend { tr { td { (month) } td { (value) } } } }
                }
            }
        }
        p.small {
            (lang.pick(
                "Nội dung góp ý không được công bố, để bảo vệ thông tin cá nhân. Chỉ công bố số liệu có từ ",
                "Comments are never published, to protect personal data. Only figures from at least ",
            ))
            (view.min_sample)
            (lang.pick(" người đánh giá trở lên.", " respondents are shown."))
        }
    };
    layout::page(lang, title, body)
}
