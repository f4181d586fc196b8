//! Raw sheets -> typed canonical records, with every finding recorded as an `Issue`. Every data row
//! ends accepted, rejected (with at least one error-severity issue) or blank, and the counts of each
//! sheet reconcile: read = accepted + rejected + blank. This file is the driver (sheet -> rows ->
//! counts); parsing a cell is `cell`, the checks of a row `rules`, its record `schema::records`.

mod cell;
mod column_order;
mod export_rows;
mod options;
mod outcome;
pub mod rules;
mod undated;
mod validator;
mod yearless;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::cell::Cell;
use crate::ingest::{Ingested, RawSheet};
use crate::issues::{Issue, IssueCode, RowCounts, Severity};
use crate::lang::Lang;
use crate::model::{Cost, CostSpread, SourceRef};
use crate::period::Period;
use crate::schema::advice::NotATable;
use crate::schema::classify::{self, Classification, MappedColumn, Nearest};
use crate::schema::file_period::{self, FilePeriod, PeriodSource};
use crate::schema::profiles::SkippedRow;
use crate::schema::records::{self, MissingField, Row, Value};
use crate::schema::{FieldType, Schema, TableDef, TABLE_ORDER};
use crate::values;
use export_rows::ExportRows;
pub use options::{CurrencyInForce, SignedCell, ValidateOptions};
pub use outcome::{SheetOutcome, Validated};
use validator::{At, Validator};

/// Validates every classified sheet, table by table in `TABLE_ORDER` (referenced tables first, so
/// foreign keys can be checked as rows are read).
pub fn validate(
    ingested: &Ingested,
    classified: &[Option<Classification>],
    schema: &Schema,
    options: &ValidateOptions,
) -> Validated {
    let mut validator = Validator {
        options,
        out: Validated::default(),
        keys: HashMap::new(),
        column_orders: HashMap::new(),
        export_date_order: None,
        sheet_period: None,
        row_period_columns: None,
        row_period: None,
        merge_targets: classified
            .iter()
            .flatten()
            .filter_map(|c| c.merges_into())
            .map(|id| (id.to_string(), HashMap::new()))
            .collect(),
        unknown_stages: validator::UnknownStages::default(),
        year: validator::SheetYear::default(),
        modified_days: yearless::modified_days(ingested, options.dates),
        lead_created: None,
        post_urls: HashMap::new(),
    };
    let headers = schema.header_index(&options.column_mappings);
    let mut outcomes: Vec<Option<SheetOutcome>> = vec![None; ingested.sheets.len()];
    for table_name in TABLE_ORDER {
        let Some(table) = schema.table(table_name) else {
            continue;
        };
        // Sheets whose rows complete another sheet's rows come after every other sheet.
        for merging in [false, true] {
            for (index, (sheet, class)) in ingested.sheets.iter().zip(classified).enumerate() {
                if let Some(class) = class
                    .as_ref()
                    .filter(|c| c.table == table_name && c.merges_into().is_some() == merging)
                {
                    outcomes[index] = Some(validator.sheet(sheet, class, table));
                }
            }
        }
    }
    for (index, (sheet, class)) in ingested.sheets.iter().zip(classified).enumerate() {
        // The instructions sheet of `kpibook init` is not data and not worth a warning.
        if class.is_none() && !classify::is_instructions_sheet(&sheet.sheet) {
            let nearest = classify::nearest(sheet, schema, &headers, &options.defaults);
            validator.ignored(sheet, nearest.as_ref());
        }
        let outcome = outcomes[index].take().unwrap_or_else(|| SheetOutcome {
            file: sheet.file.clone(),
            sheet: sheet.sheet.clone(),
            table: None,
            profile: None,
            skipped: Vec::new(),
            mapped: Vec::new(),
            unused: Vec::new(),
            header_row: 0,
            counts: RowCounts::default(),
            near_miss: None,
            file_period: None,
        });
        validator.out.sheets.push(outcome);
    }
    validator.target_metrics(ingested, classified);
    validator.finish_unknown_stages();
    validator.out
}

/// The key of a row of a sheet that has no column for its table's key: its source, `file
/// [sheet] row` (1-based sheet row), unique across the input.
fn generated_key(sheet: &RawSheet, row: u32) -> String {
    format!("{} [{}] {row}", sheet.file, sheet.sheet)
}

/// The rows below a header that the export's profile says are not data (a description row, a
/// total), listed on the sheet's outcome like the title rows above the header.
struct NotData<'c> {
    class: &'c Classification,
    /// The columns that name what a row is about; a row with figures and none of them is a
    /// summary row.
    label_columns: Vec<usize>,
}

