//! Every input file is accounted for (SPEC section 1): in a folder, a file that cannot be used is a
//! file-level issue (`file_unreadable` / `file_skipped`) and the other files are still reported;
//! named on the command line it stops the run. The report never reads itself, nor any workbook
//! kpibook wrote.

use crate::common;

use std::fs;
use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::*;
use serde_json::Value;

/// Three leads, one won deal, two cost rows; nothing rejected and nothing to warn about.
///
/// By hand: leads 3 (linkedin 2, webinar 1), won 1 (D1 of L1, 300,000), revenue 300,000,
/// cost 100,000 + 50,000 = 150,000, cpa 150,000 / 3 = 50,000, cac 150,000 / 1 = 150,000,
/// roas 300,000 / 150,000 = 2.
fn write_good(path: &Path) {
    write_xlsx(
        path,
        &[
            (
                "リード",
                vec![
                    vec![S("リードID"), S("獲得日"), S("流入元")],
                    vec![S("L1"), D(2025, 4, 1), S("LinkedIn")],
                    vec![S("L2"), D(2025, 4, 2), S("ウェビナー")],
                    vec![S("L3"), D(2025, 4, 3), S("LinkedIn")],
                ],
            ),
            (
                "商談",
                vec![
                    vec![
                        S("商談ID"),
                        S("リードID"),
                        S("商談化日"),
                        S("ステータス"),
                        S("受注額"),
                        S("受注日"),
                    ],
                    vec![
                        S("D1"),
                        S("L1"),
                        D(2025, 4, 10),
                        S("受注"),
                        N(300_000.0),
                        D(2025, 4, 20),
                    ],
                ],
            ),
            (
                "費用",
                vec![
                    vec![S("年月"), S("チャネル"), S("費目"), S("金額")],
                    vec![S("2025/04"), S("LinkedIn"), S("広告費"), N(100_000.0)],
                    vec![S("2025/04"), S("ウェビナー"), S("ツール"), N(50_000.0)],
                ],
            ),
        ],
    );
}

/// 4 KiB of pseudo-random bytes (a fixed linear congruential sequence) named as a workbook.
fn write_corrupt(path: &Path) {
    let mut state: u32 = 12_345;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as u8
        })
        .collect();
    fs::write(path, bytes).unwrap();
}

/// A report kpibook wrote from the good workbook, made in a folder of its own.
fn write_previous_report(path: &Path) {
    let elsewhere = temp_dir();
    write_good(&elsewhere.path().join("good.xlsx"));
    let out = kpibook(elsewhere.path(), &["report", "good.xlsx", "-o", "old.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    fs::copy(elsewhere.path().join("old.xlsx"), path).unwrap();
}

/// `data/` with the good workbook and the four files that cannot be used.
fn mixed_folder(dir: &Path) {
    let data = dir.join("data");
    fs::create_dir(&data).unwrap();
    write_good(&data.join("good.xlsx"));
    write_corrupt(&data.join("corrupt.xlsx"));
    fs::write(
        data.join("notes.pdf"),
        b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n",
    )
    .unwrap();
    // XML that is no Excel 2003 spreadsheet (a news feed export).
    fs::write(
        data.join("export.xml"),
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>"#,
    )
    .unwrap();
    write_previous_report(&data.join("last_month_report.xlsx"));
}

fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let out = kpibook(dir, &all);
    let json = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout(&out), stderr(&out)));
    (out.status.code(), json)
}

/// The file-level issues of a check JSON: (file, severity, code, value).
fn file_issues(json: &Value) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("file_"))
        .map(|i| {
            // A file-level issue has no sheet, cell, column or row.
            assert_eq!(
                (&i["sheet"], &i["cell"], &i["column"], &i["row"]),
                (
                    &Value::from(""),
                    &Value::from(""),
                    &Value::from(""),
                    &Value::from(0)
                ),
                "{i}"
            );
            assert!(!i["message"].as_str().unwrap().is_empty(), "{i}");
            let s = |k: &str| i[k].as_str().unwrap().to_string();
            (s("file"), s("severity"), s("code"), s("value"))
        })
        .collect();
    found.sort();
    found
}

