//! What a new user met on their second pass over the commands (issue 22, findings 5, 6, 9 and 10):
//! an empty period said, output paths checked, every message in the report language with English
//! plurals right, TOML errors with their line and column, `--fy` as teams write it, the drop
//! folder's closing line, error file and log (in the configured time zone), and a W-shaped credit
//! of 1 written as 1.

use crate::common;

use std::fs::{self, File};
use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, SystemTime};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::*;

/// The three-channel workbook (data from 2025-04-05 to 2025-06-01; one lead rejected) in a new
/// folder, as `m.xlsx`.
fn three_channel_dir() -> tempfile::TempDir {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    dir
}

/// Every text cell of a sheet of the workbook at `path` (formula cells by their cached text).
fn texts(path: &Path, sheet: &str) -> Vec<String> {
    let bytes = fs::read(path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// Issue 22 finding 6: `-o out/report.csv` wrote an xlsx under a .csv name, and a missing folder
/// read "no temporary file could be made".
#[test]
fn issue_22_the_output_must_be_an_xlsx_file_in_a_folder_that_exists() {
    let dir = three_channel_dir();
    fs::create_dir(dir.path().join("out")).unwrap();
    let out = kpibook(
        dir.path(),
        &["report", "m.xlsx", "-o", "out/report.csv", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("-o must name an .xlsx file"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out/report.csv").exists());

    // In Japanese by default, like every message of a Japanese report.
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "report.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("-o には .xlsx のファイルを指定してください"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("report.csv").exists());

    // A folder that does not exist is named; nothing is said of temporary files.
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "missing/report.xlsx",
            "--lang",
            "en",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the output folder missing of -o does not exist"),
        "{err}"
    );
    assert!(!err.contains("temporary"), "{err}");

    // The same for the summary JSON's folder, checked before anything is written.
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "out/report.xlsx",
            "--summary-json",
            "nowhere/s.json",
            "--lang",
            "en",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the output folder nowhere of --summary-json does not exist"),
        "{err}"
    );
    assert!(!dir.path().join("out/report.xlsx").exists());

    // An upper-case extension is an .xlsx file.
    let out = kpibook(
        dir.path(),
        &["report", "m.xlsx", "-o", "out/REPORT.XLSX", "-q"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(dir.path().join("out/REPORT.XLSX").is_file());
}

/// Issue 22 finding 5: a month with no data wrote an all-zero report without a word, and
/// `--compare year` compared with an empty period silently.
#[test]
fn issue_22_a_period_without_data_is_said_on_stderr_and_on_the_summary() {
    let dir = three_channel_dir();
    // September 2025: the data ends on 2025-06-01.
    let out = kpibook(
        dir.path(),
        &[
            "report", "m.xlsx", "-o", "sep.xlsx", "--month", "2025-09", "--lang", "en",
        ],
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "no dated row of any table falls in the period 2025-09-01 to 2025-09-30: every figure of the report is 0"
        ),
        "{err}"
    );
    let summary = texts(&dir.path().join("sep.xlsx"), "Summary");
    assert!(
        summary
            .iter()
            .any(|t| t == "No dated row of any table falls in this period: every figure is 0."),
        "{summary:?}"
    );

    // May 2025 against May 2024 (a year earlier): the compared period holds nothing.
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "may.xlsx",
            "--month",
            "2025-05",
            "--compare",
            "year",
            "--lang",
            "en",
        ],
    );
    let err = stderr(&out);
    assert!(
        err.contains("the compared period 2024-05-01 to 2024-05-31 holds no dated row"),
        "{err}"
    );
    assert!(!err.contains("falls in the period"), "May has data: {err}");
    let summary = texts(&dir.path().join("may.xlsx"), "Summary");
    assert!(
        summary.iter().any(|t| t
            == "Compared with 2024-05-01 to 2024-05-31 (the same period a year earlier): that period holds no dated row, so its figures are all 0."),
        "{summary:?}"
    );

    // May against April (the previous month, which has leads and costs): nothing to say.
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "may2.xlsx",
            "--month",
            "2025-05",
            "--lang",
            "en",
        ],
    );
    let err = stderr(&out);
    assert!(!err.contains("no dated row"), "{err}");

    // In Japanese by default.
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "sep_ja.xlsx",
            "--month",
            "2025-09",
        ],
    );
    assert!(
        stderr(&out)
            .contains("期間 2025-09-01 〜 2025-09-30 には、どの表にも日付のある行がありません"),
        "{}",
        stderr(&out)
    );
    let summary = texts(&dir.path().join("sep_ja.xlsx"), "サマリー");
    assert!(
        summary
            .iter()
            .any(|t| t == "この期間には日付のある行がありません。数値はすべて 0 です。"),
        "{summary:?}"
    );
}

