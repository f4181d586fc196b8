//! `kpibook plan INPUT... [--target-revenue N] [--format text|json]`: the reverse plan from the KGI —
//! won deals, opportunities, leads and sessions needed, beside the actual figures and the gap.

use serde_json::json;

use super::{InputArgs, PeriodArgs};
use crate::error::{exit, KpiError, Result};
use crate::metrics::plan::{reverse_plan, ReversePlan, STAGES};
use crate::pipeline::{self, RunOptions};
use crate::report::labels;
use crate::summary::number;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// The revenue target (default: the KGI revenue row of the targets sheet).
    #[arg(long, value_name = "N")]
    target_revenue: Option<f64>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: Args) -> Result<i32> {
    plan(
        &args.input.into_run_options(Some(args.period), None),
        args.target_revenue,
        args.format,
    )
}

fn plan(options: &RunOptions, target_revenue: Option<f64>, format: Format) -> Result<i32> {
    let analysis = pipeline::analyse(pipeline::check(options)?);
    let kgi = &analysis.metrics.plan;
    let plan = match target_revenue {
        // A target of the command line asks what it would take, at the same rates.
        Some(target) => reverse_plan(
            positive_target(target)?,
            &analysis.metrics.figures,
            analysis.checked.config.cv_rate,
        ),
        // Else the analysis's plan, from the targets sheet's KGI revenue target.
        None => match kgi.target {
            Some(target) => {
                positive_target(target)?;
                kgi.plan.clone()
            }
            None => {
                return Err(KpiError::Usage(
                    "no revenue target: give --target-revenue N, or a KGI revenue row in the targets sheet."
                        .into(),
                ))
            }
        },
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&plan_json(&plan)).unwrap_or_default() + "\n",
        Format::Text => plan_text(&plan, analysis.checked.config.lang),
    };
    print!("{text}");
    Ok(exit::DONE)
}

/// A revenue target a plan can start from: a positive amount.
fn positive_target(target: f64) -> Result<f64> {
    if target.is_finite() && target > 0.0 {
        Ok(target)
    } else {
        Err(KpiError::Usage(format!(
            "the revenue target must be a positive amount, not {target}."
        )))
    }
}

/// The JSON of SPEC section 7: `required`, `actual`, `gap` keyed by stage, and the `rates`.
pub fn plan_json(plan: &ReversePlan) -> serde_json::Value {
    let stages = |s: &crate::metrics::plan::Stages| {
        json!({
            "won": number(s.won), "opportunities": number(s.opportunities),
            "leads": number(s.leads), "sessions": number(s.sessions),
        })
    };
    json!({
        "target_revenue": number(Some(plan.target_revenue)),
        "required": stages(&plan.required),
        "actual": stages(&plan.actual),
        "gap": stages(&plan.gap),
        "rates": {
            "average_won_amount": number(plan.rates.average_won_amount),
            "win_rate": number(plan.rates.win_rate),
            "opportunity_rate": number(plan.rates.opportunity_rate),
            "cv_rate": number(Some(plan.rates.cv_rate)),
        },
    })
}

fn plan_text(plan: &ReversePlan, lang: crate::lang::Lang) -> String {
    use crate::catalog::MetricKind;
    use crate::present::show;
    let r = &plan.rates;
    let mut out = format!(
        "{}: {}\n{}: {}  {}: {}  {}: {}  {}: {}\n\n",
        lang.pick("売上目標 (KGI)", "Revenue target (KGI)"),
        show(Some(plan.target_revenue), MetricKind::Money),
        labels::metric(lang, "average_won_amount"),
        show(r.average_won_amount, MetricKind::Money),
        labels::metric(lang, "win_rate"),
        show(r.win_rate, MetricKind::Rate),
        labels::metric(lang, "opportunity_rate"),
        show(r.opportunity_rate, MetricKind::Rate),
        labels::metric(lang, "cv_rate"),
        show(Some(r.cv_rate), MetricKind::Rate),
    );
    out.push_str(&format!(
        "{:<14} {:>14} {:>14} {:>14}\n",
        lang.pick("段階", "stage"),
        lang.pick("必要", "required"),
        lang.pick("実績", "actual"),
        lang.pick("不足", "gap")
    ));
    // Whole deals, leads and sessions: the required figures are rounded up here.
    let whole = |v: Option<f64>| show(v.map(f64::ceil), MetricKind::Count);
    for stage in STAGES {
        out.push_str(&format!(
            "{:<14} {:>14} {:>14} {:>14}\n",
            labels::metric(lang, stage.as_str()),
            whole(plan.required.get(stage)),
            show(plan.actual.get(stage), MetricKind::Count),
            whole(plan.gap.get(stage)),
        ));
    }
    out
}
