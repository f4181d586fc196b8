//! The result of the whole computation for the report (`Metrics`, made by `compute` in
//! `mod.rs`), and what is read from it as a whole.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::channels::Figures;
use super::comparison::Comparison;
use super::funnel::Funnel;
use super::kpi_tree::KpiRow;
use super::monthly::MonthFigures;
use super::pacing;
use super::plan::KgiPlan;
use super::posts::PostFigures;
use crate::config::Period;

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
    /// The reverse plan from the KGI revenue target (SPEC section 3).
    pub plan: KgiPlan,
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
