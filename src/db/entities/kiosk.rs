use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kiosk")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub counter_id: i32,
    #[sea_orm(unique)]
    pub token: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub created_by: String,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
