//! Whether a unit publishes its results to citizens (a public page, no sign-in): off until its
//! staff switch it on.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::Unit;

#[derive(DeriveIden)]
enum PublicResults {
    PublicResults,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Unit::Table)
                    .add_column(boolean(PublicResults::PublicResults).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Unit::Table)
                    .drop_column(PublicResults::PublicResults)
                    .to_owned(),
            )
            .await
    }
}
