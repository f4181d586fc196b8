//! Display names of metrics, channels, funnel stages, models and statuses in the report language.
//! Ids stay the stable English ids of the spec; these are what a person reads beside them.

use crate::lang::Lang;
use crate::metrics::KpiStatus;

/// A metric's name for people: `cpa` -> リード獲得単価 (CPA). Unknown ids (custom metrics,
/// `conversions:<type>`) are shown as written.
pub fn metric(lang: Lang, id: &str) -> String {
    if let Some(kind) = id.strip_prefix("conversions:") {
        return format!("{} ({kind})", lang.pick("コンバージョン", "conversions"));
    }
    let (ja, en) = match id {
        "cost" => ("費用", "Cost"),
        "sns_cost" => ("SNS費用", "SNS cost"),
        "leads" => ("リード数", "Leads"),
        "sns_leads" => ("SNS経由リード数", "SNS leads"),
        "mql" => ("MQL数", "MQL"),
        "opportunities" => ("商談数", "Opportunities"),
        "won" => ("受注数", "Won deals"),
        "lost" => ("失注数", "Lost deals"),
        "revenue" => ("売上", "Revenue"),
        "attributed_won" => ("貢献受注数", "Attributed won"),
        "attributed_revenue" => ("貢献売上", "Attributed revenue"),
        "sns_attributed_won" => ("SNS貢献受注数", "SNS attributed won"),
        "sns_attributed_revenue" => ("SNS貢献売上", "SNS attributed revenue"),
        "cpa" => ("リード獲得単価 (CPA)", "CPA"),
        "sns_cpa" => ("SNSリード獲得単価 (CPA)", "SNS CPA"),
        "cost_per_mql" => ("MQL単価", "Cost per MQL"),
        "cac" => ("顧客獲得単価 (CAC)", "CAC"),
        "sns_cac" => ("SNS顧客獲得単価 (CAC)", "SNS CAC"),
        "roas" => ("ROAS", "ROAS"),
        "sns_roas" => ("SNS ROAS", "SNS ROAS"),
        "roi" => ("ROI", "ROI"),
        "sns_roi" => ("SNS ROI", "SNS ROI"),
        "arpa" => ("顧客単価/月 (ARPA)", "ARPA (monthly)"),
        "ltv" => ("顧客生涯価値 (LTV)", "LTV"),
        "ltv_cac" => ("LTV:CAC", "LTV:CAC"),
        "payback_months" => ("CAC回収期間 (月)", "Payback (months)"),
        "lead_to_mql" => ("リード→MQL率", "Lead to MQL"),
        "mql_to_opportunity" => ("MQL→商談化率", "MQL to opportunity"),
        "opportunity_rate" => ("リード→商談化率", "Lead to opportunity"),
        "win_rate" => ("受注率", "Win rate"),
        "average_won_amount" => ("平均受注額", "Average won amount"),
        "conversions" => ("コンバージョン", "Conversions"),
        "posts" => ("投稿数", "Posts"),
        "impressions" => ("インプレッション", "Impressions"),
        "reach" => ("リーチ", "Reach"),
        "engagements" => ("エンゲージメント", "Engagements"),
        "engagement_rate" => ("エンゲージメント率", "Engagement rate"),
        "clicks" => ("クリック数", "Clicks"),
        "ctr" => ("クリック率 (CTR)", "CTR"),
        "video_views" => ("動画再生数", "Video views"),
        "video_completions" => ("動画完全再生数", "Video completions"),
        "completion_rate" => ("完全再生率", "Completion rate"),
        "gross_margin" => ("粗利率", "Gross margin"),
        "sessions" => ("セッション数", "Sessions"),
        "cv_rate" => ("CV率 (セッション→リード)", "CV rate (session to lead)"),
        _ => return id.to_string(),
    };
    lang.pick(ja, en).to_string()
}

