//! The KPI tree: layer 1 tied to the KGI, layer 2 lead generation and nurturing, layer 3 per
//! platform; each row with target, actual, achievement and a status. Which metrics sit in which
//! layer can be set with `[kpi_tree]` in the config.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::channels::{figures, Figures};
use super::input::MetricsInput;
use super::level::LevelFigures;
use crate::catalog::{ratio, MetricId, MetricName};
use crate::config::{Config, Period};
use crate::model::{ProRated, ProRatedPart, Target, TargetKind};

pub const DEFAULT_LAYER1: [MetricId; 9] = [
    MetricId::Revenue,
    MetricId::SnsAttributedRevenue,
    MetricId::Won,
    MetricId::Opportunities,
    MetricId::Cac,
    MetricId::Ltv,
    MetricId::LtvCac,
    MetricId::Roi,
    MetricId::Roas,
];
/// `conversions` stands for one row per conversion type.
pub const DEFAULT_LAYER2: [MetricId; 8] = [
    MetricId::Leads,
    MetricId::SnsLeads,
    MetricId::Conversions,
    MetricId::Mql,
    MetricId::LeadToMql,
    MetricId::MqlToOpportunity,
    MetricId::Cpa,
    MetricId::CostPerMql,
];
pub const DEFAULT_LAYER3: [MetricId; 8] = [
    MetricId::Posts,
    MetricId::Impressions,
    MetricId::Reach,
    MetricId::Engagements,
    MetricId::EngagementRate,
    MetricId::Clicks,
    MetricId::Ctr,
    MetricId::CompletionRate,
];

/// Achievement at or above this is on track.
pub const ON_TRACK: f64 = 1.0;
/// Achievement at or above this (and below on track) is at risk; below it is off track.
pub const AT_RISK: f64 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiStatus {
    /// No target set.
    NoTarget,
    /// A target, but no actual to compare it with (the figure is undefined, e.g. CPA without
    /// leads), or an undefined achievement (a lower-is-better actual of zero).
    NoActual,
    OnTrack,
    AtRisk,
    OffTrack,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiRow {
    pub layer: u8,
    pub metric: MetricName,
    /// Channel or platform the row is about; `None` = all.
    pub channel: Option<String>,
    /// First day of the month a monthly target is about; `None` = the whole period.
    pub month: Option<chrono::NaiveDate>,
    pub kind: TargetKind,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub achievement: Option<f64>,
    pub status: KpiStatus,
    pub custom: bool,
    /// A whole-period target of a figure that adds up over time, pro-rated to the data's as-of
    /// date (see `pacing`); `None` for ratios, monthly targets and custom metrics.
    pub target_to_date: Option<f64>,
    /// Actual ÷ `target_to_date`.
    pub pace: Option<f64>,
    /// How the target, written for a span, was pro-rated to the report period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pro_rated: Option<ProRated>,
}

/// The figure a layer or a target names; `None` for a custom metric, a conversion type or a metric
/// the level has not.
fn value_of<F: LevelFigures>(figures: &F, metric: &MetricName) -> Option<f64> {
    metric.id().and_then(|m| figures.value(m))
}

/// Achievement: actual / target, or target / actual for lower-is-better metrics.
pub fn achievement(metric: &MetricName, target: Option<f64>, actual: Option<f64>) -> Option<f64> {
    let (target, actual) = (target?, actual?);
    if metric.lower_is_better() {
        ratio(target, actual)
    } else {
        ratio(actual, target)
    }
}

pub fn status(target: Option<f64>, achievement: Option<f64>) -> KpiStatus {
    match achievement {
        None if target.is_none() => KpiStatus::NoTarget,
        None => KpiStatus::NoActual,
        Some(a) if a >= ON_TRACK => KpiStatus::OnTrack,
        Some(a) if a >= AT_RISK => KpiStatus::AtRisk,
        Some(_) => KpiStatus::OffTrack,
    }
}

fn row(
    layer: u8,
    metric: &MetricName,
    channel: Option<String>,
    actual: Option<f64>,
    target: Option<&Target>,
) -> KpiRow {
    let target_value = target.map(|t| t.target);
    let achievement = achievement(metric, target_value, actual);
    KpiRow {
        layer,
        metric: metric.clone(),
        channel,
        month: target.and_then(|t| t.month),
        kind: target.map_or(
            if layer == 1 && metric.is(MetricId::Revenue) {
                TargetKind::Kgi
            } else {
                TargetKind::Kpi
            },
            |t| t.kind,
        ),
        target: target_value,
        actual,
        achievement,
        status: status(target_value, achievement),
        custom: false,
        target_to_date: None,
        pace: None,
        pro_rated: target.and_then(|t| t.pro_rated.clone()),
    }
}

/// The targets as they apply to the report period: a target written for a span (`period`, when
/// it has no month) that misses the period is left out; one that overlaps it is, for a metric
/// that adds up over time, pro-rated by days (`target × overlap / span days`; several spans of
/// one metric, channel and kind add up into one target), and a ratio's is taken as is. Without
/// a report period a spanned target is taken whole. Every other target is as read.
pub fn in_force(targets: &[Target], period: Option<Period>) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for target in targets {
        let (Some(span), None, Some(report)) = (target.period, target.month, period) else {
            out.push(target.clone());
            continue;
        };
        let (start, end) = (span.start.max(report.start), span.end.min(report.end));
        if start > end {
            continue;
        }
        if !target.metric.adds_up() {
            out.push(target.clone());
            continue;
        }
        let part = ProRatedPart {
            target: target.target,
            span,
            overlap_days: (end - start).num_days() + 1,
            span_days: (span.end - span.start).num_days() + 1,
        };
        let value = part.target * part.overlap_days as f64 / part.span_days as f64;
        let channel_id = |t: &Target| t.channel.as_ref().map(|c| c.id.clone());
        let same = |t: &&mut Target| {
            t.pro_rated.is_some()
                && t.metric == target.metric
                && t.kind == target.kind
                && channel_id(t) == channel_id(target)
        };
        if let Some(earlier) = out.iter_mut().find(same) {
            earlier.target += value;
            if let Some(pro_rated) = earlier.pro_rated.as_mut() {
                pro_rated.parts.push(part);
            }
            continue;
        }
        let mut taken = target.clone();
        taken.target = value;
        taken.pro_rated = Some(ProRated { parts: vec![part] });
        out.push(taken);
    }
    out
}

