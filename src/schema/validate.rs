//! Raw sheets -> typed canonical records, with every finding recorded as an `Issue`. Every data row
//! ends accepted, rejected (with at least one error-severity issue) or blank, and the counts of each
//! sheet reconcile: read = accepted + rejected + blank.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::catalog::is_metric;
use crate::cell::{a1, Cell};
use crate::channels::ChannelCatalog;
use crate::ingest::{Ingested, RawSheet};
use crate::issues::{Issue, IssueCode, RowCounts, Severity};
use crate::lang::Lang;
use crate::model::*;
use crate::schema::classify::{self, classify, Classification, MappedColumn, Nearest};
use crate::schema::{FieldDef, FieldType, OnMissing, Schema, TableDef, TABLE_ORDER};
use crate::values::{self, DateOrder, ValueError};

/// What validation needs from the configuration.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    pub lang: Lang,
    pub date_order: Option<DateOrder>,
    pub catalog: ChannelCatalog,
    pub currency: CurrencyInForce,
    /// The config's `[columns.<table>]` mappings, for telling an unread sheet what it resembles.
    pub column_mappings: BTreeMap<String, BTreeMap<String, String>>,
    /// The config file in force, where a missing mapping should be written.
    pub config_file: Option<String>,
}

/// The currency money cells are checked against: a money cell whose sign names another currency
/// is an `inconsistent` error on its row (its figure cannot be added to the others).
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyInForce {
    /// The currency code (`JPY`, `USD` ...).
    pub code: String,
    /// The first signed money cell when the signs set the currency; `None` when the configuration
    /// (or the default) did.
    pub set_by: Option<SignedCell>,
}

/// A money cell written with a currency sign, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedCell {
    pub currency: &'static str,
    pub file: String,
    pub sheet: String,
    /// A1 reference.
    pub cell: String,
}

/// The first money cell written with a currency sign, in input order (sheets as read, rows top
/// down, columns left to right): when `currency` is not set, its sign sets it (SPEC section 1).
pub fn first_signed_amount(
    ingested: &Ingested,
    classified: &[Option<Classification>],
    schema: &Schema,
) -> Option<SignedCell> {
    ingested
        .sheets
        .iter()
        .zip(classified)
        .find_map(|(sheet, class)| {
            let class = class.as_ref()?;
            let table = schema.table(&class.table)?;
            let mut money: Vec<u32> = class
                .columns
                .iter()
                .filter(|c| {
                    table
                        .field(&c.field)
                        .is_some_and(|f| f.field_type == FieldType::Money)
                })
                .map(|c| c.col)
                .collect();
            money.sort_unstable();
            let rows = sheet.rows.iter().enumerate().skip(class.header_index + 1);
            rows.flat_map(|(index, row)| money.iter().map(move |col| (index, row, *col)))
                .find_map(|(index, row, col)| {
                    let currency = values::amount_from_cell(cell_at(sheet, row, col))
                        .ok()?
                        .currency?;
                    Some(SignedCell {
                        currency,
                        file: sheet.file.clone(),
                        sheet: sheet.sheet.clone(),
                        cell: a1(sheet.first_row + index as u32, col),
                    })
                })
        })
}

/// The outcome of one input sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetOutcome {
    pub file: String,
    pub sheet: String,
    /// The table it was read as; `None` for an ignored sheet.
    pub table: Option<String>,
    /// The export profile it was read through (SPEC section 9); `None` until profiles exist.
    pub profile: Option<String>,
    /// Header -> field for every column read, in sheet order.
    pub mapped: Vec<(String, String)>,
    /// Header row cells that feed no field (duplicates of a mapped field included), as written.
    pub unused: Vec<String>,
    /// 1-based sheet row of the header; 0 for an ignored sheet.
    pub header_row: u32,
    pub counts: RowCounts,
}

/// Accepted records, every issue, and the row outcome of every sheet.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    pub dataset: Dataset,
    pub issues: Vec<Issue>,
    pub sheets: Vec<SheetOutcome>,
}

impl Validated {
    /// Row counts summed per table (every canonical table present, zero when absent).
    pub fn table_counts(&self) -> BTreeMap<String, RowCounts> {
        let mut counts: BTreeMap<String, RowCounts> = TABLE_ORDER
            .iter()
            .map(|t| (t.to_string(), RowCounts::default()))
            .collect();
        for sheet in &self.sheets {
            if let Some(table) = &sheet.table {
                counts.entry(table.clone()).or_default().add(sheet.counts);
            }
        }
        counts
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }

    pub fn rejected_rows(&self) -> u64 {
        self.sheets.iter().map(|s| s.counts.rejected).sum()
    }
}

/// Classifies every sheet (index into `ingested.sheets`, classification or `None` when ignored).
pub fn classify_sheets(
    ingested: &Ingested,
    schema: &Schema,
    column_mappings: &BTreeMap<String, BTreeMap<String, String>>,
) -> Vec<Option<Classification>> {
    let headers = schema.header_index(column_mappings);
    ingested
        .sheets
        .iter()
        .map(|sheet| {
            // The instructions sheet of `kpibook init` names columns but holds no table.
            if crate::init::is_instructions_sheet(&sheet.sheet) {
                return None;
            }
            classify(sheet, schema, &headers)
        })
        .collect()
}

