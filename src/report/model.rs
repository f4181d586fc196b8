//! The report model: what the manager's pages show, decided once from the analysis (SPEC sections
//! 6, 10 and 11). The Summary sheet lays it out in cells with live formulas, the brief in HTML;
//! neither decides what to show, so they cannot disagree. Values only: no cell, no format, no
//! markup. (The summary JSON keeps its own stable keys over the same figures.)

use chrono::NaiveDate;

use super::context::ReportContext;
use super::highlights::{self, Sentence};
use super::labels;
use super::style::Kind;
use crate::attribution::OutsideWindow;
use crate::catalog::{MetricId, MetricKind, MetricName};
use crate::issues::Severity;
use crate::lang::Lang;
use crate::metrics::{
    ChannelFigures, Comparison, Figures, FunnelStage, KpiRow, KpiStatus, LevelFigures, LtvFigures,
    MonthFigures, PostFigures,
};
use crate::model::TargetKind;
use crate::present::show;

/// What the Summary sheet and the brief show of one report.
pub struct ReportModel<'a> {
    pub lang: Lang,
    pub currency: &'a str,
    /// The report period, or `None` when no row holds a date.
    pub period: Option<PeriodShown>,
    /// The attribution model and the ROI basis, in words.
    pub model: String,
    pub roi_basis: String,
    /// What the figures are compared with, why there is no cost, which won deals the window
    /// missed: one sentence each, in this order.
    pub notes: Vec<String>,
    /// The KGI rows against their targets (at least the revenue row).
    pub kgi: Vec<KgiLine>,
    /// Headline figures: SNS beside all channels, this period and the compared one.
    pub headline: Vec<HeadlineLine>,
    /// Whether the report compares with another period (the compared figures are present).
    pub compares: bool,
    /// How LTV was worked out, in words.
    pub ltv_note: String,
    /// The highlight sentences, by the rules of `highlights`.
    pub highlights: Vec<Sentence>,
    pub quality: Quality,
    /// The channels with attributed revenue or cost, highest attributed revenue first.
    pub ranked_channels: Vec<&'a ChannelFigures>,
    /// The posts that earned most (attributed revenue > 0), at most `TOP_POSTS`.
    pub top_posts: Vec<&'a PostFigures>,
    /// The posts with high engagement and no leads (the Posts sheet's ⚑), most engaging first.
    pub quiet_posts: Vec<&'a PostFigures>,
    /// The funnel's stages over all channels (the Funnel sheet's total column).
    pub funnel: &'a [FunnelStage],
    /// The KPI tree's rows with a target, KGI first, then layer by layer (the tree's order).
    pub kpi_tree: Vec<&'a KpiRow>,
    /// The Monthly sheet's months beside the compared period's.
    pub trend: Trend,
}

/// The months of the report period beside the compared period's, month by month in order (the
/// first beside the first): the Monthly sheet's figures.
pub struct Trend {
    pub months: Vec<NaiveDate>,
    pub revenue: Vec<f64>,
    /// The compared period's months and figures, when the report compares.
    pub compared: Option<ComparedTrend>,
}

pub struct ComparedTrend {
    pub months: Vec<NaiveDate>,
    pub revenue: Vec<f64>,
}

/// How many posts the brief lists under each heading.
pub const TOP_POSTS: usize = 5;

/// The report period as the Summary states it.
#[derive(Debug, Clone, Copy)]
pub struct PeriodShown {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub remark: Option<PeriodRemark>,
}

/// What is said beside the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRemark {
    /// No period was asked for: the figures span all the data.
    SpanOfAllData,
    /// The period asked for holds no dated row (SPEC section 7).
    NoDataInPeriod,
}

impl PeriodRemark {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            PeriodRemark::SpanOfAllData => labels::text(lang, "summary.span_of_all_data"),
            PeriodRemark::NoDataInPeriod => labels::text(lang, "summary.no_data_in_period"),
        }
    }
}

/// One KGI against its target.
pub struct KgiLine {
    pub metric: MetricName,
    /// Whether the line is a KGI row of the KPI tree (`false`: revenue shown when the tree has
    /// no KGI). A row of the tree may still lack a target.
    pub of_the_tree: bool,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub achievement: Option<f64>,
    pub status: KpiStatus,
    /// Actual ÷ the target to date, when the target adds up over time.
    pub pace: Option<Option<f64>>,
    /// The compared period's figure, for revenue when the report compares.
    pub compared: Option<f64>,
}

