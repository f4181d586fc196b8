//! A validated row -> the typed record of its table (`model`), one function per table: the one
//! place that knows which record each table's rows become. A field the record needs that the row
//! lacks is an `Err`, so the row is rejected rather than counted accepted and lost. Not for
//! checking values: `validate` has done that before a row gets here.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::{
    ChannelValue, Cost, CustomMetric, Dataset, Deal, DealStatus, Lead, Post, PostMetrics, Setting,
    SourceRef, Target, TargetKind, Touch,
};

/// A parsed field value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Channel(ChannelValue),
    DateTime(NaiveDateTime),
    Date(NaiveDate),
    Count(u64),
    Number(f64),
    Months(u32),
    Status(DealStatus),
    Kind(TargetKind),
    Layer(u8),
}

/// A Rust type a field's `Value` is read as (`Row::get`).
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

macro_rules! from_value {
    ($($variant:ident => $type:ty, $read:expr;)*) => {$(
        impl FromValue for $type {
            fn from_value(value: &Value) -> Option<Self> {
                match value {
                    Value::$variant(v) => Some($read(v)),
                    _ => None,
                }
            }
        }
    )*};
}

from_value! {
    Text => String, |v: &String| v.clone();
    Channel => ChannelValue, |v: &ChannelValue| v.clone();
    DateTime => NaiveDateTime, |v: &NaiveDateTime| *v;
    Date => NaiveDate, |v: &NaiveDate| *v;
    Count => u64, |v: &u64| *v;
    Number => f64, |v: &f64| *v;
    Months => u32, |v: &u32| *v;
    Status => DealStatus, |v: &DealStatus| *v;
    Kind => TargetKind, |v: &TargetKind| *v;
    Layer => u8, |v: &u8| *v;
}

/// The accepted values of one row, by field name: a short list (a table has at most a few dozen
/// fields), keyed by the schema's own names so no key is allocated per cell.
#[derive(Debug, Default)]
pub(crate) struct Fields<'t>(Vec<(&'t str, Value)>);

impl<'t> Fields<'t> {
    pub(crate) fn get(&self, field: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == field).map(|(_, v)| v)
    }

    pub(crate) fn contains_key(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub(crate) fn insert(&mut self, field: &'t str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == field) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((field, value)),
        }
    }

    /// A further value of a field fed by several columns: numbers add up; any other value fills
    /// the field only where it has none yet.
    pub(crate) fn add(&mut self, field: &'t str, value: Value) {
        let Some((_, slot)) = self.0.iter_mut().find(|(k, _)| *k == field) else {
            self.0.push((field, value));
            return;
        };
        match (slot, value) {
            (Value::Count(a), Value::Count(b)) => *a = a.saturating_add(b),
            (Value::Number(a), Value::Number(b)) => *a += b,
            _ => {}
        }
    }

    pub(crate) fn remove(&mut self, field: &str) {
        self.0.retain(|(k, _)| *k != field);
    }
}

/// The accepted values of one row, by field name.
#[derive(Debug, Default)]
pub(crate) struct Row<'t> {
    pub(crate) values: Fields<'t>,
}

impl Row<'_> {
    /// The field's value as `T`; `None` when the row has none (or one of another type).
    pub(crate) fn get<T: FromValue>(&self, field: &str) -> Option<T> {
        self.values.get(field).and_then(T::from_value)
    }
}

/// A field the typed record cannot do without, missing from the row: the row is rejected with a
/// `required` issue naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MissingField(pub &'static str);

/// Builds the record of a `table` row and adds it to the dataset; its index in its table.
pub(crate) fn push_record(
    dataset: &mut Dataset,
    table: &str,
    source: SourceRef,
    row: &Row,
) -> Result<usize, MissingField> {
    let index = match table {
        "posts" => dataset.posts.len(),
        "leads" => dataset.leads.len(),
        "touches" => dataset.touches.len(),
        "deals" => dataset.deals.len(),
        "costs" => dataset.costs.len(),
        "targets" => dataset.targets.len(),
        "custom" => dataset.custom.len(),
        "settings" => dataset.settings.len(),
        _ => 0,
    };
    match table {
        "posts" => dataset.posts.push(post(source, row)?),
        "leads" => dataset.leads.push(lead(source, row)?),
        "touches" => dataset.touches.push(touch(source, row)?),
        "deals" => dataset.deals.push(deal(source, row)?),
        "costs" => dataset.costs.push(cost(source, row)?),
        "targets" => dataset.targets.push(target(source, row)?),
        "custom" => dataset.custom.push(custom(source, row)?),
        "settings" => dataset.settings.push(setting(source, row)?),
        // `validate` walks TABLE_ORDER and `Schema::check` refuses any other table, so this is
        // never reached; were it, the row would be rejected rather than lost.
        _ => return Err(MissingField("table")),
    }
    Ok(index)
}

