//! Excel 2003 XML spreadsheets (SpreadsheetML) through the binary: Facebook's Page Insights post
//! export, which is SpreadsheetML saved under an `.xls` name, and the same format saved as `.xml`.
//! The export is generated here in the layout the public sample exports show (docs/research/
//! platform-exports.md, section 3a): a `Key Metrics` sheet whose header row is followed by a row of
//! descriptions, and breakdown sheets keyed by the same Post ID. Reading the rows as posts is the
//! export profiles' job; these tests check the container: every sheet and header cell is read.

use crate::common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

/// The leading columns of every sheet of the export.
const LEADING: [&str; 8] = [
    "Post ID",
    "Permalink",
    "Post Message",
    "Type",
    "Countries",
    "Languages",
    "Posted",
    "Audience Targeting",
];

/// The metric columns of the Key Metrics sheet, each with its description-row text.
const KEY_METRICS: [(&str, &str); 10] = [
    ("Lifetime Post Total Reach", "Lifetime: The total number of people your Page post was served to. (Unique Users)"),
    ("Lifetime Post organic reach", "Lifetime: The number of people who saw your Page post in news feed or ticker, or on your Page's timeline. (Unique Users)"),
    ("Lifetime Post Paid Reach", "Lifetime: The number of people your advertised Page post was served to. (Unique Users)"),
    ("Lifetime Post Total Impressions", "Lifetime: The number of impressions of your Page post. (Total Count)"),
    ("Lifetime Post Organic Impressions", "Lifetime: The number of impressions of your post in News Feed or ticker or on your Page's Timeline. (Total Count)"),
    ("Lifetime Post Paid Impressions", "Lifetime: The number of impressions of your Page post in an Ad or Sponsored Story. (Total Count)"),
    ("Lifetime Engaged Users", "Lifetime: The number of people who clicked anywhere in your posts. (Unique Users)"),
    ("Lifetime Post Consumers", "Lifetime: The number of people who clicked anywhere in your post. (Unique Users)"),
    ("Lifetime Post Consumptions", "Lifetime: The number of clicks anywhere in your post. (Total Count)"),
    ("Lifetime Negative feedback", "Lifetime: The number of times people have given negative feedback to your post. (Total Count)"),
];

/// Sheet names as the export writes them: cut to Excel's 31 characters with `...`.
const TALKING_ABOUT: &str = "Lifetime Talking About This(...";
const STORIES: &str = "Lifetime Post Stories by act...";

/// One post of the export: its id, message, type, when it was posted (a DateTime cell, or the
/// US-style text some years write) and its counts.
struct Post {
    id: &'static str,
    message: &'static str,
    kind: &'static str,
    posted: Posted,
    /// The ten Key Metrics counts, in `KEY_METRICS` order.
    counts: [u32; 10],
    /// share, like, comment.
    actions: [u32; 3],
}

