//! How one figure is made, for `kpibook explain`: the catalogue's definition of the metric, each of
//! its parts with its value, and the rows behind each part (cost rows, leads, deals, credit lines).
//! The rows are selected by the functions `figures` counts by (`lead_counts`, `deal_counts`; per
//! channel the lead's acquisition channel, `unattributed` for deals without a lead), and the result
//! is the figure itself, read from `Figures` (the struct the JSON and the workbook are written
//! from), never recomputed here. Not for wording or layout: `cmd/explain.rs` prints an `Explanation`.

use std::fmt;

use super::channels::{deal_counts, lead_counts};
use super::computed::Metrics;
use super::input::{deal_channel, has_channel_cost_data, has_cost_data, in_period, MetricsInput};
use super::level::LevelFigures;
use crate::attribution::CreditLine;
use crate::catalog::{fill_in, metric_of, Level, Metric, MetricId, MetricKind, Part, METRICS};
use crate::config::Period;

/// A metric's figure taken apart: what `kpibook explain --metric` shows.
#[derive(Debug)]
pub struct Explanation<'a> {
    /// The catalogue entry explained: the metric asked for, or the base metric of an `sns_` form
    /// (`sns_roi` is `roi` over the SNS channels).
    pub metric: &'static Metric,
    pub scope: Scope<'a>,
    pub period: Option<Period>,
    /// The attribution model the figures are credited under.
    pub model: &'a str,
    pub gross_margin: f64,
    /// The figure as the report shows it, read from the figures.
    pub reported: Option<f64>,
    /// A part is cost and the inputs hold no cost row: the figure is unknown, not made of zeros.
    pub cost_unknown: bool,
    /// The parts in the order the definition names them.
    pub parts: Vec<PartFigure<'a>>,
}

/// One part of a figure: its value and the rows it is made of.
#[derive(Debug)]
pub struct PartFigure<'a> {
    /// The part as the definition names it (`attributed_won` in `cac = cost / attributed_won`).
    pub named: Part,
    /// The part counted: over all channels attributed won and revenue are the won deals and their
    /// revenue (`Part::over_all_channels`).
    pub part: Part,
    pub value: f64,
    pub rows: Rows<'a>,
}

/// The rows behind a part: indexes into the dataset's tables, or the credit lines.
#[derive(Debug)]
pub enum Rows<'a> {
    /// Indexes into `Dataset::costs`.
    Costs(Vec<usize>),
    /// Indexes into `Dataset::leads`.
    Leads(Vec<usize>),
    /// Indexes into `Dataset::deals`.
    Deals(Vec<usize>),
    Credits(Vec<&'a CreditLine>),
}

