//! The command line: `sipas` with no subcommand serves. Every command opens the database and
//! applies pending migrations first, so each works on a fresh database.
//!
//! May depend on every other module; nothing depends on it but `main.rs`.

mod counter;
mod demo;
mod export;
mod maintenance;
mod token;
mod unit;
mod user;

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::db::{Db, tallies};
use crate::startup::{Application, redact};

#[derive(Parser, Debug)]
#[command(
    name = "sipas",
    version,
    about = "Đo mức độ hài lòng của người dân tại quầy một cửa (SIPAS) / Citizen satisfaction at public-service counters",
    long_about = "Đo mức độ hài lòng của người dân tại quầy một cửa (SIPAS).\n\
        Citizen satisfaction at public-administration counters: a QR code per counter, a short \
        survey on the citizen's phone, every response stored durably.\n\n\
        With no command, `sipas` serves (the same as `sipas serve`)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug)]
pub struct GlobalArgs {
    /// Database: `sqlite://FILE?mode=rwc` (embedded, created if missing) or
    /// `postgres://USER@HOST:PORT/DB`.
    #[arg(
        long,
        env = "SIPAS_DATABASE_URL",
        default_value = "sqlite://sipas.db?mode=rwc",
        global = true
    )]
    pub database_url: String,
    /// Address and port the server listens on.
    #[arg(
        long,
        env = "SIPAS_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: SocketAddr,
    /// Base URL printed in QR codes, as citizens' phones reach the server
    /// (e.g. `https://hailong.tinh.gov.vn`). Default: `http://<bind>`.
    #[arg(long, env = "SIPAS_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Minutes within which a second response from one device to one counter is flagged.
    #[arg(
        long,
        env = "SIPAS_REPEAT_MINUTES",
        default_value_t = 10,
        global = true
    )]
    pub repeat_minutes: u64,
    /// Seconds a person needs at least between opening the survey and sending it; a form sent
    /// back sooner is flagged (0: no such rule).
    #[arg(
        long,
        env = "SIPAS_MIN_ANSWER_SECONDS",
        default_value_t = 3,
        global = true
    )]
    pub min_answer_seconds: u64,
    /// Responses one address may send to one counter within an hour before the next ones are
    /// flagged (0: no such rule).
    #[arg(
        long,
        env = "SIPAS_PER_ADDRESS_HOUR",
        default_value_t = 30,
        global = true
    )]
    pub per_address_hour: u32,
    /// Survey posts one address may send per minute before 429.
    #[arg(
        long,
        env = "SIPAS_FLOOD_PER_MINUTE",
        default_value_t = 120,
        global = true
    )]
    pub flood_per_minute: u32,
    /// Seconds between two counted taps on one kiosk; a tap sooner is flagged (0: no such rule).
    #[arg(
        long,
        env = "SIPAS_KIOSK_INTERVAL_SECONDS",
        default_value_t = 5,
        global = true
    )]
    pub kiosk_interval_seconds: u64,
    /// Log lines as text (for people) or JSON (for a log collector).
    #[arg(long, env = "SIPAS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Behind a reverse proxy: take the client address from the last X-Forwarded-For entry.
    #[arg(long, env = "SIPAS_BEHIND_PROXY", global = true)]
    pub behind_proxy: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the survey pages (the default).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Manage units: provinces, departments, communes, service points.
    #[command(subcommand)]
    Unit(unit::UnitCommand),
    /// Manage counters (quầy): add, rotate tokens, list, print QR codes and posters.
    #[command(subcommand)]
    Counter(counter::CounterCommand),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage API tokens for machines (`/api/v1`).
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Seed a demo province with counters and several weeks of synthetic responses.
    Demo(demo::DemoArgs),
    /// Export SIPAS figures (or raw responses) of a unit for a period as CSV, XLSX or JSON.
    Export(export::ExportArgs),
    /// Recount every tally from raw answers, and hash every signed-off period again; report
    /// differences (exit code 1 if any).
    Verify,
    /// Remove comments older than DAYS days (retention); answers and figures stay.
    Purge {
        #[arg(long, value_name = "DAYS")]
        comments_older_than: u32,
    },
    /// Copy a SQLite database to FILE while the server runs (PostgreSQL: use pg_dump).
    Backup { file: std::path::PathBuf },
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut config = Config::new(
        cli.global.database_url,
        cli.global.bind,
        cli.global.public_url,
    )?;
    config.guards.repeat_window = std::time::Duration::from_secs(cli.global.repeat_minutes * 60);
    config.guards.min_answer_time = std::time::Duration::from_secs(cli.global.min_answer_seconds);
    config.guards.per_address = cli.global.per_address_hour;
    config.guards.flood_per_minute = cli.global.flood_per_minute;
    config.guards.kiosk_interval =
        std::time::Duration::from_secs(cli.global.kiosk_interval_seconds);
    config.behind_proxy = cli.global.behind_proxy;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&config).await,
        Command::Migrate => {
            open(&config).await?;
            println!("Đã cập nhật cơ sở dữ liệu (database migrated).");
            Ok(ExitCode::SUCCESS)
        }
        Command::Unit(command) => unit::run(&open(&config).await?, command).await,
        Command::Counter(command) => counter::run(&open(&config).await?, &config, command).await,
        Command::User(command) => user::run(&open(&config).await?, command).await,
        Command::Token(command) => token::run(&open(&config).await?, command).await,
        Command::Demo(args) => demo::run(&open(&config).await?, &config, args).await,
        Command::Export(args) => export::run(&open(&config).await?, args).await,
        Command::Verify => verify(&open(&config).await?).await,
        Command::Purge {
            comments_older_than,
        } => maintenance::purge_comments(&open(&config).await?, comments_older_than).await,
        Command::Backup { file } => maintenance::backup(&open(&config).await?, &file).await,
    }
}

async fn open(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&config.database_url)))?;
    db.migrate().await.context("cannot migrate the database")?;
    Ok(db)
}

async fn serve(config: &Config) -> anyhow::Result<ExitCode> {
    let app = Application::build(config).await?;
    user::bootstrap_admin(app.db()).await?;
    tracing::info!(
        address = %app.local_addr()?,
        public_url = app.public_url(),
        database = %redact(&config.database_url),
        "sipas is serving"
    );
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

async fn verify(db: &Db) -> anyhow::Result<ExitCode> {
    // Signed-off periods first: their frozen figures must still hash to their check codes.
    let tampered = crate::db::signoffs::tampered(db).await?;
    let signed = crate::db::signoffs::approved_count(db).await?;
    if tampered.is_empty() {
        println!(
            "Khớp: {signed} kỳ đã duyệt còn nguyên số liệu đã chốt ({signed} signed-off periods match their check codes)."
        );
    } else {
        println!(
            "Sai mã kiểm tra: {} kỳ đã duyệt bị sửa sau khi chốt ({} signed-off periods no longer match their check codes):",
            tampered.len(),
            tampered.len()
        );
        for (unit, period) in &tampered {
            println!("{unit}\t{period}");
        }
    }
    let differences = tallies::differences(db).await?;
    if differences.is_empty() {
        println!("Khớp: bảng tổng hợp đúng bằng dữ liệu gốc (tallies match the raw answers).");
        return Ok(if tampered.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    println!(
        "Lệch {} dòng (tallies differ in {} rows):",
        differences.len(),
        differences.len()
    );
    println!("table\tkey\tstored\trecounted");
    for d in &differences {
        println!("{}\t{}\t{}\t{}", d.table, d.key, d.stored, d.recounted);
    }
    Ok(ExitCode::FAILURE)
}
