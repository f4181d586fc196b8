//! 月次推移 / Monthly: per month of the period cost, leads, MQL, opportunities, won, revenue and SNS
//! attributed revenue, with a chart of cost against revenue.

use rust_xlsxwriter::{
    Chart, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType, ChartType, Worksheet,
};

use chrono::NaiveDate;

use super::a1::column_letters;
use super::a1::{Bounds, MODEL};
use super::columns::{at, COSTS, DEALS, LEADS, LINEAGE};
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{Figure, SheetWriter, XResult};
use crate::catalog::MetricId;
use crate::metrics::pacing::MONTHLY_METRICS;
use crate::metrics::{LevelFigures, MonthFigures};

const HEADER_ROW: u32 = 3;
/// The compared period's months start in this column (J), a column apart from this period's.
const COMPARED_COL: u16 = MONTHLY_METRICS.len() as u16 + 2;
/// The 1-based row of the first month, as formulas on other sheets write it.
pub const FIRST_DATA_ROW: u32 = HEADER_ROW + 2;

/// The column letters of a metric of `pacing::MONTHLY_METRICS` (after the month column).
pub fn column_of(metric: MetricId) -> Option<String> {
    let index = MONTHLY_METRICS.iter().position(|m| *m == metric)?;
    Some(column_letters(1 + index as u32))
}

/// Where a month's figure stands: (column letters, 1-based row); `None` for a month outside the
/// period or a metric the sheet has no column for.
pub fn cell_of(
    context: &ReportContext,
    month: NaiveDate,
    metric: MetricId,
) -> Option<(String, u32)> {
    let index = context
        .metrics
        .monthly
        .iter()
        .position(|m| m.month == month)?;
    Some((column_of(metric)?, FIRST_DATA_ROW + index as u32))
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.monthly, styles, context.values_only)?;
    s.heading(0, 0, labels::text(lang, "monthly.monthly"), &styles.title)?;
    s.heading(
        1,
        0,
        labels::text(lang, "monthly.each_event_counts_in_the_month"),
        &styles.note,
    )?;
    // The pacing table on the KPI tree sums these columns by position.
    let metric_columns = MONTHLY_METRICS;
    let mut headers = vec![labels::text(lang, "common.month").to_string()];
    headers.extend(
        metric_columns
            .iter()
            .map(|m| labels::metric(lang, m.as_str())),
    );
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    s.header_row(HEADER_ROW, &header_refs)?;
    let last = months_table(&mut s, formulas, &context.metrics.monthly, 0)?;
    s.table(HEADER_ROW, last, headers.len())?;

    // The compared period's months to the right, in the same columns, for the chart.
    let compared = context.metrics.comparison.monthly();
    let compared_last = match (context.metrics.comparison.period(), formulas.compared()) {
        (Some(period), Some(then)) if !compared.is_empty() => {
            let title = labels::fill(
                lang,
                "monthly.compared_months",
                &[
                    ("start", &period.start.to_string()),
                    ("end", &period.end.to_string()),
                ],
            );
            s.heading(HEADER_ROW - 1, COMPARED_COL, &title, &styles.subtitle)?;
            s.header_cells(HEADER_ROW, COMPARED_COL, &header_refs)?;
            Some(months_table(&mut s, then, compared, COMPARED_COL)?)
        }
        _ => None,
    };

    if last > HEADER_ROW {
        let name = s.name();
        let (first, last) = (HEADER_ROW + 1, last);
        let mut chart = Chart::new(ChartType::Column);
        // cost (col 1), revenue (col 6), SNS attributed revenue (col 7)
        for col in [1u16, 6, 7] {
            chart
                .add_series()
                .set_name((name.as_str(), HEADER_ROW, col))
                .set_categories((name.as_str(), first, 0, last, 0))
                .set_values((name.as_str(), first, col, last, col));
        }
        // The compared months' revenue and SNS attributed revenue as dashed lines over the same
        // places: the compared period's first month beside this one's first.
        if let Some(compared_last) = compared_last.filter(|l| *l > HEADER_ROW) {
            let mut lines = Chart::new(ChartType::Line);
            for col in [6u16, 7] {
                let metric = labels::metric(lang, MONTHLY_METRICS[usize::from(col) - 1].as_str());
                let series_name =
                    format!("{metric} ({})", labels::text(lang, "comparison.compared"));
                let col = COMPARED_COL + col;
                lines
                    .add_series()
                    .set_name(series_name.as_str())
                    .set_categories((name.as_str(), first, 0, last, 0))
                    .set_values((name.as_str(), first, col, compared_last, col))
                    .set_format(ChartLine::new().set_dash_type(ChartLineDashType::Dash))
                    // A marker on each month, so a one-month comparison shows too.
                    .set_marker(
                        ChartMarker::new()
                            .set_type(ChartMarkerType::Diamond)
                            .set_size(9),
                    );
            }
            chart.combine(&lines);
        }
        chart
            .title()
            .set_name(labels::text(lang, "monthly.cost_and_revenue_by_month"));
        chart.y_axis().set_num_format(&styles.money_format);
        // Months as labels (yyyy/mm), not a date scale: one month stands as one.
        chart.x_axis().set_num_format("yyyy/mm").set_text_axis(true);
        chart.set_width(720).set_height(360);
        let below = last.max(compared_last.unwrap_or(0));
        s.sheet_mut().insert_chart(below + 2, 0, &chart)?;
    }
    s.finish()
}

