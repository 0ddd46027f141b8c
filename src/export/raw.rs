//! Raw export: every counted response of a unit's subtree in a period, in submission order, one
//! row per response and one column per item, streamed from the database to the output so that
//! memory stays flat however many responses there are.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use futures_util::StreamExt;
use rust_xlsxwriter::Workbook;
use serde::Serialize;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use super::Format;
use super::table::dd_mm_yyyy;
use crate::db::{Db, counters, figures, raw, units};
use crate::domain::local_day::VIETNAM;
use crate::domain::{LocalDay, Period, UnitCode};

/// One response, answers aligned with the columns.
struct Record {
    id: i64,
    submitted_at: OffsetDateTime,
    local_day: i32,
    unit_id: i32,
    counter_id: i32,
    version_id: i32,
    comment: Option<String>,
    answers: Vec<Option<u8>>,
}

/// Column and row names, resolved once before streaming.
struct Columns {
    /// `sipas-quick:access`, … in questionnaire order.
    columns: Vec<String>,
    /// Question id → column.
    column_of: HashMap<i32, usize>,
    unit_codes: HashMap<i32, String>,
    counter_names: HashMap<i32, String>,
    version_labels: HashMap<i32, String>,
}

const FIXED: [&str; 6] = [
    "Mã phiếu",
    "Thời điểm (giờ Việt Nam)",
    "Ngày",
    "Mã đơn vị",
    "Quầy",
    "Phiếu hỏi",
];

