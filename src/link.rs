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

/// Leads whose acquisition channel is `other` only because nothing recorded one: no channel
/// cell, no linked post, no utm_source naming a channel (SPEC section 2, `no_channel`). A lead
/// whose channel cell says `other` (or an unknown name, warned as such) is not among them.
pub fn unrecorded_channel<'d>(
    dataset: &'d Dataset,
    links: &'d Links,
) -> impl Iterator<Item = &'d Lead> + 'd {
    links
        .leads
        .iter()
        .filter(|linked| linked.acquisition_channel == "other")
        .filter_map(|linked| dataset.leads.get(linked.lead_index))
        .filter(|lead| lead.channel.is_none())
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
        // utm_content may hold the post's id or its permalink.
        let content = crate::permalink::post_key(content).unwrap_or_else(|| content.to_string());
        if posts.contains_key(content.as_str()) {
            return (Some(content), Some(LinkReason::UtmContent));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChannelValue, Post, PostMetrics, SourceRef, Touch};

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn channel(id: &str) -> ChannelValue {
        ChannelValue {
            id: id.into(),
            written: id.into(),
        }
    }

    fn post(id: &str, platform: &str, campaign: &str) -> Post {
        Post {
            source: SourceRef::default(),
            post_id: id.into(),
            platform: channel(platform),
            published_at: at("2025-04-01 09:00"),
            campaign: Some(campaign.into()),
            title: None,
            url: None,
            format: None,
            metrics: PostMetrics::default(),
            spend: None,
        }
    }

    fn lead(id: &str, created: &str) -> Lead {
        Lead {
            source: SourceRef::default(),
            lead_id: id.into(),
            created_at: at(created),
            channel: None,
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

    fn touch(lead_id: &str, time: &str, channel_id: &str, post_id: Option<&str>) -> Touch {
        Touch {
            source: SourceRef::default(),
            lead_id: lead_id.into(),
            touched_at: at(time),
            channel: channel(channel_id),
            post_id: post_id.map(String::from),
            campaign: None,
            touch_type: None,
        }
    }

    fn dataset() -> Dataset {
        let mut d = Dataset {
            posts: vec![
                post("P1", "linkedin", "spring"),
                post("P2", "x", "spring"),
                post("P3", "x", "launch"),
                post("P4", "x", "launch"),
            ],
            ..Dataset::default()
        };
        // L1: post_id given.
        let mut l1 = lead("L1", "2025-04-10 10:00");
        l1.post_id = Some("P1".into());
        // L2: utm_content names a post; utm_source maps the channel.
        let mut l2 = lead("L2", "2025-04-11 10:00");
        l2.utm_source = Some("lnkd.in".into());
        l2.utm_content = Some("P2".into());
        // L3: one post shares campaign "spring" on LinkedIn.
        let mut l3 = lead("L3", "2025-04-12 10:00");
        l3.channel = Some(channel("linkedin"));
        l3.utm_campaign = Some("Spring".into());
        // L4: two X posts share "launch": no link.
        let mut l4 = lead("L4", "2025-04-13 10:00");
        l4.utm_source = Some("t.co".into());
        l4.utm_campaign = Some("launch".into());
        // L5: a webinar lead assisted by an earlier X touch; L6 a search lead touched by X only later.
        let mut l5 = lead("L5", "2025-04-20 10:00");
        l5.channel = Some(channel("webinar"));
        let mut l6 = lead("L6", "2025-04-20 10:00");
        l6.channel = Some(channel("search_ads"));
        let l7 = lead("L7", "2025-04-21 10:00");
        d.leads = vec![l1, l2, l3, l4, l5, l6, l7];
        d.touches = vec![
            touch("L5", "2025-04-20 10:00", "email", None),
            touch("L5", "2025-04-01 08:00", "x", Some("P3")),
            touch("L6", "2025-04-25 10:00", "x", None),
            // L1's creation touch is already recorded: it becomes the lead-creation touch.
            touch("L1", "2025-04-10 10:00", "linkedin", Some("P1")),
        ];
        d
    }

    #[test]
    fn linked_posts_and_their_reasons() {
        let links = link(&dataset(), &ChannelCatalog::new());
        let got = |id: &str| {
            let l = links.lead(id).unwrap();
            (
                l.linked_post.as_deref(),
                l.link_reason.map(LinkReason::as_str),
                l.acquisition_channel.as_str(),
            )
        };
        assert_eq!(got("L1"), (Some("P1"), Some("post_id"), "linkedin"));
        assert_eq!(got("L2"), (Some("P2"), Some("utm_content"), "x"));
        assert_eq!(got("L3"), (Some("P1"), Some("utm_campaign"), "linkedin"));
        assert_eq!(got("L4"), (None, None, "x"));
        assert_eq!(got("L7"), (None, None, "other"));
    }

    #[test]
    fn sns_attribution_counts_assisted_leads_only_before_creation() {
        let links = link(&dataset(), &ChannelCatalog::new());
        let sns = |id: &str| links.lead(id).unwrap().sns;
        assert!(sns("L1") && sns("L2") && sns("L3") && sns("L4"));
        assert!(
            sns("L5"),
            "an X touch before creation makes a webinar lead SNS-attributed"
        );
        assert!(!sns("L6"), "an X touch after creation does not");
        assert!(!sns("L7"));
    }

    #[test]
    fn journeys_are_ordered_with_one_creation_touch() {
        let links = link(&dataset(), &ChannelCatalog::new());
        let l5 = links.lead("L5").unwrap();
        let steps: Vec<(&str, bool, bool)> = l5
            .journey
            .iter()
            .map(|t| {
                (
                    t.channel.as_str(),
                    t.touch_index.is_none(),
                    t.is_lead_creation,
                )
            })
            .collect();
        // x (04-01), email (04-20 10:00), then the synthetic webinar creation touch at the same instant.
        assert_eq!(
            steps,
            [
                ("x", false, false),
                ("email", false, false),
                ("webinar", true, true)
            ]
        );
        let l1 = links.lead("L1").unwrap();
        assert_eq!(
            l1.journey.len(),
            1,
            "the recorded touch stands for the creation"
        );
        assert!(l1.journey[0].is_lead_creation && l1.journey[0].touch_index == Some(3));
    }
}
