//! Generates the shipped sample dataset in `samples/`: the sheets a fictional Japanese B2B SaaS
//! marketing team keeps for the first half of fiscal 2025, plus its Shift_JIS cost CSV and config.
//!
//! `cargo run --example make_samples` rewrites `samples/`. The output is byte-identical between runs:
//! all randomness comes from a fixed-seed splitmix64 below, and the workbook's document timestamp is
//! fixed. The data is built to be valid for a strict validator (required fields, unique keys, known
//! references, dates in order) while carrying the quirks real team sheets have; see
//! `samples/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fs;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet};

const SEED: u64 = 0x6b70_6962_6f6f_6b25;
const OUT_DIR: &str = "samples";
const WORKBOOK: &str = "marketing_fy2025h1.xlsx";
const COSTS_CSV: &str = "費用_2025上期.csv";

/// The product and company are fictional.
const COMPANY: &str = "株式会社ハルカゼテック";
const PRODUCT: &str = "ハルカゼ勤怠クラウド";

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: small, fast, and good enough for sample data; fixed seed for reproducible output.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in 0..n.
    fn index(&mut self, n: usize) -> usize {
        self.range(0, n as i64 - 1) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    /// An index drawn with the given relative weights.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    date.and_hms_opt(hour, minute, 0).expect("valid time")
}

/// The data is a snapshot taken at the end of the half year: nothing happens after this day.
fn as_of() -> NaiveDate {
    day(2025, 9, 30)
}

fn period_start() -> NaiveDate {
    day(2025, 4, 1)
}

/// Leads start a month before the period so that March deals can close inside it.
fn leads_start() -> NaiveDate {
    day(2025, 3, 1)
}

/// Posts start earlier still, so early leads have posts to come from.
fn posts_start() -> NaiveDate {
    day(2025, 2, 3)
}

fn last_day_of_month(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    day(ny, nm, 1) - Duration::days(1)
}

struct Webinar {
    date: NaiveDate,
    title: &'static str,
}

fn webinars() -> Vec<Webinar> {
    vec![
        Webinar {
            date: day(2025, 3, 13),
            title: "年度末の勤怠締めを楽にする3つのコツ",
        },
        Webinar {
            date: day(2025, 4, 17),
            title: "2025年4月法改正対応 勤怠管理の実務",
        },
        Webinar {
            date: day(2025, 5, 22),
            title: "残業上限規制 違反を防ぐ勤怠の見える化",
        },
        Webinar {
            date: day(2025, 6, 18),
            title: "Excel勤怠から卒業する移行ステップ",
        },
        Webinar {
            date: day(2025, 7, 16),
            title: "テレワーク・ハイブリッド勤務の勤怠管理",
        },
        Webinar {
            date: day(2025, 8, 27),
            title: "有給休暇 年5日取得義務への実務対応",
        },
        Webinar {
            date: day(2025, 9, 18),
            title: "シフト管理と給与計算連携の勘所",
        },
    ]
}

fn webinar_campaign(date: NaiveDate) -> String {
    format!("webinar_{:02}{:02}", date.month(), date.day())
}

/// Exhibition days (展示会): June in Tokyo, September in Osaka.
fn exhibitions() -> Vec<(NaiveDate, NaiveDate)> {
    vec![
        (day(2025, 6, 11), day(2025, 6, 13)),
        (day(2025, 9, 10), day(2025, 9, 12)),
    ]
}

fn theme_campaign(month: u32) -> &'static str {
    match month {
        2 => "kintai_basics",
        3 => "nendomatsu_2025",
        4 => "hokaisei_2025",
        5 => "zangyo_kisei",
        6 => "hrtech_expo_2025",
        7 => "telework_kintai",
        8 => "yukyu_shutoku",
        _ => "dx_fair_2025",
    }
}

fn theme_titles(campaign: &str) -> &'static [&'static str] {
    match campaign {
        "kintai_basics" => &[
            "勤怠管理の基本: 労働時間の客観的な把握とは",
            "タイムカードとクラウド勤怠、何が違う?",
        ],
        "nendomatsu_2025" => &[
            "年度末の勤怠締め、チェックすべき5項目",
            "新年度の入社手続きと勤怠設定の準備",
        ],
        "hokaisei_2025" => &[
            "2025年4月施行 育児・介護休業法改正のポイント",
            "法改正で変わる勤怠管理の実務まとめ",
            "人事担当者が押さえたい4月の制度変更",
        ],
        "zangyo_kisei" => &[
            "残業時間の上限規制、守れていますか?",
            "36協定の特別条項をわかりやすく解説",
            "月45時間を超える前にアラートを出す方法",
        ],
        "hrtech_expo_2025" => &[
            "HRテックEXPO 東京 2025 に出展します",
            "展示会ブースで最新の勤怠デモをお見せします",
            "打刻漏れをゼロにする3つの仕組み",
        ],
        "telework_kintai" => &[
            "テレワークの打刻、どう管理する?",
            "ハイブリッド勤務の勤怠ルールの作り方",
            "中抜け・時間単位有給の扱いを整理する",
        ],
        "yukyu_shutoku" => &[
            "有給休暇の年5日取得義務 管理のコツ",
            "夏季休暇と有給の計画的付与",
            "有給管理簿をExcelで続けるリスク",
        ],
        _ => &[
            "バックオフィスDXフェア 大阪に出展します",
            "Excel勤怠からクラウドへの移行ステップ",
            "給与計算ソフトとの連携で月末作業を半分に",
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// Channels

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Platform {
    LinkedIn,
    X,
    Facebook,
    Instagram,
    YouTube,
    Note,
}

impl Platform {
    const ALL: [Platform; 6] = [
        Platform::LinkedIn,
        Platform::X,
        Platform::Facebook,
        Platform::Instagram,
        Platform::YouTube,
        Platform::Note,
    ];

    fn code(self) -> &'static str {
        match self {
            Platform::LinkedIn => "LI",
            Platform::X => "X",
            Platform::Facebook => "FB",
            Platform::Instagram => "IG",
            Platform::YouTube => "YT",
            Platform::Note => "NT",
        }
    }

    /// As written in the posts sheet's 媒体 column.
    fn name(self) -> &'static str {
        match self {
            Platform::LinkedIn => "LinkedIn",
            Platform::X => "X",
            Platform::Facebook => "Facebook",
            Platform::Instagram => "Instagram",
            Platform::YouTube => "YouTube",
            Platform::Note => "note",
        }
    }

    /// utm_source as written by the team's link builder.
    fn utm_source(self) -> &'static str {
        match self {
            Platform::LinkedIn => "linkedin",
            Platform::X => "twitter",
            Platform::Facebook => "facebook",
            Platform::Instagram => "instagram",
            Platform::YouTube => "youtube",
            Platform::Note => "note",
        }
    }

    /// utm_source as it arrives from the platforms' short links and auto-tagging.
    fn utm_source_short(self) -> &'static str {
        match self {
            Platform::LinkedIn => "lnkd.in",
            Platform::X => "t.co",
            Platform::Facebook => "fb",
            Platform::Instagram => "ig",
            Platform::YouTube => "yt",
            Platform::Note => "note",
        }
    }

    fn formats(self) -> &'static [&'static str] {
        match self {
            Platform::LinkedIn => &["テキスト", "画像", "ドキュメント", "動画"],
            Platform::X => &["テキスト", "画像", "スレッド", "動画"],
            Platform::Facebook => &["画像", "リンク", "動画"],
            Platform::Instagram => &["フィード", "リール", "カルーセル"],
            Platform::YouTube => &["動画", "ショート"],
            Platform::Note => &["記事"],
        }
    }

    /// Posting rhythm: weekdays, every week or every other week, probability on such a day.
    fn schedule(self) -> (&'static [Weekday], Option<i64>, f64) {
        match self {
            Platform::LinkedIn => (&[Weekday::Tue, Weekday::Thu], None, 0.72),
            Platform::X => (&[Weekday::Mon, Weekday::Wed, Weekday::Fri], None, 0.5),
            Platform::Facebook => (&[Weekday::Wed], None, 0.8),
            Platform::Instagram => (&[Weekday::Fri], None, 0.75),
            Platform::YouTube => (&[Weekday::Thu], Some(0), 0.85),
            Platform::Note => (&[Weekday::Mon], Some(1), 0.85),
        }
    }

    fn post_hours(self) -> &'static [u32] {
        match self {
            Platform::LinkedIn => &[8, 12, 18],
            Platform::X => &[7, 12, 18, 21],
            Platform::Facebook => &[12, 19],
            Platform::Instagram => &[19, 20, 21],
            Platform::YouTube => &[17, 18],
            Platform::Note => &[7, 8, 12],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Channel {
    Sns(Platform),
    Webinar,
    Event,
    Listing,
    Organic,
    Mail,
    Referral,
}

impl Channel {
    const ALL: [Channel; 12] = [
        Channel::Sns(Platform::LinkedIn),
        Channel::Sns(Platform::X),
        Channel::Sns(Platform::Facebook),
        Channel::Sns(Platform::Instagram),
        Channel::Sns(Platform::YouTube),
        Channel::Sns(Platform::Note),
        Channel::Webinar,
        Channel::Event,
        Channel::Listing,
        Channel::Organic,
        Channel::Mail,
        Channel::Referral,
    ];

    /// The name used in the costs CSV and as the channel's plain written form.
    fn name(self) -> &'static str {
        match self {
            Channel::Sns(p) => p.name(),
            Channel::Webinar => "ウェビナー",
            Channel::Event => "展示会",
            Channel::Listing => "リスティング",
            Channel::Organic => "自然検索",
            Channel::Mail => "メルマガ",
            Channel::Referral => "紹介",
        }
    }

    /// 流入元 as different team members type it.
    fn written(self, rng: &mut Rng) -> &'static str {
        match self {
            Channel::Sns(Platform::X) => {
                ["X(旧Twitter)", "ツイッター", "X"][rng.weighted(&[5.0, 3.0, 2.0])]
            }
            Channel::Sns(Platform::Instagram) => {
                ["インスタ", "Instagram"][rng.weighted(&[6.0, 4.0])]
            }
            _ => self.name(),
        }
    }

    /// Leads per month in the period (before noise and growth). Exhibitions are handled apart.
    fn monthly_leads(self) -> f64 {
        match self {
            Channel::Sns(Platform::LinkedIn) => 14.0,
            Channel::Sns(Platform::X) => 16.0,
            Channel::Sns(Platform::Facebook) => 6.0,
            Channel::Sns(Platform::Instagram) => 3.5,
            Channel::Sns(Platform::YouTube) => 5.0,
            Channel::Sns(Platform::Note) => 5.0,
            Channel::Webinar => 12.0,
            Channel::Event => 0.0,
            Channel::Listing => 11.0,
            Channel::Organic => 8.0,
            Channel::Mail => 3.0,
            Channel::Referral => 2.5,
        }
    }

    /// (P(MQL), P(opportunity | MQL), P(won | closed)): LinkedIn and referrals convert best,
    /// X brings volume of low quality, Instagram little.
    fn quality(self) -> (f64, f64, f64) {
        match self {
            Channel::Sns(Platform::LinkedIn) => (0.55, 0.42, 0.55),
            Channel::Sns(Platform::X) => (0.22, 0.2, 0.3),
            Channel::Sns(Platform::Facebook) => (0.35, 0.25, 0.35),
            Channel::Sns(Platform::Instagram) => (0.15, 0.15, 0.25),
            Channel::Sns(Platform::YouTube) => (0.4, 0.3, 0.4),
            Channel::Sns(Platform::Note) => (0.4, 0.3, 0.4),
            Channel::Webinar => (0.5, 0.3, 0.4),
            Channel::Event => (0.38, 0.3, 0.35),
            Channel::Listing => (0.42, 0.35, 0.4),
            Channel::Organic => (0.45, 0.35, 0.45),
            Channel::Mail => (0.35, 0.25, 0.35),
            Channel::Referral => (0.8, 0.6, 0.6),
        }
    }

    fn conversion_type(self, rng: &mut Rng) -> &'static str {
        const DL: &str = "資料DL";
        const WEBINAR: &str = "ウェビナー参加";
        const INQUIRY: &str = "お問い合わせ";
        const DEMO: &str = "デモ依頼";
        let (types, weights): (&[&str], &[f64]) = match self {
            Channel::Sns(_) => (&[DL, WEBINAR, INQUIRY, DEMO], &[6.0, 1.5, 1.5, 1.0]),
            Channel::Webinar => (&[WEBINAR], &[1.0]),
            Channel::Event => (&[DL, DEMO], &[7.0, 3.0]),
            Channel::Listing => (&[DL, INQUIRY, DEMO], &[5.0, 2.5, 2.5]),
            Channel::Organic => (&[DL, INQUIRY, DEMO], &[6.0, 2.5, 1.5]),
            Channel::Mail => (&[DL, WEBINAR, INQUIRY], &[5.0, 3.0, 2.0]),
            Channel::Referral => (&[INQUIRY, DEMO], &[6.0, 4.0]),
        };
        types[rng.weighted(weights)]
    }
}

