//! CSV: UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly; the title block
//! first, an empty line, then the table. Numbers use a dot and two decimals.

use std::io::Write;

use super::table::Table;

fn csv_error(err: csv::Error) -> std::io::Error {
    std::io::Error::other(err)
}

pub fn write(table: &Table, mut out: impl Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut title = csv::Writer::from_writer(&mut out);
    for line in &table.title {
        title.write_record([line]).map_err(csv_error)?;
    }
    title.flush()?;
    drop(title);
    // A truly empty line: the csv writer would write `""` for one empty field.
    out.write_all(b"\n")?;
    let mut writer = csv::Writer::from_writer(&mut out);
    writer.write_record(&table.header).map_err(csv_error)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|cell| cell.to_text()))
            .map_err(csv_error)?;
    }
    writer.flush()
}
