//! Platform exports go in as they come (SPEC section 9): each fixture reproduces the layout of a
//! real export (its header texts and order, title rows, description and Total rows, the way it
//! writes dates and numbers, its encoding) with invented values. Each goes through the binary with
//! no config: every data row accepted, the export's profile named, the platform set, and the
//! column sums on the report's data sheet equal to the sums of the fixture's own cells.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::common::{kpibook, read_json, stderr, stdout, temp_dir};

/// One export fixture: its file, its header and data rows (as the export writes the cells).
struct Export {
    file: &'static str,
    /// Text before the header line (title rows), as bytes (a BOM included where the export has one).
    preamble: &'static str,
    header: &'static [&'static str],
    /// Rows between the header and the data that are not data (descriptions, a Total row).
    not_data: &'static [&'static [&'static str]],
    rows: &'static [&'static [&'static str]],
    /// Text after the data rows (footers such as `Total: Account`).
    footer: &'static [&'static [&'static str]],
    profile: &'static str,
    table: &'static str,
    platform: &'static str,
    /// fixture header -> report column whose sum must equal the header's column sum.
    sums: &'static [(&'static [&'static str], &'static str)],
}

/// A CSV field, quoted where the text needs it (every field quoted when `all` is set, as X does).
fn field(text: &str, all: bool) -> String {
    if all || text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn line(cells: &[&str], all: bool) -> String {
    let fields: Vec<String> = cells.iter().map(|c| field(c, all)).collect();
    fields.join(",") + "\n"
}

impl Export {
    fn csv(&self, quote_all: bool) -> String {
        let mut text = self.preamble.to_string();
        text += &line(self.header, quote_all);
        for row in self.not_data.iter().chain(self.rows).chain(self.footer) {
            text += &line(row, quote_all);
        }
        text
    }

    /// The sum of the fixture's cells under any of `headers` (thousands separators, `.0` and
    /// `-` read as an export means them).
    fn column_sum(&self, headers: &[&str]) -> f64 {
        let mut sum = 0.0;
        for header in headers {
            let Some(col) = self.header.iter().position(|h| h == header) else {
                continue;
            };
            for row in self.rows {
                let cell = row[col].replace(',', "");
                if cell.is_empty() || cell == "-" {
                    continue;
                }
                sum += cell.parse::<f64>().expect("a number in the fixture");
            }
        }
        sum
    }
}

/// The data sheet `name` of an English report: header -> column values.
pub(super) fn data_sheet(report: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(report).expect("the report opens");
    let range = book.worksheet_range(name).expect("the data sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

pub(super) fn column<'a>(rows: &'a [Vec<Data>], header: &str) -> Vec<&'a Data> {
    let col = rows[0]
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}"));
    rows[1..].iter().map(|r| &r[col]).collect()
}

pub(super) fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        Data::Empty => 0.0,
        other => panic!("not a number: {other:?}"),
    }
}

