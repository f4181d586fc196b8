//! The metric catalogue: one entry per metric of SPEC section 3 (`METRICS`, named by `MetricId`)
//! with its kind, its direction, where it is shown and its `Formula`: counted from rows, or
//! arithmetic over other metrics, from which its value, its Excel formula and its explanation all
//! come. Every list of metric ids (`METRIC_IDS`, `MONEY_METRICS`, `MONTHLY_METRICS` ...) is a view
//! of that one table; `MetricName` is a metric as a team names it in a target or a KPI layer. A
//! leaf module (it imports only `text`, how names are compared), so config, schema, model, metrics
//! and report may all read it; not for computing figures (metrics) nor for showing them (report,
//! present).
//!
//! A ratio whose denominator is zero is `None` (JSON null, an empty cell): never #DIV/0!, never 0,
//! never infinity. A zero numerator over a non-zero denominator is 0.

/// numerator / denominator, `None` when the denominator is zero (or either side is unknown).
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// Like `ratio`, for an optional numerator or denominator.
pub fn ratio_opt(numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    ratio(numerator?, denominator?)
}

// Cost is `None` when the inputs hold no cost row at all (`metrics::has_cost_data`): unknown, not
// zero, so every figure made from it is `None` too; a known cost of 0 gives 0 / empty by `ratio`.

/// How a metric's value reads: what the report formats it as and `present::show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// A whole count (leads, won deals, posts).
    Count,
    /// A sum of credits: a count with fractions (attributed_won).
    Credits,
    /// An amount of money in the report's currency.
    Money,
    /// A share, shown as a percentage (win_rate, roi).
    Rate,
    /// A plain multiple (roas 3.2, ltv_cac 4.1).
    Multiple,
    /// A number of months (payback_months).
    Months,
}

/// Which figures answer a metric by its id (`value(&str)` of the figures struct named here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The totals over all channels and the SNS figures (`metrics::Figures`).
    Total,
    /// One channel's row of the Channels sheet (`metrics::ChannelFigures`).
    Channel,
    /// One SNS platform's posts (`metrics::PlatformFigures`).
    Platform,
    /// One month of the Monthly sheet (`metrics::MonthFigures`).
    Month,
}

/// A base quantity a metric is built from: what `kpibook explain` breaks a figure into, each with
/// the rows behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Cost,
    Leads,
    Mql,
    Opportunities,
    Won,
    Lost,
    Revenue,
    AttributedWon,
    AttributedRevenue,
}

impl Part {
    const ALL: [Part; 9] = [
        Part::Cost,
        Part::Leads,
        Part::Mql,
        Part::Opportunities,
        Part::Won,
        Part::Lost,
        Part::Revenue,
        Part::AttributedWon,
        Part::AttributedRevenue,
    ];

    /// The metric the part is.
    pub fn metric(self) -> MetricId {
        match self {
            Part::Cost => MetricId::Cost,
            Part::Leads => MetricId::Leads,
            Part::Mql => MetricId::Mql,
            Part::Opportunities => MetricId::Opportunities,
            Part::Won => MetricId::Won,
            Part::Lost => MetricId::Lost,
            Part::Revenue => MetricId::Revenue,
            Part::AttributedWon => MetricId::AttributedWon,
            Part::AttributedRevenue => MetricId::AttributedRevenue,
        }
    }

    /// The part a metric is, if it is one.
    pub fn of(metric: MetricId) -> Option<Part> {
        Part::ALL.into_iter().find(|part| part.metric() == metric)
    }

    /// The metric id the part is.
    pub fn id(self) -> &'static str {
        self.metric().as_str()
    }

    /// The part over all channels (`MetricId::over_all_channels`: total attributed won is won).
    pub fn over_all_channels(self) -> Part {
        Part::of(self.metric().over_all_channels()).unwrap_or(self)
    }

    /// The part on one channel (`MetricId::on_one_channel`: a channel's revenue is its
    /// attributed revenue); its won stays the won deals of its leads.
    pub fn on_one_channel(self) -> Part {
        Part::of(self.metric().on_one_channel()).unwrap_or(self)
    }

    pub fn kind(self) -> MetricKind {
        self.metric().entry().kind
    }
}

/// Declares `MetricId`, one variant per metric id, in the order of `METRICS` (a test holds the two
/// together, so `MetricId::entry` is an index).
macro_rules! metric_ids {
    ($($variant:ident = $id:literal,)*) => {
        /// A metric of SPEC section 3 by its id: the only way the code names a metric. Its string
        /// (`as_str`) is what users type (targets, KPI layers, `explain --metric`), the JSON key
        /// and the labels key; `parse` reads it at those boundaries.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum MetricId {
            $($variant,)*
        }

        impl MetricId {
            /// Every metric, in catalogue order.
            pub const ALL: [MetricId; [$($id),*].len()] = [$(MetricId::$variant),*];

            /// The id as users write it, the JSON key and the labels key.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(MetricId::$variant => $id,)*
                }
            }
        }
    };
}

metric_ids! {
    Cost = "cost",
    SnsCost = "sns_cost",
    Leads = "leads",
    SnsLeads = "sns_leads",
    Mql = "mql",
    Opportunities = "opportunities",
    Won = "won",
    Lost = "lost",
    Revenue = "revenue",
    AttributedWon = "attributed_won",
    AttributedRevenue = "attributed_revenue",
    SnsAttributedWon = "sns_attributed_won",
    SnsAttributedRevenue = "sns_attributed_revenue",
    Cpa = "cpa",
    SnsCpa = "sns_cpa",
    CostPerMql = "cost_per_mql",
    Cac = "cac",
    SnsCac = "sns_cac",
    Roas = "roas",
    SnsRoas = "sns_roas",
    Roi = "roi",
    SnsRoi = "sns_roi",
    LeadToMql = "lead_to_mql",
    MqlToOpportunity = "mql_to_opportunity",
    OpportunityRate = "opportunity_rate",
    WinRate = "win_rate",
    AverageWonAmount = "average_won_amount",
    Arpa = "arpa",
    Ltv = "ltv",
    LtvCac = "ltv_cac",
    PaybackMonths = "payback_months",
    Conversions = "conversions",
    Sessions = "sessions",
    KeyEvents = "key_events",
    LeadPerSession = "lead_per_session",
    Posts = "posts",
    Impressions = "impressions",
    Reach = "reach",
    Engagements = "engagements",
    EngagementRate = "engagement_rate",
    Clicks = "clicks",
    Ctr = "ctr",
    VideoViews = "video_views",
    VideoCompletions = "video_completions",
    CompletionRate = "completion_rate",
}

