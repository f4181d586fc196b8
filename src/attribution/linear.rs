//! `linear`: equal credit to every touch of the window; repeated touches each count.

use super::types::{AttributionModel, Window};

pub struct Linear;

impl AttributionModel for Linear {
    fn id(&self) -> &'static str {
        "linear"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        let n = window.touches.len();
        vec![1.0 / n as f64; n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::credits_of;

    #[test]
    fn equal_shares_with_repeats_counted() {
        let c = credits_of(
            &Linear,
            &[
                ("2025-06-01 10:00", "x"),
                ("2025-06-02 10:00", "x"),
                ("2025-06-03 10:00", "email"),
                ("2025-06-04 10:00", "webinar"),
            ],
        );
        assert_eq!(c, [0.25, 0.25, 0.25, 0.25]);
        let x_share: f64 = c[..2].iter().sum();
        assert_eq!(x_share, 0.5);
    }
}
