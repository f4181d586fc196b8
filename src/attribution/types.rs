//! What the attribution models share: the window of touches a model reads, the
//! `AttributionModel` trait each model implements, and the figures the Markov model reports
//! through it. `mod.rs` lists the models and spreads their credits.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::link::JourneyTouch;
use crate::model::Deal;

/// The touches of one won deal's window, in journey order.
pub struct Window<'a> {
    pub deal: &'a Deal,
    /// When the deal's lead was created (`w_shaped` puts a milestone on it).
    pub lead_created_at: NaiveDateTime,
    pub touches: Vec<&'a JourneyTouch>,
}

/// One attribution model: given a deal's window (never empty), the credit of each touch, in the
/// same order, none negative, summing to 1.
pub trait AttributionModel {
    fn id(&self) -> &'static str;
    fn credits(&self, window: &Window) -> Vec<f64>;
    /// The trained chain's figures; only `markov` has them.
    fn markov_summary(&self) -> Option<&MarkovSummary> {
        None
    }
}

/// The trained chain's figures for the Attribution sheet and the summary JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MarkovSummary {
    /// Raw removal effect per channel, in [0, 1]; every channel of any journey is listed. All zero
    /// when no path converts.
    pub removal_effects: BTreeMap<String, f64>,
    /// Globally normalised shares: effect / sum of effects x conversions (zero with no conversion).
    pub shares: BTreeMap<String, f64>,
    /// P(conversion) from the start of a path.
    pub conversion_probability: f64,
    /// Paths ending in conversion: leads with at least one won deal.
    pub conversions: u64,
    /// Paths trained on: accepted leads.
    pub paths: u64,
}
