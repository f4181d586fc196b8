//! The summary JSON (`--summary-json`, SPEC section 7): stable keys for scripts. Numbers are JSON
//! numbers (whole values without a fraction), `null` where undefined; dates ISO `YYYY-MM-DD`.

use serde_json::{json, Map, Value};

use crate::attribution::OutsideWindow;
use crate::catalog::{MetricId, METRICS};
use crate::metrics::{Comparison, Figures, LevelFigures};
use crate::report::model::ReportModel;
use crate::report::ReportContext;

/// A number as JSON: whole values as integers, `null` for undefined.
pub fn number(value: Option<f64>) -> Value {
    match value {
        Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => json!(x as i64),
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

fn n(x: f64) -> Value {
    number(Some(x))
}

/// Row counts and issue counts, shared with `kpibook check --format json`.
pub fn rows_json(analysis_rows: &crate::schema::validate::Validated) -> Value {
    let mut rows = Map::new();
    for (table, counts) in analysis_rows.table_counts() {
        rows.insert(
            table,
            json!({"read": counts.read, "accepted": counts.accepted, "rejected": counts.rejected, "blank": counts.blank, "merged": counts.merged}),
        );
    }
    Value::Object(rows)
}

/// Won deals unattributed because the attribution window is too short (`OutsideWindow`), shared
/// with `kpibook check --format json`.
pub fn outside_window_json(outside: &OutsideWindow) -> Value {
    json!({
        "won": outside.won,
        "outside": outside.outside,
        "share": n(outside.share()),
        "lookback_days": outside.lookback_days,
        "covering_lookback_days": outside.covering_lookback_days,
    })
}

/// The figures of one level the summary JSON holds (`Metric::in_json`), under their ids in
/// catalogue order; those made from web analytics only with web analytics read (SPEC section 7):
/// a summary without them keeps its keys.
fn figures_json<F: LevelFigures>(figures: &F, traffic_read: bool) -> Value {
    let level = F::LEVEL;
    let keys = METRICS
        .iter()
        .filter(|m| m.in_json_of(level) && (traffic_read || !m.made_from_traffic()));
    Value::Object(
        keys.map(|m| (m.id.as_str().to_string(), number(figures.value(m.id))))
            .collect(),
    )
}

/// The headline totals of one period.
fn totals_json(figures: &Figures) -> Value {
    figures_json(figures, figures.totals.sessions.is_some())
}

/// The compared period, its totals and each total's change (SPEC section 10): `absolute` is this
/// period's figure less the compared one, `percent` that change over the compared figure's size
/// (`metrics::comparison::change`). Null when there is no comparison.
fn comparison_json(current: &Figures, comparison: &Comparison) -> Value {
    let Comparison::With {
        compare,
        period,
        figures,
        ..
    } = comparison
    else {
        return Value::Null;
    };
    let (now, then) = (totals_json(current), totals_json(figures));
    let mut change = Map::new();
    if let (Value::Object(now), Value::Object(then)) = (&now, &then) {
        for (key, value) in now {
            let compared = then.get(key).and_then(Value::as_f64);
            let (absolute, percent) = crate::metrics::comparison::change(value.as_f64(), compared);
            change.insert(
                key.clone(),
                json!({"absolute": number(absolute), "percent": number(percent)}),
            );
        }
    }
    json!({
        "compare": compare.as_str(),
        "period": {"start": period.start.to_string(), "end": period.end.to_string()},
        "totals": then,
        "change": change,
    })
}

/// The summary JSON of a report: a rendering of the report model the Summary sheet and the brief
/// render (its period, data-quality counts, funnel and targets), beside the figures of the
/// catalogue's `in_json` metrics and the per-model, per-post tables scripts read.
pub fn summary(context: &ReportContext, model: &ReportModel) -> Value {
    let metrics = context.metrics;
    let config = context.config;
    let figures = &metrics.figures;
    let channels: Map<String, Value> = figures
        .channels
        .iter()
        .map(|c| (c.channel.clone(), figures_json(c, c.sessions.is_some())))
        .collect();
    let mut funnel = Map::new();
    for stage in model.funnel {
        funnel.insert(stage.stage.as_str().to_string(), n(stage.value));
    }
    let mut attribution = Map::new();
    for (model, by_channel) in &metrics.attribution {
        let channels: Map<String, Value> =
            by_channel.iter().map(|(c, v)| (c.clone(), n(*v))).collect();
        attribution.insert(model.clone(), Value::Object(channels));
    }
    let markov_removal_effects: Map<String, Value> = context
        .attribution
        .markov
        .removal_effects
        .iter()
        .map(|(c, e)| (c.clone(), n(*e)))
        .collect();
    let mut posts = Map::new();
    for p in &metrics.posts {
        posts.insert(
            p.post_id.clone(),
            json!({"leads": p.leads, "opportunities": p.opportunities, "won": p.won,
                   "attributed_revenue": n(p.attributed_revenue)}),
        );
    }
    // Targets with their achievement and pace, for scripts that post the KPI tree elsewhere.
    let kpi: Vec<Value> = model
        .kpi_tree
        .iter()
        .map(|k| {
            json!({
                "layer": k.layer, "metric": k.metric, "channel": k.channel,
                "month": k.month.map(|m| m.format("%Y-%m").to_string()),
                "kind": if k.kind == crate::model::TargetKind::Kgi { "kgi" } else { "kpi" },
                "target": number(k.target), "actual": number(k.actual),
                "achievement": number(k.achievement), "status": k.status,
                "target_to_date": number(k.target_to_date), "pace": number(k.pace),
            })
        })
        .collect();
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "period": {
            "start": model.period.as_ref().map(|p| p.start.to_string()),
            "end": model.period.as_ref().map(|p| p.end.to_string()),
        },
        "currency": config.currency,
        "model": metrics.model,
        "gross_margin": n(metrics.gross_margin),
        "rows": rows_json(context.validated),
        "issues": {"error": model.quality.errors, "warning": model.quality.warnings},
        "totals": totals_json(figures),
        "channels": channels,
        "ltv": {
            "method": figures.ltv.method.as_str(),
            "arpa": number(figures.ltv.arpa),
            "ltv": number(figures.ltv.ltv),
            "ltv_cac": number(figures.value(MetricId::LtvCac)),
            "payback_months": number(figures.value(MetricId::PaybackMonths)),
        },
        "funnel": funnel,
        "attribution": attribution,
        "markov_removal_effects": markov_removal_effects,
        "posts": posts,
        "outside_window": context.outside_window.map(outside_window_json),
        "as_of": metrics.pacing.as_ref().map(|p| p.as_of.to_string()),
        "comparison": comparison_json(figures, &metrics.comparison),
        "targets": kpi,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_when_whole_and_null_when_undefined() {
        assert_eq!(number(Some(1200000.0)).to_string(), "1200000");
        assert_eq!(number(Some(0.25)).to_string(), "0.25");
        assert_eq!(number(None), Value::Null);
        assert_eq!(number(Some(f64::INFINITY)), Value::Null);
    }
}
