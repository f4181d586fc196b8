//! Why an input file cannot be used, as data (calamine's way): the file-level problem, the damaged
//! or foreign workbook, the sheet too large (with its far cell), the CSV that cannot be decoded.
//! Each variant's `Display` is the clause kpibook prints after the file name; tests match variants.
//! A leaf, so `error::KpiError::Input` carries it without importing `ingest` (which re-exports it).
//! Not for findings in usable files: those are `issues`.

use std::io;

use thiserror::Error;

use crate::lang::Lang;

/// Largest sheet loaded, counted as the cells ingest would hold for it: rows x columns of the used
/// range for `.xls` / `.ods` (calamine hands those over as dense ranges), and for `.xlsx` / `.xlsm`
/// (read cell by cell into a sparse grid) the rows plus each row's cells up to its last non-empty one.
/// A larger sheet is an input error that names the far cell, since one stray cell far away would
/// otherwise make the grid huge. A lone stray cell at `XFD1048576` in an `.xlsx` stays well below it.
pub const MAX_SHEET_CELLS: u64 = 50_000_000;

/// Accepted types as written in messages.
pub(crate) const ACCEPTED_LIST: &str =
    ".xlsx, .xlsm, .xls, .ods, .csv, .tsv and Excel 2003 XML (.xml)";

