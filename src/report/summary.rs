//! サマリー / Summary: the KGI against its target, the headline SNS figures beside the all-channel
//! ones, the period, model and ROI basis, data-quality counts and the input files with SHA-256.

use std::collections::BTreeMap;

use rust_xlsxwriter::{FormatAlign, Worksheet};

use super::a1::quoted_sheet;
use super::comparison::{self, HeadlineCells, Lay};
use super::formulas::Formulas;
use super::highlights;
use super::kpi::write_status;
use super::labels;
use super::style::{Kind, Styles};
use super::writer::{Figure, SheetWriter, XResult};
use super::{context::ReportContext, names::SheetNames};
use crate::attribution::{outside_window, OutsideWindow};
use crate::catalog::MetricKind;
use crate::catalog::LOWER_IS_BETTER;
use crate::issues::Severity;
use crate::lang::Lang;
use crate::metrics::{Figures, KpiStatus, LtvFigures};
use crate::model::TargetKind;
use crate::present::show;

/// The Summary sheet and where its headline figures stand, for the KPI tree to refer to:
/// metric id (`ltv`, `sns_roi` ...) -> absolute cell reference.
pub struct SummarySheet {
    pub sheet: Worksheet,
    pub cells: BTreeMap<String, String>,
    /// The same over the compared period, when the report compares.
    pub compared_cells: BTreeMap<String, String>,
}

/// The note on won deals left unattributed by a short attribution window (`OutsideWindow`): the
/// share, the window in force and the one that would cover them. On the Summary and in `check`.
pub fn outside_window_note(lang: Lang, outside: &OutsideWindow) -> String {
    labels::fill(
        lang,
        "summary.won_outside_window",
        &[
            ("won", &outside.won.to_string()),
            ("outside", &outside.outside.to_string()),
            ("share", &show(Some(outside.share()), MetricKind::Rate)),
            ("lookback", &outside.lookback_days.to_string()),
            ("covering", &outside.covering_lookback_days.to_string()),
        ],
    )
}

/// The channels of the period with no cost row while others have some (their cost is unknown,
/// SPEC section 10), or `None` when every channel has cost data.
fn channels_without_cost_note(lang: Lang, figures: &Figures) -> Option<String> {
    let names: Vec<String> = figures
        .channels
        .iter()
        .filter(|c| c.cost.is_none())
        .map(|c| labels::channel(lang, &c.channel))
        .collect();
    if names.is_empty() {
        return None;
    }
    let channels = names.join(labels::text(lang, "summary.list_separator"));
    Some(labels::fill(
        lang,
        "summary.channels_without_cost",
        &[("channels", &channels)],
    ))
}