impl MetricId {
    /// The metric a user's id names, exactly (`resolve_metric` also takes labels).
    pub fn parse(id: &str) -> Option<MetricId> {
        MetricId::ALL.into_iter().find(|m| m.as_str() == id)
    }

    /// Its catalogue entry.
    pub fn entry(self) -> &'static Metric {
        &METRICS[self as usize]
    }

    /// Its figure over the SNS channels only (`sns_cpa` of `cpa`), where the catalogue has one.
    pub fn sns_form(self) -> Option<MetricId> {
        let sns = format!("sns_{}", self.as_str());
        MetricId::parse(&sns)
    }

    /// The metric that answers it on one channel, where that is another one: a channel's revenue
    /// is its attributed revenue (every model hands out all of it).
    pub fn on_one_channel(self) -> MetricId {
        match self {
            MetricId::Revenue => MetricId::AttributedRevenue,
            other => other,
        }
    }

    /// The metric that answers it over all channels, where that is another one: "total
    /// attributed_won = won, total attributed_revenue = revenue" (SPEC section 3).
    pub fn over_all_channels(self) -> MetricId {
        match self {
            MetricId::AttributedWon => MetricId::Won,
            MetricId::AttributedRevenue => MetricId::Revenue,
            other => other,
        }
    }
}

/// A metric serializes as its id, as the summary JSON names it.
impl serde::Serialize for MetricId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl AsRef<str> for MetricId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for MetricId {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A metric as a team names it in a target or a KPI layer, read once where it is written: a
/// catalogue metric, one conversion type (`conversions:<type>`), or any other name (a custom
/// metric of the custom metrics sheet, or a name that is no metric, kept so no target is lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricName {
    Metric(MetricId),
    /// `conversions:<type>` as written.
    Conversions(String),
    Other(String),
}

impl MetricName {
    /// The name of `written`: an id (`resolve_metric` has made a label one), `conversions:<type>`
    /// or any other name.
    pub fn of(written: &str) -> MetricName {
        if let Some(id) = MetricId::parse(written) {
            MetricName::Metric(id)
        } else if written.starts_with("conversions:") {
            MetricName::Conversions(written.to_string())
        } else {
            MetricName::Other(written.to_string())
        }
    }

    /// The catalogue metric it names, if any.
    pub fn id(&self) -> Option<MetricId> {
        match self {
            MetricName::Metric(id) => Some(*id),
            _ => None,
        }
    }

    /// Whether it names `metric`.
    pub fn is(&self, metric: MetricId) -> bool {
        self.id() == Some(metric)
    }

    /// As written: the id, `conversions:<type>` or the name.
    pub fn as_str(&self) -> &str {
        match self {
            MetricName::Metric(id) => id.as_str(),
            MetricName::Conversions(written) | MetricName::Other(written) => written,
        }
    }

    /// The conversion type of `conversions:<type>`.
    pub fn conversion_type(&self) -> Option<&str> {
        match self {
            MetricName::Conversions(written) => written.strip_prefix("conversions:"),
            _ => None,
        }
    }

    /// A lower actual is better (`Metric::lower_is_better`).
    pub fn lower_is_better(&self) -> bool {
        self.id().is_some_and(|m| m.entry().lower_is_better)
    }

    /// Made from cost (`Metric::made_from_cost`).
    pub fn made_from_cost(&self) -> bool {
        self.id().is_some_and(|m| m.entry().made_from_cost)
    }

    /// Adds up over time (`Metric::adds_up`, and every conversion type).
    pub fn adds_up(&self) -> bool {
        match self {
            MetricName::Metric(id) => id.entry().adds_up,
            MetricName::Conversions(_) => true,
            MetricName::Other(_) => false,
        }
    }
}

