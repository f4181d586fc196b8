//! KPI階層 / KPI tree: the three layers (tied to the KGI; lead generation and nurturing; per
//! platform) with target, actual, achievement and a status colour. Lower-is-better metrics (cpa,
//! cost_per_mql, cac, payback_months) achieve target / actual.

use std::collections::BTreeMap;

use rust_xlsxwriter::{ConditionalFormatFormula, Worksheet};

use super::a1::{quoted_sheet, text_literal};
use super::a1::{PERIOD_END, PERIOD_START};
use super::comparison::{self, HeadlineCells, Lay};
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::monthly;
use super::names::SheetNames;
use super::style::{Kind, Styles, Tone};
use super::writer::{Figure, SheetWriter, XResult};
use crate::catalog::{MetricId, MetricKind, MetricName};
use crate::config::EngagementBasis;
use crate::lang::Lang;
use crate::metrics::kpi_tree::{AT_RISK, ON_TRACK};
use crate::metrics::pacing::Pacing;
use crate::metrics::KpiRow;
use crate::metrics::KpiStatus;
use crate::model::{ProRated, TargetKind};
use crate::present;

const HEADER_ROW: u32 = 3;
/// The as-of date and the share of the period elapsed, above the tree.
const AS_OF_ROW: u32 = 2;
const AS_OF_CELL: &str = "$B$3";
pub(super) const ELAPSED_CELL: &str = "$E$3";

/// A status cell: the status in words, in its colour.
pub fn write_status(
    s: &mut SheetWriter,
    row: u32,
    col: u16,
    lang: Lang,
    status: KpiStatus,
) -> XResult {
    let format = s.styles().tone(Tone::of_status(status));
    s.text_with(row, col, labels::status(lang, status), format)
}

/// The status words in the order `Formulas::status` takes them.
fn status_words(lang: Lang) -> [&'static str; 5] {
    [
        KpiStatus::NoTarget,
        KpiStatus::NoActual,
        KpiStatus::OnTrack,
        KpiStatus::AtRisk,
        KpiStatus::OffTrack,
    ]
    .map(|status| labels::status(lang, status))
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
    summary_cells: HeadlineCells,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.kpi, styles, context.values_only)?;
    s.heading(
        0,
        0,
        labels::text(lang, "kpi.kpi_tree_kgi_kpi_platform"),
        &styles.title,
    )?;
    let legend = labels::fill(
        lang,
        "kpi.legend",
        &[
            ("on_track", &format!("{:.0}%", ON_TRACK * 100.0)),
            ("at_risk", &format!("{:.0}%", AT_RISK * 100.0)),
        ],
    );
    s.heading(1, 0, &legend, &styles.note)?;
    let pacing = context.metrics.pacing.as_ref();
    if let Some(pacing) = pacing {
        as_of(&mut s, lang, formulas, pacing)?;
    }
    let headers = headers(context);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    s.header_row(HEADER_ROW, &headers)?;
    let tree = Tree {
        context,
        names,
        now: Sources {
            formulas,
            summary_cells: summary_cells.now,
            compared: false,
        },
        then: formulas.compared().map(|formulas| Sources {
            formulas,
            summary_cells: summary_cells.then,
            compared: true,
        }),
    };
    let tree_end = tree.outline(&mut s, styles)?;
    s.table(HEADER_ROW, tree_end, headers.len())?;
    if tree_end > HEADER_ROW && formulas.enabled() {
        status_colours(&mut s, styles, tree_end)?;
    }
    if let Some(pacing) = pacing.filter(|p| !p.months.is_empty()) {
        monthly_pace(&mut s, context, names, formulas, pacing, tree_end + 2)?;
    }
    s.finish()
}

/// The as-of date and the share of the period elapsed, above the tree.
fn as_of(s: &mut SheetWriter, lang: Lang, formulas: &Formulas, pacing: &Pacing) -> XResult<()> {
    s.text(
        AS_OF_ROW,
        0,
        labels::text(lang, "kpi.as_of_latest_data_in_period"),
    )?;
    s.date(AS_OF_ROW, 1, Some(pacing.as_of))?;
    s.text(AS_OF_ROW, 3, labels::text(lang, "kpi.period_elapsed"))?;
    let elapsed = Figure {
        value: Some(pacing.elapsed),
        formula: formulas.elapsed_share(AS_OF_CELL),
    };
    s.figure(AS_OF_ROW, 4, elapsed, Kind::Rate)
}

