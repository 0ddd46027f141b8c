//! The provincial table as rows of typed cells, in the layout of docs/methodology.md.

use time::{OffsetDateTime, macros::format_description};

use crate::domain::figures::{Method, Percent, Placing, format_en};
use crate::domain::local_day::VIETNAM;
use crate::domain::{Element, LocalDay};
use crate::report::{ItemFigures, Report, Rows, UnitFigures};

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    /// A percentage (or percentage points), with its exact rounding; `None` shows as "–".
    Number(Option<Percent>),
    /// A signed whole number (a change of rank); `None` shows as empty.
    Signed(Option<i64>),
    Empty,
}

impl Cell {
    /// The cell as CSV text: numbers with 2 decimals and a dot, absent indices as "–".
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Number(Some(value)) => format_en(*value),
            Cell::Number(None) => "–".to_owned(),
            Cell::Signed(Some(n)) if *n > 0 => format!("+{n}"),
            Cell::Signed(Some(n)) => n.to_string(),
            Cell::Signed(None) | Cell::Empty => String::new(),
        }
    }
}

pub struct Table {
    pub title: Vec<String>,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

const UNIT_HEADER: [&str; 16] = [
    "STT",
    "Mã đơn vị",
    "Đơn vị",
    "Nhóm xếp hạng",
    "Số phiếu",
    "Số ý kiến hợp lệ",
    "Chỉ số SIPAS (%)",
    "Xếp hạng",
    "Tăng/giảm so với kỳ trước (điểm %)",
    "Thay đổi thứ hạng",
    "Tiếp cận dịch vụ (%)",
    "Thủ tục hành chính (%)",
    "Công chức (%)",
    "Kết quả (%)",
    "Tiếp nhận, xử lý PAKN (%)",
    "Câu hỏi đánh giá chung (%)",
];

const ITEM_HEADER: [&str; 10] = [
    "STT",
    "Phiếu hỏi",
    "Mã tiêu chí",
    "Yếu tố",
    "Tiêu chí",
    "Số ý kiến hài lòng",
    "Số ý kiến hợp lệ",
    "Chỉ số (%)",
    "Khoảng tin cậy 95% – thấp (%)",
    "Khoảng tin cậy 95% – cao (%)",
];

pub fn dd_mm_yyyy(day: LocalDay) -> String {
    let date = day.date();
    format!(
        "{:02}/{:02}/{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// A moment as Vietnam's clocks showed it: `dd/mm/yyyy hh:mm`.
pub fn dd_mm_yyyy_hh_mm(at: time::OffsetDateTime) -> String {
    let local = at.to_offset(crate::domain::local_day::VIETNAM);
    format!(
        "{} {:02}:{:02}",
        dd_mm_yyyy(LocalDay::of(at)),
        local.hour(),
        local.minute()
    )
}

pub fn produced_at_vi(at: OffsetDateTime) -> String {
    let local = at.to_offset(VIETNAM);
    let clock = format_description!("[hour]:[minute]");
    format!(
        "{} {} (giờ Việt Nam)",
        dd_mm_yyyy(LocalDay::of(at)),
        local.format(clock).unwrap_or_default()
    )
}

pub fn method_vi(method: Method) -> &'static str {
    match method {
        Method::Pooled => "gộp – tổng số ý kiến hài lòng / tổng số ý kiến hợp lệ (pooled)",
        Method::ItemMean => "trung bình các tiêu chí (item-mean)",
    }
}

pub fn title(report: &Report) -> Vec<String> {
    let previous = report
        .previous
        .map(|p| {
            format!(
                "; so với kỳ trước {p} ({} – {})",
                dd_mm_yyyy(p.first()),
                dd_mm_yyyy(p.last())
            )
        })
        .unwrap_or_default();
    let mut lines = vec![
        "Bảng chỉ số hài lòng về sự phục vụ hành chính (SIPAS)".to_owned(),
        format!("Đơn vị: {} ({})", report.unit_name, report.unit_code),
        format!(
            "Kỳ: {} ({} – {}){previous}",
            report.period,
            dd_mm_yyyy(report.period.first()),
            dd_mm_yyyy(report.period.last())
        ),
        format!("Phương pháp: {}", method_vi(report.method)),
        format!(
            "Phiếu hỏi: {}",
            if report.versions.is_empty() {
                "–".to_owned()
            } else {
                report.versions.join(", ")
            }
        ),
        format!("Cỡ mẫu tối thiểu để xếp hạng: {} phiếu", report.min_sample),
        format!("Lập lúc: {}", produced_at_vi(report.produced_at)),
    ];
    // A signed-off period's figures say so, with their check code (docs/methodology.md).
    if let Some(signed) = &report.signed {
        lines.push(format!(
            "Số liệu chính thức: duyệt ngày {} bởi {}, mã kiểm tra {}",
            signed.approved_on, signed.approved_by, signed.check_code
        ));
    }
    lines
}

fn placing_cell(placing: Option<Placing>) -> Cell {
    match placing {
        Some(Placing::Ranked(rank)) => Cell::Count(u64::from(rank)),
        Some(Placing::InsufficientSample) => Cell::Text("Chưa đủ mẫu".to_owned()),
        Some(Placing::NoData) => Cell::Text("–".to_owned()),
        Some(Placing::MixedScales) => Cell::Text("Không xếp hạng (nhiều thang đo)".to_owned()),
        None => Cell::Empty,
    }
}

fn unit_row(number: Cell, row: &UnitFigures, name: String) -> Vec<Cell> {
    let mut cells = vec![
        number,
        Cell::Text(row.code.clone()),
        Cell::Text(name),
        Cell::Text(row.peers.map_or("", |p| p.name_vi()).to_owned()),
        Cell::Count(row.respondents),
        Cell::Count(row.sipas.valid),
        Cell::Number(row.sipas.value),
        placing_cell(row.placing),
        Cell::Number(row.change),
        Cell::Signed(row.rank_change),
    ];
    cells.extend(row.elements.iter().map(|index| Cell::Number(index.value)));
    cells.push(Cell::Number(row.overall.value));
    cells
}

/// Which extreme a row of [`extreme_row`] shows.
#[derive(Clone, Copy)]
enum Extreme {
    Lowest,
    Highest,
}

/// "Thấp nhất" / "Cao nhất" rows: each numeric column's extreme over the unit rows.
fn extreme_row(label: &str, rows: &[UnitFigures], extreme: Extreme) -> Vec<Cell> {
    let fold_numbers = |values: Vec<Option<Percent>>| {
        let by_shown = |a: &Percent, b: &Percent| {
            a.hundredths
                .cmp(&b.hundredths)
                .then(a.value.total_cmp(&b.value))
        };
        let values = values.into_iter().flatten();
        match extreme {
            Extreme::Lowest => values.min_by(by_shown),
            Extreme::Highest => values.max_by(by_shown),
        }
    };
    let fold_counts = |values: Vec<u64>| {
        let values = values.into_iter();
        let found = match extreme {
            Extreme::Lowest => values.min(),
            Extreme::Highest => values.max(),
        };
        found.map_or(Cell::Empty, Cell::Count)
    };
    let mut cells = vec![
        Cell::Empty,
        Cell::Empty,
        Cell::Text(label.to_owned()),
        Cell::Empty,
        fold_counts(rows.iter().map(|r| r.respondents).collect()),
        fold_counts(rows.iter().map(|r| r.sipas.valid).collect()),
        Cell::Number(fold_numbers(rows.iter().map(|r| r.sipas.value).collect())),
        Cell::Empty,
        Cell::Number(fold_numbers(rows.iter().map(|r| r.change).collect())),
        Cell::Empty,
    ];
    for i in 0..Element::ALL.len() {
        cells.push(Cell::Number(fold_numbers(
            rows.iter().map(|r| r.elements[i].value).collect(),
        )));
    }
    cells.push(Cell::Number(fold_numbers(
        rows.iter().map(|r| r.overall.value).collect(),
    )));
    cells
}

fn item_row(number: usize, row: &ItemFigures) -> Vec<Cell> {
    vec![
        Cell::Count(number as u64),
        Cell::Text(row.questionnaire.clone()),
        Cell::Text(row.code.clone()),
        Cell::Text(row.element.map_or("–", Element::name_vi).to_owned()),
        Cell::Text(row.text_vi.clone()),
        Cell::Count(row.ratio.satisfied),
        Cell::Count(row.ratio.valid),
        Cell::Number(row.index),
        Cell::Number(row.interval.map(|(low, _)| Percent::approximate(low))),
        Cell::Number(row.interval.map(|(_, high)| Percent::approximate(high))),
    ]
}

/// The name of the row of the unit as a whole.
fn whole_unit_name(report: &Report) -> String {
    format!("Toàn đơn vị: {}", report.unit_name)
}

pub fn table(report: &Report) -> Table {
    match &report.rows {
        Rows::Units(rows) => {
            let mut body: Vec<Vec<Cell>> = rows
                .iter()
                .enumerate()
                .map(|(i, row)| unit_row(Cell::Count(i as u64 + 1), row, row.name.clone()))
                .collect();
            body.push(unit_row(
                Cell::Empty,
                &report.total,
                whole_unit_name(report),
            ));
            body.push(extreme_row("Thấp nhất", rows, Extreme::Lowest));
            body.push(extreme_row("Cao nhất", rows, Extreme::Highest));
            Table {
                title: title(report),
                header: UNIT_HEADER.to_vec(),
                rows: body,
            }
        }
        Rows::Items(rows) => {
            let mut body: Vec<Vec<Cell>> = rows
                .iter()
                .enumerate()
                .map(|(i, row)| item_row(i + 1, row))
                .collect();
            body.push(vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Text(format!("Chỉ số SIPAS – {}", whole_unit_name(report))),
                Cell::Count(report.total.sipas.satisfied),
                Cell::Count(report.total.sipas.valid),
                Cell::Number(report.total.sipas.value),
                Cell::Empty,
                Cell::Empty,
            ]);
            Table {
                title: title(report),
                header: ITEM_HEADER.to_vec(),
                rows: body,
            }
        }
    }
}
