//! `kpibook explain INPUT... (--deal ID | --metric NAME [--channel ID])`: how one figure is made —
//! the formula with its numbers filled in, and the rows behind it (cost rows, leads, deals, touches
//! and credits), each with the file, sheet and row it came from. Plain text for a terminal.

use std::fmt::Write as _;

use super::{InputArgs, PeriodArgs};
use crate::attribution::{window, MODEL_IDS};
use crate::error::{exit, KpiError, Result};
use crate::metrics::behind::{self, Scope};
use crate::metrics::{has_cost_data, MetricsInput};
use crate::model::{DealStatus, SourceRef};
use crate::pipeline::{self, Analysis, RunOptions};
use crate::report::cells::Kind;

/// At most this many rows are listed under each part of a figure.
const ROWS_SHOWN: usize = 30;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    period: PeriodArgs,
    #[command(flatten)]
    target: TargetArgs,
    /// With --metric: the figure of one channel.
    #[arg(long, value_name = "ID", requires = "metric")]
    channel: Option<String>,
    /// Attribution model of the attributed figures.
    #[arg(long, value_parser = MODEL_IDS)]
    model: Option<String>,
}

#[derive(clap::Args)]
#[group(id = "explain_target", required = true, multiple = false)]
struct TargetArgs {
    /// A deal: its lead, journey, window and the credits of every model.
    #[arg(long, value_name = "ID", group = "explain_target")]
    deal: Option<String>,
    /// A metric (cpa, cac, roi, leads ...; sns_ forms for the SNS totals).
    #[arg(long, value_name = "NAME", group = "explain_target")]
    metric: Option<String>,
}

pub fn run(args: Args) -> Result<i32> {
    let target = match (args.target.deal, args.target.metric) {
        (Some(deal), _) => Target::Deal(deal),
        (None, Some(name)) => Target::Metric {
            name,
            channel: args.channel,
        },
        (None, None) => {
            return Err(KpiError::Usage(
                "explain needs --deal ID or --metric NAME.".into(),
            ))
        }
    };
    explain(
        &args.input.into_run_options(Some(args.period), args.model),
        &target,
    )
}

/// What to explain.
#[derive(Debug, Clone)]
pub enum Target {
    Deal(String),
    Metric {
        name: String,
        channel: Option<String>,
    },
}

fn explain(options: &RunOptions, target: &Target) -> Result<i32> {
    let analysis = pipeline::analyse(pipeline::check(options)?);
    let text = match target {
        Target::Deal(id) => explain_deal(&analysis, id)?,
        Target::Metric { name, channel } => explain_metric(&analysis, name, channel.as_deref())?,
    };
    print!("{text}");
    Ok(exit::DONE)
}

/// A figure in the format the report gives it.
pub fn show(value: Option<f64>, kind: Kind) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return "(empty)".to_string();
    };
    match kind {
        Kind::Money if v < 0.0 => format!("-¥{}", group(-v.round())),
        Kind::Money => format!("¥{}", group(v.round())),
        Kind::Rate => format!("{:.1}%", v * 100.0),
        Kind::Decimal => format!("{v:.2}"),
        Kind::Count => group(v.round()),
    }
}

