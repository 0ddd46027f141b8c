//! Raw counted responses, streamed: the one read of raw rows besides `verify`, for raw exports.

use futures_util::{Stream, StreamExt};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, StreamTrait,
    sea_query::{Alias, Expr, ExprTrait, Order, Query},
};
use time::OffsetDateTime;

use crate::domain::Period;

/// A counted response with its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    pub id: i64,
    pub submitted_at: OffsetDateTime,
    pub local_day: i32,
    pub unit_id: i32,
    pub counter_id: i32,
    pub version_id: i32,
    pub comment: Option<String>,
    /// (question id, value).
    pub answers: Vec<(i32, u8)>,
}

/// The first and last response id of a period, if it has any response.
pub async fn id_range<C: ConnectionTrait>(
    conn: &C,
    period: &Period,
) -> super::Result<Option<(i64, i64)>> {
    let mut select = Query::select();
    select
        .expr(Expr::col(Alias::new("id")).min())
        .expr(Expr::col(Alias::new("id")).max())
        .from(Alias::new("response"))
        .and_where(
            Expr::col(Alias::new("local_day"))
                .between(period.first().yyyymmdd(), period.last().yyyymmdd()),
        );
    let Some(row) = conn.query_one(&select).await? else {
        return Ok(None);
    };
    let (first, last): (Option<i64>, Option<i64>) =
        (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
    Ok(first.zip(last))
}

/// The counted responses of `units` in `period` whose ids lie in `ids`, in id order (which is
/// submission order), one row each. Reading in id order keeps the reads sequential: responses
/// are stored in id order. The answers come from the response row's compact copy, so that a
/// million responses are a million rows read in one pass, with no lookup per response. Rows
/// are read as they come: memory stays flat.
pub async fn counted_responses<'a>(
    db: &'a super::Db,
    units: &[i32],
    period: &Period,
    (first_id, last_id): (i64, i64),
) -> Result<impl Stream<Item = Result<RawResponse, super::Error>> + 'a, super::Error> {
    let r = Alias::new("r");
    let col = |table: &Alias, name: &str| Expr::col((table.clone(), Alias::new(name)));
    // The submission time as epoch seconds, computed by the database: a million text
    // timestamps parsed in Rust cost more than the rest of the row.
    let epoch = match db.reader.get_database_backend() {
        DbBackend::Postgres => "CAST(EXTRACT(EPOCH FROM r.submitted_at) AS BIGINT)",
        _ => "unixepoch(r.submitted_at)",
    };
    let mut select = Query::select();
    select.expr(col(&r, "id")).expr(Expr::cust(epoch));
    for name in [
        "local_day",
        "unit_id",
        "counter_id",
        "version_id",
        "comment",
        "answers",
    ] {
        select.expr(col(&r, name));
    }
    select
        .from_as(Alias::new("response"), r.clone())
        .and_where(col(&r, "id").between(first_id, last_id))
        .and_where(col(&r, "unit_id").is_in(units.iter().copied()))
        .and_where(
            col(&r, "local_day").between(period.first().yyyymmdd(), period.last().yyyymmdd()),
        )
        .and_where(col(&r, "status").eq(super::moderation::Status::Counted.code()))
        .order_by((r.clone(), Alias::new("id")), Order::Asc);
    let stream = db.reader.stream(&select).await?;
    Ok(stream.map(|row| decode_row(row).map_err(super::Error::from)))
}

fn decode_row(row: Result<sea_orm::QueryResult, DbErr>) -> Result<RawResponse, DbErr> {
    {
        let row = row?;
        let answers: String = row.try_get_by_index(7)?;
        let epoch: i64 = row.try_get_by_index(1)?;
        Ok(RawResponse {
            id: row.try_get_by_index(0)?,
            submitted_at: OffsetDateTime::from_unix_timestamp(epoch)
                .map_err(|err| DbErr::Custom(format!("response time out of range: {err}")))?,
            local_day: row.try_get_by_index(2)?,
            unit_id: row.try_get_by_index(3)?,
            counter_id: row.try_get_by_index(4)?,
            version_id: row.try_get_by_index(5)?,
            comment: row.try_get_by_index(6)?,
            answers: super::answer_list::decode(&answers),
        })
    }
}

/// The questionnaire versions answered by counted responses of `units` in `period`, from the
/// respondent tallies.
pub async fn versions_answered<C: ConnectionTrait>(
    conn: &C,
    units: &[i32],
    period: &Period,
) -> super::Result<Vec<i32>> {
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
