//! The validator: the state one validation run keeps while it reads the sheets (the issues and
//! records so far, the keys seen, what the sheet in hand proves about its dates), and the two
//! methods every file of the folder uses to say where a finding is. Its other methods live with
//! what they read: the driver in `mod.rs`, a cell in `cell.rs`, a row's rules in `rules.rs`, dates
//! in `column_order.rs` and `yearless.rs`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::options::ValidateOptions;
use super::outcome::Validated;
use crate::cell::a1;
use crate::ingest::RawSheet;
use crate::issues::{Issue, IssueCode, Severity};
use crate::lang::Lang;
use crate::period::Period;
use crate::values::DateOrder;

/// Where a finding is, for building issues.
pub(super) struct At<'a> {
    pub(super) sheet: &'a RawSheet,
    pub(super) row0: u32,
}

/// The state of one validation run, read sheet by sheet; its methods are spread over this
/// folder: the driver in `mod.rs`, a cell in `cell.rs`, a row's rules in `rules.rs` ...
pub(super) struct Validator<'o> {
    pub(super) options: &'o ValidateOptions,
    pub(super) out: Validated,
    /// Accepted keys per table ("posts", "leads", ...).
    pub(super) keys: HashMap<&'static str, HashSet<String>>,
    /// The day/month order the cells of each date column of the sheet in hand prove, by column.
    pub(super) column_orders: HashMap<u32, ColumnOrder>,
    /// The day/month order the profile of the sheet in hand says its export writes.
    pub(super) export_date_order: Option<DateOrder>,
    /// For each profile another sheet merges into: (file, key) -> the record's index in its table.
    pub(super) merge_targets: HashMap<String, HashMap<(String, String), usize>>,
    /// Deal stages nobody listed, seen so far (one warning each).
    pub(super) unknown_stages: UnknownStages,
    /// The year-less dates of the sheet in hand.
    pub(super) year: SheetYear,
    /// Each input file's modification day, for a year-less date with no other date to go by.
    pub(super) modified_days: HashMap<String, chrono::NaiveDate>,
    /// Each accepted lead's created date by lead id, made when a deal first needs it
    /// (`derive_created_at`; every leads sheet is read before the deals).
    pub(super) lead_created: Option<HashMap<String, chrono::NaiveDate>>,
    /// The post key of each post's `url` (`permalink::post_key`) -> its post_id, where the two
    /// differ: a lead or touch naming a post by its permalink finds it.
    pub(super) post_urls: HashMap<String, String>,
    /// The period the costs sheet in hand takes from its file, having no month column: each
    /// row's amount is spread over its months (`file_period`).
    pub(super) sheet_period: Option<Period>,
    /// The columns of the sheet in hand whose cells start and end each cost row's own period
    /// (the month column and the profile's `period_end`).
    pub(super) row_period_columns: Option<(u32, u32)>,
    /// The period of the row in hand, from those columns, when it spans months.
    pub(super) row_period: Option<Period>,
}

impl Validator<'_> {
    pub(super) fn lang(&self) -> Lang {
        self.options.lang
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn issue(
        &mut self,
        severity: Severity,
        code: IssueCode,
        at: &At,
        col: Option<u32>,
        column: &str,
        value: String,
        message: String,
    ) {
        self.out.issues.push(Issue {
            severity,
            code,
            file: at.sheet.file.clone(),
            sheet: at.sheet.sheet.clone(),
            cell: col.map(|c| a1(at.row0, c)).unwrap_or_default(),
            row: at.row0 + 1,
            column: column.to_string(),
            value,
            message,
        });
    }
}

// The state of the other files, defined here because the validator holds it; each is read and
// changed only by its own file: `Proof` and `ColumnOrder` by `column_order.rs` (and `cell.rs`
// reading a date), `UnknownStages` by `cell.rs`, `Source` and `SheetYear` by `yearless.rs`.

/// A cell whose date reads one way only.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Proof {
    pub order: DateOrder,
    /// A1 reference.
    pub cell: String,
    pub text: String,
}

/// How the ambiguous dates of one column are read, when the cells decide it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ColumnOrder {
    /// Every ambiguous cell in the order this cell proves.
    Proven(Proof),
    /// Cells prove both orders: the ambiguous cells stay `ambiguous_date` errors.
    Conflict {
        month_first: Proof,
        day_first: Proof,
    },
}

/// A deal stage no vocabulary and no `[statuses]` entry knows, as seen across the run: one
/// `unknown_stage` warning per stage name (at its first cell), its message naming how many rows
/// carry it once every sheet is read (`UnknownStages::finish`).
#[derive(Debug, Default)]
pub(super) struct UnknownStages {
    /// `loose_key` of the stage -> (index of its warning in the issues, rows carrying it).
    pub(super) seen: std::collections::HashMap<String, (usize, u64)>,
}

/// Where the file's own date was found, in the order it is looked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Source {
    FileName,
    LatestCell,
    Modified,
}

/// What the sheet in hand knows about its year-less dates.
#[derive(Debug, Default)]
pub(super) struct SheetYear {
    /// The file's own date, once looked for (`None` inside: nothing found).
    pub(super) reference: Option<Option<(NaiveDate, Source)>>,
    /// Columns already told about (`year_inferred` once per column).
    pub(super) told: HashSet<u32>,
    /// The day the post of the row in hand was made, as its link's id says (local date).
    pub row_time: Option<NaiveDate>,
}