/// The key / value rows of settings sheets, with a location such as `book.xlsx 設定!B3` for errors.
pub fn read_settings(
    ingested: &Ingested,
    classified: &[Option<Classification>],
) -> Vec<(String, String, String)> {
    let mut settings = Vec::new();
    for (sheet, class) in ingested.sheets.iter().zip(classified) {
        let Some(class) = class.as_ref().filter(|c| c.table == "settings") else {
            continue;
        };
        let column = |field: &str| {
            class
                .columns
                .iter()
                .find(|c| c.field == field)
                .map(|c| c.col)
        };
        let (Some(key_col), Some(value_col)) = (column("key"), column("value")) else {
            continue;
        };
        for (index, row) in sheet.rows.iter().enumerate().skip(class.header_index + 1) {
            let key = cell_at(sheet, row, key_col).display();
            let value = cell_at(sheet, row, value_col).display();
            if key.trim().is_empty() {
                continue;
            }
            let row0 = sheet.first_row + index as u32;
            let location = format!("{} {}!{}", sheet.file, sheet.sheet, a1(row0, value_col));
            settings.push((key.trim().to_string(), value, location));
        }
    }
    settings
}

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
    };
    let headers = schema.header_index(&options.column_mappings);
    let mut outcomes: Vec<Option<SheetOutcome>> = vec![None; ingested.sheets.len()];
    for table_name in TABLE_ORDER {
        let Some(table) = schema.table(table_name) else {
            continue;
        };
        for (index, (sheet, class)) in ingested.sheets.iter().zip(classified).enumerate() {
            if let Some(class) = class.as_ref().filter(|c| c.table == table_name) {
                outcomes[index] = Some(validator.sheet(sheet, class, table));
            }
        }
    }
    for (index, (sheet, class)) in ingested.sheets.iter().zip(classified).enumerate() {
        // The instructions sheet of `kpibook init` is not data and not worth a warning.
        if class.is_none() && !crate::init::is_instructions_sheet(&sheet.sheet) {
            validator.ignored(sheet, classify::nearest(sheet, schema, &headers).as_ref());
        }
        let outcome = outcomes[index].take().unwrap_or_else(|| SheetOutcome {
            file: sheet.file.clone(),
            sheet: sheet.sheet.clone(),
            table: None,
            profile: None,
            mapped: Vec::new(),
            unused: Vec::new(),
            header_row: 0,
            counts: RowCounts::default(),
        });
        validator.out.sheets.push(outcome);
    }
    validator.unknown_target_metrics(ingested, classified);
    validator.out
}

/// What kpibook says of input files in which no sheet matches any table: the files, then the
/// advice of each of their sheets that resembles a table (`NotATable`), or one sentence when none
/// does. The `NoTables` error (in English, as every error kpibook writes to stderr) and the
/// `file_skipped` issue of such a file in an input folder (in the report language).
pub fn no_table_message(
    ingested: &Ingested,
    files: &[&str],
    schema: &Schema,
    advice_for: &NoTableAdvice,
) -> String {
    let lang = advice_for.lang;
    let headers = schema.header_index(advice_for.column_mappings);
    let mut message = match lang {
        Lang::Ja => format!(
            "{}: どの表の見出し行にも一致するシートがありません",
            files.join(", ")
        ),
        Lang::En => format!(
            "{}: no sheet has a header row matching any table",
            files.join(", ")
        ),
    };
    let mut advice = Vec::new();
    for sheet in &ingested.sheets {
        if !files.contains(&sheet.file.as_str()) || crate::init::is_instructions_sheet(&sheet.sheet)
        {
            continue;
        }
        let Some(nearest) = classify::nearest(sheet, schema, &headers) else {
            continue;
        };
        let why = NotATable {
            lang,
            nearest: Some(&nearest),
            config_file: advice_for.config_file,
        };
        advice.push(format!(
            "{} [{}]: {}",
            sheet.file,
            sheet.sheet,
            why.lines().join("\n  ")
        ));
    }
    if advice.is_empty() {
        message.push_str(lang.pick(
            "。先頭30行のどの行も、どの表 (leads, deals, posts, touches, costs, targets, custom, settings) の見出しにも似ていません。各表の見出しは `kpibook schema` で確認できます。",
            "; nothing in the first 30 rows looks like the header of one (leads, deals, posts, touches, costs, targets, custom, settings). `kpibook schema` lists the headers each table accepts.",
        ));
    } else {
        message.push_str(lang.pick("。\n", ".\n"));
        message.push_str(&advice.join("\n"));
    }
    message
}

/// What the "no table" advice needs besides the sheets: its language, the config's
/// `[columns.<table>]` mappings (a mapped header counts as matched) and the config file in force
/// (where the suggested lines go).
pub struct NoTableAdvice<'a> {
    pub lang: Lang,
    pub column_mappings: &'a BTreeMap<String, BTreeMap<String, String>>,
    pub config_file: Option<&'a str>,
}

/// Why a sheet was not read as a table and what would make it one: the nearest table, the headers
/// that matched it, the required fields missing and the `[columns]` lines that would map them.
/// The one text behind the `NoTables` error and the `sheet_ignored` issue.
struct NotATable<'a> {
    lang: Lang,
    nearest: Option<&'a Nearest>,
    config_file: Option<&'a str>,
}