impl KgiLine {
    pub fn is_revenue(&self) -> bool {
        self.metric.is(MetricId::Revenue)
    }

    fn of(kgi: &KpiRow, compared_revenue: Option<f64>) -> KgiLine {
        KgiLine {
            metric: kgi.metric.clone(),
            of_the_tree: true,
            target: kgi.target,
            actual: kgi.actual,
            achievement: kgi.achievement,
            status: kgi.status,
            pace: kgi.target_to_date.map(|_| kgi.pace),
            compared: compared_revenue.filter(|_| kgi.metric.is(MetricId::Revenue)),
        }
    }
}

/// One headline metric: its SNS figure beside the all-channel one, now and in the compared period.
#[derive(Debug, Clone, Copy)]
pub struct HeadlineLine {
    pub metric: MetricId,
    /// Whether SNS has a figure of this metric (LTV and its kin are the business's only).
    pub has_sns: bool,
    pub sns: Option<f64>,
    pub all: Option<f64>,
    /// (SNS, all channels) over the compared period, when the report compares.
    pub compared: Option<(Option<f64>, Option<f64>)>,
}

impl HeadlineLine {
    /// How the SNS figure is shown.
    pub fn kind(&self) -> Kind {
        Kind::of_metric(self.metric.as_str())
    }

    /// How the all-channel figure is shown (the Channels sheet's total row's: won deals over all
    /// channels are whole deals).
    pub fn all_kind(&self) -> Kind {
        super::channels::total_kind(self.metric)
    }
}

/// The change of a figure against the compared period as the report shows it (SPEC section 10):
/// a rate's in percentage points, any other's in % of the compared figure.
pub fn shown_change(kind: Kind, now: Option<f64>, then: Option<f64>) -> (Option<f64>, Kind) {
    let (absolute, percent) = crate::metrics::comparison::change(now, then);
    match kind {
        Kind::Rate => (absolute.map(|points| points * 100.0), Kind::Points),
        _ => (percent, Kind::Change),
    }
}

/// The headline metrics, in the Summary's row order, each beside its SNS form where it has one.
pub const HEADLINE: [MetricId; 12] = [
    MetricId::Cost,
    MetricId::Leads,
    MetricId::AttributedWon,
    MetricId::AttributedRevenue,
    MetricId::Roi,
    MetricId::Roas,
    MetricId::Cpa,
    MetricId::Cac,
    MetricId::Arpa,
    MetricId::Ltv,
    MetricId::LtvCac,
    MetricId::PaybackMonths,
];

/// The headline metrics of one period's figures, in the Summary's row order:
/// (metric, SNS figure or `None` when SNS has none, all-channel figure).
#[allow(clippy::type_complexity)]
pub fn headline_figures(figures: &Figures) -> [(MetricId, Option<Option<f64>>, Option<f64>); 12] {
    HEADLINE.map(|metric| {
        let sns = metric.sns_form().map(|sns| figures.value(sns));
        (metric, sns, figures.value(metric))
    })
}

/// The data-quality line: rows and issues, and whether the Checks hold.
#[derive(Debug, Clone, Copy)]
pub struct Quality {
    pub errors: u64,
    pub warnings: u64,
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
}