/// Why an input file (or folder) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IngestError {
    /// The path does not exist.
    #[error("file not found")]
    NotFound,
    /// The file cannot be opened or read (`kind` as the OS said, `detail` its wording).
    #[error("{}", describe_io(*.kind, .detail))]
    Io { kind: io::ErrorKind, detail: String },
    /// Not a type kpibook reads (by its extension).
    #[error("is not a file type kpibook reads; accepted types are {ACCEPTED_LIST}")]
    OtherType,
    /// A workbook kpibook wrote: a report, not an input.
    #[error("is a report kpibook wrote, not an input; give the files the report was made from")]
    KpibookReport,
    /// An Office lock file: the workbook it belongs to is open in Excel or LibreOffice.
    #[error("is an Office lock file left while the workbook is open in Excel, not a workbook; give the workbook itself")]
    LockFile,
    /// The file reads, but no sheet holds any cell.
    #[error("has no data: no sheet holds any cell")]
    NoData,
    /// Password-protected (encrypted), whatever the format.
    #[error("the file is password-protected (encrypted); save an unprotected copy and try again")]
    Encrypted,
    /// A workbook that cannot be read: `cannot be read as an Excel/ODS workbook: <why>`.
    #[error("cannot be read as an Excel/ODS workbook: {0}")]
    Unreadable(Unreadable),
    /// A sheet whose used range would exceed `MAX_SHEET_CELLS`, with its far cell (A1).
    #[error("sheet '{sheet}' is too large to read (its used range reaches {far_cell}, over {MAX_SHEET_CELLS} cells); delete the stray cells far from the data and save again")]
    SheetTooLarge { sheet: String, far_cell: String },
    /// An `.xlsx` sheet streaming more cells than `MAX_SHEET_CELLS`.
    #[error("sheet '{sheet}' holds more than {MAX_SHEET_CELLS} cells, too many to read")]
    TooManyCells { sheet: String },
    /// A CSV/TSV file of 0 bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// A CSV/TSV file holding only a byte order mark.
    #[error("the file is empty (it holds only a byte order mark)")]
    OnlyByteOrderMark,
    /// A workbook saved under a `.csv` / `.tsv` name (`ext`).
    #[error("is a workbook saved under a .{ext} name, not a text file; rename it to .xlsx (or .xls / .ods)")]
    WorkbookNamedAsText { ext: String },
    /// A CSV/TSV file holding NUL bytes.
    #[error("holds NUL bytes, so it is not a text CSV file")]
    NulBytes,
    /// A CSV/TSV file the detected encoding cannot decode without losing characters.
    #[error("cannot be decoded as {encoding} (the encoding it appears to use) without losing characters; save it from Excel as \"CSV UTF-8\" and try again")]
    Undecodable { encoding: &'static str },
    /// The csv reader refused the text (its wording).
    #[error("cannot be read as CSV ({0})")]
    Csv(String),
    /// Any other input problem, in one clause (a folder without inputs, a listing that failed).
    #[error("{0}")]
    Other(String),
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Unreadable {
    /// 0 bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// calamine panicked on malformed content.
    #[error("the reader stopped on malformed content")]
    ReaderStopped,
    /// A zip package declaring far more content than a spreadsheet needs.
    #[error("its zip package declares {declared_mb} MB of content in {packed_mb} MB ({part} alone unpacks {part_mb} MB), which no spreadsheet needs; the file is damaged or a zip bomb")]
    ZipBomb {
        declared_mb: u64,
        packed_mb: u64,
        part: String,
        part_mb: u64,
    },
    /// The container (zip, compound file, `.xls` records) is damaged; `detail` says how.
    #[error("{detail}")]
    DamagedContainer { detail: String },
    /// An `.xls` sheet declaring a grid beyond the format's 65,536 x 256.
    #[error("a sheet declares a used range of {rows} rows by {columns} columns, beyond the .xls grid of 65,536 by 256; the file is damaged")]
    XlsGridTooLarge { rows: u64, columns: u64 },
    /// The content is no workbook.
    #[error("{0}")]
    NotAWorkbook(ForeignKind),
    /// One sheet of the workbook is damaged.
    #[error("sheet '{sheet}' is damaged ({detail})")]
    DamagedSheet { sheet: String, detail: String },
    /// An `.ods` sheet over calamine's cell limit.
    #[error("a sheet is too large to read (over {MAX_SHEET_CELLS} cells); delete the stray cells far from the data and save again")]
    OdsTooLarge,
    /// The reader's own wording of what is malformed.
    #[error("{0}")]
    Malformed(String),
    /// An Excel 2003 XML spreadsheet (SpreadsheetML) whose XML cannot be read or breaks a limit.
    #[error("{0}")]
    Xml(XmlFault),
}

/// Why an Excel 2003 XML spreadsheet (SpreadsheetML) cannot be read, with the line (and column)
/// of the text where it shows.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum XmlFault {
    /// Not well-formed XML; `detail` is the parser's wording.
    #[error("its XML is malformed at line {line}, column {column} ({detail})")]
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The text ends while an element is still open: a file cut off.
    #[error("its XML ends at line {line} while <{open}> is still open; the file is incomplete (cut off while saving, downloading or copying)")]
    Truncated { line: usize, open: String },
    /// A `<!DOCTYPE>` or `<!ENTITY>` declaration: entities are never expanded, so such a file is
    /// refused (no "billion laughs").
    #[error("it declares a document type or entities (<!DOCTYPE> / <!ENTITY>) at line {line}, which an Excel 2003 XML spreadsheet never does; kpibook does not expand entities and does not read it")]
    DocumentType { line: usize },
    /// A reference to an entity XML does not predefine (nothing else is defined: see `DocumentType`).
    #[error(
        "it refers to an entity &{name}; at line {line}, column {column} that XML does not define"
    )]
    UndefinedEntity {
        name: String,
        line: usize,
        column: usize,
    },
    /// Elements nested deeper than any spreadsheet needs.
    #[error("its elements nest more than {limit} deep (line {line}), which no spreadsheet does; the file is damaged")]
    TooDeep { limit: usize, line: usize },
    /// A file over the size read as XML.
    #[error("it is {mb} MB of XML, over the {limit_mb} MB kpibook reads as an Excel 2003 XML spreadsheet; save it from Excel as .xlsx")]
    TooLarge { mb: u64, limit_mb: u64 },
    /// Text the encoding it declares (or its byte order mark) cannot decode without loss.
    #[error("its text cannot be decoded as {encoding} without losing characters")]
    Undecodable { encoding: &'static str },
}

/// What content that is no workbook is, as far as its bytes tell.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ForeignKind {
    #[error("the file is a web page (HTML) saved under a spreadsheet name; open it in Excel and save it as .xlsx")]
    Html,
    /// XML whose root element is not an Excel 2003 XML spreadsheet's `Workbook`.
    #[error("the file is XML whose root element is <{root}>, not an Excel 2003 XML spreadsheet")]
    Xml { root: String },
    #[error("the file holds plain text, not a workbook (a CSV file must be named .csv)")]
    PlainText,
    #[error("the content is not in .xlsx, .xls or .ods format")]
    Unknown,
    /// A zip package without the named part.
    #[error("the zip package has no {0}, so it is not an Excel workbook")]
    ZipWithout(String),
    #[error("the package is an OpenDocument file but not a spreadsheet")]
    OpenDocumentNotSpreadsheet,
}

