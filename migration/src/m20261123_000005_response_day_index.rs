//! Raw exports read a period's responses in id order (ids follow submission time, so the rows,
//! and the answers written with them, lie together on disk); this index finds the period's
//! first and last id without scanning the table.

use sea_orm_migration::prelude::*;

use crate::iden::Response;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_response_day")
                    .table(Response::Table)
                    .col(Response::LocalDay)
                    .col(Response::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_response_day")
                    .table(Response::Table)
                    .to_owned(),
            )
            .await
    }
}
