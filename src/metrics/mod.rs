//! Metrics (SPEC section 3): everything the report and the summary JSON show, computed from the
//! validated dataset, its links and the attribution credits. Each event counts by its own date:
//! leads by created_at, MQL by mql_at, opportunities by deal created_at, won deals and revenue by
//! the closed_at of won deals, costs by month. This file holds the inputs, the period and
//! `compute`; each family of figures sits in the file named after the report sheet it feeds.

pub mod channels;
pub mod comparison;
pub mod explain;
pub mod funnel;
pub mod kpi_tree;
pub mod ltv;
pub mod monthly;
pub mod pacing;
pub mod plan;
pub mod platforms;
pub mod posts;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::attribution::Attribution;
use crate::catalog::ratio_opt;
use crate::channels::UNATTRIBUTED;
use crate::config::{Config, Period};
use crate::link::Links;
use crate::model::{Dataset, DealStatus};

use channels::attributed_by_channel;
pub use channels::{channel_ids, figures, ChannelFigures, Figures, Totals};
pub use comparison::{Comparison, NoComparison};
pub use funnel::{Funnel, FunnelStage};
pub use kpi_tree::{KpiRow, KpiStatus};
pub use ltv::LtvFigures;
pub use monthly::{months, MonthFigures};
pub use platforms::PlatformFigures;
pub use posts::{high_engagement_threshold, PostFigures};

/// The whole computation for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// The report period; `None` only when the input holds no dated row at all.
    pub period: Option<Period>,
    pub model: String,
    pub gross_margin: f64,
    pub figures: Figures,
    pub funnel: Funnel,
    pub posts: Vec<PostFigures>,
    pub monthly: Vec<MonthFigures>,
    /// Attributed revenue per model per channel, for won deals closed in period.
    pub attribution: BTreeMap<String, BTreeMap<String, f64>>,
    /// Attributed won (credit sums) per model per channel.
    pub attribution_won: BTreeMap<String, BTreeMap<String, f64>>,
    pub kpi: Vec<KpiRow>,
    /// Actual to date against pro-rated targets; `None` without a period.
    pub pacing: Option<pacing::Pacing>,
    /// The compared period's figures, or why there are none (SPEC section 10).
    pub comparison: Comparison,
}

/// The inputs of a metrics computation.
pub struct MetricsInput<'a> {
    pub dataset: &'a Dataset,
    pub links: &'a Links,
    /// Credits of every won deal (not period-filtered; lines carry closed_at).
    pub attribution: &'a Attribution,
    pub config: &'a Config,
}

/// The dates of the events figures count: leads created and turned MQL, deals created and
/// closed, posts published (not costs, whose rows book whole months, nor touches). An open deal's
/// close date is the expected one CRMs write (Salesforce, HubSpot, Zoho): no event.
pub fn event_dates(dataset: &Dataset) -> impl Iterator<Item = NaiveDate> + '_ {
    dataset
        .leads
        .iter()
        .flat_map(|l| [Some(l.created_at.date()), l.mql_at])
        .chain(dataset.deals.iter().flat_map(|d| {
            let closed = d.closed_at.filter(|_| d.status != DealStatus::Open);
            [Some(d.created_at), closed]
        }))
        .chain(dataset.posts.iter().map(|p| Some(p.published_at.date())))
        .flatten()
}

/// Whether any dated row of the inputs falls in `period`: an event (`event_dates`), a cost month
/// that overlaps it, a day of the daily table or a touch. A period with none is said on stderr and
/// on the Summary (SPEC section 7), not written silently as zeros.
pub fn period_holds_data(dataset: &Dataset, period: Period) -> bool {
    let month_overlaps = |month: NaiveDate| {
        let last = month
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(month);
        month <= period.end && last >= period.start
    };
    event_dates(dataset).any(|d| period.contains(d))
        || dataset.costs.iter().any(|c| month_overlaps(c.month))
        || dataset.daily.iter().any(|d| period.contains(d.date))
        || dataset
            .touches
            .iter()
            .any(|t| period.contains(t.touched_at.date()))
}

