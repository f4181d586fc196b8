//! Rows of an export that are not records of their own (SPEC section 9), and numbers as an export
//! writes them. A group's row (`[skip] groups`: LinkedIn's campaign list writes each campaign
//! group's row, the sum of its campaigns, with `-` as its campaign) is skipped as not data. A
//! sub-table's continuation row (`record_start`: kintone's `*` column left blank) belongs to the
//! record above: it is merged into that record, the amounts of the sub-table's columns added to
//! the record's, never a record of its own. Each said once per sheet (`group_row`,
//! `continuation_row`).

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::validator::{At, Validator};
use crate::cell::Cell;
use crate::ingest::RawSheet;
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::schema::classify::{self, Classification, MappedColumn};
use crate::schema::profiles::Profile;
use crate::schema::records;
use crate::schema::{FieldType, TableDef};
use crate::values::{self, normalize_key};

/// Rows listed by number in a warning; the rest are counted.
const ROWS_NAMED: usize = 10;

/// What the profile of the sheet in hand says of rows that are not records of their own, and the
/// rows found so.
#[derive(Debug, Default)]
pub(super) struct ExportRows {
    /// (offset, header as written, normalised text) of each column whose text marks a group's row.
    groups: Vec<(usize, String, String)>,
    /// (offset, header as written) of the column marking a record's first row.
    record_start: Option<(usize, String)>,
    /// Sheet columns whose cells change between the lines of one record: the sub-table's.
    sub_table: BTreeSet<u32>,
    /// The index in its table of the record a continuation row belongs to; `None` when that
    /// record's first row was rejected (or none came before).
    pub(super) record: Option<usize>,
    /// 1-based rows of group rows, and of continuation rows.
    pub(super) group_rows: Vec<u32>,
    continuation_rows: Vec<u32>,
    /// Headers of the sub-table columns whose amounts were added to their records.
    added: BTreeSet<String>,
}

impl ExportRows {
    /// What the sheet's profile says, with the sub-table's columns found in its rows.
    pub(super) fn of(sheet: &RawSheet, class: &Classification) -> ExportRows {
        let Some(profile) = class.profile.as_ref() else {
            return ExportRows::default();
        };
        let header = &sheet.rows[class.header_index];
        let written = |offset: usize| header.get(offset).map_or(String::new(), Cell::display);
        let groups = profile
            .group_columns(header)
            .into_iter()
            .map(|(offset, marker)| (offset, written(offset), marker))
            .collect();
        let record_start = profile
            .record_start_column(header)
            .map(|offset| (offset, written(offset)));
        let sub_table = record_start
            .as_ref()
            .map_or(BTreeSet::new(), |(offset, _)| {
                sub_table_columns(sheet, class.header_index, *offset)
            });
        ExportRows {
            groups,
            record_start,
            sub_table,
            ..ExportRows::default()
        }
    }

    /// Whether a row is a group's row: it holds a group's mark (`-`) under a column that has one.
    pub(super) fn is_group(&self, raw: &[Cell]) -> bool {
        self.groups.iter().any(|(offset, _, marker)| {
            raw.get(*offset)
                .is_some_and(|c| !c.is_blank() && normalize_key(&c.display()) == *marker)
        })
    }

    /// Whether a (non-blank) row continues the record above: its record-start cell is blank.
    pub(super) fn continues(&self, raw: &[Cell]) -> bool {
        self.record_start
            .as_ref()
            .is_some_and(|(offset, _)| raw.get(*offset).is_none_or(Cell::is_blank))
    }
}

/// A number cell as the export's profile says it is written (`decimal_comma`: `3.210,50`), for a
/// column of a number field; any other cell as it is.
pub(super) fn as_number_reads<'c>(
    profile: &Profile,
    table: &TableDef,
    column: &MappedColumn,
    cell: &'c Cell,
) -> Cow<'c, Cell> {
    let numeric = table.field(&column.field).is_some_and(|f| {
        matches!(
            f.field_type,
            FieldType::Count | FieldType::Number | FieldType::Money
        )
    });
    match profile.with_decimal_point(cell).filter(|_| numeric) {
        Some(cell) => Cow::Owned(cell),
        None => Cow::Borrowed(cell),
    }
}

/// The sheet columns whose cells differ between a record's first row (its `record_start` cell
/// filled) and one of its continuation rows: the sub-table's columns. The record's own fields are
/// written again on every line, the same.
fn sub_table_columns(sheet: &RawSheet, header_index: usize, start: usize) -> BTreeSet<u32> {
    let mut columns = BTreeSet::new();
    let mut first: Option<&Vec<Cell>> = None;
    for raw in sheet.rows.iter().skip(header_index + 1) {
        if raw.iter().all(Cell::is_blank) {
            continue;
        }
        if raw.get(start).is_some_and(|c| !c.is_blank()) {
            first = Some(raw);
            continue;
        }
        let Some(first) = first else {
            continue;
        };
        let text = |row: &Vec<Cell>, offset: usize| row.get(offset).map(Cell::display);
        for offset in 0..raw.len().max(first.len()) {
            if text(raw, offset) != text(first, offset) {
                columns.insert(sheet.first_col + offset as u32);
            }
        }
    }
    columns
}

