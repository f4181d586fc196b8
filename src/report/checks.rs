//! 検算 / Checks: reconciliations as live formulas that show TRUE / FALSE — rows read = accepted +
//! rejected + blank for every input sheet (accepted counted on the data sheets), every model's
//! attributed revenue and credits against the revenue and the won deals, the channel costs and leads
//! against the data sheets, the months against the period. The Summary shows whether all hold.

use rust_xlsxwriter::Worksheet;

use super::columns::{self, Columns};
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{Figure, SheetWriter, XResult};
use crate::cell::a1;
use crate::lang::Lang;
use crate::metrics::Totals;

/// The result of the Checks sheet: where its TRUE / FALSE cells are and whether all hold.
pub struct ChecksSheet {
    pub sheet: Worksheet,
    /// Ranges of the result cells, e.g. `H5:H12`, on the Checks sheet.
    pub result_ranges: Vec<String>,
    pub all_hold: bool,
}

/// The data sheet of a table and its columns.
fn data_sheet_of<'n>(names: &'n SheetNames, table: &str) -> Option<(&'n str, &'static Columns)> {
    let data = columns::of_table(table)?;
    Some((names.data_sheet(table), data.columns))
}

/// Row positions of other sheets' totals this sheet compares with.
pub struct Anchors {
    /// `'チャネル別'!D17`: total cost on the Channels sheet.
    pub channels_cost_total: String,
    /// `'チャネル別'!E17`: total leads on the Channels sheet.
    pub channels_leads_total: String,
    /// `'月次推移'!G5:G10`: revenue per month.
    pub monthly_revenue: String,
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
    anchors: &Anchors,
) -> XResult<ChecksSheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.checks, styles, context.values_only)?;
    s.heading(0, 0, labels::text(lang, "checks.checks"), &styles.title)?;
    s.heading(
        1,
        0,
        labels::text(lang, "checks.when_every_row_is_true_each"),
        &styles.note,
    )?;
    let mut checks = Checks {
        s,
        formulas,
        lang,
        all_hold: true,
        result_ranges: Vec::new(),
    };
    let last = checks.input_sheets(context, names, 3)?;
    let header_row = last + 2;
    checks.s.header_row(
        header_row,
        &[
            labels::text(lang, "checks.check"),
            labels::text(lang, "checks.left"),
            labels::text(lang, "checks.right"),
            labels::text(lang, "checks.equal"),
        ],
    )?;
    let last = checks.model_totals(context, header_row)?;
    let last = checks.channel_and_month_totals(context, anchors, last)?;
    let range = format!("{}:{}", a1(header_row + 1, 3), a1(last, 3));
    checks.result_ranges.push(range);
    Ok(ChecksSheet {
        sheet: checks.s.finish()?,
        result_ranges: checks.result_ranges,
        all_hold: checks.all_hold,
    })
}

/// The Checks sheet being written, and what its checks found so far.
struct Checks<'a> {
    s: SheetWriter<'a>,
    formulas: &'a Formulas,
    lang: Lang,
    all_hold: bool,
    /// Ranges of the result cells written so far.
    result_ranges: Vec<String>,
}

