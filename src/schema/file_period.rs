//! The period a file gives outside its table (SPEC section 9), for a sheet with no date column
//! of its own: comment lines above the header (`# Start date: 20250101` / `# End date: 20250131`,
//! LinkedIn's `Report Start: 9/1/2026, 12:00 AM` / `Report End: …`), a title row holding a range
//! (`July 8, 2025 - July 31, 2025`, `2025/07/08～2025/07/31`, `2025年7月8日～2025年7月31日`), or
//! the file name (`Untitled-report-Jan-1-2026-to-Jan-31-2026.csv`, `…_20210801_20210901_en.csv`,
//! `Campaign report (2025-07-01 - 2025-07-31).csv`), looked for in that order. A file that says
//! `All time` there gives no period. Also how a figure over a range is spread over its months by
//! days. Not for reading cells of the table: that is `validate`.

use chrono::{Datelike, Months, NaiveDate};

use crate::cell::Cell;
use crate::ingest::RawSheet;
use crate::period::Period;
use crate::values::{month_named, normalize_key, DateOrder};

/// Where a file's period was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSource {
    /// Comment or label lines above the header (`# Start date:` …); the 1-based row of the start.
    Comments(u32),
    /// A title row above the header; its 1-based row.
    TitleRow(u32),
    FileName,
}

/// The period a file gives outside its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePeriod {
    /// A range of days.
    Range {
        period: Period,
        source: PeriodSource,
    },
    /// The file says its figures are for all time (`All time`, `全期間`): no month can take them.
    AllTime { source: PeriodSource },
}

/// The period of `sheet` given by its rows above the header (row `header_index` of `rows`) or its
/// file name; `order` reads all-numeric dates (`9/1/2026`) where the export's profile says it.
pub fn of_sheet(
    sheet: &RawSheet,
    header_index: usize,
    order: Option<DateOrder>,
) -> Option<FilePeriod> {
    let above = &sheet.rows[..header_index.min(sheet.rows.len())];
    let row_number = |index: usize| sheet.first_row + index as u32 + 1;
    let texts = |row: &[Cell]| -> Vec<String> {
        row.iter()
            .filter_map(|c| match c {
                Cell::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    };
    if let Some((period, index)) = comment_range(above, order) {
        let source = PeriodSource::Comments(row_number(index));
        return Some(FilePeriod::Range { period, source });
    }
    for (index, row) in above.iter().enumerate() {
        if let Some(period) = texts(row).iter().find_map(|t| range_in(t, order)) {
            let source = PeriodSource::TitleRow(row_number(index));
            return Some(FilePeriod::Range { period, source });
        }
    }
    let stem = sheet
        .file
        .rsplit_once('.')
        .map_or(sheet.file.as_str(), |(s, _)| s);
    if let Some(period) = range_in(stem, order) {
        let source = PeriodSource::FileName;
        return Some(FilePeriod::Range { period, source });
    }
    for (index, row) in above.iter().enumerate() {
        if texts(row).iter().any(|t| says_all_time(t)) {
            let source = PeriodSource::TitleRow(row_number(index));
            return Some(FilePeriod::AllTime { source });
        }
    }
    says_all_time(stem).then_some(FilePeriod::AllTime {
        source: PeriodSource::FileName,
    })
}

/// A start and an end given on labelled lines (`# Start date: 20250101`, `Report End: 9/30/2026`),
/// and the index of the start's row.
fn comment_range(rows: &[Vec<Cell>], order: Option<DateOrder>) -> Option<(Period, usize)> {
    let mut start = None;
    let mut end = None;
    for (index, row) in rows.iter().enumerate() {
        let Some(Cell::Text(text)) = row.iter().find(|c| !c.is_blank()) else {
            continue;
        };
        let normal = normalize_key(text);
        let Some((label, value)) = normal.trim_start_matches('#').split_once(':') else {
            continue;
        };
        let Some(date) = dates_in(value, order).first().copied() else {
            continue;
        };
        if label.contains("start") || label.contains("開始") {
            start.get_or_insert((date, index));
        } else if label.contains("end") || label.contains("終了") {
            end.get_or_insert(date);
        }
    }
    let ((start, index), end) = (start?, end?);
    (start <= end).then_some((Period { start, end }, index))
}

/// The first two dates written in `text` that make a range (the first not after the second).
pub fn range_in(text: &str, order: Option<DateOrder>) -> Option<Period> {
    dates_in(text, order)
        .windows(2)
        .find(|pair| pair[0] <= pair[1])
        .map(|pair| Period {
            start: pair[0],
            end: pair[1],
        })
}

/// Whether a title or a file name says its figures are for all time.
fn says_all_time(text: &str) -> bool {
    let normal = normalize_key(text).replace(['-', '_'], " ");
    normal.contains("all time") || normal.contains("全期間")
}

/// A piece of text as the date scanner sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Number(&'a str),
    Word(&'a str),
    Mark(char),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let run = |pred: fn(&char) -> bool| {
            rest.char_indices()
                .find(|(_, c)| !pred(c))
                .map_or(rest.len(), |(i, _)| i)
        };
        let (token, len) = if first.is_ascii_digit() {
            let len = run(char::is_ascii_digit);
            (Token::Number(&rest[..len]), len)
        } else if first.is_ascii_alphabetic() {
            let len = run(char::is_ascii_alphabetic);
            (Token::Word(&rest[..len]), len)
        } else {
            (Token::Mark(first), first.len_utf8())
        };
        out.push(token);
        rest = &rest[len..];
    }
    out
}

/// The latest date a file name carries (`Content_2026-01-10.csv`, `…_20210801_20210901_en.csv`):
/// the file's own date, for a day written without a year.
pub fn latest_date_in_name(name: &str) -> Option<NaiveDate> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    dates_in(stem, None).into_iter().max()
}

