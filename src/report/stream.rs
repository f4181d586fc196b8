//! Sheets streamed to disk row by row (the data and lineage sheets, each written on a thread of
//! its own) and the split of a table too long for one sheet into `<name>`, `<name> (2)` ...
//! Not for what goes into the rows: each sheet's file writes those.

use std::ops::Range;

use rust_xlsxwriter::Worksheet;

use super::style::Styles;
use super::writer::{SheetWriter, XResult};

/// Excel's last row number (1-based); a sheet holds at most this many rows.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// A sheet streamed to disk row by row in constant-memory mode (the data and lineage sheets): its
/// name and how its rows are written. The report writes each one on its own thread.
pub struct StreamedSheet<'a> {
    name: String,
    write: Box<dyn FnOnce(&mut SheetWriter) -> XResult + Send + 'a>,
}

impl<'a> StreamedSheet<'a> {
    pub fn new(
        name: String,
        write: impl FnOnce(&mut SheetWriter) -> XResult + Send + 'a,
    ) -> StreamedSheet<'a> {
        StreamedSheet {
            name,
            write: Box::new(write),
        }
    }

    /// Writes the sheet into `worksheet`, a constant-memory sheet of the workbook.
    pub fn write_into(self, worksheet: &mut Worksheet, styles: &Styles) -> XResult {
        let mut sheet = SheetWriter::in_workbook(worksheet, &self.name, styles)?;
        (self.write)(&mut sheet)?;
        sheet.close()
    }
}

/// One sheet's share of a table too long for one sheet.
pub struct SheetPart<'t, T> {
    /// `base`, then `base (2)`, `base (3)` ...
    pub name: String,
    /// Index of the part's first item in the whole table.
    pub first_index: usize,
    pub items: &'t [T],
}

/// Splits `items` into sheets of at most `per_sheet` rows; an empty table still gets its sheet.
pub fn split_sheets<'t, T>(base: &str, items: &'t [T], per_sheet: usize) -> Vec<SheetPart<'t, T>> {
    sheet_ranges(base, items.len(), per_sheet)
        .into_iter()
        .map(|(name, rows)| SheetPart {
            name,
            first_index: rows.start,
            items: &items[rows],
        })
        .collect()
}

/// The sheets `count` rows take at `per_sheet` rows a sheet: each sheet's name (`base`, then
/// `base (2)` ...) and the range of rows on it. No rows still take one sheet.
pub fn sheet_ranges(base: &str, count: usize, per_sheet: usize) -> Vec<(String, Range<usize>)> {
    let per_sheet = per_sheet.max(1);
    let sheets = count.div_ceil(per_sheet).max(1);
    (0..sheets)
        .map(|part| {
            let name = if part == 0 {
                base.to_string()
            } else {
                format!("{base} ({})", part + 1)
            };
            let start = part * per_sheet;
            (name, start..count.min(start + per_sheet))
        })
        .collect()
}

#[cfg(test)]
mod split_tests {
    use super::split_sheets;

    #[test]
    fn five_rows_two_per_sheet_take_three_sheets() {
        let rows = [1, 2, 3, 4, 5];
        let parts = split_sheets("Leads", &rows, 2);
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Leads", "Leads (2)", "Leads (3)"]);
        assert_eq!(parts[2].items, [5]);
        assert_eq!(parts[1].first_index, 2);
        let empty: [i32; 0] = [];
        assert_eq!(split_sheets("Leads", &empty, 2).len(), 1);
    }

    #[test]
    fn four_rows_two_per_sheet_fill_two_sheets_and_none_take_one() {
        use super::sheet_ranges;
        let parts = sheet_ranges("Costs", 4, 2);
        assert_eq!(
            parts,
            [("Costs".to_string(), 0..2), ("Costs (2)".to_string(), 2..4)]
        );
        assert_eq!(sheet_ranges("Costs", 0, 2), [("Costs".to_string(), 0..0)]);
    }
}
