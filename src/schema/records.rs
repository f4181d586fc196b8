//! A validated row -> the typed record of its table (`model`), one function per table, and the list
//! of the tables in validation order with the function of each: the one place that knows which
//! record each table's rows become. A field the record needs that the row lacks is an `Err`, so the
//! row is rejected rather than counted accepted and lost. Not for checking values: `validate` has
//! done that before a row gets here.

use chrono::{NaiveDate, NaiveDateTime};

use crate::catalog::MetricName;
use crate::period::Period;

use crate::model::{
    ChannelValue, Cost, CustomMetric, Daily, Dataset, Deal, DealStatus, Lead, Post, PostMetrics,
    Setting, SourceRef, Target, TargetKind, Touch, Traffic,
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
    Period(Period),
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
    Period => Period, |v: &Period| *v;
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

/// The input tables, each with the function that builds its record from a row; the record goes
/// to the `Dataset` field named as the table. One list gives `TABLE_ORDER` and `push_record`.
macro_rules! tables {
    ($($table:ident => $build:ident,)*) => {
        /// The canonical table names, in the order they are validated (referenced tables first).
        pub const TABLE_ORDER: [&str; [$(stringify!($table)),*].len()] =
            [$(stringify!($table)),*];

        /// Builds the record of a `table` row and adds it to the dataset; its index there.
        pub(crate) fn push_record(
            dataset: &mut Dataset,
            table: &str,
            source: SourceRef,
            row: &Row,
        ) -> Result<usize, MissingField> {
            match table {
                $(stringify!($table) => {
                    dataset.$table.push($build(source, row)?);
                    Ok(dataset.$table.len() - 1)
                })*
                // `validate` walks TABLE_ORDER and `Schema::check` refuses any other table, so
                // this is never reached; were it, the row would be rejected rather than lost.
                _ => Err(MissingField("table")),
            }
        }
    };
}

tables! {
    settings => setting,
    posts => post,
    daily => daily,
    leads => lead,
    touches => touch,
    deals => deal,
    costs => cost,
    traffic => traffic,
    targets => target,
    custom => custom,
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

/// Adds `value` to a money field of the record at `index` of `table` (a sub-table line's amount
/// to its deal's); `false` where the table has no such field to add to (only deals' `amount`
/// and `mrr` are added so).
pub(crate) fn add_amount(
    dataset: &mut Dataset,
    table: &str,
    index: usize,
    field: &str,
    value: f64,
) -> bool {
    let Some(deal) = dataset.deals.get_mut(index).filter(|_| table == "deals") else {
        return false;
    };
    let slot = match field {
        "amount" => &mut deal.amount,
        "mrr" => &mut deal.mrr,
        _ => return false,
    };
    *slot = Some(slot.unwrap_or(0.0) + value);
    true
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

fn daily(source: SourceRef, row: &Row) -> Result<Daily, MissingField> {
    Ok(Daily {
        source,
        date: need(row, "date")?,
        platform: need(row, "platform")?,
        post_id: row.get("post_id"),
        metrics: PostMetrics {
            impressions: row.get("impressions"),
            reach: row.get("reach"),
            engagements: row.get("engagements"),
            reactions: row.get("reactions"),
            comments: row.get("comments"),
            shares: row.get("shares"),
            clicks: row.get("clicks"),
            video_views: row.get("video_views"),
            ..PostMetrics::default()
        },
        followers_gained: row.get("followers_gained"),
        posts_published: row.get("posts_published"),
    })
}

fn traffic(source: SourceRef, row: &Row) -> Result<Traffic, MissingField> {
    Ok(Traffic {
        source,
        date: need(row, "date")?,
        end: row.get("end"),
        channel: need(row, "channel")?,
        sessions: need(row, "sessions")?,
        engaged_sessions: row.get("engaged_sessions"),
        key_events: row.get("key_events"),
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
        spread: None,
    })
}

fn target(source: SourceRef, row: &Row) -> Result<Target, MissingField> {
    Ok(Target {
        source,
        metric: MetricName::of(&need::<String>(row, "metric")?),
        target: need(row, "target")?,
        month: row.get("month"),
        period: row.get("period"),
        channel: row.get("channel"),
        kind: row.get("kind").unwrap_or(TargetKind::Kpi),
        pro_rated: None,
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

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;
    use crate::model::FieldValue;
    use crate::schema::{FieldType, Schema};

    /// A value of `field_type`, different for each `n`, and the value the record gives back for it.
    fn sample(field_type: FieldType, n: u32, text: &str) -> Value {
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Days::new(u64::from(n));
        match field_type {
            FieldType::Text => Value::Text(text.to_string()),
            FieldType::Channel => Value::Channel(ChannelValue {
                id: format!("{text}-id"),
                written: text.to_string(),
            }),
            FieldType::Datetime => Value::DateTime(day.and_hms_opt(9, 30, 0).unwrap()),
            FieldType::Date => Value::Date(day),
            FieldType::Month => Value::Date(NaiveDate::from_ymd_opt(2025, n % 12 + 1, 1).unwrap()),
            FieldType::Count => Value::Count(u64::from(n) + 10),
            FieldType::Money => Value::Number(f64::from(n) * 1000.0 + 0.5),
            FieldType::Number => Value::Number(f64::from(n) + 0.25),
            FieldType::Months => Value::Months(n + 1),
            FieldType::Status => Value::Status(DealStatus::Won),
            FieldType::Kind => Value::Kind(TargetKind::Kgi),
            FieldType::Layer => Value::Layer(3),
            FieldType::Period => Value::Period(Period {
                start: day,
                end: day + Days::new(30),
            }),
        }
    }

    /// What the data sheets are to read back for a field set to `value`.
    fn expected(value: &Value) -> FieldValue<'_> {
        match value {
            Value::Text(t) => FieldValue::Text(t),
            Value::Channel(c) => FieldValue::Channel(c),
            Value::DateTime(at) => FieldValue::DateTime(*at),
            Value::Date(d) => FieldValue::Date(*d),
            Value::Count(n) => FieldValue::Number(*n as f64),
            Value::Number(x) => FieldValue::Number(*x),
            Value::Months(m) => FieldValue::Number(f64::from(*m)),
            Value::Status(s) => FieldValue::Text(s.as_str()),
            Value::Kind(k) => FieldValue::Text(k.as_str()),
            Value::Layer(l) => FieldValue::Number(f64::from(*l)),
            Value::Period(p) => FieldValue::Span(*p),
        }
    }

    /// Every table of the schema: a row with every field set builds a record that gives each
    /// field's value back by its name, so the data sheets (which write a table from its schema
    /// fields) show every field of every table, including one added later.
    #[test]
    fn every_field_of_every_table_reads_back_from_its_record() {
        let schema = Schema::embedded().unwrap();
        for table in TABLE_ORDER {
            let def = schema.table(table).unwrap();
            let mut row = Row::default();
            for (n, field) in def.fields.iter().enumerate() {
                row.values
                    .insert(&field.name, sample(field.field_type, n as u32, &field.name));
            }
            let mut dataset = Dataset::default();
            let source = SourceRef {
                file: "in.xlsx".into(),
                sheet: table.into(),
                row: 7,
            };
            push_record(&mut dataset, table, source.clone(), &row).unwrap();
            let records = dataset.records(table).unwrap();
            assert_eq!(records.count(), 1, "{table}");
            let record = records.record(0).unwrap();
            assert_eq!(record.source(), &source);
            for field in &def.fields {
                let read = record.field(&field.name);
                let want = expected(row.values.get(&field.name).unwrap());
                match (read, want) {
                    // A target is a figure of its metric.
                    (Some(FieldValue::OfMetric { value, metric }), FieldValue::Number(x)) => {
                        assert_eq!((table, value), ("targets", x), "{table}.{}", field.name);
                        assert_eq!(metric, "metric");
                    }
                    (read, want) => assert_eq!(read, Some(want), "{table}.{}", field.name),
                }
            }
            assert_eq!(record.field("no_such_field"), None);
        }
    }

    #[test]
    fn an_optional_field_left_empty_reads_back_empty_and_a_missing_key_rejects_the_row() {
        let mut row = Row::default();
        row.values.insert("lead_id", Value::Text("L1".into()));
        let at = NaiveDate::from_ymd_opt(2025, 4, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        row.values.insert("created_at", Value::DateTime(at));
        let mut dataset = Dataset::default();
        push_record(&mut dataset, "leads", SourceRef::default(), &row).unwrap();
        let lead = dataset.records("leads").unwrap().record(0).unwrap();
        assert_eq!(lead.field("channel"), Some(FieldValue::Empty));
        assert_eq!(lead.field("mql_at"), Some(FieldValue::Empty));
        row.values.remove("lead_id");
        assert_eq!(
            push_record(&mut dataset, "leads", SourceRef::default(), &row),
            Err(MissingField("lead_id"))
        );
        assert_eq!(dataset.leads.len(), 1);
    }
}