// ---------------------------------------------------------------------------------------------
// People and companies (all fictional; e-mails on the reserved example.* domains)

const SURNAMES: [(&str, &str); 20] = [
    ("佐藤", "sato"),
    ("鈴木", "suzuki"),
    ("高橋", "takahashi"),
    ("田中", "tanaka"),
    ("伊藤", "ito"),
    ("渡辺", "watanabe"),
    ("山本", "yamamoto"),
    ("中村", "nakamura"),
    ("小林", "kobayashi"),
    ("加藤", "kato"),
    ("吉田", "yoshida"),
    ("山田", "yamada"),
    ("佐々木", "sasaki"),
    ("山口", "yamaguchi"),
    ("松本", "matsumoto"),
    ("井上", "inoue"),
    ("木村", "kimura"),
    ("林", "hayashi"),
    ("斎藤", "saito"),
    ("清水", "shimizu"),
];

const GIVEN_NAMES: [(&str, &str); 20] = [
    ("太郎", "taro"),
    ("花子", "hanako"),
    ("健太", "kenta"),
    ("美咲", "misaki"),
    ("翔太", "shota"),
    ("陽菜", "hina"),
    ("大輔", "daisuke"),
    ("由美", "yumi"),
    ("拓也", "takuya"),
    ("さくら", "sakura"),
    ("直樹", "naoki"),
    ("愛", "ai"),
    ("誠", "makoto"),
    ("恵", "megumi"),
    ("亮", "ryo"),
    ("彩", "aya"),
    ("健一", "kenichi"),
    ("真由美", "mayumi"),
    ("浩", "hiroshi"),
    ("優子", "yuko"),
];

const EMAIL_DOMAINS: [&str; 3] = ["example.co.jp", "example.com", "example.jp"];

/// Company names are a stem and a line of business, e.g. 株式会社青葉物流.
const COMPANY_STEMS: &str =
    "青葉 桜丘 東洋 北斗 みなと 大和 朝日 若葉 富士見 光陽 三河 瀬戸内 白樺 銀河 千代田 \
                             緑川 日進 豊和 明星 双葉 丸山 協和 信栄 旭日 昭栄";
const COMPANY_KINDS: &str =
    "製作所 物流 商事 食品 建設 電機 システム 工業 メディカル ホールディングス 不動産 \
                             運輸 精機 薬品 ケアサービス フーズ テクノロジー 印刷";

const SALES_REPS: [&str; 4] = ["営業 一郎", "販売 花子", "商談 次郎", "契約 三奈"];

fn company_name(rng: &mut Rng) -> String {
    let stems: Vec<&str> = COMPANY_STEMS.split_whitespace().collect();
    let kinds: Vec<&str> = COMPANY_KINDS.split_whitespace().collect();
    let stem = rng.pick(&stems);
    let kind = rng.pick(&kinds);
    if rng.chance(0.3) {
        format!("{stem}{kind}株式会社")
    } else {
        format!("株式会社{stem}{kind}")
    }
}

// ---------------------------------------------------------------------------------------------
// Records

struct Post {
    id: String,
    platform: Platform,
    published: NaiveDateTime,
    campaign: String,
    title: String,
    url: String,
    format: &'static str,
    impressions: Option<i64>,
    reach: Option<i64>,
    engagements: Option<i64>,
    reactions: Option<i64>,
    comments: Option<i64>,
    shares: Option<i64>,
    saves: Option<i64>,
    clicks: Option<i64>,
    video_views: Option<i64>,
    video_completions: Option<i64>,
    spend: Option<i64>,
    /// Kept away from every lead and touch: high engagement, no pipeline.
    no_leads: bool,
}

#[derive(Default, Clone)]
struct Utm {
    source: Option<String>,
    medium: Option<String>,
    campaign: Option<String>,
    content: Option<String>,
}

struct Lead {
    id: String,
    created: NaiveDate,
    /// The date as typed, for the few rows where it is text rather than an Excel date.
    created_text: Option<String>,
    channel: Channel,
    channel_written: Option<&'static str>,
    post_id: Option<String>,
    /// The post the lead really came from, however (or whether) the sheet records it.
    source_post: Option<usize>,
    utm: Utm,
    account: String,
    person: String,
    email: String,
    conversion: &'static str,
    mql: Option<NaiveDate>,
    /// Random key that orders leads of the same day.
    order: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Won,
    Lost,
    Open(&'static str),
}

impl Status {
    fn written(self) -> &'static str {
        match self {
            Status::Won => "受注",
            Status::Lost => "失注",
            Status::Open(text) => text,
        }
    }
}