/// The tree's headers; the compared period's columns when the report compares.
fn headers(context: &ReportContext) -> Vec<String> {
    let lang = context.config.lang;
    let mut headers: Vec<String> = [
        labels::text(lang, "kpi.layer"),
        labels::text(lang, "common.metric"),
        labels::text(lang, "kpi.metric_id"),
        labels::text(lang, "common.channel"),
        labels::text(lang, "common.month"),
        labels::text(lang, "kpi.kind"),
        labels::text(lang, "common.target"),
        labels::text(lang, "common.actual"),
        labels::text(lang, "common.achievement"),
        labels::text(lang, "common.status"),
        labels::text(lang, "kpi.target_to_date"),
        labels::text(lang, "kpi.pace"),
    ]
    .map(str::to_string)
    .into();
    if context.metrics.comparison.period().is_some() {
        headers.extend(comparison::headers(lang, ""));
    }
    headers
}

/// The status column's colours as conditional formats down to `tree_end`: after a
/// recalculation the colours follow the achievement, not the cached status.
fn status_colours(s: &mut SheetWriter, styles: &Styles, tree_end: u32) -> XResult<()> {
    let first = HEADER_ROW + 2;
    let rules = [
        (
            format!("=AND(ISNUMBER($I{first}),$I{first}>={ON_TRACK})"),
            Tone::Good,
        ),
        (
            format!("=AND(ISNUMBER($I{first}),$I{first}>={AT_RISK},$I{first}<{ON_TRACK})"),
            Tone::Warn,
        ),
        (
            format!("=AND(ISNUMBER($I{first}),$I{first}<{AT_RISK})"),
            Tone::Bad,
        ),
        // Not on the layer headings, which hold no status.
        (
            format!("=AND(NOT(ISNUMBER($I{first})),$J{first}<>\"\")"),
            Tone::Neutral,
        ),
    ];
    for (rule, tone) in rules {
        let conditional = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(styles.tone(tone));
        s.sheet_mut()
            .add_conditional_format(HEADER_ROW + 1, 9, tree_end, 9, &conditional)?;
    }
    Ok(())
}

/// What writing one row of the tree needs.
struct Tree<'a> {
    context: &'a ReportContext<'a>,
    names: &'a SheetNames,
    /// Where the report period's figures are found, and the compared period's when the report
    /// compares.
    now: Sources<'a>,
    then: Option<Sources<'a>>,
}

/// Where a KPI row's actual is found: the formulas of one period and the Summary's cells of it;
/// the compared period's channel figures are formulas of their own (the Channels sheet has a row
/// per channel for the report period only).
struct Sources<'a> {
    formulas: &'a Formulas,
    summary_cells: &'a BTreeMap<MetricId, String>,
    compared: bool,
}

