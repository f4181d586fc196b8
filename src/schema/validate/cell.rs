//! One cell -> the `Value` of its field's type (`FieldType`), with the issue in both languages
//! when it cannot be read: dates in the configured order, numbers, money in the currency in force,
//! counts, months, layers, statuses, kinds and channels through the catalogue. Not for checks that
//! span cells of a row: those are `rules`.

use std::collections::BTreeSet;

use super::options::CurrencyInForce;
use super::validator::{At, ColumnOrder, Validator};
use crate::cell::Cell;
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::model::{ChannelValue, DealStatus, TargetKind};
use crate::period::Period;
use crate::schema::classify::MappedColumn;
use crate::schema::records::Value;
use crate::schema::{FieldDef, FieldType};
use crate::values::{self, DateReading, ValueError};

/// What is wrong with a cell: the issue `Validator::cell` raises for it.
struct Problem {
    severity: Severity,
    code: IssueCode,
    message: String,
}

impl Problem {
    /// A cell that cannot be taken: its row is rejected.
    fn error(code: IssueCode, message: String) -> Problem {
        Problem {
            severity: Severity::Error,
            code,
            message,
        }
    }

    /// A cell of the wrong kind: "A date expected; the value cannot be read as one."
    fn unparsable(lang: Lang, kind_ja: &str, kind_en: &str) -> Problem {
        let message = format!(
            "{}{}",
            lang.pick(kind_ja, kind_en),
            lang.pick(
                "として読めません。",
                " expected; the value cannot be read as one."
            )
        );
        Problem::error(IssueCode::Unparsable, message)
    }

    /// A number outside its field's range.
    fn out_of_range(lang: Lang, ja: &str, en: &str) -> Problem {
        Problem::error(IssueCode::OutOfRange, lang.pick(ja, en).to_string())
    }
}

/// How the dates of a column are read: in the order the export or the column's cells prove, and
/// the message of a column whose cells prove both orders.
struct ColumnDates {
    reading: DateReading,
    conflict: Option<String>,
}

