//! Each issue code of SPEC section 1 raised by a real input, row outcomes that reconcile, and the
//! exit codes 0 / 1 / 2 / 3 of SPEC section 7.

use crate::common;

use common::*;
use serde_json::Value;

/// A workbook where every issue code appears at a known cell.
fn messy() -> Vec<(&'static str, Vec<Vec<V>>)> {
    vec![
        (
            "投稿",
            vec![
                vec![S("投稿ID"), S("媒体"), S("投稿日"), S("インプレッション数")],
                vec![S("P1"), S("LinkedIn"), D(2025, 4, 1), N(100.0)],
                // C3: unparsable date; D3 is fine.
                vec![S("P2"), S("X"), S("someday"), N(5.0)],
                // D4: out_of_range (negative count).
                vec![S("P3"), S("X"), D(2025, 4, 2), N(-5.0)],
            ],
        ),
        (
            "リード",
            vec![
                vec![S("リードID"), S("獲得日"), S("流入元"), S("投稿ID")],
                vec![S("L1"), D(2025, 4, 1), S("LinkedIn"), S("P1")],
                // A3: duplicate_key (rejected; the first L1 stays).
                vec![S("L1"), D(2025, 4, 2), S("LinkedIn"), E],
                // B4: required (empty created_at).
                vec![S("L2"), E, S("X"), E],
                // C5: unknown channel (warning, kept as other); D5: unknown post (warning, kept unlinked).
                vec![S("L3"), D(2025, 4, 3), S("Podcast"), S("P999")],
                // B6: ambiguous date.
                vec![S("L4"), S("04/05/2025"), S("X"), E],
                // B7: an Excel error value.
                vec![S("L5"), F("=NA()", "#N/A"), S("X"), E],
                vec![],
                vec![S("L6"), D(2025, 4, 9), S("X"), E],
            ],
        ),
        (
            // No lead id column at all: each row's key is generated (one warning for the sheet).
            "展示会リスト",
            vec![
                vec![S("獲得日"), S("流入元"), S("会社名")],
                vec![D(2025, 4, 12), S("展示会"), S("A社")],
                // A3: a day without a year (year_inferred: the sheet's latest date, 2025-04-12).
                vec![S("4月10日"), S("展示会"), S("B社")],
            ],
        ),
        (
            "タッチ",
            vec![
                vec![S("リードID"), S("接触日時"), S("チャネル")],
                // A2: unknown lead (error: the touch is rejected).
                vec![S("L999"), D(2025, 4, 1), S("X")],
                vec![S("L1"), D(2025, 3, 30), S("メルマガ")],
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
                    S("金額"),
                    S("受注日"),
                ],
                // E2: won without amount (inconsistent, once).
                vec![
                    S("D1"),
                    S("L1"),
                    D(2025, 4, 10),
                    S("受注"),
                    E,
                    E,
                    D(2025, 5, 1),
                ],
                // D3: a stage nobody listed (unknown_stage warning; the deal stays, open).
                vec![S("D2"), S("L1"), D(2025, 4, 10), S("保留"), E, E, E],
                // G4: closed before created (inconsistent).
                vec![
                    S("D3"),
                    S("L1"),
                    D(2025, 4, 10),
                    S("失注"),
                    E,
                    E,
                    D(2025, 4, 1),
                ],
                vec![
                    S("D4"),
                    S("L1"),
                    D(2025, 4, 10),
                    S("受注"),
                    N(1000.0),
                    E,
                    D(2025, 4, 20),
                ],
            ],
        ),
        (
            "費用",
            // No amount column at all: missing_column, every row rejected.
            vec![
                vec![S("年月"), S("チャネル"), S("費目")],
                vec![S("2025/04"), S("X"), S("広告費")],
            ],
        ),
        (
            "メモ",
            vec![vec![S("このブックについて")], vec![S("担当: 営業企画")]],
        ),
    ]
}

fn check_json(dir: &std::path::Path) -> (Option<i32>, Value) {
    let out = kpibook(dir, &["check", "messy.xlsx", "--format", "json"]);
    let json: Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    (out.status.code(), json)
}

