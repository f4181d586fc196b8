//! `markov`: a first-order Markov chain over channels, trained on every accepted lead of the input
//! (not period-filtered). Each lead is one path: start, the channels of its whole journey with
//! consecutive repeats collapsed, then `conversion` when the lead has any won deal, else `null`.
//!
//! A channel's removal effect is 1 - P(conversion without it) / P(conversion). Both probabilities
//! are exact absorption probabilities of the chain, found by solving (I - Q) x = r over the
//! channel states (Q: channel-to-channel transition probabilities, r: channel-to-conversion), so
//! the cost grows with the number of channels (a few dozen), not the number of journeys, and the
//! figures are deterministic: no simulation. Removing a channel makes it lead to `null`.
//!
//! A won deal's credit is shared among the distinct channels of its window in proportion to their
//! removal effects (equally when every one is zero); a channel's share is split equally among its
//! touches in the window, so posts get their part.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::types::{AttributionModel, MarkovSummary, Window};
use crate::link::Links;
use crate::model::{Dataset, DealStatus};

/// The `markov` model: the removal effects of the chain trained at construction.
pub struct Markov {
    summary: MarkovSummary,
}

impl Markov {
    /// Trains on every lead of `links`; a lead converts when `dataset.deals` holds a won deal
    /// with its lead id.
    pub fn train(dataset: &Dataset, links: &Links) -> Markov {
        let won: HashSet<&str> = dataset
            .deals
            .iter()
            .filter(|d| d.status == DealStatus::Won)
            .filter_map(|d| d.lead_id.as_deref())
            .collect();
        Markov::from_paths(links.leads.iter().map(|lead| {
            let lead_id = dataset.leads[lead.lead_index].lead_id.as_str();
            (
                lead.journey.iter().map(|t| t.channel.as_str()),
                won.contains(lead_id),
            )
        }))
    }

    /// Trains on paths given as (channels in order, converted). Consecutive repeats are collapsed
    /// here; an empty path is left out.
    pub fn from_paths<'a, P>(paths: impl IntoIterator<Item = (P, bool)>) -> Markov
    where
        P: IntoIterator<Item = &'a str>,
    {
        Markov {
            summary: Chain::count(paths).summary(),
        }
    }

    pub fn summary(&self) -> &MarkovSummary {
        &self.summary
    }

    fn effect(&self, channel: &str) -> f64 {
        self.summary
            .removal_effects
            .get(channel)
            .copied()
            .unwrap_or(0.0)
    }
}

impl AttributionModel for Markov {
    fn id(&self) -> &'static str {
        "markov"
    }

    fn credits(&self, window: &Window) -> Vec<f64> {
        // Sorted by channel, so the sum does not depend on the order of the touches.
        let mut touches_per_channel: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &window.touches {
            *touches_per_channel.entry(t.channel.as_str()).or_default() += 1;
        }
        let total: f64 = touches_per_channel.keys().map(|c| self.effect(c)).sum();
        let channels = touches_per_channel.len() as f64;
        window
            .touches
            .iter()
            .map(|t| {
                let share = if total > 0.0 {
                    self.effect(&t.channel) / total
                } else {
                    1.0 / channels
                };
                share / touches_per_channel[t.channel.as_str()] as f64
            })
            .collect()
    }

    fn markov_summary(&self) -> Option<&MarkovSummary> {
        Some(&self.summary)
    }
}

/// Transition counts. Channel states are numbered in sorted name order, so the arithmetic (and
/// its rounding) does not depend on the order of the input.
struct Chain {
    channels: Vec<String>,
    /// start -> channel.
    starts: Vec<u64>,
    /// channel -> channel (never to itself: repeats are collapsed).
    next: Vec<BTreeMap<usize, u64>>,
    /// channel -> conversion, channel -> null.
    conversions: Vec<u64>,
    nulls: Vec<u64>,
    converted_paths: u64,
    paths: u64,
}

