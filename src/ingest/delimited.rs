//! CSV / TSV files -> one `RawSheet` of text cells. Detects the encoding (UTF-8 with or without BOM,
//! UTF-16 with BOM, else a guess that in practice is Shift_JIS / CP932, what Japanese Excel writes)
//! and the delimiter. Every field stays text; typing values is `schema`'s job.

use std::borrow::Cow;
use std::collections::HashMap;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::raw::RawSheet;
use crate::cell::Cell;
use crate::ingest_error::IngestError;

/// Reads one CSV/TSV file. `file` is the file name, `stem` the sheet name, `ext` the lower-case
/// extension (`tsv` means tab-delimited). Errs with why, without the file name.
pub(super) fn read_delimited(
    file: &str,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<RawSheet, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(IngestError::WorkbookNamedAsText {
            ext: ext.to_string(),
        });
    }
    let text = decode(bytes)?;
    if text.contains('\0') {
        return Err(IngestError::NulBytes);
    }
    // One line-break form, so quoted multi-line cells read the same from any platform.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.is_empty() {
        return Err(IngestError::OnlyByteOrderMark);
    }
    let delimiter = if ext == "tsv" {
        b'\t'
    } else {
        sniff_delimiter(&text)
    };
    Ok(RawSheet {
        file: file.to_string(),
        sheet: stem.to_string(),
        first_row: 0,
        first_col: 0,
        rows: parse_rows(&text, delimiter)?,
        date1904: false,
        hidden: false,
    })
}

/// Decodes the bytes, refusing to lose any: a byte sequence the detected encoding cannot decode is
/// an error naming that encoding, never a silent replacement character.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, IngestError> {
    let (encoding, body): (&'static Encoding, &[u8]) =
        if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            (UTF_8, body)
        } else if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
            (UTF_16LE, body)
        } else if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
            (UTF_16BE, body)
        } else if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(Cow::Borrowed(text));
        } else {
            (guess_legacy_encoding(bytes), bytes)
        };
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or(IngestError::Undecodable {
            encoding: encoding.name(),
        })
}

/// The most likely legacy encoding of bytes that are not UTF-8. The `jp` hint makes chardetng lean
/// to Shift_JIS (CP932 in encoding_rs) when the bytes fit several encodings.
fn guess_legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"jp"), Utf8Detection::Deny)
}

/// Comma, tab (Excel's "Unicode text", the UTF-16 CSVs of ad managers) or semicolon (European
/// Excel's CSV): the one that splits the most of the first 30 lines into the same number of
/// fields, counted outside double quotes, as table rows do. Title lines above an export's header
/// (`Report Start: 9/1/2026, 12:00 AM`) and commas inside quoted or decimal numbers split lines
/// unevenly and so do not decide. Ties go to comma, then tab; comma when no line has any.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .map(|line| line.split('"').step_by(2).collect())
        .collect();
    let mut best = (0, b',');
    for delimiter in [',', '\t', ';'] {
        let mut lines_per_count: HashMap<usize, usize> = HashMap::new();
        for line in &lines {
            let count = line.matches(delimiter).count();
            if count > 0 {
                *lines_per_count.entry(count).or_insert(0) += 1;
            }
        }
        let agreeing = lines_per_count.values().copied().max().unwrap_or(0);
        if agreeing > best.0 {
            best = (agreeing, delimiter as u8);
        }
    }
    best.1
}

