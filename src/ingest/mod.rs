//! Ingest: input files -> raw sheets of `Cell`s. Spreadsheets go through calamine, CSV/TSV through the
//! csv crate with encoding detection. Knows nothing of tables or fields; that is `schema`'s job.
//!
//! Every way a file can be unusable (missing, unreadable, encrypted, corrupt, empty) ends here as one
//! `KpiError::Input` sentence naming the file; nothing after ingest sees a file format.

mod delimited;
mod workbook;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::cell::{a1, Cell};
use crate::error::{KpiError, Result};

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

/// Largest sheet loaded, counted as the cells ingest would hold for it: rows x columns of the used
/// range for `.xls` / `.ods` (calamine hands those over as dense ranges), and for `.xlsx` / `.xlsm`
/// (read cell by cell into a sparse grid) the rows plus each row's cells up to its last non-empty one.
/// A larger sheet is an input error that names the far cell, since one stray cell far away would
/// otherwise make the grid huge. A lone stray cell at `XFD1048576` in an `.xlsx` stays well below it.
pub const MAX_SHEET_CELLS: u64 = 50_000_000;

/// Accepted types as written in messages.
const ACCEPTED_LIST: &str = ".xlsx, .xlsm, .xls, .ods, .csv and .tsv";

/// Expands folders (accepted files directly inside, sorted by name; not recursive) and keeps files.
///
/// Inside a folder, Office lock files (`~$book.xlsx`, `.~lock.book.xlsx#`) and hidden files are
/// skipped. A path given twice (or a file given both alone and through its folder) is kept once, at
/// its first place.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut expanded = Vec::new();
    let mut seen = HashSet::new();
    let mut keep = |path: PathBuf, expanded: &mut Vec<PathBuf>| {
        // Canonical form so `./a.xlsx` and `a.xlsx` count as one file.
        let identity = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            expanded.push(path);
        }
    };
    for input in inputs {
        if input.is_dir() {
            let files = accepted_files_in(input)?;
            if files.is_empty() {
                return Err(KpiError::input(
                    input.display().to_string(),
                    "no .xlsx/.xlsm/.xls/.ods/.csv/.tsv file in this folder (subfolders are not searched)",
                ));
            }
            for file in files {
                keep(file, &mut expanded);
            }
        } else if input.exists() {
            if !has_accepted_extension(input) {
                return Err(KpiError::input(
                    input.display().to_string(),
                    format!("is not a file type kpibook reads; accepted types are {ACCEPTED_LIST}"),
                ));
            }
            keep(input.clone(), &mut expanded);
        } else {
            return Err(KpiError::input(
                input.display().to_string(),
                "file not found",
            ));
        }
    }
    Ok(expanded)
}

/// The accepted files directly inside `folder`, sorted by file name.
pub(crate) fn accepted_files_in(folder: &Path) -> Result<Vec<PathBuf>> {
    let cannot_list = |e: io::Error| {
        KpiError::input(
            folder.display().to_string(),
            format!("cannot list the folder: {e}"),
        )
    };
    let mut files = Vec::new();
    for entry in fs::read_dir(folder).map_err(cannot_list)? {
        let entry = entry.map_err(cannot_list)?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_lock_or_hidden(&name) || !has_accepted_extension(&path) || !path.is_file() {
            continue;
        }
        files.push((name, path));
    }
    files.sort();
    Ok(files.into_iter().map(|(_, path)| path).collect())
}

/// Excel's owner files (`~$book.xlsx`), LibreOffice's (`.~lock.book.xlsx#`) and other dot files.
pub(crate) fn is_lock_or_hidden(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.')
}

pub(crate) fn has_accepted_extension(path: &Path) -> bool {
    extension_of(path).is_some_and(|ext| ACCEPTED_EXTENSIONS.contains(&ext.as_str()))
}

/// Lower-case extension without the dot.
fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
}

/// Reads every input file. Any unusable file (missing, unreadable, corrupt, encrypted, no sheet with
/// content) is an `Err` naming the file in one sentence.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Ingested> {
    let mut ingested = Ingested::default();
    for path in paths {
        let (file, sheets) = read_file(path)?;
        ingested.files.push(file);
        ingested.sheets.extend(sheets);
    }
    Ok(ingested)
}

/// Reads one file into its sheets.
///
/// A workbook yields one `RawSheet` per worksheet, hidden ones included and empty ones as sheets
/// without rows; chartsheets and other non-worksheet sheets are left out. A CSV/TSV file yields one.
pub fn read_file(path: &Path) -> Result<(InputFile, Vec<RawSheet>)> {
    let shown = path.display().to_string();
    let fail = |reason: String| KpiError::input(shown.clone(), reason);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let Some(ext) = extension_of(path).filter(|ext| ACCEPTED_EXTENSIONS.contains(&ext.as_str()))
    else {
        return Err(fail(format!(
            "is not a file type kpibook reads; accepted types are {ACCEPTED_LIST}"
        )));
    };
    if name.starts_with("~$") {
        return Err(fail(
            "is an Office lock file left while the workbook is open in Excel, not a workbook; give the workbook itself"
                .to_string(),
        ));
    }
    let bytes = fs::read(path).map_err(|e| fail(describe_io_error(&e)))?;
    let file = InputFile {
        path: path.to_path_buf(),
        name: name.clone(),
        sha256: sha256_hex(&bytes),
    };

    let sheets = match ext.as_str() {
        "csv" | "tsv" => {
            let stem = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone());
            vec![delimited::read_delimited(&name, &stem, &ext, &bytes).map_err(fail)?]
        }
        _ => workbook::read_workbook(&name, &bytes).map_err(fail)?,
    };
    if sheets.iter().all(|sheet| sheet.rows.is_empty()) {
        return Err(fail("has no data: no sheet holds any cell".to_string()));
    }
    Ok((file, sheets))
}

