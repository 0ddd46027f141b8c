//! `sipas unit add` and `sipas unit import FILE.csv`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use sea_orm::TransactionTrait;

use crate::db::{Db, units};
use crate::domain::{Name, UnitCode, UnitKind};

#[derive(Subcommand, Debug)]
pub enum UnitCommand {
    /// Add a unit under a parent (or a top-level unit such as a province).
    Add {
        /// Unique code, e.g. `HN` or `HN.X001.TT` (A-Z a-z 0-9 . _ -).
        #[arg(long)]
        code: String,
        /// Name as people read it, e.g. "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm".
        #[arg(long)]
        name: String,
        /// Code of the parent unit.
        #[arg(long)]
        parent: Option<String>,
        /// province | department | commune | service_point.
        /// Default: province without a parent, service_point with one.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Import units from a UTF-8 CSV file with the header `code,name,parent_code,kind`.
    /// A parent must exist already or appear on an earlier line. Valid lines are imported;
    /// rejected lines are listed with the reason, and the exit code is then 1.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

pub async fn run(db: &Db, command: UnitCommand) -> anyhow::Result<ExitCode> {
    match command {
        UnitCommand::Add {
            code,
            name,
            parent,
            kind,
        } => {
            let new = parse_new_unit(&code, &name, parent.as_deref(), kind.as_deref())
                .map_err(anyhow::Error::msg)?;
            let unit = units::create(db, &new).await?;
            println!(
                "Đã thêm đơn vị (unit added): {} «{}» [{}] id={}",
                unit.code,
                unit.name,
                unit.kind.code(),
                unit.id
            );
            Ok(ExitCode::SUCCESS)
        }
        UnitCommand::Import { file } => import(db, &file).await,
    }
}

fn parse_new_unit(
    code: &str,
    name: &str,
    parent: Option<&str>,
    kind: Option<&str>,
) -> Result<units::NewUnit, String> {
    let parent = parent
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(UnitCode::parse)
        .transpose()?;
    let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        Some(kind) => UnitKind::parse(kind)?,
        None if parent.is_some() => UnitKind::ServicePoint,
        None => UnitKind::Province,
    };
    Ok(units::NewUnit {
        code: UnitCode::parse(code)?,
        name: Name::parse(name)?,
        kind,
        parent,
    })
}

async fn import(db: &Db, file: &PathBuf) -> anyhow::Result<ExitCode> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let (Some(code_at), Some(name_at)) = (column("code"), column("name")) else {
        anyhow::bail!("tệp CSV cần cột code và name (the CSV needs columns code and name)");
    };
    let (parent_at, kind_at) = (column("parent_code"), column("kind"));

    let txn = db.writer.begin().await?;
    let (mut imported, mut rejected) = (0usize, 0usize);
    for (index, record) in reader.records().enumerate() {
        // Line 1 is the header.
        let line = index + 2;
        let outcome = match record {
            Err(err) => Err(format!("dòng CSV không đọc được (unreadable line): {err}")),
            Ok(record) => {
                let field = |at: Option<usize>| at.and_then(|i| record.get(i));
                match parse_new_unit(
                    field(Some(code_at)).unwrap_or_default(),
                    field(Some(name_at)).unwrap_or_default(),
                    field(parent_at),
                    field(kind_at),
                ) {
                    Err(message) => Err(message),
                    Ok(new) => {
                        // A savepoint per line: a rejected line leaves the others intact.
                        let savepoint = txn.begin().await?;
                        match units::create_in(&savepoint, &new).await {
                            Ok(_) => {
                                savepoint.commit().await?;
                                Ok(())
                            }
                            Err(err) => {
                                savepoint.rollback().await?;
                                Err(err.to_string())
                            }
                        }
                    }
                }
            }
        };
        match outcome {
            Ok(()) => imported += 1,
            Err(reason) => {
                rejected += 1;
                println!("Dòng {line} bị từ chối (line {line} rejected): {reason}");
            }
        }
    }
    txn.commit().await?;
    println!(
        "Đã nhập {imported} đơn vị, từ chối {rejected} dòng (imported {imported} units, rejected {rejected} lines)."
    );
    Ok(if rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
