//! The data sheets (SPEC section 6, item 13): every accepted row of every table as cleaned canonical
//! columns, the derived columns linking adds, and the file / sheet / row it came from. Together with
//! the rejected rows on the Data quality sheet they account for every input row. Columns outside
//! the schema (names, e-mail addresses ...) are never copied.
//!
//! Every table is written the same way, from `columns::DATA_TABLES`: each input field from its
//! record (`Record::field`) as its schema type shows it, a channel's id beside it, then the table's
//! derived columns (its own code, `derived_columns`), then the source file, sheet and row. A table
//! longer than a sheet can hold continues on `<name> (2)`, `<name> (3)` ... The leads and deals are
//! written grouped by their linked post (`by_post`), every other table in input order; the layout,
//! the writer and the derived columns all go through that one order.

use std::collections::{HashMap, HashSet};

use super::by_post::{Grouped, PostIndex, PostSpans};
use super::columns::{at, col, DataTable, InputColumn, DATA_TABLES, DEALS, LEADS, POSTS, TRAFFIC};
use super::columns::{COSTS, DAILY, TOUCHES};
use super::names::SheetNames;
use super::stream::{sheet_ranges, StreamedSheet, EXCEL_MAX_ROWS};
use super::style::{ColumnKind, Kind};
use super::writer::{SheetWriter, XResult};
use crate::config::Config;
use crate::issues::Issue;
use crate::link::Links;
use crate::model::{Dataset, FieldValue, Records, SourceRef};

/// Where the input rows that issues point at landed in the report: (file, sheet, row) -> (report
/// sheet, row). Only those rows are recorded, so a million clean rows cost nothing here.
#[derive(Debug, Default)]
pub struct RowLocator {
    /// file -> sheet -> rows some issue points at
    wanted: HashMap<String, HashMap<String, HashSet<u32>>>,
    rows: HashMap<(String, String, u32), (String, u32)>,
}

impl RowLocator {
    /// A locator for the rows of `issues`.
    pub fn for_issues(issues: &[Issue]) -> RowLocator {
        let mut wanted: HashMap<String, HashMap<String, HashSet<u32>>> = HashMap::new();
        for issue in issues.iter().filter(|i| i.row > 0) {
            wanted
                .entry(issue.file.clone())
                .or_default()
                .entry(issue.sheet.clone())
                .or_default()
                .insert(issue.row);
        }
        RowLocator {
            wanted,
            rows: HashMap::new(),
        }
    }

    /// The report sheet and 1-based row of an input row, when it was kept.
    pub fn find(&self, file: &str, sheet: &str, row: u32) -> Option<(&str, u32)> {
        self.rows
            .get(&(file.to_string(), sheet.to_string(), row))
            .map(|(s, r)| (s.as_str(), *r))
    }

    fn insert(&mut self, source: &SourceRef, sheet: &str, row: u32) {
        let wanted = self
            .wanted
            .get(&source.file)
            .and_then(|sheets| sheets.get(&source.sheet))
            .is_some_and(|rows| rows.contains(&source.row));
        if wanted {
            self.rows.insert(
                (source.file.clone(), source.sheet.clone(), source.row),
                (sheet.to_string(), row),
            );
        }
    }
}

/// Where the data sheets' rows will stand, worked out before they are written: what the other
/// sheets need to know about them.
pub struct Layout {
    pub locator: RowLocator,
    /// Tables that continued on more than one sheet: (first sheet name, sheet count).
    pub continued: Vec<(String, usize)>,
    /// The tables written grouped by post (`grouped_by_post`), with their order.
    grouped: Vec<(&'static str, Grouped)>,
}

impl Layout {
    /// Records where the rows of one table land: data row `i` of a part is sheet row `i + 2`.
    fn place(
        &mut self,
        name: &str,
        table: &str,
        records: Option<&dyn Records>,
        rows_per_sheet: u32,
    ) {
        let count = records.map_or(0, |r| r.count());
        let parts = sheet_ranges(name, count, rows_per_sheet as usize);
        if parts.len() > 1 {
            self.continued.push((name.to_string(), parts.len()));
        }
        let order = order_in(&self.grouped, table);
        for (part, rows) in parts {
            for (offset, at) in rows.enumerate() {
                let index = order.map_or(at, |order| order[at]);
                if let Some(record) = records.and_then(|r| r.record(index)) {
                    self.locator
                        .insert(record.source(), &part, offset as u32 + 2);
                }
            }
        }
    }