/// Builds the tree. Whole-period targets sit on the metric's row; a target for one month or one
/// channel gets a row of its own, compared with that month's or channel's actual.
pub fn kpi_tree(input: &MetricsInput, period: Option<Period>, totals: &Figures) -> Vec<KpiRow> {
    let targets = &in_force(&input.dataset.targets, period);
    let layers = Layers::of(input.config);
    let mut rows = layer_rows(&layers, targets, totals);
    let unplaced = unplaced_targets(&rows, &layers, targets, input, totals);
    rows.extend(unplaced);
    rows.extend(month_and_channel_targets(
        &layers, targets, input, period, totals,
    ));
    rows.extend(custom_rows(input, period, targets));
    rows.sort_by_key(|r| r.layer);
    rows
}

/// The metrics of each layer: the config's lists, else the defaults.
struct Layers([(u8, Vec<MetricName>); 3]);

impl Layers {
    fn of(config: &Config) -> Layers {
        let layer = |configured: &Option<Vec<String>>, default: &[MetricId]| -> Vec<MetricName> {
            match configured {
                Some(names) => names.iter().map(|m| MetricName::of(m)).collect(),
                None => default.iter().map(|&m| MetricName::Metric(m)).collect(),
            }
        };
        Layers([
            (1u8, layer(&config.kpi_tree.layer1, &DEFAULT_LAYER1)),
            (2u8, layer(&config.kpi_tree.layer2, &DEFAULT_LAYER2)),
            (3u8, layer(&config.kpi_tree.layer3, &DEFAULT_LAYER3)),
        ])
    }

    /// The layer a metric is listed in; 2 for one in no layer.
    fn of_metric(&self, metric: &MetricName) -> u8 {
        self.0
            .iter()
            .find(|(_, m)| m.iter().any(|m| m == metric))
            .map_or(2, |(l, _)| *l)
    }

    /// Whether a metric is one of layer 3's (a row per platform).
    fn in_layer3(&self, metric: &MetricName) -> bool {
        self.0[2].1.iter().any(|m| m == metric)
    }
}

/// The whole-period target of a metric over all channels, if any.
fn whole_period_target<'t>(targets: &'t [Target], metric: &MetricName) -> Option<&'t Target> {
    targets
        .iter()
        .find(|t| t.metric == *metric && t.month.is_none() && t.channel.is_none())
}

/// The rows of the layers' metrics: one per metric (layer 1 and 2), per conversion type
/// (`conversions`), per platform (layer 3).
fn layer_rows(layers: &Layers, targets: &[Target], totals: &Figures) -> Vec<KpiRow> {
    let mut rows = Vec::new();
    for (layer, metrics) in &layers.0 {
        for metric in metrics {
            if metric.is(MetricId::Conversions) {
                for (kind, count) in &totals.conversions {
                    let name = MetricName::Conversions(format!("conversions:{kind}"));
                    let target = whole_period_target(targets, &name);
                    rows.push(row(*layer, &name, None, Some(*count as f64), target));
                }
                continue;
            }
            if *layer == 3 {
                for platform in &totals.platforms {
                    let target = targets.iter().find(|t| {
                        t.metric == *metric
                            && t.month.is_none()
                            && t.channel
                                .as_ref()
                                .is_some_and(|c| c.id == platform.platform)
                    });
                    rows.push(row(
                        3,
                        metric,
                        Some(platform.platform.clone()),
                        value_of(platform, metric),
                        target,
                    ));
                }
                continue;
            }
            let target = whole_period_target(targets, metric);
            rows.push(row(*layer, metric, None, value_of(totals, metric), target));
        }
    }
    rows
}

