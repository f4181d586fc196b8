//! Issue 23's value and row rules for exports as they come (SPEC sections 1 and 9): dates written
//! without a year, placeholder rows, and columns of one name. Each file is made here in the layout
//! the platform writes, with invented values; the expected figures are worked out from its cells.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

use crate::common::*;

/// The header of TikTok Studio's Content tab (Analytics → Download data): English in every UI
/// language; `Time` is the export's day and `Post time` the publish day, both without a year.
const TIKTOK_CONTENT: &str = "\"Time\",\"Video title\",\"Video link\",\"Post time\",\"Total likes\",\"Total comments\",\"Total shares\",\"Total views\"";

/// A TikTok video link whose id carries `unix_seconds` (the id's top 32 bits) as its upload time.
fn tiktok_link(unix_seconds: u64) -> String {
    format!(
        "https://www.tiktok.com/@acme/video/{}",
        (unix_seconds << 32) | 1234
    )
}

/// A Content export (UTF-8 with BOM, every field quoted, no final newline), one row per
/// (title, link, post time, views).
fn tiktok_content(export_day: &str, rows: &[(&str, String, &str, u32)]) -> String {
    let lines: Vec<String> = rows
        .iter()
        .map(|(title, link, posted, views)| {
            format!("\"{export_day}\",\"{title}\",\"{link}\",\"{posted}\",\"3\",\"1\",\"0\",\"{views}\"")
        })
        .collect();
    format!("\u{feff}{TIKTOK_CONTENT}\n{}", lines.join("\n"))
}

fn check_json(dir: &Path, input: &str) -> (Option<i32>, Value) {
    let out = kpibook(dir, &["check", input, "--format", "json", "--lang", "en"]);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("check {input}: {}", stderr(&out)));
    (out.status.code(), json)
}

fn issues_of<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == code)
        .collect()
}

/// The report's data sheet `name` (English): header row first.
fn data_sheet(report: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(report).expect("the report opens");
    let range = book.worksheet_range(name).expect("the data sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

fn column<'a>(rows: &'a [Vec<Data>], header: &str) -> Vec<&'a Data> {
    let col = rows[0]
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}"));
    rows[1..].iter().map(|r| &r[col]).collect()
}

/// The days of a date column, as `YYYY-MM-DD`.
fn days(cells: &[&Data]) -> Vec<String> {
    cells
        .iter()
        .map(|cell| match cell {
            Data::DateTime(at) => at.as_datetime().unwrap().date().to_string(),
            other => panic!("not a date: {other:?}"),
        })
        .collect()
}