/// Issue 22 finding 9: stdout / stderr in English in a Japanese report, and `1 input rows were`.
#[test]
fn issue_22_messages_follow_the_report_language_with_english_plurals_right() {
    let dir = three_channel_dir();
    // One row (L4, its date "いつか") is rejected.
    let out = kpibook(
        dir.path(),
        &["report", "m.xlsx", "-o", "en.xlsx", "--lang", "en"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("en.xlsx: written; 1 input row was rejected (see the Data quality sheet)."),
        "{err}"
    );
    // The Summary's highlight says the same, as a formula whose cached text is singular.
    let summary = texts(&dir.path().join("en.xlsx"), "Summary");
    assert!(
        summary
            .iter()
            .any(|t| t == "1 input row was rejected (Data quality sheet)."),
        "{summary:?}"
    );
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "ja.xlsx"]);
    assert!(
        stderr(&out).contains(
            "ja.xlsx: 書き出しました。入力の 1 行を取り込めませんでした (データ品質シート)。"
        ),
        "{}",
        stderr(&out)
    );
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--lang", "en"]);
    assert!(
        stdout(&check)
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("1 error, ")),
        "{}",
        stdout(&check)
    );
    // explain in Japanese: its frame, not only the labels.
    let explain = kpibook(
        dir.path(),
        &[
            "explain",
            "m.xlsx",
            "--metric",
            "cpa",
            "--channel",
            "linkedin",
        ],
    );
    let text = stdout(&explain);
    assert!(text.contains("— チャネル linkedin、期間"), "{text}");
    assert!(text.contains("cost — 1行:"), "{text}");
    assert!(text.contains("m.xlsx [費用] 2行目"), "{text}");
    assert!(!text.contains(" row "), "{text}");
}

/// Issue 22 finding 10: a TOML syntax error named no line.
#[test]
fn issue_22_a_config_that_is_not_toml_is_named_with_line_and_column() {
    let dir = three_channel_dir();
    // Line 2, `model = linear`: the unquoted value starts at column 9.
    fs::write(
        dir.path().join("kpibook.toml"),
        "lang = \"en\"\nmodel = linear\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "r.xlsx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("kpibook.toml: is not valid TOML at line 2, column 9:"),
        "{err}"
    );
}