impl Tree<'_> {
    /// The tree as an outline (SPEC section 10) below `HEADER_ROW`: the KGI on top; beneath it
    /// each layer under its heading, a collapsible group; in layer 3 each metric's platform rows
    /// grouped under it. Returns the last row written.
    fn outline(&self, s: &mut SheetWriter, styles: &Styles) -> XResult<u32> {
        let lang = self.context.config.lang;
        let kpi = &self.context.metrics.kpi;
        let is_kgi = |k: &&KpiRow| k.kind == TargetKind::Kgi;
        let mut row = HEADER_ROW;
        for kpi in kpi.iter().filter(is_kgi) {
            row += 1;
            self.row(s, row, kpi)?;
        }
        let layers_first = row + 1;
        for layer in 1..=3u8 {
            let rows: Vec<&KpiRow> = kpi
                .iter()
                .filter(|k| k.layer == layer && !is_kgi(k))
                .collect();
            if rows.is_empty() {
                continue;
            }
            row += 1;
            s.text_with(row, 0, &labels::layer(lang, layer), &styles.label)?;
            let group_first = row + 1;
            row = match layer {
                3 => self.platform_groups(s, styles, &rows, row)?,
                _ => {
                    for kpi in rows {
                        row += 1;
                        self.row(s, row, kpi)?;
                    }
                    row
                }
            };
            s.sheet_mut().group_rows(group_first, row)?;
        }
        if row >= layers_first {
            s.sheet_mut().group_rows(layers_first, row)?;
            s.sheet_mut().group_symbols_above(true);
        }
        Ok(row)
    }

    /// Layer 3's rows below `row`: each metric's heading, and its platform rows grouped under
    /// it. Returns the last row written.
    fn platform_groups(
        &self,
        s: &mut SheetWriter,
        styles: &Styles,
        rows: &[&KpiRow],
        mut row: u32,
    ) -> XResult<u32> {
        let lang = self.context.config.lang;
        let mut metrics: Vec<&MetricName> = Vec::new();
        for kpi in rows {
            if !metrics.contains(&&kpi.metric) {
                metrics.push(&kpi.metric);
            }
        }
        for metric in metrics {
            row += 1;
            s.text_with(
                row,
                1,
                &labels::metric(lang, metric.as_str()),
                &styles.label,
            )?;
            let metric_first = row + 1;
            for kpi in rows.iter().filter(|k| k.metric == *metric) {
                row += 1;
                self.row(s, row, kpi)?;
            }
            s.sheet_mut().group_rows(metric_first, row)?;
        }
        Ok(row)
    }

    /// One KPI row: layer, metric, channel, month, kind, target, actual, achievement, status, and
    /// the target to date with the pace.
    fn row(&self, s: &mut SheetWriter, row: u32, kpi: &KpiRow) -> XResult {
        let (context, names, formulas) = (self.context, self.names, self.now.formulas);
        let lang = context.config.lang;
        let styles = s.styles();
        let metric_kind = kind_of(&kpi.metric);
        s.text(row, 0, &labels::layer(lang, kpi.layer))?;
        let mut name = labels::metric(lang, kpi.metric.as_str());
        if kpi.custom {
            name.push_str(labels::text(lang, "kpi.custom"));
        }
        s.text(row, 1, &name)?;
        s.text(row, 2, kpi.metric.as_str())?;
        match &kpi.channel {
            Some(channel) => s.text(row, 3, &labels::channel(lang, channel))?,
            None => s.text(row, 3, labels::text(lang, "kpi.all"))?,
        }
        if let Some(month) = kpi.month {
            s.month(row, 4, month)?;
        }
        s.text(
            row,
            5,
            if kpi.kind == TargetKind::Kgi {
                "KGI"
            } else {
                "KPI"
            },
        )?;
        match &kpi.pro_rated {
            // A target for a span, pro-rated to the period: its arithmetic as the cell's formula
            // (`=3000000*30/91`) and in words where the month would be.
            Some(pro_rated) => {
                let arithmetic: Vec<String> = pro_rated
                    .parts
                    .iter()
                    .map(|p| format!("{}*{}/{}", p.target, p.overlap_days, p.span_days))
                    .collect();
                let target = Figure {
                    value: kpi.target,
                    formula: formulas.make(arithmetic.join("+")),
                };
                s.figure(row, 6, target, metric_kind)?;
                s.text(row, 4, &pro_rated_note(lang, pro_rated))?;
            }
            None => s.number(row, 6, kpi.target, metric_kind)?,
        }
        let actual = actual_formula(context, names, &self.now, kpi);
        s.figure(
            row,
            7,
            Figure {
                value: kpi.actual,
                formula: actual,
            },
            metric_kind,
        )?;
        let cell = |col: &str| format!("{col}{}", row + 1);
        let lower_is_better = kpi.metric.lower_is_better();
        let achievement = formulas.achievement(&cell("G"), &cell("H"), lower_is_better);
        s.figure(
            row,
            8,
            Figure {
                value: kpi.achievement,
                formula: achievement,
            },
            Kind::Rate,
        )?;
        let words = status_words(lang);
        let status = formulas.status(&cell("G"), &cell("I"), words, ON_TRACK, AT_RISK);
        let format = styles.tone(Tone::of_status(kpi.status));
        s.text_figure(
            row,
            9,
            labels::status(lang, kpi.status),
            status.as_deref(),
            format,
        )?;
        if kpi.target_to_date.is_some() {
            let to_date = Figure {
                value: kpi.target_to_date,
                formula: formulas.pro_rated(&cell("G"), ELAPSED_CELL),
            };
            s.figure(row, 10, to_date, metric_kind)?;
            let pace = Figure {
                value: kpi.pace,
                formula: pace_formula(formulas, &kpi.metric, &cell("H"), &cell("K")),
            };
            s.figure(row, 11, pace, Kind::Rate)?;
        }
        // The same actual over the compared period and the change; a monthly target's row is
        // about its month alone.
        if let Some(then) = self.then.as_ref().filter(|_| kpi.month.is_none()) {
            let figure = Figure {
                value: context.metrics.comparison.kpi_actual(kpi),
                formula: actual_formula(context, names, then, kpi),
            };
            let now = (kpi.actual, cell("H"));
            let at = (row, 12);
            comparison::write(
                s,
                formulas,
                at,
                Lay::Across,
                metric_kind,
                (now.0, &now.1),
                figure,
            )?;
        }
        Ok(())
    }
}

