//! `w_shaped`: 30% to the first touch of the window, 30% to the lead-creation touch, 30% to the
//! last touch (opportunity creation), 10% shared equally by the other touches. Milestones that
//! fall on the same touch add up on it; when no other touch is left, the 10% is shared equally by
//! the distinct milestone touches (one touch: 100%; two: 65/35 or 35/65).
//!
//! The lead-creation touch is, within the window:
//! - the journey's lead-creation touch (SPEC section 2) when it is in the window. It is the last
//!   touch at or before the lead's `created_at`, save when a recorded touch stands for the
//!   creation and other touches of the same instant follow it in input order: the creation touch
//!   still wins there;
//! - else the last touch at or before `created_at`. This is the case of a lead created after its
//!   deal's window (the opportunity predates the lead record, e.g. a lead entered late): every
//!   window touch is before `created_at`, so the milestone is the window's last touch and adds up
//!   with the opportunity milestone (60% there);
//! - else (the lead was created before the window began) the window's first touch, which then
//!   carries 60%.

use super::types::{AttributionModel, Window};

pub struct WShaped;

const MILESTONE: f64 = 0.3;
const REST: f64 = 0.1;

impl AttributionModel for WShaped {
    fn id(&self) -> &'static str {
        "w_shaped"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        let n = window.touches.len();
        if n == 0 {
            return Vec::new();
        }
        let milestones = [0, lead_creation_index(window), n - 1];
        let mut credits = vec![0.0; n];
        for &m in &milestones {
            credits[m] += MILESTONE;
        }
        let others: Vec<usize> = (0..n).filter(|i| !milestones.contains(i)).collect();
        if others.is_empty() {
            let mut distinct = milestones.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            let share = REST / distinct.len() as f64;
            for m in distinct {
                credits[m] += share;
            }
        } else {
            let share = REST / others.len() as f64;
            for i in others {
                credits[i] += share;
            }
        }
        // The last touch (a milestone, always credited) takes what the others leave, so a deal's
        // credits sum to exactly 1: 0.3 + 0.3 + 0.3 + 0.1 on one touch is 0.9999999999999999 in
        // floating point, which the Lineage sheet would show.
        let others: f64 = credits[..n - 1].iter().sum();
        credits[n - 1] = 1.0 - others;
        credits
    }
}