fn find<'a>(issues: &'a [Value], code: &str, sheet: &str, cell: &str) -> &'a Value {
    issues
        .iter()
        .find(|i| i["code"] == code && i["sheet"] == sheet && i["cell"] == cell)
        .unwrap_or_else(|| panic!("no {code} at {sheet}!{cell} in {issues:#?}"))
}

#[test]
fn every_issue_code_is_reported_at_its_cell() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("messy.xlsx"), &messy());
    let (code, json) = check_json(dir.path());
    assert_eq!(code, Some(3));
    let issues = json["issues"].as_array().unwrap();
    let e = |code, sheet, cell| {
        find(issues, code, sheet, cell)["severity"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(e("unparsable", "投稿", "C3"), "error");
    assert_eq!(e("out_of_range", "投稿", "D4"), "error");
    assert_eq!(e("duplicate_key", "リード", "A3"), "error");
    assert_eq!(e("required", "リード", "B4"), "error");
    assert_eq!(e("unknown_value", "リード", "C5"), "warning");
    assert_eq!(e("unknown_reference", "リード", "D5"), "warning");
    assert_eq!(e("ambiguous_date", "リード", "B6"), "error");
    assert_eq!(e("excel_error", "リード", "B7"), "error");
    assert_eq!(e("unknown_reference", "タッチ", "A2"), "error");
    assert_eq!(e("duplicate_column", "商談", "F1"), "warning");
    assert_eq!(e("inconsistent", "商談", "E2"), "error");
    assert_eq!(e("unknown_stage", "商談", "D3"), "warning");
    assert_eq!(e("inconsistent", "商談", "G4"), "error");
    assert_eq!(e("sheet_ignored", "メモ", ""), "warning");
    assert_eq!(e("generated_key", "展示会リスト", ""), "warning");
    assert_eq!(e("year_inferred", "展示会リスト", "A3"), "warning");
    let missing = issues
        .iter()
        .find(|i| i["code"] == "missing_column")
        .unwrap();
    assert_eq!(
        (missing["sheet"].as_str(), missing["column"].as_str()),
        (Some("費用"), Some("amount"))
    );

    // Every issue code of the spec appears; the file-level ones need a folder (inputs_accounted.rs)
    // `derived_value` a deals sheet without created dates and `no_channel` a lead with no source
    // (both in newcomer_workbook.rs), `group_row` and `continuation_row` an export's profile
    // (export_variants.rs).
    let elsewhere = [
        "derived_value",
        "no_channel",
        "group_row",
        "continuation_row",
    ];
    for code in kpibook::issues::IssueCode::ALL
        .into_iter()
        .filter(|code| !code.is_file_level() && !elsewhere.contains(&code.as_str()))
    {
        assert!(
            issues.iter().any(|i| i["code"] == code.as_str()),
            "{} not raised",
            code.as_str()
        );
    }
    // A won deal without an amount is reported once, as inconsistent, not also as required.
    let d1: Vec<&Value> = issues
        .iter()
        .filter(|i| i["sheet"] == "商談" && i["row"] == 2)
        .collect();
    assert_eq!(d1.len(), 1, "{d1:#?}");
    // Issue fields: the header as written and the value as read.
    let unparsable = find(issues, "unparsable", "投稿", "C3");
    assert_eq!(unparsable["column"], "投稿日");
    assert_eq!(unparsable["value"], "someday");
    assert_eq!(unparsable["row"], 3);
    assert_eq!(unparsable["file"], "messy.xlsx");
    let error_cell = find(issues, "excel_error", "リード", "B7");
    assert_eq!(error_cell["value"], "#N/A");
}

#[test]
fn row_counts_reconcile_per_table() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("messy.xlsx"), &messy());
    let (_, json) = check_json(dir.path());
    let rows = &json["rows"];
    let counts = |t: &str| {
        let r = &rows[t];
        let n = |k: &str| r[k].as_u64().unwrap();
        assert_eq!(
            n("read"),
            n("accepted") + n("rejected") + n("blank"),
            "{t}: {r}"
        );
        (n("read"), n("accepted"), n("rejected"), n("blank"))
    };
    // Leads: 8 rows below the header; L1, L3, L6 accepted; dup L1, L2, L4, L5 rejected; 1 blank;
    // and the two rows of the sheet without a lead id column, accepted with generated keys.
    assert_eq!(counts("leads"), (10, 5, 4, 1));
    assert_eq!(counts("posts"), (3, 1, 2, 0));
    assert_eq!(counts("touches"), (2, 1, 1, 0));
    // D2 (a stage nobody listed, kept open) and D4 are fine.
    assert_eq!(counts("deals"), (4, 2, 2, 0));
    assert_eq!(counts("costs"), (1, 0, 1, 0));
}

