//! ファネル / Funnel: impressions -> engagements -> clicks -> leads -> mql -> opportunities -> won ->
//! revenue, with the rate between stages, in total and per SNS platform, and a chart of the total.

use rust_xlsxwriter::{Chart, ChartDataLabel, ChartType, Worksheet};

use super::a1::{column_letters, text_literal};
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{col_index, Figure, SheetWriter, XResult};
use crate::catalog::MetricId;
use crate::metrics::FunnelStage;

/// Row of the header; stages follow below it.
const HEADER_ROW: u32 = 3;

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let funnel = &context.metrics.funnel;
    let mut s = SheetWriter::new(&names.funnel, styles, context.values_only)?;
    s.heading(0, 0, labels::text(lang, "funnel.funnel"), &styles.title)?;
    s.heading(
        1,
        0,
        labels::text(lang, "funnel.post_stages_count_posts_published_in"),
        &styles.note,
    )?;
    let columns = columns(context);
    let rate_header = labels::text(lang, "funnel.rate");
    let mut headers: Vec<&str> = vec![labels::text(lang, "common.stage")];
    // Each rate stands right of its platform's counts, so its header is the word alone: 17
    // columns narrow enough to print legibly on one page's width.
    for column in &columns {
        headers.push(&column.name);
        headers.push(rate_header);
    }
    s.header_row_over_numbers(HEADER_ROW, &headers, |i| i > 0)?;
    let channels_total = |stage: MetricId| {
        super::channels::total_cell(context, names, stage)
            .expect("a metric of the Channels sheet (a mistake in the code, not in the data)")
    };
    for (i, stage) in funnel.total.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        s.text(row, 0, &labels::metric(lang, stage.stage.as_str()))?;
        for (c, column) in columns.iter().enumerate() {
            if let Some(stage) = column.stages.get(i) {
                let formula =
                    stage_formula(formulas, stage.stage, column.platform, &channels_total);
                stage_cells(&mut s, formulas, row, col_index(1 + 2 * c), stage, formula)?;
            }
        }
    }
    let last_row = HEADER_ROW + funnel.total.len() as u32;
    s.table(HEADER_ROW, last_row, headers.len())?;
    chart(&mut s, context, styles, headers.len(), last_row)?;
    s.finish()
}

/// A column pair of the sheet (counts and rates): the total, or one SNS platform.
struct Column<'f> {
    name: String,
    stages: &'f [FunnelStage],
    /// `None` for the total.
    platform: Option<&'f str>,
}

/// The total, then each SNS platform, as the spec's funnel is.
fn columns<'c>(context: &'c ReportContext) -> Vec<Column<'c>> {
    let lang = context.config.lang;
    let funnel = &context.metrics.funnel;
    let total = Column {
        name: labels::text(lang, "funnel.total").to_string(),
        stages: &funnel.total,
        platform: None,
    };
    let platforms = funnel
        .platforms
        .iter()
        .filter(|(p, _)| context.config.is_sns(p))
        .map(|(platform, stages)| Column {
            name: labels::channel(lang, platform),
            stages,
            platform: Some(platform),
        });
    std::iter::once(total).chain(platforms).collect()
}

/// The live formula of a stage's count: over the posts for the post stages, the Channels sheet's
/// totals for the total, the data sheets for a platform.
fn stage_formula(
    formulas: &Formulas,
    stage: MetricId,
    platform: Option<&str>,
    channels_total: &dyn Fn(MetricId) -> String,
) -> Option<String> {
    use MetricId::{
        Clicks, Engagements, Impressions, Leads, Mql, Opportunities, Revenue, Sessions, Won,
    };
    let platform = platform.map(text_literal);
    match (stage, &platform) {
        (Impressions, p) => formulas.posts_sum("impressions", p.as_deref()),
        (Engagements, p) => formulas.posts_sum("engagements_total", p.as_deref()),
        (Clicks, p) => formulas.posts_sum("clicks", p.as_deref()),
        (Sessions | Leads | Mql | Opportunities | Won | Revenue, None) => {
            formulas.reference(&channels_total(stage))
        }
        (Sessions, Some(p)) => formulas.sessions(Some(p)),
        (Leads, Some(p)) => formulas.leads(p),
        (Mql, Some(p)) => formulas.mql(p),
        (Opportunities, Some(p)) => formulas.opportunities(p),
        (Won, Some(p)) => formulas.won(p),
        (Revenue, Some(p)) => formulas.revenue_of(p),
        _ => None,
    }
}