impl NotATable<'_> {
    fn lines(&self) -> Vec<String> {
        let lang = self.lang;
        let Some(nearest) = self.nearest else {
            return vec![lang
                .pick(
                    "先頭30行のどの行も、どの表 (leads, deals, posts, touches, costs, targets, custom, settings) の見出しにも似ていないため、読み込みませんでした。各表の見出しは `kpibook schema` で確認できます。",
                    "Nothing in the first 30 rows looks like the header of any table (leads, deals, posts, touches, costs, targets, custom, settings); the sheet was not read. `kpibook schema` lists the headers each table accepts.",
                )
                .to_string()];
        };
        let table = &nearest.table;
        let matched: Vec<String> = nearest
            .matched
            .iter()
            .map(|c| format!("{} -> {}", c.header, c.field))
            .collect();
        let missing = nearest.missing_required.join(", ");
        let mut lines = vec![match lang {
            Lang::Ja => format!(
                "{}行目の見出しは {table} の表に最も近いものの、必須の列が足りないため読み込みませんでした。一致: {}。不足している必須項目: {missing}。",
                nearest.header_row,
                matched.join(", ")
            ),
            Lang::En => format!(
                "The header in row {} looks most like the {table} table but lacks required columns, so the sheet was not read. Matched: {}. Missing required: {missing}.",
                nearest.header_row,
                matched.join(", ")
            ),
        }];
        let mut free: Vec<&str> = nearest.unmatched.iter().map(String::as_str).collect();
        let mut mappings = Vec::new();
        let mut no_header = Vec::new();
        for field in &nearest.missing_required {
            match free.iter().position(|h| looks_like(h, field)) {
                Some(at) => mappings.push(format!("\"{}\" = \"{field}\"", free.remove(at))),
                None => no_header.push(field.as_str()),
            }
        }
        if !mappings.is_empty() {
            lines.push(match (lang, self.config_file) {
                (Lang::Ja, Some(file)) => format!("{file} に次の行を追加してください:"),
                (Lang::Ja, None) => {
                    "入力ファイルと同じフォルダに kpibook.toml を作り、次の行を書いてください:"
                        .to_string()
                }
                (Lang::En, Some(file)) => format!("Add these lines to {file}:"),
                (Lang::En, None) => {
                    "Create kpibook.toml beside the input with these lines:".to_string()
                }
            });
            lines.push(format!("[columns.{table}]"));
            lines.extend(mappings);
        }
        if !no_header.is_empty() {
            let fields = no_header.join(", ");
            lines.push(match lang {
                Lang::Ja => format!(
                    "{fields} に当たる見出しが見当たりません。シートに列を追加してください (別の見出しなら [columns.{table}] で対応付けられます)。"
                ),
                Lang::En => format!(
                    "No header looks like {fields}: the sheet needs a column for it (or map the header you have under [columns.{table}])."
                ),
            });
        }
        lines
    }

    /// The lines as one line, for an issue: the config lines stay readable as `[columns.posts]
    /// "ID" = "post_id"; ...`.
    fn one_line(&self) -> String {
        self.lines().join(" ")
    }
}

/// Whether an unmatched header is a likely column for a required field, by the words headers of
/// that kind of field use: `ID` for a key, `Date` / `日` for a date, `Platform` / `媒体` for a
/// channel. A guess for the suggestion only; nothing is read through it.
fn looks_like(header: &str, field: &str) -> bool {
    let header = values::normalize_key(header);
    let any = |words: &[&str]| words.iter().any(|w| header.contains(w));
    if field.ends_with("_id") || field == "key" {
        let before_id = header
            .strip_suffix("id")
            .map(|rest| rest.chars().last().is_none_or(|c| !c.is_ascii_alphabetic()));
        return before_id == Some(true) || any(&["番号", "コード", "code", "key"]);
    }
    if field.ends_with("_at") || field == "month" || field == "date" {
        return any(&["date", "time", "day", "month", "日", "月", "時"]);
    }
    match field {
        "platform" | "channel" => any(&[
            "platform",
            "channel",
            "source",
            "media",
            "sns",
            "媒体",
            "チャネル",
            "流入",
        ]),
        "status" => any(&["status", "stage", "phase", "状態", "状況"]),
        "amount" | "value" | "target" => any(&["amount", "value", "target", "金額", "値", "目標"]),
        "metric" => any(&["metric", "kpi", "指標"]),
        _ => false,
    }
}

fn cell_at<'a>(sheet: &RawSheet, row: &'a [Cell], col: u32) -> &'a Cell {
    const EMPTY: &Cell = &Cell::Empty;
    col.checked_sub(sheet.first_col)
        .and_then(|c| row.get(c as usize))
        .unwrap_or(EMPTY)
}

/// A parsed field value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Channel(ChannelValue),
    DateTime(NaiveDateTime),
    Date(NaiveDate),
    Count(u64),
    Number(f64),
    Months(u32),
    Status(DealStatus),
    Kind(TargetKind),
    Layer(u8),
}

/// The accepted values of one row, by field name: a short list (a table has at most a few dozen
/// fields), keyed by the schema's own names so no key is allocated per cell.
#[derive(Debug, Default)]
struct Fields<'t>(Vec<(&'t str, Value)>);

impl<'t> Fields<'t> {
    fn get(&self, field: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == field).map(|(_, v)| v)
    }

    fn contains_key(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    fn insert(&mut self, field: &'t str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == field) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((field, value)),
        }
    }

    fn remove(&mut self, field: &str) {
        self.0.retain(|(k, _)| *k != field);
    }
}

/// The accepted values of one row, by field name.
#[derive(Debug, Default)]
struct Row<'t> {
    values: Fields<'t>,
}