/// 1234567 -> "1,234,567".
fn group(value: f64) -> String {
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

fn source(s: &SourceRef) -> String {
    format!("{} [{}] row {}", s.file, s.sheet, s.row)
}

fn explain_deal(analysis: &Analysis, deal_id: &str) -> Result<String> {
    let dataset = &analysis.checked.validated.dataset;
    let config = &analysis.checked.config;
    let lang = config.lang;
    let Some((deal_index, deal)) = dataset
        .deals
        .iter()
        .enumerate()
        .find(|(_, d)| d.deal_id == deal_id)
    else {
        return Err(KpiError::Usage(format!(
            "no accepted deal has deal_id \"{deal_id}\"; `kpibook check` lists rejected rows."
        )));
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({})",
        lang.pick("商談", "Deal"),
        deal.deal_id,
        source(&deal.source)
    );
    let _ = writeln!(
        out,
        "  status {}, amount {}, created {}, closed {}",
        deal.status.as_str(),
        show(deal.amount, Kind::Money),
        deal.created_at,
        deal.closed_at
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    );
    let lead = deal
        .lead_id
        .as_deref()
        .and_then(|id| analysis.links.lead(id));
    match (&deal.lead_id, lead) {
        (Some(_), Some(linked)) => {
            let l = &dataset.leads[linked.lead_index];
            let _ = writeln!(
                out,
                "  lead {} created {} ({}), acquisition channel {}, linked post {}{}, SNS {}",
                l.lead_id,
                l.created_at,
                source(&l.source),
                linked.acquisition_channel,
                linked.linked_post.as_deref().unwrap_or("-"),
                linked
                    .link_reason
                    .map(|r| format!(" (by {})", r.as_str()))
                    .unwrap_or_default(),
                if linked.sns { "yes" } else { "no" }
            );
            let w = window(deal, l.created_at, &linked.journey, config.lookback_days);
            let start = deal
                .created_at
                .checked_sub_days(chrono::Days::new(config.lookback_days.into()))
                .unwrap_or(deal.created_at);
            let _ = writeln!(
                out,
                "  window {start} .. {} ({} days before created_at, both ends inclusive): {} of {} touches",
                deal.created_at,
                config.lookback_days,
                w.touches.len(),
                linked.journey.len()
            );
            let _ = writeln!(out, "  journey:");
            for t in &linked.journey {
                let inside = w.touches.iter().any(|x| std::ptr::eq(*x, t));
                let origin = match t.touch_index {
                    Some(i) => source(&dataset.touches[i].source),
                    None => lang
                        .pick("リード作成 (合成)", "lead creation (synthetic)")
                        .to_string(),
                };
                let _ = writeln!(
                    out,
                    "    {}  {:<16} post {:<12} {}{}",
                    t.at.format("%Y-%m-%d %H:%M"),
                    t.channel,
                    t.post_id.as_deref().unwrap_or("-"),
                    origin,
                    if inside { "" } else { "  (outside the window)" }
                );
            }
        }
        (Some(id), None) => {
            let _ = writeln!(
                out,
                "  lead {id} is not among the accepted leads: the deal counts as unattributed"
            );
        }
        (None, _) => {
            let _ = writeln!(out, "  no lead: the deal counts as unattributed");
        }
    }
    if deal.status != DealStatus::Won {
        let _ = writeln!(out, "  not won: no attribution credit");
        return Ok(out);
    }
    let _ = writeln!(out, "  credits (amount x credit):");
    for model in &analysis.attribution.model_ids {
        for line in analysis
            .attribution
            .lines(model)
            .iter()
            .filter(|l| l.deal_index == deal_index)
        {
            let touch = line
                .touch
                .as_ref()
                .map(|t| t.at.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "    {:<12} {}  {:<16} post {:<12} credit {:.4}  {}",
                model,
                touch,
                line.channel,
                line.post_id.as_deref().unwrap_or("-"),
                line.credit,
                show(Some(line.amount), Kind::Money)
            );
        }
    }
    Ok(out)
}

/// A base quantity a metric is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
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
    fn name(self) -> &'static str {
        match self {
            Part::Cost => "cost",
            Part::Leads => "leads",
            Part::Mql => "mql",
            Part::Opportunities => "opportunities",
            Part::Won => "won",
            Part::Lost => "lost",
            Part::Revenue => "revenue",
            Part::AttributedWon => "attributed_won",
            Part::AttributedRevenue => "attributed_revenue",
        }
    }
}

/// A metric's formula: the text and the parts, in the order they appear.
fn formula(metric: &str, total: bool) -> Option<(&'static str, Vec<Part>)> {
    use Part::*;
    // Over all channels attributed won and revenue are the won deals and their revenue.
    let (won, revenue) = if total {
        (Won, Revenue)
    } else {
        (AttributedWon, AttributedRevenue)
    };
    Some(match metric {
        "cost" => ("cost = sum of costs.amount", vec![Cost]),
        "leads" => ("leads = count of leads created in the period", vec![Leads]),
        "mql" => ("mql = count of leads with mql_at in the period", vec![Mql]),
        "opportunities" => (
            "opportunities = count of deals created in the period",
            vec![Opportunities],
        ),
        "won" => ("won = count of won deals closed in the period", vec![Won]),
        "lost" => (
            "lost = count of lost deals closed in the period",
            vec![Lost],
        ),
        "revenue" => (
            "revenue = sum of amount of won deals closed in the period",
            vec![Revenue],
        ),
        "attributed_won" => ("attributed_won = sum of credits", vec![AttributedWon]),
        "attributed_revenue" => (
            "attributed_revenue = sum of credit x amount",
            vec![AttributedRevenue],
        ),
        "cpa" => ("cpa = cost / leads", vec![Cost, Leads]),
        "cost_per_mql" => ("cost_per_mql = cost / mql", vec![Cost, Mql]),
        "cac" => ("cac = cost / attributed_won", vec![Cost, won]),
        "roas" => ("roas = attributed_revenue / cost", vec![revenue, Cost]),
        "roi" => (
            "roi = (attributed_revenue x gross_margin - cost) / cost",
            vec![revenue, Cost],
        ),
        "win_rate" => ("win_rate = won / (won + lost)", vec![Won, Lost]),
        "lead_to_mql" => ("lead_to_mql = mql / leads", vec![Mql, Leads]),
        "mql_to_opportunity" => (
            "mql_to_opportunity = opportunities / mql",
            vec![Opportunities, Mql],
        ),
        "opportunity_rate" => (
            "opportunity_rate = opportunities / leads",
            vec![Opportunities, Leads],
        ),
        _ => return None,
    })
}

