//! Staff accounts, database-held sessions (so that several instances can serve one database),
//! login throttling, API tokens and the audit log. Secrets are stored as hashes only.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::{Account, ApiToken, AuditEvent, LoginThrottle, Session, Unit};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(pk_auto(Account::Id))
                    .col(string_len_uniq(Account::Username, 64))
                    // An argon2id PHC string.
                    .col(string_len(Account::PasswordHash, 255))
                    .col(string_len(Account::Role, 16))
                    // The root of what the account may see; NULL for an admin (everything).
                    .col(integer_null(Account::UnitId))
                    .col(boolean(Account::Active).default(true))
                    .col(timestamp_with_time_zone(Account::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_unit")
                            .from(Account::Table, Account::UnitId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    // SHA-256 of the cookie's random token: a stolen table opens no session.
                    .col(string_len(Session::TokenHash, 64).primary_key())
                    .col(integer(Session::AccountId))
                    .col(string_len(Session::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_account")
                            .from(Session::Table, Session::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    // `account:<name>` or `address:<ip>`.
                    .col(string_len(LoginThrottle::Key, 128).primary_key())
                    .col(timestamp_with_time_zone(LoginThrottle::WindowStart))
                    .col(integer(LoginThrottle::Failures))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(big_pk_auto(AuditEvent::Id))
                    .col(timestamp_with_time_zone(AuditEvent::At))
                    .col(string_len(AuditEvent::Actor, 128))
                    .col(string_len(AuditEvent::Action, 64))
                    .col(string_len(AuditEvent::Target, 255))
                    .col(text_null(AuditEvent::Detail))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_auto(ApiToken::Id))
                    .col(string_len_uniq(ApiToken::TokenHash, 64))
                    .col(string_len(ApiToken::Label, 255))
                    .col(string_len(ApiToken::Role, 16))
                    .col(integer_null(ApiToken::UnitId))
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_token_unit")
                            .from(ApiToken::Table, ApiToken::UnitId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApiToken::Table.into_iden(),
            AuditEvent::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            Session::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
