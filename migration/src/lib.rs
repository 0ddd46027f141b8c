//! The schema's history, and nothing else.
//!
//! Migrations are history: a migration that has shipped is never edited; a change is a new
//! migration. Every `up` has a `down`. They run at start-up and in every test, on SQLite and on
//! PostgreSQL alike, so only portable column types are used here.

pub use sea_orm_migration::prelude::*;

mod iden;
mod m20261123_000001_core;
mod m20261123_000002_instruments;
mod m20261123_000003_rollups;
mod m20261123_000004_accounts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_core::Migration),
            Box::new(m20261123_000002_instruments::Migration),
            Box::new(m20261123_000003_rollups::Migration),
            Box::new(m20261123_000004_accounts::Migration),
        ]
    }
}
