//! The provincial table of docs/methodology.md: the figures of a unit's children (or of its counters, or of
//! each item) for a period, then the unit as a whole, with ranks and the change against the
//! previous period of the same length.
//!
//! Reads tallies through `db::figures` and applies the formulas of `domain::figures`; the
//! writers of `export` and the web pages present what it returns.

pub mod glance;
pub mod snapshot;

/// A time as RFC 3339 text in a frozen table.
mod rfc3339 {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    pub fn serialize<S: serde::Serializer>(at: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let text = at.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        OffsetDateTime::parse(&text, &Rfc3339).map_err(serde::de::Error::custom)
    }
}

use std::collections::{BTreeMap, BTreeSet, HashMap};

use time::OffsetDateTime;

use crate::db::{self, Db, counters, figures::Grouping, figures::QuestionInfo, units};
use crate::domain::figures::{
    Exact, Index, ItemKey, Method, Peers, Percent, Placing, Ratio, Tally, rank_among_peers,
};
use crate::domain::{Element, Period, Scale, Unit, UnitCode};

/// What the rows of a table are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GroupBy {
    /// The direct children of the unit (communes, departments, service points).
    Children,
    /// Every counter of the unit and of the units below it.
    Counters,
    /// Every item of the questionnaires answered.
    Items,
    /// Every month of the period (a trend); months are not ranked.
    Months,
}

impl GroupBy {
    pub fn code(self) -> &'static str {
        match self {
            GroupBy::Children => "children",
            GroupBy::Counters => "counters",
            GroupBy::Items => "items",
            GroupBy::Months => "months",
        }
    }

    pub fn parse(raw: &str) -> Result<GroupBy, crate::domain::invalid::Invalid> {
        match raw.trim() {
            "children" => Ok(GroupBy::Children),
            "counters" => Ok(GroupBy::Counters),
            "items" => Ok(GroupBy::Items),
            "months" => Ok(GroupBy::Months),
            other => Err(crate::domain::invalid::Invalid::new(
                format!(
                    "cách nhóm «{other}» không hợp lệ; dùng children, counters, items hoặc months"
                ),
                format!("unknown grouping «{other}»; use children, counters, items or months"),
            )),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ReportRequest {
    pub unit: UnitCode,
    pub period: Period,
    pub by: GroupBy,
    pub method: Method,
    /// Units (or counters) with fewer respondents are listed but not ranked.
    pub min_sample: u64,
}

/// One row of the table: a unit, a counter, or the chosen unit as a whole.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnitFigures {
    pub code: String,
    pub name: String,
    pub respondents: u64,
    pub sipas: Index,
    /// In the order of [`Element::ALL`].
    pub elements: [Index; 5],
    /// The overall (one-tap) question, in the SIPAS index but in no element: with the elements
    /// it adds up to the SIPAS index's valid answers.
    pub overall: Index,
    /// The rows this one is ranked against: units of its kind, counters of its scale. `None`
    /// for the unit as a whole and for months.
    pub peers: Option<Peers>,
    /// `None` for the row of the unit as a whole.
    pub placing: Option<Placing>,
    /// SIPAS index minus that of the previous period, in percentage points.
    pub change: Option<Percent>,
    /// Previous rank minus this rank: positive means the unit moved up.
    pub rank_change: Option<i64>,
}

/// One row of the table by items.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ItemFigures {
    pub questionnaire: String,
    pub code: String,
    pub element: Option<Element>,
    pub text_vi: String,
    pub text_en: String,
    pub ratio: Ratio,
    pub index: Option<Percent>,
    /// Wilson 95% interval, in percent.
    pub interval: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Rows {
    Units(Vec<UnitFigures>),
    Items(Vec<ItemFigures>),
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub unit_code: String,
    pub unit_name: String,
    pub period: Period,
    pub previous: Option<Period>,
    pub by: GroupBy,
    pub method: Method,
    pub min_sample: u64,
    /// The questionnaire versions answered in the period, e.g. `sipas-quick v1`.
    pub versions: Vec<String>,
    #[serde(with = "rfc3339")]
    pub produced_at: OffsetDateTime,
    pub rows: Rows,
    /// The chosen unit as a whole (e.g. "Toàn tỉnh").
    pub total: UnitFigures,
    /// Set when the table is a signed-off period's frozen figures (`snapshot::signed_report`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Signed>,
}

/// Who approved a signed-off period's figures, when, and their check code: said in every export
/// made from them.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Signed {
    /// dd/mm/yyyy, Vietnam time.
    pub approved_on: String,
    pub approved_by: String,
    /// `sha256:` and 16 hex digits.
    pub check_code: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("không có đơn vị mã «{0}» (no unit with code {0})")]
    UnknownUnit(String),
    #[error(transparent)]
    Db(#[from] db::Error),
}

