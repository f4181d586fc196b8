//! Test helpers: input workbooks made in the test with rust_xlsxwriter, and the binary run on them;
//! `browser`: a page rendered by headless Chromium (screenshot, print to PDF).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub mod browser;

/// One input cell.
#[derive(Debug, Clone)]
pub enum V {
    S(&'static str),
    T(String),
    N(f64),
    /// A real Excel date cell (y, m, d).
    D(u16, u8, u8),
    /// A formula with its cached result, e.g. `F("=NA()", "#N/A")` for an Excel error cell.
    F(&'static str, &'static str),
    E,
}

pub use V::*;

/// Writes a workbook with the given sheets (name, rows) to `path`.
pub fn write_xlsx(path: &Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy/mm/dd");
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    S(text) => {
                        sheet.write_string(r, c, *text).unwrap();
                    }
                    T(text) => {
                        sheet.write_string(r, c, text).unwrap();
                    }
                    N(x) => {
                        sheet.write_number(r, c, *x).unwrap();
                    }
                    D(y, m, d) => {
                        let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet
                            .write_datetime_with_format(r, c, &date, &date_format)
                            .unwrap();
                    }
                    F(formula, result) => {
                        let formula = rust_xlsxwriter::Formula::new(*formula).set_result(*result);
                        sheet.write_formula(r, c, formula).unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

/// Runs the kpibook binary with `args` in `dir`.
pub fn kpibook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpibook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("kpibook runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// `kpibook plan m.xlsx --target-revenue TARGET --format json` in `dir`, which must succeed.
pub fn plan_json(dir: &Path, target: &str) -> serde_json::Value {
    let out = kpibook(
        dir,
        &[
            "plan",
            "m.xlsx",
            "--target-revenue",
            target,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Asserts two numbers agree to 1e-9 relative.
pub fn assert_close(actual: &serde_json::Value, expected: f64, what: &str) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {actual}"));
    assert!(
        (a - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: got {a}, expected {expected}"
    );
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn path_str(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

pub fn join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// Two posts, four leads (one with a date that cannot be read), three deals, three cost rows.
///
/// By hand, linear model, period = all data (2025-04-01 .. 2025-06-01):
/// - linkedin: cost 200,000; lead L1 (post P1, MQL); D1 won 1,000,000 -> credit 1.
///   cpa = cac = cost_per_mql = 200,000; roas = 1,000,000 / 200,000 = 5; roi = (1,000,000 - 200,000) / 200,000 = 4.
/// - webinar: cost 100,000; lead L2; D2 lost -> cpa 100,000, cost_per_mql empty (no MQL), cac empty
///   (no won), roas 0, roi (0 - 100,000) / 100,000 = -1.
/// - search_ads: cost 50,000; lead L3; D3 won 500,000 -> cpa = cac 50,000, roas 10, roi 9.
/// - totals: cost 350,000, leads 3, mql 1, opportunities 3, won 2, revenue 1,500,000,
///   cpa 116,666.67, cac 175,000, roas 1,500,000 / 350,000, roi 1,150,000 / 350,000.
pub fn three_channels() -> Vec<(&'static str, Vec<Vec<V>>)> {
    vec![
        (
            "投稿",
            vec![
                vec![
                    S("投稿ID"),
                    S("媒体"),
                    S("投稿日"),
                    S("インプレッション数"),
                    S("エンゲージメント数"),
                    S("クリック数"),
                ],
                vec![
                    S("P1"),
                    S("LinkedIn"),
                    D(2025, 4, 5),
                    N(1000.0),
                    N(50.0),
                    N(10.0),
                ],
                vec![
                    S("P2"),
                    S("X"),
                    D(2025, 4, 10),
                    N(4000.0),
                    N(200.0),
                    N(40.0),
                ],
            ],
        ),
        (
            "リード",
            vec![
                vec![
                    S("リードID"),
                    S("獲得日"),
                    S("流入元"),
                    S("投稿ID"),
                    S("MQL化日"),
                    S("氏名"),
                ],
                vec![
                    S("L1"),
                    D(2025, 4, 6),
                    S("LinkedIn"),
                    S("P1"),
                    D(2025, 4, 10),
                    S("山田太郎"),
                ],
                vec![
                    S("L2"),
                    D(2025, 4, 20),
                    S("ウェビナー"),
                    E,
                    E,
                    S("佐藤花子"),
                ],
                vec![
                    S("L3"),
                    D(2025, 5, 1),
                    S("リスティング"),
                    E,
                    E,
                    S("鈴木一郎"),
                ],
                vec![S("L4"), S("いつか"), S("LinkedIn"), E, E, S("田中")],
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
                    D(2025, 4, 15),
                    S("受注"),
                    N(1_000_000.0),
                    D(2025, 5, 10),
                ],
                vec![
                    S("D2"),
                    S("L2"),
                    D(2025, 4, 25),
                    S("失注"),
                    E,
                    D(2025, 5, 15),
                ],
                vec![
                    S("D3"),
                    S("L3"),
                    D(2025, 5, 5),
                    S("受注"),
                    N(500_000.0),
                    D(2025, 6, 1),
                ],
            ],
        ),
        (
            "費用",
            vec![
                vec![S("年月"), S("チャネル"), S("費目"), S("金額")],
                vec![S("2025/04"), S("LinkedIn"), S("広告費"), N(200_000.0)],
                vec![S("2025/04"), S("ウェビナー"), S("ツール"), N(100_000.0)],
                vec![S("2025/05"), S("リスティング"), S("広告費"), N(50_000.0)],
            ],
        ),
    ]
}