/// Whether every reconciliation on the Checks sheet holds, and the formula that says so.
pub struct ChecksHeadline {
    pub all_hold: bool,
    pub formula: Option<String>,
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
    continued: &[(String, usize)],
    checks: &ChecksHeadline,
) -> XResult<SummarySheet> {
    let lang = context.config.lang;
    let metrics = context.metrics;
    let figures = &metrics.figures;
    let t = &figures.totals;
    let mut s = SheetWriter::new(&names.summary, styles, context.values_only)?;

    s.heading(
        0,
        0,
        labels::text(lang, "summary.marketing_kpi_report"),
        &styles.title,
    )?;
    // The highlights come first (SPEC section 10); their sentences read cells written below, so
    // their rows are kept and filled last. The rules do not depend on where the cells are.
    let reserve = highlights::SummaryCells {
        kgi: None,
        kgi_actual: String::new(),
        sns_revenue: Some(""),
        inputs: Some((0, 0)),
        headline: HeadlineCells {
            now: &BTreeMap::new(),
            then: &BTreeMap::new(),
        },
    };
    let highlight_count = highlights::sentences(context, names, &reserve).len() as u32;
    s.heading(
        2,
        0,
        labels::text(lang, "highlights.highlights"),
        &styles.subtitle,
    )?;
    let mut row = 3 + highlight_count + 1;
    let mut kgi_cells = None;
    let mut kgi_actual = String::new();
    s.text_with(row, 0, labels::text(lang, "summary.period"), &styles.label)?;
    match metrics.period {
        Some(period) => {
            s.date(row, 1, Some(period.start))?;
            s.date(row, 2, Some(period.end))?;
            if context.config.period.is_none() {
                s.text(row, 3, labels::text(lang, "summary.span_of_all_data"))?;
            } else if !crate::metrics::period_holds_data(context.dataset, period) {
                // SPEC section 7: an empty period is said, not written silently as zeros.
                s.overflow_text(row, 3, labels::text(lang, "summary.no_data_in_period"))?;
            }
        }
        None => s.text(row, 1, labels::text(lang, "summary.no_dated_rows"))?,
    }
    row += 1;
    s.text_with(
        row,
        0,
        labels::text(lang, "summary.attribution_model"),
        &styles.label,
    )?;
    s.overflow_text(row, 1, &labels::model(lang, &metrics.model))?;
    row += 1;
    s.text_with(
        row,
        0,
        labels::text(lang, "common.roi_basis"),
        &styles.label,
    )?;
    s.overflow_text(row, 1, &labels::roi_basis(lang, metrics.gross_margin))?;
    row += 1;
    s.text_with(
        row,
        0,
        labels::text(lang, "summary.currency"),
        &styles.label,
    )?;
    s.text(row, 1, &context.config.currency)?;
    // What the figures are compared with, or why with nothing (SPEC section 10).
    row += 1;
    s.heading(
        row,
        0,
        &comparison::note(lang, &metrics.comparison),
        &styles.note,
    )?;
    if t.cost.is_none() {
        row += 1;
        s.heading(
            row,
            0,
            labels::text(lang, "summary.no_cost_data"),
            &styles.note,
        )?;
    } else if let Some(note) = channels_without_cost_note(lang, figures) {
        row += 1;
        s.heading(row, 0, &note, &styles.note)?;
    }
    if let Some(outside) = outside_window(
        context.dataset,
        context.links,
        metrics.period,
        context.config.lookback_days,
    ) {
        row += 1;
        s.heading(row, 0, &outside_window_note(lang, &outside), &styles.note)?;
    }

    // KGI against target.
    row += 2;
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
    let compared_revenue =
        metrics
            .comparison
            .figures()
            .zip(formulas.compared())
            .map(|((_, then), _)| Figure {
                value: Some(then.totals.revenue),
                formula: super::channels::compared_total_cell(context, names, "revenue")
                    .and_then(|cell| formulas.reference(&cell)),
            });
    if compared_revenue.is_some() {
        header.extend(comparison::headers(lang, ""));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    // The status (column E) is a word; every other column but the metric's name a number.
    s.header_row_over_numbers(row, &header, |i| i > 0 && i != 4)?;
    let kgi_rows: Vec<_> = metrics
        .kpi
        .iter()
        .filter(|k| k.kind == TargetKind::Kgi && k.channel.is_none() && k.month.is_none())
        .collect();
    if kgi_rows.is_empty() {
        row += 1;
        kgi_actual = format!("C{}", row + 1);
        s.text(row, 0, &labels::metric(lang, "revenue"))?;
        s.figure(row, 2, t.revenue, Kind::Money)?;
        write_status(&mut s, row, 4, lang, KpiStatus::NoTarget)?;
    }
    for kgi in kgi_rows {
        row += 1;
        if kgi.metric == "revenue" {
            let cell = |col: &str| format!("{col}{}", row + 1);
            kgi_actual = cell("C");
            kgi_cells = Some((cell("B"), cell("C"), cell("D")));
        }
        let kind = Kind::of_metric(&kgi.metric);
        s.text(row, 0, &labels::metric(lang, &kgi.metric))?;
        s.number(row, 1, kgi.target, kind)?;
        // Revenue is the Channels sheet's total attributed revenue (every model hands out all of it).
        let actual = (kgi.metric == "revenue")
            .then(|| formulas.reference(&super::channels::total_cell(context, names, "revenue")?))
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
        let lower_is_better = LOWER_IS_BETTER.contains(&kgi.metric.as_str());
        let achievement = formulas.achievement(
            &format!("B{}", row + 1),
            &format!("C{}", row + 1),
            lower_is_better,
        );
        s.figure(
            row,
            3,
            Figure {
                value: kgi.achievement,
                formula: achievement,
            },
            Kind::Rate,
        )?;
        write_status(&mut s, row, 4, lang, kgi.status)?;
        if kgi.target_to_date.is_some() {
            // Actual ÷ (target × the share of the period elapsed, from the KPI tree sheet).
            let elapsed = format!("{}!{}", quoted_sheet(&names.kpi), super::kpi::ELAPSED_CELL);
            let pace = formulas.ratio(
                &format!("C{}", row + 1),
                &format!("(B{}*{elapsed})", row + 1),
            );
            let figure = Figure {
                value: kgi.pace,
                formula: pace,
            };
            s.figure(row, 5, figure, Kind::Rate)?;
        }
        if let Some(then) = compared_revenue.clone().filter(|_| kgi.metric == "revenue") {
            let now = (kgi.actual, format!("C{}", row + 1));
            comparison::write(
                &mut s,
                formulas,
                (row, 6),
                Lay::Across,
                kind,
                (now.0, &now.1),
                then,
            )?;
        }
    }

    // Headline figures: SNS beside all channels, and beside the compared period's when the
    // report compares.
    row += 2;
    s.heading(
        row,
        0,
        labels::text(lang, "summary.what_sns_earned"),
        &styles.subtitle,
    )?;
    row += 1;
    let then = context
        .metrics
        .comparison
        .figures()
        .zip(formulas.compared());
    let mut header = vec![
        labels::text(lang, "common.metric").to_string(),
        "SNS".to_string(),
        labels::text(lang, "summary.all_channels").to_string(),
    ];
    if then.is_some() {
        header.extend(comparison::headers(lang, "SNS"));
        header.extend(comparison::headers(
            lang,
            labels::text(lang, "summary.all_channels"),
        ));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    s.header_row_over_numbers(row, &header, |i| i > 0)?;
    let first = row + 1;
    let now = Headline {
        figures,
        first,
        columns: ("B", "C"),
    };
    let total = |metric: &str| super::channels::total_cell(context, names, metric);
    let compared_total =
        |metric: &str| super::channels::compared_total_cell(context, names, metric);
    let mut cells = BTreeMap::new();
    let mut compared_cells = BTreeMap::new();
    for (i, (metric, sns, all)) in now.rows().into_iter().enumerate() {
        row += 1;
        let kind = Kind::of_metric(metric);
        let all_kind = super::channels::total_kind(metric);
        s.text(row, 0, &labels::metric(lang, metric))?;
        let (sns_formula, all_formula) = now.formulas(formulas, metric, total);
        let absolute = |col: &str| format!("{}!${col}${}", quoted_sheet(&names.summary), row + 1);
        cells.insert(metric.to_string(), absolute("C"));
        if sns.is_some() {
            cells.insert(format!("sns_{metric}"), absolute("B"));
        }
        let has_sns = sns_formula.is_some() || sns.is_some();
        if has_sns {
            let sns = Figure {
                value: sns,
                formula: sns_formula,
            };
            s.figure(row, 1, sns, kind)?;
        } else {
            let dash = styles.note.clone().set_align(FormatAlign::Right);
            s.text_with(row, 1, "—", &dash)?;
        }
        let all_figure = Figure {
            value: all,
            formula: all_formula,
        };
        s.figure(row, 2, all_figure, all_kind)?;
        let Some(((_, compared), then_formulas)) = then else {
            continue;
        };
        let then = Headline {
            figures: compared,
            first,
            columns: ("D", "G"),
        };
        let (_, then_sns, then_all) = then.rows()[i];
        let (then_sns_formula, then_all_formula) =
            then.formulas(then_formulas, metric, compared_total);
        compared_cells.insert(metric.to_string(), absolute("G"));
        if has_sns {
            compared_cells.insert(format!("sns_{metric}"), absolute("D"));
            let figure = Figure {
                value: then_sns,
                formula: then_sns_formula,
            };
            let now = (sns, format!("B{}", row + 1));
            comparison::write(
                &mut s,
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
        let now = (all, format!("C{}", row + 1));
        comparison::write(
            &mut s,
            formulas,
            (row, 6),
            Lay::Across,
            all_kind,
            (now.0, &now.1),
            figure,
        )?;
    }
    row += 1;
    s.heading(
        row,
        0,
        &ltv_note(lang, &figures.ltv, metrics.gross_margin),
        &styles.note,
    )?;

    // Data quality.
    row += 2;
    s.heading(
        row,
        0,
        labels::text(lang, "common.data_quality"),
        &styles.subtitle,
    )?;
    // One line each, the count under the figures' column and the link beside it (apart from
    // the right-aligned count).
    for (label, severity) in [
        (labels::text(lang, "summary.errors"), Severity::Error),
        (labels::text(lang, "summary.warnings"), Severity::Warning),
    ] {
        row += 1;
        s.text_with(row, 0, label, &styles.label)?;
        let count = context.validated.count(severity) as u64;
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
        match &sheet.table {
            Some(table) => {
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
            None => s.text_with(row, 2, labels::text(lang, "summary.ignored"), &styles.note)?,
        }
    }

    let inputs = (row + 1 >= inputs_first).then_some((inputs_first, row + 1));

    // Input files.
    row += 2;
    s.heading(
        row,
        0,
        labels::text(lang, "summary.input_files"),
        &styles.subtitle,
    )?;
    row += 1;
    s.header_row(row, &[labels::text(lang, "common.file"), "SHA-256"])?;
    for file in context.files {
        row += 1;
        s.wrapped_text(row, 0, &file.name)?;
        s.overflow_text(row, 1, &file.sha256)?;
    }

    if !continued.is_empty() {
        row += 2;
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
    }
    let found = highlights::SummaryCells {
        kgi: kgi_cells,
        kgi_actual,
        sns_revenue: cells.get("sns_attributed_revenue").map(String::as_str),
        inputs,
        headline: HeadlineCells {
            now: &cells,
            then: &compared_cells,
        },
    };
    let sentences = highlights::sentences(context, names, &found);
    highlights::write(&mut s, 3, lang, formulas.enabled(), &sentences)?;
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

/// The headline table's figures of one period, in the columns of its SNS and all-channel
/// figures; one row per metric, the formulas referring to the rows by these positions.
struct Headline<'f> {
    figures: &'f Figures,
    /// The 0-based row of the first metric.
    first: u32,
    /// The columns of the SNS and the all-channel figures.
    columns: (&'static str, &'static str),
}

impl Headline<'_> {
    /// (metric, SNS figure, all-channel figure), in row order.
    fn rows(&self) -> [(&'static str, Option<f64>, Option<f64>); 12] {
        let (t, ltv) = (&self.figures.totals, &self.figures.ltv);
        [
            ("cost", t.sns_cost, t.cost),
            ("leads", Some(t.sns_leads as f64), Some(t.leads as f64)),
            (
                "attributed_won",
                Some(t.sns_attributed_won),
                Some(t.won as f64),
            ),
            (
                "attributed_revenue",
                Some(t.sns_attributed_revenue),
                Some(t.revenue),
            ),
            ("roi", t.sns_roi, t.roi),
            ("roas", t.sns_roas, t.roas),
            ("cpa", t.sns_cpa, t.cpa),
            ("cac", t.sns_cac, t.cac),
            ("arpa", None, ltv.arpa),
            ("ltv", None, ltv.ltv),
            ("ltv_cac", None, ltv.ltv_cac),
            ("payback_months", None, ltv.payback_months),
        ]
    }

    /// The cell of `metric`'s figure in column `col`.
    fn at(&self, metric: &str, col: &str) -> String {
        let offset = self
            .rows()
            .iter()
            .position(|(m, _, _)| *m == metric)
            .unwrap_or(0);
        format!("{col}{}", self.first as usize + offset + 1)
    }

    /// The formulas of `metric`'s SNS and all-channel figures; `total` is a metric's cell on the
    /// Channels sheet's total row of the same period.
    fn formulas(
        &self,
        formulas: &Formulas,
        metric: &str,
        total: impl Fn(&str) -> Option<String>,
    ) -> (Option<String>, Option<String>) {
        let (b, c) = self.columns;
        let at = |metric: &str, col: &str| self.at(metric, col);
        let sns = match metric {
            "cost" => formulas.sns_cost(),
            "leads" => formulas.sns_leads(),
            "attributed_won" => formulas.sns_attributed("credit"),
            "attributed_revenue" => formulas.sns_attributed("attributed_amount"),
            "roi" => formulas.roi(&at("attributed_revenue", b), &at("cost", b)),
            "roas" => formulas.cost_ratio(&at("attributed_revenue", b), &at("cost", b)),
            "cpa" => formulas.cost_ratio(&at("cost", b), &at("leads", b)),
            "cac" => formulas.cost_ratio(&at("cost", b), &at("attributed_won", b)),
            _ => None,
        };
        let all = match metric {
            "cost" | "leads" | "attributed_won" | "attributed_revenue" => {
                total(metric).and_then(|cell| formulas.reference(&cell))
            }
            "roi" => formulas.roi(&at("attributed_revenue", c), &at("cost", c)),
            "roas" => formulas.cost_ratio(&at("attributed_revenue", c), &at("cost", c)),
            "cpa" => formulas.cost_ratio(&at("cost", c), &at("leads", c)),
            "cac" => formulas.cost_ratio(&at("cost", c), &at("attributed_won", c)),
            "arpa" => formulas.arpa(),
            "ltv" => formulas.ltv(
                self.figures.ltv.method,
                &at("arpa", c),
                &at("attributed_revenue", c),
                &at("attributed_won", c),
            ),
            "ltv_cac" => formulas.ratio_of_ratios(&at("ltv", c), &at("cac", c)),
            _ => formulas.payback(&at("cac", c), &at("arpa", c)),
        };
        (sns, all)
    }
}

/// How LTV was worked out, in words.
fn ltv_note(lang: crate::lang::Lang, ltv: &LtvFigures, gross_margin: f64) -> String {
    use crate::config::LtvMethod;
    let margin = format!("{:.1}%", gross_margin * 100.0);
    match (ltv.method, lang) {
        (LtvMethod::Churn, crate::lang::Lang::Ja) => {
            format!("LTV = ARPA × 粗利率 ({margin}) ÷ 月次解約率 (方式: churn)")
        }
        (LtvMethod::Churn, crate::lang::Lang::En) => {
            format!("LTV = ARPA x gross margin ({margin}) / monthly churn (method: churn)")
        }
        (LtvMethod::Lifetime, crate::lang::Lang::Ja) => {
            format!("LTV = ARPA × 粗利率 ({margin}) × 継続月数 (方式: lifetime)")
        }
        (LtvMethod::Lifetime, crate::lang::Lang::En) => {
            format!("LTV = ARPA x gross margin ({margin}) x lifetime months (method: lifetime)")
        }
        (LtvMethod::Deal, crate::lang::Lang::Ja) => {
            format!("LTV = 平均受注額 × 粗利率 ({margin}) × 購入回数 (方式: deal)")
        }
        (LtvMethod::Deal, crate::lang::Lang::En) => {
            format!("LTV = average won amount x gross margin ({margin}) x purchases per customer (method: deal)")
        }
    }
}
