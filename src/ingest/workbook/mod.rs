//! Workbooks (`.xlsx` `.xlsm` `.xls` `.ods`) through calamine, and Excel 2003 XML spreadsheets
//! through `spreadsheetml`, turned into `RawSheet`s of `Cell`s. The format is told by the file's
//! content, not its name, so a renamed workbook still reads (Facebook names its XML export `.xls`);
//! the bytes pass the checks of `guard` first, and each value becomes a `Cell` in `convert`. Not
//! for CSV/TSV (see `delimited`) nor for anything about tables or fields.

mod guard;
mod spreadsheetml;

pub(super) use guard::is_kpibook_report;
pub use guard::REPORT_PROPERTY;
pub(super) use spreadsheetml::{has_spreadsheetml_root, HEAD_BYTES};

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{
    Data, Ods, OdsError, Range, Reader, Sheet, SheetType, SheetVisible, Xls, XlsError, Xlsx,
    XlsxError,
};

use super::raw::{build_sheet, too_large, RawSheet};
use crate::cell::Cell;
use crate::ingest::convert::{cell_from_data, ods_error_value};
use crate::ingest_error::{one_line, ForeignKind, IngestError, Unreadable, MAX_SHEET_CELLS};

/// Zip local file header: `.xlsx`, `.xlsm` and `.ods` are zip packages.
const ZIP_MAGIC: &[u8] = b"PK";
/// Compound File Binary header: `.xls`, and encrypted OOXML (an `EncryptedPackage` stream inside).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why streaming a sheet stopped early.
const TOO_MANY_CELLS: &str = "more cells than kpibook reads in one sheet";

/// Cells of one sheet at absolute 0-based (row, column) positions.
type SheetCells = Vec<(u32, u32, Cell)>;

/// Reads every worksheet of a workbook held in `bytes`. `file` is the name put into each sheet.
/// Errs with why (without the file name) when the workbook cannot be used.
pub(super) fn read_workbook(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    // calamine can panic on some malformed files; a panic here is one more unreadable file.
    // (`main` installs a quiet panic hook, so nothing is printed.)
    match catch_unwind(AssertUnwindSafe(|| read_by_content(file, bytes))) {
        Ok(result) => result,
        Err(_) => Err(IngestError::Unreadable(Unreadable::ReaderStopped)),
    }
}

/// Reads an Excel 2003 XML spreadsheet saved as `.xml` (the caller has seen its `Workbook` root),
/// whatever its first bytes are.
pub(super) fn read_xml_spreadsheet(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    match catch_unwind(AssertUnwindSafe(|| {
        spreadsheetml::read_spreadsheetml(file, bytes)
    })) {
        Ok(result) => result,
        Err(_) => Err(IngestError::Unreadable(Unreadable::ReaderStopped)),
    }
}

fn read_by_content(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    if bytes.is_empty() {
        Err(IngestError::Unreadable(Unreadable::Empty))
    } else if bytes.starts_with(ZIP_MAGIC) {
        guard::check_unpacked_size(bytes)?;
        if is_ods_package(bytes) {
            read_ods(file, bytes)
        } else {
            read_xlsx(file, bytes)
        }
    } else if bytes.starts_with(CFB_MAGIC) {
        guard::check_compound_file(bytes)?;
        // calamine's xlsx reader is what recognises an encrypted OOXML package inside a CFB file.
        if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes)) {
            return Err(IngestError::Encrypted);
        }
        read_xls(file, bytes)
    } else if spreadsheetml::starts_like_spreadsheetml(bytes) {
        spreadsheetml::read_spreadsheetml(file, bytes)
    } else {
        Err(IngestError::Unreadable(Unreadable::NotAWorkbook(
            describe_foreign_content(bytes),
        )))
    }
}

/// An OpenDocument package stores its uncompressed `mimetype` entry first, so its name sits right
/// after the 30-byte local header.
fn is_ods_package(bytes: &[u8]) -> bool {
    bytes.get(30..38) == Some(b"mimetype".as_slice())
}

fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| describe_xlsx_error(&e))?;
    let date1904 = workbook.has_1904_epoch();
    let mut sheets = Vec::new();
    for meta in worksheets(workbook.sheets_metadata()) {
        let cells = match xlsx_sheet_cells(&mut workbook, &meta.name) {
            Ok(Some(cells)) => cells,
            // A sheet listed as a worksheet that turns out to hold a chart.
            Ok(None) => continue,
            Err(XlsxError::Unexpected(TOO_MANY_CELLS)) => {
                return Err(IngestError::TooManyCells {
                    sheet: meta.name.clone(),
                })
            }
            Err(e) => return Err(sheet_unreadable(&meta.name, xlsx_fault(&e).to_string())),
        };
        sheets.push(build_sheet(
            file,
            &meta.name,
            cells,
            date1904,
            is_hidden(&meta),
        )?);
    }
    Ok(sheets)
}

