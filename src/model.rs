//! The canonical tables after validation: typed records, each remembering the file, sheet and row
//! it came from. Channel fields hold canonical channel ids (`linkedin`, `webinar`, ...); the text as
//! written is kept beside them for the data sheets. Each record is a `Record`: its input fields by
//! schema name, so the data sheets write any table without knowing its record.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::catalog::MetricName;
use crate::period::Period;

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

/// The value of one input field of a record, borrowed: what its data-sheet cell holds. How a
/// number or date is shown (money, count, month ...) is the field's type in the schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'r> {
    /// No value: an empty cell.
    Empty,
    Text(&'r str),
    /// A channel: the text as written, and its id in the `<field>_id` column beside it.
    Channel(&'r ChannelValue),
    DateTime(NaiveDateTime),
    /// A date, or the first day of a month.
    Date(NaiveDate),
    Number(f64),
    /// A span of days (a target's period), shown as `2025-04-01..2025-06-30`.
    Span(Period),
    /// A figure of `metric` (a target), shown as that metric is.
    OfMetric {
        value: f64,
        metric: &'r str,
    },
}

/// A typed row of an input table.
pub trait Record: Sync {
    /// Where the row came from.
    fn source(&self) -> &SourceRef;
    /// The value of the input field named `field` in the schema; `None` when the table has no
    /// such field.
    fn field(&self, field: &str) -> Option<FieldValue<'_>>;
}

/// The records of one table, whatever their type.
pub trait Records: Sync {
    fn count(&self) -> usize;
    fn record(&self, index: usize) -> Option<&dyn Record>;
}

impl<T: Record> Records for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn record(&self, index: usize) -> Option<&dyn Record> {
        self.get(index).map(|r| r as &dyn Record)
    }
}

/// A record's field as the value its cell holds.
trait AsField {
    fn as_field(&self) -> FieldValue<'_>;
}

impl AsField for String {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Text(self)
    }
}

impl AsField for ChannelValue {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Channel(self)
    }
}

impl AsField for NaiveDateTime {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::DateTime(*self)
    }
}

impl AsField for NaiveDate {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Date(*self)
    }
}

impl AsField for Period {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Span(*self)
    }
}

impl AsField for f64 {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Number(*self)
    }
}

impl AsField for u64 {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Number(*self as f64)
    }
}

impl AsField for u32 {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Number(f64::from(*self))
    }
}

impl AsField for u8 {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Number(f64::from(*self))
    }
}

impl<T: AsField> AsField for Option<T> {
    fn as_field(&self) -> FieldValue<'_> {
        self.as_ref().map_or(FieldValue::Empty, AsField::as_field)
    }
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

impl PostMetrics {
    /// SPEC: engagements are the engagements cell where not empty, else
    /// reactions + comments + shares + saves + clicks (empty cells count 0).
    pub fn engagements(&self) -> u64 {
        self.engagements.unwrap_or_else(|| {
            [
                self.reactions,
                self.comments,
                self.shares,
                self.saves,
                self.clicks,
            ]
            .iter()
            .map(|v| v.unwrap_or(0))
            .sum()
        })
    }
}

impl Post {
    /// The post's engagements (`PostMetrics::engagements`).
    pub fn engagements(&self) -> u64 {
        self.metrics.engagements()
    }
}

impl Record for Post {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        let m = &self.metrics;
        Some(match field {
            "post_id" => self.post_id.as_field(),
            "platform" => self.platform.as_field(),
            "published_at" => self.published_at.as_field(),
            "campaign" => self.campaign.as_field(),
            "title" => self.title.as_field(),
            "url" => self.url.as_field(),
            "format" => self.format.as_field(),
            "impressions" => m.impressions.as_field(),
            "reach" => m.reach.as_field(),
            "engagements" => m.engagements.as_field(),
            "reactions" => m.reactions.as_field(),
            "comments" => m.comments.as_field(),
            "shares" => m.shares.as_field(),
            "saves" => m.saves.as_field(),
            "clicks" => m.clicks.as_field(),
            "video_views" => m.video_views.as_field(),
            "video_completions" => m.video_completions.as_field(),
            "spend" => self.spend.as_field(),
            _ => return None,
        })
    }
}

