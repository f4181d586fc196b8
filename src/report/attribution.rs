//! アトリビューション / Attribution: the revenue of the period's won deals shared out per channel
//! under every model side by side, each column summing to the revenue, and the credits (attributed
//! won deals) the same way.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::Worksheet;

use super::a1::column_letters;
use super::channels::channel_cells;
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles};
use super::writer::{col_index, Figure, SheetWriter, XResult};
use crate::catalog::MetricId;

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
    let mut s = SheetWriter::new(&names.attribution, styles, context.values_only)?;
    s.heading(
        0,
        0,
        labels::text(lang, "attribution.attribution_models_side_by_side"),
        &styles.title,
    )?;
    let note = labels::fill(
        lang,
        "attribution.note",
        &[
            ("days", &context.config.lookback_days.to_string()),
            ("model", &labels::model(lang, &metrics.model)),
        ],
    );
    s.heading(1, 0, &note, &styles.note)?;
    let channels = channel_order(context);
    let mut headers: Vec<String> = vec![
        labels::text(lang, "common.channel").to_string(),
        labels::text(lang, "common.channel_id").to_string(),
        "SNS".to_string(),
    ];
    headers.extend(
        context
            .attribution
            .model_ids
            .iter()
            .map(|m| labels::model(lang, m)),
    );
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let tables = Tables {
        context,
        styles,
        formulas,
        channels: &channels,
        headers: &headers,
    };
    let row = tables.revenue(&mut s)?;
    let row = tables.credits(&mut s, row + 2)?;
    tables.markov(&mut s, row + 2)?;
    s.finish()
}

/// The sheet's three tables over the same channels: attributed revenue and credits per model,
/// and the Markov chain's removal effects.
struct Tables<'a> {
    context: &'a ReportContext<'a>,
    styles: &'a Styles,
    formulas: &'a Formulas,
    /// The channels in the sheet's order (`channel_order`).
    channels: &'a [String],
    /// Channel, channel id, SNS, then one header per model.
    headers: &'a [&'a str],
}

impl Tables<'_> {
    /// Attributed revenue per channel and model at `HEADER_ROW`, each model's total and the
    /// revenue below it; returns the last row written.
    fn revenue(&self, s: &mut SheetWriter) -> XResult<u32> {
        let (context, styles, formulas) = (self.context, self.styles, self.formulas);
        let lang = context.config.lang;
        let metrics = context.metrics;
        let models = &context.attribution.model_ids;
        s.heading(
            HEADER_ROW - 1,
            0,
            &labels::metric(lang, "attributed_revenue"),
            &styles.subtitle,
        )?;
        s.header_row(HEADER_ROW, self.headers)?;
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
        let last = revenue.write(s, context, formulas, self.channels, HEADER_ROW)?;
        s.table(HEADER_ROW, last, self.headers.len())?;
        let row = last + 1;
        s.text_with(row, 0, labels::text(lang, "common.total"), &styles.label)?;
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
        let row = row + 1;
        s.text_with(
            row,
            0,
            &labels::metric(lang, MetricId::Revenue),
            &styles.label,
        )?;
        let figure = Figure {
            value: Some(metrics.figures.totals.revenue),
            formula: formulas.revenue(),
        };
        s.figure(row, 3, figure, Kind::Money)?;
        Ok(row)
    }

    /// Attributed won deals (credits) per channel and model, headed at `row`; returns the last
    /// row written.
    fn credits(&self, s: &mut SheetWriter, row: u32) -> XResult<u32> {
        let (context, styles) = (self.context, self.styles);
        s.heading(
            row,
            0,
            &labels::metric(context.config.lang, "attributed_won"),
            &styles.subtitle,
        )?;
        let header_row = row + 1;
        for (col, header) in self.headers.iter().enumerate() {
            s.text_with(header_row, col_index(col), header, &styles.header)?;
        }
        let credits = ModelTable {
            values: &context.metrics.attribution_won,
            kind: Kind::Decimal,
            formula: Formulas::attributed_won_of,
        };
        credits.write(s, context, self.formulas, self.channels, header_row)
    }

    /// Markov: the chain's removal effects and the globally normalised shares, headed at `row`.
    fn markov(&self, s: &mut SheetWriter, row: u32) -> XResult<()> {
        let (context, styles) = (self.context, self.styles);
        let lang = context.config.lang;
        let markov = &context.attribution.markov;
        s.heading(
            row,
            0,
            labels::text(lang, "attribution.markov_chain_removal_effects"),
            &styles.subtitle,
        )?;
        let note = labels::fill(
            lang,
            "attribution.markov_note",
            &[
                ("paths", &markov.paths.to_string()),
                ("conversions", &markov.conversions.to_string()),
                (
                    "probability",
                    &format!("{:.1}%", markov.conversion_probability * 100.0),
                ),
            ],
        );
        s.heading(row + 1, 0, &note, &styles.note)?;
        let mut row = row + 2;
        let markov_headers = [
            labels::text(lang, "common.channel"),
            labels::text(lang, "common.channel_id"),
            "SNS",
            labels::text(lang, "attribution.removal_effect"),
            labels::text(lang, "attribution.share_conversions"),
        ];
        for (col, header) in markov_headers.iter().enumerate() {
            s.text_with(row, col_index(col), header, &styles.header)?;
        }
        // The sheet's channels first, then any only the chain knows.
        let channels = self.channels;
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
            let sns = if context.config.is_sns(channel) {
                "SNS"
            } else {
                ""
            };
            s.text(row, 1, channel)?;
            s.text(row, 2, sns)?;
            s.figure(
                row,
                3,
                markov.removal_effects.get(channel).copied(),
                Kind::Rate,
            )?;
            s.figure(row, 4, markov.shares.get(channel).copied(), Kind::Decimal)?;
        }
        Ok(())
    }
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
