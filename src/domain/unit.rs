//! Units of the administrative tree and the names people give to units and counters.

use std::fmt;

use crate::domain::invalid::Invalid;

/// A unit's code, unique in the deployment (e.g. `DM`, `DM.STP`, `DM.X01.TT`): 1 to 64 of
/// `A-Z a-z 0-9 . _ -`, so that it is safe in file names, CSV and URLs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(raw: &str) -> Result<UnitCode, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 64 {
            return Err(Invalid::new(
                "mã đơn vị phải có từ 1 đến 64 ký tự",
                "a unit code must be 1 to 64 characters",
            ));
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Err(Invalid::new(
                format!("mã đơn vị «{raw}» chỉ được gồm chữ không dấu, số và . _ -"),
                format!("the unit code «{raw}» may hold only A-Z, a-z, 0-9, . _ -"),
            ));
        }
        Ok(UnitCode(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name (of a unit or a counter): trimmed, 1 to 255 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Name, Invalid> {
        let name = raw.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > 255 {
            return Err(Invalid::new(
                "tên phải có từ 1 đến 255 ký tự",
                "a name must be 1 to 255 characters",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new(
                "tên có ký tự điều khiển",
                "a name may not hold control characters",
            ));
        }
        Ok(Name(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unit of the tree as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: i32,
    pub parent_id: Option<i32>,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// Materialised path of ids, `/1/7/42/`: the subtree of a unit is every path it prefixes.
    pub path: String,
    pub active: bool,
}

/// In the order a province's tables list them: departments before communes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum UnitKind {
    /// Tỉnh / thành phố trực thuộc trung ương.
    Province,
    /// Sở, ban, ngành of a province.
    Department,
    /// Xã, phường, đặc khu.
    Commune,
    /// Where results are returned: a Trung tâm Phục vụ hành chính công or a Bộ phận Một cửa.
    ServicePoint,
}

impl UnitKind {
    pub const ALL: [UnitKind; 4] = [
        UnitKind::Province,
        UnitKind::Department,
        UnitKind::Commune,
        UnitKind::ServicePoint,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Province => "province",
            UnitKind::Department => "department",
            UnitKind::Commune => "commune",
            UnitKind::ServicePoint => "service_point",
        }
    }

    pub fn parse(raw: &str) -> Result<UnitKind, Invalid> {
        UnitKind::ALL
            .into_iter()
            .find(|kind| kind.code() == raw.trim())
            .ok_or_else(|| {
                Invalid::new(
                    format!(
                        "loại đơn vị «{raw}» không hợp lệ; dùng province, department, commune \
                         hoặc service_point"
                    ),
                    format!(
                        "unknown unit kind «{raw}»; use province, department, commune or \
                         service_point"
                    ),
                )
            })
    }
}

/// Units as a tree is read: each parent before its children, siblings by code. (Their
/// materialised paths, compared as text, would put `/1/11/` before `/1/2/`.) A unit whose parent
/// is not among `units` is a root of what is listed.
pub fn in_tree_order(units: Vec<Unit>) -> Vec<Unit> {
    use std::collections::{HashMap, HashSet};
    let ids: HashSet<i32> = units.iter().map(|u| u.id).collect();
    let mut children: HashMap<Option<i32>, Vec<Unit>> = HashMap::new();
    for unit in units {
        let parent = unit.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(unit);
    }
    for siblings in children.values_mut() {
        siblings.sort_by(|a, b| b.code.cmp(&a.code));
    }
    // Depth first, without recursion: a stack of units still to print, next on top.
    let mut ordered = Vec::with_capacity(ids.len());
    let mut stack = children.remove(&None).unwrap_or_default();
    while let Some(unit) = stack.pop() {
        if let Some(mut below) = children.remove(&Some(unit.id)) {
            stack.append(&mut below);
        }
        ordered.push(unit);
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(id: i32, parent: Option<i32>, code: &str) -> Unit {
        Unit {
            id,
            parent_id: parent,
            code: code.to_owned(),
            name: code.to_owned(),
            kind: UnitKind::Commune,
            path: String::new(),
            active: true,
        }
    }

    #[test]
    fn a_tree_lists_parents_first_and_siblings_by_code() {
        // Ids in the order of creation: 11 was made after 2 but its code sorts before.
        let units = vec![
            unit(11, Some(1), "P.A"),
            unit(2, Some(1), "P.B"),
            unit(1, None, "P"),
            unit(5, Some(2), "P.B.TT"),
            unit(3, None, "Q"),
            unit(4, Some(11), "P.A.TT"),
        ];
        let codes: Vec<String> = in_tree_order(units).into_iter().map(|u| u.code).collect();
        assert_eq!(codes, ["P", "P.A", "P.A.TT", "P.B", "P.B.TT", "Q"]);
    }

    #[test]
    fn unit_codes() {
        assert_eq!(UnitCode::parse(" DM.X01 ").unwrap().as_str(), "DM.X01");
        assert!(UnitCode::parse("").is_err());
        assert!(UnitCode::parse("Xã An").is_err());
        assert!(UnitCode::parse("a/b").is_err());
        assert!(UnitCode::parse(&"A".repeat(65)).is_err());
    }

    #[test]
    fn names_keep_vietnamese() {
        assert_eq!(
            Name::parse("  Phường Hòa Bình ").unwrap().as_str(),
            "Phường Hòa Bình"
        );
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse("a\u{0}b").is_err());
        assert!(Name::parse(&"ệ".repeat(255)).is_ok());
        assert!(Name::parse(&"ệ".repeat(256)).is_err());
    }

    #[test]
    fn kinds_round_trip() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.code()), Ok(kind));
        }
        assert!(UnitKind::parse("ward").is_err());
    }

    proptest! {
        #[test]
        fn unit_code_never_panics_and_accepted_codes_are_safe(raw in "\\PC{0,80}") {
            if let Ok(code) = UnitCode::parse(&raw) {
                prop_assert!(code.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)));
                prop_assert!((1..=64).contains(&code.as_str().len()));
            }
        }
    }
}