impl IngestError {
    /// The reading error of the OS, by its kind.
    pub fn io(error: &io::Error) -> Self {
        if error.kind() == io::ErrorKind::NotFound {
            return IngestError::NotFound;
        }
        IngestError::Io {
            kind: error.kind(),
            detail: error.to_string(),
        }
    }
}

impl IngestError {
    /// The clause in `lang` (English: the `Display` text). Japanese for every variant; the
    /// technical detail of a damaged file (the reader's or the OS's own words) stays in
    /// parentheses as written.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            IngestError::NotFound => "ファイルが見つかりません".into(),
            IngestError::Io { kind, detail } => match kind {
                io::ErrorKind::NotFound => "ファイルが見つかりません".into(),
                io::ErrorKind::PermissionDenied => {
                    "開けません: アクセスが拒否されました (他のプログラムで開いていませんか)".into()
                }
                io::ErrorKind::IsADirectory => "ファイルではなくフォルダです".into(),
                _ => format!("読み込めません ({detail})"),
            },
            IngestError::OtherType => {
                format!("kpibook が読む形式ではありません。読める形式は {ACCEPTED_LIST} です")
            }
            IngestError::KpibookReport => {
                "kpibook が作成したレポートで、入力ではありません。レポートの元になったファイルを指定してください".into()
            }
            IngestError::LockFile => {
                "Excel などでブックを開いている間にできる Office のロックファイルで、ブックではありません。ブックそのものを指定してください".into()
            }
            IngestError::NoData => "データがありません: どのシートにもセルがありません".into(),
            IngestError::Encrypted => {
                "パスワードで保護 (暗号化) されています。保護を外したコピーを保存して、もう一度実行してください".into()
            }
            IngestError::Unreadable(why) => {
                format!("Excel/ODS のブックとして読み込めません ({})", why.message(lang))
            }
            IngestError::SheetTooLarge { sheet, far_cell } => format!(
                "シート「{sheet}」が大きすぎて読み込めません (使用範囲が {far_cell} まであり、{MAX_SHEET_CELLS} セルを超えます)。データから離れた不要なセルを削除して保存し直してください"
            ),
            IngestError::TooManyCells { sheet } => format!(
                "シート「{sheet}」のセルが {MAX_SHEET_CELLS} を超え、読み込めません"
            ),
            IngestError::Empty => "ファイルが空です (0 バイト)".into(),
            IngestError::OnlyByteOrderMark => {
                "ファイルが空です (バイトオーダーマークだけです)".into()
            }
            IngestError::WorkbookNamedAsText { ext } => format!(
                "テキストファイルではなく、.{ext} の名前で保存された Excel ブックです。拡張子を .xlsx (または .xls / .ods) に変えてください"
            ),
            IngestError::NulBytes => {
                "NUL バイトを含むため、テキストの CSV ファイルではありません".into()
            }
            IngestError::Undecodable { encoding } => format!(
                "{encoding} (推定した文字コード) として文字を失わずに読めません。Excel から「CSV UTF-8」で保存し直してください"
            ),
            IngestError::Csv(detail) => format!("CSV として読み込めません ({detail})"),
            IngestError::Other(text) => text.clone(),
        }
    }
}

impl Unreadable {
    /// The clause in `lang`: Japanese for the common cases, else the English detail as written.
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Unreadable::Empty, Lang::Ja) => "ファイルが空です (0 バイト)".into(),
            (Unreadable::ReaderStopped, Lang::Ja) => "内容が壊れているため読み込みが止まりました".into(),
            (Unreadable::NotAWorkbook(ForeignKind::Html), Lang::Ja) => {
                "表計算の名前で保存された Web ページ (HTML) です。Excel で開いて .xlsx で保存してください".into()
            }
            (Unreadable::NotAWorkbook(ForeignKind::PlainText), Lang::Ja) => {
                "ブックではなくテキストです (CSV なら名前を .csv にしてください)".into()
            }
            (Unreadable::NotAWorkbook(ForeignKind::Unknown), Lang::Ja) => {
                "内容が .xlsx / .xls / .ods の形式ではありません".into()
            }
            (Unreadable::DamagedSheet { sheet, detail }, Lang::Ja) => {
                format!("シート「{sheet}」が壊れています ({detail})")
            }
            (other, Lang::Ja) => format!("ファイルが壊れています (詳細: {other})"),
            (other, Lang::En) => other.to_string(),
        }
    }
}

