//! Attribution (SPEC section 4): credits of each won deal over the touches of its window, under
//! every model. A model is one small unit implementing `AttributionModel`; this module finds the
//! windows and spreads the credits; `metrics` sums them.

mod first_touch;
mod last_touch;
mod linear;
mod markov;
mod position;
mod time_decay;
mod types;
mod w_shaped;

#[cfg(test)]
mod properties;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::channels::UNATTRIBUTED;
use crate::link::{JourneyTouch, LinkReason, Links};
use crate::model::{Dataset, Deal, DealStatus};
use crate::period::Period;

pub use first_touch::FirstTouch;
pub use last_touch::LastTouch;
pub use linear::Linear;
pub use markov::Markov;
pub use position::Position;
pub use time_decay::TimeDecay;
pub use types::{AttributionModel, MarkovSummary, Window};
pub use w_shaped::WShaped;

/// What the models take from the configuration (attribution does not read `Config`: config reads
/// the model ids from here).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelParameters {
    /// `time_decay`: a touch this many days older weighs half.
    pub half_life_days: f64,
}

/// How a model is made: from its parameters, or trained on the accepted leads and their links.
pub type BuildModel = fn(&ModelParameters, &Dataset, &Links) -> Box<dyn AttributionModel>;

/// The registry of models: each model's id and how it is made, in the order the Attribution sheet
/// shows them. A new model is its file plus one line here (and its label in labels.toml).
pub const MODELS: &[(&str, BuildModel)] = &[
    ("first_touch", |_, _, _| Box::new(FirstTouch)),
    ("last_touch", |_, _, _| Box::new(LastTouch)),
    ("linear", |_, _, _| Box::new(Linear)),
    ("position", |_, _, _| Box::new(Position)),
    ("w_shaped", |_, _, _| Box::new(WShaped)),
    ("time_decay", |p, _, _| {
        Box::new(TimeDecay::new(p.half_life_days))
    }),
    // Trained here, on every accepted lead of the dataset.
    ("markov", |_, dataset, links| {
        Box::new(Markov::train(dataset, links))
    }),
];

/// The model ids, in display order: what `model` and `--model` accept.
pub const MODEL_IDS: [&str; MODELS.len()] = ids(MODELS);

const fn ids<const N: usize>(models: &[(&'static str, BuildModel)]) -> [&'static str; N] {
    let mut ids = [""; N];
    let mut i = 0;
    while i < N {
        ids[i] = models[i].0;
        i += 1;
    }
    ids
}

/// Every model of the registry, made for this run.
pub fn all_models(
    parameters: &ModelParameters,
    dataset: &Dataset,
    links: &Links,
) -> Vec<Box<dyn AttributionModel>> {
    MODELS
        .iter()
        .map(|(_, build)| build(parameters, dataset, links))
        .collect()
}

/// One credited touch of one won deal under one model (a row of the Lineage sheet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditLine {
    /// Index into `Dataset::deals`.
    pub deal_index: usize,
    pub deal_id: String,
    pub lead_id: Option<String>,
    /// The touch; `None` when the deal is credited wholly to `unattributed`.
    pub touch: Option<JourneyTouch>,
    pub channel: String,
    pub post_id: Option<String>,
    pub link_reason: Option<LinkReason>,
    pub credit: f64,
    /// credit x the deal's amount.
    pub amount: f64,
    pub closed_at: NaiveDate,
}

/// Credit lines of every won deal closed in the period, per model id.
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    pub by_model: BTreeMap<String, Vec<CreditLine>>,
    /// Model ids in display order.
    pub model_ids: Vec<String>,
    /// The Markov chain's removal effects and shares (empty when `markov` was not run).
    pub markov: MarkovSummary,
}