/// Streams the cells of one xlsx worksheet, so only cells present in the file take memory
/// (`worksheet_range` would allocate the whole declared range). `None` for a non-worksheet part.
fn xlsx_sheet_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<Option<SheetCells>, XlsxError> {
    let mut reader = match workbook.worksheet_cells_reader(sheet) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    // Each `<c>` element in stream order, for the rare case below.
    let mut stream_index = 0usize;
    let mut indexed: Vec<(usize, u32, u32, Cell)> = Vec::new();
    // calamine knows only the seven classic error values; a cached #SPILL!, #CALC!, #GETTING_DATA,
    // #FIELD! ... makes `next_cell` fail for that one cell (and lose its position) but the stream
    // stays usable. Keep the value and its stream index, and place it from a second pass.
    let mut other_errors: Vec<(usize, String)> = Vec::new();
    loop {
        match reader.next_cell() {
            Ok(Some(cell)) => {
                let (row, col) = cell.get_position();
                let value = cell_from_data(Data::from(cell.get_value().clone()));
                if value != Cell::Empty {
                    indexed.push((stream_index, row, col, value));
                }
                // Memory stays bounded whatever the file holds; `build_sheet` would refuse the
                // sheet anyway.
                if indexed.len() as u64 > MAX_SHEET_CELLS {
                    return Err(XlsxError::Unexpected(TOO_MANY_CELLS));
                }
            }
            Ok(None) => break,
            Err(XlsxError::CellError(text)) => other_errors.push((stream_index, text)),
            Err(e) => return Err(e),
        }
        stream_index += 1;
    }
    drop(reader);
    if other_errors.is_empty() {
        return Ok(Some(
            indexed
                .into_iter()
                .map(|(_, row, col, value)| (row, col, value))
                .collect(),
        ));
    }

    // Second pass: `next_formula` yields every `<c>` with its position without reading values.
    // Cells without an `r` attribute after a failed one were misplaced by one column in the first
    // pass, so every position is taken from this pass.
    let mut positions = Vec::with_capacity(stream_index);
    let mut reader = workbook.worksheet_cells_reader(sheet)?;
    while let Some(cell) = reader.next_formula()? {
        positions.push(cell.get_position());
    }
    let mut cells = Vec::with_capacity(indexed.len() + other_errors.len());
    let errors = other_errors
        .into_iter()
        .map(|(index, text)| (index, Cell::Error(text)));
    let values = indexed
        .into_iter()
        .map(|(index, _, _, value)| (index, value));
    for (index, value) in values.chain(errors) {
        let Some(&(row, col)) = positions.get(index) else {
            return Err(XlsxError::Unexpected(
                "cell positions differ between two reads of the sheet",
            ));
        };
        cells.push((row, col, value));
    }
    Ok(Some(cells))
}

fn read_xls(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    // calamine parses every sheet of an .xls when opening it; a BIFF8 sheet has at most
    // 65,536 x 256 cells, below MAX_SHEET_CELLS, so its dense ranges stay bounded.
    let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|e| describe_xls_error(&e))?;
    let date1904 = workbook.has_1904_epoch();
    let mut sheets = Vec::new();
    for meta in worksheets(workbook.sheets_metadata()) {
        let range = workbook
            .worksheet_range(&meta.name)
            .map_err(|e| sheet_unreadable(&meta.name, describe_detail(&e)))?;
        let cells = dense_range_cells(&meta.name, &range, false)?;
        sheets.push(build_sheet(
            file,
            &meta.name,
            cells,
            date1904,
            is_hidden(&meta),
        )?);
    }
    Ok(sheets)
}

fn read_ods(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    // calamine parses every sheet of an .ods when opening it, expanding repeated rows and columns
    // into dense ranges; it refuses sheets over 100 million cells itself (`CellLimitExceeded`).
    let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|e| describe_ods_error(&e))?;
    let mut sheets = Vec::new();
    for meta in worksheets(workbook.sheets_metadata()) {
        let range = workbook
            .worksheet_range(&meta.name)
            .map_err(|e| sheet_unreadable(&meta.name, describe_detail(&e)))?;
        let cells = dense_range_cells(&meta.name, &range, true)?;
        // ODS dates arrive as ISO dates, never as serials, so the 1904 system never applies.
        sheets.push(build_sheet(
            file,
            &meta.name,
            cells,
            false,
            is_hidden(&meta),
        )?);
    }
    Ok(sheets)
}

/// Worksheets only: chartsheets, dialog and macro sheets hold no table.
fn worksheets(metadata: &[Sheet]) -> Vec<Sheet> {
    metadata
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .cloned()
        .collect()
}

fn is_hidden(sheet: &Sheet) -> bool {
    sheet.visible != SheetVisible::Visible
}

