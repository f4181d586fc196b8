//! The reverse plan from the KGI (逆算, SPEC section 3): from a revenue target, the won deals,
//! opportunities, leads and sessions needed at the period's rates, beside the actual figures and the
//! gap. Required figures are exact quotients (a plan of 99.2 won deals says 99.2); the terminal text
//! rounds them up to whole deals, leads and sessions.

use serde::Serialize;

use super::channels::Figures;
use super::level::LevelFigures;
use crate::catalog::{ratio_opt, MetricId};
use crate::model::{Dataset, TargetKind};

/// The four stages of the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stages {
    pub won: Option<f64>,
    pub opportunities: Option<f64>,
    pub leads: Option<f64>,
    pub sessions: Option<f64>,
}

impl Stages {
    /// The figure of a stage; `None` for a metric that is no stage of the plan.
    pub fn get(&self, stage: MetricId) -> Option<f64> {
        match stage {
            MetricId::Won => self.won,
            MetricId::Opportunities => self.opportunities,
            MetricId::Leads => self.leads,
            MetricId::Sessions => self.sessions,
            _ => None,
        }
    }
}

/// The stages in plan order.
pub const STAGES: [MetricId; 4] = [
    MetricId::Won,
    MetricId::Opportunities,
    MetricId::Leads,
    MetricId::Sessions,
];

/// The rates a plan divides by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlanRates {
    pub average_won_amount: Option<f64>,
    pub win_rate: Option<f64>,
    pub opportunity_rate: Option<f64>,
    pub cv_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReversePlan {
    pub target_revenue: f64,
    pub rates: PlanRates,
    pub required: Stages,
    /// Sessions have an actual only when web analytics was read (the traffic table).
    pub actual: Stages,
    /// required − actual, where both are known.
    pub gap: Stages,
}

/// The reverse plan of the analysis, made once by `compute` and read by the Plan sheet and
/// `kpibook plan`: from the targets table's KGI revenue target, at the period's rates. Without
/// that target the rates and the actual figures still stand, and nothing is required.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KgiPlan {
    /// The whole-period KGI revenue target of the targets table, if any.
    pub target: Option<f64>,
    /// The plan for `target` (for a target of 0 when there is none).
    pub plan: ReversePlan,
}

impl KgiPlan {
    /// The plan from `dataset`'s KGI revenue target at the period's rates (`totals`) and the
    /// configured `cv_rate`.
    pub fn of(dataset: &Dataset, totals: &Figures, cv_rate: f64) -> KgiPlan {
        let target = kgi_revenue_target(dataset);
        KgiPlan {
            target,
            plan: reverse_plan(target.unwrap_or(0.0), totals, cv_rate),
        }
    }

    /// What `stage` requires; `None` without a target.
    pub fn required(&self, stage: MetricId) -> Option<f64> {
        self.target.and(self.plan.required.get(stage))
    }

    /// required − actual at `stage`; `None` without a target.
    pub fn gap(&self, stage: MetricId) -> Option<f64> {
        self.target.and(self.plan.gap.get(stage))
    }
}

/// The whole-period KGI revenue target of the targets table, if any.
fn kgi_revenue_target(dataset: &Dataset) -> Option<f64> {
    dataset
        .targets
        .iter()
        .find(|t| {
            t.kind == TargetKind::Kgi
                && t.metric.is(MetricId::Revenue)
                && t.month.is_none()
                && t.channel.is_none()
        })
        .map(|t| t.target)
}

/// The plan for `target_revenue` at the period's rates (`totals`) and the configured `cv_rate`.
pub fn reverse_plan(target_revenue: f64, totals: &Figures, cv_rate: f64) -> ReversePlan {
    let rates = PlanRates {
        average_won_amount: totals.value(MetricId::AverageWonAmount),
        win_rate: totals.value(MetricId::WinRate),
        opportunity_rate: totals.value(MetricId::OpportunityRate),
        cv_rate,
    };
    let won = ratio_opt(Some(target_revenue), rates.average_won_amount);
    let opportunities = ratio_opt(won, rates.win_rate);
    let leads = ratio_opt(opportunities, rates.opportunity_rate);
    let sessions = ratio_opt(leads, Some(cv_rate));
    let required = Stages {
        won,
        opportunities,
        leads,
        sessions,
    };
    let actual = Stages {
        won: Some(totals.totals.won as f64),
        opportunities: Some(totals.totals.opportunities as f64),
        leads: Some(totals.totals.leads as f64),
        sessions: totals.totals.sessions,
    };
    let gap = |r: Option<f64>, a: Option<f64>| Some(r? - a?);
    ReversePlan {
        target_revenue,
        rates,
        gap: Stages {
            won: gap(required.won, actual.won),
            opportunities: gap(required.opportunities, actual.opportunities),
            leads: gap(required.leads, actual.leads),
            sessions: gap(required.sessions, actual.sessions),
        },
        required,
        actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(won: u64, lost: u64, revenue: f64, opportunities: u64, leads: u64) -> Figures {
        Figures {
            totals: crate::metrics::Totals {
                won,
                lost,
                revenue,
                opportunities,
                leads,
                ..Default::default()
            },
            channels: Vec::new(),
            platforms: Vec::new(),
            ltv: crate::metrics::LtvFigures {
                method: crate::config::LtvMethod::Deal,
                arpa: None,
                ltv: None,
            },
            conversions: Default::default(),
            gross_margin: 1.0,
        }
    }

    #[test]
    fn the_issue_example_works_back_from_120_million() {
        // Average won amount 1,200,000 (10 won for 12,000,000); win rate 25% (10 won, 30 lost);
        // opportunity rate 10% (40 opportunities from 400 leads); cv_rate 1%.
        let t = totals(10, 30, 12_000_000.0, 40, 400);
        let plan = reverse_plan(120_000_000.0, &t, 0.01);
        // 120,000,000 / 1,200,000 = 100 won; / 25% = 400 opportunities; / 10% = 4,000 leads;
        // / 1% = 400,000 sessions.
        assert_eq!(plan.required.won, Some(100.0));
        assert_eq!(plan.required.opportunities, Some(400.0));
        assert_eq!(plan.required.leads, Some(4_000.0));
        assert_eq!(plan.required.sessions, Some(400_000.0));
        assert_eq!(plan.gap.won, Some(90.0));
        assert_eq!(plan.gap.opportunities, Some(360.0));
        assert_eq!(plan.gap.leads, Some(3_600.0));
        assert_eq!(plan.gap.sessions, None, "sessions have no actual");
    }

    #[test]
    fn a_missing_rate_leaves_the_stages_after_it_empty() {
        // Nothing won: no average amount, so nothing can be worked back.
        let plan = reverse_plan(1_000_000.0, &totals(0, 5, 0.0, 10, 100), 0.01);
        assert_eq!(plan.required, Stages::default());
        // Won deals but no lead: the leads and sessions stages are empty.
        let plan = reverse_plan(1_000_000.0, &totals(2, 2, 1_000_000.0, 4, 0), 0.01);
        assert_eq!(plan.required.won, Some(2.0));
        assert_eq!(plan.required.opportunities, Some(4.0));
        assert_eq!(plan.required.leads, None);
        assert_eq!(plan.required.sessions, None);
    }
}
