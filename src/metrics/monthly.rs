//! The Monthly sheet's figures: each month of the period counted like the whole period (the same
//! totals pass over the month), for the Monthly sheet and the monthly pacing.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::channels::figures;
use super::input::MetricsInput;
use super::level::LevelFigures;
use crate::catalog::{Level, MetricId};
use crate::config::Period;

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

/// A month's counted figures (the catalogue's metrics of `Level::Month`; a test holds the two
/// together).
impl LevelFigures for MonthFigures {
    const LEVEL: Level = Level::Month;

    fn counted(&self, metric: MetricId) -> Option<f64> {
        Some(match metric {
            MetricId::Cost => return self.cost,
            MetricId::Leads => self.leads as f64,
            MetricId::Mql => self.mql as f64,
            MetricId::Opportunities => self.opportunities as f64,
            MetricId::Won => self.won as f64,
            MetricId::Revenue => self.revenue,
            MetricId::SnsAttributedRevenue => self.sns_attributed_revenue,
            _ => return None,
        })
    }
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
pub(super) fn monthly(input: &MetricsInput, period: Option<Period>) -> Vec<MonthFigures> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Level, METRICS};

    /// Every catalogue metric of a month is answered by id, and no other.
    #[test]
    fn a_month_answers_exactly_the_catalogue_metrics_of_a_month() {
        let figures = MonthFigures {
            month: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default(),
            cost: Some(1.0),
            leads: 1,
            mql: 1,
            opportunities: 1,
            won: 1,
            revenue: 1.0,
            sns_attributed_revenue: 1.0,
        };
        for m in &METRICS {
            assert_eq!(
                figures.value(m.id).is_some(),
                m.is_answered_by(Level::Month),
                "{}",
                m.id
            );
        }
    }
}