struct Deal {
    id: String,
    lead: Option<usize>,
    account: String,
    created: NaiveDate,
    status: Status,
    amount: Option<i64>,
    amount_text: Option<String>,
    closed: Option<NaiveDate>,
    mrr: Option<i64>,
    months: Option<i64>,
    rep: &'static str,
}

struct Touch {
    lead: usize,
    at: NaiveDateTime,
    channel: &'static str,
    post_id: Option<String>,
    campaign: Option<String>,
    kind: &'static str,
}

struct CostRow {
    month: u32,
    channel: &'static str,
    category: &'static str,
    amount: i64,
    written: String,
}

// ---------------------------------------------------------------------------------------------
// Posts

fn post_url(rng: &mut Rng, platform: Platform) -> String {
    match platform {
        Platform::LinkedIn => format!(
            "https://www.linkedin.com/feed/update/urn:li:activity:73{:017}",
            rng_digits(rng, 17)
        ),
        Platform::X => format!(
            "https://x.com/harukaze_kintai/status/19{:017}",
            rng_digits(rng, 17)
        ),
        Platform::Facebook => format!(
            "https://www.facebook.com/harukaze.kintai/posts/{}",
            token(rng, 12)
        ),
        Platform::Instagram => format!("https://www.instagram.com/p/{}/", token(rng, 11)),
        Platform::YouTube => format!("https://www.youtube.com/watch?v={}", token(rng, 11)),
        Platform::Note => format!(
            "https://note.com/harukaze_tech/n/n{}",
            token(rng, 12).to_lowercase()
        ),
    }
}

fn token(rng: &mut Rng, n: usize) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n).map(|_| rng.pick(ALNUM) as char).collect()
}

fn rng_digits(rng: &mut Rng, n: u32) -> u64 {
    rng.next_u64() % 10u64.pow(n)
}

fn scaled(base: i64, lo: f64, hi: f64, rng: &mut Rng) -> i64 {
    (base as f64 * rng.uniform(lo, hi)).round() as i64
}

/// Fills a post's metrics with sizes typical of its platform. `boost` multiplies reach for
/// viral or paid posts.
fn fill_metrics(post: &mut Post, rng: &mut Rng, growth: f64, boost: f64) {
    let g = growth * boost;
    let imp = |rng: &mut Rng, lo: f64, hi: f64| (rng.uniform(lo, hi) * g).round() as i64;
    match post.platform {
        Platform::LinkedIn => {
            let i = imp(rng, 1500.0, 9000.0);
            post.impressions = Some(i);
            post.reach = Some(scaled(i, 0.6, 0.8, rng));
            post.reactions = Some(scaled(i, 0.012, 0.03, rng));
            post.comments = Some(scaled(i, 0.001, 0.004, rng));
            post.shares = Some(scaled(i, 0.0005, 0.003, rng));
            post.clicks = Some(scaled(i, 0.01, 0.03, rng));
            // LinkedIn's export has the engagement total; it matches the parts here.
            post.engagements = Some(
                post.reactions.unwrap_or(0)
                    + post.comments.unwrap_or(0)
                    + post.shares.unwrap_or(0)
                    + post.clicks.unwrap_or(0),
            );
        }
        Platform::X => {
            let i = imp(rng, 2000.0, 40000.0);
            post.impressions = Some(i);
            post.reactions = Some(scaled(i, 0.003, 0.012, rng));
            post.comments = Some(scaled(i, 0.0002, 0.001, rng));
            post.shares = Some(scaled(i, 0.0005, 0.003, rng));
            post.saves = Some(scaled(i, 0.0005, 0.002, rng));
            post.clicks = Some(scaled(i, 0.002, 0.008, rng));
            // X counts detail expands and profile clicks too, so its total exceeds the parts.
            post.engagements = Some(
                post.reactions.unwrap_or(0)
                    + post.comments.unwrap_or(0)
                    + post.shares.unwrap_or(0)
                    + post.saves.unwrap_or(0)
                    + post.clicks.unwrap_or(0)
                    + scaled(i, 0.005, 0.015, rng),
            );
        }
        Platform::Facebook => {
            let i = imp(rng, 600.0, 4000.0);
            post.impressions = Some(i);
            post.reach = Some(scaled(i, 0.6, 0.85, rng));
            post.reactions = Some(scaled(i, 0.01, 0.03, rng));
            post.comments = Some(scaled(i, 0.001, 0.005, rng));
            post.shares = Some(scaled(i, 0.001, 0.004, rng));
            post.clicks = Some(scaled(i, 0.005, 0.015, rng));
        }
        Platform::Instagram => {
            let i = imp(rng, 1500.0, 9000.0);
            post.impressions = Some(i);
            post.reach = Some(scaled(i, 0.65, 0.85, rng));
            post.reactions = Some(scaled(i, 0.03, 0.07, rng));
            post.comments = Some(scaled(i, 0.001, 0.005, rng));
            post.shares = Some(scaled(i, 0.002, 0.008, rng));
            post.saves = Some(scaled(i, 0.005, 0.02, rng));
            post.clicks = Some(scaled(i, 0.0005, 0.003, rng));
        }
        Platform::YouTube => {
            let i = imp(rng, 3000.0, 30000.0);
            let views = scaled(i, 0.04, 0.1, rng);
            post.impressions = Some(i);
            post.video_views = Some(views);
            post.video_completions = Some(scaled(views, 0.2, 0.45, rng));
            post.reactions = Some(scaled(views, 0.02, 0.05, rng));
            post.comments = Some(scaled(views, 0.002, 0.01, rng));
            post.shares = Some(scaled(views, 0.002, 0.008, rng));
            post.clicks = Some(scaled(views, 0.01, 0.03, rng));
        }
        Platform::Note => {
            let i = imp(rng, 800.0, 6000.0);
            post.impressions = Some(i);
            post.reactions = Some(scaled(i, 0.015, 0.04, rng));
            post.comments = Some(scaled(i, 0.0, 0.003, rng));
            post.shares = Some(scaled(i, 0.001, 0.005, rng));
            post.clicks = Some(scaled(i, 0.01, 0.03, rng));
        }
    }
}

fn generate_posts(rng: &mut Rng) -> Vec<Post> {
    let webinars = webinars();
    let industries = [
        "製造業",
        "物流業",
        "介護施設",
        "飲食チェーン",
        "建設業",
        "IT企業",
    ];
    let total_days = (as_of() - posts_start()).num_days() as f64;
    let mut posts = Vec::new();
    let mut date = posts_start();
    while date <= as_of() {
        let week = (date - posts_start()).num_days() / 7;
        for platform in Platform::ALL {
            let (weekdays, parity, p) = platform.schedule();
            if !weekdays.contains(&date.weekday())
                || parity.is_some_and(|w| week % 2 != w)
                || !rng.chance(p)
            {
                continue;
            }
            let hour = rng.pick(platform.post_hours());
            let minute = rng.pick(&[0, 0, 15, 30, 45]);
            let upcoming = webinars
                .iter()
                .find(|w| (w.date - date).num_days() >= 1 && (w.date - date).num_days() <= 14);
            let (campaign, title) = match upcoming {
                Some(w) if rng.chance(0.4) => (
                    webinar_campaign(w.date),
                    format!(
                        "【ウェビナー告知】{} ({}/{}開催)",
                        w.title,
                        w.date.month(),
                        w.date.day()
                    ),
                ),
                _ if rng.chance(0.15) => (
                    "case_study".to_string(),
                    format!(
                        "導入事例: {}のA社、打刻漏れを9割削減",
                        rng.pick(&industries)
                    ),
                ),
                _ => {
                    let campaign = theme_campaign(date.month());
                    (
                        campaign.to_string(),
                        rng.pick(theme_titles(campaign)).to_string(),
                    )
                }
            };
            let mut post = Post {
                id: format!(
                    "{}-{:02}{:02}-01",
                    platform.code(),
                    date.month(),
                    date.day()
                ),
                platform,
                published: at(date, hour, minute),
                campaign,
                title,
                url: post_url(rng, platform),
                format: rng.pick(platform.formats()),
                impressions: None,
                reach: None,
                engagements: None,
                reactions: None,
                comments: None,
                shares: None,
                saves: None,
                clicks: None,
                video_views: None,
                video_completions: None,
                spend: None,
                no_leads: false,
            };
            let growth = 0.8 + 0.5 * (date - posts_start()).num_days() as f64 / total_days;
            let boost_p = match platform {
                Platform::LinkedIn | Platform::Facebook | Platform::Instagram => 0.08,
                Platform::X => 0.03,
                _ => 0.0,
            };
            let boosted = date >= period_start() && rng.chance(boost_p);
            if boosted {
                post.spend = Some(rng.range(20, 150) * 1000);
            }
            fill_metrics(&mut post, rng, growth, if boosted { 3.0 } else { 1.0 });
            posts.push(post);
        }
        date += Duration::days(1);
    }
    posts
}