trait Sink {
    fn header(&mut self, context: &Columns) -> anyhow::Result<()>;
    fn record(&mut self, context: &Columns, record: &Record) -> anyhow::Result<()>;
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// Writes the raw export; XLSX needs a file (`output`), the others write to `out`.
pub async fn write(
    db: &Db,
    unit: &UnitCode,
    period: &Period,
    format: Format,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<u64> {
    let conn = db;
    let root = units::find_by_code(conn, unit)
        .await?
        .with_context(|| format!("không có đơn vị mã «{unit}» (no unit with code {unit})"))?;
    let subtree = units::subtree(conn, &root).await?;
    let ids: Vec<i32> = subtree.iter().map(|u| u.id).collect();
    let context = context(db, &root, &subtree, &ids, period).await?;

    let mut sink: Box<dyn Sink + '_> = match format {
        Format::Csv => Box::new(CsvSink::new(out)?),
        Format::Json => Box::new(JsonSink { out, first: true }),
        Format::Xlsx => {
            let path = output.context("--raw --format xlsx cần -o FILE (needs an output file)")?;
            Box::new(XlsxSink::new(path))
        }
    };
    sink.header(&context)?;
    let mut written = 0u64;
    let Some(id_range) = raw::id_range(conn, period).await? else {
        sink.finish()?;
        return Ok(0);
    };
    for chunk in ids.chunks(5000) {
        let mut stream = Box::pin(raw::counted_responses(conn, chunk, period, id_range).await?);
        while let Some(response) = stream.next().await {
            let response = response?;
            let mut answers = vec![None; context.columns.len()];
            for (question, value) in &response.answers {
                if let Some(column) = context.column_of.get(question) {
                    answers[*column] = Some(*value);
                }
            }
            let record = Record {
                id: response.id,
                submitted_at: response.submitted_at,
                local_day: response.local_day,
                unit_id: response.unit_id,
                counter_id: response.counter_id,
                version_id: response.version_id,
                comment: response.comment,
                answers,
            };
            sink.record(&context, &record)?;
            written += 1;
        }
    }
    sink.finish()?;
    Ok(written)
}

async fn context(
    db: &Db,
    root: &crate::domain::Unit,
    subtree: &[crate::domain::Unit],
    ids: &[i32],
    period: &Period,
) -> anyhow::Result<Columns> {
    let conn = db;
    let catalog = figures::question_catalog(conn).await?;
    let mut versions = Vec::new();
    for chunk in ids.chunks(5000) {
        versions.extend(raw::versions_answered(conn, chunk, period).await?);
    }
    versions.sort_unstable();
    versions.dedup();
    // Columns: the items of the versions answered, by questionnaire then position; versions of
    // one questionnaire share a column per item code.
    let mut questions: Vec<_> = catalog
        .iter()
        .filter(|(_, q)| versions.contains(&q.version_id))
        .collect();
    questions.sort_by(|(_, a), (_, b)| {
        (&a.key.questionnaire, a.position, a.version_id).cmp(&(
            &b.key.questionnaire,
            b.position,
            b.version_id,
        ))
    });
    let mut columns: Vec<String> = Vec::new();
    let mut column_of = HashMap::new();
    for (id, question) in questions {
        let name = format!("{}:{}", question.key.questionnaire, question.key.code);
        let column = match columns.iter().position(|c| *c == name) {
            Some(column) => column,
            None => {
                columns.push(name);
                columns.len() - 1
            }
        };
        column_of.insert(*id, column);
    }
    Ok(Columns {
        columns,
        column_of,
        unit_codes: subtree.iter().map(|u| (u.id, u.code.clone())).collect(),
        counter_names: counters::list_in_subtree(conn, root)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        version_labels: figures::version_labels(conn).await?,
    })
}

/// `dd/mm/yyyy hh:mm:ss` in Vietnam time, without the formatter machinery (a million calls).
fn local_time(at: OffsetDateTime) -> String {
    let local = at.to_offset(VIETNAM);
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
        local.day(),
        u8::from(local.month()),
        local.year(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

fn fixed_fields(context: &Columns, record: &Record) -> [String; 6] {
    [
        record.id.to_string(),
        local_time(record.submitted_at),
        LocalDay::from_yyyymmdd(record.local_day)
            .map(dd_mm_yyyy)
            .unwrap_or_default(),
        context
            .unit_codes
            .get(&record.unit_id)
            .cloned()
            .unwrap_or_default(),
        context
            .counter_names
            .get(&record.counter_id)
            .cloned()
            .unwrap_or_default(),
        context
            .version_labels
            .get(&record.version_id)
            .cloned()
            .unwrap_or_default(),
    ]
}

struct CsvSink<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
}

impl<'a> CsvSink<'a> {
    fn new(out: &'a mut dyn Write) -> anyhow::Result<CsvSink<'a>> {
        out.write_all("\u{feff}".as_bytes())?;
        Ok(CsvSink {
            writer: csv::Writer::from_writer(out),
        })
    }
}

impl Sink for CsvSink<'_> {
    fn header(&mut self, context: &Columns) -> anyhow::Result<()> {
        let mut header: Vec<&str> = FIXED.to_vec();
        header.extend(context.columns.iter().map(String::as_str));
        header.push("Góp ý");
        self.writer.write_record(header)?;
        Ok(())
    }

    fn record(&mut self, context: &Columns, record: &Record) -> anyhow::Result<()> {
        for field in fixed_fields(context, record) {
            self.writer
                .write_field(super::csv::neutralise(&field).as_ref())?;
        }
        for answer in &record.answers {
            self.writer
                .write_field(answer.map(|v| v.to_string()).unwrap_or_default())?;
        }
        self.writer.write_field(
            super::csv::neutralise(record.comment.as_deref().unwrap_or_default()).as_ref(),
        )?;
        self.writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// A JSON array written element by element.
struct JsonSink<'a> {
    out: &'a mut dyn Write,
    first: bool,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    id: i64,
    submitted_at: String,
    local_day: String,
    unit_code: &'a str,
    counter_id: i32,
    counter: &'a str,
    questionnaire_version: &'a str,
    /// Only the items answered, by column name.
    answers: serde_json::Map<String, serde_json::Value>,
    comment: Option<&'a str>,
}

impl Sink for JsonSink<'_> {
    fn header(&mut self, _context: &Columns) -> anyhow::Result<()> {
        self.out.write_all(b"[")?;
        Ok(())
    }

    fn record(&mut self, context: &Columns, record: &Record) -> anyhow::Result<()> {
        let answers = context
            .columns
            .iter()
            .zip(&record.answers)
            .filter_map(|(name, value)| value.map(|v| (name.clone(), v.into())))
            .collect();
        let json = JsonRecord {
            id: record.id,
            submitted_at: record.submitted_at.format(&Rfc3339).unwrap_or_default(),
            local_day: LocalDay::from_yyyymmdd(record.local_day)
                .map(|d| d.date().to_string())
                .unwrap_or_default(),
            unit_code: context
                .unit_codes
                .get(&record.unit_id)
                .map_or("", String::as_str),
            counter_id: record.counter_id,
            counter: context
                .counter_names
                .get(&record.counter_id)
                .map_or("", String::as_str),
            questionnaire_version: context
                .version_labels
                .get(&record.version_id)
                .map_or("", String::as_str),
            answers,
            comment: record.comment.as_deref(),
        };
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, &json)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<()> {
        self.out.write_all(b"\n]\n")?;
        Ok(())
    }
}

/// XLSX in constant-memory mode: rows go to a temporary file as they are written; a new sheet
/// starts when one is full.
struct XlsxSink<'a> {
    path: &'a Path,
    workbook: Workbook,
    header: Vec<String>,
    row: u32,
    sheets: u32,
}

const XLSX_MAX_ROWS: u32 = 1_048_576;

impl<'a> XlsxSink<'a> {
    fn new(path: &'a Path) -> XlsxSink<'a> {
        XlsxSink {
            path,
            workbook: Workbook::new(),
            header: Vec::new(),
            row: XLSX_MAX_ROWS,
            sheets: 0,
        }
    }

    fn new_sheet(&mut self) -> anyhow::Result<()> {
        self.sheets += 1;
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(format!("Phiếu {}", self.sheets))?;
        for (col, name) in self.header.iter().enumerate() {
            sheet.write_string(0, col as u16, name)?;
        }
        self.row = 1;
        Ok(())
    }
}

impl Sink for XlsxSink<'_> {
    fn header(&mut self, context: &Columns) -> anyhow::Result<()> {
        self.header = FIXED.iter().map(|s| (*s).to_owned()).collect();
        self.header.extend(context.columns.iter().cloned());
        self.header.push("Góp ý".to_owned());
        self.new_sheet()
    }

    fn record(&mut self, context: &Columns, record: &Record) -> anyhow::Result<()> {
        if self.row >= XLSX_MAX_ROWS {
            self.new_sheet()?;
        }
        let row = self.row;
        let sheet = self
            .workbook
            .worksheets_mut()
            .last_mut()
            .context("no worksheet")?;
        let fixed = fixed_fields(context, record);
        sheet.write_number(row, 0, record.id as f64)?;
        for (col, value) in fixed.iter().enumerate().skip(1) {
            sheet.write_string(row, col as u16, value)?;
        }
        for (i, answer) in record.answers.iter().enumerate() {
            if let Some(value) = answer {
                sheet.write_number(row, (FIXED.len() + i) as u16, f64::from(*value))?;
            }
        }
        if let Some(comment) = &record.comment {
            sheet.write_string(row, (FIXED.len() + record.answers.len()) as u16, comment)?;
        }
        self.row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.workbook.save(self.path)?;
        Ok(())
    }
}
