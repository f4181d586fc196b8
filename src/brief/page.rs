//! The brief as one self-contained HTML page (SPEC section 11): the report model
//! (`report::model::ReportModel`) in the report language, figures in the workbook's number formats
//! (`number::shown`), charts as inline SVG (`chart`), styles inline, no script, nothing fetched.
//! One column on a phone, a grid on a desktop, one A4 landscape page on paper.
//!
//! Each figure carries `data-figure="…"` (the summary JSON's key where it has one), so a test can
//! hold the page to the JSON.

use std::fmt::Write;
use std::path::Path;

use super::chart::{self, escape, BarRow, FunnelStage, Series};
use super::number::shown;
use crate::catalog::MetricId;
use crate::error::Result;
use crate::lang::Lang;
use crate::metrics::{KpiStatus, LevelFigures, PostFigures};
use crate::report::labels;
use crate::report::model::{shown_change, KgiLine, PeriodRemark, ReportModel};
use crate::report::style::{Kind, Tone};
use crate::report::{write_atomically, ReportContext};

/// The page, from the report model and the context it was made from (input names, post titles).
pub fn html(context: &ReportContext, model: &ReportModel, checks_hold: bool) -> String {
    let page = Page { context, model };
    let lang = model.lang;
    let mut body = String::new();
    body.push_str(&page.kgi_header());
    body.push_str(&page.highlights());
    body.push_str(&page.headline());
    body.push_str(&page.funnel());
    body.push_str(&page.kpi_tree());
    body.push_str(&page.channels());
    body.push_str(&page.trend());
    body.push_str(&page.posts());
    body.push_str(&page.footer(checks_hold));
    let title = format!(
        "{} {}",
        labels::text(lang, "brief.title"),
        page.period_text()
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main class=\"brief\">\n{body}</main>\n</body>\n</html>\n",
        lang.as_str(),
        escape(&title),
        style()
    )
}

/// Writes the brief to `path` atomically (as the workbook is written).
pub fn write(
    context: &ReportContext,
    model: &ReportModel,
    checks_hold: bool,
    path: &Path,
) -> Result<()> {
    write_atomically(path, html(context, model, checks_hold).as_bytes())
}

struct Page<'a> {
    context: &'a ReportContext<'a>,
    model: &'a ReportModel<'a>,
}

/// A `<td>`/`<span>` attribute naming the figure for scripts and tests.
fn figure_attr(key: &str) -> String {
    format!(" data-figure=\"{}\"", escape(key))
}