/// A named set of tallies: the rows of the table before formulas.
struct Group {
    code: String,
    name: String,
    tally: Tally,
    peers: Option<Peers>,
}

/// What every table of one unit needs, whatever its rows and period: load it once when
/// several tables of the unit are built together (a dashboard).
pub struct Scope {
    root: Unit,
    subtree: Vec<Unit>,
    ids: Vec<i32>,
    catalog: HashMap<i32, QuestionInfo>,
    labels: HashMap<i32, String>,
}

impl Scope {
    pub async fn load(db: &Db, unit: &UnitCode) -> Result<Scope, ReportError> {
        let conn = db;
        let root = units::find_by_code(conn, unit)
            .await?
            .ok_or_else(|| ReportError::UnknownUnit(unit.to_string()))?;
        let subtree = units::subtree(conn, &root).await?;
        Ok(Scope {
            ids: subtree.iter().map(|u| u.id).collect(),
            subtree,
            root,
            catalog: db::figures::question_catalog(conn).await?,
            labels: db::figures::version_labels(conn).await?,
        })
    }

    /// The ids of the unit and of every unit below it.
    pub fn unit_ids(&self) -> &[i32] {
        &self.ids
    }

    /// Every question ever asked, by id.
    pub fn catalog(&self) -> &HashMap<i32, QuestionInfo> {
        &self.catalog
    }
}

/// The table an export shows: a signed-off period's frozen figures (docs/methodology.md,
/// "Signed-off periods"), unless `live` asks for the figures as they are now.
pub async fn for_export(
    db: &Db,
    request: &ReportRequest,
    live: bool,
) -> Result<Report, ReportError> {
    if !live && let Some(signed) = snapshot::signed_report(db, request).await? {
        return Ok(signed);
    }
    build(db, request).await
}

pub async fn build(db: &Db, request: &ReportRequest) -> Result<Report, ReportError> {
    let scope = Scope::load(db, &request.unit).await?;
    build_in(db, &scope, request).await
}

/// Builds the table of `request` within a loaded scope (whose unit is the request's).
pub async fn build_in(
    db: &Db,
    scope: &Scope,
    request: &ReportRequest,
) -> Result<Report, ReportError> {
    let conn = db;
    let Scope {
        root,
        subtree,
        ids,
        catalog,
        labels,
    } = scope;

    let grouping = match request.by {
        GroupBy::Counters => Grouping::Counter,
        GroupBy::Months => Grouping::Month,
        GroupBy::Children | GroupBy::Items => Grouping::Unit,
    };
    let current = db::figures::tallies(conn, ids, &request.period, grouping, catalog).await?;
    let previous_period = request.period.previous();
    let previous = match &previous_period {
        Some(period) => Some(db::figures::tallies(conn, ids, period, grouping, catalog).await?),
        None => None,
    };

    let counters = match request.by {
        GroupBy::Counters => counters::list_in_subtree(conn, root).await?,
        _ => Vec::new(),
    };
    let groups = |tallies: &BTreeMap<i32, Tally>| -> Vec<Group> {
        match request.by {
            GroupBy::Children => children_groups(root, subtree, tallies),
            GroupBy::Counters => counters
                .iter()
                .map(|c| {
                    let tally = tallies.get(&c.id).cloned().unwrap_or_default();
                    // A counter is of the scales it was answered on; one not answered in the
                    // period, of its questionnaire's.
                    let scales = match tally.scales() {
                        answered if !answered.is_empty() => answered,
                        _ => questionnaire_scales(catalog, &c.questionnaire_code),
                    };
                    Group {
                        code: format!("{}#{}", c.unit_code, c.id),
                        name: format!("{} – {}", c.unit_name, c.name),
                        tally,
                        peers: Peers::of_scales(&scales),
                    }
                })
                .collect(),
            GroupBy::Months => month_groups(&request.period, tallies),
            GroupBy::Items => Vec::new(),
        }
    };
    let total_of = |tallies: &BTreeMap<i32, Tally>| {
        tallies.values().fold(Tally::default(), |mut sum, t| {
            sum.merge(t);
            sum
        })
    };

    let method = request.method;
    let current_groups = groups(&current.by_key);
    let previous_groups = previous.as_ref().map(|p| groups(&p.by_key));
    let current_total = total_of(&current.by_key);
    let previous_total = previous.as_ref().map(|p| total_of(&p.by_key));

    let mut total = figures_of(&root.code, &root.name, &current_total, method);
    total.change = change(&current_total, previous_total.as_ref(), method);

    let rows = match request.by {
        GroupBy::Items => Rows::Items(item_rows(&current_total, catalog)),
        GroupBy::Months => Rows::Units(month_rows(&current_groups, method)),
        _ => Rows::Units(unit_rows(
            &current_groups,
            previous_groups.as_deref(),
            method,
            request.min_sample,
        )),
    };
    let mut versions: Vec<String> = current
        .versions
        .iter()
        .map(|id| {
            labels
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("version {id}"))
        })
        .collect();
    versions.sort();

    Ok(Report {
        unit_code: root.code.clone(),
        unit_name: root.name.clone(),
        period: request.period,
        previous: previous_period,
        by: request.by,
        method,
        min_sample: request.min_sample,
        versions,
        produced_at: OffsetDateTime::now_utc(),
        rows,
        total,
        signed: None,
    })
}

