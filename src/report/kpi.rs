//! KPI階層 / KPI tree: the three layers (tied to the KGI; lead generation and nurturing; per
//! platform) with target, actual, achievement and a status colour. Lower-is-better metrics (cpa,
//! cost_per_mql, cac, payback_months) achieve target / actual.

use rust_xlsxwriter::Worksheet;

use super::cells::{Kind, SheetWriter, Styles, Tone, XResult};
use super::labels;
use super::{ReportContext, SheetNames};
use crate::lang::Lang;
use crate::metrics::kpi_tree::{AT_RISK, ON_TRACK};
use crate::metrics::KpiStatus;
use crate::model::TargetKind;

const HEADER_ROW: u32 = 3;

/// A status cell: the status in words, in its colour.
pub fn write_status(
    s: &mut SheetWriter,
    row: u32,
    col: u16,
    lang: Lang,
    status: KpiStatus,
) -> XResult {
    let format = s.styles().tone(tone(status));
    s.text_with(row, col, labels::status(lang, status), format)
}

/// The colour of a status.
fn tone(status: KpiStatus) -> Tone {
    match status {
        KpiStatus::OnTrack => Tone::Good,
        KpiStatus::AtRisk => Tone::Warn,
        KpiStatus::OffTrack => Tone::Bad,
        KpiStatus::NoTarget => Tone::Neutral,
    }
}

pub fn sheet(context: &ReportContext, names: &SheetNames, styles: &Styles) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.kpi, styles, context.values_only)?;
    s.heading(
        0,
        0,
        lang.pick(
            "KPI階層 (KGI → KPI → プラットフォーム)",
            "KPI tree (KGI → KPI → platform)",
        ),
        &styles.title,
    )?;
    let legend = match lang {
        crate::lang::Lang::Ja => format!(
            "達成率 = 実績 ÷ 目標 (CPA・MQL単価・CAC・回収期間は 目標 ÷ 実績)。● {:.0}%以上 ▲ {:.0}%以上 ✕ それ未満",
            ON_TRACK * 100.0,
            AT_RISK * 100.0
        ),
        crate::lang::Lang::En => format!(
            "Achievement = actual / target (target / actual for CPA, cost per MQL, CAC, payback). ● {:.0}% or more, ▲ {:.0}% or more, ✕ below",
            ON_TRACK * 100.0,
            AT_RISK * 100.0
        ),
    };
    s.heading(1, 0, &legend, &styles.note)?;
    let headers = [
        lang.pick("階層", "Layer"),
        lang.pick("指標", "Metric"),
        lang.pick("指標ID", "Metric id"),
        lang.pick("チャネル", "Channel"),
        lang.pick("月", "Month"),
        lang.pick("種別", "Kind"),
        lang.pick("目標", "Target"),
        lang.pick("実績", "Actual"),
        lang.pick("達成率", "Achievement"),
        lang.pick("状況", "Status"),
    ];
    s.header_row(HEADER_ROW, &headers)?;
    let mut row = HEADER_ROW;
    for kpi in &context.metrics.kpi {
        row += 1;
        let metric_kind = kind_of(&kpi.metric);
        s.text(row, 0, &labels::layer(lang, kpi.layer))?;
        let mut name = labels::metric(lang, &kpi.metric);
        if kpi.custom {
            name.push_str(lang.pick(" (カスタム)", " (custom)"));
        }
        s.text(row, 1, &name)?;
        s.text(row, 2, &kpi.metric)?;
        match &kpi.channel {
            Some(channel) => s.text(row, 3, &labels::channel(lang, channel))?,
            None => s.text(row, 3, lang.pick("全体", "all"))?,
        }
        if let Some(month) = kpi.month {
            s.month(row, 4, month)?;
        }
        s.text(
            row,
            5,
            if kpi.kind == TargetKind::Kgi {
                "KGI"
            } else {
                "KPI"
            },
        )?;
        s.number(row, 6, kpi.target, metric_kind)?;
        s.figure(row, 7, kpi.actual, metric_kind)?;
        s.figure(row, 8, kpi.achievement, Kind::Rate)?;
        write_status(&mut s, row, 9, lang, kpi.status)?;
    }
    s.table(HEADER_ROW, row, headers.len())?;
    s.finish()
}

/// The format of a KPI row's target and actual; conversions by type are counts.
fn kind_of(metric: &str) -> Kind {
    if metric.starts_with("conversions:") {
        Kind::Count
    } else {
        Kind::of_metric(metric)
    }
}
