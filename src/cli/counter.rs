//! `sipas counter add | rotate | list | qr`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use templates::poster::{PosterSize, PosterView, posters_page};

use crate::config::Config;
use crate::db::{Db, accounts, counters, counters::CounterInfo, units};
use crate::domain::{Name, UnitCode};
use crate::qr;

#[derive(Subcommand, Debug)]
pub enum CounterCommand {
    /// Add a counter to a unit (usually a service point); prints its survey URL.
    Add {
        /// Code of the unit the counter belongs to.
        #[arg(long)]
        unit: String,
        /// Name shown to citizens, e.g. "Quầy 1 – Tư pháp, hộ tịch".
        #[arg(long)]
        name: String,
        /// Questionnaire the counter shows: sipas-quick, sipas-full or one-tap.
        #[arg(long, default_value = "sipas-quick")]
        questionnaire: String,
    },
    /// Give a counter a new token: its old QR code stops working at once.
    Rotate {
        /// The counter's number (id), as `counter add` or `counter list` print it.
        #[arg(long)]
        counter: i32,
    },
    /// List the counters of a unit and of every unit below it.
    List {
        #[arg(long)]
        unit: String,
    },
    /// Write a counter's QR code (SVG or PNG) or printable poster (HTML), or those of every
    /// counter of a unit.
    Qr {
        /// One counter, by number.
        #[arg(long, conflicts_with = "unit", required_unless_present = "unit")]
        counter: Option<i32>,
        /// Every counter of this unit and the units below it; `-o` is then a directory.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum, default_value = "svg")]
        format: QrFormat,
        /// Poster size: a4 (portrait) or a6 (table tent).
        #[arg(long, value_enum, default_value = "a4")]
        size: Size,
        /// Output file (one counter) or directory (a unit).
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum QrFormat {
    Svg,
    Png,
    Poster,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Size {
    A4,
    A6,
}

impl From<Size> for PosterSize {
    fn from(size: Size) -> PosterSize {
        match size {
            Size::A4 => PosterSize::A4,
            Size::A6 => PosterSize::A6,
        }
    }
}

pub async fn run(db: &Db, config: &Config, command: CounterCommand) -> anyhow::Result<ExitCode> {
    let public_url = config.public_url();
    match command {
        CounterCommand::Add {
            unit,
            name,
            questionnaire,
        } => {
            let unit = UnitCode::parse(&unit)?;
            let name = Name::parse(&name)?;
            let counter = counters::create(
                db,
                &unit,
                &name,
                &questionnaire,
                accounts::COMMAND_LINE,
                time::OffsetDateTime::now_utc(),
            )
            .await?;
            println!(
                "Đã thêm quầy (counter added): số {} «{}» – {}",
                counter.id, counter.name, counter.unit_name
            );
            println!("{}", qr::survey_url(&public_url, &counter.token));
        }
        CounterCommand::Rotate { counter } => {
            let counter = counters::rotate(
                db,
                counter,
                accounts::COMMAND_LINE,
                time::OffsetDateTime::now_utc(),
            )
            .await?;
            println!(
                "Đã đổi mã quầy số {} (token rotated); mã QR cũ không còn dùng được.",
                counter.id
            );
            println!("{}", qr::survey_url(&public_url, &counter.token));
        }
        CounterCommand::List { unit } => {
            for counter in counters_of_unit(db, &unit).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    counter.id,
                    counter.unit_code,
                    counter.name,
                    counter.questionnaire_code,
                    if counter.active { "active" } else { "inactive" },
                    qr::survey_url(&public_url, &counter.token)
                );
            }
        }
        CounterCommand::Qr {
            counter,
            unit,
            format,
            size,
            output,
        } => match (counter, unit) {
            (Some(id), _) => {
                let counter = counters::get(db, id)
                    .await?
                    .ok_or_else(|| counters::not_found(id))?;
                write_one(&counter, &public_url, format, size.into(), &output)?;
            }
            (None, Some(unit)) => {
                let counters = counters_of_unit(db, &unit).await?;
                write_unit(&counters, &public_url, format, size.into(), &output)?;
            }
            (None, None) => anyhow::bail!("cần --counter hoặc --unit (give --counter or --unit)"),
        },
    }
    Ok(ExitCode::SUCCESS)
}

async fn counters_of_unit(db: &Db, code: &str) -> anyhow::Result<Vec<CounterInfo>> {
    let code = UnitCode::parse(code)?;
    let unit = units::find_by_code(db, &code)
        .await?
        .with_context(|| format!("không có đơn vị mã «{code}» (no unit with code {code})"))?;
    Ok(counters::list_in_subtree(db, &unit).await?)
}

fn poster_view(counter: &CounterInfo, public_url: &str) -> anyhow::Result<PosterView> {
    let url = qr::survey_url(public_url, &counter.token);
    Ok(PosterView {
        header: counter.unit_poster_header.clone(),
        unit_name: counter.unit_name.clone(),
        counter_name: counter.name.clone(),
        qr_svg: qr::inline_svg(&url)?,
        url,
    })
}

fn write_one(
    counter: &CounterInfo,
    public_url: &str,
    format: QrFormat,
    size: PosterSize,
    output: &Path,
) -> anyhow::Result<()> {
    let url = qr::survey_url(public_url, &counter.token);
    let bytes = match format {
        QrFormat::Svg => qr::svg(&url)?.into_bytes(),
        QrFormat::Png => qr::png(&url)?,
        QrFormat::Poster => posters_page(size, &[poster_view(counter, public_url)?])
            .into_string()
            .into_bytes(),
    };
    std::fs::write(output, bytes).with_context(|| format!("cannot write {}", output.display()))?;
    println!("{}\t{}", output.display(), url);
    Ok(())
}

fn write_unit(
    counters: &[CounterInfo],
    public_url: &str,
    format: QrFormat,
    size: PosterSize,
    dir: &Path,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let extension = match format {
        QrFormat::Svg => "svg",
        QrFormat::Png => "png",
        QrFormat::Poster => "html",
    };
    for counter in counters {
        let file = dir.join(format!(
            "{}-quay-{}.{extension}",
            counter.unit_code, counter.id
        ));
        write_one(counter, public_url, format, size, &file)?;
    }
    if matches!(format, QrFormat::Poster) {
        // Every poster in one document: print it once, one page per counter.
        let views = counters
            .iter()
            .map(|c| poster_view(c, public_url))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let file = dir.join(format!("all-posters-{}.html", size.code()));
        std::fs::write(&file, posters_page(size, &views).into_string())
            .with_context(|| format!("cannot write {}", file.display()))?;
        println!("{}\t({} posters)", file.display(), views.len());
    }
    Ok(())
}