enum Posted {
    DateTime(&'static str),
    Text(&'static str),
}

fn posts() -> [Post; 3] {
    [
        Post {
            id: "123456789012345_987654321098765",
            message: "Our spring webinar: register now &amp; bring a colleague&#10;https://example.com/webinar",
            kind: "Link",
            posted: Posted::DateTime("2013-05-01T10:00:00.000"),
            counts: [1520, 1200, 320, 2210, 1790, 420, 96, 80, 131, 2],
            actions: [12, 40, 7],
        },
        Post {
            id: "123456789012345_987654321098766",
            message: "<![CDATA[Case study <B2B> in 3 minutes]]>",
            kind: "Photo",
            posted: Posted::Text("05/03/2013 09:15:00 AM"),
            counts: [830, 830, 0, 1105, 1105, 0, 41, 35, 52, 0],
            actions: [3, 21, 2],
        },
        Post {
            id: "123456789012345_987654321098767",
            message: "Behind the scenes",
            kind: "Video",
            posted: Posted::DateTime("2013-05-07T18:30:00.000"),
            counts: [2400, 1900, 500, 3650, 2900, 750, 210, 160, 288, 5],
            actions: [25, 88, 14],
        },
    ]
}

fn string_cell(text: &str) -> String {
    format!(r#"<ss:Cell><ss:Data ss:Type="String">{text}</ss:Data></ss:Cell>"#)
}

fn number_cell(n: u32) -> String {
    format!(r#"<ss:Cell><ss:Data ss:Type="Number">{n}</ss:Data></ss:Cell>"#)
}

fn header_row(headers: &[&str]) -> String {
    let cells: String = headers.iter().map(|h| string_cell(h)).collect();
    format!("<ss:Row>{cells}</ss:Row>\n")
}

/// The eight leading cells of a post's row.
fn leading_cells(post: &Post) -> String {
    let posted = match post.posted {
        Posted::DateTime(at) => {
            format!(
                r#"<ss:Cell ss:StyleID="s21"><ss:Data ss:Type="DateTime">{at}</ss:Data></ss:Cell>"#
            )
        }
        Posted::Text(text) => string_cell(text),
    };
    let post_number = post.id.split('_').nth(1).unwrap_or_default();
    [
        string_cell(post.id),
        string_cell(&format!(
            "https://www.facebook.com/examplepage/posts/{post_number}"
        )),
        string_cell(post.message),
        string_cell(post.kind),
        // Countries and Languages are left out (empty), so Posted says its column; Audience
        // Targeting is one space.
        posted.replacen("<ss:Cell", r#"<ss:Cell ss:Index="7""#, 1),
        string_cell(" "),
    ]
    .concat()
}

/// One worksheet of the export.
fn worksheet(name: &str, rows: &str) -> String {
    format!("<ss:Worksheet ss:Name=\"{name}\">\n<ss:Table>\n{rows}</ss:Table>\n</ss:Worksheet>\n")
}

/// The Page Insights post export as SpreadsheetML, every element with the `ss:` prefix.
fn facebook_export() -> String {
    let posts = posts();
    let key_headers: Vec<&str> = LEADING
        .iter()
        .copied()
        .chain(KEY_METRICS.iter().map(|(header, _)| *header))
        .collect();
    // The description row: the first eight cells are empty, so its first cell has an index.
    let descriptions: String = KEY_METRICS
        .iter()
        .enumerate()
        .map(|(i, (_, text))| {
            let cell = string_cell(&text.replace('\'', "&apos;"));
            if i == 0 {
                cell.replacen("<ss:Cell", r#"<ss:Cell ss:Index="9""#, 1)
            } else {
                cell
            }
        })
        .collect();
    let mut key_rows = header_row(&key_headers);
    key_rows.push_str(&format!("<ss:Row>{descriptions}</ss:Row>\n"));
    for post in &posts {
        let counts: String = post.counts.iter().map(|n| number_cell(*n)).collect();
        key_rows.push_str(&format!(
            "<ss:Row>{}{counts}</ss:Row>\n",
            leading_cells(post)
        ));
    }

    let breakdown = |subtypes: [&str; 3], order: [usize; 3]| {
        let headers: Vec<&str> = LEADING.iter().copied().chain(subtypes).collect();
        let mut rows = header_row(&headers);
        for post in &posts {
            let counts: String = order
                .iter()
                .map(|&i| number_cell(post.actions[i]))
                .collect();
            rows.push_str(&format!(
                "<ss:Row>{}{counts}</ss:Row>\n",
                leading_cells(post)
            ));
        }
        rows
    };
    let talking = breakdown(["share", "like", "comment"], [0, 1, 2]);
    let stories = breakdown(["comment", "like", "share"], [2, 1, 0]);

    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:html="http://www.w3.org/TR/REC-html40">
<ss:Styles><ss:Style ss:ID="s21"><ss:NumberFormat ss:Format="General Date"/></ss:Style></ss:Styles>
{}{}{}</ss:Workbook>
"#,
        worksheet("Key Metrics", &key_rows),
        worksheet(TALKING_ABOUT, &talking),
        worksheet(STORIES, &stories),
    )
}

/// `kpibook check ARGS --format json` in `dir`: its exit code and JSON.
fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json", "--lang", "en"]);
    let out = kpibook(dir, &all);
    let json = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout(&out), stderr(&out)));
    (out.status.code(), json)
}

/// Each listed sheet as (file, sheet, its header cells: mapped and unused, in sheet order where
/// the JSON keeps it).
fn listed_sheets(json: &Value) -> Vec<(String, String, Vec<String>)> {
    json["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut headers: Vec<String> = s["mapped"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            headers.extend(
                s["unused"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h.as_str().unwrap().to_string()),
            );
            headers.sort();
            (
                s["file"].as_str().unwrap().to_string(),
                s["sheet"].as_str().unwrap().to_string(),
                headers,
            )
        })
        .collect()
}

