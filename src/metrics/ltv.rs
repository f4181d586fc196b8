//! ARPA and LTV by the configured method. Not for the totals it reads (channels.rs), nor for the
//! ratios made from them (ltv_cac, payback_months: catalogue formulas).

use serde::Serialize;

use crate::catalog::{ratio, ratio_opt};
use crate::config::{Config, LtvMethod};
use crate::model::Deal;

/// ARPA and LTV, and the method LTV was worked out by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LtvFigures {
    pub method: LtvMethod,
    pub arpa: Option<f64>,
    pub ltv: Option<f64>,
}

/// What ARPA averages for one deal: its mrr, else amount / contract_months; `None` with neither
/// (SPEC section 3, arpa). The Deals data sheet shows the same value in its monthly column.
pub fn monthly_revenue(deal: &Deal) -> Option<f64> {
    deal.mrr
        .or_else(|| Some(deal.amount? / f64::from(deal.contract_months?)))
}

/// LTV by the configured method; by default `churn` when monthly_churn and arpa are known, else
/// `deal`.
pub(super) fn ltv(config: &Config, arpa: Option<f64>, revenue: f64, won: u64) -> LtvFigures {
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
    LtvFigures { method, arpa, ltv }
}
