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
            (grid(chart, first, last, &days, w.respondents))
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
/// carries its count as a tooltip for sighted mouse users.
fn grid(chart: &WeekChart, first: u8, last: u8, days: &[&str; 7], unit: &str) -> Markup {
    const LEFT: f64 = 40.0;
    const TOP: f64 = 22.0;
    const CELL_W: f64 = 30.0;
    const CELL_H: f64 = 24.0;
    let columns = f64::from(last - first + 1);
    let width = LEFT + columns * CELL_W + 4.0;
    let height = TOP + 7.0 * CELL_H + 4.0;
    html! {
        svg.chart.week viewBox=(format!("0 0 {width} {height}")) aria-hidden="true" {
            @for hour in first..=last {
                text x=(format!("{:.1}", LEFT + f64::from(hour - first) * CELL_W + CELL_W / 2.0)) y="15"
                    text-anchor="middle" font-size="11" { (format!("{hour:02}")) }
            }
            @for (d, (label, row)) in days.iter().zip(&chart.counts).enumerate() {
                @let y = TOP + d as f64 * CELL_H;
                text x="4" y=(format!("{:.1}", y + CELL_H * 0.65)) font-size="11" { (label) }
                @for (h, n) in row.iter().enumerate() {
                    @let x = LEFT + h as f64 * CELL_W;
                    rect x=(format!("{x:.1}")) y=(format!("{y:.1}")) width=(CELL_W - 2.0) height=(CELL_H - 2.0) rx="3"
                        fill=(if *n == 0 { "#eef1f5" } else { "#0a4f94" })
                        fill-opacity=(shade(*n, chart.max)) {
                        title { (label) " " (format!("{:02}h", usize::from(first) + h)) ": " (n) " " (unit) }
                    }
                }
            }
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
