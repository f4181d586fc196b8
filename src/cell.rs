//! The one internal cell type. Ingest converts calamine and CSV values into it at the boundary,
//! so nothing after ingest knows which file format a value came from.

use chrono::NaiveDateTime;

/// One input cell, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text as written (CSV fields are always text).
    Text(String),
    /// A plain number. In a date column it is read as a date serial of the sheet's date system.
    Number(f64),
    Bool(bool),
    /// A cell the spreadsheet itself marked as a date or datetime (date format or ISO date cell).
    DateTime(NaiveDateTime),
    /// An Excel error value such as `#DIV/0!` or `#N/A`, spelled as Excel shows it.
    Error(String),
}

impl Cell {
    /// True for an empty cell or text made only of whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a person would read it in the sheet, for issue messages and data sheets.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => format_number(*number),
            Cell::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_string(),
            Cell::DateTime(at) => {
                if at.time() == chrono::NaiveTime::MIN {
                    at.format("%Y-%m-%d").to_string()
                } else {
                    at.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Error(error) => error.clone(),
        }
    }
}

/// Formats a number without a trailing `.0` for whole values.
pub fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// A1-style reference for a 0-based row and column, e.g. `(16, 2)` -> `C17`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// Column letters for a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(16, 2), "C17");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn whole_numbers_display_without_fraction() {
        assert_eq!(Cell::Number(12000.0).display(), "12000");
        assert_eq!(Cell::Number(0.5).display(), "0.5");
    }
}
