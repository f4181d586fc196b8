//! サマリー / Summary: the KGI against its target, the headline SNS figures beside the all-channel
//! ones, the period, model and ROI basis, data-quality counts and the input files with SHA-256.
//! What it shows is the report model's (`model::ReportModel`); this file lays it out in cells, each
//! figure a live formula over the other sheets.

use std::collections::BTreeMap;

use rust_xlsxwriter::{FormatAlign, Worksheet};

use super::a1::quoted_sheet;
use super::comparison::{self, HeadlineCells, Lay};
use super::formulas::Formulas;
use super::highlights;
use super::kpi::write_status;
use super::labels;
use super::model::{HeadlineLine, KgiLine, PeriodRemark, ReportModel};
use super::style::{Kind, Styles};
use super::writer::{Figure, SheetWriter, XResult};
use super::{context::ReportContext, names::SheetNames};
use crate::catalog::MetricId;
use crate::config::LtvMethod;
use crate::lang::Lang;
use crate::metrics::KpiStatus;

/// The Summary sheet and where its headline figures stand, for the KPI tree to refer to:
/// metric id (`ltv`, `sns_roi` ...) -> absolute cell reference.
pub struct SummarySheet {
    pub sheet: Worksheet,
    pub cells: BTreeMap<MetricId, String>,
    /// The same over the compared period, when the report compares.
    pub compared_cells: BTreeMap<MetricId, String>,
}

/// Whether every reconciliation on the Checks sheet holds, and the formula that says so.
pub struct ChecksHeadline {
    pub all_hold: bool,
    pub formula: Option<String>,
}

pub fn sheet(
    context: &ReportContext,
    model: &ReportModel,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
    continued: &[(String, usize)],
    checks: &ChecksHeadline,
) -> XResult<SummarySheet> {
    let lang = model.lang;
    let mut s = SheetWriter::new(&names.summary, styles, context.values_only)?;
    s.heading(
        0,
        0,
        labels::text(lang, "summary.marketing_kpi_report"),
        &styles.title,
    )?;
    // The highlights come first (SPEC section 10); their sentences read cells written below, so
    // their rows are kept and filled last.
    s.heading(
        2,
        0,
        labels::text(lang, "highlights.highlights"),
        &styles.subtitle,
    )?;
    let mut row = 3 + model.highlights.len() as u32 + 1;
    row = settings(&mut s, context, model, row)?;
    let layout = Layout {
        context,
        model,
        names,
        formulas,
    };
    let (kgi, row) = layout.kgi(&mut s, row + 2)?;
    let (cells, compared_cells, row) = layout.headline(&mut s, row + 2)?;
    s.heading(row + 1, 0, &model.ltv_note, &styles.note)?;
    let (inputs, row) = data_quality(&mut s, context, model, names, checks, row + 3)?;
    let row = input_files(&mut s, context, row + 2)?;
    continued_tables(&mut s, lang, continued, row + 2)?;
    let found = highlights::SummaryCells {
        kgi: kgi.cells,
        kgi_actual: kgi.actual,
        inputs,
        headline: HeadlineCells {
            now: &cells,
            then: &compared_cells,
        },
    };
    highlights::write(
        &mut s,
        3,
        lang,
        formulas.enabled(),
        &model.highlights,
        |at| found.cell(context, names, at),
    )?;
    // The page a manager reads prints on one page (SPEC section 10).
    let mut sheet = s.finish()?;
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    Ok(SummarySheet {
        sheet,
        cells,
        compared_cells,
    })
}

