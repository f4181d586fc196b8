//! CSV inputs as Japanese Excel writes them: Shift_JIS (CP932) with CRLF, and UTF-8 with a BOM, read
//! through the binary together with a workbook.

use crate::common;

use common::*;

const LEADS_CSV: &str = "リードID,獲得日,流入元,会社名\r\nL1,2025/4/1,ツイッター,株式会社サンプル\r\nL2,令和7年4月2日,ウェビナー,髙橋商事\r\n";
const COSTS_CSV: &str =
    "年月,チャネル,費目,金額\r\n2025/04,X,広告費,\"1,200\"\r\n2025/04,ウェビナー,ツール,１万\r\n";

#[test]
fn shift_jis_csv_reads_like_utf8() {
    let dir = temp_dir();
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(LEADS_CSV);
    assert!(!unmappable);
    std::fs::write(dir.path().join("leads.csv"), &sjis).unwrap();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(COSTS_CSV.as_bytes());
    std::fs::write(dir.path().join("costs.csv"), &bom).unwrap();

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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = read_json(&dir.path().join("s.json"));
    assert_eq!(s["rows"]["leads"]["accepted"], 2);
    assert_eq!(s["channels"]["x"]["leads"], 1);
    assert_eq!(s["channels"]["webinar"]["leads"], 1);
    // 1,200 + 1万 (10,000)
    assert_eq!(s["totals"]["cost"], 11_200);
    assert_eq!(s["period"]["start"], "2025-04-01");

    // The Shift_JIS text came through: the company name is in the Leads data sheet.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("r.xlsx")).unwrap();
    use calamine::Reader;
    let mut found = false;
    for name in book.sheet_names() {
        if let Ok(range) = book.worksheet_range(&name) {
            found |= range
                .rows()
                .flatten()
                .any(|c| matches!(c, calamine::Data::String(s) if s == "髙橋商事"));
        }
    }
    assert!(
        found,
        "company name from the Shift_JIS CSV not found in the report"
    );
}

#[test]
fn a_tsv_and_a_utf16_csv_read_too() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("leads.tsv"),
        "lead_id\tcreated_at\tchannel\nL1\t2025-04-01\tLinkedIn\n",
    )
    .unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "年月,チャネル,金額\r\n2025/04,LinkedIn,5000\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.path().join("costs.csv"), &utf16).unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "leads.tsv",
            "costs.csv",
            "-o",
            "r.xlsx",
            "--summary-json",
            "-",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(s["channels"]["linkedin"]["cpa"], 5000);
}
