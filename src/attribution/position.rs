//! `position` (position based, U-shaped): 40% to the first touch of the window, 40% to the last,
//! 20% shared equally by the touches between; one touch takes 100%, two touches 50% each.

use super::types::{AttributionModel, Window};

pub struct Position;

const ENDS: f64 = 0.4;
const BETWEEN: f64 = 0.2;

impl AttributionModel for Position {
    fn id(&self) -> &'static str {
        "position"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        let n = window.touches.len();
        match n {
            0 => Vec::new(),
            1 => vec![1.0],
            2 => vec![0.5, 0.5],
            _ => {
                let mut credits = vec![BETWEEN / (n - 2) as f64; n];
                credits[0] = ENDS;
                credits[n - 1] = ENDS;
                credits
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::credits_of;

    fn close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn one_touch_takes_everything_two_split_evenly() {
        assert_eq!(credits_of(&Position, &[("2025-06-01 10:00", "x")]), [1.0]);
        let c = credits_of(
            &Position,
            &[("2025-06-01 10:00", "x"), ("2025-06-02 10:00", "email")],
        );
        assert_eq!(c, [0.5, 0.5]);
    }

    #[test]
    fn three_touches_give_the_middle_one_twenty_percent() {
        let c = credits_of(
            &Position,
            &[
                ("2025-06-01 10:00", "x"),
                ("2025-06-02 10:00", "email"),
                ("2025-06-03 10:00", "webinar"),
            ],
        );
        close(&c, &[0.4, 0.2, 0.4]);
    }

    #[test]
    fn five_touches_share_twenty_percent_in_thirds_repeats_counted() {
        // x, x, email, x, webinar: the three middle touches get 0.2 / 3 each.
        let c = credits_of(
            &Position,
            &[
                ("2025-06-01 10:00", "x"),
                ("2025-06-02 10:00", "x"),
                ("2025-06-03 10:00", "email"),
                ("2025-06-04 10:00", "x"),
                ("2025-06-05 10:00", "webinar"),
            ],
        );
        let third = 0.2 / 3.0;
        close(&c, &[0.4, third, third, third, 0.4]);
        // x's channel credit: 0.4 + 2 x 0.2/3 = 0.5333...
        assert!((c[0] + c[1] + c[3] - (0.4 + 0.4 / 3.0)).abs() < 1e-12);
    }
}