impl Row<'_> {
    fn text(&self, field: &str) -> Option<String> {
        match self.values.get(field) {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }
    fn channel(&self, field: &str) -> Option<ChannelValue> {
        match self.values.get(field) {
            Some(Value::Channel(c)) => Some(c.clone()),
            _ => None,
        }
    }
    fn datetime(&self, field: &str) -> Option<NaiveDateTime> {
        match self.values.get(field) {
            Some(Value::DateTime(d)) => Some(*d),
            _ => None,
        }
    }
    fn date(&self, field: &str) -> Option<NaiveDate> {
        match self.values.get(field) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }
    fn status(&self) -> Option<DealStatus> {
        match self.values.get("status") {
            Some(Value::Status(s)) => Some(*s),
            _ => None,
        }
    }
    fn count(&self, field: &str) -> Option<u64> {
        match self.values.get(field) {
            Some(Value::Count(n)) => Some(*n),
            _ => None,
        }
    }
    fn number(&self, field: &str) -> Option<f64> {
        match self.values.get(field) {
            Some(Value::Number(x)) => Some(*x),
            _ => None,
        }
    }
}

/// Where a finding is, for building issues.
struct At<'a> {
    sheet: &'a RawSheet,
    row0: u32,
}

struct Validator<'o> {
    options: &'o ValidateOptions,
    out: Validated,
    /// Accepted keys per table ("posts", "leads", ...).
    keys: HashMap<&'static str, HashSet<String>>,
}