/// The non-empty cells of a dense calamine range, at absolute positions.
fn dense_range_cells(
    sheet: &str,
    range: &Range<Data>,
    ods: bool,
) -> Result<SheetCells, IngestError> {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Ok(Vec::new());
    };
    let (height, width) = range.get_size();
    if (height as u64).saturating_mul(width as u64) > MAX_SHEET_CELLS {
        return Err(too_large(sheet, end.0, end.1));
    }
    let cells = range
        .used_cells()
        .map(|(row, col, data)| {
            let cell = cell_from_data(data.clone());
            let cell = if ods { ods_error_value(cell) } else { cell };
            (start.0 + row as u32, start.1 + col as u32, cell)
        })
        .collect();
    Ok(cells)
}

fn sheet_unreadable(sheet: &str, detail: String) -> IngestError {
    IngestError::Unreadable(Unreadable::DamagedSheet {
        sheet: sheet.to_string(),
        detail,
    })
}

fn describe_xlsx_error(error: &XlsxError) -> IngestError {
    match error {
        XlsxError::Password => IngestError::Encrypted,
        XlsxError::FileNotFound(part) => IngestError::Unreadable(Unreadable::NotAWorkbook(
            ForeignKind::ZipWithout(part.to_string()),
        )),
        _ => IngestError::Unreadable(xlsx_fault(error)),
    }
}

/// What is wrong inside an xlsx package, from calamine's error.
fn xlsx_fault(error: &XlsxError) -> Unreadable {
    let damaged = |detail| Unreadable::DamagedContainer { detail };
    match error {
        XlsxError::Zip(zip) => damaged(format!(
            "the zip container is damaged or incomplete ({})",
            one_line(zip)
        )),
        XlsxError::Io(io) => damaged(format!(
            "the content ends early or cannot be read ({})",
            one_line(io)
        )),
        // A part that does not inflate surfaces as an XML I/O error.
        XlsxError::Xml(_) if one_line(error).contains("I/O error") => damaged(format!(
            "the zip container is damaged or incomplete ({})",
            one_line(error)
        )),
        XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_) => {
            Unreadable::Malformed(format!("its XML is malformed ({})", one_line(error)))
        }
        _ => Unreadable::Malformed(describe_detail(error)),
    }
}

fn describe_xls_error(error: &XlsError) -> IngestError {
    match error {
        XlsError::Password => IngestError::Encrypted,
        XlsError::Cfb(_) | XlsError::Io(_) => {
            IngestError::Unreadable(Unreadable::DamagedContainer {
                detail: format!(
                    "the .xls container is damaged or incomplete ({})",
                    one_line(error)
                ),
            })
        }
        _ => IngestError::Unreadable(Unreadable::Malformed(describe_detail(error))),
    }
}

fn describe_ods_error(error: &OdsError) -> IngestError {
    let unreadable = IngestError::Unreadable;
    match error {
        OdsError::Password => IngestError::Encrypted,
        // calamine shows these two with Debug text.
        OdsError::Zip(zip) => unreadable(Unreadable::DamagedContainer {
            detail: format!(
                "the zip container is damaged or incomplete ({})",
                one_line(zip)
            ),
        }),
        OdsError::InvalidMime(_) => unreadable(Unreadable::NotAWorkbook(
            ForeignKind::OpenDocumentNotSpreadsheet,
        )),
        OdsError::CellLimitExceeded { .. } => unreadable(Unreadable::OdsTooLarge),
        _ => unreadable(Unreadable::Malformed(describe_detail(error))),
    }
}

/// calamine's own wording as one short clause; Debug-looking text is left out.
fn describe_detail(error: &impl std::fmt::Display) -> String {
    let text = one_line(error);
    let debug_like = ["{", "Error(", "Bytes", "Some("]
        .iter()
        .any(|marker| text.contains(marker));
    if debug_like || text.is_empty() {
        "the content is malformed".to_string()
    } else {
        text
    }
}

/// Why bytes that are neither a zip, a CFB container nor XML are no workbook, guessed from the start.
fn describe_foreign_content(bytes: &[u8]) -> ForeignKind {
    let head = &bytes[..bytes.len().min(4096)];
    let head_text = String::from_utf8_lossy(head).to_lowercase();
    let start = head_text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<')
        && ["<html", "<table", "<!doctype html"]
            .iter()
            .any(|tag| head_text.contains(tag))
    {
        ForeignKind::Html
    } else if looks_like_text(head) {
        ForeignKind::PlainText
    } else {
        ForeignKind::Unknown
    }
}

/// No NUL byte and hardly any control characters other than tab and line breaks.
fn looks_like_text(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    !head.contains(&0) && controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_content_is_named() {
        assert_eq!(
            describe_foreign_content(b"<html><table><tr><td>1</td></tr></table></html>"),
            ForeignKind::Html
        );
        assert_eq!(
            describe_foreign_content("リードID,獲得日\nL001,2025/4/1\n".as_bytes()),
            ForeignKind::PlainText
        );
        assert_eq!(
            describe_foreign_content(&[0x00, 0x9F, 0x12, 0x01, 0x02]),
            ForeignKind::Unknown
        );
    }
}
