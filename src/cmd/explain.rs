//! `kpibook explain INPUT... (--deal ID | --metric NAME [--channel ID])`: how one figure is made —
//! the formula with its numbers filled in, and the rows behind it (cost rows, leads, deals, touches
//! and credits), each with the file, sheet and row it came from. Plain text for a terminal; what a
//! figure is made of comes from `metrics::explain`, this file only prints it.

use std::fmt::Write as _;

use super::{InputArgs, PeriodArgs};
use crate::attribution::{window, window_days, MODEL_IDS};
use crate::catalog::{MetricKind, Part};
use crate::error::{exit, KpiError, Result};
use crate::lang::Lang;
use crate::link::LinkedLead;
use crate::metrics::explain::{self as explanation, Explanation, Rows, Scope};
use crate::metrics::MetricsInput;
use crate::model::{Deal, DealStatus, SourceRef};
use crate::pipeline::{self, Analysis, RunOptions};
use crate::present::show;
use crate::summary::number;

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
    /// With --metric: `json` prints `{"metric", "channel", "value", "parts": [{"part", "value",
    /// "rows"}]}` (the value is the report's figure, `rows` how many rows the part counts).
    #[arg(long, value_enum, default_value = "text", requires = "metric")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
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
        args.format,
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

fn explain(options: &RunOptions, target: &Target, format: Format) -> Result<i32> {
    let analysis = pipeline::analyse(pipeline::check(options)?);
    let text = match target {
        Target::Deal(id) => explain_deal(&analysis, id)?,
        Target::Metric { name, channel } => {
            explain_metric(&analysis, name, channel.as_deref(), format)?
        }
    };
    print!("{text}");
    Ok(exit::DONE)
}

fn source(lang: Lang, s: &SourceRef) -> String {
    match lang {
        Lang::Ja => format!("{} [{}] {}行目", s.file, s.sheet, s.row),
        Lang::En => format!("{} [{}] row {}", s.file, s.sheet, s.row),
    }
}

/// A deal explained: its row, its lead and the touches of its window, and its credits by model.
fn explain_deal(analysis: &Analysis, deal_id: &str) -> Result<String> {
    let dataset = &analysis.checked.validated.dataset;
    let lang = analysis.checked.config.lang;
    let Some((deal_index, deal)) = dataset
        .deals
        .iter()
        .enumerate()
        .find(|(_, d)| d.deal_id == deal_id)
    else {
        return Err(KpiError::Usage(match lang {
            Lang::Ja => format!("deal_id が \"{deal_id}\" の商談は取り込まれていません。取り込めなかった行は `kpibook check` で表示できます。"),
            Lang::En => format!("no accepted deal has deal_id \"{deal_id}\"; `kpibook check` lists rejected rows."),
        }));
    };
    let mut out = String::new();
    deal_lines(&mut out, lang, deal);
    let lead = deal
        .lead_id
        .as_deref()
        .and_then(|id| analysis.links.lead(id));
    match (&deal.lead_id, lead) {
        (Some(_), Some(linked)) => {
            lead_line(&mut out, analysis, linked);
            journey_lines(&mut out, analysis, deal, linked);
        }
        (Some(id), None) => {
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Ja => format!("  リード {id} は取り込まれたリードにありません: この商談は未紐付けとして数えます"),
                    Lang::En => format!("  lead {id} is not among the accepted leads: the deal counts as unattributed"),
                }
            );
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "  {}",
                lang.pick(
                    "リードなし: この商談は未紐付けとして数えます",
                    "no lead: the deal counts as unattributed"
                )
            );
        }
    }
    credit_lines(&mut out, analysis, deal_index, deal);
    Ok(out)
}

/// The deal's own row: id, where it was read, status, amount and dates.
fn deal_lines(out: &mut String, lang: Lang, deal: &Deal) {
    let _ = writeln!(
        out,
        "{} {} ({})",
        lang.pick("商談", "Deal"),
        deal.deal_id,
        source(lang, &deal.source)
    );
    let (status, amount, created) = (
        deal.status.as_str(),
        show(deal.amount, MetricKind::Money),
        deal.created_at,
    );
    let closed = deal
        .closed_at
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Ja =>
                format!("  状態 {status}、金額 {amount}、商談化 {created}、クローズ {closed}"),
            Lang::En =>
                format!("  status {status}, amount {amount}, created {created}, closed {closed}"),
        }
    );
}