/// The direct children of `root`, each with the tallies of its whole subtree.
fn children_groups(root: &Unit, subtree: &[Unit], tallies: &BTreeMap<i32, Tally>) -> Vec<Group> {
    let mut children: Vec<&Unit> = subtree
        .iter()
        .filter(|u| u.parent_id == Some(root.id))
        .collect();
    children.sort_by(|a, b| a.code.cmp(&b.code));
    // Which child each unit of the subtree falls under: the first id after the root's path.
    let child_of = |unit: &Unit| -> Option<i32> {
        unit.path
            .strip_prefix(root.path.as_str())?
            .split('/')
            .next()?
            .parse()
            .ok()
    };
    let mut sums: HashMap<i32, Tally> = HashMap::new();
    for unit in subtree {
        if let (Some(child), Some(tally)) = (child_of(unit), tallies.get(&unit.id)) {
            sums.entry(child).or_default().merge(tally);
        }
    }
    children
        .into_iter()
        .map(|child| Group {
            code: child.code.clone(),
            name: child.name.clone(),
            tally: sums.remove(&child.id).unwrap_or_default(),
            peers: Some(Peers::Kind(child.kind)),
        })
        .collect()
}

/// Every month the period touches, in order, with its tallies (empty months included).
fn month_groups(period: &Period, tallies: &BTreeMap<i32, Tally>) -> Vec<Group> {
    let (first, last) = (
        period.first().yyyymmdd() / 100,
        period.last().yyyymmdd() / 100,
    );
    let mut months = Vec::new();
    let mut month = first;
    while month <= last {
        let (year, number) = (month / 100, month % 100);
        months.push(Group {
            code: format!("{year:04}-{number:02}"),
            name: format!("{number:02}/{year:04}"),
            tally: tallies.get(&month).cloned().unwrap_or_default(),
            peers: None,
        });
        month = if number == 12 {
            (year + 1) * 100 + 1
        } else {
            month + 1
        };
    }
    months
}

/// A trend: each month with its change against the month before; months are not ranked.
fn month_rows(groups: &[Group], method: Method) -> Vec<UnitFigures> {
    let mut rows: Vec<UnitFigures> = Vec::with_capacity(groups.len());
    for (i, group) in groups.iter().enumerate() {
        let mut row = figures_of(&group.code, &group.name, &group.tally, method);
        row.change = i
            .checked_sub(1)
            .and_then(|before| change(&group.tally, Some(&groups[before].tally), method));
        rows.push(row);
    }
    rows
}

fn figures_of(code: &str, name: &str, tally: &Tally, method: Method) -> UnitFigures {
    UnitFigures {
        code: code.to_owned(),
        name: name.to_owned(),
        respondents: tally.respondents,
        sipas: tally.sipas(method),
        elements: Element::ALL.map(|e| tally.element(e, method)),
        overall: tally.overall(method),
        peers: None,
        placing: None,
        change: None,
        rank_change: None,
    }
}

/// The change of the SIPAS index since the previous period, in points, held exactly so that it
/// rounds exactly.
fn change(current: &Tally, previous: Option<&Tally>, method: Method) -> Option<Percent> {
    let now = current.sipas_exact(method)?;
    let before = previous?.sipas_exact(method)?;
    Some(now.minus(&before).percent())
}

