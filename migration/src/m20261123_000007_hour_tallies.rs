//! Respondents by local hour, for the dashboard's hour × weekday chart: per service point and
//! day (edge days of a period), and per service point, month and ISO weekday (1 = Monday) for
//! whole months, so that a province's year stays a few hundred thousand rows at most. Kept in
//! the response's transaction like the other tallies; back-filled from counted responses.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::{RespondentsHourDaily, RespondentsHourMonthly};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(RespondentsHourDaily::Table)
                    .col(integer(RespondentsHourDaily::UnitId))
                    .col(integer(RespondentsHourDaily::Day))
                    // 0 … 23, Vietnam time.
                    .col(small_integer(RespondentsHourDaily::Hour))
                    .col(big_integer(RespondentsHourDaily::N))
                    .primary_key(
                        Index::create()
                            .name("pk_respondents_hour_daily")
                            .col(RespondentsHourDaily::UnitId)
                            .col(RespondentsHourDaily::Day)
                            .col(RespondentsHourDaily::Hour),
                    ),
            ))
            .await?;
        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(RespondentsHourMonthly::Table)
                    .col(integer(RespondentsHourMonthly::UnitId))
                    .col(integer(RespondentsHourMonthly::Month))
                    // ISO: 1 = Monday … 7 = Sunday.
                    .col(small_integer(RespondentsHourMonthly::Weekday))
                    .col(small_integer(RespondentsHourMonthly::Hour))
                    .col(big_integer(RespondentsHourMonthly::N))
                    .primary_key(
                        Index::create()
                            .name("pk_respondents_hour_monthly")
                            .col(RespondentsHourMonthly::UnitId)
                            .col(RespondentsHourMonthly::Month)
                            .col(RespondentsHourMonthly::Weekday)
                            .col(RespondentsHourMonthly::Hour),
                    ),
            ))
            .await?;

        // Local hour and ISO weekday of `submitted_at` (stored in UTC), per database.
        let (hour, weekday) = match manager.get_database_backend() {
            DbBackend::Postgres => (
                "CAST(EXTRACT(HOUR FROM (submitted_at AT TIME ZONE 'UTC') + INTERVAL '7 hours') AS SMALLINT)",
                "CAST(EXTRACT(ISODOW FROM (submitted_at AT TIME ZONE 'UTC') + INTERVAL '7 hours') AS SMALLINT)",
            ),
            _ => (
                "CAST(strftime('%H', submitted_at, '+7 hours') AS INTEGER)",
                "(CAST(strftime('%w', submitted_at, '+7 hours') AS INTEGER) + 6) % 7 + 1",
            ),
        };
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "INSERT INTO respondents_hour_daily (unit_id, day, hour, n) \
             SELECT unit_id, local_day, {hour}, COUNT(*) FROM response \
             WHERE status = 'counted' GROUP BY unit_id, local_day, {hour}"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO respondents_hour_monthly (unit_id, month, weekday, hour, n) \
             SELECT unit_id, local_day / 100, {weekday}, {hour}, COUNT(*) FROM response \
             WHERE status = 'counted' GROUP BY unit_id, local_day / 100, {weekday}, {hour}"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RespondentsHourMonthly::Table.into_iden(),
            RespondentsHourDaily::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
