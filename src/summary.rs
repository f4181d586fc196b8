//! The summary JSON (`--summary-json`, SPEC section 7): stable keys for scripts. Numbers are JSON
//! numbers (whole values without a fraction), `null` where undefined; dates ISO `YYYY-MM-DD`.

use serde_json::{json, Map, Value};

use crate::attribution::OutsideWindow;
use crate::issues::Severity;
use crate::metrics::{Comparison, Totals};
use crate::pipeline::Analysis;

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

fn count(x: u64) -> Value {
    json!(x)
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

/// The headline totals of one period.
fn totals_json(t: &Totals) -> Value {
    let mut totals = json!({
        "cost": number(t.cost), "sns_cost": number(t.sns_cost), "leads": count(t.leads),
        "sns_leads": count(t.sns_leads), "mql": count(t.mql), "opportunities": count(t.opportunities),
        "won": count(t.won), "revenue": n(t.revenue),
        "sns_attributed_won": n(t.sns_attributed_won), "sns_attributed_revenue": n(t.sns_attributed_revenue),
        "cpa": number(t.cpa), "sns_cpa": number(t.sns_cpa), "cac": number(t.cac), "sns_cac": number(t.sns_cac),
        "roas": number(t.roas), "sns_roas": number(t.sns_roas), "roi": number(t.roi), "sns_roi": number(t.sns_roi),
        "cost_per_mql": number(t.cost_per_mql), "lead_to_mql": number(t.lead_to_mql),
        "mql_to_opportunity": number(t.mql_to_opportunity), "opportunity_rate": number(t.opportunity_rate),
        "win_rate": number(t.win_rate),
    });
    if let Value::Object(totals) = &mut totals {
        totals.extend(traffic_json(t.sessions, t.key_events, t.lead_per_session));
    }
    totals
}

/// Sessions, key events and lead per session, only with web analytics read (SPEC section 7): a
/// summary without them keeps its keys.
fn traffic_json(
    sessions: Option<f64>,
    key_events: Option<f64>,
    lead_per_session: Option<f64>,
) -> Map<String, Value> {
    let mut map = Map::new();
    if sessions.is_some() {
        map.insert("sessions".into(), number(sessions));
        map.insert("key_events".into(), number(key_events));
        map.insert("lead_per_session".into(), number(lead_per_session));
    }
    map
}

/// The compared period, its totals and each total's change (SPEC section 10): `absolute` is this
/// period's figure less the compared one, `percent` that change over the compared figure's size
/// (`metrics::comparison::change`). Null when there is no comparison.
fn comparison_json(current: &Totals, comparison: &Comparison) -> Value {
    let Comparison::With {
        compare,
        period,
        figures,
        ..
    } = comparison
    else {
        return Value::Null;
    };
    let (now, then) = (totals_json(current), totals_json(&figures.totals));
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

pub fn summary(analysis: &Analysis) -> Value {
    let metrics = &analysis.metrics;
    let validated = &analysis.checked.validated;
    let config = &analysis.checked.config;
    let figures = &metrics.figures;
    let t = &figures.totals;

    let mut channels = Map::new();
    for c in &figures.channels {
        let mut channel = json!({
                "cost": number(c.cost), "leads": count(c.leads), "mql": count(c.mql),
                "opportunities": count(c.opportunities), "won": count(c.won),
                "attributed_won": n(c.attributed_won), "attributed_revenue": n(c.attributed_revenue),
                "cpa": number(c.cpa), "cost_per_mql": number(c.cost_per_mql), "cac": number(c.cac),
                "roas": number(c.roas), "roi": number(c.roi),
                "win_rate": number(c.win_rate), "lost": count(c.lost),
                "lead_to_mql": number(c.lead_to_mql), "mql_to_opportunity": number(c.mql_to_opportunity),
                "opportunity_rate": number(c.opportunity_rate),
        });
        if let Value::Object(channel) = &mut channel {
            channel.extend(traffic_json(c.sessions, c.key_events, c.lead_per_session));
        }
        channels.insert(c.channel.clone(), channel);
    }
    let mut funnel = Map::new();
    for stage in &metrics.funnel.total {
        funnel.insert(stage.stage.to_string(), n(stage.value));
    }
    let mut attribution = Map::new();
    for (model, by_channel) in &metrics.attribution {
        let channels: Map<String, Value> =
            by_channel.iter().map(|(c, v)| (c.clone(), n(*v))).collect();
        attribution.insert(model.clone(), Value::Object(channels));
    }
    let markov_removal_effects: Map<String, Value> = analysis
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
    let kpi: Vec<Value> = metrics
        .kpi
        .iter()
        .filter(|k| k.target.is_some())
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
            "start": metrics.period.map(|p| p.start.to_string()),
            "end": metrics.period.map(|p| p.end.to_string()),
        },
        "currency": config.currency,
        "model": metrics.model,
        "gross_margin": n(metrics.gross_margin),
        "rows": rows_json(validated),
        "issues": {"error": validated.count(Severity::Error), "warning": validated.count(Severity::Warning)},
        "totals": totals_json(t),
        "channels": channels,
        "ltv": {
            "method": figures.ltv.method.as_str(),
            "arpa": number(figures.ltv.arpa),
            "ltv": number(figures.ltv.ltv),
            "ltv_cac": number(figures.ltv.ltv_cac),
            "payback_months": number(figures.ltv.payback_months),
        },
        "funnel": funnel,
        "attribution": attribution,
        "markov_removal_effects": markov_removal_effects,
        "posts": posts,
        "outside_window": analysis.outside_window.as_ref().map(outside_window_json),
        "as_of": metrics.pacing.as_ref().map(|p| p.as_of.to_string()),
        "comparison": comparison_json(t, &metrics.comparison),
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