impl Validator<'_> {
    /// Parses one cell as its field's type. Returns `None` for an empty cell or a cell with an
    /// error (the issue is pushed and the field marked in `flagged`).
    pub(super) fn cell(
        &mut self,
        at: &At,
        column: &MappedColumn,
        field: &FieldDef,
        cell: &Cell,
        flagged: &mut BTreeSet<String>,
    ) -> Option<Value> {
        if cell.is_blank() {
            return None;
        }
        let mut raise = |v: &mut Self, problem: Problem| {
            v.issue(
                problem.severity,
                problem.code,
                at,
                Some(column.col),
                &column.header,
                cell.display(),
                problem.message,
            );
            if problem.severity == Severity::Error {
                flagged.insert(field.name.clone());
            }
        };
        if let Cell::Error(error) = cell {
            raise(self, excel_error(self.lang(), error));
            return None;
        }
        let read = match field.field_type {
            FieldType::Text => Ok(text_value(field, cell)),
            FieldType::Channel => {
                let (value, unknown) = self.channel(cell);
                if let Some(problem) = unknown {
                    raise(self, problem);
                }
                Ok(value)
            }
            FieldType::Datetime | FieldType::Date | FieldType::Month => {
                self.date(at, column, field, cell)
            }
            FieldType::Count
            | FieldType::Money
            | FieldType::Number
            | FieldType::Months
            | FieldType::Layer => self.number(column, field, cell),
            FieldType::Status => Ok(self.deal_status(at, column, cell)),
            FieldType::Period => self.period(cell),
            FieldType::Kind => target_kind(self.lang(), cell),
        };
        match read {
            Ok(value) => Some(value),
            Err(problem) => {
                raise(self, problem);
                None
            }
        }
    }

    /// A channel through the catalogue; an unknown one counts as `other`, with a warning.
    fn channel(&self, cell: &Cell) -> (Value, Option<Problem>) {
        let written = cell.display().trim().to_string();
        match self.options.catalog.resolve(&written) {
            Some(id) => (Value::Channel(ChannelValue { id, written }), None),
            None => {
                let warning = Problem {
                    severity: Severity::Warning,
                    code: IssueCode::UnknownValue,
                    message: self
                        .lang()
                        .pick(
                            "未登録のチャネル名です。other として集計します(設定の [channels] で対応付けできます)。",
                            "Unknown channel; counted as `other` (map it under [channels] in the config).",
                        )
                        .to_string(),
                };
                let other = ChannelValue {
                    id: "other".into(),
                    written,
                };
                (Value::Channel(other), Some(warning))
            }
        }
    }

    /// A date, datetime or month, in the order `column_dates` gives.
    fn date(
        &mut self,
        at: &At,
        column: &MappedColumn,
        field: &FieldDef,
        cell: &Cell,
    ) -> Result<Value, Problem> {
        let dates = self.column_dates(column);
        let read = match field.field_type {
            FieldType::Month => {
                values::month_from_cell(cell, at.sheet.date1904, dates.reading).map(Value::Date)
            }
            // A date without a year (`July 16`) takes the file's year (`yearless`).
            _ => values::date_from_cell(cell, at.sheet.date1904, dates.reading)
                .or_else(|e| self.yearless(at, column, cell).ok_or(e))
                .map(|d| match field.field_type {
                    FieldType::Date => Value::Date(d.date()),
                    _ => Value::DateTime(d),
                }),
        };
        read.map_err(|e| date_problem(self.lang(), e, dates.conflict))
    }

    /// The order a column's dates are read in, when `date_order` does not decide it: the export's
    /// own (its profile) first, then the order the column's cells prove.
    fn column_dates(&self, column: &MappedColumn) -> ColumnDates {
        let dates = self.options.dates;
        let (reading, conflict) = match self.column_orders.get(&column.col) {
            _ if self.export_date_order.is_some() => {
                (dates.with_order(self.export_date_order), None)
            }
            Some(ColumnOrder::Proven(proof)) => (dates.with_order(Some(proof.order)), None),
            Some(ColumnOrder::Conflict {
                month_first,
                day_first,
            }) => (
                dates,
                Some(ColumnOrder::conflict_message(
                    month_first,
                    day_first,
                    self.lang(),
                )),
            ),
            None => (dates, None),
        };
        ColumnDates { reading, conflict }
    }

    /// A count, amount, number, number of months or layer: a finite number, money in the
    /// currency in force, then in its field's range.
    fn number(
        &self,
        column: &MappedColumn,
        field: &FieldDef,
        cell: &Cell,
    ) -> Result<Value, Problem> {
        let lang = self.lang();
        let (number, sign) = match values::amount_from_cell(cell) {
            Ok(amount) if amount.value.is_finite() => (amount.value, amount.currency),
            _ => return Err(Problem::unparsable(lang, "数値", "A number")),
        };
        if field.field_type == FieldType::Money {
            // A currency named by the header (`Amount spent (USD)`) counts as a sign.
            let sign = sign.or_else(|| values::header_currency(&column.header));
            let in_force = &self.options.currency;
            if let Some(sign) = sign.filter(|c| !c.eq_ignore_ascii_case(&in_force.code)) {
                let message = currency_contradiction(lang, sign, in_force);
                return Err(Problem::error(IssueCode::Inconsistent, message));
            }
        }
        number_in_range(lang, field.field_type, number)
    }

    /// A deal status; a stage nobody listed leaves the deal open (SPEC section 1), with a warning
    /// counted per stage (`unknown_stage`).
    fn deal_status(&mut self, at: &At, column: &MappedColumn, cell: &Cell) -> Value {
        match self.status(&cell.display()) {
            Some(status) => Value::Status(status),
            None => {
                self.unknown_stage(at, column, cell.display().trim());
                Value::Status(DealStatus::Open)
            }
        }
    }

    /// A span of dates (`2025-04..2025-06`, `FY2025`).
    fn period(&self, cell: &Cell) -> Result<Value, Problem> {
        match Period::parse_span(&cell.display(), self.options.fiscal_year_start_month) {
            Some(span) => Ok(Value::Period(span)),
            None => Err(Problem::error(
                IssueCode::Unparsable,
                self.lang()
                    .pick(
                        "期間が読めません。2025-04-01..2025-06-30、2025-04..2025-06、2025年4月〜6月、FY2025 / 2025年度 のように書いてください。",
                        "The period cannot be read; write it like 2025-04-01..2025-06-30, 2025-04..2025-06, FY2025 or 2025年度.",
                    )
                    .to_string(),
            )),
        }
    }
}

/// A cell holding an Excel error value (`#N/A`).
fn excel_error(lang: Lang, error: &str) -> Problem {
    let message = format!(
        "{} {error}",
        lang.pick(
            "セルがExcelのエラー値です:",
            "The cell holds an Excel error:"
        )
    );
    Problem::error(IssueCode::ExcelError, message)
}

/// Text, trimmed; a post id may be written as the post's permalink (SPEC section 9).
fn text_value(field: &FieldDef, cell: &Cell) -> Value {
    let text = cell.display().trim().to_string();
    Value::Text(match field.names_a_post() {
        true => crate::permalink::post_key(&text).unwrap_or(text),
        false => text,
    })
}

/// Why a date cannot be read: both orders possible (with the column's conflict, if its cells
/// prove both), or not a date at all.
fn date_problem(lang: Lang, error: ValueError, conflict: Option<String>) -> Problem {
    match error {
        ValueError::AmbiguousDate => Problem::error(
            IssueCode::AmbiguousDate,
            conflict.unwrap_or_else(|| {
                lang.pick(
                    "日付が月/日と日/月のどちらとも読めます。設定で date_order を指定するか、2025-04-05 の形で書いてください。",
                    "The date reads as both month/day and day/month; set date_order in the config or write it as 2025-04-05.",
                )
                .to_string()
            }),
        ),
        ValueError::Unparsable => Problem::unparsable(lang, "日付", "A date"),
    }
}

