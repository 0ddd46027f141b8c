//! `sipas user add`: a staff account with a generated password, printed once.

use std::process::ExitCode;

use clap::Subcommand;

use crate::auth;
use crate::db::{Db, accounts};
use crate::domain::UnitCode;
use crate::domain::account::{Role, Username};

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; its password is generated and printed once.
    Add {
        #[arg(long)]
        username: String,
        /// admin (everything), manager (their unit's subtree) or viewer (read only).
        #[arg(long, value_parser = Role::parse)]
        role: Role,
        /// The unit whose subtree a manager or viewer sees.
        #[arg(long)]
        unit: Option<String>,
    },
}

pub async fn run(db: &Db, command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            username,
            role,
            unit,
        } => {
            let username = Username::parse(&username)?;
            let unit = unit.as_deref().map(UnitCode::parse).transpose()?;
            let password =
                auth::add_account(db, accounts::COMMAND_LINE, &username, role, unit.as_ref())
                    .await?;
            println!(
                "Đã tạo tài khoản {username} ({}). Mật khẩu (chỉ hiện một lần):",
                role.code()
            );
            println!("Account {username} created. Password (shown once only):");
            println!("{password}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// On a database with no account, creates `admin` and prints its password once.
pub async fn bootstrap_admin(db: &Db) -> anyhow::Result<()> {
    if accounts::count(db).await? > 0 {
        return Ok(());
    }
    let username = Username::parse("admin")?;
    let password = auth::add_account(db, "sipas serve", &username, Role::Admin, None).await?;
    println!(
        "Chưa có tài khoản nào: đã tạo tài khoản quản trị «admin». Mật khẩu (chỉ hiện một lần):"
    );
    println!("No account existed: created the administrator «admin». Password (shown once only):");
    println!("{password}");
    Ok(())
}
