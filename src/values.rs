//! Parsing of the values teams type into their sheets: numbers with separators, currency signs,
//! full-width digits, 万/億 and percent; dates from serials, ISO, slashes, 年月日 and Japanese eras;
//! deal statuses. Pure functions, no I/O. Channels live in `channels`.

use chrono::{NaiveDate, NaiveDateTime};

use crate::cell::Cell;
use crate::model::DealStatus;

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// Not a value of the expected type.
    Unparsable,
    /// A date such as `04/05/2025` that reads two ways; set `date_order` to decide.
    AmbiguousDate,
}

/// How to read an all-numeric date whose first two parts could be day or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `04/05/2025` = 5 April 2025 (month first).
    Mdy,
    /// `04/05/2025` = 4 May 2025 (day first).
    Dmy,
    /// Year first: `2025/04/05`. Never ambiguous; accepted as a value for completeness.
    Ymd,
}

impl DateOrder {
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mdy" | "m/d/y" => Some(DateOrder::Mdy),
            "dmy" | "d/m/y" => Some(DateOrder::Dmy),
            "ymd" | "y/m/d" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// Trims, applies NFKC (full-width to half-width) and folds case: the form in which headers,
/// aliases and enumerated values are compared.
pub fn normalize_key(text: &str) -> String {
    todo!("{text}")
}

/// Reads a number written as text: `1,234`, `¥12,000`, `12,000円`, `$5`, `１２３`, `1.2万` (12000),
/// `3億円`, `3%` (0.03), `-5`, `(5)` is not accepted.
pub fn parse_number(text: &str) -> Result<f64, ValueError> {
    todo!("{text}")
}

/// A number from a cell: numbers as they are, text through `parse_number`.
pub fn number_from_cell(cell: &Cell) -> Result<f64, ValueError> {
    todo!("{cell:?}")
}

/// Reads a date or datetime written as text: ISO `2025-04-01`, `2025-04-01 10:30`, `2025-04-01T10:30:00`,
/// `2025/4/1`, `2025.4.1`, `2025年4月1日`, `令和7年4月1日`, `R7.4.1`, `R7/4/1`, `平成31年4月30日`.
/// All-numeric day/month forms (`04/05/2025`) need `order`, else `AmbiguousDate`.
pub fn parse_date_text(text: &str, order: Option<DateOrder>) -> Result<NaiveDateTime, ValueError> {
    todo!("{text}{order:?}")
}

/// Converts an Excel date serial to a datetime (1900 system, or 1904 when `date1904`).
pub fn from_serial(serial: f64, date1904: bool) -> Result<NaiveDateTime, ValueError> {
    todo!("{serial}{date1904}")
}

/// A date or datetime from a cell: date cells as they are, numbers as serials, text parsed.
pub fn date_from_cell(
    cell: &Cell,
    date1904: bool,
    order: Option<DateOrder>,
) -> Result<NaiveDateTime, ValueError> {
    todo!("{cell:?}{date1904}{order:?}")
}

/// A month from a cell: `2025-04`, `2025/4`, `2025年4月`, `R7.4`, or any date (its month).
/// Returns the first day of the month.
pub fn month_from_cell(
    cell: &Cell,
    date1904: bool,
    order: Option<DateOrder>,
) -> Result<NaiveDate, ValueError> {
    todo!("{cell:?}{date1904}{order:?}")
}

/// Deal status aliases: won = won, closed won, 受注, 成約; lost = lost, closed lost, 失注;
/// open = open, 商談中, 進行中, 提案中.
pub fn parse_status(text: &str) -> Option<DealStatus> {
    todo!("{text}")
}
