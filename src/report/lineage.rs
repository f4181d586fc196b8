//! 紐付け / Lineage: one row per won deal of the period, touch and model — the deal, its lead, the
//! touch's time, channel and post, the rule that linked the lead to its post, the credit and the
//! attributed amount. Every attributed figure in the report is a sum of these rows. The rows are
//! grouped by post (the Posts sheet's order; by_post.rs), each post's by model, rows without a post
//! last, by model. The compared period's lines of the run's model, when the report compares
//! (SPEC section 10), go on a sheet of their own in the same columns.

use super::by_post::{Grouped, PostIndex, PostSpans};
use super::columns::{at, LINEAGE};
use super::context::ReportContext;
use super::stream::{split_sheets, StreamedSheet};
use super::style::Kind;
use crate::attribution::CreditLine;

/// The rows of the Lineage sheet, in the order written, and where each post's rows stand.
pub struct LineageRows<'c> {
    lines: Vec<(&'c str, &'c CreditLine)>,
    posts: PostSpans,
}

impl<'c> LineageRows<'c> {
    /// The period's credit lines of every model, in model order, then grouped by post.
    pub fn of(context: &'c ReportContext) -> LineageRows<'c> {
        let period = context.metrics.period;
        let by_model: Vec<(&str, &CreditLine)> = context
            .attribution
            .model_ids
            .iter()
            .flat_map(|model| {
                context
                    .attribution
                    .lines(model)
                    .iter()
                    .filter(move |l| period.is_none_or(|p| p.contains(l.closed_at)))
                    .map(move |l| (model.as_str(), l))
            })
            .collect();
        let index = PostIndex::of(context.dataset);
        let keys: Vec<Option<usize>> = by_model
            .iter()
            .map(|(_, line)| index.get(line.post_id.as_deref()))
            .collect();
        let grouped = Grouped::new(&keys, context.dataset.posts.len());
        LineageRows {
            lines: grouped.order.iter().map(|&i| by_model[i]).collect(),
            posts: grouped.spans().clone(),
        }
    }

    /// The compared period's credit lines of the run's model (SPEC section 10), in attribution
    /// order, for the compared figures' sheet; `None` without a comparison.
    pub fn compared(context: &'c ReportContext) -> Option<LineageRows<'c>> {
        let (period, _) = context.metrics.comparison.figures()?;
        let model = context.metrics.model.as_str();
        let lines = context
            .attribution
            .lines(model)
            .iter()
            .filter(|l| period.contains(l.closed_at))
            .map(|l| (model, l))
            .collect();
        Some(LineageRows {
            lines,
            posts: PostSpans::default(),
        })
    }

    /// Where each post's rows stand.
    pub fn post_spans(&self) -> &PostSpans {
        &self.posts
    }

    /// How many sheets the lineage takes: (name, sheets) when more than one.
    pub fn continued(&self, name: &str, rows_per_sheet: u32) -> Option<(String, usize)> {
        let per_sheet = rows_per_sheet.max(1) as usize;
        let sheets = self.lines.len().div_ceil(per_sheet).max(1);
        (sheets > 1).then(|| (name.to_string(), sheets))
    }
}

/// The lineage sheet(s), streamed in constant-memory mode.
pub fn sheets<'c>(
    context: &'c ReportContext,
    rows: &LineageRows<'c>,
    name: &str,
    rows_per_sheet: u32,
) -> Vec<StreamedSheet<'c>> {
    let lines = &rows.lines;
    let dataset = context.dataset;
    let config = context.config;
    split_sheets(name, lines, rows_per_sheet as usize)
        .into_iter()
        .map(|part| {
            let (headers, kinds) = (LINEAGE.headers(), LINEAGE.kinds());
            let items = part.items.to_vec();
            StreamedSheet::new(part.name, move |s| {
                s.column_formats(&kinds)?;
                s.header_row(0, &headers)?;
                let mut row = 0;
                for (model, line) in items {
                    row += 1;
                    let deal = &dataset.deals[line.deal_index];
                    s.text(row, at!(LINEAGE, "model"), model)?;
                    s.text(row, at!(LINEAGE, "deal_id"), &line.deal_id)?;
                    s.opt_text(row, at!(LINEAGE, "lead_id"), line.lead_id.as_deref())?;
                    s.date(row, at!(LINEAGE, "closed_at"), Some(line.closed_at))?;
                    s.number(row, at!(LINEAGE, "deal_amount"), deal.amount, Kind::Money)?;
                    if let Some(touch) = &line.touch {
                        s.datetime(row, at!(LINEAGE, "touch_at"), touch.at)?;
                    }
                    s.text(row, at!(LINEAGE, "channel"), &line.channel)?;
                    s.opt_text(row, at!(LINEAGE, "post_id"), line.post_id.as_deref())?;
                    s.opt_text(
                        row,
                        at!(LINEAGE, "link_reason"),
                        line.link_reason.map(|r| r.as_str()),
                    )?;
                    s.boolean(row, at!(LINEAGE, "sns"), config.is_sns(&line.channel))?;
                    s.number(
                        row,
                        at!(LINEAGE, "credit"),
                        Some(line.credit),
                        Kind::Decimal,
                    )?;
                    s.number(
                        row,
                        at!(LINEAGE, "attributed_amount"),
                        Some(line.amount),
                        Kind::Money,
                    )?;
                }
                s.table(0, row, headers.len())
            })
        })
        .collect()
}
