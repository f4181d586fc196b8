//! Linking (SPEC section 2): each lead's acquisition channel, its linked post and the rule that
//! linked it, its journey of touches, and whether it is SNS-attributed. Reads the validated
//! dataset; computes no metric.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::channels::ChannelCatalog;
use crate::model::{Dataset, Lead};
use crate::values::normalize_key;

/// The rule that linked a lead to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkReason {
    PostId,
    UtmContent,
    UtmCampaign,
}

impl LinkReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkReason::PostId => "post_id",
            LinkReason::UtmContent => "utm_content",
            LinkReason::UtmCampaign => "utm_campaign",
        }
    }
}

/// One step of a lead's journey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyTouch {
    pub at: NaiveDateTime,
    pub channel: String,
    pub post_id: Option<String>,
    /// Index into `Dataset::touches`; `None` for the synthetic lead-creation touch.
    pub touch_index: Option<usize>,
    /// True for the touch that stands for the lead's creation.
    pub is_lead_creation: bool,
}

/// A lead with everything linking worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedLead {
    /// Index into `Dataset::leads`.
    pub lead_index: usize,
    pub acquisition_channel: String,
    pub linked_post: Option<String>,
    pub link_reason: Option<LinkReason>,
    pub sns: bool,
    /// Touches ordered by time, ties by input order, the synthetic touch after real touches of the
    /// same instant.
    pub journey: Vec<JourneyTouch>,
}

/// Links of every accepted lead, in input order, with an index by lead id.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub leads: Vec<LinkedLead>,
    by_id: HashMap<String, usize>,
}

impl Links {
    pub fn lead(&self, lead_id: &str) -> Option<&LinkedLead> {
        self.by_id.get(lead_id).map(|&i| &self.leads[i])
    }
}

/// Links every lead of the dataset.
pub fn link(dataset: &Dataset, catalog: &ChannelCatalog) -> Links {
    let posts: HashMap<&str, usize> = dataset
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.post_id.as_str(), i))
        .collect();
    let mut touches_by_lead: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, touch) in dataset.touches.iter().enumerate() {
        touches_by_lead
            .entry(touch.lead_id.as_str())
            .or_default()
            .push(index);
    }
    let mut links = Links::default();
    for (lead_index, lead) in dataset.leads.iter().enumerate() {
        let utm_channel = lead
            .utm_source
            .as_deref()
            .and_then(|s| catalog.resolve_utm_source(s));
        let (linked_post, link_reason) = linked_post(dataset, &posts, lead, utm_channel.as_deref());
        let acquisition_channel = lead
            .channel
            .as_ref()
            .map(|c| c.id.clone())
            .or_else(|| {
                linked_post
                    .as_ref()
                    .and_then(|id| posts.get(id.as_str()))
                    .map(|&i| dataset.posts[i].platform.id.clone())
            })
            .or(utm_channel)
            .unwrap_or_else(|| "other".to_string());

        let mut journey: Vec<JourneyTouch> = touches_by_lead
            .get(lead.lead_id.as_str())
            .into_iter()
            .flatten()
            .map(|&i| {
                let touch = &dataset.touches[i];
                JourneyTouch {
                    at: touch.touched_at,
                    channel: touch.channel.id.clone(),
                    post_id: touch.post_id.clone(),
                    touch_index: Some(i),
                    is_lead_creation: false,
                }
            })
            .collect();
        let creation = journey.iter_mut().find(|t| {
            t.at == lead.created_at && t.channel == acquisition_channel && t.post_id == linked_post
        });
        match creation {
            Some(touch) => touch.is_lead_creation = true,
            None => journey.push(JourneyTouch {
                at: lead.created_at,
                channel: acquisition_channel.clone(),
                post_id: linked_post.clone(),
                touch_index: None,
                is_lead_creation: true,
            }),
        }
        // Stable sort: ties keep input order, and the synthetic touch was pushed last.
        journey.sort_by_key(|t| t.at);

        let sns = catalog.is_sns(&acquisition_channel)
            || linked_post.is_some()
            || journey
                .iter()
                .any(|t| t.at <= lead.created_at && catalog.is_sns(&t.channel));
        links.by_id.insert(lead.lead_id.clone(), links.leads.len());
        links.leads.push(LinkedLead {
            lead_index,
            acquisition_channel,
            linked_post,
            link_reason,
            sns,
            journey,
        });
    }
    links
}

/// The linked post: the lead's post_id (when that post exists; validation dropped unknown ones),
/// else the post whose id equals utm_content, else the single post sharing the lead's
/// utm_campaign and platform.
fn linked_post(
    dataset: &Dataset,
    posts: &HashMap<&str, usize>,
    lead: &Lead,
    utm_channel: Option<&str>,
) -> (Option<String>, Option<LinkReason>) {
    if let Some(post_id) = lead
        .post_id
        .as_ref()
        .filter(|id| posts.contains_key(id.as_str()))
    {
        return (Some(post_id.clone()), Some(LinkReason::PostId));
    }
    if let Some(content) = lead.utm_content.as_deref().map(str::trim) {
        if posts.contains_key(content) {
            return (Some(content.to_string()), Some(LinkReason::UtmContent));
        }
    }
    let platform = lead.channel.as_ref().map(|c| c.id.as_str()).or(utm_channel);
    if let (Some(campaign), Some(platform)) = (lead.utm_campaign.as_deref(), platform) {
        let campaign = normalize_key(campaign);
        let mut matching = dataset.posts.iter().filter(|p| {
            p.platform.id == platform
                && p.campaign
                    .as_deref()
                    .is_some_and(|c| normalize_key(c) == campaign)
        });
        if let (Some(post), None) = (matching.next(), matching.next()) {
            return (Some(post.post_id.clone()), Some(LinkReason::UtmCampaign));
        }
    }
    (None, None)
}
