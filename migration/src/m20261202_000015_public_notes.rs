//! What a unit's staff tell citizens about a period on its public results page: "Ý kiến của
//! người dân – việc chúng tôi đã làm". One text per unit and period, replaced when rewritten.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::Unit;

#[derive(DeriveIden)]
enum PublicNote {
    Table,
    Id,
    UnitId,
    Period,
    Text,
    WrittenBy,
    WrittenAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicNote::Table)
                    .col(pk_auto(PublicNote::Id))
                    .col(integer(PublicNote::UnitId))
                    .col(string_len(PublicNote::Period, 16))
                    .col(text(PublicNote::Text))
                    .col(string_len(PublicNote::WrittenBy, 128))
                    .col(timestamp_with_time_zone(PublicNote::WrittenAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_public_note_unit")
                            .from(PublicNote::Table, PublicNote::UnitId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_public_note_unit_period")
                    .table(PublicNote::Table)
                    .col(PublicNote::UnitId)
                    .col(PublicNote::Period)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PublicNote::Table).to_owned())
            .await
    }
}