fn sorted(headers: impl IntoIterator<Item = &'static str>) -> Vec<String> {
    let mut all: Vec<String> = headers.into_iter().map(str::to_string).collect();
    all.sort();
    all
}

const EXPORT_NAME: &str =
    "Facebook Insights Data Export (Post Level) - Example Page - 2013-05-31.xls";

#[test]
fn facebooks_post_export_saved_as_xls_lists_every_sheet_and_header() {
    let dir = temp_dir();
    fs::write(dir.path().join(EXPORT_NAME), facebook_export()).unwrap();
    let (code, json) = check_json(dir.path(), &[EXPORT_NAME]);
    // Read, not refused; until an export profile maps Facebook's columns its rows may be rejected.
    assert!(matches!(code, Some(0) | Some(3)), "{code:?}: {json}");

    let key_headers = sorted(LEADING.into_iter().chain(KEY_METRICS.map(|(h, _)| h)));
    let breakdown = |subtypes: [&'static str; 3]| sorted(LEADING.into_iter().chain(subtypes));
    assert_eq!(
        listed_sheets(&json),
        [
            (
                EXPORT_NAME.to_string(),
                "Key Metrics".to_string(),
                key_headers
            ),
            (
                EXPORT_NAME.to_string(),
                TALKING_ABOUT.to_string(),
                breakdown(["share", "like", "comment"])
            ),
            (
                EXPORT_NAME.to_string(),
                STORIES.to_string(),
                breakdown(["comment", "like", "share"])
            ),
        ]
    );
    // Every post row below each header was read (the description row under Key Metrics' header
    // is told apart as not data): three posts on Key Metrics and on each breakdown sheet.
    assert_eq!(json["rows"]["posts"]["read"], 3 * posts().len(), "{json}");
    // Each sheet reads as posts, by the export's profiles.
    for sheet in json["sheets"].as_array().unwrap() {
        assert_eq!(sheet["table"], "posts", "{sheet}");
        assert_eq!(sheet["mapped"]["Post ID"], "post_id", "{sheet}");
    }
    // No file-level issue: the file was read.
    let file_issues: Vec<&Value> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("file_"))
        .collect();
    assert!(file_issues.is_empty(), "{file_issues:?}");
}

/// The same export as Excel saves it under `.xml`: the spreadsheet namespace as the default one.
fn as_default_namespace(xml: &str) -> String {
    xml.replace(
        "<ss:Workbook xmlns:ss=",
        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=",
    )
    .replace("<ss:", "<")
    .replace("</ss:", "</")
}

#[test]
fn in_a_folder_the_xls_and_xml_spreadsheets_are_read_and_other_xml_is_listed() {
    let dir = temp_dir();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    let export = facebook_export();
    fs::write(data.join("fb_may.xls"), &export).unwrap();
    let default_ns = as_default_namespace(&export);
    assert!(default_ns.contains("<Worksheet ss:Name=\"Key Metrics\">"));
    fs::write(data.join("fb_may_copy.xml"), default_ns).unwrap();
    fs::write(
        data.join("sitemap.xml"),
        br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>"#,
    )
    .unwrap();

    let (code, json) = check_json(dir.path(), &["data"]);
    assert!(matches!(code, Some(0) | Some(3)), "{code:?}: {json}");
    let sheets: Vec<(String, String)> = listed_sheets(&json)
        .into_iter()
        .map(|(file, sheet, _)| (file, sheet))
        .collect();
    let each = |file: &str| {
        [
            (file.to_string(), "Key Metrics".to_string()),
            (file.to_string(), TALKING_ABOUT.to_string()),
            (file.to_string(), STORIES.to_string()),
        ]
    };
    assert_eq!(
        sheets,
        [each("fb_may.xls"), each("fb_may_copy.xml")].concat()
    );
    // Both files give the same header cells.
    let listed = listed_sheets(&json);
    for i in 0..3 {
        assert_eq!(listed[i].2, listed[i + 3].2);
    }

    let file_issues: Vec<(String, String, String)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("file_"))
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap().to_string();
            (s("file"), s("code"), s("value"))
        })
        .collect();
    assert_eq!(
        file_issues,
        [(
            "sitemap.xml".to_string(),
            "file_skipped".to_string(),
            ".xml".to_string()
        )]
    );
}