impl Validator<'_> {
    fn lang(&self) -> Lang {
        self.options.lang
    }

    #[allow(clippy::too_many_arguments)]
    fn issue(
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

    /// A target naming neither a metric of SPEC section 3 nor a custom metric of the input keeps
    /// its row (the KPI tree shows it with an empty actual) with a warning, so a misspelt name does
    /// not go unnoticed.
    fn unknown_target_metrics(
        &mut self,
        ingested: &Ingested,
        classified: &[Option<Classification>],
    ) {
        let lang = self.lang();
        let dataset = &self.out.dataset;
        let unknown: Vec<(SourceRef, String)> = dataset
            .targets
            .iter()
            .filter(|t| {
                !is_metric(&t.metric) && !dataset.custom.iter().any(|c| c.metric == t.metric)
            })
            .map(|t| (t.source.clone(), t.metric.clone()))
            .collect();
        for (source, metric) in unknown {
            let Some((sheet, class)) = ingested
                .sheets
                .iter()
                .zip(classified)
                .find(|(s, _)| s.file == source.file && s.sheet == source.sheet)
            else {
                continue;
            };
            let column = class
                .as_ref()
                .and_then(|c| c.columns.iter().find(|c| c.field == "metric"));
            let at = At {
                sheet,
                row0: source.row.saturating_sub(1),
            };
            let message = match lang {
                Lang::Ja => format!(
                    "指標「{metric}」は既知の指標でもカスタム指標でもありません。KPI階層には実績なしで載ります。"
                ),
                Lang::En => format!(
                    "\"{metric}\" is neither a known metric nor a custom metric of the input; the KPI tree shows it without an actual."
                ),
            };
            self.issue(
                Severity::Warning,
                IssueCode::UnknownValue,
                &at,
                column.map(|c| c.col),
                column.map_or("metric", |c| c.header.as_str()),
                metric,
                message,
            );
        }
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

    fn sheet(
        &mut self,
        sheet: &RawSheet,
        class: &Classification,
        table: &TableDef,
    ) -> SheetOutcome {
        let lang = self.lang();
        let header_row0 = sheet.first_row + class.header_index as u32;
        let header_at = At {
            sheet,
            row0: header_row0,
        };
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
                &header_at,
                Some(duplicate.col),
                &duplicate.header,
                duplicate.header.clone(),
                message,
            );
        }
        for missing in &class.missing_required {
            let message = format!(
                "{} `{}`",
                lang.pick(
                    "必須の列がありません。見出しを追加するか、設定の [columns] で対応付けてください:",
                    "A required column is missing; add it or map its header under [columns] in the config:"
                ),
                missing
            );
            self.issue(
                Severity::Error,
                IssueCode::MissingColumn,
                &header_at,
                None,
                missing,
                String::new(),
                message,
            );
        }

        let mut counts = RowCounts::default();
        for (index, raw) in sheet.rows.iter().enumerate().skip(class.header_index + 1) {
            counts.read += 1;
            if raw.iter().all(Cell::is_blank) {
                counts.blank += 1;
                continue;
            }
            let at = At {
                sheet,
                row0: sheet.first_row + index as u32,
            };
            let issues_before = self.out.issues.len();
            let row = self.row(&at, raw, class, table);
            let accepted = !self.out.issues[issues_before..]
                .iter()
                .any(|i| i.severity == Severity::Error);
            if !accepted {
                counts.rejected += 1;
                continue;
            }
            // A row counts as accepted only once its typed record is in its table.
            match self.accept(table, &at, row) {
                Ok(()) => counts.accepted += 1,
                Err(missing) => {
                    self.required_missing(&at, class, missing);
                    counts.rejected += 1;
                }
            }
        }
        SheetOutcome {
            file: sheet.file.clone(),
            sheet: sheet.sheet.clone(),
            table: Some(table.name.clone()),
            profile: None,
            mapped: class
                .columns
                .iter()
                .map(|c| (c.header.clone(), c.field.clone()))
                .collect(),
            unused: classify::unused_headers(sheet, class.header_index, &class.columns),
            header_row: header_row0 + 1,
            counts,
        }
    }

    /// Parses every mapped cell of a row and checks required fields, keys, references and the
    /// table's own consistency rules. Errors found are pushed as issues.
    fn row<'t>(
        &mut self,
        at: &At,
        raw: &[Cell],
        class: &Classification,
        table: &'t TableDef,
    ) -> Row<'t> {
        let lang = self.lang();
        let mut row = Row::default();
        let mut flagged: BTreeSet<String> = BTreeSet::new();
        for column in &class.columns {
            let Some(field) = table.field(&column.field) else {
                continue;
            };
            let cell = cell_at(at.sheet, raw, column.col);
            if let Some(value) = self.cell(at, column, field, cell, &mut flagged) {
                row.values.insert(&field.name, value);
            }
        }
        if table.name == "deals" {
            self.deal_rules(at, class, &row, &flagged);
        }
        for field in table.fields.iter().filter(|f| f.required) {
            if row.values.contains_key(&field.name) || flagged.contains(&field.name) {
                continue;
            }
            self.required_missing(at, class, &field.name);
        }
        if table.name == "leads" {
            if let (Some(created), Some(mql)) = (row.datetime("created_at"), row.date("mql_at")) {
                if mql < created.date() {
                    let column = class.columns.iter().find(|c| c.field == "mql_at");
                    self.issue(
                        Severity::Warning,
                        IssueCode::Inconsistent,
                        at,
                        column.map(|c| c.col),
                        column.map(|c| c.header.as_str()).unwrap_or("mql_at"),
                        mql.to_string(),
                        lang.pick(
                            "MQL日が獲得日より前です。",
                            "The MQL date is before the lead's creation date.",
                        )
                        .to_string(),
                    );
                }
            }
        }
        self.references(at, class, table, &mut row);
        self.key(at, class, table, &row);
        row
    }

    /// A `required` error for a field the row has no value for, on its column when the sheet has one.
    fn required_missing(&mut self, at: &At, class: &Classification, field: &str) {
        let lang = self.lang();
        let column = class.columns.iter().find(|c| c.field == field);
        let message = format!(
            "{} `{field}`",
            lang.pick("必須項目が空です:", "A required value is empty:"),
        );
        let header = column.map_or(field, |c| c.header.as_str()).to_string();
        let col = column.map(|c| c.col).or(Some(at.sheet.first_col));
        self.issue(
            Severity::Error,
            IssueCode::Required,
            at,
            col,
            &header,
            String::new(),
            message,
        );
    }

    /// Won deals need an amount and a close date; lost deals a close date; a close date may not be
    /// before the creation date. Each reported once, as `inconsistent`.
    fn deal_rules(
        &mut self,
        at: &At,
        class: &Classification,
        row: &Row,
        flagged: &BTreeSet<String>,
    ) {
        let lang = self.lang();
        let Some(Value::Status(status)) = row.values.get("status") else {
            return;
        };
        let column = |f: &str| class.columns.iter().find(|c| c.field == f);
        let status_col = column("status");
        let report = |v: &mut Self, field: &str, message: &str| {
            let col = column(field).or(status_col);
            v.issue(
                Severity::Error,
                IssueCode::Inconsistent,
                at,
                col.map(|c| c.col),
                col.map(|c| c.header.as_str()).unwrap_or(field),
                String::new(),
                message.to_string(),
            );
        };
        if *status == DealStatus::Won
            && !row.values.contains_key("amount")
            && !flagged.contains("amount")
        {
            report(
                self,
                "amount",
                lang.pick(
                    "受注の商談に受注額がありません。",
                    "A won deal has no amount.",
                ),
            );
        }
        if *status != DealStatus::Open
            && !row.values.contains_key("closed_at")
            && !flagged.contains("closed_at")
        {
            report(
                self,
                "closed_at",
                lang.pick(
                    "受注・失注の商談にクローズ日(受注日)がありません。",
                    "A won or lost deal has no close date.",
                ),
            );
        }
        if let (Some(created), Some(closed)) = (row.date("created_at"), row.date("closed_at")) {
            if closed < created {
                report(
                    self,
                    "closed_at",
                    lang.pick(
                        "クローズ日が商談化日より前です。",
                        "The close date is before the opportunity's creation date.",
                    ),
                );
            }
        }
    }

    /// Parses one cell as its field's type. Returns `None` for an empty cell or a cell with an
    /// error (the issue is pushed and the field marked in `flagged`).
    fn cell(
        &mut self,
        at: &At,
        column: &MappedColumn,
        field: &FieldDef,
        cell: &Cell,
        flagged: &mut BTreeSet<String>,
    ) -> Option<Value> {
        let lang = self.lang();
        if cell.is_blank() {
            return None;
        }
        let mut fail = |v: &mut Self, severity, code, message: String| {
            v.issue(
                severity,
                code,
                at,
                Some(column.col),
                &column.header,
                cell.display(),
                message,
            );
            if severity == Severity::Error {
                flagged.insert(field.name.clone());
            }
        };
        if let Cell::Error(error) = cell {
            let message = format!(
                "{} {error}",
                lang.pick(
                    "セルがExcelのエラー値です:",
                    "The cell holds an Excel error:"
                )
            );
            fail(self, Severity::Error, IssueCode::ExcelError, message);
            return None;
        }
        let order = self.options.date_order;
        let unparsable = |kind_ja: &str, kind_en: &str| {
            format!(
                "{}{}",
                lang.pick(kind_ja, kind_en),
                lang.pick(
                    "として読めません。",
                    " expected; the value cannot be read as one."
                )
            )
        };
        let date_error =
            |v: &mut Self,
             e: ValueError,
             fail: &mut dyn FnMut(&mut Self, Severity, IssueCode, String)| {
                match e {
                ValueError::AmbiguousDate => fail(
                    v,
                    Severity::Error,
                    IssueCode::AmbiguousDate,
                    lang.pick(
                        "日付が月/日と日/月のどちらとも読めます。設定で date_order を指定するか、2025-04-05 の形で書いてください。",
                        "The date reads as both month/day and day/month; set date_order in the config or write it as 2025-04-05.",
                    )
                    .to_string(),
                ),
                ValueError::Unparsable => fail(v, Severity::Error, IssueCode::Unparsable, unparsable("日付", "A date")),
            }
            };
        match field.field_type {
            FieldType::Text => Some(Value::Text(cell.display().trim().to_string())),
            FieldType::Channel => {
                let written = cell.display().trim().to_string();
                match self.options.catalog.resolve(&written) {
                    Some(id) => Some(Value::Channel(ChannelValue { id, written })),
                    None => {
                        let message = lang
                            .pick(
                                "未登録のチャネル名です。other として集計します(設定の [channels] で対応付けできます)。",
                                "Unknown channel; counted as `other` (map it under [channels] in the config).",
                            )
                            .to_string();
                        fail(self, Severity::Warning, IssueCode::UnknownValue, message);
                        Some(Value::Channel(ChannelValue {
                            id: "other".into(),
                            written,
                        }))
                    }
                }
            }
            FieldType::Datetime => match values::date_from_cell(cell, at.sheet.date1904, order) {
                Ok(d) => Some(Value::DateTime(d)),
                Err(e) => {
                    date_error(self, e, &mut fail);
                    None
                }
            },
            FieldType::Date => match values::date_from_cell(cell, at.sheet.date1904, order) {
                Ok(d) => Some(Value::Date(d.date())),
                Err(e) => {
                    date_error(self, e, &mut fail);
                    None
                }
            },
            FieldType::Month => match values::month_from_cell(cell, at.sheet.date1904, order) {
                Ok(d) => Some(Value::Date(d)),
                Err(e) => {
                    date_error(self, e, &mut fail);
                    None
                }
            },
            FieldType::Count
            | FieldType::Money
            | FieldType::Number
            | FieldType::Months
            | FieldType::Layer => {
                let (number, sign) = match values::amount_from_cell(cell) {
                    Ok(amount) if amount.value.is_finite() => (amount.value, amount.currency),
                    _ => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::Unparsable,
                            unparsable("数値", "A number"),
                        );
                        return None;
                    }
                };
                if field.field_type == FieldType::Money {
                    let in_force = &self.options.currency;
                    if let Some(sign) = sign.filter(|c| !c.eq_ignore_ascii_case(&in_force.code)) {
                        let message = currency_contradiction(lang, sign, in_force);
                        fail(self, Severity::Error, IssueCode::Inconsistent, message);
                        return None;
                    }
                }
                let whole = number.fract() == 0.0;
                let range = |ja: &str, en: &str| lang.pick(ja, en).to_string();
                match field.field_type {
                    FieldType::Number => Some(Value::Number(number)),
                    FieldType::Money if number >= 0.0 => Some(Value::Number(number)),
                    FieldType::Money => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::OutOfRange,
                            range(
                                "金額は0以上でなければなりません。",
                                "An amount must be 0 or more.",
                            ),
                        );
                        None
                    }
                    FieldType::Count if number < 0.0 => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::OutOfRange,
                            range(
                                "件数は0以上でなければなりません。",
                                "A count must be 0 or more.",
                            ),
                        );
                        None
                    }
                    FieldType::Count if !whole || number > 9.0e15 => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::Unparsable,
                            unparsable("整数", "A whole number"),
                        );
                        None
                    }
                    FieldType::Count => Some(Value::Count(number as u64)),
                    FieldType::Months if !whole => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::Unparsable,
                            unparsable("整数", "A whole number"),
                        );
                        None
                    }
                    FieldType::Months if !(1.0..=1200.0).contains(&number) => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::OutOfRange,
                            range(
                                "契約月数は1以上でなければなりません。",
                                "Contract months must be 1 or more.",
                            ),
                        );
                        None
                    }
                    FieldType::Months => Some(Value::Months(number as u32)),
                    _ if whole && (1.0..=3.0).contains(&number) => Some(Value::Layer(number as u8)),
                    _ => {
                        fail(
                            self,
                            Severity::Error,
                            IssueCode::OutOfRange,
                            range("階層は 1, 2, 3 のいずれかです。", "A layer is 1, 2 or 3."),
                        );
                        None
                    }
                }
            }
            FieldType::Status => match values::parse_status(&cell.display()) {
                Some(status) => Some(Value::Status(status)),
                None => {
                    let message = lang
                        .pick(
                            "ステータスが読めません(受注/失注/商談中、won/lost/open のいずれか)。",
                            "Unknown status; use won, lost or open (or 受注, 失注, 商談中).",
                        )
                        .to_string();
                    fail(self, Severity::Error, IssueCode::UnknownValue, message);
                    None
                }
            },
            FieldType::Kind => match values::normalize_key(&cell.display()).as_str() {
                "kgi" => Some(Value::Kind(TargetKind::Kgi)),
                "kpi" => Some(Value::Kind(TargetKind::Kpi)),
                _ => {
                    let message = lang
                        .pick("種別は KGI か KPI です。", "Kind is KGI or KPI.")
                        .to_string();
                    fail(self, Severity::Error, IssueCode::UnknownValue, message);
                    None
                }
            },
        }
    }

    /// Foreign keys: an unknown reference is a warning (the value is dropped so the row stays
    /// unlinked) or an error, as the schema says.
    fn references(&mut self, at: &At, class: &Classification, table: &TableDef, row: &mut Row) {
        let lang = self.lang();
        for field in table.fields.iter() {
            let Some(reference) = &field.references else {
                continue;
            };
            let Some(value) = row.text(&field.name) else {
                continue;
            };
            let target = reference.split('.').next().unwrap_or_default();
            let known = self
                .keys
                .get(target)
                .is_some_and(|keys| keys.contains(&value));
            if known {
                continue;
            }
            let column = class.columns.iter().find(|c| c.field == field.name);
            let (severity, message) = match field.on_missing {
                OnMissing::Error => (
                    Severity::Error,
                    format!(
                        "{} `{target}`",
                        lang.pick(
                            "参照先が見つかりません(行は取り込みません):",
                            "Not found in table (row rejected):"
                        )
                    ),
                ),
                OnMissing::Warning => (
                    Severity::Warning,
                    format!(
                        "{} `{target}`",
                        lang.pick(
                            "参照先が見つかりません(紐付けなしで取り込みます):",
                            "Not found in table (row kept, unlinked):"
                        )
                    ),
                ),
            };
            self.issue(
                severity,
                IssueCode::UnknownReference,
                at,
                column.map(|c| c.col),
                column.map(|c| c.header.as_str()).unwrap_or(&field.name),
                value,
                message,
            );
            if severity == Severity::Warning {
                row.values.remove(&field.name);
            }
        }
    }

    /// A duplicate key rejects the later row. Keys are registered in `accept`.
    fn key(&mut self, at: &At, class: &Classification, table: &TableDef, row: &Row) {
        let lang = self.lang();
        let Some(key_field) = table.key_field() else {
            return;
        };
        let Some(value) = row.text(&key_field.name) else {
            return;
        };
        let seen = self
            .keys
            .get(table_key(&table.name))
            .is_some_and(|k| k.contains(&value));
        if seen {
            let column = class.columns.iter().find(|c| c.field == key_field.name);
            self.issue(
                Severity::Error,
                IssueCode::DuplicateKey,
                at,
                column.map(|c| c.col),
                column.map(|c| c.header.as_str()).unwrap_or(&key_field.name),
                value,
                lang.pick(
                    "同じIDの行が先にあります。最初の行を使い、この行は取り込みません。",
                    "An earlier row has the same id; the first is kept and this row rejected.",
                )
                .to_string(),
            );
        }
    }

    /// Builds the row's typed record and adds it to its table, registering its key. `Err` names a
    /// field the record needs that the row lacks: the caller rejects the row with that reason, so
    /// an accepted row always reaches its table whatever the schema says is required.
    fn accept(&mut self, table: &TableDef, at: &At, row: Row) -> Result<(), &'static str> {
        let source = SourceRef {
            file: at.sheet.file.clone(),
            sheet: at.sheet.sheet.clone(),
            row: at.row0 + 1,
        };
        let d = &mut self.out.dataset;
        match table.name.as_str() {
            "posts" => d.posts.push(Post {
                source,
                post_id: need(row.text("post_id"), "post_id")?,
                platform: need(row.channel("platform"), "platform")?,
                published_at: need(row.datetime("published_at"), "published_at")?,
                campaign: row.text("campaign"),
                title: row.text("title"),
                url: row.text("url"),
                format: row.text("format"),
                metrics: PostMetrics {
                    impressions: row.count("impressions"),
                    reach: row.count("reach"),
                    engagements: row.count("engagements"),
                    reactions: row.count("reactions"),
                    comments: row.count("comments"),
                    shares: row.count("shares"),
                    saves: row.count("saves"),
                    clicks: row.count("clicks"),
                    video_views: row.count("video_views"),
                    video_completions: row.count("video_completions"),
                },
                spend: row.number("spend"),
            }),
            "leads" => d.leads.push(Lead {
                source,
                lead_id: need(row.text("lead_id"), "lead_id")?,
                created_at: need(row.datetime("created_at"), "created_at")?,
                channel: row.channel("channel"),
                post_id: row.text("post_id"),
                utm_source: row.text("utm_source"),
                utm_medium: row.text("utm_medium"),
                utm_campaign: row.text("utm_campaign"),
                utm_content: row.text("utm_content"),
                account: row.text("account"),
                conversion_type: row.text("conversion_type"),
                mql_at: row.date("mql_at"),
            }),
            "touches" => d.touches.push(Touch {
                source,
                lead_id: need(row.text("lead_id"), "lead_id")?,
                touched_at: need(row.datetime("touched_at"), "touched_at")?,
                channel: need(row.channel("channel"), "channel")?,
                post_id: row.text("post_id"),
                campaign: row.text("campaign"),
                touch_type: row.text("touch_type"),
            }),
            "deals" => d.deals.push(Deal {
                source,
                deal_id: need(row.text("deal_id"), "deal_id")?,
                lead_id: row.text("lead_id"),
                account: row.text("account"),
                created_at: need(row.date("created_at"), "created_at")?,
                status: need(row.status(), "status")?,
                amount: row.number("amount"),
                closed_at: row.date("closed_at"),
                mrr: row.number("mrr"),
                contract_months: match row.values.get("contract_months") {
                    Some(Value::Months(m)) => Some(*m),
                    _ => None,
                },
            }),
            "costs" => d.costs.push(Cost {
                source,
                month: need(row.date("month"), "month")?,
                channel: need(row.channel("channel"), "channel")?,
                category: row.text("category"),
                amount: need(row.number("amount"), "amount")?,
            }),
            "targets" => d.targets.push(Target {
                source,
                metric: need(row.text("metric"), "metric")?,
                target: need(row.number("target"), "target")?,
                month: row.date("month"),
                channel: row.channel("channel"),
                kind: match row.values.get("kind") {
                    Some(Value::Kind(k)) => *k,
                    _ => TargetKind::Kpi,
                },
            }),
            "custom" => d.custom.push(CustomMetric {
                source,
                metric: need(row.text("metric"), "metric")?,
                month: need(row.date("month"), "month")?,
                value: need(row.number("value"), "value")?,
                layer: match row.values.get("layer") {
                    Some(Value::Layer(l)) => *l,
                    _ => 2,
                },
            }),
            "settings" => d.settings.push(Setting {
                source,
                key: need(row.text("key"), "key")?,
                value: need(row.text("value"), "value")?,
            }),
            // `validate` walks TABLE_ORDER and `Schema::check` refuses any other table, so this
            // is never reached; were it, the row would be rejected rather than lost.
            _ => return Err("table"),
        }
        if let Some(key_field) = table.key_field() {
            if let Some(value) = row.text(&key_field.name) {
                self.keys
                    .entry(table_key(&table.name))
                    .or_default()
                    .insert(value);
            }
        }
        Ok(())
    }
}

