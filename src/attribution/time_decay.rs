//! `time_decay`: each touch weighs 2^(-days before opportunity creation / half_life_days),
//! normalised over the deal's window. Days are fractional for timed touches (a date-only touch
//! stands at midnight).
//!
//! The reference instant cancels out in the normalisation, so the weights are taken relative to
//! the window's latest touch rather than to the deal's creation date: the latest weighs 1, none
//! overflows, and a long lookback cannot underflow every weight to zero.

use super::types::{AttributionModel, Window};

pub struct TimeDecay {
    half_life_days: f64,
}

impl TimeDecay {
    /// `half_life_days` must be positive (the config checks it).
    pub fn new(half_life_days: f64) -> Self {
        TimeDecay { half_life_days }
    }
}

const SECONDS_PER_DAY: f64 = 86_400.0;

impl AttributionModel for TimeDecay {
    fn id(&self) -> &'static str {
        "time_decay"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        let Some(latest) = window.touches.iter().map(|t| t.at).max() else {
            return Vec::new();
        };
        let weights: Vec<f64> = window
            .touches
            .iter()
            .map(|t| {
                let days = (latest - t.at).num_seconds() as f64 / SECONDS_PER_DAY;
                (-days / self.half_life_days).exp2()
            })
            .collect();
        let total: f64 = weights.iter().sum();
        weights.into_iter().map(|w| w / total).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::credits_of;

    #[test]
    fn issue_example_twelve_thousand_over_five_touches() {
        // Touches on days 0, 5, 12, 30 and 38; the opportunity created on day 38 (2025-06-30).
        let c = credits_of(
            &TimeDecay::new(7.0),
            &[
                ("2025-05-23 00:00", "x"),
                ("2025-05-28 00:00", "email"),
                ("2025-06-04 00:00", "webinar"),
                ("2025-06-22 00:00", "linkedin"),
                ("2025-06-30 00:00", "search_ads"),
            ],
        );
        let amounts: Vec<f64> = c
            .iter()
            .map(|x| (x * 12_000.0 * 100.0).round() / 100.0)
            .collect();
        assert_eq!(amounts, [175.20, 287.44, 574.88, 3_417.04, 7_545.45]);
    }

    #[test]
    fn one_half_life_apart_halves_the_weight() {
        let c = credits_of(
            &TimeDecay::new(7.0),
            &[("2025-06-01 00:00", "x"), ("2025-06-08 00:00", "email")],
        );
        assert!((c[0] - 1.0 / 3.0).abs() < 1e-12 && (c[1] - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn hours_count_as_fractions_of_a_day() {
        // 3.5 days apart with a 3.5-day half-life: 1 : 2.
        let c = credits_of(
            &TimeDecay::new(3.5),
            &[("2025-06-01 00:00", "x"), ("2025-06-04 12:00", "email")],
        );
        assert!((c[0] - 1.0 / 3.0).abs() < 1e-12, "{c:?}");
    }

    #[test]
    fn touches_of_the_same_instant_weigh_the_same() {
        let c = credits_of(
            &TimeDecay::new(7.0),
            &[
                ("2025-06-01 10:00", "x"),
                ("2025-06-01 10:00", "x"),
                ("2025-06-01 10:00", "email"),
            ],
        );
        assert!(c.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12), "{c:?}");
    }

    #[test]
    fn a_very_old_touch_keeps_a_tiny_positive_or_zero_weight_and_the_sum_stays_one() {
        let c = credits_of(
            &TimeDecay::new(0.01),
            &[("2015-06-01 10:00", "x"), ("2025-06-01 10:00", "email")],
        );
        assert_eq!(c, [0.0, 1.0]);
    }
}
