//! The funnel: impressions -> engagements -> clicks (posts published in period) -> [sessions] ->
//! leads -> mql -> opportunities -> won -> revenue, with the conversion rate between each stage; in
//! total and per SNS platform. The sessions stage is there only when web analytics was read (a
//! platform's sessions are its channel's).

use serde::Serialize;

use super::channels::Figures;
use crate::catalog::{ratio, MetricId};

/// The stages in funnel order (sessions, when known, stand before the leads).
pub const STAGES: [MetricId; 8] = [
    MetricId::Impressions,
    MetricId::Engagements,
    MetricId::Clicks,
    MetricId::Leads,
    MetricId::Mql,
    MetricId::Opportunities,
    MetricId::Won,
    MetricId::Revenue,
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStage {
    pub stage: MetricId,
    pub value: f64,
    /// value / previous stage's value; `None` for the first stage, for revenue (a money amount,
    /// not a count), for sessions (every channel's visits, not the posts' clicks above them), and
    /// when the previous stage is zero.
    pub rate: Option<f64>,
}

impl FunnelStage {
    /// Whether the stage has a rate over the stage above it (revenue and sessions have none).
    pub fn rate_follows_the_stage_above(&self) -> bool {
        has_rate(self.stage)
    }
}

/// Revenue is money, and sessions are every channel's visits, not the posts' clicks above them:
/// neither is a conversion of the stage above.
fn has_rate(stage: MetricId) -> bool {
    !matches!(stage, MetricId::Revenue | MetricId::Sessions)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    pub total: Vec<FunnelStage>,
    /// Per SNS platform, in the configured SNS order.
    pub platforms: Vec<(String, Vec<FunnelStage>)>,
}

/// The stages of one column: `values` in `STAGES` order, with `sessions` before the leads when
/// known.
fn stages(values: [f64; 8], sessions: Option<f64>) -> Vec<FunnelStage> {
    let mut named: Vec<(MetricId, f64)> = STAGES.iter().copied().zip(values).collect();
    if let Some(sessions) = sessions {
        named.insert(3, (MetricId::Sessions, sessions));
    }
    let mut out: Vec<FunnelStage> = Vec::with_capacity(named.len());
    for (i, (stage, value)) in named.into_iter().enumerate() {
        let rate = match i {
            0 => None,
            _ if !has_rate(stage) => None,
            _ => ratio(value, out[i - 1].value),
        };
        out.push(FunnelStage { stage, value, rate });
    }
    out
}

pub fn funnel(figures: &Figures) -> Funnel {
    let posts_total = |f: fn(&super::platforms::PlatformFigures) -> u64| {
        figures.platforms.iter().map(f).sum::<u64>() as f64
    };
    let t = &figures.totals;
    let total = stages(
        [
            posts_total(|p| p.impressions),
            posts_total(|p| p.engagements),
            posts_total(|p| p.clicks),
            t.leads as f64,
            t.mql as f64,
            t.opportunities as f64,
            t.won as f64,
            t.revenue,
        ],
        t.sessions,
    );
    let platforms = figures
        .platforms
        .iter()
        .map(|p| {
            (
                p.platform.clone(),
                stages(
                    [
                        p.impressions as f64,
                        p.engagements as f64,
                        p.clicks as f64,
                        p.leads as f64,
                        p.mql as f64,
                        p.opportunities as f64,
                        p.won as f64,
                        p.revenue,
                    ],
                    t.sessions.map(|_| {
                        figures
                            .channel(&p.platform)
                            .and_then(|c| c.sessions)
                            .unwrap_or(0.0)
                    }),
                ),
            )
        })
        .collect();
    Funnel { total, platforms }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_stand_before_the_leads_with_no_rate_and_the_leads_rate_is_per_session() {
        let values = [1000.0, 100.0, 40.0, 8.0, 4.0, 2.0, 1.0, 500.0];
        let without = stages(values, None);
        assert_eq!(without.len(), 8);
        assert_eq!(without[3].rate, Some(8.0 / 40.0));
        let with = stages(values, Some(400.0));
        let names: Vec<&str> = with.iter().map(|s| s.stage.as_str()).collect();
        assert_eq!(&names[2..5], ["clicks", "sessions", "leads"]);
        assert_eq!(with[3].rate, None, "sessions are no conversion of clicks");
        assert_eq!(with[4].rate, Some(8.0 / 400.0), "leads per session");
    }
}
