//! SpreadsheetML (Excel 2003 "XML Spreadsheet") -> `RawSheet`s of `Cell`s, read with quick-xml:
//! what Facebook's Page Insights export is (saved as `.xls`) and what other tools write as `.xml`.
//! The text is checked while it streams: its size, how deep elements nest and how many cells a
//! sheet holds are bounded, and a document type declaration is refused, so no entity is ever
//! expanded. Not for the zip and compound-file workbooks (`super`), nor for tables or fields.

use std::borrow::Cow;
use std::collections::BTreeMap;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use chrono::{NaiveDate, Timelike};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use crate::cell::Cell;
use crate::ingest::convert::cell_from_data;
use crate::ingest::raw::{build_sheet, RawSheet};
use crate::ingest_error::{
    one_line, ForeignKind, IngestError, Unreadable, XmlFault, MAX_SHEET_CELLS,
};

/// The namespace of SpreadsheetML's elements and `ss:` attributes.
const SPREADSHEET_NS: &str = "urn:schemas-microsoft-com:office:spreadsheet";
/// The namespace of `x:WorksheetOptions`, which says whether a sheet is hidden.
const EXCEL_NS: &str = "urn:schemas-microsoft-com:office:excel";

/// The largest SpreadsheetML file read. The whole file is held in memory while it is read; a
/// Facebook export is a few MB, and a full Excel 2003 grid (65,536 rows by 256 columns) of short
/// values stays under it.
pub const MAX_XML_BYTES: u64 = 1 << 30;
/// The deepest element nesting read. A SpreadsheetML document nests about eight deep
/// (Workbook > Worksheet > Table > Row > Cell > Data > Font > B); a deeper one is damaged or built
/// to exhaust the reader.
pub const MAX_XML_DEPTH: usize = 64;
/// Excel's grid: a cell beyond it is a damaged index, refused before it sizes anything.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;
/// How much of a file is looked at to tell its format.
pub(in crate::ingest) const HEAD_BYTES: usize = 64 << 10;

/// The bounds a document is read within (the constants above; smaller ones in tests).
#[derive(Debug, Clone, Copy)]
struct Limits {
    bytes: u64,
    depth: usize,
    /// Non-empty cells of one sheet.
    cells: u64,
}

const LIMITS: Limits = Limits {
    bytes: MAX_XML_BYTES,
    depth: MAX_XML_DEPTH,
    cells: MAX_SHEET_CELLS,
};

/// Whether a workbook's bytes are XML to be read as SpreadsheetML: after an optional byte order
/// mark and white space they open with `<?xml` or with a `Workbook` element (`<Workbook`,
/// `<ss:Workbook`).
pub(super) fn starts_like_spreadsheetml(bytes: &[u8]) -> bool {
    let head = decode_head(bytes);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<?xml") || opens_workbook_element(start)
}

fn opens_workbook_element(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    rest[..name_end].rsplit(':').next() == Some("Workbook")
}

/// Whether `head` (the first bytes of a file, `HEAD_BYTES` are enough) is a SpreadsheetML
/// document: its root element is the spreadsheet namespace's `Workbook`.
pub(in crate::ingest) fn has_spreadsheetml_root(head: &[u8]) -> bool {
    let text = decode_head(head);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = xml_reader(text);
    matches!(read_prolog(&mut reader), Ok(Some(prolog)) if prolog.root_is_workbook)
}

/// Reads every worksheet of a SpreadsheetML document. `file` is the name put into each sheet.
/// Errs with why (without the file name), with the line and column where the text shows it.
pub(super) fn read_spreadsheetml(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    read_within(file, bytes, LIMITS)
}

fn read_within(file: &str, bytes: &[u8], limits: Limits) -> Result<Vec<RawSheet>, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Unreadable(Unreadable::Empty));
    }
    if bytes.len() as u64 > limits.bytes {
        return Err(xml_fault(XmlFault::TooLarge {
            mb: bytes.len() as u64 >> 20,
            limit_mb: limits.bytes >> 20,
        }));
    }
    let text = decode(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Document::new(file, text, limits).read()
}

fn xml_fault(fault: XmlFault) -> IngestError {
    IngestError::Unreadable(Unreadable::Xml(fault))
}

/// A reader over the text that turns `<a/>` into a start and an end, so every element opens and
/// closes the same way.
fn xml_reader(text: &str) -> NsReader<&[u8]> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    reader
}

/// The encoding a document's first bytes show: a byte order mark, or UTF-16's `<` without one
/// (XML 1.0, appendix F).
fn bom_encoding(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((UTF_8, 3)),
        [0xFF, 0xFE, ..] => Some((UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => Some((UTF_16BE, 2)),
        [b'<', 0, ..] => Some((UTF_16LE, 0)),
        [0, b'<', ..] => Some((UTF_16BE, 0)),
        _ => None,
    }
}

/// The whole text, decoded without loss: UTF-8, UTF-16 (by its byte order mark), or the
/// ASCII-compatible encoding the XML declaration names.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, IngestError> {
    let (encoding, skip) = match bom_encoding(bytes) {
        Some(found) => found,
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return Ok(Cow::Borrowed(text)),
            Err(_) => (declared_encoding(bytes).unwrap_or(UTF_8), 0),
        },
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(&bytes[skip..])
        .ok_or(xml_fault(XmlFault::Undecodable {
            encoding: encoding.name(),
        }))
}

/// The encoding named by `<?xml ... encoding="..."?>`, when encoding_rs knows it and it reads
/// XML's ASCII markup as ASCII.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    let declaration = &head[..head.find("?>")?];
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = after[1..].split(quote).next()?;
    Encoding::for_label(label.as_bytes()).filter(|encoding| encoding.is_ascii_compatible())
}

