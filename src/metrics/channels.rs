//! The Channels sheet's figures and the totals: one pass over costs, leads, deals and credits that
//! counts each event by its own date into its channel (the lead's acquisition channel,
//! `unattributed` for a deal without a lead) and into the totals, then the ratios of the catalogue.
//! Not for platforms, posts or months (their own files), which this pass or `compute` calls.

use std::collections::BTreeMap;

use serde::Serialize;

use super::input::{
    days_in_period, deal_channel, has_channel_cost_data, has_cost_data, has_traffic_data,
    in_period, MetricsInput,
};
use super::level::LevelFigures;
use super::ltv::{ltv, monthly_revenue, LtvFigures};
use super::platforms::{platform_figures, PlatformFigures};
use crate::catalog::{ratio, Level, MetricId, Part};
use crate::channels::{OTHER_CHANNELS, UNATTRIBUTED};
use crate::config::{Config, Period};
use crate::model::{Deal, DealStatus, Lead};

/// Whether a lead counts in `part` in the period (SPEC section 3, each event by its own date):
/// leads by `created_at`, mql by `mql_at`; it counts under its acquisition channel. The one rule
/// `figures` and `explain` both count leads by.
pub fn lead_counts(part: Part, lead: &Lead, period: Option<Period>) -> bool {
    match part {
        Part::Leads => in_period(period, lead.created_at.date()),
        Part::Mql => lead.mql_at.is_some_and(|d| in_period(period, d)),
        _ => false,
    }
}

/// Whether a deal counts in `part` in the period: opportunities by `created_at`, won (and its
/// revenue) and lost by the `closed_at` of won / lost deals; it counts under `deal_channel`. The
/// one rule `figures` and `explain` both count deals by.
pub fn deal_counts(part: Part, deal: &Deal, period: Option<Period>) -> bool {
    let closed_with = |status: DealStatus| {
        deal.status == status && deal.closed_at.is_some_and(|d| in_period(period, d))
    };
    match part {
        Part::Opportunities => in_period(period, deal.created_at),
        Part::Won | Part::Revenue => closed_with(DealStatus::Won),
        Part::Lost => closed_with(DealStatus::Lost),
        _ => false,
    }
}

/// Figures of one channel (rows of the Channels sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChannelFigures {
    pub channel: String,
    pub sns: bool,
    /// `None` when the inputs hold no cost row of this channel (`has_channel_cost_data`):
    /// unknown, not zero.
    pub cost: Option<f64>,
    pub leads: u64,
    pub mql: u64,
    pub opportunities: u64,
    pub won: u64,
    /// Lost deals closed in the period (not in `is_all_zero`: a channel with only lost deals stays
    /// left out, as before the per-channel rates).
    pub lost: u64,
    pub attributed_won: f64,
    pub attributed_revenue: f64,
    /// Web analytics sessions in the period; `None` when the inputs hold no traffic row
    /// (`has_traffic_data`): unknown, not zero.
    pub sessions: Option<f64>,
    /// Key events (GA4) in the period, likewise.
    pub key_events: Option<f64>,
    /// The configured gross margin (ROI reads it).
    pub gross_margin: f64,
}

impl ChannelFigures {
    fn is_all_zero(&self) -> bool {
        self.cost.unwrap_or(0.0) == 0.0
            && self.sessions.unwrap_or(0.0) == 0.0
            && self.leads == 0
            && self.mql == 0
            && self.opportunities == 0
            && self.won == 0
            && self.attributed_won == 0.0
    }
}

/// A channel's counted figures; its ratios are the catalogue's formulas over them (`LevelFigures`).
impl LevelFigures for ChannelFigures {
    const LEVEL: Level = Level::Channel;

