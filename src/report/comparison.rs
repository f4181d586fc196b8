//! The comparison in the workbook (SPEC section 10): beside a figure, the same figure over the
//! compared period and the change, absolute and as a share of the compared figure. The compared
//! figure is the same formula over the compared period (`Formulas::compared`: the CompareStart
//! and CompareEnd cells of the Assumptions sheet, the Compared lineage sheet); the changes are
//! formulas over the two cells. The Summary, the Channels totals and the KPI tree write them here.

use std::collections::BTreeMap;

use super::a1::column_letters;
use super::formulas::Formulas;
use super::labels;
use super::style::Kind;
use super::writer::{Figure, SheetWriter, XResult};
use crate::catalog::MetricId;
use crate::lang::Lang;
use crate::metrics::comparison::change;
use crate::metrics::{Comparison, NoComparison};
use crate::period::Compare;

/// Where `write` puts its three cells from the compared figure's: left to right, or top down.
#[derive(Clone, Copy)]
pub enum Lay {
    Across,
    Down,
}

/// The Summary's headline cells by metric id (`leads`, `sns_roi` ...): this period's (the
/// figure) and the compared period's, empty without a comparison. The KPI tree's actuals and the
/// highlights refer to them.
#[derive(Clone, Copy)]
pub struct HeadlineCells<'a> {
    pub now: &'a BTreeMap<MetricId, String>,
    pub then: &'a BTreeMap<MetricId, String>,
}

/// The headers of the three cells `write` fills (the compared figure, the change, the change in
/// %), after `of` (a column's name, e.g. "SNS"; empty for none).
pub fn headers(lang: Lang, of: &str) -> [String; 3] {
    [
        labels::text(lang, "comparison.compared"),
        labels::text(lang, "comparison.change"),
        labels::text(lang, "comparison.change_percent"),
    ]
    .map(|header| {
        if of.is_empty() {
            header.to_string()
        } else {
            format!("{of} {header}")
        }
    })
}

/// Writes the compared figure `then` at (`row`, `col`) and, after it (`lay`), its change against
/// `now` (the figure's value and its cell in this sheet): now − then (for a rate in points), and
/// that over |then| (`metrics::comparison::change`), empty when either is empty or then is 0.
pub fn write(
    s: &mut SheetWriter,
    formulas: &Formulas,
    (row, col): (u32, u16),
    lay: Lay,
    kind: Kind,
    now: (Option<f64>, &str),
    then: Figure,
) -> XResult {
    let then_cell = format!("{}{}", column_letters(u32::from(col)), row + 1);
    let (absolute, percent) = change(now.0, then.value);
    let next = |n: u16| match lay {
        Lay::Across => (row, col + n),
        Lay::Down => (row + u32::from(n), col),
    };
    s.figure(row, col, then, kind)?;
    // A rate's change is in percentage points (+6.7pt), not a percentage (SPEC section 10).
    let (absolute, change_kind) = match kind {
        Kind::Rate => (
            Figure {
                value: absolute.map(|points| points * 100.0),
                formula: formulas.difference_points(now.1, &then_cell),
            },
            Kind::Points,
        ),
        _ => (
            Figure {
                value: absolute,
                formula: formulas.difference(now.1, &then_cell),
            },
            kind,
        ),
    };
    let (r, c) = next(1);
    s.figure(r, c, absolute, change_kind)?;
    let percent = Figure {
        value: percent,
        formula: formulas.change_percent(now.1, &then_cell),
    };
    let (r, c) = next(2);
    s.figure(r, c, percent, Kind::Change)
}

/// What the figures are compared with, in words: the compared period and how it was chosen, or
/// why there is no comparison.
pub fn note(lang: Lang, comparison: &Comparison) -> String {
    match comparison {
        Comparison::With {
            compare, period, ..
        } => {
            let how = match compare {
                Compare::Year => labels::text(lang, "comparison.same_period_a_year_earlier"),
                _ => labels::text(lang, "comparison.previous_period"),
            };
            let (start, end) = (period.start.to_string(), period.end.to_string());
            let values = [
                ("start", start.as_str()),
                ("end", end.as_str()),
                ("how", how),
            ];
            // A compared period without data compares with zeros: said, not left to be guessed.
            match comparison.empty_period() {
                Some(_) => labels::fill(lang, "comparison.compared_with_no_data", &values),
                None => labels::fill(lang, "comparison.compared_with", &values),
            }
        }
        Comparison::Without(NoComparison::Off) => labels::text(lang, "comparison.off").to_string(),
        Comparison::Without(NoComparison::NoPeriod) => {
            labels::text(lang, "comparison.no_period").to_string()
        }
        Comparison::Without(NoComparison::DataTooShort { previous, earliest }) => labels::fill(
            lang,
            "comparison.data_too_short",
            &[
                ("start", &previous.start.to_string()),
                ("end", &previous.end.to_string()),
                (
                    "earliest",
                    &earliest.map(|d| d.to_string()).unwrap_or_default(),
                ),
            ],
        ),
    }
}