fn describe_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "file not found".to_string(),
        io::ErrorKind::PermissionDenied => {
            "cannot be opened: permission denied (is it open in another program?)".to_string()
        }
        io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
        _ => format!("cannot be read: {error}"),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Builds a `RawSheet` from the non-empty cells of one sheet, given as absolute 0-based positions in
/// any order. Rows run from the topmost to the bottom-most non-empty cell, each trimmed after its
/// last non-empty cell, so memory follows the cells actually present, not the declared range.
/// Errs with a reason naming the far cell when the grid would exceed `MAX_SHEET_CELLS`.
fn build_sheet(
    file: &str,
    sheet: &str,
    mut cells: Vec<(u32, u32, Cell)>,
    date1904: bool,
    hidden: bool,
) -> std::result::Result<RawSheet, String> {
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

/// The reason for a sheet too large to load, naming its far cell.
fn too_large(sheet: &str, row: u32, col: u32) -> String {
    format!(
        "sheet '{sheet}' is too large to read (its used range reaches {}, over {MAX_SHEET_CELLS} cells); \
         delete the stray cells far from the data and save again",
        a1(row, col)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path, content: &[u8]) {
        fs::write(path, content).expect("write test file");
    }

    fn names(paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn input_reason(error: KpiError) -> String {
        match error {
            KpiError::Input { reason, .. } => reason,
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn folder_expands_to_accepted_files_sorted_skipping_lock_and_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b_deals.xlsx",
            "a_leads.CSV",
            "c_posts.tsv",
            "d.Xlsm",
            "e.ods",
            "f.xls",
            "~$b_deals.xlsx",
            ".~lock.b_deals.xlsx#",
            ".hidden.csv",
            "notes.txt",
            "report.pdf",
        ] {
            touch(&dir.path().join(name), b"x");
        }
        fs::create_dir(dir.path().join("sub.csv")).unwrap();
        touch(&dir.path().join("sub.csv").join("nested.csv"), b"x");

        let expanded = expand_inputs(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(
            names(&expanded),
            [
                "a_leads.CSV",
                "b_deals.xlsx",
                "c_posts.tsv",
                "d.Xlsm",
                "e.ods",
                "f.xls"
            ]
        );
    }

    #[test]
    fn folder_without_accepted_files_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("notes.txt"), b"x");
        touch(&dir.path().join("~$open.xlsx"), b"x");
        let reason = input_reason(expand_inputs(&[dir.path().to_path_buf()]).unwrap_err());
        assert!(
            reason.contains("no .xlsx/.xlsm/.xls/.ods/.csv/.tsv file in this folder"),
            "{reason}"
        );
    }

    #[test]
    fn missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.xlsx");
        let error = expand_inputs(std::slice::from_ref(&missing)).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: file not found", missing.display())
        );
    }

    #[test]
    fn explicit_file_of_another_type_is_an_error_naming_the_accepted_types() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("report.pdf");
        touch(&pdf, b"%PDF");
        let reason = input_reason(expand_inputs(&[pdf]).unwrap_err());
        assert!(
            reason.contains(".xlsx, .xlsm, .xls, .ods, .csv and .tsv"),
            "{reason}"
        );
    }

    #[test]
    fn duplicate_paths_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let leads = dir.path().join("leads.csv");
        let deals = dir.path().join("deals.csv");
        touch(&leads, b"id\n1\n");
        touch(&deals, b"id\n2\n");
        let same_leads = dir.path().join(".").join("leads.csv");
        let expanded = expand_inputs(&[
            leads.clone(),
            same_leads,
            dir.path().to_path_buf(),
            leads.clone(),
        ])
        .unwrap();
        assert_eq!(expanded, vec![leads.clone(), deals.clone()]);

        let ingested = read_inputs(&expanded).unwrap();
        assert_eq!(ingested.files.len(), 2);
        assert_eq!(ingested.sheets.len(), 2);
    }

    #[test]
    fn read_file_hashes_the_bytes_and_names_the_sheet_after_the_stem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("リード.csv");
        touch(&path, b"abc");
        let (file, sheets) = read_file(&path).unwrap();
        assert_eq!(file.name, "リード.csv");
        assert_eq!(file.path, path);
        // SHA-256 of "abc" (FIPS 180-2 example).
        assert_eq!(
            file.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].file, "リード.csv");
        assert_eq!(sheets[0].sheet, "リード");
        assert_eq!(sheets[0].rows, vec![vec![Cell::Text("abc".into())]]);
    }

    #[test]
    fn empty_csv_and_csv_of_blank_lines_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.csv");
        touch(&empty, b"");
        assert!(input_reason(read_file(&empty).unwrap_err()).contains("is empty"));
        let blank = dir.path().join("blank.csv");
        touch(&blank, b"\r\n,,\r\n");
        assert!(input_reason(read_file(&blank).unwrap_err()).contains("has no data"));
    }

    #[test]
    fn office_lock_file_given_explicitly_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("~$leads.xlsx");
        touch(&lock, b"\x0bsomeone");
        assert!(input_reason(read_file(&lock).unwrap_err()).contains("lock file"));
    }

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
        assert!(
            reason.contains("sheet 'Data'") && reason.contains("XFD1048321"),
            "{reason}"
        );
    }
}
