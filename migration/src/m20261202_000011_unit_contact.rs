//! What a unit tells the citizens who rate it: a hotline or other feedback channel, shown on the
//! thank-you page, and a header line for its posters (e.g. "UBND TỈNH …"). Both optional.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::Unit;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for column in [Unit::Hotline, Unit::PosterHeader] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Unit::Table)
                        .add_column(string_len_null(column, 200))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Unit::PosterHeader, Unit::Hotline] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Unit::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