/// A finite number as the value of its field's type, if in the type's range: money 0 or more,
/// counts whole and 0 or more, months 1 to 1200, layers 1, 2 or 3.
fn number_in_range(lang: Lang, field_type: FieldType, number: f64) -> Result<Value, Problem> {
    let whole = number.fract() == 0.0;
    match field_type {
        FieldType::Number => Ok(Value::Number(number)),
        FieldType::Money if number >= 0.0 => Ok(Value::Number(number)),
        FieldType::Money => Err(Problem::out_of_range(
            lang,
            "金額は0以上でなければなりません。",
            "An amount must be 0 or more.",
        )),
        FieldType::Count if number < 0.0 => Err(Problem::out_of_range(
            lang,
            "件数は0以上でなければなりません。",
            "A count must be 0 or more.",
        )),
        FieldType::Count if !whole || number > 9.0e15 => {
            Err(Problem::unparsable(lang, "整数", "A whole number"))
        }
        FieldType::Count => Ok(Value::Count(number as u64)),
        FieldType::Months if !whole => Err(Problem::unparsable(lang, "整数", "A whole number")),
        FieldType::Months if !(1.0..=1200.0).contains(&number) => Err(Problem::out_of_range(
            lang,
            "契約月数は1以上でなければなりません。",
            "Contract months must be 1 or more.",
        )),
        FieldType::Months => Ok(Value::Months(number as u32)),
        _ if whole && (1.0..=3.0).contains(&number) => Ok(Value::Layer(number as u8)),
        _ => Err(Problem::out_of_range(
            lang,
            "階層は 1, 2, 3 のいずれかです。",
            "A layer is 1, 2 or 3.",
        )),
    }
}

/// A target's kind: KGI or KPI.
fn target_kind(lang: Lang, cell: &Cell) -> Result<Value, Problem> {
    match values::normalize_key(&cell.display()).as_str() {
        "kgi" => Ok(Value::Kind(TargetKind::Kgi)),
        "kpi" => Ok(Value::Kind(TargetKind::Kpi)),
        _ => Err(Problem::error(
            IssueCode::UnknownValue,
            lang.pick("種別は KGI か KPI です。", "Kind is KGI or KPI.")
                .to_string(),
        )),
    }
}

impl Validator<'_> {
    /// A deal status as written: the team's own stage names (`[statuses]`) first, then kpibook's
    /// words and the built-in CRM stages.
    fn status(&self, text: &str) -> Option<DealStatus> {
        self.options
            .statuses
            .get(&values::loose_key(text))
            .copied()
            .or_else(|| values::parse_status(text))
    }
}

impl Validator<'_> {
    fn unknown_stage(&mut self, at: &At, column: &MappedColumn, written: &str) {
        let key = values::loose_key(written);
        if let Some((_, rows)) = self.unknown_stages.seen.get_mut(&key) {
            *rows += 1;
            return;
        }
        let index = self.out.issues.len();
        self.unknown_stages.seen.insert(key, (index, 1));
        self.issue(
            Severity::Warning,
            IssueCode::UnknownStage,
            at,
            Some(column.col),
            &column.header,
            written.to_string(),
            String::new(),
        );
    }

    /// Writes each `unknown_stage` warning's message, now that its rows are counted.
    pub(super) fn finish_unknown_stages(&mut self) {
        let lang = self.lang();
        let config = self.options.config_file.as_deref();
        for (index, rows) in self.unknown_stages.seen.values() {
            let issue = &mut self.out.issues[*index];
            issue.message = unknown_stage_message(lang, &issue.value, *rows, config);
        }
    }
}

/// What an unknown stage's warning says: the rows counted open and the `[statuses]` line to add.
fn unknown_stage_message(lang: Lang, stage: &str, rows: u64, config: Option<&str>) -> String {
    // A TOML key: quoted, with `"` and `\` escaped.
    let key = format!("\"{}\"", stage.replace('\\', "\\\\").replace('"', "\\\""));
    match lang {
        Lang::Ja => format!(
            "ステージ「{stage}」はどの語彙にもなく、設定の [statuses] にもありません。このステージの商談 {rows} 件は進行中 (open) として数えました。受注・失注を表すステージなら、{} の [statuses] に {key} = \"won\" (または \"lost\") と書いてください ({key} = \"open\" と書けばこの警告は出ません)。",
            config.unwrap_or("kpibook.toml"),
        ),
        Lang::En => format!(
            "Stage \"{stage}\" is in no stage vocabulary and not under [statuses]: {} counted open. If it means won or lost, add under [statuses] in {}: {key} = \"won\" (or \"lost\"); {key} = \"open\" keeps it open without this warning.",
            match rows {
                1 => "its 1 deal is".to_string(),
                n => format!("its {n} deals are"),
            },
            config.unwrap_or("kpibook.toml"),
        ),
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