    fn counted(&self, metric: MetricId) -> Option<f64> {
        Some(match metric.on_one_channel() {
            MetricId::Cost => return self.cost,
            MetricId::Leads => self.leads as f64,
            MetricId::Mql => self.mql as f64,
            MetricId::Opportunities => self.opportunities as f64,
            MetricId::Won => self.won as f64,
            MetricId::Lost => self.lost as f64,
            MetricId::AttributedWon => self.attributed_won,
            MetricId::AttributedRevenue => self.attributed_revenue,
            MetricId::Sessions => return self.sessions,
            MetricId::KeyEvents => return self.key_events,
            _ => return None,
        })
    }

    fn gross_margin(&self) -> Option<f64> {
        Some(self.gross_margin)
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
    /// `None` without traffic rows, like a channel's.
    pub sessions: Option<f64>,
    pub key_events: Option<f64>,
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
    /// The configured gross margin (ROI, payback months).
    pub gross_margin: f64,
}

impl Figures {
    pub fn channel(&self, id: &str) -> Option<&ChannelFigures> {
        self.channels.iter().find(|c| c.channel == id)
    }
}

/// The counted figures over all channels; their ratios are the catalogue's formulas over them
/// (`LevelFigures`).
impl LevelFigures for Figures {
    const LEVEL: Level = Level::Total;

    fn counted(&self, metric: MetricId) -> Option<f64> {
        let t = &self.totals;
        let platform_total =
            |f: fn(&PlatformFigures) -> u64| self.platforms.iter().map(f).sum::<u64>() as f64;
        Some(match metric.over_all_channels() {
            MetricId::Cost => return t.cost,
            MetricId::SnsCost => return t.sns_cost,
            MetricId::Leads => t.leads as f64,
            MetricId::SnsLeads => t.sns_leads as f64,
            MetricId::Mql => t.mql as f64,
            MetricId::Opportunities => t.opportunities as f64,
            MetricId::Won => t.won as f64,
            MetricId::Lost => t.lost as f64,
            MetricId::Revenue => t.revenue,
            MetricId::SnsAttributedWon => t.sns_attributed_won,
            MetricId::SnsAttributedRevenue => t.sns_attributed_revenue,
            MetricId::Sessions => return t.sessions,
            MetricId::KeyEvents => return t.key_events,
            MetricId::Arpa => return self.ltv.arpa,
            MetricId::Ltv => return self.ltv.ltv,
            MetricId::Posts => platform_total(|p| p.posts),
            MetricId::Impressions => platform_total(|p| p.impressions),
            MetricId::Reach => platform_total(|p| p.reach),
            MetricId::Engagements => platform_total(|p| p.engagements),
            MetricId::Clicks => platform_total(|p| p.clicks),
            _ => return None,
        })
    }

    fn gross_margin(&self) -> Option<f64> {
        Some(self.gross_margin)
    }
}

/// Every figure for one period.
pub fn figures(input: &MetricsInput, period: Option<Period>) -> Figures {
    let mut tally = Tally::new(input, period);
    tally.costs();
    tally.traffic();
    tally.leads();
    tally.deals();
    tally.attributed();
    tally.sns_attributed();
    let Tally {
        channels,
        totals,
        conversions,
        arpa_values,
        ..
    } = tally;
    let arpa = ratio(arpa_values.iter().sum(), arpa_values.len() as f64);
    let ltv = ltv(input.config, arpa, totals.revenue, totals.won);
    Figures {
        totals,
        channels: ordered_channels(input.config, channels),
        platforms: platform_figures(input, period),
        ltv,
        conversions,
        gross_margin: input.config.gross_margin,
    }
}

/// The figures of one period as they are counted: each table's events into their channel and
/// into the totals, then the ratios.
struct Tally<'i> {
    input: &'i MetricsInput<'i>,
    period: Option<Period>,
    /// `Some(0.0)` when the inputs hold traffic rows: sessions are known.
    known_traffic: Option<f64>,
    channels: BTreeMap<String, ChannelFigures>,
    totals: Totals,
    conversions: BTreeMap<String, u64>,
    /// The monthly revenue of each won deal that says it, for ARPA.
    arpa_values: Vec<f64>,
}

