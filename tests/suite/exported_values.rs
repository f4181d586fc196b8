//! Values as platform and CRM exports write them (SPEC section 1), through the binary: a day/month
//! order proved by the other cells of a column, UTC offsets read in the configured `timezone`, and
//! counts written `4715.0`.

use crate::common;

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::*;
use serde_json::Value;

/// `report` on the files of `dir` (CSV text each); returns the exit code and the summary JSON.
fn report(files: &[(&str, &str)]) -> (Option<i32>, Value, tempfile::TempDir) {
    let dir = temp_dir();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = kpibook(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
            "-q",
        ],
    );
    let code = out.status.code();
    assert!(matches!(code, Some(0) | Some(3)), "{}", stderr(&out));
    let json = read_json(&dir.path().join("s.json"));
    (code, json, dir)
}

/// `check --format json` on `leads.csv` holding `text`.
fn check(text: &str) -> (Option<i32>, Value) {
    let dir = temp_dir();
    std::fs::write(dir.path().join("leads.csv"), text).unwrap();
    let out = kpibook(dir.path(), &["check", "leads.csv", "--format", "json"]);
    let json = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    (out.status.code(), json)
}

const MONTH_FIRST_LEADS: &str =
    "lead_id,created_at,channel\nL1,12/9/2022,LinkedIn\nL2,12/19/2022,X\nL3,1/5/2023,webinar\n";

#[test]
fn a_column_is_read_in_the_order_its_cells_prove() {
    // 12/19/2022 can only be 19 December, so 12/9/2022 is 9 December and 1/5/2023 is 5 January:
    // the period runs from the first to the last of them, December holds two leads.
    let (code, s, _dir) = report(&[("leads.csv", MONTH_FIRST_LEADS)]);
    assert_eq!(code, Some(0), "a warning only");
    assert_eq!(s["rows"]["leads"]["accepted"], 3);
    assert_eq!(s["rows"]["leads"]["rejected"], 0);
    assert_eq!(s["period"]["start"], "2022-12-09");
    assert_eq!(s["period"]["end"], "2023-01-05");
    assert_eq!(s["totals"]["leads"], 3);

    let dir = temp_dir();
    std::fs::write(dir.path().join("leads.csv"), MONTH_FIRST_LEADS).unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "leads.csv",
            "--period",
            "2022-12-01..2022-12-31",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let december = read_json(&dir.path().join("s.json"));
    assert_eq!(december["totals"]["leads"], 2, "L1 and L2 in December");

    // `check` says once for the column how its ambiguous cells were read.
    let (code, c) = check(MONTH_FIRST_LEADS);
    assert_eq!(code, Some(0));
    let issues = c["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["severity"], "warning");
    assert_eq!(issues[0]["code"], "ambiguous_date");
    assert_eq!(issues[0]["cell"], "B2");
    let message = issues[0]["message"].as_str().unwrap();
    assert!(message.contains("B3「12/19/2022」"), "{message}");
}

#[test]
fn a_column_proving_both_orders_reports_the_conflict() {
    // 13/1/2023 is day first, 1/13/2023 month first: both read, 3/4/2023 cannot be decided.
    let leads = "lead_id,created_at\nL1,13/1/2023\nL2,1/13/2023\nL3,3/4/2023\n";
    let (code, c) = check(leads);
    assert_eq!(code, Some(3));
    assert_eq!(c["rows"]["leads"]["accepted"], 2);
    assert_eq!(c["rows"]["leads"]["rejected"], 1);
    // Beside it, the sheet's one `no_channel` warning: it has no channel column.
    let issues: Vec<_> = c["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] != "no_channel")
        .collect();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["severity"], "error");
    assert_eq!(issues[0]["code"], "ambiguous_date");
    assert_eq!(issues[0]["cell"], "B4");
    let message = issues[0]["message"].as_str().unwrap();
    for part in ["両方の順", "B2「13/1/2023」", "B3「1/13/2023」"] {
        assert!(message.contains(part), "{part}: {message}");
    }
}

/// X's tweet activity as exported: UTC times and counts written as floats.
const TWEETS: &str = "post_id,platform,published_at,impressions,engagements\n\
    P1,X,2017-01-30 19:05 +0000,4715.0,46.0\n\
    P2,X,2017-01-31 02:00 +0000,1200.0,7.0\n\
    P3,X,2017-01-31 03:00 +0000,10.5,1.0\n";

#[test]
fn utc_times_are_read_in_the_report_time_zone() {
    // 19:05 and 02:00 UTC: 04:05 and 11:00 on the 31st in Tokyo (+9), both days in UTC, 14:05 and
    // 21:00 on the 30th in New York (-5 in January). P3's 10.5 impressions is no count.
    let period = |config: &str| {
        let (code, s, _dir) = report(&[("posts.csv", TWEETS), ("kpibook.toml", config)]);
        assert_eq!(code, Some(3), "P3 rejected");
        assert_eq!(s["rows"]["posts"]["accepted"], 2);
        assert_eq!(s["rows"]["posts"]["rejected"], 1);
        (
            s["period"]["start"].as_str().unwrap().to_string(),
            s["period"]["end"].as_str().unwrap().to_string(),
        )
    };
    let days = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(period(""), days("2017-01-31", "2017-01-31"));
    assert_eq!(
        period("timezone = \"UTC\"\n"),
        days("2017-01-30", "2017-01-31")
    );
    assert_eq!(
        period("timezone = \"America/New_York\"\n"),
        days("2017-01-30", "2017-01-30")
    );
}

#[test]
fn counts_written_as_floats_reach_the_posts_data_sheet_as_whole_numbers() {
    let (_, _, dir) = report(&[("posts.csv", TWEETS)]);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("r.xlsx")).unwrap();
    let range = book.worksheet_range("投稿データ").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let column = |name: &str| {
        rows[0]
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == name))
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (id, impressions, engagements) = (
        column("post_id"),
        column("impressions"),
        column("engagements"),
    );
    let p1 = rows
        .iter()
        .find(|r| matches!(&r[id], Data::String(s) if s == "P1"))
        .expect("P1 row");
    assert_eq!(p1[impressions].as_f64(), Some(4715.0));
    assert_eq!(p1[engagements].as_f64(), Some(46.0));
}

#[test]
fn an_unknown_time_zone_stops_the_run_naming_the_key() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("posts.csv"), TWEETS).unwrap();
    std::fs::write(dir.path().join("kpibook.toml"), "timezone = \"Tokyo\"\n").unwrap();
    let out = kpibook(dir.path(), &["report", "posts.csv", "-o", "r.xlsx", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`timezone`") && err.contains("\"Tokyo\""),
        "{err}"
    );
    assert!(!dir.path().join("r.xlsx").exists(), "nothing written");
}
