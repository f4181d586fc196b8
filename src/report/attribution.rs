//! アトリビューション / Attribution: the revenue of the period's won deals shared out per channel
//! under every model side by side, each column summing to the revenue, and the credits (attributed
//! won deals) the same way.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::Worksheet;

use super::cells::{col_index, Figure, Kind, SheetWriter, Styles, XResult};
use super::channels::channel_cells;
use super::formulas::Formulas;
use super::labels;
use super::{ReportContext, SheetNames};
use crate::cell::column_letters;

const HEADER_ROW: u32 = 3;

/// Channels in the order of the Channels sheet, then any channel only a model credits.
fn channel_order(context: &ReportContext) -> Vec<String> {
    let metrics = context.metrics;
    let mut order: Vec<String> = metrics
        .figures
        .channels
        .iter()
        .map(|c| c.channel.clone())
        .collect();
    let credited: BTreeSet<&String> = metrics
        .attribution
        .values()
        .flat_map(|m| m.keys())
        .collect();
    for channel in credited {
        if !order.contains(channel) {
            order.push(channel.clone());
        }
    }
    order
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let metrics = context.metrics;
    let models = &context.attribution.model_ids;
    let mut s = SheetWriter::new(&names.attribution, styles, context.values_only)?;
    s.heading(
        0,
        0,
        lang.pick(
            "アトリビューション (モデル比較)",
            "Attribution (models side by side)",
        ),
        &styles.title,
    )?;
    let note = match lang {
        crate::lang::Lang::Ja => format!(
            "期間内に受注した商談の売上を、商談化日から{}日前までの接点に各モデルで配分。どの列も合計は売上に一致します。見出しの数字はモデル「{}」。",
            context.config.lookback_days,
            labels::model(lang, &metrics.model)
        ),
        crate::lang::Lang::En => format!(
            "Revenue of the deals won in the period, shared over the touches of the {} days before each opportunity was created. Every column sums to the revenue. Headline figures use {}.",
            context.config.lookback_days,
            labels::model(lang, &metrics.model)
        ),
    };
    s.heading(1, 0, &note, &styles.note)?;

    let channels = channel_order(context);
    let mut headers: Vec<String> = vec![
        lang.pick("チャネル", "Channel").to_string(),
        lang.pick("チャネルID", "Channel id").to_string(),
        "SNS".to_string(),
    ];
    headers.extend(models.iter().map(|m| labels::model(lang, m)));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();

    // Attributed revenue.
    s.heading(
        HEADER_ROW - 1,
        0,
        &labels::metric(lang, "attributed_revenue"),
        &styles.subtitle,
    )?;
    s.header_row(HEADER_ROW, &header_refs)?;
    // The model ids the formulas match on the Lineage sheet, above each model's column.
    for (i, model) in models.iter().enumerate() {
        s.text_with(HEADER_ROW - 1, col_index(3 + i), model, &styles.note)?;
    }
    let first = HEADER_ROW + 1;
    let revenue = ModelTable {
        values: &metrics.attribution,
        kind: Kind::Money,
        formula: Formulas::attributed_revenue_of,
    };
    let mut row = revenue.write(&mut s, context, formulas, &channels, HEADER_ROW)?;
    let last = row;
    s.table(HEADER_ROW, row, headers.len())?;
    row += 1;
    s.text_with(row, 0, lang.pick("合計", "Total"), &styles.label)?;
    for (i, model) in models.iter().enumerate() {
        let total: f64 = metrics
            .attribution
            .get(model)
            .map_or(0.0, |m| m.values().sum());
        let letters = column_letters(3 + i as u32);
        let formula = formulas.sum(&format!("{letters}{}:{letters}{}", first + 1, last + 1));
        let figure = Figure {
            value: Some(total),
            formula,
        };
        s.figure(row, col_index(3 + i), figure, Kind::Money)?;
    }
    row += 1;
    s.text_with(row, 0, &labels::metric(lang, "revenue"), &styles.label)?;
    let figure = Figure {
        value: Some(metrics.figures.totals.revenue),
        formula: formulas.revenue(),
    };
    s.figure(row, 3, figure, Kind::Money)?;

    // Attributed won deals (credits).
    row += 2;
    s.heading(
        row,
        0,
        &labels::metric(lang, "attributed_won"),
        &styles.subtitle,
    )?;
    row += 1;
    for (col, header) in header_refs.iter().enumerate() {
        s.text_with(row, col_index(col), header, &styles.header)?;
    }
    let credits = ModelTable {
        values: &metrics.attribution_won,
        kind: Kind::Decimal,
        formula: Formulas::attributed_won_of,
    };
    row = credits.write(&mut s, context, formulas, &channels, row)?;

    // Markov: the chain's removal effects and the globally normalised shares.
    let markov = &context.attribution.markov;
    row += 2;
    s.heading(
        row,
        0,
        lang.pick("マルコフ連鎖の除去効果", "Markov chain removal effects"),
        &styles.subtitle,
    )?;
    row += 1;
    let note = match lang {
        crate::lang::Lang::Ja => format!(
            "全リード {} 件の経路で学習 (受注に至った経路 {} 件、受注確率 {:.1}%)。除去効果 = 1 − そのチャネルを除いたときの受注確率 ÷ 受注確率。シェア = 除去効果 ÷ 除去効果の合計 × 受注経路数。",
            markov.paths,
            markov.conversions,
            markov.conversion_probability * 100.0
        ),
        crate::lang::Lang::En => format!(
            "Trained on the paths of all {} leads ({} converted, conversion probability {:.1}%). Removal effect = 1 − P(conversion without the channel) / P(conversion). Share = effect / sum of effects × conversions.",
            markov.paths,
            markov.conversions,
            markov.conversion_probability * 100.0
        ),
    };
    s.heading(row, 0, &note, &styles.note)?;
    row += 1;
    let markov_headers = [
        lang.pick("チャネル", "Channel"),
        lang.pick("チャネルID", "Channel id"),
        "SNS",
        lang.pick("除去効果", "Removal effect"),
        lang.pick("シェア (受注経路数)", "Share (conversions)"),
    ];
    for (col, header) in markov_headers.iter().enumerate() {
        s.text_with(row, col_index(col), header, &styles.header)?;
    }
    let mut order: Vec<&String> = channels
        .iter()
        .filter(|c| markov.removal_effects.contains_key(*c))
        .collect();
    order.extend(
        markov
            .removal_effects
            .keys()
            .filter(|c| !channels.contains(c)),
    );
    for channel in order {
        row += 1;
        s.text(row, 0, &labels::channel(lang, channel))?;
        s.text(row, 1, channel)?;
        s.text(
            row,
            2,
            if context.config.is_sns(channel) {
                "SNS"
            } else {
                ""
            },
        )?;
        s.figure(
            row,
            3,
            markov.removal_effects.get(channel).copied(),
            Kind::Rate,
        )?;
        s.figure(row, 4, markov.shares.get(channel).copied(), Kind::Decimal)?;
    }
    s.finish()
}

