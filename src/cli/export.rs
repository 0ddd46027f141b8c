//! `sipas export`: the provincial table (or the raw responses) of a unit for a period, as CSV,
//! XLSX or JSON, to a file or to standard output.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::db::Db;
use crate::domain::figures::{DEFAULT_MIN_SAMPLE, Method};
use crate::domain::{Period, UnitCode};
use crate::export::{self, Format};
use crate::report::{self, GroupBy, ReportRequest};

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Code of the unit: its children (or counters, or items) are the rows.
    #[arg(long, value_parser = parse_unit)]
    unit: UnitCode,
    /// 2025, 2025-H1, 2025-Q1, 2025-03, 2025-W09, 2025-03-07 or 2025-03-01..2025-03-31
    /// (days in Vietnam time).
    #[arg(long, value_parser = Period::parse)]
    period: Period,
    /// Rows: children, counters, items or months.
    #[arg(long, default_value = "children", value_parser = GroupBy::parse)]
    by: GroupBy,
    /// pooled (ΣS/ΣV, the default) or item-mean (the mean of item indices).
    #[arg(long, default_value = "pooled", value_parser = Method::parse)]
    method: Method,
    /// Respondents a row needs to be ranked.
    #[arg(long, default_value_t = DEFAULT_MIN_SAMPLE)]
    min_sample: u64,
    /// csv (UTF-8 with BOM), xlsx or json.
    #[arg(long, value_parser = Format::parse)]
    format: Format,
    /// Every counted response instead of figures: one row per response, one column per item.
    #[arg(long)]
    raw: bool,
    /// The figures as they are now, even for a signed-off period (whose export otherwise shows
    /// its approved figures and check code).
    #[arg(long)]
    live: bool,
    /// Output file; standard output when absent.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn parse_unit(raw: &str) -> Result<UnitCode, crate::domain::invalid::Invalid> {
    UnitCode::parse(raw)
}

fn open_output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

pub async fn run(db: &Db, args: ExportArgs) -> anyhow::Result<ExitCode> {
    if args.raw {
        // XLSX is written to its file by the workbook itself; the others stream through `out`.
        let mut out: Box<dyn Write> = match args.format {
            Format::Xlsx => Box::new(std::io::sink()),
            _ => open_output(args.output.as_ref())?,
        };
        let rows = export::raw::write(
            db,
            &args.unit,
            &args.period,
            args.format,
            args.output.as_deref(),
            &mut out,
        )
        .await?;
        out.flush()?;
        eprintln!("Đã xuất {rows} phiếu (exported {rows} responses).");
        return Ok(ExitCode::SUCCESS);
    }
    let request = ReportRequest {
        unit: args.unit,
        period: args.period,
        by: args.by,
        method: args.method,
        min_sample: args.min_sample,
    };
    let report = report::for_export(db, &request, args.live).await?;
    let mut out = open_output(args.output.as_ref())?;
    match args.format {
        Format::Csv => export::csv::write(&export::table::table(&report), &mut out)?,
        Format::Json => export::json::write(&report, &mut out)?,
        Format::Xlsx => out.write_all(&export::xlsx::write(&export::table::table(&report))?)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
