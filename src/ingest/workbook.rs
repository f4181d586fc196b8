//! Workbooks (`.xlsx` `.xlsm` `.xls` `.ods`) through calamine, turned into `RawSheet`s of `Cell`s.
//! The format is told by the file's content, not its name, so a renamed workbook still reads.
//! Not for CSV/TSV (see `delimited`) nor for anything about tables or fields.

use std::fmt::Display;
use std::io::{Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{
    CellErrorType, Data, Ods, OdsError, Range, Reader, Sheet, SheetType, SheetVisible, Xls,
    XlsError, Xlsx, XlsxError,
};
use chrono::{NaiveDate, NaiveDateTime};

use super::{build_sheet, too_large, RawSheet, MAX_SHEET_CELLS};
use crate::cell::Cell;

/// The reason given for an encrypted workbook, whatever its format.
const ENCRYPTED: &str =
    "the file is password-protected (encrypted); save an unprotected copy and try again";

/// Zip local file header: `.xlsx`, `.xlsm` and `.ods` are zip packages.
const ZIP_MAGIC: &[u8] = b"PK";
/// Compound File Binary header: `.xls`, and encrypted OOXML (an `EncryptedPackage` stream inside).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why streaming a sheet stopped early.
const TOO_MANY_CELLS: &str = "more cells than kpibook reads in one sheet";

/// Cells of one sheet at absolute 0-based (row, column) positions.
type SheetCells = Vec<(u32, u32, Cell)>;

/// Reads every worksheet of a workbook held in `bytes`. `file` is the name put into each sheet.
/// Errs with one sentence (without the file name) when the workbook cannot be used.
pub(super) fn read_workbook(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, String> {
    // calamine can panic on some malformed files; a panic here is one more unreadable file.
    // (`main` installs a quiet panic hook, so nothing is printed.)
    match catch_unwind(AssertUnwindSafe(|| read_by_content(file, bytes))) {
        Ok(result) => result,
        Err(_) => Err(unreadable("the reader stopped on malformed content")),
    }
}

fn read_by_content(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, String> {
    if bytes.is_empty() {
        Err(unreadable("the file is empty (0 bytes)"))
    } else if bytes.starts_with(ZIP_MAGIC) {
        check_unpacked_size(bytes)?;
        if is_ods_package(bytes) {
            read_ods(file, bytes)
        } else {
            read_xlsx(file, bytes)
        }
    } else if bytes.starts_with(CFB_MAGIC) {
        check_compound_file(bytes)?;
        // calamine's xlsx reader is what recognises an encrypted OOXML package inside a CFB file.
        if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes)) {
            return Err(ENCRYPTED.to_string());
        }
        read_xls(file, bytes)
    } else {
        Err(unreadable(describe_foreign_content(bytes)))
    }
}

/// The most a workbook package may unpack to, as its zip directory declares: far above any sheet
/// that fits Excel's grid with real data (a full 1,048,576-row export is a few hundred MB of XML).
pub const MAX_UNPACKED_BYTES: u64 = 4 << 30;

/// A part that inflates more than this many times its packed size is not a spreadsheet part
/// (XML packs 5-50 times; deflate's ceiling is about 1,030).
const MAX_PACKING_RATIO: u64 = 500;

/// Refuses a zip package whose directory declares more than `MAX_UNPACKED_BYTES` in all, or a
/// large part packed beyond `MAX_PACKING_RATIO`: a zip bomb, or a damaged directory. Checked from
/// the central directory before anything is inflated. A damaged directory is left to calamine,
/// which says so in its own words.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let Some(mut archive) = zip_package(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else {
            continue;
        };
        let (packed, unpacked) = (entry.compressed_size(), entry.size());
        total = total.saturating_add(unpacked);
        let suspicious_ratio = unpacked > 64 << 20 && unpacked / packed.max(1) > MAX_PACKING_RATIO;
        if total > MAX_UNPACKED_BYTES || suspicious_ratio {
            return Err(unreadable(format!(
                "its zip package declares {} MB of content in {} MB ({} alone unpacks {} MB), which no spreadsheet needs; the file is damaged or a zip bomb",
                total.max(unpacked) >> 20,
                bytes.len() >> 20,
                entry.name().map(|n| n.to_string()).unwrap_or_default(),
                unpacked >> 20
            )));
        }
    }
    Ok(())
}

