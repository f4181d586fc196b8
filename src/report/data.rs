//! The data sheets (SPEC section 6, item 13): every accepted row of every table as cleaned canonical
//! columns, the derived columns linking adds, and the file / sheet / row it came from. Together with
//! the rejected rows on the Data quality sheet they account for every input row. Columns outside
//! the schema (names, e-mail addresses ...) are never copied.
//!
//! A table longer than a sheet can hold continues on `<name> (2)`, `<name> (3)` ...

use std::collections::{HashMap, HashSet};

use super::cells::{
    col_index, split_sheets, ColumnKind, Kind, SheetWriter, StreamedSheet, XResult, EXCEL_MAX_ROWS,
};
use super::SheetNames;
use crate::config::Config;
use crate::issues::Issue;
use crate::link::Links;
use crate::model::{Dataset, SourceRef};

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
}

impl Layout {
    /// Records where the rows of one table land: data row `i` of a part is sheet row `i + 2`.
    fn place(&mut self, name: &str, sources: &[&SourceRef], rows_per_sheet: u32) {
        let parts = split_sheets(name, sources, rows_per_sheet as usize);
        if parts.len() > 1 {
            self.continued.push((name.to_string(), parts.len()));
        }
        for part in parts {
            for (offset, source) in part.items.iter().enumerate() {
                self.locator.insert(source, &part.name, offset as u32 + 2);
            }
        }
    }
}

/// Where every data row will stand, and which tables continue on more sheets.
pub fn layout(
    dataset: &Dataset,
    names: &SheetNames,
    rows_per_sheet: u32,
    issues: &[Issue],
) -> Layout {
    let mut layout = Layout {
        locator: RowLocator::for_issues(issues),
        continued: Vec::new(),
    };
    let d = dataset;
    let tables: [(&str, Vec<&SourceRef>); 7] = [
        (&names.leads, d.leads.iter().map(|r| &r.source).collect()),
        (&names.deals, d.deals.iter().map(|r| &r.source).collect()),
        (
            &names.posts_data,
            d.posts.iter().map(|r| &r.source).collect(),
        ),
        (
            &names.touches,
            d.touches.iter().map(|r| &r.source).collect(),
        ),
        (&names.costs, d.costs.iter().map(|r| &r.source).collect()),
        (
            &names.targets,
            d.targets.iter().map(|r| &r.source).collect(),
        ),
        (&names.custom, d.custom.iter().map(|r| &r.source).collect()),
    ];
    for (name, sources) in tables {
        layout.place(name, &sources, rows_per_sheet);
    }
    layout
}

/// Column headers of each data sheet (canonical field ids, then derived columns); the source
/// columns follow them. Formulas find their columns here.
pub const LEAD_HEADERS: [&str; 16] = [
    "lead_id",
    "created_at",
    "channel",
    "channel_id",
    "post_id",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "account",
    "conversion_type",
    "mql_at",
    "acquisition_channel",
    "linked_post",
    "link_reason",
    "sns",
];

pub const DEAL_HEADERS: [&str; 12] = [
    "deal_id",
    "lead_id",
    "account",
    "created_at",
    "status",
    "amount",
    "closed_at",
    "mrr",
    "contract_months",
    "acquisition_channel",
    "linked_post",
    "monthly_revenue",
];

pub const POST_HEADERS: [&str; 21] = [
    "post_id",
    "platform",
    "platform_id",
    "published_at",
    "campaign",
    "title",
    "url",
    "format",
    "impressions",
    "reach",
    "engagements",
    "reactions",
    "comments",
    "shares",
    "saves",
    "clicks",
    "video_views",
    "video_completions",
    "spend",
    "engagements_total",
    "sns",
];

pub const TOUCH_HEADERS: [&str; 8] = [
    "lead_id",
    "touched_at",
    "channel",
    "channel_id",
    "post_id",
    "campaign",
    "touch_type",
    "sns",
];

pub const COST_HEADERS: [&str; 6] = [
    "month",
    "channel",
    "channel_id",
    "category",
    "amount",
    "sns",
];

pub const TARGET_HEADERS: [&str; 6] =
    ["metric", "target", "month", "channel", "channel_id", "kind"];

pub const CUSTOM_HEADERS: [&str; 4] = ["metric", "month", "value", "layer"];

/// Headers of the source columns every data sheet ends with.
const SOURCE_HEADERS: [&str; 3] = ["source_file", "source_sheet", "source_row"];

/// One data table: its rows, its headers and how one row is written.
struct Table<'d, T> {
    name: &'d str,
    headers: &'d [&'d str],
    rows: &'d [T],
    source: fn(&T) -> &SourceRef,
}

