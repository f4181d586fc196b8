//! Metrics (SPEC section 3): everything the report and the summary JSON show, computed from the
//! validated dataset, its links and the attribution credits. Each event counts by its own date:
//! leads by created_at, MQL by mql_at, opportunities by deal created_at, won deals and revenue by
//! the closed_at of won deals, costs by month. This file assembles the figures (`compute`) and
//! names what the rest of the crate reads; the inputs and the questions asked of them are in
//! `input.rs`, the result in `computed.rs`, and each family of figures sits in the file named
//! after the report sheet it feeds.

pub mod channels;
pub mod comparison;
mod computed;
pub mod explain;
pub mod funnel;
mod input;
pub mod kpi_tree;
mod level;
pub mod ltv;
pub mod monthly;
pub mod pacing;
pub mod plan;
pub mod platforms;
pub mod posts;

use std::collections::BTreeMap;

use crate::catalog::ratio_opt;
use crate::config::Period;

use channels::attributed_by_channel;
pub use channels::{figures, ChannelFigures, Figures, Totals};
pub use comparison::{Comparison, NoComparison};
pub use computed::{channel_ids, Metrics};
pub use funnel::{Funnel, FunnelStage};
pub use input::{
    days_in_period, event_dates, has_channel_cost_data, has_cost_data, has_traffic_data,
    period_holds_data, report_period, MetricsInput,
};
pub use kpi_tree::{KpiRow, KpiStatus};
pub use level::LevelFigures;
pub use ltv::LtvFigures;
pub use monthly::{months, MonthFigures};
pub use platforms::PlatformFigures;
pub use posts::{high_engagement_threshold, PostFigures};

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
            if row.month.is_none() && !row.custom && row.metric.adds_up() {
                row.target_to_date = row.target.map(|t| t * pacing.elapsed);
                row.pace = ratio_opt(row.actual, row.target_to_date);
            }
        }
    }
    let plan = plan::KgiPlan::of(input.dataset, &figures, input.config.cv_rate);
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
        plan,
    }
}
