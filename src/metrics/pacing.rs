//! Monthly pacing: is the period's actual to date on course for its target?
//!
//! The data's "as of" date is the latest event inside the period (a lead created or turned MQL, a
//! deal created or closed, a post published); costs are left out because a cost row books a whole
//! month, budgets included. A whole-period target is pro-rated by days: to date it is
//! `target × (as_of − start + 1) / (end − start + 1)`, and for each month up to the as-of month
//! `target × (min(month end, as_of) − start + 1) / days`. Pace = cumulative actual ÷ pro-rated target,
//! with the KPI tree's thresholds. Only figures that add up over time are paced; of those, the
//! month-by-month table covers the Monthly sheet's columns, whose cumulative sums it uses.

use chrono::NaiveDate;
use serde::Serialize;

use super::input::MetricsInput;
use super::kpi_tree::{status, KpiStatus};
use super::level::LevelFigures;
use super::monthly::MonthFigures;
use crate::catalog::{ratio_opt, MetricName};
use crate::config::Period;

/// Metrics whose month-by-month pace is shown (the Monthly sheet's columns, in its order): the
/// catalogue's metrics of a month.
pub use crate::catalog::MONTHLY_METRICS;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pacing {
    /// The latest event date inside the period (the period's end when there is none).
    pub as_of: NaiveDate,
    /// Share of the period's days up to and including `as_of`.
    pub elapsed: f64,
    /// One row per paced target and month, up to the as-of month, targets in input order.
    pub months: Vec<PaceRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaceRow {
    pub metric: MetricName,
    pub month: NaiveDate,
    /// The whole-period target this row paces.
    pub target: f64,
    /// The target pro-rated to the end of this month (or to `as_of` in its month).
    pub target_to_date: f64,
    /// The actual summed over the period's months up to this one; `None` when unknown (cost
    /// without cost data).
    pub actual_to_date: Option<f64>,
    pub pace: Option<f64>,
    pub status: KpiStatus,
}

/// Share of the period elapsed at the end of `day` (clamped to the period).
pub fn elapsed_share(period: Period, day: NaiveDate) -> f64 {
    let days = (period.end - period.start).num_days() + 1;
    let done = (day.min(period.end) - period.start).num_days() + 1;
    (done.max(0) as f64) / days as f64
}

/// The latest lead, MQL, deal or post date inside the period.
pub fn as_of(input: &MetricsInput, period: Period) -> NaiveDate {
    super::input::event_dates(input.dataset)
        .filter(|date| period.contains(*date))
        .max()
        .unwrap_or(period.end)
}

/// Pacing of the first whole-period, all-channel target of each Monthly-sheet metric.
pub fn pacing(
    input: &MetricsInput,
    period: Option<Period>,
    monthly: &[MonthFigures],
) -> Option<Pacing> {
    let period = period?;
    let as_of = as_of(input, period);
    let mut months = Vec::new();
    let in_force = super::kpi_tree::in_force(&input.dataset.targets, Some(period));
    let targets = in_force
        .iter()
        .filter(|t| t.month.is_none() && t.channel.is_none())
        .filter(|t| t.metric.id().is_some_and(|m| MONTHLY_METRICS.contains(&m)));
    let mut seen = Vec::new();
    for target in targets {
        // The KPI tree takes a metric's first whole-period target; so does its pace.
        if seen.contains(&target.metric) {
            continue;
        }
        seen.push(target.metric.clone());
        let mut actual_to_date = Some(0.0);
        for month in monthly.iter().filter(|m| m.month <= as_of) {
            actual_to_date = actual_to_date
                .zip(target.metric.id().and_then(|m| month.value(m)))
                .map(|(a, v)| a + v);
            let month_end = month
                .month
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(month.month);
            let target_to_date = target.target * elapsed_share(period, month_end.min(as_of));
            let pace = ratio_opt(actual_to_date, Some(target_to_date));
            months.push(PaceRow {
                metric: target.metric.clone(),
                month: month.month,
                target: target.target,
                target_to_date,
                actual_to_date,
                pace,
                status: status(Some(target_to_date), pace),
            });
        }
    }
    Some(Pacing {
        as_of,
        elapsed: elapsed_share(period, as_of),
        months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn elapsed_share_counts_whole_days_and_clamps_to_the_period() {
        // April–June 2025: 30 + 31 + 30 = 91 days.
        let q1 = Period {
            start: day(2025, 4, 1),
            end: day(2025, 6, 30),
        };
        assert_eq!(elapsed_share(q1, day(2025, 4, 30)), 30.0 / 91.0);
        assert_eq!(elapsed_share(q1, day(2025, 5, 31)), 61.0 / 91.0);
        assert_eq!(elapsed_share(q1, day(2025, 4, 1)), 1.0 / 91.0);
        assert_eq!(elapsed_share(q1, day(2025, 9, 1)), 1.0);
        assert_eq!(elapsed_share(q1, day(2025, 3, 1)), 0.0);
    }
}
