//! The period a web analytics export writes in comment lines above its header (GA4 Reports and
//! Explorations CSV: `# Start date: 20250101` and `# End date: 20250131`; Japanese UI `# 開始日:`
//! / `# 終了日:`), for the rows of a sheet that has no date column. Not for title rows or file
//! names: one form, one small reader.

use chrono::NaiveDate;

use crate::cell::Cell;
use crate::values::{normalize_key, parse_date_text, DateReading};

/// What a comment line's label is called, for the first and the last day.
const START_LABELS: [&str; 2] = ["start date", "開始日"];
const END_LABELS: [&str; 2] = ["end date", "終了日"];

/// The first and last day written in the `#` lines among `rows_above_header`; `None` unless both
/// are there and the first is not after the last.
pub fn period_from_comment_lines(
    rows_above_header: &[Vec<Cell>],
    reading: DateReading,
) -> Option<(NaiveDate, NaiveDate)> {
    let (mut start, mut end) = (None, None);
    for row in rows_above_header {
        let Some(first) = row.iter().find(|c| !c.is_blank()) else {
            continue;
        };
        let text = first.display();
        let Some(comment) = text.trim().strip_prefix('#') else {
            continue;
        };
        let Some((label, value)) = comment.split_once([':', '：']) else {
            continue;
        };
        let label = normalize_key(label);
        let Ok(date) = parse_date_text(value.trim(), reading).map(|d| d.date()) else {
            continue;
        };
        if START_LABELS.contains(&label.as_str()) {
            start = start.or(Some(date));
        } else if END_LABELS.contains(&label.as_str()) {
            end = end.or(Some(date));
        }
    }
    let (start, end) = (start?, end?);
    (start <= end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<Vec<Cell>> {
        lines
            .iter()
            .map(|l| vec![Cell::Text(l.to_string())])
            .collect()
    }

    fn reading() -> DateReading {
        DateReading::new(None, chrono_tz::Asia::Tokyo)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_the_start_and_end_lines_in_either_language() {
        let en = rows(&[
            "# ----------------------------------------",
            "# Traffic acquisition: Session primary channel group (Default Channel Group)",
            "# Start date: 20250101",
            "# End date: 20250131",
        ]);
        assert_eq!(
            period_from_comment_lines(&en, reading()),
            Some((day(2025, 1, 1), day(2025, 1, 31)))
        );
        let ja = rows(&["# 開始日: 20260817", "# 終了日: 20260913"]);
        assert_eq!(
            period_from_comment_lines(&ja, reading()),
            Some((day(2026, 8, 17), day(2026, 9, 13)))
        );
    }

    #[test]
    fn needs_both_ends_in_order_and_in_comment_lines() {
        assert_eq!(
            period_from_comment_lines(&rows(&["# Start date: 20250101"]), reading()),
            None
        );
        let reversed = rows(&["# Start date: 20250201", "# End date: 20250131"]);
        assert_eq!(period_from_comment_lines(&reversed, reading()), None);
        let not_comments = rows(&["Start date: 20250101", "End date: 20250131"]);
        assert_eq!(period_from_comment_lines(&not_comments, reading()), None);
    }
}
