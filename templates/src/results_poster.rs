//! A unit's monthly results as an A4 poster for the wall beside its QR poster: the month's SIPAS
//! index and elements with the respondents, whether the figures are official, the unit's note,
//! and a code to the public results page. A standalone page that carries its print stylesheet.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::results::PeriodResult;

pub struct ResultsPosterView {
    pub header: Option<String>,
    pub unit_name: String,
    pub period: PeriodResult,
    pub min_sample: String,
    /// The public results page and its code (inline SVG made by this program), when published.
    pub public: Option<(String, String)>,
}

const STYLE: &str = "@page{size:210mm 297mm;margin:12mm}\
*{box-sizing:border-box}\
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#000}\
.sheet{display:flex;flex-direction:column;align-items:center;text-align:center}\
.header{font-size:5mm;font-weight:700;margin:0 0 2mm}\
.unit{font-size:8mm;font-weight:700;margin:0 0 4mm}\
h1{font-size:9mm;margin:2mm 0}\
.official{font-size:4.5mm;font-weight:700;border:.5mm solid #000;border-radius:2mm;padding:1mm 3mm;margin:0 0 4mm}\
.value{font-size:30mm;font-weight:800;margin:2mm 0 0;line-height:1}\
.what{font-size:5mm;margin:1mm 0 6mm}\
table{border-collapse:collapse;width:150mm;font-size:5.5mm}\
td{border-bottom:.3mm solid #888;padding:2.2mm 1mm;text-align:left}\
td.v{text-align:right;font-weight:700;white-space:nowrap}\
.note{font-size:4.5mm;max-width:160mm;margin:6mm 0 0;white-space:pre-line;text-align:left}\
.note b{display:block;margin-bottom:1mm}\
.qr{width:38mm;height:38mm;margin:6mm 0 1mm}\
.qr svg{width:100%;height:100%;display:block}\
.small{font-size:3.6mm;margin:0}\
@media screen{body{background:#ccc}.sheet{background:#fff;margin:8mm auto;padding:10mm;max-width:210mm}}";

pub fn results_poster(view: &ResultsPosterView) -> Markup {
    let title = format!("Kết quả đánh giá sự hài lòng – {}", view.period.label);
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                section.sheet {
                    @if let Some(header) = &view.header { p.header { (header) } }
                    p.unit { (view.unit_name) }
                    h1 { "Kết quả đánh giá sự hài lòng của người dân" br; (view.period.label) }
                    @if view.period.official { p.official { "Số liệu chính thức" } }
                    @match &view.period.shown {
                        Some(shown) => {
                            p.value { (shown.index) }
                            p.what { "Chỉ số hài lòng (SIPAS) · " (view.period.respondents) " người đánh giá" }
                            table {
                                @for (name, value) in &shown.elements {
                                    tr { td { (name) } td.v { (value) } }
                                }
                            }
                        }
                        None => {
                            p.what { "Chưa đủ số người đánh giá để công bố (" (view.period.respondents) " / " (view.min_sample) ")." }
                        }
                    }
                    @if let Some(note) = &view.period.note {
                        div.note { b { "Ý kiến của người dân – việc chúng tôi đã làm" } (note) }
                    }
                    @if let Some((url, svg)) = &view.public {
                        div.qr role="img" aria-label=(format!("Mã QR: {url}")) { (PreEscaped(svg)) }
                        p.small { "Quét mã để xem kết quả theo tháng, quý: " (url) }
                    }
                    p.small { "Nội dung góp ý không được công bố, để bảo vệ thông tin cá nhân." }
                }
            }
        }
    }
}
