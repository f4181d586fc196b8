//! チャネル別 / Channels: per channel cost, leads, MQL, opportunities, won, attributed won and
//! revenue under the run's model, CPA, cost per MQL, CAC, ROAS and ROI, with a total row.

use rust_xlsxwriter::{Chart, ChartType, Worksheet};

use super::a1::{column_letters, quoted_sheet};
use super::comparison::{self, Lay};
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{Figure, SheetWriter, XResult};
use crate::catalog::{Metric, MetricId, METRICS};
use crate::metrics::{Figures, LevelFigures};

const HEADER_ROW: u32 = 3;

/// The first three cells of a channel row: its name, its id and whether it is SNS.
pub fn channel_cells(
    s: &mut SheetWriter,
    row: u32,
    lang: crate::lang::Lang,
    channel: &str,
    sns: bool,
) -> XResult {
    s.text(row, 0, &labels::channel(lang, channel))?;
    s.text(row, 1, channel)?;
    s.text(row, 2, if sns { "SNS" } else { "" })
}

/// How a total over all channels is shown: all channels' attributed won deals are the won deals,
/// a whole count (a channel's own are credits with fractions).
pub fn total_kind(metric: MetricId) -> Kind {
    Kind::of_metric(metric.over_all_channels().as_str())
}

/// Every column the sheet can have after the three channel cells: the catalogue's metrics shown
/// on it, in catalogue order.
fn all_columns() -> impl Iterator<Item = &'static Metric> {
    METRICS.iter().filter(|m| m.on_channels_sheet)
}

/// The figures of this report's channel rows: those made from web analytics only when traffic
/// was read, so a report without it keeps its sheet as it was.
fn metric_columns(context: &ReportContext) -> Vec<MetricId> {
    let traffic = context.metrics.figures.totals.sessions.is_some();
    all_columns()
        .filter(|m| traffic || !m.made_from_traffic())
        .map(|m| m.id)
        .collect()
}

/// The column letters of a metric on this sheet; `revenue` is the attributed revenue (every model
/// hands out all of it).
pub fn column_of(metric: MetricId) -> Option<String> {
    column_index(metric).map(|col| column_letters(u32::from(col)))
}

/// The 0-based column of a metric on this sheet (see `column_of`).
fn column_index(metric: MetricId) -> Option<u16> {
    let metric = metric.on_one_channel();
    let index = all_columns().position(|m| m.id == metric)?;
    Some(3 + index as u16)
}

/// A metric's cell on the total row, as other sheets refer to it: `'チャネル別'!D17`.
pub fn total_cell(context: &ReportContext, names: &SheetNames, metric: MetricId) -> Option<String> {
    Some(format!(
        "{}!{}{}",
        quoted_sheet(&names.channels),
        column_of(metric)?,
        total_row(context)
    ))
}

/// A metric's cell on one channel's row, or `None` for a channel the sheet has no row for.
pub fn channel_cell(
    context: &ReportContext,
    names: &SheetNames,
    channel: &str,
    metric: MetricId,
) -> Option<String> {
    let position = context
        .metrics
        .figures
        .channels
        .iter()
        .position(|c| c.channel == channel)?;
    let row = HEADER_ROW as usize + 2 + position;
    Some(format!(
        "{}!{}{row}",
        quoted_sheet(&names.channels),
        column_of(metric)?
    ))
}

/// The 1-based row of the total line: below the header and one row per channel.
pub fn total_row(context: &ReportContext) -> usize {
    HEADER_ROW as usize + context.metrics.figures.channels.len() + 2
}

