//! 逆算計画 / Plan: from the KGI revenue target back to the won deals, opportunities, leads and
//! sessions needed at the period's rates, beside the actual figures and the gap. The target is an
//! input cell: change it and the plan recalculates.

use rust_xlsxwriter::Worksheet;

use super::a1::CV_RATE;
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{Figure, SheetWriter, XResult};
use crate::metrics::plan::STAGES;

/// Rows (0-based) of the inputs and rates in column B.
const TARGET_ROW: u32 = 3;
const AVERAGE_ROW: u32 = 4;
const WIN_RATE_ROW: u32 = 5;
const OPPORTUNITY_RATE_ROW: u32 = 6;
const CV_RATE_ROW: u32 = 7;
const HEADER_ROW: u32 = 9;

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let kgi = &context.metrics.plan;
    let (target, plan) = (kgi.target, &kgi.plan);
    let mut s = SheetWriter::new(&names.plan, styles, context.values_only)?;
    s.heading(
        0,
        0,
        labels::text(lang, "plan.reverse_plan_from_the_kgi"),
        &styles.title,
    )?;
    let note = match target {
        Some(_) => labels::text(lang, "plan.from_the_revenue_target_back_to"),
        None => labels::text(lang, "plan.the_targets_sheet_has_no_kgi"),
    };
    s.heading(1, 0, note, &styles.note)?;

    let total = |metric: &str| {
        super::channels::total_cell(context, names, metric)
            .expect("a metric of the Channels sheet (a mistake in the code, not in the data)")
    };
    let b = |row: u32| format!("B{}", row + 1);

    s.text_with(
        TARGET_ROW,
        0,
        labels::text(lang, "plan.revenue_target_kgi"),
        &styles.label,
    )?;
    s.number(TARGET_ROW, 1, target, Kind::Money)?;
    s.text_with(
        AVERAGE_ROW,
        0,
        &labels::metric(lang, "average_won_amount"),
        &styles.label,
    )?;
    let average = formulas.ratio(&total("attributed_revenue"), &total("won"));
    s.figure(
        AVERAGE_ROW,
        1,
        Figure {
            value: plan.rates.average_won_amount,
            formula: average,
        },
        Kind::Money,
    )?;
    s.text_with(
        WIN_RATE_ROW,
        0,
        &labels::metric(lang, "win_rate"),
        &styles.label,
    )?;
    let lost = Formulas::inner(formulas.lost_total()).map(|l| format!("({l})"));
    let win_rate = lost.and_then(|lost| formulas.win_rate(&total("won"), &lost));
    s.figure(
        WIN_RATE_ROW,
        1,
        Figure {
            value: plan.rates.win_rate,
            formula: win_rate,
        },
        Kind::Rate,
    )?;
    s.text_with(
        OPPORTUNITY_RATE_ROW,
        0,
        &labels::metric(lang, "opportunity_rate"),
        &styles.label,
    )?;
    let opportunity_rate = formulas.ratio(&total("opportunities"), &total("leads"));
    s.figure(
        OPPORTUNITY_RATE_ROW,
        1,
        Figure {
            value: plan.rates.opportunity_rate,
            formula: opportunity_rate,
        },
        Kind::Rate,
    )?;
    s.text_with(
        CV_RATE_ROW,
        0,
        &labels::metric(lang, "cv_rate"),
        &styles.label,
    )?;
    let cv_rate = formulas.reference(CV_RATE);
    s.figure(
        CV_RATE_ROW,
        1,
        Figure {
            value: Some(plan.rates.cv_rate),
            formula: cv_rate,
        },
        Kind::Rate,
    )?;

    s.header_row(
        HEADER_ROW,
        &[
            labels::text(lang, "common.stage"),
            labels::text(lang, "plan.required"),
            labels::text(lang, "common.actual"),
            labels::text(lang, "plan.gap_required_actual"),
        ],
    )?;
    // Each stage divides the one above it by its rate: won = target / average amount, then
    // opportunities = won / win rate, leads = opportunities / opportunity rate, sessions = leads / CV rate.
    let divisors = [AVERAGE_ROW, WIN_RATE_ROW, OPPORTUNITY_RATE_ROW, CV_RATE_ROW];
    // Sessions have an actual (the Channels sheet's total) only when web analytics was read.
    let sessions = context.metrics.figures.totals.sessions.map(|_| "sessions");
    let actual_columns = [Some("won"), Some("opportunities"), Some("leads"), sessions];
    for (i, stage) in STAGES.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        let above = if i == 0 { b(TARGET_ROW) } else { b(row - 1) };
        s.text(row, 0, &labels::metric(lang, stage))?;
        let required = kgi.required(stage);
        let formula = formulas.ratio_of_ratios(&above, &b(divisors[i]));
        s.figure(
            row,
            1,
            Figure {
                value: required,
                formula,
            },
            Kind::Decimal,
        )?;
        if let Some(col) = actual_columns[i] {
            let actual = Figure {
                value: plan.actual.get(stage),
                formula: formulas.reference(&total(col)),
            };
            s.figure(row, 2, actual, Kind::Count)?;
            let gap = kgi.gap(stage);
            let formula = formulas.difference(&format!("B{}", row + 1), &format!("C{}", row + 1));
            s.figure(
                row,
                3,
                Figure {
                    value: gap,
                    formula,
                },
                Kind::Decimal,
            )?;
        }
    }
    s.finish()
}
