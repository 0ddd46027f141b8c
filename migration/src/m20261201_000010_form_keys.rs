//! Signed form keys and per-source guards: a table of secrets shared by every instance (the
//! form-key signing secret), and the response's address hash (the client address hashed with
//! the day's salt, like the device hash) with an index for the one look-up a submission makes:
//! the same address's recent responses at the same counter.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::{Response, ServerSecret};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServerSecret::Table)
                    .col(string_len(ServerSecret::Name, 32).primary_key())
                    .col(string_len(ServerSecret::Value, 128))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Response::Table)
                    .add_column(string_len_null(Response::SourceHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_response_source")
                    .table(Response::Table)
                    .col(Response::SourceHash)
                    .col(Response::CounterId)
                    .col(Response::SubmittedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_response_source")
                    .table(Response::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Response::Table)
                    .drop_column(Response::SourceHash)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ServerSecret::Table).to_owned())
            .await
    }
}
