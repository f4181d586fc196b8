//! The figures of each SNS platform (layer 3 of the KPI tree and the platform funnels): its posts
//! published in period, and the lead stages of leads acquired on it. Not for single posts
//! (posts.rs).

use std::collections::BTreeMap;

use serde::Serialize;

use super::input::{deal_channel, in_period, MetricsInput};
use super::level::LevelFigures;
use crate::catalog::{ratio, Level, MetricId};
use crate::config::{EngagementBasis, Period};
use crate::model::DealStatus;

/// Figures of one SNS platform's posts and leads (layer 3 and the platform funnels).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlatformFigures {
    pub platform: String,
    /// Whether its post stages (impressions … video views) come from its `daily` rows: it has
    /// no post rows in the period (SPEC section 3, the funnel).
    pub from_daily: bool,
    pub posts: u64,
    pub impressions: u64,
    pub reach: u64,
    pub engagements: u64,
    pub clicks: u64,
    pub video_views: u64,
    pub video_completions: u64,
    /// Engagements over impressions, or over reach (`engagement_rate_basis`).
    pub engagement_rate: Option<f64>,
    /// Lead stages of leads whose acquisition channel is this platform.
    pub leads: u64,
    pub mql: u64,
    pub opportunities: u64,
    pub won: u64,
    pub revenue: f64,
}

/// A platform's counted figures (and its engagement rate, on the configured basis); its other
/// rates are the catalogue's formulas over them (`LevelFigures`).
impl LevelFigures for PlatformFigures {
    const LEVEL: Level = Level::Platform;

    fn counted(&self, metric: MetricId) -> Option<f64> {
        Some(match metric {
            MetricId::Posts => self.posts as f64,
            MetricId::Impressions => self.impressions as f64,
            MetricId::Reach => self.reach as f64,
            MetricId::Engagements => self.engagements as f64,
            MetricId::Clicks => self.clicks as f64,
            MetricId::VideoViews => self.video_views as f64,
            MetricId::VideoCompletions => self.video_completions as f64,
            MetricId::EngagementRate => return self.engagement_rate,
            _ => return None,
        })
    }
}

/// Per SNS platform: its posts published in period, and the lead stages of leads acquired on it.
pub(super) fn platform_figures(
    input: &MetricsInput,
    period: Option<Period>,
) -> Vec<PlatformFigures> {
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
    // A platform with no post rows in the period takes its post stages from its daily rows.
    let posted: Vec<String> = platforms.keys().cloned().collect();
    for day in input
        .dataset
        .daily
        .iter()
        .filter(|d| in_period(period, d.date) && !posted.contains(&d.platform.id))
    {
        let p = platforms
            .entry(day.platform.id.clone())
            .or_insert_with(|| PlatformFigures {
                platform: day.platform.id.clone(),
                from_daily: true,
                ..Default::default()
            });
        let m = &day.metrics;
        p.impressions += m.impressions.unwrap_or(0);
        p.reach += m.reach.unwrap_or(0);
        p.engagements += m.engagements();
        p.clicks += m.clicks.unwrap_or(0);
        p.video_views += m.video_views.unwrap_or(0);
        let basis = match config.engagement_rate_basis {
            EngagementBasis::Impressions => m.impressions,
            EngagementBasis::Reach => m.reach,
        };
        *engagement_basis.entry(day.platform.id.clone()).or_insert(0) += basis.unwrap_or(0);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Level, METRICS};

    /// Every catalogue metric of a platform is answered by id, and no other.
    #[test]
    fn a_platform_answers_exactly_the_catalogue_metrics_of_a_platform() {
        let some = Some(1.0);
        let figures = PlatformFigures {
            engagement_rate: some,
            impressions: 1,
            clicks: 1,
            video_views: 1,
            video_completions: 1,
            ..PlatformFigures::default()
        };
        for m in &METRICS {
            assert_eq!(
                figures.value(m.id).is_some(),
                m.is_answered_by(Level::Platform),
                "{}",
                m.id
            );
        }
    }
}
