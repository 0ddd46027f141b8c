//! Signed-off periods: one row per unit and period, its step in the workflow (submitted,
//! returned, approved, reopened), who took the last steps, and once approved the frozen figures
//! as the exact JSON text that was hashed, with its SHA-256. The steps themselves are in the
//! audit log, written in the same transaction as each step.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::Unit;

#[derive(DeriveIden)]
enum Signoff {
    Table,
    Id,
    UnitId,
    Period,
    Status,
    Note,
    SubmittedBy,
    SubmittedAt,
    DecidedBy,
    DecidedAt,
    Reason,
    Snapshot,
    Sha256,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Signoff::Table)
                    .col(pk_auto(Signoff::Id))
                    .col(integer(Signoff::UnitId))
                    // The period as written: 2026-07, 2026-Q3, 2026-H2, 2026.
                    .col(string_len(Signoff::Period, 16))
                    .col(string_len(Signoff::Status, 16))
                    .col(text_null(Signoff::Note))
                    .col(string_len(Signoff::SubmittedBy, 128))
                    .col(timestamp_with_time_zone(Signoff::SubmittedAt))
                    .col(string_len_null(Signoff::DecidedBy, 128))
                    .col(timestamp_with_time_zone_null(Signoff::DecidedAt))
                    .col(text_null(Signoff::Reason))
                    .col(text_null(Signoff::Snapshot))
                    .col(string_len_null(Signoff::Sha256, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_signoff_unit")
                            .from(Signoff::Table, Signoff::UnitId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_signoff_unit_period")
                    .table(Signoff::Table)
                    .col(Signoff::UnitId)
                    .col(Signoff::Period)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Signoff::Table).to_owned())
            .await
    }
}