/// Issue 22 finding 10: `--fy 2025年度` failed with "invalid digit".
#[test]
fn issue_22_fiscal_years_are_taken_as_teams_write_them() {
    let dir = three_channel_dir();
    // Fiscal year 2025 from April (the default start month): 2025-04-01 to 2026-03-31.
    for written in ["2025", "FY2025", "fy2025", "2025年度"] {
        let out = kpibook(
            dir.path(),
            &[
                "report",
                "m.xlsx",
                "-o",
                "r.xlsx",
                "--fy",
                written,
                "--summary-json",
                "s.json",
                "-q",
            ],
        );
        assert_eq!(out.status.code(), Some(3), "{written}: {}", stderr(&out));
        let s = read_json(&dir.path().join("s.json"));
        assert_eq!(s["period"]["start"], "2025-04-01", "{written}");
        assert_eq!(s["period"]["end"], "2026-03-31", "{written}");
    }
    let out = kpibook(
        dir.path(),
        &["report", "m.xlsx", "-o", "r.xlsx", "--fy", "令和7"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a fiscal year is written 2025, FY2025 or 2025年度"),
        "{}",
        stderr(&out)
    );
}

/// Issue 22 finding 10: a W-shaped credit of a one-touch deal was written 0.9999999999999999.
#[test]
fn issue_22_a_whole_credit_is_written_as_1() {
    let dir = three_channel_dir();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--model",
            "w_shaped",
            "--values-only",
            "--summary-json",
            "s.json",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // D1 (lead L1, no touch rows) has one touch, the lead's creation: first, lead-creation and
    // last milestone at once, 30% + 30% + 30% + the 10% of no other touch = 1 x ¥1,000,000.
    let s = read_json(&dir.path().join("s.json"));
    assert_eq!(s["attribution"]["w_shaped"]["linkedin"], 1_000_000.0);
    let bytes = fs::read(dir.path().join("r.xlsx")).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let lineage = workbook.worksheet_range("Lineage").unwrap();
    let mut w_shaped_rows = 0;
    for row in lineage.rows() {
        if !row.iter().any(|d| *d == "w_shaped") {
            continue;
        }
        w_shaped_rows += 1;
        for d in row {
            if let Data::Float(x) = d {
                assert!(
                    *x == 1.0 || (x - 1.0).abs() > 1e-9,
                    "a credit of 1 written as {x:?}"
                );
            }
        }
        assert!(row.contains(&Data::Float(1.0)), "{row:?}");
    }
    assert_eq!(w_shaped_rows, 2, "the won deals D1 and D3");
}

/// Sets a file's modification time a minute into the past, so a pass finds it settled.
fn settled(path: &Path) {
    let file = File::options().append(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

/// Issue 22 findings 9 and 10: `run` printed `0 job(s) run ()`, logged in UTC, and its error file
/// gave an English reason inside a Japanese frame.
#[test]
fn issue_22_the_drop_folder_speaks_the_report_language_at_the_configured_time() {
    let dir = temp_dir();
    let inbox = dir.path().join("inbox");
    fs::create_dir(&inbox).unwrap();
    write_xlsx(&inbox.join("april.xlsx"), &three_channels());
    fs::write(inbox.join("broken.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    // Kathmandu is at +05:45 all year: no machine's local zone by accident of the test host.
    fs::write(
        inbox.join("kpibook.toml"),
        "timezone = \"Asia/Kathmandu\"\n",
    )
    .unwrap();
    for name in ["april.xlsx", "broken.xlsx", "kpibook.toml"] {
        settled(&inbox.join(name));
    }
    let out = kpibook(
        dir.path(),
        &["run", "inbox", "--out", "out", "--log", "jobs.log"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("kpibook: 2件のジョブを処理しました (一部取り込めず 1件、失敗 1件)。変更なし 0件、書き込み中のため待機 0件。"),
        "{err}"
    );
    let log = fs::read_to_string(dir.path().join("jobs.log")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    for line in &lines {
        let time = line.split(' ').next().unwrap_or_default();
        assert!(time.ends_with("+05:45"), "{line}");
    }
    // three_channels: 11 rows accepted (2 posts, 3 leads, 3 deals, 3 cost rows), 1 rejected (L4).
    let april = lines.iter().find(|l| l.contains(" april: ")).unwrap();
    assert!(
        april.contains("april: 作成、除外行あり (取込 11行、除外 1行、"),
        "{april}"
    );
    let broken = lines.iter().find(|l| l.contains(" broken: ")).unwrap();
    assert!(broken.contains("broken: 失敗: "), "{broken}");
    let error = fs::read_to_string(dir.path().join("out/broken.error.txt")).unwrap();
    assert!(error.contains("理由: "), "{error}");
    assert!(
        error.contains("Excel/ODS のブックとして読み込めません"),
        "the reason in Japanese too: {error}"
    );
    assert!(!error.contains("cannot be read"), "{error}");

    // In English, counted with the right plurals.
    let out = kpibook(
        dir.path(),
        &["run", "inbox", "--out", "out", "--lang", "en"],
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "kpibook: 2 jobs run (1 with rows or files left out, 1 failed), 0 unchanged, 0 waiting for files to settle."
        ),
        "{err}"
    );
    let out = kpibook(
        dir.path(),
        &["run", "inbox", "--out", "out", "--lang", "en"],
    );
    let err = stderr(&out);
    assert!(
        err.contains("kpibook: 0 jobs run, 2 unchanged, 0 waiting for files to settle."),
        "{err}"
    );
    fs::remove_file(inbox.join("broken.xlsx")).unwrap();
    write_xlsx(&inbox.join("may.xlsx"), &three_channels());
    settled(&inbox.join("may.xlsx"));
    let out = kpibook(
        dir.path(),
        &["run", "inbox", "--out", "out", "--lang", "en"],
    );
    let err = stderr(&out);
    assert!(
        err.contains("kpibook: 1 job run (1 with rows or files left out), 1 unchanged,"),
        "{err}"
    );
    assert!(
        err.contains("may: written with rejected rows (11 rows accepted, 1 row rejected, "),
        "{err}"
    );
}
