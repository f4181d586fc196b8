//! The compared period (SPEC section 10): the figures of the period of the same length before the
//! report's (or a year earlier), beside which the headline figures are told, and why there is no
//! comparison when there is none.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::channels::{figures, Figures};
use super::funnel::{self, Funnel};
use super::input::{event_dates, period_holds_data, MetricsInput};
use super::kpi_tree::{self, KpiRow};
use super::monthly::{self, MonthFigures};
use crate::period::{Compare, Period};

/// What the report's figures are compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Comparison {
    /// The figures of the compared period.
    With {
        compare: Compare,
        period: Period,
        figures: Box<Figures>,
        funnel: Funnel,
        /// The KPI tree's actuals over the compared period (its targets are the report's).
        kpi: Vec<KpiRow>,
        /// The compared period's months.
        monthly: Vec<MonthFigures>,
        /// Whether any dated row falls in the compared period (`period_holds_data`); without
        /// one its figures are zeros, and the report says so.
        holds_data: bool,
    },
    /// No comparison, and why.
    Without(NoComparison),
}

/// Why a report compares with nothing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum NoComparison {
    /// `compare = "none"`.
    Off,
    /// The input holds no dated row, so there is no period.
    NoPeriod,
    /// By default, the data does not reach back to the previous period's first month.
    DataTooShort {
        previous: Period,
        earliest: Option<NaiveDate>,
    },
}

impl Comparison {
    /// A KPI tree row's actual over the compared period: the compared tree's row of the same
    /// metric, channel and month; a row the compared tree lacks (a conversion type or platform
    /// with no row then) counts 0 when its metric adds up, else is unknown.
    pub fn kpi_actual(&self, row: &KpiRow) -> Option<f64> {
        let Comparison::With { kpi, .. } = self else {
            return None;
        };
        let same = |k: &&KpiRow| {
            k.layer == row.layer
                && k.metric == row.metric
                && k.channel == row.channel
                && k.month == row.month
        };
        match kpi.iter().find(same) {
            Some(compared) => compared.actual,
            None => row.metric.adds_up().then_some(0.0),
        }
    }

    /// The compared period's months, empty without a comparison.
    pub fn monthly(&self) -> &[MonthFigures] {
        match self {
            Comparison::With { monthly, .. } => monthly,
            Comparison::Without(_) => &[],
        }
    }

    /// The compared period when it holds no dated row: its figures are all zeros.
    pub fn empty_period(&self) -> Option<&Period> {
        match self {
            Comparison::With {
                period,
                holds_data: false,
                ..
            } => Some(period),
            _ => None,
        }
    }

    /// The compared period, when there is a comparison.
    pub fn period(&self) -> Option<&Period> {
        self.figures().map(|(period, _)| period)
    }

    /// The compared period's figures, when there is a comparison.
    pub fn figures(&self) -> Option<(&Period, &Figures)> {
        match self {
            Comparison::With {
                period, figures, ..
            } => Some((period, figures)),
            Comparison::Without(_) => None,
        }
    }
}

/// A figure's change against the compared period: (absolute, percent). `absolute` is this
/// period's figure less the compared one; `percent` is that change over the compared figure's
/// size, so a negative figure that rises (ROI from -50% to -25%) rises by +50%. Either is `None`
/// when a figure is unknown, the percent too when the compared figure is 0.
pub fn change(now: Option<f64>, then: Option<f64>) -> (Option<f64>, Option<f64>) {
    let (Some(now), Some(then)) = (now, then) else {
        return (None, None);
    };
    let absolute = now - then;
    (Some(absolute), (then != 0.0).then(|| absolute / then.abs()))
}

/// The comparison the configuration asks for: `compare` when set; by default the previous period
/// when the data reaches back to its first month, else none.
pub(super) fn comparison(input: &MetricsInput, period: Option<Period>) -> Comparison {
    let Some(period) = period else {
        return Comparison::Without(NoComparison::NoPeriod);
    };
    let compare = match input.config.compare {
        Some(Compare::None) => return Comparison::Without(NoComparison::Off),
        Some(compare) => compare,
        None => {
            let Some(previous) = period.compared(Compare::Previous) else {
                return Comparison::Without(NoComparison::NoPeriod);
            };
            // The data reaches back when its earliest dated row (an event or a cost month)
            // falls in the previous period's first month or before: a quarter whose data starts
            // on 3 April still compares with the quarter before it.
            let costs = input.dataset.costs.iter().map(|c| c.month);
            let earliest = event_dates(input.dataset).chain(costs).min();
            let first_month = previous.start.with_day(1).unwrap_or(previous.start);
            let next_month = first_month
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first_month);
            if earliest.is_none_or(|e| e >= next_month) {
                return Comparison::Without(NoComparison::DataTooShort { previous, earliest });
            }
            Compare::Previous
        }
    };
    let Some(compared) = period.compared(compare) else {
        return Comparison::Without(NoComparison::NoPeriod);
    };
    let figures = figures(input, Some(compared));
    let funnel = funnel::funnel(&figures);
    let kpi = kpi_tree::kpi_tree(input, Some(compared), &figures);
    Comparison::With {
        compare,
        period: compared,
        figures: Box::new(figures),
        funnel,
        kpi,
        monthly: monthly::monthly(input, Some(compared)),
        holds_data: period_holds_data(input.dataset, compared),
    }
}

#[cfg(test)]
mod tests {
    use super::change;

    #[test]
    fn a_change_is_this_figure_less_the_compared_over_the_compared_figures_size() {
        assert_eq!(change(Some(450.0), Some(500.0)), (Some(-50.0), Some(-0.1)));
        // ROI from -50% to -25% rises: +50% of the compared figure's size, not -50%.
        assert_eq!(change(Some(-0.25), Some(-0.5)), (Some(0.25), Some(0.5)));
        assert_eq!(change(Some(3.0), Some(0.0)), (Some(3.0), None));
        assert_eq!(change(None, Some(1.0)), (None, None));
    }
}
