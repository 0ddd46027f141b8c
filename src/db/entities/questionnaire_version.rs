use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaire_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub questionnaire_id: i32,
    pub version: i32,
    pub title_vi: String,
    pub title_en: String,
    pub allow_comment: bool,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