impl Rows<'_> {
    pub fn len(&self) -> usize {
        match self {
            Rows::Costs(rows) | Rows::Leads(rows) | Rows::Deals(rows) => rows.len(),
            Rows::Credits(lines) => lines.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why a figure cannot be explained; the text is the command's usage error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotExplained {
    /// An `sns_` metric is a total over the SNS channels; it has no per-channel figure.
    SnsWithChannel { metric: String },
    /// Not a metric explain breaks down (no parts in the catalogue).
    UnknownMetric { metric: String },
    /// A metric the report has over all channels only.
    NotPerChannel { metric: String },
    /// The channel has no figures in the period.
    NoSuchChannel { id: String, channels: Vec<String> },
}

/// The metrics explain breaks down (the catalogue entries with parts), as the usage error names them.
fn explained() -> String {
    METRICS
        .iter()
        .filter(|m| !m.parts().is_empty())
        .map(|m| m.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for NotExplained {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            NotExplained::SnsWithChannel { metric } => write!(
                f,
                "{metric} is an SNS total; leave out --channel, or ask for {} with --channel.",
                metric.trim_start_matches("sns_")
            ),
            NotExplained::UnknownMetric { metric } => write!(
                f,
                "explain knows {} and their sns_ forms; not \"{metric}\".",
                explained()
            ),
            NotExplained::NotPerChannel { metric } => write!(
                f,
                "{metric} is a figure over all channels only; leave out --channel."
            ),
            NotExplained::NoSuchChannel { id, channels } => write!(
                f,
                "no figures for channel \"{id}\" in the period; channels with figures: {}.",
                channels.join(", ")
            ),
        }
    }
}

/// Takes `metric` (on one channel, or over all channels; an `sns_` metric over the SNS channels)
/// apart into its parts under the run's period and model.
pub fn explain<'a>(
    input: &MetricsInput<'a>,
    metrics: &'a Metrics,
    metric: &'a str,
    channel: Option<&'a str>,
) -> Result<Explanation<'a>, NotExplained> {
    let (base, scope) = match (metric.strip_prefix("sns_"), channel) {
        (Some(base), None) => (base, Scope::Sns),
        (Some(_), Some(_)) => {
            return Err(NotExplained::SnsWithChannel {
                metric: metric.to_string(),
            })
        }
        (None, Some(id)) => (metric, Scope::One(id)),
        (None, None) => (metric, Scope::All),
    };
    let Some(definition) = metric_of(base).filter(|m| !m.parts().is_empty()) else {
        return Err(NotExplained::UnknownMetric {
            metric: metric.to_string(),
        });
    };
    if let Scope::One(id) = scope {
        if !definition.is_answered_by(Level::Channel) {
            return Err(NotExplained::NotPerChannel {
                metric: metric.to_string(),
            });
        }
        if metrics.figures.channel(id).is_none() {
            return Err(NotExplained::NoSuchChannel {
                id: id.to_string(),
                channels: metrics
                    .figures
                    .channels
                    .iter()
                    .map(|c| c.channel.clone())
                    .collect(),
            });
        }
    }
    let reported = match scope {
        Scope::One(id) => metrics
            .figures
            .channel(id)
            .and_then(|c| c.value(definition.id)),
        _ => MetricId::parse(metric).and_then(|m| metrics.figures.value(m)),
    };
    let period = metrics.period;
    let model = metrics.model.as_str();
    let parts: Vec<PartFigure> = definition
        .parts()
        .into_iter()
        .map(|named| {
            let part = match scope {
                Scope::All if !definition.is_base() => named.over_all_channels(),
                Scope::One(_) => named.on_one_channel(),
                _ => named,
            };
            let rows = part_rows(input, part, model, period, scope);
            PartFigure {
                named,
                part,
                value: part_value(input, part, &rows),
                rows,
            }
        })
        .collect();
    Ok(Explanation {
        metric: definition,
        scope,
        period,
        model,
        gross_margin: input.config.gross_margin,
        reported,
        cost_unknown: parts.iter().any(|p| p.part == Part::Cost)
            && match scope {
                Scope::One(channel) => !has_channel_cost_data(input.dataset, channel),
                _ => !has_cost_data(input.dataset),
            },
        parts,
    })
}

impl Explanation<'_> {
    /// The definition with the parts' values in place of their names (`¥1,000 / 5`); a base
    /// quantity is its one value. `show` writes a value of a kind.
    pub fn filled(&self, show: impl Fn(f64, MetricKind) -> String) -> String {
        let shown = |p: &PartFigure| show(p.value, p.part.kind());
        if let (true, [part]) = (self.metric.is_base(), self.parts.as_slice()) {
            return shown(part);
        }
        fill_in(&self.metric.definition(), |word| {
            if word == "gross_margin" {
                return Some(self.gross_margin.to_string());
            }
            self.parts.iter().find(|p| p.named.id() == word).map(&shown)
        })
    }
}

/// A part's value: the count of its rows, or the sum of their amounts or credits, in row order.
fn part_value(input: &MetricsInput, part: Part, rows: &Rows) -> f64 {
    let d = input.dataset;
    match (part, rows) {
        (_, Rows::Costs(rows)) => rows.iter().map(|&i| d.costs[i].amount).sum(),
        (Part::Revenue, Rows::Deals(rows)) => {
            rows.iter().map(|&i| d.deals[i].amount.unwrap_or(0.0)).sum()
        }
        (Part::AttributedWon, Rows::Credits(lines)) => lines.iter().map(|l| l.credit).sum(),
        (_, Rows::Credits(lines)) => lines.iter().map(|l| l.amount).sum(),
        (_, rows) => rows.len() as f64,
    }
}