/// The month-by-month pace of each whole-period target of a Monthly-sheet metric: the target
/// pro-rated to each month's end, the actual summed over the Monthly sheet's rows so far, their
/// ratio and its status.
fn monthly_pace(
    s: &mut SheetWriter,
    context: &ReportContext,
    names: &SheetNames,
    formulas: &Formulas,
    pacing: &Pacing,
    first_row: u32,
) -> XResult {
    let lang = context.config.lang;
    let styles = s.styles();
    s.heading(
        first_row,
        0,
        labels::text(lang, "kpi.monthly_pace_actual_to_date_target"),
        &styles.subtitle,
    )?;
    let header_row = first_row + 1;
    let headers = [
        labels::text(lang, "common.metric"),
        labels::text(lang, "kpi.metric_id"),
        labels::text(lang, "common.month"),
        labels::text(lang, "kpi.period_target"),
        labels::text(lang, "kpi.target_to_date_2"),
        labels::text(lang, "kpi.actual_to_date"),
        labels::text(lang, "kpi.pace"),
        labels::text(lang, "common.status"),
    ];
    s.header_row(header_row, &headers)?;
    let monthly_sheet = quoted_sheet(&names.monthly);
    let mut row = header_row;
    for pace in &pacing.months {
        row += 1;
        let kind = Kind::of_metric(&pace.metric);
        s.text(row, 0, &labels::metric(lang, &pace.metric))?;
        s.text(row, 1, pace.metric.as_str())?;
        s.month(row, 2, pace.month)?;
        s.number(row, 3, Some(pace.target), kind)?;
        let cell = |col: &str| format!("{col}{}", row + 1);
        let to_date = Figure {
            value: Some(pace.target_to_date),
            formula: formulas.target_to_month_end(&cell("D"), &cell("C"), AS_OF_CELL),
        };
        s.figure(row, 4, to_date, kind)?;
        // The Monthly sheet's column summed from its first month down to this one.
        let first = monthly::FIRST_DATA_ROW;
        let actual = pace
            .metric
            .id()
            .and_then(|m| monthly::cell_of(context, pace.month, m))
            .and_then(|(col, row)| {
                let range = format!("{monthly_sheet}!{col}${first}:{col}{row}");
                if pace.metric.made_from_cost() {
                    formulas.cost_sum(&range)
                } else {
                    formulas.sum(&range)
                }
            });
        let actual = Figure {
            value: pace.actual_to_date,
            formula: actual,
        };
        s.figure(row, 5, actual, kind)?;
        let ratio = Figure {
            value: pace.pace,
            formula: pace_formula(formulas, &pace.metric, &cell("F"), &cell("E")),
        };
        s.figure(row, 6, ratio, Kind::Rate)?;
        let words = status_words(lang);
        let status = formulas.status(&cell("E"), &cell("G"), words, ON_TRACK, AT_RISK);
        s.text_figure(
            row,
            7,
            labels::status(lang, pace.status),
            status.as_deref(),
            styles.tone(Tone::of_status(pace.status)),
        )?;
    }
    Ok(())
}

