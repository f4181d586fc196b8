//! Channel ids and their aliases. The canonical ids are those of SPEC section 1; teams add aliases
//! with `[channels]` and choose which ids count as SNS with `sns_channels`.

use std::collections::{BTreeMap, BTreeSet};

use crate::values::{loose_key, normalize_key};

/// SNS channel ids by default. `social` is a social network whose platform is unknown (what web
/// analytics and CRMs call "Organic Social" or "Paid Social").
pub const DEFAULT_SNS: [&str; 9] = [
    "linkedin",
    "x",
    "facebook",
    "instagram",
    "youtube",
    "tiktok",
    "line",
    "note",
    "social",
];

/// The other channel ids.
pub const OTHER_CHANNELS: [&str; 9] = [
    "webinar",
    "event",
    "search_ads",
    "display_ads",
    "organic_search",
    "email",
    "referral",
    "direct",
    "other",
];

/// The channel key under which deals without a (known) lead, and won deals without touches in the
/// attribution window, are counted.
pub const UNATTRIBUTED: &str = "unattributed";

/// Resolves written channel names and utm_source values to channel ids.
#[derive(Debug, Clone)]
pub struct ChannelCatalog {
    /// normalised alias -> channel id
    aliases: BTreeMap<String, String>,
    sns: BTreeSet<String>,
}

/// Written names of the built-in channels, besides the ids themselves. Compared after
/// `normalize_key`, so `X（旧Twitter）` and `x(旧twitter)` are one alias.
pub const BUILT_IN_ALIASES: [(&str, &[&str]); 18] = [
    (
        "linkedin",
        &[
            "LinkedIn",
            "Linked In",
            "リンクトイン",
            "リンクドイン",
            "LinkedIn広告",
        ],
    ),
    (
        "x",
        &[
            "X",
            "Twitter",
            "X(旧Twitter)",
            "X (旧Twitter)",
            "旧Twitter",
            "X/Twitter",
            "ツイッター",
            "エックス",
            "X広告",
            "Twitter広告",
        ],
    ),
    (
        "facebook",
        &[
            "Facebook",
            "FB",
            "フェイスブック",
            "Meta",
            "Facebook広告",
            "Meta広告",
        ],
    ),
    (
        "instagram",
        &[
            "Instagram",
            "IG",
            "インスタ",
            "インスタグラム",
            "Instagram広告",
        ],
    ),
    ("youtube", &["YouTube", "YT", "ユーチューブ", "YouTube広告"]),
    ("tiktok", &["TikTok", "ティックトック", "TikTok広告"]),
    (
        "line",
        &[
            "LINE",
            "LINE公式",
            "LINE公式アカウント",
            "ライン",
            "LINE広告",
        ],
    ),
    ("note", &["note", "ノート", "note.com"]),
    (
        "social",
        &[
            "SNS",
            "social",
            "social media",
            "social network",
            "ソーシャル",
            "ソーシャルメディア",
            "SNS広告",
        ],
    ),
    (
        "webinar",
        &[
            "ウェビナー",
            "Webinar",
            "オンラインセミナー",
            "セミナー",
            "seminar",
        ],
    ),
    (
        "event",
        &[
            "展示会",
            "イベント",
            "カンファレンス",
            "Event",
            "Exhibition",
            "trade show",
            "オフラインイベント",
        ],
    ),
    (
        "search_ads",
        &[
            "リスティング",
            "リスティング広告",
            "検索広告",
            "Google広告",
            "Google Ads",
            "Yahoo!広告",
            "SEM",
            "PPC",
            "search ads",
            "paid search",
        ],
    ),
    (
        "display_ads",
        &[
            "ディスプレイ広告",
            "バナー広告",
            "display",
            "display ads",
            "ディスプレイ",
        ],
    ),
    (
        "organic_search",
        &[
            "自然検索",
            "SEO",
            "オーガニック検索",
            "organic",
            "organic search",
            "検索",
        ],
    ),
    (
        "email",
        &[
            "メール",
            "メルマガ",
            "メールマガジン",
            "Eメール",
            "newsletter",
            "e-mail",
            "mail",
            "email",
        ],
    ),
    (
        "referral",
        &[
            "紹介",
            "リファラル",
            "パートナー紹介",
            "referral",
            "顧客紹介",
        ],
    ),
    ("direct", &["直接", "ダイレクト", "直接流入", "direct"]),
    ("other", &["その他", "other", "others"]),
];

