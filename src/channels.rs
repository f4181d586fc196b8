//! Channel ids and their aliases. The canonical ids are those of SPEC section 1; teams add aliases
//! with `[channels]` and choose which ids count as SNS with `sns_channels`.

use std::collections::{BTreeMap, BTreeSet};

/// SNS channel ids by default.
pub const DEFAULT_SNS: [&str; 8] = [
    "linkedin",
    "x",
    "facebook",
    "instagram",
    "youtube",
    "tiktok",
    "line",
    "note",
];

/// The other channel ids.
pub const OTHER_CHANNELS: [&str; 9] = [
    "webinar",
    "event",
    "search_ads",
    "display_ads",
    "organic_search",
    "email",
    "referral",
    "direct",
    "other",
];

/// The channel key under which deals without a (known) lead, and won deals without touches in the
/// attribution window, are counted.
pub const UNATTRIBUTED: &str = "unattributed";

/// Resolves written channel names and utm_source values to channel ids.
#[derive(Debug, Clone)]
pub struct ChannelCatalog {
    /// normalised alias -> channel id
    aliases: BTreeMap<String, String>,
    sns: BTreeSet<String>,
}

impl ChannelCatalog {
    /// The built-in ids and aliases, with the default SNS set.
    pub fn new() -> Self {
        todo!()
    }

    /// Adds team aliases (`[channels]` in the config): written name -> channel id. A new id is allowed.
    pub fn add_alias(&mut self, written: &str, id: &str) {
        todo!("{written}{id}")
    }

    /// Replaces the SNS set (`sns_channels`).
    pub fn set_sns(&mut self, ids: &[String]) {
        todo!("{ids:?}")
    }

    /// The id for a written channel name, or `None` when unknown (the caller warns and uses `other`).
    pub fn resolve(&self, written: &str) -> Option<String> {
        todo!("{written}")
    }

    /// The id for a utm_source value: channel aliases plus lnkd.in, t.co, twitter, fb, ig, yt.
    pub fn resolve_utm_source(&self, utm_source: &str) -> Option<String> {
        todo!("{utm_source}")
    }

    pub fn is_sns(&self, id: &str) -> bool {
        self.sns.contains(id)
    }

    pub fn sns_ids(&self) -> impl Iterator<Item = &str> {
        self.sns.iter().map(String::as_str)
    }

    /// Every known channel id (built-in and added), sorted.
    pub fn ids(&self) -> BTreeSet<String> {
        self.aliases.values().cloned().collect()
    }
}

impl Default for ChannelCatalog {
    fn default() -> Self {
        Self::new()
    }
}
