//! Reading a list of units from CSV (a file for `sipas unit import`, or text pasted on the
//! units page): columns `code`, `name`, and optionally `parent_code` and `kind`, in any order.
//! Commas or tabs (rows copied out of a spreadsheet) both work; a UTF-8 byte-order mark is
//! ignored. No I/O here: the lines go to `db::units::import`.

use crate::db::units::{ImportLine, NewUnit};
use crate::domain::invalid::Invalid;
use crate::domain::{Name, UnitCode, UnitKind};

/// A new unit from its fields; without a kind, a unit with a parent is a service point and one
/// without is a province.
pub fn new_unit(
    code: &str,
    name: &str,
    parent: Option<&str>,
    kind: Option<&str>,
) -> Result<NewUnit, Invalid> {
    let parent = parent
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(UnitCode::parse)
        .transpose()?;
    let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        Some(kind) => UnitKind::parse(kind)?,
        None if parent.is_some() => UnitKind::ServicePoint,
        None => UnitKind::Province,
    };
    Ok(NewUnit {
        code: UnitCode::parse(code)?,
        name: Name::parse(name)?,
        kind,
        parent,
    })
}

/// Every data line of the text (the header is line 1). Fails as a whole only when the header
/// lacks `code` or `name`.
pub fn parse(text: &[u8]) -> Result<Vec<ImportLine>, Invalid> {
    let first_line = text.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b'\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text);
    let headers = reader
        .headers()
        .map_err(|err| {
            Invalid::new(
                format!("không đọc được dòng tiêu đề: {err}"),
                format!("the header line cannot be read: {err}"),
            )
        })?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let (Some(code_at), Some(name_at)) = (column("code"), column("name")) else {
        return Err(Invalid::new(
            "tệp CSV cần cột code và name",
            "the CSV needs the columns code and name",
        ));
    };
    let (parent_at, kind_at) = (column("parent_code"), column("kind"));
    Ok(reader
        .records()
        .enumerate()
        .map(|(index, record)| {
            let line = index + 2;
            let parsed = match record {
                Err(err) => Err(Invalid::new(
                    format!("dòng CSV không đọc được: {err}"),
                    format!("the CSV line cannot be read: {err}"),
                )),
                Ok(record) => {
                    let field = |at: Option<usize>| at.and_then(|i| record.get(i));
                    new_unit(
                        field(Some(code_at)).unwrap_or_default(),
                        field(Some(name_at)).unwrap_or_default(),
                        field(parent_at),
                        field(kind_at),
                    )
                }
            };
            (line, parsed)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commas_tabs_and_a_byte_order_mark() {
        let lines = parse(
            "\u{feff}code,name,parent_code,kind\nDN,Thành phố Đà Nẵng,,province\nDN.HC,\"Phường Hải Châu, Đà Nẵng\",DN,\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(lines.len(), 2);
        let (line, unit) = &lines[1];
        let unit = unit.as_ref().unwrap();
        assert_eq!(*line, 3);
        assert_eq!(unit.name.as_str(), "Phường Hải Châu, Đà Nẵng");
        assert_eq!(unit.kind, UnitKind::ServicePoint);

        let lines = parse("name\tcode\nSở Y tế\tDN.SYT\n".as_bytes()).unwrap();
        assert_eq!(lines[0].1.as_ref().unwrap().code.as_str(), "DN.SYT");
    }

    #[test]
    fn a_bad_line_is_an_error_of_its_own_and_a_bad_header_fails_all() {
        let lines = parse("code,name\n,Không mã\nOK,Được\n".as_bytes()).unwrap();
        assert!(lines[0].1.is_err());
        assert!(lines[1].1.is_ok());
        assert!(parse("ma,ten\nA,B\n".as_bytes()).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_lines_or_a_header_problem(text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            if let Ok(lines) = parse(&text) {
                // Numbered from line 2, in order.
                for (i, (line, _)) in lines.iter().enumerate() {
                    proptest::prop_assert_eq!(*line, i + 2);
                }
            }
        }

        #[test]
        fn well_formed_rows_always_import(codes in proptest::collection::vec("[A-Z][A-Z0-9.]{0,10}", 1..20)) {
            let mut text = String::from("code,name\n");
            for code in &codes {
                text.push_str(&format!("{code},Xã {code}\n"));
            }
            let lines = parse(text.as_bytes()).unwrap();
            proptest::prop_assert_eq!(lines.len(), codes.len());
            proptest::prop_assert!(lines.iter().all(|(_, unit)| unit.is_ok()));
        }
    }
}
