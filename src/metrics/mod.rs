//! Metrics (SPEC section 3): everything the report and the summary JSON show, computed from the
//! validated dataset, its links and the attribution credits. Each event counts by its own date:
//! leads by created_at, MQL by mql_at, opportunities by deal created_at, won deals and revenue by
//! the closed_at of won deals, costs by month.

pub mod explain;
pub mod funnel;
pub mod kpi_tree;
pub mod pacing;
pub mod plan;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::attribution::Attribution;
use crate::catalog::{cac, cost_per_mql, cpa, ratio, ratio_opt, roas, roi};
use crate::channels::{OTHER_CHANNELS, UNATTRIBUTED};
use crate::config::{Config, EngagementBasis, LtvMethod, Period};
use crate::link::Links;
use crate::model::{Dataset, DealStatus};

pub use funnel::{Funnel, FunnelStage};
pub use kpi_tree::{KpiRow, KpiStatus};

/// Figures of one channel (rows of the Channels sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChannelFigures {
    pub channel: String,
    pub sns: bool,
    /// `None` when the inputs hold no cost row (`has_cost_data`): unknown, not zero.
    pub cost: Option<f64>,
    pub leads: u64,
    pub mql: u64,
    pub opportunities: u64,
    pub won: u64,
    pub attributed_won: f64,
    pub attributed_revenue: f64,
    pub cpa: Option<f64>,
    pub cost_per_mql: Option<f64>,
    pub cac: Option<f64>,
    pub roas: Option<f64>,
    pub roi: Option<f64>,
}

impl ChannelFigures {
    fn is_all_zero(&self) -> bool {
        self.cost.unwrap_or(0.0) == 0.0
            && self.leads == 0
            && self.mql == 0
            && self.opportunities == 0
            && self.won == 0
            && self.attributed_won == 0.0
    }

    /// A metric by its id, for per-channel targets.
    pub fn value(&self, metric: &str) -> Option<f64> {
        Some(match metric {
            "cost" => return self.cost,
            "leads" => self.leads as f64,
            "mql" => self.mql as f64,
            "opportunities" => self.opportunities as f64,
            "won" => self.won as f64,
            "attributed_won" => self.attributed_won,
            "attributed_revenue" | "revenue" => self.attributed_revenue,
            "cpa" => return self.cpa,
            "cost_per_mql" => return self.cost_per_mql,
            "cac" => return self.cac,
            "roas" => return self.roas,
            "roi" => return self.roi,
            _ => return None,
        })
    }
}

/// Totals over all channels, and the SNS figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// `None` when the inputs hold no cost row (`has_cost_data`): unknown, not zero.
    pub cost: Option<f64>,
    pub sns_cost: Option<f64>,
    pub leads: u64,
    pub sns_leads: u64,
    pub mql: u64,
    pub opportunities: u64,
    pub won: u64,
    pub lost: u64,
    pub revenue: f64,
    pub sns_attributed_won: f64,
    pub sns_attributed_revenue: f64,
    pub cpa: Option<f64>,
    pub sns_cpa: Option<f64>,
    pub cost_per_mql: Option<f64>,
    pub cac: Option<f64>,
    pub sns_cac: Option<f64>,
    pub roas: Option<f64>,
    pub sns_roas: Option<f64>,
    pub roi: Option<f64>,
    pub sns_roi: Option<f64>,
    pub lead_to_mql: Option<f64>,
    pub mql_to_opportunity: Option<f64>,
    pub opportunity_rate: Option<f64>,
    pub win_rate: Option<f64>,
    pub average_won_amount: Option<f64>,
}

/// LTV and what depends on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LtvFigures {
    pub method: LtvMethod,
    pub arpa: Option<f64>,
    pub ltv: Option<f64>,
    pub ltv_cac: Option<f64>,
    pub payback_months: Option<f64>,
}

/// Figures of one SNS platform's posts and leads (layer 3 and the platform funnels).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlatformFigures {
    pub platform: String,
    pub posts: u64,
    pub impressions: u64,
    pub reach: u64,
    pub engagements: u64,
    pub clicks: u64,
    pub video_views: u64,
    pub video_completions: u64,
    pub engagement_rate: Option<f64>,
    pub ctr: Option<f64>,
    pub completion_rate: Option<f64>,
    /// Lead stages of leads whose acquisition channel is this platform.
    pub leads: u64,
    pub mql: u64,
    pub opportunities: u64,
    pub won: u64,
    pub revenue: f64,
}