impl Checks<'_> {
    /// Rows of every input sheet: read = accepted + rejected + blank (+ merged), the accepted
    /// counted on the data sheet. The table's header is at `header_row`; returns its last row.
    fn input_sheets(
        &mut self,
        context: &ReportContext,
        names: &SheetNames,
        header_row: u32,
    ) -> XResult<u32> {
        let (lang, formulas) = (self.lang, self.formulas);
        let s = &mut self.s;
        s.header_row(
            header_row,
            &[
                labels::text(lang, "common.file"),
                labels::text(lang, "common.sheet"),
                labels::text(lang, "common.table"),
                labels::text(lang, "common.read"),
                labels::text(lang, "checks.accepted_data_sheet"),
                labels::text(lang, "common.rejected"),
                labels::text(lang, "common.blank"),
                labels::text(lang, "common.merged"),
                labels::text(lang, "checks.read_accepted_rejected_blank"),
            ],
        )?;
        let mut row = header_row;
        for sheet in context
            .validated
            .sheets
            .iter()
            .filter(|s| s.table.is_some())
        {
            let table = sheet.table.as_deref().unwrap_or_default();
            row += 1;
            s.text(row, 0, &sheet.file)?;
            s.text(row, 1, &sheet.sheet)?;
            s.text(row, 2, table)?;
            let c = sheet.counts;
            s.figure(row, 3, c.read, Kind::Count)?;
            let accepted_formula = data_sheet_of(names, table).and_then(|(data_sheet, columns)| {
                formulas.rows_from(data_sheet, columns, &sheet.file, &sheet.sheet)
            });
            s.figure(
                row,
                4,
                Figure {
                    value: Some(c.accepted as f64),
                    formula: accepted_formula,
                },
                Kind::Count,
            )?;
            s.figure(row, 5, c.rejected, Kind::Count)?;
            s.figure(row, 6, c.blank, Kind::Count)?;
            s.figure(row, 7, c.merged, Kind::Count)?;
            let cell = |col: u32| a1(row, col);
            let holds = c.reconciles();
            self.all_hold &= holds;
            let formula = formulas.reconciles(&cell(3), &cell(4), &cell(5), &cell(6), &cell(7));
            s.check(row, 8, holds, formula.as_deref())?;
        }
        if row > header_row {
            let range = format!("{}:{}", a1(header_row + 1, 8), a1(row, 8));
            self.result_ranges.push(range);
        }
        Ok(row)
    }

    /// Every model's attributed revenue against the revenue, and its credits against the won
    /// deals, from the row after `row`; returns the last row written.
    fn model_totals(&mut self, context: &ReportContext, mut row: u32) -> XResult<u32> {
        let (lang, formulas) = (self.lang, self.formulas);
        let totals = &context.metrics.figures.totals;
        let period = context.metrics.period;
        for model in &context.attribution.model_ids {
            let lines = context
                .attribution
                .lines(model)
                .iter()
                .filter(|l| period.is_none_or(|p| p.contains(l.closed_at)));
            let (credit, amount) = lines.fold((0.0, 0.0), |(c, a), l| (c + l.credit, a + l.amount));
            let model_name = labels::model(lang, model);
            row += 1;
            self.agree(
                row,
                &labels::fill(lang, "checks.model_revenue", &[("model", &model_name)]),
                Figure {
                    value: Some(amount),
                    formula: formulas.lineage_total("attributed_amount", model),
                },
                revenue(totals, formulas),
                Kind::Money,
                Formulas::equal,
            )?;
            row += 1;
            self.agree(
                row,
                &labels::fill(lang, "checks.model_credits", &[("model", &model_name)]),
                Figure {
                    value: Some(credit),
                    formula: formulas.lineage_total("credit", model),
                },
                Figure {
                    value: Some(totals.won as f64),
                    formula: formulas.won_total(),
                },
                Kind::Decimal,
                Formulas::equal,
            )?;
        }
        Ok(row)
    }

    /// The Channels sheet's cost and leads against the data sheets', and the months' revenue
    /// against the revenue, from the row after `row`; returns the last row written.
    fn channel_and_month_totals(
        &mut self,
        context: &ReportContext,
        anchors: &Anchors,
        row: u32,
    ) -> XResult<u32> {
        let (lang, formulas) = (self.lang, self.formulas);
        let metrics = context.metrics;
        let totals = &metrics.figures.totals;
        // Without cost data both sides are unknown (empty), and agree (even with no channel
        // rows); a channel without cost rows (unknown cost) adds nothing, as SUM skips its empty
        // cell.
        let channel_cost: Option<f64> = totals
            .cost
            .map(|_| metrics.figures.channels.iter().filter_map(|c| c.cost).sum());
        self.agree(
            row + 1,
            labels::text(lang, "checks.channel_costs_cost_of_the_period"),
            Figure {
                value: channel_cost,
                formula: formulas.reference(&anchors.channels_cost_total),
            },
            Figure {
                value: totals.cost,
                formula: formulas.cost_total(),
            },
            Kind::Money,
            Formulas::costs_equal,
        )?;
        let channel_leads: u64 = metrics.figures.channels.iter().map(|c| c.leads).sum();
        self.agree(
            row + 2,
            labels::text(lang, "checks.channel_leads_leads_of_the_period"),
            Figure {
                value: Some(channel_leads as f64),
                formula: formulas.reference(&anchors.channels_leads_total),
            },
            Figure {
                value: Some(totals.leads as f64),
                formula: formulas.leads_total(),
            },
            Kind::Count,
            Formulas::equal,
        )?;
        let monthly_revenue: f64 = metrics.monthly.iter().map(|m| m.revenue).sum();
        let monthly_formula = (!anchors.monthly_revenue.is_empty())
            .then(|| formulas.sum(&anchors.monthly_revenue))
            .flatten();
        self.agree(
            row + 3,
            labels::text(lang, "checks.monthly_revenue_revenue"),
            Figure {
                value: Some(monthly_revenue),
                formula: monthly_formula,
            },
            revenue(totals, formulas),
            Kind::Money,
            Formulas::equal,
        )?;
        Ok(row + 3)
    }

    /// One row of figures that must agree: equal up to rounding, or both unknown (cost without
    /// cost data); `equal` is the formula that says so.
    fn agree(
        &mut self,
        row: u32,
        what: &str,
        left: Figure,
        right: Figure,
        kind: Kind,
        equal: fn(&Formulas, &str, &str) -> Option<String>,
    ) -> XResult<()> {
        let s = &mut self.s;
        s.text(row, 0, what)?;
        let holds = match (left.value, right.value) {
            (Some(l), Some(r)) => (l - r).abs() <= 1e-9 * r.abs().max(1.0),
            (l, r) => l.is_none() && r.is_none(),
        };
        s.figure(row, 1, left, kind)?;
        s.figure(row, 2, right, kind)?;
        let formula = equal(self.formulas, &a1(row, 1), &a1(row, 2));
        s.check(row, 3, holds, formula.as_deref())?;
        self.all_hold &= holds;
        Ok(())
    }
}

/// The period's revenue, as the checks compare it.
fn revenue(totals: &Totals, formulas: &Formulas) -> Figure {
    Figure {
        value: Some(totals.revenue),
        formula: formulas.revenue(),
    }
}
