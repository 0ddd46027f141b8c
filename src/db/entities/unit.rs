use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub parent_id: Option<i32>,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub kind: String,
    pub path: String,
    pub active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    /// A phone number or other feedback channel, shown to citizens on the thank-you page.
    pub hotline: Option<String>,
    /// The line printed above the unit's name on its posters (e.g. "UBND TỈNH …").
    pub poster_header: Option<String>,
    /// Its results are published to citizens (`/results/{code}`).
    pub public_results: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
