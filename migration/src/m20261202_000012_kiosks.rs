//! Kiosks: a tablet at a counter, opened at its own address (a token apart from the QR code's,
//! so that either can be withdrawn alone). A revoked kiosk keeps its row: its address then says
//! it was withdrawn, rather than that it never existed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::Counter;

#[derive(DeriveIden)]
enum Kiosk {
    Table,
    Id,
    CounterId,
    Token,
    CreatedAt,
    CreatedBy,
    RevokedAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Kiosk::Table)
                    .col(pk_auto(Kiosk::Id))
                    .col(integer(Kiosk::CounterId))
                    .col(string_len_uniq(Kiosk::Token, 32))
                    .col(timestamp_with_time_zone(Kiosk::CreatedAt))
                    .col(string_len(Kiosk::CreatedBy, 128))
                    .col(timestamp_with_time_zone_null(Kiosk::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_kiosk_counter")
                            .from(Kiosk::Table, Kiosk::CounterId)
                            .to(Counter::Table, Counter::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_kiosk_counter")
                    .table(Kiosk::Table)
                    .col(Kiosk::CounterId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Kiosk::Table).to_owned())
            .await
    }
}