/// The period, the model, the ROI basis, the currency and the notes, from `row` down; returns
/// the last row written.
fn settings(
    s: &mut SheetWriter,
    context: &ReportContext,
    model: &ReportModel,
    mut row: u32,
) -> XResult<u32> {
    let lang = model.lang;
    let styles = s.styles();
    s.text_with(row, 0, labels::text(lang, "summary.period"), &styles.label)?;
    match model.period {
        Some(period) => {
            s.date(row, 1, Some(period.start))?;
            s.date(row, 2, Some(period.end))?;
            match period.remark {
                Some(remark @ PeriodRemark::SpanOfAllData) => s.text(row, 3, remark.text(lang))?,
                // SPEC section 7: an empty period is said, not written silently as zeros.
                Some(remark) => s.overflow_text(row, 3, remark.text(lang))?,
                None => {}
            }
        }
        None => s.text(row, 1, labels::text(lang, "summary.no_dated_rows"))?,
    }
    for (label, value) in [
        (
            labels::text(lang, "summary.attribution_model"),
            model.model.as_str(),
        ),
        (
            labels::text(lang, "common.roi_basis"),
            model.roi_basis.as_str(),
        ),
    ] {
        row += 1;
        s.text_with(row, 0, label, &styles.label)?;
        s.overflow_text(row, 1, value)?;
    }
    row += 1;
    s.text_with(
        row,
        0,
        labels::text(lang, "summary.currency"),
        &styles.label,
    )?;
    s.text(row, 1, &context.config.currency)?;
    // What the figures are compared with, or why with nothing (SPEC section 10), and the others.
    for note in &model.notes {
        row += 1;
        s.heading(row, 0, note, &styles.note)?;
    }
    Ok(row)
}

/// What the Summary's sections need to write their figures as formulas over other sheets.
struct Layout<'a> {
    context: &'a ReportContext<'a>,
    model: &'a ReportModel<'a>,
    names: &'a SheetNames,
    formulas: &'a Formulas,
}

/// The revenue KGI's cells, for the highlights.
struct KgiCells {
    /// Target, actual and achievement, when revenue has a target row.
    cells: Option<(String, String, String)>,
    actual: String,
}