/// The rows of one sheet of a workbook, as text.
fn sheet_rows(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(fs::read(path).unwrap())).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_folder_with_unusable_files_reports_the_good_one_and_lists_the_other_four() {
    let dir = temp_dir();
    mixed_folder(dir.path());
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "data",
            "-o",
            "out.xlsx",
            "--summary-json",
            "s.json",
            "--lang",
            "en",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "the corrupt file makes it 3: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("1 file of the input folder could not be read"),
        "{}",
        stderr(&out)
    );

    let s = read_json(&dir.path().join("s.json"));
    let t = &s["totals"];
    assert_eq!(t["leads"], 3);
    assert_eq!(t["won"], 1);
    assert_close(&t["revenue"], 300_000.0, "revenue");
    assert_close(&t["cost"], 150_000.0, "cost");
    assert_close(&t["cpa"], 50_000.0, "cpa");
    assert_close(&t["cac"], 150_000.0, "cac");
    assert_close(&t["roas"], 2.0, "roas");
    assert_eq!(
        s["rows"]["leads"]["read"], 3,
        "the old report's lead data was not read"
    );
    assert_eq!(s["rows"]["leads"]["rejected"], 0);
    // One error (the corrupt file), three warnings (pdf, xml, the old report).
    assert_eq!(
        (
            s["issues"]["error"].as_u64(),
            s["issues"]["warning"].as_u64()
        ),
        (Some(1), Some(3))
    );

    // The Data quality sheet lists each file with its code and the file's outcome, no row link.
    let rows = sheet_rows(&dir.path().join("out.xlsx"), "Data quality");
    let outcome_of = |file: &str| {
        let row = rows
            .iter()
            .find(|r| r.get(2).map(String::as_str) == Some(file) && r[1].starts_with("file_"))
            .unwrap_or_else(|| panic!("{file} not on the Data quality sheet: {rows:#?}"));
        (row[1].clone(), row[5].clone(), row[9].clone())
    };
    let unreadable = (
        "file_unreadable".to_string(),
        String::new(),
        "file unreadable".to_string(),
    );
    let skipped = (
        "file_skipped".to_string(),
        String::new(),
        "file skipped".to_string(),
    );
    assert_eq!(outcome_of("corrupt.xlsx"), unreadable);
    assert_eq!(outcome_of("notes.pdf"), skipped);
    assert_eq!(outcome_of("export.xml"), skipped);
    assert_eq!(outcome_of("last_month_report.xlsx"), skipped);

    // check lists the other four files, each with its code.
    let (code, json) = check_json(dir.path(), &["data"]);
    assert_eq!(code, Some(3));
    let e = |f: &str, sev: &str, code: &str, value: &str| {
        (
            f.to_string(),
            sev.to_string(),
            code.to_string(),
            value.to_string(),
        )
    };
    assert_eq!(
        file_issues(&json),
        [
            e("corrupt.xlsx", "error", "file_unreadable", ".xlsx"),
            e("export.xml", "warning", "file_skipped", ".xml"),
            e("last_month_report.xlsx", "warning", "file_skipped", ".xlsx"),
            e("notes.pdf", "warning", "file_skipped", ".pdf"),
        ]
    );
    let text = stdout(&kpibook(dir.path(), &["check", "data", "--lang", "en"]));
    for name in [
        "corrupt.xlsx",
        "notes.pdf",
        "export.xml",
        "last_month_report.xlsx",
    ] {
        assert!(text.contains(name), "{name} missing from: {text}");
    }
}