impl Validator<'_> {
    /// A sub-table's continuation row: merged into the record above, the amounts of its
    /// sub-table columns added to that record's (a deal's amount over its lines).
    pub(super) fn continuation(
        &mut self,
        rows: &mut ExportRows,
        at: &At,
        raw: &[Cell],
        class: &Classification,
        table: &TableDef,
    ) {
        rows.continuation_rows.push(at.row0 + 1);
        let Some(index) = rows.record else {
            return;
        };
        for column in class.columns.iter().chain(&class.added) {
            let money = table
                .field(&column.field)
                .is_some_and(|f| f.field_type == FieldType::Money);
            if !money || !rows.sub_table.contains(&column.col) {
                continue;
            }
            let cell = classify::cell_at(at.sheet, raw, column.col);
            let cell = match class.profile.as_ref() {
                Some(profile) => as_number_reads(profile, table, column, cell),
                None => Cow::Borrowed(cell),
            };
            let Ok(amount) = values::amount_from_cell(&cell) else {
                continue;
            };
            let dataset = &mut self.out.dataset;
            if records::add_amount(dataset, &table.name, index, &column.field, amount.value) {
                rows.added.insert(column.header.clone());
            }
        }
    }

    /// The sheet's group rows and continuation rows, one warning each kind, at the first row.
    pub(super) fn export_rows_said(&mut self, header_at: &At, rows: &ExportRows) {
        let lang = self.lang();
        let at = |row: u32| At {
            sheet: header_at.sheet,
            row0: row - 1,
        };
        if let (Some(&first), Some((offset, header, marker))) =
            (rows.group_rows.first(), rows.groups.first())
        {
            let listed = row_list(lang, &rows.group_rows);
            let message = match lang {
                Lang::Ja => format!(
                    "{listed} は「{header}」が `{marker}` のグループの行 (そのグループの行の合計) です。データとしては読まず、二重に数えません。"
                ),
                Lang::En => format!(
                    "{listed}: `{marker}` under \"{header}\" marks a group's row, the sum of its group's rows: not read as data, so nothing counts twice."
                ),
            };
            let col = header_at.sheet.first_col + *offset as u32;
            let value = marker.clone();
            self.issue(
                Severity::Warning,
                IssueCode::GroupRow,
                &at(first),
                Some(col),
                header,
                value,
                message,
            );
        }
        if let (Some(&first), Some((offset, header))) =
            (rows.continuation_rows.first(), rows.record_start.as_ref())
        {
            let listed = row_list(lang, &rows.continuation_rows);
            let added: Vec<String> = rows
                .added
                .iter()
                .map(|h| match lang {
                    Lang::Ja => format!("「{h}」"),
                    Lang::En => format!("\"{h}\""),
                })
                .collect();
            let message = match (lang, added.is_empty()) {
                (Lang::Ja, true) => format!(
                    "{listed} は「{header}」が空の行で、上のレコードのテーブル (サブテーブル) の続きの行です。そのレコードに含め、別のレコードとしては数えません。"
                ),
                (Lang::Ja, false) => format!(
                    "{listed} は「{header}」が空の行で、上のレコードのテーブル (サブテーブル) の続きの行です。そのレコードに含め、別のレコードとしては数えません。テーブルの金額 ({}) はレコードの金額に加えました。",
                    added.join("、")
                ),
                (Lang::En, true) => format!(
                    "{listed}: \"{header}\" blank, the next line of the record above's table (sub-table), merged into that record, not a record of its own."
                ),
                (Lang::En, false) => format!(
                    "{listed}: \"{header}\" blank, the next line of the record above's table (sub-table), merged into that record, not a record of its own; the table's amounts ({}) add up to the record's.",
                    added.join(", ")
                ),
            };
            let col = header_at.sheet.first_col + *offset as u32;
            self.issue(
                Severity::Warning,
                IssueCode::ContinuationRow,
                &at(first),
                Some(col),
                header,
                String::new(),
                message,
            );
        }
    }
}

/// `Row 3`, `Rows 3, 5, 9` (`行 3, 5, 9`), the first `ROWS_NAMED` and how many more.
fn row_list(lang: Lang, rows: &[u32]) -> String {
    let word = match rows.len() {
        1 => lang.pick("行", "Row"),
        _ => lang.pick("行", "Rows"),
    };
    let named: Vec<String> = rows.iter().take(ROWS_NAMED).map(u32::to_string).collect();
    match rows.len().saturating_sub(ROWS_NAMED) {
        0 => format!("{word} {}", named.join(", ")),
        more => format!("{word} {} (+{more})", named.join(", ")),
    }
}
