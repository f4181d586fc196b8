//! The data sheets (SPEC section 6, item 13): every accepted row of every table as cleaned canonical
//! columns, the derived columns linking adds, and the file / sheet / row it came from. Together with
//! the rejected rows on the Data quality sheet they account for every input row. Columns outside
//! the schema (names, e-mail addresses ...) are never copied.
//!
//! A table longer than a sheet can hold continues on `<name> (2)`, `<name> (3)` ...

use std::collections::{HashMap, HashSet};

use super::columns::{at, col, Columns, COSTS, CUSTOM, DEALS, LEADS, POSTS, TARGETS, TOUCHES};
use super::stream::{split_sheets, StreamedSheet, EXCEL_MAX_ROWS};
use super::style::Kind;
use super::writer::{SheetWriter, XResult};
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

/// One data table: its sheet name, its columns, its rows and where each row came from.
struct Table<'d, T> {
    name: &'d str,
    columns: &'static Columns,
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
    let headers = table.columns.headers();
    let kinds = table.columns.kinds();
    split_sheets(table.name, table.rows, rows_per_sheet as usize)
        .into_iter()
        .map(|part| {
            let (headers, kinds) = (headers.clone(), kinds.clone());
            let source = table.source;
            let source_file = col(table.columns, "source_file");
            let source_sheet = col(table.columns, "source_sheet");
            let source_row = col(table.columns, "source_row");
            StreamedSheet::new(part.name, move |sheet| {
                sheet.column_formats(&kinds)?;
                sheet.header_row(0, &headers)?;
                for (offset, item) in part.items.iter().enumerate() {
                    let row = offset as u32 + 1;
                    write_row(sheet, row, part.first_index + offset, item)?;
                    let source = source(item);
                    sheet.text(row, source_file, &source.file)?;
                    sheet.text(row, source_sheet, &source.sheet)?;
                    let row_number = Some(f64::from(source.row));
                    sheet.number(row, source_row, row_number, Kind::Count)?;
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
        columns: &LEADS,
        rows: &dataset.leads,
        source: |l| &l.source,
    };
    let mut sheets = split_table(leads, rows_per_sheet, move |s, row, index, lead| {
        s.text(row, at!(LEADS, "lead_id"), &lead.lead_id)?;
        s.datetime(row, at!(LEADS, "created_at"), lead.created_at)?;
        s.opt_text(
            row,
            at!(LEADS, "channel"),
            lead.channel.as_ref().map(|c| c.written.as_str()),
        )?;
        s.opt_text(
            row,
            at!(LEADS, "channel_id"),
            lead.channel.as_ref().map(|c| c.id.as_str()),
        )?;
        s.opt_text(row, at!(LEADS, "post_id"), lead.post_id.as_deref())?;
        s.opt_text(row, at!(LEADS, "utm_source"), lead.utm_source.as_deref())?;
        s.opt_text(row, at!(LEADS, "utm_medium"), lead.utm_medium.as_deref())?;
        s.opt_text(
            row,
            at!(LEADS, "utm_campaign"),
            lead.utm_campaign.as_deref(),
        )?;
        s.opt_text(row, at!(LEADS, "utm_content"), lead.utm_content.as_deref())?;
        s.opt_text(row, at!(LEADS, "account"), lead.account.as_deref())?;
        s.opt_text(
            row,
            at!(LEADS, "conversion_type"),
            lead.conversion_type.as_deref(),
        )?;
        s.date(row, at!(LEADS, "mql_at"), lead.mql_at)?;
        if let Some(link) = links.leads.get(index) {
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
            s.boolean(row, at!(LEADS, "sns"), link.sns)?;
        }
        Ok(())
    });

    let deals = Table {
        name: &names.deals,
        columns: &DEALS,
        rows: &dataset.deals,
        source: |d| &d.source,
    };
    sheets.extend(split_table(
        deals,
        rows_per_sheet,
        move |s, row, _, deal| {
            s.text(row, at!(DEALS, "deal_id"), &deal.deal_id)?;
            s.opt_text(row, at!(DEALS, "lead_id"), deal.lead_id.as_deref())?;
            s.opt_text(row, at!(DEALS, "account"), deal.account.as_deref())?;
            s.date(row, at!(DEALS, "created_at"), Some(deal.created_at))?;
            s.text(row, at!(DEALS, "status"), deal.status.as_str())?;
            s.number(row, at!(DEALS, "amount"), deal.amount, Kind::Money)?;
            s.date(row, at!(DEALS, "closed_at"), deal.closed_at)?;
            s.number(row, at!(DEALS, "mrr"), deal.mrr, Kind::Money)?;
            s.number(
                row,
                at!(DEALS, "contract_months"),
                deal.contract_months.map(f64::from),
                Kind::Count,
            )?;
            let lead = deal.lead_id.as_deref().and_then(|id| links.lead(id));
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
            s.number(row, at!(DEALS, "monthly_revenue"), monthly, Kind::Money)?;
            Ok(())
        },
    ));

    let posts = Table {
        name: &names.posts_data,
        columns: &POSTS,
        rows: &dataset.posts,
        source: |p| &p.source,
    };
    sheets.extend(split_table(
        posts,
        rows_per_sheet,
        move |s, row, _, post| {
            s.text(row, at!(POSTS, "post_id"), &post.post_id)?;
            s.text(row, at!(POSTS, "platform"), &post.platform.written)?;
            s.text(row, at!(POSTS, "platform_id"), &post.platform.id)?;
            s.datetime(row, at!(POSTS, "published_at"), post.published_at)?;
            s.opt_text(row, at!(POSTS, "campaign"), post.campaign.as_deref())?;
            s.opt_text(row, at!(POSTS, "title"), post.title.as_deref())?;
            s.opt_text(row, at!(POSTS, "url"), post.url.as_deref())?;
            s.opt_text(row, at!(POSTS, "format"), post.format.as_deref())?;
            let m = &post.metrics;
            let counts = [
                (at!(POSTS, "impressions"), m.impressions),
                (at!(POSTS, "reach"), m.reach),
                (at!(POSTS, "engagements"), m.engagements),
                (at!(POSTS, "reactions"), m.reactions),
                (at!(POSTS, "comments"), m.comments),
                (at!(POSTS, "shares"), m.shares),
                (at!(POSTS, "saves"), m.saves),
                (at!(POSTS, "clicks"), m.clicks),
                (at!(POSTS, "video_views"), m.video_views),
                (at!(POSTS, "video_completions"), m.video_completions),
            ];
            for (col, value) in counts {
                s.number(row, col, value.map(|v| v as f64), Kind::Count)?;
            }
            s.number(row, at!(POSTS, "spend"), post.spend, Kind::Money)?;
            s.figure(
                row,
                at!(POSTS, "engagements_total"),
                post.engagements(),
                Kind::Count,
            )?;
            s.boolean(row, at!(POSTS, "sns"), sns(&post.platform.id))?;
            Ok(())
        },
    ));

    let touches = Table {
        name: &names.touches,
        columns: &TOUCHES,
        rows: &dataset.touches,
        source: |t| &t.source,
    };
    sheets.extend(split_table(
        touches,
        rows_per_sheet,
        move |s, row, _, touch| {
            s.text(row, at!(TOUCHES, "lead_id"), &touch.lead_id)?;
            s.datetime(row, at!(TOUCHES, "touched_at"), touch.touched_at)?;
            s.text(row, at!(TOUCHES, "channel"), &touch.channel.written)?;
            s.text(row, at!(TOUCHES, "channel_id"), &touch.channel.id)?;
            s.opt_text(row, at!(TOUCHES, "post_id"), touch.post_id.as_deref())?;
            s.opt_text(row, at!(TOUCHES, "campaign"), touch.campaign.as_deref())?;
            s.opt_text(row, at!(TOUCHES, "touch_type"), touch.touch_type.as_deref())?;
            s.boolean(row, at!(TOUCHES, "sns"), sns(&touch.channel.id))?;
            Ok(())
        },
    ));

    let costs = Table {
        name: &names.costs,
        columns: &COSTS,
        rows: &dataset.costs,
        source: |c| &c.source,
    };
    sheets.extend(split_table(
        costs,
        rows_per_sheet,
        move |s, row, _, cost| {
            s.month(row, at!(COSTS, "month"), cost.month)?;
            s.text(row, at!(COSTS, "channel"), &cost.channel.written)?;
            s.text(row, at!(COSTS, "channel_id"), &cost.channel.id)?;
            s.opt_text(row, at!(COSTS, "category"), cost.category.as_deref())?;
            s.number(row, at!(COSTS, "amount"), Some(cost.amount), Kind::Money)?;
            s.boolean(row, at!(COSTS, "sns"), sns(&cost.channel.id))?;
            Ok(())
        },
    ));

    let targets = Table {
        name: &names.targets,
        columns: &TARGETS,
        rows: &dataset.targets,
        source: |t| &t.source,
    };
    sheets.extend(split_table(
        targets,
        rows_per_sheet,
        move |s, row, _, target| {
            s.text(row, at!(TARGETS, "metric"), &target.metric)?;
            s.number(
                row,
                at!(TARGETS, "target"),
                Some(target.target),
                Kind::of_metric(&target.metric),
            )?;
            if let Some(month) = target.month {
                s.month(row, at!(TARGETS, "month"), month)?;
            }
            s.opt_text(
                row,
                at!(TARGETS, "channel"),
                target.channel.as_ref().map(|c| c.written.as_str()),
            )?;
            s.opt_text(
                row,
                at!(TARGETS, "channel_id"),
                target.channel.as_ref().map(|c| c.id.as_str()),
            )?;
            s.text(
                row,
                at!(TARGETS, "kind"),
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
        columns: &CUSTOM,
        rows: &dataset.custom,
        source: |c| &c.source,
    };
    sheets.extend(split_table(
        custom,
        rows_per_sheet,
        move |s, row, _, metric| {
            s.text(row, at!(CUSTOM, "metric"), &metric.metric)?;
            s.month(row, at!(CUSTOM, "month"), metric.month)?;
            s.number(row, at!(CUSTOM, "value"), Some(metric.value), Kind::Decimal)?;
            s.number(
                row,
                at!(CUSTOM, "layer"),
                Some(f64::from(metric.layer)),
                Kind::Count,
            )?;
            Ok(())
        },
    ));
    sheets
}

/// Data rows one sheet holds below its header row.
pub const ROWS_PER_SHEET: u32 = EXCEL_MAX_ROWS - 1;