/// Parses the records into rows as Excel shows them: blank lines stay as empty rows (the csv crate
/// skips them, so they are counted back from the record positions), trailing empty fields and
/// trailing blank lines are dropped. `text` uses `\n` line breaks only.
fn parse_rows(text: &str, delimiter: u8) -> Result<Vec<Vec<Cell>>, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(IngestError::Csv(e.to_string())),
        }
        // A record's position is where the reader started, before the blank lines it skipped.
        let start = record
            .position()
            .map_or(0, |position| position.byte() as usize);
        let skipped_blank_lines = text.as_bytes().get(start..).map_or(0, |rest| {
            rest.iter().take_while(|&&byte| byte == b'\n').count()
        });
        rows.extend(std::iter::repeat_with(Vec::new).take(skipped_blank_lines));
        let mut cells: Vec<Cell> = record
            .iter()
            .map(|field| {
                if field.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field.to_string())
                }
            })
            .collect();
        while cells.last() == Some(&Cell::Empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Cell {
        Cell::Text(value.to_string())
    }

    fn read(ext: &str, bytes: &[u8]) -> Result<RawSheet, IngestError> {
        read_delimited("leads.csv", "leads", ext, bytes)
    }

    fn japanese_leads() -> Vec<Vec<Cell>> {
        vec![
            vec![text("リードID"), text("獲得日")],
            vec![text("L001"), text("2025/4/1")],
        ]
    }

    const LEADS: &str = "リードID,獲得日\nL001,2025/4/1\n";

    #[test]
    fn utf8_without_bom() {
        assert_eq!(
            read("csv", LEADS.as_bytes()).unwrap().rows,
            japanese_leads()
        );
    }

    #[test]
    fn utf8_with_bom() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), LEADS.as_bytes()].concat();
        let sheet = read("csv", &bytes).unwrap();
        assert_eq!(sheet.rows, japanese_leads());
        assert_eq!(sheet.sheet, "leads");
        assert_eq!(
            (
                sheet.first_row,
                sheet.first_col,
                sheet.hidden,
                sheet.date1904
            ),
            (0, 0, false, false)
        );
    }

    #[test]
    fn utf16_le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(LEADS.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read("csv", &bytes).unwrap().rows, japanese_leads());
    }

    #[test]
    fn utf16_be_with_bom() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(LEADS.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(read("csv", &bytes).unwrap().rows, japanese_leads());
    }

    #[test]
    fn shift_jis_as_japanese_excel_writes_it() {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(LEADS);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the test needs bytes that are not UTF-8"
        );
        assert_eq!(read("csv", &bytes).unwrap().rows, japanese_leads());
    }

    #[test]
    fn shift_jis_with_cp932_extensions_and_crlf() {
        // ①, ㈱ and ＮＥＣ-selected IBM extensions exist only in CP932; Excel writes CRLF.
        let source = "会社名,メモ\r\n㈱サンプル,①初回\r\n髙橋商店,\"複数\r\n行\"\r\n";
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(source);
        assert!(!unmappable);
        let rows = read("csv", &bytes).unwrap().rows;
        assert_eq!(rows[1], vec![text("㈱サンプル"), text("①初回")]);
        assert_eq!(rows[2], vec![text("髙橋商店"), text("複数\n行")]);
    }

    #[test]
    fn shift_jis_with_half_width_katakana() {
        // Half-width katakana alone can pass for EUC-JP; a full-width header settles it.
        let source = "会社名,カナ\n1,ｶﾌﾞｼｷｶﾞｲｼｬ\n2,ﾄｳｷｮｳｼｮｳｼﾞ\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(source);
        let rows = read("csv", &bytes).unwrap().rows;
        assert_eq!(rows[1], vec![text("1"), text("ｶﾌﾞｼｷｶﾞｲｼｬ")]);
        assert_eq!(rows[2], vec![text("2"), text("ﾄｳｷｮｳｼｮｳｼﾞ")]);
    }

    #[test]
    fn shift_jis_with_an_invalid_byte_is_an_error_not_a_replacement_character() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(LEADS);
        let mut bytes = bytes.into_owned();
        bytes.push(0xFF);
        let error = read("csv", &bytes).unwrap_err();
        assert_eq!(
            error,
            IngestError::Undecodable {
                encoding: "Shift_JIS"
            }
        );
    }

    #[test]
    fn undecodable_bytes_are_an_error_naming_the_encoding() {
        // A UTF-16 BOM followed by an odd number of bytes cannot be decoded without loss.
        let error = read("csv", &[0xFF, 0xFE, b'a', 0x00, b'b']).unwrap_err();
        assert_eq!(
            error,
            IngestError::Undecodable {
                encoding: "UTF-16LE"
            }
        );
        assert!(!error.to_string().contains('\n'));
    }

    #[test]
    fn empty_file_is_an_error() {
        assert_eq!(read("csv", b"").unwrap_err(), IngestError::Empty);
        assert_eq!(
            read("csv", b"\xEF\xBB\xBF").unwrap_err(),
            IngestError::OnlyByteOrderMark
        );
    }

    #[test]
    fn workbook_under_a_csv_name_is_an_error() {
        let error = read("csv", b"PK\x03\x04rest of a zip").unwrap_err();
        assert_eq!(
            error,
            IngestError::WorkbookNamedAsText { ext: "csv".into() }
        );
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("a,b\tc\n"), b',');
        assert_eq!(sniff_delimiter("\n\na\tb\n1,5\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b\n1,5;2\n"), b';');
        assert_eq!(sniff_delimiter("a\tb;c\n"), b'\t');
        assert_eq!(sniff_delimiter("single\n"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn tab_separated_csv_and_tsv() {
        let expected = vec![vec![text("a"), text("b,c")], vec![text("1"), text("2")]];
        // Every line splits into two at a tab, one only at a comma: tab-separated.
        assert_eq!(read("csv", b"a\tb,c\n1\t2\n").unwrap().rows, expected);
        assert_eq!(
            read("csv", b"a\tb,c\n1,2\n").unwrap().rows,
            vec![vec![text("a\tb"), text("c")], vec![text("1"), text("2")]]
        );
        assert_eq!(read("tsv", b"a\tb,c\n1\t2\n").unwrap().rows, expected);
        assert_eq!(
            read("csv", b"a;b\n1;2\n").unwrap().rows,
            vec![vec![text("a"), text("b")], vec![text("1"), text("2")]]
        );
        // Title lines above the header decide nothing, a quoted comma in them neither.
        let titled = "Campaign report\n\"September 1, 2026 - September 30, 2026\"\nDay\tCost\n2026-09-01\t\"1,234\"\n";
        let rows = read("csv", titled.as_bytes()).unwrap().rows;
        assert_eq!(rows[2], vec![text("Day"), text("Cost")]);
        assert_eq!(rows[3], vec![text("2026-09-01"), text("1,234")]);
        let titled = "Report Start: 9/1/2026, 12:00 AM\nDay\tCost\tClicks\n9/1/2026\t5\t1\n";
        let rows = read("csv", titled.as_bytes()).unwrap().rows;
        assert_eq!(rows[1], vec![text("Day"), text("Cost"), text("Clicks")]);
        // Decimal commas in a semicolon file do not make it a comma file.
        let european = "Datum;Betrag;Kosten\n01.09.2026;1,5;2,25\n02.09.2026;3,5;4,75\n";
        let rows = read("csv", european.as_bytes()).unwrap().rows;
        assert_eq!(rows[1], vec![text("01.09.2026"), text("1,5"), text("2,25")]);
    }

    #[test]
    fn blank_lines_stay_as_rows_and_trailing_ones_go() {
        let rows = read(
            "csv",
            b"\ntitle\n\n\nid,name\r\n\r\n1,\"two\r\nlines\"\n\n2,x,,\n,,\n\n",
        )
        .unwrap()
        .rows;
        assert_eq!(
            rows,
            vec![
                vec![],
                vec![text("title")],
                vec![],
                vec![],
                vec![text("id"), text("name")],
                vec![],
                vec![text("1"), text("two\nlines")],
                vec![],
                vec![text("2"), text("x")],
            ]
        );
    }

    #[test]
    fn flexible_rows_quotes_and_whitespace() {
        let rows = read("csv", b"a,b,c\n1\n\"q\"\"x\", ,=SUM(A1)\n")
            .unwrap()
            .rows;
        assert_eq!(
            rows,
            vec![
                vec![text("a"), text("b"), text("c")],
                vec![text("1")],
                vec![text("q\"x"), text(" "), text("=SUM(A1)")],
            ]
        );
    }

    #[test]
    fn only_blank_lines_give_no_rows() {
        assert!(read("csv", b"\n\n,,\n").unwrap().rows.is_empty());
    }
}