/// The deal's lead: created when and where, its acquisition channel and linked post.
fn lead_line(out: &mut String, analysis: &Analysis, linked: &LinkedLead) {
    let lang = analysis.checked.config.lang;
    let l = &analysis.checked.validated.dataset.leads[linked.lead_index];
    let (id, created, from, channel) = (
        &l.lead_id,
        l.created_at,
        source(lang, &l.source),
        &linked.acquisition_channel,
    );
    let post = linked.linked_post.as_deref().unwrap_or("-");
    let reason = linked
        .link_reason
        .map(|r| format!(" ({} {})", lang.pick("紐付け:", "by"), r.as_str()))
        .unwrap_or_default();
    let sns = lang.pick(
        if linked.sns { "あり" } else { "なし" },
        if linked.sns { "yes" } else { "no" },
    );
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Ja => format!("  リード {id} 獲得 {created} ({from})、獲得チャネル {channel}、紐付け投稿 {post}{reason}、SNS経由 {sns}"),
            Lang::En => format!("  lead {id} created {created} ({from}), acquisition channel {channel}, linked post {post}{reason}, SNS {sns}"),
        }
    );
}

/// The lookback window and every touch of the lead's journey, those outside the window marked.
fn journey_lines(out: &mut String, analysis: &Analysis, deal: &Deal, linked: &LinkedLead) {
    let config = &analysis.checked.config;
    let dataset = &analysis.checked.validated.dataset;
    let lang = config.lang;
    let lead = &dataset.leads[linked.lead_index];
    let w = window(deal, lead.created_at, &linked.journey, config.lookback_days);
    let (start, end) = window_days(deal, config.lookback_days);
    let (days, inside, all) = (config.lookback_days, w.touches.len(), linked.journey.len());
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Ja => format!("  評価期間 {start} .. {end} (商談化日の {days} 日前から、両端を含む): 接点 {all} 件のうち {inside} 件"),
            Lang::En => format!(
                "  window {start} .. {end} ({days} days before created_at, both ends inclusive): {inside} of {}",
                lang.count(all as u64, "件", "touch", "touches")
            ),
        }
    );
    let _ = writeln!(out, "  {}", lang.pick("接点の経路:", "journey:"));
    for t in &linked.journey {
        let inside = w.touches.iter().any(|x| std::ptr::eq(*x, t));
        let origin = match t.touch_index {
            Some(i) => source(lang, &dataset.touches[i].source),
            None => lang
                .pick("リード作成 (合成)", "lead creation (synthetic)")
                .to_string(),
        };
        let _ = writeln!(
            out,
            "    {}  {:<16} {} {:<12} {}{}",
            t.at.format("%Y-%m-%d %H:%M"),
            t.channel,
            lang.pick("投稿", "post"),
            t.post_id.as_deref().unwrap_or("-"),
            origin,
            if inside {
                ""
            } else {
                lang.pick("  (評価期間外)", "  (outside the window)")
            }
        );
    }
}

/// The deal's credit lines under every model (amount x credit); a deal not won has none.
fn credit_lines(out: &mut String, analysis: &Analysis, deal_index: usize, deal: &Deal) {
    let lang = analysis.checked.config.lang;
    if deal.status != DealStatus::Won {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "受注ではないため、貢献の配分はありません",
                "not won: no attribution credit"
            )
        );
        return;
    }
    let _ = writeln!(
        out,
        "  {}",
        lang.pick("貢献 (金額 x 貢献度):", "credits (amount x credit):")
    );
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
                "    {:<12} {}  {:<16} {} {:<12} {} {:.4}  {}",
                model,
                touch,
                line.channel,
                lang.pick("投稿", "post"),
                line.post_id.as_deref().unwrap_or("-"),
                lang.pick("貢献度", "credit"),
                line.credit,
                show(Some(line.amount), MetricKind::Money)
            );
        }
    }
}

/// The rows behind a part, one line each, with the file, sheet and row they came from.
fn row_lines(input: &MetricsInput, rows: &Rows, lang: Lang) -> Vec<String> {
    let d = input.dataset;
    let word = |ja, en| lang.pick(ja, en);
    let lead_line = |&i: &usize| {
        let l = &d.leads[i];
        let linked = input.links.leads.get(i);
        format!(
            "{}  {} {}  mql {}  {} {}  {} {}  ({})",
            l.lead_id,
            word("獲得", "created"),
            l.created_at.format("%Y-%m-%d %H:%M"),
            l.mql_at
                .map(|m| m.to_string())
                .unwrap_or_else(|| "-".into()),
            word("チャネル", "channel"),
            linked.map_or("-", |x| x.acquisition_channel.as_str()),
            word("投稿", "post"),
            linked.and_then(|x| x.linked_post.as_deref()).unwrap_or("-"),
            source(lang, &l.source)
        )
    };
    let deal_line = |&i: &usize| {
        let deal = &d.deals[i];
        format!(
            "{}  {} {}  {}  {} {}  {} {}  {} {}  ({})",
            deal.deal_id,
            word("リード", "lead"),
            deal.lead_id.as_deref().unwrap_or("-"),
            deal.status.as_str(),
            word("商談化", "created"),
            deal.created_at,
            word("クローズ", "closed"),
            deal.closed_at
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            word("金額", "amount"),
            show(deal.amount, MetricKind::Money),
            source(lang, &deal.source)
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
                    source(lang, &c.source)
                )
            })
            .collect(),
        Rows::Leads(rows) => rows.iter().map(lead_line).collect(),
        Rows::Deals(rows) => rows.iter().map(deal_line).collect(),
        Rows::Credits(lines) => lines
            .iter()
            .map(|l| {
                format!(
                    "{}  {} {}  {}  {} {}  {} {:.4}  {}",
                    l.deal_id,
                    word("接点", "touch"),
                    l.touch
                        .as_ref()
                        .map(|t| t.at.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| "-".into()),
                    l.channel,
                    word("投稿", "post"),
                    l.post_id.as_deref().unwrap_or("-"),
                    word("貢献度", "credit"),
                    l.credit,
                    show(Some(l.amount), MetricKind::Money)
                )
            })
            .collect(),
    }
}