/// Runs `check` and `report` on one export alone and checks what the module doc promises.
fn goes_in_as_it_comes(export: &Export, bytes: &[u8]) {
    let dir = temp_dir();
    std::fs::write(dir.path().join(export.file), bytes).unwrap();
    let check = kpibook(
        dir.path(),
        &["check", export.file, "--format", "json", "--lang", "en"],
    );
    let json: serde_json::Value = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|_| panic!("{}: {}", export.file, stderr(&check)));
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], export.profile, "{}: {sheet}", export.file);
    assert_eq!(sheet["table"], export.table, "{}", export.file);
    let issues = json["issues"].as_array().unwrap();
    assert!(
        issues.iter().all(|i| i["severity"] != "error"),
        "{}: {issues:?}",
        export.file
    );
    let skipped = sheet["skipped"].as_array().unwrap().len();
    assert_eq!(
        skipped,
        export.not_data.len() + export.footer.len(),
        "{}",
        export.file
    );

    let report = dir.path().join("r.xlsx");
    let out = kpibook(
        dir.path(),
        &[
            "report",
            export.file,
            "-o",
            "r.xlsx",
            "--lang",
            "en",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.success(), "{}: {}", export.file, stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    let table_rows = &summary["rows"][export.table];
    assert_eq!(table_rows["accepted"], export.rows.len(), "{}", export.file);
    assert_eq!(table_rows["rejected"], 0, "{}", export.file);

    let (sheet_name, platform_column) = match export.table {
        "posts" => ("Posts data", "platform_id"),
        "daily" => ("Daily data", "platform_id"),
        _ => ("Costs data", "channel_id"),
    };
    // The Summary's input list names the profile beside the table.
    let summary_sheet = data_sheet(&report, "Summary");
    let read_as = format!("{} ({})", export.table, export.profile);
    assert!(
        summary_sheet
            .iter()
            .flatten()
            .any(|c| c == &Data::String(read_as.clone())),
        "{}: the Summary does not say `{read_as}`",
        export.file
    );
    let rows = data_sheet(&report, sheet_name);
    assert_eq!(rows.len() - 1, export.rows.len(), "{}", export.file);
    for platform in column(&rows, platform_column) {
        assert_eq!(
            platform,
            &Data::String(export.platform.into()),
            "{}",
            export.file
        );
    }
    for (headers, report_column) in export.sums {
        let expected = export.column_sum(headers);
        let actual: f64 = column(&rows, report_column).into_iter().map(number).sum();
        assert!(
            (actual - expected).abs() < 1e-6,
            "{}: {report_column} = {actual}, the fixture's {headers:?} add up to {expected}",
            export.file
        );
    }
}

const INSTAGRAM_EN: Export = Export {
    file: "Instagram_posts.csv",
    preamble: "",
    header: &[
        "Post ID",
        "Account ID",
        "Account username",
        "Account name",
        "Description",
        "Duration (sec)",
        "Publish time",
        "Permalink",
        "Post type",
        "Data comment",
        "Date",
        "Views",
        "Reach",
        "Likes",
        "Shares",
        "Follows",
        "Comments",
        "Saves",
    ],
    not_data: &[],
    rows: &[
        &[
            "17960320052859139",
            "17841461342735919",
            "acme_jp",
            "ACME Japan",
            "New whitepaper, link in bio",
            "0",
            "03/25/2025 22:00",
            "https://www.instagram.com/p/DHpmj9euOPy/",
            "IG carousel",
            "",
            "Lifetime",
            "145",
            "75",
            "10",
            "1",
            "0",
            "0",
            "0",
        ],
        &[
            "18182686576415017",
            "17841461342735919",
            "acme_jp",
            "ACME Japan",
            "Behind the scenes\nat the booth",
            "31",
            "03/28/2025 09:15",
            "https://www.instagram.com/reel/DHxQ2bKyZ7a/",
            "IG reel",
            "",
            "Lifetime",
            "15,000",
            "9,812",
            "320",
            "41",
            "6",
            "12",
            "57",
        ],
    ],
    footer: &[],
    profile: "instagram_posts_en",
    table: "posts",
    platform: "instagram",
    sums: &[
        (&["Views"], "impressions"),
        (&["Reach"], "reach"),
        (&["Likes"], "reactions"),
        (&["Comments"], "comments"),
        (&["Shares"], "shares"),
        (&["Saves"], "saves"),
    ],
};

const INSTAGRAM_JA: Export = Export {
    file: "instagram_ja.csv",
    preamble: "\u{feff}",
    header: &[
        "投稿ID",
        "アカウントID",
        "アカウントのユーザーネーム",
        "アカウント名",
        "説明",
        "時間(秒)",
        "公開時間",
        "リンク",
        "投稿タイプ",
        "データコメント",
        "日時",
        "ビュー",
        "リーチ",
        "いいね！の数",
        "シェア数",
        "フォロー数",
        "コメント数",
        "保存数",
    ],
    not_data: &[],
    rows: &[
        &[
            "18047000000000001",
            "17841400000000001",
            "acme_jp",
            "株式会社ACME",
            "展示会のお知らせ",
            "0",
            "09/22/2026 23:48",
            "https://www.instagram.com/p/C1aBcDeFgHi/",
            "IGリール動画",
            "",
            "通算",
            "1,200",
            "980",
            "45",
            "3",
            "1",
            "4",
            "9",
        ],
        &[
            "18047000000000002",
            "17841400000000001",
            "acme_jp",
            "株式会社ACME",
            "導入事例",
            "0",
            "09/25/2026 12:00",
            "https://www.instagram.com/p/C1zYxWvUtSr/",
            "Instagram画像",
            "",
            "通算",
            "800",
            "640",
            "20",
            "0",
            "0",
            "2",
            "5",
        ],
    ],
    footer: &[],
    profile: "instagram_posts_ja",
    table: "posts",
    platform: "instagram",
    sums: &[
        (&["ビュー"], "impressions"),
        (&["いいね！の数"], "reactions"),
        (&["保存数"], "saves"),
    ],
};

const FACEBOOK_EN: Export = Export {
    file: "Facebook_posts.csv",
    preamble: "",
    header: &[
        "Post ID",
        "Page ID",
        "Page name",
        "Title",
        "Description",
        "Duration (sec)",
        "Publish time",
        "Caption type",
        "Permalink",
        "Is crosspost",
        "Is share",
        "Post type",
        "Languages",
        "Custom labels",
        "Funded content status",
        "Data comment",
        "Date",
        "Views",
        "Reach",
        "Reactions, Comments and Shares",
        "Reactions",
        "Comments",
        "Shares",
        "Total clicks",
        "Other Clicks",
        "Matched Audience Targeting Consumption (Photo Click)",
    ],
    not_data: &[],
    rows: &[
        &[
            "122100000000000001",
            "61550000000001",
            "ACME",
            "",
            "Webinar on 10/3, sign up",
            "",
            "09/28/2026 18:12",
            "N/A",
            "https://www.facebook.com/61550000000001/posts/122100000000000001",
            "No",
            "No",
            "Links",
            "",
            "",
            "",
            "",
            "Lifetime",
            "2310",
            "1804",
            "57",
            "40",
            "9",
            "8",
            "113",
            "61",
            "",
        ],
        &[
            "122100000000000002",
            "61550000000001",
            "ACME",
            "",
            "Case study: 30% faster",
            "",
            "09/30/2026 08:05",
            "N/A",
            "https://www.facebook.com/61550000000001/posts/122100000000000002",
            "No",
            "No",
            "Photos",
            "",
            "",
            "",
            "",
            "Lifetime",
            "950",
            "700",
            "21",
            "15",
            "2",
            "4",
            "38",
            "20",
            "14",
        ],
    ],
    footer: &[],
    profile: "facebook_posts_en",
    table: "posts",
    platform: "facebook",
    sums: &[
        (&["Views"], "impressions"),
        (&["Reach"], "reach"),
        (&["Reactions"], "reactions"),
        (&["Total clicks"], "clicks"),
    ],
};

const YOUTUBE_EN: Export = Export {
    file: "Table data.csv",
    preamble: "",
    header: &[
        "Content",
        "Video title",
        "Video publish time",
        "Duration",
        "Views",
        "Watch time (hours)",
        "Subscribers",
        "Impressions",
        "Impressions click-through rate (%)",
    ],
    not_data: &[&["Total", "", "", "", "31047", "78.4021", "15", "5412", "4.1"]],
    rows: &[
        &[
            "UWQNrpakgcA",
            "Consistency is the key",
            "Aug 28, 2025",
            "9",
            "30331",
            "45.8772",
            "14",
            "4956",
            "3.51",
        ],
        &[
            "-HHGH-TTqYM",
            "Our product in 60 seconds",
            "Dec 15, 2023",
            "61",
            "716",
            "32.5249",
            "1",
            "456",
            "11.2",
        ],
    ],
    footer: &[],
    profile: "youtube_table_en",
    table: "posts",
    platform: "youtube",
    sums: &[
        (&["Views"], "video_views"),
        (&["Impressions"], "impressions"),
    ],
};

const YOUTUBE_JA: Export = Export {
    file: "表データ.csv",
    preamble: "",
    header: &[
        "コンテンツ",
        "動画のタイトル",
        "動画公開時刻",
        "長さ",
        "視聴回数",
        "総再生時間（単位: 時間）",
        "チャンネル登録者",
        "インプレッション数",
        "インプレッションのクリック率 (%)",
    ],
    not_data: &[&["合計", "", "", "", "2,040", "11.2", "3", "9,100", "5.2"]],
    rows: &[
        &[
            "aB3dE5fG7hI",
            "導入事例インタビュー",
            "Sep 1, 2026",
            "312",
            "1,500",
            "8.1",
            "2",
            "6,000",
            "5.5",
        ],
        &[
            "Zy9xW8vU7tS",
            "3分でわかる製品紹介",
            "2026/10/07",
            "185",
            "540",
            "3.1",
            "1",
            "3,100",
            "4.6",
        ],
    ],
    footer: &[],
    profile: "youtube_table_ja",
    table: "posts",
    platform: "youtube",
    sums: &[
        (&["視聴回数"], "video_views"),
        (&["インプレッション数"], "impressions"),
    ],
};

const X_TWEETS_EN: Export = Export {
    file: "tweet_activity_metrics_acme_20170101_20170201_en.csv",
    preamble: "",
    header: &[
        "Tweet id",
        "Tweet permalink",
        "Tweet text",
        "time",
        "impressions",
        "engagements",
        "engagement rate",
        "retweets",
        "replies",
        "likes",
        "user profile clicks",
        "url clicks",
        "hashtag clicks",
        "detail expands",
        "permalink clicks",
        "app opens",
        "app installs",
        "follows",
        "email tweet",
        "dial phone",
        "media views",
        "media engagements",
        "promoted impressions",
        "promoted engagements",
    ],
    not_data: &[],
    rows: &[
        &[
            "826144200114663424",
            "https://twitter.com/acme/status/826144200114663424",
            "News is out",
            "2017-01-30 19:05 +0000",
            "4715.0",
            "46.0",
            "0.00975609756097561",
            "7.0",
            "1.0",
            "5.0",
            "4.0",
            "20.0",
            "0.0",
            "9.0",
            "0.0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "-",
            "-",
        ],
        &[
            "825000000000000001",
            "https://twitter.com/acme/status/825000000000000001",
            "Webinar tomorrow",
            "2017-01-27 02:30 +0000",
            "1200.0",
            "30.0",
            "0.025",
            "2.0",
            "0.0",
            "11.0",
            "1.0",
            "12.0",
            "0.0",
            "4.0",
            "0.0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "900",
            "15",
        ],
    ],
    footer: &[],
    profile: "x_tweet_activity_en",
    table: "posts",
    platform: "x",
    sums: &[
        (&["impressions"], "impressions"),
        (&["engagements"], "engagements"),
        (&["likes"], "reactions"),
        (&["retweets"], "shares"),
        (&["url clicks"], "clicks"),
    ],
};

const X_CONTENT_EN: Export = Export {
    file: "account_analytics_content_2025-01-01_2025-02-19.csv",
    preamble: "",
    header: &[
        "Post id",
        "Date",
        "Post text",
        "Post Link",
        "Impressions",
        "Likes",
        "Engagements",
        "Bookmarks",
        "Shares",
        "New follows",
        "Replies",
        "Reposts",
        "Profile visits",
        "Detail Expands",
        "URL Clicks",
        "Hashtag Clicks",
        "Permalink Clicks",
    ],
    not_data: &[],
    rows: &[
        &[
            "1891234567890123456",
            "Mon Feb 17 2025",
            "Launch day &amp; more",
            "https://x.com/acme/status/1891234567890123456",
            "5120",
            "40",
            "210",
            "6",
            "3",
            "2",
            "5",
            "11",
            "19",
            "60",
            "44",
            "1",
            "8",
        ],
        &[
            "1890000000000000001",
            "Tue, Feb 11, 2025",
            "@partner thanks!",
            "https://x.com/acme/status/1890000000000000001",
            "800",
            "4",
            "12",
            "0",
            "0",
            "0",
            "1",
            "2",
            "3",
            "5",
            "1",
            "0",
            "0",
        ],
    ],
    footer: &[],
    profile: "x_content_en",
    table: "posts",
    platform: "x",
    sums: &[
        (&["Impressions"], "impressions"),
        (&["Likes"], "reactions"),
        (&["Shares", "Reposts"], "shares"),
        (&["URL Clicks"], "clicks"),
    ],
};

const TIKTOK: Export = Export {
    file: "Content.csv",
    preamble: "\u{feff}",
    header: &[
        "Time",
        "Video title",
        "Video link",
        "Post time",
        "Total likes",
        "Total comments",
        "Total shares",
        "Total views",
    ],
    not_data: &[],
    rows: &[
        &[
            "2026-08-02",
            "Hello",
            "https://www.tiktok.com/@acme/video/7398000000000000001",
            "2026-08-02 19:05:00",
            "12",
            "3",
            "1",
            "1500",
        ],
        &[
            "2026-08-05",
            "Second",
            "https://www.tiktok.com/@acme/video/7398000000000000002",
            "2026-08-05 08:00:00",
            "40",
            "5",
            "2",
            "5,431",
        ],
    ],
    footer: &[],
    profile: "tiktok_content_en",
    table: "posts",
    platform: "tiktok",
    sums: &[
        (&["Total views"], "video_views"),
        (&["Total likes"], "reactions"),
        (&["Total shares"], "shares"),
    ],
};

const META_ADS_EN: Export = Export {
    file: "ACME-Campaigns-Sep-1-2026-Sep-30-2026.csv",
    preamble: "",
    header: &[
        "Reporting starts",
        "Reporting ends",
        "Campaign name",
        "Amount spent (JPY)",
        "Impressions",
        "Reach",
        "Results",
        "Cost per result",
    ],
    not_data: &[],
    rows: &[
        &[
            "2026-09-01",
            "2026-09-30",
            "Webinar leads",
            "48210",
            "120000",
            "80000",
            "31",
            "1555.16",
        ],
        &[
            "2026-09-01",
            "2026-09-30",
            "Retargeting",
            "12000",
            "30000",
            "9000",
            "",
            "",
        ],
    ],
    footer: &[],
    profile: "meta_ads_en",
    table: "costs",
    platform: "facebook",
    sums: &[(&["Amount spent (JPY)"], "amount")],
};

const META_ADS_JA: Export = Export {
    file: "ACME-キャンペーン.csv",
    preamble: "\u{feff}",
    header: &[
        "レポート開始日",
        "レポート終了日",
        "キャンペーン名",
        "消化金額 (JPY)",
        "インプレッション",
        "リーチ",
        "結果",
        "結果の単価",
    ],
    not_data: &[],
    rows: &[
        &[
            "2026-10-01",
            "2026-10-31",
            "資料DL",
            "30500",
            "90000",
            "50000",
            "12",
            "2541",
        ],
        &[
            "2026-10-01",
            "2026-10-31",
            "ウェビナー集客",
            "9800",
            "20000",
            "15000",
            "4",
            "2450",
        ],
    ],
    footer: &[],
    profile: "meta_ads_ja",
    table: "costs",
    platform: "facebook",
    sums: &[(&["消化金額 (JPY)"], "amount")],
};

const GOOGLE_ADS_EN: Export = Export {
    file: "Campaign report.csv",
    preamble: "Campaign report\n\"September 1, 2026 - September 30, 2026\"\n",
    header: &[
        "Campaign status",
        "Campaign",
        "Day",
        "Campaign type",
        "Impr.",
        "Clicks",
        "CTR",
        "Currency code",
        "Avg. CPC",
        "Cost",
        "Conversions",
    ],
    not_data: &[],
    rows: &[
        &[
            "Enabled",
            "Brand",
            "2026-09-01",
            "Search",
            "1,234",
            "210",
            "17.02%",
            "JPY",
            "52",
            "10,920",
            "4.00",
        ],
        &[
            "Enabled",
            "Generic",
            "2026-09-02",
            "Search",
            "5,600",
            "180",
            "3.21%",
            "JPY",
            "120",
            "21,600",
            "2.00",
        ],
    ],
    footer: &[
        &[
            "",
            "Total: Account",
            "",
            "",
            "6,834",
            "390",
            "5.71%",
            "JPY",
            "83.69",
            "32,520",
            "6.00",
        ],
        &[
            "",
            "Total: Campaigns",
            "",
            "",
            "6,834",
            "390",
            "5.71%",
            "JPY",
            "83.69",
            "32,520",
            "6.00",
        ],
    ],
    profile: "google_ads_en",
    table: "costs",
    platform: "search_ads",
    sums: &[(&["Cost"], "amount")],
};

#[test]
fn instagram_posts_go_in_as_exported() {
    goes_in_as_it_comes(&INSTAGRAM_EN, INSTAGRAM_EN.csv(false).as_bytes());
    goes_in_as_it_comes(&INSTAGRAM_JA, INSTAGRAM_JA.csv(false).as_bytes());
}

#[test]
fn facebook_business_suite_posts_go_in_and_lifetime_is_not_a_date() {
    goes_in_as_it_comes(&FACEBOOK_EN, FACEBOOK_EN.csv(false).as_bytes());
}

#[test]
fn youtube_table_data_goes_in_without_its_total_row() {
    goes_in_as_it_comes(&YOUTUBE_EN, YOUTUBE_EN.csv(false).as_bytes());
    goes_in_as_it_comes(&YOUTUBE_JA, YOUTUBE_JA.csv(false).as_bytes());
}

#[test]
fn x_exports_go_in_with_float_counts_utc_times_and_dashes() {
    goes_in_as_it_comes(&X_TWEETS_EN, X_TWEETS_EN.csv(true).as_bytes());
    goes_in_as_it_comes(&X_CONTENT_EN, X_CONTENT_EN.csv(false).as_bytes());
}

#[test]
fn tiktok_content_goes_in_and_its_links_are_its_ids() {
    goes_in_as_it_comes(&TIKTOK, TIKTOK.csv(true).as_bytes());
}

#[test]
fn ad_spend_exports_go_in_as_costs() {
    goes_in_as_it_comes(&META_ADS_EN, META_ADS_EN.csv(false).as_bytes());
    goes_in_as_it_comes(&META_ADS_JA, META_ADS_JA.csv(false).as_bytes());
    goes_in_as_it_comes(&GOOGLE_ADS_EN, GOOGLE_ADS_EN.csv(false).as_bytes());
}

/// The X tweet time `2017-01-30 19:05 +0000` is UTC; in Asia/Tokyo (the default time zone) the
/// post was published on 31 January at 04:05.
#[test]
fn a_tweet_time_in_utc_is_read_in_the_report_time_zone() {
    let dir = temp_dir();
    let file = X_TWEETS_EN.file;
    std::fs::write(dir.path().join(file), X_TWEETS_EN.csv(true)).unwrap();
    let out = kpibook(
        dir.path(),
        &["report", file, "-o", "r.xlsx", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = data_sheet(&dir.path().join("r.xlsx"), "Posts data");
    let published = column(&rows, "published_at");
    let first = match published[0] {
        Data::DateTime(dt) => dt.as_datetime().unwrap(),
        other => panic!("not a date: {other:?}"),
    };
    assert_eq!(first.to_string(), "2017-01-31 04:05:00");
}

/// A lead that carries a post's permalink (in post_id or utm_content) links to that post, even when
/// the export knows the post only by its link (TikTok) or the link's form differs (x.com / twitter.com).
#[test]
fn leads_carrying_a_post_url_link_to_that_post() {
    let dir = temp_dir();
    std::fs::write(dir.path().join(TIKTOK.file), TIKTOK.csv(true)).unwrap();
    std::fs::write(dir.path().join(X_TWEETS_EN.file), X_TWEETS_EN.csv(true)).unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel,post_id,utm_content\n\
         L1,2026-08-03,tiktok,https://www.tiktok.com/@acme/video/7398000000000000001?lang=ja,\n\
         L2,2017-02-01,x,,https://x.com/acme/status/826144200114663424?s=20\n\
         L3,2026-08-06,tiktok,,\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "r.xlsx",
            "--lang",
            "en",
            "--period",
            "2017-01-01..2026-12-31",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = data_sheet(&dir.path().join("r.xlsx"), "Leads data");
    let linked: Vec<String> = column(&rows, "linked_post")
        .into_iter()
        .map(|c| c.to_string())
        .collect();
    let reasons: Vec<String> = column(&rows, "link_reason")
        .into_iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(linked[0], "7398000000000000001");
    assert_eq!(reasons[0], "post_id");
    assert_eq!(linked[1], "826144200114663424");
    assert_eq!(reasons[1], "utm_content");
    let _ = stdout(&out);
}

/// The README's worked example: a team's own profile in `profiles_dir` reads its webinar tool's
/// export as leads, with the constant channel.
#[test]
fn a_teams_own_profile_reads_its_export() {
    let dir = temp_dir();
    let readme = include_str!("../../README.md");
    let start = readme.find("# profiles/webinar_registrants.toml").unwrap();
    let end = start + readme[start..].find("```").unwrap();
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    std::fs::write(
        dir.path().join("profiles/webinar_registrants.toml"),
        &readme[start..end],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "profiles_dir = \"profiles\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("registrants.csv"),
        "Registrant ID,Registered at,Source,Company\n\
         R-1,2026-10-01 10:00,newsletter,A社\n\
         R-2,2026-10-02 11:30,linkedin,B社\n\
         Total,,,\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], "webinar_registrants", "{json}");
    assert_eq!(json["rows"]["leads"]["accepted"], 2, "{json}");
    assert_eq!(sheet["skipped"][0]["row"], 4);
    assert_eq!(sheet["unused"], serde_json::json!(["Source"]));

    let out = kpibook(dir.path(), &["report", ".", "-o", "r.xlsx", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = data_sheet(&dir.path().join("r.xlsx"), "Leads data");
    for channel in column(&rows, "channel_id") {
        assert_eq!(channel, &Data::String("webinar".into()));
    }

    // A typo in the team's profile stops the run naming the file and the field.
    std::fs::write(
        dir.path().join("profiles/broken.toml"),
        "id = \"b\"\nname = \"b\"\ntable = \"leads\"\nsignature = [\"X\"]\n[columns]\n\"X\" = \"lead\"\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("broken.toml") && err.contains("`lead`"),
        "{err}"
    );
}

/// A Meta Ads export in US dollars sets the report's currency when none is configured, and is
/// refused row by row when the configured currency is another.
#[test]
fn the_currency_in_an_ad_export_header_counts_as_the_cells_sign() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("ads.csv"),
        "Reporting starts,Reporting ends,Campaign name,Amount spent (USD)\n\
         2026-09-01,2026-09-30,A,120.5\n\
         2026-10-01,2026-10-31,A,80\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "ads.csv",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    assert_eq!(summary["currency"], "USD");
    assert_eq!(summary["rows"]["costs"]["accepted"], 2);

    std::fs::write(dir.path().join("kpibook.toml"), "currency = \"JPY\"\n").unwrap();
    let out = kpibook(dir.path(), &["check", "ads.csv", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rows"]["costs"]["rejected"], 2);
    assert_eq!(json["issues"][0]["code"], "inconsistent");
    assert_eq!(json["issues"][0]["cell"], "D2");
}

/// LinkedIn's page export as it comes: a sentence in row 1, the header in row 2, Excel dates.
fn linkedin_posts_xlsx(path: &Path) {
    use super::common::{write_xlsx, D, N, S};
    let header = [
        "Post title",
        "Post link",
        "Post type",
        "Campaign name",
        "Posted by",
        "Created date",
        "Campaign start date",
        "Campaign end date",
        "Audience",
        "Impressions",
        "Views (excluding off-site video views)",
        "Off-site views",
        "Clicks",
        "Click through rate (CTR)",
        "Likes",
        "Comments",
        "Reposts",
        "Follows",
        "Engagement rate",
        "Content Type",
    ];
    let post = |title: &'static str, activity: &'static str, day: u8, counts: [f64; 6]| {
        let [impressions, clicks, likes, comments, reposts, views] = counts;
        vec![
            S(title),
            S(activity),
            S("Organic"),
            S(""),
            S("ACME"),
            D(2026, 9, day),
            S(""),
            S(""),
            S("All followers"),
            N(impressions),
            N(views),
            N(0.0),
            N(clicks),
            N(clicks / impressions),
            N(likes),
            N(comments),
            N(reposts),
            N(1.0),
            N((clicks + likes + comments + reposts) / impressions),
            S("Image"),
        ]
    };
    let mut rows = vec![
        vec![S(
            "All posts: Sep 1, 2026 - Sep 30, 2026. Metrics are as of the export date.",
        )],
        header.iter().map(|h| S(h)).collect(),
    ];
    rows.push(post(
        "We are hiring",
        "https://www.linkedin.com/feed/update/urn:li:activity:7240000000000000001/",
        3,
        [3200.0, 88.0, 41.0, 6.0, 4.0, 0.0],
    ));
    rows.push(post(
        "Webinar: attribution for B2B",
        "https://www.linkedin.com/feed/update/urn:li:activity:7240000000000000002/",
        17,
        [5100.0, 240.0, 77.0, 12.0, 9.0, 0.0],
    ));
    write_xlsx(path, &[("All posts", rows)]);
}

/// A folder of one export per platform and the team's leads: each platform's funnel on the report
/// equals the sums of its own export, and its leads are the leads that came by it.
#[test]
fn a_folder_of_exports_reports_a_funnel_per_platform() {
    let dir = temp_dir();
    let exports = [
        &INSTAGRAM_EN,
        &FACEBOOK_EN,
        &YOUTUBE_EN,
        &TIKTOK,
        &X_CONTENT_EN,
    ];
    for export in exports {
        std::fs::write(dir.path().join(export.file), export.csv(false)).unwrap();
    }
    linkedin_posts_xlsx(&dir.path().join("Content_2026.xlsx"));
    std::fs::write(
        dir.path().join("leads.csv"),
        "リードID,獲得日,流入元,投稿ID\n\
         L1,2026/09/05,LinkedIn,https://www.linkedin.com/feed/update/urn:li:activity:7240000000000000001/\n\
         L2,2026/09/20,LinkedIn,\n\
         L3,2026/08/04,TikTok,https://www.tiktok.com/@acme/video/7398000000000000001\n\
         L4,2025/03/29,Instagram,https://www.instagram.com/reel/DHxQ2bKyZ7a/\n\
         L5,2026/10/01,Facebook,\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "report.xlsx",
            "--lang",
            "en",
            "--period",
            "2023-01-01..2026-12-31",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    if let Ok(keep) = std::env::var("KPIBOOK_KEEP_REPORT") {
        std::fs::copy(dir.path().join("report.xlsx"), keep).unwrap();
    }
    let summary = read_json(&dir.path().join("s.json"));
    assert_eq!(summary["rows"]["posts"]["rejected"], 0, "{summary}");
    assert_eq!(summary["rows"]["posts"]["accepted"], 12, "{summary}");

    // The Funnel sheet: a column per platform, a row per stage.
    let funnel = data_sheet(&dir.path().join("report.xlsx"), "Funnel");
    let header = funnel
        .iter()
        .position(|r| r.iter().any(|c| c == &Data::String("LinkedIn".into())))
        .expect("a row naming the platforms");
    let value = |platform: &str, stage: &str| -> f64 {
        let col = funnel[header]
            .iter()
            .position(|c| c == &Data::String(platform.into()))
            .unwrap_or_else(|| panic!("no column {platform}"));
        let row = funnel
            .iter()
            .find(|r| r.first() == Some(&Data::String(stage.into())))
            .unwrap_or_else(|| panic!("no row {stage}"));
        number(&row[col])
    };
    // LinkedIn: impressions 3,200 + 5,100; clicks 88 + 240; engagements per post are the
    // reactions, comments, shares and clicks: 41+6+4+88 + 77+12+9+240; leads L1 and L2.
    assert_eq!(value("LinkedIn", "Impressions"), 8300.0);
    assert_eq!(value("LinkedIn", "Clicks"), 328.0);
    assert_eq!(value("LinkedIn", "Engagements"), 477.0);
    assert_eq!(value("LinkedIn", "Leads"), 2.0);
    let per_export = [
        ("Instagram", &INSTAGRAM_EN, "Views"),
        ("Facebook", &FACEBOOK_EN, "Views"),
        ("YouTube", &YOUTUBE_EN, "Impressions"),
        ("X (Twitter)", &X_CONTENT_EN, "Impressions"),
    ];
    for (platform, export, impressions) in per_export {
        assert_eq!(
            value(platform, "Impressions"),
            export.column_sum(&[impressions]),
            "{platform}"
        );
    }
    assert_eq!(
        value("Facebook", "Clicks"),
        FACEBOOK_EN.column_sum(&["Total clicks"])
    );
    assert_eq!(value("TikTok", "Leads"), 1.0);
    assert_eq!(value("Instagram", "Leads"), 1.0);
}

const X_DAILY_EN: Export = Export {
    file: "daily_tweet_activity_metrics_acme_20210801_20210901_en.csv",
    preamble: "",
    header: &[
        "Date",
        "Tweets published",
        "impressions",
        "engagements",
        "engagement rate",
        "retweets",
        "replies",
        "likes",
        "user profile clicks",
        "url clicks",
        "hashtag clicks",
        "detail expands",
        "permalink clicks",
        "app opens",
        "app installs",
        "follows",
        "email tweet",
        "dial phone",
        "media views",
        "media engagements",
        "promoted impressions",
    ],
    not_data: &[],
    rows: &[
        &[
            "2021-08-01",
            "0",
            "1088",
            "13",
            "0.011948529411764705",
            "0",
            "0",
            "2",
            "3",
            "1",
            "0",
            "6",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "-",
        ],
        &[
            "2021-08-02",
            "2",
            "2310",
            "57",
            "0.024675324675324677",
            "4",
            "2",
            "19",
            "9",
            "12",
            "0",
            "8",
            "3",
            "0",
            "0",
            "1",
            "0",
            "0",
            "40",
            "2",
            "-",
        ],
    ],
    footer: &[],
    profile: "x_daily_en",
    table: "daily",
    platform: "x",
    sums: &[
        (&["impressions"], "impressions"),
        (&["engagements"], "engagements"),
        (&["likes"], "reactions"),
        (&["url clicks"], "clicks"),
        (&["Tweets published"], "posts_published"),
    ],
};

const X_OVERVIEW_EN: Export = Export {
    file: "account_overview_analytics.csv",
    preamble: "",
    header: &[
        "Date",
        "Impressions",
        "Likes",
        "Engagements",
        "Bookmarks",
        "Shares",
        "New follows",
        "Unfollows",
        "Replies",
        "Reposts",
        "Profile visits",
        "Create Post",
        "Video views",
        "Media views",
    ],
    not_data: &[],
    rows: &[
        &[
            "Sat, Sep 6, 2025",
            "610750",
            "6146",
            "16344",
            "582",
            "98",
            "123",
            "3",
            "892",
            "183",
            "1845",
            "2",
            "0",
            "0",
        ],
        &[
            "Fri, Sep 5, 2025",
            "48211",
            "512",
            "1390",
            "40",
            "7",
            "11",
            "1",
            "60",
            "22",
            "140",
            "1",
            "310",
            "12",
        ],
    ],
    footer: &[],
    profile: "x_overview_en",
    table: "daily",
    platform: "x",
    sums: &[
        (&["Impressions"], "impressions"),
        (&["Shares", "Reposts"], "shares"),
        (&["New follows"], "followers_gained"),
        (&["Create Post"], "posts_published"),
    ],
};

const YOUTUBE_CHART_EN: Export = Export {
    file: "Chart data.csv",
    preamble: "",
    header: &[
        "Date",
        "Content",
        "Video title",
        "Video publish time",
        "Duration",
        "Views",
    ],
    not_data: &[],
    rows: &[
        &[
            "2025-06-13",
            "UWQNrpakgcA",
            "Consistency is the key",
            "Aug 28, 2025",
            "9",
            "0",
        ],
        &[
            "2025-09-01",
            "UWQNrpakgcA",
            "Consistency is the key",
            "Aug 28, 2025",
            "9",
            "812",
        ],
        &[
            "2025-09-02",
            "UWQNrpakgcA",
            "Consistency is the key",
            "Aug 28, 2025",
            "9",
            "655",
        ],
    ],
    footer: &[],
    profile: "youtube_chart_en",
    table: "daily",
    platform: "youtube",
    sums: &[(&["Views"], "video_views")],
};

#[test]
fn daily_metrics_exports_go_in_as_daily_rows() {
    goes_in_as_it_comes(&X_DAILY_EN, X_DAILY_EN.csv(true).as_bytes());
    goes_in_as_it_comes(&X_OVERVIEW_EN, X_OVERVIEW_EN.csv(false).as_bytes());
    goes_in_as_it_comes(&YOUTUBE_CHART_EN, YOUTUBE_CHART_EN.csv(false).as_bytes());
}

/// LinkedIn's aggregated daily sheet as the content export writes it: a sentence, then the header.
pub(super) fn linkedin_daily_xlsx(path: &Path, days: &[(u8, [f64; 5])]) {
    use super::common::{write_xlsx, D, N, S};
    let header = [
        "Date",
        "Impressions (organic)",
        "Impressions (sponsored)",
        "Impressions (total)",
        "Unique impressions (organic)",
        "Clicks (organic)",
        "Clicks (sponsored)",
        "Clicks (total)",
        "Reactions (organic)",
        "Reactions (sponsored)",
        "Reactions (total)",
        "Comments (organic)",
        "Comments (sponsored)",
        "Comments (total)",
        "Reposts (organic)",
        "Reposts (sponsored)",
        "Reposts (total)",
        "Engagement rate (organic)",
        "Engagement rate (sponsored)",
        "Engagement rate (total)",
    ];
    let mut rows = vec![
        vec![S(
            "Aggregated metrics. Data from the last 365 days may be subject to change.",
        )],
        header.iter().map(|h| S(h)).collect(),
    ];
    for (day, [impressions, clicks, reactions, comments, reposts]) in days {
        let engagement = (clicks + reactions + comments + reposts) / impressions;
        rows.push(vec![
            D(2026, 9, *day),
            N(*impressions),
            N(0.0),
            N(*impressions),
            N(impressions * 0.6),
            N(*clicks),
            N(0.0),
            N(*clicks),
            N(*reactions),
            N(0.0),
            N(*reactions),
            N(*comments),
            N(0.0),
            N(*comments),
            N(*reposts),
            N(0.0),
            N(*reposts),
            N(engagement),
            N(0.0),
            N(engagement),
        ]);
    }
    write_xlsx(path, &[("Metrics", rows)]);
}

/// A platform with no post rows takes its funnel from its daily rows: LinkedIn's aggregated sheet
/// beside X posts and the leads. LinkedIn's impressions, engagements (reactions + comments +
/// reposts + clicks) and clicks are the sums of the days in the period; X's come from its posts.
#[test]
fn a_platform_without_posts_takes_its_funnel_from_its_daily_rows() {
    let dir = temp_dir();
    let days = [
        (1, [1200.0, 30.0, 22.0, 3.0, 1.0]),
        (2, [800.0, 12.0, 10.0, 0.0, 2.0]),
        (15, [2500.0, 75.0, 41.0, 6.0, 5.0]),
    ];
    linkedin_daily_xlsx(&dir.path().join("Content_2026.xlsx"), &days);
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel\nL1,2026-09-03,LinkedIn\nL2,2026-09-20,LinkedIn\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "report.xlsx",
            "--lang",
            "en",
            "--period",
            "2026-09-01..2026-09-30",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    assert_eq!(summary["rows"]["daily"]["accepted"], 3, "{summary}");
    let sum = |i: usize| days.iter().map(|(_, d)| d[i]).sum::<f64>();
    let engagements = sum(1) + sum(2) + sum(3) + sum(4);
    assert_eq!(summary["funnel"]["impressions"], sum(0));
    assert_eq!(summary["funnel"]["clicks"], sum(1));
    assert_eq!(summary["funnel"]["engagements"], engagements);
    let funnel = data_sheet(&dir.path().join("report.xlsx"), "Funnel");
    let header = funnel
        .iter()
        .position(|r| r.iter().any(|c| c == &Data::String("LinkedIn".into())))
        .unwrap();
    let col = funnel[header]
        .iter()
        .position(|c| c == &Data::String("LinkedIn".into()))
        .unwrap();
    let stage = |name: &str| {
        let row = funnel
            .iter()
            .find(|r| r.first() == Some(&Data::String(name.into())))
            .unwrap();
        number(&row[col])
    };
    assert_eq!(stage("Impressions"), sum(0));
    assert_eq!(stage("Engagements"), engagements);
    assert_eq!(stage("Leads"), 2.0);
}

const X_TWEETS_JA: Export = Export {
    file: "tweet_activity_metrics_acme_20170101_20170201_ja.csv",
    preamble: "",
    header: &[
        "ツイートID",
        "ツイートの固定リンク",
        "ツイート本文",
        "時間",
        "インプレッション",
        "エンゲージメント",
        "エンゲージメント率",
        "リツイート",
        "返信",
        "いいね",
        "ユーザープロフィールクリック",
        "URLクリック数",
        "ハッシュタグクリック",
        "詳細クリック",
        "固定リンクのクリック数",
        "アプリ表示",
        "アプリインストール",
        "フォローしている",
        "ツイートをメール送信",
        "ダイアル式電話",
        "メディアの再生数",
        "メディアのエンゲージメント数",
        "プロモのインプレッション",
    ],
    not_data: &[],
    rows: &[
        &[
            "826144200114663424",
            "https://twitter.com/acme_jp/status/826144200114663424",
            "ウェビナーのお知らせ",
            "2017-01-30 19:05 +0000",
            "2100.0",
            "35.0",
            "0.0166",
            "3.0",
            "1.0",
            "9.0",
            "2.0",
            "11.0",
            "0.0",
            "6.0",
            "0.0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "-",
        ],
        &[
            "825000000000000002",
            "https://twitter.com/acme_jp/status/825000000000000002",
            "導入事例を公開しました",
            "2017-01-20 01:00 +0000",
            "880.0",
            "12.0",
            "0.0136",
            "1.0",
            "0.0",
            "4.0",
            "1.0",
            "5.0",
            "0.0",
            "1.0",
            "0.0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "-",
        ],
    ],
    footer: &[],
    profile: "x_tweet_activity_ja",
    table: "posts",
    platform: "x",
    sums: &[
        (&["インプレッション"], "impressions"),
        (&["いいね"], "reactions"),
        (&["URLクリック数"], "clicks"),
    ],
};

const X_CONTENT_JA: Export = Export {
    file: "account_analytics_content_2025-01-01_2025-02-19_ja.csv",
    preamble: "",
    header: &[
        "ポストID",
        "日付",
        "ポスト本文",
        "ポストのリンク",
        "インプレッション数",
        "いいね",
        "エンゲージメント",
        "ブックマーク",
        "共有された回数\\",
        "新しいフォロー",
        "返信",
        "リポスト",
        "プロフィールへのアクセス数",
        "詳細のクリック数",
        "URLのクリック数",
        "ハッシュタグのクリック数",
        "パーマリンクのクリック数",
    ],
    not_data: &[],
    rows: &[
        &[
            "1891234567890123456",
            "Mon Feb 17 2025",
            "新機能のお知らせ",
            "https://x.com/acme_jp/status/1891234567890123456",
            "3300",
            "25",
            "140",
            "4",
            "2",
            "1",
            "3",
            "6",
            "12",
            "40",
            "30",
            "0",
            "5",
        ],
        &[
            "1890000000000000002",
            "Tue, Feb 11, 2025",
            "セミナー資料を公開",
            "https://x.com/acme_jp/status/1890000000000000002",
            "1200",
            "9",
            "51",
            "1",
            "1",
            "0",
            "1",
            "3",
            "2",
            "10",
            "18",
            "0",
            "1",
        ],
    ],
    footer: &[],
    profile: "x_content_ja",
    table: "posts",
    platform: "x",
    sums: &[
        (&["インプレッション数"], "impressions"),
        (&["共有された回数\\", "リポスト"], "shares"),
        (&["URLのクリック数"], "clicks"),
    ],
};

const X_OVERVIEW_JA: Export = Export {
    file: "account_overview_analytics_ja.csv",
    preamble: "",
    header: &[
        "Date",
        "インプレッション数",
        "いいね",
        "エンゲージメント",
        "ブックマーク",
        "共有された回数",
        "新しいフォロー",
        "フォロー解除",
        "返信",
        "リポスト",
        "プロフィールへのアクセス数",
        "ポストを作成",
        "動画再生数",
        "メディアの再生数",
    ],
    not_data: &[],
    rows: &[
        &[
            "Sat, Sep 6, 2025",
            "15000",
            "120",
            "420",
            "9",
            "2",
            "5",
            "1",
            "14",
            "6",
            "40",
            "1",
            "0",
            "0",
        ],
        &[
            "Fri, Sep 5, 2025",
            "9800",
            "80",
            "300",
            "3",
            "0",
            "2",
            "0",
            "7",
            "4",
            "22",
            "2",
            "150",
            "3",
        ],
    ],
    footer: &[],
    profile: "x_overview_ja",
    table: "daily",
    platform: "x",
    sums: &[
        (&["インプレッション数"], "impressions"),
        (&["共有された回数", "リポスト"], "shares"),
        (&["新しいフォロー"], "followers_gained"),
    ],
};

const YOUTUBE_CHART_JA: Export = Export {
    file: "グラフデータ.csv",
    preamble: "",
    header: &[
        "日付",
        "コンテンツ",
        "動画のタイトル",
        "動画公開時刻",
        "長さ",
        "視聴回数",
    ],
    not_data: &[],
    rows: &[
        &[
            "2026-10-08",
            "Zy9xW8vU7tS",
            "3分でわかる製品紹介",
            "2026/10/07",
            "185",
            "120",
        ],
        &[
            "2026-10-09",
            "Zy9xW8vU7tS",
            "3分でわかる製品紹介",
            "2026/10/07",
            "185",
            "1,050",
        ],
    ],
    footer: &[],
    profile: "youtube_chart_ja",
    table: "daily",
    platform: "youtube",
    sums: &[(&["視聴回数"], "video_views")],
};

const YOUTUBE_TOTALS_EN: Export = Export {
    file: "Totals.csv",
    preamble: "",
    header: &["Date", "Views"],
    not_data: &[],
    rows: &[
        &["2025-06-12", ""],
        &["2025-06-13", "412"],
        &["2025-06-14", "388"],
    ],
    footer: &[],
    profile: "youtube_totals_en",
    table: "daily",
    platform: "youtube",
    sums: &[(&["Views"], "video_views")],
};

const GOOGLE_ADS_JA: Export = Export {
    file: "キャンペーン レポート.csv",
    preamble: "キャンペーン レポート\n\"2026年9月1日 - 2026年9月30日\"\n",
    header: &[
        "キャンペーンのステータス",
        "キャンペーン",
        "日",
        "キャンペーン タイプ",
        "表示回数",
        "クリック数",
        "クリック率",
        "通貨コード",
        "平均クリック単価",
        "費用",
        "コンバージョン",
    ],
    not_data: &[],
    rows: &[
        &[
            "有効",
            "指名",
            "2026-09-01",
            "検索",
            "1,234",
            "210",
            "17.02%",
            "JPY",
            "52",
            "10,920",
            "4.00",
        ],
        &[
            "有効",
            "一般",
            "2026-09-15",
            "検索",
            "5,600",
            "180",
            "3.21%",
            "JPY",
            "120",
            "21,600",
            "2.00",
        ],
    ],
    footer: &[&[
        "",
        "合計: アカウント",
        "",
        "",
        "6,834",
        "390",
        "5.71%",
        "JPY",
        "83.69",
        "32,520",
        "6.00",
    ]],
    profile: "google_ads_ja",
    table: "costs",
    platform: "search_ads",
    sums: &[(&["費用"], "amount")],
};

const LINKEDIN_ADS_EN: Export = Export {
    file: "campaign_performance_report.csv",
    preamble: "Campaign Performance Report (in UTC)\nReport Start: 9/1/2026, 12:00 AM\nReport End: 9/30/2026, 11:59 PM\n",
    header: &[
        "Start Date (in UTC)", "Account Name", "Campaign Name", "Campaign Type",
        "Total Spent", "Impressions", "Clicks", "Reactions", "Comments",
    ],
    not_data: &[],
    rows: &[
        &["9/1/2026", "ACME", "Webinar leads", "Sponsored Content", "84500.00", "61000", "420", "88", "6"],
        &["9/16/2026", "ACME", "Retargeting", "Sponsored Content", "21000.50", "15000", "97", "11", "1"],
    ],
    footer: &[],
    profile: "linkedin_ads_en",
    table: "costs",
    platform: "linkedin",
    sums: &[(&["Total Spent"], "amount")],
};

/// UTF-16 little-endian with a BOM and tabs between fields, as Campaign Manager and Google Ads
/// write their "Excel" CSV.
fn utf16_tabbed(export: &Export) -> Vec<u8> {
    let tabbed = |cells: &[&str]| cells.join("\t") + "\n";
    let mut text = export.preamble.to_string();
    text += &tabbed(export.header);
    for row in export
        .not_data
        .iter()
        .chain(export.rows)
        .chain(export.footer)
    {
        text += &tabbed(row);
    }
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

#[test]
fn japanese_x_exports_go_in_as_exported() {
    goes_in_as_it_comes(&X_TWEETS_JA, X_TWEETS_JA.csv(true).as_bytes());
    goes_in_as_it_comes(&X_CONTENT_JA, X_CONTENT_JA.csv(false).as_bytes());
    goes_in_as_it_comes(&X_OVERVIEW_JA, X_OVERVIEW_JA.csv(false).as_bytes());
}

#[test]
fn youtube_chart_data_and_totals_go_in_as_daily_rows() {
    goes_in_as_it_comes(&YOUTUBE_CHART_JA, YOUTUBE_CHART_JA.csv(false).as_bytes());
    goes_in_as_it_comes(&YOUTUBE_TOTALS_EN, YOUTUBE_TOTALS_EN.csv(false).as_bytes());
}

#[test]
fn google_ads_in_japanese_and_linkedin_campaign_manager_go_in_as_costs() {
    goes_in_as_it_comes(&GOOGLE_ADS_JA, GOOGLE_ADS_JA.csv(false).as_bytes());
    goes_in_as_it_comes(&LINKEDIN_ADS_EN, LINKEDIN_ADS_EN.csv(false).as_bytes());
    // The same exports as UTF-16 with tabs.
    goes_in_as_it_comes(&GOOGLE_ADS_JA, &utf16_tabbed(&GOOGLE_ADS_JA));
    goes_in_as_it_comes(&LINKEDIN_ADS_EN, &utf16_tabbed(&LINKEDIN_ADS_EN));
}

/// LinkedIn's older page exports are BIFF `.xls` files: the same sheet saved by LibreOffice as
/// Excel 97-2003 goes in as the `.xlsx` does (its sentence row, its header in row 2, its dates).
#[test]
fn linkedins_biff_xls_export_goes_in_as_exported() {
    if !super::libreoffice_recalc::soffice_available() {
        return;
    }
    let dir = temp_dir();
    let xlsx = dir.path().join("ACME_content_1700000000000.xlsx");
    linkedin_posts_xlsx(&xlsx);
    let profile = dir.path().join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xls:MS Excel 97", "--outdir"])
        .arg(dir.path().join("biff"))
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xls = dir.path().join("biff/ACME_content_1700000000000.xls");
    assert!(std::fs::read(&xls)
        .unwrap()
        .starts_with(&[0xD0, 0xCF, 0x11, 0xE0]));
    let out = kpibook(
        &dir.path().join("biff"),
        &[
            "check",
            "ACME_content_1700000000000.xls",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sheets"][0]["profile"], "linkedin_posts_en", "{json}");
    assert_eq!(json["rows"]["posts"]["accepted"], 2, "{json}");
    let out = kpibook(
        &dir.path().join("biff"),
        &[
            "report",
            "ACME_content_1700000000000.xls",
            "-o",
            "r.xlsx",
            "--lang",
            "en",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = data_sheet(&dir.path().join("biff/r.xlsx"), "Posts data");
    let sum = |header: &str| -> f64 { column(&rows, header).into_iter().map(number).sum() };
    // The fixture's two posts: 3,200 + 5,100 impressions, 88 + 240 clicks, 41 + 77 likes.
    assert_eq!(sum("impressions"), 8300.0);
    assert_eq!(sum("clicks"), 328.0);
    assert_eq!(sum("reactions"), 118.0);
    let ids: Vec<String> = column(&rows, "post_id")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(ids, ["7240000000000000001", "7240000000000000002"]);
    let published = column(&rows, "published_at");
    match published[1] {
        Data::DateTime(dt) => {
            assert_eq!(dt.as_datetime().unwrap().to_string(), "2026-09-17 00:00:00")
        }
        other => panic!("not a date: {other:?}"),
    }
}

/// Issue 23: ad managers let the user choose the columns. A Meta report split by day with the ad
/// set as its row label and no `Reporting starts`, a Japanese one whose currency sits in
/// full-width brackets with no space (`消化金額（JPY）`) and labelled by `広告の名前`, a Google Ads
/// ad group report without `Currency code`, and a LinkedIn report by campaign group: each is
/// still its export.
const META_ADS_BY_DAY_EN: Export = Export {
    file: "Ad-sets-Sep-2026.csv",
    preamble: "",
    header: &["Day", "Ad set name", "Impressions", "Amount spent (JPY)"],
    not_data: &[],
    rows: &[
        &["2026-09-01", "Lookalike 1%", "4000", "3200"],
        &["2026-09-02", "Lookalike 1%", "5100", "4150"],
    ],
    footer: &[],
    profile: "meta_ads_en",
    table: "costs",
    platform: "facebook",
    sums: &[(&["Amount spent (JPY)"], "amount")],
};

/// Spend written without its currency, labelled by the ad's name.
const META_ADS_NO_CURRENCY_EN: Export = Export {
    file: "Ads-Sep-2026.csv",
    preamble: "",
    header: &[
        "Reporting starts",
        "Reporting ends",
        "Ad name",
        "Amount spent",
    ],
    not_data: &[],
    rows: &[
        &["2026-09-01", "2026-09-30", "Video A", "5400"],
        &["2026-09-01", "2026-09-30", "Video B", "2100"],
    ],
    footer: &[],
    profile: "meta_ads_en",
    table: "costs",
    platform: "facebook",
    sums: &[(&["Amount spent"], "amount")],
};

const META_ADS_BY_AD_JA: Export = Export {
    file: "広告-2026年9月.csv",
    preamble: "\u{feff}",
    header: &["日", "広告の名前", "インプレッション", "消化金額（JPY）"],
    not_data: &[],
    rows: &[
        &["2026-09-03", "動画A", "1200", "980"],
        &["2026-09-04", "動画B", "800", "1,020"],
    ],
    footer: &[],
    profile: "meta_ads_ja",
    table: "costs",
    platform: "facebook",
    sums: &[(&["消化金額（JPY）"], "amount")],
};

const GOOGLE_ADS_AD_GROUPS_EN: Export = Export {
    file: "Ad group report.csv",
    preamble: "Ad group report\n\"September 1, 2026 - September 30, 2026\"\n",
    header: &["Ad group", "Campaign", "Day", "Impr.", "Clicks", "Cost"],
    not_data: &[],
    rows: &[
        &["Brand exact", "Brand", "2026-09-01", "900", "120", "6,300"],
        &[
            "Generic broad",
            "Generic",
            "2026-09-02",
            "2,100",
            "95",
            "11,450",
        ],
    ],
    footer: &[&["Total: Account", "", "", "3,000", "215", "17,750"]],
    profile: "google_ads_en",
    table: "costs",
    platform: "search_ads",
    sums: &[(&["Cost"], "amount")],
};

const LINKEDIN_ADS_GROUPS_EN: Export = Export {
    file: "campaign_group_performance_report.csv",
    preamble: "Campaign Group Performance Report (in UTC)\nReport Start: 9/1/2026, 12:00 AM\nReport End: 9/30/2026, 11:59 PM\n",
    header: &["Start Date (in UTC)", "Campaign Group Name", "Total Spent", "Impressions"],
    not_data: &[],
    rows: &[
        &["9/1/2026", "Always on", "52000.00", "40000"],
        &["9/2/2026", "Launch", "18000.25", "9000"],
    ],
    footer: &[],
    profile: "linkedin_ads_en",
    table: "costs",
    platform: "linkedin",
    sums: &[(&["Total Spent"], "amount")],
};

#[test]
fn ad_exports_with_the_columns_a_user_chose_are_still_their_exports() {
    goes_in_as_it_comes(
        &META_ADS_BY_DAY_EN,
        META_ADS_BY_DAY_EN.csv(false).as_bytes(),
    );
    goes_in_as_it_comes(&META_ADS_BY_AD_JA, META_ADS_BY_AD_JA.csv(false).as_bytes());
    goes_in_as_it_comes(
        &META_ADS_NO_CURRENCY_EN,
        META_ADS_NO_CURRENCY_EN.csv(false).as_bytes(),
    );
    goes_in_as_it_comes(
        &GOOGLE_ADS_AD_GROUPS_EN,
        GOOGLE_ADS_AD_GROUPS_EN.csv(false).as_bytes(),
    );
    goes_in_as_it_comes(
        &LINKEDIN_ADS_GROUPS_EN,
        LINKEDIN_ADS_GROUPS_EN.csv(false).as_bytes(),
    );
}

/// Issue 23: a sheet holding two of Google Ads' three signature entries is a near miss: `check`
/// names the profile and the entry missing on the sheet's entry (JSON and text), and the sheet is
/// read by the schema's aliases as before (here as costs, its month and channel missing). Named
/// alone on the command line, a file whose sheet is no table stops with the near miss told.
#[test]
fn a_near_miss_names_the_export_and_the_headers_missing() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("spend.csv"),
        "Campaign,Cost,Clicks\nBrand,1200,30\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("costs.csv"),
        "month,channel,campaign,cost\n2026-09,x,Brand,1200\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "spend.csv", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "spend.csv [spend]: nearly the export google_ads_en (Google Ads: campaign report), but lacks: `Impr.|"
        ),
        "{}",
        stderr(&out)
    );

    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel\nL1,2026-09-01,linkedin\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", ".", "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let sheets = json["sheets"].as_array().unwrap();
    let sheet = |file: &str| {
        sheets
            .iter()
            .find(|s| s["file"] == file)
            .unwrap_or_else(|| panic!("{file}: {json}"))
    };
    let spend = sheet("spend.csv");
    assert_eq!(spend["profile"], serde_json::Value::Null);
    assert_eq!(spend["near_miss"]["profile"], "google_ads_en", "{spend}");
    let missing = spend["near_miss"]["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 1, "{spend}");
    assert!(
        missing[0].as_str().unwrap().starts_with("Impr.|"),
        "{spend}"
    );
    // A sheet that is no near miss has no such key; a team's costs sheet is no Google Ads report.
    assert!(sheet("leads.csv").get("near_miss").is_none());
    assert!(sheet("costs.csv").get("near_miss").is_none(), "{json}");
    assert_eq!(sheet("costs.csv")["table"], "costs");

    let out = kpibook(dir.path(), &["check", ".", "--lang", "en"]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "  nearly the export google_ads_en (Google Ads: campaign report), but lacks: `Impr.|"
        ),
        "{text}"
    );
}

/// The spend of every month in a report of `file` (in `dir`) limited to `month`, from the summary
/// JSON.
fn cost_of_month(dir: &Path, file: &str, month: &str) -> f64 {
    let json = format!("s-{month}.json");
    let out = kpibook(
        dir,
        &[
            "report",
            file,
            "-o",
            &format!("r-{month}.xlsx"),
            "--month",
            month,
            "--summary-json",
            &json,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    read_json(&dir.join(json))["totals"]["cost"]
        .as_f64()
        .expect("a cost")
}

/// Issue 23: a Meta Ads report without a Day or Reporting starts column takes its period from its
/// file name, and each row's spend is spread over the months of it by days. 2025-06-16..07-15 is
/// 15 days of June (16..30) and 15 of July (1..15), 30 in all: 31,000 is 15,500 + 15,500; 12,345
/// is 6,172.5 each, whole yen: June 6,173 (rounded) and July the rest, 6,172. June 21,673, July
/// 21,672. Each input row is counted once (2 read, 2 accepted) though it makes two cost records,
/// and the Checks sheet holds (recalculated by LibreOffice where it is installed).
#[test]
fn a_meta_export_without_a_date_column_spreads_its_spend_over_its_file_names_months_by_days() {
    let dir = temp_dir();
    let file = "Untitled-report-Jun-16-2025-to-Jul-15-2025.csv";
    std::fs::write(
        dir.path().join(file),
        "Campaign name,Impressions,Amount spent (JPY)\nWebinar,1000,31000\nRetargeting,500,12345\n",
    )
    .unwrap();
    let check = kpibook(dir.path(), &["check", file, "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], "meta_ads_en");
    assert_eq!(
        (&sheet["period"]["start"], &sheet["period"]["end"]),
        (&"2025-06-16".into(), &"2025-07-15".into())
    );
    assert_eq!(sheet["period"]["from"], "file_name");
    let costs = &json["rows"]["costs"];
    assert_eq!((&costs["read"], &costs["accepted"]), (&2.into(), &2.into()));

    assert_eq!(
        cost_of_month(dir.path(), file, "2025-06"),
        15_500.0 + 6_173.0
    );
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-07"),
        15_500.0 + 6_172.0
    );

    let report = dir.path().join("r.xlsx");
    let out = kpibook(
        dir.path(),
        &["report", file, "-o", "r.xlsx", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = data_sheet(&report, "Costs data");
    let amounts: Vec<f64> = column(&rows, "amount").into_iter().map(number).collect();
    assert_eq!(amounts, [15_500.0, 15_500.0, 6_173.0, 6_172.0]);
    for period in column(&rows, "period") {
        assert_eq!(period, &Data::String("2025-06-16..2025-07-15".into()));
    }
    let days: Vec<f64> = column(&rows, "period_days")
        .into_iter()
        .map(number)
        .collect();
    assert_eq!(days, [15.0, 15.0, 15.0, 15.0]);
    let parts: Vec<f64> = column(&rows, "period_part")
        .into_iter()
        .map(number)
        .collect();
    assert_eq!(parts, [1.0, 2.0, 1.0, 2.0]);
    // The Checks sheet's row of this sheet: 2 read, 2 accepted, TRUE.
    let checks = data_sheet(&report, "Checks");
    let line = checks
        .iter()
        .find(|r| r.first() == Some(&Data::String(file.into())))
        .expect("the sheet's line on Checks");
    assert_eq!((number(&line[3]), number(&line[4])), (2.0, 2.0));
    assert_eq!(line[8], Data::Bool(true));
    if super::libreoffice_recalc::soffice_available() {
        let again = super::libreoffice_recalc::recalculate(dir.path(), &report);
        super::libreoffice_recalc::assert_recalculation_agrees(&report, &again);
    }
}

/// Issue 23: a Google Ads report not segmented by day takes the range of its title row. July
/// 20..31 is 12 days, August 1..9 is 9: 21 in all. 21,000 is 12,000 + 9,000; 9,999 × 12/21 =
/// 5,713.7, whole yen 5,714 in July and the rest, 4,285, in August. July 17,714, August 13,285:
/// together the export's own `Total: Account`, 30,999.
#[test]
fn a_google_ads_report_without_day_spreads_its_cost_over_its_title_rows_range() {
    let dir = temp_dir();
    let file = "Campaign report.csv";
    std::fs::write(
        dir.path().join(file),
        "Campaign report\n\"July 20, 2025 - August 9, 2025\"\n\
         Campaign status,Campaign,Impr.,Clicks,Currency code,Cost\n\
         Enabled,Brand,\"1,000\",50,JPY,\"21,000\"\n\
         Enabled,Generic,500,20,JPY,\"9,999\"\n\
         ,Total: Account,\"1,500\",70,JPY,\"30,999\"\n",
    )
    .unwrap();
    let check = kpibook(dir.path(), &["check", file, "--lang", "en"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("costs (google_ads_en): 2 read, 2 accepted")
            && stdout(&check).contains("period (from row 2): 2025-07-20..2025-08-09"),
        "{}",
        stdout(&check)
    );
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-07"),
        12_000.0 + 5_714.0
    );
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-08"),
        9_000.0 + 4_285.0
    );
}

/// Issue 23: an export whose only period is `All time` (and no date column) is an error asking
/// for a dated export, not spend put in some month; its rows are rejected, and counted.
#[test]
fn an_all_time_export_is_an_error_asking_for_a_dated_one() {
    let dir = temp_dir();
    let file = "Untitled-report-All-time.csv";
    std::fs::write(
        dir.path().join(file),
        "Campaign name,Amount spent (JPY)\nWebinar,48000\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &["check", file, "--format", "json", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issue = &json["issues"][0];
    assert_eq!(
        (&issue["severity"], &issue["code"], &issue["value"]),
        (
            &"error".into(),
            &"missing_column".into(),
            &"All time".into()
        )
    );
    let message = issue["message"].as_str().unwrap();
    assert!(
        message.contains("All time") && message.contains("date range"),
        "{message}"
    );
    let costs = &json["rows"]["costs"];
    assert_eq!(
        (&costs["read"], &costs["accepted"], &costs["rejected"]),
        (&1.into(), &0.into(), &1.into())
    );
    // A title row saying so is the same.
    std::fs::write(
        dir.path().join("report.csv"),
        "Campaign report\nAll time\nCampaign,Impr.,Cost\nBrand,100,2000\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "report.csv", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("`All time` (row 2)"),
        "{}",
        stdout(&out)
    );
}

/// Issue 23: a Meta Ads report not split by day whose rows run from `Reporting starts`
/// 2025-06-16 to `Reporting ends` 2025-07-15 spreads each row like the file-name range above:
/// June 15,500 + 6,173, July 15,500 + 6,172. A row within one month stays one record.
#[test]
fn a_meta_row_from_reporting_starts_to_a_later_months_reporting_ends_is_spread_by_days() {
    let dir = temp_dir();
    let file = "ads.csv";
    std::fs::write(
        dir.path().join(file),
        "Reporting starts,Reporting ends,Campaign name,Amount spent (JPY)\n\
         2025-06-16,2025-07-15,Webinar,31000\n\
         2025-06-16,2025-07-15,Retargeting,12345\n\
         2025-08-01,2025-08-31,Brand,7000\n",
    )
    .unwrap();
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-06"),
        15_500.0 + 6_173.0
    );
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-07"),
        15_500.0 + 6_172.0
    );
    assert_eq!(cost_of_month(dir.path(), file, "2025-08"), 7_000.0);
    let out = kpibook(
        dir.path(),
        &["report", file, "-o", "r.xlsx", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = data_sheet(&dir.path().join("r.xlsx"), "Costs data");
    let parts: Vec<f64> = column(&rows, "period_part")
        .into_iter()
        .map(number)
        .collect();
    assert_eq!(parts, [1.0, 2.0, 1.0, 2.0, 0.0]);
    let checks = data_sheet(&dir.path().join("r.xlsx"), "Checks");
    let line = checks
        .iter()
        .find(|r| r.first() == Some(&Data::String(file.into())))
        .expect("the sheet's line on Checks");
    assert_eq!((number(&line[3]), number(&line[4])), (3.0, 3.0));
}

/// Issue 23: the same in Japanese, the range written `2025年6月21日～2025年7月10日`: June 21..30 is
/// 10 days and July 1..10 is 10, 20 in all. 10,001 is 5,000.5 each, whole yen: June 5,001
/// (rounded half away from zero) and July the rest, 5,000; 4,000 is 2,000 each. June 7,001,
/// July 7,000: the export's `合計` row, 14,001, between them.
#[test]
fn a_japanese_google_ads_report_without_its_day_column_spreads_its_cost_too() {
    let dir = temp_dir();
    let file = "キャンペーン レポート.csv";
    std::fs::write(
        dir.path().join(file),
        "\u{feff}キャンペーン レポート\n2025年6月21日～2025年7月10日\n\
         キャンペーンのステータス,キャンペーン,表示回数,クリック数,費用\n\
         有効,ブランド,\"1,200\",80,\"10,001\"\n\
         有効,一般,900,40,\"4,000\"\n\
         ,合計: アカウント,\"2,100\",120,\"14,001\"\n",
    )
    .unwrap();
    let check = kpibook(dir.path(), &["check", file, "--format", "json"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], "google_ads_ja", "{sheet}");
    assert_eq!(
        (&sheet["period"]["from"], &sheet["period"]["row"]),
        (&"title_row".into(), &2.into())
    );
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-06"),
        5_001.0 + 2_000.0
    );
    assert_eq!(
        cost_of_month(dir.path(), file, "2025-07"),
        5_000.0 + 2_000.0
    );
}

/// Issue 23: a Google Ads report segmented by month has its own month per row, written either way
/// (`2025-01-01`, `February 2025`): its cost stays in that month and is not spread over the range
/// of its title row.
#[test]
fn a_google_ads_report_by_month_keeps_each_rows_month() {
    let dir = temp_dir();
    let file = "Campaign report.csv";
    std::fs::write(
        dir.path().join(file),
        "Campaign report\n\"January 1, 2025 - February 28, 2025\"\n\
         Campaign,Month,Impr.,Cost\n\
         Brand,2025-01-01,\"1,000\",\"3,100\"\n\
         Brand,February 2025,800,\"2,800\"\n",
    )
    .unwrap();
    assert_eq!(cost_of_month(dir.path(), file, "2025-01"), 3_100.0);
    assert_eq!(cost_of_month(dir.path(), file, "2025-02"), 2_800.0);
}

/// Issue 23: a LinkedIn Campaign Manager report without `Start Date (in UTC)` takes its period
/// from its `Report Start:` / `Report End:` lines. August 20..31 is 12 days, September 1..9 is 9:
/// 21 in all. 2,100.00 is 1,200 + 900; 1,000.50 is 571.714… in August, to the cent 571.71, and
/// the rest, 428.79, in September. August 1,771.71, September 1,328.79.
#[test]
fn a_linkedin_report_without_its_start_date_takes_the_report_start_and_end_lines() {
    let dir = temp_dir();
    let file = "campaign_performance_report.csv";
    std::fs::write(
        dir.path().join(file),
        "Campaign Performance Report (in UTC)\n\
         Report Start: 8/20/2026, 12:00 AM\n\
         Report End: 9/9/2026, 11:59 PM\n\
         Account Name,Campaign Name,Total Spent,Impressions\n\
         ACME,Webinar leads,2100.00,61000\n\
         ACME,Retargeting,1000.50,15000\n",
    )
    .unwrap();
    let check = kpibook(dir.path(), &["check", file, "--format", "json"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], "linkedin_ads_en", "{sheet}");
    assert_eq!(
        (&sheet["period"]["from"], &sheet["period"]["row"]),
        (&"comments".into(), &2.into())
    );
    let august = cost_of_month(dir.path(), file, "2026-08");
    let september = cost_of_month(dir.path(), file, "2026-09");
    assert!((august - 1_771.71).abs() < 1e-6, "{august}");
    assert!((september - 1_328.79).abs() < 1e-6, "{september}");
}

/// LinkedIn's campaign list in English, as the Portuguese UI's (`linkedin_ads_pt`) writes it: each
/// campaign group's row (`-` as its campaign) is the sum of its campaigns, skipped and said once;
/// the spend is the campaigns' rows', over the range in the file name.
#[test]
fn a_linkedin_campaign_lists_group_rows_are_not_spend() {
    let dir = temp_dir();
    let name = "campaigns_2026-01-01_2026-01-31.csv";
    let text = "Campaign Group Name,Campaign Name,Status,Total Spent,Impressions,Clicks\n\
                Lead gen 2026,-,Active,\"3,210.50\",12400,96\n\
                Lead gen 2026,IT managers,Active,\"2,000.25\",7900,61\n\
                Lead gen 2026,Finance directors,Active,\"1,210.25\",4500,35\n";
    std::fs::write(dir.path().join(name), text).unwrap();
    let out = kpibook(
        dir.path(),
        &["check", name, "--format", "json", "--lang", "en"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], "linkedin_ads_en", "{sheet}");
    assert_eq!(sheet["skipped"][0]["row"], 2, "{sheet}");
    assert_eq!(sheet["skipped"][0]["why"], "group", "{sheet}");
    assert_eq!(json["rows"]["costs"]["accepted"], 2);
    let said = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "group_row")
        .count();
    assert_eq!(said, 1);

    let out = kpibook(
        dir.path(),
        &["report", name, "-o", "r.xlsx", "--summary-json", "s.json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    // 2,000.25 + 1,210.25, the group's 3,210.50 not again.
    assert_eq!(summary["totals"]["cost"], 3_210.5);
}