impl<'c> NotData<'c> {
    fn of(sheet: &RawSheet, class: &'c Classification) -> NotData<'c> {
        let label_columns = class.profile.as_ref().map_or(Vec::new(), |p| {
            p.label_columns(&sheet.rows[class.header_index])
        });
        NotData {
            class,
            label_columns,
        }
    }

    /// Why the row `below_header` rows under the header is not data, if it is not.
    fn why(&self, below_header: usize, raw: &[Cell]) -> Option<SkippedRow> {
        self.class
            .profile
            .as_ref()
            .and_then(|p| p.skipped(below_header, raw))
            .or_else(|| self.unlabelled(raw).then_some(SkippedRow::Total))
    }

    /// A summary row: figures, and none of the columns that name what a row is about.
    fn unlabelled(&self, raw: &[Cell]) -> bool {
        !self.label_columns.is_empty()
            && self
                .label_columns
                .iter()
                .all(|&offset| raw.get(offset).is_none_or(Cell::is_blank))
            && raw.iter().any(|c| !c.is_blank())
    }
}

/// Whether a row of posts is one a platform writes as a placeholder (SPEC section 9): every number
/// is empty or 0, and the row names no post it could be: its id is empty or a link ending
/// `/undefined` (X's content export), some link ends `/undefined`, or it has no publish time
/// (YouTube's private and TikTok's deleted videos). A post with figures is never one.
fn is_placeholder(
    sheet: &RawSheet,
    raw: &[Cell],
    class: &Classification,
    table: &TableDef,
) -> bool {
    let profile = class.profile.as_ref();
    let columns = || class.columns.iter().chain(&class.added);
    let cell = |column: &MappedColumn| {
        let cell = classify::cell_at(sheet, raw, column.col);
        match profile {
            Some(p) if p.is_empty_value(cell) => &Cell::Empty,
            _ => cell,
        }
    };
    let undefined = |cell: &Cell| {
        let text = cell.display();
        let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
        text.contains("://") && text.ends_with("/undefined")
    };
    let Some(key) = table.key_field().filter(|_| table.name == "posts") else {
        return false;
    };
    let blank = |field: &str| {
        columns()
            .filter(|c| c.field == field)
            .all(|c| cell(c).is_blank() || undefined(cell(c)))
    };
    let zero = |column: &MappedColumn| {
        let is_number = table.field(&column.field).is_some_and(|f| {
            matches!(
                f.field_type,
                FieldType::Count | FieldType::Number | FieldType::Money
            )
        });
        let cell = cell(column);
        !is_number
            || cell.is_blank()
            || values::amount_from_cell(cell).is_ok_and(|a| a.value == 0.0)
    };
    let unnamed =
        blank(&key.name) || blank("published_at") || columns().any(|c| undefined(cell(c)));
    unnamed && columns().all(zero)
}

/// The period a costs sheet with no month column, or a traffic sheet with no date column, takes
/// from its file (SPEC section 9): its comment lines, title rows or file name; `None` for any
/// other sheet.
fn file_period_of(
    sheet: &RawSheet,
    class: &Classification,
    table: &TableDef,
) -> Option<FilePeriod> {
    let no_column = |field: &str| !class.columns.iter().any(|c| c.field == field);
    let needs_one = match table.name.as_str() {
        "costs" => class.missing_required.iter().any(|f| f == "month"),
        "traffic" => no_column("date"),
        _ => false,
    };
    if !needs_one {
        return None;
    }
    let order = class.profile.as_ref().and_then(|p| p.date_order());
    file_period::of_sheet(sheet, class.header_index, order)
}

/// The month column of a costs sheet read by a profile with `period_end`, and the column that
/// ends each row's period, when the sheet has both.
fn row_period_columns(
    sheet: &RawSheet,
    class: &Classification,
    table: &TableDef,
) -> Option<(u32, u32)> {
    let profile = class.profile.as_ref().filter(|_| table.name == "costs")?;
    let start = class.columns.iter().find(|c| c.field == "month")?.col;
    let header = sheet.rows.get(class.header_index)?;
    let end = header.iter().position(|cell| match cell {
        Cell::Text(text) => profile.ends_period(text),
        _ => false,
    })?;
    Some((start, sheet.first_col + end as u32))
}

/// Replaces the cost record at `index` (the last one) by one record per month of `period`, the
/// amount spread by days (`file_period::spread`), each saying its part.
fn spread_cost(costs: &mut Vec<Cost>, index: usize, period: Period) {
    let Some(cost) = costs.get(index).cloned() else {
        return;
    };
    let months = file_period::months_of(period);
    let days: Vec<u32> = months.iter().map(|(_, d)| *d).collect();
    let amounts = file_period::spread(cost.amount, &days);
    costs.truncate(index);
    for (part, ((month, days), amount)) in months.into_iter().zip(amounts).enumerate() {
        costs.push(Cost {
            month,
            amount,
            spread: Some(CostSpread {
                period,
                days,
                part: part as u32 + 1,
            }),
            ..cost.clone()
        });
    }
}

impl Validator<'_> {
    /// The period of a cost row whose start and end cells (`row_period_columns`) are dates of
    /// different months; `None` for a row within one month, or whose cells do not read as dates
    /// (the month cell's own issue says so).
    fn row_period(&self, at: &At, raw: &[Cell]) -> Option<Period> {
        let (start, end) = self.row_period_columns?;
        let reading = match self.export_date_order {
            Some(order) => self.options.dates.with_order(Some(order)),
            None => self.options.dates,
        };
        let date = |col: u32| {
            let cell = classify::cell_at(at.sheet, raw, col);
            values::date_from_cell(cell, at.sheet.date1904, reading)
                .ok()
                .map(|d| d.date())
        };
        let period = Period {
            start: date(start)?,
            end: date(end)?,
        };
        let month = |d: NaiveDate| (d.year(), d.month());
        (period.start < period.end && month(period.start) != month(period.end)).then_some(period)
    }

