//! What figures are summed from, beside the daily answer tally: a monthly answer tally per
//! service point (a year of a province is then a few thousand rows), and respondent counts
//! (the number of responses, which answer counts cannot give) per day and counter and per month
//! and service point, each by questionnaire version. Back-filled from existing rows.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::{RespondentsDaily, RespondentsMonthly, Response, TallyDaily, TallyMonthly};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(TallyMonthly::Table)
                    .col(integer(TallyMonthly::UnitId))
                    // yyyymm in Vietnam time.
                    .col(integer(TallyMonthly::Month))
                    .col(integer(TallyMonthly::QuestionId))
                    .col(big_integer(TallyMonthly::N1).default(0))
                    .col(big_integer(TallyMonthly::N2).default(0))
                    .col(big_integer(TallyMonthly::N3).default(0))
                    .col(big_integer(TallyMonthly::N4).default(0))
                    .col(big_integer(TallyMonthly::N5).default(0))
                    .primary_key(
                        Index::create()
                            .name("pk_tally_monthly")
                            .col(TallyMonthly::UnitId)
                            .col(TallyMonthly::Month)
                            .col(TallyMonthly::QuestionId),
                    ),
            ))
            .await?;
        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(RespondentsDaily::Table)
                    .col(integer(RespondentsDaily::Day))
                    .col(integer(RespondentsDaily::UnitId))
                    .col(integer(RespondentsDaily::CounterId))
                    .col(integer(RespondentsDaily::VersionId))
                    .col(big_integer(RespondentsDaily::N))
                    .primary_key(
                        Index::create()
                            .name("pk_respondents_daily")
                            .col(RespondentsDaily::UnitId)
                            .col(RespondentsDaily::Day)
                            .col(RespondentsDaily::CounterId)
                            .col(RespondentsDaily::VersionId),
                    ),
            ))
            .await?;
        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(RespondentsMonthly::Table)
                    .col(integer(RespondentsMonthly::UnitId))
                    .col(integer(RespondentsMonthly::Month))
                    .col(integer(RespondentsMonthly::VersionId))
                    .col(big_integer(RespondentsMonthly::N))
                    .primary_key(
                        Index::create()
                            .name("pk_respondents_monthly")
                            .col(RespondentsMonthly::UnitId)
                            .col(RespondentsMonthly::Month)
                            .col(RespondentsMonthly::VersionId),
                    ),
            ))
            .await?;
        // Reading one unit's days (edge days of a period, counters of a service point) seeks by
        // unit first.
        manager
            .create_index(
                Index::create()
                    .name("idx_tally_daily_unit_day")
                    .table(TallyDaily::Table)
                    .col(TallyDaily::UnitId)
                    .col(TallyDaily::Day)
                    .to_owned(),
            )
            .await?;

        // Raw exports read a unit's responses by day, in id order (SQLite appends the rowid to
        // every index; PostgreSQL gets it explicitly).
        manager
            .create_index(
                Index::create()
                    .name("idx_response_unit_day")
                    .table(Response::Table)
                    .col(Response::UnitId)
                    .col(Response::LocalDay)
                    .col(Response::Id)
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO tally_monthly (unit_id, month, question_id, n1, n2, n3, n4, n5) \
             SELECT unit_id, day / 100, question_id, SUM(n1), SUM(n2), SUM(n3), SUM(n4), SUM(n5) \
             FROM tally_daily GROUP BY unit_id, day / 100, question_id",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO respondents_daily (day, unit_id, counter_id, version_id, n) \
             SELECT local_day, unit_id, counter_id, version_id, COUNT(*) FROM response \
             WHERE status = 'counted' GROUP BY local_day, unit_id, counter_id, version_id",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO respondents_monthly (unit_id, month, version_id, n) \
             SELECT unit_id, day / 100, version_id, SUM(n) FROM respondents_daily \
             GROUP BY unit_id, day / 100, version_id",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_response_unit_day")
                    .table(Response::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_tally_daily_unit_day")
                    .table(TallyDaily::Table)
                    .to_owned(),
            )
            .await?;
        for table in [
            RespondentsMonthly::Table.into_iden(),
            RespondentsDaily::Table.into_iden(),
            TallyMonthly::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
