//! Ingest: input files -> raw sheets of `Cell`s. Spreadsheets go through calamine, CSV/TSV through the
//! csv crate with encoding detection. Knows nothing of tables or fields; that is `schema`'s job.

use std::path::{Path, PathBuf};

use crate::cell::Cell;
use crate::error::Result;

/// One input file as given, with its content hash for the Summary sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The file name as shown in issues and the report.
    pub name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

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

/// Everything read from the inputs.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub files: Vec<InputFile>,
    pub sheets: Vec<RawSheet>,
}

/// File extensions that are read.
pub const ACCEPTED_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv"];

/// Largest sheet (rows x columns of its used range) loaded; a larger one is an input error that
/// names the far cell, since one stray cell far away would otherwise make a dense range huge.
pub const MAX_SHEET_CELLS: u64 = 50_000_000;

/// Expands folders (accepted files directly inside, sorted by name; not recursive) and keeps files.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    todo!("{inputs:?}")
}

/// Reads every input file. Any unusable file (missing, unreadable, corrupt, encrypted, no sheet with
/// content) is an `Err` naming the file in one sentence.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Ingested> {
    todo!("{paths:?}")
}

/// Reads one file into its sheets.
pub fn read_file(path: &Path) -> Result<(InputFile, Vec<RawSheet>)> {
    todo!("{path:?}")
}
