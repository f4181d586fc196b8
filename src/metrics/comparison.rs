//! The compared period (SPEC section 10): the figures of the period of the same length before the
//! report's (or a year earlier), beside which the headline figures are told, and why there is no
//! comparison when there is none.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{event_dates, figures, funnel, Figures, Funnel, MetricsInput};
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
    Comparison::With {
        compare,
        period: compared,
        figures: Box::new(figures),
        funnel,
    }
}