/// Channel names written by web analytics and CRMs, by where they come from, each with the id it
/// maps to (SPEC section 1). Like every alias they are matched in any case, and with `_`, `-` or
/// spaces between words alike: `paid_search`, `Paid Search` and `PAID-SEARCH` are one name.
pub const ANALYTICS_CHANNELS: [(&str, &[(&str, &str)]); 4] = [
    (
        "GA4 default channel groups",
        &[
            ("Direct", "direct"),
            ("(direct)", "direct"),
            ("(none)", "direct"),
            ("Organic Search", "organic_search"),
            ("Paid Search", "search_ads"),
            ("Organic Social", "social"),
            ("Paid Social", "social"),
            ("Email", "email"),
            ("Referral", "referral"),
            ("Affiliates", "referral"),
            ("Display", "display_ads"),
            ("Paid Other", "other"),
            ("Unassigned", "other"),
            ("(other)", "other"),
            ("(not set)", "other"),
            ("Organic Video", "youtube"),
            ("Paid Video", "youtube"),
            ("Organic Shopping", "organic_search"),
            ("Paid Shopping", "search_ads"),
            ("Cross-network", "other"),
            ("Audio", "other"),
            ("SMS", "other"),
            ("Mobile Push Notifications", "other"),
            ("オーガニック検索", "organic_search"),
            ("有料検索", "search_ads"),
            ("オーガニック ソーシャル", "social"),
            ("有料ソーシャル", "social"),
            ("ノーリファラー", "direct"),
            ("アフィリエイト", "referral"),
            ("ディスプレイ", "display_ads"),
            ("割り当てなし", "other"),
        ],
    ),
    (
        "HubSpot original (traffic) source",
        &[
            ("ORGANIC_SEARCH", "organic_search"),
            ("PAID_SEARCH", "search_ads"),
            ("EMAIL_MARKETING", "email"),
            ("SOCIAL_MEDIA", "social"),
            ("PAID_SOCIAL", "social"),
            ("REFERRALS", "referral"),
            ("AI_REFERRALS", "referral"),
            ("DIRECT_TRAFFIC", "direct"),
            ("OFFLINE", "event"),
            ("Offline sources", "event"),
            ("OTHER_CAMPAIGNS", "other"),
            ("検索連動型広告", "search_ads"),
            ("検索連動広告", "search_ads"),
            ("ペイドサーチ", "search_ads"),
            ("Eメールマーケティング", "email"),
            ("メールマーケティング", "email"),
            ("オーガニックソーシャル", "social"),
            ("ソーシャル広告", "social"),
            ("リファーラル", "referral"),
            ("参照元", "referral"),
            ("直接トラフィック", "direct"),
            ("ダイレクトトラフィック", "direct"),
            ("オフラインソース", "event"),
            ("他のキャンペーン", "other"),
            ("その他のキャンペーン", "other"),
        ],
    ),
    (
        "utm_medium and common spellings",
        &[
            ("cpc", "search_ads"),
            ("paidsearch", "search_ads"),
            ("banner", "display_ads"),
            ("cpm", "display_ads"),
            ("affiliate", "referral"),
            ("other publicities", "other"),
        ],
    ),
    (
        "CRM lead sources (Salesforce, Zoho)",
        &[
            ("Partner Referral", "referral"),
            ("Employee Referral", "referral"),
            ("External Referral", "referral"),
            ("Word of mouth", "referral"),
            ("Trade Show", "event"),
            ("Seminar - Internal", "webinar"),
            ("Seminar - Partner", "webinar"),
            ("Seminar Partner", "webinar"),
            ("Internal Seminar", "webinar"),
        ],
    ),
];