/// Every date written in `text`, in order: `20250101`, `2025-07-01` (also with `/`, `.` or `_`),
/// `2025年7月8日`, `July 8, 2025` / `Jan-1-2026`, `8 July 2025`, and `9/1/2026` where `order` or
/// a part above 12 says which part is the month. Years outside 1990..=2100 are not dates.
pub fn dates_in(text: &str, order: Option<DateOrder>) -> Vec<NaiveDate> {
    let normal = normalize_key(text);
    let tokens = tokens(&normal);
    let mut dates = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        match date_at(&tokens[at..], order) {
            Some((date, used)) => {
                dates.push(date);
                at += used;
            }
            None => at += 1,
        }
    }
    dates
}

/// The date the tokens start with, and how many tokens it takes.
fn date_at(t: &[Token], order: Option<DateOrder>) -> Option<(NaiveDate, usize)> {
    use Token::{Mark, Number, Word};
    let number = |s: &str| s.parse::<u32>().ok();
    let year = |s: &str| {
        let y = s.parse::<i32>().ok()?;
        (s.len() == 4 && (1990..=2100).contains(&y)).then_some(y)
    };
    let ymd = |y: &str, m: &str, d: &str| NaiveDate::from_ymd_opt(year(y)?, number(m)?, number(d)?);
    let short = |s: &str| s.len() <= 2;
    match t {
        [Number(s), ..] if s.len() == 8 => Some((ymd(&s[..4], &s[4..6], &s[6..])?, 1)),
        [Number(y), Mark(a), Number(m), Mark(b), Number(d), ..]
            if y.len() == 4 && a == b && "-/._".contains(*a) && short(m) && short(d) =>
        {
            Some((ymd(y, m, d)?, 5))
        }
        [Number(y), Mark('年'), Number(m), Mark('月'), Number(d), Mark('日'), ..] => {
            Some((ymd(y, m, d)?, 6))
        }
        [Number(a), Mark('/'), Number(b), Mark('/'), Number(y), ..]
            if short(a) && short(b) && y.len() == 4 =>
        {
            let (a, b) = (number(a)?, number(b)?);
            let (month, day) = match order {
                Some(DateOrder::Dmy) => (b, a),
                Some(_) => (a, b),
                None if a > 12 => (b, a),
                None if b > 12 => (a, b),
                None => return None,
            };
            Some((NaiveDate::from_ymd_opt(year(y)?, month, day)?, 5))
        }
        [Word(w), ..] => {
            let month = month_named(w)?;
            let (day, used) = after_marks(&t[1..])?;
            let (y, more) = after_marks(&t[1 + used..])?;
            let day = Some(day).filter(|d| short(d)).and_then(number)?;
            Some((
                NaiveDate::from_ymd_opt(year(y)?, month, day)?,
                1 + used + more,
            ))
        }
        [Number(d), ..] if short(d) => {
            let (Word(w), used) = after_marks_any(&t[1..])? else {
                return None;
            };
            let (y, more) = after_marks(&t[1 + used..])?;
            let date = NaiveDate::from_ymd_opt(year(y)?, month_named(w)?, number(d)?)?;
            Some((date, 1 + used + more))
        }
        _ => None,
    }
}