#[test]
fn with_strict_a_folder_with_an_unreadable_file_writes_nothing() {
    let dir = temp_dir();
    mixed_folder(dir.path());
    let out = kpibook(
        dir.path(),
        &["report", "data", "-o", "out.xlsx", "--strict"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!dir.path().join("out.xlsx").exists());
}

#[test]
fn the_corrupt_file_named_alone_stops_the_run_with_one_sentence() {
    let dir = temp_dir();
    write_corrupt(&dir.path().join("corrupt.xlsx"));
    let out = kpibook(dir.path(), &["report", "corrupt.xlsx", "-o", "out.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("kpibook: corrupt.xlsx: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!dir.path().join("out.xlsx").exists());
}

#[test]
fn a_report_named_as_an_input_is_refused_with_one_sentence() {
    let dir = temp_dir();
    write_previous_report(&dir.path().join("report.xlsx"));
    let out = kpibook(
        dir.path(),
        &["report", "report.xlsx", "-o", "again.xlsx", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(
        err.trim_end(),
        "kpibook: report.xlsx: is a report kpibook wrote, not an input; give the files the report was made from"
    );
    assert!(!dir.path().join("again.xlsx").exists());
}

#[test]
fn a_report_written_into_its_own_input_folder_twice_gives_the_same_figures() {
    let dir = temp_dir();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    write_good(&data.join("good.xlsx"));
    let run = || {
        let out = kpibook(
            dir.path(),
            &[
                "report",
                "data",
                "-o",
                "data/report.xlsx",
                "--summary-json",
                "data/summary.json",
                "--lang",
                "en",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        read_json(&data.join("summary.json"))
    };
    let first = run();
    assert_eq!(first["totals"]["leads"], 3);
    assert_close(&first["totals"]["revenue"], 300_000.0, "revenue");
    let second = run();
    assert_eq!(first, second);
    // Neither the report nor the summary JSON was read or listed on the second run.
    assert_eq!(
        (
            second["issues"]["error"].as_u64(),
            second["issues"]["warning"].as_u64()
        ),
        (Some(0), Some(0))
    );
    let listed: Vec<Vec<String>> = sheet_rows(&data.join("report.xlsx"), "Data quality")
        .into_iter()
        .filter(|row| {
            row.iter()
                .any(|cell| cell.contains("report.xlsx") || cell.contains("summary.json"))
        })
        .collect();
    assert_eq!(listed, Vec::<Vec<String>>::new());
}

#[test]
fn a_folder_where_no_file_can_be_used_stops_the_run() {
    let dir = temp_dir();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    write_corrupt(&data.join("corrupt.xlsx"));
    write_previous_report(&data.join("old_report.xlsx"));
    fs::write(data.join("notes.pdf"), b"%PDF-1.4\n").unwrap();
    let out = kpibook(dir.path(), &["report", "data", "-o", "out.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("no file in the folder could be used")
            && err.contains("corrupt.xlsx")
            && err.contains("old_report.xlsx is a report kpibook wrote"),
        "{err}"
    );
    assert!(!dir.path().join("out.xlsx").exists());
}

#[test]
fn a_file_without_a_table_is_skipped_in_a_folder_and_stops_the_run_when_named() {
    let dir = temp_dir();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    write_good(&data.join("good.xlsx"));
    write_xlsx(
        &data.join("recipes.xlsx"),
        &[(
            "Recipes",
            vec![vec![S("Dish"), S("Minutes")], vec![S("Curry"), N(40.0)]],
        )],
    );
    // Excel's owner file while good.xlsx is open.
    fs::write(data.join("~$good.xlsx"), b"\x0bsomeone").unwrap();
    fs::write(data.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();

    let (code, json) = check_json(dir.path(), &["data", "--lang", "en"]);
    assert_eq!(code, Some(0), "warnings only");
    let skipped: Vec<(String, String)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "file_skipped")
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let names: Vec<&str> = skipped.iter().map(|(f, _)| f.as_str()).collect();
    // The hidden file is not listed; the lock file is, since unsaved edits are not in the report.
    assert_eq!(names, ["~$good.xlsx", "recipes.xlsx"]);
    assert!(skipped[0].1.contains("lock file"), "{}", skipped[0].1);
    assert!(
        skipped[1]
            .1
            .contains("no sheet has a header row matching any table"),
        "{}",
        skipped[1].1
    );
    assert_eq!(json["rows"]["leads"]["accepted"], 3);
    // The skipped file's one issue carries the advice: its sheet gets no `sheet_ignored` beside it.
    let about_recipes = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"] == "recipes.xlsx")
        .count();
    assert_eq!(about_recipes, 1);
    // In the text, an issue about a whole file names the file alone, on one line.
    let text = kpibook(dir.path(), &["check", "data", "--lang", "en"]);
    let line = stdout(&text)
        .lines()
        .find(|l| l.contains("file_skipped") && l.contains("recipes.xlsx"))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(
        line.contains("file_skipped  recipes.xlsx ") && !line.contains("recipes.xlsx ["),
        "{line}"
    );

    // Named beside a good file, the same workbook stops the run.
    let out = kpibook(
        &data,
        &[
            "report",
            "good.xlsx",
            "recipes.xlsx",
            "-o",
            "../out.xlsx",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("recipes.xlsx: no sheet has a header row"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out.xlsx").exists());
}

#[test]
fn an_input_given_as_the_output_is_a_usage_error_and_stays_as_it_was() {
    let dir = temp_dir();
    write_good(&dir.path().join("good.xlsx"));
    let before = fs::read(dir.path().join("good.xlsx")).unwrap();
    let out = kpibook(dir.path(), &["report", "good.xlsx", "-o", "./good.xlsx"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read(dir.path().join("good.xlsx")).unwrap(), before);
}

#[test]
fn a_drop_folder_writing_into_its_inbox_never_reads_its_reports() {
    let dir = temp_dir();
    let inbox = dir.path().join("inbox");
    fs::create_dir(&inbox).unwrap();
    write_good(&inbox.join("april.xlsx"));
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    fs::File::options()
        .append(true)
        .open(inbox.join("april.xlsx"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let pass = || {
        let out = kpibook(
            dir.path(),
            &["run", "inbox", "--out", "inbox", "--settle", "0"],
        );
        (out.status.code(), stderr(&out))
    };
    let (code, err) = pass();
    assert_eq!(code, Some(0), "{err}");
    assert!(inbox.join("april.report.xlsx").is_file(), "{err}");
    // The second pass finds the one unchanged job, not the report as a new job.
    let (code, err) = pass();
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains(" april.report: "), "{err}");
    assert!(!inbox.join("april.report.report.xlsx").exists());
    assert!(!inbox.join("april.report.error.txt").exists());
}

#[test]
fn a_drop_folder_subfolder_with_a_corrupt_file_is_reported_from_its_other_files() {
    let dir = temp_dir();
    let job = dir.path().join("inbox").join("april");
    fs::create_dir_all(&job).unwrap();
    write_good(&job.join("good.xlsx"));
    write_corrupt(&job.join("corrupt.xlsx"));
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for name in ["good.xlsx", "corrupt.xlsx"] {
        fs::File::options()
            .append(true)
            .open(job.join(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let out = kpibook(
        dir.path(),
        &["run", "inbox", "--out", "out", "--lang", "en"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("april: written with unreadable files (6 rows accepted, 1 file unreadable,"),
        "{err}"
    );
    let s = read_json(&dir.path().join("out/april.summary.json"));
    assert_eq!(s["totals"]["leads"], 3);
    assert_eq!(s["issues"]["error"], 1);
    assert!(!dir.path().join("out/april.error.txt").exists());
}
