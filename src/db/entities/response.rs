use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "response")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub counter_id: i32,
    pub unit_id: i32,
    pub version_id: i32,
    pub submitted_at: TimeDateTimeWithTimeZone,
    pub local_day: i32,
    pub channel: String,
    #[sea_orm(unique)]
    pub idempotency_key: String,
    pub device_hash: Option<String>,
    /// The client address hashed with the day's salt (see `domain::guards`).
    pub source_hash: Option<String>,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub status_reason: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub procedure: Option<String>,
    pub dossier_code: Option<String>,
    /// The answers again, compact (see `db::answer_list`).
    #[sea_orm(column_type = "Text")]
    pub answers: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
