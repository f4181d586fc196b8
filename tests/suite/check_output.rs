//! `kpibook check` says what it did: per sheet the table, the row outcome and header -> field;
//! the issues grouped (largest first) or one per line with `--all`; every issue in the JSON; a
//! sheet that is no table is told the nearest table and the `[columns]` lines that would map it.
//! The report's Data quality sheet carries the same grouping above its full list.

use crate::common;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use common::*;

const VALUE_A: &str = "social-ish";
const VALUE_B: &str = "webby";

/// 3,000 leads: 1,350 with channel "social-ish", 1,586 with "webby", 64 with "linkedin", spread
/// through the file by a fixed permutation. Returns the channel of each data row, in file order.
fn write_leads_3000(dir: &std::path::Path) -> Vec<&'static str> {
    let mut pool = vec![VALUE_A; 1350];
    pool.extend(vec![VALUE_B; 1586]);
    pool.extend(vec!["linkedin"; 64]);
    // 7919 is prime to 3000, so i -> i * 7919 mod 3000 visits every position once.
    let channels: Vec<&str> = (0..3000).map(|i| pool[(i * 7919) % 3000]).collect();
    let mut csv = String::from("リードID,獲得日,流入元,会社名,メモ\n");
    for (i, channel) in channels.iter().enumerate() {
        csv.push_str(&format!("L{},2025-04-01,{channel},A社,\n", i + 1));
    }
    std::fs::write(dir.join("leads.csv"), csv).unwrap();
    channels
}