/// A platform's account or page metrics on one day (SPEC section 1, `daily`): what an export
/// without per-post rows gives (LinkedIn's aggregated sheet, X's daily export, YouTube's chart
/// data per video). A platform's funnel and layer-3 figures come from these rows when it has no
/// post rows in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Daily {
    pub source: SourceRef,
    pub date: NaiveDate,
    pub platform: ChannelValue,
    pub post_id: Option<String>,
    /// The day's counts (`saves`, `video_completions` stay empty: no daily export gives them).
    pub metrics: PostMetrics,
    pub followers_gained: Option<u64>,
    pub posts_published: Option<u64>,
}

impl Record for Daily {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        let m = &self.metrics;
        Some(match field {
            "date" => self.date.as_field(),
            "platform" => self.platform.as_field(),
            "post_id" => self.post_id.as_field(),
            "impressions" => m.impressions.as_field(),
            "reach" => m.reach.as_field(),
            "engagements" => m.engagements.as_field(),
            "reactions" => m.reactions.as_field(),
            "comments" => m.comments.as_field(),
            "shares" => m.shares.as_field(),
            "clicks" => m.clicks.as_field(),
            "video_views" => m.video_views.as_field(),
            "followers_gained" => self.followers_gained.as_field(),
            "posts_published" => self.posts_published.as_field(),
            _ => return None,
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

impl Record for Lead {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "lead_id" => self.lead_id.as_field(),
            "created_at" => self.created_at.as_field(),
            "channel" => self.channel.as_field(),
            "post_id" => self.post_id.as_field(),
            "utm_source" => self.utm_source.as_field(),
            "utm_medium" => self.utm_medium.as_field(),
            "utm_campaign" => self.utm_campaign.as_field(),
            "utm_content" => self.utm_content.as_field(),
            "account" => self.account.as_field(),
            "conversion_type" => self.conversion_type.as_field(),
            "mql_at" => self.mql_at.as_field(),
            _ => return None,
        })
    }
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

impl Record for Touch {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "lead_id" => self.lead_id.as_field(),
            "touched_at" => self.touched_at.as_field(),
            "channel" => self.channel.as_field(),
            "post_id" => self.post_id.as_field(),
            "campaign" => self.campaign.as_field(),
            "touch_type" => self.touch_type.as_field(),
            _ => return None,
        })
    }
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

impl AsField for DealStatus {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Text(self.as_str())
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

impl Record for Deal {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "deal_id" => self.deal_id.as_field(),
            "lead_id" => self.lead_id.as_field(),
            "account" => self.account.as_field(),
            "created_at" => self.created_at.as_field(),
            "status" => self.status.as_field(),
            "amount" => self.amount.as_field(),
            "closed_at" => self.closed_at.as_field(),
            "mrr" => self.mrr.as_field(),
            "contract_months" => self.contract_months.as_field(),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cost {
    pub source: SourceRef,
    /// First day of the month.
    pub month: NaiveDate,
    pub channel: ChannelValue,
    pub category: Option<String>,
    pub amount: f64,
    /// For a row over a period its file gives (an export without a date column, SPEC section 9):
    /// this record's part of it. The row's amount is spread over the period's months by days,
    /// one record per month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<CostSpread>,
}

/// One month's part of a cost row over a period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostSpread {
    /// The period the row's amount is for.
    pub period: Period,
    /// The period's days in this record's month.
    pub days: u32,
    /// 1 for the row's first month, 2 for the next …: the row is counted once, at part 1.
    pub part: u32,
}

impl Record for Cost {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "month" => self.month.as_field(),
            "channel" => self.channel.as_field(),
            "category" => self.category.as_field(),
            "amount" => self.amount.as_field(),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Kgi,
    Kpi,
}

impl TargetKind {
    /// As the data sheets write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Kgi => "KGI",
            TargetKind::Kpi => "KPI",
        }
    }
}

