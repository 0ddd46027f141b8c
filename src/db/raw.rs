//! Raw counted responses, streamed: the one read of raw rows besides `verify`, for raw exports.

use futures_util::{Stream, StreamExt};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, StreamTrait,
    sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query},
};
use time::OffsetDateTime;

use crate::domain::Period;

/// One answer of a counted response, with the response's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawAnswer {
    pub response_id: i64,
    pub submitted_at: OffsetDateTime,
    pub local_day: i32,
    pub unit_id: i32,
    pub counter_id: i32,
    pub version_id: i32,
    pub comment: Option<String>,
    pub question_id: i32,
    pub value: i16,
}

/// The answers of the counted responses of `units` in `period`, the answers of one response
/// together, responses in (unit, day, id) order. Rows are read as they come: memory stays flat
/// however many there are.
pub async fn counted_answers<'a>(
    conn: &'a DatabaseConnection,
    units: &[i32],
    period: &Period,
) -> Result<impl Stream<Item = Result<RawAnswer, DbErr>> + 'a, DbErr> {
    let r = Alias::new("r");
    let a = Alias::new("a");
    let col = |table: &Alias, name: &str| Expr::col((table.clone(), Alias::new(name)));
    let mut select = Query::select();
    for name in [
        "id",
        "submitted_at",
        "local_day",
        "unit_id",
        "counter_id",
        "version_id",
        "comment",
    ] {
        select.expr(col(&r, name));
    }
    select
        .expr(col(&a, "question_id"))
        .expr(col(&a, "value"))
        .from_as(Alias::new("response"), r.clone())
        .join_as(
            JoinType::InnerJoin,
            Alias::new("answer"),
            a.clone(),
            col(&a, "response_id").equals((r.clone(), Alias::new("id"))),
        )
        .and_where(col(&r, "unit_id").is_in(units.iter().copied()))
        .and_where(
            col(&r, "local_day").between(period.first().yyyymmdd(), period.last().yyyymmdd()),
        )
        .and_where(col(&r, "status").eq("counted"))
        .order_by((r.clone(), Alias::new("unit_id")), Order::Asc)
        .order_by((r.clone(), Alias::new("local_day")), Order::Asc)
        .order_by((r.clone(), Alias::new("id")), Order::Asc)
        .order_by((a.clone(), Alias::new("question_id")), Order::Asc);
    let stream = conn.stream(&select).await?;
    Ok(stream.map(|row| {
        let row = row?;
        Ok(RawAnswer {
            response_id: row.try_get_by_index(0)?,
            submitted_at: row.try_get_by_index(1)?,
            local_day: row.try_get_by_index(2)?,
            unit_id: row.try_get_by_index(3)?,
            counter_id: row.try_get_by_index(4)?,
            version_id: row.try_get_by_index(5)?,
            comment: row.try_get_by_index(6)?,
            question_id: row.try_get_by_index(7)?,
            value: row.try_get_by_index(8)?,
        })
    }))
}

/// The questionnaire versions answered by counted responses of `units` in `period`, from the
/// respondent tallies.
pub async fn versions_answered<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    period: &Period,
) -> Result<Vec<i32>, DbErr> {
    let mut select = Query::select();
    select
        .distinct()
        .column(Alias::new("version_id"))
        .from(Alias::new("respondents_daily"))
        .and_where(Expr::col(Alias::new("unit_id")).is_in(units.iter().copied()))
        .and_where(
            Expr::col(Alias::new("day"))
                .between(period.first().yyyymmdd(), period.last().yyyymmdd()),
        );
    let rows = conn.query_all(&select).await?;
    let mut versions = rows
        .iter()
        .map(|row| row.try_get_by_index::<i32>(0))
        .collect::<Result<Vec<_>, _>>()?;
    versions.sort_unstable();
    Ok(versions)
}
