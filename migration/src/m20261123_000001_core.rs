//! The core schema: the unit tree, questionnaires as versioned data, counters, responses,
//! answers and the daily tally.

use sea_orm_migration::{prelude::*, schema::*};

use crate::iden::{
    Answer, Counter, Question, Questionnaire, QuestionnaireVersion, Response, TallyDaily, Unit,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Unit::Table)
                    .col(pk_auto(Unit::Id))
                    .col(integer_null(Unit::ParentId))
                    .col(string_len_uniq(Unit::Code, 64))
                    .col(string_len(Unit::Name, 255))
                    .col(string_len(Unit::Kind, 32))
                    // "/1/7/42/": a subtree is one prefix match.
                    .col(string_len(Unit::Path, 255))
                    .col(boolean(Unit::Active).default(true))
                    .col(timestamp_with_time_zone(Unit::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_unit_parent")
                            .from(Unit::Table, Unit::ParentId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_unit_path")
                    .table(Unit::Table)
                    .col(Unit::Path)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_unit_parent")
                    .table(Unit::Table)
                    .col(Unit::ParentId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Questionnaire::Table)
                    .col(pk_auto(Questionnaire::Id))
                    .col(string_len_uniq(Questionnaire::Code, 64))
                    .col(string_len(Questionnaire::NameVi, 255))
                    .col(string_len(Questionnaire::NameEn, 255))
                    .col(timestamp_with_time_zone(Questionnaire::CreatedAt))
                    .to_owned(),
            )
            .await?;

        // A version is immutable once a response uses it; an edit is a new version.
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireVersion::Table)
                    .col(pk_auto(QuestionnaireVersion::Id))
                    .col(integer(QuestionnaireVersion::QuestionnaireId))
                    .col(integer(QuestionnaireVersion::Version))
                    .col(string_len(QuestionnaireVersion::TitleVi, 255))
                    .col(string_len(QuestionnaireVersion::TitleEn, 255))
                    .col(boolean(QuestionnaireVersion::AllowComment).default(true))
                    .col(timestamp_with_time_zone(QuestionnaireVersion::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_version_questionnaire")
                            .from(
                                QuestionnaireVersion::Table,
                                QuestionnaireVersion::QuestionnaireId,
                            )
                            .to(Questionnaire::Table, Questionnaire::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_version_number")
                    .table(QuestionnaireVersion::Table)
                    .col(QuestionnaireVersion::QuestionnaireId)
                    .col(QuestionnaireVersion::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Question::Table)
                    .col(pk_auto(Question::Id))
                    .col(integer(Question::VersionId))
                    .col(small_integer(Question::Position))
                    .col(string_len(Question::Code, 64))
                    // NULL for a satisfaction item outside the five elements (one-tap overall)
                    // and for the optional extras.
                    .col(string_len_null(Question::Element, 32))
                    .col(string_len(Question::Scale, 32))
                    .col(text(Question::TextVi))
                    .col(text(Question::TextEn))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_question_version")
                            .from(Question::Table, Question::VersionId)
                            .to(QuestionnaireVersion::Table, QuestionnaireVersion::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_question_position")
                    .table(Question::Table)
                    .col(Question::VersionId)
                    .col(Question::Position)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Counter::Table)
                    .col(pk_auto(Counter::Id))
                    .col(integer(Counter::UnitId))
                    .col(string_len(Counter::Name, 255))
                    .col(string_len_uniq(Counter::Token, 32))
                    .col(integer(Counter::QuestionnaireId))
                    .col(boolean(Counter::Active).default(true))
                    .col(timestamp_with_time_zone_null(Counter::TokenRotatedAt))
                    .col(timestamp_with_time_zone(Counter::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_counter_unit")
                            .from(Counter::Table, Counter::UnitId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_counter_questionnaire")
                            .from(Counter::Table, Counter::QuestionnaireId)
                            .to(Questionnaire::Table, Questionnaire::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_counter_unit")
                    .table(Counter::Table)
                    .col(Counter::UnitId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Response::Table)
                    .col(big_pk_auto(Response::Id))
                    .col(integer(Response::CounterId))
                    // The service point that returned the result, as it was at the time.
                    .col(integer(Response::UnitId))
                    .col(integer(Response::VersionId))
                    .col(timestamp_with_time_zone(Response::SubmittedAt))
                    // yyyymmdd in Vietnam time (UTC+7).
                    .col(integer(Response::LocalDay))
                    .col(string_len(Response::Channel, 16))
                    .col(string_len_uniq(Response::IdempotencyKey, 64))
                    .col(string_len_null(Response::DeviceHash, 64))
                    .col(string_len(Response::Status, 16).default("counted"))
                    .col(text_null(Response::StatusReason))
                    .col(text_null(Response::Comment))
                    .col(string_len_null(Response::Procedure, 255))
                    .col(string_len_null(Response::DossierCode, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_response_counter")
                            .from(Response::Table, Response::CounterId)
                            .to(Counter::Table, Counter::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_response_unit")
                            .from(Response::Table, Response::UnitId)
                            .to(Unit::Table, Unit::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_response_version")
                            .from(Response::Table, Response::VersionId)
                            .to(QuestionnaireVersion::Table, QuestionnaireVersion::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_response_counter_day")
                    .table(Response::Table)
                    .col(Response::CounterId)
                    .col(Response::LocalDay)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(Answer::Table)
                    .col(big_integer(Answer::ResponseId))
                    .col(integer(Answer::QuestionId))
                    .col(small_integer(Answer::Value))
                    .primary_key(
                        Index::create()
                            .name("pk_answer")
                            .col(Answer::ResponseId)
                            .col(Answer::QuestionId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_answer_response")
                            .from(Answer::Table, Answer::ResponseId)
                            .to(Response::Table, Response::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_answer_question")
                            .from(Answer::Table, Answer::QuestionId)
                            .to(Question::Table, Question::Id),
                    ),
            ))
            .await?;

        // Counts of counted answers: every figure is a sum over these rows. One row per question
        // with a column per scale point (n1 … n5) rather than a row per point: five times fewer
        // rows to sum, and the whole distribution kept.
        manager
            .create_table(crate::clustered(
                manager,
                Table::create()
                    .table(TallyDaily::Table)
                    .col(integer(TallyDaily::Day))
                    .col(integer(TallyDaily::UnitId))
                    .col(integer(TallyDaily::CounterId))
                    .col(integer(TallyDaily::QuestionId))
                    .col(big_integer(TallyDaily::N1).default(0))
                    .col(big_integer(TallyDaily::N2).default(0))
                    .col(big_integer(TallyDaily::N3).default(0))
                    .col(big_integer(TallyDaily::N4).default(0))
                    .col(big_integer(TallyDaily::N5).default(0))
                    .primary_key(
                        Index::create()
                            .name("pk_tally_daily")
                            .col(TallyDaily::Day)
                            .col(TallyDaily::UnitId)
                            .col(TallyDaily::CounterId)
                            .col(TallyDaily::QuestionId),
                    ),
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TallyDaily::Table.into_iden(),
            Answer::Table.into_iden(),
            Response::Table.into_iden(),
            Counter::Table.into_iden(),
            Question::Table.into_iden(),
            QuestionnaireVersion::Table.into_iden(),
            Questionnaire::Table.into_iden(),
            Unit::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