/// Pace = actual to date / target to date; a cost actual may be unknown (no cost data).
fn pace_formula(
    formulas: &Formulas,
    metric: &MetricName,
    actual: &str,
    target: &str,
) -> Option<String> {
    if metric.made_from_cost() {
        formulas.cost_ratio(actual, target)
    } else {
        formulas.ratio(actual, target)
    }
}

/// How a spanned target was pro-rated, beside it: `按分: 3,000,000 × 30/91日 (2025-04-01..2025-06-30)`.
fn pro_rated_note(lang: Lang, pro_rated: &ProRated) -> String {
    let parts: Vec<String> = pro_rated
        .parts
        .iter()
        .map(|p| {
            labels::fill(
                lang,
                "kpi.pro_rated_part",
                &[
                    ("target", &present::show(Some(p.target), MetricKind::Count)),
                    ("overlap", &p.overlap_days.to_string()),
                    ("days", &p.span_days.to_string()),
                    ("span", &format!("{}..{}", p.span.start, p.span.end)),
                ],
            )
        })
        .collect();
    labels::fill(lang, "kpi.pro_rated", &[("parts", &parts.join(" + "))])
}

/// The format of a KPI row's target and actual; conversions by type are counts.
fn kind_of(metric: &MetricName) -> Kind {
    match metric {
        MetricName::Conversions(_) => Kind::Count,
        _ => Kind::of_metric(metric.as_str()),
    }
}

/// The formula of a KPI row's actual: a reference to the Channels sheet, or COUNTIFS / SUMIFS of
/// its own. Monthly targets, custom metrics and LTV figures keep their values.
fn actual_formula(
    context: &ReportContext,
    names: &SheetNames,
    sources: &Sources,
    kpi: &KpiRow,
) -> Option<String> {
    let (formulas, summary_cells) = (sources.formulas, sources.summary_cells);
    if !formulas.enabled() {
        return None;
    }
    if kpi.custom {
        return formulas.custom_sum(kpi.metric.as_str());
    }
    if let Some(month) = kpi.month {
        // A monthly target compares with that month's row on the Monthly sheet (all channels).
        if kpi.channel.is_some() || sources.compared {
            return None;
        }
        let (col, row) = monthly::cell_of(context, month, kpi.metric.id()?)?;
        return formulas.reference(&format!("{}!{col}{row}", quoted_sheet(&names.monthly)));
    }
    if let Some(kind) = kpi.metric.conversion_type() {
        if kpi.channel.is_none() {
            return formulas.conversions(&text_literal(kind));
        }
    }
    let metric = kpi.metric.id()?;
    let total_cell = |metric: MetricId| match sources.compared {
        false => super::channels::total_cell(context, names, metric),
        true => super::channels::compared_total_cell(context, names, metric),
    };
    match (kpi.layer, kpi.channel.as_deref()) {
        (3, Some(platform)) => platform_formula(context, formulas, metric, platform),
        (_, Some(channel)) if sources.compared => {
            let literal = text_literal(channel);
            let cost_unknown = formulas.has_cost()
                && !crate::metrics::has_channel_cost_data(context.dataset, channel);
            super::channels::guard_unknown_cost(
                formulas,
                metric,
                (&literal, cost_unknown),
                channel_figure(formulas, metric, &literal),
            )
        }
        (_, Some(channel)) => formulas.reference(&super::channels::channel_cell(
            context, names, channel, metric,
        )?),
        (_, None) => {
            // A counted figure of the Channels sheet: its total; else a headline figure of the
            // Summary, a figure of the Channels sheet's total row, or a formula of its own
            // (counted, or the catalogue's formula over the totals, an operand with no column
            // there, such as lost deals, being its own count).
            let on_channels = total_cell(metric);
            let counted = metric.entry().is_counted();
            let cell = match (counted, on_channels) {
                (true, Some(cell)) => Some(cell),
                (_, on_channels) => summary_cells.get(&metric).cloned().or(on_channels),
            };
            if let Some(cell) = cell {
                return formulas.reference(&cell);
            }
            match counted {
                true => formulas.counted_total(metric),
                false => formulas.arithmetic(metric, |operand| {
                    total_cell(operand).or_else(|| Formulas::inner(formulas.counted_total(operand)))
                }),
            }
        }
    }
}