/// The zip directory of a package, read without inflating anything; `None` when it is not a zip.
fn zip_package<R: Read + Seek>(reader: R) -> Option<zip::ZipArchive<R>> {
    zip::ZipArchive::new(reader).ok()
}

/// The custom document property that marks a workbook written by kpibook (its value is the
/// version that wrote it). `report` sets it; ingest skips a workbook that carries it.
pub const REPORT_PROPERTY: &str = "kpibook_report";

/// Whether a workbook package carries `REPORT_PROPERTY` in `docProps/custom.xml`: only that small
/// part is inflated (at most 1 MB of it is looked at), no sheet is loaded.
pub(super) fn is_kpibook_report<R: Read + Seek>(reader: R) -> bool {
    let Some(mut archive) = zip_package(reader) else {
        return false;
    };
    let Ok(part) = archive.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    if part.take(1 << 20).read_to_end(&mut xml).is_err() {
        return false;
    }
    let marker = format!("name=\"{REPORT_PROPERTY}\"");
    xml.windows(marker.len())
        .any(|window| window == marker.as_bytes())
}

/// Refuses a Compound File (`.xls`, encrypted OOXML) whose sector chains loop or point outside
/// the file, before calamine walks them: its reader follows a looping chain until memory runs
/// out. The `cfb` crate validates the allocation tables on opening and every stream's chain
/// when the stream is opened.
fn check_compound_file(bytes: &[u8]) -> Result<(), String> {
    let damaged = |e: std::io::Error| {
        unreadable(format!(
            "its compound-file structure is damaged ({})",
            one_line(&e)
        ))
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let streams: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|entry| entry.is_stream())
        .map(|entry| entry.path().to_path_buf())
        .collect();
    for path in &streams {
        let mut stream = file.open_stream(path).map_err(damaged)?;
        // The sheets of an .xls live in its `Workbook` stream (`Book` in BIFF5).
        if path.as_os_str() == "/Workbook" || path.as_os_str() == "/Book" {
            let mut records = Vec::new();
            stream.read_to_end(&mut records).map_err(damaged)?;
            check_xls_dimensions(&records)?;
        }
    }
    Ok(())
}

/// The largest grid an `.xls` (BIFF8) sheet can have: 65,536 rows by 256 columns.
const XLS_MAX_ROWS: u64 = 65_536;
const XLS_MAX_COLUMNS: u64 = 256;