/// Per channel and model figures (attributed revenue, or credits), one row per channel, each cell a
/// SUMIFS over the Lineage sheet for the model id written above the first table's header.
struct ModelTable<'a> {
    values: &'a BTreeMap<String, BTreeMap<String, f64>>,
    kind: Kind,
    formula: fn(&Formulas, &str, &str) -> Option<String>,
}

impl ModelTable<'_> {
    /// Writes the rows below `row`; returns the last row written.
    fn write(
        &self,
        s: &mut SheetWriter,
        context: &ReportContext,
        formulas: &Formulas,
        channels: &[String],
        mut row: u32,
    ) -> XResult<u32> {
        let lang = context.config.lang;
        let models = &context.attribution.model_ids;
        for channel in channels {
            row += 1;
            channel_cells(s, row, lang, channel, context.config.is_sns(channel))?;
            for (i, model) in models.iter().enumerate() {
                let value = self
                    .values
                    .get(model)
                    .and_then(|m| m.get(channel))
                    .copied()
                    .unwrap_or(0.0);
                let model_cell = format!("{}${}", column_letters(3 + i as u32), HEADER_ROW);
                let formula = (self.formula)(formulas, &model_cell, &format!("$B{}", row + 1));
                let figure = Figure {
                    value: Some(value),
                    formula,
                };
                s.figure(row, col_index(3 + i), figure, self.kind)?;
            }
        }
        Ok(row)
    }
}
