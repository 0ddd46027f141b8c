//! One table of names for every table and column the migrations touch, so a name is spelled once.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
pub enum Unit {
    Table,
    Id,
    ParentId,
    Code,
    Name,
    Kind,
    Path,
    Active,
    CreatedAt,
    Hotline,
    PosterHeader,
}

#[derive(DeriveIden)]
pub enum Questionnaire {
    Table,
    Id,
    Code,
    NameVi,
    NameEn,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum QuestionnaireVersion {
    Table,
    Id,
    QuestionnaireId,
    Version,
    TitleVi,
    TitleEn,
    AllowComment,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Question {
    Table,
    Id,
    VersionId,
    Position,
    Code,
    Element,
    Scale,
    TextVi,
    TextEn,
}

#[derive(DeriveIden)]
pub enum Counter {
    Table,
    Id,
    UnitId,
    Name,
    Token,
    QuestionnaireId,
    Active,
    TokenRotatedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Response {
    Table,
    Id,
    CounterId,
    UnitId,
    VersionId,
    SubmittedAt,
    LocalDay,
    Channel,
    IdempotencyKey,
    DeviceHash,
    SourceHash,
    Status,
    StatusReason,
    Comment,
    Procedure,
    DossierCode,
    Answers,
}

#[derive(DeriveIden)]
pub enum Answer {
    Table,
    ResponseId,
    QuestionId,
    Value,
}

#[derive(DeriveIden)]
pub enum TallyDaily {
    Table,
    Day,
    UnitId,
    CounterId,
    QuestionId,
    N1,
    N2,
    N3,
    N4,
    N5,
}

#[derive(DeriveIden)]
pub enum TallyMonthly {
    Table,
    UnitId,
    Month,
    QuestionId,
    N1,
    N2,
    N3,
    N4,
    N5,
}

#[derive(DeriveIden)]
pub enum RespondentsDaily {
    Table,
    Day,
    UnitId,
    CounterId,
    VersionId,
    N,
}

#[derive(DeriveIden)]
pub enum RespondentsMonthly {
    Table,
    UnitId,
    Month,
    VersionId,
    N,
}

#[derive(DeriveIden)]
pub enum Account {
    Table,
    Id,
    Username,
    PasswordHash,
    Role,
    UnitId,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Session {
    Table,
    TokenHash,
    AccountId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
pub enum LoginThrottle {
    Table,
    Key,
    WindowStart,
    Failures,
}

#[derive(DeriveIden)]
pub enum AuditEvent {
    Table,
    Id,
    At,
    Actor,
    Action,
    Target,
    Detail,
}

#[derive(DeriveIden)]
pub enum ApiToken {
    Table,
    Id,
    TokenHash,
    Label,
    Role,
    UnitId,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
pub enum RespondentsHourDaily {
    Table,
    UnitId,
    Day,
    Hour,
    N,
}

#[derive(DeriveIden)]
pub enum RespondentsHourMonthly {
    Table,
    UnitId,
    Month,
    Weekday,
    Hour,
    N,
}

#[derive(DeriveIden)]
pub enum DeviceSalt {
    Table,
    Day,
    Salt,
}

/// A table that stays empty: readiness writes a row and deletes it in one transaction, to learn
/// whether the database can commit again after a failure (a full disk, a lost connection).
#[derive(DeriveIden)]
pub enum WriteProbe {
    Table,
    Id,
    Filler,
}

/// Secrets every instance shares, by name (the form-key signing secret).
#[derive(DeriveIden)]
pub enum ServerSecret {
    Table,
    Name,
    Value,
}