impl Layout<'_> {
    /// The KGI against its target, heading at `row`; returns its cells and the last row written.
    fn kgi(&self, s: &mut SheetWriter, mut row: u32) -> XResult<(KgiCells, u32)> {
        let lang = self.model.lang;
        let styles = s.styles();
        s.heading(
            row,
            0,
            labels::text(lang, "summary.kgi_target_and_actual"),
            &styles.subtitle,
        )?;
        row += 1;
        let mut header: Vec<String> = [
            labels::text(lang, "common.metric"),
            labels::text(lang, "common.target"),
            labels::text(lang, "common.actual"),
            labels::text(lang, "common.achievement"),
            labels::text(lang, "common.status"),
            labels::text(lang, "summary.pace_to_date"),
        ]
        .map(str::to_string)
        .into();
        // The revenue KGI beside the compared period's revenue (the Channels compared total).
        if self.model.compares {
            header.extend(comparison::headers(lang, ""));
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        // The status (column E) is a word; every other column but the metric's name a number.
        s.header_row_over_numbers(row, &header, |i| i > 0 && i != 4)?;
        let mut found = KgiCells {
            cells: None,
            actual: String::new(),
        };
        for kgi in &self.model.kgi {
            row += 1;
            let cell = |col: &str| format!("{col}{}", row + 1);
            if kgi.is_revenue() {
                found.actual = cell("C");
                if kgi.of_the_tree {
                    found.cells = Some((cell("B"), cell("C"), cell("D")));
                }
            }
            s.text(row, 0, &labels::metric(lang, &kgi.metric))?;
            if !kgi.of_the_tree {
                s.figure(row, 2, kgi.actual.unwrap_or(0.0), Kind::Money)?;
                write_status(s, row, 4, lang, KpiStatus::NoTarget)?;
                continue;
            }
            self.kgi_row(s, row, kgi)?;
        }
        Ok((found, row))
    }

    /// One KGI row with a target: target, actual, achievement, status, pace and the comparison.
    fn kgi_row(&self, s: &mut SheetWriter, row: u32, kgi: &KgiLine) -> XResult {
        let (lang, formulas) = (self.model.lang, self.formulas);
        let (context, names) = (self.context, self.names);
        let cell = |col: &str| format!("{col}{}", row + 1);
        let kind = Kind::of_metric(&kgi.metric);
        s.number(row, 1, kgi.target, kind)?;
        // Revenue is the Channels sheet's total attributed revenue (every model hands out all of it).
        let actual = kgi
            .is_revenue()
            .then(|| {
                formulas.reference(&super::channels::total_cell(
                    context,
                    names,
                    MetricId::Revenue,
                )?)
            })
            .flatten();
        s.figure(
            row,
            2,
            Figure {
                value: kgi.actual,
                formula: actual,
            },
            kind,
        )?;
        let lower_is_better = kgi.metric.lower_is_better();
        let achievement = formulas.achievement(&cell("B"), &cell("C"), lower_is_better);
        s.figure(
            row,
            3,
            Figure {
                value: kgi.achievement,
                formula: achievement,
            },
            Kind::Rate,
        )?;
        write_status(s, row, 4, lang, kgi.status)?;
        if let Some(pace) = kgi.pace {
            // Actual ÷ (target × the share of the period elapsed, from the KPI tree sheet).
            let elapsed = format!("{}!{}", quoted_sheet(&names.kpi), super::kpi::ELAPSED_CELL);
            let formula = formulas.ratio(&cell("C"), &format!("({}*{elapsed})", cell("B")));
            s.figure(
                row,
                5,
                Figure {
                    value: pace,
                    formula,
                },
                Kind::Rate,
            )?;
        }
        if let Some(then) = kgi.compared {
            let then = Figure {
                value: Some(then),
                formula: super::channels::compared_total_cell(context, names, MetricId::Revenue)
                    .and_then(|cell| formulas.reference(&cell)),
            };
            comparison::write(
                s,
                formulas,
                (row, 6),
                Lay::Across,
                kind,
                (kgi.actual, &cell("C")),
                then,
            )?;
        }
        Ok(())
    }

    /// The headline figures, SNS beside all channels (and beside the compared period's), heading
    /// at `row`; returns their cells by metric id, now and then, and the last row written.
    #[allow(clippy::type_complexity)]
    fn headline(
        &self,
        s: &mut SheetWriter,
        mut row: u32,
    ) -> XResult<(BTreeMap<MetricId, String>, BTreeMap<MetricId, String>, u32)> {
        let lang = self.model.lang;
        let styles = s.styles();
        s.heading(
            row,
            0,
            labels::text(lang, "summary.what_sns_earned"),
            &styles.subtitle,
        )?;
        row += 1;
        let mut header = vec![
            labels::text(lang, "common.metric").to_string(),
            "SNS".to_string(),
            labels::text(lang, "summary.all_channels").to_string(),
        ];
        if self.model.compares {
            header.extend(comparison::headers(lang, "SNS"));
            header.extend(comparison::headers(
                lang,
                labels::text(lang, "summary.all_channels"),
            ));
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        s.header_row_over_numbers(row, &header, |i| i > 0)?;
        let first = row + 1;
        let mut cells = BTreeMap::new();
        let mut compared_cells = BTreeMap::new();
        for line in &self.model.headline {
            row += 1;
            let absolute =
                |col: &str| format!("{}!${col}${}", quoted_sheet(&self.names.summary), row + 1);
            let sns_form = line.metric.sns_form().filter(|_| line.has_sns);
            cells.insert(line.metric, absolute("C"));
            if let Some(sns) = sns_form {
                cells.insert(sns, absolute("B"));
            }
            let has_sns = self.headline_row(s, row, first, line)?;
            if line.compared.is_some() {
                compared_cells.insert(line.metric, absolute("G"));
                if let Some(sns) = sns_form.filter(|_| has_sns) {
                    compared_cells.insert(sns, absolute("D"));
                }
            }
        }
        Ok((cells, compared_cells, row))
    }

    /// One headline row; returns whether it shows an SNS figure.
    fn headline_row(
        &self,
        s: &mut SheetWriter,
        row: u32,
        first: u32,
        line: &HeadlineLine,
    ) -> XResult<bool> {
        let (context, names, formulas) = (self.context, self.names, self.formulas);
        let metric = line.metric;
        let (kind, all_kind) = (line.kind(), line.all_kind());
        s.text(row, 0, &labels::metric(self.model.lang, metric.as_str()))?;
        let now = Headline {
            lines: &self.model.headline,
            method: context.metrics.figures.ltv.method,
            first,
            columns: ("B", "C"),
        };
        let total = |metric: MetricId| super::channels::total_cell(context, names, metric);
        let (sns_formula, all_formula) = now.formulas(formulas, metric, total);
        let has_sns = sns_formula.is_some() || line.sns.is_some();
        if has_sns {
            let sns = Figure {
                value: line.sns,
                formula: sns_formula,
            };
            s.figure(row, 1, sns, kind)?;
        } else {
            let dash = s.styles().note.clone().set_align(FormatAlign::Right);
            s.text_with(row, 1, "—", &dash)?;
        }
        let all_figure = Figure {
            value: line.all,
            formula: all_formula,
        };
        s.figure(row, 2, all_figure, all_kind)?;
        let (Some((then_sns, then_all)), Some(then_formulas)) =
            (line.compared, formulas.compared())
        else {
            return Ok(has_sns);
        };
        let then = Headline {
            lines: &self.model.headline,
            method: context
                .metrics
                .comparison
                .figures()
                .map_or(now.method, |(_, f)| f.ltv.method),
            first,
            columns: ("D", "G"),
        };
        let compared_total =
            |metric: MetricId| super::channels::compared_total_cell(context, names, metric);
        let (then_sns_formula, then_all_formula) =
            then.formulas(then_formulas, metric, compared_total);
        if has_sns {
            let figure = Figure {
                value: then_sns,
                formula: then_sns_formula,
            };
            let now = (line.sns, format!("B{}", row + 1));
            comparison::write(
                s,
                formulas,
                (row, 3),
                Lay::Across,
                kind,
                (now.0, &now.1),
                figure,
            )?;
        }
        let figure = Figure {
            value: then_all,
            formula: then_all_formula,
        };
        let now = (line.all, format!("C{}", row + 1));
        comparison::write(
            s,
            formulas,
            (row, 6),
            Lay::Across,
            all_kind,
            (now.0, &now.1),
            figure,
        )?;
        Ok(has_sns)
    }
}

/// Errors, warnings, whether the Checks hold, and the input sheets with their row counts, heading
/// at `row`; returns the input list's first and last rows (1-based) and the last row written.
fn data_quality(
    s: &mut SheetWriter,
    context: &ReportContext,
    model: &ReportModel,
    names: &SheetNames,
    checks: &ChecksHeadline,
    mut row: u32,
) -> XResult<(Option<(u32, u32)>, u32)> {
    let lang = context.config.lang;
    let styles = s.styles();
    s.heading(
        row,
        0,
        labels::text(lang, "common.data_quality"),
        &styles.subtitle,
    )?;
    // One line each, the count under the figures' column and the link beside it (apart from
    // the right-aligned count).
    for (label, count) in [
        (labels::text(lang, "summary.errors"), model.quality.errors),
        (
            labels::text(lang, "summary.warnings"),
            model.quality.warnings,
        ),
    ] {
        row += 1;
        s.text_with(row, 0, label, &styles.label)?;
        s.figure(row, 1, count, Kind::Count)?;
    }
    s.internal_link_aside(
        row,
        2,
        &names.quality,
        "A1",
        labels::text(lang, "summary.see_the_list"),
    )?;
    row += 1;
    s.text_with(
        row,
        0,
        labels::text(lang, "summary.checks_all_true"),
        &styles.label,
    )?;
    s.check(row, 1, checks.all_hold, checks.formula.as_deref())?;
    s.internal_link_aside(
        row,
        2,
        &names.checks,
        "A1",
        labels::text(lang, "summary.see_the_checks"),
    )?;
    row += 1;
    s.header_row_over_numbers(
        row,
        &[
            labels::text(lang, "common.file"),
            labels::text(lang, "common.sheet"),
            labels::text(lang, "common.table"),
            labels::text(lang, "summary.header_row"),
            labels::text(lang, "common.read"),
            labels::text(lang, "summary.accepted"),
            labels::text(lang, "common.rejected"),
            labels::text(lang, "common.blank"),
            labels::text(lang, "common.merged"),
        ],
        |i| i >= 3,
    )?;
    let inputs_first = row + 2;
    for sheet in &context.validated.sheets {
        row += 1;
        // File names wrap in the figures' column instead of widening it (SPEC section 10).
        s.wrapped_text(row, 0, &sheet.file)?;
        s.text(row, 1, &sheet.sheet)?;
        let Some(table) = &sheet.table else {
            s.text_with(row, 2, labels::text(lang, "summary.ignored"), &styles.note)?;
            continue;
        };
        // The export profile that read the sheet, if one did (SPEC section 9).
        match &sheet.profile {
            Some(profile) => s.text(row, 2, &format!("{table} ({profile})"))?,
            None => s.text(row, 2, table)?,
        }
        s.number(row, 3, Some(f64::from(sheet.header_row)), Kind::Count)?;
        let c = sheet.counts;
        for (i, n) in [c.read, c.accepted, c.rejected, c.blank, c.merged]
            .into_iter()
            .enumerate()
        {
            s.figure(row, 4 + i as u16, n, Kind::Count)?;
        }
    }
    let inputs = (row + 1 >= inputs_first).then_some((inputs_first, row + 1));
    Ok((inputs, row))
}

/// The input files with their SHA-256, heading at `row`; returns the last row written.
fn input_files(s: &mut SheetWriter, context: &ReportContext, mut row: u32) -> XResult<u32> {
    let lang = context.config.lang;
    let subtitle = &s.styles().subtitle;
    s.heading(row, 0, labels::text(lang, "summary.input_files"), subtitle)?;
    row += 1;
    s.header_row(row, &[labels::text(lang, "common.file"), "SHA-256"])?;
    for file in context.files {
        row += 1;
        s.wrapped_text(row, 0, &file.name)?;
        s.overflow_text(row, 1, &file.sha256)?;
    }
    Ok(row)
}

/// The tables that continue on more sheets, heading at `row`, when there are any.
fn continued_tables(
    s: &mut SheetWriter,
    lang: Lang,
    continued: &[(String, usize)],
    mut row: u32,
) -> XResult {
    if continued.is_empty() {
        return Ok(());
    }
    let styles = s.styles();
    s.heading(
        row,
        0,
        labels::text(lang, "summary.tables_continued_on_more_sheets"),
        &styles.subtitle,
    )?;
    for (name, count) in continued {
        row += 1;
        let text = labels::fill(
            lang,
            "summary.continued",
            &[("name", name), ("count", &count.to_string())],
        );
        s.heading(row, 0, &text, &styles.text)?;
    }
    Ok(())
}

/// The headline table's figures of one period, in the columns of its SNS and all-channel
/// figures; one row per metric, the formulas referring to the rows by these positions.
struct Headline<'m> {
    /// The metrics of the rows, in order.
    lines: &'m [HeadlineLine],
    /// How LTV is worked out in this period's figures.
    method: LtvMethod,
    /// The 0-based row of the first metric.
    first: u32,
    /// The columns of the SNS and the all-channel figures.
    columns: (&'static str, &'static str),
}