/// The message of a money cell whose sign names another currency than the one in force.
fn currency_contradiction(lang: Lang, sign: &str, in_force: &CurrencyInForce) -> String {
    let code = &in_force.code;
    match (&in_force.set_by, lang) {
        (None, Lang::Ja) => format!(
            "金額が {sign} で書かれていますが、レポートの通貨は {code} です (設定の currency)。通貨の異なる金額は合算できないため、この行は取り込みません。{code} に換算するか、currency を見直してください。"
        ),
        (None, Lang::En) => format!(
            "The amount is written in {sign} but the report's currency is {code} (set by `currency`); amounts in two currencies cannot be added up, so the row is rejected. Convert it to {code} or change `currency`."
        ),
        (Some(first), Lang::Ja) => format!(
            "金額が {sign} で書かれていますが、レポートの通貨は {code} です (通貨記号のある最初の金額 {} {}!{} で決まりました)。通貨の異なる金額は合算できないため、この行は取り込みません。{code} に換算してください (レポートの通貨は設定の currency で指定できます)。",
            first.file, first.sheet, first.cell
        ),
        (Some(first), Lang::En) => format!(
            "The amount is written in {sign} but the report's currency is {code}, set by the first amount with a currency sign ({} {}!{}); amounts in two currencies cannot be added up, so the row is rejected. Convert it to {code} (`currency` in the config chooses the report's currency).",
            first.file, first.sheet, first.cell
        ),
    }
}

