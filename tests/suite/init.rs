//! `kpibook init`: the blank workbook has every table with its headers, drop-down lists and two
//! example rows; filled in as it comes it checks without a single issue and reports figures worked
//! out by hand from the examples; the config file changes nothing; existing files are kept.
//!
//! The examples by hand: leads L-001 (2025-04-05, LinkedIn, from post P-001, MQL 04-12) and L-002
//! (04-15, webinar, after touching P-001 on LinkedIn on 04-14, so an SNS lead too); deals D-001
//! (L-001, won 1,200,000, closed 05-15) and D-002 (open); costs 300,000 LinkedIn + 100,000 webinar.
//! So leads 2, MQL 1, opportunities 2, won 1, revenue 1,200,000, cost 400,000, CPA 200,000, SNS
//! leads 2. D-001's journey (opportunity 04-20) is LinkedIn 04-05 (the lead's creation) and the
//! webinar touch 04-11: linear gives LinkedIn half, 600,000.

use crate::common;

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::*;

fn init(dir: &Path, lang: &str) -> std::path::PathBuf {
    let out = kpibook(dir, &["init", "book", "--lang", lang]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let name = if lang == "ja" {
        "kpibook_入力.xlsx"
    } else {
        "kpibook_input.xlsx"
    };
    dir.join("book").join(name)
}

fn headers(path: &Path, sheet: &str) -> Vec<String> {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    let first = range.rows().next().unwrap().to_vec();
    first
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// The XML of every worksheet in the workbook, concatenated.
fn sheet_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        if file.name().unwrap().starts_with("xl/worksheets/sheet") {
            file.read_to_string(&mut xml).unwrap();
        }
    }
    xml
}

#[test]
fn the_workbook_has_every_table_with_headers_in_the_chosen_language() {
    let dir = temp_dir();
    let ja = init(dir.path(), "ja");
    let workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(&ja).unwrap())).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "使い方",
            "投稿",
            "日別指標",
            "リード",
            "タッチポイント",
            "商談",
            "費用",
            "Webアクセス",
            "目標",
            "カスタム指標",
            "設定"
        ]
    );
    let leads = headers(&ja, "リード");
    assert_eq!(&leads[..3], ["リードID", "獲得日", "流入元"]);
    let deals = headers(&ja, "商談");
    assert!(deals.contains(&"ステータス".to_string()), "{deals:?}");

    let dir = temp_dir();
    let en = init(dir.path(), "en");
    assert_eq!(
        &headers(&en, "Leads")[..3],
        ["lead_id", "created_at", "channel"]
    );
}

#[test]
fn channel_status_and_conversion_type_have_drop_down_lists() {
    let dir = temp_dir();
    let xml = sheet_xml(&init(dir.path(), "ja"));
    assert!(
        xml.contains("<dataValidation type=\"list\""),
        "no list validation"
    );
    assert!(
        xml.contains("\"LinkedIn,X,Facebook,Instagram,YouTube,TikTok,LINE,note,SNS,ウェビナー,展示会,リスティング,ディスプレイ広告,自然検索,メール,紹介,直接,その他\""),
        "channel list"
    );
    assert!(xml.contains("\"受注,失注,商談中\""), "status list");
    assert!(
        xml.contains("\"資料DL,ウェビナー参加,お問い合わせ,デモ依頼,その他\""),
        "conversion type list"
    );
    let dir = temp_dir();
    let xml = sheet_xml(&init(dir.path(), "en"));
    assert!(xml.contains("\"won,lost,open\""), "status list in English");
    assert!(xml.contains("\"download,webinar,inquiry,demo,other\""));
}

#[test]
fn the_filled_in_workbook_checks_without_a_single_issue_and_reports_the_examples() {
    for lang in ["ja", "en"] {
        let dir = temp_dir();
        let book = init(dir.path(), lang);
        let folder = book.parent().unwrap();
        let name = book.file_name().unwrap().to_str().unwrap();
        let out = kpibook(folder, &["check", name, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let check: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(
            check["issues"].as_array().unwrap().len(),
            0,
            "{lang}: {check}"
        );
        for table in [
            "posts", "leads", "touches", "deals", "costs", "targets", "custom", "settings",
        ] {
            assert_eq!(check["rows"][table]["accepted"], 2, "{lang} {table}");
        }

        let out = kpibook(
            folder,
            &[
                "report",
                name,
                "-o",
                "r.xlsx",
                "--summary-json",
                "s.json",
                "--quiet",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let s = read_json(&folder.join("s.json"));
        let t = &s["totals"];
        assert_close(&t["leads"], 2.0, "leads");
        assert_close(&t["mql"], 1.0, "mql");
        assert_close(&t["opportunities"], 2.0, "opportunities");
        assert_close(&t["won"], 1.0, "won");
        assert_close(&t["revenue"], 1_200_000.0, "revenue");
        assert_close(&t["cost"], 400_000.0, "cost");
        assert_close(&t["cpa"], 200_000.0, "cpa");
        assert_close(&t["sns_leads"], 2.0, "sns leads");
        assert_close(&s["attribution"]["linear"]["linkedin"], 600_000.0, "linear");
        assert_close(&s["attribution"]["linear"]["webinar"], 600_000.0, "linear");
    }
}

#[test]
fn the_config_file_is_commented_out_and_changes_nothing() {
    let dir = temp_dir();
    let book = init(dir.path(), "ja");
    let folder = book.parent().unwrap();
    let text = std::fs::read_to_string(folder.join("kpibook.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert!(table.is_empty(), "every key commented out");
    for key in [
        "# lookback_days = 90",
        "# gross_margin = 1.0",
        "# [kpi_tree]",
    ] {
        assert!(text.contains(key), "{key}");
    }
    // The report beside the config file equals the report without it.
    let name = book.file_name().unwrap().to_str().unwrap();
    let with = kpibook(folder, &["report", name, "-o", "with.xlsx", "--quiet"]);
    assert_eq!(with.status.code(), Some(0));
    std::fs::remove_file(folder.join("kpibook.toml")).unwrap();
    let without = kpibook(folder, &["report", name, "-o", "without.xlsx", "--quiet"]);
    assert_eq!(without.status.code(), Some(0));
    // The Assumptions sheet names the config file when there is one; compare the data sheets.
    let sheet = |file: &str| {
        let mut wb: Xlsx<_> =
            open_workbook_from_rs(Cursor::new(std::fs::read(folder.join(file)).unwrap())).unwrap();
        wb.worksheet_range("チャネル別").unwrap()
    };
    assert_eq!(sheet("with.xlsx"), sheet("without.xlsx"));
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let dir = temp_dir();
    let book = init(dir.path(), "en");
    std::fs::write(&book, b"my data").unwrap();
    let out = kpibook(dir.path(), &["init", "book", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("kpibook_input.xlsx") && stderr(&out).contains("--force"));
    assert_eq!(std::fs::read(&book).unwrap(), b"my data");
    let out = kpibook(dir.path(), &["init", "book", "--lang", "en", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(std::fs::read(&book).unwrap(), b"my data");
}
