//! Property tests over every model: the credits of any window sum to 1 with none negative, the
//! Markov chain agrees with an independent iterative solution, and nothing depends on the input
//! order of leads, touches and deals (one lead's touches at distinct instants: same-instant
//! touches follow input order, the documented tie rule of journeys).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDateTime, TimeDelta};
use proptest::prelude::*;
use proptest::sample::Index;

use super::tests::{at, deal, deal_of, lead, recorded, PARAMETERS};
use super::*;
use crate::channels::ChannelCatalog;
use crate::link::link;

const CHANNELS: [&str; 5] = ["linkedin", "x", "email", "webinar", "event"];
const DAY: i64 = 24 * 60;

type Paths = Vec<(Vec<usize>, bool)>;

fn markov_of(paths: &Paths) -> Markov {
    Markov::from_paths(
        paths
            .iter()
            .map(|(p, converted)| (p.iter().map(|&i| CHANNELS[i]), *converted)),
    )
}

/// Every registered model; `markov` is the chain of `paths` instead of one trained on a dataset.
fn models(half_life_days: f64, paths: &Paths) -> Vec<Box<dyn AttributionModel>> {
    let parameters = ModelParameters { half_life_days };
    MODELS
        .iter()
        .map(|(id, build)| -> Box<dyn AttributionModel> {
            match *id {
                "markov" => Box::new(markov_of(paths)),
                _ => build(&parameters, &Dataset::default(), &Links::default()),
            }
        })
        .collect()
}

/// Minutes from the window's first day; midnights half the time, so ties are common.
fn minute() -> impl Strategy<Value = i64> {
    prop_oneof![(0..91i64).prop_map(|d| d * DAY), 0..91 * DAY]
}

fn paths() -> impl Strategy<Value = Paths> {
    prop::collection::vec(
        (
            prop::collection::vec(0..CHANNELS.len(), 1..7),
            any::<bool>(),
        ),
        0..25,
    )
}

/// P(conversion) of the chain with `removed` leading to null, by iterating x = r + Q x from 0
/// (a different method from the model's elimination).
fn iterated_conversion(paths: &Paths, removed: Option<usize>) -> f64 {
    let mut starts = [0.0; CHANNELS.len()];
    let mut next = [[0.0; CHANNELS.len()]; CHANNELS.len()];
    let mut conv = [0.0; CHANNELS.len()];
    let mut out = [0.0; CHANNELS.len()];
    for (path, converted) in paths {
        let mut collapsed = path.clone();
        collapsed.dedup();
        starts[collapsed[0]] += 1.0;
        for pair in collapsed.windows(2) {
            next[pair[0]][pair[1]] += 1.0;
            out[pair[0]] += 1.0;
        }
        let last = collapsed[collapsed.len() - 1];
        out[last] += 1.0;
        if *converted {
            conv[last] += 1.0;
        }
    }
    let mut x = [0.0; CHANNELS.len()];
    for _ in 0..20_000 {
        let mut y = [0.0; CHANNELS.len()];
        for i in 0..CHANNELS.len() {
            if out[i] == 0.0 || removed == Some(i) {
                continue;
            }
            y[i] = (conv[i] + (0..CHANNELS.len()).map(|j| next[i][j] * x[j]).sum::<f64>()) / out[i];
        }
        x = y;
    }
    let total: f64 = starts.iter().sum();
    if total == 0.0 {
        return 0.0;
    }
    (0..CHANNELS.len()).map(|j| starts[j] / total * x[j]).sum()
}

/// One lead: creation minute, acquisition channel, touches (minute from creation, channel) and
/// maybe a deal (days after creation, won).
type LeadSpec = (i64, usize, Vec<(i64, usize)>, Option<(u64, bool)>);

fn lead_spec() -> impl Strategy<Value = LeadSpec> {
    (
        0..200 * DAY,
        0..CHANNELS.len(),
        prop::collection::vec((-100 * DAY..30 * DAY, 0..CHANNELS.len()), 0..7),
        prop::option::of((0..40u64, any::<bool>())),
    )
}

fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// The dataset of `specs`, its rows shuffled when `seed` is given.
fn dataset(specs: &[LeadSpec], seed: Option<u64>) -> Dataset {
    let base = at("2025-01-01 00:00");
    let mut d = Dataset::default();
    for (i, (created, acquisition, touches, deal)) in specs.iter().enumerate() {
        let id = format!("L{i}");
        let created_at = base + TimeDelta::minutes(*created);
        d.leads.push(lead(&id, created_at, CHANNELS[*acquisition]));
        // One touch per instant within a lead.
        let distinct: BTreeMap<i64, usize> = touches.iter().copied().collect();
        for (offset, channel) in distinct {
            let touched_at = created_at + TimeDelta::minutes(offset);
            d.touches.push(recorded(&id, touched_at, CHANNELS[channel]));
        }
        if let Some((days, won)) = deal {
            let opened = created_at.date() + chrono::Days::new(*days);
            let status = if *won {
                DealStatus::Won
            } else {
                DealStatus::Lost
            };
            d.deals.push(deal_of(
                &format!("D{i}"),
                Some(&id),
                &opened.to_string(),
                status,
            ));
        }
    }
    if let Some(mut seed) = seed {
        seed |= 1;
        shuffle(&mut d.leads, &mut seed);
        shuffle(&mut d.touches, &mut seed);
        shuffle(&mut d.deals, &mut seed);
    }
    d
}

