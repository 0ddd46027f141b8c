//! The 12-month trend of a dashboard: a line of monthly SIPAS indices on an axis that starts near
//! the data, so that a change of a few points shows. The SVG has no `viewBox`: positions across
//! are percentages and heights are pixels, so its text keeps its size (11 px and more) on a
//! phone as on a desktop. The table after it carries the same numbers.

use maud::{Markup, html};

use crate::Lang;

pub struct TrendPoint {
    /// `12/2026`.
    pub label: String,
    /// `12` (vi), `Dec` (en): short enough for twelve under a phone's width.
    pub short: String,
    /// Unrounded, for the geometry; `None` draws no point.
    pub value: Option<f64>,
    pub shown: String,
    pub respondents: u64,
    /// The month is not over (the period runs on): drawn hollow, with a note.
    pub partial: bool,
}

/// Height of the plot in pixels, and the room above and below it for labels.
const PLOT: f64 = 150.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 26.0;

/// The axis: from a multiple of 5 below the lowest value to one above the highest, at least
/// 10 points tall, within 0–100.
fn axis(values: &[f64]) -> (f64, f64) {
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() {
        return (0.0, 100.0);
    }
    let mut bottom = (((low - 2.0) / 5.0).floor() * 5.0).max(0.0);
    let mut top = ((high + 2.0) / 5.0).ceil() * 5.0;
    if top - bottom < 10.0 {
        top = bottom + 10.0;
    }
    if top > 100.0 {
        bottom -= top - 100.0;
        top = 100.0;
    }
    (bottom, top)
}

fn ticks(bottom: f64, top: f64) -> Vec<f64> {
    let step = if top - bottom > 40.0 { 20.0 } else { 5.0 };
    let mut ticks = Vec::new();
    let mut tick = bottom;
    while tick <= top + 1e-9 {
        ticks.push(tick);
        tick += step;
    }
    ticks
}

pub fn trend_chart(lang: Lang, points: &[TrendPoint]) -> Markup {
    let values: Vec<f64> = points.iter().filter_map(|p| p.value).collect();
    let (bottom, top) = axis(&values);
    let y = |value: f64| TOP + PLOT * (top - value) / (top - bottom);
    let n = points.len().max(1) as f64;
    let x = |i: usize| format!("{:.2}%", (i as f64 + 0.5) * 100.0 / n);
    let summary: Vec<String> = points
        .iter()
        .map(|p| format!("{}: {}", p.label, p.shown))
        .collect();
    let last_with_value = points.iter().rposition(|p| p.value.is_some());
    let partial = points.iter().find(|p| p.partial && p.value.is_some());
    let height = TOP + PLOT + BOTTOM;
    html! {
        div.trend role="img" aria-label=(summary.join("; ")) {
            svg.trend-axis height=(height) aria-hidden="true" {
                @for tick in ticks(bottom, top) {
                    text x="100%" dx="-6" y=(format!("{:.1}", y(tick) + 4.0)) text-anchor="end" font-size="12" { (format!("{tick:.0}%")) }
                }
            }
            svg.trend-plot height=(height) aria-hidden="true" {
                @for tick in ticks(bottom, top) {
                    line x1="0" x2="100%" y1=(format!("{:.1}", y(tick))) y2=(format!("{:.1}", y(tick))) stroke="#dde3ea" {}
                }
                // The line joins months that follow each other; a month without answers breaks it.
                @for (i, pair) in points.windows(2).enumerate() {
                    @if let (Some(a), Some(b)) = (pair[0].value, pair[1].value) {
                        line x1=(x(i)) y1=(format!("{:.1}", y(a))) x2=(x(i + 1)) y2=(format!("{:.1}", y(b)))
                            stroke="#0a4f94" stroke-width="2.5" stroke-dasharray=[pair[1].partial.then_some("5 4")] {}
                    }
                }
                @for (i, point) in points.iter().enumerate() {
                    @if let Some(value) = point.value {
                        circle cx=(x(i)) cy=(format!("{:.1}", y(value))) r="5"
                            fill=(if point.partial { "#fff" } else { "#0a4f94" }) stroke="#0a4f94" stroke-width="2.5" {}
                        // The last point sits near the right edge: its label ends there.
                        text.value.last[Some(i) == last_with_value] x=(x(i)) y=(format!("{:.1}", y(value) - 10.0))
                            text-anchor=(if i + 1 == points.len() { "end" } else { "middle" }) dx=[(i + 1 == points.len()).then_some("6")]
                            font-size="12" { (point.shown) }
                    }
                    // On a phone every other month is labelled (the last always): twelve
                    // labels side by side would touch.
                    text.month.odd[(points.len() - 1 - i) % 2 == 1] x=(x(i)) y=(format!("{:.1}", height - 8.0)) text-anchor="middle" font-size="11" {
                        (point.short) @if point.partial { "*" }
                    }
                }
            }
        }
        @if let (Some(first), Some(last)) = (points.first(), points.last()) {
            p.small.legend {
                (match lang { Lang::Vi => "Tháng", Lang::En => "Months" }) ": " (first.label) " – " (last.label)
            }
        }
        @if let Some(point) = partial {
            p.small.legend {
                "* " (match lang {
                    Lang::Vi => format!("Tháng {} chưa kết thúc: số liệu tính đến hôm nay (chấm rỗng, nét đứt).", point.label),
                    Lang::En => format!("{} is not over: figures so far (hollow dot, dashed line).", point.label),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_starts_near_the_data_and_stays_within_0_and_100() {
        assert_eq!(axis(&[74.1, 75.0, 75.56]), (70.0, 80.0));
        assert_eq!(axis(&[99.0, 100.0]), (90.0, 100.0));
        assert_eq!(axis(&[0.0, 3.0]), (0.0, 10.0));
        assert_eq!(axis(&[]), (0.0, 100.0));
        assert_eq!(axis(&[20.0, 90.0]), (15.0, 95.0));
        assert_eq!(ticks(15.0, 95.0), [15.0, 35.0, 55.0, 75.0, 95.0]);
    }
}