impl PlatformFigures {
    pub fn value(&self, metric: &str) -> Option<f64> {
        Some(match metric {
            "posts" => self.posts as f64,
            "impressions" => self.impressions as f64,
            "reach" => self.reach as f64,
            "engagements" => self.engagements as f64,
            "clicks" => self.clicks as f64,
            "video_views" => self.video_views as f64,
            "video_completions" => self.video_completions as f64,
            "engagement_rate" => return self.engagement_rate,
            "ctr" => return self.ctr,
            "completion_rate" => return self.completion_rate,
            _ => return None,
        })
    }
}

/// Per post (rows of the Posts sheet and `posts` of the summary JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostFigures {
    /// Index into `Dataset::posts`.
    pub post_index: usize,
    pub post_id: String,
    pub platform: String,
    pub in_period: bool,
    pub engagements: u64,
    pub engagement_rate: Option<f64>,
    pub ctr: Option<f64>,
    pub completion_rate: Option<f64>,
    /// Leads created in period linked to the post.
    pub leads: u64,
    /// Deals created in period of leads linked to it.
    pub opportunities: u64,
    /// Won deals closed in period of leads linked to it.
    pub won: u64,
    /// Post credit x amount over won deals closed in period, under the run's model.
    pub attributed_revenue: f64,
    /// High engagement (top quarter of the period's posts by engagements) and no linked lead.
    pub flagged: bool,
}

/// One month of the Monthly sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthFigures {
    pub month: NaiveDate,
    /// `None` when the inputs hold no cost row (`has_cost_data`).
    pub cost: Option<f64>,
    pub leads: u64,
    pub mql: u64,
    pub opportunities: u64,
    pub won: u64,
    pub revenue: f64,
    pub sns_attributed_revenue: f64,
}

impl MonthFigures {
    /// One of `pacing::MONTHLY_METRICS` by its id; `None` for any other metric.
    pub fn value(&self, metric: &str) -> Option<f64> {
        Some(match metric {
            "cost" => return self.cost,
            "leads" => self.leads as f64,
            "mql" => self.mql as f64,
            "opportunities" => self.opportunities as f64,
            "won" => self.won as f64,
            "revenue" => self.revenue,
            "sns_attributed_revenue" => self.sns_attributed_revenue,
            _ => return None,
        })
    }
}

/// Everything computed for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub totals: Totals,
    pub channels: Vec<ChannelFigures>,
    pub platforms: Vec<PlatformFigures>,
    pub ltv: LtvFigures,
    /// Leads created in period per conversion_type as written (empty type left out).
    pub conversions: BTreeMap<String, u64>,
}

impl Figures {
    /// A total metric by its id (layer 1 and 2 metrics, the summary's totals).
    pub fn value(&self, metric: &str) -> Option<f64> {
        let t = &self.totals;
        Some(match metric {
            "cost" => return t.cost,
            "sns_cost" => return t.sns_cost,
            "leads" => t.leads as f64,
            "sns_leads" => t.sns_leads as f64,
            "mql" => t.mql as f64,
            "opportunities" => t.opportunities as f64,
            "won" | "attributed_won" => t.won as f64,
            "lost" => t.lost as f64,
            "revenue" | "attributed_revenue" => t.revenue,
            "sns_attributed_won" => t.sns_attributed_won,
            "sns_attributed_revenue" => t.sns_attributed_revenue,
            "cpa" => return t.cpa,
            "sns_cpa" => return t.sns_cpa,
            "cost_per_mql" => return t.cost_per_mql,
            "cac" => return t.cac,
            "sns_cac" => return t.sns_cac,
            "roas" => return t.roas,
            "sns_roas" => return t.sns_roas,
            "roi" => return t.roi,
            "sns_roi" => return t.sns_roi,
            "lead_to_mql" => return t.lead_to_mql,
            "mql_to_opportunity" => return t.mql_to_opportunity,
            "opportunity_rate" => return t.opportunity_rate,
            "win_rate" => return t.win_rate,
            "average_won_amount" => return t.average_won_amount,
            "arpa" => return self.ltv.arpa,
            "ltv" => return self.ltv.ltv,
            "ltv_cac" => return self.ltv.ltv_cac,
            "payback_months" => return self.ltv.payback_months,
            _ => {
                let platform_total = |f: fn(&PlatformFigures) -> u64| {
                    self.platforms.iter().map(f).sum::<u64>() as f64
                };
                match metric {
                    "posts" => platform_total(|p| p.posts),
                    "impressions" => platform_total(|p| p.impressions),
                    "reach" => platform_total(|p| p.reach),
                    "engagements" => platform_total(|p| p.engagements),
                    "clicks" => platform_total(|p| p.clicks),
                    _ => return None,
                }
            }
        })
    }