/// The report period: the configured one, else the span of all dated rows (all data). Touches are
/// left out of the span: they are counted in no figure, and journeys reach back before the first lead.
pub fn report_period(dataset: &Dataset, configured: Option<Period>) -> Option<Period> {
    if configured.is_some() {
        return configured;
    }
    let dates = event_dates(dataset)
        .map(Some)
        .chain(dataset.costs.iter().map(|c| {
            c.month
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
        }))
        .chain(dataset.costs.iter().map(|c| Some(c.month)))
        .chain(dataset.traffic.iter().map(|t| Some(t.date)))
        .chain(dataset.traffic.iter().map(|t| Some(t.last_day())))
        .flatten();
    let (mut start, mut end) = (None::<NaiveDate>, None::<NaiveDate>);
    for date in dates {
        start = Some(start.map_or(date, |s| s.min(date)));
        end = Some(end.map_or(date, |e| e.max(date)));
    }
    Some(Period {
        start: start?,
        end: end?,
    })
}

/// Computes every figure for the report.
pub fn compute(input: &MetricsInput, period: Option<Period>) -> Metrics {
    let figures = figures(input, period);
    let funnel = funnel::funnel(&figures);
    let posts = posts::post_figures(input, period);
    let monthly = monthly::monthly(input, period);
    let mut attribution = BTreeMap::new();
    let mut attribution_won = BTreeMap::new();
    for model in &input.attribution.model_ids {
        let (won, revenue) = attributed_by_channel(input, model, period);
        attribution.insert(model.clone(), revenue);
        attribution_won.insert(model.clone(), won);
    }
    let mut kpi = kpi_tree::kpi_tree(input, period, &figures);
    let pacing = pacing::pacing(input, period, &monthly);
    if let Some(pacing) = &pacing {
        for row in kpi.iter_mut() {
            if row.month.is_none() && !row.custom && crate::catalog::adds_up(&row.metric) {
                row.target_to_date = row.target.map(|t| t * pacing.elapsed);
                row.pace = ratio_opt(row.actual, row.target_to_date);
            }
        }
    }
    Metrics {
        period,
        model: input.config.model.clone(),
        gross_margin: input.config.gross_margin,
        figures,
        funnel,
        posts,
        monthly,
        attribution,
        attribution_won,
        kpi,
        pacing,
        comparison: comparison::comparison(input, period),
    }
}

pub(super) fn in_period(period: Option<Period>, date: NaiveDate) -> bool {
    period.is_none_or(|p| p.contains(date))
}

/// The channel key of a deal: its lead's acquisition channel, else `unattributed`.
pub(super) fn deal_channel(input: &MetricsInput, lead_id: Option<&str>) -> String {
    lead_id
        .and_then(|id| input.links.lead(id))
        .map(|l| l.acquisition_channel.clone())
        .unwrap_or_else(|| UNATTRIBUTED.to_string())
}

/// Whether the inputs hold any cost row. Without one, cost is unknown, not zero (SPEC section 3):
/// cost and every figure made from it are `None`. A costs sheet whose every row was rejected counts
/// as none (its rows are errors on the Data quality sheet); cost rows only outside the period
/// are cost data, so the period's cost is 0.
pub fn has_cost_data(dataset: &Dataset) -> bool {
    !dataset.costs.is_empty()
}

/// Whether the inputs hold a cost row of `channel` (any month). A channel with leads but no cost row
/// while other channels have some (organic search, referral) has an unknown cost, not 0 (SPEC
/// section 10): its cost and every figure made from it are `None`. The totals stay the sum of the
/// cost rows.
pub fn has_channel_cost_data(dataset: &Dataset, channel: &str) -> bool {
    dataset.costs.iter().any(|c| c.channel.id == channel)
}

/// Whether the inputs hold web analytics rows (the `traffic` table): without any, sessions are
/// unknown, not zero, and the report shows no sessions at all.
pub fn has_traffic_data(dataset: &Dataset) -> bool {
    !dataset.traffic.is_empty()
}

/// How many of the days `first ..= last` (a traffic row's) fall in the period, and how many days
/// that is: a row counts `in / of` of its figures (pro-rated by days; all of it without a period).
pub fn days_in_period(period: Option<Period>, first: NaiveDate, last: NaiveDate) -> (i64, i64) {
    let of = (last - first).num_days() + 1;
    let Some(period) = period else {
        return (of, of);
    };
    let (from, to) = (first.max(period.start), last.min(period.end));
    (((to - from).num_days() + 1).max(0), of)
}