/// utm_source values that are not channel names: short links and hosts of the platforms.
/// Search engines (`google`, `yahoo`, `bing`) are left out on purpose: the same source is tagged on
/// paid and organic traffic, and only utm_medium could tell them apart.
pub const UTM_SOURCES: [(&str, &[&str]); 10] = [
    ("linkedin", &["lnkd.in", "lnkd", "linkedin.com"]),
    ("x", &["t.co", "twitter", "twitter.com", "x.com", "tw"]),
    (
        "facebook",
        &[
            "fb",
            "facebook.com",
            "m.facebook.com",
            "l.facebook.com",
            "fb.com",
            "fb.me",
        ],
    ),
    ("instagram", &["ig", "instagram.com", "l.instagram.com"]),
    (
        "youtube",
        &["yt", "youtube.com", "youtu.be", "m.youtube.com"],
    ),
    ("tiktok", &["tiktok.com"]),
    ("line", &["line.me", "lin.ee"]),
    ("note", &["note.com", "note.mu"]),
    (
        "email",
        &[
            "newsletter",
            "mailchimp",
            "mailmagazine",
            "mail_magazine",
            "benchmark",
            "hubspot_email",
        ],
    ),
    ("webinar", &["zoom", "zoom.us"]),
];

/// Mediums of a web analytics `source / medium` (GA4's `Session source / medium`): medium ->
/// channel id. A medium of a paid, social or referral visit from an SNS platform's source gives
/// that platform (`t.co / referral` is X, `linkedin / cpc` LinkedIn's ads) rather than the
/// medium's channel.
pub const MEDIUMS: [(&str, &str); 17] = [
    ("(none)", "direct"),
    ("organic", "organic_search"),
    ("cpc", "search_ads"),
    ("ppc", "search_ads"),
    ("paid", "search_ads"),
    ("paidsearch", "search_ads"),
    ("paid search", "search_ads"),
    ("display", "display_ads"),
    ("banner", "display_ads"),
    ("cpm", "display_ads"),
    ("email", "email"),
    ("e-mail", "email"),
    ("newsletter", "email"),
    ("referral", "referral"),
    ("social", "social"),
    ("sns", "social"),
    ("paid social", "social"),
];

/// Medium channels an SNS platform's source makes that platform's.
const PLATFORM_MEDIUMS: [&str; 4] = ["search_ads", "display_ads", "referral", "social"];

impl ChannelCatalog {
    /// The built-in ids and aliases, with the default SNS set.
    pub fn new() -> Self {
        let mut catalog = ChannelCatalog {
            aliases: BTreeMap::new(),
            sns: DEFAULT_SNS.iter().map(|s| s.to_string()).collect(),
        };
        for id in DEFAULT_SNS.iter().chain(OTHER_CHANNELS.iter()) {
            catalog.add_alias(id, id);
        }
        for (id, aliases) in BUILT_IN_ALIASES {
            for alias in aliases {
                catalog.add_alias(alias, id);
            }
        }
        for (_, names) in ANALYTICS_CHANNELS {
            for (name, id) in names {
                catalog.add_alias(name, id);
            }
        }
        catalog
    }

    /// Adds team aliases (`[channels]` in the config): written name -> channel id. A new id is allowed.
    pub fn add_alias(&mut self, written: &str, id: &str) {
        let key = loose_key(written);
        let id = normalize_key(id);
        if key.is_empty() || id.is_empty() {
            return;
        }
        // A new id also resolves as itself.
        self.aliases
            .entry(loose_key(&id))
            .or_insert_with(|| id.clone());
        self.aliases.insert(key, id);
    }

    /// Replaces the SNS set (`sns_channels`).
    pub fn set_sns(&mut self, ids: &[String]) {
        self.sns = ids
            .iter()
            .map(|id| normalize_key(id))
            .filter(|id| !id.is_empty())
            .collect();
    }

    /// The id for a written channel name, or `None` when unknown (the caller warns and uses `other`).
    /// A web analytics `source / medium` (`google / organic`) resolves by `resolve_source_medium`.
    pub fn resolve(&self, written: &str) -> Option<String> {
        self.aliases.get(&loose_key(written)).cloned().or_else(|| {
            let (source, medium) = written.split_once(" / ")?;
            self.resolve_source_medium(source, medium)
        })
    }