/// Whole-period targets with no row yet (a metric outside every layer such as win_rate, a
/// layer-3 metric over all platforms, a name that is no metric) get one, so no target is lost.
fn unplaced_targets(
    rows: &[KpiRow],
    layers: &Layers,
    targets: &[Target],
    input: &MetricsInput,
    totals: &Figures,
) -> Vec<KpiRow> {
    let mut unplaced: Vec<KpiRow> = Vec::new();
    for target in targets
        .iter()
        .filter(|t| t.month.is_none() && t.channel.is_none())
    {
        let has_row = rows
            .iter()
            .chain(&unplaced)
            .any(|r| r.metric == target.metric && r.channel.is_none());
        let is_custom = input
            .dataset
            .custom
            .iter()
            .any(|c| c.metric == target.metric.as_str());
        if has_row || is_custom {
            continue;
        }
        unplaced.push(row(
            layers.of_metric(&target.metric),
            &target.metric,
            None,
            value_of(totals, &target.metric),
            Some(target),
        ));
    }
    unplaced
}

/// Targets for one month or one channel (outside layer 3's own rows), each compared with that
/// month's or channel's actual.
fn month_and_channel_targets(
    layers: &Layers,
    targets: &[Target],
    input: &MetricsInput,
    period: Option<Period>,
    totals: &Figures,
) -> Vec<KpiRow> {
    let mut rows = Vec::new();
    for target in targets
        .iter()
        .filter(|t| t.month.is_some() || t.channel.is_some())
    {
        if layers.in_layer3(&target.metric) && target.month.is_none() {
            continue;
        }
        let figures = match target.month {
            Some(month) => match month_in_period(month, period) {
                Some(sub_period) => figures(input, Some(sub_period)),
                None => continue,
            },
            None => totals.clone(),
        };
        let actual = match &target.channel {
            Some(channel) => figures
                .channel(&channel.id)
                .and_then(|c| value_of(c, &target.metric))
                .or_else(|| {
                    figures
                        .platforms
                        .iter()
                        .find(|p| p.platform == channel.id)
                        .and_then(|p| value_of(p, &target.metric))
                })
                .or(Some(0.0)),
            None => value_of(&figures, &target.metric),
        };
        rows.push(row(
            layers.of_metric(&target.metric),
            &target.metric,
            target.channel.as_ref().map(|c| c.id.clone()),
            actual,
            Some(target),
        ));
    }
    rows
}

/// The calendar month starting `month`, unless it lies wholly outside the report period.
fn month_in_period(month: NaiveDate, period: Option<Period>) -> Option<Period> {
    let end = month
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month);
    let outside = period.is_some_and(|p| end < p.start || month > p.end);
    (!outside).then_some(Period { start: month, end })
}

/// Custom metrics: summed over the months of the period, in the layer they name.
fn custom_rows(input: &MetricsInput, period: Option<Period>, targets: &[Target]) -> Vec<KpiRow> {
    let mut custom: Vec<(u8, String, f64)> = Vec::new();
    for c in input.dataset.custom.iter().filter(|c| {
        period.is_none_or(|p| {
            let first = p.start.with_day(1).unwrap_or(p.start);
            c.month >= first && c.month <= p.end
        })
    }) {
        match custom.iter_mut().find(|(_, m, _)| *m == c.metric) {
            Some(entry) => entry.2 += c.value,
            None => custom.push((c.layer, c.metric.clone(), c.value)),
        }
    }
    custom
        .into_iter()
        .map(|(layer, metric, value)| {
            // Named as a target names it, so the two meet.
            let metric = MetricName::of(&metric);
            let target = whole_period_target(targets, &metric);
            KpiRow {
                custom: true,
                ..row(layer, &metric, None, Some(value), target)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn achievement_inverts_for_lower_is_better() {
        assert_eq!(
            achievement(&MetricName::of("leads"), Some(100.0), Some(80.0)),
            Some(0.8)
        );
        // CPA target 10,000, actual 12,500: 10,000 / 12,500 = 0.8.
        assert_eq!(
            achievement(&MetricName::of("cpa"), Some(10_000.0), Some(12_500.0)),
            Some(0.8)
        );
        assert_eq!(
            achievement(&MetricName::of("cpa"), Some(10_000.0), None),
            None
        );
        assert_eq!(
            achievement(&MetricName::of("cpa"), Some(10_000.0), Some(0.0)),
            None
        );
    }

    #[test]
    fn status_thresholds() {
        let target = Some(100.0);
        assert_eq!(status(target, Some(1.0)), KpiStatus::OnTrack);
        assert_eq!(status(target, Some(0.8)), KpiStatus::AtRisk);
        assert_eq!(status(target, Some(0.79)), KpiStatus::OffTrack);
        assert_eq!(status(target, None), KpiStatus::NoActual);
        assert_eq!(status(None, None), KpiStatus::NoTarget);
    }
}