/// A field the typed record cannot do without.
fn need<T>(value: Option<T>, field: &'static str) -> Result<T, &'static str> {
    value.ok_or(field)
}

/// The table names as `'static` keys for the key registry.
fn table_key(name: &str) -> &'static str {
    TABLE_ORDER
        .iter()
        .find(|t| **t == name)
        .copied()
        .unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::EMBEDDED_SCHEMA;

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
            date_order: None,
            catalog: ChannelCatalog::new(),
            currency,
            column_mappings: BTreeMap::new(),
            config_file: None,
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
        let classified = classify_sheets(&ingested, &loose, &BTreeMap::new());
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
        let classified = classify_sheets(&ingested, &schema, &BTreeMap::new());
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
        let classified = classify_sheets(&ingested, &schema, &BTreeMap::new());
        let validated = validate(&ingested, &classified, &schema, &options(jpy()));
        let counts = validated.sheets[0].counts;
        // D2 (€), D3 ($) and D4 (EUR) contradict JPY; D1 has no sign.
        assert_eq!((counts.accepted, counts.rejected), (1, 3));
        assert!(validated
            .issues
            .iter()
            .all(|i| i.code == IssueCode::Inconsistent && i.message.contains("`currency`")));
    }

    #[test]
    fn headers_are_guessed_for_keys_dates_and_channels_only_by_their_words() {
        assert!(looks_like("ID", "post_id"));
        assert!(looks_like("投稿ID", "post_id"));
        assert!(
            !looks_like("Paid", "post_id"),
            "a word ending in -id is not an id"
        );
        assert!(looks_like("Date", "published_at"));
        assert!(looks_like("問合せ日", "created_at"));
        assert!(looks_like("Platform", "platform"));
        assert!(!looks_like("Likes", "platform"));
    }
}
