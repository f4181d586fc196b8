//! The canonical tables after validation: typed records, each remembering the file, sheet and row
//! it came from. Channel fields hold canonical channel ids (`linkedin`, `webinar`, ...); the text as
//! written is kept beside them for the data sheets.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SourceRef {
    pub file: String,
    pub sheet: String,
    /// 1-based sheet row.
    pub row: u32,
}

/// A channel id with the text the team wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ChannelValue {
    /// Canonical channel id; `other` for an unknown value.
    pub id: String,
    pub written: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PostMetrics {
    pub impressions: Option<u64>,
    pub reach: Option<u64>,
    pub engagements: Option<u64>,
    pub reactions: Option<u64>,
    pub comments: Option<u64>,
    pub shares: Option<u64>,
    pub saves: Option<u64>,
    pub clicks: Option<u64>,
    pub video_views: Option<u64>,
    pub video_completions: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Post {
    pub source: SourceRef,
    pub post_id: String,
    pub platform: ChannelValue,
    pub published_at: NaiveDateTime,
    pub campaign: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub format: Option<String>,
    pub metrics: PostMetrics,
    pub spend: Option<f64>,
}

impl Post {
    /// SPEC: a post's engagements are its engagements cell where not empty, else
    /// reactions + comments + shares + saves + clicks (empty cells count 0).
    pub fn engagements(&self) -> u64 {
        let m = &self.metrics;
        m.engagements.unwrap_or_else(|| {
            [m.reactions, m.comments, m.shares, m.saves, m.clicks]
                .iter()
                .map(|v| v.unwrap_or(0))
                .sum()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lead {
    pub source: SourceRef,
    pub lead_id: String,
    pub created_at: NaiveDateTime,
    pub channel: Option<ChannelValue>,
    pub post_id: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_content: Option<String>,
    pub account: Option<String>,
    pub conversion_type: Option<String>,
    pub mql_at: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touch {
    pub source: SourceRef,
    pub lead_id: String,
    pub touched_at: NaiveDateTime,
    pub channel: ChannelValue,
    pub post_id: Option<String>,
    pub campaign: Option<String>,
    pub touch_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    pub source: SourceRef,
    pub deal_id: String,
    pub lead_id: Option<String>,
    pub account: Option<String>,
    pub created_at: NaiveDate,
    pub status: DealStatus,
    pub amount: Option<f64>,
    pub closed_at: Option<NaiveDate>,
    pub mrr: Option<f64>,
    pub contract_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cost {
    pub source: SourceRef,
    /// First day of the month.
    pub month: NaiveDate,
    pub channel: ChannelValue,
    pub category: Option<String>,
    pub amount: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Kgi,
    Kpi,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub source: SourceRef,
    pub metric: String,
    pub target: f64,
    /// First day of the month; `None` = the whole report period.
    pub month: Option<NaiveDate>,
    /// `None` = all channels.
    pub channel: Option<ChannelValue>,
    pub kind: TargetKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomMetric {
    pub source: SourceRef,
    pub metric: String,
    pub month: NaiveDate,
    pub value: f64,
    pub layer: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    pub source: SourceRef,
    pub key: String,
    pub value: String,
}

/// All accepted rows of the input, in input order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dataset {
    pub posts: Vec<Post>,
    pub leads: Vec<Lead>,
    pub touches: Vec<Touch>,
    pub deals: Vec<Deal>,
    pub costs: Vec<Cost>,
    pub targets: Vec<Target>,
    pub custom: Vec<CustomMetric>,
    pub settings: Vec<Setting>,
}