/// Fills the fields the record at `index` of `table` lacks with the row's values (a breakdown
/// sheet completing a post). Only posts are completed so; other tables are left as they are.
pub(crate) fn merge_record(dataset: &mut Dataset, table: &str, index: usize, row: &Row) {
    let Some(post) = dataset.posts.get_mut(index).filter(|_| table == "posts") else {
        return;
    };
    for (slot, field) in [
        (&mut post.campaign, "campaign"),
        (&mut post.title, "title"),
        (&mut post.url, "url"),
        (&mut post.format, "format"),
    ] {
        if slot.is_none() {
            *slot = row.get(field);
        }
    }
    let m = &mut post.metrics;
    for (slot, field) in [
        (&mut m.impressions, "impressions"),
        (&mut m.reach, "reach"),
        (&mut m.engagements, "engagements"),
        (&mut m.reactions, "reactions"),
        (&mut m.comments, "comments"),
        (&mut m.shares, "shares"),
        (&mut m.saves, "saves"),
        (&mut m.clicks, "clicks"),
        (&mut m.video_views, "video_views"),
        (&mut m.video_completions, "video_completions"),
    ] {
        if slot.is_none() {
            *slot = row.get(field);
        }
    }
    if post.spend.is_none() {
        post.spend = row.get("spend");
    }
}

/// A field the record needs.
fn need<T: FromValue>(row: &Row, field: &'static str) -> Result<T, MissingField> {
    row.get(field).ok_or(MissingField(field))
}

fn post(source: SourceRef, row: &Row) -> Result<Post, MissingField> {
    Ok(Post {
        source,
        post_id: need(row, "post_id")?,
        platform: need(row, "platform")?,
        published_at: need(row, "published_at")?,
        campaign: row.get("campaign"),
        title: row.get("title"),
        url: row.get("url"),
        format: row.get("format"),
        metrics: PostMetrics {
            impressions: row.get("impressions"),
            reach: row.get("reach"),
            engagements: row.get("engagements"),
            reactions: row.get("reactions"),
            comments: row.get("comments"),
            shares: row.get("shares"),
            saves: row.get("saves"),
            clicks: row.get("clicks"),
            video_views: row.get("video_views"),
            video_completions: row.get("video_completions"),
        },
        spend: row.get("spend"),
    })
}

fn lead(source: SourceRef, row: &Row) -> Result<Lead, MissingField> {
    Ok(Lead {
        source,
        lead_id: need(row, "lead_id")?,
        created_at: need(row, "created_at")?,
        channel: row.get("channel"),
        post_id: row.get("post_id"),
        utm_source: row.get("utm_source"),
        utm_medium: row.get("utm_medium"),
        utm_campaign: row.get("utm_campaign"),
        utm_content: row.get("utm_content"),
        account: row.get("account"),
        conversion_type: row.get("conversion_type"),
        mql_at: row.get("mql_at"),
    })
}

fn touch(source: SourceRef, row: &Row) -> Result<Touch, MissingField> {
    Ok(Touch {
        source,
        lead_id: need(row, "lead_id")?,
        touched_at: need(row, "touched_at")?,
        channel: need(row, "channel")?,
        post_id: row.get("post_id"),
        campaign: row.get("campaign"),
        touch_type: row.get("touch_type"),
    })
}

fn deal(source: SourceRef, row: &Row) -> Result<Deal, MissingField> {
    Ok(Deal {
        source,
        deal_id: need(row, "deal_id")?,
        lead_id: row.get("lead_id"),
        account: row.get("account"),
        created_at: need(row, "created_at")?,
        status: need(row, "status")?,
        amount: row.get("amount"),
        closed_at: row.get("closed_at"),
        mrr: row.get("mrr"),
        contract_months: row.get("contract_months"),
    })
}

fn cost(source: SourceRef, row: &Row) -> Result<Cost, MissingField> {
    Ok(Cost {
        source,
        month: need(row, "month")?,
        channel: need(row, "channel")?,
        category: row.get("category"),
        amount: need(row, "amount")?,
    })
}

fn target(source: SourceRef, row: &Row) -> Result<Target, MissingField> {
    Ok(Target {
        source,
        metric: need(row, "metric")?,
        target: need(row, "target")?,
        month: row.get("month"),
        channel: row.get("channel"),
        kind: row.get("kind").unwrap_or(TargetKind::Kpi),
    })
}

fn custom(source: SourceRef, row: &Row) -> Result<CustomMetric, MissingField> {
    Ok(CustomMetric {
        source,
        metric: need(row, "metric")?,
        month: need(row, "month")?,
        value: need(row, "value")?,
        layer: row.get("layer").unwrap_or(2),
    })
}

fn setting(source: SourceRef, row: &Row) -> Result<Setting, MissingField> {
    Ok(Setting {
        source,
        key: need(row, "key")?,
        value: need(row, "value")?,
    })
}