impl AsField for TargetKind {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::Text(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub source: SourceRef,
    pub metric: MetricName,
    pub target: f64,
    /// First day of the month; `None` = the whole report period.
    pub month: Option<NaiveDate>,
    /// The span the target is for when it is not one month (SPEC section 1, `period`); a target
    /// with a month is for that month.
    pub period: Option<Period>,
    /// `None` = all channels.
    pub channel: Option<ChannelValue>,
    pub kind: TargetKind,
    /// How a spanned target was brought to the report period (`metrics::kpi_tree::in_force`);
    /// `None` as read.
    pub pro_rated: Option<ProRated>,
}

/// A target for a span pro-rated by days to its overlap with the report period: the sum of
/// `target × overlap_days / span_days` over its parts (several spans of one metric add up).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProRated {
    pub parts: Vec<ProRatedPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProRatedPart {
    /// The target as written, for its whole span.
    pub target: f64,
    pub span: Period,
    /// Days of the span inside the report period.
    pub overlap_days: i64,
    /// Days of the span.
    pub span_days: i64,
}

impl Record for Target {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "metric" => FieldValue::Text(self.metric.as_str()),
            "target" => FieldValue::OfMetric {
                value: self.target,
                metric: self.metric.as_str(),
            },
            "month" => self.month.as_field(),
            "period" => self.period.as_field(),
            "channel" => self.channel.as_field(),
            "kind" => self.kind.as_field(),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomMetric {
    pub source: SourceRef,
    pub metric: String,
    pub month: NaiveDate,
    pub value: f64,
    pub layer: u8,
}

impl Record for CustomMetric {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "metric" => self.metric.as_field(),
            "month" => self.month.as_field(),
            "value" => self.value.as_field(),
            "layer" => self.layer.as_field(),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    pub source: SourceRef,
    pub key: String,
    pub value: String,
}

impl Record for Setting {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "key" => self.key.as_field(),
            "value" => self.value.as_field(),
            _ => return None,
        })
    }
}

/// Web analytics sessions of one channel over a day or a period (SPEC section 9, `traffic`): what
/// a GA4 traffic-acquisition export gives, by day when it has the date dimension, else for the
/// period written above its header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Traffic {
    pub source: SourceRef,
    /// The day, or the first day of the period the row covers.
    pub date: NaiveDate,
    /// The last day of the period; `None` for one day.
    pub end: Option<NaiveDate>,
    pub channel: ChannelValue,
    pub sessions: u64,
    pub engaged_sessions: Option<u64>,
    pub key_events: Option<f64>,
}

impl Traffic {
    /// The last day the row covers.
    pub fn last_day(&self) -> NaiveDate {
        self.end.unwrap_or(self.date)
    }
}

impl Record for Traffic {
    fn source(&self) -> &SourceRef {
        &self.source
    }

    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        Some(match field {
            "date" => self.date.as_field(),
            "end" => self.end.as_field(),
            "channel" => self.channel.as_field(),
            "sessions" => self.sessions.as_field(),
            "engaged_sessions" => self.engaged_sessions.as_field(),
            "key_events" => self.key_events.as_field(),
            _ => return None,
        })
    }
}

/// All accepted rows of the input, in input order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dataset {
    pub posts: Vec<Post>,
    pub daily: Vec<Daily>,
    pub leads: Vec<Lead>,
    pub touches: Vec<Touch>,
    pub deals: Vec<Deal>,
    pub costs: Vec<Cost>,
    pub traffic: Vec<Traffic>,
    pub targets: Vec<Target>,
    pub custom: Vec<CustomMetric>,
    pub settings: Vec<Setting>,
}

impl Dataset {
    /// The records of the table named `table` (its field here is named as the table).
    pub fn records(&self, table: &str) -> Option<&dyn Records> {
        Some(match table {
            "posts" => &self.posts,
            "daily" => &self.daily,
            "leads" => &self.leads,
            "touches" => &self.touches,
            "deals" => &self.deals,
            "costs" => &self.costs,
            "traffic" => &self.traffic,
            "targets" => &self.targets,
            "custom" => &self.custom,
            "settings" => &self.settings,
            _ => return None,
        })
    }
}