/// `report INPUT` in English, which must succeed: the report's path.
fn report(dir: &Path, input: &str) -> std::path::PathBuf {
    let out = kpibook(
        dir,
        &[
            "report",
            input,
            "-o",
            "r.xlsx",
            "--lang",
            "en",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    dir.join("r.xlsx")
}

/// A TikTok content file named with its day (2026-01-10): `December 28` is 2025-12-28 and
/// `January 3` 2026-01-03, each the last such day on or before the file's date; said once, for
/// the column, naming where the year came from.
#[test]
fn tiktok_dates_without_a_year_take_the_year_of_the_file_named_with_a_date() {
    let dir = temp_dir();
    let file = "Content_2026-01-10.csv";
    // Upload times 2025-12-28T03:00Z (1766890800) and 2026-01-03T03:00Z (1767409200).
    let rows = [
        ("Year end", tiktok_link(1_766_890_800), "December 28", 1200),
        ("New year", tiktok_link(1_767_409_200), "January 3", 800),
    ];
    std::fs::write(dir.path().join(file), tiktok_content("January 10", &rows)).unwrap();
    let (code, json) = check_json(dir.path(), file);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["rows"]["posts"]["accepted"], 2, "{json:#}");
    let told = issues_of(&json, "year_inferred");
    assert_eq!(told.len(), 1, "{told:#?}");
    assert_eq!(told[0]["column"], "Post time");
    assert_eq!(told[0]["severity"], "warning");
    let message = told[0]["message"].as_str().unwrap();
    assert!(
        message.contains("2026-01-10, the date in the file name"),
        "{message}"
    );
    let posts = data_sheet(&report(dir.path(), file), "Posts data");
    assert_eq!(
        days(&column(&posts, "published_at")),
        ["2025-12-28", "2026-01-03"]
    );
}

/// Without a date in the file name the video id decides: ids made on 2024-12-28 and 2025-01-03
/// give those years, although the file (written today) would put them a year or two later.
#[test]
fn tiktok_dates_without_a_year_take_the_year_of_the_video_id() {
    let dir = temp_dir();
    let file = "Content.csv";
    // Upload times 2024-12-28T03:00Z (1735354800) and 2025-01-03T03:00Z (1735873200).
    let rows = [
        ("Year end", tiktok_link(1_735_354_800), "December 28", 700),
        ("New year", tiktok_link(1_735_873_200), "January 3", 300),
    ];
    std::fs::write(dir.path().join(file), tiktok_content("January 10", &rows)).unwrap();
    let (code, json) = check_json(dir.path(), file);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(issues_of(&json, "year_inferred").len(), 1);
    let posts = data_sheet(&report(dir.path(), file), "Posts data");
    assert_eq!(
        days(&column(&posts, "published_at")),
        ["2024-12-28", "2025-01-03"]
    );
    let views: f64 = column(&posts, "video_views")
        .iter()
        .map(|c| match c {
            Data::Float(x) => *x,
            other => panic!("{other:?}"),
        })
        .sum();
    assert_eq!(views, 700.0 + 300.0);
}

/// A sheet of the team's own whose days are written `12月28日` (no ids to go by): the date in the
/// file name (20260110) gives 2025-12-28 and 2026-01-05; where the file name has none, the latest
/// fully dated cell of the sheet (2026-02-01) does.
#[test]
fn japanese_days_without_a_year_take_the_file_names_or_the_sheets_latest_date() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("leads_20260110.csv"),
        "リードID,獲得日,流入元\nL1,12月28日,展示会\nL2,1月5日,展示会\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), "leads_20260110.csv");
    assert_eq!(code, Some(0), "{json:#}");
    let report_path = report(dir.path(), "leads_20260110.csv");
    let leads = data_sheet(&report_path, "Leads data");
    assert_eq!(
        days(&column(&leads, "created_at")),
        ["2025-12-28", "2026-01-05"]
    );

    let dir = temp_dir();
    std::fs::write(
        dir.path().join("leads.csv"),
        "リードID,獲得日,MQL日,流入元\nL1,12月28日,2026/02/01,展示会\nL2,3月5日,,展示会\n",
    )
    .unwrap();
    let leads = data_sheet(&report(dir.path(), "leads.csv"), "Leads data");
    // On or before 2026-02-01 and within the year before it: 2025-12-28 and 2025-03-05.
    assert_eq!(
        days(&column(&leads, "created_at")),
        ["2025-12-28", "2025-03-05"]
    );
}

/// A team's profile says which of two columns of one name a field takes: `Reach` written twice
/// (unique people, then the total count) takes the last; `Video views` written twice (organic,
/// then paid) adds both up; `Likes` written twice, not named, takes the first.
#[test]
fn a_profile_says_which_column_of_one_name_a_field_takes() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    std::fs::write(
        dir.path().join("profiles/clips.toml"),
        "id = \"clips\"\nname = \"Clips\"\ntable = \"posts\"\nsignature = [\"Clip ID\", \"Reach\"]\n\
         constants = { platform = \"youtube\" }\n\
         duplicates = { \"Reach\" = \"last\", \"Video views\" = \"all\" }\n\
         [columns]\n\"Clip ID\" = \"post_id\"\n\"Published\" = \"published_at\"\n\
         \"Reach\" = \"reach\"\n\"Video views\" = \"video_views\"\n\"Likes\" = \"reactions\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "profiles_dir = \"profiles\"\n",
    )
    .unwrap();
    // Reach: people, total; Video views: organic, paid; Likes: total, unique.
    let rows: [(&str, [u32; 6]); 2] = [
        ("C1", [40, 55, 100, 30, 9, 7]),
        ("C2", [60, 80, 200, 50, 12, 10]),
    ];
    let mut text =
        String::from("Clip ID,Published,Reach,Reach,Video views,Video views,Likes,Likes\n");
    for (id, n) in &rows {
        text.push_str(&format!(
            "{id},2026-10-01,{},{},{},{},{},{}\n",
            n[0], n[1], n[2], n[3], n[4], n[5]
        ));
    }
    std::fs::write(dir.path().join("clips.csv"), text).unwrap();
    let (code, json) = check_json(dir.path(), "clips.csv");
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["sheets"][0]["profile"], "clips");
    let posts = data_sheet(&report(dir.path(), "clips.csv"), "Posts data");
    let figures = |header: &str| -> Vec<f64> {
        column(&posts, header)
            .iter()
            .map(|c| match c {
                Data::Float(x) => *x,
                other => panic!("{header}: {other:?}"),
            })
            .collect()
    };
    assert_eq!(figures("reach"), [55.0, 80.0]);
    assert_eq!(figures("video_views"), [100.0 + 30.0, 200.0 + 50.0]);
    assert_eq!(figures("reactions"), [9.0, 12.0]);
}

