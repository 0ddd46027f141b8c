//! `sipas unit add` and `sipas unit import FILE.csv`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use crate::db::{Db, accounts, units};
use crate::unit_import;

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
            let new = unit_import::new_unit(&code, &name, parent.as_deref(), kind.as_deref())?;
            let unit = units::create(db, &new, accounts::COMMAND_LINE).await?;
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

async fn import(db: &Db, file: &PathBuf) -> anyhow::Result<ExitCode> {
    let text = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let lines = unit_import::parse(&text)?;
    let outcomes = units::import(db, lines, accounts::COMMAND_LINE).await?;
    let mut rejected = 0usize;
    for (line, outcome) in &outcomes {
        if let Err(reason) = outcome {
            rejected += 1;
            println!("Dòng {line} bị từ chối (line {line} rejected): {reason}");
        }
    }
    let imported = outcomes.len() - rejected;
    println!(
        "Đã nhập {imported} đơn vị, từ chối {rejected} dòng (imported {imported} units, rejected {rejected} lines)."
    );
    Ok(if rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