/// The index of the lead-creation touch in the window (see the module doc).
fn lead_creation_index(window: &Window) -> usize {
    let touches = &window.touches;
    touches
        .iter()
        .position(|t| t.is_lead_creation)
        .or_else(|| touches.iter().rposition(|t| t.at <= window.lead_created_at))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::{at, deal, touch};
    use crate::link::JourneyTouch;

    /// Credits over touches given as (time, channel, is_lead_creation), the lead created at `created`.
    fn credits(touches: &[(&str, &str, bool)], created: &str) -> Vec<f64> {
        let journey: Vec<JourneyTouch> = touches
            .iter()
            .map(|(t, c, creation)| JourneyTouch {
                is_lead_creation: *creation,
                ..touch(t, c)
            })
            .collect();
        let d = deal("2025-06-30");
        let w = Window {
            deal: &d,
            lead_created_at: at(created),
            touches: journey.iter().collect(),
        };
        WShaped.credits(&w)
    }

    fn close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
        }
    }

    const T1: &str = "2025-06-01 10:00";
    const T2: &str = "2025-06-02 10:00";
    const T3: &str = "2025-06-03 10:00";
    const T4: &str = "2025-06-04 10:00";
    const T5: &str = "2025-06-05 10:00";

    #[test]
    fn one_touch_is_every_milestone() {
        // Exactly 1, not 0.3 + 0.3 + 0.3 + 0.1 = 0.9999999999999999.
        assert_eq!(credits(&[(T1, "x", true)], T1), [1.0]);
    }

    #[test]
    fn two_touches_share_the_ten_percent_between_them() {
        // Creation on the first: 0.3 + 0.3 + 0.05 = 0.65; last: 0.3 + 0.05.
        close(
            &credits(&[(T1, "x", true), (T2, "email", false)], T1),
            &[0.65, 0.35],
        );
        // Creation on the last: 0.3 + 0.05 and 0.3 + 0.3 + 0.05.
        close(
            &credits(&[(T1, "x", false), (T2, "email", true)], T2),
            &[0.35, 0.65],
        );
    }

    #[test]
    fn three_touches() {
        // Creation in the middle: three distinct milestones, the 10% in thirds: 1/3 each.
        let third = 1.0 / 3.0;
        close(
            &credits(
                &[(T1, "x", false), (T2, "x", true), (T3, "email", false)],
                T2,
            ),
            &[third, third, third],
        );
        // Creation on the first: 0.6 there, the middle touch is the only other: 0.1.
        close(
            &credits(
                &[(T1, "x", true), (T2, "x", false), (T3, "email", false)],
                T1,
            ),
            &[0.6, 0.1, 0.3],
        );
    }

    #[test]
    fn four_and_five_touches() {
        close(
            &credits(
                &[
                    (T1, "x", false),
                    (T2, "x", true),
                    (T3, "email", false),
                    (T4, "webinar", false),
                ],
                T2,
            ),
            &[0.3, 0.3, 0.1, 0.3],
        );
        close(
            &credits(
                &[
                    (T1, "x", true),
                    (T2, "x", false),
                    (T3, "email", false),
                    (T4, "webinar", false),
                ],
                T1,
            ),
            &[0.6, 0.05, 0.05, 0.3],
        );
        close(
            &credits(
                &[
                    (T1, "x", false),
                    (T2, "linkedin", false),
                    (T3, "x", true),
                    (T4, "email", false),
                    (T5, "webinar", false),
                ],
                T3,
            ),
            &[0.3, 0.05, 0.3, 0.05, 0.3],
        );
    }

    #[test]
    fn lead_created_before_the_window_puts_the_milestone_on_the_first_touch() {
        // The creation touch (2025-02-01) is outside the window: no window touch is at or before it.
        close(
            &credits(
                &[
                    (T1, "x", false),
                    (T2, "email", false),
                    (T3, "webinar", false),
                ],
                "2025-02-01 09:00",
            ),
            &[0.6, 0.1, 0.3],
        );
    }

    #[test]
    fn lead_created_after_the_window_puts_the_milestone_on_the_last_touch() {
        close(
            &credits(
                &[
                    (T1, "x", false),
                    (T2, "email", false),
                    (T3, "webinar", false),
                ],
                "2025-07-15 09:00",
            ),
            &[0.3, 0.1, 0.6],
        );
    }

    #[test]
    fn without_flags_the_last_touch_at_or_before_creation_counts() {
        // Touches at 06-02 10:00 (two of them) and creation at that instant: the second one.
        close(
            &credits(
                &[
                    (T1, "x", false),
                    (T2, "email", false),
                    (T2, "x", false),
                    (T4, "webinar", false),
                ],
                T2,
            ),
            &[0.3, 0.1, 0.3, 0.3],
        );
    }

    #[test]
    fn the_recorded_creation_touch_wins_over_a_later_touch_of_the_same_instant() {
        close(
            &credits(
                &[
                    (T1, "x", false),
                    (T2, "email", true),
                    (T2, "x", false),
                    (T4, "webinar", false),
                ],
                T2,
            ),
            &[0.3, 0.3, 0.1, 0.3],
        );
    }

    #[test]
    fn repeated_touches_of_a_channel_each_take_their_part() {
        // x, x, x, x with creation on the second: x takes everything, spread 0.3/0.3/0.1/0.3.
        let c = credits(
            &[
                (T1, "x", false),
                (T2, "x", true),
                (T3, "x", false),
                (T4, "x", false),
            ],
            T2,
        );
        close(&c, &[0.3, 0.3, 0.1, 0.3]);
    }
}