impl<'a> ReportModel<'a> {
    /// Decides what the report's pages show.
    pub fn of(context: &'a ReportContext<'a>) -> ReportModel<'a> {
        let lang = context.config.lang;
        let metrics = context.metrics;
        let figures = &metrics.figures;
        let compared = metrics.comparison.figures().map(|(_, f)| f);
        ReportModel {
            lang,
            currency: &context.config.currency,
            period: metrics.period.map(|period| PeriodShown {
                start: period.start,
                end: period.end,
                remark: if context.config.period.is_none() {
                    Some(PeriodRemark::SpanOfAllData)
                } else if !crate::metrics::period_holds_data(context.dataset, period) {
                    Some(PeriodRemark::NoDataInPeriod)
                } else {
                    None
                },
            }),
            model: labels::model(lang, &metrics.model),
            roi_basis: labels::roi_basis(lang, metrics.gross_margin),
            notes: notes(context),
            kgi: kgi_lines(context, compared.map(|f| f.totals.revenue)),
            headline: headline_lines(figures, compared),
            compares: compared.is_some(),
            ltv_note: ltv_note(lang, &figures.ltv, metrics.gross_margin),
            highlights: highlights::sentences(context),
            quality: Quality {
                errors: context.validated.count(Severity::Error) as u64,
                warnings: context.validated.count(Severity::Warning) as u64,
                read: context.validated.sheets.iter().map(|s| s.counts.read).sum(),
                accepted: context
                    .validated
                    .sheets
                    .iter()
                    .map(|s| s.counts.accepted)
                    .sum(),
                rejected: context.validated.rejected_rows(),
            },
            ranked_channels: ranked_channels(figures),
            top_posts: top_posts(&metrics.posts),
            quiet_posts: quiet_posts(&metrics.posts),
            funnel: &metrics.funnel.total,
            kpi_tree: kpi_tree(&metrics.kpi),
            trend: trend(&metrics.monthly, &metrics.comparison),
        }
    }

    /// The highlight sentences as text.
    pub fn highlight_texts(&self) -> Vec<String> {
        self.highlights.iter().map(|s| s.text(self.lang)).collect()
    }
}

/// The notes under the period, in order (SPEC section 10).
fn notes(context: &ReportContext) -> Vec<String> {
    let lang = context.config.lang;
    let figures = &context.metrics.figures;
    let mut notes = vec![super::comparison::note(lang, &context.metrics.comparison)];
    if figures.totals.cost.is_none() {
        notes.push(labels::text(lang, "summary.no_cost_data").to_string());
    } else if let Some(note) = channels_without_cost_note(lang, figures) {
        notes.push(note);
    }
    if let Some(outside) = context.outside_window {
        notes.push(outside_window_note(lang, outside));
    }
    notes
}

/// The note on won deals left unattributed by a short attribution window (`OutsideWindow`): the
/// share, the window in force and the one that would cover them. On the Summary and in `check`.
pub fn outside_window_note(lang: Lang, outside: &OutsideWindow) -> String {
    labels::fill(
        lang,
        "summary.won_outside_window",
        &[
            ("won", &outside.won.to_string()),
            ("outside", &outside.outside.to_string()),
            ("share", &show(Some(outside.share()), MetricKind::Rate)),
            ("lookback", &outside.lookback_days.to_string()),
            ("covering", &outside.covering_lookback_days.to_string()),
        ],
    )
}

/// The channels of the period with no cost row while others have some (their cost is unknown,
/// SPEC section 10), or `None` when every channel has cost data.
fn channels_without_cost_note(lang: Lang, figures: &Figures) -> Option<String> {
    let names: Vec<String> = figures
        .channels
        .iter()
        .filter(|c| c.cost.is_none())
        .map(|c| labels::channel(lang, &c.channel))
        .collect();
    if names.is_empty() {
        return None;
    }
    let channels = names.join(labels::text(lang, "summary.list_separator"));
    Some(labels::fill(
        lang,
        "summary.channels_without_cost",
        &[("channels", &channels)],
    ))
}

/// The whole-period KGI rows of all channels; revenue with no target when none is set.
fn kgi_lines(context: &ReportContext, compared_revenue: Option<f64>) -> Vec<KgiLine> {
    let lines: Vec<KgiLine> = context
        .metrics
        .kpi
        .iter()
        .filter(|k| k.kind == TargetKind::Kgi && k.channel.is_none() && k.month.is_none())
        .map(|k| KgiLine::of(k, compared_revenue))
        .collect();
    if !lines.is_empty() {
        return lines;
    }
    vec![KgiLine {
        metric: MetricName::Metric(MetricId::Revenue),
        of_the_tree: false,
        target: None,
        actual: Some(context.metrics.figures.totals.revenue),
        achievement: None,
        status: KpiStatus::NoTarget,
        pace: None,
        compared: None,
    }]
}