    /// The error of a costs sheet with no month column whose file says `All time`: its figures
    /// belong to no month, so the team is asked for a dated export.
    fn all_time(&mut self, at: &At, source: PeriodSource) {
        let lang = self.lang();
        let place = match source {
            PeriodSource::FileName => lang.pick("ファイル名", "its file name").to_string(),
            PeriodSource::TitleRow(row) | PeriodSource::Comments(row) => {
                format!("{} {row}", lang.pick("行", "row"))
            }
        };
        let message = match lang {
            Lang::Ja => format!(
                "このエクスポートの期間は「全期間」({place}) だけで、日付の列もないため、金額をどの月にも計上できません。期間を指定して (または日別に分割して) エクスポートし直してください。"
            ),
            Lang::En => format!(
                "The export's only period is `All time` ({place}) and it has no date column, so its figures belong to no month. Export it again for a date range (or split by day)."
            ),
        };
        self.issue(
            Severity::Error,
            IssueCode::MissingColumn,
            at,
            None,
            "month",
            "All time".to_string(),
            message,
        );
    }

    fn ignored(&mut self, sheet: &RawSheet, nearest: Option<&Nearest>) {
        let lang = self.lang();
        let why = NotATable {
            lang,
            nearest,
            config_file: self.options.config_file.as_deref(),
        };
        self.out.issues.push(Issue {
            severity: Severity::Warning,
            code: IssueCode::SheetIgnored,
            file: sheet.file.clone(),
            sheet: sheet.sheet.clone(),
            cell: String::new(),
            row: 0,
            column: String::new(),
            value: String::new(),
            message: why.one_line(),
        });
    }

    /// A `missing_column` error for each required field the sheet has no column for, naming a
    /// header the team could add (`商談化日`, not `created_at`); a deals sheet without created
    /// dates is told how they are derived instead (`derived_value`), and a costs sheet's month is
    /// not missing when its file gives the period (`All time` is its own error).
    fn missing_columns(
        &mut self,
        header_at: &At,
        class: &Classification,
        table: &TableDef,
        file_period: Option<FilePeriod>,
    ) {
        let lang = self.lang();
        for missing in &class.missing_required {
            if rules::derives_created_at(class, table) && missing == "created_at" {
                self.derived_created_at_said(header_at, table);
                continue;
            }
            // The file's period stands in for the month column; `All time` is no month.
            if missing == "month" {
                if let Some(FilePeriod::AllTime { source }) = file_period {
                    self.all_time(header_at, source);
                }
                if file_period.is_some() {
                    continue;
                }
                // An export with no period anywhere: the month of the file's own date.
                if let Some(period) = self.undated_export(header_at, class) {
                    self.sheet_period = Some(period);
                    continue;
                }
            }
            let header = table
                .field(missing)
                .map_or(missing.clone(), |f| f.header_to_add(lang));
            let message = match lang {
                Lang::Ja => format!(
                    "必須の列がありません。「{header}」の列を追加するか、既存の見出しを設定の [columns.{}] で {missing} に対応付けてください。",
                    table.name
                ),
                Lang::En => format!(
                    "A required column is missing; add a \"{header}\" column, or map an existing header to {missing} under [columns.{}] in the config.",
                    table.name
                ),
            };
            self.issue(
                Severity::Error,
                IssueCode::MissingColumn,
                header_at,
                None,
                missing,
                String::new(),
                message,
            );
        }
    }

    /// Validates one classified sheet: the findings of its header, then each row below it,
    /// accepted, rejected or listed as not data.
    fn sheet(
        &mut self,
        sheet: &RawSheet,
        class: &Classification,
        table: &TableDef,
    ) -> SheetOutcome {
        let header_row0 = sheet.first_row + class.header_index as u32;
        let header_at = At {
            sheet,
            row0: header_row0,
        };
        self.duplicate_columns(&header_at, class);
        let file_period = file_period_of(sheet, class, table);
        self.sheet_period = match file_period {
            Some(FilePeriod::Range { period, .. }) => Some(period),
            _ => None,
        };
        self.missing_columns(&header_at, class, table, file_period);
        if let Some(key) = &class.generated_key {
            self.generated_key_warning(&header_at, key);
        }
        self.export_date_order = class.profile.as_ref().and_then(|p| p.date_order());
        self.row_period_columns = row_period_columns(sheet, class, table);
        self.column_orders = self.column_orders(sheet, class, table);
        self.year = validator::SheetYear::default();
        let (counts, skipped) = self.rows(sheet, class, table, &header_at);
        SheetOutcome {
            file: sheet.file.clone(),
            sheet: sheet.sheet.clone(),
            table: Some(table.name.clone()),
            profile: class.profile.as_ref().map(|p| p.id.clone()),
            skipped,
            mapped: class
                .columns
                .iter()
                .chain(&class.added)
                .map(|c| (c.header.clone(), c.field.clone()))
                .collect(),
            unused: classify::unused_headers(
                sheet,
                class.header_index,
                &[class.columns.as_slice(), class.added.as_slice()].concat(),
            ),
            header_row: header_row0 + 1,
            counts,
            near_miss: None,
            file_period,
        }
    }