#[test]
fn a_truncated_export_named_alone_stops_with_one_sentence_naming_the_file_and_line() {
    let dir = temp_dir();
    let export = facebook_export();
    // Cut inside the Post ID of the Stories sheet's second data row.
    let stories_at = export.find(STORIES).unwrap();
    let second_post = export[stories_at..]
        .find("123456789012345_987654321098766")
        .unwrap();
    let cut = &export[..stories_at + second_post + 5];
    let line = cut.matches('\n').count() + 1;
    fs::write(dir.path().join("cut.xls"), cut).unwrap();

    let out = kpibook(dir.path(), &["check", "cut.xls", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.trim_end(),
        format!("kpibook: cut.xls: cannot be read as an Excel/ODS workbook: its XML ends at line {line} while <ss:Data> is still open; the file is incomplete (cut off while saving, downloading or copying)")
    );
}

#[test]
fn an_export_declaring_entities_is_refused_not_expanded() {
    let dir = temp_dir();
    let export = facebook_export().replacen(
        "<?mso-application progid=\"Excel.Sheet\"?>",
        "<!DOCTYPE ss:Workbook [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
        1,
    );
    fs::write(dir.path().join("laughs.xls"), export).unwrap();
    let out = kpibook(dir.path(), &["check", "laughs.xls", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("kpibook: laughs.xls: cannot be read as an Excel/ODS workbook: it declares a document type or entities (<!DOCTYPE> / <!ENTITY>) at line 2"),
        "{}",
        stderr(&out)
    );
}

/// The export goes in as it comes: Key Metrics gives three posts (its description row is not
/// data), and the breakdown sheets complete them instead of repeating them: the likes, comments
/// and shares of the stories sheet become each post's reactions, comments and shares.
#[test]
fn facebooks_post_export_goes_in_as_three_posts_completed_by_their_breakdowns() {
    let dir = temp_dir();
    fs::write(dir.path().join(EXPORT_NAME), facebook_export()).unwrap();
    let (code, json) = check_json(dir.path(), &[EXPORT_NAME]);
    assert_eq!(code, Some(0), "{json}");
    let posts_rows = &json["rows"]["posts"];
    assert_eq!(posts_rows["accepted"], 3, "{json}");
    assert_eq!(posts_rows["merged"], 6, "{json}");
    assert_eq!(posts_rows["rejected"], 0, "{json}");
    let profiles: Vec<&str> = json["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["profile"].as_str().unwrap())
        .collect();
    assert_eq!(
        profiles,
        [
            "facebook_post_level_en",
            "facebook_post_level_breakdowns_en",
            "facebook_post_level_stories_en"
        ]
    );
    assert_eq!(json["sheets"][0]["skipped"][0]["why"], "description");

    let out = kpibook(
        dir.path(),
        &["report", EXPORT_NAME, "-o", "r.xlsx", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("r.xlsx")).unwrap();
    use calamine::{DataType, Reader};
    let range = book.worksheet_range("Posts data").unwrap();
    let rows: Vec<Vec<calamine::Data>> = range.rows().map(|r| r.to_vec()).collect();
    let sum = |header: &str| -> f64 {
        let col = rows[0]
            .iter()
            .position(|h| matches!(h, calamine::Data::String(s) if s == header))
            .unwrap();
        rows[1..]
            .iter()
            .map(|r| r[col].as_f64().unwrap_or(0.0))
            .sum()
    };
    assert_eq!(rows.len() - 1, 3);
    let of = |f: fn(&Post) -> u32| posts().iter().map(f).sum::<u32>() as f64;
    // share, like, comment in `actions`; reach and impressions are Key Metrics' 1st and 4th counts,
    // clicks its consumptions (the 9th).
    assert_eq!(sum("shares"), of(|p| p.actions[0]));
    assert_eq!(sum("reactions"), of(|p| p.actions[1]));
    assert_eq!(sum("comments"), of(|p| p.actions[2]));
    assert_eq!(sum("reach"), of(|p| p.counts[0]));
    assert_eq!(sum("impressions"), of(|p| p.counts[3]));
    assert_eq!(sum("clicks"), of(|p| p.counts[8]));
    for platform in &rows[1..] {
        let col = rows[0]
            .iter()
            .position(|h| matches!(h, calamine::Data::String(s) if s == "platform_id"))
            .unwrap();
        assert_eq!(platform[col].to_string(), "facebook");
    }
}

/// Issue 23: the breakdown sheets `Lifetime Post Consumers by type` (people) and `Lifetime Post
/// Consumptions b…` (clicks) both have a `link clicks` column. Where Key Metrics has no
/// consumptions column, a post's clicks are the Consumptions sheet's link clicks (the total
/// count), never the Consumers sheet's (unique people), which comes first in the file.
#[test]
fn facebooks_link_clicks_take_the_consumptions_count_not_the_consumers_people() {
    const SUBTYPES: [&str; 4] = ["other clicks", "photo view", "link clicks", "video play"];
    // Per post, in `SUBTYPES` order: people who clicked, then clicks.
    let consumers: [[u32; 4]; 3] = [[20, 30, 25, 5], [10, 15, 8, 2], [40, 50, 60, 10]];
    let consumptions: [[u32; 4]; 3] = [[28, 41, 52, 10], [12, 19, 17, 4], [55, 70, 131, 32]];
    let posts = posts();
    // Key Metrics without `Lifetime Post Consumptions` (the 9th count).
    let key_headers: Vec<&str> = LEADING
        .iter()
        .copied()
        .chain(KEY_METRICS.iter().map(|(header, _)| *header))
        .filter(|h| *h != "Lifetime Post Consumptions")
        .collect();
    let descriptions: String = KEY_METRICS
        .iter()
        .filter(|(h, _)| *h != "Lifetime Post Consumptions")
        .enumerate()
        .map(|(i, (_, text))| {
            let cell = string_cell(&text.replace('\'', "&apos;"));
            if i == 0 {
                cell.replacen("<ss:Cell", r#"<ss:Cell ss:Index="9""#, 1)
            } else {
                cell
            }
        })
        .collect();
    let mut key_rows = header_row(&key_headers);
    key_rows.push_str(&format!("<ss:Row>{descriptions}</ss:Row>\n"));
    for post in &posts {
        let counts: String = post
            .counts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 8)
            .map(|(_, n)| number_cell(*n))
            .collect();
        key_rows.push_str(&format!(
            "<ss:Row>{}{counts}</ss:Row>\n",
            leading_cells(post)
        ));
    }
    let breakdown = |counts: &[[u32; 4]; 3]| {
        let headers: Vec<&str> = LEADING.iter().copied().chain(SUBTYPES).collect();
        let mut rows = header_row(&headers);
        for (post, counts) in posts.iter().zip(counts) {
            let cells: String = counts.iter().map(|n| number_cell(*n)).collect();
            rows.push_str(&format!(
                "<ss:Row>{}{cells}</ss:Row>\n",
                leading_cells(post)
            ));
        }
        rows
    };
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<ss:Styles><ss:Style ss:ID="s21"><ss:NumberFormat ss:Format="General Date"/></ss:Style></ss:Styles>
{}{}{}</ss:Workbook>
"#,
        worksheet("Key Metrics", &key_rows),
        worksheet("Lifetime Post Consumers by type", &breakdown(&consumers)),
        worksheet("Lifetime Post Consumptions b...", &breakdown(&consumptions)),
    );
    let dir = temp_dir();
    fs::write(dir.path().join(EXPORT_NAME), xml).unwrap();
    let (code, json) = check_json(dir.path(), &[EXPORT_NAME]);
    assert_eq!(code, Some(0), "{json:#}");
    let sheets = json["sheets"].as_array().unwrap();
    let profiles: Vec<&str> = sheets
        .iter()
        .map(|s| s["profile"].as_str().unwrap())
        .collect();
    assert_eq!(
        profiles,
        [
            "facebook_post_level_en",
            "facebook_post_level_consumers_en",
            "facebook_post_level_breakdowns_en"
        ]
    );
    // The people's link clicks feed nothing: listed as unused.
    assert!(
        sheets[1]["unused"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "link clicks"),
        "{}",
        sheets[1]
    );

    let out = kpibook(
        dir.path(),
        &["report", EXPORT_NAME, "-o", "r.xlsx", "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("r.xlsx")).unwrap();
    use calamine::{DataType, Reader};
    let range = book.worksheet_range("Posts data").unwrap();
    let rows: Vec<Vec<calamine::Data>> = range.rows().map(|r| r.to_vec()).collect();
    let col = rows[0]
        .iter()
        .position(|h| matches!(h, calamine::Data::String(s) if s == "clicks"))
        .unwrap();
    let clicks: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r[col].as_f64().unwrap_or(0.0))
        .collect();
    // Each post's clicks: its link clicks on the Consumptions sheet (52, 17, 131).
    let link_clicks: Vec<f64> = consumptions.iter().map(|c| f64::from(c[2])).collect();
    assert_eq!(clicks, link_clicks);
}
