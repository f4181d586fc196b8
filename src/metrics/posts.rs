//! The Posts sheet's figures: per post, its engagement ratios, the leads, deals and attributed
//! revenue linked to it, and the flag for a high-engagement post without leads. Not for the
//! platform sums (platforms.rs).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::input::{in_period, MetricsInput};
use crate::catalog::ratio_opt;
use crate::config::{EngagementBasis, Period};
use crate::model::DealStatus;

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

/// Per post figures; every accepted post is listed (`in_period` tells whether it was published in
/// the period).
pub(super) fn post_figures(input: &MetricsInput, period: Option<Period>) -> Vec<PostFigures> {
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
