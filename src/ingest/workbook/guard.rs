//! Checks a workbook's bytes before calamine reads them, against files that would make it run
//! out of memory or loop: a zip package declaring gigabytes (a zip bomb), a compound file whose
//! sector chains loop, an `.xls` declaring a grid beyond its format. Also tells a workbook
//! kpibook wrote (the report mark in `docProps/custom.xml`) without loading any sheet.

use std::io::{Cursor, Read, Seek};

use crate::ingest_error::{one_line, IngestError, Unreadable};

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
pub(super) fn check_unpacked_size(bytes: &[u8]) -> Result<(), IngestError> {
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
            return Err(IngestError::Unreadable(Unreadable::ZipBomb {
                declared_mb: total.max(unpacked) >> 20,
                packed_mb: bytes.len() as u64 >> 20,
                part: entry.name().map(|n| n.to_string()).unwrap_or_default(),
                part_mb: unpacked >> 20,
            }));
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
pub(in crate::ingest) fn is_kpibook_report<R: Read + Seek>(reader: R) -> bool {
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
pub(super) fn check_compound_file(bytes: &[u8]) -> Result<(), IngestError> {
    let damaged = |e: std::io::Error| {
        damaged_container(format!(
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

fn damaged_container(detail: String) -> IngestError {
    IngestError::Unreadable(Unreadable::DamagedContainer { detail })
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
fn check_xls_dimensions(stream: &[u8]) -> Result<(), IngestError> {
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
                return Err(damaged_container(
                    "its sheets' records overlap without end; the file is damaged".to_string(),
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
fn check_dimensions(typ: u16, data: &[u8]) -> Result<(), IngestError> {
    const DIMENSIONS: u16 = 0x0200;
    if typ != DIMENSIONS {
        return Ok(());
    }
    match xls_declared_grid(data) {
        Some((rows, columns)) if rows > XLS_MAX_ROWS || columns > XLS_MAX_COLUMNS => {
            Err(IngestError::Unreadable(Unreadable::XlsGridTooLarge {
                rows,
                columns,
            }))
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            check_xls_dimensions(&tall),
            Err(IngestError::Unreadable(Unreadable::XlsGridTooLarge {
                rows: 65_537,
                columns: 1
            }))
        );
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
        assert!(matches!(
            check_xls_dimensions(&crafted),
            Err(IngestError::Unreadable(Unreadable::DamagedContainer { detail })) if detail.contains("overlap")
        ));
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
