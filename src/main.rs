//! The `sipas` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = sipas::cli::Cli::parse();
    sipas::telemetry::init(cli.global.log_format == sipas::cli::LogFormat::Json);
    match sipas::cli::run(cli).await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Lỗi (error): {err:#}");
            ExitCode::FAILURE
        }
    }
}
