//! XLSX: the title block, the table with its header frozen, percentages as numbers formatted
//! `0.00`, and column widths that fit Vietnamese names.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::table::{Cell, Table};

pub fn write(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("SIPAS")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDE6F0")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let percent = Format::new().set_num_format("0.00");
    let whole = Format::new().set_num_format("0");
    let signed = Format::new().set_num_format("+0;-0;0");

    for (row, line) in table.title.iter().enumerate() {
        let format = if row == 0 { &title } else { &bold };
        sheet.write_string_with_format(row as u32, 0, line, format)?;
    }
    let header_row = table.title.len() as u32 + 1;
    for (col, name) in table.header.iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, *name, &header)?;
    }
    sheet.set_row_height(header_row, 45)?;
    for (i, cells) in table.rows.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Cell::Count(n) => {
                    sheet.write_number_with_format(row, col, *n as f64, &whole)?;
                }
                // The rounded value, so that the sheet holds exactly what the CSV and JSON show.
                Cell::Number(Some(value)) => {
                    sheet.write_number_with_format(row, col, value.rounded(), &percent)?;
                }
                Cell::Number(None) => {
                    sheet.write_string(row, col, "–")?;
                }
                Cell::Signed(Some(n)) => {
                    sheet.write_number_with_format(row, col, *n as f64, &signed)?;
                }
                Cell::Signed(None) | Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    for (col, name) in table.header.iter().enumerate() {
        let width = match *name {
            "STT" => 6.0,
            "Mã đơn vị" | "Mã tiêu chí" | "Phiếu hỏi" => 16.0,
            "Đơn vị" | "Tiêu chí" => 48.0,
            _ => 13.0,
        };
        sheet.set_column_width(col as u16, width)?;
    }
    workbook.save_to_buffer()
}