/// The number after one or two separating marks (` `, `,`, `-`, `_`, `.`), and the tokens taken.
fn after_marks<'a>(t: &[Token<'a>]) -> Option<(&'a str, usize)> {
    match after_marks_any(t)? {
        (Token::Number(n), used) => Some((n, used)),
        _ => None,
    }
}

/// The token after one or two separating marks, and the tokens taken.
fn after_marks_any<'a>(t: &[Token<'a>]) -> Option<(Token<'a>, usize)> {
    let marks = t
        .iter()
        .take_while(|tok| matches!(tok, Token::Mark(c) if " ,-_.".contains(*c)))
        .count();
    if !(1..=2).contains(&marks) {
        return None;
    }
    t.get(marks).map(|tok| (*tok, marks + 1))
}

/// The months a period covers, each with its first day and the period's days in it.
pub fn months_of(period: Period) -> Vec<(NaiveDate, u32)> {
    let mut parts = Vec::new();
    let mut start = period.start;
    while start <= period.end {
        let Some(month) = start.with_day(1) else {
            break;
        };
        let Some(next) = month.checked_add_months(Months::new(1)) else {
            break;
        };
        let last = next.pred_opt().unwrap_or(next).min(period.end);
        parts.push((month, (last - start).num_days() as u32 + 1));
        start = next;
    }
    parts
}