fn part_value(
    input: &MetricsInput,
    part: Part,
    model: &str,
    period: Option<crate::config::Period>,
    scope: Scope,
) -> f64 {
    let d = input.dataset;
    match part {
        Part::Cost => behind::cost_rows(input, period, scope)
            .iter()
            .map(|&i| d.costs[i].amount)
            .sum(),
        Part::Leads => behind::lead_rows(input, period, scope).len() as f64,
        Part::Mql => behind::mql_rows(input, period, scope).len() as f64,
        Part::Opportunities => behind::opportunity_rows(input, period, scope).len() as f64,
        Part::Won => behind::won_rows(input, period, scope).len() as f64,
        Part::Lost => behind::lost_rows(input, period, scope).len() as f64,
        Part::Revenue => behind::won_rows(input, period, scope)
            .iter()
            .map(|&i| d.deals[i].amount.unwrap_or(0.0))
            .sum(),
        Part::AttributedWon => behind::credit_lines(input, model, period, scope)
            .iter()
            .map(|l| l.credit)
            .sum(),
        Part::AttributedRevenue => behind::credit_lines(input, model, period, scope)
            .iter()
            .map(|l| l.amount)
            .sum(),
    }
}

fn part_rows(
    input: &MetricsInput,
    part: Part,
    model: &str,
    period: Option<crate::config::Period>,
    scope: Scope,
) -> Vec<String> {
    let d = input.dataset;
    let lead_line = |i: usize| {
        let l = &d.leads[i];
        let linked = input.links.leads.get(i);
        format!(
            "{}  created {}  mql {}  channel {}  post {}  ({})",
            l.lead_id,
            l.created_at.format("%Y-%m-%d %H:%M"),
            l.mql_at
                .map(|m| m.to_string())
                .unwrap_or_else(|| "-".into()),
            linked.map_or("-", |x| x.acquisition_channel.as_str()),
            linked.and_then(|x| x.linked_post.as_deref()).unwrap_or("-"),
            source(&l.source)
        )
    };
    let deal_line = |i: usize| {
        let deal = &d.deals[i];
        format!(
            "{}  lead {}  {}  created {}  closed {}  amount {}  ({})",
            deal.deal_id,
            deal.lead_id.as_deref().unwrap_or("-"),
            deal.status.as_str(),
            deal.created_at,
            deal.closed_at
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            show(deal.amount, Kind::Money),
            source(&deal.source)
        )
    };
    match part {
        Part::Cost => behind::cost_rows(input, period, scope)
            .into_iter()
            .map(|i| {
                let c = &d.costs[i];
                format!(
                    "{}  {}  {}  {}  ({})",
                    c.month.format("%Y-%m"),
                    c.channel.id,
                    c.category.as_deref().unwrap_or("-"),
                    show(Some(c.amount), Kind::Money),
                    source(&c.source)
                )
            })
            .collect(),
        Part::Leads => behind::lead_rows(input, period, scope)
            .into_iter()
            .map(lead_line)
            .collect(),
        Part::Mql => behind::mql_rows(input, period, scope)
            .into_iter()
            .map(lead_line)
            .collect(),
        Part::Opportunities => behind::opportunity_rows(input, period, scope)
            .into_iter()
            .map(deal_line)
            .collect(),
        Part::Won | Part::Revenue => behind::won_rows(input, period, scope)
            .into_iter()
            .map(deal_line)
            .collect(),
        Part::Lost => behind::lost_rows(input, period, scope)
            .into_iter()
            .map(deal_line)
            .collect(),
        Part::AttributedWon | Part::AttributedRevenue => {
            behind::credit_lines(input, model, period, scope)
                .into_iter()
                .map(|l| {
                    format!(
                        "{}  touch {}  {}  post {}  credit {:.4}  {}",
                        l.deal_id,
                        l.touch
                            .as_ref()
                            .map(|t| t.at.format("%Y-%m-%d %H:%M").to_string())
                            .unwrap_or_else(|| "-".into()),
                        l.channel,
                        l.post_id.as_deref().unwrap_or("-"),
                        l.credit,
                        show(Some(l.amount), Kind::Money)
                    )
                })
                .collect()
        }
    }
}

fn part_kind(part: Part) -> Kind {
    match part {
        Part::Cost | Part::Revenue | Part::AttributedRevenue => Kind::Money,
        Part::AttributedWon => Kind::Decimal,
        _ => Kind::Count,
    }
}

