//! One worksheet (or one CSV file) as the readers hand it on: a sparse grid of cells, and how
//! every reader builds it from the cells it found (`build_sheet`, refusing a grid too large to
//! hold). `mod.rs` picks the reader of each file.

use crate::cell::{a1, Cell};
use crate::ingest_error::{IngestError, MAX_SHEET_CELLS};

/// One worksheet (or one CSV file) as a sparse grid of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    /// File name as in `InputFile::name`.
    pub file: String,
    /// Sheet name; for CSV/TSV the file stem.
    pub sheet: String,
    /// 0-based sheet row of `rows[0]`.
    pub first_row: u32,
    /// 0-based sheet column of `rows[r][0]`.
    pub first_col: u32,
    /// Rows from `first_row` down to the last non-empty row; trailing empty cells trimmed.
    pub rows: Vec<Vec<Cell>>,
    /// True when the workbook uses the 1904 date system (plain-number serials are read with it).
    pub date1904: bool,
    pub hidden: bool,
}

/// Builds a `RawSheet` from the non-empty cells of one sheet, given as absolute 0-based positions in
/// any order. Rows run from the topmost to the bottom-most non-empty cell, each trimmed after its
/// last non-empty cell, so memory follows the cells actually present, not the declared range.
/// Errs with a reason naming the far cell when the grid would exceed `MAX_SHEET_CELLS`.
pub(super) fn build_sheet(
    file: &str,
    sheet: &str,
    mut cells: Vec<(u32, u32, Cell)>,
    date1904: bool,
    hidden: bool,
) -> std::result::Result<RawSheet, IngestError> {
    cells.retain(|(_, _, cell)| *cell != Cell::Empty);
    let mut raw = RawSheet {
        file: file.to_string(),
        sheet: sheet.to_string(),
        first_row: 0,
        first_col: 0,
        rows: Vec::new(),
        date1904,
        hidden,
    };
    if cells.is_empty() {
        return Ok(raw);
    }
    // Stable, so of two cells at one position (malformed files) the later one wins below.
    cells.sort_by_key(|(row, col, _)| (*row, *col));
    let first_row = cells.iter().map(|(row, _, _)| *row).min().unwrap_or(0);
    let first_col = cells.iter().map(|(_, col, _)| *col).min().unwrap_or(0);
    let last_row = cells.iter().map(|(row, _, _)| *row).max().unwrap_or(0);

    let last_col = cells.iter().map(|(_, col, _)| *col).max().unwrap_or(0);

    // Size check before allocating: one slot per row, plus each row's cells up to its last one.
    let mut grid_cells = u64::from(last_row - first_row) + 1;
    for (index, (row, col, _)) in cells.iter().enumerate() {
        let last_in_row = cells
            .get(index + 1)
            .is_none_or(|(next_row, _, _)| next_row != row);
        if last_in_row {
            grid_cells += u64::from(col - first_col) + 1;
        }
    }
    if grid_cells > MAX_SHEET_CELLS {
        return Err(too_large(sheet, last_row, last_col));
    }

    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); (last_row - first_row) as usize + 1];
    for (row, col, cell) in cells {
        let cells_of_row = &mut rows[(row - first_row) as usize];
        let index = (col - first_col) as usize;
        if cells_of_row.len() <= index {
            cells_of_row.resize(index + 1, Cell::Empty);
        }
        cells_of_row[index] = cell;
    }
    raw.first_row = first_row;
    raw.first_col = first_col;
    raw.rows = rows;
    Ok(raw)
}

/// A sheet too large to load, naming its far cell.
pub(super) fn too_large(sheet: &str, row: u32, col: u32) -> IngestError {
    IngestError::SheetTooLarge {
        sheet: sheet.to_string(),
        far_cell: a1(row, col),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_build_trims_rows_and_keeps_blank_rows() {
        let cells = vec![
            (5, 3, Cell::Text("late".into())),
            (3, 1, Cell::Text("head".into())),
            (3, 4, Cell::Empty),
            (3, 2, Cell::Number(1.0)),
        ];
        let sheet = build_sheet("f.xlsx", "S", cells, true, true).unwrap();
        assert_eq!(
            (
                sheet.first_row,
                sheet.first_col,
                sheet.date1904,
                sheet.hidden
            ),
            (3, 1, true, true)
        );
        assert_eq!(
            sheet.rows,
            vec![
                vec![Cell::Text("head".into()), Cell::Number(1.0)],
                vec![],
                vec![Cell::Empty, Cell::Empty, Cell::Text("late".into())],
            ]
        );
    }

    #[test]
    fn sparse_build_refuses_a_grid_over_the_cap_naming_the_far_cell() {
        // Every 256th row reaching column XFD: 4096 rows x 16384 columns = 67 million cells.
        let cells: Vec<_> = (0..1_048_576u32)
            .step_by(256)
            .flat_map(|row| {
                [
                    (row, 0, Cell::Number(1.0)),
                    (row, 16_383, Cell::Number(2.0)),
                ]
            })
            .collect();
        let reason = build_sheet("f.xlsx", "Data", cells, false, false).unwrap_err();
        assert_eq!(
            reason,
            IngestError::SheetTooLarge {
                sheet: "Data".into(),
                far_cell: "XFD1048321".into()
            }
        );
    }
}