impl Chain {
    fn count<'a, P>(paths: impl IntoIterator<Item = (P, bool)>) -> Chain
    where
        P: IntoIterator<Item = &'a str>,
    {
        // Counted first under provisional numbers (order of first sight), renumbered after.
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        let mut starts: HashMap<usize, u64> = HashMap::new();
        let mut next: HashMap<(usize, usize), u64> = HashMap::new();
        let mut ends: HashMap<(usize, bool), u64> = HashMap::new();
        let (mut paths_seen, mut converted_paths) = (0, 0);
        for (path, converted) in paths {
            let mut previous: Option<usize> = None;
            for channel in path {
                let fresh = numbers.len();
                let state = *numbers.entry(channel).or_insert(fresh);
                match previous {
                    None => *starts.entry(state).or_default() += 1,
                    Some(p) if p == state => continue,
                    Some(p) => *next.entry((p, state)).or_default() += 1,
                }
                previous = Some(state);
            }
            if let Some(last) = previous {
                *ends.entry((last, converted)).or_default() += 1;
                paths_seen += 1;
                converted_paths += u64::from(converted);
            }
        }

        let mut names: Vec<(&str, usize)> = numbers.into_iter().collect();
        names.sort_unstable();
        let mut renumber = vec![0; names.len()];
        for (sorted, (_, provisional)) in names.iter().enumerate() {
            renumber[*provisional] = sorted;
        }
        let k = names.len();
        let mut chain = Chain {
            channels: names.iter().map(|(name, _)| name.to_string()).collect(),
            starts: vec![0; k],
            next: vec![BTreeMap::new(); k],
            conversions: vec![0; k],
            nulls: vec![0; k],
            converted_paths,
            paths: paths_seen,
        };
        for (state, count) in starts {
            chain.starts[renumber[state]] = count;
        }
        for ((from, to), count) in next {
            chain.next[renumber[from]].insert(renumber[to], count);
        }
        for ((state, converted), count) in ends {
            let ends = if converted {
                &mut chain.conversions
            } else {
                &mut chain.nulls
            };
            ends[renumber[state]] = count;
        }
        chain
    }

    /// P(conversion) from the start, with `removed` (if any) leading to null.
    fn conversion_probability(&self, removed: Option<usize>) -> f64 {
        let k = self.channels.len();
        let started: u64 = self.starts.iter().sum();
        if started == 0 {
            return 0.0;
        }
        // x_i = P(conversion | at channel i): x_i = r_i + sum_j Q_ij x_j, i.e. (I - Q) x = r.
        let mut a = vec![vec![0.0; k]; k];
        let mut r = vec![0.0; k];
        for i in 0..k {
            a[i][i] = 1.0;
            if removed == Some(i) {
                continue; // x_i = 0
            }
            let out =
                (self.next[i].values().sum::<u64>() + self.conversions[i] + self.nulls[i]) as f64;
            for (&j, &count) in &self.next[i] {
                a[i][j] -= count as f64 / out;
            }
            r[i] = self.conversions[i] as f64 / out;
        }
        let x = solve(a, r);
        self.starts
            .iter()
            .zip(&x)
            .map(|(&count, x)| count as f64 / started as f64 * x)
            .sum()
    }

