//! `kpibook explain INPUT... (--deal ID | --metric NAME [--channel ID])`: how one figure is made —
//! the formula with its numbers filled in, and the rows behind it (cost rows, leads, deals, touches
//! and credits), each with the file, sheet and row it came from. Plain text for a terminal; what a
//! figure is made of comes from `metrics::explain`, this file only prints it.

use std::fmt::Write as _;

use super::{InputArgs, PeriodArgs};
use crate::attribution::{window, window_days, MODEL_IDS};
use crate::catalog::{kind_of, MetricKind};
use crate::error::{exit, KpiError, Result};
use crate::metrics::explain::{self as explanation, Explanation, Rows, Scope};
use crate::metrics::MetricsInput;
use crate::model::{DealStatus, SourceRef};
use crate::pipeline::{self, Analysis, RunOptions};
use crate::present::show;

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
        show(deal.amount, MetricKind::Money),
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
            let (start, end) = window_days(deal, config.lookback_days);
            let _ = writeln!(
                out,
                "  window {start} .. {end} ({} days before created_at, both ends inclusive): {} of {} touches",
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
                show(Some(line.amount), MetricKind::Money)
            );
        }
    }
    Ok(out)
}

/// The rows behind a part, one line each, with the file, sheet and row they came from.
fn row_lines(input: &MetricsInput, rows: &Rows) -> Vec<String> {
    let d = input.dataset;
    let lead_line = |&i: &usize| {
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
    let deal_line = |&i: &usize| {
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
            show(deal.amount, MetricKind::Money),
            source(&deal.source)
        )
    };
    match rows {
        Rows::Costs(rows) => rows
            .iter()
            .map(|&i| {
                let c = &d.costs[i];
                format!(
                    "{}  {}  {}  {}  ({})",
                    c.month.format("%Y-%m"),
                    c.channel.id,
                    c.category.as_deref().unwrap_or("-"),
                    show(Some(c.amount), MetricKind::Money),
                    source(&c.source)
                )
            })
            .collect(),
        Rows::Leads(rows) => rows.iter().map(lead_line).collect(),
        Rows::Deals(rows) => rows.iter().map(deal_line).collect(),
        Rows::Credits(lines) => lines
            .iter()
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
                    show(Some(l.amount), MetricKind::Money)
                )
            })
            .collect(),
    }
}

/// `--metric` is read as a target's metric is (id or label, any case or width) and `--channel` as
/// the data writes a channel (any case, its aliases: `X`, `Twitter`, `ツイッター` are `x`).
fn explain_metric(analysis: &Analysis, metric: &str, channel: Option<&str>) -> Result<String> {
    let input = analysis.metrics_input();
    let metric = crate::catalog::resolve_metric(metric).unwrap_or_else(|| metric.to_string());
    let channel = channel.map(|written| {
        analysis
            .checked
            .catalog
            .resolve(written)
            .unwrap_or_else(|| crate::values::normalize_key(written))
    });
    let explanation = explanation::explain(&input, &analysis.metrics, &metric, channel.as_deref())
        .map_err(|e| KpiError::Usage(e.to_string()))?;
    Ok(metric_text(
        &input,
        &explanation,
        &metric,
        analysis.checked.config.lang,
    ))
}

fn metric_text(
    input: &MetricsInput,
    explanation: &Explanation,
    metric: &str,
    lang: crate::lang::Lang,
) -> String {
    let Explanation {
        metric: definition,
        scope,
        period,
        model,
        gross_margin: gm,
        ..
    } = explanation;
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
    let kind = kind_of(definition.id).unwrap_or(MetricKind::Count);
    let _ = writeln!(out, "  {} = {}", definition.id, definition.definition);
    if explanation.cost_unknown {
        let _ = writeln!(
            out,
            "  cost is unknown: the inputs hold no cost row (a month of 0 is a cost row with amount 0)"
        );
    } else {
        let filled = explanation.filled(|value, kind| show(Some(value), kind));
        let _ = writeln!(out, "  = {filled}");
    }
    let _ = writeln!(out, "  = {}", show(explanation.reported, kind));
    if definition.uses_gross_margin() {
        let _ = writeln!(
            out,
            "  (gross_margin {gm}: {})",
            crate::report::labels::roi_basis(lang, *gm)
        );
    }
    for part in &explanation.parts {
        let rows = row_lines(input, &part.rows);
        let _ = writeln!(out, "\n{} — {} rows:", part.part.id(), rows.len());
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
    out
}
