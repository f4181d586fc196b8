//! The checks of a row beyond its cells: required fields, the deal and lead consistency rules,
//! references to other tables, duplicate keys, targets naming no metric, and the currency in
//! force (the first signed amount sets it). Not for reading one cell: that is `cell`.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};

use super::{At, SignedCell, Validator};
use crate::catalog::is_metric;
use crate::cell::a1;
use crate::ingest::Ingested;
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::model::{DealStatus, SourceRef};
use crate::schema::classify::{cell_at, Classification};
use crate::schema::records::{Row, Value};
use crate::schema::{FieldType, OnMissing, Schema, TableDef, TABLE_ORDER};
use crate::values;

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
            // (column, the currency its header names, if any)
            let mut money: Vec<(u32, Option<&'static str>)> = class
                .columns
                .iter()
                .filter(|c| {
                    table
                        .field(&c.field)
                        .is_some_and(|f| f.field_type == FieldType::Money)
                })
                .map(|c| (c.col, values::header_currency(&c.header)))
                .collect();
            money.sort_unstable();
            let rows = sheet.rows.iter().enumerate().skip(class.header_index + 1);
            rows.flat_map(|(index, row)| money.iter().map(move |col| (index, row, *col)))
                .find_map(|(index, row, (col, named))| {
                    let amount = values::amount_from_cell(cell_at(sheet, row, col)).ok()?;
                    let currency = amount.currency.or(named)?;
                    Some(SignedCell {
                        currency,
                        file: sheet.file.clone(),
                        sheet: sheet.sheet.clone(),
                        cell: a1(sheet.first_row + index as u32, col),
                    })
                })
        })
}

impl Validator<'_> {
    /// The checks of a parsed row, in the order their findings are listed: the table's own
    /// consistency rules (chosen here by table name, and nowhere else), required fields,
    /// references and keys. An unknown reference the schema tolerates is dropped from `row`.
    pub(super) fn row_rules(
        &mut self,
        at: &At,
        class: &Classification,
        table: &TableDef,
        row: &mut Row,
        flagged: &BTreeSet<String>,
    ) {
        match table.name.as_str() {
            "deals" => {
                self.deal_rules(at, class, row, flagged);
                self.required(at, class, table, row, flagged);
            }
            "leads" => {
                self.required(at, class, table, row, flagged);
                self.lead_rules(at, class, row);
            }
            _ => self.required(at, class, table, row, flagged),
        }
        self.references(at, class, table, row);
        self.key(at, class, table, row);
    }

    /// A `required` error for a field the row has no value for, on its column when the sheet has one.
    pub(super) fn required_missing(&mut self, at: &At, class: &Classification, field: &str) {
        let lang = self.lang();
        let column = class.columns.iter().find(|c| c.field == field);
        // A traffic sheet without a date column takes the period its export wrote above the
        // header; without that either, say where a date comes from.
        let message = if column.is_none() && field == "date" && class.table == "traffic" {
            lang.pick(
                "日付の列も、見出しの上の期間 (`# 開始日:` / `# 終了日:`、GA4 の CSV が書く行) もありません。期間の行を付けて書き出すか、日付の列を加えてください。",
                "The sheet has no date column and no period above its header (the `# Start date:` / `# End date:` lines GA4's CSV writes): export it with them, or add a date column.",
            )
            .to_string()
        } else {
            format!(
                "{} `{field}`",
                lang.pick("必須項目が空です:", "A required value is empty:"),
            )
        };
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

    /// A `required` error for each required field the row has no value for (one whose cell was
    /// unreadable is reported already).
    fn required(
        &mut self,
        at: &At,
        class: &Classification,
        table: &TableDef,
        row: &Row,
        flagged: &BTreeSet<String>,
    ) {
        for field in table.fields.iter().filter(|f| f.required) {
            if row.values.contains_key(&field.name) || flagged.contains(&field.name) {
                continue;
            }
            self.required_missing(at, class, &field.name);
        }
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
        if let (Some(created), Some(closed)) = (
            row.get::<NaiveDate>("created_at"),
            row.get::<NaiveDate>("closed_at"),
        ) {
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

    /// A lead's MQL date may not be before its creation date (a warning: the row is kept).
    fn lead_rules(&mut self, at: &At, class: &Classification, row: &Row) {
        let lang = self.lang();
        if let (Some(created), Some(mql)) = (
            row.get::<NaiveDateTime>("created_at"),
            row.get::<NaiveDate>("mql_at"),
        ) {
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

    /// Foreign keys: an unknown reference is a warning (the value is dropped so the row stays
    /// unlinked) or an error, as the schema says.
    fn references(&mut self, at: &At, class: &Classification, table: &TableDef, row: &mut Row) {
        let lang = self.lang();
        for field in table.fields.iter() {
            let Some(reference) = &field.references else {
                continue;
            };
            let Some(value) = row.get::<String>(&field.name) else {
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

    /// A duplicate key rejects the later row. Keys are registered by `register_key`.
    fn key(&mut self, at: &At, class: &Classification, table: &TableDef, row: &Row) {
        let lang = self.lang();
        let Some(key_field) = table.key_field() else {
            return;
        };
        let Some(value) = row.get::<String>(&key_field.name) else {
            return;
        };
        // A row that completes another sheet's row of the same key is no duplicate.
        if self.merge_target(at, class, table, row).is_some() {
            return;
        }
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

    /// Registers the key of an accepted row, for the duplicate and reference checks of later rows.
    pub(super) fn register_key(&mut self, table: &TableDef, row: &Row) {
        if let Some(key_field) = table.key_field() {
            if let Some(value) = row.get::<String>(&key_field.name) {
                self.keys
                    .entry(table_key(&table.name))
                    .or_default()
                    .insert(value);
            }
        }
    }

    /// A target naming neither a metric of SPEC section 3 nor a custom metric of the input keeps
    /// its row (the KPI tree shows it with an empty actual) with a warning, so a misspelt name does
    /// not go unnoticed.
    pub(super) fn unknown_target_metrics(
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
}

/// The table names as `'static` keys for the key registry.
fn table_key(name: &str) -> &'static str {
    TABLE_ORDER
        .iter()
        .find(|t| **t == name)
        .copied()
        .unwrap_or("other")
}
