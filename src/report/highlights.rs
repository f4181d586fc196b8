//! The Summary's highlights (SPEC section 10): three to six sentences at the top, in the report
//! language, chosen by fixed rules, each a formula that joins its words with `TEXT()` of report
//! cells, so it recalculates with the figures (`--values-only` writes the text).
//!
//! The rules, in order:
//! 1. the KGI (revenue): its actual, and against its target when one is set — always;
//! 2. with a comparison, the largest change against the compared period: of revenue, leads, won
//!    deals, cost, CPA, CAC and ROI (all channels), the one whose change in % is largest in size
//!    (the first on a tie), shown from the compared figure to this one — when one of them has a
//!    change in % (its compared figure is not 0); else the funnel: leads, MQL, opportunities and
//!    won deals (the funnel stays on the Funnel sheet, so there are at most six sentences);
//! 3. the SNS channel with the most attributed revenue, and its share of the SNS attributed
//!    revenue — when SNS earned any;
//! 4. the channel with the lowest ROI — when some channel has one (it has cost);
//! 5. the posts with high engagement and no leads (the Posts sheet's ⚑) — when there are any;
//! 6. the rows rejected, or that every row was accepted — always.

use rust_xlsxwriter::Formula;

use super::comparison::HeadlineCells;
use super::labels;
use super::style::Kind;
use super::writer::{SheetWriter, XResult};
use super::{channels, context::ReportContext, names::SheetNames};
use crate::lang::Lang;
use crate::metrics::comparison::change;

/// How a number in a sentence is written, by `TEXT()` and here alike.
#[derive(Debug, Clone, Copy)]
enum Shown {
    /// `#,##0`: whole, with thousands separators (money and counts).
    Whole,
    /// `0.0%`.
    Percent,
    /// `+0.0%`, a change: its sign always written.
    SignedPercent,
}

impl Shown {
    fn code(self) -> &'static str {
        match self {
            Shown::Whole => "#,##0",
            Shown::Percent => "0.0%",
            Shown::SignedPercent => "+0.0%;-0.0%;0.0%",
        }
    }

    /// The number as `TEXT(x, code)` writes it: rounded half away from zero.
    fn write(self, x: f64) -> String {
        match self {
            Shown::Whole => thousands(x.round()),
            Shown::Percent => {
                let tenths = (x * 1000.0).round() / 10.0;
                format!("{tenths:.1}%")
            }
            Shown::SignedPercent => {
                let shown = Shown::Percent.write(x);
                match shown.as_str() {
                    "0.0%" | "-0.0%" => "0.0%".to_string(),
                    _ if shown.starts_with('-') => shown,
                    _ => format!("+{shown}"),
                }
            }
        }
    }
}

/// `1234567` -> `1,234,567`; `-7500` -> `-7,500`.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// What fills one `{name}` of a sentence's template.
enum Part {
    /// A report cell (and the value it holds), written as `shown`.
    Cell {
        cell: String,
        value: f64,
        shown: Shown,
    },
    /// Fixed words (a channel's name, the currency).
    Words(String),
    /// The English word for the count in a report cell: `one` when it holds 1, else `many`
    /// (`row was` / `rows were`), as `IF(cell=1, …)`.
    Plural {
        cell: String,
        value: f64,
        one: &'static str,
        many: &'static str,
    },
}

