//! CSV: UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly; the title block
//! first, an empty line, then the table. Numbers use a dot and two decimals. Every text cell
//! goes through [`neutralise`]: names and comments are typed by people, and a spreadsheet must
//! never run one as a formula.

use std::borrow::Cow;
use std::io::Write;

use super::table::Table;

fn csv_error(err: csv::Error) -> std::io::Error {
    std::io::Error::other(err)
}

/// OWASP's advice against CSV injection: a text cell that a spreadsheet would read as a formula
/// (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe,
/// which spreadsheets take as "plain text" and do not show. Numbers we write ourselves (a change
/// such as `-2`) are not text cells and are left alone.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

pub fn write(table: &Table, mut out: impl Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut title = csv::Writer::from_writer(&mut out);
    for line in &table.title {
        title
            .write_record([neutralise(line).as_ref()])
            .map_err(csv_error)?;
    }
    title.flush()?;
    drop(title);
    // A truly empty line: the csv writer would write `""` for one empty field.
    out.write_all(b"\n")?;
    let mut writer = csv::Writer::from_writer(&mut out);
    writer.write_record(&table.header).map_err(csv_error)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|cell| match cell {
                super::table::Cell::Text(text) => neutralise(text).into_owned(),
                other => other.to_text(),
            }))
            .map_err(csv_error)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starts_are_made_plain_text() {
        for dangerous in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1+1", "\r=1"] {
            assert_eq!(neutralise(dangerous), format!("'{dangerous}"));
        }
        for plain in ["Quầy số 1", "1+1", " =x", "'quoted", ""] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
