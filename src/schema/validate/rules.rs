//! The checks of a row beyond its cells: required fields, the deal and lead consistency rules,
//! references to other tables, duplicate keys, targets naming no metric, and the currency in
//! force (the first signed amount sets it). Not for reading one cell: that is `cell`.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};

use super::options::SignedCell;
use super::validator::{At, Validator};
use crate::catalog::{accepted_metric_names, nearest_metric_name, resolve_metric, MetricName};
use crate::cell::a1;
use crate::ingest::Ingested;
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::model::{DealStatus, SourceRef};
use crate::permalink;
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
    pub(super) fn row_rules<'t>(
        &mut self,
        at: &At,
        class: &Classification,
        table: &'t TableDef,
        row: &mut Row<'t>,
        flagged: &BTreeSet<String>,
    ) {
        match table.name.as_str() {
            "deals" => {
                if derives_created_at(class, table) {
                    self.derive_created_at(table, row);
                }
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
    /// A sheet without the column is told a header it could add (`商談化日`), not the field id.
    pub(super) fn required_missing(
        &mut self,
        at: &At,
        class: &Classification,
        table: &TableDef,
        field: &str,
    ) {
        let lang = self.lang();
        let column = class.columns.iter().find(|c| c.field == field);
        let header = match column {
            Some(column) => column.header.clone(),
            None => table
                .field(field)
                .map_or(field.to_string(), |f| f.header_to_add(lang)),
        };
        let message = match (column, lang) {
            // A traffic sheet without a date column takes the period its file gives (`#` lines,
            // a title row, its name); without that either, say where a date comes from.
            (None, _) if field == "date" && class.table == "traffic" => lang
                .pick(
                    "日付の列も、見出しの上の期間 (`# 開始日:` / `# 終了日:`、GA4 の CSV が書く行) もありません。期間の行を付けて書き出すか、日付の列を加えてください。",
                    "The sheet has no date column and no period above its header (the `# Start date:` / `# End date:` lines GA4's CSV writes): export it with them, or add a date column.",
                )
                .to_string(),
            (Some(_), _) => format!(
                "{} {header}",
                lang.pick("必須項目が空です:", "A required value is empty:"),
            ),
            (None, Lang::Ja) => {
                format!("必須項目がありません。「{header}」の列を追加してください。")
            }
            (None, Lang::En) => {
                format!("A required value is missing; add a \"{header}\" column to the sheet.")
            }
        };
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
            self.required_missing(at, class, table, &field.name);
        }
    }

    /// A deal of a sheet with no created_at column (a closed-won list): a closed deal was
    /// created by its close date at the latest, so takes it; an open deal takes its lead's
    /// created date. With neither the row keeps no created_at, and `required` names the header
    /// to add.
    fn derive_created_at<'t>(&mut self, table: &'t TableDef, row: &mut Row<'t>) {
        let Some(field) = table.field("created_at") else {
            return;
        };
        let closed = row
            .get::<NaiveDate>("closed_at")
            .filter(|_| row.get::<DealStatus>("status") != Some(DealStatus::Open));
        let from_lead = || {
            let lead = row.get::<String>("lead_id")?;
            let leads = self.lead_created.get_or_insert_with(|| {
                self.out
                    .dataset
                    .leads
                    .iter()
                    .map(|l| (l.lead_id.clone(), l.created_at.date()))
                    .collect()
            });
            leads.get(&lead).copied()
        };
        if let Some(day) = closed.or_else(from_lead) {
            row.values.insert(&field.name, Value::Date(day));
        }
    }

    /// The sheet-level warning of a deals sheet whose created_at is derived (`derived_value`).
    pub(super) fn derived_created_at_said(&mut self, header_at: &At, table: &TableDef) {
        let lang = self.lang();
        let header = table
            .field("created_at")
            .map_or_else(|| "created_at".to_string(), |f| f.header_to_add(lang));
        let message = match lang {
            Lang::Ja => format!(
                "商談化日の列がありません。受注・失注の商談はクローズ日(受注日)を、進行中の商談はリードの獲得日を商談化日とします。進行中でリードのない商談は取り込めないため、「{header}」の列を追加してください。"
            ),
            Lang::En => format!(
                "The sheet has no column for the deal's creation date: a won or lost deal takes its close date, an open deal its lead's created date. An open deal without a lead cannot be read; add a \"{header}\" column."
            ),
        };
        self.issue(
            Severity::Warning,
            IssueCode::DerivedValue,
            header_at,
            None,
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
    fn references<'t>(
        &mut self,
        at: &At,
        class: &Classification,
        table: &'t TableDef,
        row: &mut Row<'t>,
    ) {
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
            // A post named by its permalink where the posts sheet has ids of its own (a team's
            // `P1` with the post's URL beside it): the URL's post key finds it.
            if let Some(post_id) = (target == "posts")
                .then(|| self.post_urls.get(&value))
                .flatten()
            {
                row.values.insert(&field.name, Value::Text(post_id.clone()));
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
                if table.name == "posts" {
                    let url_key = row
                        .get::<String>("url")
                        .and_then(|u| permalink::post_key(&u));
                    if let Some(url_key) = url_key.filter(|k| *k != value) {
                        self.post_urls
                            .entry(url_key)
                            .or_insert_with(|| value.clone());
                    }
                }
                self.keys
                    .entry(table_key(&table.name))
                    .or_default()
                    .insert(value);
            }
        }
    }

    /// A target's metric is read by id or by its label in either language, in any case or width
    /// (`売上` is `revenue`), and kept as the id; a custom metric of the input keeps its own name.
    /// A target naming neither keeps its row (the KPI tree shows it with an empty actual) with a
    /// warning that suggests the nearest name and lists the accepted ones, so a misspelt name
    /// does not go unnoticed.
    pub(super) fn target_metrics(
        &mut self,
        ingested: &Ingested,
        classified: &[Option<Classification>],
    ) {
        let lang = self.lang();
        let dataset = &mut self.out.dataset;
        let custom: Vec<String> = dataset.custom.iter().map(|c| c.metric.clone()).collect();
        let mut unknown: Vec<(SourceRef, String)> = Vec::new();
        for target in &mut dataset.targets {
            let written = target.metric.as_str();
            if custom.iter().any(|c| c == written) {
                continue;
            }
            if let Some(id) = resolve_metric(written) {
                target.metric = MetricName::of(&id);
            } else if let Some(name) = custom
                .iter()
                .find(|c| values::normalize_key(c) == values::normalize_key(written))
            {
                target.metric = MetricName::of(name);
            } else {
                unknown.push((target.source.clone(), written.to_string()));
            }
        }
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
            let message = unknown_metric_message(lang, &metric);
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

/// The warning of a target naming no metric: the nearest name, if any, and every accepted name.
fn unknown_metric_message(lang: Lang, metric: &str) -> String {
    let nearest = nearest_metric_name(metric);
    let names = accepted_metric_names(lang == Lang::Ja);
    match lang {
        Lang::Ja => {
            let guess = nearest.map_or(String::new(), |n| format!("「{n}」のことですか? "));
            format!(
                "指標「{metric}」は既知の指標でもカスタム指標でもありません。KPI階層には実績なしで載ります。{guess}使える指標名 (指標IDまたは名称、大文字小文字・全角半角は問いません): {}。",
                names.join("、")
            )
        }
        Lang::En => {
            let guess = nearest.map_or(String::new(), |n| format!("Did you mean \"{n}\"? "));
            format!(
                "\"{metric}\" is neither a known metric nor a custom metric of the input; the KPI tree shows it without an actual. {guess}Metrics are named by id or label, in any case or width: {}.",
                names.join(", ")
            )
        }
    }
}

/// Whether a deals sheet takes each deal's created_at from its other values: the sheet has no
/// column (nor constant) for it.
pub(super) fn derives_created_at(class: &Classification, table: &TableDef) -> bool {
    table.name == "deals" && class.missing_required.iter().any(|f| f == "created_at")
}