fn describe_io(kind: io::ErrorKind, detail: &str) -> String {
    match kind {
        io::ErrorKind::NotFound => "file not found".to_string(),
        io::ErrorKind::PermissionDenied => {
            "cannot be opened: permission denied (is it open in another program?)".to_string()
        }
        io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
        _ => format!("cannot be read: {detail}"),
    }
}

/// Display text on one line, without control characters or a final period, at most 160 characters.
pub(crate) fn one_line(value: &impl std::fmt::Display) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each variant prints the clause kpibook has always printed after the file name.
    #[test]
    fn every_variant_prints_its_sentence() {
        let workbook = |why| IngestError::Unreadable(why);
        let cases: Vec<(IngestError, &str)> = vec![
            (IngestError::NotFound, "file not found"),
            (
                IngestError::io(&io::Error::from(io::ErrorKind::NotFound)),
                "file not found",
            ),
            (
                IngestError::io(&io::Error::from(io::ErrorKind::PermissionDenied)),
                "cannot be opened: permission denied (is it open in another program?)",
            ),
            (
                IngestError::io(&io::Error::from(io::ErrorKind::IsADirectory)),
                "is a folder, not a file",
            ),
            (
                IngestError::io(&io::Error::other("disk on fire")),
                "cannot be read: disk on fire",
            ),
            (
                IngestError::OtherType,
                "is not a file type kpibook reads; accepted types are .xlsx, .xlsm, .xls, .ods, .csv, .tsv and Excel 2003 XML (.xml)",
            ),
            (
                IngestError::KpibookReport,
                "is a report kpibook wrote, not an input; give the files the report was made from",
            ),
            (
                IngestError::LockFile,
                "is an Office lock file left while the workbook is open in Excel, not a workbook; give the workbook itself",
            ),
            (IngestError::NoData, "has no data: no sheet holds any cell"),
            (
                IngestError::Encrypted,
                "the file is password-protected (encrypted); save an unprotected copy and try again",
            ),
            (
                IngestError::SheetTooLarge {
                    sheet: "Data".into(),
                    far_cell: "XFD1048576".into(),
                },
                "sheet 'Data' is too large to read (its used range reaches XFD1048576, over 50000000 cells); delete the stray cells far from the data and save again",
            ),
            (
                IngestError::TooManyCells {
                    sheet: "Data".into(),
                },
                "sheet 'Data' holds more than 50000000 cells, too many to read",
            ),
            (IngestError::Empty, "the file is empty (0 bytes)"),
            (
                IngestError::OnlyByteOrderMark,
                "the file is empty (it holds only a byte order mark)",
            ),
            (
                IngestError::WorkbookNamedAsText { ext: "csv".into() },
                "is a workbook saved under a .csv name, not a text file; rename it to .xlsx (or .xls / .ods)",
            ),
            (
                IngestError::NulBytes,
                "holds NUL bytes, so it is not a text CSV file",
            ),
            (
                IngestError::Undecodable {
                    encoding: "Shift_JIS",
                },
                "cannot be decoded as Shift_JIS (the encoding it appears to use) without losing characters; save it from Excel as \"CSV UTF-8\" and try again",
            ),
            (
                IngestError::Csv("bad quote".into()),
                "cannot be read as CSV (bad quote)",
            ),
            (IngestError::Other("as given".into()), "as given"),
            (
                workbook(Unreadable::Empty),
                "cannot be read as an Excel/ODS workbook: the file is empty (0 bytes)",
            ),
            (
                workbook(Unreadable::ReaderStopped),
                "cannot be read as an Excel/ODS workbook: the reader stopped on malformed content",
            ),
            (
                workbook(Unreadable::ZipBomb {
                    declared_mb: 4096,
                    packed_mb: 1,
                    part: "xl/worksheets/sheet1.xml".into(),
                    part_mb: 4096,
                }),
                "cannot be read as an Excel/ODS workbook: its zip package declares 4096 MB of content in 1 MB (xl/worksheets/sheet1.xml alone unpacks 4096 MB), which no spreadsheet needs; the file is damaged or a zip bomb",
            ),
            (
                workbook(Unreadable::DamagedContainer {
                    detail: "its compound-file structure is damaged (loop)".into(),
                }),
                "cannot be read as an Excel/ODS workbook: its compound-file structure is damaged (loop)",
            ),
            (
                workbook(Unreadable::XlsGridTooLarge {
                    rows: 65_537,
                    columns: 1,
                }),
                "cannot be read as an Excel/ODS workbook: a sheet declares a used range of 65537 rows by 1 columns, beyond the .xls grid of 65,536 by 256; the file is damaged",
            ),
            (
                workbook(Unreadable::DamagedSheet {
                    sheet: "S".into(),
                    detail: "its XML is malformed (x)".into(),
                }),
                "cannot be read as an Excel/ODS workbook: sheet 'S' is damaged (its XML is malformed (x))",
            ),
            (
                workbook(Unreadable::OdsTooLarge),
                "cannot be read as an Excel/ODS workbook: a sheet is too large to read (over 50000000 cells); delete the stray cells far from the data and save again",
            ),
            (
                workbook(Unreadable::Malformed("the content is malformed".into())),
                "cannot be read as an Excel/ODS workbook: the content is malformed",
            ),
            (
                workbook(Unreadable::NotAWorkbook(ForeignKind::Html)),
                "cannot be read as an Excel/ODS workbook: the file is a web page (HTML) saved under a spreadsheet name; open it in Excel and save it as .xlsx",
            ),
            (
                workbook(Unreadable::NotAWorkbook(ForeignKind::Xml {
                    root: "rss".into(),
                })),
                "cannot be read as an Excel/ODS workbook: the file is XML whose root element is <rss>, not an Excel 2003 XML spreadsheet",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::Malformed {
                    line: 3,
                    column: 7,
                    detail: "ill-formed document: expected `</Row>`, but `</Table>` was found".into(),
                })),
                "cannot be read as an Excel/ODS workbook: its XML is malformed at line 3, column 7 (ill-formed document: expected `</Row>`, but `</Table>` was found)",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::Truncated {
                    line: 9,
                    open: "Row".into(),
                })),
                "cannot be read as an Excel/ODS workbook: its XML ends at line 9 while <Row> is still open; the file is incomplete (cut off while saving, downloading or copying)",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::DocumentType { line: 2 })),
                "cannot be read as an Excel/ODS workbook: it declares a document type or entities (<!DOCTYPE> / <!ENTITY>) at line 2, which an Excel 2003 XML spreadsheet never does; kpibook does not expand entities and does not read it",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::UndefinedEntity {
                    name: "lol9".into(),
                    line: 4,
                    column: 12,
                })),
                "cannot be read as an Excel/ODS workbook: it refers to an entity &lol9; at line 4, column 12 that XML does not define",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::TooDeep {
                    limit: 64,
                    line: 5,
                })),
                "cannot be read as an Excel/ODS workbook: its elements nest more than 64 deep (line 5), which no spreadsheet does; the file is damaged",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::TooLarge {
                    mb: 2048,
                    limit_mb: 1024,
                })),
                "cannot be read as an Excel/ODS workbook: it is 2048 MB of XML, over the 1024 MB kpibook reads as an Excel 2003 XML spreadsheet; save it from Excel as .xlsx",
            ),
            (
                workbook(Unreadable::Xml(XmlFault::Undecodable {
                    encoding: "UTF-16LE",
                })),
                "cannot be read as an Excel/ODS workbook: its text cannot be decoded as UTF-16LE without losing characters",
            ),
            (
                workbook(Unreadable::NotAWorkbook(ForeignKind::PlainText)),
                "cannot be read as an Excel/ODS workbook: the file holds plain text, not a workbook (a CSV file must be named .csv)",
            ),
            (
                workbook(Unreadable::NotAWorkbook(ForeignKind::Unknown)),
                "cannot be read as an Excel/ODS workbook: the content is not in .xlsx, .xls or .ods format",
            ),
            (
                workbook(Unreadable::NotAWorkbook(ForeignKind::ZipWithout(
                    "xl/workbook.xml".into(),
                ))),
                "cannot be read as an Excel/ODS workbook: the zip package has no xl/workbook.xml, so it is not an Excel workbook",
            ),
            (
                workbook(Unreadable::NotAWorkbook(
                    ForeignKind::OpenDocumentNotSpreadsheet,
                )),
                "cannot be read as an Excel/ODS workbook: the package is an OpenDocument file but not a spreadsheet",
            ),
        ];
        for (error, sentence) in cases {
            assert_eq!(error.to_string(), sentence, "{error:?}");
        }
    }

    #[test]
    fn one_line_flattens_and_shortens() {
        assert_eq!(one_line(&"a\nb  c."), "a b c");
        let long = "x".repeat(200);
        assert!(one_line(&long).chars().count() <= 160);
    }
}
