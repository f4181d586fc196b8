//! 紐付け / Lineage: one row per won deal of the period, touch and model — the deal, its lead, the
//! touch's time, channel and post, the rule that linked the lead to its post, the credit and the
//! attributed amount. Every attributed figure in the report is a sum of these rows.

use super::data::column_kind;
use super::stream::{split_sheets, StreamedSheet};
use super::style::{ColumnKind, Kind};
use super::ReportContext;
use crate::attribution::CreditLine;

/// Column headers: field ids, the same in both languages, so formulas can rely on them.
pub const HEADERS: [&str; 12] = [
    "model",
    "deal_id",
    "lead_id",
    "closed_at",
    "deal_amount",
    "touch_at",
    "channel",
    "post_id",
    "link_reason",
    "sns",
    "credit",
    "attributed_amount",
];

/// The period's credit lines of every model, in model order: the rows of the sheet.
fn lines<'c>(context: &'c ReportContext) -> Vec<(&'c str, &'c CreditLine)> {
    let period = context.metrics.period;
    context
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
        .collect()
}

/// How many sheets the lineage takes: (name, sheets) when more than one.
pub fn continued(
    context: &ReportContext,
    name: &str,
    rows_per_sheet: u32,
) -> Option<(String, usize)> {
    let count = lines(context).len();
    let per_sheet = rows_per_sheet.max(1) as usize;
    let sheets = count.div_ceil(per_sheet).max(1);
    (sheets > 1).then(|| (name.to_string(), sheets))
}

/// The lineage sheet(s), streamed in constant-memory mode.
pub fn sheets<'c>(
    context: &'c ReportContext,
    name: &str,
    rows_per_sheet: u32,
) -> Vec<StreamedSheet<'c>> {
    let lines = lines(context);
    let dataset = context.dataset;
    let config = context.config;
    split_sheets(name, &lines, rows_per_sheet as usize)
        .into_iter()
        .map(|part| {
            let kinds: Vec<ColumnKind> =
                HEADERS.iter().map(|h| column_kind(&part.name, h)).collect();
            let items = part.items.to_vec();
            StreamedSheet::new(part.name, move |s| {
                s.column_formats(&kinds)?;
                s.header_row(0, &HEADERS)?;
                let mut row = 0;
                for (model, line) in items {
                    row += 1;
                    let deal = &dataset.deals[line.deal_index];
                    s.text(row, 0, model)?;
                    s.text(row, 1, &line.deal_id)?;
                    s.opt_text(row, 2, line.lead_id.as_deref())?;
                    s.date(row, 3, Some(line.closed_at))?;
                    s.number(row, 4, deal.amount, Kind::Money)?;
                    if let Some(touch) = &line.touch {
                        s.datetime(row, 5, touch.at)?;
                    }
                    s.text(row, 6, &line.channel)?;
                    s.opt_text(row, 7, line.post_id.as_deref())?;
                    s.opt_text(row, 8, line.link_reason.map(|r| r.as_str()))?;
                    s.boolean(row, 9, config.is_sns(&line.channel))?;
                    s.number(row, 10, Some(line.credit), Kind::Decimal)?;
                    s.number(row, 11, Some(line.amount), Kind::Money)?;
                }
                s.table(0, row, HEADERS.len())
            })
        })
        .collect()
}