    fn summary(&self) -> MarkovSummary {
        let p = self.conversion_probability(None);
        let effects: Vec<f64> = (0..self.channels.len())
            .map(|c| {
                if p > 0.0 {
                    // Removing a state can only lower P(conversion); a tiny negative is rounding.
                    (1.0 - self.conversion_probability(Some(c)) / p).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        let total: f64 = effects.iter().sum();
        let conversions = self.converted_paths as f64;
        let share = |e: f64| {
            if total > 0.0 {
                e / total * conversions
            } else {
                0.0
            }
        };
        MarkovSummary {
            removal_effects: self
                .channels
                .iter()
                .cloned()
                .zip(effects.iter().copied())
                .collect(),
            shares: self
                .channels
                .iter()
                .cloned()
                .zip(effects.iter().map(|&e| share(e)))
                .collect(),
            conversion_probability: p,
            conversions: self.converted_paths,
            paths: self.paths,
        }
    }
}

/// Solves a x = b by Gaussian elimination with partial pivoting. `a` is I - Q of an absorbing
/// chain whose every state reaches absorption, so it is non-singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()).then(j.cmp(&i)))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        if p == 0.0 {
            continue;
        }
        for row in col + 1..n {
            let factor = a[row][col] / p;
            if factor == 0.0 {
                continue;
            }
            let (above, below) = a.split_at_mut(row);
            for (x, pivot_x) in below[0][col..].iter_mut().zip(&above[col][col..]) {
                *x -= factor * pivot_x;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row] == 0.0 {
            0.0
        } else {
            (b[row] - tail) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tests::{at, deal, deal_of, lead, recorded, touch};
    use crate::channels::ChannelCatalog;
    use crate::link::{link, JourneyTouch};

    fn close(got: f64, want: f64, what: &str) {
        assert!((got - want).abs() < 1e-12, "{what}: {got} vs {want}");
    }

    fn paths<'a>(list: &'a [(&'a [&'a str], bool)]) -> Markov {
        Markov::from_paths(list.iter().map(|(p, c)| (p.iter().copied(), *c)))
    }

    #[test]
    fn issue_example_three_channels_one_conversion() {
        // C1>C2>C3 converted, C1 not, C2>C3 not. P(conv) = 2/3 x 1/4 + 1/3 x 1/2 = 1/3;
        // without C1: 1/3 x 1/2 = 1/6 (effect 0.5); without C2 or C3 nothing converts (1).
        let m = paths(&[
            (&["C1", "C2", "C3"], true),
            (&["C1"], false),
            (&["C2", "C3"], false),
        ]);
        let s = m.summary();
        close(s.conversion_probability, 1.0 / 3.0, "P(conv)");
        close(s.removal_effects["C1"], 0.5, "C1");
        close(s.removal_effects["C2"], 1.0, "C2");
        close(s.removal_effects["C3"], 1.0, "C3");
        assert_eq!(s.conversions, 1);
        close(s.shares["C1"], 0.2, "C1 share");
        close(s.shares["C2"], 0.4, "C2 share");
        close(s.shares["C3"], 0.4, "C3 share");
    }

    #[test]
    fn issue_example_google_ads_and_mailing() {
        // start -> google ads 4/5, mailing 1/5; google ads -> conv 2/4, null 1/4, mailing 1/4;
        // mailing -> conv 1. P = 4/5 x 3/4 + 1/5 = 0.8. Without google ads: 0.2 (effect 0.75);
        // without mailing: 4/5 x 1/2 = 0.4 (effect 0.5). Shares of 4: 2.4 and 1.6.
        let m = paths(&[
            (&["google ads"], true),
            (&["google ads"], true),
            (&["google ads"], false),
            (&["mailing"], true),
            (&["google ads", "mailing"], true),
        ]);
        let s = m.summary();
        close(s.conversion_probability, 0.8, "P(conv)");
        close(s.removal_effects["google ads"], 0.75, "google ads");
        close(s.removal_effects["mailing"], 0.5, "mailing");
        assert_eq!(s.conversions, 4);
        assert_eq!(s.paths, 5);
        close(s.shares["google ads"], 2.4, "google ads share");
        close(s.shares["mailing"], 1.6, "mailing share");
    }

    #[test]
    fn loops_are_solved_exactly() {
        // A>B>A converted, B not. x_A = 1/2 x_B + 1/2, x_B = 1/2 x_A: x_A = 2/3, x_B = 1/3,
        // P = 1/2. Without A: 0 (effect 1); without B: x_A = 1/2, P = 1/4 (effect 0.5).
        let m = paths(&[(&["A", "B", "A"], true), (&["B"], false)]);
        let s = m.summary();
        close(s.conversion_probability, 0.5, "P(conv)");
        close(s.removal_effects["A"], 1.0, "A");
        close(s.removal_effects["B"], 0.5, "B");
        close(s.shares["A"], 2.0 / 3.0, "A share");
        close(s.shares["B"], 1.0 / 3.0, "B share");
    }

    #[test]
    fn consecutive_repeats_collapse() {
        let collapsed = paths(&[(&["A", "B"], true), (&["B"], false)]);
        let repeated = paths(&[(&["A", "A", "B", "B", "B"], true), (&["B", "B"], false)]);
        assert_eq!(collapsed.summary(), repeated.summary());
    }

    #[test]
    fn no_conversion_means_zero_effects_and_shares() {
        let m = paths(&[(&["A", "B"], false), (&["B"], false)]);
        let s = m.summary();
        assert_eq!(s.conversion_probability, 0.0);
        assert_eq!(
            s.removal_effects.values().copied().collect::<Vec<_>>(),
            [0.0, 0.0]
        );
        assert_eq!(s.shares.values().copied().collect::<Vec<_>>(), [0.0, 0.0]);
        let empty = Markov::from_paths(std::iter::empty::<(Vec<&str>, bool)>());
        assert_eq!(empty.summary(), &MarkovSummary::default());
    }

    fn window_credits(m: &Markov, channels: &[&str]) -> Vec<f64> {
        let journey: Vec<JourneyTouch> = channels
            .iter()
            .enumerate()
            .map(|(i, c)| touch(&format!("2025-06-{:02} 10:00", i + 1), c))
            .collect();
        let d = deal("2025-06-30");
        let w = Window {
            deal: &d,
            lead_created_at: journey[0].at,
            touches: journey.iter().collect(),
        };
        m.credits(&w)
    }

    #[test]
    fn deal_credit_follows_removal_effects_split_over_a_channels_touches() {
        // Effects: C1 0.5, C2 1, C3 1. Window C1, C2, C1: C1 gets 0.5 / 1.5 = 1/3, in halves;
        // C2 gets 2/3.
        let m = paths(&[
            (&["C1", "C2", "C3"], true),
            (&["C1"], false),
            (&["C2", "C3"], false),
        ]);
        let c = window_credits(&m, &["C1", "C2", "C1"]);
        for (got, want) in c.iter().zip([1.0 / 6.0, 2.0 / 3.0, 1.0 / 6.0]) {
            close(*got, want, "credit");
        }
        // A channel the chain never saw has no effect, so no credit beside known channels.
        let c = window_credits(&m, &["C1", "x"]);
        assert_eq!(c, [1.0, 0.0]);
    }

    #[test]
    fn all_zero_effects_share_equally_by_channel() {
        let m = paths(&[(&["A", "B"], false)]);
        let c = window_credits(&m, &["A", "B", "A"]);
        assert_eq!(c, [0.25, 0.5, 0.25]);
    }

    #[test]
    fn trained_on_every_lead_whole_journey_won_deals_convert() {
        // The first issue example through the data: x = C1, email = C2, webinar = C3.
        // L1: x, x, email, then its webinar creation touch; a won and a lost deal: converted.
        // L2: its x creation touch only; a lost deal: null. L3: email, webinar creation; open: null.
        let dataset = Dataset {
            leads: vec![
                lead("L1", at("2025-06-10 10:00"), "webinar"),
                lead("L2", at("2025-01-10 10:00"), "x"),
                lead("L3", at("2025-06-12 10:00"), "webinar"),
            ],
            touches: vec![
                recorded("L1", at("2025-06-01 10:00"), "x"),
                recorded("L1", at("2025-06-02 10:00"), "x"),
                recorded("L1", at("2025-06-05 10:00"), "email"),
                recorded("L3", at("2025-06-11 10:00"), "email"),
            ],
            deals: vec![
                deal_of("D1", Some("L1"), "2025-06-30", DealStatus::Won),
                deal_of("D2", Some("L1"), "2025-06-30", DealStatus::Lost),
                deal_of("D3", Some("L2"), "2025-06-30", DealStatus::Lost),
                deal_of("D4", Some("L3"), "2025-06-30", DealStatus::Open),
            ],
            ..Dataset::default()
        };
        let links = link(&dataset, &ChannelCatalog::new());
        let s = Markov::train(&dataset, &links).summary().clone();
        assert_eq!((s.paths, s.conversions), (3, 1));
        close(s.conversion_probability, 1.0 / 3.0, "P(conv)");
        close(s.removal_effects["x"], 0.5, "x");
        close(s.removal_effects["email"], 1.0, "email");
        close(s.removal_effects["webinar"], 1.0, "webinar");
    }
}