/// Gives three posts a campaign of their own (so a lead's utm_campaign alone identifies them) and
/// makes two posts go viral without producing a single lead.
fn mark_special_posts(posts: &mut [Post], rng: &mut Rng) -> Vec<usize> {
    let find = |posts: &[Post], platform: Platform, month: u32, skip: usize| {
        posts
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.platform == platform && p.published.month() == month && p.spend.is_none()
            })
            .map(|(i, _)| i)
            .nth(skip)
            .expect("the schedule posts on every platform every month")
    };
    let unique = [
        (
            Platform::LinkedIn,
            5,
            "case_study_manufacturing",
            "導入事例: 従業員300名の製造業B社、月末締めを3日短縮",
        ),
        (
            Platform::YouTube,
            7,
            "product_demo_v3",
            "3分でわかる ハルカゼ勤怠クラウド v3 デモ",
        ),
        (
            Platform::Facebook,
            8,
            "owners_seminar",
            "経営者向け: 勤怠データで見る働き方改革の成果",
        ),
    ];
    let mut unique_posts = Vec::new();
    for (platform, month, campaign, title) in unique {
        let i = find(posts, platform, month, 0);
        posts[i].campaign = campaign.to_string();
        posts[i].title = title.to_string();
        unique_posts.push(i);
    }
    let viral = [
        (
            Platform::X,
            5,
            "勤怠あるある: 月末の打刻修正依頼が止まらない #バックオフィスあるある",
            9.0,
        ),
        (
            Platform::Instagram,
            7,
            "人事部の一日 (リール) #総務あるある",
            8.0,
        ),
    ];
    for (platform, month, title, boost) in viral {
        let i = find(posts, platform, month, 1);
        let post = &mut posts[i];
        post.title = title.to_string();
        post.no_leads = true;
        if platform == Platform::Instagram {
            post.format = "リール";
        }
        fill_metrics(post, rng, 1.1, boost);
        // Entertaining, not useful: people like and share, few click through.
        post.clicks = post.clicks.map(|c| c / 6);
        if let (Some(e), Some(c)) = (post.engagements.as_mut(), post.clicks) {
            *e = (*e).max(c);
        }
    }
    unique_posts
}

/// Posts of a platform published in the `days` before `until`, that leads may come from.
fn recent_posts(posts: &[Post], platform: Platform, until: NaiveDateTime, days: i64) -> Vec<usize> {
    posts
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.platform == platform
                && !p.no_leads
                && p.published <= until
                && p.published > until - Duration::days(days)
        })
        .map(|(i, _)| i)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Leads

struct PersonFactory {
    emails: BTreeSet<String>,
    companies: Vec<String>,
}

impl PersonFactory {
    fn person(&mut self, rng: &mut Rng) -> (String, String) {
        let (surname, surname_romaji) = rng.pick(&SURNAMES);
        let (given, given_romaji) = rng.pick(&GIVEN_NAMES);
        let domain = rng.pick(&EMAIL_DOMAINS);
        let mut n = 1;
        let mut email = format!("{given_romaji}.{surname_romaji}@{domain}");
        while self.emails.contains(&email) {
            n += 1;
            email = format!("{given_romaji}.{surname_romaji}{n}@{domain}");
        }
        self.emails.insert(email.clone());
        (format!("{surname} {given}"), email)
    }

    /// A company; sometimes one that already sent a lead (several people from one account).
    fn company(&mut self, rng: &mut Rng) -> String {
        if !self.companies.is_empty() && rng.chance(0.1) {
            return self.companies[rng.index(self.companies.len())].clone();
        }
        let name = company_name(rng);
        self.companies.push(name.clone());
        name
    }
}

fn new_lead(
    rng: &mut Rng,
    people: &mut PersonFactory,
    channel: Channel,
    created: NaiveDate,
) -> Lead {
    let (person, email) = people.person(rng);
    Lead {
        id: String::new(),
        created,
        created_text: None,
        channel,
        channel_written: Some(channel.written(rng)),
        post_id: None,
        source_post: None,
        utm: Utm::default(),
        account: people.company(rng),
        person,
        email,
        conversion: channel.conversion_type(rng),
        mql: None,
        order: rng.next_u64(),
    }
}

/// Records how an SNS lead came from a post, the different ways teams' forms and sheets do.
fn link_sns_lead(lead: &mut Lead, rng: &mut Rng, posts: &[Post], platform: Platform) {
    let candidates = recent_posts(posts, platform, at(lead.created, 23, 59), 21);
    if candidates.is_empty() {
        return;
    }
    // Recent posts bring more leads than older ones.
    let weights: Vec<f64> = candidates
        .iter()
        .map(|&i| 1.0 / (1.0 + (lead.created - posts[i].published.date()).num_days() as f64 / 4.0))
        .collect();
    let post_index = candidates[rng.weighted(&weights)];
    let post = &posts[post_index];
    lead.source_post = Some(post_index);
    let full_utm = Utm {
        source: Some(platform.utm_source().to_string()),
        medium: Some("social".to_string()),
        campaign: Some(post.campaign.clone()),
        content: Some(post.id.clone()),
    };
    let r = rng.unit();
    if r < 0.12 {
        // Only the tracking link survived: no 流入元, short-link utm_source.
        lead.channel_written = None;
        lead.utm = Utm {
            source: Some(platform.utm_source_short().to_string()),
            ..full_utm
        };
    } else if r < 0.5 {
        lead.post_id = Some(post.id.clone());
        if rng.chance(0.5) {
            lead.utm = full_utm;
        }
    } else if r < 0.78 {
        lead.utm = full_utm;
    } else {
        // The form's "how did you hear about us" said the platform; which post is unknown.
        lead.source_post = None;
    }
}

fn pick_day_in_month(rng: &mut Rng, y: i32, m: u32, from: NaiveDate) -> NaiveDate {
    let first = day(y, m, 1).max(from);
    let last = last_day_of_month(y, m).min(as_of());
    first + Duration::days(rng.range(0, (last - first).num_days()))
}

fn generate_leads(rng: &mut Rng, posts: &[Post], unique_posts: &[usize]) -> Vec<Lead> {
    let mut people = PersonFactory {
        emails: BTreeSet::new(),
        companies: Vec::new(),
    };
    let mut leads = Vec::new();
    let webinars = webinars();
    for month in 3..=9u32 {
        // March is before the period and quieter; SNS grows through the half year.
        let season = if month == 3 { 0.5 } else { 1.0 };
        for channel in Channel::ALL {
            let growth = match channel {
                Channel::Sns(_) => 0.8 + 0.08 * (month as f64 - 3.0),
                _ => 1.0,
            };
            let expected = channel.monthly_leads() * season * growth * rng.uniform(0.85, 1.15);
            let count = (expected + rng.unit()).floor() as i64;
            for _ in 0..count {
                let created = match channel {
                    Channel::Webinar => {
                        // Registrations in the ten days up to the month's webinar.
                        let w = webinars
                            .iter()
                            .find(|w| w.date.month() == month)
                            .expect("one webinar per month");
                        w.date - Duration::days(rng.range(0, 10))
                    }
                    _ => pick_day_in_month(rng, 2025, month, leads_start()),
                };
                let mut lead = new_lead(rng, &mut people, channel, created);
                if let Channel::Sns(platform) = channel {
                    link_sns_lead(&mut lead, rng, posts, platform);
                } else {
                    add_campaign_utm(&mut lead, rng, &webinars);
                }
                leads.push(lead);
            }
        }
    }
    // Business cards from the exhibition booths, entered on the days of the show.
    for (first, last) in exhibitions() {
        let count = rng.range(26, 34);
        for _ in 0..count {
            let created = first + Duration::days(rng.range(0, (last - first).num_days()));
            leads.push(new_lead(rng, &mut people, Channel::Event, created));
        }
    }
    // Leads that only a utm_campaign ties to a post: each campaign has exactly one post there.
    for (k, &post_index) in unique_posts.iter().enumerate() {
        let post = &posts[post_index];
        let count = if k == 2 { 1 } else { 2 };
        for n in 0..count {
            let created = post.published.date() + Duration::days(rng.range(1, 12));
            let mut lead = new_lead(rng, &mut people, Channel::Sns(post.platform), created);
            lead.source_post = Some(post_index);
            lead.utm.campaign = Some(post.campaign.clone());
            match (post.platform, n) {
                (Platform::YouTube, _) => {
                    lead.channel_written = None;
                    lead.utm.source = Some(post.platform.utm_source_short().to_string());
                    lead.utm.medium = Some("video".to_string());
                }
                (Platform::LinkedIn, 0) => {
                    lead.utm.source = Some(post.platform.utm_source().to_string());
                    lead.utm.medium = Some("social".to_string());
                }
                _ => {}
            }
            leads.push(lead);
        }
    }
    leads.sort_by_key(|l| (l.created, l.order));
    for (i, lead) in leads.iter_mut().enumerate() {
        lead.id = format!("L{:05}", i + 1);
    }
    leads
}

