//! Dates written without a year (SPEC section 1: TikTok Studio's `July 16`, `2月28日`): each takes
//! the year that puts it on or before the file's own date and within the year before it; where the
//! row's post link carries its own time (X status ids, TikTok video ids) that time decides. Said
//! once per column (`year_inferred`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::validator::{At, Source, Validator};
use crate::cell::Cell;
use crate::ingest::{Ingested, RawSheet};
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::schema::classify::{self, Classification, MappedColumn};
use crate::schema::file_period;
use crate::values::{self, DateReading};

/// Each input file's modification day in the report's time zone, by file name: the last resort
/// for a year-less date's year.
pub(super) fn modified_days(
    ingested: &Ingested,
    reading: DateReading,
) -> HashMap<String, NaiveDate> {
    ingested
        .files
        .iter()
        .filter_map(|file| {
            let modified = std::fs::metadata(&file.path).ok()?.modified().ok()?;
            let at = chrono::DateTime::<chrono::Utc>::from(modified);
            Some((
                file.name.clone(),
                at.with_timezone(&reading.zone).date_naive(),
            ))
        })
        .collect()
}

/// The day a post row's post was made, read from the id in its post id or link cell (`None` for
/// other tables: a lead's date is not its post's).
pub(super) fn row_time(
    sheet: &RawSheet,
    raw: &[Cell],
    class: &Classification,
    reading: DateReading,
) -> Option<NaiveDate> {
    if class.table != "posts" {
        return None;
    }
    class
        .columns
        .iter()
        .chain(&class.added)
        .filter(|c| c.field == "post_id" || c.field == "url")
        .find_map(|c| {
            let cell = classify::cell_at(sheet, raw, c.col);
            crate::permalink::id_time(&cell.display())
        })
        .map(|at| at.with_timezone(&reading.zone).date_naive())
}

impl Validator<'_> {
    /// The date of a cell written without a year, or `None` when the cell is not such a date (or
    /// no year can be found for it). The first of a column pushes the column's warning.
    pub(super) fn yearless(
        &mut self,
        at: &At,
        column: &MappedColumn,
        cell: &Cell,
    ) -> Option<NaiveDateTime> {
        let Cell::Text(text) = cell else {
            return None;
        };
        let (month, day) = values::yearless_day(text)?;
        let reference = self.reference(at.sheet);
        let date = match self.year.row_time {
            Some(made) => values::nearest_to(month, day, made),
            None => values::on_or_before(month, day, reference?.0),
        }?;
        if self.year.told.insert(column.col) {
            let message = message(self.lang(), text.trim(), date, reference);
            self.issue(
                Severity::Warning,
                IssueCode::YearInferred,
                at,
                Some(column.col),
                &column.header,
                text.clone(),
                message,
            );
        }
        date.and_hms_opt(0, 0, 0)
    }

    /// The file's own date: a date in its file name, else the latest fully dated cell of the
    /// sheet, else the file's modification day.
    fn reference(&mut self, sheet: &RawSheet) -> Option<(NaiveDate, Source)> {
        if let Some(found) = self.year.reference {
            return found;
        }
        let reading = self.options.dates.with_order(None);
        let found = file_period::latest_date_in_name(&sheet.file)
            .map(|d| (d, Source::FileName))
            .or_else(|| latest_cell(sheet, reading).map(|d| (d, Source::LatestCell)))
            .or_else(|| {
                self.modified_days
                    .get(&sheet.file)
                    .map(|d| (*d, Source::Modified))
            });
        self.year.reference = Some(found);
        found
    }
}

/// The latest date with a year among the sheet's cells (date cells and dated texts; numbers, and
/// texts of digits alone such as `20250101`, may be counts and are not taken).
fn latest_cell(sheet: &RawSheet, reading: DateReading) -> Option<NaiveDate> {
    sheet
        .rows
        .iter()
        .flatten()
        .filter_map(|cell| match cell {
            Cell::DateTime(at) => Some(at.date()),
            Cell::Text(text)
                if text.bytes().any(|b| b.is_ascii_digit())
                    && !text.trim().bytes().all(|b| b.is_ascii_digit()) =>
            {
                values::parse_date_text(text, reading)
                    .ok()
                    .map(|d| d.date())
            }
            _ => None,
        })
        .max()
}

fn message(
    lang: Lang,
    written: &str,
    date: NaiveDate,
    reference: Option<(NaiveDate, Source)>,
) -> String {
    let (ja_source, en_source) = match reference {
        Some((day, Source::FileName)) => (
            format!("ファイル名の日付 {day}"),
            format!("{day}, the date in the file name"),
        ),
        Some((day, Source::LatestCell)) => (
            format!("シートの最も新しい日付 {day}"),
            format!("{day}, the sheet's latest dated cell"),
        ),
        Some((day, Source::Modified)) => (
            format!("ファイルの更新日 {day}"),
            format!("{day}, the file's modification day"),
        ),
        None => (
            "ファイルの日付".to_string(),
            "the file's own date".to_string(),
        ),
    };
    match lang {
        Lang::Ja => format!(
            "この列の日付には年がありません (例: 「{written}」→ {date})。それぞれ {ja_source} 以前の1年以内になる年としました。投稿リンクのIDが投稿時刻を持つ行 (X、TikTok) はその時刻の年です。"
        ),
        Lang::En => format!(
            "The dates in this column have no year (e.g. \"{written}\" → {date}): each takes the year that puts it on or before {en_source}, within the year before it; where the row's post link carries its time (X and TikTok ids), that time decides."
        ),
    }
}
