//! `sipas token add`: an API token for a machine, scoped like an account; printed once, stored
//! only as a digest.

use std::process::ExitCode;

use clap::Subcommand;

use crate::auth;
use crate::db::{Db, accounts, api_tokens};
use crate::domain::UnitCode;
use crate::domain::account::Role;

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Add an API token; it is printed once and cannot be shown again.
    Add {
        /// Who or what uses it, e.g. "cổng dữ liệu tỉnh".
        #[arg(long)]
        label: String,
        /// admin (everything), manager or viewer (their unit's subtree).
        #[arg(long, value_parser = Role::parse)]
        role: Role,
        /// The unit whose subtree a manager or viewer token sees.
        #[arg(long)]
        unit: Option<String>,
    },
}

pub async fn run(db: &Db, command: TokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        TokenCommand::Add { label, role, unit } => {
            let label = label.trim();
            if label.is_empty() || label.chars().count() > 255 {
                anyhow::bail!("cần --label từ 1 đến 255 ký tự (--label needs 1 to 255 characters)");
            }
            let unit = unit.as_deref().map(UnitCode::parse).transpose()?;
            let (token, digest) = auth::new_secret()?;
            api_tokens::create(
                db,
                &digest,
                label,
                role,
                unit.as_ref(),
                accounts::COMMAND_LINE,
            )
            .await?;
            println!(
                "Đã tạo mã API «{label}» ({}). Mã (chỉ hiện một lần):",
                role.code()
            );
            println!("API token «{label}» created. Token (shown once only):");
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