impl Attribution {
    pub fn lines(&self, model: &str) -> &[CreditLine] {
        self.by_model.get(model).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The touches of a deal's window: from `lookback_days` before the deal's creation date up to
/// that date, both ends inclusive, whole days (a timed touch on the creation day counts).
pub fn window<'a>(
    deal: &'a Deal,
    lead_created_at: NaiveDateTime,
    journey: &'a [JourneyTouch],
    lookback_days: u32,
) -> Window<'a> {
    let (start, end) = window_days(deal, lookback_days);
    let touches = journey
        .iter()
        .filter(|t| {
            let day = t.at.date();
            start <= day && day <= end
        })
        .collect();
    Window {
        deal,
        lead_created_at,
        touches,
    }
}

/// The first and last day of a deal's window: `lookback_days` before its creation date, and that
/// date (both inclusive).
pub fn window_days(deal: &Deal, lookback_days: u32) -> (NaiveDate, NaiveDate) {
    let end = deal.created_at;
    let start = end
        .checked_sub_days(Days::new(lookback_days.into()))
        .unwrap_or(NaiveDate::MIN);
    (start, end)
}

/// Won deals credited to `unattributed` only because the attribution window is too short: their
/// lead was known, but every touch of its journey up to the deal's creation (the lead's own
/// creation included) is older than `lookback_days` before it. Said once on the Summary and in
/// `check` when they are most of the won deals, with the `lookback_days` that would cover them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OutsideWindow {
    /// Won deals closed in the period.
    pub won: usize,
    /// Of them, those whose touches all fall before their window.
    pub outside: usize,
    /// The window in force.
    pub lookback_days: u32,
    /// The smallest window that holds a touch of each of them: the longest gap, in days, between
    /// a deal's creation and its lead's last touch before it.
    pub covering_lookback_days: u32,
}

impl OutsideWindow {
    /// `outside / won`.
    pub fn share(&self) -> f64 {
        self.outside as f64 / self.won as f64
    }
}

/// The won deals closed in `period` (all when `None`) whose touches all fall before their window,
/// when they are more than half of those won deals; `None` otherwise.
pub fn outside_window(
    dataset: &Dataset,
    links: &Links,
    period: Option<Period>,
    lookback_days: u32,
) -> Option<OutsideWindow> {
    let won: Vec<&Deal> = dataset
        .deals
        .iter()
        .filter(|d| d.status == DealStatus::Won)
        .filter(|d| {
            d.closed_at
                .is_some_and(|c| period.is_none_or(|p| p.contains(c)))
        })
        .collect();
    // Days from each such deal's creation back to its lead's last touch up to that day.
    let gaps: Vec<i64> = won
        .iter()
        .filter_map(|deal| {
            let lead = links.lead(deal.lead_id.as_deref()?)?;
            let last = lead
                .journey
                .iter()
                .map(|t| t.at.date())
                .filter(|day| *day <= deal.created_at)
                .max()?;
            let gap = (deal.created_at - last).num_days();
            (gap > i64::from(lookback_days)).then_some(gap)
        })
        .collect();
    let outside = gaps.len();
    if outside * 2 <= won.len() {
        return None;
    }
    Some(OutsideWindow {
        won: won.len(),
        outside,
        lookback_days,
        covering_lookback_days: gaps
            .into_iter()
            .max()
            .map_or(lookback_days, |g| u32::try_from(g).unwrap_or(u32::MAX)),
    })
}