fn placings(groups: &[Group], method: Method, min_sample: u64) -> Vec<Placing> {
    let entries: Vec<(Option<Peers>, Option<Percent>, u64)> = groups
        .iter()
        .map(|g| (g.peers, g.tally.sipas(method).value, g.tally.respondents))
        .collect();
    rank_among_peers(&entries, min_sample)
}

/// The scales of the satisfaction items of a questionnaire's newest version.
fn questionnaire_scales(catalog: &HashMap<i32, QuestionInfo>, code: &str) -> BTreeSet<Scale> {
    let of_code = || catalog.values().filter(|q| q.key.questionnaire == code);
    let newest = of_code().map(|q| q.version_id).max();
    of_code()
        .filter(|q| Some(q.version_id) == newest && q.scale.is_satisfaction())
        .map(|q| q.scale)
        .collect()
}

fn unit_rows(
    current: &[Group],
    previous: Option<&[Group]>,
    method: Method,
    min_sample: u64,
) -> Vec<UnitFigures> {
    let placings_now = placings(current, method, min_sample);
    let before: HashMap<&str, (&Group, Placing)> = previous
        .map(|groups| {
            groups
                .iter()
                .zip(placings(groups, method, min_sample))
                .map(|(g, p)| (g.code.as_str(), (g, p)))
                .collect()
        })
        .unwrap_or_default();
    let mut rows = current
        .iter()
        .zip(placings_now)
        .map(|(group, placing)| {
            let mut row = figures_of(&group.code, &group.name, &group.tally, method);
            let earlier = before.get(group.code.as_str());
            row.change = change(&group.tally, earlier.map(|(g, _)| &g.tally), method);
            // A rank moves only among the same peers: a counter that changed scale starts anew.
            let was = earlier
                .filter(|(g, _)| g.peers == group.peers)
                .map(|(_, p)| *p);
            row.rank_change = match (was, placing) {
                (Some(Placing::Ranked(was)), Placing::Ranked(now)) => {
                    Some(i64::from(was) - i64::from(now))
                }
                _ => None,
            };
            row.peers = group.peers;
            row.placing = Some(placing);
            row
        })
        .collect::<Vec<_>>();
    in_print_order(&mut rows);
    rows
}

/// Rows in the order they are printed (docs/methodology.md, "Change and ranking"): group by
/// group of peers (departments, then communes; counters on 5 points, then on 3), and within a
/// group ranked rows by rank, then rows with too small a sample or on mixed scales, then rows
/// without answers; by code within each.
fn in_print_order(rows: &mut [UnitFigures]) {
    let class = |placing: Option<Placing>| match placing {
        Some(Placing::Ranked(rank)) => (0, rank),
        Some(Placing::InsufficientSample | Placing::MixedScales) => (1, 0),
        Some(Placing::NoData) | None => (2, 0),
    };
    rows.sort_by(|a, b| {
        a.peers
            .cmp(&b.peers)
            .then_with(|| class(a.placing).cmp(&class(b.placing)))
            .then_with(|| a.code.cmp(&b.code))
    });
}

fn item_rows(total: &Tally, catalog: &HashMap<i32, QuestionInfo>) -> Vec<ItemFigures> {
    // Items in questionnaire order: by questionnaire code, then position in its newest version.
    let mut order: HashMap<&ItemKey, (i16, &QuestionInfo)> = HashMap::new();
    for info in catalog.values() {
        let entry = order.entry(&info.key).or_insert((info.position, info));
        if info.version_id > entry.1.version_id {
            *entry = (info.position, info);
        }
    }
    let mut rows: Vec<(String, i16, ItemFigures)> = total
        .items
        .iter()
        .filter(|(_, item)| item.scale.is_satisfaction())
        .map(|(key, item)| {
            let (position, info) = order
                .get(key)
                .map_or((i16::MAX, None), |(p, i)| (*p, Some(*i)));
            let ratio = item.ratio();
            let figures = ItemFigures {
                questionnaire: key.questionnaire.clone(),
                code: key.code.clone(),
                element: item.element,
                text_vi: info.map(|i| i.text_vi.clone()).unwrap_or_default(),
                text_en: info.map(|i| i.text_en.clone()).unwrap_or_default(),
                ratio,
                index: Exact::ratio(ratio.satisfied, ratio.valid).map(|e| e.percent()),
                interval: ratio.wilson95(),
            };
            (key.questionnaire.clone(), position, figures)
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    rows.into_iter().map(|(_, _, row)| row).collect()
}
