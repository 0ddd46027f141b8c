//! `sipas purge` (comment retention) and `sipas backup` (an online snapshot of SQLite).

use std::path::Path;
use std::process::ExitCode;

use time::OffsetDateTime;

use crate::db::{Db, accounts, responses};
use crate::domain::LocalDay;

/// Removes the comments of responses older than `days` local days; answers, figures and
/// everything else stay.
pub async fn purge_comments(db: &Db, days: u32) -> anyhow::Result<ExitCode> {
    let today = LocalDay::of(OffsetDateTime::now_utc()).date();
    let cutoff = LocalDay::from_date(today - time::Duration::days(i64::from(days))).yyyymmdd();
    let removed = responses::purge_comments(db, cutoff, days, accounts::COMMAND_LINE).await?;
    println!(
        "Đã xoá {removed} góp ý cũ hơn {days} ngày (removed {removed} comments older than {days} days)."
    );
    Ok(ExitCode::SUCCESS)
}

/// A consistent copy of a SQLite database into a new file, taken while the server runs
/// (`VACUUM INTO` reads one snapshot and writes a compact file). PostgreSQL has `pg_dump`.
pub async fn backup(db: &Db, file: &Path) -> anyhow::Result<ExitCode> {
    if !db.is_sqlite() {
        eprintln!(
            "Với PostgreSQL, hãy dùng pg_dump (for PostgreSQL use pg_dump), e.g.\n  \
             pg_dump --format=custom --file=sipas.dump postgres://USER@HOST/DB\n\
             Restore: pg_restore --clean --dbname=postgres://USER@HOST/DB sipas.dump"
        );
        return Ok(ExitCode::from(2));
    }
    if file.exists() {
        anyhow::bail!(
            "tệp {} đã có; chọn tên khác (the file exists; choose another name)",
            file.display()
        );
    }
    let path = file.to_string_lossy();
    db.snapshot_sqlite(&path).await?;
    println!(
        "Đã sao lưu vào {path} (backed up to {path}). Khôi phục: dừng máy chủ, chép tệp này đè lên tệp cơ sở dữ liệu, xoá các tệp -wal và -shm đi kèm, rồi khởi động lại."
    );
    Ok(ExitCode::SUCCESS)
}