/// The first bytes as text, for telling the format: lossy, since the head may end mid-character.
fn decode_head(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    match bom_encoding(head) {
        Some((encoding, skip)) => encoding
            .decode_without_bom_handling(&head[skip..])
            .0
            .into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    }
}

/// What comes before the root element, and the root element itself.
struct Prolog {
    root: String,
    /// Byte offset of the root element's `<`.
    root_at: u64,
    root_is_workbook: bool,
    /// Where a `<!DOCTYPE>` was met, as a byte offset.
    doctype_at: Option<u64>,
}

/// Reads up to and including the root element's start tag; `None` when the text ends first.
fn read_prolog(reader: &mut NsReader<&[u8]>) -> Result<Option<Prolog>, (quick_xml::Error, u64)> {
    let mut doctype_at = None;
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                let (namespace, local) = reader.resolver().resolve_element(start.name());
                return Ok(Some(Prolog {
                    root: start.name().as_ref().to_string(),
                    root_at: before,
                    root_is_workbook: local.as_ref() == "Workbook"
                        && is_namespace(&namespace, SPREADSHEET_NS),
                    doctype_at,
                }));
            }
            Ok(Event::DocType(_)) => doctype_at = Some(before),
            Ok(Event::Eof) => return Ok(None),
            Ok(_) => {}
            Err(error) => return Err((error, reader.error_position())),
        }
    }
}

fn is_namespace(resolved: &ResolveResult, namespace: &str) -> bool {
    matches!(resolved, ResolveResult::Bound(Namespace(bound)) if *bound == namespace)
}

/// What an open element is to this reader; everything not listed is passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Workbook,
    Worksheet,
    Table,
    Row,
    Cell,
    /// A cell's value (`Data` directly inside a `Cell`, not a comment's).
    Data,
    /// Rich-text markup inside a value (`<Font>`, `<B>`, in the HTML namespace): only its text counts.
    RichText,
    WorksheetOptions,
    /// `x:Visible` of the worksheet options: `SheetHidden` or `SheetVeryHidden`.
    Visible,
    Other,
}

impl Node {
    /// What an element is, from its parent and its (namespace, local) name.
    fn of(parent: Node, spreadsheet: bool, excel: bool, local: &str) -> Node {
        match (parent, local) {
            (Node::Data | Node::RichText, _) => Node::RichText,
            (Node::Workbook, "Worksheet") if spreadsheet => Node::Worksheet,
            (Node::Worksheet, "Table") if spreadsheet => Node::Table,
            (Node::Worksheet, "WorksheetOptions") if excel => Node::WorksheetOptions,
            (Node::WorksheetOptions, "Visible") if excel => Node::Visible,
            (Node::Table, "Row") if spreadsheet => Node::Row,
            (Node::Row, "Cell") if spreadsheet => Node::Cell,
            (Node::Cell, "Data") if spreadsheet => Node::Data,
            _ => Node::Other,
        }
    }
}

/// One worksheet while its cells stream in.
#[derive(Debug, Default)]
struct SheetInProgress {
    name: String,
    hidden: bool,
    cells: Vec<(u32, u32, Cell)>,
    /// 0-based row of the open `Row`, and of the next one without `ss:Index`.
    row: u64,
    next_row: u64,
    /// 0-based column of the open `Cell`, and of the next one without `ss:Index`.
    col: u64,
    next_col: u64,
    /// Cells merged down over the rows below: first column -> (last column, last row).
    merged_down: BTreeMap<u64, (u64, u64)>,
    /// The open cell's value (from its first `Data`).
    value: Option<Cell>,
    /// `ss:Type` of the open `Data` and its text so far.
    data_type: String,
    data_text: String,
    visible_text: String,
}

impl SheetInProgress {
    /// The first column at or after `col` not covered by a cell merged down from a row above.
    fn skip_merged(&mut self, mut col: u64) -> u64 {
        while let Some((&first, &(last_col, last_row))) = self.merged_down.range(..=col).next_back()
        {
            if last_row < self.row {
                self.merged_down.remove(&first);
            } else if last_col >= col {
                col = last_col.saturating_add(1);
            } else {
                break;
            }
        }
        col
    }
}

/// One document being read.
struct Document<'a> {
    file: &'a str,
    text: &'a str,
    reader: NsReader<&'a [u8]>,
    limits: Limits,
    /// The open elements, innermost last, each with the byte offset of its `<` (its name as
    /// written is read from there for a message; not kept, to spare an allocation per element).
    open: Vec<(Node, u64)>,
    sheets: Vec<RawSheet>,
    sheet: SheetInProgress,
}

impl<'a> Document<'a> {
    fn new(file: &'a str, text: &'a str, limits: Limits) -> Self {
        Document {
            file,
            text,
            reader: xml_reader(text),
            limits,
            open: Vec::new(),
            sheets: Vec::new(),
            sheet: SheetInProgress::default(),
        }
    }