    /// The order a table's records are written in (record indices); `None` for input order.
    pub fn order(&self, table: &str) -> Option<&[usize]> {
        order_in(&self.grouped, table)
    }

    /// Where each post's rows stand on the data sheet of `table` (none for a table not grouped by
    /// post).
    pub fn post_spans(&self, table: &str) -> PostSpans {
        self.grouped
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, grouped)| grouped.spans().clone())
            .unwrap_or_default()
    }
}

/// The order of `table` among the tables written grouped by post.
fn order_in<'g>(grouped: &'g [(&str, Grouped)], table: &str) -> Option<&'g [usize]> {
    grouped
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, grouped)| grouped.order.as_slice())
}

/// The post a record is linked to: a lead's linked post, a deal's lead's.
type LinkedPost = for<'d> fn(usize, &'d Dataset, &'d Links) -> Option<&'d str>;

/// How the records of `table` find their post, for the tables written grouped by post: those the
/// Posts sheet counts per post (leads, opportunities, won deals). `None`: input order.
fn grouped_by_post(table: &str) -> Option<LinkedPost> {
    match table {
        "leads" => Some(|index, _, links| links.leads.get(index)?.linked_post.as_deref()),
        "deals" => Some(|index, dataset, links| {
            let lead = dataset.deals.get(index)?.lead_id.as_deref()?;
            links.lead(lead)?.linked_post.as_deref()
        }),
        _ => None,
    }
}

/// Where every data row will stand, and which tables continue on more sheets.
pub fn layout(
    dataset: &Dataset,
    links: &Links,
    names: &SheetNames,
    rows_per_sheet: u32,
    issues: &[Issue],
) -> Layout {
    let mut layout = Layout {
        locator: RowLocator::for_issues(issues),
        continued: Vec::new(),
        grouped: Vec::new(),
    };
    let posts = PostIndex::of(dataset);
    for table in DATA_TABLES {
        let Some(linked_post) = grouped_by_post(table.table()) else {
            continue;
        };
        let count = dataset.records(table.table()).map_or(0, |r| r.count());
        let keys: Vec<Option<usize>> = (0..count)
            .map(|index| posts.get(linked_post(index, dataset, links)))
            .collect();
        let grouped = Grouped::new(&keys, dataset.posts.len());
        layout.grouped.push((table.table(), grouped));
    }
    for table in DATA_TABLES {
        let name = names.data_sheet(table.table());
        let records = dataset.records(table.table());
        layout.place(name, table.table(), records, rows_per_sheet);
    }
    layout
}

/// What the derived columns are made from.
#[derive(Clone, Copy)]
struct Derived<'a> {
    dataset: &'a Dataset,
    links: &'a Links,
    config: &'a Config,
}

/// Writes a table's derived columns for its record `index` on sheet row `row`.
type DerivedColumns = fn(&mut SheetWriter, u32, usize, &Derived) -> XResult;

/// The code of a table's derived columns (those `columns.rs` lists with their kind); `None` for a
/// table whose data sheet is its input fields only.
fn derived_columns(table: &str) -> Option<DerivedColumns> {
    match table {
        "leads" => Some(lead_links),
        "deals" => Some(deal_links),
        "posts" => Some(post_engagements),
        "daily" => Some(daily_engagements),
        "touches" => Some(touch_sns),
        "costs" => Some(cost_sns),
        "traffic" => Some(traffic_last_day),
        _ => None,
    }
}

/// A lead's acquisition channel, linked post and why, and whether it is an SNS lead (`link`).
fn lead_links(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(link) = from.links.leads.get(index) else {
        return Ok(());
    };
    s.text(
        row,
        at!(LEADS, "acquisition_channel"),
        &link.acquisition_channel,
    )?;
    s.opt_text(row, at!(LEADS, "linked_post"), link.linked_post.as_deref())?;
    s.opt_text(
        row,
        at!(LEADS, "link_reason"),
        link.link_reason.map(|r| r.as_str()),
    )?;
    s.boolean(row, at!(LEADS, "sns"), link.sns)
}

