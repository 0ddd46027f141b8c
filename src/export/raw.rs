//! Raw responses, streamed: implemented in the next step.

use std::io::Write;

use crate::db::Db;
use crate::domain::{Period, UnitCode};

use super::Format;

pub async fn write(
    _db: &Db,
    _unit: &UnitCode,
    _period: &Period,
    _format: Format,
    _out: &mut dyn Write,
) -> anyhow::Result<u64> {
    anyhow::bail!("--raw is not available yet")
}