    pub fn channel(&self, id: &str) -> Option<&ChannelFigures> {
        self.channels.iter().find(|c| c.channel == id)
    }
}

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
/// closed, posts published (not costs, whose rows book whole months, nor touches).
pub fn event_dates(dataset: &Dataset) -> impl Iterator<Item = NaiveDate> + '_ {
    dataset
        .leads
        .iter()
        .flat_map(|l| [Some(l.created_at.date()), l.mql_at])
        .chain(
            dataset
                .deals
                .iter()
                .flat_map(|d| [Some(d.created_at), d.closed_at]),
        )
        .chain(dataset.posts.iter().map(|p| Some(p.published_at.date())))
        .flatten()
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
    let posts = post_figures(input, period);
    let monthly = monthly(input, period);
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
    }
}

fn in_period(period: Option<Period>, date: NaiveDate) -> bool {
    period.is_none_or(|p| p.contains(date))
}

/// Attributed won and revenue per channel under `model`, over won deals closed in period, summed
/// in the order of the credit lines (deal input order, then journey order).
fn attributed_by_channel(
    input: &MetricsInput,
    model: &str,
    period: Option<Period>,
) -> (BTreeMap<String, f64>, BTreeMap<String, f64>) {
    let mut won = BTreeMap::new();
    let mut revenue = BTreeMap::new();
    for line in input
        .attribution
        .lines(model)
        .iter()
        .filter(|l| in_period(period, l.closed_at))
    {
        *won.entry(line.channel.clone()).or_insert(0.0) += line.credit;
        *revenue.entry(line.channel.clone()).or_insert(0.0) += line.amount;
    }
    (won, revenue)
}