impl AsRef<str> for MetricName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for MetricName {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A metric name serializes as written.
impl serde::Serialize for MetricName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How a metric is made: counted from rows, or arithmetic over other metrics (its operands, in the
/// order its definition names them). Its value at every level, its live Excel formula, its
/// definition as `kpibook explain` prints it and the parts explain breaks it into all come from
/// here. `gross_margin` is the configured one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Counted or summed from rows by the figures pass; the words say what it counts.
    Counted(&'static str),
    /// Worked out by a rule of its own (arpa, ltv, engagement rate); the words say how.
    Rule(&'static str),
    /// `a / b`: empty when `b` is zero or either is unknown.
    Ratio(MetricId, MetricId),
    /// `(a x gross_margin - b) / b`: the return on `b` (ROI).
    MarginReturn(MetricId, MetricId),
    /// `a / (a + b)`: `a`'s share of both (win rate).
    ShareOfBoth(MetricId, MetricId),
    /// `a / (b x gross_margin)` (payback months).
    OverMargin(MetricId, MetricId),
}

impl Formula {
    /// The metrics it is arithmetic over, in the order the definition names them.
    pub fn operands(self) -> Option<[MetricId; 2]> {
        match self {
            Formula::Counted(_) | Formula::Rule(_) => None,
            Formula::Ratio(a, b)
            | Formula::MarginReturn(a, b)
            | Formula::ShareOfBoth(a, b)
            | Formula::OverMargin(a, b) => Some([a, b]),
        }
    }

    /// The value from its operands' values; `None` for a counted or ruled metric (its figures
    /// hold it), a zero divisor or an unknown operand (or gross margin, for a formula that reads it).
    pub fn evaluate(
        self,
        value: impl Fn(MetricId) -> Option<f64>,
        gross_margin: Option<f64>,
    ) -> Option<f64> {
        match self {
            Formula::Counted(_) | Formula::Rule(_) => None,
            Formula::Ratio(a, b) => ratio_opt(value(a), value(b)),
            Formula::MarginReturn(a, b) => {
                let b = value(b)?;
                ratio(value(a)? * gross_margin? - b, b)
            }
            Formula::ShareOfBoth(a, b) => {
                let a = value(a)?;
                ratio(a, a + value(b)?)
            }
            Formula::OverMargin(a, b) => ratio(value(a)?, value(b)? * gross_margin?),
        }
    }

    /// The definition in SPEC section 3's words: `cost / leads`, `won / (won + lost)`.
    pub fn text(self) -> String {
        match self {
            Formula::Counted(words) | Formula::Rule(words) => words.to_string(),
            Formula::Ratio(a, b) => format!("{a} / {b}"),
            Formula::MarginReturn(a, b) => format!("({a} x gross_margin - {b}) / {b}"),
            Formula::ShareOfBoth(a, b) => format!("{a} / ({a} + {b})"),
            Formula::OverMargin(a, b) => format!("{a} / ({b} x gross_margin)"),
        }
    }
}

/// One metric of SPEC section 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    pub id: MetricId,
    pub kind: MetricKind,
    /// A lower actual is better: achievement is target / actual.
    pub lower_is_better: bool,
    /// Made from cost: unknown (`None`, an empty cell) when the inputs hold no cost row.
    pub made_from_cost: bool,
    /// Adds up over time, so that a share of the period has a share of the target (pacing).
    pub adds_up: bool,
    /// The figures that answer it.
    pub levels: &'static [Level],
    /// How it is made.
    pub formula: Formula,
    /// What SPEC section 3 says besides the definition: the Japanese name, the period rule.
    pub note: &'static str,
    /// A column of the Channels sheet (in catalogue order; one made from web analytics only when
    /// the report read traffic).
    pub on_channels_sheet: bool,
    /// The summary JSON objects that hold it under its id: `totals` (`Total`) and each of
    /// `channels` (`Channel`); one made from web analytics only when the report read traffic.
    pub in_json: &'static [Level],
}

impl Metric {
    /// The definition in SPEC section 3's words, as `kpibook explain` prints it after `id = `;
    /// the operand ids in it stand for their values.
    pub fn definition(&self) -> String {
        self.formula.text()
    }

    /// The SPEC section 3 line: the definition and its note.
    pub fn spec(&self) -> String {
        if self.note.is_empty() {
            self.definition()
        } else {
            format!("{} {}", self.definition(), self.note)
        }
    }

    /// The base quantities `kpibook explain` breaks the figure into, in the order the definition
    /// names them: a counted metric's own part, an arithmetic one's operands when each is a part;
    /// empty for a metric explain does not break down (its `sns_` form is the base metric's parts
    /// over the SNS channels).
    pub fn parts(&self) -> Vec<Part> {
        match self.formula.operands() {
            None if matches!(self.formula, Formula::Counted(_)) => {
                Part::of(self.id).into_iter().collect()
            }
            None => Vec::new(),
            Some(operands) => operands
                .iter()
                .map(|&m| Part::of(m))
                .collect::<Option<Vec<Part>>>()
                .unwrap_or_default(),
        }
    }

    /// Counted from rows (not a rule or arithmetic over other figures).
    pub const fn is_counted(&self) -> bool {
        matches!(self.formula, Formula::Counted(_))
    }

    /// Whether the definition is the part itself (a count or a sum of rows), not an expression
    /// over parts.
    pub fn is_base(&self) -> bool {
        matches!(self.formula, Formula::Counted(_)) && Part::of(self.id).is_some()
    }

    /// Whether the definition reads the configured gross margin (roi: the report says which basis).
    pub fn uses_gross_margin(&self) -> bool {
        self.definition().contains("gross_margin")
    }

    pub fn is_answered_by(&self, level: Level) -> bool {
        contains_level(self.levels, level)
    }

    /// Made from web analytics (sessions, key events, or arithmetic over them): shown only when
    /// the report read traffic.
    pub fn made_from_traffic(&self) -> bool {
        match self.formula.operands() {
            Some(operands) => operands.iter().any(|m| m.entry().made_from_traffic()),
            None => matches!(self.id, MetricId::Sessions | MetricId::KeyEvents),
        }
    }

    /// In the summary JSON's object of `level`.
    pub fn in_json_of(&self, level: Level) -> bool {
        contains_level(self.in_json, level)
    }
}

/// The definition with each part id (and `gross_margin`) replaced by what `value_of` gives for it;
/// other words and signs stay: `cost / leads` -> `¥1,000 / 5`.
pub fn fill_in(definition: &str, mut value_of: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&value_of(word).unwrap_or_else(|| word.clone()));
            word.clear();
        }
    };
    for c in definition.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

use crate::text::loose_key;
use Formula::{Counted, MarginReturn, OverMargin, Ratio, Rule, ShareOfBoth};
use Level::{Channel, Month, Platform, Total};
use MetricId as M;
use MetricKind::{Count, Credits, Money, Months, Multiple, Rate};