    /// A warning per column that maps to a field an earlier column already maps to.
    fn duplicate_columns(&mut self, header_at: &At, class: &Classification) {
        let lang = self.lang();
        for duplicate in &class.duplicates {
            let message = format!(
                "{} `{}`",
                lang.pick(
                    "同じ項目を表す列が複数あります。最初の列を使い、この列は無視しました:",
                    "Another column already maps to this field; the first one is used and this one ignored:"
                ),
                duplicate.field
            );
            self.issue(
                Severity::Warning,
                IssueCode::DuplicateColumn,
                header_at,
                Some(duplicate.col),
                &duplicate.header,
                duplicate.header.clone(),
                message,
            );
        }
    }

    /// The warning of a sheet without its table's `key` column: each row's key is made of its
    /// file, sheet and row.
    fn generated_key_warning(&mut self, header_at: &At, key: &str) {
        let example = generated_key(header_at.sheet, header_at.row0 + 2);
        let message = match self.lang() {
            Lang::Ja => format!(
                "`{key}` の列がありません。各行のキーを、ファイル・シート・行から作ります (例: {example})。"
            ),
            Lang::En => format!(
                "The sheet has no `{key}` column; each row's key is made of its file, sheet and row (e.g. {example})."
            ),
        };
        self.issue(
            Severity::Warning,
            IssueCode::GeneratedKey,
            header_at,
            None,
            key,
            String::new(),
            message,
        );
    }

    /// Reads the rows below the header: each one skipped as not data (listed with its reason),
    /// blank, merged into the record above (a sub-table's next line), accepted or rejected.
    fn rows(
        &mut self,
        sheet: &RawSheet,
        class: &Classification,
        table: &TableDef,
        header_at: &At,
    ) -> (RowCounts, Vec<(u32, SkippedRow)>) {
        let mut counts = RowCounts::default();
        let mut skipped = Vec::new();
        let not_data = NotData::of(sheet, class);
        let mut export_rows = ExportRows::of(sheet, class);
        // Set at a row that ends the table: every row from there on is not data.
        let mut ended = false;
        for (index, raw) in sheet.rows.iter().enumerate().skip(class.header_index + 1) {
            ended = ended || class.profile.as_ref().is_some_and(|p| p.ends_table(raw));
            let why = match ended {
                true => Some(SkippedRow::Footer),
                false => not_data.why(index - class.header_index - 1, raw),
            };
            if let Some(why) = why {
                skipped.push((sheet.first_row + index as u32 + 1, why));
                continue;
            }
            if export_rows.is_group(raw) {
                export_rows
                    .group_rows
                    .push(sheet.first_row + index as u32 + 1);
                skipped.push((sheet.first_row + index as u32 + 1, SkippedRow::Group));
                continue;
            }
            if is_placeholder(sheet, raw, class, table) {
                skipped.push((sheet.first_row + index as u32 + 1, SkippedRow::Placeholder));
                continue;
            }
            counts.read += 1;
            if raw.iter().all(Cell::is_blank) {
                counts.blank += 1;
                continue;
            }
            let at = At {
                sheet,
                row0: sheet.first_row + index as u32,
            };
            // The next line of the record above's sub-table: merged into that record.
            if export_rows.continues(raw) {
                self.continuation(&mut export_rows, &at, raw, class, table);
                counts.merged += 1;
                continue;
            }
            export_rows.record = self.data_row(&at, raw, class, table, &mut counts);
        }
        self.export_rows_said(header_at, &export_rows);
        (counts, skipped)
    }

    /// One data row: rejected when a cell or rule raised an error, else merged into the row it
    /// completes or accepted into its table; the index of its record when accepted.
    fn data_row(
        &mut self,
        at: &At,
        raw: &[Cell],
        class: &Classification,
        table: &TableDef,
        counts: &mut RowCounts,
    ) -> Option<usize> {
        let issues_before = self.out.issues.len();
        let row = self.row(at, raw, class, table);
        let accepted = !self.out.issues[issues_before..]
            .iter()
            .any(|i| i.severity == Severity::Error);
        if !accepted {
            counts.rejected += 1;
            return None;
        }
        // A row of a sheet that completes another sheet's rows fills in its match there.
        if let Some(index) = self.merge_target(at, class, table, &row) {
            records::merge_record(&mut self.out.dataset, &table.name, index, &row);
            counts.merged += 1;
            return None;
        }
        // A row counts as accepted only once its typed record is in its table.
        match self.accept(class, table, at, row) {
            Ok(index) => {
                counts.accepted += 1;
                Some(index)
            }
            Err(missing) => {
                self.required_missing(at, class, table, missing.0);
                counts.rejected += 1;
                None
            }
        }
    }

