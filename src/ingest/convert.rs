//! calamine's `Data` -> kpibook's `Cell`: serial and ISO dates, times of day and durations as the
//! text a person reads, Excel's and LibreOffice's spellings of error values. Not for reading a
//! workbook (`workbook`) nor for typing a cell as a field (`schema`).

use calamine::{CellErrorType, Data};
use chrono::{NaiveDate, NaiveDateTime};

use crate::cell::Cell;

/// Converts one calamine value into the internal `Cell`.
///
/// Dates marked by their number format become `DateTime` (the workbook's 1900 or 1904 system is
/// applied by calamine); ISO date cells become `DateTime` when they hold a date. A time of day
/// (a date-formatted serial below 1, Excel's day "1900-01-00"), a duration (`[h]:mm:ss` formats,
/// ODS time values) and an ISO time-only value become `Text` as a person reads them (`9:00:00`,
/// `255:10:10`): no canonical field is a time or a duration, and a time must not pass for a date in
/// 1899 in a date column.
pub(crate) fn cell_from_data(data: Data) -> Cell {
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
pub(crate) fn ods_error_value(cell: Cell) -> Cell {
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

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

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
}
