//! Raw counted responses, streamed: the one read of raw rows besides `verify`, for raw exports.

use futures_util::{Stream, StreamExt};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, StreamTrait,
    sea_query::{Expr, ExprTrait, Order, Query},
};
use time::OffsetDateTime;

use super::entities::{respondents_daily, response};
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
    use response::Column as R;
    let mut select = Query::select();
    select
        .expr(Expr::col(R::Id).min())
        .expr(Expr::col(R::Id).max())
        .from(response::Entity)
        .and_where(
            Expr::col(R::LocalDay).between(period.first().yyyymmdd(), period.last().yyyymmdd()),
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
    use response::Column as R;
    // The submission time as epoch seconds, computed by the database: a million text
    // timestamps parsed in Rust cost more than the rest of the row. (SQL text: sea-query has no
    // portable epoch function; the column is the only one of that name in the query.)
    let epoch = match db.reader.get_database_backend() {
        DbBackend::Postgres => "CAST(EXTRACT(EPOCH FROM submitted_at) AS BIGINT)",
        _ => "unixepoch(submitted_at)",
    };
    let mut select = Query::select();
    select.expr(Expr::col(R::Id)).expr(Expr::cust(epoch));
    for column in [
        R::LocalDay,
        R::UnitId,
        R::CounterId,
        R::VersionId,
        R::Comment,
        R::Answers,
    ] {
        select.expr(Expr::col(column));
    }
    select
        .from(response::Entity)
        .and_where(Expr::col(R::Id).between(first_id, last_id))
        .and_where(Expr::col(R::UnitId).is_in(units.iter().copied()))
        .and_where(
            Expr::col(R::LocalDay).between(period.first().yyyymmdd(), period.last().yyyymmdd()),
        )
        .and_where(Expr::col(R::Status).eq(super::moderation::Status::Counted.code()))
        .order_by(R::Id, Order::Asc);
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
    use respondents_daily::Column as C;
    let mut select = Query::select();
    select
        .distinct()
        .column(C::VersionId)
        .from(respondents_daily::Entity)
        .and_where(Expr::col(C::UnitId).is_in(units.iter().copied()))
        .and_where(Expr::col(C::Day).between(period.first().yyyymmdd(), period.last().yyyymmdd()));
    let rows = conn.query_all(&select).await?;
    let mut versions = rows
        .iter()
        .map(|row| row.try_get_by_index::<i32>(0))
        .collect::<Result<Vec<_>, _>>()?;
    versions.sort_unstable();
    Ok(versions)
}