/// Credits every won deal closed in `period` (all won deals when `None`) under every model.
pub fn attribute(
    dataset: &Dataset,
    links: &Links,
    period: Option<Period>,
    lookback_days: u32,
    models: &[Box<dyn AttributionModel>],
) -> Attribution {
    let mut attribution = Attribution {
        model_ids: models.iter().map(|m| m.id().to_string()).collect(),
        markov: models
            .iter()
            .find_map(|m| m.markov_summary())
            .cloned()
            .unwrap_or_default(),
        ..Attribution::default()
    };
    for model in models {
        let mut lines = Vec::new();
        for (deal_index, deal) in dataset.deals.iter().enumerate() {
            if deal.status != DealStatus::Won {
                continue;
            }
            let Some(closed_at) = deal
                .closed_at
                .filter(|d| period.is_none_or(|p| p.contains(*d)))
            else {
                continue;
            };
            let amount = deal.amount.unwrap_or(0.0);
            let linked = deal.lead_id.as_deref().and_then(|id| links.lead(id));
            let window = linked.map(|l| {
                let created_at = dataset.leads[l.lead_index].created_at;
                window(deal, created_at, &l.journey, lookback_days)
            });
            let base = CreditLine {
                deal_index,
                deal_id: deal.deal_id.clone(),
                lead_id: deal.lead_id.clone(),
                touch: None,
                channel: UNATTRIBUTED.to_string(),
                post_id: None,
                link_reason: None,
                credit: 1.0,
                amount,
                closed_at,
            };
            match (linked, window) {
                (Some(lead), Some(window)) if !window.touches.is_empty() => {
                    let credits = model.credits(&window);
                    for (touch, credit) in window.touches.iter().zip(credits) {
                        let link_reason = if touch.touch_index.is_none() {
                            lead.link_reason
                        } else {
                            None
                        };
                        lines.push(CreditLine {
                            touch: Some((*touch).clone()),
                            channel: touch.channel.clone(),
                            post_id: touch.post_id.clone(),
                            link_reason,
                            credit,
                            amount: credit * amount,
                            ..base.clone()
                        });
                    }
                }
                _ => lines.push(base),
            }
        }
        attribution.by_model.insert(model.id().to_string(), lines);
    }
    attribution
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::channels::ChannelCatalog;
    use crate::link::link;
    use crate::model::{ChannelValue, Lead, SourceRef, Touch};

    pub fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    pub fn touch(time: &str, channel: &str) -> JourneyTouch {
        JourneyTouch {
            at: at(time),
            channel: channel.into(),
            post_id: None,
            touch_index: Some(0),
            is_lead_creation: false,
        }
    }

    pub fn deal(created: &str) -> Deal {
        Deal {
            source: SourceRef::default(),
            deal_id: "D1".into(),
            lead_id: Some("L1".into()),
            account: None,
            created_at: NaiveDate::parse_from_str(created, "%Y-%m-%d").unwrap(),
            status: DealStatus::Won,
            amount: Some(1000.0),
            closed_at: None,
            mrr: None,
            contract_months: None,
        }
    }

    pub fn channel(id: &str) -> ChannelValue {
        ChannelValue {
            id: id.into(),
            written: id.into(),
        }
    }

    /// A lead with only its id, creation time and acquisition channel.
    pub fn lead(id: &str, created_at: NaiveDateTime, acquisition: &str) -> Lead {
        Lead {
            source: SourceRef::default(),
            lead_id: id.into(),
            created_at,
            channel: Some(channel(acquisition)),
            post_id: None,
            utm_source: None,
            utm_medium: None,
            utm_campaign: None,
            utm_content: None,
            account: None,
            conversion_type: None,
            mql_at: None,
        }
    }

    /// A row of the touches table.
    pub fn recorded(lead_id: &str, touched_at: NaiveDateTime, channel_id: &str) -> Touch {
        Touch {
            source: SourceRef::default(),
            lead_id: lead_id.into(),
            touched_at,
            channel: channel(channel_id),
            post_id: None,
            campaign: None,
            touch_type: None,
        }
    }

    /// A deal of `lead_id` created on `created` and closed a month later.
    pub fn deal_of(id: &str, lead_id: Option<&str>, created: &str, status: DealStatus) -> Deal {
        let created_at = NaiveDate::parse_from_str(created, "%Y-%m-%d").unwrap();
        Deal {
            deal_id: id.into(),
            lead_id: lead_id.map(String::from),
            status,
            closed_at: created_at.checked_add_days(Days::new(30)),
            ..deal(created)
        }
    }

    /// Credits of a model over touches given as (time, channel).
    pub fn credits_of(model: &dyn AttributionModel, touches: &[(&str, &str)]) -> Vec<f64> {
        let journey: Vec<JourneyTouch> = touches.iter().map(|(t, c)| touch(t, c)).collect();
        let d = deal("2025-06-30");
        let w = Window {
            deal: &d,
            lead_created_at: journey[0].at,
            touches: journey.iter().collect(),
        };
        model.credits(&w)
    }

    #[test]
    fn window_is_inclusive_whole_days() {
        let d = deal("2025-06-30");
        let journey = vec![
            touch("2025-04-01 09:00", "x"),        // 90 days before: inside
            touch("2025-03-31 23:59", "linkedin"), // 91 days before: outside
            touch("2025-06-30 18:00", "email"),    // the creation day, later hour: inside
            touch("2025-07-01 00:00", "webinar"),  // the day after: outside
        ];
        let w = window(&d, at("2025-04-01 09:00"), &journey, 90);
        let channels: Vec<&str> = w.touches.iter().map(|t| t.channel.as_str()).collect();
        assert_eq!(channels, ["x", "email"]);
    }

    /// The parameters of the default configuration.
    pub const PARAMETERS: ModelParameters = ModelParameters {
        half_life_days: 7.0,
    };

    #[test]
    fn each_registered_model_answers_to_its_registry_id() {
        let models = all_models(&PARAMETERS, &Dataset::default(), &Links::default());
        let ids: Vec<&str> = models.iter().map(|m| m.id()).collect();
        assert_eq!(ids, MODEL_IDS);
    }

    /// Credit per channel under `model`, summed over every credited deal.
    fn by_channel(attribution: &Attribution, model: &str) -> BTreeMap<String, f64> {
        let mut sums = BTreeMap::new();
        for line in attribution.lines(model) {
            *sums.entry(line.channel.clone()).or_insert(0.0) += line.credit;
        }
        sums
    }

    fn assert_credits(attribution: &Attribution, model: &str, want: &[(&str, f64)]) {
        let got = by_channel(attribution, model);
        assert_eq!(got.len(), want.len(), "{model}: {got:?}");
        for (channel, value) in want {
            let g = got.get(*channel).copied().unwrap_or(f64::NAN);
            assert!(
                (g - value).abs() < 1e-12,
                "{model} {channel}: {g} vs {value}"
            );
        }
    }

    /// Issue 15: "476 of 516 won deals unattributed" was left for the user to discover.
    #[test]
    fn issue_15_won_deals_whose_leads_are_older_than_the_window_are_counted_with_the_window_that_covers_them(
    ) {
        // Deals created 2025-06-30. L1 created 200 days before, L2 120 days before (its touch 95
        // days before is outside a 90-day window too), L3 10 days before.
        let dataset = Dataset {
            leads: vec![
                lead("L1", at("2024-12-12 10:00"), "webinar"),
                lead("L2", at("2025-03-02 10:00"), "email"),
                lead("L3", at("2025-06-20 10:00"), "email"),
            ],
            touches: vec![recorded("L2", at("2025-03-27 10:00"), "linkedin")],
            deals: vec![
                deal_of("D1", Some("L1"), "2025-06-30", DealStatus::Won),
                deal_of("D2", Some("L2"), "2025-06-30", DealStatus::Won),
                deal_of("D3", Some("L3"), "2025-06-30", DealStatus::Won),
                deal_of("D4", Some("L1"), "2025-06-30", DealStatus::Lost),
            ],
            ..Dataset::default()
        };
        let links = link(&dataset, &ChannelCatalog::new());
        let found = outside_window(&dataset, &links, None, 90).expect("2 of 3 outside");
        assert_eq!(
            found,
            OutsideWindow {
                won: 3,
                outside: 2,
                lookback_days: 90,
                covering_lookback_days: 200,
            }
        );
        // Such deals are unattributed under every model, which is what the note explains.
        let models = all_models(&PARAMETERS, &dataset, &links);
        let a = attribute(&dataset, &links, None, 90, &models);
        let unattributed: Vec<&str> = a
            .lines("linear")
            .iter()
            .filter(|l| l.channel == UNATTRIBUTED)
            .map(|l| l.deal_id.as_str())
            .collect();
        assert_eq!(unattributed, ["D1", "D2"]);
        // With the window it names, every one of them is attributed.
        let a = attribute(&dataset, &links, None, 200, &models);
        assert!(a.lines("linear").iter().all(|l| l.channel != UNATTRIBUTED));
        assert_eq!(outside_window(&dataset, &links, None, 200), None);
        // Half or fewer is no note: L2's touch is within 95 days.
        assert_eq!(outside_window(&dataset, &links, None, 95), None);
    }

    #[test]
    fn issue_example_two_converted_journeys_under_every_model() {
        // A = linkedin, B = email, C = webinar. L1: A (06-01), B (06-08), then its creation on C
        // (06-15): A>B>C. L2: A (06-03 09:00), creation on C (06-10 09:00): A>C. Both won.
        let dataset = Dataset {
            leads: vec![
                lead("L1", at("2025-06-15 10:00"), "webinar"),
                lead("L2", at("2025-06-10 09:00"), "webinar"),
            ],
            touches: vec![
                recorded("L1", at("2025-06-01 10:00"), "linkedin"),
                recorded("L1", at("2025-06-08 10:00"), "email"),
                recorded("L2", at("2025-06-03 09:00"), "linkedin"),
            ],
            deals: vec![
                deal_of("D1", Some("L1"), "2025-06-20", DealStatus::Won),
                deal_of("D2", Some("L2"), "2025-06-12", DealStatus::Won),
            ],
            ..Dataset::default()
        };
        let links = link(&dataset, &ChannelCatalog::new());
        let models = all_models(&PARAMETERS, &dataset, &links);
        let a = attribute(&dataset, &links, None, 90, &models);
        let (ln, em, wb) = ("linkedin", "email", "webinar");
        assert_credits(&a, "first_touch", &[(ln, 2.0), (em, 0.0), (wb, 0.0)]);
        assert_credits(&a, "last_touch", &[(ln, 0.0), (em, 0.0), (wb, 2.0)]);
        assert_credits(
            &a,
            "linear",
            &[(ln, 5.0 / 6.0), (em, 1.0 / 3.0), (wb, 5.0 / 6.0)],
        );
        assert_credits(&a, "position", &[(ln, 0.9), (em, 0.2), (wb, 0.9)]);
        // The creation touch is the last one: D1 0.3 / 0.1 / 0.6, D2 0.35 / 0.65.
        assert_credits(&a, "w_shaped", &[(ln, 0.65), (em, 0.1), (wb, 1.25)]);
        // Touches a half-life apart: D1 1/7, 2/7, 4/7; D2 1/3, 2/3.
        let (d1, d2) = (1.0 / 7.0, 1.0 / 3.0);
        assert_credits(
            &a,
            "time_decay",
            &[(ln, d1 + d2), (em, 2.0 * d1), (wb, 4.0 * d1 + 2.0 * d2)],
        );
        // Both paths convert: P = 1; without B only A>C converts: 1/2. Effects A 1, B 0.5, C 1:
        // D1 0.4 / 0.2 / 0.4, D2 0.5 / 0.5.
        assert_credits(&a, "markov", &[(ln, 0.9), (em, 0.2), (wb, 0.9)]);
        let m = &a.markov;
        assert_eq!(m.conversions, 2);
        assert!((m.removal_effects[em] - 0.5).abs() < 1e-12);
        assert!((m.removal_effects[ln] - 1.0).abs() < 1e-12);
        assert!((m.removal_effects[wb] - 1.0).abs() < 1e-12);
        // Shares of 2 conversions: 1 / 2.5 x 2 = 0.8, 0.5 / 2.5 x 2 = 0.4.
        assert!((m.shares[ln] - 0.8).abs() < 1e-12 && (m.shares[em] - 0.4).abs() < 1e-12);
    }

    #[test]
    fn deals_without_a_touch_in_the_window_or_a_lead_are_unattributed() {
        // L1 was created (its only touch) long before its deal's 90-day window.
        let dataset = Dataset {
            leads: vec![lead("L1", at("2024-01-10 10:00"), "x")],
            deals: vec![
                deal_of("D1", Some("L1"), "2025-06-30", DealStatus::Won),
                deal_of("D2", None, "2025-06-30", DealStatus::Won),
                deal_of("D3", Some("L9"), "2025-06-30", DealStatus::Won),
                deal_of("D4", Some("L1"), "2025-06-30", DealStatus::Lost),
            ],
            ..Dataset::default()
        };
        let links = link(&dataset, &ChannelCatalog::new());
        let models = all_models(&PARAMETERS, &dataset, &links);
        let a = attribute(&dataset, &links, None, 90, &models);
        for id in MODEL_IDS {
            let lines = a.lines(id);
            let deals: Vec<&str> = lines.iter().map(|l| l.deal_id.as_str()).collect();
            assert_eq!(deals, ["D1", "D2", "D3"], "{id}");
            assert!(
                lines
                    .iter()
                    .all(|l| l.channel == UNATTRIBUTED && l.credit == 1.0 && l.touch.is_none()),
                "{id}"
            );
        }
        // The chain is trained on the whole journey, window or not: L1 (x, won D1) converts.
        assert_eq!((a.markov.paths, a.markov.conversions), (1, 1));
        assert_eq!(a.markov.removal_effects["x"], 1.0);
    }

    #[test]
    fn w_shaped_uses_the_leads_creation_time_when_its_creation_touch_is_outside_the_window() {
        // L1 was created after its deal's window (entered late): the milestone is the last window
        // touch. L2 was created before its window: the first window touch.
        let dataset = Dataset {
            leads: vec![
                lead("L1", at("2025-07-05 10:00"), "webinar"),
                lead("L2", at("2025-01-05 10:00"), "webinar"),
            ],
            touches: vec![
                recorded("L1", at("2025-06-01 10:00"), "linkedin"),
                recorded("L1", at("2025-06-10 10:00"), "email"),
                recorded("L1", at("2025-06-20 10:00"), "x"),
                recorded("L2", at("2025-06-01 10:00"), "linkedin"),
                recorded("L2", at("2025-06-10 10:00"), "email"),
                recorded("L2", at("2025-06-20 10:00"), "x"),
            ],
            deals: vec![
                deal_of("D1", Some("L1"), "2025-06-25", DealStatus::Won),
                deal_of("D2", Some("L2"), "2025-06-25", DealStatus::Won),
            ],
            ..Dataset::default()
        };
        let links = link(&dataset, &ChannelCatalog::new());
        let a = attribute(&dataset, &links, None, 90, &[Box::new(WShaped)]);
        let credits = |deal: &str| -> Vec<(String, f64)> {
            a.lines("w_shaped")
                .iter()
                .filter(|l| l.deal_id == deal)
                .map(|l| (l.channel.clone(), l.credit))
                .collect()
        };
        let rounded = |v: Vec<(String, f64)>| -> Vec<(String, i64)> {
            v.into_iter()
                .map(|(c, x)| (c, (x * 1e9).round() as i64))
                .collect()
        };
        let want = |first: i64, last: i64| {
            vec![
                ("linkedin".to_string(), first),
                ("email".to_string(), 100_000_000),
                ("x".to_string(), last),
            ]
        };
        assert_eq!(rounded(credits("D1")), want(300_000_000, 600_000_000));
        assert_eq!(rounded(credits("D2")), want(600_000_000, 300_000_000));
    }
}