/// `--metric` is read as a target's metric is (id or label, any case or width) and `--channel` as
/// the data writes a channel (any case, its aliases: `X`, `Twitter`, `ツイッター` are `x`).
fn explain_metric(
    analysis: &Analysis,
    metric: &str,
    channel: Option<&str>,
    format: Format,
) -> Result<String> {
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
    if format == Format::Json {
        return Ok(metric_json(&explanation, &metric, channel.as_deref()));
    }
    Ok(metric_text(
        &input,
        &explanation,
        &metric,
        analysis.checked.config.lang,
    ))
}

/// The explanation for scripts: the report's figure and each part's value and row count (a cost
/// part is null when cost is unknown).
fn metric_json(explanation: &Explanation, metric: &str, channel: Option<&str>) -> String {
    let parts: Vec<serde_json::Value> = explanation
        .parts
        .iter()
        .map(|p| {
            let unknown = explanation.cost_unknown && p.part == Part::Cost;
            serde_json::json!({
                "part": p.part.id(),
                "value": number((!unknown).then_some(p.value)),
                "rows": p.rows.len(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "metric": metric,
        "channel": channel,
        "value": number(explanation.reported),
        "parts": parts,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn metric_text(
    input: &MetricsInput,
    explanation: &Explanation,
    metric: &str,
    lang: Lang,
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
        Scope::All => lang.pick("全チャネル", "all channels").to_string(),
        Scope::Sns => lang.pick("SNSチャネル", "SNS channels").to_string(),
        Scope::One(id) => format!("{} {id}", lang.pick("チャネル", "channel")),
    };
    let period_text = period
        .map(|p| format!("{}..{}", p.start, p.end))
        .unwrap_or_else(|| "-".into());
    let name = crate::report::labels::metric(lang, metric);
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Ja =>
                format!("{metric} ({name}) — {scope_text}、期間 {period_text}、モデル {model}"),
            Lang::En =>
                format!("{metric} ({name}) — {scope_text}, period {period_text}, model {model}"),
        }
    );
    let kind = definition.kind;
    let _ = writeln!(out, "  {} = {}", definition.id, definition.definition());
    if explanation.cost_unknown {
        // One channel without cost rows beside others with them, or no cost row at all.
        let why = match (&explanation.scope, lang) {
            (Scope::One(channel), Lang::Ja) => format!("費用は不明です: 入力に {channel} の費用の行がありません (0 円の月は金額 0 の費用行として書きます)"),
            (Scope::One(channel), Lang::En) => format!("cost is unknown: the inputs hold no cost row of {channel} (a month of 0 is a cost row with amount 0)"),
            (_, Lang::Ja) => "費用は不明です: 入力に費用の行がありません (0 円の月は金額 0 の費用行として書きます)".to_string(),
            (_, Lang::En) => "cost is unknown: the inputs hold no cost row (a month of 0 is a cost row with amount 0)".to_string(),
        };
        let _ = writeln!(out, "  {why}");
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
        let rows = row_lines(input, &part.rows, lang);
        let _ = writeln!(
            out,
            "\n{} — {}:",
            part.part.id(),
            lang.count(rows.len() as u64, "行", "row", "rows")
        );
        for row in rows.iter().take(ROWS_SHOWN) {
            let _ = writeln!(out, "  {row}");
        }
        if rows.len() > ROWS_SHOWN {
            let more = rows.len() - ROWS_SHOWN;
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::Ja => format!(
                        "  ... ほか {more} 行 (すべての行はレポートのデータシートにあります)"
                    ),
                    Lang::En =>
                        format!("  ... and {more} more (every row is on the report's data sheets)"),
                }
            );
        }
    }
    out
}
