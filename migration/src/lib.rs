//! The schema's history, and nothing else.
//!
//! Migrations are history: a migration that has shipped is never edited; a change is a new
//! migration. Every `up` has a `down`. They run at start-up and in every test, on SQLite and on
//! PostgreSQL alike, so only portable column types are used here.

pub use sea_orm_migration::MigrationStatus;
pub use sea_orm_migration::prelude::*;

mod iden;
mod m20261123_000001_core;
mod m20261123_000002_instruments;
mod m20261123_000003_rollups;
mod m20261123_000004_accounts;
mod m20261123_000005_response_day_index;
mod m20261123_000006_response_answers;
mod m20261123_000007_hour_tallies;
mod m20261123_000008_abuse_guards;
mod m20261201_000009_write_probe;
mod m20261201_000010_form_keys;
mod m20261202_000011_unit_contact;
mod m20261202_000012_kiosks;
mod m20261202_000013_signoffs;
mod m20261202_000014_public_results;
mod m20261202_000015_public_notes;

/// Tables keyed by a composite primary key, read in key order (answers by response, tallies by
/// unit and time): on SQLite they are stored in key order (`WITHOUT ROWID`), so that a range of
/// keys is a run of neighbouring rows rather than a lookup per row. PostgreSQL has no such
/// option and needs none here.
pub(crate) fn clustered(
    manager: &SchemaManager<'_>,
    table: &mut TableCreateStatement,
) -> TableCreateStatement {
    if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Sqlite {
        table.extra("WITHOUT ROWID");
    }
    table.to_owned()
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_core::Migration),
            Box::new(m20261123_000002_instruments::Migration),
            Box::new(m20261123_000003_rollups::Migration),
            Box::new(m20261123_000004_accounts::Migration),
            Box::new(m20261123_000005_response_day_index::Migration),
            Box::new(m20261123_000006_response_answers::Migration),
            Box::new(m20261123_000007_hour_tallies::Migration),
            Box::new(m20261123_000008_abuse_guards::Migration),
            Box::new(m20261201_000009_write_probe::Migration),
            Box::new(m20261201_000010_form_keys::Migration),
            Box::new(m20261202_000011_unit_contact::Migration),
            Box::new(m20261202_000012_kiosks::Migration),
            Box::new(m20261202_000013_signoffs::Migration),
            Box::new(m20261202_000014_public_results::Migration),
            Box::new(m20261202_000015_public_notes::Migration),
        ]
    }
}
