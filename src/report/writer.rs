//! The one place where report cells are written. Every sheet goes through `SheetWriter`: input text
//! as text (never a formula), input numbers and dates with their format, and every derived figure
//! through `figure`, which takes the formula and its computed value. Whether a live formula or a
//! plain value lands in the cell is decided here alone (`--values-only`), and an undefined figure
//! (`None`) is always an empty cell, never 0 or an error.

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Formula, Url, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::style::{display_width, ColumnKind, Kind, Styles};

/// Column widths are kept within these bounds (in Excel character units).
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

pub type XResult<T = ()> = Result<T, XlsxError>;

/// A derived figure: its computed value and, where one is known, the Excel formula that computes
/// it from the data sheets. The value is cached in the cell so the file reads right before any
/// recalculation.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Option<f64>,
    pub formula: Option<String>,
}

impl Figure {
    pub fn value(value: Option<f64>) -> Figure {
        Figure {
            value,
            formula: None,
        }
    }
}

impl From<f64> for Figure {
    fn from(value: f64) -> Figure {
        Figure::value(Some(value))
    }
}

impl From<Option<f64>> for Figure {
    fn from(value: Option<f64>) -> Figure {
        Figure::value(value)
    }
}

impl From<u64> for Figure {
    fn from(value: u64) -> Figure {
        Figure::value(Some(value as f64))
    }
}

/// The sheet being written: built on its own and handed over when finished, or (the large data
/// sheets) already inside the workbook in constant-memory mode, rows streamed to disk as written.
enum Slot<'a> {
    Owned(Box<Worksheet>),
    InWorkbook(&'a mut Worksheet),
}

impl std::ops::Deref for Slot<'_> {
    type Target = Worksheet;
    fn deref(&self) -> &Worksheet {
        match self {
            Slot::Owned(sheet) => sheet,
            Slot::InWorkbook(sheet) => sheet,
        }
    }
}

impl std::ops::DerefMut for Slot<'_> {
    fn deref_mut(&mut self) -> &mut Worksheet {
        match self {
            Slot::Owned(sheet) => sheet,
            Slot::InWorkbook(sheet) => sheet,
        }
    }
}

/// Writes one worksheet and remembers how wide each column's content is, so columns are sized to
/// content when the sheet is finished.
pub struct SheetWriter<'a> {
    sheet: Slot<'a>,
    styles: &'a Styles,
    values_only: bool,
    widths: Vec<f64>,
    /// Cells take their format from their column (set once by `column_formats`) instead of one
    /// per cell: what makes the large data sheets fast to write.
    by_column: bool,
    /// The first table's header row, repeated on every printed page.
    print_titles: Option<u32>,
    /// Header rows and, per header, its column and full width: a row whose header is wider than
    /// its column wraps and is made two lines high (spreadsheets do not grow it on opening).
    header_rows: Vec<(u32, Vec<(u16, f64)>)>,
}

/// Column widths are measured over this many rows of a data sheet; the rest are alike.
const MEASURED_ROWS: u32 = 2_000;

impl<'a> SheetWriter<'a> {
    pub fn new(name: &str, styles: &'a Styles, values_only: bool) -> XResult<SheetWriter<'a>> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        // A formula without a value (a ratio over zero) caches an empty text, not 0.
        sheet.set_formula_result_default("");
        Ok(SheetWriter {
            sheet: Slot::Owned(Box::new(sheet)),
            styles,
            values_only,
            widths: Vec::new(),
            by_column: false,
            print_titles: None,
            header_rows: Vec::new(),
        })
    }