/// A metric's cell on the compared period's total row (below the total row), when the report
/// compares.
pub fn compared_total_cell(
    context: &ReportContext,
    names: &SheetNames,
    metric: MetricId,
) -> Option<String> {
    context.metrics.comparison.period()?;
    Some(format!(
        "{}!{}{}",
        quoted_sheet(&names.channels),
        column_of(metric)?,
        total_row(context) + 1
    ))
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let metrics = context.metrics;
    let mut s = SheetWriter::new(&names.channels, styles, context.values_only)?;
    s.heading(0, 0, labels::text(lang, "channels.channels"), &styles.title)?;
    let note = labels::fill(
        lang,
        "channels.note",
        &[
            ("model", &labels::model(lang, &metrics.model)),
            ("roi_basis", &labels::roi_basis(lang, metrics.gross_margin)),
        ],
    );
    s.heading(1, 0, &note, &styles.note)?;
    let metric_columns = metric_columns(context);
    let mut headers: Vec<String> = vec![
        labels::text(lang, "common.channel").to_string(),
        labels::text(lang, "common.channel_id").to_string(),
        "SNS".to_string(),
    ];
    headers.extend(
        metric_columns
            .iter()
            .map(|m| labels::metric(lang, m.as_str())),
    );
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    s.header_row_over_numbers(HEADER_ROW, &header_refs, |i| i >= 3)?;

    let first = HEADER_ROW + 1;
    let mut row = HEADER_ROW;
    for channel in &metrics.figures.channels {
        row += 1;
        channel_cells(&mut s, row, lang, &channel.channel, channel.sns)?;
        let id = format!("$B{}", row + 1);
        let cost_unknown = formulas.has_cost() && channel.cost.is_none();
        for (i, &metric) in metric_columns.iter().enumerate() {
            let formula = counted_formula(formulas, metric, &id)
                .or_else(|| derived_formula(formulas, metric, row));
            let formula = guard_unknown_cost(formulas, metric, (&id, cost_unknown), formula);
            let figure = Figure {
                value: channel.value(metric),
                formula,
            };
            s.figure(row, 3 + i as u16, figure, Kind::of_metric(metric.as_str()))?;
        }
    }
    let last = row;
    s.table(HEADER_ROW, row, headers.len())?;

    // The total row sits below the table, outside the autofilter, so filtering never hides it.
    row += 1;
    s.text_with(row, 0, labels::text(lang, "common.total"), &styles.label)?;
    let figures = &metrics.figures;
    for (i, &metric) in metric_columns.iter().enumerate() {
        let col = 3 + i as u32;
        // A counted figure's total is the sum of the channels' (else its formula over the totals).
        let formula = if metric.entry().is_counted() {
            let letters = column_letters(col);
            let range = format!("{letters}{}:{letters}{}", first + 1, last + 1);
            if metric == MetricId::Cost {
                formulas.cost_sum(&range)
            } else {
                formulas.sum(&range)
            }
        } else {
            derived_formula(formulas, metric, row)
        };
        let figure = Figure {
            value: figures.value(metric),
            formula,
        };
        s.figure(row, col as u16, figure, total_kind(metric))?;
    }
    if let (Some((_, compared)), Some(then)) = (metrics.comparison.figures(), formulas.compared()) {
        row = compared_totals(&mut s, context, (formulas, then), compared, row)?;
    }
    if last > HEADER_ROW {
        insert_chart(&mut s, lang, first, last, row + 2, &styles.money_format)?;
    }
    s.finish()
}