/// A stage's count at (`row`, `col`) and its rate from the stage above beside it.
fn stage_cells(
    s: &mut SheetWriter,
    formulas: &Formulas,
    row: u32,
    col: u16,
    stage: &FunnelStage,
    formula: Option<String>,
) -> XResult<()> {
    let kind = if stage.stage == MetricId::Revenue {
        Kind::Money
    } else {
        Kind::Count
    };
    let figure = Figure {
        value: Some(stage.value),
        formula,
    };
    s.figure(row, col, figure, kind)?;
    let letters = column_letters(u32::from(col));
    // The first stage has no stage above it.
    let rate_formula = (row > HEADER_ROW + 1 && stage.rate_follows_the_stage_above())
        .then(|| formulas.ratio(&format!("{letters}{}", row + 1), &format!("{letters}{row}")))
        .flatten();
    let rate = Figure {
        value: stage.rate,
        formula: rate_formula,
    };
    s.figure(row, col + 1, rate, Kind::Rate)
}

/// Chart of the total's count stages (revenue is money, not a count), on a log scale since
/// impressions outnumber won deals by orders of magnitude, below the table ending at `last_row`.
fn chart(
    s: &mut SheetWriter,
    context: &ReportContext,
    styles: &Styles,
    columns: usize,
    last_row: u32,
) -> XResult<()> {
    let lang = context.config.lang;
    let funnel = &context.metrics.funnel;
    let counted = funnel
        .total
        .iter()
        .filter(|st| st.stage != MetricId::Revenue)
        .count() as u32;
    if counted == 0 {
        return Ok(());
    }
    let sheet_name = s.name();
    // Each stage's label carries its conversion rate from the stage before, so the bars read
    // as a funnel: "リード数 (4.9%)". The labels sit in a column beside the table.
    let label_col = col_index(columns + 1);
    s.heading(
        HEADER_ROW,
        label_col,
        labels::text(lang, "funnel.chart_label"),
        &styles.note,
    )?;
    for (i, stage) in funnel.total.iter().take(counted as usize).enumerate() {
        let mut label = labels::metric(lang, stage.stage.as_str());
        if let Some(rate) = stage.rate {
            label.push_str(&format!(" ({:.1}%)", rate * 100.0));
        }
        s.text(HEADER_ROW + 1 + i as u32, label_col, &label)?;
    }
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_data_label(ChartDataLabel::new().show_value())
        .set_name(labels::text(lang, "funnel.total"))
        .set_categories((
            sheet_name.as_str(),
            HEADER_ROW + 1,
            label_col,
            HEADER_ROW + counted,
            label_col,
        ))
        .set_values((
            sheet_name.as_str(),
            HEADER_ROW + 1,
            1,
            HEADER_ROW + counted,
            1,
        ));
    chart
        .title()
        .set_name(labels::text(lang, "funnel.funnel_total_log_scale"));
    // In a bar chart the x axis is the horizontal value axis and the y axis holds the stages.
    chart.x_axis().set_log_base(10);
    chart.y_axis().set_reverse();
    chart.legend().set_hidden();
    chart.set_width(720).set_height(360);
    s.sheet_mut().insert_chart(last_row + 2, 0, &chart)?;
    // The page prints the table and the chart, not the chart's label column beside them.
    let chart_rows = 360 / 20 + 2;
    s.sheet_mut()
        .set_print_area(0, 0, last_row + 2 + chart_rows, col_index(columns - 1))?;
    Ok(())
}