/// The cells (column C, header on row 1) of the first `n` rows holding `value`.
fn first_cells(channels: &[&str], value: &str, n: usize) -> String {
    channels
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == value)
        .take(n)
        .map(|(i, _)| format!("C{}", i + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn two_unknown_channels_in_3000_rows_print_two_counted_lines() {
    let dir = temp_dir();
    let channels = write_leads_3000(dir.path());
    let out = kpibook(dir.path(), &["check", "leads.csv", "--lang", "en"]);
    // Unknown channels are warnings: nothing rejected.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() <= 40, "{} lines:\n{text}", lines.len());
    assert!(
        text.contains("leads.csv [leads] -> leads: 3000 read, 3000 accepted, 0 rejected, 0 blank"),
        "{text}"
    );
    assert!(
        text.contains(
            "リードID -> lead_id, 獲得日 -> created_at, 流入元 -> channel, 会社名 -> account"
        ),
        "{text}"
    );
    assert!(text.contains("unused: メモ"), "{text}");

    let line_of = |value: &str| {
        lines
            .iter()
            .position(|l| l.contains(&format!("\"{value}\"")) && l.contains("unknown_value"))
            .unwrap_or_else(|| panic!("no line for {value}:\n{text}"))
    };
    let (a, b) = (line_of(VALUE_A), line_of(VALUE_B));
    assert!(lines[a].trim_start().starts_with("1350 "), "{}", lines[a]);
    assert!(lines[b].trim_start().starts_with("1586 "), "{}", lines[b]);
    assert!(b < a, "the larger group comes first");
    assert!(
        lines[a].contains(&format!("{} …", first_cells(&channels, VALUE_A, 3))),
        "{}",
        lines[a]
    );
    assert!(
        lines[b].contains(&format!("{} …", first_cells(&channels, VALUE_B, 3))),
        "{}",
        lines[b]
    );
    assert_eq!(lines.last(), Some(&"0 errors, 2936 warnings"));
}

#[test]
fn all_lists_one_line_per_issue() {
    let dir = temp_dir();
    let channels = write_leads_3000(dir.path());
    let out = kpibook(dir.path(), &["check", "leads.csv", "--all", "--lang", "en"]);
    let text = stdout(&out);
    let issue_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("warning unknown_value"))
        .collect();
    assert_eq!(issue_lines.len(), 1350 + 1586);
    // The first issue is the first row whose channel is unknown.
    let first = channels.iter().position(|c| *c != "linkedin").unwrap();
    assert!(
        issue_lines[0].contains(&format!(
            "leads.csv [leads] C{} 流入元 \"{}\"",
            first + 2,
            channels[first]
        )),
        "{}",
        issue_lines[0]
    );
}

#[test]
fn the_json_keeps_every_issue_and_gains_the_mapping() {
    let dir = temp_dir();
    write_leads_3000(dir.path());
    let out = kpibook(dir.path(), &["check", "leads.csv", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 2936);
    let with_value = |v: &str| issues.iter().filter(|i| i["value"] == v).count();
    assert_eq!(with_value(VALUE_A), 1350);
    assert_eq!(with_value(VALUE_B), 1586);
    let sheets = json["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(
        sheets[0],
        serde_json::json!({
            "file": "leads.csv",
            "sheet": "leads",
            "table": "leads",
            "profile": null,
            "mapped": {"リードID": "lead_id", "獲得日": "created_at", "流入元": "channel", "会社名": "account"},
            "unused": ["メモ"],
            "skipped": [],
        })
    );
    assert_eq!(json["rows"]["leads"]["accepted"], 3000);
}

fn write_posts_like(dir: &std::path::Path) {
    std::fs::write(
        dir.join("posts.csv"),
        "ID,Date,Impressions,Clicks,Likes\nP1,2025-04-01,1200,30,15\n",
    )
    .unwrap();
}

#[test]
fn a_posts_like_sheet_is_told_posts_what_matched_and_what_to_map() {
    let dir = temp_dir();
    write_posts_like(dir.path());
    // The error is in the report language, like every message on stderr: here English.
    let out = kpibook(dir.path(), &["check", "posts.csv", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let message = stderr(&out);
    // "Date", "Impressions", "Clicks" and "Likes" are aliases in templates/schema.toml; "ID" is not.
    for expected in [
        "posts.csv: no sheet has a header row matching any table.\nposts.csv [posts]: ",
        "looks most like the posts table",
        "Date -> published_at, Impressions -> impressions, Clicks -> clicks, Likes -> reactions",
        "Missing required: post_id, platform.",
        "Create kpibook.toml beside the input",
        "[columns.posts]\n  \"ID\" = \"post_id\"",
        // A sheet of one platform's posts names the platform as a constant (issue 22).
        "[defaults.posts]\n  platform = \"linkedin\"",
    ] {
        assert!(message.contains(expected), "{expected:?} in:\n{message}");
    }
}

#[test]
fn a_mapping_in_the_config_changes_the_no_table_message() {
    let dir = temp_dir();
    write_posts_like(dir.path());
    // A mapping that leaves the sheet short of a table: the matched list shows it was read.
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "lang = \"en\"\n[columns.posts]\n\"Likes\" = \"saves\"\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "posts.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("Likes -> saves"), "{message}");
    assert!(
        message.contains("Add these lines to kpibook.toml:"),
        "{message}"
    );

    // Mapping the key makes it a posts sheet: post_id is read, platform is still missing.
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "lang = \"en\"\n[columns.posts]\n\"ID\" = \"post_id\"\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "posts.csv", "--format", "json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["sheets"][0]["table"], "posts");
    assert_eq!(json["sheets"][0]["mapped"]["ID"], "post_id");
    let missing: Vec<&str> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "missing_column")
        .map(|i| i["column"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["platform"]);
}

#[test]
fn a_file_of_recipes_is_told_nothing_looked_like_a_table() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("recipes.csv"),
        "Recipe,Ingredients,Minutes\nCurry,rice,30\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "recipes.csv", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("recipes.csv: no sheet has a header row matching any table; nothing in the first 30 rows looks like the header of one"),
        "{message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(!message.contains("looks most like"), "{message}");
}

#[test]
fn ignored_sheets_of_a_workbook_get_the_same_advice_and_a_null_table() {
    let dir = temp_dir();
    let sheets = vec![
        (
            "leads",
            vec![
                vec![S("lead_id"), S("created_at")],
                vec![S("L1"), S("2025-04-01")],
            ],
        ),
        (
            "SNS",
            vec![
                vec![
                    S("ID"),
                    S("Date"),
                    S("Impressions"),
                    S("Clicks"),
                    S("Likes"),
                ],
                vec![S("P1"), S("2025-04-01"), N(1200.0), N(30.0), N(15.0)],
            ],
        ),
        ("recipes", vec![vec![S("Recipe"), S("Minutes")]]),
    ];
    write_xlsx(&dir.path().join("book.xlsx"), &sheets);
    let out = kpibook(
        dir.path(),
        &["check", "book.xlsx", "--format", "json", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let tables: Vec<&serde_json::Value> = json["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["table"])
        .collect();
    assert_eq!(
        tables,
        [
            &serde_json::json!("leads"),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
    let ignored: Vec<(&str, &str)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "sheet_ignored")
        .map(|i| (i["sheet"].as_str().unwrap(), i["message"].as_str().unwrap()))
        .collect();
    assert_eq!(ignored.len(), 2);
    assert_eq!(ignored[0].0, "SNS");
    assert!(
        ignored[0].1.contains("looks most like the posts table"),
        "{}",
        ignored[0].1
    );
    assert!(
        ignored[0]
            .1
            .contains("[columns.posts] \"ID\" = \"post_id\""),
        "{}",
        ignored[0].1
    );
    assert_eq!(ignored[1].0, "recipes");
    assert!(
        ignored[1].1.starts_with("Nothing in the first 30 rows"),
        "{}",
        ignored[1].1
    );
}

fn text_at(range: &Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn the_data_quality_sheet_has_the_grouped_summary_above_the_full_list() {
    let dir = temp_dir();
    // Three unknown channels and one unreadable date (row 5, rejected).
    let sheets = vec![(
        "leads",
        vec![
            vec![S("lead_id"), S("created_at"), S("channel")],
            vec![S("L1"), S("2025-04-01"), S("webby")],
            vec![S("L2"), S("2025-04-02"), S("webby")],
            vec![S("L3"), S("2025-04-03"), S("webby")],
            vec![S("L4"), S("someday"), S("linkedin")],
        ],
    )];
    write_xlsx(&dir.path().join("in.xlsx"), &sheets);
    let out = kpibook(
        dir.path(),
        &["report", "in.xlsx", "-o", "r.xlsx", "--lang", "en", "-q"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let quality = book.worksheet_range("Data quality").unwrap();
    // Rows (0-based): 0 title, 1 note, 2 summary title, 3 summary header, 4-5 two groups, 6 blank,
    // 7 list header, 8-11 the four issues.
    assert_eq!(text_at(&quality, 3, 0), "Count");
    assert_eq!(text_at(&quality, 4, 0), "3");
    assert_eq!(text_at(&quality, 4, 2), "unknown_value");
    assert_eq!(text_at(&quality, 4, 6), "webby");
    assert_eq!(text_at(&quality, 4, 7), "C2, C3, C4");
    assert_eq!(text_at(&quality, 5, 0), "1");
    assert_eq!(text_at(&quality, 5, 1), "error");
    assert_eq!(text_at(&quality, 5, 7), "B5");
    assert_eq!(text_at(&quality, 7, 0), "Severity");
    let listed: Vec<String> = (8..12).map(|r| text_at(&quality, r, 4)).collect();
    assert_eq!(listed, ["C2", "C3", "C4", "B5"]);
    assert_eq!(text_at(&quality, 11, 9), "rejected");
    assert!(
        text_at(&quality, 8, 9).starts_with("kept"),
        "{}",
        text_at(&quality, 8, 9)
    );
    assert_eq!(text_at(&quality, 12, 0), "", "nothing below the list");
}