/// A table over as many sheets as it needs (`rows_per_sheet` data rows each, under a header row),
/// each a streamed sheet: rows go to disk as they are written, so memory stays flat however long
/// the table is.
fn split_table<'a, T: Sync>(
    table: Table<'a, T>,
    rows_per_sheet: u32,
    write_row: impl Fn(&mut SheetWriter, u32, usize, &T) -> XResult + Copy + Send + 'a,
) -> Vec<StreamedSheet<'a>> {
    let headers: Vec<&str> = table
        .headers
        .iter()
        .chain(SOURCE_HEADERS.iter())
        .copied()
        .collect();
    let kinds: Vec<ColumnKind> = headers.iter().map(|h| column_kind(table.name, h)).collect();
    split_sheets(table.name, table.rows, rows_per_sheet as usize)
        .into_iter()
        .map(|part| {
            let (headers, kinds) = (headers.clone(), kinds.clone());
            let (source, source_col) = (table.source, col_index(table.headers.len()));
            StreamedSheet::new(part.name, move |sheet| {
                sheet.column_formats(&kinds)?;
                sheet.header_row(0, &headers)?;
                for (offset, item) in part.items.iter().enumerate() {
                    let row = offset as u32 + 1;
                    write_row(sheet, row, part.first_index + offset, item)?;
                    let source = source(item);
                    sheet.text(row, source_col, &source.file)?;
                    sheet.text(row, source_col + 1, &source.sheet)?;
                    let source_row = Some(f64::from(source.row));
                    sheet.number(row, source_col + 2, source_row, Kind::Count)?;
                }
                sheet.table(0, part.items.len() as u32, headers.len())
            })
        })
        .collect()
}