/// Adds to a sum that is known; an unknown one (no cost or traffic rows) stays unknown.
fn add(sum: &mut Option<f64>, amount: f64) {
    if let Some(sum) = sum {
        *sum += amount;
    }
}

impl<'i> Tally<'i> {
    fn new(input: &'i MetricsInput<'i>, period: Option<Period>) -> Tally<'i> {
        let known_cost = has_cost_data(input.dataset).then_some(0.0);
        let known_traffic = has_traffic_data(input.dataset).then_some(0.0);
        Tally {
            input,
            period,
            known_traffic,
            channels: BTreeMap::new(),
            totals: Totals {
                cost: known_cost,
                sns_cost: known_cost,
                sessions: known_traffic,
                key_events: known_traffic,
                ..Totals::default()
            },
            conversions: BTreeMap::new(),
            arpa_values: Vec::new(),
        }
    }

    /// The figures of channel `id`, made at its first event (its id is copied only then).
    fn channel(&mut self, id: &str) -> &mut ChannelFigures {
        if !self.channels.contains_key(id) {
            let (config, dataset) = (self.input.config, self.input.dataset);
            let figures = ChannelFigures {
                channel: id.to_string(),
                sns: config.is_sns(id),
                cost: has_channel_cost_data(dataset, id).then_some(0.0),
                sessions: self.known_traffic,
                key_events: self.known_traffic,
                gross_margin: config.gross_margin,
                ..ChannelFigures::default()
            };
            self.channels.insert(id.to_string(), figures);
        }
        self.channels
            .get_mut(id)
            .expect("inserted above when it was missing")
    }

    /// Costs by month in the period; every sum starts at `Some(0.0)` here (a cost row exists, so
    /// cost is known).
    fn costs(&mut self) {
        let (input, period) = (self.input, self.period);
        for cost in input
            .dataset
            .costs
            .iter()
            .filter(|c| in_period(period, c.month))
        {
            add(&mut self.channel(&cost.channel.id).cost, cost.amount);
            add(&mut self.totals.cost, cost.amount);
            if input.config.is_sns(&cost.channel.id) {
                add(&mut self.totals.sns_cost, cost.amount);
            }
        }
    }

    /// Sessions and key events. A row over several days counts the share of its days in the
    /// period, as the Channels sheet's SUMPRODUCT does: figure x days in / days.
    fn traffic(&mut self) {
        for traffic in &self.input.dataset.traffic {
            let (inside, of) = days_in_period(self.period, traffic.date, traffic.last_day());
            if inside <= 0 {
                continue;
            }
            let share = |figure: f64| figure * inside as f64 / of as f64;
            let sessions = share(traffic.sessions as f64);
            let key_events = share(traffic.key_events.unwrap_or(0.0));
            let c = self.channel(&traffic.channel.id);
            add(&mut c.sessions, sessions);
            add(&mut c.key_events, key_events);
            add(&mut self.totals.sessions, sessions);
            add(&mut self.totals.key_events, key_events);
        }
    }

    /// Leads and MQLs under their acquisition channel, and the leads per conversion type.
    fn leads(&mut self) {
        let input = self.input;
        for linked in &input.links.leads {
            let lead = &input.dataset.leads[linked.lead_index];
            let channel = &linked.acquisition_channel;
            if lead_counts(Part::Leads, lead, self.period) {
                self.channel(channel).leads += 1;
                self.totals.leads += 1;
                if linked.sns {
                    self.totals.sns_leads += 1;
                }
                if let Some(kind) = lead.conversion_type.as_ref().filter(|k| !k.is_empty()) {
                    *self.conversions.entry(kind.clone()).or_insert(0) += 1;
                }
            }
            if lead_counts(Part::Mql, lead, self.period) {
                self.channel(channel).mql += 1;
                self.totals.mql += 1;
            }
        }
    }

    /// Opportunities, won deals (their revenue and monthly revenue) and lost deals under
    /// `deal_channel`.
    fn deals(&mut self) {
        let input = self.input;
        for deal in &input.dataset.deals {
            let channel = deal_channel(input, deal.lead_id.as_deref());
            if deal_counts(Part::Opportunities, deal, self.period) {
                self.channel(&channel).opportunities += 1;
                self.totals.opportunities += 1;
            }
            if deal_counts(Part::Won, deal, self.period) {
                self.channel(&channel).won += 1;
                self.totals.won += 1;
                let amount = deal.amount.unwrap_or(0.0);
                self.totals.revenue += amount;
                if let Some(m) = monthly_revenue(deal) {
                    self.arpa_values.push(m);
                }
            } else if deal_counts(Part::Lost, deal, self.period) {
                self.channel(&channel).lost += 1;
                self.totals.lost += 1;
            }
        }
    }

    /// The credits and revenue the report's model attributes to each channel.
    fn attributed(&mut self) {
        let input = self.input;
        let (attributed_won, attributed_revenue) =
            attributed_by_channel(input, &input.config.model, self.period);
        for (channel, credit) in &attributed_won {
            let c = self.channel(channel);
            c.attributed_won = *credit;
            c.attributed_revenue = attributed_revenue.get(channel).copied().unwrap_or(0.0);
        }
    }

    /// The SNS channels' attributed totals.
    fn sns_attributed(&mut self) {
        let totals = &mut self.totals;
        for c in self.channels.values().filter(|c| c.sns) {
            totals.sns_attributed_won += c.attributed_won;
            totals.sns_attributed_revenue += c.attributed_revenue;
        }
    }
}