/// A deal's lead's acquisition channel and linked post, and its monthly revenue.
fn deal_links(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(deal) = from.dataset.deals.get(index) else {
        return Ok(());
    };
    let lead = deal.lead_id.as_deref().and_then(|id| from.links.lead(id));
    let channel = lead.map_or(crate::channels::UNATTRIBUTED, |l| {
        l.acquisition_channel.as_str()
    });
    s.text(row, at!(DEALS, "acquisition_channel"), channel)?;
    s.opt_text(
        row,
        at!(DEALS, "linked_post"),
        lead.and_then(|l| l.linked_post.as_deref()),
    )?;
    // What ARPA averages: mrr, else amount / contract_months.
    let monthly = crate::metrics::ltv::monthly_revenue(deal);
    s.number(row, at!(DEALS, "monthly_revenue"), monthly, Kind::Money)
}

/// A post's engagements (SPEC: the cell, else the sum of its parts) and whether its platform is SNS.
fn post_engagements(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(post) = from.dataset.posts.get(index) else {
        return Ok(());
    };
    s.figure(
        row,
        at!(POSTS, "engagements_total"),
        post.engagements(),
        Kind::Count,
    )?;
    s.boolean(
        row,
        at!(POSTS, "sns"),
        from.config.is_sns(&post.platform.id),
    )
}

/// A day's engagements (as a post's are made) and whether its platform is SNS.
fn daily_engagements(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(day) = from.dataset.daily.get(index) else {
        return Ok(());
    };
    s.figure(
        row,
        at!(DAILY, "engagements_total"),
        day.metrics.engagements(),
        Kind::Count,
    )?;
    s.boolean(row, at!(DAILY, "sns"), from.config.is_sns(&day.platform.id))
}

/// Whether a touch's channel is SNS.
fn touch_sns(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(touch) = from.dataset.touches.get(index) else {
        return Ok(());
    };
    s.boolean(
        row,
        at!(TOUCHES, "sns"),
        from.config.is_sns(&touch.channel.id),
    )
}

/// Whether a cost's channel is SNS, and for a row spread over a period, its part of it.
fn cost_sns(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(cost) = from.dataset.costs.get(index) else {
        return Ok(());
    };
    s.boolean(row, at!(COSTS, "sns"), from.config.is_sns(&cost.channel.id))?;
    let Some(spread) = &cost.spread else {
        return Ok(());
    };
    let period = format!("{}..{}", spread.period.start, spread.period.end);
    s.text(row, at!(COSTS, "period"), &period)?;
    s.figure(
        row,
        at!(COSTS, "period_days"),
        u64::from(spread.days),
        Kind::Count,
    )?;
    s.figure(
        row,
        at!(COSTS, "period_part"),
        u64::from(spread.part),
        Kind::Count,
    )
}

/// The last day a traffic row covers, which the sessions formulas pro-rate over.
fn traffic_last_day(s: &mut SheetWriter, row: u32, index: usize, from: &Derived) -> XResult {
    let Some(traffic) = from.dataset.traffic.get(index) else {
        return Ok(());
    };
    s.date(row, at!(TRAFFIC, "last_day"), Some(traffic.last_day()))
}

/// One input field's cell, as its schema type shows it; a channel's id goes in its `_id` column.
fn write_field(s: &mut SheetWriter, row: u32, column: &InputColumn, value: FieldValue) -> XResult {
    let at = column.at;
    match value {
        FieldValue::Empty => Ok(()),
        FieldValue::Text(text) => s.text(row, at, text),
        FieldValue::Channel(channel) => {
            s.text(row, at, &channel.written)?;
            match column.id_at {
                Some(id_at) => s.text(row, id_at, &channel.id),
                None => Ok(()),
            }
        }
        FieldValue::DateTime(time) => s.datetime(row, at, time),
        FieldValue::Date(date) if column.kind == ColumnKind::Month => s.month(row, at, date),
        FieldValue::Date(date) => s.date(row, at, Some(date)),
        FieldValue::Span(span) => s.text(row, at, &format!("{}..{}", span.start, span.end)),
        FieldValue::Number(number) => {
            let kind = match column.kind {
                ColumnKind::Number(kind) => kind,
                _ => Kind::Decimal,
            };
            s.number(row, at, Some(number), kind)
        }
        FieldValue::OfMetric { value, metric } => {
            s.number(row, at, Some(value), Kind::of_metric(metric))
        }
    }
}