    /// Parses every mapped cell of a row (`cell`) and checks it (`row_rules`). Errors found are
    /// pushed as issues.
    fn row<'t>(
        &mut self,
        at: &At,
        raw: &[Cell],
        class: &Classification,
        table: &'t TableDef,
    ) -> Row<'t> {
        let mut row = Row::default();
        let mut flagged: BTreeSet<String> = BTreeSet::new();
        let profile = class.profile.as_ref();
        self.year.row_time = yearless::row_time(at.sheet, raw, class, self.options.dates);
        let read = |column: &MappedColumn| {
            let cell = classify::cell_at(at.sheet, raw, column.col);
            // A profile's "no value" texts (`-`, `Lifetime`) read as empty cells.
            match profile {
                Some(p) if p.is_empty_value(cell) => Cow::Owned(Cell::Empty),
                Some(p) => export_rows::as_number_reads(p, table, column, cell),
                None => Cow::Borrowed(cell),
            }
        };
        for column in &class.columns {
            let Some(field) = table.field(&column.field) else {
                continue;
            };
            if let Some(value) = self.cell(at, column, field, &read(column), &mut flagged) {
                row.values.insert(&field.name, value);
            }
        }
        for column in &class.added {
            let Some(field) = table.field(&column.field) else {
                continue;
            };
            if let Some(value) = self.cell(at, column, field, &read(column), &mut flagged) {
                row.values.add(&field.name, value);
            }
        }
        if let Some(profile) = profile {
            let constants = profile
                .constants
                .iter()
                .map(|(f, v)| (f.as_str(), v.as_str()));
            let source = format!("({})", profile.id);
            self.constants(at, constants, &source, table, &mut row, &mut flagged);
        }
        let defaults = class.defaults.iter().map(|(f, v)| (f.as_str(), v.as_str()));
        let source = format!("([defaults.{}])", table.name);
        self.constants(at, defaults, &source, table, &mut row, &mut flagged);
        self.row_period = self.row_period(at, raw);
        // A row over the file's period takes its first month; `accept` spreads it.
        if let (Some(period), Some(field)) = (self.sheet_period, table.field("month")) {
            if let Some(month) = period.start.with_day(1) {
                row.values.insert(&field.name, Value::Date(month));
            }
        }
        self.period_of_file(table, &mut row);
        if let Some(key) = &class.generated_key {
            let key_value = generated_key(at.sheet, at.row0 + 1);
            if let Some(field) = table.field(key) {
                row.values.insert(&field.name, Value::Text(key_value));
            }
        }
        self.row_rules(at, class, table, &mut row, &flagged);
        row
    }

    /// A row of a table whose rows cover a period (`date` .. `end`: traffic) with no date of its
    /// own takes the period its file gives (`file_period`: `#` lines, a title row, its name).
    fn period_of_file<'t>(&self, table: &'t TableDef, row: &mut Row<'t>) {
        let (Some(period), Some(date), Some(last)) =
            (self.sheet_period, table.field("date"), table.field("end"))
        else {
            return;
        };
        if row.values.contains_key(&date.name) {
            return;
        }
        row.values.insert(&date.name, Value::Date(period.start));
        if !row.values.contains_key(&last.name) {
            row.values.insert(&last.name, Value::Date(period.end));
        }
    }

    /// Constant fields the row has no value for, read as if written in the row: a profile's
    /// (`platform = "linkedin"`) or the config's `[defaults.<table>]` (`status = "won"`). Issues
    /// name the field and where the constant comes from (`source`).
    fn constants<'t, 'c>(
        &mut self,
        at: &At,
        constants: impl Iterator<Item = (&'c str, &'c str)>,
        source: &str,
        table: &'t TableDef,
        row: &mut Row<'t>,
        flagged: &mut BTreeSet<String>,
    ) {
        for (name, value) in constants {
            let Some(field) = table.field(name) else {
                continue;
            };
            if row.values.contains_key(&field.name) {
                continue;
            }
            let column = MappedColumn {
                col: at.sheet.first_col,
                field: field.name.clone(),
                header: format!("{} {source}", field.name),
            };
            let cell = Cell::Text(value.to_string());
            if let Some(value) = self.cell(at, &column, field, &cell, flagged) {
                row.values.insert(&field.name, value);
            }
        }
    }

    /// Builds the row's typed record and adds it to its table (`records`), registering its key.
    /// `Err` names a field the record needs that the row lacks: the caller rejects the row with
    /// that reason, so an accepted row always reaches its table whatever the schema says is
    /// required.
    fn accept(
        &mut self,
        class: &Classification,
        table: &TableDef,
        at: &At,
        row: Row,
    ) -> Result<usize, MissingField> {
        let source = SourceRef {
            file: at.sheet.file.clone(),
            sheet: at.sheet.sheet.clone(),
            row: at.row0 + 1,
        };
        let index = records::push_record(&mut self.out.dataset, &table.name, source, &row)?;
        let period = self.row_period.or(self.sheet_period);
        if let (Some(period), "costs") = (period, table.name.as_str()) {
            spread_cost(&mut self.out.dataset.costs, index, period);
        }
        self.register_key(table, &row);
        // Remember where the rows of a profile other sheets merge into landed.
        let profile = class.profile.as_ref().map(|p| p.id.as_str());
        let key = table.key_field().and_then(|k| row.get::<String>(&k.name));
        if let (Some(targets), Some(key)) =
            (profile.and_then(|p| self.merge_targets.get_mut(p)), key)
        {
            targets.entry((at.sheet.file.clone(), key)).or_insert(index);
        }
        Ok(index)
    }

    /// The record of the same file's merge-target sheet whose key equals this row's, if the
    /// row's sheet completes another's.
    pub(super) fn merge_target(
        &self,
        at: &At,
        class: &Classification,
        table: &TableDef,
        row: &Row,
    ) -> Option<usize> {
        let targets = self.merge_targets.get(class.merges_into()?)?;
        let key = row.get::<String>(&table.key_field()?.name)?;
        targets.get(&(at.sheet.file.clone(), key)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::rules::first_signed_amount;
    use super::*;
    use crate::channels::ChannelCatalog;
    use crate::schema::classify::classify_sheets;
    use crate::schema::profiles::Profiles;
    use crate::schema::EMBEDDED_SCHEMA;
    use crate::values::{DateOrder, DateReading};
    use std::collections::BTreeMap;

    fn text(t: &str) -> Cell {
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    }

    /// One CSV-like sheet named after its file stem.
    fn input(file: &str, rows: &[&[&str]]) -> Ingested {
        Ingested {
            files: Vec::new(),
            sheets: vec![RawSheet {
                file: file.to_string(),
                sheet: file.trim_end_matches(".csv").to_string(),
                first_row: 0,
                first_col: 0,
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|c| text(c)).collect())
                    .collect(),
                date1904: false,
                hidden: false,
            }],
            unused: Vec::new(),
        }
    }

    fn options(currency: CurrencyInForce) -> ValidateOptions {
        ValidateOptions {
            lang: Lang::En,
            dates: DateReading::new(None, chrono_tz::Tz::Asia__Tokyo),
            catalog: ChannelCatalog::new(),
            currency,
            column_mappings: BTreeMap::new(),
            defaults: BTreeMap::new(),
            statuses: HashMap::new(),
            config_file: None,
            fiscal_year_start_month: 4,
        }
    }

    fn jpy() -> CurrencyInForce {
        CurrencyInForce {
            code: "JPY".into(),
            set_by: None,
        }
    }

    #[test]
    fn a_row_whose_record_lacks_a_field_is_rejected_not_lost() {
        // `Schema::check` refuses a schema that makes leads.created_at optional; built without the
        // check, validation still rejects the row instead of counting it accepted and dropping it.
        let required = "name = \"created_at\"\ntype = \"datetime\"\nrequired = true";
        let loose: Schema = toml::from_str(&EMBEDDED_SCHEMA.replace(
            required,
            "name = \"created_at\"\ntype = \"datetime\"\nrequired = false",
        ))
        .unwrap();
        assert!(
            !loose
                .table("leads")
                .unwrap()
                .field("created_at")
                .unwrap()
                .required
        );
        let ingested = input(
            "leads.csv",
            &[
                &["lead_id", "created_at", "channel"],
                &["L1", "2025-04-01", "linkedin"],
                &["L2", "", "linkedin"],
            ],
        );
        let classified = classify_sheets(
            &ingested,
            &loose,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let validated = validate(&ingested, &classified, &loose, &options(jpy()));
        let counts = validated.sheets[0].counts;
        assert_eq!((counts.read, counts.accepted, counts.rejected), (2, 1, 1));
        assert_eq!(validated.dataset.leads.len(), 1);
        assert_eq!(validated.dataset.leads[0].lead_id, "L1");
        let issue = &validated.issues[0];
        assert_eq!(
            (issue.severity, issue.code, issue.cell.as_str()),
            (Severity::Error, IssueCode::Required, "B3")
        );
        assert!(issue.message.contains("created_at"), "{}", issue.message);
    }

    const DEALS: [&[&str]; 5] = [
        &["deal_id", "created_at", "status", "amount", "closed_at"],
        &["D1", "2025-04-02", "won", "500", "2025-04-20"],
        &["D2", "2025-04-03", "won", "€1,000", "2025-04-21"],
        &["D3", "2025-04-04", "won", "$20", "2025-04-22"],
        &["D4", "2025-04-05", "won", "1,500 EUR", "2025-04-23"],
    ];

    #[test]
    fn the_first_signed_amount_sets_the_currency_and_a_contradicting_sign_rejects_its_row() {
        let schema = Schema::embedded().unwrap();
        let ingested = input("deals.csv", &DEALS);
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        // D1 carries no sign; D2's € (row 3, column D) is the first.
        let first = first_signed_amount(&ingested, &classified, &schema).unwrap();
        assert_eq!(
            (first.currency, first.sheet.as_str(), first.cell.as_str()),
            ("EUR", "deals", "D3")
        );
        let currency = CurrencyInForce {
            code: "EUR".into(),
            set_by: Some(first),
        };
        let validated = validate(&ingested, &classified, &schema, &options(currency));
        let counts = validated.sheets[0].counts;
        assert_eq!((counts.read, counts.accepted, counts.rejected), (4, 3, 1));
        let ids: Vec<&str> = validated
            .dataset
            .deals
            .iter()
            .map(|d| d.deal_id.as_str())
            .collect();
        assert_eq!(ids, ["D1", "D2", "D4"]);
        let errors: Vec<&Issue> = validated
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (
                errors[0].code,
                errors[0].cell.as_str(),
                errors[0].value.as_str()
            ),
            (IssueCode::Inconsistent, "D4", "$20")
        );
        assert!(
            errors[0].message.contains("USD") && errors[0].message.contains("deals.csv deals!D3"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_configured_currency_refuses_every_other_sign() {
        let schema = Schema::embedded().unwrap();
        let ingested = input("deals.csv", &DEALS);
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let validated = validate(&ingested, &classified, &schema, &options(jpy()));
        let counts = validated.sheets[0].counts;
        // D2 (€), D3 ($) and D4 (EUR) contradict JPY; D1 has no sign.
        assert_eq!((counts.accepted, counts.rejected), (1, 3));
        assert!(validated
            .issues
            .iter()
            .all(|i| i.code == IssueCode::Inconsistent && i.message.contains("`currency`")));
    }

    fn leads(options: &ValidateOptions, created: &[&str]) -> Validated {
        let ids: Vec<String> = (1..=created.len()).map(|i| format!("L{i}")).collect();
        let mut rows: Vec<Vec<&str>> = vec![vec!["lead_id", "created_at"]];
        rows.extend(ids.iter().zip(created).map(|(id, c)| vec![id.as_str(), *c]));
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let schema = Schema::embedded().unwrap();
        let ingested = input("leads.csv", &rows);
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        validate(&ingested, &classified, &schema, options)
    }

    fn created(validated: &Validated) -> Vec<(String, String)> {
        validated
            .dataset
            .leads
            .iter()
            .map(|l| {
                (
                    l.lead_id.clone(),
                    l.created_at.format("%Y-%m-%d").to_string(),
                )
            })
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_cell_that_proves_month_first_decides_the_column() {
        // 19 is no month, so B3 can only be month first; 12/9 and 1/5 are read the same way.
        let validated = leads(&options(jpy()), &["12/9/2022", "12/19/2022", "1/5/2023"]);
        assert_eq!(validated.sheets[0].counts.accepted, 3);
        assert_eq!(
            created(&validated),
            pairs(&[
                ("L1", "2022-12-09"),
                ("L2", "2022-12-19"),
                ("L3", "2023-01-05")
            ])
        );
        // One warning for the column, at its first ambiguous cell, naming the proof.
        assert_eq!(validated.issues.len(), 1, "{:?}", validated.issues);
        let warning = &validated.issues[0];
        assert_eq!(
            (warning.severity, warning.code, warning.cell.as_str()),
            (Severity::Warning, IssueCode::AmbiguousDate, "B2")
        );
        for part in [
            "2 dates",
            "month first",
            "12/9/2022 = 2022-12-09",
            "B3 `12/19/2022`",
        ] {
            assert!(
                warning.message.contains(part),
                "{part}: {}",
                warning.message
            );
        }
    }

    #[test]
    fn a_cell_that_proves_day_first_decides_the_column() {
        let validated = leads(&options(jpy()), &["3/4/2023", "25/12/2022"]);
        assert_eq!(
            created(&validated),
            pairs(&[("L1", "2023-04-03"), ("L2", "2022-12-25")])
        );
        assert_eq!(validated.count(Severity::Warning), 1);
        assert!(validated.issues[0].message.contains("day first"));
    }

    #[test]
    fn a_column_proving_both_orders_leaves_its_ambiguous_cells_errors() {
        let validated = leads(&options(jpy()), &["13/1/2023", "1/13/2023", "3/4/2023"]);
        let counts = validated.sheets[0].counts;
        assert_eq!((counts.accepted, counts.rejected), (2, 1));
        assert_eq!(
            created(&validated),
            pairs(&[("L1", "2023-01-13"), ("L2", "2023-01-13")])
        );
        assert_eq!(validated.issues.len(), 1, "{:?}", validated.issues);
        let error = &validated.issues[0];
        assert_eq!(
            (error.severity, error.code, error.cell.as_str()),
            (Severity::Error, IssueCode::AmbiguousDate, "B4")
        );
        for part in ["both orders", "B2 `13/1/2023`", "B3 `1/13/2023`"] {
            assert!(error.message.contains(part), "{part}: {}", error.message);
        }
    }

    #[test]
    fn without_a_proof_an_ambiguous_date_stays_an_error() {
        let validated = leads(&options(jpy()), &["3/4/2023", "2023-05-06", "Dec 15, 2023"]);
        let counts = validated.sheets[0].counts;
        assert_eq!((counts.accepted, counts.rejected), (2, 1));
        assert_eq!(validated.issues.len(), 1);
        assert_eq!(validated.issues[0].code, IssueCode::AmbiguousDate);
        assert!(!validated.issues[0].message.contains("both orders"));
    }

    #[test]
    fn a_configured_date_order_wins_over_the_cells() {
        let mut dmy = options(jpy());
        dmy.dates = DateReading::new(Some(DateOrder::Dmy), chrono_tz::Tz::Asia__Tokyo);
        let validated = leads(&dmy, &["12/9/2022", "12/19/2022"]);
        // 12/9 is 12 September; 12/19 has no month 19 day first and is unparsable.
        assert_eq!(created(&validated), pairs(&[("L1", "2022-09-12")]));
        assert_eq!(validated.issues.len(), 1);
        assert_eq!(
            (validated.issues[0].code, validated.issues[0].cell.as_str()),
            (IssueCode::Unparsable, "B3")
        );
    }

    #[test]
    fn each_sheet_proves_its_own_order() {
        let schema = Schema::embedded().unwrap();
        let mut ingested = input(
            "a.csv",
            &[&["lead_id", "created_at"], &["L1", "12/19/2022"]],
        );
        let other = input("b.csv", &[&["lead_id", "created_at"], &["L2", "12/9/2022"]]);
        ingested.sheets.extend(other.sheets);
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let validated = validate(&ingested, &classified, &schema, &options(jpy()));
        assert_eq!(created(&validated), pairs(&[("L1", "2022-12-19")]));
        assert_eq!(
            (validated.issues[0].code, validated.issues[0].file.as_str()),
            (IssueCode::AmbiguousDate, "b.csv")
        );
    }

    #[test]
    fn utc_offsets_are_read_in_the_configured_zone() {
        let mut new_york = options(jpy());
        new_york.dates = DateReading::new(None, chrono_tz::Tz::America__New_York);
        let stamps = ["2017-01-30 19:05 +0000", "2017-01-31 02:00 +0000"];
        let at = |validated: &Validated| -> Vec<String> {
            validated
                .dataset
                .leads
                .iter()
                .map(|l| l.created_at.format("%Y-%m-%d %H:%M").to_string())
                .collect()
        };
        // Tokyo is 9 hours ahead of UTC; New York 5 behind in winter.
        assert_eq!(
            at(&leads(&options(jpy()), &stamps)),
            ["2017-01-31 04:05", "2017-01-31 11:00"]
        );
        assert_eq!(
            at(&leads(&new_york, &stamps)),
            ["2017-01-30 14:05", "2017-01-30 21:00"]
        );
    }

    #[test]
    fn counts_written_with_a_zero_fraction_are_counts() {
        let schema = Schema::embedded().unwrap();
        let ingested = input(
            "posts.csv",
            &[
                &[
                    "post_id",
                    "platform",
                    "published_at",
                    "impressions",
                    "engagements",
                ],
                &["P1", "x", "2017-01-30 19:05 +0000", "4715.0", "46.0"],
                &["P2", "x", "2017-01-31 19:05 +0000", "4715.5", "46"],
            ],
        );
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let validated = validate(&ingested, &classified, &schema, &options(jpy()));
        let counts = validated.sheets[0].counts;
        assert_eq!((counts.accepted, counts.rejected), (1, 1));
        let post = &validated.dataset.posts[0];
        assert_eq!(
            (post.metrics.impressions, post.metrics.engagements),
            (Some(4715), Some(46))
        );
        assert_eq!(
            (validated.issues[0].code, validated.issues[0].cell.as_str()),
            (IssueCode::Unparsable, "D3")
        );
        // Contract months and layers likewise.
        let ingested = input(
            "deals.csv",
            &[
                &["deal_id", "created_at", "status", "contract_months"],
                &["D1", "2025-04-01", "open", "12.0"],
                &["D2", "2025-04-01", "open", "12.5"],
            ],
        );
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let validated = validate(&ingested, &classified, &schema, &options(jpy()));
        assert_eq!(validated.dataset.deals.len(), 1);
        assert_eq!(validated.dataset.deals[0].contract_months, Some(12));
        let ingested = input(
            "custom.csv",
            &[
                &["metric", "month", "value", "layer"],
                &["指名検索数", "2025-04", "30", "3.0"],
                &["感謝メッセージ数", "2025-04", "5", "2.5"],
            ],
        );
        let classified = classify_sheets(
            &ingested,
            &schema,
            &Profiles::none(),
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let validated = validate(&ingested, &classified, &schema, &options(jpy()));
        assert_eq!(validated.dataset.custom.len(), 1);
        assert_eq!(validated.dataset.custom[0].layer, 3);
    }
}
