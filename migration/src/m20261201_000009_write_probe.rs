//! The write probe: readiness writes a row here and deletes it in the same transaction after a
//! commit has failed, so that the server learns by itself when the database can take writes
//! again (see `db::writer_health`). The row carries a few kilobytes so that SQLite must find new
//! pages for it, as a response would.

use sea_orm_migration::prelude::*;

use crate::iden::WriteProbe;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WriteProbe::Table)
                    .col(
                        ColumnDef::new(WriteProbe::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(WriteProbe::Filler).text().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WriteProbe::Table).to_owned())
            .await
    }
}