fn add_campaign_utm(lead: &mut Lead, rng: &mut Rng, webinars: &[Webinar]) {
    let month = lead.created.month();
    match lead.channel {
        Channel::Listing => {
            lead.utm = Utm {
                source: Some("google".to_string()),
                medium: Some("cpc".to_string()),
                campaign: Some(
                    rng.pick(&["kintai_search", "kintai_brand", "shift_search"])
                        .to_string(),
                ),
                content: None,
            }
        }
        Channel::Mail => {
            lead.utm = Utm {
                source: Some("newsletter".to_string()),
                medium: Some("email".to_string()),
                campaign: Some(format!("newsletter_2025{month:02}")),
                content: None,
            }
        }
        Channel::Webinar if rng.chance(0.5) => {
            let w = webinars.iter().find(|w| w.date >= lead.created);
            if let Some(w) = w {
                lead.utm = Utm {
                    source: Some("peatix".to_string()),
                    medium: Some("referral".to_string()),
                    campaign: Some(webinar_campaign(w.date)),
                    content: None,
                }
            }
        }
        _ => {}
    }
}

/// A few 獲得日 typed as text in the forms teams use, instead of Excel dates.
fn write_some_dates_as_text(leads: &mut [Lead]) {
    let forms: [fn(NaiveDate) -> String; 4] = [
        |d| format!("{}/{}/{}", d.year(), d.month(), d.day()),
        |d| format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        |d| format!("令和{}年{}月{}日", d.year() - 2018, d.month(), d.day()),
        |d| format!("R{}.{}.{}", d.year() - 2018, d.month(), d.day()),
    ];
    let n = leads.len();
    for k in 1..=8 {
        let i = n * k / 9 + 3;
        leads[i].created_text = Some(forms[(k - 1) % 4](leads[i].created));
    }
}