/// Cost and attributed revenue per channel as columns, ROI as a line on the secondary axis.
fn insert_chart(
    s: &mut SheetWriter,
    lang: crate::lang::Lang,
    first: u32,
    last: u32,
    at_row: u32,
    money_format: &str,
) -> XResult {
    let name = s.name();
    let col = |metric: MetricId| column_index(metric);
    let (Some(cost_col), Some(revenue_col), Some(roi_col)) = (
        col(MetricId::Cost),
        col(MetricId::AttributedRevenue),
        col(MetricId::Roi),
    ) else {
        // A catalogue without one of the three on this sheet: no chart, never a wrong column.
        return Ok(());
    };
    let mut columns = Chart::new(ChartType::Column);
    for col in [cost_col, revenue_col] {
        columns
            .add_series()
            .set_name((name.as_str(), HEADER_ROW, col))
            .set_categories((name.as_str(), first, 0, last, 0))
            .set_values((name.as_str(), first, col, last, col));
    }
    let mut roi = Chart::new(ChartType::Line);
    roi.add_series()
        .set_name((name.as_str(), HEADER_ROW, roi_col))
        .set_categories((name.as_str(), first, 0, last, 0))
        .set_values((name.as_str(), first, roi_col, last, roi_col))
        .set_secondary_axis(true);
    columns.combine(&roi);
    columns.y2_axis().set_num_format("0%");
    columns.title().set_name(labels::text(
        lang,
        "channels.cost_attributed_revenue_and_roi_by",
    ));
    columns.y_axis().set_num_format(money_format);
    columns.set_width(880).set_height(400);
    s.sheet_mut().insert_chart(at_row, 0, &columns)?;
    Ok(())
}

/// Below the total row, the compared period's totals (SPEC section 10), then each total's change
/// and its change in %: the compared totals count over the whole compared period, every channel
/// of it (a channel with no row here too). Returns the last row written.
fn compared_totals(
    s: &mut SheetWriter,
    context: &ReportContext,
    (formulas, then): (&Formulas, &Formulas),
    compared: &Figures,
    total_row: u32,
) -> XResult<u32> {
    let lang = context.config.lang;
    let styles = s.styles();
    let headers = comparison::headers(lang, "");
    for (i, header) in headers.iter().enumerate() {
        s.text_with(total_row + 1 + i as u32, 0, header, &styles.label)?;
    }
    let row = total_row + 1;
    for (i, &metric) in metric_columns(context).iter().enumerate() {
        let col = 3 + i as u16;
        let formula = match metric.entry().is_counted() {
            true => then.counted_total(metric),
            false => derived_formula(then, metric, row),
        };
        let now = (
            context.metrics.figures.value(metric),
            format!("{}{}", column_letters(u32::from(col)), total_row + 1),
        );
        let figure = Figure {
            value: compared.value(metric),
            formula,
        };
        let kind = total_kind(metric);
        let at = (row, col);
        comparison::write(s, formulas, at, Lay::Down, kind, (now.0, &now.1), figure)?;
    }
    Ok(row + 2)
}

/// A counted or summed figure of a channel (cost ... attributed revenue, sessions; `revenue` is the
/// attributed revenue) for the channel id in `channel`, a cell or a literal; `None` for a ratio.
pub fn counted_formula(formulas: &Formulas, metric: MetricId, channel: &str) -> Option<String> {
    match metric.on_one_channel() {
        MetricId::Cost => formulas.cost(channel),
        MetricId::Leads => formulas.leads(channel),
        MetricId::Mql => formulas.mql(channel),
        MetricId::Opportunities => formulas.opportunities(channel),
        MetricId::Won => formulas.won(channel),
        MetricId::AttributedWon => formulas.attributed_won(channel),
        MetricId::AttributedRevenue => formulas.attributed_revenue(channel),
        MetricId::Sessions => formulas.sessions(Some(channel)),
        _ => None,
    }
}

/// `formula`, a channel's figure `metric`, when the channel (a cell or a literal) has an unknown
/// cost beside channels with cost rows: empty for a figure made from cost
/// (`Formulas::unless_no_channel_cost`); unchanged otherwise.
pub fn guard_unknown_cost(
    formulas: &Formulas,
    metric: MetricId,
    (channel, cost_unknown): (&str, bool),
    formula: Option<String>,
) -> Option<String> {
    if cost_unknown && metric.entry().made_from_cost {
        formulas.unless_no_channel_cost(formula, channel)
    } else {
        formula
    }
}

/// A ratio of a row, over the row's own cells.
fn derived_formula(formulas: &Formulas, metric: MetricId, row: u32) -> Option<String> {
    let cell = |operand: MetricId| Some(format!("{}{}", column_of(operand)?, row + 1));
    formulas.arithmetic(metric, cell)
}