fn headline_lines(figures: &Figures, compared: Option<&Figures>) -> Vec<HeadlineLine> {
    let then = compared.map(headline_figures);
    headline_figures(figures)
        .into_iter()
        .enumerate()
        .map(|(i, (metric, sns, all))| HeadlineLine {
            metric,
            has_sns: sns.is_some(),
            sns: sns.flatten(),
            all,
            compared: then.map(|then| (then[i].1.flatten(), then[i].2)),
        })
        .collect()
}

/// The channels that earned or spent, by attributed revenue (highest first; ties by name).
fn ranked_channels(figures: &Figures) -> Vec<&ChannelFigures> {
    let mut ranked: Vec<&ChannelFigures> = figures
        .channels
        .iter()
        .filter(|c| c.attributed_revenue != 0.0 || c.cost.is_some_and(|cost| cost != 0.0))
        .collect();
    ranked.sort_by(|a, b| {
        b.attributed_revenue
            .total_cmp(&a.attributed_revenue)
            .then_with(|| a.channel.cmp(&b.channel))
    });
    ranked
}

fn top_posts(posts: &[PostFigures]) -> Vec<&PostFigures> {
    let mut top: Vec<&PostFigures> = posts
        .iter()
        .filter(|p| p.attributed_revenue > 0.0)
        .collect();
    top.sort_by(|a, b| {
        b.attributed_revenue
            .total_cmp(&a.attributed_revenue)
            .then_with(|| a.post_id.cmp(&b.post_id))
    });
    top.truncate(TOP_POSTS);
    top
}

fn quiet_posts(posts: &[PostFigures]) -> Vec<&PostFigures> {
    let mut quiet: Vec<&PostFigures> = posts.iter().filter(|p| p.flagged).collect();
    quiet.sort_by(|a, b| {
        b.engagements
            .cmp(&a.engagements)
            .then_with(|| a.post_id.cmp(&b.post_id))
    });
    quiet.truncate(TOP_POSTS);
    quiet
}

/// The rows with a target, KGI first and then by layer, each layer in the tree's order.
fn kpi_tree(kpi: &[KpiRow]) -> Vec<&KpiRow> {
    let mut rows: Vec<&KpiRow> = kpi.iter().filter(|k| k.target.is_some()).collect();
    rows.sort_by_key(|k| (k.kind != TargetKind::Kgi, k.layer));
    rows
}

fn trend(monthly: &[MonthFigures], comparison: &Comparison) -> Trend {
    let figures = |months: &[MonthFigures]| {
        (
            months.iter().map(|m| m.month).collect::<Vec<_>>(),
            months.iter().map(|m| m.revenue).collect::<Vec<_>>(),
        )
    };
    let (months, revenue) = figures(monthly);
    let compared = comparison.figures().map(|_| {
        let (months, revenue) = figures(comparison.monthly());
        ComparedTrend { months, revenue }
    });
    Trend {
        months,
        revenue,
        compared,
    }
}

/// How LTV was worked out, in words.
fn ltv_note(lang: Lang, ltv: &LtvFigures, gross_margin: f64) -> String {
    use crate::config::LtvMethod;
    let margin = format!("{:.1}%", gross_margin * 100.0);
    match (ltv.method, lang) {
        (LtvMethod::Churn, Lang::Ja) => {
            format!("LTV = ARPA × 粗利率 ({margin}) ÷ 月次解約率 (方式: churn)")
        }
        (LtvMethod::Churn, Lang::En) => {
            format!("LTV = ARPA x gross margin ({margin}) / monthly churn (method: churn)")
        }
        (LtvMethod::Lifetime, Lang::Ja) => {
            format!("LTV = ARPA × 粗利率 ({margin}) × 継続月数 (方式: lifetime)")
        }
        (LtvMethod::Lifetime, Lang::En) => {
            format!("LTV = ARPA x gross margin ({margin}) x lifetime months (method: lifetime)")
        }
        (LtvMethod::Deal, Lang::Ja) => {
            format!("LTV = 平均受注額 × 粗利率 ({margin}) × 購入回数 (方式: deal)")
        }
        (LtvMethod::Deal, Lang::En) => {
            format!("LTV = average won amount x gross margin ({margin}) x purchases per customer (method: deal)")
        }
    }
}