/// A channel id's name for people. Team-added ids are shown as they are.
pub fn channel(lang: Lang, id: &str) -> String {
    let (ja, en) = match id {
        "linkedin" => ("LinkedIn", "LinkedIn"),
        "x" => ("X (旧Twitter)", "X (Twitter)"),
        "facebook" => ("Facebook", "Facebook"),
        "instagram" => ("Instagram", "Instagram"),
        "youtube" => ("YouTube", "YouTube"),
        "tiktok" => ("TikTok", "TikTok"),
        "line" => ("LINE", "LINE"),
        "note" => ("note", "note"),
        "webinar" => ("ウェビナー", "Webinar"),
        "event" => ("展示会・イベント", "Event"),
        "search_ads" => ("リスティング広告", "Search ads"),
        "display_ads" => ("ディスプレイ広告", "Display ads"),
        "organic_search" => ("自然検索", "Organic search"),
        "email" => ("メール", "Email"),
        "referral" => ("紹介", "Referral"),
        "direct" => ("直接", "Direct"),
        "other" => ("その他", "Other"),
        "unattributed" => ("未紐付け", "Unattributed"),
        _ => return id.to_string(),
    };
    lang.pick(ja, en).to_string()
}

/// An attribution model id's name for people.
pub fn model(lang: Lang, id: &str) -> String {
    let (ja, en) = match id {
        "first_touch" => ("ファーストタッチ", "First touch"),
        "last_touch" => ("ラストタッチ", "Last touch"),
        "linear" => ("線形 (均等配分)", "Linear"),
        "position" => ("接点ベース (40/20/40)", "Position based (40/20/40)"),
        "w_shaped" => ("W型", "W-shaped"),
        "time_decay" => ("減衰", "Time decay"),
        "markov" => ("マルコフ連鎖", "Markov chain"),
        _ => return id.to_string(),
    };
    format!("{} ({id})", lang.pick(ja, en))
}

/// A KPI status as a word with a sign, so it reads without colour too.
pub fn status(lang: Lang, status: KpiStatus) -> &'static str {
    match status {
        KpiStatus::OnTrack => lang.pick("● 達成", "● on track"),
        KpiStatus::AtRisk => lang.pick("▲ 注意", "▲ at risk"),
        KpiStatus::OffTrack => lang.pick("✕ 未達", "✕ off track"),
        KpiStatus::NoTarget => lang.pick("— 目標なし", "— no target"),
    }
}

/// The name of a KPI layer.
pub fn layer(lang: Lang, layer: u8) -> String {
    match layer {
        1 => lang.pick("1 KGI直結", "1 Tied to the KGI").to_string(),
        2 => lang
            .pick("2 リード獲得・育成", "2 Lead generation and nurturing")
            .to_string(),
        3 => lang
            .pick("3 プラットフォーム別", "3 Per platform")
            .to_string(),
        n => n.to_string(),
    }
}

/// Which basis ROI uses: gross profit when a gross margin below 100% is set, else revenue.
pub fn roi_basis(lang: crate::lang::Lang, gross_margin: f64) -> String {
    let percent = format!("{:.1}%", gross_margin * 100.0);
    if gross_margin < 1.0 {
        match lang {
            Lang::Ja => format!("粗利ベース (粗利率 {percent})"),
            crate::lang::Lang::En => format!("gross profit (gross margin {percent})"),
        }
    } else {
        lang.pick("売上ベース (粗利率 100%)", "revenue (gross margin 100%)")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_have_names_in_both_languages_and_unknown_ids_stay_as_written() {
        assert_eq!(metric(Lang::Ja, "cac"), "顧客獲得単価 (CAC)");
        assert_eq!(metric(Lang::En, "cac"), "CAC");
        assert_eq!(metric(Lang::Ja, "nps"), "nps");
        assert_eq!(
            metric(Lang::Ja, "conversions:資料請求"),
            "コンバージョン (資料請求)"
        );
        assert_eq!(channel(Lang::Ja, "unattributed"), "未紐付け");
        assert_eq!(channel(Lang::En, "search_ads"), "Search ads");
        assert_eq!(channel(Lang::Ja, "partner_x"), "partner_x");
        assert_eq!(model(Lang::En, "linear"), "Linear (linear)");
        assert_eq!(roi_basis(Lang::Ja, 0.8), "粗利ベース (粗利率 80.0%)");
        assert_eq!(roi_basis(Lang::En, 1.0), "revenue (gross margin 100%)");
    }
}