/// One sentence: its template's key in labels.toml (`highlights.kgi` ...) and the parts of its
/// placeholders.
pub struct Sentence {
    key: &'static str,
    parts: Vec<(&'static str, Part)>,
}

impl Sentence {
    /// The sentence as the report shows it, and the formula that makes it from its cells.
    fn render(&self, lang: Lang) -> (String, String) {
        let template = labels::text(lang, self.key);
        let mut text = String::new();
        let mut pieces: Vec<String> = Vec::new();
        let mut literal = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            literal.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            match self.parts.iter().find(|(n, _)| *n == name).map(|(_, p)| p) {
                Some(Part::Cell { cell, value, shown }) => {
                    text.push_str(&literal);
                    pieces.push(quoted(&literal));
                    literal.clear();
                    text.push_str(&shown.write(*value));
                    pieces.push(format!("TEXT({cell},\"{}\")", shown.code()));
                }
                Some(Part::Words(words)) => literal.push_str(words),
                Some(Part::Plural {
                    cell,
                    value,
                    one,
                    many,
                }) => {
                    text.push_str(&literal);
                    pieces.push(quoted(&literal));
                    literal.clear();
                    text.push_str(if *value == 1.0 { one } else { many });
                    pieces.push(format!("IF({cell}=1,{},{})", quoted(one), quoted(many)));
                }
                None => literal.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        literal.push_str(rest);
        text.push_str(&literal);
        pieces.push(quoted(&literal));
        pieces.retain(|p| p != "\"\"");
        (text, format!("={}", pieces.join("&")))
    }
}

/// A text literal of a formula.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The currency after an amount: 円 in a Japanese report of yen, else the currency code.
fn unit(lang: Lang, currency: &str) -> String {
    match (lang, currency) {
        (Lang::Ja, "JPY") => "円".to_string(),
        _ => currency.to_string(),
    }
}

/// The Summary's cells the sentences read.
pub struct SummaryCells<'a> {
    /// The KGI row's target, actual and achievement cells (`B8`, `C8`, `D8`), when the KGI is
    /// revenue with a target.
    pub kgi: Option<(String, String, String)>,
    /// The KGI row's actual cell without a target.
    pub kgi_actual: String,
    /// The SNS attributed revenue cell of the headline table.
    pub sns_revenue: Option<&'a str>,
    /// The input list's first and last rows (1-based), read in column E and rejected in G.
    pub inputs: Option<(u32, u32)>,
    /// The headline table's cells by metric id, of this period and of the compared one.
    pub headline: HeadlineCells<'a>,
}

/// The sentences the rules choose for this report.
pub fn sentences(
    context: &ReportContext,
    names: &SheetNames,
    summary: &SummaryCells,
) -> Vec<Sentence> {
    let lang = context.config.lang;
    let metrics = context.metrics;
    let figures = &metrics.figures;
    let t = &figures.totals;
    let money = Shown::Whole;
    let currency = || Part::Words(unit(lang, &context.config.currency));
    let cell = |cell: String, value: f64, shown: Shown| Part::Cell { cell, value, shown };
    let mut out = Vec::new();

    // 1. The KGI.
    let kgi = metrics
        .kpi
        .iter()
        .find(|k| k.metric == "revenue" && k.channel.is_none() && k.month.is_none());
    match (kgi, &summary.kgi) {
        (Some(k), Some((target, actual, achievement))) if k.achievement.is_some() => {
            out.push(Sentence {
                key: "highlights.kgi",
                parts: vec![
                    (
                        "actual",
                        cell(actual.clone(), k.actual.unwrap_or(t.revenue), money),
                    ),
                    (
                        "target",
                        cell(target.clone(), k.target.unwrap_or(0.0), money),
                    ),
                    (
                        "achievement",
                        cell(
                            achievement.clone(),
                            k.achievement.unwrap_or(0.0),
                            Shown::Percent,
                        ),
                    ),
                    ("unit", currency()),
                ],
            });
        }
        _ => out.push(Sentence {
            key: "highlights.kgi_no_target",
            parts: vec![
                ("actual", cell(summary.kgi_actual.clone(), t.revenue, money)),
                ("unit", currency()),
            ],
        }),
    }

    // 2. The largest change against the compared period, else the funnel.
    if let Some(change) = largest_change(context, summary) {
        out.push(change);
    } else {
        out.push(funnel(context, names));
    }

    // 3. The SNS channel that earned most.
    let top = figures
        .channels
        .iter()
        .filter(|c| context.config.is_sns(&c.channel) && c.attributed_revenue > 0.0)
        .fold(
            None,
            |best: Option<&crate::metrics::ChannelFigures>, c| match best {
                Some(b) if b.attributed_revenue >= c.attributed_revenue => Some(b),
                _ => Some(c),
            },
        );
    if let (Some(top), Some(sns_revenue)) = (top, summary.sns_revenue) {
        let revenue_cell =
            channels::channel_cell(context, names, &top.channel, "attributed_revenue");
        if let Some(revenue_cell) = revenue_cell.filter(|_| t.sns_attributed_revenue > 0.0) {
            let share = top.attributed_revenue / t.sns_attributed_revenue;
            out.push(Sentence {
                key: "highlights.top_sns",
                parts: vec![
                    ("channel", Part::Words(labels::channel(lang, &top.channel))),
                    (
                        "revenue",
                        cell(revenue_cell.clone(), top.attributed_revenue, money),
                    ),
                    (
                        "share",
                        cell(
                            format!("IF({sns_revenue}=0,0,{revenue_cell}/{sns_revenue})"),
                            share,
                            Shown::Percent,
                        ),
                    ),
                    ("unit", currency()),
                ],
            });
        }
    }

    // 4. The channel with the lowest ROI.
    let worst = figures
        .channels
        .iter()
        .filter_map(|c| Some((c, c.roi?)))
        .fold(
            None,
            |worst: Option<(&crate::metrics::ChannelFigures, f64)>, (c, roi)| match worst {
                Some((w, lowest)) if lowest <= roi => Some((w, lowest)),
                _ => Some((c, roi)),
            },
        );
    if let Some((channel, roi)) = worst {
        if let Some(roi_cell) = channels::channel_cell(context, names, &channel.channel, "roi") {
            out.push(Sentence {
                key: "highlights.worst_roi",
                parts: vec![
                    (
                        "channel",
                        Part::Words(labels::channel(lang, &channel.channel)),
                    ),
                    ("roi", cell(roi_cell, roi, Shown::Percent)),
                ],
            });
        }
    }

    // 5. Posts with high engagement and no leads.
    let quiet = metrics.posts.iter().filter(|p| p.flagged).count();
    if let (true, Some(threshold)) = (
        quiet > 0,
        crate::metrics::high_engagement_threshold(&metrics.posts),
    ) {
        let posts = super::a1::quoted_sheet(&names.posts);
        let (first, last) = super::posts::data_rows(metrics.posts.len());
        let column = |col: &str| format!("{posts}!${col}${first}:${col}${last}");
        // As the Posts sheet's ⚑: a post of the period (○), no lead, engagements in the top quarter.
        let count = format!(
            "COUNTIFS({},\"○\",{},0,{},\">0\",{},\">={threshold}\")",
            column("D"),
            column("O"),
            column("J"),
            column("J")
        );
        out.push(Sentence {
            key: "highlights.quiet_posts",
            parts: vec![
                ("posts", cell(count.clone(), quiet as f64, Shown::Whole)),
                (
                    "posts_word",
                    Part::Plural {
                        cell: count,
                        value: quiet as f64,
                        one: "post",
                        many: "posts",
                    },
                ),
            ],
        });
    }

    // 6. The rows rejected, or all accepted.
    if let Some((first, last)) = summary.inputs {
        let rejected = context.validated.rejected_rows();
        let read: u64 = context.validated.sheets.iter().map(|s| s.counts.read).sum();
        let (key, column, value) = if rejected > 0 {
            ("highlights.rejected", "G", rejected)
        } else {
            ("highlights.all_accepted", "E", read)
        };
        let sum = format!("SUM({column}{first}:{column}{last})");
        out.push(Sentence {
            key,
            parts: vec![
                ("rows", cell(sum.clone(), value as f64, Shown::Whole)),
                (
                    "rows_were",
                    Part::Plural {
                        cell: sum,
                        value: value as f64,
                        one: "row was",
                        many: "rows were",
                    },
                ),
            ],
        });
    }
    out
}

/// The funnel's lead stages, from the Channels sheet's totals.
fn funnel(context: &ReportContext, names: &SheetNames) -> Sentence {
    let t = &context.metrics.figures.totals;
    let total = |metric: &str, value: u64| Part::Cell {
        cell: channels::total_cell(context, names, metric).unwrap_or_default(),
        value: value as f64,
        shown: Shown::Whole,
    };
    Sentence {
        key: "highlights.funnel",
        parts: vec![
            ("leads", total("leads", t.leads)),
            ("mql", total("mql", t.mql)),
            ("opportunities", total("opportunities", t.opportunities)),
            ("won", total("won", t.won)),
        ],
    }
}

/// Rule 2 with a comparison: the headline figure that changed most in %, from the compared figure
/// to this period's. (headline metric id, the id it is named by.)
const CHANGE_CANDIDATES: [(&str, &str); 7] = [
    ("attributed_revenue", "revenue"),
    ("leads", "leads"),
    ("attributed_won", "won"),
    ("cost", "cost"),
    ("cpa", "cpa"),
    ("cac", "cac"),
    ("roi", "roi"),
];

fn largest_change(context: &ReportContext, summary: &SummaryCells) -> Option<Sentence> {
    let HeadlineCells {
        now: now_cells,
        then: then_cells,
    } = summary.headline;
    let (period, compared) = context.metrics.comparison.figures()?;
    let figures = &context.metrics.figures;
    let (metric, name, now, then, percent) = CHANGE_CANDIDATES
        .iter()
        .filter_map(|&(metric, name)| {
            let (now, then) = (figures.value(metric)?, compared.value(metric)?);
            let (_, percent) = change(Some(now), Some(then));
            Some((metric, name, now, then, percent?))
        })
        .fold(
            None,
            |best: Option<(&str, &str, f64, f64, f64)>, c| match best {
                Some(b) if b.4.abs() >= c.4.abs() => Some(b),
                _ => Some(c),
            },
        )?;
    let lang = context.config.lang;
    let (now_cell, then_cell) = (
        now_cells.get(metric).cloned().unwrap_or_default(),
        then_cells.get(metric).cloned().unwrap_or_default(),
    );
    let shown = match Kind::of_metric(metric) {
        Kind::Rate => Shown::Percent,
        _ => Shown::Whole,
    };
    // 円 follows the number; a currency code stands apart from it.
    let unit = match (
        Kind::of_metric(metric),
        unit(lang, &context.config.currency),
    ) {
        (Kind::Money, yen) if yen == "円" => yen,
        (Kind::Money, code) => format!(" {code}"),
        _ => String::new(),
    };
    let percent_formula = format!("IF({then_cell}=0,0,({now_cell}-{then_cell})/ABS({then_cell}))");
    let part = |cell: String, value: f64, shown: Shown| Part::Cell { cell, value, shown };
    Some(Sentence {
        key: "highlights.largest_change",
        parts: vec![
            ("start", Part::Words(period.start.to_string())),
            ("end", Part::Words(period.end.to_string())),
            ("metric", Part::Words(labels::metric(lang, name))),
            ("then", part(then_cell, then, shown)),
            ("now", part(now_cell, now, shown)),
            ("unit", Part::Words(unit)),
            (
                "percent",
                part(percent_formula, percent, Shown::SignedPercent),
            ),
        ],
    })
}

/// Writes the sentences from `first_row` down, one per row in column A, as formulas when
/// `formulas` are on; the text runs over the empty cells to its right (it does not widen A).
pub fn write(
    s: &mut SheetWriter,
    first_row: u32,
    lang: Lang,
    formulas: bool,
    sentences: &[Sentence],
) -> XResult {
    for (offset, sentence) in sentences.iter().enumerate() {
        let row = first_row + offset as u32;
        let (text, formula) = sentence.render(lang);
        if formulas {
            let format = s.styles().text.clone();
            s.sheet_mut().write_formula_with_format(
                row,
                0,
                Formula::new(formula).set_result(&text),
                &format,
            )?;
        } else {
            s.overflow_text(row, 0, &text)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_text_writes_them() {
        assert_eq!(Shown::Whole.write(68_880_000.0), "68,880,000");
        assert_eq!(Shown::Whole.write(-7_500.0), "-7,500");
        assert_eq!(Shown::Whole.write(999.5), "1,000");
        assert_eq!(Shown::Whole.write(0.2), "0");
        assert_eq!(Shown::Percent.write(0.861), "86.1%");
        assert_eq!(Shown::Percent.write(-0.352), "-35.2%");
        assert_eq!(Shown::Percent.write(1.0), "100.0%");
    }

    #[test]
    fn a_sentence_is_its_words_joined_with_text_of_its_cells() {
        let sentence = Sentence {
            key: "highlights.worst_roi",
            parts: vec![
                ("channel", Part::Words("X (Twitter)".into())),
                (
                    "roi",
                    Part::Cell {
                        cell: "'Channels'!O9".into(),
                        value: -0.352,
                        shown: Shown::Percent,
                    },
                ),
            ],
        };
        let (text, formula) = sentence.render(Lang::En);
        assert_eq!(
            text,
            "The channel with the lowest ROI is X (Twitter): -35.2%."
        );
        assert_eq!(
            formula,
            "=\"The channel with the lowest ROI is X (Twitter): \"&TEXT('Channels'!O9,\"0.0%\")&\".\""
        );
    }
}