fn explain_metric(analysis: &Analysis, metric: &str, channel: Option<&str>) -> Result<String> {
    let config = &analysis.checked.config;
    let metrics = &analysis.metrics;
    let input = analysis.metrics_input();
    let (base, scope) = match (metric.strip_prefix("sns_"), channel) {
        (Some(base), None) => (base, Scope::Sns),
        (Some(_), Some(_)) => {
            return Err(KpiError::Usage(format!(
                "{metric} is an SNS total; leave out --channel, or ask for {} with --channel.",
                metric.trim_start_matches("sns_")
            )))
        }
        (None, Some(id)) => (metric, Scope::One(id)),
        (None, None) => (metric, Scope::All),
    };
    let total = scope == Scope::All;
    let Some((text, parts)) = formula(base, total) else {
        return Err(KpiError::Usage(format!(
            "explain knows cost, leads, mql, opportunities, won, lost, revenue, attributed_won, \
             attributed_revenue, cpa, cost_per_mql, cac, roas, roi, win_rate, lead_to_mql, \
             mql_to_opportunity, opportunity_rate and their sns_ forms; not \"{metric}\"."
        )));
    };
    if let Scope::One(id) = scope {
        if metrics.figures.channel(id).is_none() {
            return Err(KpiError::Usage(format!(
                "no figures for channel \"{id}\" in the period; channels with figures: {}.",
                metrics
                    .figures
                    .channels
                    .iter()
                    .map(|c| c.channel.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    // The figure as the report shows it.
    let reported = match scope {
        Scope::One(id) => metrics.figures.channel(id).and_then(|c| c.value(base)),
        _ => metrics.figures.value(metric),
    };
    let period = metrics.period;
    let model = &metrics.model;
    let values: Vec<f64> = parts
        .iter()
        .map(|p| part_value(&input, *p, model, period, scope))
        .collect();
    let gm = config.gross_margin;
    let filled = match base {
        "roi" => format!(
            "({} x {} - {}) / {}",
            show(Some(values[0]), Kind::Money),
            gm,
            show(Some(values[1]), Kind::Money),
            show(Some(values[1]), Kind::Money)
        ),
        "win_rate" => format!(
            "{} / ({} + {})",
            show(Some(values[0]), Kind::Count),
            show(Some(values[0]), Kind::Count),
            show(Some(values[1]), Kind::Count)
        ),
        _ => parts
            .iter()
            .zip(&values)
            .map(|(p, v)| show(Some(*v), part_kind(*p)))
            .collect::<Vec<_>>()
            .join(" / "),
    };
    let lang = config.lang;
    let mut out = String::new();
    let scope_text = match scope {
        Scope::All => "all channels".to_string(),
        Scope::Sns => "SNS channels".to_string(),
        Scope::One(id) => format!("channel {id}"),
    };
    let period_text = period
        .map(|p| format!("{}..{}", p.start, p.end))
        .unwrap_or_else(|| "-".into());
    let _ = writeln!(
        out,
        "{metric} ({}) — {scope_text}, period {period_text}, model {model}",
        crate::report::labels::metric(lang, metric)
    );
    let kind = Kind::of_metric(base);
    let _ = writeln!(out, "  {text}");
    if parts.contains(&Part::Cost) && !has_cost_data(input.dataset) {
        let _ = writeln!(
            out,
            "  cost is unknown: the inputs hold no cost row (a month of 0 is a cost row with amount 0)"
        );
    } else {
        let _ = writeln!(out, "  = {filled}");
    }
    let _ = writeln!(out, "  = {}", show(reported, kind));
    if base == "roi" {
        let _ = writeln!(
            out,
            "  (gross_margin {gm}: {})",
            crate::report::labels::roi_basis(lang, gm)
        );
    }
    for part in parts {
        let rows = part_rows(&input, part, model, period, scope);
        let _ = writeln!(out, "\n{} — {} rows:", part.name(), rows.len());
        for row in rows.iter().take(ROWS_SHOWN) {
            let _ = writeln!(out, "  {row}");
        }
        if rows.len() > ROWS_SHOWN {
            let _ = writeln!(
                out,
                "  ... and {} more (every row is on the report's data sheets)",
                rows.len() - ROWS_SHOWN
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_shown_as_the_report_formats_them() {
        assert_eq!(show(Some(1_234_567.4), Kind::Money), "¥1,234,567");
        assert_eq!(show(Some(-500.0), Kind::Money), "-¥500");
        assert_eq!(show(Some(0.4219), Kind::Rate), "42.2%");
        assert_eq!(show(None, Kind::Count), "(empty)");
        assert_eq!(show(Some(999.0), Kind::Count), "999");
    }
}