const TOTAL: &[Level] = &[Total];
const CHANNEL: &[Level] = &[Channel];
const TOTAL_CHANNEL: &[Level] = &[Total, Channel];
const TOTAL_MONTH: &[Level] = &[Total, Month];
const TOTAL_CHANNEL_MONTH: &[Level] = &[Total, Channel, Month];
const TOTAL_PLATFORM: &[Level] = &[Total, Platform];
const PLATFORM: &[Level] = &[Platform];
const NONE: &[Level] = &[];

/// A metric with no special direction, cost or summing, answered over all channels and shown
/// nowhere by itself; the entries below set what differs.
const fn metric(id: MetricId, kind: MetricKind, formula: Formula) -> Metric {
    Metric {
        id,
        kind,
        lower_is_better: false,
        made_from_cost: false,
        adds_up: false,
        levels: TOTAL,
        formula,
        note: "",
        on_channels_sheet: false,
        in_json: NONE,
    }
}

/// Every metric a KPI tree layer or a target can name (SPEC section 3), besides custom metrics and
/// `conversions:<type>`; `conversions` in a layer stands for one row per conversion type. The
/// order is the order `METRIC_IDS` lists them in (config's error message), the Channels sheet's
/// columns and the summary JSON's keys.
pub const METRICS: [Metric; MetricId::ALL.len()] = [
    Metric {
        made_from_cost: true,
        adds_up: true,
        levels: TOTAL_CHANNEL_MONTH,
        note: "in period (per channel: rows of that channel)",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::Cost, Money, Counted("sum of costs.amount"))
    },
    Metric {
        made_from_cost: true,
        adds_up: true,
        in_json: TOTAL,
        ..metric(M::SnsCost, Money, Counted("cost of SNS channels"))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL_MONTH,
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(
            M::Leads,
            Count,
            Counted("count of leads created in the period"),
        )
    },
    Metric {
        adds_up: true,
        note: "(section 2: acquired on an SNS channel, linked to a post, or with an SNS touch)",
        in_json: TOTAL,
        ..metric(
            M::SnsLeads,
            Count,
            Counted("count of SNS-attributed leads created in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL_MONTH,
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(
            M::Mql,
            Count,
            Counted("count of leads with mql_at in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL_MONTH,
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(
            M::Opportunities,
            Count,
            Counted("count of deals created in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL_MONTH,
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(
            M::Won,
            Count,
            Counted("count of won deals closed in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL,
        in_json: CHANNEL,
        ..metric(
            M::Lost,
            Count,
            Counted("count of lost deals closed in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL_MONTH,
        in_json: TOTAL,
        ..metric(
            M::Revenue,
            Money,
            Counted("sum of amount of won deals closed in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL,
        note: "per channel, over won deals closed in period, under the chosen model (section 4); total attributed_won = won",
        on_channels_sheet: true,
        in_json: CHANNEL,
        ..metric(M::AttributedWon, Credits, Counted("sum of credits"))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL,
        note: "per channel, over won deals closed in period, under the chosen model (section 4); total attributed_revenue = revenue",
        on_channels_sheet: true,
        in_json: CHANNEL,
        ..metric(
            M::AttributedRevenue,
            Money,
            Counted("sum of credit x amount"),
        )
    },
    Metric {
        adds_up: true,
        in_json: TOTAL,
        ..metric(
            M::SnsAttributedWon,
            Credits,
            Counted("sum of attributed_won over SNS channels"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_MONTH,
        in_json: TOTAL,
        ..metric(
            M::SnsAttributedRevenue,
            Money,
            Counted("sum of attributed_revenue over SNS channels"),
        )
    },
    Metric {
        lower_is_better: true,
        made_from_cost: true,
        levels: TOTAL_CHANNEL,
        note: "(リード獲得単価)",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::Cpa, Money, Ratio(M::Cost, M::Leads))
    },
    Metric {
        lower_is_better: true,
        made_from_cost: true,
        in_json: TOTAL,
        ..metric(M::SnsCpa, Money, Ratio(M::SnsCost, M::SnsLeads))
    },
    Metric {
        lower_is_better: true,
        made_from_cost: true,
        levels: TOTAL_CHANNEL,
        note: "(MQL単価)",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::CostPerMql, Money, Ratio(M::Cost, M::Mql))
    },
    Metric {
        lower_is_better: true,
        made_from_cost: true,
        levels: TOTAL_CHANNEL,
        note: "(顧客獲得単価)",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::Cac, Money, Ratio(M::Cost, M::AttributedWon))
    },
    Metric {
        lower_is_better: true,
        made_from_cost: true,
        in_json: TOTAL,
        ..metric(M::SnsCac, Money, Ratio(M::SnsCost, M::SnsAttributedWon))
    },
    Metric {
        made_from_cost: true,
        levels: TOTAL_CHANNEL,
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::Roas, Multiple, Ratio(M::AttributedRevenue, M::Cost))
    },
    Metric {
        made_from_cost: true,
        in_json: TOTAL,
        ..metric(
            M::SnsRoas,
            Multiple,
            Ratio(M::SnsAttributedRevenue, M::SnsCost),
        )
    },
    Metric {
        made_from_cost: true,
        levels: TOTAL_CHANNEL,
        note: "; gross_margin defaults to 1.0, so the default is revenue-based. The report prints which basis it used.",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::Roi, Rate, MarginReturn(M::AttributedRevenue, M::Cost))
    },
    Metric {
        made_from_cost: true,
        in_json: TOTAL,
        ..metric(
            M::SnsRoi,
            Rate,
            MarginReturn(M::SnsAttributedRevenue, M::SnsCost),
        )
    },
    Metric {
        levels: TOTAL_CHANNEL,
        in_json: TOTAL_CHANNEL,
        ..metric(M::LeadToMql, Rate, Ratio(M::Mql, M::Leads))
    },
    Metric {
        levels: TOTAL_CHANNEL,
        in_json: TOTAL_CHANNEL,
        ..metric(M::MqlToOpportunity, Rate, Ratio(M::Opportunities, M::Mql))
    },
    Metric {
        levels: TOTAL_CHANNEL,
        in_json: TOTAL_CHANNEL,
        ..metric(M::OpportunityRate, Rate, Ratio(M::Opportunities, M::Leads))
    },
    Metric {
        levels: TOTAL_CHANNEL,
        note: ", among deals closed in period",
        in_json: TOTAL_CHANNEL,
        ..metric(M::WinRate, Rate, ShareOfBoth(M::Won, M::Lost))
    },
    Metric {
        in_json: TOTAL,
        ..metric(M::AverageWonAmount, Money, Ratio(M::Revenue, M::Won))
    },
    Metric {
        note: "; deals with neither are left out; none left: empty",
        ..metric(
            M::Arpa,
            Money,
            Rule("average over won deals closed in period of mrr, or amount / contract_months where mrr is empty"),
        )
    },
    Metric {
        note: "Default: `churn` when monthly_churn and arpa are known, else `deal`.",
        ..metric(
            M::Ltv,
            Money,
            Rule("method `churn`: arpa x gross_margin / monthly_churn; `lifetime`: arpa x gross_margin x lifetime_months; `deal`: (revenue / won) x gross_margin x purchases_per_customer (default 1)."),
        )
    },
    Metric {
        made_from_cost: true,
        note: "(the total cac)",
        ..metric(M::LtvCac, Multiple, Ratio(M::Ltv, M::Cac))
    },
    Metric {
        lower_is_better: true,
        made_from_cost: true,
        note: "(the total cac)",
        ..metric(M::PaybackMonths, Months, OverMargin(M::Cac, M::Arpa))
    },
    Metric {
        levels: NONE,
        note: "(in a KPI tree layer: one row per conversion type, `conversions:<type>`)",
        ..metric(
            M::Conversions,
            Count,
            Counted("count of leads created in the period per conversion_type"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL,
        note: "(web analytics, section 9: a row over several days counts the share of its days in the period)",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::Sessions, Count, Counted("sum of traffic.sessions"))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_CHANNEL,
        note: "(web analytics, section 9: a row over several days counts the share of its days in the period)",
        in_json: TOTAL_CHANNEL,
        ..metric(M::KeyEvents, Credits, Counted("sum of traffic.key_events"))
    },
    Metric {
        levels: TOTAL_CHANNEL,
        note: "(empty when sessions are 0 or unknown)",
        on_channels_sheet: true,
        in_json: TOTAL_CHANNEL,
        ..metric(M::LeadPerSession, Rate, Ratio(M::Leads, M::Sessions))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_PLATFORM,
        ..metric(
            M::Posts,
            Count,
            Counted("count of posts published in the period"),
        )
    },
    Metric {
        adds_up: true,
        levels: TOTAL_PLATFORM,
        ..metric(M::Impressions, Count, Counted("sum of posts' impressions"))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_PLATFORM,
        ..metric(M::Reach, Count, Counted("sum of posts' reach"))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_PLATFORM,
        note: "(a post's engagements cell where not empty, else reactions + comments + shares + saves + clicks)",
        ..metric(M::Engagements, Count, Counted("sum of posts' engagements"))
    },
    Metric {
        levels: PLATFORM,
        note: "(`engagement_rate_basis = \"reach\"` divides by reach)",
        ..metric(M::EngagementRate, Rate, Rule("engagements / impressions"))
    },
    Metric {
        adds_up: true,
        levels: TOTAL_PLATFORM,
        ..metric(M::Clicks, Count, Counted("sum of posts' clicks"))
    },
    Metric {
        levels: PLATFORM,
        ..metric(M::Ctr, Rate, Ratio(M::Clicks, M::Impressions))
    },
    Metric {
        adds_up: true,
        levels: PLATFORM,
        ..metric(M::VideoViews, Count, Counted("sum of posts' video_views"))
    },
    Metric {
        adds_up: true,
        levels: PLATFORM,
        ..metric(
            M::VideoCompletions,
            Count,
            Counted("sum of posts' video_completions"),
        )
    },
    Metric {
        levels: PLATFORM,
        ..metric(
            M::CompletionRate,
            Rate,
            Ratio(M::VideoCompletions, M::VideoViews),
        )
    },
];

/// Figures the report shows in a metric's format that are no metric of SPEC section 3 (no KPI
/// layer or target names them): a post's spend, a KPI row's achievement, two assumptions.
pub const OTHER_FIGURES: [(&str, MetricKind); 4] = [
    ("spend", Money),
    ("achievement", Rate),
    ("cv_rate", Rate),
    ("gross_margin", Rate),
];

/// The catalogue entry of a metric id.
pub fn metric_of(id: &str) -> Option<&'static Metric> {
    MetricId::parse(id).map(MetricId::entry)
}

/// Whether `id` names a metric of SPEC section 3: one of `METRIC_IDS` or `conversions:<type>`.
pub fn is_metric(id: &str) -> bool {
    METRIC_IDS.contains(&id) || id.starts_with("conversions:")
}

/// The `[metric]` labels of `templates/labels.toml`: the names a team writes a metric by.
const LABELS_TOML: &str = include_str!("../templates/labels.toml");

/// A name a metric may be written by, in `loose_key` form, with its id and the name as shown.
struct WrittenName {
    key: String,
    id: &'static str,
    shown: String,
}

/// Each metric's label in Japanese and English, from the labels file.
fn metric_label(id: &str) -> Option<(&'static str, &'static str)> {
    static LABELS: std::sync::OnceLock<Option<toml::Table>> = std::sync::OnceLock::new();
    let labels = LABELS
        .get_or_init(|| toml::from_str(LABELS_TOML).ok())
        .as_ref()?;
    let entry = labels.get("metric")?.get(id)?;
    let text = |lang: &str| entry.get(lang).and_then(|l| l.as_str());
    Some((text("ja")?, text("en")?))
}

/// Every name of every metric: its id, and its label in each language, whole and without a
/// parenthesised tail (`リード獲得単価 (CPA)` is also `リード獲得単価`; `CPA` is the English label).
fn metric_names() -> &'static [WrittenName] {
    static NAMES: std::sync::OnceLock<Vec<WrittenName>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<WrittenName> = Vec::new();
        let mut add = |written: &str, id: &'static str| {
            let key = loose_key(written);
            if !key.is_empty() && !names.iter().any(|n| n.key == key) {
                names.push(WrittenName {
                    key,
                    id,
                    shown: written.to_string(),
                });
            }
        };
        for id in METRIC_IDS {
            add(id, id);
        }
        for id in METRIC_IDS {
            if let Some((ja, en)) = metric_label(id) {
                for label in [ja, en] {
                    add(label, id);
                    if let Some((head, _)) = label.split_once(" (") {
                        add(head, id);
                    }
                }
            }
        }
        names
    })
}

/// The metric id a target (or `explain --metric`) names: its id or its label in either language
/// (`売上`, `リード数`, `Won deals`, `CPA`), in any case or width (`loose_key`); a
/// `conversions:<type>` stays as written. `None` for any other name (a custom metric, a typo).
pub fn resolve_metric(written: &str) -> Option<String> {
    let trimmed = written.trim();
    if let Some(kind) = trimmed.strip_prefix("conversions:") {
        return Some(format!("conversions:{}", kind.trim()));
    }
    let key = loose_key(trimmed);
    metric_names()
        .iter()
        .find(|n| n.key == key)
        .map(|n| n.id.to_string())
}

/// The metric name nearest to an unknown `written` one (at most a third of its letters apart):
/// the "did you mean" of an unknown metric.
pub fn nearest_metric_name(written: &str) -> Option<&'static str> {
    let key: Vec<char> = loose_key(written).chars().collect();
    let allowed = (key.len() / 3).max(1);
    metric_names()
        .iter()
        .map(|n| (edit_distance(&key, &n.key.chars().collect::<Vec<_>>()), n))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.shown.as_str())
}

/// The names a target's metric may be written by, one per metric: `label (id)` with the label in
/// Japanese (`ja`) or English, where it differs from the id.
pub fn accepted_metric_names(ja: bool) -> Vec<String> {
    METRIC_IDS
        .iter()
        .map(|id| {
            let label = metric_label(id).map(|(j, e)| if ja { j } else { e });
            match label {
                Some(label) if loose_key(label) != loose_key(id) => format!("{label} ({id})"),
                _ => id.to_string(),
            }
        })
        .collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

// The id lists below are views of `METRICS` (and `OTHER_FIGURES` for the formats), made at compile
// time so that they stay arrays callers can `contains` and iterate.

/// Which entries a view takes.
#[derive(Clone, Copy)]
enum View {
    All,
    Money,
    Rate,
    MultipleOrMonths,
    Monthly,
}

const fn contains_level(levels: &[Level], level: Level) -> bool {
    let mut i = 0;
    while i < levels.len() {
        if levels[i] as u8 == level as u8 {
            return true;
        }
        i += 1;
    }
    false
}

const fn takes(view: View, m: &Metric) -> bool {
    match view {
        View::All => true,
        View::Money => matches!(m.kind, Money),
        View::Rate => matches!(m.kind, Rate),
        View::MultipleOrMonths => matches!(m.kind, Multiple | Months),
        View::Monthly => contains_level(m.levels, Month),
    }
}

const fn takes_other(view: View, kind: MetricKind) -> bool {
    match view {
        View::Money => matches!(kind, Money),
        View::Rate => matches!(kind, Rate),
        View::MultipleOrMonths => matches!(kind, Multiple | Months),
        _ => false,
    }
}

const fn count(view: View) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < METRICS.len() {
        if takes(view, &METRICS[i]) {
            n += 1;
        }
        i += 1;
    }
    let mut j = 0;
    while j < OTHER_FIGURES.len() {
        if takes_other(view, OTHER_FIGURES[j].1) {
            n += 1;
        }
        j += 1;
    }
    n
}

const fn ids<const N: usize>(view: View) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < METRICS.len() {
        if takes(view, &METRICS[i]) {
            out[n] = METRICS[i].id.as_str();
            n += 1;
        }
        i += 1;
    }
    let mut j = 0;
    while j < OTHER_FIGURES.len() {
        if takes_other(view, OTHER_FIGURES[j].1) {
            out[n] = OTHER_FIGURES[j].0;
            n += 1;
        }
        j += 1;
    }
    out
}

/// The metrics a view takes, in catalogue order (a view takes no other figure but metrics).
const fn metric_ids<const N: usize>(view: View) -> [MetricId; N] {
    let mut out = [MetricId::Cost; N];
    let (mut i, mut n) = (0, 0);
    while i < METRICS.len() {
        if takes(view, &METRICS[i]) {
            out[n] = METRICS[i].id;
            n += 1;
        }
        i += 1;
    }
    out
}

/// Every metric id of `METRICS`, in order.
pub const METRIC_IDS: [&str; count(View::All)] = ids(View::All);

/// Metrics (and other figures) that are money amounts (formatted ¥#,##0).
pub const MONEY_METRICS: [&str; count(View::Money)] = ids(View::Money);

/// Metrics (and other figures) that are rates (formatted as percentages).
pub const RATE_METRICS: [&str; count(View::Rate)] = ids(View::Rate);

/// Ratio metrics shown as a plain multiple (ROAS 3.2, LTV:CAC 4.1, payback months).
pub const MULTIPLE_METRICS: [&str; count(View::MultipleOrMonths)] = ids(View::MultipleOrMonths);

/// The metrics of a month (the Monthly sheet's columns, in this order, and the monthly pacing).
pub const MONTHLY_METRICS: [MetricId; count(View::Monthly)] = metric_ids(View::Monthly);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_named_by_id_or_label_in_either_language_any_case_or_width() {
        assert_eq!(resolve_metric("売上").as_deref(), Some("revenue"));
        assert_eq!(resolve_metric("リード数").as_deref(), Some("leads"));
        assert_eq!(resolve_metric("受注数").as_deref(), Some("won"));
        assert_eq!(resolve_metric("ＣＰＡ").as_deref(), Some("cpa"));
        assert_eq!(resolve_metric("リード獲得単価").as_deref(), Some("cpa"));
        assert_eq!(resolve_metric("Won Deals").as_deref(), Some("won"));
        assert_eq!(resolve_metric(" Revenue ").as_deref(), Some("revenue"));
        assert_eq!(resolve_metric("SNS CPA").as_deref(), Some("sns_cpa"));
        assert_eq!(
            resolve_metric("Cost per MQL").as_deref(),
            Some("cost_per_mql")
        );
        assert_eq!(resolve_metric("感謝メッセージ数"), None);
        assert_eq!(nearest_metric_name("売り上"), Some("売上"));
        assert_eq!(nearest_metric_name("感謝メッセージ数"), None);
        assert_eq!(nearest_metric_name("revenu"), Some("revenue"));
        assert_eq!(nearest_metric_name("リード件数"), Some("リード数"));
    }

    #[test]
    fn no_metric_name_stands_for_two_metrics() {
        for name in metric_names() {
            for other in metric_names() {
                assert!(
                    name.key != other.key || name.id == other.id,
                    "{}",
                    name.shown
                );
            }
        }
        // Every label names its own metric (none was taken by an earlier metric's name).
        for id in METRIC_IDS {
            let (ja, en) = metric_label(id).expect("every metric has labels");
            assert_eq!(resolve_metric(ja).as_deref(), Some(id), "{ja}");
            assert_eq!(resolve_metric(en).as_deref(), Some(id), "{en}");
        }
    }

    /// A metric's formula over the given operand values (the rest unknown), gross margin 1.
    fn of(metric: MetricId, known: &[(MetricId, f64)], gross_margin: f64) -> Option<f64> {
        let value = |id: MetricId| known.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
        metric.entry().formula.evaluate(value, Some(gross_margin))
    }

    #[test]
    fn zero_denominators_are_empty_and_zero_numerators_are_zero() {
        use MetricId::{AttributedRevenue, Cost, Cpa, Leads, Roi};
        assert_eq!(of(Cpa, &[(Cost, 1000.0), (Leads, 0.0)], 1.0), None);
        assert_eq!(of(Cpa, &[(Cost, 0.0), (Leads, 5.0)], 1.0), Some(0.0));
        assert_eq!(of(Roi, &[(AttributedRevenue, 0.0), (Cost, 0.0)], 1.0), None);
        assert_eq!(ratio_opt(None, Some(2.0)), None);
    }

    #[test]
    fn roi_uses_gross_margin() {
        use MetricId::{AttributedRevenue, Cost, Roi};
        let known = [(AttributedRevenue, 300.0), (Cost, 100.0)];
        // revenue 300, margin 0.5 -> profit 150 against cost 100: ROI 50%.
        assert_eq!(of(Roi, &known, 0.5), Some(0.5));
        // revenue-based by default: (300 - 100) / 100 = 2.
        assert_eq!(of(Roi, &known, 1.0), Some(2.0));
    }

    #[test]
    fn an_unknown_cost_makes_every_cost_figure_unknown() {
        use MetricId::*;
        let known = [
            (Leads, 5.0),
            (Mql, 2.0),
            (AttributedWon, 1.0),
            (AttributedRevenue, 300.0),
        ];
        for metric in [Cpa, CostPerMql, Cac, Roas, Roi] {
            assert_eq!(of(metric, &known, 1.0), None, "{metric}");
        }
    }

    fn ids_where(take: impl Fn(&Metric) -> bool) -> Vec<&'static str> {
        METRICS
            .iter()
            .filter(|m| take(m))
            .map(|m| m.id.as_str())
            .collect()
    }

    fn sorted(ids: &[&'static str]) -> Vec<&'static str> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids
    }

    /// The views hold exactly the lists that were written out by hand before the catalogue.
    #[test]
    fn the_id_lists_are_the_lists_of_before_the_catalogue() {
        // 42, and the three of web analytics (sessions, key_events, lead_per_session).
        assert_eq!(METRIC_IDS.len(), 45);
        assert_eq!(
            sorted(&ids_where(|m| m.lower_is_better)),
            sorted(&[
                "cpa",
                "cost_per_mql",
                "cac",
                "payback_months",
                "sns_cpa",
                "sns_cac"
            ])
        );
        assert_eq!(
            sorted(&ids_where(|m| m.made_from_cost)),
            sorted(&[
                "cost",
                "sns_cost",
                "cpa",
                "sns_cpa",
                "cost_per_mql",
                "cac",
                "sns_cac",
                "roas",
                "sns_roas",
                "roi",
                "sns_roi",
                "ltv_cac",
                "payback_months",
            ])
        );
        assert_eq!(
            sorted(&MONEY_METRICS),
            sorted(&[
                "cost",
                "sns_cost",
                "revenue",
                "attributed_revenue",
                "sns_attributed_revenue",
                "cpa",
                "sns_cpa",
                "cost_per_mql",
                "cac",
                "sns_cac",
                "arpa",
                "ltv",
                "spend",
                "average_won_amount",
            ])
        );
        assert_eq!(
            sorted(&RATE_METRICS),
            sorted(&[
                "roi",
                "sns_roi",
                "engagement_rate",
                "ctr",
                "completion_rate",
                "lead_to_mql",
                "mql_to_opportunity",
                "opportunity_rate",
                "win_rate",
                "achievement",
                "cv_rate",
                "gross_margin",
                "lead_per_session",
            ])
        );
        assert_eq!(
            sorted(&MULTIPLE_METRICS),
            sorted(&["roas", "sns_roas", "ltv_cac", "payback_months"])
        );
        assert_eq!(
            MONTHLY_METRICS.map(MetricId::as_str),
            [
                "cost",
                "leads",
                "mql",
                "opportunities",
                "won",
                "revenue",
                "sns_attributed_revenue"
            ]
        );
        let adding_up: Vec<&str> = METRIC_IDS
            .into_iter()
            .filter(|id| MetricName::of(id).adds_up())
            .collect();
        assert_eq!(
            sorted(&adding_up),
            sorted(&[
                "cost",
                "sns_cost",
                "leads",
                "sns_leads",
                "mql",
                "opportunities",
                "won",
                "lost",
                "revenue",
                "attributed_won",
                "attributed_revenue",
                "sns_attributed_won",
                "sns_attributed_revenue",
                "posts",
                "impressions",
                "reach",
                "engagements",
                "clicks",
                "video_views",
                "video_completions",
                "sessions",
                "key_events",
            ])
        );
        assert!(MetricName::of("conversions:資料請求").adds_up());
    }

    #[test]
    fn ids_are_unique_and_parts_are_metrics_named_in_the_definition() {
        let mut ids = METRIC_IDS.to_vec();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), METRICS.len());
        for (m, id) in METRICS.iter().zip(MetricId::ALL) {
            assert_eq!(m.id, id, "METRICS is in the order of MetricId");
            assert_eq!(id.entry().id, id);
            assert_eq!(MetricId::parse(id.as_str()), Some(id));
            for part in m.parts() {
                assert!(metric_of(part.id()).is_some(), "{}: {}", m.id, part.id());
                assert_eq!(Part::of(part.metric()), Some(part));
                assert!(
                    m.is_base() || m.definition().contains(part.id()),
                    "{} names {}",
                    m.id,
                    part.id()
                );
            }
        }
    }

    #[test]
    fn only_figures_that_add_up_over_time_are_cumulative() {
        assert!(MetricName::of("revenue").adds_up());
        assert!(MetricName::of("conversions:資料請求").adds_up());
        assert!(!MetricName::of("cpa").adds_up());
        assert!(!MetricName::of("win_rate").adds_up());
        assert!(!MetricName::of("ltv").adds_up());
    }

    /// The definitions made from the formulas read as SPEC section 3 writes them.
    #[test]
    fn formulas_read_as_the_spec_writes_them() {
        let definition = |id: MetricId| id.entry().definition();
        assert_eq!(definition(MetricId::Cpa), "cost / leads");
        assert_eq!(definition(MetricId::Cac), "cost / attributed_won");
        assert_eq!(definition(MetricId::Roas), "attributed_revenue / cost");
        assert_eq!(
            definition(MetricId::Roi),
            "(attributed_revenue x gross_margin - cost) / cost"
        );
        assert_eq!(
            definition(MetricId::SnsRoi),
            "(sns_attributed_revenue x gross_margin - sns_cost) / sns_cost"
        );
        assert_eq!(definition(MetricId::WinRate), "won / (won + lost)");
        assert_eq!(
            definition(MetricId::PaybackMonths),
            "cac / (arpa x gross_margin)"
        );
        assert_eq!(definition(MetricId::LtvCac), "ltv / cac");
        assert_eq!(
            definition(MetricId::Leads),
            "count of leads created in the period"
        );
    }

    /// Each formula's arithmetic, worked out by hand.
    #[test]
    fn formulas_evaluate_over_their_operands() {
        let value = |id: MetricId| match id {
            MetricId::Cost => Some(1000.0),
            MetricId::Leads => Some(8.0),
            MetricId::Won => Some(3.0),
            MetricId::Lost => Some(1.0),
            MetricId::AttributedRevenue => Some(3000.0),
            MetricId::Cac => Some(400.0),
            MetricId::Arpa => Some(50.0),
            _ => None,
        };
        let of = |id: MetricId| id.entry().formula.evaluate(value, Some(0.5));
        assert_eq!(of(MetricId::Cpa), Some(125.0));
        // (3000 x 0.5 - 1000) / 1000
        assert_eq!(of(MetricId::Roi), Some(0.5));
        assert_eq!(of(MetricId::WinRate), Some(0.75));
        // 400 / (50 x 0.5)
        assert_eq!(of(MetricId::PaybackMonths), Some(16.0));
        // mql unknown: empty, never 0
        assert_eq!(of(MetricId::CostPerMql), None);
        assert_eq!(
            of(MetricId::Leads),
            None,
            "a counted metric is its figures'"
        );
        let no_cost = |id: MetricId| {
            if id == MetricId::Cost {
                Some(0.0)
            } else {
                value(id)
            }
        };
        assert_eq!(
            MetricId::Roas.entry().formula.evaluate(no_cost, Some(1.0)),
            None
        );
        assert_eq!(MetricId::Roi.entry().formula.evaluate(value, None), None);
    }

    #[test]
    fn a_definition_is_filled_in_word_by_word() {
        let roi = MetricId::Roi.entry().definition();
        let filled = fill_in(&roi, |word| match word {
            "attributed_revenue" => Some("R".to_string()),
            "cost" => Some("C".to_string()),
            "gross_margin" => Some("0.8".to_string()),
            _ => None,
        });
        assert_eq!(filled, "(R x 0.8 - C) / C");
        assert_eq!(
            metric_of("cpa").map(Metric::spec).unwrap_or_default(),
            "cost / leads (リード獲得単価)"
        );
    }
}
