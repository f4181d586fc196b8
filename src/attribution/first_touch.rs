//! `first_touch`: 100% to the first touch of the window.

use super::types::{AttributionModel, Window};

pub struct FirstTouch;

impl AttributionModel for FirstTouch {
    fn id(&self) -> &'static str {
        "first_touch"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        let mut credits = vec![0.0; window.touches.len()];
        if let Some(first) = credits.first_mut() {
            *first = 1.0;
        }
        credits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::credits_of;

    #[test]
    fn all_credit_to_the_first_touch() {
        let c = credits_of(
            &FirstTouch,
            &[("2025-06-01 10:00", "x"), ("2025-06-02 10:00", "email")],
        );
        assert_eq!(c, [1.0, 0.0]);
        assert_eq!(credits_of(&FirstTouch, &[("2025-06-01 10:00", "x")]), [1.0]);
    }
}
