//! Attribution (SPEC section 4): credits of each won deal over the touches of its window, under
//! every model. A model is one small unit implementing `AttributionModel`; this module finds the
//! windows and spreads the credits; `metrics` sums them.

mod first_touch;
mod last_touch;
mod linear;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::channels::UNATTRIBUTED;
use crate::config::Period;
use crate::link::{JourneyTouch, LinkReason, Links};
use crate::model::{Dataset, Deal, DealStatus};

pub use first_touch::FirstTouch;
pub use last_touch::LastTouch;
pub use linear::Linear;

/// The touches of one won deal's window, in journey order.
pub struct Window<'a> {
    pub deal: &'a Deal,
    pub touches: Vec<&'a JourneyTouch>,
}

/// One attribution model: given a deal's window (never empty), the credit of each touch, in the
/// same order, summing to 1.
pub trait AttributionModel {
    fn id(&self) -> &'static str;
    fn credits(&self, window: &Window) -> Vec<f64>;
}

/// Every model, in the order the Attribution sheet shows them.
pub fn all_models() -> Vec<Box<dyn AttributionModel>> {
    vec![Box::new(FirstTouch), Box::new(LastTouch), Box::new(Linear)]
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
}

impl Attribution {
    pub fn lines(&self, model: &str) -> &[CreditLine] {
        self.by_model.get(model).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The touches of a deal's window: from `lookback_days` before the deal's creation date up to
/// that date, both ends inclusive, whole days (a timed touch on the creation day counts).
pub fn window<'a>(deal: &'a Deal, journey: &'a [JourneyTouch], lookback_days: u32) -> Window<'a> {
    let end = deal.created_at;
    let start = end
        .checked_sub_days(Days::new(lookback_days.into()))
        .unwrap_or(NaiveDate::MIN);
    let touches = journey
        .iter()
        .filter(|t| {
            let day = t.at.date();
            start <= day && day <= end
        })
        .collect();
    Window { deal, touches }
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
            let window = linked.map(|l| window(deal, &l.journey, lookback_days));
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
    use crate::model::SourceRef;
    use chrono::NaiveDateTime;

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

    /// Credits of a model over touches given as (time, channel).
    pub fn credits_of(model: &dyn AttributionModel, touches: &[(&str, &str)]) -> Vec<f64> {
        let journey: Vec<JourneyTouch> = touches.iter().map(|(t, c)| touch(t, c)).collect();
        let d = deal("2025-06-30");
        let w = Window {
            deal: &d,
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
        let w = window(&d, &journey, 90);
        let channels: Vec<&str> = w.touches.iter().map(|t| t.channel.as_str()).collect();
        assert_eq!(channels, ["x", "email"]);
    }
}
