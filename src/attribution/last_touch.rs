//! `last_touch`: 100% to the last touch of the window (the one nearest opportunity creation).

use super::types::{AttributionModel, Window};

pub struct LastTouch;

impl AttributionModel for LastTouch {
    fn id(&self) -> &'static str {
        "last_touch"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        let mut credits = vec![0.0; window.touches.len()];
        if let Some(last) = credits.last_mut() {
            *last = 1.0;
        }
        credits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::credits_of;

    #[test]
    fn all_credit_to_the_last_touch() {
        let c = credits_of(
            &LastTouch,
            &[
                ("2025-06-01 10:00", "x"),
                ("2025-06-02 10:00", "x"),
                ("2025-06-03 10:00", "email"),
            ],
        );
        assert_eq!(c, [0.0, 0.0, 1.0]);
    }
}