type CreditKey = (String, String, NaiveDateTime, bool);

/// Credit per (model, deal, touch instant, synthetic creation touch), and the Markov summary.
fn credits(d: &Dataset) -> (BTreeMap<CreditKey, f64>, MarkovSummary) {
    let links = link(d, &ChannelCatalog::new());
    let models = all_models(&PARAMETERS, d, &links);
    let attribution = attribute(d, &links, None, 90, &models);
    let mut by_key = BTreeMap::new();
    for (model, lines) in &attribution.by_model {
        for line in lines {
            let (instant, synthetic) = match &line.touch {
                Some(t) => (t.at, t.touch_index.is_none()),
                None => (NaiveDateTime::MIN, true),
            };
            let key = (model.clone(), line.deal_id.clone(), instant, synthetic);
            let previous = by_key.insert(key, line.credit);
            assert!(previous.is_none(), "one line per touch");
        }
    }
    (by_key, attribution.markov)
}

proptest! {
    #[test]
    fn every_models_credits_sum_to_one_and_none_is_negative(
        minutes in prop::collection::vec((minute(), 0..CHANNELS.len()), 1..12),
        creation in prop::option::of(any::<Index>()),
        created in -200 * DAY..200 * DAY,
        half_life_days in 0.05f64..60.0,
        paths in paths(),
    ) {
        let start = at("2025-04-01 00:00");
        let mut journey: Vec<JourneyTouch> = minutes
            .iter()
            .enumerate()
            .map(|(i, (m, c))| JourneyTouch {
                at: start + TimeDelta::minutes(*m),
                channel: CHANNELS[*c].into(),
                post_id: None,
                touch_index: Some(i),
                is_lead_creation: false,
            })
            .collect();
        journey.sort_by_key(|t| t.at);
        if let Some(index) = creation {
            let i = index.index(journey.len());
            journey[i].is_lead_creation = true;
        }
        let d = deal("2025-06-30");
        let window = Window {
            deal: &d,
            lead_created_at: start + TimeDelta::minutes(created),
            touches: journey.iter().collect(),
        };
        for model in models(half_life_days, &paths) {
            let c = model.credits(&window);
            prop_assert_eq!(c.len(), journey.len(), "{}", model.id());
            prop_assert!(c.iter().all(|x| x.is_finite() && *x >= 0.0), "{} {:?}", model.id(), c);
            let sum: f64 = c.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-12, "{} sums to {}", model.id(), sum);
        }
    }

    #[test]
    fn markov_matches_iteration_and_ignores_path_order(paths in paths(), seed in any::<u64>()) {
        let summary = markov_of(&paths).summary().clone();
        let p = iterated_conversion(&paths, None);
        prop_assert!((summary.conversion_probability - p).abs() < 1e-9, "{} vs {}", summary.conversion_probability, p);
        let seen: BTreeSet<usize> = paths.iter().flat_map(|(p, _)| p.iter().copied()).collect();
        prop_assert_eq!(summary.removal_effects.len(), seen.len());
        for c in seen {
            let effect = summary.removal_effects[CHANNELS[c]];
            prop_assert!((0.0..=1.0).contains(&effect));
            if p > 0.0 {
                let want = 1.0 - iterated_conversion(&paths, Some(c)) / p;
                prop_assert!((effect - want.max(0.0)).abs() < 1e-9, "{}: {} vs {}", CHANNELS[c], effect, want);
            }
        }
        let conversions = paths.iter().filter(|(_, converted)| *converted).count() as u64;
        prop_assert_eq!(summary.conversions, conversions);
        let shares: f64 = summary.shares.values().sum();
        if summary.removal_effects.values().any(|e| *e > 0.0) {
            prop_assert!((shares - conversions as f64).abs() < 1e-9);
        }
        let mut shuffled = paths.clone();
        let mut seed = seed | 1;
        shuffle(&mut shuffled, &mut seed);
        let again = markov_of(&shuffled);
        prop_assert_eq!(again.summary(), &summary);
    }

    #[test]
    fn credits_do_not_depend_on_input_order(
        specs in prop::collection::vec(lead_spec(), 1..8),
        seed in any::<u64>(),
    ) {
        let (before, markov_before) = credits(&dataset(&specs, None));
        let (after, markov_after) = credits(&dataset(&specs, Some(seed)));
        prop_assert_eq!(markov_before, markov_after);
        prop_assert_eq!(before.len(), after.len());
        for ((key, a), (key_after, b)) in before.iter().zip(&after) {
            prop_assert_eq!(key, key_after);
            prop_assert!((a - b).abs() < 1e-12, "{:?}: {} vs {}", key, a, b);
        }
        // Per model, each won deal's credits sum to 1.
        let mut sums: HashMap<(&str, &str), f64> = HashMap::new();
        for ((model, deal, _, _), credit) in &before {
            *sums.entry((model, deal)).or_default() += credit;
        }
        prop_assert!(sums.values().all(|s| (s - 1.0).abs() < 1e-12), "{:?}", sums);
    }
}