impl Headline<'_> {
    /// The cell of `metric`'s figure in column `col`; `None` for a metric with no headline row.
    fn at(&self, metric: MetricId, col: &str) -> Option<String> {
        let offset = self.lines.iter().position(|line| line.metric == metric)?;
        Some(format!("{col}{}", self.first as usize + offset + 1))
    }

    /// The formulas of `metric`'s SNS and all-channel figures; `total` is a metric's cell on the
    /// Channels sheet's total row of the same period. A figure made from others is its catalogue
    /// formula over their rows here (an SNS figure over the SNS column's).
    fn formulas(
        &self,
        formulas: &Formulas,
        metric: MetricId,
        total: impl Fn(MetricId) -> Option<String>,
    ) -> (Option<String>, Option<String>) {
        let (b, c) = self.columns;
        let sns = metric
            .sns_form()
            .and_then(|sns| match sns.entry().is_counted() {
                true => formulas.counted_total(sns),
                // An SNS operand (`sns_cost`) is in the SNS column of its base metric's row (`cost`).
                false => formulas.arithmetic(sns, |operand| {
                    let base = self
                        .lines
                        .iter()
                        .find(|l| l.metric.sns_form() == Some(operand))?;
                    self.at(base.metric, b)
                }),
            });
        let all = || match metric {
            _ if metric.entry().is_counted() => {
                total(metric).and_then(|cell| formulas.reference(&cell))
            }
            MetricId::Arpa => formulas.arpa(),
            MetricId::Ltv => formulas.ltv(
                self.method,
                &self.at(MetricId::Arpa, c)?,
                &self.at(MetricId::AttributedRevenue, c)?,
                &self.at(MetricId::AttributedWon, c)?,
            ),
            _ => formulas.arithmetic(metric, |operand| self.at(operand, c)),
        };
        (sns, all())
    }
}