#[test]
fn rejected_rows_still_give_a_report_and_exit_3() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("messy.xlsx"), &messy());
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "messy.xlsx",
            "-o",
            "out.xlsx",
            "--summary-json",
            "s.json",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(dir.path().join("out.xlsx").is_file());
    let s = read_json(&dir.path().join("s.json"));
    assert_eq!(s["rows"]["leads"]["rejected"], 4);
    assert!(s["issues"]["error"].as_u64().unwrap() >= 10);

    // --strict: nothing written, exit 3.
    let out = kpibook(
        dir.path(),
        &["report", "messy.xlsx", "-o", "strict.xlsx", "--strict"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(!dir.path().join("strict.xlsx").exists());
    // In the report language (Japanese by default).
    assert!(
        stderr(&out).contains("行を取り込めませんでした。--strict のため何も書き出していません"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_clean_input_exits_0() {
    let dir = temp_dir();
    let sheets = vec![(
        "leads",
        vec![
            vec![S("lead_id"), S("created_at"), S("channel")],
            vec![S("L1"), S("2025-04-01"), S("linkedin")],
        ],
    )];
    write_xlsx(&dir.path().join("ok.xlsx"), &sheets);
    let out = kpibook(dir.path(), &["report", "ok.xlsx", "-o", "r.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = kpibook(dir.path(), &["check", "ok.xlsx"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("ok.xlsx [leads] -> leads"),
        "{}",
        stdout(&out)
    );
}

/// Exit 1: one clear sentence naming the file, and no output written.
fn assert_input_error(dir: &std::path::Path, input: &str, expected_words: &str) {
    let out = kpibook(dir, &["report", input, "-o", "never.xlsx", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{input}: {}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(input.trim_end_matches('/')),
        "{input}: {message}"
    );
    assert!(
        message.to_lowercase().contains(expected_words),
        "{input}: {message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(!message.contains("panicked") && !message.contains("RUST_BACKTRACE"));
    assert!(!dir.join("never.xlsx").exists(), "{input} left an output");
}

#[test]
fn unusable_inputs_exit_1_and_write_nothing() {
    let dir = temp_dir();
    let d = dir.path();
    std::fs::write(
        d.join("corrupt.xlsx"),
        b"PK\x03\x04 this is not really a zip archive",
    )
    .unwrap();
    std::fs::write(d.join("empty.xlsx"), b"").unwrap();
    std::fs::write(d.join("empty.csv"), b"").unwrap();
    write_xlsx(
        &d.join("notes.xlsx"),
        &[("メモ", vec![vec![S("only notes here")]])],
    );
    assert_input_error(d, "corrupt.xlsx", "corrupt.xlsx");
    assert_input_error(d, "empty.xlsx", "empty.xlsx");
    assert_input_error(d, "empty.csv", "empty");
    assert_input_error(d, "missing.xlsx", "not found");
    assert_input_error(d, "notes.xlsx", "no sheet");
    let encrypted = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real-world/calamine/pass_protected.xlsx"
    );
    std::fs::copy(encrypted, d.join("locked.xlsx")).unwrap();
    assert_input_error(d, "locked.xlsx", "password");
}

#[test]
fn an_existing_output_is_kept_when_the_run_fails() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("report.xlsx"), b"previous report").unwrap();
    std::fs::write(dir.path().join("corrupt.xlsx"), b"garbage").unwrap();
    let out = kpibook(dir.path(), &["report", "corrupt.xlsx", "-o", "report.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join("report.xlsx")).unwrap(),
        b"previous report"
    );
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let dir = temp_dir();
    let d = dir.path();
    write_xlsx(
        &d.join("ok.xlsx"),
        &[(
            "leads",
            vec![
                vec![S("lead_id"), S("created_at")],
                vec![S("L1"), S("2025-04-01")],
            ],
        )],
    );
    // Missing -o.
    assert_eq!(kpibook(d, &["report", "ok.xlsx"]).status.code(), Some(2));
    // Unknown model, bad period, both --month and --fy.
    assert_eq!(
        kpibook(
            d,
            &["report", "ok.xlsx", "-o", "r.xlsx", "--model", "magic"]
        )
        .status
        .code(),
        Some(2)
    );
    let out = kpibook(
        d,
        &[
            "report",
            "ok.xlsx",
            "-o",
            "r.xlsx",
            "--period",
            "2025-09-01..2025-04-01",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--period"));
    assert_eq!(
        kpibook(
            d,
            &["report", "ok.xlsx", "-o", "r.xlsx", "--month", "2025-04", "--fy", "2025"]
        )
        .status
        .code(),
        Some(2)
    );
    // An unknown config key names the key.
    std::fs::write(d.join("kpibook.toml"), "gross_margn = 0.8\n").unwrap();
    let out = kpibook(d, &["report", "ok.xlsx", "-o", "r.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("gross_margn") && stderr(&out).contains("kpibook.toml"),
        "{}",
        stderr(&out)
    );
    assert!(!d.join("r.xlsx").exists());
    // A bad value names the key.
    std::fs::write(d.join("kpibook.toml"), "gross_margin = 2\n").unwrap();
    let out = kpibook(d, &["report", "ok.xlsx", "-o", "r.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("gross_margin"));
    // --config pointing nowhere.
    std::fs::remove_file(d.join("kpibook.toml")).unwrap();
    assert_eq!(
        kpibook(
            d,
            &["report", "ok.xlsx", "-o", "r.xlsx", "--config", "nope.toml"]
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn config_column_mapping_and_settings_sheet() {
    let dir = temp_dir();
    let d = dir.path();
    let sheets = vec![
        (
            "問合せ",
            vec![
                vec![S("リードID"), S("問合せ受付日"), S("流入元")],
                vec![S("L1"), S("2025-04-01"), S("LinkedIn")],
            ],
        ),
        (
            "設定",
            vec![
                vec![S("キー"), S("値")],
                vec![S("gross_margin"), S("0.6")],
                vec![S("lang"), S("en")],
            ],
        ),
    ];
    write_xlsx(&d.join("in.xlsx"), &sheets);
    std::fs::write(
        d.join("kpibook.toml"),
        "gross_margin = 0.8\n[columns.leads]\n\"問合せ受付日\" = \"created_at\"\n",
    )
    .unwrap();
    let out = kpibook(
        d,
        &[
            "report",
            "in.xlsx",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = read_json(&d.join("s.json"));
    assert_eq!(s["totals"]["leads"], 1);
    // The settings sheet overrides the config file.
    assert_eq!(s["gross_margin"], 0.6);
    // The command line overrides the settings sheet: check messages come in Japanese with --lang ja.
    let out = kpibook(d, &["check", "in.xlsx", "--lang", "ja"]);
    assert!(stdout(&out).contains("件のエラー"), "{}", stdout(&out));
}

/// An input that cannot be used is said on stderr in the report language (SPEC section 7): the
/// default Japanese, or English with `--lang en`; a config error, before the language is known,
/// names its key in English.
#[test]
fn an_input_error_is_said_in_the_report_language() {
    let dir = temp_dir();
    let out = kpibook(dir.path(), &["report", "missing.xlsx", "-o", "r.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim_end(),
        "kpibook: missing.xlsx: ファイルが見つかりません"
    );
    let out = kpibook(
        dir.path(),
        &["report", "missing.xlsx", "-o", "r.xlsx", "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("missing.xlsx: file not found"),
        "{}",
        stderr(&out)
    );
}
