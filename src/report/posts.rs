//! 投稿別 / Posts: every accepted post with its metrics, engagement rate, CTR, the leads,
//! opportunities and won deals linked to it, and its attributed revenue under the run's model.
//! Posts with high engagement and no linked lead are flagged: likes that did not turn into pipeline.

use rust_xlsxwriter::{ConditionalFormatFormula, Worksheet};

use super::a1::{cell_on, within_period, MODEL};
use super::columns::{at, col, DEALS, LEADS, LINEAGE, POSTS};
use super::context::ReportContext;
use super::formulas::Formulas;
use super::labels;
use super::names::SheetNames;
use super::style::{Kind, Styles, Tone};
use super::writer::{col_index, Figure, SheetWriter, XResult};
use crate::config::EngagementBasis;

const HEADER_ROW: u32 = 3;

/// The 1-based rows of the sheet's first and last post, for `n` posts.
pub(super) fn data_rows(n: usize) -> (u32, u32) {
    (HEADER_ROW + 2, HEADER_ROW + 1 + n as u32)
}

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.posts, styles, context.values_only)?;
    s.heading(0, 0, labels::text(lang, "posts.posts"), &styles.title)?;
    s.heading(
        1,
        0,
        labels::text(lang, "posts.a_post_of_the_period_in"),
        &styles.note,
    )?;
    let headers = [
        labels::text(lang, "posts.post_id"),
        labels::text(lang, "posts.platform"),
        labels::text(lang, "posts.published"),
        labels::text(lang, "posts.in_period"),
        labels::text(lang, "posts.campaign"),
        labels::text(lang, "posts.title"),
        labels::text(lang, "posts.format"),
        labels::text(lang, "posts.impressions"),
        labels::text(lang, "posts.reach"),
        labels::text(lang, "posts.engagements"),
        labels::text(lang, "posts.clicks"),
        labels::text(lang, "posts.engagement_rate"),
        labels::text(lang, "posts.ctr"),
        labels::text(lang, "posts.completion_rate"),
        labels::text(lang, "posts.leads"),
        labels::text(lang, "posts.opportunities"),
        labels::text(lang, "posts.won_deals"),
        labels::text(lang, "posts.attributed_revenue"),
        labels::text(lang, "posts.flag"),
    ];
    s.header_row(HEADER_ROW, &headers)?;
    let mut row = HEADER_ROW;
    for figures in &context.metrics.posts {
        let Some(post) = context.dataset.posts.get(figures.post_index) else {
            continue;
        };
        row += 1;
        s.text(row, 0, &post.post_id)?;
        s.text(row, 1, &labels::channel(lang, &figures.platform))?;
        s.datetime(row, 2, post.published_at)?;
        s.text(row, 3, if figures.in_period { "○" } else { "" })?;
        s.opt_text(row, 4, post.campaign.as_deref())?;
        s.opt_text(row, 5, post.title.as_deref())?;
        s.opt_text(row, 6, post.format.as_deref())?;
        let m = &post.metrics;
        s.number(row, 7, m.impressions.map(|v| v as f64), Kind::Count)?;
        s.number(row, 8, m.reach.map(|v| v as f64), Kind::Count)?;
        // The post's row on the posts data sheet (one sheet: formulas are off when it is split).
        let data_row = figures.post_index + 2;
        let cell = |col: &str| format!("{col}{}", row + 1);
        let figure = |value: Option<f64>, formula: Option<String>| Figure { value, formula };
        let engagements = formulas.post_cell("engagements_total", data_row);
        s.figure(
            row,
            9,
            figure(Some(figures.engagements as f64), engagements),
            Kind::Count,
        )?;
        s.number(row, 10, m.clicks.map(|v| v as f64), Kind::Count)?;
        let basis = match context.config.engagement_rate_basis {
            EngagementBasis::Impressions => cell("H"),
            EngagementBasis::Reach => cell("I"),
        };
        let rate = formulas.ratio(&cell("J"), &basis);
        s.figure(row, 11, figure(figures.engagement_rate, rate), Kind::Rate)?;
        let ctr = formulas.ratio(&cell("K"), &cell("H"));
        s.figure(row, 12, figure(figures.ctr, ctr), Kind::Rate)?;
        let completion = formulas.ratio(
            &formulas.post_ref("video_completions", data_row),
            &formulas.post_ref("video_views", data_row),
        );
        s.figure(
            row,
            13,
            figure(figures.completion_rate, completion),
            Kind::Rate,
        )?;
        let id = cell("$A");
        let leads = formulas.post_leads(figures.post_index, &id);
        s.figure(
            row,
            14,
            figure(Some(figures.leads as f64), leads),
            Kind::Count,
        )?;
        let opportunities = formulas.post_opportunities(figures.post_index, &id);
        s.figure(
            row,
            15,
            figure(Some(figures.opportunities as f64), opportunities),
            Kind::Count,
        )?;
        let won = formulas.post_won(figures.post_index, &id);
        s.figure(row, 16, figure(Some(figures.won as f64), won), Kind::Count)?;
        let revenue = formulas.post_attributed_revenue(figures.post_index, &id);
        s.figure(
            row,
            17,
            figure(Some(figures.attributed_revenue), revenue),
            Kind::Money,
        )?;
        if figures.flagged {
            let text = labels::text(lang, "posts.high_engagement_no_leads");
            s.text_with(row, col_index(18), text, styles.tone(Tone::Warn))?;
        }
    }
    s.table(HEADER_ROW, row, headers.len())?;
    // High engagement and no lead: the row lights up, and follows the lead count on recalculation.
    if let (Some(threshold), true) = (
        crate::metrics::high_engagement_threshold(&context.metrics.posts),
        row > HEADER_ROW,
    ) {
        let first = HEADER_ROW + 2;
        let rule = format!("=AND($D{first}<>\"\",$O{first}=0,$J{first}>0,$J{first}>={threshold})");
        let conditional = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(styles.tone(Tone::Warn));
        s.sheet_mut()
            .add_conditional_format(HEADER_ROW + 1, 0, row, 17, &conditional)?;
    }
    s.finish()
}