/// The channel key of a deal: its lead's acquisition channel, else `unattributed`.
fn deal_channel(input: &MetricsInput, lead_id: Option<&str>) -> String {
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

/// Every figure for one period.
pub fn figures(input: &MetricsInput, period: Option<Period>) -> Figures {
    let config = input.config;
    let dataset = input.dataset;
    let gm = config.gross_margin;
    let mut channels: BTreeMap<String, ChannelFigures> = BTreeMap::new();
    let known_cost = has_cost_data(dataset).then_some(0.0);
    let mut totals = Totals {
        cost: known_cost,
        sns_cost: known_cost,
        ..Totals::default()
    };
    let entry = |channels: &mut BTreeMap<String, ChannelFigures>, id: &str| {
        if !channels.contains_key(id) {
            channels.insert(
                id.to_string(),
                ChannelFigures {
                    channel: id.to_string(),
                    sns: config.is_sns(id),
                    cost: known_cost,
                    ..ChannelFigures::default()
                },
            );
        }
    };
    // Every sum starts at Some(0.0) here: a cost row exists, so cost is known.
    let add = |sum: &mut Option<f64>, amount: f64| {
        if let Some(sum) = sum {
            *sum += amount;
        }
    };
    for cost in dataset.costs.iter().filter(|c| in_period(period, c.month)) {
        entry(&mut channels, &cost.channel.id);
        if let Some(c) = channels.get_mut(&cost.channel.id) {
            add(&mut c.cost, cost.amount);
        }
        add(&mut totals.cost, cost.amount);
        if config.is_sns(&cost.channel.id) {
            add(&mut totals.sns_cost, cost.amount);
        }
    }
    let mut conversions = BTreeMap::new();
    for linked in &input.links.leads {
        let lead = &dataset.leads[linked.lead_index];
        let channel = &linked.acquisition_channel;
        if in_period(period, lead.created_at.date()) {
            entry(&mut channels, channel);
            if let Some(c) = channels.get_mut(channel) {
                c.leads += 1;
            }
            totals.leads += 1;
            if linked.sns {
                totals.sns_leads += 1;
            }
            if let Some(kind) = lead.conversion_type.as_ref().filter(|k| !k.is_empty()) {
                *conversions.entry(kind.clone()).or_insert(0) += 1;
            }
        }
        if lead.mql_at.is_some_and(|d| in_period(period, d)) {
            entry(&mut channels, channel);
            if let Some(c) = channels.get_mut(channel) {
                c.mql += 1;
            }
            totals.mql += 1;
        }
    }
    let mut won_amount_sum = 0.0;
    let mut arpa_values = Vec::new();
    for deal in &dataset.deals {
        let channel = deal_channel(input, deal.lead_id.as_deref());
        if in_period(period, deal.created_at) {
            entry(&mut channels, &channel);
            if let Some(c) = channels.get_mut(&channel) {
                c.opportunities += 1;
            }
            totals.opportunities += 1;
        }
        let closed_in_period = deal.closed_at.is_some_and(|d| in_period(period, d));
        match deal.status {
            DealStatus::Won if closed_in_period => {
                entry(&mut channels, &channel);
                if let Some(c) = channels.get_mut(&channel) {
                    c.won += 1;
                }
                totals.won += 1;
                let amount = deal.amount.unwrap_or(0.0);
                totals.revenue += amount;
                won_amount_sum += amount;
                let monthly = deal
                    .mrr
                    .or_else(|| Some(deal.amount? / f64::from(deal.contract_months?)));
                if let Some(m) = monthly {
                    arpa_values.push(m);
                }
            }
            DealStatus::Lost if closed_in_period => totals.lost += 1,
            _ => {}
        }
    }
    let (attributed_won, attributed_revenue) = attributed_by_channel(input, &config.model, period);
    for (channel, credit) in &attributed_won {
        entry(&mut channels, channel);
        if let Some(c) = channels.get_mut(channel) {
            c.attributed_won = *credit;
            c.attributed_revenue = attributed_revenue.get(channel).copied().unwrap_or(0.0);
        }
    }
    for c in channels.values_mut() {
        c.cpa = cpa(c.cost, c.leads as f64);
        c.cost_per_mql = cost_per_mql(c.cost, c.mql as f64);
        c.cac = cac(c.cost, c.attributed_won);
        c.roas = roas(c.attributed_revenue, c.cost);
        c.roi = roi(c.attributed_revenue, gm, c.cost);
        if c.sns {
            totals.sns_attributed_won += c.attributed_won;
            totals.sns_attributed_revenue += c.attributed_revenue;
        }
    }

    let t = &mut totals;
    t.cpa = cpa(t.cost, t.leads as f64);
    t.sns_cpa = cpa(t.sns_cost, t.sns_leads as f64);
    t.cost_per_mql = cost_per_mql(t.cost, t.mql as f64);
    t.cac = cac(t.cost, t.won as f64);
    t.sns_cac = cac(t.sns_cost, t.sns_attributed_won);
    t.roas = roas(t.revenue, t.cost);
    t.sns_roas = roas(t.sns_attributed_revenue, t.sns_cost);
    t.roi = roi(t.revenue, gm, t.cost);
    t.sns_roi = roi(t.sns_attributed_revenue, gm, t.sns_cost);
    t.lead_to_mql = ratio(t.mql as f64, t.leads as f64);
    t.mql_to_opportunity = ratio(t.opportunities as f64, t.mql as f64);
    t.opportunity_rate = ratio(t.opportunities as f64, t.leads as f64);
    t.win_rate = ratio(t.won as f64, (t.won + t.lost) as f64);
    t.average_won_amount = ratio(won_amount_sum, t.won as f64);

    let arpa = ratio(arpa_values.iter().sum(), arpa_values.len() as f64);
    let ltv = ltv(config, arpa, t.revenue, t.won, t.cac);

    let platforms = platform_figures(input, period);
    Figures {
        totals,
        channels: ordered_channels(config, channels),
        platforms,
        ltv,
        conversions,
    }
}

/// LTV by the configured method; by default `churn` when monthly_churn and arpa are known, else
/// `deal`. ltv_cac and payback_months use the total cac.
fn ltv(config: &Config, arpa: Option<f64>, revenue: f64, won: u64, cac: Option<f64>) -> LtvFigures {
    let gm = config.gross_margin;
    let method = config
        .ltv_method
        .unwrap_or(if config.monthly_churn.is_some() && arpa.is_some() {
            LtvMethod::Churn
        } else {
            LtvMethod::Deal
        });
    let ltv = match method {
        LtvMethod::Churn => ratio_opt(arpa.map(|a| a * gm), config.monthly_churn),
        LtvMethod::Lifetime => arpa
            .zip(config.lifetime_months)
            .map(|(a, months)| a * gm * months),
        LtvMethod::Deal => {
            ratio(revenue, won as f64).map(|avg| avg * gm * config.purchases_per_customer)
        }
    };
    LtvFigures {
        method,
        arpa,
        ltv,
        ltv_cac: ratio_opt(ltv, cac),
        payback_months: ratio_opt(cac, arpa.map(|a| a * gm)),
    }
}

/// SNS channels first in the configured order, then the other built-in channels, then any
/// other id alphabetically, `unattributed` last. Channels with every figure zero are left out.
fn ordered_channels(
    config: &Config,
    channels: BTreeMap<String, ChannelFigures>,
) -> Vec<ChannelFigures> {
    let rank = |id: &str| -> (usize, String) {
        if let Some(i) = config.sns_channels.iter().position(|c| c == id) {
            (i, String::new())
        } else if id == UNATTRIBUTED {
            (usize::MAX, String::new())
        } else if let Some(i) = OTHER_CHANNELS.iter().position(|c| *c == id) {
            (100 + i, String::new())
        } else {
            (1000, id.to_string())
        }
    };
    let mut list: Vec<ChannelFigures> = channels
        .into_values()
        .filter(|c| !c.is_all_zero())
        .collect();
    list.sort_by_key(|c| rank(&c.channel));
    list
}

/// Per SNS platform: its posts published in period, and the lead stages of leads acquired on it.
fn platform_figures(input: &MetricsInput, period: Option<Period>) -> Vec<PlatformFigures> {
    let config = input.config;
    let mut platforms: BTreeMap<String, PlatformFigures> = BTreeMap::new();
    let mut engagement_basis = BTreeMap::<String, u64>::new();
    for post in input
        .dataset
        .posts
        .iter()
        .filter(|p| in_period(period, p.published_at.date()))
    {
        let p = platforms
            .entry(post.platform.id.clone())
            .or_insert_with(|| PlatformFigures {
                platform: post.platform.id.clone(),
                ..Default::default()
            });
        let m = &post.metrics;
        p.posts += 1;
        p.impressions += m.impressions.unwrap_or(0);
        p.reach += m.reach.unwrap_or(0);
        p.engagements += post.engagements();
        p.clicks += m.clicks.unwrap_or(0);
        p.video_views += m.video_views.unwrap_or(0);
        p.video_completions += m.video_completions.unwrap_or(0);
        let basis = match config.engagement_rate_basis {
            EngagementBasis::Impressions => m.impressions,
            EngagementBasis::Reach => m.reach,
        };
        *engagement_basis
            .entry(post.platform.id.clone())
            .or_insert(0) += basis.unwrap_or(0);
    }
    for linked in &input.links.leads {
        if !config.is_sns(&linked.acquisition_channel) {
            continue;
        }
        let lead = &input.dataset.leads[linked.lead_index];
        let p = platforms
            .entry(linked.acquisition_channel.clone())
            .or_insert_with(|| PlatformFigures {
                platform: linked.acquisition_channel.clone(),
                ..Default::default()
            });
        if in_period(period, lead.created_at.date()) {
            p.leads += 1;
        }
        if lead.mql_at.is_some_and(|d| in_period(period, d)) {
            p.mql += 1;
        }
    }
    for deal in &input.dataset.deals {
        let channel = deal_channel(input, deal.lead_id.as_deref());
        let Some(p) = platforms.get_mut(&channel) else {
            continue;
        };
        if in_period(period, deal.created_at) {
            p.opportunities += 1;
        }
        if deal.status == DealStatus::Won && deal.closed_at.is_some_and(|d| in_period(period, d)) {
            p.won += 1;
            p.revenue += deal.amount.unwrap_or(0.0);
        }
    }
    for p in platforms.values_mut() {
        let basis = engagement_basis.get(&p.platform).copied().unwrap_or(0);
        p.engagement_rate = ratio(p.engagements as f64, basis as f64);
        p.ctr = ratio(p.clicks as f64, p.impressions as f64);
        p.completion_rate = ratio(p.video_completions as f64, p.video_views as f64);
    }
    let mut list: Vec<PlatformFigures> = platforms.into_values().collect();
    list.sort_by_key(|p| {
        config
            .sns_channels
            .iter()
            .position(|c| *c == p.platform)
            .unwrap_or(usize::MAX)
    });
    list
}

/// Per post figures; every accepted post is listed (`in_period` tells whether it was published in
/// the period).
fn post_figures(input: &MetricsInput, period: Option<Period>) -> Vec<PostFigures> {
    let dataset = input.dataset;
    let config = input.config;
    let mut rows: Vec<PostFigures> = dataset
        .posts
        .iter()
        .enumerate()
        .map(|(post_index, post)| {
            let m = &post.metrics;
            let engagements = post.engagements();
            let basis = match config.engagement_rate_basis {
                EngagementBasis::Impressions => m.impressions,
                EngagementBasis::Reach => m.reach,
            };
            PostFigures {
                post_index,
                post_id: post.post_id.clone(),
                platform: post.platform.id.clone(),
                in_period: in_period(period, post.published_at.date()),
                engagements,
                engagement_rate: ratio_opt(Some(engagements as f64), basis.map(|b| b as f64)),
                ctr: ratio_opt(m.clicks.map(|c| c as f64), m.impressions.map(|i| i as f64)),
                completion_rate: ratio_opt(
                    m.video_completions.map(|c| c as f64),
                    m.video_views.map(|v| v as f64),
                ),
                leads: 0,
                opportunities: 0,
                won: 0,
                attributed_revenue: 0.0,
                flagged: false,
            }
        })
        .collect();
    let index: BTreeMap<&str, usize> = dataset
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.post_id.as_str(), i))
        .collect();
    // Deals by lead, so each linked lead finds its deals without a pass over all deals.
    let mut deals_of_lead: HashMap<&str, Vec<&crate::model::Deal>> = HashMap::new();
    for deal in &dataset.deals {
        if let Some(lead_id) = deal.lead_id.as_deref() {
            deals_of_lead.entry(lead_id).or_default().push(deal);
        }
    }
    for linked in &input.links.leads {
        let Some(&i) = linked.linked_post.as_deref().and_then(|id| index.get(id)) else {
            continue;
        };
        let lead = &dataset.leads[linked.lead_index];
        if in_period(period, lead.created_at.date()) {
            rows[i].leads += 1;
        }
        let deals = deals_of_lead.get(lead.lead_id.as_str());
        for deal in deals.into_iter().flatten() {
            if in_period(period, deal.created_at) {
                rows[i].opportunities += 1;
            }
            if deal.status == DealStatus::Won
                && deal.closed_at.is_some_and(|d| in_period(period, d))
            {
                rows[i].won += 1;
            }
        }
    }
    for line in input
        .attribution
        .lines(&config.model)
        .iter()
        .filter(|l| in_period(period, l.closed_at))
    {
        if let Some(&i) = line.post_id.as_deref().and_then(|id| index.get(id)) {
            rows[i].attributed_revenue += line.amount;
        }
    }
    // Flag: no linked lead although its engagements are in the top quarter of the period's posts.
    if let Some(threshold) = high_engagement_threshold(&rows) {
        for row in rows.iter_mut().filter(|r| r.in_period) {
            row.flagged = row.leads == 0 && row.engagements > 0 && row.engagements >= threshold;
        }
    }
    rows
}

