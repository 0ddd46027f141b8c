//! The home page's line for each unit: its SIPAS index this month so far, with its respondents,
//! the respondents of today, and the change against the whole of last month. Three reads of the
//! tallies, whatever the number of units; each unit sums its whole subtree.

use std::collections::HashMap;

use time::Date;

use super::change;
use crate::db::{self, Db, figures::Grouping};
use crate::domain::figures::{Index, Method, Percent, Tally};
use crate::domain::{Period, Unit};

/// One unit at a glance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Glance {
    /// The SIPAS index of the month so far.
    pub month: Index,
    /// Respondents of the month so far.
    pub respondents: u64,
    pub today: u64,
    /// This month so far against the whole of last month, in points.
    pub change: Option<Percent>,
}

/// The glance of every unit of `units` (a unit's subtree must be among them to count), on
/// `today` in Vietnam.
pub async fn glances(
    db: &Db,
    units: &[Unit],
    today: Date,
    method: Method,
) -> Result<HashMap<i32, Glance>, db::Error> {
    let catalog = db::figures::question_catalog(db).await?;
    let ids: Vec<i32> = units.iter().map(|u| u.id).collect();
    let month = Period::month_containing(today);
    let read = |period: Period| {
        let (ids, catalog) = (&ids, &catalog);
        async move {
            let tallies = db::figures::tallies(db, ids, &period, Grouping::Unit, catalog).await?;
            Ok::<_, db::Error>(subtree_sums(units, tallies.by_key))
        }
    };
    let now = read(month).await?;
    let before = match month.previous() {
        Some(last_month) => read(last_month).await?,
        None => HashMap::new(),
    };
    let today = read(Period::single_day(today)).await?;
    Ok(units
        .iter()
        .map(|unit| {
            let empty = Tally::default();
            let tally = now.get(&unit.id).unwrap_or(&empty);
            let glance = Glance {
                month: tally.sipas(method),
                respondents: tally.respondents,
                today: today.get(&unit.id).map_or(0, |t| t.respondents),
                change: change(tally, before.get(&unit.id), method),
            };
            (unit.id, glance)
        })
        .collect())
}

/// Each unit's tally summed over its subtree: a tally held by a unit counts for it and for every
/// unit on its materialised path.
fn subtree_sums(
    units: &[Unit],
    held: std::collections::BTreeMap<i32, Tally>,
) -> HashMap<i32, Tally> {
    let paths: HashMap<i32, &str> = units.iter().map(|u| (u.id, u.path.as_str())).collect();
    let mut sums: HashMap<i32, Tally> = HashMap::new();
    for (unit_id, tally) in held {
        let Some(path) = paths.get(&unit_id) else {
            continue;
        };
        for ancestor in path.split('/').filter_map(|id| id.parse::<i32>().ok()) {
            if paths.contains_key(&ancestor) {
                sums.entry(ancestor).or_default().merge(&tally);
            }
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitKind;

    fn unit(id: i32, path: &str) -> Unit {
        Unit {
            id,
            parent_id: None,
            code: format!("U{id}"),
            name: format!("Unit {id}"),
            kind: UnitKind::Commune,
            path: path.to_owned(),
            active: true,
        }
    }

    #[test]
    fn a_units_tally_counts_for_it_and_each_unit_above_it_in_scope() {
        // Scope: 7 and below (1, the province, is not listed).
        let units = [unit(7, "/1/7/"), unit(42, "/1/7/42/"), unit(43, "/1/7/43/")];
        let respondents = |n| Tally {
            respondents: n,
            ..Tally::default()
        };
        let held = [
            (42, respondents(3)),
            (43, respondents(4)),
            (99, respondents(50)),
        ];
        let sums = subtree_sums(&units, held.into_iter().collect());
        assert_eq!(sums[&7].respondents, 7);
        assert_eq!(sums[&42].respondents, 3);
        assert_eq!(sums[&43].respondents, 4);
        assert!(!sums.contains_key(&1) && !sums.contains_key(&99));
    }
}
