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
use crate::catalog::MetricId;
use crate::lang::Lang;
use crate::metrics::comparison::change;
use crate::metrics::LevelFigures;

/// How a number in a sentence is written, by `TEXT()` and here alike.
#[derive(Debug, Clone, Copy)]
pub enum Shown {
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
    let mut out = crate::present::group_thousands(&format!("{:.0}", x.abs()));
    if x < 0.0 && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// Where a figure of a sentence stands in the workbook, said without its cell: the Summary
/// resolves it to a reference (`SummaryCells::formula`), so the rules are the same for every
/// rendering and the brief reads only the value.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    /// The revenue KGI row's target, actual (with or without a target) and achievement.
    KgiTarget,
    KgiActual,
    KgiAchievement,
    /// A headline figure of the Summary (`leads`, `sns_attributed_revenue` ...), this period's
    /// or the compared one's.
    Headline {
        metric: MetricId,
        compared: bool,
    },
    /// The change in % of a headline figure against the compared period.
    ChangePercent(MetricId),
    /// A figure of the Channels sheet's total row.
    ChannelTotal(MetricId),
    /// A figure of one channel's row of the Channels sheet.
    Channel {
        channel: String,
        metric: MetricId,
    },
    /// One channel's attributed revenue over the SNS attributed revenue.
    ShareOfSnsRevenue {
        channel: String,
    },
    /// The count of the Posts sheet's ⚑ posts (engagements at or over `threshold`, no lead).
    QuietPosts {
        threshold: u64,
    },
    /// The sum of a column of the Summary's input list (E read, G rejected).
    InputsSum(&'static str),
}

/// What fills one `{name}` of a sentence's template.
pub enum Part {
    /// A report figure (and the value it holds), written as `shown`.
    Cell { at: At, value: f64, shown: Shown },
    /// Fixed words (a channel's name, the currency).
    Words(String),
    /// The English word for the count of a figure: `one` when it is 1, else `many`
    /// (`row was` / `rows were`), as `IF(cell=1, …)`.
    Plural {
        at: At,
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
    /// The sentence as the report shows it.
    pub fn text(&self, lang: Lang) -> String {
        self.render(lang, |_| String::new()).0
    }

    /// The sentence as the report shows it, and the formula that makes it from the cells `cell`
    /// gives each figure.
    pub fn render(&self, lang: Lang, cell: impl Fn(&At) -> String) -> (String, String) {
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
                Some(Part::Cell { at, value, shown }) => {
                    text.push_str(&literal);
                    pieces.push(quoted(&literal));
                    literal.clear();
                    text.push_str(&shown.write(*value));
                    pieces.push(format!("TEXT({},\"{}\")", cell(at), shown.code()));
                }
                Some(Part::Words(words)) => literal.push_str(words),
                Some(Part::Plural {
                    at,
                    value,
                    one,
                    many,
                }) => {
                    text.push_str(&literal);
                    pieces.push(quoted(&literal));
                    literal.clear();
                    text.push_str(if *value == 1.0 { one } else { many });
                    pieces.push(format!(
                        "IF({}=1,{},{})",
                        cell(at),
                        quoted(one),
                        quoted(many)
                    ));
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

/// The Summary's cells the sentences read, to turn each figure's `At` into a reference.
pub struct SummaryCells<'a> {
    /// The revenue KGI row's target, actual and achievement cells (`B8`, `C8`, `D8`).
    pub kgi: Option<(String, String, String)>,
    /// The revenue row's actual cell, with or without a target.
    pub kgi_actual: String,
    /// The input list's first and last rows (1-based), read in column E and rejected in G.
    pub inputs: Option<(u32, u32)>,
    /// The headline table's cells by metric id, of this period and of the compared one.
    pub headline: HeadlineCells<'a>,
}

impl SummaryCells<'_> {
    /// The reference (or the formula over references) of a figure of a sentence.
    pub fn cell(&self, context: &ReportContext, names: &SheetNames, at: &At) -> String {
        let headline = |metric: MetricId, compared: bool| {
            let cells = if compared {
                self.headline.then
            } else {
                self.headline.now
            };
            cells.get(&metric).cloned().unwrap_or_default()
        };
        let kgi = |pick: fn(&(String, String, String)) -> &String| {
            self.kgi.as_ref().map(pick).cloned().unwrap_or_default()
        };
        match at {
            At::KgiTarget => kgi(|k| &k.0),
            At::KgiActual => self.kgi_actual.clone(),
            At::KgiAchievement => kgi(|k| &k.2),
            At::Headline { metric, compared } => headline(*metric, *compared),
            At::ChangePercent(metric) => {
                let (now, then) = (headline(*metric, false), headline(*metric, true));
                format!("IF({then}=0,0,({now}-{then})/ABS({then}))")
            }
            At::ChannelTotal(metric) => {
                channels::total_cell(context, names, *metric).unwrap_or_default()
            }
            At::Channel { channel, metric } => {
                channels::channel_cell(context, names, channel, *metric).unwrap_or_default()
            }
            At::ShareOfSnsRevenue { channel } => {
                let sns = headline(MetricId::SnsAttributedRevenue, false);
                let revenue =
                    channels::channel_cell(context, names, channel, MetricId::AttributedRevenue)
                        .unwrap_or_default();
                format!("IF({sns}=0,0,{revenue}/{sns})")
            }
            At::QuietPosts { threshold } => {
                let posts = super::a1::quoted_sheet(&names.posts);
                let (first, last) = super::posts::data_rows(context.metrics.posts.len());
                let column = |col: &str| format!("{posts}!${col}${first}:${col}${last}");
                // As the Posts sheet's ⚑: a post of the period (○), no lead, engagements in the
                // top quarter.
                format!(
                    "COUNTIFS({},\"○\",{},0,{},\">0\",{},\">={threshold}\")",
                    column("D"),
                    column("O"),
                    column("J"),
                    column("J")
                )
            }
            At::InputsSum(column) => {
                let (first, last) = self.inputs.unwrap_or_default();
                format!("SUM({column}{first}:{column}{last})")
            }
        }
    }
}

/// The sentences the rules choose for this report.
pub fn sentences(context: &ReportContext) -> Vec<Sentence> {
    let mut out = vec![kgi(context)];
    // 2. The largest change against the compared period, else the funnel.
    out.push(largest_change(context).unwrap_or_else(|| funnel(context)));
    out.extend(top_sns_channel(context));
    out.extend(lowest_roi(context));
    out.extend(quiet_posts(context));
    out.extend(rows(context));
    out
}

/// A figure of a sentence.
fn cell(at: At, value: f64, shown: Shown) -> Part {
    Part::Cell { at, value, shown }
}

/// 1. The KGI: against its target when revenue has one with an achievement, else its actual.
fn kgi(context: &ReportContext) -> Sentence {
    let lang = context.config.lang;
    let metrics = context.metrics;
    let t = &metrics.figures.totals;
    let currency = Part::Words(unit(lang, &context.config.currency));
    let whole_period = |k: &&crate::metrics::KpiRow| {
        k.metric.is(MetricId::Revenue) && k.channel.is_none() && k.month.is_none()
    };
    let kgi = metrics.kpi.iter().find(whole_period);
    let has_kgi_row = metrics
        .kpi
        .iter()
        .filter(whole_period)
        .any(|k| k.kind == crate::model::TargetKind::Kgi);
    match kgi {
        Some(k) if has_kgi_row && k.achievement.is_some() => Sentence {
            key: "highlights.kgi",
            parts: vec![
                (
                    "actual",
                    cell(At::KgiActual, k.actual.unwrap_or(t.revenue), Shown::Whole),
                ),
                (
                    "target",
                    cell(At::KgiTarget, k.target.unwrap_or(0.0), Shown::Whole),
                ),
                (
                    "achievement",
                    cell(
                        At::KgiAchievement,
                        k.achievement.unwrap_or(0.0),
                        Shown::Percent,
                    ),
                ),
                ("unit", currency),
            ],
        },
        _ => Sentence {
            key: "highlights.kgi_no_target",
            parts: vec![
                ("actual", cell(At::KgiActual, t.revenue, Shown::Whole)),
                ("unit", currency),
            ],
        },
    }
}

/// 3. The SNS channel that earned most, and its share of the SNS attributed revenue.
fn top_sns_channel(context: &ReportContext) -> Option<Sentence> {
    let lang = context.config.lang;
    let t = &context.metrics.figures.totals;
    let top = context
        .metrics
        .figures
        .channels
        .iter()
        .filter(|c| context.config.is_sns(&c.channel) && c.attributed_revenue > 0.0)
        .fold(
            None,
            |best: Option<&crate::metrics::ChannelFigures>, c| match best {
                Some(b) if b.attributed_revenue >= c.attributed_revenue => Some(b),
                _ => Some(c),
            },
        )?;
    if t.sns_attributed_revenue <= 0.0 {
        return None;
    }
    let share = top.attributed_revenue / t.sns_attributed_revenue;
    let channel = top.channel.clone();
    Some(Sentence {
        key: "highlights.top_sns",
        parts: vec![
            ("channel", Part::Words(labels::channel(lang, &top.channel))),
            (
                "revenue",
                cell(
                    At::Channel {
                        channel: channel.clone(),
                        metric: MetricId::AttributedRevenue,
                    },
                    top.attributed_revenue,
                    Shown::Whole,
                ),
            ),
            (
                "share",
                cell(At::ShareOfSnsRevenue { channel }, share, Shown::Percent),
            ),
            ("unit", Part::Words(unit(lang, &context.config.currency))),
        ],
    })
}

/// 4. The channel with the lowest ROI.
fn lowest_roi(context: &ReportContext) -> Option<Sentence> {
    let lang = context.config.lang;
    let (channel, roi) = context
        .metrics
        .figures
        .channels
        .iter()
        .filter_map(|c| Some((c, c.value(MetricId::Roi)?)))
        .fold(
            None,
            |worst: Option<(&crate::metrics::ChannelFigures, f64)>, (c, roi)| match worst {
                Some((w, lowest)) if lowest <= roi => Some((w, lowest)),
                _ => Some((c, roi)),
            },
        )?;
    Some(Sentence {
        key: "highlights.worst_roi",
        parts: vec![
            (
                "channel",
                Part::Words(labels::channel(lang, &channel.channel)),
            ),
            (
                "roi",
                cell(
                    At::Channel {
                        channel: channel.channel.clone(),
                        metric: MetricId::Roi,
                    },
                    roi,
                    Shown::Percent,
                ),
            ),
        ],
    })
}

/// 5. Posts with high engagement and no leads.
fn quiet_posts(context: &ReportContext) -> Option<Sentence> {
    let posts = &context.metrics.posts;
    let quiet = posts.iter().filter(|p| p.flagged).count();
    let threshold = crate::metrics::high_engagement_threshold(posts).filter(|_| quiet > 0)?;
    let at = At::QuietPosts { threshold };
    Some(Sentence {
        key: "highlights.quiet_posts",
        parts: vec![
            ("posts", cell(at.clone(), quiet as f64, Shown::Whole)),
            (
                "posts_word",
                Part::Plural {
                    at,
                    value: quiet as f64,
                    one: "post",
                    many: "posts",
                },
            ),
        ],
    })
}

/// 6. The rows rejected, or that every row was accepted (when a sheet was read).
fn rows(context: &ReportContext) -> Option<Sentence> {
    if context.validated.sheets.is_empty() {
        return None;
    }
    let rejected = context.validated.rejected_rows();
    let read: u64 = context.validated.sheets.iter().map(|s| s.counts.read).sum();
    let (key, column, value) = if rejected > 0 {
        ("highlights.rejected", "G", rejected)
    } else {
        ("highlights.all_accepted", "E", read)
    };
    Some(Sentence {
        key,
        parts: vec![
            (
                "rows",
                cell(At::InputsSum(column), value as f64, Shown::Whole),
            ),
            (
                "rows_were",
                Part::Plural {
                    at: At::InputsSum(column),
                    value: value as f64,
                    one: "row was",
                    many: "rows were",
                },
            ),
        ],
    })
}

/// The funnel's lead stages, from the Channels sheet's totals.
fn funnel(context: &ReportContext) -> Sentence {
    let t = &context.metrics.figures.totals;
    let total =
        |metric: MetricId, value: u64| cell(At::ChannelTotal(metric), value as f64, Shown::Whole);
    Sentence {
        key: "highlights.funnel",
        parts: vec![
            ("leads", total(MetricId::Leads, t.leads)),
            ("mql", total(MetricId::Mql, t.mql)),
            (
                "opportunities",
                total(MetricId::Opportunities, t.opportunities),
            ),
            ("won", total(MetricId::Won, t.won)),
        ],
    }
}

/// Rule 2 with a comparison: the headline figure that changed most in %, from the compared figure
/// to this period's. (headline metric id, the id it is named by.)
const CHANGE_CANDIDATES: [(MetricId, &str); 7] = [
    (MetricId::AttributedRevenue, "revenue"),
    (MetricId::Leads, "leads"),
    (MetricId::AttributedWon, "won"),
    (MetricId::Cost, "cost"),
    (MetricId::Cpa, "cpa"),
    (MetricId::Cac, "cac"),
    (MetricId::Roi, "roi"),
];

fn largest_change(context: &ReportContext) -> Option<Sentence> {
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
            |best: Option<(MetricId, &str, f64, f64, f64)>, c| match best {
                Some(b) if b.4.abs() >= c.4.abs() => Some(b),
                _ => Some(c),
            },
        )?;
    let lang = context.config.lang;
    let shown = match Kind::of_metric(metric.as_str()) {
        Kind::Rate => Shown::Percent,
        _ => Shown::Whole,
    };
    // 円 follows the number; a currency code stands apart from it.
    let unit = match (
        Kind::of_metric(metric.as_str()),
        unit(lang, &context.config.currency),
    ) {
        (Kind::Money, yen) if yen == "円" => yen,
        (Kind::Money, code) => format!(" {code}"),
        _ => String::new(),
    };
    let headline = |compared: bool| At::Headline { metric, compared };
    Some(Sentence {
        key: "highlights.largest_change",
        parts: vec![
            ("start", Part::Words(period.start.to_string())),
            ("end", Part::Words(period.end.to_string())),
            ("metric", Part::Words(labels::metric(lang, name))),
            ("then", cell(headline(true), then, shown)),
            ("now", cell(headline(false), now, shown)),
            ("unit", Part::Words(unit)),
            (
                "percent",
                cell(At::ChangePercent(metric), percent, Shown::SignedPercent),
            ),
        ],
    })
}

/// Writes the sentences from `first_row` down, one per row in column A, as formulas over the
/// cells `cell` gives when `formulas` are on; the text runs over the empty cells to its right (it
/// does not widen A).
pub fn write(
    s: &mut SheetWriter,
    first_row: u32,
    lang: Lang,
    formulas: bool,
    sentences: &[Sentence],
    cell: impl Fn(&At) -> String,
) -> XResult {
    for (offset, sentence) in sentences.iter().enumerate() {
        let row = first_row + offset as u32;
        let (text, formula) = sentence.render(lang, &cell);
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
                        at: At::Channel {
                            channel: "x".into(),
                            metric: MetricId::Roi,
                        },
                        value: -0.352,
                        shown: Shown::Percent,
                    },
                ),
            ],
        };
        let (text, formula) = sentence.render(Lang::En, |at| match at {
            At::Channel { channel, metric } if channel == "x" && *metric == MetricId::Roi => {
                "'Channels'!O9".to_string()
            }
            _ => String::new(),
        });
        assert_eq!(sentence.text(Lang::En), text);
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
