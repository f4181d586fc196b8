//! The metric catalogue: the metric definitions of SPEC section 3, in one place, each with the
//! spec's wording, and the lists of metric ids. A leaf module (it imports nothing of the crate), so
//! config, schema, metrics and report may all read it. A ratio whose denominator is zero is `None`
//! (JSON null, an empty cell): never #DIV/0!, never 0, never infinity. A zero numerator over a
//! non-zero denominator is 0.

/// numerator / denominator, `None` when the denominator is zero (or either side is unknown).
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// Like `ratio`, for an optional numerator or denominator.
pub fn ratio_opt(numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    ratio(numerator?, denominator?)
}

// Cost is `None` when the inputs hold no cost row at all (`super::has_cost_data`): unknown, not
// zero, so every figure made from it is `None` too; a known cost of 0 gives 0 / empty by `ratio`.

/// cpa = cost / leads (リード獲得単価).
pub fn cpa(cost: Option<f64>, leads: f64) -> Option<f64> {
    ratio_opt(cost, Some(leads))
}

/// cost_per_mql = cost / mql (MQL単価).
pub fn cost_per_mql(cost: Option<f64>, mql: f64) -> Option<f64> {
    ratio_opt(cost, Some(mql))
}

/// cac = cost / attributed_won (顧客獲得単価).
pub fn cac(cost: Option<f64>, attributed_won: f64) -> Option<f64> {
    ratio_opt(cost, Some(attributed_won))
}

/// roas = attributed_revenue / cost.
pub fn roas(attributed_revenue: f64, cost: Option<f64>) -> Option<f64> {
    ratio_opt(Some(attributed_revenue), cost)
}

/// roi = (attributed_revenue x gross_margin - cost) / cost.
pub fn roi(attributed_revenue: f64, gross_margin: f64, cost: Option<f64>) -> Option<f64> {
    let cost = cost?;
    ratio(attributed_revenue * gross_margin - cost, cost)
}

/// Every metric id a KPI tree layer or a target can name (SPEC section 3), besides custom metrics
/// and `conversions:<type>`; `conversions` in a layer stands for one row per conversion type.
pub const METRIC_IDS: [&str; 42] = [
    "cost",
    "sns_cost",
    "leads",
    "sns_leads",
    "mql",
    "opportunities",
    "won",
    "lost",
    "revenue",
    "attributed_won",
    "attributed_revenue",
    "sns_attributed_won",
    "sns_attributed_revenue",
    "cpa",
    "sns_cpa",
    "cost_per_mql",
    "cac",
    "sns_cac",
    "roas",
    "sns_roas",
    "roi",
    "sns_roi",
    "lead_to_mql",
    "mql_to_opportunity",
    "opportunity_rate",
    "win_rate",
    "average_won_amount",
    "arpa",
    "ltv",
    "ltv_cac",
    "payback_months",
    "conversions",
    "posts",
    "impressions",
    "reach",
    "engagements",
    "engagement_rate",
    "clicks",
    "ctr",
    "video_views",
    "video_completions",
    "completion_rate",
];

/// Whether `id` names a metric of SPEC section 3: one of `METRIC_IDS` or `conversions:<type>`.
pub fn is_metric(id: &str) -> bool {
    METRIC_IDS.contains(&id) || id.starts_with("conversions:")
}

/// Metrics made from cost: unknown (`None`, an empty cell) when the inputs hold no cost row.
pub const COST_METRICS: [&str; 13] = [
    "cost",
    "sns_cost",
    "cpa",
    "sns_cpa",
    "cost_per_mql",
    "cac",
    "sns_cac",
    "roas",
    "sns_roas",
    "roi",
    "sns_roi",
    "ltv_cac",
    "payback_months",
];

/// Metrics where a lower actual is better: achievement is target / actual for these.
pub const LOWER_IS_BETTER: [&str; 6] = [
    "cpa",
    "cost_per_mql",
    "cac",
    "payback_months",
    "sns_cpa",
    "sns_cac",
];

/// Metrics that are money amounts (formatted ¥#,##0).
pub const MONEY_METRICS: [&str; 14] = [
    "cost",
    "sns_cost",
    "revenue",
    "attributed_revenue",
    "sns_attributed_revenue",
    "cpa",
    "sns_cpa",
    "cost_per_mql",
    "cac",
    "sns_cac",
    "arpa",
    "ltv",
    "spend",
    "average_won_amount",
];

/// Metrics that are rates (formatted as percentages).
pub const RATE_METRICS: [&str; 12] = [
    "roi",
    "sns_roi",
    "engagement_rate",
    "ctr",
    "completion_rate",
    "lead_to_mql",
    "mql_to_opportunity",
    "opportunity_rate",
    "win_rate",
    "achievement",
    "cv_rate",
    "gross_margin",
];

/// Ratio metrics shown as a plain multiple (ROAS 3.2, LTV:CAC 4.1).
pub const MULTIPLE_METRICS: [&str; 4] = ["roas", "sns_roas", "ltv_cac", "payback_months"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_denominators_are_empty_and_zero_numerators_are_zero() {
        assert_eq!(cpa(Some(1000.0), 0.0), None);
        assert_eq!(cpa(Some(0.0), 5.0), Some(0.0));
        assert_eq!(roi(0.0, 1.0, Some(0.0)), None);
        assert_eq!(ratio_opt(None, Some(2.0)), None);
    }

    #[test]
    fn roi_uses_gross_margin() {
        // revenue 300, margin 0.5 -> profit 150 against cost 100: ROI 50%.
        assert_eq!(roi(300.0, 0.5, Some(100.0)), Some(0.5));
        // revenue-based by default: (300 - 100) / 100 = 2.
        assert_eq!(roi(300.0, 1.0, Some(100.0)), Some(2.0));
    }

    #[test]
    fn an_unknown_cost_makes_every_cost_figure_unknown() {
        assert_eq!(cpa(None, 5.0), None);
        assert_eq!(cost_per_mql(None, 2.0), None);
        assert_eq!(cac(None, 1.0), None);
        assert_eq!(roas(300.0, None), None);
        assert_eq!(roi(300.0, 1.0, None), None);
    }
}