/// Attributed won and revenue per channel under `model`, over won deals closed in period, summed
/// in the order of the credit lines (deal input order, then journey order).
pub(super) fn attributed_by_channel(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Level, METRICS};
    use crate::config::LtvMethod;

    fn channel() -> ChannelFigures {
        let some = Some(1.0);
        ChannelFigures {
            channel: "x".into(),
            sns: true,
            cost: some,
            leads: 1,
            mql: 1,
            opportunities: 1,
            won: 1,
            lost: 1,
            attributed_won: 1.0,
            attributed_revenue: 1.0,
            sessions: some,
            key_events: some,
            gross_margin: 1.0,
        }
    }

    /// Every catalogue metric of a channel is answered by id, and no other: a metric added to the
    /// catalogue cannot be forgotten here silently.
    #[test]
    fn a_channel_answers_exactly_the_catalogue_metrics_of_a_channel() {
        let figures = channel();
        for m in &METRICS {
            assert_eq!(
                figures.value(m.id).is_some(),
                m.is_answered_by(Level::Channel),
                "{}",
                m.id
            );
        }
    }

    #[test]
    fn the_totals_answer_exactly_the_catalogue_metrics_of_the_totals() {
        let some = Some(1.0);
        let figures = Figures {
            totals: Totals {
                cost: some,
                sns_cost: some,
                leads: 1,
                sns_leads: 1,
                mql: 1,
                opportunities: 1,
                won: 1,
                lost: 1,
                revenue: 1.0,
                sns_attributed_won: 1.0,
                sns_attributed_revenue: 1.0,
                sessions: some,
                key_events: some,
            },
            channels: vec![channel()],
            platforms: vec![PlatformFigures::default()],
            ltv: LtvFigures {
                method: LtvMethod::Deal,
                arpa: some,
                ltv: some,
            },
            conversions: BTreeMap::new(),
            gross_margin: 1.0,
        };
        for m in &METRICS {
            assert_eq!(
                figures.value(m.id).is_some(),
                m.is_answered_by(Level::Total),
                "{}",
                m.id
            );
        }
    }
}