/// The Posts sheet's formulas: a post's leads, deals and revenue, and cells of its data row. The
/// leads, deals and lineage rows stand grouped by post (by_post.rs), so each post's figure counts
/// or sums its own rows, the post id and the period still criteria; a post without any such row
/// has no range to count over, and its 0 is written as a value (`None` here).
impl Formulas {
    /// Leads created in the period linked to post `post` (index in the posts), id in `post_cell`.
    pub fn post_leads(&self, post: usize, post_cell: &str) -> Option<String> {
        let rows = self.post_rows.leads.rows(post)?;
        let col = |col: u16| self.lead_rows(col, rows);
        self.make(format!(
            "COUNTIFS({},{post_cell},{})",
            col(at!(LEADS, "linked_post")),
            within_period(&col(at!(LEADS, "created_at")))
        ))
    }

    /// Deals created in the period whose lead is linked to the post.
    pub fn post_opportunities(&self, post: usize, post_cell: &str) -> Option<String> {
        let rows = self.post_rows.deals.rows(post)?;
        let col = |col: u16| self.deal_rows(col, rows);
        self.make(format!(
            "COUNTIFS({},{post_cell},{})",
            col(at!(DEALS, "linked_post")),
            within_period(&col(at!(DEALS, "created_at")))
        ))
    }

    /// Won deals closed in the period whose lead is linked to the post.
    pub fn post_won(&self, post: usize, post_cell: &str) -> Option<String> {
        let rows = self.post_rows.deals.rows(post)?;
        let col = |col: u16| self.deal_rows(col, rows);
        self.make(format!(
            "COUNTIFS({},{post_cell},{},\"won\",{})",
            col(at!(DEALS, "linked_post")),
            col(at!(DEALS, "status")),
            within_period(&col(at!(DEALS, "closed_at")))
        ))
    }

    /// Credit x amount of the run's model on touches linked to the post.
    pub fn post_attributed_revenue(&self, post: usize, post_cell: &str) -> Option<String> {
        let rows = self.post_rows.lineage.rows(post)?;
        let col = |col: u16| self.lineage_rows(col, rows);
        self.make(format!(
            "SUMIFS({},{},{MODEL},{},{post_cell})",
            col(at!(LINEAGE, "attributed_amount")),
            col(at!(LINEAGE, "model")),
            col(at!(LINEAGE, "post_id"))
        ))
    }

    /// A cell of the posts data sheet, e.g. the engagements of the post on data row 7.
    pub fn post_cell(&self, field: &str, data_row: usize) -> Option<String> {
        self.make(cell_on(&self.posts, col(&POSTS, field), data_row))
    }

    /// A cell reference into the posts data sheet without the leading `=`, for use inside formulas.
    pub fn post_ref(&self, field: &str, data_row: usize) -> String {
        cell_on(&self.posts, col(&POSTS, field), data_row)
    }
}