/// A layer-3 platform's figure over the Posts data sheet's rows of the platform.
fn platform_formula(
    context: &ReportContext,
    formulas: &Formulas,
    metric: MetricId,
    platform: &str,
) -> Option<String> {
    let p = text_literal(platform);
    let sum = |field: &str| Formulas::inner(formulas.posts_sum(field, Some(&p)));
    match metric {
        MetricId::Posts => formulas.posts_count(&p),
        MetricId::Impressions
        | MetricId::Reach
        | MetricId::Clicks
        | MetricId::VideoViews
        | MetricId::VideoCompletions => formulas.posts_sum(metric.as_str(), Some(&p)),
        MetricId::Engagements => formulas.posts_sum("engagements_total", Some(&p)),
        MetricId::EngagementRate => {
            let basis = match context.config.engagement_rate_basis {
                EngagementBasis::Impressions => "impressions",
                EngagementBasis::Reach => "reach",
            };
            formulas.ratio(&sum("engagements_total")?, &sum(basis)?)
        }
        _ => formulas.arithmetic(metric, |operand| sum(operand.as_str())),
    }
}

/// A channel's figure as one formula of its own, for the compared period (the Channels sheet's
/// row of the channel holds the report period's): the channel in `channel`, a literal.
fn channel_figure(formulas: &Formulas, metric: MetricId, channel: &str) -> Option<String> {
    use super::channels::counted_formula;
    counted_formula(formulas, metric, channel).or_else(|| {
        formulas.arithmetic(metric, |operand| {
            Formulas::inner(counted_formula(formulas, operand, channel))
        })
    })
}

/// The KPI tree's formulas: achievement against a target, the status words and pacing.
impl Formulas {
    /// Achievement: actual / target, or target / actual for lower-is-better metrics; empty when
    /// either is empty or the divisor is zero.
    pub fn achievement(&self, target: &str, actual: &str, lower_is_better: bool) -> Option<String> {
        let (num, den) = if lower_is_better {
            (target, actual)
        } else {
            (actual, target)
        };
        self.make(format!(
            "IF(OR({target}=\"\",{actual}=\"\"),\"\",IF({den}=0,\"\",{num}/{den}))"
        ))
    }

    /// The status words, in `KpiStatus` order: "no target" when the target cell is empty, "no
    /// actual" when the achievement cell is, else by the KPI tree's thresholds.
    pub fn status(
        &self,
        target: &str,
        achievement: &str,
        words: [&str; 5],
        on_track: f64,
        at_risk: f64,
    ) -> Option<String> {
        let [no_target, no_actual, on, risk, off] = words.map(text_literal);
        self.make(format!(
            "IF({target}=\"\",{no_target},IF({achievement}=\"\",{no_actual},\
             IF({achievement}>={on_track},{on},IF({achievement}>={at_risk},{risk},{off}))))"
        ))
    }

    /// Share of the period's days up to `day` (a cell or an expression), clamped to the period.
    pub fn elapsed_share(&self, day: &str) -> Option<String> {
        self.make(format!(
            "MAX(0,MIN({day},{PERIOD_END})-{PERIOD_START}+1)/({PERIOD_END}-{PERIOD_START}+1)"
        ))
    }

    /// A whole-period target pro-rated to the end of `month_cell`'s month, or to `as_of_cell` in
    /// the as-of month.
    pub fn target_to_month_end(
        &self,
        target: &str,
        month_cell: &str,
        as_of_cell: &str,
    ) -> Option<String> {
        let month_end = format!("DATE(YEAR({month_cell}),MONTH({month_cell})+1,0)");
        let share = Formulas::inner(self.elapsed_share(&format!("MIN({month_end},{as_of_cell})")))?;
        self.make(format!("{target}*{share}"))
    }

    /// `target × share`, empty when the target cell is empty.
    pub fn pro_rated(&self, target: &str, share: &str) -> Option<String> {
        self.make(format!("IF({target}=\"\",\"\",{target}*{share})"))
    }
}
