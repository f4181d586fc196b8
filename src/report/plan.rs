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
use crate::catalog::MetricId;
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
    let mut s = SheetWriter::new(&names.plan, styles, context.values_only)?;
    s.heading(
        0,
        0,
        labels::text(lang, "plan.reverse_plan_from_the_kgi"),
        &styles.title,
    )?;
    let note = match kgi.target {
        Some(_) => labels::text(lang, "plan.from_the_revenue_target_back_to"),
        None => labels::text(lang, "plan.the_targets_sheet_has_no_kgi"),
    };
    s.heading(1, 0, note, &styles.note)?;
    let total = |metric: MetricId| {
        super::channels::total_cell(context, names, metric)
            .expect("a metric of the Channels sheet (a mistake in the code, not in the data)")
    };
    rates(&mut s, context, names, styles, formulas)?;
    stages(&mut s, context, formulas, &total)?;
    s.finish()
}

/// The target and the rates the plan divides by, in column B: the period's average won amount,
/// win rate and opportunity rate (over the Channels sheet's totals) and the configured CV rate.
fn rates(
    s: &mut SheetWriter,
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<()> {
    let lang = context.config.lang;
    let kgi = &context.metrics.plan;
    let rates = &kgi.plan.rates;
    s.text_with(
        TARGET_ROW,
        0,
        labels::text(lang, "plan.revenue_target_kgi"),
        &styles.label,
    )?;
    s.number(TARGET_ROW, 1, kgi.target, Kind::Money)?;
    // Over the Channels sheet's totals; an operand with no column there (lost deals) is its own
    // count, in brackets.
    let over_totals = |metric: MetricId| {
        formulas.arithmetic(metric, |operand| {
            super::channels::total_cell(context, names, operand).or_else(|| {
                Formulas::inner(formulas.counted_total(operand)).map(|f| format!("({f})"))
            })
        })
    };
    let rows = [
        (
            AVERAGE_ROW,
            "average_won_amount",
            rates.average_won_amount,
            over_totals(MetricId::AverageWonAmount),
            Kind::Money,
        ),
        (
            WIN_RATE_ROW,
            "win_rate",
            rates.win_rate,
            over_totals(MetricId::WinRate),
            Kind::Rate,
        ),
        (
            OPPORTUNITY_RATE_ROW,
            "opportunity_rate",
            rates.opportunity_rate,
            over_totals(MetricId::OpportunityRate),
            Kind::Rate,
        ),
        (
            CV_RATE_ROW,
            "cv_rate",
            Some(rates.cv_rate),
            formulas.reference(CV_RATE),
            Kind::Rate,
        ),
    ];
    for (row, metric, value, formula, kind) in rows {
        s.text_with(row, 0, &labels::metric(lang, metric), &styles.label)?;
        s.figure(row, 1, Figure { value, formula }, kind)?;
    }
    Ok(())
}

/// The stages below `HEADER_ROW`: what each requires (the stage above divided by its rate), its
/// actual (the Channels sheet's total) and the gap.
fn stages(
    s: &mut SheetWriter,
    context: &ReportContext,
    formulas: &Formulas,
    total: &dyn Fn(MetricId) -> String,
) -> XResult<()> {
    let lang = context.config.lang;
    let kgi = &context.metrics.plan;
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
    let sessions = context
        .metrics
        .figures
        .totals
        .sessions
        .map(|_| MetricId::Sessions);
    let actual_columns = [
        Some(MetricId::Won),
        Some(MetricId::Opportunities),
        Some(MetricId::Leads),
        sessions,
    ];
    let b = |row: u32| format!("B{}", row + 1);
    for (i, &stage) in STAGES.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        let above = if i == 0 { b(TARGET_ROW) } else { b(row - 1) };
        s.text(row, 0, &labels::metric(lang, stage.as_str()))?;
        let required = Figure {
            value: kgi.required(stage),
            formula: formulas.ratio_of_ratios(&above, &b(divisors[i])),
        };
        s.figure(row, 1, required, Kind::Decimal)?;
        if let Some(col) = actual_columns[i] {
            let actual = Figure {
                value: kgi.plan.actual.get(stage),
                formula: formulas.reference(&total(col)),
            };
            s.figure(row, 2, actual, Kind::Count)?;
            let gap = Figure {
                value: kgi.gap(stage),
                formula: formulas.difference(&format!("B{}", row + 1), &format!("C{}", row + 1)),
            };
            s.figure(row, 3, gap, Kind::Decimal)?;
        }
    }
    Ok(())
}