/// Writes one month a row under the header, from column `first_col`: the month, then each of
/// `MONTHLY_METRICS` counted by `formulas`. Returns the last row written.
fn months_table(
    s: &mut SheetWriter,
    formulas: &Formulas,
    months: &[MonthFigures],
    first_col: u16,
) -> XResult<u32> {
    let mut row = HEADER_ROW;
    for month in months {
        row += 1;
        s.month(row, first_col, month.month)?;
        let month_cell = format!("${}{}", column_letters(u32::from(first_col)), row + 1);
        for (i, &metric) in MONTHLY_METRICS.iter().enumerate() {
            let formula = match metric {
                MetricId::Cost => formulas.month_cost(&month_cell),
                MetricId::Leads => formulas.month_leads(&month_cell),
                MetricId::Mql => formulas.month_mql(&month_cell),
                MetricId::Opportunities => formulas.month_opportunities(&month_cell),
                MetricId::Won => formulas.month_won(&month_cell),
                MetricId::Revenue => formulas.month_revenue(&month_cell),
                MetricId::SnsAttributedRevenue => {
                    formulas.month_sns_attributed_revenue(&month_cell)
                }
                _ => None,
            };
            let figure = Figure {
                value: month.value(metric),
                formula,
            };
            s.figure(
                row,
                first_col + 1 + i as u16,
                figure,
                Kind::of_metric(metric.as_str()),
            )?;
        }
    }
    Ok(row)
}

/// The Monthly sheet's formulas: each figure counted within its month (and the period).
impl Formulas {
    /// Cost rows of the period whose month is `month_cell`.
    pub fn month_cost(&self, month_cell: &str) -> Option<String> {
        self.unless_no_cost(
            self.make(format!(
                "SUMIFS({},{},{month_cell},{})",
                self.cost_col(at!(COSTS, "amount")),
                self.cost_col(at!(COSTS, "month")),
                self.bounds().within(&self.cost_col(at!(COSTS, "month")))
            )),
            "\"\"",
        )
    }

    /// Rows of `range` (dates) within the month starting at `month_cell` and within the period.
    fn in_month(&self, range: &str, month_cell: &str) -> String {
        let Bounds { start, end } = self.bounds();
        format!(
            "{range},\">=\"&MAX({month_cell},{start}),{range},\"<\"&MIN(EDATE({month_cell},1),{end}+1)"
        )
    }

    /// Leads created in the month (within the period).
    pub fn month_leads(&self, month_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({})",
            self.in_month(&self.lead(at!(LEADS, "created_at")), month_cell)
        ))
    }

    /// Leads that became MQL in the month.
    pub fn month_mql(&self, month_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({})",
            self.in_month(&self.lead(at!(LEADS, "mql_at")), month_cell)
        ))
    }

    /// Deals created in the month.
    pub fn month_opportunities(&self, month_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({})",
            self.in_month(&self.deal(at!(DEALS, "created_at")), month_cell)
        ))
    }

    /// Won deals closed in the month.
    pub fn month_won(&self, month_cell: &str) -> Option<String> {
        self.make(format!(
            "COUNTIFS({},\"won\",{})",
            self.deal(at!(DEALS, "status")),
            self.in_month(&self.deal(at!(DEALS, "closed_at")), month_cell)
        ))
    }

    /// Revenue of won deals closed in the month.
    pub fn month_revenue(&self, month_cell: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},\"won\",{})",
            self.deal(at!(DEALS, "amount")),
            self.deal(at!(DEALS, "status")),
            self.in_month(&self.deal(at!(DEALS, "closed_at")), month_cell)
        ))
    }

    /// SNS attributed revenue of the run's model for deals closed in the month.
    pub fn month_sns_attributed_revenue(&self, month_cell: &str) -> Option<String> {
        self.make(format!(
            "SUMIFS({},{},{MODEL},{},TRUE,{})",
            self.lineage_col(at!(LINEAGE, "attributed_amount")),
            self.lineage_col(at!(LINEAGE, "model")),
            self.lineage_col(at!(LINEAGE, "sns")),
            self.in_month(&self.lineage_col(at!(LINEAGE, "closed_at")), month_cell)
        ))
    }
}
