//! The daily tally, and its recount from raw answers (what `sipas verify` compares).

use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect,
    RelationTrait,
    sea_query::{Expr, ExprTrait},
};

use super::Result;
use super::entities::{answer, response, tally_daily};

/// The key of a tally row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TallyKey {
    pub day: i32,
    pub unit_id: i32,
    pub counter_id: i32,
    pub question_id: i32,
    pub value: i16,
}

#[derive(FromQueryResult)]
struct Row {
    day: i32,
    unit_id: i32,
    counter_id: i32,
    question_id: i32,
    value: i16,
    n: i64,
}

fn into_map(rows: Vec<Row>) -> BTreeMap<TallyKey, i64> {
    rows.into_iter()
        .filter(|row| row.n != 0)
        .map(|row| {
            let key = TallyKey {
                day: row.day,
                unit_id: row.unit_id,
                counter_id: row.counter_id,
                question_id: row.question_id,
                value: row.value,
            };
            (key, row.n)
        })
        .collect()
}

/// Every non-zero tally row as stored.
pub async fn stored<C: ConnectionTrait>(conn: &C) -> Result<BTreeMap<TallyKey, i64>> {
    let rows = tally_daily::Entity::find()
        .into_model::<Row>()
        .all(conn)
        .await?;
    Ok(into_map(rows))
}

/// The tally as it should be: counted answers grouped by local day, unit, counter, question
/// and value.
pub async fn recounted<C: ConnectionTrait>(conn: &C) -> Result<BTreeMap<TallyKey, i64>> {
    let rows = answer::Entity::find()
        .select_only()
        .column_as(response::Column::LocalDay, "day")
        .column_as(response::Column::UnitId, "unit_id")
        .column_as(response::Column::CounterId, "counter_id")
        .column(answer::Column::QuestionId)
        .column(answer::Column::Value)
        .column_as(Expr::col(answer::Column::ResponseId).count(), "n")
        .join(JoinType::InnerJoin, answer::Relation::Response.def())
        .filter(response::Column::Status.eq("counted"))
        .group_by(response::Column::LocalDay)
        .group_by(response::Column::UnitId)
        .group_by(response::Column::CounterId)
        .group_by(answer::Column::QuestionId)
        .group_by(answer::Column::Value)
        .into_model::<Row>()
        .all(conn)
        .await?;
    Ok(into_map(rows))
}

/// A key whose stored count differs from the recount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Difference {
    pub key: TallyKey,
    pub stored: i64,
    pub recounted: i64,
}

/// Compares the stored tally with a recount from raw answers; empty when they agree.
pub async fn differences<C: ConnectionTrait>(conn: &C) -> Result<Vec<Difference>> {
    let stored = stored(conn).await?;
    let recounted = recounted(conn).await?;
    let keys: std::collections::BTreeSet<TallyKey> =
        stored.keys().chain(recounted.keys()).copied().collect();
    Ok(keys
        .into_iter()
        .filter_map(|key| {
            let a = stored.get(&key).copied().unwrap_or(0);
            let b = recounted.get(&key).copied().unwrap_or(0);
            (a != b).then_some(Difference {
                key,
                stored: a,
                recounted: b,
            })
        })
        .collect())
}