fn assign_mql(leads: &mut [Lead], rng: &mut Rng) {
    for lead in leads.iter_mut() {
        let (p_mql, _, _) = lead.channel.quality();
        let factor = match lead.conversion {
            "デモ依頼" | "お問い合わせ" => 1.4,
            "資料DL" => 0.85,
            _ => 1.0,
        };
        if rng.chance((p_mql * factor).min(0.95)) {
            let mql = lead.created + Duration::days(rng.range(1, 10));
            if mql <= as_of() {
                lead.mql = Some(mql);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deals

fn deal_terms(rng: &mut Rng) -> (i64, i64) {
    let mrr = 10_000
        * (10
            + rng.weighted(&[
                3.0, 3.0, 3.0, 3.0, 2.5, 2.5, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0, 0.8, 0.8, 0.6, 0.5,
            ]) as i64);
    let months = if rng.chance(0.3) { 24 } else { 12 };
    (mrr, months)
}

fn close_deal(rng: &mut Rng, created: NaiveDate, p_win: f64) -> (Status, Option<NaiveDate>) {
    let close = created + Duration::days(rng.range(14, 60));
    if close > as_of() {
        let status = if (as_of() - created).num_days() > 30 {
            "提案中"
        } else {
            "商談中"
        };
        return (Status::Open(status), None);
    }
    // P(won) is per channel; the sales team closes a bit less than that suggests.
    if rng.chance(p_win * 0.85) {
        (Status::Won, Some(close))
    } else {
        (Status::Lost, Some(close))
    }
}

fn new_deal(
    rng: &mut Rng,
    lead: Option<usize>,
    account: String,
    created: NaiveDate,
    status: Status,
    closed: Option<NaiveDate>,
) -> Deal {
    let (mrr, months) = deal_terms(rng);
    let (amount, mrr, months) = match status {
        Status::Won => (Some(mrr * months), Some(mrr), Some(months)),
        // The proposal on the table.
        Status::Open(_) => (None, Some(mrr), Some(months)),
        Status::Lost => (None, None, None),
    };
    Deal {
        id: String::new(),
        lead,
        account,
        created,
        status,
        amount,
        amount_text: None,
        closed,
        mrr,
        months,
        rep: rng.pick(&SALES_REPS),
    }
}

fn generate_deals(leads: &mut [Lead], rng: &mut Rng) -> Vec<Deal> {
    let mut deals = Vec::new();
    let mut accounts_with_deal = BTreeSet::new();

    // Deals opened in March, before the period, that close in April.
    let march: Vec<usize> = leads
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.created <= day(2025, 3, 8)
                && matches!(
                    l.channel,
                    Channel::Sns(Platform::LinkedIn)
                        | Channel::Referral
                        | Channel::Listing
                        | Channel::Organic
                )
        })
        .map(|(i, _)| i)
        .take(3)
        .collect();
    for (k, &i) in march.iter().enumerate() {
        let lead = &mut leads[i];
        let mql = lead.created + Duration::days(2);
        lead.mql = Some(mql);
        let created = mql + Duration::days(12);
        let (status, closed) = match k {
            0 => (Status::Won, day(2025, 4, 8)),
            1 => (Status::Won, day(2025, 4, 22)),
            _ => (Status::Lost, day(2025, 4, 15)),
        };
        accounts_with_deal.insert(lead.account.clone());
        deals.push(new_deal(
            rng,
            Some(i),
            lead.account.clone(),
            created,
            status,
            Some(closed),
        ));
    }

    for (i, lead) in leads.iter().enumerate() {
        let Some(mql) = lead.mql else { continue };
        if march.contains(&i) || accounts_with_deal.contains(&lead.account) {
            continue;
        }
        let (_, p_opp, p_win) = lead.channel.quality();
        if !rng.chance(p_opp) {
            continue;
        }
        let created = mql + Duration::days(rng.range(7, 24));
        if created > as_of() {
            continue;
        }
        let (status, closed) = close_deal(rng, created, p_win);
        accounts_with_deal.insert(lead.account.clone());
        deals.push(new_deal(
            rng,
            Some(i),
            lead.account.clone(),
            created,
            status,
            closed,
        ));
    }

    // Sales' own prospecting: no lead behind these deals.
    let outbound = [
        (day(2025, 4, 22), Status::Won, Some(day(2025, 6, 3))),
        (day(2025, 5, 19), Status::Won, Some(day(2025, 7, 10))),
        (day(2025, 7, 8), Status::Lost, Some(day(2025, 8, 20))),
        (day(2025, 8, 25), Status::Open("提案中"), None),
    ];
    for (created, status, closed) in outbound {
        let mut account = company_name(rng);
        while accounts_with_deal.contains(&account) {
            account = company_name(rng);
        }
        accounts_with_deal.insert(account.clone());
        deals.push(new_deal(rng, None, account, created, status, closed));
    }

    deals.sort_by_key(|d| (d.created, d.lead.map_or(usize::MAX, |l| l)));
    for (i, deal) in deals.iter_mut().enumerate() {
        deal.id = format!("D{:04}", i + 1);
    }

    // Quirks on won deals: amounts typed as text, and a few without 月額.
    let won: Vec<usize> = deals
        .iter()
        .enumerate()
        .filter(|(_, d)| d.status == Status::Won)
        .map(|(i, _)| i)
        .collect();
    let nth = |eighths: usize| won[won.len() * eighths / 8];
    for (k, &i) in [nth(1), nth(3), nth(5)].iter().enumerate() {
        let amount = deals[i].amount.expect("won deals have an amount");
        deals[i].amount_text = Some(if k == 1 {
            format!("{}万", amount / 10_000)
        } else {
            format!("¥{}", thousands(amount))
        });
    }
    for &i in &[nth(2), nth(4), nth(7)] {
        deals[i].mrr = None;
    }
    deals
}

// ---------------------------------------------------------------------------------------------
// Touches

fn touch_time(rng: &mut Rng, date: NaiveDate) -> NaiveDateTime {
    at(date, rng.range(7, 22) as u32, rng.range(0, 59) as u32)
}

/// An SNS touch on a post seen shortly before `when`, or `None` when the platform posted nothing.
fn sns_touch(
    rng: &mut Rng,
    posts: &[Post],
    lead: usize,
    platform: Platform,
    when: NaiveDateTime,
) -> Option<Touch> {
    let candidates = recent_posts(posts, platform, when, 30);
    if candidates.is_empty() {
        return None;
    }
    let post = &posts[rng.pick(&candidates)];
    Some(Touch {
        lead,
        at: when,
        channel: if platform == Platform::X && rng.chance(0.2) {
            "X(旧Twitter)"
        } else {
            platform.name()
        },
        post_id: Some(post.id.clone()),
        campaign: Some(post.campaign.clone()),
        kind: if rng.chance(0.6) {
            "投稿閲覧"
        } else {
            "リンククリック"
        },
    })
}

fn channel_touch(rng: &mut Rng, lead: usize, channel: Channel, when: NaiveDateTime) -> Touch {
    let month = when.month();
    let (campaign, kind) = match channel {
        Channel::Listing => (Some("kintai_search".to_string()), "広告クリック"),
        Channel::Organic => (None, "サイト訪問"),
        Channel::Mail => (
            Some(format!("newsletter_2025{month:02}")),
            if rng.chance(0.6) {
                "メール開封"
            } else {
                "メールクリック"
            },
        ),
        _ => (None, "サイト訪問"),
    };
    Touch {
        lead,
        at: when,
        channel: channel.name(),
        post_id: None,
        campaign,
        kind,
    }
}

fn webinar_touch(lead: usize, w: &Webinar) -> Touch {
    Touch {
        lead,
        at: at(w.date, 14, 0),
        channel: "ウェビナー",
        post_id: None,
        campaign: Some(webinar_campaign(w.date)),
        kind: "ウェビナー参加",
    }
}

fn generate_touches(leads: &[Lead], deals: &[Deal], posts: &[Post], rng: &mut Rng) -> Vec<Touch> {
    let webinars = webinars();
    let deal_of: BTreeMap<usize, &Deal> = deals
        .iter()
        .filter_map(|d| d.lead.map(|l| (l, d)))
        .collect();
    let mut touches = Vec::new();
    for (i, lead) in leads.iter().enumerate() {
        let deal = deal_of.get(&i);
        let p = if deal.is_some() {
            0.7
        } else if lead.mql.is_some() {
            0.45
        } else {
            0.28
        };
        if rng.chance(p) {
            let n = 1 + rng.weighted(&[30.0, 30.0, 20.0, 12.0, 8.0]);
            for _ in 0..n {
                let date = lead.created - Duration::days(rng.range(1, 60));
                let when = touch_time(rng, date);
                // Weights: LinkedIn, X, Facebook, Instagram, YouTube, note, webinar, listing,
                // organic, mail. A lead's own SNS platform shows up more often in its history.
                let mut weights = [25.0, 20.0, 8.0, 7.0, 10.0, 8.0, 5.0, 7.0, 5.0, 5.0];
                if let Channel::Sns(platform) = lead.channel {
                    let k = Platform::ALL
                        .iter()
                        .position(|p| *p == platform)
                        .expect("listed");
                    weights[k] += 25.0;
                }
                let touch = match rng.weighted(&weights) {
                    k @ 0..=5 => sns_touch(rng, posts, i, Platform::ALL[k], when),
                    6 => webinars
                        .iter()
                        .rev()
                        .find(|w| {
                            w.date < lead.created && w.date >= lead.created - Duration::days(60)
                        })
                        .map(|w| webinar_touch(i, w)),
                    7 => Some(channel_touch(rng, i, Channel::Listing, when)),
                    8 => Some(channel_touch(rng, i, Channel::Organic, when)),
                    _ => Some(channel_touch(rng, i, Channel::Mail, when)),
                };
                touches
                    .push(touch.unwrap_or_else(|| channel_touch(rng, i, Channel::Organic, when)));
            }
        }
        // Nurturing between lead and opportunity (or after MQL for those still in nurturing).
        let (from, until) = match (deal, lead.mql) {
            (Some(d), _) => (
                lead.created + Duration::days(1),
                d.created - Duration::days(1),
            ),
            (None, Some(mql)) if rng.chance(0.4) => (mql + Duration::days(1), as_of()),
            _ => continue,
        };
        if until < from {
            continue;
        }
        let n = if deal.is_some() { rng.range(1, 3) } else { 1 };
        for _ in 0..n {
            let date = from + Duration::days(rng.range(0, (until - from).num_days()));
            let when = touch_time(rng, date);
            let touch = match rng.weighted(&[6.0, 2.0, 2.0]) {
                0 => Some(Touch {
                    lead: i,
                    at: when,
                    channel: "メルマガ",
                    post_id: None,
                    campaign: Some(format!("nurture_step{}", rng.range(1, 4))),
                    kind: if rng.chance(0.6) {
                        "メール開封"
                    } else {
                        "メールクリック"
                    },
                }),
                1 => webinars
                    .iter()
                    .find(|w| w.date >= from && w.date <= until)
                    .map(|w| webinar_touch(i, w)),
                _ => sns_touch(rng, posts, i, Platform::LinkedIn, when),
            };
            if let Some(touch) = touch {
                touches.push(touch);
            }
        }
    }
    touches.sort_by_key(|t| (t.at, t.lead));
    // A lead that sat through the same webinar twice is one touch.
    touches.dedup_by(|a, b| a.lead == b.lead && a.at == b.at && a.channel == b.channel);
    touches
}

// ---------------------------------------------------------------------------------------------
// Costs

fn generate_costs(rng: &mut Rng) -> Vec<CostRow> {
    // (channel, category, monthly base amount in yen)
    let plan: [(Channel, &str, i64); 24] = [
        (Channel::Sns(Platform::LinkedIn), "広告費", 380_000),
        (Channel::Sns(Platform::LinkedIn), "制作費", 80_000),
        (Channel::Sns(Platform::LinkedIn), "人件費", 180_000),
        (Channel::Sns(Platform::X), "広告費", 120_000),
        (Channel::Sns(Platform::X), "人件費", 150_000),
        (Channel::Sns(Platform::Facebook), "広告費", 80_000),
        (Channel::Sns(Platform::Facebook), "人件費", 50_000),
        (Channel::Sns(Platform::Instagram), "広告費", 70_000),
        (Channel::Sns(Platform::Instagram), "制作費", 60_000),
        (Channel::Sns(Platform::Instagram), "人件費", 60_000),
        (Channel::Sns(Platform::YouTube), "制作費", 250_000),
        (Channel::Sns(Platform::YouTube), "人件費", 80_000),
        (Channel::Sns(Platform::Note), "制作費", 60_000),
        (Channel::Sns(Platform::Note), "ツール", 50_000),
        (Channel::Webinar, "広告費", 120_000),
        (Channel::Webinar, "制作費", 80_000),
        (Channel::Webinar, "ツール", 30_000),
        (Channel::Listing, "広告費", 850_000),
        (Channel::Listing, "ツール", 20_000),
        (Channel::Organic, "制作費", 150_000),
        (Channel::Organic, "人件費", 150_000),
        (Channel::Organic, "ツール", 50_000),
        (Channel::Mail, "ツール", 40_000),
        (Channel::Mail, "制作費", 30_000),
    ];
    let exhibition: [(&str, i64); 3] = [
        ("広告費", 900_000),
        ("制作費", 400_000),
        ("人件費", 200_000),
    ];
    let mut rows = Vec::new();
    for month in 4..=9u32 {
        for &(channel, category, base) in &plan {
            // Tools and labor are steady; ads and production vary month to month.
            let amount = if category == "ツール" {
                base
            } else {
                (base as f64 * rng.uniform(0.85, 1.15) / 1000.0).round() as i64 * 1000
            };
            rows.push(CostRow {
                month,
                channel: channel.name(),
                category,
                amount,
                written: String::new(),
            });
        }
        if exhibitions()
            .iter()
            .any(|(first, _)| first.month() == month)
        {
            for (category, base) in exhibition {
                let amount =
                    (base as f64 * rng.uniform(0.9, 1.1) / 10_000.0).round() as i64 * 10_000;
                rows.push(CostRow {
                    month,
                    channel: Channel::Event.name(),
                    category,
                    amount,
                    written: String::new(),
                });
            }
        }
    }
    // How amounts end up written: plain, with separators (quoted in the CSV), or in 万.
    let man_rows = [(7, "ウェビナー", "制作費"), (9, "展示会", "制作費")];
    for row in rows.iter_mut() {
        if man_rows.contains(&(row.month, row.channel, row.category)) {
            row.amount = (row.amount + 5_000) / 10_000 * 10_000;
            row.written = format!("{}万", row.amount / 10_000);
        } else if row.amount >= 100_000 && rng.chance(0.2) {
            row.written = format!("\"{}\"", thousands(row.amount));
        } else {
            row.written = row.amount.to_string();
        }
    }
    rows
}

fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn costs_csv(rows: &[CostRow]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut text = String::from("年月,チャネル,費目,金額\r\n");
    for row in rows {
        text.push_str(&format!(
            "2025/{:02},{},{},{}\r\n",
            row.month, row.channel, row.category, row.written
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    if unmappable {
        return Err("the costs CSV has a character Shift_JIS cannot encode".into());
    }
    Ok(bytes.into_owned())
}

// ---------------------------------------------------------------------------------------------
// Workbook

struct Formats {
    title: Format,
    header: Format,
    date: Format,
    datetime: Format,
    month: Format,
    integer: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color(0xDDEBF7)
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy/mm/dd"),
            datetime: Format::new().set_num_format("yyyy/mm/dd hh:mm"),
            month: Format::new().set_num_format("yyyy/mm"),
            integer: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0%"),
        }
    }
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, Box<dyn Error>> {
    Ok(ExcelDateTime::from_ymd(
        date.year() as u16,
        date.month() as u8,
        date.day() as u8,
    )?)
}

fn excel_datetime(dt: NaiveDateTime) -> Result<ExcelDateTime, Box<dyn Error>> {
    Ok(excel_date(dt.date())?.and_hms(
        chrono::Timelike::hour(&dt) as u16,
        chrono::Timelike::minute(&dt) as u8,
        0,
    )?)
}

/// A sheet being filled row by row; empty values leave the cell blank.
struct SheetWriter<'a> {
    ws: Worksheet,
    f: &'a Formats,
    row: u32,
}

impl<'a> SheetWriter<'a> {
    fn new(name: &str, f: &'a Formats) -> Result<SheetWriter<'a>, Box<dyn Error>> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(SheetWriter { ws, f, row: 0 })
    }

    /// Writes the header row at the current row, with widths, frozen panes and an autofilter.
    fn header(&mut self, headers: &[(&str, f64)], rows_below: u32) -> Result<(), Box<dyn Error>> {
        for (col, (text, width)) in headers.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, col as u16, *text, &self.f.header)?;
            self.ws.set_column_width(col as u16, *width)?;
        }
        self.ws.set_freeze_panes(self.row + 1, 0)?;
        self.ws
            .autofilter(self.row, 0, self.row + rows_below, headers.len() as u16 - 1)?;
        self.row += 1;
        Ok(())
    }

    fn text(&mut self, col: u16, value: Option<&str>) -> Result<(), Box<dyn Error>> {
        if let Some(v) = value {
            self.ws.write_string(self.row, col, v)?;
        }
        Ok(())
    }

    fn int(&mut self, col: u16, value: Option<i64>) -> Result<(), Box<dyn Error>> {
        if let Some(v) = value {
            self.ws
                .write_number_with_format(self.row, col, v as f64, &self.f.integer)?;
        }
        Ok(())
    }

    fn date(&mut self, col: u16, value: Option<NaiveDate>) -> Result<(), Box<dyn Error>> {
        if let Some(v) = value {
            self.ws
                .write_datetime_with_format(self.row, col, &excel_date(v)?, &self.f.date)?;
        }
        Ok(())
    }

    fn datetime(&mut self, col: u16, value: NaiveDateTime) -> Result<(), Box<dyn Error>> {
        self.ws.write_datetime_with_format(
            self.row,
            col,
            &excel_datetime(value)?,
            &self.f.datetime,
        )?;
        Ok(())
    }

    fn next_row(&mut self) {
        self.row += 1;
    }
}

fn notes_sheet(f: &Formats, stats: &Stats) -> Result<Worksheet, Box<dyn Error>> {
    let mut ws = Worksheet::new();
    ws.set_name("はじめに")?;
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(
        0,
        0,
        format!("{COMPANY} マーケティング部 2025年度上期 実績データ"),
        &f.title,
    )?;
    let lines = [
        format!("このブックは{PRODUCT}(月額課金)のマーケティング活動の記録です。対象期間は2025年4月1日から9月30日まで。"),
        "リード・商談・SNS投稿・タッチポイント・目標・カスタム指標をシートごとにまとめています。費用は経理から届くCSVを別に使います。".to_string(),
        format!("データは9月30日時点のものです。リード {} 件、商談 {} 件、SNS投稿 {} 件。", stats.leads, stats.deals, stats.posts),
        "リードの担当者名とメールアドレスは社内管理用です。レポートには転記しないでください。".to_string(),
        "更新担当: マーケティング部 (毎月第1営業日に前月分を反映)".to_string(),
        "※ 会社名・人名・メールアドレスはすべて架空のものです。".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        ws.write_string(i as u32 + 2, 0, line)?;
    }
    Ok(ws)
}

fn leads_sheet(f: &Formats, leads: &[Lead]) -> Result<Worksheet, Box<dyn Error>> {
    let mut s = SheetWriter::new("リード", f)?;
    s.ws.write_string_with_format(0, 0, "2025年度上期 リード一覧", &f.title)?;
    s.row = 2;
    s.header(
        &[
            ("リードID", 10.0),
            ("獲得日", 12.0),
            ("流入元", 14.0),
            ("投稿ID", 12.0),
            ("utm_source", 12.0),
            ("utm_medium", 11.0),
            ("utm_campaign", 24.0),
            ("utm_content", 12.0),
            ("会社名", 28.0),
            ("担当者名", 12.0),
            ("メールアドレス", 30.0),
            ("コンバージョン種別", 16.0),
            ("MQL化日", 12.0),
        ],
        leads.len() as u32,
    )?;
    for lead in leads {
        s.text(0, Some(&lead.id))?;
        match &lead.created_text {
            Some(text) => s.text(1, Some(text))?,
            None => s.date(1, Some(lead.created))?,
        }
        s.text(2, lead.channel_written)?;
        s.text(3, lead.post_id.as_deref())?;
        s.text(4, lead.utm.source.as_deref())?;
        s.text(5, lead.utm.medium.as_deref())?;
        s.text(6, lead.utm.campaign.as_deref())?;
        s.text(7, lead.utm.content.as_deref())?;
        s.text(8, Some(&lead.account))?;
        s.text(9, Some(&lead.person))?;
        s.text(10, Some(&lead.email))?;
        s.text(11, Some(lead.conversion))?;
        s.date(12, lead.mql)?;
        s.next_row();
    }
    Ok(s.ws)
}

fn deals_sheet(f: &Formats, deals: &[Deal], leads: &[Lead]) -> Result<Worksheet, Box<dyn Error>> {
    let mut s = SheetWriter::new("商談", f)?;
    s.header(
        &[
            ("商談ID", 9.0),
            ("リードID", 10.0),
            ("会社名", 28.0),
            ("商談化日", 12.0),
            ("ステータス", 10.0),
            ("受注額", 13.0),
            ("受注日", 12.0),
            ("月額(MRR)", 11.0),
            ("契約月数", 9.0),
            ("担当営業", 12.0),
        ],
        deals.len() as u32,
    )?;
    for deal in deals {
        s.text(0, Some(&deal.id))?;
        s.text(1, deal.lead.map(|i| leads[i].id.as_str()))?;
        s.text(2, Some(&deal.account))?;
        s.date(3, Some(deal.created))?;
        s.text(4, Some(deal.status.written()))?;
        match &deal.amount_text {
            Some(text) => s.text(5, Some(text))?,
            None => s.int(5, deal.amount)?,
        }
        s.date(6, deal.closed)?;
        s.int(7, deal.mrr)?;
        s.int(8, deal.months)?;
        s.text(9, Some(deal.rep))?;
        s.next_row();
    }
    Ok(s.ws)
}

fn posts_sheet(f: &Formats, posts: &[Post]) -> Result<Worksheet, Box<dyn Error>> {
    let mut s = SheetWriter::new("SNS投稿", f)?;
    s.header(
        &[
            ("投稿ID", 12.0),
            ("媒体", 10.0),
            ("投稿日", 16.0),
            ("キャンペーン", 24.0),
            ("タイトル", 50.0),
            ("URL", 40.0),
            ("形式", 10.0),
            ("インプレッション数", 12.0),
            ("リーチ数", 10.0),
            ("エンゲージメント数", 12.0),
            ("いいね数", 9.0),
            ("コメント数", 9.0),
            ("シェア数", 9.0),
            ("保存数", 9.0),
            ("クリック数", 9.0),
            ("再生回数", 9.0),
            ("完全視聴数", 9.0),
            ("広告費", 10.0),
        ],
        posts.len() as u32,
    )?;
    for p in posts {
        s.text(0, Some(&p.id))?;
        s.text(1, Some(p.platform.name()))?;
        s.datetime(2, p.published)?;
        s.text(3, Some(&p.campaign))?;
        s.text(4, Some(&p.title))?;
        s.text(5, Some(&p.url))?;
        s.text(6, Some(p.format))?;
        let metrics = [
            p.impressions,
            p.reach,
            p.engagements,
            p.reactions,
            p.comments,
            p.shares,
            p.saves,
            p.clicks,
            p.video_views,
            p.video_completions,
            p.spend,
        ];
        for (k, value) in metrics.into_iter().enumerate() {
            s.int(7 + k as u16, value)?;
        }
        s.next_row();
    }
    Ok(s.ws)
}

fn touches_sheet(
    f: &Formats,
    touches: &[Touch],
    leads: &[Lead],
) -> Result<Worksheet, Box<dyn Error>> {
    let mut s = SheetWriter::new("タッチポイント", f)?;
    s.header(
        &[
            ("リードID", 10.0),
            ("接触日時", 16.0),
            ("チャネル", 13.0),
            ("投稿ID", 12.0),
            ("キャンペーン", 24.0),
            ("接触種別", 14.0),
        ],
        touches.len() as u32,
    )?;
    for t in touches {
        s.text(0, Some(&leads[t.lead].id))?;
        s.datetime(1, t.at)?;
        s.text(2, Some(t.channel))?;
        s.text(3, t.post_id.as_deref())?;
        s.text(4, t.campaign.as_deref())?;
        s.text(5, Some(t.kind))?;
        s.next_row();
    }
    Ok(s.ws)
}

/// metric, target, month, channel, kind
type TargetRow = (
    &'static str,
    f64,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

/// The team's plan for the half year: KGI, KPIs, two monthly and one per-channel target.
fn targets_sheet(f: &Formats) -> Result<Worksheet, Box<dyn Error>> {
    let mut s = SheetWriter::new("目標", f)?;
    let rows: [TargetRow; 13] = [
        ("revenue", 80_000_000.0, None, None, "KGI"),
        ("leads", 600.0, None, None, "KPI"),
        ("mql", 240.0, None, None, "KPI"),
        ("opportunities", 80.0, None, None, "KPI"),
        ("won", 30.0, None, None, "KPI"),
        ("cpa", 40_000.0, None, None, "KPI"),
        ("cac", 800_000.0, None, None, "KPI"),
        ("roi", 1.5, None, None, "KPI"),
        ("sns_leads", 400.0, None, None, "KPI"),
        ("leads", 100.0, Some("2025/07"), None, "KPI"),
        ("leads", 95.0, Some("2025年8月"), None, "KPI"),
        ("leads", 100.0, None, Some("LinkedIn"), "KPI"),
        ("sns_attributed_revenue", 30_000_000.0, None, None, "KPI"),
    ];
    s.header(
        &[
            ("指標", 24.0),
            ("目標値", 14.0),
            ("対象月", 10.0),
            ("チャネル", 10.0),
            ("種別", 8.0),
        ],
        rows.len() as u32,
    )?;
    for (metric, target, month, channel, kind) in rows {
        s.text(0, Some(metric))?;
        let format = if metric == "roi" {
            &f.percent
        } else {
            &f.integer
        };
        s.ws.write_number_with_format(s.row, 1, target, format)?;
        s.text(2, month)?;
        s.text(3, channel)?;
        s.text(4, Some(kind))?;
        s.next_row();
    }
    Ok(s.ws)
}

fn custom_sheet(f: &Formats, rng: &mut Rng) -> Result<Worksheet, Box<dyn Error>> {
    let mut s = SheetWriter::new("カスタム指標", f)?;
    s.header(
        &[("指標", 16.0), ("年月", 10.0), ("値", 10.0), ("階層", 6.0)],
        18,
    )?;
    let metrics: [(&str, f64, f64, i64); 3] = [
        ("指名検索数", 1800.0, 90.0, 1),
        ("採用応募数", 14.0, 1.5, 2),
        ("感謝メッセージ数", 9.0, 1.0, 3),
    ];
    for (name, base, step, layer) in metrics {
        for (k, month) in (4..=9u32).enumerate() {
            let value = ((base + step * k as f64) * rng.uniform(0.9, 1.1)).round();
            s.text(0, Some(name))?;
            s.ws.write_datetime_with_format(s.row, 1, &excel_date(day(2025, month, 1))?, &f.month)?;
            s.ws.write_number_with_format(s.row, 2, value, &f.integer)?;
            s.int(3, Some(layer))?;
            s.next_row();
        }
    }
    Ok(s.ws)
}

// ---------------------------------------------------------------------------------------------
// Summary

struct Stats {
    leads: usize,
    deals: usize,
    posts: usize,
}

fn print_summary(
    posts: &[Post],
    leads: &[Lead],
    deals: &[Deal],
    touches: &[Touch],
    costs: &[CostRow],
) {
    let in_period = |d: NaiveDate| d >= period_start() && d <= as_of();
    let count = |status: fn(&Status) -> bool| deals.iter().filter(|d| status(&d.status)).count();
    let won_in_period: Vec<&Deal> = deals
        .iter()
        .filter(|d| d.status == Status::Won && d.closed.is_some_and(in_period))
        .collect();
    let revenue: i64 = won_in_period.iter().filter_map(|d| d.amount).sum();
    let lost_in_period = deals
        .iter()
        .filter(|d| d.status == Status::Lost && d.closed.is_some_and(in_period))
        .count();
    println!(
        "posts    {:4} ({} with spend)",
        posts.len(),
        posts.iter().filter(|p| p.spend.is_some()).count()
    );
    println!(
        "leads    {:4} ({} in period, {} MQL, {} MQL in period)",
        leads.len(),
        leads.iter().filter(|l| in_period(l.created)).count(),
        leads.iter().filter(|l| l.mql.is_some()).count(),
        leads
            .iter()
            .filter(|l| l.mql.is_some_and(in_period))
            .count(),
    );
    println!(
        "deals    {:4} (won {}, lost {}, open {}; created in period {}; unattributed {})",
        deals.len(),
        count(|s| *s == Status::Won),
        count(|s| *s == Status::Lost),
        count(|s| matches!(s, Status::Open(_))),
        deals.iter().filter(|d| in_period(d.created)).count(),
        deals.iter().filter(|d| d.lead.is_none()).count(),
    );
    println!(
        "in period: won {}, lost {}, revenue {} yen",
        won_in_period.len(),
        lost_in_period,
        thousands(revenue)
    );
    println!(
        "touches  {:4} ({} leads)",
        touches.len(),
        touches
            .iter()
            .map(|t| t.lead)
            .collect::<BTreeSet<_>>()
            .len()
    );
    println!(
        "costs    {:4} rows, total {} yen",
        costs.len(),
        thousands(costs.iter().map(|c| c.amount).sum())
    );
    println!(
        "{:<14}{:>6}{:>6}{:>6}{:>6}",
        "channel", "leads", "mql", "opps", "won"
    );
    for channel in Channel::ALL {
        let of = |l: &Lead| l.channel == channel;
        let lead_deals = || {
            deals
                .iter()
                .filter(|d| d.lead.is_some_and(|i| of(&leads[i])))
        };
        println!(
            "{:<14}{:>6}{:>6}{:>6}{:>6}",
            channel.name(),
            leads.iter().filter(|l| of(l)).count(),
            leads.iter().filter(|l| of(l) && l.mql.is_some()).count(),
            lead_deals().count(),
            lead_deals().filter(|d| d.status == Status::Won).count(),
        );
    }
}

// ---------------------------------------------------------------------------------------------

const CONFIG: &str = "\
# kpibook の設定 (2025年度上期 マーケティングレポート)
# このファイルを入力ファイルと同じフォルダに置くと自動で読み込まれます。

# 粗利率。ROI と LTV を粗利ベースで計算します (SaaS の粗利率 80%)。
gross_margin = 0.8

# 月次解約率。LTV = ARPA × 粗利率 ÷ 月次解約率。
monthly_churn = 0.015

# 見出しの数字に使うアトリビューションモデル。
# first_touch / last_touch / linear / position / w_shaped / time_decay / markov
model = \"linear\"

# 商談化日から何日前までの接点を評価するか。
lookback_days = 90
";

fn main() -> Result<(), Box<dyn Error>> {
    let mut rng = Rng(SEED);
    let mut posts = generate_posts(&mut rng);
    let unique_posts = mark_special_posts(&mut posts, &mut rng);
    let mut leads = generate_leads(&mut rng, &posts, &unique_posts);
    write_some_dates_as_text(&mut leads);
    assign_mql(&mut leads, &mut rng);
    let deals = generate_deals(&mut leads, &mut rng);
    let touches = generate_touches(&leads, &deals, &posts, &mut rng);
    let costs = generate_costs(&mut rng);

    let out = Path::new(OUT_DIR);
    fs::create_dir_all(out)?;

    let f = Formats::new();
    let stats = Stats {
        leads: leads.len(),
        deals: deals.len(),
        posts: posts.len(),
    };
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 10, 1)?.and_hms(9, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("2025年度上期 マーケティング実績")
            .set_author("マーケティング部")
            .set_company(COMPANY)
            .set_creation_datetime(&created),
    );
    workbook.push_worksheet(notes_sheet(&f, &stats)?);
    workbook.push_worksheet(leads_sheet(&f, &leads)?);
    workbook.push_worksheet(deals_sheet(&f, &deals, &leads)?);
    workbook.push_worksheet(posts_sheet(&f, &posts)?);
    workbook.push_worksheet(touches_sheet(&f, &touches, &leads)?);
    workbook.push_worksheet(targets_sheet(&f)?);
    workbook.push_worksheet(custom_sheet(&f, &mut rng)?);
    workbook.save(out.join(WORKBOOK))?;

    fs::write(out.join(COSTS_CSV), costs_csv(&costs)?)?;
    fs::write(out.join("kpibook.toml"), CONFIG)?;

    print_summary(&posts, &leads, &deals, &touches, &costs);
    Ok(())
}
