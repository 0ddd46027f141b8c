//! What the abuse guards read: a salt per local day for device hashes (kept in the database so
//! that every instance hashes alike, and deleted after a day so that yesterday's hashes cannot
//! be recomputed), and indexes for the two look-ups a submission makes: an earlier response from
//! the same device at the same counter, and the counter's responses in the last minutes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::{DeviceSalt, Response};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeviceSalt::Table)
                    // yyyymmdd, Vietnam time.
                    .col(integer(DeviceSalt::Day).primary_key())
                    .col(string_len(DeviceSalt::Salt, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_response_device")
                    .table(Response::Table)
                    .col(Response::DeviceHash)
                    .col(Response::CounterId)
                    .col(Response::SubmittedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_response_counter_time")
                    .table(Response::Table)
                    .col(Response::CounterId)
                    .col(Response::SubmittedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_response_counter_time", "idx_response_device"] {
            manager
                .drop_index(Index::drop().name(name).table(Response::Table).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(DeviceSalt::Table).to_owned())
            .await
    }
}