    /// The channel of a GA4 `source / medium`: `(direct) / (none)` is direct; the medium's channel
    /// (`MEDIUMS`, else a channel alias), made the source's SNS platform for a paid, social or
    /// referral visit from one (`lnkd.in / referral` is LinkedIn); a medium nobody knows takes the
    /// source's platform when it is one. `None` when neither says (`(not set)`).
    pub fn resolve_source_medium(&self, source: &str, medium: &str) -> Option<String> {
        let medium_key = loose_key(medium);
        let by_medium = MEDIUMS
            .iter()
            .find(|(m, _)| loose_key(m) == medium_key)
            .map(|(_, id)| id.to_string())
            .or_else(|| self.aliases.get(&medium_key).cloned());
        let platform = self
            .resolve_utm_source(source.trim())
            .filter(|id| self.is_sns(id) && id != "social");
        match (by_medium, platform) {
            (Some(medium), Some(platform)) if PLATFORM_MEDIUMS.contains(&medium.as_str()) => {
                Some(platform)
            }
            (Some(medium), _) => Some(medium),
            (None, platform) => platform,
        }
    }

    /// The id for a utm_source value: channel aliases plus lnkd.in, t.co, twitter, fb, ig, yt and the
    /// platforms' hosts. A URL is reduced to its host first (`https://www.linkedin.com/feed` ->
    /// `linkedin.com`).
    pub fn resolve_utm_source(&self, utm_source: &str) -> Option<String> {
        let key = normalize_key(utm_source);
        if key.is_empty() {
            return None;
        }
        if let Some(id) = self.aliases.get(&loose_key(&key)) {
            return Some(id.clone());
        }
        let host = key
            .split_once("://")
            .map_or(key.as_str(), |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host);
        if let Some(id) = self.aliases.get(&loose_key(host)) {
            return Some(id.clone());
        }
        UTM_SOURCES
            .iter()
            .find(|(_, sources)| sources.contains(&host))
            .map(|(id, _)| id.to_string())
    }

    pub fn is_sns(&self, id: &str) -> bool {
        self.sns.contains(id)
    }

    pub fn sns_ids(&self) -> impl Iterator<Item = &str> {
        self.sns.iter().map(String::as_str)
    }

    /// Every known channel id (built-in and added), sorted.
    pub fn ids(&self) -> BTreeSet<String> {
        self.aliases.values().cloned().collect()
    }
}

impl Default for ChannelCatalog {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ga4_source_medium_resolves_to_a_channel() {
        let catalog = ChannelCatalog::new();
        let cases = [
            ("(direct) / (none)", Some("direct")),
            ("google / organic", Some("organic_search")),
            ("yahoo / organic", Some("organic_search")),
            ("google / cpc", Some("search_ads")),
            ("yahoo / ppc", Some("search_ads")),
            ("criteo / display", Some("display_ads")),
            ("newsletter / email", Some("email")),
            ("t.co / referral", Some("x")),
            ("lnkd.in / referral", Some("linkedin")),
            ("l.facebook.com / referral", Some("facebook")),
            ("linkedin / cpc", Some("linkedin")),
            ("example.com / referral", Some("referral")),
            ("instagram / social", Some("instagram")),
            ("somewhere / social", Some("social")),
            ("youtube.com / video", Some("youtube")),
            ("(not set) / (not set)", Some("other")),
            ("mystery / unknownmedium", None),
        ];
        for (written, id) in cases {
            assert_eq!(catalog.resolve(written).as_deref(), id, "{written}");
        }
    }

    #[test]
    fn every_built_in_id_resolves_to_itself() {
        let catalog = ChannelCatalog::new();
        for id in DEFAULT_SNS.iter().chain(OTHER_CHANNELS.iter()) {
            assert_eq!(catalog.resolve(id).as_deref(), Some(*id));
        }
        assert_eq!(catalog.ids().len(), 18);
    }

    #[test]
    fn spec_aliases_resolve() {
        let catalog = ChannelCatalog::new();
        let cases = [
            ("Twitter", "x"),
            ("X(旧Twitter)", "x"),
            ("X（旧Twitter）", "x"),
            ("ツイッター", "x"),
            ("フェイスブック", "facebook"),
            ("インスタ", "instagram"),
            ("ユーチューブ", "youtube"),
            ("LINE", "line"),
            ("展示会", "event"),
            ("ウェビナー", "webinar"),
            ("ｳｪﾋﾞﾅｰ", "webinar"),
            ("リスティング", "search_ads"),
            ("自然検索", "organic_search"),
            ("メール", "email"),
            ("メルマガ", "email"),
            ("紹介", "referral"),
            ("  LinkedIn ", "linkedin"),
            ("ＬＩＮＫＥＤＩＮ", "linkedin"),
        ];
        for (written, id) in cases {
            assert_eq!(catalog.resolve(written).as_deref(), Some(id), "{written}");
        }
        assert_eq!(catalog.resolve("Podcast"), None);
        assert_eq!(catalog.resolve(""), None);
    }