/// Refuses an `.xls` whose Dimensions record declares a used range beyond the format's grid:
/// calamine reserves memory for every cell of the declared range before reading one, so a damaged
/// record asks for hundreds of gigabytes. Looks at the records met reading the stream from its
/// start and from each sheet's recorded offset (BoundSheet8) to its EOF record, where calamine
/// reads them. In a sound file those sheet reads cover the stream about once; sheets that point
/// into each other and never end (a crafted file) are refused once they cover it four times.
fn check_xls_dimensions(stream: &[u8]) -> Result<(), String> {
    const BOUND_SHEET: u16 = 0x0085;
    const EOF: u16 = 0x000A;
    let mut sheet_offsets = std::collections::BTreeSet::new();
    for (typ, data) in biff_records(stream, 0) {
        if typ == BOUND_SHEET && data.len() >= 4 {
            sheet_offsets.insert(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
        }
        check_dimensions(typ, data)?;
    }
    let budget = stream.len().saturating_mul(4);
    let mut walked = 0usize;
    for start in sheet_offsets {
        for (typ, data) in biff_records(stream, start) {
            walked += 4 + data.len();
            if walked > budget {
                return Err(unreadable(
                    "its sheets' records overlap without end; the file is damaged",
                ));
            }
            if typ == EOF {
                break;
            }
            check_dimensions(typ, data)?;
        }
    }
    Ok(())
}

/// Refuses a Dimensions record declaring more rows or columns than an `.xls` sheet has.
fn check_dimensions(typ: u16, data: &[u8]) -> Result<(), String> {
    const DIMENSIONS: u16 = 0x0200;
    if typ != DIMENSIONS {
        return Ok(());
    }
    match xls_declared_grid(data) {
        Some((rows, columns)) if rows > XLS_MAX_ROWS || columns > XLS_MAX_COLUMNS => {
            Err(unreadable(format!(
                "a sheet declares a used range of {rows} rows by {columns} columns, \
                 beyond the .xls grid of 65,536 by 256; the file is damaged"
            )))
        }
        _ => Ok(()),
    }
}

/// The BIFF records of `stream` from byte `start`: (type, data), until the stream ends or a
/// record's length runs past it.
fn biff_records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(start..).unwrap_or_default();
    std::iter::from_fn(move || {
        let header = rest.get(..4)?;
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// Rows and columns of a Dimensions record's range, counted the way calamine counts them
/// (32-bit wrap-around included) before it reserves room for that many cells.
fn xls_declared_grid(data: &[u8]) -> Option<(u64, u64)> {
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let (first_row, last_row_plus_1, mut first_col, last_col_plus_1) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return None,
    };
    if first_col > 0xFF || last_col_plus_1 < first_col {
        first_col = 0;
    }
    if last_row_plus_1 == 0 || last_col_plus_1 == 0 {
        return Some((1, 1));
    }
    let rows = (last_row_plus_1 - 1)
        .wrapping_sub(first_row)
        .wrapping_add(1);
    let columns = (last_col_plus_1 - 1)
        .wrapping_sub(first_col)
        .wrapping_add(1);
    Some((u64::from(rows), u64::from(columns)))
}

/// An OpenDocument package stores its uncompressed `mimetype` entry first, so its name sits right
/// after the 30-byte local header.
fn is_ods_package(bytes: &[u8]) -> bool {
    bytes.get(30..38) == Some(b"mimetype".as_slice())
}

fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, String> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| describe_xlsx_error(&e))?;
    let date1904 = workbook.has_1904_epoch();
    let mut sheets = Vec::new();
    for meta in worksheets(workbook.sheets_metadata()) {
        let cells = match xlsx_sheet_cells(&mut workbook, &meta.name) {
            Ok(Some(cells)) => cells,
            // A sheet listed as a worksheet that turns out to hold a chart.
            Ok(None) => continue,
            Err(XlsxError::Unexpected(TOO_MANY_CELLS)) => {
                return Err(format!(
                    "sheet '{}' holds more than {MAX_SHEET_CELLS} cells, too many to read",
                    meta.name
                ))
            }
            Err(e) => return Err(sheet_unreadable(&meta.name, describe_xlsx_detail(&e))),
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

fn read_xls(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, String> {
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

fn read_ods(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, String> {
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
fn dense_range_cells(sheet: &str, range: &Range<Data>, ods: bool) -> Result<SheetCells, String> {
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

/// Converts one calamine value into the internal `Cell`.
///
/// Dates marked by their number format become `DateTime` (the workbook's 1900 or 1904 system is
/// applied by calamine); ISO date cells become `DateTime` when they hold a date. A time of day
/// (a date-formatted serial below 1, Excel's day "1900-01-00"), a duration (`[h]:mm:ss` formats,
/// ODS time values) and an ISO time-only value become `Text` as a person reads them (`9:00:00`,
/// `255:10:10`): no canonical field is a time or a duration, and a time must not pass for a date in
/// 1899 in a date column.
pub(super) fn cell_from_data(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(value) => Cell::Number(value as f64),
        Data::Float(value) => Cell::Number(value),
        Data::String(text) if text.is_empty() => Cell::Empty,
        Data::String(text) => Cell::Text(text),
        Data::Bool(value) => Cell::Bool(value),
        Data::DateTime(serial) if serial.is_duration() || (0.0..1.0).contains(&serial.as_f64()) => {
            Cell::Text(format_duration_days(serial.as_f64()))
        }
        Data::DateTime(serial) => match serial.as_datetime() {
            Some(at) => Cell::DateTime(at),
            None => Cell::Number(serial.as_f64()),
        },
        Data::DateTimeIso(text) => match parse_iso_datetime(&text) {
            Some(at) => Cell::DateTime(at),
            None => Cell::Text(text),
        },
        Data::DurationIso(text) => {
            Cell::Text(parse_iso_duration_seconds(&text).map_or(text, format_duration_seconds))
        }
        Data::Error(error) => Cell::Error(excel_error_spelling(&error).to_string()),
    }
}

/// Excel's own spelling of an error value (calamine shows `GettingData` as `#DATA!`).
fn excel_error_spelling(error: &CellErrorType) -> &'static str {
    match error {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// Error values as Excel and LibreOffice spell them in a cell.
const ERROR_SPELLINGS: [&str; 15] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
];

/// calamine reads an ODS error cell as the text it shows (`#DIV/0!`, or LibreOffice's `Err:502`);
/// such text becomes the error value it is, so it is never read as data.
fn ods_error_value(cell: Cell) -> Cell {
    match cell {
        Cell::Text(text) if is_error_spelling(&text) => Cell::Error(text),
        other => other,
    }
}

fn is_error_spelling(text: &str) -> bool {
    let libreoffice_code = text
        .strip_prefix("Err:")
        .is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()));
    libreoffice_code || ERROR_SPELLINGS.contains(&text)
}

/// Parses an ISO 8601 date or date-time (`2021-01-01`, `2021-01-01T10:10:10[.fff][Z]`).
fn parse_iso_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches('Z');
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0);
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

/// Parses an ISO 8601 duration such as `PT10H10M10S` or `P1DT2H` into seconds.
fn parse_iso_duration_seconds(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((date, time)) => (date, time),
        None => (rest, ""),
    };
    let mut seconds = 0.0;
    for (part, units) in [
        (date_part, &[('D', 86_400.0)][..]),
        (time_part, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut number = String::new();
        for ch in part.chars() {
            if ch.is_ascii_digit() || ch == '.' {
                number.push(ch);
            } else {
                let unit = units.iter().find(|(letter, _)| *letter == ch)?.1;
                seconds += number.parse::<f64>().ok()? * unit;
                number.clear();
            }
        }
        if !number.is_empty() {
            return None;
        }
    }
    Some(if negative { -seconds } else { seconds })
}

fn format_duration_days(days: f64) -> String {
    format_duration_seconds(days * 86_400.0)
}

/// `[h]:mm:ss` as Excel shows an elapsed-time cell (and `h:mm:ss` a time of day), to the second.
fn format_duration_seconds(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    let total = seconds.abs().round() as u64;
    format!(
        "{sign}{}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

/// `cannot be read as an Excel/ODS workbook: <reason>`.
fn unreadable(reason: impl Display) -> String {
    format!("cannot be read as an Excel/ODS workbook: {reason}")
}

fn sheet_unreadable(sheet: &str, detail: String) -> String {
    unreadable(format!("sheet '{sheet}' is damaged ({detail})"))
}

fn describe_xlsx_error(error: &XlsxError) -> String {
    match error {
        XlsxError::Password => ENCRYPTED.to_string(),
        XlsxError::FileNotFound(part) => unreadable(format!(
            "the zip package has no {part}, so it is not an Excel workbook"
        )),
        _ => unreadable(describe_xlsx_detail(error)),
    }
}

fn describe_xlsx_detail(error: &XlsxError) -> String {
    match error {
        XlsxError::Zip(zip) => format!(
            "the zip container is damaged or incomplete ({})",
            one_line(zip)
        ),
        XlsxError::Io(io) => format!(
            "the content ends early or cannot be read ({})",
            one_line(io)
        ),
        // A part that does not inflate surfaces as an XML I/O error.
        XlsxError::Xml(_) if one_line(error).contains("I/O error") => {
            format!(
                "the zip container is damaged or incomplete ({})",
                one_line(error)
            )
        }
        XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_) => {
            format!("its XML is malformed ({})", one_line(error))
        }
        _ => describe_detail(error),
    }
}

fn describe_xls_error(error: &XlsError) -> String {
    match error {
        XlsError::Password => ENCRYPTED.to_string(),
        XlsError::Cfb(_) | XlsError::Io(_) => unreadable(format!(
            "the .xls container is damaged or incomplete ({})",
            one_line(error)
        )),
        _ => unreadable(describe_detail(error)),
    }
}

fn describe_ods_error(error: &OdsError) -> String {
    match error {
        OdsError::Password => ENCRYPTED.to_string(),
        // calamine shows these two with Debug text.
        OdsError::Zip(zip) => unreadable(format!("the zip container is damaged or incomplete ({})", one_line(zip))),
        OdsError::InvalidMime(_) => unreadable("the package is an OpenDocument file but not a spreadsheet"),
        OdsError::CellLimitExceeded { .. } => unreadable(format!(
            "a sheet is too large to read (over {MAX_SHEET_CELLS} cells); delete the stray cells far from the data and save again"
        )),
        _ => unreadable(describe_detail(error)),
    }
}

/// calamine's own wording as one short clause; Debug-looking text is left out.
fn describe_detail(error: &impl Display) -> String {
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

/// Display text on one line, without control characters or a final period, at most 160 characters.
fn one_line(value: &impl Display) -> String {
    let text: String = value
        .to_string()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 160 {
        line = line.chars().take(157).collect::<String>() + "...";
    }
    line.trim_end_matches('.').to_string()
}

/// Why bytes that are neither a zip nor a CFB container are no workbook, guessed from the start.
fn describe_foreign_content(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(4096)];
    let head_text = String::from_utf8_lossy(head).to_lowercase();
    let start = head_text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<')
        && ["<html", "<table", "<!doctype html"]
            .iter()
            .any(|tag| head_text.contains(tag))
    {
        "the file is a web page (HTML) saved under a spreadsheet name; open it in Excel and save it as .xlsx"
    } else if head_text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        "the file is an Excel 2003 XML spreadsheet; open it in Excel and save it as .xlsx"
    } else if looks_like_text(head) {
        "the file holds plain text, not a workbook (a CSV file must be named .csv)"
    } else {
        "the content is not in .xlsx, .xls or .ods format"
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
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    /// One BIFF record: type, length, data.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend_from_slice(&(data.len() as u16).to_le_bytes());
        bytes.extend_from_slice(data);
        bytes
    }

    /// A BIFF8 Dimensions record: first row, last row + 1, first column, last column + 1.
    fn dimensions(rows: (u32, u32), cols: (u16, u16)) -> Vec<u8> {
        let mut data = rows.0.to_le_bytes().to_vec();
        data.extend_from_slice(&rows.1.to_le_bytes());
        data.extend_from_slice(&cols.0.to_le_bytes());
        data.extend_from_slice(&cols.1.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        record(0x0200, &data)
    }

    fn bound_sheet(offset: u32) -> Vec<u8> {
        let mut data = offset.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, 1, 0, b'S']);
        record(0x0085, &data)
    }

    #[test]
    fn xls_dimensions_within_the_grid_pass_and_beyond_it_are_refused() {
        let sound = [dimensions((0, 65_536), (0, 256)), record(0x000A, &[])].concat();
        assert_eq!(check_xls_dimensions(&sound), Ok(()));
        let tall = dimensions((0, 65_537), (0, 1));
        assert!(check_xls_dimensions(&tall)
            .unwrap_err()
            .contains("65537 rows"));
        // Last row before the first: calamine's 32-bit subtraction wraps to billions of rows.
        let wrapped = dimensions((10, 5), (0, 1));
        assert!(check_xls_dimensions(&wrapped).is_err());
    }

    #[test]
    fn xls_sheets_are_checked_from_their_recorded_offsets_and_overlapping_ones_end() {
        // The globals name a sheet at an offset the sequential walk does not land on (inside the
        // data of a record), where a bad Dimensions record hides.
        let hidden = dimensions((0, u32::MAX), (0, 1));
        let filler = record(0x00FC, &hidden);
        let globals_len = bound_sheet(0).len() + record(0x000A, &[]).len();
        let offset = (globals_len + 4) as u32;
        let stream = [bound_sheet(offset), record(0x000A, &[]), filler].concat();
        assert!(check_xls_dimensions(&stream).is_err());

        // A sheet pointing back at the globals is read once, not again and again.
        let looping = [bound_sheet(0), record(0x000A, &[])].concat();
        assert_eq!(check_xls_dimensions(&looping), Ok(()));

        // Hundreds of sheets pointing into one long EOF-less run: refused, not walked for minutes.
        let sheets: Vec<u8> = (0..300).flat_map(|i| bound_sheet(4 * i)).collect();
        let run: Vec<u8> = (0..2_000).flat_map(|_| record(0x0001, &[])).collect();
        let crafted = [sheets, run].concat();
        assert!(check_xls_dimensions(&crafted)
            .unwrap_err()
            .contains("overlap"));
    }

    #[test]
    fn numbers_text_and_bools_convert() {
        assert_eq!(cell_from_data(Data::Int(15)), Cell::Number(15.0));
        assert_eq!(
            cell_from_data(Data::Float(0.525625)),
            Cell::Number(0.525625)
        );
        assert_eq!(
            cell_from_data(Data::String("  a ".into())),
            Cell::Text("  a ".into())
        );
        assert_eq!(cell_from_data(Data::String(String::new())), Cell::Empty);
        assert_eq!(cell_from_data(Data::Bool(true)), Cell::Bool(true));
    }

    #[test]
    fn serial_dates_use_the_workbook_date_system() {
        let at =
            |y, m, d| NaiveDate::from_ymd_opt(y, m, d).and_then(|date| date.and_hms_opt(0, 0, 0));
        let date_1900 = ExcelDateTime::new(44197.0, ExcelDateTimeType::DateTime, false);
        let date_1904 = ExcelDateTime::new(42735.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(
            cell_from_data(Data::DateTime(date_1900)),
            Cell::DateTime(at(2021, 1, 1).unwrap())
        );
        assert_eq!(
            cell_from_data(Data::DateTime(date_1904)),
            Cell::DateTime(at(2021, 1, 1).unwrap())
        );
    }

    #[test]
    fn durations_become_elapsed_time_text() {
        let duration = ExcelDateTime::new(10.632060185185185, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(
            cell_from_data(Data::DateTime(duration)),
            Cell::Text("255:10:10".into())
        );
        assert_eq!(
            cell_from_data(Data::DurationIso("PT10H10M10S".into())),
            Cell::Text("10:10:10".into())
        );
        assert_eq!(
            cell_from_data(Data::DurationIso("PT10H10M10.6S".into())),
            Cell::Text("10:10:11".into())
        );
        assert_eq!(
            cell_from_data(Data::DurationIso("P1DT2H".into())),
            Cell::Text("26:00:00".into())
        );
        assert_eq!(
            cell_from_data(Data::DurationIso("P1Y".into())),
            Cell::Text("P1Y".into())
        );
    }

    #[test]
    fn times_of_day_become_text_not_dates_in_1899() {
        let nine = ExcelDateTime::new(0.375, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            cell_from_data(Data::DateTime(nine)),
            Cell::Text("9:00:00".into())
        );
        let midnight = ExcelDateTime::new(0.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(
            cell_from_data(Data::DateTime(midnight)),
            Cell::Text("0:00:00".into())
        );
        let noon_on_a_day = ExcelDateTime::new(44197.5, ExcelDateTimeType::DateTime, false);
        assert!(matches!(
            cell_from_data(Data::DateTime(noon_on_a_day)),
            Cell::DateTime(_)
        ));
    }

    #[test]
    fn iso_cells_parse_to_datetimes_or_stay_text() {
        let parsed = |text: &str| cell_from_data(Data::DateTimeIso(text.into()));
        let noon =
            NaiveDate::from_ymd_opt(2021, 1, 1).and_then(|date| date.and_hms_opt(10, 10, 10));
        assert_eq!(parsed("2021-01-01T10:10:10"), Cell::DateTime(noon.unwrap()));
        assert_eq!(
            parsed("2021-01-01T10:10:10Z"),
            Cell::DateTime(noon.unwrap())
        );
        assert!(
            matches!(parsed("2021-01-01"), Cell::DateTime(at) if at.to_string() == "2021-01-01 00:00:00")
        );
        assert_eq!(parsed("10:10:10"), Cell::Text("10:10:10".into()));
    }

    #[test]
    fn error_values_keep_excel_spelling() {
        assert_eq!(
            cell_from_data(Data::Error(CellErrorType::Div0)),
            Cell::Error("#DIV/0!".into())
        );
        assert_eq!(
            cell_from_data(Data::Error(CellErrorType::GettingData)),
            Cell::Error("#GETTING_DATA".into())
        );
    }

    #[test]
    fn ods_error_text_becomes_an_error_value() {
        assert_eq!(
            ods_error_value(Cell::Text("#N/A".into())),
            Cell::Error("#N/A".into())
        );
        assert_eq!(
            ods_error_value(Cell::Text("Err:502".into())),
            Cell::Error("Err:502".into())
        );
        assert_eq!(
            ods_error_value(Cell::Text("Err:5021".into())),
            Cell::Text("Err:5021".into())
        );
        assert_eq!(
            ods_error_value(Cell::Text("#N/A note".into())),
            Cell::Text("#N/A note".into())
        );
    }

    #[test]
    fn foreign_content_is_named() {
        assert!(
            describe_foreign_content(b"<html><table><tr><td>1</td></tr></table></html>")
                .contains("HTML")
        );
        assert!(
            describe_foreign_content("リードID,獲得日\nL001,2025/4/1\n".as_bytes())
                .contains("plain text")
        );
        assert!(describe_foreign_content(&[0x00, 0x9F, 0x12, 0x01, 0x02]).contains("not in .xlsx"));
    }

    fn workbook_with(properties: rust_xlsxwriter::DocProperties) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.set_properties(&properties);
        workbook
            .add_worksheet()
            .write_string(0, 0, "lead_id")
            .unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn a_workbook_with_the_report_property_is_told_from_one_without() {
        use rust_xlsxwriter::DocProperties;
        let report = workbook_with(
            DocProperties::new()
                .set_author("kpibook")
                .set_custom_property(REPORT_PROPERTY, "0.1.0"),
        );
        assert!(is_kpibook_report(Cursor::new(report.as_slice())));

        // The author alone, or another custom property, is not the mark.
        let by_name = workbook_with(DocProperties::new().set_author("kpibook"));
        assert!(!is_kpibook_report(Cursor::new(by_name.as_slice())));
        let other = workbook_with(DocProperties::new().set_custom_property("kpibook", "0.1.0"));
        assert!(!is_kpibook_report(Cursor::new(other.as_slice())));

        // Not a zip at all, or a damaged one.
        assert!(!is_kpibook_report(Cursor::new(b"lead_id\nL1\n".as_slice())));
        assert!(!is_kpibook_report(Cursor::new(&report[..report.len() / 2])));
    }
}
