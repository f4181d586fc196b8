//! How the figures of one level (all channels, a channel, a platform, a month) answer a metric:
//! a counted metric is the level's own figure; an arithmetic one is its catalogue formula over the
//! level's other figures (`Formula::evaluate`), worked out here and nowhere else, so the totals,
//! the Channels sheet's rows, the JSON and `explain` read the same number.

use crate::catalog::{Level, MetricId};

/// The figures of one level.
pub trait LevelFigures {
    /// Which level these figures are.
    const LEVEL: Level;

    /// A counted (or ruled) metric of this level: its figure; `None` where unknown (no cost or
    /// traffic rows) and for any metric that is arithmetic.
    fn counted(&self, metric: MetricId) -> Option<f64>;

    /// The configured gross margin, for the formulas that read it; `None` at a level with no
    /// such formula (platforms, months).
    fn gross_margin(&self) -> Option<f64> {
        None
    }

    /// Any metric the catalogue has at this level, `None` for one it has not (or an unknown value).
    fn value(&self, metric: MetricId) -> Option<f64> {
        let entry = metric.entry();
        if !entry.is_answered_by(Self::LEVEL) {
            return None;
        }
        match entry.formula.operands() {
            None => self.counted(metric),
            Some(_) => entry
                .formula
                .evaluate(|operand| self.value(operand), self.gross_margin()),
        }
    }
}