/// `amount` spread over parts of `days` each, by days: part i is amount × days_i / total, rounded
/// to whole units (to cents when the amount has a fraction), and the last part takes what the
/// rounding left, so the parts add up to the amount exactly.
pub fn spread(amount: f64, days: &[u32]) -> Vec<f64> {
    let total: u32 = days.iter().sum();
    if total == 0 || days.len() < 2 {
        return vec![amount];
    }
    let scale = if amount.fract() == 0.0 { 1.0 } else { 100.0 };
    let mut parts: Vec<f64> = days[..days.len() - 1]
        .iter()
        .map(|d| (amount * f64::from(*d) / f64::from(total) * scale).round() / scale)
        .collect();
    let given: f64 = parts.iter().sum();
    parts.push(((amount - given) * scale).round() / scale);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn range(a: NaiveDate, b: NaiveDate) -> Option<Period> {
        Some(Period { start: a, end: b })
    }

    #[test]
    fn ranges_are_read_as_each_platform_writes_them() {
        let july = range(day(2025, 7, 8), day(2025, 7, 31));
        for text in [
            "July 8, 2025 - July 31, 2025",
            "2025/07/08～2025/07/31",
            "2025年7月8日～2025年7月31日",
            "２０２５年７月８日〜２０２５年７月３１日",
            "Jul 8, 2025 - Jul 31, 2025",
            "キャンペーン レポート (2025/07/08-2025/07/31)",
            "8 July 2025 – 31 July 2025",
        ] {
            assert_eq!(range_in(text, None), july, "{text}");
        }
        let files = [
            (
                "Untitled-report-Jan-1-2026-to-Jan-31-2026",
                range(day(2026, 1, 1), day(2026, 1, 31)),
            ),
            (
                "ads_account_20210801_20210901_en",
                range(day(2021, 8, 1), day(2021, 9, 1)),
            ),
            (
                "Campaign report (2025-07-01 - 2025-07-31)",
                range(day(2025, 7, 1), day(2025, 7, 31)),
            ),
            (
                "kids向け動画CR_-_-_2026_01_23-_-2026_02_13",
                range(day(2026, 1, 23), day(2026, 2, 13)),
            ),
        ];
        for (name, expected) in files {
            assert_eq!(range_in(name, None), expected, "{name}");
        }
        // One date, a date that is an id, and ambiguous numeric dates are no range.
        assert_eq!(range_in("export_2025-08-01", None), None);
        assert_eq!(range_in("post 12345678901234", None), None);
        assert_eq!(range_in("9/1/2026 - 9/30/2026", None), None);
        assert_eq!(
            range_in("9/1/2026 - 9/30/2026", Some(DateOrder::Mdy)),
            range(day(2026, 9, 1), day(2026, 9, 30))
        );
    }

    fn sheet(file: &str, rows: &[&[&str]]) -> RawSheet {
        RawSheet {
            file: file.into(),
            sheet: "s".into(),
            first_row: 0,
            first_col: 0,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| Cell::Text(t.to_string())).collect())
                .collect(),
            date1904: false,
            hidden: false,
        }
    }

    #[test]
    fn comments_then_title_rows_then_the_file_name_give_the_period() {
        let ga = sheet(
            "data-export-2024.csv",
            &[
                &["# ----------------------------------------"],
                &["# Start date: 20250101"],
                &["# End date: 20250131"],
                &["Day", "Cost"],
            ],
        );
        assert_eq!(
            of_sheet(&ga, 3, None),
            Some(FilePeriod::Range {
                period: Period {
                    start: day(2025, 1, 1),
                    end: day(2025, 1, 31)
                },
                source: PeriodSource::Comments(2),
            })
        );
        let linkedin = sheet(
            "report.csv",
            &[
                &["Campaign Performance Report (in UTC)"],
                &["Report Start: 9/1/2026", " 12:00 AM"],
                &["Report End: 9/30/2026", " 11:59 PM"],
                &["Campaign Name", "Total Spent"],
            ],
        );
        assert_eq!(
            of_sheet(&linkedin, 3, Some(DateOrder::Mdy)).map(|p| match p {
                FilePeriod::Range { period, .. } => period.end,
                FilePeriod::AllTime { .. } => day(1990, 1, 1),
            }),
            Some(day(2026, 9, 30))
        );
        let google = sheet(
            "Untitled-report-Jan-1-2026-to-Jan-31-2026.csv",
            &[
                &["Campaign report"],
                &["July 8, 2025 - July 31, 2025"],
                &["Campaign", "Cost"],
            ],
        );
        assert!(matches!(
            of_sheet(&google, 2, None),
            Some(FilePeriod::Range {
                source: PeriodSource::TitleRow(2),
                ..
            })
        ));
        let named = sheet(
            "Untitled-report-Jan-1-2026-to-Jan-31-2026.csv",
            &[&["Campaign name", "Amount spent (JPY)"]],
        );
        assert!(matches!(
            of_sheet(&named, 0, None),
            Some(FilePeriod::Range {
                source: PeriodSource::FileName,
                ..
            })
        ));
        let all_time = sheet("Untitled-report-All-time.csv", &[&["Campaign name"]]);
        assert_eq!(
            of_sheet(&all_time, 0, None),
            Some(FilePeriod::AllTime {
                source: PeriodSource::FileName
            })
        );
        let titled = sheet("r.csv", &[&["Campaign report"], &["All time"], &["Cost"]]);
        assert_eq!(
            of_sheet(&titled, 2, None),
            Some(FilePeriod::AllTime {
                source: PeriodSource::TitleRow(2)
            })
        );
        assert_eq!(of_sheet(&sheet("ads.csv", &[&["Cost"]]), 0, None), None);
    }

    #[test]
    fn a_figure_over_a_range_is_spread_over_its_months_by_days() {
        // 2025-06-16..2025-07-15: 15 days in June (16..30), 15 in July (1..15).
        let months = months_of(Period {
            start: day(2025, 6, 16),
            end: day(2025, 7, 15),
        });
        assert_eq!(months, [(day(2025, 6, 1), 15), (day(2025, 7, 1), 15)]);
        assert_eq!(spread(31_000.0, &[15, 15]), [15_500.0, 15_500.0]);
        // 1,000 over 3 + 4 days: 428.57… rounds to 429, the rest 571.
        assert_eq!(spread(1_000.0, &[3, 4]), [429.0, 571.0]);
        // 100.01 over 1 + 2 days: 33.34 (33.336…), the rest 66.67.
        let cents = spread(100.01, &[1, 2]);
        assert_eq!(cents, [33.34, 66.67]);
        assert!((cents.iter().sum::<f64>() - 100.01).abs() < 1e-9);
        // Over a year end, and a single month.
        let months = months_of(Period {
            start: day(2025, 12, 31),
            end: day(2026, 1, 2),
        });
        assert_eq!(months, [(day(2025, 12, 1), 1), (day(2026, 1, 1), 2)]);
        assert_eq!(spread(5.0, &[30]), [5.0]);
    }

    #[test]
    fn a_file_name_gives_its_latest_date() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            latest_date_in_name("Content_2026-01-10.csv"),
            day(2026, 1, 10)
        );
        assert_eq!(
            latest_date_in_name("tweet_activity_metrics_acme_20210801_20210901_en.csv"),
            day(2021, 9, 1)
        );
        assert_eq!(
            latest_date_in_name("Overview_2025.07.08_1_acme.csv"),
            day(2025, 7, 8)
        );
        assert_eq!(latest_date_in_name("report1670564501234.csv"), None);
        assert_eq!(latest_date_in_name("Content.csv"), None);
        assert_eq!(latest_date_in_name("2025-13-01.csv"), None);
    }
}
