//! 前提条件 / Assumptions: every setting in force, its value and where it came from (default,
//! config file, settings sheet, command line), the figures derived from them (the period used, the
//! LTV method chosen), and the rows of the input's settings sheet.

use rust_xlsxwriter::Worksheet;

use super::a1::quoted_sheet;
use super::context::ReportContext;
use super::formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{SheetWriter, XResult};
use crate::config::{self, SCALAR_KEYS};
use crate::lang::Lang;

/// The table of settings starts below the input cells.
const HEADER_ROW: u32 = 14;

/// The cells the report's formulas read, by defined name: (name, row). Values in column B.
pub const INPUT_CELLS: [(&str, u32); 10] = [
    (formulas::PERIOD_START, 3),
    (formulas::PERIOD_END, 4),
    (formulas::GROSS_MARGIN, 5),
    (formulas::MODEL, 6),
    (formulas::MONTHLY_CHURN, 7),
    (formulas::LIFETIME_MONTHS, 8),
    (formulas::PURCHASES_PER_CUSTOMER, 9),
    (formulas::CV_RATE, 10),
    (formulas::COMPARE_START, 11),
    (formulas::COMPARE_END, 12),
];

/// The absolute reference of a named input cell, for `define_name`.
pub fn input_reference(sheet: &str, row: u32) -> String {
    format!("={}!$B${}", quoted_sheet(sheet), row + 1)
}

/// What a key means, for the reader of the sheet: the label its definition names.
fn describe(lang: Lang, key: &str) -> &'static str {
    config::definition(key)
        .and_then(|k| k.meaning())
        .map_or("", |label| labels::text(lang, label))
}

pub fn sheet(context: &ReportContext, names: &SheetNames, styles: &Styles) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.assumptions, styles, context.values_only)?;
    s.heading(
        0,
        0,
        labels::text(lang, "assumptions.assumptions"),
        &styles.title,
    )?;
    let config_file = match &context.config.file {
        Some(path) => format!(
            "{}: {}",
            labels::text(lang, "assumptions.config_file"),
            path.display()
        ),
        None => labels::text(lang, "assumptions.no_config_file_defaults").to_string(),
    };
    s.heading(1, 0, &config_file, &styles.note)?;
    input_cells(&mut s, context, styles)?;
    let last = settings_in_force(&mut s, context.config)?;
    let last = in_effect(&mut s, context, styles, last + 2)?;
    if !context.dataset.settings.is_empty() {
        settings_sheet(&mut s, context, styles, last + 2)?;
    }
    s.finish()
}

/// The inputs the formulas read (`INPUT_CELLS`): change one and the report recalculates.
fn input_cells(s: &mut SheetWriter, context: &ReportContext, styles: &Styles) -> XResult<()> {
    let lang = context.config.lang;
    let config = context.config;
    let metrics = context.metrics;
    s.heading(
        2,
        0,
        labels::text(lang, "assumptions.values_the_formulas_use_change_one"),
        &styles.subtitle,
    )?;
    let compared = metrics.comparison.figures().map(|(period, _)| *period);
    for (name, row) in INPUT_CELLS {
        s.text_with(row, 0, name, &styles.label)?;
        match name {
            formulas::PERIOD_START => s.date(row, 1, metrics.period.map(|p| p.start))?,
            formulas::PERIOD_END => s.date(row, 1, metrics.period.map(|p| p.end))?,
            formulas::GROSS_MARGIN => s.number(row, 1, Some(config.gross_margin), Kind::Rate)?,
            formulas::MONTHLY_CHURN => s.number(row, 1, config.monthly_churn, Kind::Rate)?,
            formulas::LIFETIME_MONTHS => s.number(row, 1, config.lifetime_months, Kind::Decimal)?,
            formulas::PURCHASES_PER_CUSTOMER => {
                s.number(row, 1, Some(config.purchases_per_customer), Kind::Decimal)?
            }
            formulas::CV_RATE => s.number(row, 1, Some(config.cv_rate), Kind::Rate)?,
            formulas::COMPARE_START => s.date(row, 1, compared.map(|p| p.start))?,
            formulas::COMPARE_END => s.date(row, 1, compared.map(|p| p.end))?,
            _ => s.text(row, 1, &metrics.model)?,
        }
        s.text(row, 2, input_meaning(lang, name, compared.is_some()))?;
    }
    Ok(())
}

/// What an input cell holds, for the reader of the sheet.
fn input_meaning(lang: Lang, name: &str, compares: bool) -> &'static str {
    match name {
        formulas::PERIOD_START => labels::text(lang, "assumptions.first_day_of_the_period"),
        formulas::PERIOD_END => labels::text(lang, "assumptions.last_day_of_the_period"),
        formulas::GROSS_MARGIN => describe(lang, "gross_margin"),
        formulas::MONTHLY_CHURN => describe(lang, "monthly_churn"),
        formulas::LIFETIME_MONTHS => describe(lang, "lifetime_months"),
        formulas::PURCHASES_PER_CUSTOMER => describe(lang, "purchases_per_customer"),
        formulas::CV_RATE => describe(lang, "cv_rate"),
        formulas::COMPARE_START if compares => {
            labels::text(lang, "assumptions.first_day_of_the_compared_period")
        }
        formulas::COMPARE_END if compares => {
            labels::text(lang, "assumptions.last_day_of_the_compared_period")
        }
        formulas::COMPARE_START | formulas::COMPARE_END => {
            labels::text(lang, "assumptions.no_compared_period")
        }
        _ => describe(lang, "model"),
    }
}

