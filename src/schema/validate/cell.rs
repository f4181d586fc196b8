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
use crate::values::{self, ValueError};

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
        // The order the column's cells prove, when `date_order` does not decide it.
        let (reading, conflict) = match self.column_orders.get(&column.col) {
            // The export's own order (its profile) first.
            _ if self.export_date_order.is_some() => {
                (self.options.dates.with_order(self.export_date_order), None)
            }
            Some(ColumnOrder::Proven(proof)) => {
                (self.options.dates.with_order(Some(proof.order)), None)
            }
            Some(ColumnOrder::Conflict {
                month_first,
                day_first,
            }) => (
                self.options.dates,
                Some(ColumnOrder::conflict_message(month_first, day_first, lang)),
            ),
            None => (self.options.dates, None),
        };
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
                    conflict.clone().unwrap_or_else(|| lang.pick(
                        "日付が月/日と日/月のどちらとも読めます。設定で date_order を指定するか、2025-04-05 の形で書いてください。",
                        "The date reads as both month/day and day/month; set date_order in the config or write it as 2025-04-05.",
                    )
                    .to_string()),
                ),
                ValueError::Unparsable => fail(v, Severity::Error, IssueCode::Unparsable, unparsable("日付", "A date")),
            }
            };
        match field.field_type {
            FieldType::Text => {
                let text = cell.display().trim().to_string();
                // A post id may be written as the post's permalink (SPEC section 9).
                let text = match field.names_a_post() {
                    true => crate::permalink::post_key(&text).unwrap_or(text),
                    false => text,
                };
                Some(Value::Text(text))
            }
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
            FieldType::Datetime | FieldType::Date => {
                // A date without a year (`July 16`) takes the file's year (`yearless`).
                let read = values::date_from_cell(cell, at.sheet.date1904, reading)
                    .or_else(|e| self.yearless(at, column, cell).ok_or(e));
                match read {
                    Ok(d) if field.field_type == FieldType::Date => Some(Value::Date(d.date())),
                    Ok(d) => Some(Value::DateTime(d)),
                    Err(e) => {
                        date_error(self, e, &mut fail);
                        None
                    }
                }
            }
            FieldType::Month => match values::month_from_cell(cell, at.sheet.date1904, reading) {
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
                    // A currency named by the header (`Amount spent (USD)`) counts as a sign.
                    let sign = sign.or_else(|| values::header_currency(&column.header));
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
            FieldType::Status => match self.status(&cell.display()) {
                Some(status) => Some(Value::Status(status)),
                // A stage nobody listed: the deal stays, open (SPEC section 1).
                None => {
                    self.unknown_stage(at, column, cell.display().trim());
                    Some(Value::Status(DealStatus::Open))
                }
            },
            FieldType::Period => {
                let written = cell.display();
                match Period::parse_span(&written, self.options.fiscal_year_start_month) {
                    Some(span) => Some(Value::Period(span)),
                    None => {
                        let message = lang
                            .pick(
                                "期間が読めません。2025-04-01..2025-06-30、2025-04..2025-06、2025年4月〜6月、FY2025 / 2025年度 のように書いてください。",
                                "The period cannot be read; write it like 2025-04-01..2025-06-30, 2025-04..2025-06, FY2025 or 2025年度.",
                            )
                            .to_string();
                        fail(self, Severity::Error, IssueCode::Unparsable, message);
                        None
                    }
                }
            }
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