/// The engagements at which a post of the period is in the top quarter: the value three quarters
/// up the sorted list; `None` without posts in the period.
pub fn high_engagement_threshold(posts: &[PostFigures]) -> Option<u64> {
    let mut engagements: Vec<u64> = posts
        .iter()
        .filter(|r| r.in_period)
        .map(|r| r.engagements)
        .collect();
    engagements.sort_unstable();
    engagements.get(engagements.len() * 3 / 4).copied()
}

/// The months the period spans, first day of each.
pub fn months(period: Period) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(period.start.year(), period.start.month(), 1);
    while let Some(m) = month.filter(|m| *m <= period.end) {
        months.push(m);
        month = m.checked_add_months(chrono::Months::new(1));
    }
    months
}

/// Per month of the period: cost, leads, mql, opportunities, won, revenue, SNS attributed revenue.
fn monthly(input: &MetricsInput, period: Option<Period>) -> Vec<MonthFigures> {
    let Some(period) = period else {
        return Vec::new();
    };
    months(period)
        .into_iter()
        .map(|month| {
            let end = month
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(month);
            let sub = Period {
                start: month.max(period.start),
                end: end.min(period.end),
            };
            let f = figures(input, Some(sub));
            MonthFigures {
                month,
                cost: f.totals.cost,
                leads: f.totals.leads,
                mql: f.totals.mql,
                opportunities: f.totals.opportunities,
                won: f.totals.won,
                revenue: f.totals.revenue,
                sns_attributed_revenue: f.totals.sns_attributed_revenue,
            }
        })
        .collect()
}

/// The channel ids seen anywhere in figures, for callers that need a stable list.
pub fn channel_ids(metrics: &Metrics) -> BTreeSet<String> {
    metrics
        .figures
        .channels
        .iter()
        .map(|c| c.channel.clone())
        .collect()
}