/// The table of every setting in force (key, value, source, meaning) at `HEADER_ROW`; returns
/// its last row.
fn settings_in_force(s: &mut SheetWriter, config: &config::Config) -> XResult<u32> {
    let lang = config.lang;
    let headers = [
        labels::text(lang, "assumptions.key"),
        labels::text(lang, "common.value"),
        labels::text(lang, "assumptions.source"),
        labels::text(lang, "assumptions.meaning"),
    ];
    s.header_row(HEADER_ROW, &headers)?;
    let mut row = HEADER_ROW;
    for [key, value, source, meaning] in setting_rows(config) {
        row += 1;
        s.text(row, 0, &key)?;
        s.text(row, 1, &value)?;
        s.text(row, 2, &source)?;
        s.text(row, 3, &meaning)?;
    }
    s.table(HEADER_ROW, row, headers.len())?;
    Ok(row)
}

/// The rows of the settings table: every scalar key, then the config file's header mappings,
/// defaults for missing columns and KPI tree layers.
fn setting_rows(config: &config::Config) -> Vec<[String; 4]> {
    let lang = config.lang;
    let from_file = config::Source::ConfigFile.label(lang).to_string();
    let mut rows = Vec::new();
    for key in SCALAR_KEYS.iter() {
        rows.push([
            key.to_string(),
            config.display_value(key),
            config.source(key).label(lang).to_string(),
            describe(lang, key).to_string(),
        ]);
    }
    for (table, mapping) in &config.columns {
        for (header, fields) in mapping {
            rows.push([
                format!("columns.{table}"),
                format!("{header} → {}", fields.join(", ")),
                from_file.clone(),
                labels::text(lang, "assumptions.header_mapping").to_string(),
            ]);
        }
    }
    for (table, constants) in &config.defaults {
        for (field, value) in constants {
            rows.push([
                format!("defaults.{table}"),
                format!("{field} = {value}"),
                from_file.clone(),
                labels::text(lang, "assumptions.default_for_a_missing_column").to_string(),
            ]);
        }
    }
    for (layer, metrics_of_layer) in [
        ("kpi_tree.layer1", &config.kpi_tree.layer1),
        ("kpi_tree.layer2", &config.kpi_tree.layer2),
        ("kpi_tree.layer3", &config.kpi_tree.layer3),
    ] {
        if let Some(list) = metrics_of_layer {
            rows.push([
                layer.to_string(),
                list.join(", "),
                from_file.clone(),
                labels::text(lang, "assumptions.metrics_of_the_kpi_tree_layer").to_string(),
            ]);
        }
    }
    rows
}

/// What the settings led to (the period used, the model, the ROI basis, the LTV method, ARPA),
/// from `row`; returns the last row written.
fn in_effect(
    s: &mut SheetWriter,
    context: &ReportContext,
    styles: &Styles,
    row: u32,
) -> XResult<u32> {
    let lang = context.config.lang;
    let metrics = context.metrics;
    s.heading(
        row,
        0,
        labels::text(lang, "assumptions.in_effect"),
        &styles.subtitle,
    )?;
    s.text_with(
        row + 1,
        0,
        labels::text(lang, "assumptions.period_used"),
        &styles.label,
    )?;
    if let Some(period) = metrics.period {
        s.date(row + 1, 1, Some(period.start))?;
        s.date(row + 1, 2, Some(period.end))?;
    }
    s.text_with(
        row + 2,
        0,
        labels::text(lang, "assumptions.model"),
        &styles.label,
    )?;
    s.text(row + 2, 1, &labels::model(lang, &metrics.model))?;
    s.text_with(
        row + 3,
        0,
        labels::text(lang, "common.roi_basis"),
        &styles.label,
    )?;
    s.text(row + 3, 1, &labels::roi_basis(lang, metrics.gross_margin))?;
    s.text_with(
        row + 4,
        0,
        labels::text(lang, "assumptions.ltv_method"),
        &styles.label,
    )?;
    s.text(row + 4, 1, metrics.figures.ltv.method.as_str())?;
    s.text_with(row + 5, 0, "ARPA", &styles.label)?;
    s.figure(row + 5, 1, metrics.figures.ltv.arpa, Kind::Money)?;
    Ok(row + 5)
}

/// The rows of the input's settings sheet, each with where it was read, from `row`.
fn settings_sheet(
    s: &mut SheetWriter,
    context: &ReportContext,
    styles: &Styles,
    row: u32,
) -> XResult<()> {
    let lang = context.config.lang;
    s.heading(
        row,
        0,
        labels::text(lang, "assumptions.settings_sheet_of_the_input"),
        &styles.subtitle,
    )?;
    let mut row = row + 1;
    s.header_row(
        row,
        &[
            labels::text(lang, "assumptions.key"),
            labels::text(lang, "common.value"),
            labels::text(lang, "common.file"),
            labels::text(lang, "common.sheet"),
            labels::text(lang, "common.row"),
        ],
    )?;
    for setting in &context.dataset.settings {
        row += 1;
        s.text(row, 0, &setting.key)?;
        s.text(row, 1, &setting.value)?;
        s.text(row, 2, &setting.source.file)?;
        s.text(row, 3, &setting.source.sheet)?;
        s.number(row, 4, Some(f64::from(setting.source.row)), Kind::Count)?;
    }
    Ok(())
}