/// The rows a part is made of.
fn part_rows<'a>(
    input: &MetricsInput<'a>,
    part: Part,
    model: &str,
    period: Option<Period>,
    scope: Scope,
) -> Rows<'a> {
    match part {
        Part::Cost => Rows::Costs(cost_rows(input, period, scope)),
        Part::Leads => Rows::Leads(lead_rows(input, period, scope)),
        Part::Mql => Rows::Leads(mql_rows(input, period, scope)),
        Part::Opportunities => Rows::Deals(opportunity_rows(input, period, scope)),
        Part::Won | Part::Revenue => Rows::Deals(won_rows(input, period, scope)),
        Part::Lost => Rows::Deals(lost_rows(input, period, scope)),
        Part::AttributedWon | Part::AttributedRevenue => {
            Rows::Credits(credit_lines(input, model, period, scope))
        }
    }
}

/// A channel filter: `None` = every channel, `Sns` = the SNS channels, `One` = one channel id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Sns,
    One(&'a str),
}

impl Scope<'_> {
    fn admits(&self, input: &MetricsInput, channel: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Sns => input.config.is_sns(channel),
            Scope::One(id) => *id == channel,
        }
    }
}

/// Indexes of the cost rows counted in the period.
pub fn cost_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    input
        .dataset
        .costs
        .iter()
        .enumerate()
        .filter(|(_, c)| in_period(period, c.month) && scope.admits(input, &c.channel.id))
        .map(|(i, _)| i)
        .collect()
}

/// Indexes (into `Dataset::leads`) of leads created in the period. With `Scope::Sns` these are the
/// SNS-attributed leads (`sns_leads`), not only those acquired on an SNS channel.
pub fn lead_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    input
        .links
        .leads
        .iter()
        .filter(|l| {
            let lead = &input.dataset.leads[l.lead_index];
            lead_counts(Part::Leads, lead, period)
                && match scope {
                    Scope::Sns => l.sns,
                    _ => scope.admits(input, &l.acquisition_channel),
                }
        })
        .map(|l| l.lead_index)
        .collect()
}

/// Indexes of leads that became MQL in the period.
pub fn mql_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    input
        .links
        .leads
        .iter()
        .filter(|l| {
            let lead = &input.dataset.leads[l.lead_index];
            lead_counts(Part::Mql, lead, period) && scope.admits(input, &l.acquisition_channel)
        })
        .map(|l| l.lead_index)
        .collect()
}

/// Indexes of deals created in the period (opportunities).
pub fn opportunity_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    deal_rows(input, scope, |d| {
        deal_counts(Part::Opportunities, d, period)
    })
}

/// Indexes of won deals closed in the period.
pub fn won_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    deal_rows(input, scope, |d| deal_counts(Part::Won, d, period))
}

/// Indexes of lost deals closed in the period.
pub fn lost_rows(input: &MetricsInput, period: Option<Period>, scope: Scope) -> Vec<usize> {
    deal_rows(input, scope, |d| deal_counts(Part::Lost, d, period))
}

fn deal_rows(
    input: &MetricsInput,
    scope: Scope,
    keep: impl Fn(&crate::model::Deal) -> bool,
) -> Vec<usize> {
    input
        .dataset
        .deals
        .iter()
        .enumerate()
        .filter(|(_, d)| keep(d) && scope.admits(input, &deal_channel(input, d.lead_id.as_deref())))
        .map(|(i, _)| i)
        .collect()
}

/// Credit lines of `model` for won deals closed in the period, on the scope's channels.
pub fn credit_lines<'a>(
    input: &MetricsInput<'a>,
    model: &str,
    period: Option<Period>,
    scope: Scope,
) -> Vec<&'a CreditLine> {
    input
        .attribution
        .lines(model)
        .iter()
        .filter(|l| in_period(period, l.closed_at) && scope.admits(input, &l.channel))
        .collect()
}
