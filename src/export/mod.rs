//! Writers of figures and raw responses: CSV (UTF-8 with a BOM, for Excel), XLSX and JSON.
//!
//! `table` lays out the provincial table once (title block, header, typed cells); the CSV and
//! XLSX writers only render it, so they cannot disagree. May depend on `report` and `domain`.

pub mod csv;
pub mod json;
pub mod raw;
pub mod table;
pub mod xlsx;

/// The output formats of `sipas export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub fn parse(raw: &str) -> Result<Format, crate::domain::invalid::Invalid> {
        match raw.trim() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "json" => Ok(Format::Json),
            other => Err(crate::domain::invalid::Invalid::new(
                format!("định dạng «{other}» không hợp lệ; dùng csv, xlsx hoặc json"),
                format!("unknown format «{other}»; use csv, xlsx or json"),
            )),
        }
    }
}