/// X's content export writes placeholder rows (no post id, a link ending `/status/undefined`,
/// every figure 0): they are not data, skipped like Total rows (outside read, so read = accepted +
/// rejected + blank), and `check` says them once for the sheet.
#[test]
fn placeholder_rows_are_skipped_counted_and_said_once() {
    let header = "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks";
    let placeholder = ",\"Tue, Feb 18, 2025\",,https://x.com/undefined/status/undefined,0,0,0,0,0,0,0,0,0,0,0,0,0";
    // Impressions and likes of the three posts, in the sheet's rows 2, 4 and 5.
    let posts = [
        ("1891234567890123456", 5120, 40),
        ("1890000000000000001", 800, 4),
        ("1889000000000000002", 1500, 17),
    ];
    let post = |(id, impressions, likes): (&str, u32, u32)| {
        format!("{id},\"Mon, Feb 17, 2025\",Hello,https://x.com/acme/status/{id},{impressions},{likes},20,1,0,0,1,2,3,4,5,0,0")
    };
    let lines = [
        header.to_string(),
        post(posts[0]),
        placeholder.to_string(),
        post(posts[1]),
        post(posts[2]),
        placeholder.to_string(),
    ];
    let file = "account_analytics_content_2025-01-01_2025-02-19.csv";
    let dir = temp_dir();
    std::fs::write(dir.path().join(file), lines.join("\n") + "\n").unwrap();
    let (code, json) = check_json(dir.path(), file);
    assert_eq!(code, Some(0), "{json:#}");
    let sheet = &json["sheets"][0];
    assert_eq!(sheet["profile"], "x_content_en");
    let rows = &json["rows"]["posts"];
    assert_eq!(
        (
            &rows["read"],
            &rows["accepted"],
            &rows["rejected"],
            &rows["blank"]
        ),
        (
            &Value::from(3),
            &Value::from(3),
            &Value::from(0),
            &Value::from(0)
        ),
        "{rows}"
    );
    assert_eq!(
        sheet["skipped"],
        serde_json::json!([{"row": 3, "why": "placeholder"}, {"row": 6, "why": "placeholder"}])
    );
    let out = kpibook(dir.path(), &["check", file, "--lang", "en"]);
    let text = stdout(&out);
    let told: Vec<&str> = text.lines().filter(|l| l.contains("placeholder")).collect();
    assert_eq!(told.len(), 1, "{text}");
    assert!(told[0].contains("rows 3, 6 (placeholder rows"), "{text}");

    let posts_sheet = data_sheet(&report(dir.path(), file), "Posts data");
    let impressions: f64 = column(&posts_sheet, "impressions")
        .iter()
        .map(|c| match c {
            Data::Float(x) => *x,
            other => panic!("{other:?}"),
        })
        .sum();
    assert_eq!(impressions, f64::from(5120 + 800 + 1500));
}

/// Ads Manager can write a summary row under the header: the totals, with no campaign, ad set or
/// ad name. It is a total, not a row of spend: the cost is the campaigns' rows alone (10,000 +
/// 5,000, summed here from the file's rows that name a campaign), in English and Japanese UIs.
#[test]
fn a_meta_summary_row_without_names_is_a_total_not_spend() {
    let english = "\u{feff}Reporting starts,Reporting ends,Campaign name,Reach,Impressions,Amount spent (JPY),Link clicks\n\
2025-07-01,2025-07-31,,,30000,15000,120\n\
2025-07-01,2025-07-31,Campaign A,12000,20000,10000,80\n\
2025-07-01,2025-07-31,Campaign B,6000,10000,5000,40\n";
    let japanese = "\u{feff}日,キャンペーン名,広告セット名,インプレッション,消化金額 (JPY)\n\
2025-07-01,,,30000,15000\n\
2025-07-01,夏のキャンペーン,IT担当者,20000,10000\n\
2025-07-02,夏のキャンペーン,経理担当者,10000,5000\n";
    for (name, text, amount_col) in [("meta.csv", english, 5), ("meta_ja.csv", japanese, 4)] {
        let dir = temp_dir();
        std::fs::write(dir.path().join(name), text).unwrap();
        // The rows that name a campaign: the spend.
        let spend: f64 = text
            .lines()
            .skip(1)
            .filter(|l| !l.contains(",,"))
            .map(|l| {
                l.split(',')
                    .nth(amount_col)
                    .unwrap()
                    .parse::<f64>()
                    .unwrap()
            })
            .sum();
        assert_eq!(spend, 15_000.0);
        let (code, json) = check_json(dir.path(), name);
        assert_eq!(code, Some(0), "{json}");
        assert_eq!(json["rows"]["costs"]["read"], 2, "{name}: {json}");
        assert_eq!(json["rows"]["costs"]["accepted"], 2, "{name}: {json}");
        report(dir.path(), name);
        let summary = read_json(&dir.path().join("s.json"));
        assert_eq!(summary["totals"]["cost"], spend, "{name}");
    }
}