    /// A writer on a sheet already in the workbook (constant-memory data sheets): rows must be
    /// written in order; `close` finishes it.
    pub fn in_workbook(
        sheet: &'a mut Worksheet,
        name: &str,
        styles: &'a Styles,
    ) -> XResult<SheetWriter<'a>> {
        sheet.set_name(name)?;
        Ok(SheetWriter {
            sheet: Slot::InWorkbook(sheet),
            styles,
            values_only: true,
            widths: Vec::new(),
            by_column: false,
            print_titles: None,
            header_rows: Vec::new(),
        })
    }

    /// Gives each column its format once; from now on cells are written without a format of their
    /// own (data sheets).
    pub fn column_formats(&mut self, kinds: &[ColumnKind]) -> XResult {
        for (col, kind) in kinds.iter().enumerate() {
            let format = self.styles.column(*kind);
            self.sheet.set_column_format(col_index(col), format)?;
        }
        self.by_column = true;
        Ok(())
    }

    /// Whether a data sheet's row still counts for column widths.
    fn measured(&self, row: u32) -> bool {
        !self.by_column || row <= MEASURED_ROWS
    }

    pub fn name(&self) -> String {
        self.sheet.name()
    }

    pub fn styles(&self) -> &'a Styles {
        self.styles
    }

    fn measure(&mut self, col: u16, text_width: f64) {
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0.0);
        }
        self.widths[col] = self.widths[col].max(text_width);
    }

    fn measure_text(&mut self, col: u16, text: &str) {
        // East Asian wide characters take two columns, as they do in Excel.
        let widest_line = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        self.measure(col, widest_line as f64);
    }

    /// Input text, always as text (a leading `=` stays text).
    pub fn text(&mut self, row: u32, col: u16, text: &str) -> XResult {
        if self.by_column {
            if !text.is_empty() {
                self.sheet.write_string(row, col, text)?;
                if self.measured(row) {
                    self.measure_text(col, text);
                }
            }
            return Ok(());
        }
        let format = &self.styles.text;
        self.write_text_as(row, col, text, format.clone())
    }

    /// Text in a given format (labels, headings).
    pub fn text_with(&mut self, row: u32, col: u16, text: &str, format: &Format) -> XResult {
        self.write_text_as(row, col, text, format.clone())
    }

    fn write_text_as(&mut self, row: u32, col: u16, text: &str, format: Format) -> XResult {
        if text.is_empty() {
            return Ok(());
        }
        self.sheet
            .write_string_with_format(row, col, text, &format)?;
        self.measure_text(col, text);
        Ok(())
    }

    /// Optional input text.
    pub fn opt_text(&mut self, row: u32, col: u16, text: Option<&str>) -> XResult {
        match text {
            Some(t) => self.text(row, col, t),
            None => Ok(()),
        }
    }

    /// Long input text that may run over the empty cells to its right instead of widening its
    /// column (hashes, notes).
    pub fn overflow_text(&mut self, row: u32, col: u16, text: &str) -> XResult {
        self.sheet
            .write_string_with_format(row, col, text, &self.styles.text)?;
        Ok(())
    }

    /// A heading that should not widen its column (titles over several columns).
    pub fn heading(&mut self, row: u32, col: u16, text: &str, format: &Format) -> XResult {
        self.sheet
            .write_string_with_format(row, col, text, format)?;
        Ok(())
    }

    /// An input number (an amount, a count as typed), empty when absent.
    pub fn number(&mut self, row: u32, col: u16, value: Option<f64>, kind: Kind) -> XResult {
        let Some(value) = value.filter(|v| v.is_finite()) else {
            return Ok(());
        };
        if self.by_column {
            self.sheet.write_number(row, col, value)?;
        } else {
            self.sheet
                .write_number_with_format(row, col, value, self.styles.number(kind))?;
        }
        if self.measured(row) {
            self.measure(col, display_width(value, kind));
        }
        Ok(())
    }

    /// A derived figure: a live formula with its value cached, or the plain value with
    /// `--values-only` or when no formula is known. An undefined value is an empty cell.
    pub fn figure(&mut self, row: u32, col: u16, figure: impl Into<Figure>, kind: Kind) -> XResult {
        let figure = figure.into();
        let format = self.styles.number(kind);
        match (&figure.formula, self.values_only) {
            (Some(formula), false) => {
                let cached = figure
                    .value
                    .filter(|v| v.is_finite())
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                self.sheet.write_formula_with_format(
                    row,
                    col,
                    Formula::new(formula).set_result(cached),
                    format,
                )?;
            }
            _ => match figure.value.filter(|v| v.is_finite()) {
                Some(value) => {
                    self.sheet
                        .write_number_with_format(row, col, value, format)?;
                }
                None => return Ok(()),
            },
        }
        if let Some(value) = figure.value.filter(|v| v.is_finite()) {
            self.measure(col, display_width(value, kind));
        }
        Ok(())
    }

    /// Derived text (a status word): a live formula with the text cached, or the text itself.
    pub fn text_figure(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        formula: Option<&str>,
        format: &Format,
    ) -> XResult {
        match (formula, self.values_only) {
            (Some(formula), false) => {
                self.sheet.write_formula_with_format(
                    row,
                    col,
                    Formula::new(formula).set_result(text),
                    format,
                )?;
                self.measure_text(col, text);
                Ok(())
            }
            _ => self.write_text_as(row, col, text, format.clone()),
        }
    }

    /// A flag as a real TRUE / FALSE cell, so formulas can match it.
    pub fn boolean(&mut self, row: u32, col: u16, value: bool) -> XResult {
        if self.by_column {
            self.sheet.write_boolean(row, col, value)?;
        } else {
            self.sheet
                .write_boolean_with_format(row, col, value, &self.styles.text)?;
        }
        self.measure(col, 5.0);
        Ok(())
    }

    /// A derived TRUE / FALSE (a reconciliation): a live formula with its result cached, or the
    /// plain value with `--values-only`; coloured good or bad.
    pub fn check(&mut self, row: u32, col: u16, holds: bool, formula: Option<&str>) -> XResult {
        let format = self.styles.check(holds);
        match (formula, self.values_only) {
            (Some(formula), false) => {
                let result = if holds { "TRUE" } else { "FALSE" };
                self.sheet.write_formula_with_format(
                    row,
                    col,
                    Formula::new(formula).set_result(result),
                    format,
                )?;
            }
            _ => {
                self.sheet
                    .write_boolean_with_format(row, col, holds, format)?;
            }
        }
        self.measure(col, 6.0);
        Ok(())
    }

    pub fn date(&mut self, row: u32, col: u16, date: Option<NaiveDate>) -> XResult {
        if let Some(date) = date {
            if self.by_column {
                self.sheet.write_datetime(row, col, date)?;
            } else {
                self.sheet
                    .write_datetime_with_format(row, col, date, &self.styles.date)?;
            }
            self.measure(col, 10.0);
        }
        Ok(())
    }

    pub fn month(&mut self, row: u32, col: u16, month: NaiveDate) -> XResult {
        if self.by_column {
            self.sheet.write_datetime(row, col, month)?;
        } else {
            self.sheet
                .write_datetime_with_format(row, col, month, &self.styles.month)?;
        }
        self.measure(col, 7.0);
        Ok(())
    }

    pub fn datetime(&mut self, row: u32, col: u16, at: NaiveDateTime) -> XResult {
        if self.by_column {
            self.sheet.write_datetime(row, col, at)?;
        } else {
            self.sheet
                .write_datetime_with_format(row, col, at, &self.styles.datetime)?;
        }
        self.measure(col, 16.0);
        Ok(())
    }

    /// A link to a cell of another sheet of this workbook.
    pub fn internal_link(
        &mut self,
        row: u32,
        col: u16,
        sheet: &str,
        cell: &str,
        text: &str,
    ) -> XResult {
        let format = self.styles.link.clone();
        self.link_to(row, col, (sheet, cell), text, &format)
    }

    /// A link beside a right-aligned figure, indented to stand apart from it.
    pub fn internal_link_aside(
        &mut self,
        row: u32,
        col: u16,
        sheet: &str,
        cell: &str,
        text: &str,
    ) -> XResult {
        let format = self.styles.link_aside.clone();
        self.link_to(row, col, (sheet, cell), text, &format)
    }

    /// A link to `cell` of `sheet` in `format`.
    fn link_to(
        &mut self,
        row: u32,
        col: u16,
        (sheet, cell): (&str, &str),
        text: &str,
        format: &Format,
    ) -> XResult {
        let target = format!("internal:{}!{cell}", super::a1::quoted_sheet(sheet));
        self.sheet
            .write_url_with_format(row, col, Url::new(target).set_text(text), format)?;
        self.measure_text(col, text);
        Ok(())
    }

    /// A header row in the header format.
    pub fn header_row(&mut self, row: u32, headers: &[&str]) -> XResult {
        self.header_cells(row, 0, headers)
    }

    /// A header row whose columns for which `over_number` holds (by index) stand over numbers:
    /// right-aligned, as the numbers under them are.
    pub fn header_row_over_numbers(
        &mut self,
        row: u32,
        headers: &[&str],
        over_number: impl Fn(usize) -> bool,
    ) -> XResult {
        self.header_cells_aligned(row, 0, headers, over_number)
    }

    /// Header cells from column `first` on.
    pub fn header_cells(&mut self, row: u32, first: u16, headers: &[&str]) -> XResult {
        self.header_cells_aligned(row, first, headers, |_| false)
    }

    /// Header cells from column `first` on, right-aligned where `over_number` holds (by index).
    pub fn header_cells_aligned(
        &mut self,
        row: u32,
        first: u16,
        headers: &[&str],
        over_number: impl Fn(usize) -> bool,
    ) -> XResult {
        let full = |header: &str| UnicodeWidthStr::width(header) as f64;
        let widths = headers.iter().enumerate();
        let widths = widths.map(|(i, h)| (first + col_index(i), full(h)));
        self.header_rows.push((row, widths.collect()));
        for (i, header) in headers.iter().enumerate() {
            let col = first + col_index(i);
            let format = if over_number(i) {
                &self.styles.header_right
            } else {
                &self.styles.header
            };
            if !header.is_empty() {
                self.sheet
                    .write_string_with_format(row, col, *header, format)?;
                self.measure(col, header_width(header));
            }
        }
        // Room for the autofilter's drop-down button.
        for i in 0..headers.len() {
            let col = first + col_index(i);
            let width = self.widths.get(usize::from(col)).copied().unwrap_or(0.0);
            self.measure(col, width + 2.0);
        }
        Ok(())
    }

    /// A table under a header row: header frozen, autofilter over the table.
    pub fn table(&mut self, header_row: u32, last_row: u32, columns: usize) -> XResult {
        if columns == 0 {
            return Ok(());
        }
        self.sheet.set_freeze_panes(header_row + 1, 0)?;
        self.print_titles.get_or_insert(header_row);
        self.sheet.autofilter(
            header_row,
            0,
            last_row.max(header_row),
            col_index(columns - 1),
        )?;
        Ok(())
    }

    /// Direct access for what the writer does not cover (charts, row heights).
    pub fn sheet_mut(&mut self) -> &mut Worksheet {
        &mut self.sheet
    }

    /// Long text in its column's width, wrapping onto more lines instead of widening the column
    /// (file names beside the Summary's figures).
    pub fn wrapped_text(&mut self, row: u32, col: u16, text: &str) -> XResult {
        self.sheet
            .write_string_with_format(row, col, text, &self.styles.wrapped)?;
        Ok(())
    }

    /// Sizes the columns to their content and sets the page up for printing (landscape A4, one
    /// page wide, the first table's header row on every page; the footer is the workbook's,
    /// `print_footer`).
    fn lay_out(&mut self) -> XResult {
        self.sheet.set_landscape();
        self.sheet.set_paper_size(9);
        self.sheet.set_print_fit_to_pages(1, 0);
        if let Some(row) = self.print_titles {
            self.sheet.set_repeat_rows(row, row)?;
        }
        let column_width = |width: f64| (width + 1.5).clamp(MIN_WIDTH, MAX_WIDTH);
        for (col, width) in self.widths.iter().enumerate() {
            self.sheet
                .set_column_width(col_index(col), column_width(*width))?;
        }
        for (row, headers) in &self.header_rows {
            let wraps = headers.iter().any(|(col, full)| {
                let width = self.widths.get(usize::from(*col)).copied().unwrap_or(0.0);
                // The autofilter's button takes about two characters of the header's width.
                *full + 2.0 > column_width(width) - 1.0
            });
            if wraps {
                self.sheet.set_row_height(*row, 27)?;
            }
        }
        Ok(())
    }

    /// Lays the sheet out and hands it over, to be added to the workbook.
    pub fn finish(mut self) -> XResult<Worksheet> {
        self.lay_out()?;
        match self.sheet {
            Slot::Owned(sheet) => Ok(*sheet),
            Slot::InWorkbook(_) => Err(XlsxError::ParameterError(
                "a sheet inside the workbook is closed, not handed over".into(),
            )),
        }
    }

    /// Lays out a sheet that is already inside the workbook.
    pub fn close(mut self) -> XResult {
        self.lay_out()
    }
}

/// How wide a header needs its column: headers wrap, so one of two words (`リード獲得単価
/// (CPA)`, `全チャネル 比較期間`) takes the width of its wider line when split at the space that
/// balances the two lines best.
fn header_width(header: &str) -> f64 {
    let width = |text: &str| UnicodeWidthStr::width(text) as f64;
    let whole = width(header);
    header
        .match_indices(' ')
        .map(|(at, _)| width(&header[..at]).max(width(&header[at + 1..])))
        .fold(whole, f64::min)
}

/// The footer of every printed page: the sheet's name, `period` (a label and its dates) and
/// the page number of the count (`&` written as `&&`, as the footer codes ask).
pub fn print_footer(period: &str) -> String {
    format!("&L&A&C{}&R&P / &N", period.replace('&', "&&"))
}

/// A column index as the writer's type; the report never has more than a few dozen columns.
pub fn col_index(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}
