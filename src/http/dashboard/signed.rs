//! What the dashboard says of a signed-off period (docs/methodology.md, "Signed-off periods").

use templates::Lang;

use crate::http::shown;
use crate::report;

/// What the dashboard says of a signed-off period: who approved it and its check code, and when
/// the live figures have moved since, by how much and through which responses' moderation.
pub(super) fn note(
    lang: Lang,
    d: &report::snapshot::Difference,
    live: &report::UnitFigures,
) -> Vec<String> {
    let s = &d.signed;
    let mut lines = vec![match lang {
        Lang::Vi => format!(
            "Kỳ này đã được duyệt ngày {} bởi {} (mã kiểm tra {}). Báo cáo xuất ra dùng số liệu đã chốt.",
            s.approved_on, s.approved_by, s.check_code
        ),
        Lang::En => format!(
            "This period was approved on {} by {} (check code {}). Exports use the approved figures.",
            s.approved_on, s.approved_by, s.check_code
        ),
    }];
    let moved = d.approved.sipas != live.sipas || d.approved.respondents != live.respondents;
    if moved || !d.changed.is_empty() {
        let change = match (live.sipas.value, d.approved.sipas.value) {
            (Some(now), Some(then)) => {
                let hundredths = now.hundredths - then.hundredths;
                let shown = shown::points(
                    lang,
                    Some(crate::domain::figures::Percent {
                        value: now.value - then.value,
                        hundredths,
                    }),
                );
                format!(" ({shown})")
            }
            _ => String::new(),
        };
        lines.push(match lang {
            Lang::Vi => format!(
                "Số liệu hiện nay khác số liệu đã chốt: chỉ số SIPAS {} đã chốt, {} hiện nay{change}; số phiếu {} đã chốt, {} hiện nay.",
                shown::percent(lang, d.approved.sipas.value),
                shown::percent(lang, live.sipas.value),
                lang.count(d.approved.respondents),
                lang.count(live.respondents)
            ),
            Lang::En => format!(
                "The live figures differ from the approved ones: SIPAS index {} approved, {} now{change}; respondents {} approved, {} now.",
                shown::percent(lang, d.approved.sipas.value),
                shown::percent(lang, live.sipas.value),
                lang.count(d.approved.respondents),
                lang.count(live.respondents)
            ),
        });
        for (id, then, now) in &d.changed {
            let status = |code: &str| match (lang, code) {
                (Lang::Vi, "excluded") => "bị loại",
                (Lang::Vi, "flagged") => "bị giữ lại",
                (Lang::Vi, _) => "được tính",
                (Lang::En, "excluded") => "excluded",
                (Lang::En, "flagged") => "flagged",
                (Lang::En, _) => "counted",
            };
            lines.push(match lang {
                Lang::Vi => format!(
                    "Phiếu số {id}: lúc chốt {}, nay {}.",
                    status(then),
                    status(now)
                ),
                Lang::En => format!(
                    "Response {id}: {} when approved, {} now.",
                    status(then),
                    status(now)
                ),
            });
        }
    }
    lines
}
