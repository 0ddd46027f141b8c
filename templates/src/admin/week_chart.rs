//! The hour × weekday chart of a dashboard: one shaded cell per weekday and local hour, darker
//! for more respondents, with the same counts in a table for screen readers.

use maud::{Markup, html};

use crate::Lang;

/// Respondents by weekday (Monday first) and hour, for the hours that have any.
pub struct WeekChart {
    /// First and last hour shown (inclusive); `None` when there is no respondent.
    pub hours: Option<(u8, u8)>,
    /// Seven rows, Monday … Sunday, one count per hour from the first shown to the last.
    pub counts: Vec<Vec<u64>>,
    pub max: u64,
}

fn day_labels(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Vi => ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    }
}

struct Words {
    title: &'static str,
    empty: &'static str,
    day: &'static str,
    respondents: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words {
            title: "Số người trả lời theo giờ và thứ trong tuần",
            empty: "Chưa có phản hồi trong kỳ này.",
            day: "Thứ",
            respondents: "người trả lời",
        },
        Lang::En => Words {
            title: "Respondents by hour and weekday",
            empty: "No responses in this period.",
            day: "Day",
            respondents: "respondents",
        },
    }
}

pub fn week_chart(lang: Lang, chart: &WeekChart) -> Markup {
    let w = words(lang);
    let days = day_labels(lang);
    html! {
        h2 #week-title { (w.title) }
        @if let Some((first, last)) = chart.hours {
            div.chart.week-chart { (grid(chart, first, last, &days, w.respondents)) }
            (legend(lang, chart.max))
            div.scroll {
                table.data aria-labelledby="week-title" {
                    thead {
                        tr {
                            th scope="col" { (w.day) }
                            @for hour in first..=last { th scope="col" { (format!("{hour:02}h")) } }
                        }
                    }
                    tbody {
                        @for (label, row) in days.iter().zip(&chart.counts) {
                            tr { th scope="row" { (label) } @for n in row { td { (lang.count(*n)) } } }
                        }
                    }
                }
            }
        } @else {
            p { (w.empty) }
        }
    }
}

/// The shaded grid. It is decorative beside the table (`aria-hidden`), but each cell still
/// carries its count as a tooltip for sighted mouse users. No `viewBox`: columns are percentages
/// and rows pixels, so the labels keep their 12 px on a phone.
fn grid(chart: &WeekChart, first: u8, last: u8, days: &[&str; 7], unit: &str) -> Markup {
    /// The share of the width for the weekday labels.
    const LEFT: f64 = 12.0;
    const TOP: f64 = 22.0;
    const CELL_H: f64 = 26.0;
    let columns = usize::from(last - first + 1);
    let cell_w = (100.0 - LEFT) / columns as f64;
    let height = TOP + 7.0 * CELL_H + 2.0;
    let x = |h: usize| LEFT + h as f64 * cell_w;
    html! {
        svg.week height=(height) aria-hidden="true" {
            @for h in 0..columns {
                // Every hour when they fit; every other one beyond twelve columns.
                @if columns <= 12 || h % 2 == 0 {
                    text x=(format!("{:.2}%", x(h) + cell_w / 2.0)) y="15" text-anchor="middle" font-size="12" {
                        (format!("{:02}", usize::from(first) + h))
                    }
                }
            }
            @for (d, (label, row)) in days.iter().zip(&chart.counts).enumerate() {
                @let y = TOP + d as f64 * CELL_H;
                text x="0" y=(format!("{:.1}", y + CELL_H * 0.65)) font-size="12" { (label) }
                @for (h, n) in row.iter().enumerate() {
                    rect x=(format!("{:.2}%", x(h) + 0.2)) y=(format!("{y:.1}")) width=(format!("{:.2}%", cell_w - 0.4)) height=(CELL_H - 3.0) rx="3"
                        fill=(if *n == 0 { "#eef1f5" } else { "#0a4f94" })
                        fill-opacity=(shade(*n, chart.max)) {
                        title { (label) " " (format!("{:02}h", usize::from(first) + h)) ": " (n) " " (unit) }
                    }
                }
            }
        }
    }
}

/// What the shades mean: from none to the busiest hour of the period.
fn legend(lang: Lang, max: u64) -> Markup {
    let (none, few, most) = match lang {
        Lang::Vi => (
            "Không có",
            "Ít",
            format!("Nhiều nhất: {} người trong một giờ", lang.count(max)),
        ),
        Lang::En => (
            "None",
            "Few",
            format!("Most: {} respondents in one hour", lang.count(max)),
        ),
    };
    html! {
        p.legend.small aria-hidden="true" {
            span.swatch.none {} " " (none) " · "
            span.swatch.s1 {} span.swatch.s2 {} span.swatch.s3 {} span.swatch.s4 {} span.swatch.s5 {}
            " " (few) " → " (most)
        }
    }
}

/// Opacity from 0.15 (one respondent) to 1 (the busiest cell); empty cells are drawn grey.
fn shade(n: u64, max: u64) -> String {
    if n == 0 || max == 0 {
        return "1".to_owned();
    }
    format!("{:.2}", 0.15 + 0.85 * n as f64 / max as f64)
}