/// A table over as many sheets as it needs (`rows_per_sheet` data rows each, under a header row),
/// each a streamed sheet: rows go to disk as they are written, so memory stays flat however long
/// the table is.
fn table_sheets<'a>(
    table: &'static DataTable,
    name: &str,
    from: Derived<'a>,
    order: Option<&'a [usize]>,
    rows_per_sheet: u32,
) -> Vec<StreamedSheet<'a>> {
    let columns = table.columns;
    let records = from.dataset.records(table.table());
    let count = records.map_or(0, |r| r.count());
    let headers = columns.headers();
    let kinds = columns.kinds();
    let inputs = columns.inputs();
    let derived = derived_columns(table.table());
    let source_file = col(columns, "source_file");
    let source_sheet = col(columns, "source_sheet");
    let source_row = col(columns, "source_row");
    sheet_ranges(name, count, rows_per_sheet as usize)
        .into_iter()
        .map(|(part, rows)| {
            let (headers, kinds, inputs) = (headers.clone(), kinds.clone(), inputs.clone());
            StreamedSheet::new(part, move |sheet| {
                sheet.column_formats(&kinds)?;
                sheet.header_row(0, &headers)?;
                let written = rows.len() as u32;
                for (offset, at) in rows.enumerate() {
                    let index = order.map_or(at, |order| order[at]);
                    let Some(record) = records.and_then(|r| r.record(index)) else {
                        continue;
                    };
                    let row = offset as u32 + 1;
                    for input in &inputs {
                        let value = record.field(input.field).unwrap_or(FieldValue::Empty);
                        write_field(sheet, row, input, value)?;
                    }
                    if let Some(derived) = derived {
                        derived(sheet, row, index, &from)?;
                    }
                    let source = record.source();
                    sheet.text(row, source_file, &source.file)?;
                    sheet.text(row, source_sheet, &source.sheet)?;
                    let row_number = Some(f64::from(source.row));
                    sheet.number(row, source_row, row_number, Kind::Count)?;
                }
                sheet.table(0, written, headers.len())
            })
        })
        .collect()
}

/// The data sheets, their rows where `layout` placed them. `rows_per_sheet` is Excel's limit less
/// the header row, except in tests. A table written only with rows (`only_with_rows`) is written
/// too when an input sheet was read as it (`tables_read`), so the Checks sheet's count of its
/// accepted rows has a sheet to count on.
pub fn data_sheets<'a>(
    dataset: &'a Dataset,
    links: &'a Links,
    config: &'a Config,
    names: &'a SheetNames,
    layout: &'a Layout,
    rows_per_sheet: u32,
    tables_read: &[&str],
) -> Vec<StreamedSheet<'a>> {
    let from = Derived {
        dataset,
        links,
        config,
    };
    DATA_TABLES
        .iter()
        .filter(|table| {
            !table.only_with_rows
                || tables_read.contains(&table.table())
                || dataset
                    .records(table.table())
                    .is_some_and(|r| r.count() > 0)
        })
        .flat_map(|table| {
            let name = names.data_sheet(table.table());
            let order = layout.order(table.table());
            table_sheets(table, name, from, order, rows_per_sheet)
        })
        .collect()
}

/// Data rows one sheet holds below its header row.
pub const ROWS_PER_SHEET: u32 = EXCEL_MAX_ROWS - 1;

#[cfg(test)]
mod tests {
    use super::*;

    /// A table whose columns list derived columns (besides where the row came from) has the code
    /// that writes them, and only such a table.
    #[test]
    fn every_table_with_derived_columns_has_their_code() {
        let inputs_and_source = |table: &DataTable| {
            let inputs = table.columns.inputs();
            let ids = inputs.iter().filter(|c| c.id_at.is_some()).count();
            inputs.len() + ids + 3
        };
        for table in DATA_TABLES {
            let derived = table.columns.list.len() > inputs_and_source(table);
            assert_eq!(
                derived_columns(table.table()).is_some(),
                derived,
                "{}",
                table.table()
            );
        }
    }
}