    fn read(mut self) -> Result<Vec<RawSheet>, IngestError> {
        let prolog = match read_prolog(&mut self.reader) {
            Ok(Some(prolog)) => prolog,
            Ok(None) => {
                let (line, column) = self.line_column(self.reader.buffer_position());
                return Err(xml_fault(XmlFault::Malformed {
                    line,
                    column,
                    detail: "the text ends before any element".to_string(),
                }));
            }
            Err((error, at)) => return Err(self.malformed(&error, at)),
        };
        if !prolog.root_is_workbook {
            let local = prolog.root.rsplit(':').next().unwrap_or_default();
            return Err(IngestError::Unreadable(Unreadable::NotAWorkbook(
                if local.eq_ignore_ascii_case("html") {
                    ForeignKind::Html
                } else {
                    ForeignKind::Xml { root: prolog.root }
                },
            )));
        }
        if let Some(at) = prolog.doctype_at {
            return Err(xml_fault(XmlFault::DocumentType {
                line: self.line_column(at).0,
            }));
        }
        self.open.push((Node::Workbook, prolog.root_at));
        while !self.open.is_empty() {
            let before = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => return Err(self.read_error(&error)),
            };
            match event {
                Event::Start(start) => self.open_element(&start, before)?,
                Event::End(_) => self.close_element()?,
                Event::Text(text) => self.push_text(&text.xml10_content()),
                Event::CData(data) => self.push_text(&data.xml10_content()),
                Event::GeneralRef(reference) => {
                    let text = self.resolve(&reference, before)?;
                    self.push_text(&text);
                }
                Event::DocType(_) => {
                    return Err(xml_fault(XmlFault::DocumentType {
                        line: self.line_column(before).0,
                    }))
                }
                Event::Eof => {
                    let open = self.open.last().map(|(_, at)| self.name_at(*at));
                    return Err(xml_fault(XmlFault::Truncated {
                        line: self.line_column(before).0,
                        open: open.unwrap_or_default(),
                    }));
                }
                Event::Empty(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
        // Anything after the root element's end (padding some tools leave) is not read.
        Ok(self.sheets)
    }

    /// 1-based line and column (in characters) of a byte offset of the text.
    fn line_column(&self, offset: u64) -> (usize, usize) {
        let mut at = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    fn malformed(&self, error: &quick_xml::Error, at: u64) -> IngestError {
        let (line, column) = self.line_column(at);
        xml_fault(XmlFault::Malformed {
            line,
            column,
            detail: one_line(error),
        })
    }

    /// An error of the XML reader; a stray `<!ENTITY` outside a document type is the refused
    /// declaration, not mere bad markup.
    fn read_error(&self, error: &quick_xml::Error) -> IngestError {
        let at = self.reader.error_position();
        let from = usize::try_from(at).unwrap_or(usize::MAX);
        if self
            .text
            .get(from..)
            .is_some_and(|rest| rest.starts_with("<!ENTITY"))
        {
            return xml_fault(XmlFault::DocumentType {
                line: self.line_column(at).0,
            });
        }
        self.malformed(error, at)
    }

    /// The text of `&#...;` or one of the five entities XML predefines; any other entity is
    /// undefined, since no document type is read.
    fn resolve(&self, reference: &BytesRef, at: u64) -> Result<String, IngestError> {
        match reference.resolve_char_ref() {
            Ok(Some(character)) => Ok(character.to_string()),
            Ok(None) => match resolve_xml_entity(reference) {
                Some(text) => Ok(text.to_string()),
                None => {
                    let (line, column) = self.line_column(at);
                    Err(xml_fault(XmlFault::UndefinedEntity {
                        name: String::from(&**reference),
                        line,
                        column,
                    }))
                }
            },
            Err(error) => Err(self.malformed(&error, at)),
        }
    }

    fn push_text(&mut self, text: &str) {
        match self.open.last().map(|(node, _)| *node) {
            Some(Node::Data | Node::RichText) => self.sheet.data_text.push_str(text),
            Some(Node::Visible) => self.sheet.visible_text.push_str(text),
            _ => {}
        }
    }

    /// The name of the element whose `<` is at byte `at`.
    fn name_at(&self, at: u64) -> String {
        let from = usize::try_from(at).unwrap_or(usize::MAX).saturating_add(1);
        let rest = self.text.get(from..).unwrap_or_default();
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        rest[..end].to_string()
    }

    fn open_element(&mut self, start: &BytesStart, start_at: u64) -> Result<(), IngestError> {
        let at = self.reader.buffer_position();
        if self.open.len() >= self.limits.depth {
            return Err(xml_fault(XmlFault::TooDeep {
                limit: self.limits.depth,
                line: self.line_column(at).0,
            }));
        }
        let (namespace, local) = self.reader.resolver().resolve_element(start.name());
        let spreadsheet = is_namespace(&namespace, SPREADSHEET_NS);
        let excel = is_namespace(&namespace, EXCEL_NS);
        let parent = self.open.last().map_or(Node::Other, |(node, _)| *node);
        let node = Node::of(parent, spreadsheet, excel, local.as_ref());
        match node {
            Node::Worksheet => {
                let name = self.attribute(start, "Name")?;
                self.sheet = SheetInProgress {
                    name: name.unwrap_or_else(|| format!("Sheet{}", self.sheets.len() + 1)),
                    ..SheetInProgress::default()
                };
            }
            Node::Row => self.open_row(start, at)?,
            Node::Cell => self.open_cell(start, at)?,
            Node::Data => {
                self.sheet.data_type = self.attribute(start, "Type")?.unwrap_or_default();
                self.sheet.data_text.clear();
            }
            Node::Visible => self.sheet.visible_text.clear(),
            _ => {}
        }
        self.open.push((node, start_at));
        Ok(())
    }

    fn open_row(&mut self, start: &BytesStart, at: u64) -> Result<(), IngestError> {
        let row = match self.index(start, "Index", at)? {
            Some(index) => index - 1,
            None => self.sheet.next_row,
        };
        if row >= MAX_ROWS {
            return Err(self.damaged(format!(
                "row {} at line {} is beyond Excel's 1,048,576 rows",
                row.saturating_add(1),
                self.line_column(at).0
            )));
        }
        let span = self.count(start, "Span", at)?;
        self.sheet.row = row;
        self.sheet.next_row = row.saturating_add(1).saturating_add(span);
        self.sheet.next_col = 0;
        Ok(())
    }

    fn open_cell(&mut self, start: &BytesStart, at: u64) -> Result<(), IngestError> {
        let col = match self.index(start, "Index", at)? {
            Some(index) => index - 1,
            None => {
                let next = self.sheet.next_col;
                self.sheet.skip_merged(next)
            }
        };
        if col >= MAX_COLUMNS {
            return Err(self.damaged(format!(
                "a cell at line {} is in column {}, beyond Excel's 16,384 columns",
                self.line_column(at).0,
                col.saturating_add(1)
            )));
        }
        let across = self.count(start, "MergeAcross", at)?;
        let down = self.count(start, "MergeDown", at)?;
        // Clamped to the grid's edge, so walking past merges always ends.
        let last_col = col.saturating_add(across).min(MAX_COLUMNS);
        if down > 0 {
            let last_row = self.sheet.row.saturating_add(down);
            self.sheet.merged_down.insert(col, (last_col, last_row));
        }
        self.sheet.col = col;
        self.sheet.next_col = last_col.saturating_add(1);
        self.sheet.value = None;
        Ok(())
    }

    fn close_element(&mut self) -> Result<(), IngestError> {
        let Some((node, _)) = self.open.pop() else {
            return Ok(());
        };
        match node {
            Node::Data if self.sheet.value.is_none() => {
                let text = std::mem::take(&mut self.sheet.data_text);
                self.sheet.value = Some(typed_value(&self.sheet.data_type, text));
            }
            Node::Cell => {
                let value = self.sheet.value.take().unwrap_or(Cell::Empty);
                if value != Cell::Empty {
                    // Both are within Excel's grid (checked when the row and cell opened).
                    let (row, col) = (self.sheet.row as u32, self.sheet.col as u32);
                    self.sheet.cells.push((row, col, value));
                    if self.sheet.cells.len() as u64 > self.limits.cells {
                        return Err(IngestError::TooManyCells {
                            sheet: self.sheet.name.clone(),
                        });
                    }
                }
            }
            Node::Visible => {
                let visible = self.sheet.visible_text.trim();
                self.sheet.hidden = visible == "SheetHidden" || visible == "SheetVeryHidden";
            }
            Node::Worksheet => {
                let sheet = std::mem::take(&mut self.sheet);
                // SpreadsheetML writes dates as ISO text, so the 1904 system never applies.
                self.sheets.push(build_sheet(
                    self.file,
                    &sheet.name,
                    sheet.cells,
                    false,
                    sheet.hidden,
                )?);
            }
            _ => {}
        }
        Ok(())
    }

    /// The value of a spreadsheet attribute (`ss:Name`, or `Name` without a prefix, as some
    /// writers spell it).
    fn attribute(&self, start: &BytesStart, local: &str) -> Result<Option<String>, IngestError> {
        let at = self.reader.buffer_position();
        for attribute in start.attributes() {
            let attribute =
                attribute.map_err(|e| self.malformed(&quick_xml::Error::InvalidAttr(e), at))?;
            let (namespace, name) = self.reader.resolver().resolve_attribute(attribute.key);
            let ours = matches!(namespace, ResolveResult::Unbound)
                || is_namespace(&namespace, SPREADSHEET_NS);
            if ours && name.as_ref() == local {
                let value = attribute
                    .normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_xml_entity)
                    .map_err(|e| self.malformed(&e, at))?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// `ss:Index`, 1-based.
    fn index(&self, start: &BytesStart, name: &str, at: u64) -> Result<Option<u64>, IngestError> {
        match self.attribute(start, name)? {
            None => Ok(None),
            Some(text) => match text.trim().parse::<u64>() {
                Ok(index) if index >= 1 => Ok(Some(index)),
                _ => Err(self.not_a_count(name, &text, at, "a whole number from 1")),
            },
        }
    }

    /// `ss:MergeAcross`, `ss:MergeDown`, `ss:Span`: 0 when absent.
    fn count(&self, start: &BytesStart, name: &str, at: u64) -> Result<u64, IngestError> {
        match self.attribute(start, name)? {
            None => Ok(0),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .map_err(|_| self.not_a_count(name, &text, at, "a whole number from 0")),
        }
    }

    fn not_a_count(&self, name: &str, text: &str, at: u64, expected: &str) -> IngestError {
        self.damaged(format!(
            "ss:{name} \"{}\" at line {} is not {expected}",
            one_line(&text),
            self.line_column(at).0
        ))
    }

    fn damaged(&self, detail: String) -> IngestError {
        IngestError::Unreadable(Unreadable::DamagedSheet {
            sheet: self.sheet.name.clone(),
            detail,
        })
    }
}

/// A `Data` element's text as the cell its `ss:Type` makes it. Text that does not fit its type
/// stays text, so nothing is lost (schema then says what is wrong with it).
fn typed_value(data_type: &str, text: String) -> Cell {
    match data_type {
        "Number" => match text.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => Cell::Number(number),
            _ => cell_from_data(Data::String(text)),
        },
        "DateTime" => datetime_value(text),
        "Boolean" => match text.trim() {
            "1" => Cell::Bool(true),
            "0" => Cell::Bool(false),
            other if other.eq_ignore_ascii_case("true") => Cell::Bool(true),
            other if other.eq_ignore_ascii_case("false") => Cell::Bool(false),
            _ => cell_from_data(Data::String(text)),
        },
        "Error" if !text.trim().is_empty() => Cell::Error(text.trim().to_string()),
        "Error" => Cell::Empty,
        _ => cell_from_data(Data::String(text)),
    }
}

/// An ISO date-time (`2013-05-01T00:00:00.000`) as the date cell the xlsx reader gives. Excel writes
/// a time of day on its day 0 (`1899-12-31T09:00:00.000`); that becomes the time as text, as it does
/// from an xlsx.
fn datetime_value(text: String) -> Cell {
    let excel_day_zero = NaiveDate::from_ymd_opt(1899, 12, 31);
    match cell_from_data(Data::DateTimeIso(text)) {
        Cell::DateTime(at) if Some(at.date()) == excel_day_zero => {
            let seconds = f64::from(at.time().num_seconds_from_midnight())
                + f64::from(at.time().nanosecond()) / 1e9;
            let serial = ExcelDateTime::new(seconds / 86_400.0, ExcelDateTimeType::DateTime, false);
            cell_from_data(Data::DateTime(serial))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    /// A document as Excel writes it: the spreadsheet namespace both as the default and as `ss:`.
    /// `body` starts on line 8.
    fn workbook(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
{body}
</Workbook>
"#
        )
    }

    /// One worksheet named `S` holding `rows` (the inside of its `Table`).
    fn one_sheet(rows: &str) -> String {
        workbook(&format!(
            r#"<Worksheet ss:Name="S"><Table>{rows}</Table></Worksheet>"#
        ))
    }

    fn read(xml: &str) -> Result<Vec<RawSheet>, IngestError> {
        read_spreadsheetml("export.xls", xml.as_bytes())
    }

    /// The rows of the only sheet, checked to start at A1.
    fn rows_of(xml: &str) -> Vec<Vec<Cell>> {
        let sheets = read(xml).unwrap();
        assert_eq!(sheets.len(), 1, "{sheets:?}");
        assert_eq!((sheets[0].first_row, sheets[0].first_col), (0, 0));
        sheets[0].rows.clone()
    }

    fn t(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }

    fn at(text: &str) -> Cell {
        Cell::DateTime(NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap())
    }

    fn fault(result: Result<Vec<RawSheet>, IngestError>) -> XmlFault {
        match result {
            Err(IngestError::Unreadable(Unreadable::Xml(fault))) => fault,
            other => panic!("expected an XML fault, got {other:?}"),
        }
    }

    #[test]
    fn the_namespace_as_default_or_as_prefix_reads_alike() {
        let default = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet Name="Key Metrics"><Table>
  <Row><Cell><Data Type="String">Post ID</Data></Cell><Cell><Data Type="Number">12</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"#;
        let prefixed = r#"<?xml version="1.0"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <ss:Worksheet ss:Name="Key Metrics"><ss:Table>
  <ss:Row><ss:Cell><ss:Data ss:Type="String">Post ID</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="Number">12</ss:Data></ss:Cell></ss:Row>
 </ss:Table></ss:Worksheet>
</ss:Workbook>"#;
        let mixed = workbook(
            r#"<Worksheet ss:Name="Key Metrics"><Table><Row><Cell><Data ss:Type="String">Post ID</Data></Cell><Cell><Data ss:Type="Number">12</Data></Cell></Row></Table></Worksheet>"#,
        );
        let expected = vec![vec![t("Post ID"), Cell::Number(12.0)]];
        for xml in [default, prefixed, &mixed] {
            let sheets = read(xml).unwrap();
            assert_eq!(sheets.len(), 1);
            assert_eq!(sheets[0].sheet, "Key Metrics");
            assert_eq!(sheets[0].file, "export.xls");
            assert_eq!(sheets[0].rows, expected, "{xml}");
        }
        // Elements of another namespace are not spreadsheet elements.
        let foreign = workbook(
            r#"<Worksheet ss:Name="S"><Table><o:Row><Cell><Data ss:Type="String">no</Data></Cell></o:Row></Table></Worksheet>"#,
        );
        assert_eq!(rows_of(&foreign), Vec::<Vec<Cell>>::new());
    }

    #[test]
    fn each_worksheet_is_a_sheet_with_its_name_and_visibility() {
        let xml = workbook(
            r#"<Styles><Style ss:ID="Default"><Font ss:FontName="Arial"/></Style></Styles>
<Worksheet ss:Name="Key Metrics"><Table><Row><Cell><Data ss:Type="String">a</Data></Cell></Row></Table>
 <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Selected/></WorksheetOptions></Worksheet>
<Worksheet ss:Name="Lifetime Post Stories by act..."><Table><Row><Cell><Data ss:Type="String">b</Data></Cell></Row></Table>
 <x:WorksheetOptions><x:Visible>SheetHidden</x:Visible></x:WorksheetOptions></Worksheet>
<Worksheet ss:Name="R&amp;D"/>
<Worksheet><Table><Row><Cell><Data ss:Type="String">d</Data></Cell></Row></Table></Worksheet>"#,
        );
        let sheets = read(&xml).unwrap();
        let summary: Vec<(&str, bool, usize)> = sheets
            .iter()
            .map(|s| (s.sheet.as_str(), s.hidden, s.rows.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("Key Metrics", false, 1),
                ("Lifetime Post Stories by act...", true, 1),
                ("R&D", false, 0),
                // No ss:Name: named by its place, as Excel names a new sheet.
                ("Sheet4", false, 1),
            ]
        );
        assert_eq!(sheets[1].rows, vec![vec![t("b")]]);
    }

    #[test]
    fn row_and_cell_indexes_skip_and_merged_cells_move_the_next_cell() {
        // Row 1: A "a", C "c" (Index), D "d" merged across D:F, G "g" (after the merge).
        // Row 4 (Index 4): A "x". Row 5: B "y" (Index 2).
        let xml = one_sheet(
            r#"<Row><Cell><Data ss:Type="String">a</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">c</Data></Cell><Cell ss:MergeAcross="2"><Data ss:Type="String">d</Data></Cell><Cell><Data ss:Type="String">g</Data></Cell></Row>
<Row ss:Index="4"><Cell><Data ss:Type="String">x</Data></Cell></Row>
<Row><Cell ss:Index="2"><Data ss:Type="String">y</Data></Cell></Row>"#,
        );
        let e = Cell::Empty;
        assert_eq!(
            rows_of(&xml),
            vec![
                vec![
                    t("a"),
                    e.clone(),
                    t("c"),
                    t("d"),
                    e.clone(),
                    e.clone(),
                    t("g")
                ],
                vec![],
                vec![],
                vec![t("x")],
                vec![e.clone(), t("y")],
            ]
        );
    }

    #[test]
    fn cells_merged_down_are_skipped_in_the_rows_below_and_a_span_skips_rows() {
        // A1:B2 merged ("m"), C1 "n". Row 2's first cell has no index: it is C2, past the merge.
        // Row 3 is free again: A3 "p". Row 4 spans rows 4 and 5 (formatting only), so the next
        // row is row 6: A6 "q".
        let xml = one_sheet(
            r#"<Row><Cell ss:MergeAcross="1" ss:MergeDown="1"><Data ss:Type="String">m</Data></Cell><Cell><Data ss:Type="String">n</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">o</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">p</Data></Cell></Row>
<Row ss:Span="1"/>
<Row><Cell><Data ss:Type="String">q</Data></Cell></Row>"#,
        );
        let e = Cell::Empty;
        assert_eq!(
            rows_of(&xml),
            vec![
                vec![t("m"), e.clone(), t("n")],
                vec![e.clone(), e.clone(), t("o")],
                vec![t("p")],
                vec![],
                vec![],
                vec![t("q")],
            ]
        );
    }

    #[test]
    fn data_types_become_cells() {
        let cell = |data_type: &str, text: &str| {
            format!(r#"<Cell><Data ss:Type="{data_type}">{text}</Data></Cell>"#)
        };
        let row: String = [
            cell("String", "Post ID"),
            cell("Number", "1520"),
            cell("Number", "0.25"),
            cell("Number", "-3E2"),
            cell("DateTime", "2013-05-01T00:00:00.000"),
            cell("DateTime", "2013-05-01T10:00:00.000"),
            // Excel's way of writing a time of day: on its day 0.
            cell("DateTime", "1899-12-31T09:30:00.000"),
            cell("Boolean", "1"),
            cell("Boolean", "0"),
            cell("Error", "#N/A"),
            // Text that does not fit its type stays text.
            cell("Number", "n/a"),
            cell("DateTime", "05/01/2013 10:00:00 AM"),
            // No type: text. An empty string: an empty cell.
            r#"<Cell><Data>  spaced  </Data></Cell>"#.to_string(),
            cell("String", ""),
            r#"<Cell ss:StyleID="s21"/>"#.to_string(),
            cell("Number", "7"),
        ]
        .concat();
        assert_eq!(
            rows_of(&one_sheet(&format!("<Row>{row}</Row>"))),
            vec![vec![
                t("Post ID"),
                Cell::Number(1520.0),
                Cell::Number(0.25),
                Cell::Number(-300.0),
                at("2013-05-01 00:00:00"),
                at("2013-05-01 10:00:00"),
                t("9:30:00"),
                Cell::Bool(true),
                Cell::Bool(false),
                Cell::Error("#N/A".into()),
                t("n/a"),
                t("05/01/2013 10:00:00 AM"),
                t("  spaced  "),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(7.0),
            ]]
        );
    }

    #[test]
    fn a_datetime_is_the_same_cell_the_xlsx_reader_gives_for_a_date_cell() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/mm/dd");
        let stamp = rust_xlsxwriter::Format::new().set_num_format("yyyy/mm/dd hh:mm");
        let may_first = rust_xlsxwriter::ExcelDateTime::from_ymd(2013, 5, 1).unwrap();
        let ten_am = rust_xlsxwriter::ExcelDateTime::parse_from_str("2013-05-01T10:00:00").unwrap();
        sheet
            .write_datetime_with_format(0, 0, &may_first, &date)
            .unwrap();
        sheet
            .write_datetime_with_format(0, 1, &ten_am, &stamp)
            .unwrap();
        let xlsx = workbook.save_to_buffer().unwrap();
        let from_xlsx = super::super::read_workbook("posts.xlsx", &xlsx).unwrap();

        let xml = one_sheet(
            r#"<Row><Cell ss:StyleID="s21"><Data ss:Type="DateTime">2013-05-01T00:00:00.000</Data></Cell><Cell ss:StyleID="s22"><Data ss:Type="DateTime">2013-05-01T10:00:00.000</Data></Cell></Row>"#,
        );
        assert_eq!(rows_of(&xml), from_xlsx[0].rows);
        assert_eq!(
            from_xlsx[0].rows,
            vec![vec![at("2013-05-01 00:00:00"), at("2013-05-01 10:00:00")]]
        );
    }

    #[test]
    fn rich_text_is_the_concatenation_of_its_runs_and_comments_are_not_values() {
        let xml = one_sheet(
            r##"<Row>
<Cell><Data ss:Type="String"><Font html:Color="#000000">a</Font><B>b</B></Data></Cell>
<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Bold </B><Font html:Color="#FF0000"><I>red</I></Font> end</ss:Data></Cell>
<Cell><Data ss:Type="String">value</Data><Comment ss:Author="kim"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>a note</B></ss:Data></Comment></Cell>
<Cell><ss:Data ss:Type="String">漢字</ss:Data><PhoneticText xmlns="urn:schemas-microsoft-com:office:excel">カンジ</PhoneticText></Cell>
</Row>"##,
        );
        assert_eq!(
            rows_of(&xml),
            vec![vec![t("ab"), t("Bold red end"), t("value"), t("漢字")]]
        );
    }

    #[test]
    fn references_entities_and_cdata_read_as_their_characters() {
        let xml = one_sheet(
            r#"<Row>
<Cell><Data ss:Type="String">&lt;b&gt; &amp; &apos;x&apos; &quot;y&quot;</Data></Cell>
<Cell><Data ss:Type="String">line 1&#10;line 2 &#x3042;&#12354;</Data></Cell>
<Cell><Data ss:Type="String"><![CDATA[<b>&amp;</b>]]></Data></Cell>
<Cell><Data ss:Type="Number">&#49;&#50;</Data></Cell>
</Row>"#,
        );
        assert_eq!(
            rows_of(&xml),
            vec![vec![
                t("<b> & 'x' \"y\""),
                t("line 1\nline 2 ああ"),
                t("<b>&amp;</b>"),
                Cell::Number(12.0),
            ]]
        );
        // A literal line break in the file is one "\n", whatever the file's line ends.
        let crlf = one_sheet("<Row><Cell><Data ss:Type=\"String\">a\r\nb</Data></Cell></Row>");
        assert_eq!(rows_of(&crlf), vec![vec![t("a\nb")]]);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_and_a_declared_legacy_encoding_decode() {
        let xml = one_sheet(r#"<Row><Cell><Data ss:Type="String">投稿ID</Data></Cell></Row>"#);
        let expected = vec![vec![t("投稿ID")]];
        let utf16 = |big_endian: bool| -> Vec<u8> {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in xml.encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            bytes
        };
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), xml.as_bytes()].concat();
        for bytes in [utf16(false), utf16(true), with_bom] {
            assert!(starts_like_spreadsheetml(&bytes));
            assert!(has_spreadsheetml_root(&bytes));
            let sheets = read_spreadsheetml("u.xls", &bytes).unwrap();
            assert_eq!(sheets[0].rows, expected);
        }

        let declared = xml.replace(
            r#"<?xml version="1.0"?>"#,
            r#"<?xml version="1.0" encoding="Shift_JIS"?>"#,
        );
        let (shift_jis, _, lossy) = encoding_rs::SHIFT_JIS.encode(&declared);
        assert!(!lossy);
        let sheets = read_spreadsheetml("sjis.xml", &shift_jis).unwrap();
        assert_eq!(sheets[0].rows, expected);

        // Bytes the encoding cannot decode are refused, not replaced.
        let broken = [
            &shift_jis[..shift_jis.len() - 30],
            b"\xFF\xFF",
            &shift_jis[shift_jis.len() - 30..],
        ]
        .concat();
        assert_eq!(
            fault(read_spreadsheetml("sjis.xml", &broken)),
            XmlFault::Undecodable {
                encoding: "Shift_JIS"
            }
        );
    }

    #[test]
    fn content_that_opens_like_xml_or_a_workbook_is_told_apart() {
        for yes in [
            "<?xml version=\"1.0\"?><Workbook/>",
            "\u{feff}\r\n  <?xml version=\"1.0\"?>",
            "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
            "<ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">",
        ] {
            assert!(starts_like_spreadsheetml(yes.as_bytes()), "{yes}");
        }
        for no in [
            "<html><table>",
            "Post ID,Permalink",
            "PK\u{3}\u{4}",
            "<Workbooks>",
            "",
        ] {
            assert!(!starts_like_spreadsheetml(no.as_bytes()), "{no}");
        }

        // The root element decides, past declarations, instructions and comments; the head of a
        // file is enough.
        let full = workbook("<!-- exported -->");
        assert!(has_spreadsheetml_root(full.as_bytes()));
        assert!(has_spreadsheetml_root(
            &full.as_bytes()[..full.find("xmlns:html").unwrap() + 60]
        ));
        for no in [
            r#"<?xml version="1.0"?><rss version="2.0"><channel/></rss>"#,
            // A Workbook of no namespace, or of another one.
            r#"<?xml version="1.0"?><Workbook><Worksheet/></Workbook>"#,
            r#"<Workbook xmlns="urn:example:books"/>"#,
            "not xml at all",
        ] {
            assert!(!has_spreadsheetml_root(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn xml_that_is_no_spreadsheet_is_named_by_its_root() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel/></rss>"#;
        assert_eq!(
            read(rss),
            Err(IngestError::Unreadable(Unreadable::NotAWorkbook(
                ForeignKind::Xml { root: "rss".into() }
            )))
        );
        let xhtml = r#"<?xml version="1.0"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><body><table/></body></html>"#;
        assert_eq!(
            read(xhtml),
            Err(IngestError::Unreadable(Unreadable::NotAWorkbook(
                ForeignKind::Html
            )))
        );
        assert_eq!(
            fault(read(r#"<?xml version="1.0"?>"#)),
            XmlFault::Malformed {
                line: 1,
                column: 22,
                detail: "the text ends before any element".into()
            }
        );
    }

    #[test]
    fn a_document_type_is_refused_so_no_entity_is_ever_expanded() {
        // The "billion laughs": ten entities each ten times the one before.
        let mut declarations = String::from("<!ENTITY lol0 \"lol\">\n");
        for level in 1..10 {
            let previous = format!("&lol{};", level - 1).repeat(10);
            declarations.push_str(&format!("<!ENTITY lol{level} \"{previous}\">\n"));
        }
        let bomb = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Workbook [\n{declarations}]>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet Name=\"S\"><Table><Row><Cell><Data Type=\"String\">&lol9;</Data></Cell></Row></Table></Worksheet></Workbook>"
        );
        assert_eq!(fault(read(&bomb)), XmlFault::DocumentType { line: 2 });

        // An entity declaration outside any document type (line 9), and a reference to an entity
        // nothing defines (line 9, column 42: the `&`).
        let stray = workbook("\n<!ENTITY lol \"lol\">");
        assert_eq!(fault(read(&stray)), XmlFault::DocumentType { line: 9 });
        let undefined = one_sheet(
            "\n<Row><Cell><Data ss:Type=\"String\">laughs &lol9; here</Data></Cell></Row>",
        );
        assert_eq!(
            fault(read(&undefined)),
            XmlFault::UndefinedEntity {
                name: "lol9".into(),
                line: 9,
                column: 42
            }
        );
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let bomb = workbook(&"<o:Deep>".repeat(100_000));
        assert_eq!(
            fault(read(&bomb)),
            XmlFault::TooDeep {
                limit: MAX_XML_DEPTH,
                line: 8
            }
        );
        // Sixty-four levels are fine: the root and 63 more.
        let deepest = workbook(&format!(
            "{}{}",
            "<o:Deep>".repeat(MAX_XML_DEPTH - 1),
            "</o:Deep>".repeat(MAX_XML_DEPTH - 1)
        ));
        assert_eq!(read(&deepest), Ok(vec![]));
    }

    #[test]
    fn a_truncated_or_malformed_document_is_an_error_naming_the_line() {
        let xml = one_sheet(
            "\n<Row><Cell><Data ss:Type=\"String\">Post ID</Data></Cell></Row>\n<Row><Cell><Data ss:Type=\"String\">123_456</Data></Cell></Row>\n",
        );
        // Cut inside the second row's value (line 10).
        let cut = &xml[..xml.find("123").unwrap() + 2];
        assert_eq!(
            fault(read(cut)),
            XmlFault::Truncated {
                line: 10,
                open: "Data".into()
            }
        );
        // Cut inside a tag.
        let cut = &xml[..xml.find("<Cell><Data ss:Type=\"String\">123").unwrap() + 3];
        assert!(
            matches!(fault(read(cut)), XmlFault::Malformed { line: 10, column: 6, ref detail } if detail.contains("not closed")),
            "{:?}",
            read(cut)
        );
        // An end tag that closes the wrong element (line 9, column 49 is its `<`).
        let crossed = xml.replacen("</Cell></Row>", "</Row></Cell>", 1);
        assert!(
            matches!(fault(read(&crossed)), XmlFault::Malformed { line: 9, column: 49, ref detail } if detail.contains("expected `</Cell>`")),
            "{:?}",
            read(&crossed)
        );

        // Cut at every byte: an error each time until the root element is closed, never a panic.
        let end = xml.find("</Workbook>").unwrap() + "</Workbook>".len();
        for len in 0..xml.len() {
            let result = read_spreadsheetml("cut.xls", &xml.as_bytes()[..len]);
            assert_eq!(result.is_ok(), len >= end, "cut at {len}: {result:?}");
        }
    }

    #[test]
    fn a_truncated_file_is_an_error_naming_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("Facebook Insights Data Export (Post Level).xls");
        let xml = one_sheet("<Row><Cell><Data ss:Type=\"String\">Post ID</Data></Cell></Row>");
        // Cut right after the cell, with its row still open.
        std::fs::write(&path, &xml.as_bytes()[..xml.find("</Row>").unwrap()]).unwrap();
        let message = crate::ingest::read_file(&path).unwrap_err().to_string();
        assert_eq!(
            message,
            format!(
                "{}: cannot be read as an Excel/ODS workbook: its XML ends at line 8 while <Row> is still open; the file is incomplete (cut off while saving, downloading or copying)",
                path.display()
            )
        );
    }

    #[test]
    fn the_size_and_cell_limits_hold() {
        let xml = one_sheet(
            r#"<Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell/><Cell><Data ss:Type="Number">2</Data></Cell></Row><Row><Cell><Data ss:Type="Number">3</Data></Cell><Cell><Data ss:Type="Number">4</Data></Cell></Row>"#,
        );
        let limits = |bytes: u64, cells: u64| Limits {
            bytes,
            depth: MAX_XML_DEPTH,
            cells,
        };
        let size = xml.len() as u64;
        assert!(read_within("f.xls", xml.as_bytes(), limits(size, 4)).is_ok());
        assert!(matches!(
            fault(read_within("f.xls", xml.as_bytes(), limits(size - 1, 4))),
            XmlFault::TooLarge { .. }
        ));
        // Four values: a limit of three stops at the fourth; the empty `<Cell/>` does not count.
        assert_eq!(
            read_within("f.xls", xml.as_bytes(), limits(size, 3)),
            Err(IngestError::TooManyCells { sheet: "S".into() })
        );
        assert_eq!(
            fault(read_within(
                "f.xls",
                &vec![b' '; 2 << 20],
                limits(1 << 20, 4)
            )),
            XmlFault::TooLarge { mb: 2, limit_mb: 1 }
        );
    }

    #[test]
    fn indexes_beyond_the_grid_or_not_numbers_are_refused_naming_the_sheet() {
        let damaged = |rows: &str| match read(&one_sheet(rows)) {
            Err(IngestError::Unreadable(Unreadable::DamagedSheet { sheet, detail })) => {
                assert_eq!(sheet, "S");
                detail
            }
            other => panic!("expected a damaged sheet, got {other:?}"),
        };
        assert_eq!(
            damaged(
                r#"<Row ss:Index="1048577"><Cell><Data ss:Type="Number">1</Data></Cell></Row>"#
            ),
            "row 1048577 at line 8 is beyond Excel's 1,048,576 rows"
        );
        assert_eq!(
            damaged(r#"<Row><Cell ss:Index="16385"><Data ss:Type="Number">1</Data></Cell></Row>"#),
            "a cell at line 8 is in column 16385, beyond Excel's 16,384 columns"
        );
        // A merge running past the last column puts the next cell beyond it.
        assert_eq!(
            damaged(r#"<Row><Cell ss:MergeAcross="18446744073709551615"/><Cell/></Row>"#),
            "a cell at line 8 is in column 16386, beyond Excel's 16,384 columns"
        );
        // Merged that far across and one row down, the next row's first cell lies past the grid:
        // refused, not searched for forever.
        assert_eq!(
            damaged(
                r#"<Row><Cell ss:MergeAcross="18446744073709551615" ss:MergeDown="1"/></Row><Row><Cell/></Row>"#
            ),
            "a cell at line 8 is in column 16386, beyond Excel's 16,384 columns"
        );
        assert_eq!(
            damaged(r#"<Row><Cell ss:Index="0"/></Row>"#),
            "ss:Index \"0\" at line 8 is not a whole number from 1"
        );
        assert_eq!(
            damaged(r#"<Row><Cell ss:MergeAcross="-1"/></Row>"#),
            "ss:MergeAcross \"-1\" at line 8 is not a whole number from 0"
        );
    }
}
