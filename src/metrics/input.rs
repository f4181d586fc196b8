//! The inputs of a metrics computation and the questions every family of figures asks of them:
//! which dates are events, whether a date is in the period, a deal's channel, whether cost and
//! traffic are known at all.

use chrono::NaiveDate;

use crate::attribution::Attribution;
use crate::channels::UNATTRIBUTED;
use crate::config::{Config, Period};
use crate::link::Links;
use crate::model::{Dataset, DealStatus};

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

pub(crate) fn in_period(period: Option<Period>, date: NaiveDate) -> bool {
    period.is_none_or(|p| p.contains(date))
}

/// The channel key of a deal: its lead's acquisition channel, else `unattributed`.
pub(crate) fn deal_channel(input: &MetricsInput, lead_id: Option<&str>) -> String {
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