impl Page<'_> {
    fn lang(&self) -> Lang {
        self.model.lang
    }

    /// A figure in the workbook's format for its kind; an undefined one is a dash.
    fn shown(&self, kind: Kind, value: Option<f64>) -> String {
        let text = shown(&kind.format_code(self.model.currency), value);
        if text.is_empty() {
            "—".to_string()
        } else {
            text
        }
    }

    fn period_text(&self) -> String {
        match self.model.period {
            Some(p) => format!(
                "{} 〜 {}",
                p.start.format("%Y/%m/%d"),
                p.end.format("%Y/%m/%d")
            ),
            None => labels::text(self.lang(), "summary.no_dated_rows").to_string(),
        }
    }

    /// The KGI against its target and pace, as the page's headline.
    fn kgi_header(&self) -> String {
        let lang = self.lang();
        let revenue = self.model.kgi.iter().find(|k| k.is_revenue());
        let mut out = String::from("<header class=\"kgi\">\n");
        let _ = writeln!(
            out,
            "<p class=\"eyebrow\">{} · {}</p>",
            escape(labels::text(lang, "brief.title")),
            escape(&self.period_text())
        );
        // A period that holds no dated row is said where the figures begin (SPEC section 7).
        if let Some(remark) = self
            .model
            .period
            .and_then(|p| p.remark)
            .filter(|r| *r == PeriodRemark::NoDataInPeriod)
        {
            let _ = writeln!(
                out,
                "<p class=\"warning\">{}</p>",
                escape(remark.text(lang))
            );
        }
        if let Some(kgi) = revenue {
            out.push_str(&self.kgi_line(kgi, true));
        }
        for kgi in self.model.kgi.iter().filter(|k| !k.is_revenue()) {
            out.push_str(&self.kgi_line(kgi, false));
        }
        let _ = writeln!(
            out,
            "<p class=\"basis\">{} · {}</p>",
            escape(&self.model.model),
            escape(&format!(
                "{}: {}",
                labels::text(lang, "common.roi_basis"),
                self.model.roi_basis
            ))
        );
        out.push_str("</header>\n");
        out
    }

    /// One KGI: its actual large (revenue) or as a line, then target, achievement, pace, status.
    fn kgi_line(&self, kgi: &KgiLine, headline: bool) -> String {
        let lang = self.lang();
        let kind = Kind::of_metric(&kgi.metric);
        let key = |part: &str| format!("kgi.{}.{part}", kgi.metric);
        let mut facts = Vec::new();
        if kgi.target.is_some() {
            facts.push(escape(&labels::fill(
                lang,
                "brief.target",
                &[("value", &self.shown(kind, kgi.target))],
            )));
            facts.push(format!(
                "<span{}>{}</span>",
                figure_attr(&key("achievement")),
                escape(&labels::fill(
                    lang,
                    "brief.achievement",
                    &[("value", &self.shown(Kind::Rate, kgi.achievement))],
                ))
            ));
            if let Some(pace) = kgi.pace {
                facts.push(escape(&labels::fill(
                    lang,
                    "brief.pace",
                    &[("value", &self.shown(Kind::Rate, pace))],
                )));
            }
        }
        if let Some(then) = kgi.compared {
            let (change, change_kind) = shown_change(kind, kgi.actual, Some(then));
            facts.push(escape(&labels::fill(
                lang,
                "brief.compared",
                &[
                    ("value", &self.shown(kind, Some(then))),
                    ("change", &self.shown(change_kind, change)),
                ],
            )));
        }
        let status = status_badge(lang, kgi.status);
        let name = if kgi.is_revenue() {
            labels::text(lang, "brief.kgi").to_string()
        } else {
            labels::metric(lang, &kgi.metric)
        };
        let actual = format!(
            "<span class=\"figure\"{}>{}</span>",
            figure_attr(&key("actual")),
            escape(&self.shown(kind, kgi.actual))
        );
        let (open, close) = if headline {
            ("<h1>", "</h1>")
        } else {
            ("<p class=\"kgi-other\">", "</p>")
        };
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!("<p class=\"facts\">{}</p>\n", facts.join(" · "))
        };
        format!(
            "{open}<span class=\"name\">{}</span> {actual} {status}{close}\n{facts}",
            escape(&name),
        )
    }

    fn highlights(&self) -> String {
        let lang = self.lang();
        let mut out = section_open("highlights", labels::text(lang, "highlights.highlights"));
        out.push_str("<ul>\n");
        for sentence in self.model.highlight_texts() {
            let _ = writeln!(out, "<li>{}</li>", escape(&sentence));
        }
        out.push_str("</ul>\n");
        for note in &self.model.notes {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(note));
        }
        out.push_str("</section>\n");
        out
    }

    /// The headline SNS and all-channel figures beside the compared period, with the change.
    fn headline(&self) -> String {
        let lang = self.lang();
        let mut out = section_open("headline", labels::text(lang, "brief.headline"));
        out.push_str("<div class=\"table\"><table>\n<thead><tr>");
        let mut headers = vec![
            labels::text(lang, "common.metric").to_string(),
            "SNS".to_string(),
            labels::text(lang, "summary.all_channels").to_string(),
        ];
        if self.model.compares {
            headers.push(labels::text(lang, "comparison.compared").to_string());
            headers.push(labels::text(lang, "comparison.change").to_string());
        }
        for (i, header) in headers.iter().enumerate() {
            // On a phone the compared figure (column 3) gives way to the change beside it.
            let class = match i {
                0 => "",
                3 => " class=\"num then\"",
                _ => " class=\"num\"",
            };
            let _ = write!(out, "<th{class}>{}</th>", escape(header));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for line in &self.model.headline {
            let sns = if line.has_sns {
                self.shown(line.kind(), line.sns)
            } else {
                "—".to_string()
            };
            let _ = write!(
                out,
                "<tr><th>{}</th><td class=\"num\"{}>{}</td><td class=\"num\"{}>{}</td>",
                escape(&labels::metric(lang, line.metric.as_str())),
                figure_attr(&format!("headline.sns.{}", line.metric)),
                escape(&sns),
                figure_attr(&format!("headline.all.{}", line.metric)),
                escape(&self.shown(line.all_kind(), line.all)),
            );
            if let Some((_, then_all)) = line.compared {
                let (change, kind) = shown_change(line.all_kind(), line.all, then_all);
                let tone = change_tone(line.metric, change);
                let _ = write!(
                    out,
                    "<td class=\"num then\">{}</td><td class=\"num change{tone}\">{}</td>",
                    escape(&self.shown(line.all_kind(), then_all)),
                    escape(&self.shown(kind, change)),
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            escape(&self.model.ltv_note)
        );
        out.push_str("</section>\n");
        out
    }

    /// The funnel as two charts, each to its own scale: the posts' stages (impressions to
    /// clicks), then the pipeline's (leads to won deals). Revenue, an amount, is the KGI above.
    fn funnel(&self) -> String {
        let lang = self.lang();
        let stage = |stage: &crate::metrics::FunnelStage| FunnelStage {
            label: labels::metric(lang, stage.stage.as_str()),
            value: stage.value,
            shown: self.shown(Kind::Count, Some(stage.value)),
            rate_from_previous: stage.rate.map(|r| self.shown(Kind::Rate, Some(r))),
        };
        let counted = || {
            self.model
                .funnel
                .iter()
                .filter(|s| s.stage != MetricId::Revenue)
        };
        let pipeline_starts = counted().position(|s| s.stage == MetricId::Leads);
        let (posts, pipeline): (Vec<_>, Vec<_>) = counted()
            .enumerate()
            .partition(|(i, _)| pipeline_starts.is_some_and(|start| *i < start));
        let mut out = section_open("funnel", labels::text(lang, "brief.funnel"));
        for stages in [posts, pipeline] {
            if stages.is_empty() {
                continue;
            }
            let stages: Vec<FunnelStage> = stages.into_iter().map(|(_, s)| stage(s)).collect();
            out.push_str(&chart::funnel(&stages));
            out.push('\n');
        }
        out.push_str("</section>\n");
        out
    }

    /// The KPI tree's rows with a target under their layer's heading (KGI, then layers 1 to 3),
    /// each with its status colour.
    fn kpi_tree(&self) -> String {
        const SHOWN: usize = 12;
        let lang = self.lang();
        let mut out = section_open("kpi", labels::text(lang, "brief.kpi_tree"));
        out.push_str("<div class=\"table\"><table>\n<thead><tr>");
        for (i, header) in [
            labels::text(lang, "common.metric"),
            labels::text(lang, "common.target"),
            labels::text(lang, "common.actual"),
            labels::text(lang, "common.achievement"),
            labels::text(lang, "common.status"),
        ]
        .iter()
        .enumerate()
        {
            let class = if (1..4).contains(&i) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(out, "<th{class}>{}</th>", escape(header));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        if self.model.kpi_tree.is_empty() {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"5\" class=\"note\">{}</td></tr>",
                escape(labels::text(lang, "brief.no_targets"))
            );
        }
        let mut heading = None;
        for row in self.model.kpi_tree.iter().take(SHOWN) {
            let group = if row.kind == crate::model::TargetKind::Kgi {
                "KGI".to_string()
            } else {
                labels::layer(lang, row.layer)
            };
            if heading.as_ref() != Some(&group) {
                let _ = writeln!(
                    out,
                    "<tr class=\"layer\"><td colspan=\"5\">{}</td></tr>",
                    escape(&group)
                );
                heading = Some(group);
            }
            let kind = Kind::of_metric(row.metric.as_str());
            let mut name = labels::metric(lang, row.metric.as_str());
            if let Some(channel) = &row.channel {
                name = format!("{name} · {}", labels::channel(lang, channel));
            }
            if let Some(month) = row.month {
                name = format!("{name} · {}", month.format("%Y/%m"));
            }
            let _ = writeln!(
                out,
                "<tr><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&name),
                escape(&self.shown(kind, row.target)),
                escape(&self.shown(kind, row.actual)),
                escape(&self.shown(Kind::Rate, row.achievement)),
                status_badge(lang, row.status),
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
        let more = self.model.kpi_tree.len().saturating_sub(SHOWN);
        if more > 0 {
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                escape(&labels::fill(
                    lang,
                    "brief.kpi_more",
                    &[(
                        "rows",
                        &lang.count(more as u64, " 行", "more row", "more rows")
                    )]
                ))
            );
        }
        out.push_str("</section>\n");
        out
    }

    /// The channels ranked by attributed revenue: a bar each, then cost and ROI beside it.
    fn channels(&self) -> String {
        const SHOWN: usize = 8;
        let lang = self.lang();
        let ranked = self.model.ranked_channels.iter().take(SHOWN);
        let rows: Vec<BarRow> = ranked
            .clone()
            .map(|c| BarRow {
                label: labels::channel(lang, &c.channel),
                value: c.attributed_revenue,
                shown: self.shown(Kind::Money, Some(c.attributed_revenue)),
            })
            .collect();
        let mut out = section_open("channels", labels::text(lang, "brief.channels"));
        out.push_str(&chart::bars(&rows));
        out.push_str("\n<div class=\"table\"><table>\n<thead><tr>");
        for (i, header) in [
            labels::text(lang, "common.channel").to_string(),
            labels::metric(lang, "attributed_revenue"),
            labels::metric(lang, "cost"),
            labels::metric(lang, "roi"),
        ]
        .iter()
        .enumerate()
        {
            let class = if i > 0 { " class=\"num\"" } else { "" };
            let _ = write!(out, "<th{class}>{}</th>", escape(header));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for c in ranked {
            let _ = writeln!(
                out,
                "<tr><th>{}</th><td class=\"num\"{}>{}</td><td class=\"num\"{}>{}</td><td class=\"num\"{}>{}</td></tr>",
                escape(&labels::channel(lang, &c.channel)),
                figure_attr(&format!("channels.{}.attributed_revenue", c.channel)),
                escape(&self.shown(Kind::Money, Some(c.attributed_revenue))),
                figure_attr(&format!("channels.{}.cost", c.channel)),
                escape(&self.shown(Kind::Money, c.cost)),
                figure_attr(&format!("channels.{}.roi", c.channel)),
                escape(&self.shown(Kind::Rate, c.value(MetricId::Roi))),
            );
        }
        out.push_str("</tbody>\n</table></div>\n</section>\n");
        out
    }

    /// Revenue by month, beside the compared period's months.
    fn trend(&self) -> String {
        let lang = self.lang();
        let trend = &self.model.trend;
        let months: Vec<String> = trend
            .months
            .iter()
            .map(|m| m.format("%Y/%m").to_string())
            .collect();
        let current = Series {
            label: labels::text(lang, "brief.this_period").to_string(),
            values: trend.revenue.iter().map(|v| Some(*v)).collect(),
        };
        let compared = trend.compared.as_ref().map(|then| Series {
            label: format!(
                "{} ({})",
                labels::text(lang, "comparison.compared"),
                match (then.months.first(), then.months.last()) {
                    (Some(first), Some(last)) if first != last =>
                        format!("{} 〜 {}", first.format("%Y/%m"), last.format("%Y/%m")),
                    (Some(first), _) => first.format("%Y/%m").to_string(),
                    _ => String::new(),
                }
            ),
            values: then.revenue.iter().map(|v| Some(*v)).collect(),
        });
        let money = Kind::Money.format_code(self.model.currency);
        let mut out = section_open("trend", labels::text(lang, "brief.trend"));
        out.push_str(&chart::trend(&months, &current, compared.as_ref(), |v| {
            shown(&money, Some(v))
        }));
        out.push_str("\n</section>\n");
        out
    }

    /// The posts that earned most, and the high-engagement posts that brought no lead.
    fn posts(&self) -> String {
        let lang = self.lang();
        let mut out = section_open("posts", labels::text(lang, "brief.top_posts"));
        let top = self.model.top_posts.iter().map(|post| {
            let figure = format!(
                "<span class=\"num\"{}>{}</span>",
                figure_attr(&format!("posts.{}.attributed_revenue", post.post_id)),
                escape(&self.shown(Kind::Money, Some(post.attributed_revenue))),
            );
            (*post, figure)
        });
        out.push_str(&self.post_list("ol", top.collect()));
        let _ = writeln!(
            out,
            "<h3>{}</h3>",
            escape(labels::text(lang, "brief.quiet_posts"))
        );
        let quiet = self.model.quiet_posts.iter().map(|post| {
            let figure = format!(
                "<span class=\"num\">{} {}</span>",
                escape(labels::text(lang, "brief.engagements")),
                escape(&self.shown(Kind::Count, Some(post.engagements as f64))),
            );
            (*post, figure)
        });
        out.push_str(&self.post_list("ul", quiet.collect()));
        out.push_str("</section>\n");
        out
    }

    /// A list (`ol` or `ul`) of posts, each its title (else its id), its platform and `figure`
    /// (markup already made); "none" when there is no post.
    fn post_list(&self, list: &str, posts: Vec<(&PostFigures, String)>) -> String {
        let lang = self.lang();
        if posts.is_empty() {
            return format!(
                "<p class=\"note\">{}</p>\n",
                escape(labels::text(lang, "brief.none"))
            );
        }
        let mut out = format!("<{list} class=\"posts\">\n");
        for (post, figure) in posts {
            let title = self
                .context
                .dataset
                .posts
                .get(post.post_index)
                .and_then(|p| p.title.clone())
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| post.post_id.clone());
            let _ = writeln!(
                out,
                "<li><span class=\"post-title\">{}</span> <span class=\"platform\">{}</span> {figure}</li>",
                escape(&title),
                escape(&labels::channel(lang, &post.platform)),
            );
        }
        let _ = writeln!(out, "</{list}>");
        out
    }

    /// The data-quality line, the inputs' names and the period.
    fn footer(&self, checks_hold: bool) -> String {
        let lang = self.lang();
        let q = self.model.quality;
        let count = |n: u64| self.shown(Kind::Count, Some(n as f64));
        let checks = if checks_hold {
            labels::text(lang, "brief.checks_hold")
        } else {
            labels::text(lang, "brief.checks_fail")
        };
        let quality = labels::fill(
            lang,
            "brief.quality",
            &[
                ("read", &count(q.read)),
                ("accepted", &count(q.accepted)),
                ("rejected", &count(q.rejected)),
                ("errors", &count(q.errors)),
                ("warnings", &count(q.warnings)),
                ("checks", checks),
            ],
        );
        let files: Vec<&str> = self.context.files.iter().map(|f| f.name.as_str()).collect();
        let inputs = labels::fill(
            lang,
            "brief.inputs",
            &[(
                "files",
                &files.join(labels::text(lang, "summary.list_separator")),
            )],
        );
        let class = if checks_hold && q.rejected == 0 {
            "quality ok"
        } else {
            "quality warn"
        };
        format!(
            "<footer>\n<p class=\"{class}\" data-figure=\"quality\">{}</p>\n<p>{}</p>\n<p>{} · {}</p>\n</footer>\n",
            escape(&quality),
            escape(&inputs),
            escape(&format!(
                "{} {}",
                labels::text(lang, "summary.period"),
                self.period_text()
            )),
            escape(labels::text(lang, "brief.source")),
        )
    }
}

/// The colour of a change: green when the figure got better, red when worse; none for cost,
/// which is neither.
fn change_tone(metric: MetricId, change: Option<f64>) -> &'static str {
    let better = if metric.entry().lower_is_better {
        -1.0
    } else {
        1.0
    };
    match change {
        _ if metric == MetricId::Cost => "",
        Some(c) if c * better > 0.0 => " up",
        Some(c) if c * better < 0.0 => " down",
        _ => "",
    }
}

fn section_open(class: &str, heading: &str) -> String {
    format!(
        "<section class=\"{class}\">\n<h2>{}</h2>\n",
        escape(heading)
    )
}

/// A status in its colour (the workbook's status tones): its mark (● ▲ ✕ —) and its word, which
/// the printed page leaves out where columns are narrow.
fn status_badge(lang: Lang, status: KpiStatus) -> String {
    let (fill, font) = Tone::of_status(status).colours();
    let label = labels::status(lang, status);
    let (mark, word) = label.split_once(' ').unwrap_or((label, ""));
    format!(
        "<span class=\"status\" style=\"background:#{fill:06x};color:#{font:06x}\" title=\"{}\">{}<span class=\"word\"> {}</span></span>",
        escape(label),
        escape(mark),
        escape(word)
    )
}

/// The page's styles: a grid on a wide screen, one column on a phone, one A4 landscape page on
/// paper. Japanese text in the fonts the reader's system has.
fn style() -> &'static str {
    r#"
:root { --ink:#1f2933; --muted:#52606d; --rule:#d9e2ec; --navy:#1f3a5f; --up:#006100; --down:#9c0006; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f7fa; color: var(--ink);
  font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, "Noto Sans CJK JP", "Noto Sans JP", "IPAPGothic", "IPAexGothic", "IPAGothic", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 15px; line-height: 1.5; }
main.brief { max-width: 1240px; margin: 0 auto; padding: 16px; display: grid; gap: 12px;
  grid-template-columns: repeat(2, minmax(0, 1fr));
  grid-template-areas: "kgi kgi" "high headline" "funnel kpi" "channels kpi" "channels trend" "posts trend" "foot foot"; }
header.kgi { grid-area: kgi; } section.highlights { grid-area: high; } section.headline { grid-area: headline; }
section.funnel { grid-area: funnel; } section.kpi { grid-area: kpi; } section.channels { grid-area: channels; }
section.trend { grid-area: trend; } section.posts { grid-area: posts; } footer { grid-area: foot; }
header.kgi, section, footer { background: #fff; border: 1px solid var(--rule); border-radius: 8px; padding: 12px 16px; min-width: 0; }
header.kgi { border-top: 4px solid var(--navy); }
h1 { font-size: 1.6em; margin: 0.1em 0; font-weight: 700; }
h1 .figure { color: var(--navy); }
h2 { font-size: 1em; margin: 0 0 0.5em; color: var(--navy); border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
h3 { font-size: 0.95em; margin: 0.8em 0 0.3em; color: var(--navy); }
.eyebrow, .basis, .note, footer { color: var(--muted); font-size: 0.85em; margin: 0.2em 0; }
.facts { margin: 0.1em 0 0.3em; }
.kgi-other { margin: 0.3em 0 0; font-weight: 600; }
.status { display: inline-block; padding: 0 0.5em; border-radius: 4px; font-size: 0.8em; font-weight: 700; white-space: nowrap; vertical-align: middle; }
section.highlights ul { margin: 0; padding-left: 1.2em; }
section.highlights li { margin: 0.15em 0; }
table { width: 100%; border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.15em 0.4em; border-bottom: 1px solid var(--rule); text-align: left; font-weight: normal; }
thead th { color: var(--muted); font-size: 0.85em; border-bottom: 1px solid var(--muted); }
tbody th { font-weight: 600; }
.table { overflow-x: auto; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.change.up { color: var(--up); } .change.down { color: var(--down); }
tr.layer td { color: var(--navy); font-weight: 700; font-size: 0.85em; padding-top: 0.4em; border-bottom: 1px solid var(--navy); }
section.kpi tbody th { padding-left: 0.9em; }
ol.posts, ul.posts { margin: 0; padding-left: 1.4em; font-size: 0.9em; }
ol.posts li, ul.posts li { margin: 0.15em 0; }
.post-title { overflow-wrap: anywhere; }
.platform { color: var(--muted); font-size: 0.85em; }
.warning { color: var(--down); font-weight: 700; margin: 0.2em 0; }
.quality.ok { color: var(--up); } .quality.warn { color: var(--down); }
svg { display: block; max-width: 100%; height: auto; }
@media screen and (max-width: 860px) {
  body { font-size: 15px; }
  main.brief { padding: 8px; grid-template-columns: minmax(0, 1fr);
    grid-template-areas: "kgi" "high" "headline" "funnel" "kpi" "channels" "trend" "posts" "foot"; }
  h1 { font-size: 1.35em; }
  table { font-size: 0.85em; }
  section.headline .then { display: none; }
}
@media screen and (min-width: 861px) { svg { max-width: 560px; } }
@page { size: A4 landscape; margin: 7mm; }
@media print {
  body { background: #fff; font-size: 6.6pt; line-height: 1.3; }
  /* One A4 landscape page: the KGI across the top, four columns under it (the headline figures'
     the widest), the inputs across the bottom; each box as tall as its content. */
  main.brief { max-width: none; padding: 0; gap: 2mm; align-items: start;
    grid-template-columns: 0.95fr 1.35fr 1fr 1fr;
    grid-template-areas: "kgi kgi kgi kgi" "high headline kpi channels" "funnel headline kpi channels" "funnel trend kpi posts" "foot foot foot foot"; }
  header.kgi, section, footer { border-radius: 0; padding: 1.5mm 2mm; break-inside: avoid; }
  h1 { font-size: 14pt; }
  h2 { font-size: 7.5pt; margin-bottom: 0.8mm; }
  table { font-size: 6.2pt; }
  th, td { padding: 0.1em 0.25em; }
  .table { overflow: visible; }
  section.kpi .status .word { display: none; }
  svg { max-height: 48mm; }
}
"#
}