/// The data sheets, in the order `layout` placed them. `rows_per_sheet` is Excel's limit less the
/// header row, except in tests.
pub fn data_sheets<'a>(
    dataset: &'a Dataset,
    links: &'a Links,
    config: &'a Config,
    names: &'a SheetNames,
    rows_per_sheet: u32,
) -> Vec<StreamedSheet<'a>> {
    let sns = |id: &str| config.is_sns(id);

    let leads = Table {
        name: &names.leads,
        headers: &LEAD_HEADERS,
        rows: &dataset.leads,
        source: |l| &l.source,
    };
    let mut sheets = split_table(leads, rows_per_sheet, move |s, row, index, lead| {
        s.text(row, 0, &lead.lead_id)?;
        s.datetime(row, 1, lead.created_at)?;
        s.opt_text(row, 2, lead.channel.as_ref().map(|c| c.written.as_str()))?;
        s.opt_text(row, 3, lead.channel.as_ref().map(|c| c.id.as_str()))?;
        s.opt_text(row, 4, lead.post_id.as_deref())?;
        s.opt_text(row, 5, lead.utm_source.as_deref())?;
        s.opt_text(row, 6, lead.utm_medium.as_deref())?;
        s.opt_text(row, 7, lead.utm_campaign.as_deref())?;
        s.opt_text(row, 8, lead.utm_content.as_deref())?;
        s.opt_text(row, 9, lead.account.as_deref())?;
        s.opt_text(row, 10, lead.conversion_type.as_deref())?;
        s.date(row, 11, lead.mql_at)?;
        if let Some(link) = links.leads.get(index) {
            s.text(row, 12, &link.acquisition_channel)?;
            s.opt_text(row, 13, link.linked_post.as_deref())?;
            s.opt_text(row, 14, link.link_reason.map(|r| r.as_str()))?;
            s.boolean(row, 15, link.sns)?;
        }
        Ok(())
    });

    let deals = Table {
        name: &names.deals,
        headers: &DEAL_HEADERS,
        rows: &dataset.deals,
        source: |d| &d.source,
    };
    sheets.extend(split_table(
        deals,
        rows_per_sheet,
        move |s, row, _, deal| {
            s.text(row, 0, &deal.deal_id)?;
            s.opt_text(row, 1, deal.lead_id.as_deref())?;
            s.opt_text(row, 2, deal.account.as_deref())?;
            s.date(row, 3, Some(deal.created_at))?;
            s.text(row, 4, deal.status.as_str())?;
            s.number(row, 5, deal.amount, Kind::Money)?;
            s.date(row, 6, deal.closed_at)?;
            s.number(row, 7, deal.mrr, Kind::Money)?;
            s.number(row, 8, deal.contract_months.map(f64::from), Kind::Count)?;
            let lead = deal.lead_id.as_deref().and_then(|id| links.lead(id));
            let channel = lead.map_or(crate::channels::UNATTRIBUTED, |l| {
                l.acquisition_channel.as_str()
            });
            s.text(row, 9, channel)?;
            s.opt_text(row, 10, lead.and_then(|l| l.linked_post.as_deref()))?;
            // What ARPA averages: mrr, else amount / contract_months.
            let monthly = crate::metrics::ltv::monthly_revenue(deal);
            s.number(row, 11, monthly, Kind::Money)?;
            Ok(())
        },
    ));

    let posts = Table {
        name: &names.posts_data,
        headers: &POST_HEADERS,
        rows: &dataset.posts,
        source: |p| &p.source,
    };
    sheets.extend(split_table(
        posts,
        rows_per_sheet,
        move |s, row, _, post| {
            s.text(row, 0, &post.post_id)?;
            s.text(row, 1, &post.platform.written)?;
            s.text(row, 2, &post.platform.id)?;
            s.datetime(row, 3, post.published_at)?;
            s.opt_text(row, 4, post.campaign.as_deref())?;
            s.opt_text(row, 5, post.title.as_deref())?;
            s.opt_text(row, 6, post.url.as_deref())?;
            s.opt_text(row, 7, post.format.as_deref())?;
            let m = &post.metrics;
            let counts = [
                m.impressions,
                m.reach,
                m.engagements,
                m.reactions,
                m.comments,
                m.shares,
                m.saves,
                m.clicks,
                m.video_views,
                m.video_completions,
            ];
            for (i, value) in counts.iter().enumerate() {
                s.number(row, col_index(8 + i), value.map(|v| v as f64), Kind::Count)?;
            }
            s.number(row, 18, post.spend, Kind::Money)?;
            s.figure(row, 19, post.engagements(), Kind::Count)?;
            s.boolean(row, 20, sns(&post.platform.id))?;
            Ok(())
        },
    ));

    let touches = Table {
        name: &names.touches,
        headers: &TOUCH_HEADERS,
        rows: &dataset.touches,
        source: |t| &t.source,
    };
    sheets.extend(split_table(
        touches,
        rows_per_sheet,
        move |s, row, _, touch| {
            s.text(row, 0, &touch.lead_id)?;
            s.datetime(row, 1, touch.touched_at)?;
            s.text(row, 2, &touch.channel.written)?;
            s.text(row, 3, &touch.channel.id)?;
            s.opt_text(row, 4, touch.post_id.as_deref())?;
            s.opt_text(row, 5, touch.campaign.as_deref())?;
            s.opt_text(row, 6, touch.touch_type.as_deref())?;
            s.boolean(row, 7, sns(&touch.channel.id))?;
            Ok(())
        },
    ));

    let costs = Table {
        name: &names.costs,
        headers: &COST_HEADERS,
        rows: &dataset.costs,
        source: |c| &c.source,
    };
    sheets.extend(split_table(
        costs,
        rows_per_sheet,
        move |s, row, _, cost| {
            s.month(row, 0, cost.month)?;
            s.text(row, 1, &cost.channel.written)?;
            s.text(row, 2, &cost.channel.id)?;
            s.opt_text(row, 3, cost.category.as_deref())?;
            s.number(row, 4, Some(cost.amount), Kind::Money)?;
            s.boolean(row, 5, sns(&cost.channel.id))?;
            Ok(())
        },
    ));

    let targets = Table {
        name: &names.targets,
        headers: &TARGET_HEADERS,
        rows: &dataset.targets,
        source: |t| &t.source,
    };
    sheets.extend(split_table(
        targets,
        rows_per_sheet,
        move |s, row, _, target| {
            s.text(row, 0, &target.metric)?;
            s.number(row, 1, Some(target.target), Kind::of_metric(&target.metric))?;
            if let Some(month) = target.month {
                s.month(row, 2, month)?;
            }
            s.opt_text(row, 3, target.channel.as_ref().map(|c| c.written.as_str()))?;
            s.opt_text(row, 4, target.channel.as_ref().map(|c| c.id.as_str()))?;
            s.text(
                row,
                5,
                if target.kind == crate::model::TargetKind::Kgi {
                    "KGI"
                } else {
                    "KPI"
                },
            )?;
            Ok(())
        },
    ));

    let custom = Table {
        name: &names.custom,
        headers: &CUSTOM_HEADERS,
        rows: &dataset.custom,
        source: |c| &c.source,
    };
    sheets.extend(split_table(
        custom,
        rows_per_sheet,
        move |s, row, _, metric| {
            s.text(row, 0, &metric.metric)?;
            s.month(row, 1, metric.month)?;
            s.number(row, 2, Some(metric.value), Kind::Decimal)?;
            s.number(row, 3, Some(f64::from(metric.layer)), Kind::Count)?;
            Ok(())
        },
    ));
    sheets
}

/// How a data-sheet column is shown, by its header. Lead and touch times keep their time of day;
/// deal dates are days.
pub fn column_kind(sheet: &str, header: &str) -> ColumnKind {
    let is_deals = sheet.contains("商談") || sheet.starts_with("Deals");
    match header {
        "created_at" if is_deals => ColumnKind::Date,
        "created_at" | "touched_at" | "published_at" | "touch_at" => ColumnKind::DateTime,
        "mql_at" | "closed_at" => ColumnKind::Date,
        "month" => ColumnKind::Month,
        "amount" | "mrr" | "spend" | "monthly_revenue" | "deal_amount" | "attributed_amount" => {
            ColumnKind::Number(Kind::Money)
        }
        "credit" | "value" | "target" => ColumnKind::Number(Kind::Decimal),
        "impressions" | "reach" | "engagements" | "reactions" | "comments" | "shares" | "saves"
        | "clicks" | "video_views" | "video_completions" | "engagements_total"
        | "contract_months" | "source_row" | "layer" => ColumnKind::Number(Kind::Count),
        _ => ColumnKind::Text,
    }
}

/// Data rows one sheet holds below its header row.
pub const ROWS_PER_SHEET: u32 = EXCEL_MAX_ROWS - 1;
