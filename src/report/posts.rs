//! 投稿別 / Posts: every accepted post with its metrics, engagement rate, CTR, the leads,
//! opportunities and won deals linked to it, and its attributed revenue under the run's model.
//! Posts with high engagement and no linked lead are flagged: likes that did not turn into pipeline.

use rust_xlsxwriter::{ConditionalFormatFormula, Worksheet};

use super::cells::{col_index, Figure, Kind, SheetWriter, Styles, Tone, XResult};
use super::formulas::Formulas;
use super::labels;
use super::{ReportContext, SheetNames};
use crate::config::EngagementBasis;

const HEADER_ROW: u32 = 3;

pub fn sheet(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &Formulas,
) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let mut s = SheetWriter::new(&names.posts, styles, context.values_only)?;
    s.heading(0, 0, lang.pick("投稿別", "Posts"), &styles.title)?;
    s.heading(
        1,
        0,
        lang.pick(
            "⚑ = 期間内の投稿でエンゲージメント上位25%なのにリードが0件。リード・商談・受注は期間内の件数、貢献売上は選んだモデルによる配分。",
            "⚑ = a post of the period in the top quarter by engagements with no lead. Leads, opportunities and won count the period; attributed revenue follows the chosen model.",
        ),
        &styles.note,
    )?;
    let headers = [
        lang.pick("投稿ID", "Post id"),
        lang.pick("プラットフォーム", "Platform"),
        lang.pick("公開日時", "Published"),
        lang.pick("期間内", "In period"),
        lang.pick("キャンペーン", "Campaign"),
        lang.pick("タイトル", "Title"),
        lang.pick("形式", "Format"),
        lang.pick("インプレッション", "Impressions"),
        lang.pick("リーチ", "Reach"),
        lang.pick("エンゲージメント", "Engagements"),
        lang.pick("クリック数", "Clicks"),
        lang.pick("エンゲージメント率", "Engagement rate"),
        lang.pick("クリック率 (CTR)", "CTR"),
        lang.pick("完全再生率", "Completion rate"),
        lang.pick("リード数", "Leads"),
        lang.pick("商談数", "Opportunities"),
        lang.pick("受注数", "Won deals"),
        lang.pick("貢献売上", "Attributed revenue"),
        lang.pick("要確認", "Flag"),
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
        let leads = formulas.post_leads(&id);
        s.figure(
            row,
            14,
            figure(Some(figures.leads as f64), leads),
            Kind::Count,
        )?;
        let opportunities = formulas.post_opportunities(&id);
        s.figure(
            row,
            15,
            figure(Some(figures.opportunities as f64), opportunities),
            Kind::Count,
        )?;
        let won = formulas.post_won(&id);
        s.figure(row, 16, figure(Some(figures.won as f64), won), Kind::Count)?;
        let revenue = formulas.post_attributed_revenue(&id);
        s.figure(
            row,
            17,
            figure(Some(figures.attributed_revenue), revenue),
            Kind::Money,
        )?;
        if figures.flagged {
            let text = lang.pick(
                "⚑ 高エンゲージメント・リードなし",
                "⚑ high engagement, no leads",
            );
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