    #[test]
    fn web_analytics_and_crm_names_resolve_in_any_case_and_spelling() {
        let catalog = ChannelCatalog::new();
        let cases = [
            ("paid_search", "search_ads"),
            ("Paid Search", "search_ads"),
            ("paid-search", "search_ads"),
            ("PAID_SEARCH", "search_ads"),
            ("cpc", "search_ads"),
            ("organic_search", "organic_search"),
            ("ORGANIC_SEARCH", "organic_search"),
            ("direct_traffic", "direct"),
            ("DIRECT_TRAFFIC", "direct"),
            ("(direct)", "direct"),
            ("Organic Social", "social"),
            ("organic-social", "social"),
            ("social", "social"),
            ("SOCIAL_MEDIA", "social"),
            ("PAID_SOCIAL", "social"),
            ("EMAIL_MARKETING", "email"),
            ("REFERRALS", "referral"),
            ("OFFLINE", "event"),
            ("OTHER_CAMPAIGNS", "other"),
            ("display", "display_ads"),
            ("other_publicities", "other"),
            ("オーガニックソーシャル", "social"),
            ("直接トラフィック", "direct"),
            ("search-ads", "search_ads"),
            ("Seminar - Partner", "webinar"),
        ];
        for (written, id) in cases {
            assert_eq!(catalog.resolve(written).as_deref(), Some(id), "{written}");
        }
        // `social` is an SNS channel by default; `unknown` stays unknown (a warning, then `other`).
        assert!(catalog.is_sns("social"));
        assert_eq!(catalog.resolve("unknown"), None);
        // A team's id written with underscores resolves however it is spelt.
        let mut catalog = catalog;
        catalog.add_alias("Podcast", "audio_ads");
        assert_eq!(catalog.resolve("Audio-Ads").as_deref(), Some("audio_ads"));
    }

    #[test]
    fn utm_sources_map_by_alias_short_link_and_host() {
        let catalog = ChannelCatalog::new();
        let cases = [
            ("lnkd.in", "linkedin"),
            ("t.co", "x"),
            ("twitter", "x"),
            ("fb", "facebook"),
            ("ig", "instagram"),
            ("yt", "youtube"),
            ("linkedin", "linkedin"),
            ("https://www.linkedin.com/feed/", "linkedin"),
            ("youtu.be", "youtube"),
            ("newsletter", "email"),
            ("メルマガ", "email"),
        ];
        for (source, id) in cases {
            assert_eq!(
                catalog.resolve_utm_source(source).as_deref(),
                Some(id),
                "{source}"
            );
        }
        assert_eq!(
            catalog.resolve_utm_source("google"),
            None,
            "paid or organic cannot be told"
        );
        assert_eq!(catalog.resolve_utm_source("unknown.example"), None);
    }

    #[test]
    fn team_aliases_and_new_ids() {
        let mut catalog = ChannelCatalog::new();
        catalog.add_alias("パートナー経由", "partner");
        catalog.add_alias("ポッドキャスト", "other");
        assert_eq!(
            catalog.resolve("パートナー経由").as_deref(),
            Some("partner")
        );
        assert_eq!(catalog.resolve("partner").as_deref(), Some("partner"));
        assert_eq!(catalog.resolve("ポッドキャスト").as_deref(), Some("other"));
        assert!(catalog.ids().contains("partner"));
    }

    #[test]
    fn the_sns_set_is_replaceable() {
        let mut catalog = ChannelCatalog::new();
        assert!(catalog.is_sns("linkedin") && !catalog.is_sns("webinar"));
        catalog.set_sns(&["LinkedIn".to_string(), "webinar".to_string()]);
        assert!(catalog.is_sns("linkedin") && catalog.is_sns("webinar") && !catalog.is_sns("x"));
        assert_eq!(
            catalog.sns_ids().collect::<Vec<_>>(),
            ["linkedin", "webinar"]
        );
    }
}
