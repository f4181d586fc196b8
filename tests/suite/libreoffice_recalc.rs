//! The report recalculated by a spreadsheet application no one here wrote: LibreOffice opens the
//! workbook headless with "always recalculate", saves it, and every formula cell must hold the value
//! kpibook cached (relative tolerance 1e-9; an empty ratio stays empty).
//!
//! Needs `soffice` (Debian: libreoffice-calc-nogui). Without it the tests say so and pass, unless
//! KPIBOOK_REQUIRE_LIBREOFFICE is set, as `.ci/run` sets it: there a missing LibreOffice fails.

use crate::common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use common::*;

/// The generator of the large benchmark set (`cargo run --example make_large`).
#[path = "../../examples/make_large/large_set.rs"]
mod large_set;

/// A LibreOffice user profile that recalculates every formula when a file is loaded.
const RECALC_PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

pub(super) fn soffice_available() -> bool {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("KPIBOOK_REQUIRE_LIBREOFFICE").is_none(),
            "LibreOffice (soffice) is required here; install libreoffice-calc-nogui"
        );
        eprintln!("soffice not found: LibreOffice recalculation not checked");
    }
    found
}

/// Recalculates `workbook` with LibreOffice and returns the path of the saved copy.
pub(super) fn recalculate(dir: &Path, workbook: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        RECALC_PROFILE,
    )
    .unwrap();
    let out_dir = dir.join("recalculated");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out_dir)
        .arg(workbook)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let saved = out_dir.join(workbook.file_name().unwrap());
    assert!(saved.exists(), "LibreOffice wrote no file");
    saved
}

pub(super) fn open(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(std::fs::read(path).unwrap())).unwrap()
}

pub(super) fn as_number(data: Option<&Data>) -> Option<f64> {
    match data {
        Some(Data::Float(x)) => Some(*x),
        Some(Data::Int(x)) => Some(*x as f64),
        Some(Data::Bool(b)) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

fn is_empty(data: Option<&Data>) -> bool {
    matches!(data, None | Some(Data::Empty))
        || matches!(data, Some(Data::String(s)) if s.is_empty())
}

/// Compares every formula cell's cached value with LibreOffice's; returns how many were compared.
pub(super) fn assert_recalculation_agrees(report: &Path, recalculated: &Path) -> usize {
    let mut original = open(report);
    let mut again = open(recalculated);
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for name in original.sheet_names() {
        let formulas = original.worksheet_formula(&name).unwrap();
        let cached = original.worksheet_range(&name).unwrap();
        let recalculated = again.worksheet_range(&name).unwrap();
        for (row, col, formula) in formulas.used_cells() {
            if formula.is_empty() {
                continue;
            }
            let at = (
                formulas.start().unwrap().0 + row as u32,
                formulas.start().unwrap().1 + col as u32,
            );
            let (a, b) = (cached.get_value(at), recalculated.get_value(at));
            compared += 1;
            let agree = match (as_number(a), as_number(b)) {
                (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                _ => (is_empty(a) && is_empty(b)) || (a.is_some() && a == b),
            };
            if !agree {
                mismatches.push(format!(
                    "{name}!{at:?} ={formula}: cached {a:?}, LibreOffice {b:?}"
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared} formulas disagree:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    compared
}

#[test]
fn the_samples_report_recalculates_to_the_cached_values() {
    if !soffice_available() {
        return;
    }
    // The half year of the samples' config, and September against August (the comparison, its
    // highlight, the KGI's compared revenue, the compared months).
    for extra in [None, Some(["--month", "2025-09"])] {
        let dir = temp_dir();
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let report = dir.path().join("report.xlsx");
        let samples = path_str(&samples);
        let mut args = vec!["report", &samples, "-o", "report.xlsx", "--quiet"];
        args.extend(extra.iter().flatten());
        let out = kpibook(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let recalculated = recalculate(dir.path(), &report);
        let compared = assert_recalculation_agrees(&report, &recalculated);
        assert!(
            compared > 100,
            "the report has live formulas ({compared} found)"
        );
    }
}

/// The English report of `sheets` (written to `dir/m.xlsx`) as `dir/report.xlsx`. The datasets
/// here have one rejected row (exit 3).
fn english_report(dir: &Path, sheets: &[(&str, Vec<Vec<V>>)]) -> PathBuf {
    write_xlsx(&dir.join("m.xlsx"), sheets);
    let out = kpibook(
        dir,
        &[
            "report",
            "m.xlsx",
            "-o",
            "report.xlsx",
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    dir.join("report.xlsx")
}

#[test]
fn zero_denominator_channels_recalculate_to_empty_cells() {
    if !soffice_available() {
        return;
    }
    // The webinar channel has no MQL and no won deal: cost per MQL and CAC are empty ratios.
    let dir = temp_dir();
    let report = english_report(dir.path(), &three_channels());
    let recalculated = recalculate(dir.path(), &report);
    assert_recalculation_agrees(&report, &recalculated);

    let mut again = open(&recalculated);
    let channels = again.worksheet_range("Channels").unwrap();
    let webinar = (0..channels.height() as u32)
        .find(|&r| channels.get_value((r, 1)).is_some_and(|d| *d == "webinar"))
        .expect("a webinar row");
    assert!(
        is_empty(channels.get_value((webinar, 11))),
        "cost per MQL over no MQL is empty"
    );
    assert!(
        is_empty(channels.get_value((webinar, 12))),
        "CAC over no won deal is empty"
    );
    assert_eq!(
        as_number(channels.get_value((webinar, 14))),
        Some(-1.0),
        "ROI (0 - cost) / cost"
    );
}

#[test]
fn values_only_writes_no_formula() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "v.xlsx",
            "--values-only",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    let mut workbook = open(&dir.path().join("v.xlsx"));
    for name in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} holds a formula with --values-only"
        );
    }
    // The live version of the same report does hold formulas.
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "f.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(3));
    let mut workbook = open(&dir.path().join("f.xlsx"));
    // Every number on the Channels and Monthly sheets, and in the Attribution sheet's revenue
    // table, is derived, so each is a formula.
    for (sheet, last_row) in [
        ("チャネル別", u32::MAX),
        ("月次推移", u32::MAX),
        ("アトリビューション", 8),
    ] {
        let values = workbook.worksheet_range(sheet).unwrap();
        let formulas = workbook.worksheet_formula(sheet).unwrap();
        let mut numbers = 0;
        for (r, c, value) in values.used_cells() {
            let at = (
                values.start().unwrap().0 + r as u32,
                values.start().unwrap().1 + c as u32,
            );
            if at.0 > last_row || !matches!(value, Data::Float(_) | Data::Int(_)) {
                continue;
            }
            numbers += 1;
            let formula = formulas.get_value(at).cloned().unwrap_or_default();
            assert!(
                !formula.is_empty(),
                "{sheet} {at:?} holds a plain number {value:?}"
            );
        }
        assert!(numbers > 5, "{sheet}: {numbers} numbers checked");
    }
}

/// Rewrites the cached value of one numeric cell inside an .xlsx: `<c r="B6" ...><v>1</v></c>`.
fn set_number_cell(workbook: &Path, sheet_index: usize, cell: &str, value: f64) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(workbook).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let target = format!("xl/worksheets/sheet{}.xml", sheet_index + 1);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == target {
            let xml = String::from_utf8(content).unwrap();
            let start = xml
                .find(&format!("<c r=\"{cell}\""))
                .expect("the cell is in the sheet");
            let v_start = start + xml[start..].find("<v>").unwrap() + 3;
            let v_end = v_start + xml[v_start..].find("</v>").unwrap();
            content = format!("{}{value}{}", &xml[..v_start], &xml[v_end..]).into_bytes();
            replaced = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    assert!(replaced, "{target} not found");
    std::fs::write(workbook, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn changing_gross_margin_on_the_assumptions_sheet_recalculates_roi_and_ltv() {
    if !soffice_available() {
        return;
    }
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "report.xlsx",
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report = dir.path().join("report.xlsx");
    let index = open(&report)
        .sheet_names()
        .iter()
        .position(|n| n == "Assumptions")
        .unwrap();
    // GrossMargin is B6 on the Assumptions sheet; the report was made with the default 1.0.
    set_number_cell(&report, index, "B6", 0.5);
    let recalculated = recalculate(dir.path(), &report);

    let mut again = open(&recalculated);
    let channels = again.worksheet_range("Channels").unwrap();
    let row_of = |id: &str| {
        (0..channels.height() as u32)
            .find(|&r| channels.get_value((r, 1)).is_some_and(|d| *d == id))
            .unwrap()
    };
    let roi = |row: u32| as_number(channels.get_value((row, 14))).unwrap();
    // ROI = (attributed revenue x gross margin - cost) / cost, by hand with gross margin 0.5:
    // linkedin (1,000,000 x 0.5 - 200,000) / 200,000 = 1.5; search_ads (500,000 x 0.5 - 50,000) / 50,000 = 4;
    // webinar (0 - 100,000) / 100,000 = -1; total (1,500,000 x 0.5 - 350,000) / 350,000 = 8/7.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(
        close(roi(row_of("linkedin")), 1.5),
        "linkedin ROI {}",
        roi(row_of("linkedin"))
    );
    assert!(close(roi(row_of("search_ads")), 4.0));
    assert!(close(roi(row_of("webinar")), -1.0));
    let total = (0..channels.height() as u32)
        .find(|&r| channels.get_value((r, 0)).is_some_and(|d| *d == "Total"))
        .unwrap();
    assert!(close(roi(total), 8.0 / 7.0), "total ROI {}", roi(total));

    // No deal has mrr or contract months, so LTV uses the deal method:
    // (revenue / won) x gross margin x purchases = (1,500,000 / 2) x 0.5 x 1 = 375,000 (750,000 before).
    let summary = again.worksheet_range("Summary").unwrap();
    let ltv_row = (0..summary.height() as u32)
        .find(|&r| summary.get_value((r, 0)).is_some_and(|d| *d == "LTV"))
        .unwrap();
    let ltv = as_number(summary.get_value((ltv_row, 2))).unwrap();
    assert!(close(ltv, 375_000.0), "LTV {ltv}");
    // The headline ROI follows too: (1,500,000 x 0.5 - 350,000) / 350,000.
    let roi_row = (0..summary.height() as u32)
        .find(|&r| summary.get_value((r, 0)).is_some_and(|d| *d == "ROI"))
        .unwrap();
    assert!(close(
        as_number(summary.get_value((roi_row, 2))).unwrap(),
        8.0 / 7.0
    ));
}

/// The highlights recalculate with the figures (SPEC section 10): the sentence naming the channel
/// with the lowest ROI shows the recalculated ROI when GrossMargin moves on the Assumptions sheet.
#[test]
fn a_highlight_moves_when_an_assumption_changes() {
    if !soffice_available() {
        return;
    }
    let dir = temp_dir();
    // ROI = (revenue x GM - cost) / cost. linkedin: 1,000,000 won on 200,000 cost; search_ads:
    // 500,000 on 50,000. At GM 1.0: 4 and 9; at GM 0.25: 0.25 and 1.5. LinkedIn is the lowest.
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel\nL1,2025-04-06,linkedin\nL3,2025-05-01,search_ads\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deals.csv"),
        "deal_id,lead_id,created_at,status,amount,closed_at\n\
         D1,L1,2025-04-15,won,1000000,2025-05-10\n\
         D3,L3,2025-05-05,won,500000,2025-06-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("costs.csv"),
        "month,channel,category,amount\n2025-04,linkedin,ads,200000\n2025-05,search_ads,ads,50000\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "report.xlsx",
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = dir.path().join("report.xlsx");
    let sentence = |path: &Path| {
        let mut book = open(path);
        let summary = book.worksheet_range("Summary").unwrap();
        (0..12u32)
            .filter_map(|r| summary.get_value((r, 0)))
            .map(|d| d.to_string())
            .find(|t| t.starts_with("The channel with the lowest ROI"))
            .expect("the lowest-ROI highlight")
    };
    assert_eq!(
        sentence(&report),
        "The channel with the lowest ROI is LinkedIn: 400.0%."
    );
    let index = open(&report)
        .sheet_names()
        .iter()
        .position(|n| n == "Assumptions")
        .unwrap();
    set_number_cell(&report, index, "B6", 0.25);
    let recalculated = recalculate(dir.path(), &report);
    assert_eq!(
        sentence(&recalculated),
        "The channel with the lowest ROI is LinkedIn: 25.0%."
    );
}

/// A target whose actual is undefined (no post has video, so the completion rate is 0 / 0) reads
/// "no actual", apart from a metric without a target ("no target"); cached and recalculated alike.
#[test]
fn a_target_without_an_actual_reads_no_actual_before_and_after_recalculation() {
    let dir = temp_dir();
    let mut sheets = three_channels();
    sheets.push((
        "目標",
        vec![
            vec![S("指標"), S("目標値")],
            vec![S("leads"), N(3.0)],
            vec![S("completion_rate"), N(0.3)],
        ],
    ));
    let report = english_report(dir.path(), &sheets);
    // The status (column J) of a metric's all-channel row (metric id in C, channel in D).
    let status_of = |path: &Path, metric: &str| -> String {
        let tree = open(path).worksheet_range("KPI tree").unwrap();
        let text = |r: u32, c: u32| tree.get_value((r, c)).and_then(|d| d.get_string());
        let row = (0..tree.height() as u32)
            .find(|&r| text(r, 2) == Some(metric) && text(r, 3) == Some("all"))
            .unwrap_or_else(|| panic!("a KPI tree row for {metric}"));
        tree.get_value((row, 9))
            .and_then(|d| d.get_string())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(status_of(&report, "completion_rate"), "— no actual");
    assert_eq!(status_of(&report, "leads"), "● on track");
    assert_eq!(status_of(&report, "mql"), "— no target");
    if !soffice_available() {
        return;
    }
    let recalculated = recalculate(dir.path(), &report);
    assert_recalculation_agrees(&report, &recalculated);
    assert_eq!(status_of(&recalculated, "completion_rate"), "— no actual");
    assert_eq!(status_of(&recalculated, "leads"), "● on track");
}

/// Issue 12: without a cost row, cost is unknown. LibreOffice must recalculate every cost figure
/// to an empty cell (not 0, not #VALUE!), the cost check to TRUE, and a CPA target to "no actual".
#[test]
fn a_report_without_cost_rows_recalculates_every_cost_figure_empty() {
    if !soffice_available() {
        return;
    }
    let dir = temp_dir();
    let mut sheets: Vec<_> = three_channels()
        .into_iter()
        .filter(|(name, _)| *name != "費用")
        .collect();
    sheets.push((
        "目標",
        vec![
            vec![S("指標"), S("目標値")],
            vec![S("cpa"), N(100_000.0)],
            vec![S("cost"), N(300_000.0)],
        ],
    ));
    let report = english_report(dir.path(), &sheets);
    let recalculated = recalculate(dir.path(), &report);
    assert_recalculation_agrees(&report, &recalculated);

    let mut again = open(&recalculated);
    let find = |range: &calamine::Range<Data>, col: u32, text: &str| -> u32 {
        (0..range.height() as u32)
            .find(|&r| range.get_value((r, col)).is_some_and(|d| *d == text))
            .unwrap_or_else(|| panic!("no row with {text:?} in column {col}"))
    };
    // Channels: cost (D), cpa (K), cost per MQL (L), cac (M), roas (N), roi (O); leads (E) kept.
    let channels = again.worksheet_range("Channels").unwrap();
    for id in ["linkedin", "webinar", "search_ads"] {
        let row = find(&channels, 1, id);
        for col in [3, 10, 11, 12, 13, 14] {
            assert!(
                is_empty(channels.get_value((row, col))),
                "{id} column {col}: {:?}",
                channels.get_value((row, col))
            );
        }
        assert_eq!(as_number(channels.get_value((row, 4))), Some(1.0));
    }
    let total = find(&channels, 0, "Total");
    for col in [3, 10, 11, 12, 13, 14] {
        assert!(is_empty(channels.get_value((total, col))), "total {col}");
    }
    let summary = again.worksheet_range("Summary").unwrap();
    for metric in ["Cost", "ROI", "ROAS", "CPA", "CAC", "LTV:CAC"] {
        let row = find(&summary, 0, metric);
        assert!(is_empty(summary.get_value((row, 2))), "Summary {metric}");
    }
    let checks_row = find(&summary, 0, "Checks (all TRUE)");
    // TRUE, saved by LibreOffice as 1 in the TRUE / FALSE number format.
    assert_eq!(as_number(summary.get_value((checks_row, 1))), Some(1.0));
    let monthly = again.worksheet_range("Monthly").unwrap();
    let months = (4..monthly.height() as u32)
        .take_while(|&r| monthly.get_value((r, 0)).is_some_and(|d| !d.is_empty()));
    for row in months {
        assert!(
            is_empty(monthly.get_value((row, 1))),
            "Monthly cost row {row}"
        );
    }
    let tree = again.worksheet_range("KPI tree").unwrap();
    let cpa = (0..tree.height() as u32)
        .find(|&r| {
            tree.get_value((r, 2)).is_some_and(|d| *d == "cpa")
                && tree.get_value((r, 3)).is_some_and(|d| *d == "all")
        })
        .expect("a cpa row");
    assert_eq!(
        tree.get_value((cpa, 9)).and_then(|d| d.get_string()),
        Some("— no actual")
    );
    // The month-by-month pace of the cost target (metric id in B): no actual to date.
    let paced = (0..tree.height() as u32)
        .filter(|&r| tree.get_value((r, 1)).is_some_and(|d| *d == "cost"))
        .collect::<Vec<_>>();
    assert!(!paced.is_empty(), "the cost target is paced month by month");
    for row in paced {
        assert!(
            is_empty(tree.get_value((row, 5))),
            "cost to date, row {row}"
        );
        assert_eq!(
            tree.get_value((row, 7)).and_then(|d| d.get_string()),
            Some("— no actual")
        );
    }
}

/// A report whose LinkedIn funnel comes from daily rows (SUMIFS over the daily data sheet)
/// recalculates to its cached values.
#[test]
fn a_funnel_from_daily_rows_recalculates_to_the_cached_values() {
    if !soffice_available() {
        return;
    }
    let dir = temp_dir();
    super::export_profiles::linkedin_daily_xlsx(
        &dir.path().join("Content_2026.xlsx"),
        &[
            (1, [1200.0, 30.0, 22.0, 3.0, 1.0]),
            (15, [2500.0, 75.0, 41.0, 6.0, 5.0]),
        ],
    );
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel\nL1,2026-09-03,LinkedIn\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "report.xlsx",
            "--period",
            "2026-09-01..2026-09-30",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = dir.path().join("report.xlsx");
    let recalculated = recalculate(dir.path(), &report);
    let compared = assert_recalculation_agrees(&report, &recalculated);
    assert!(compared > 50, "{compared} formulas compared");
}

/// Issue 16: the Posts sheet's figures count each post's own rows of the Leads data, Deals data and
/// Lineage sheets, written grouped by post. On the generated set at scale 0.05 (10,000 leads, 50,000
/// touches, 1,000 deals, 500 posts) every bounded range holds exactly the post's rows, LibreOffice
/// recalculates every formula to its cached value, and every check holds.
#[test]
fn a_generated_report_with_posts_figures_over_their_own_rows_recalculates_and_checks_hold() {
    let dir = temp_dir();
    large_set::write_csv(&dir.path().join("in"), 0.05).unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "in",
            "-o",
            "report.xlsx",
            "--lang",
            "en",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = dir.path().join("report.xlsx");

    // Where each post's rows stand, read from the data sheets themselves (1-based sheet rows).
    let mut workbook = open(&report);
    let mut post_rows = |sheet: &str, post_col: u32| {
        let range = workbook.worksheet_range(sheet).unwrap();
        let mut rows: std::collections::HashMap<String, Vec<u32>> = Default::default();
        for r in 1..range.height() as u32 {
            if let Some(id) = range.get_value((r, post_col)).and_then(|d| d.get_string()) {
                rows.entry(id.to_string()).or_default().push(r + 1);
            }
        }
        rows
    };
    // linked_post: column N of Leads data, K of Deals data; post_id: H of Lineage.
    let leads = post_rows("Leads data", 13);
    let deals = post_rows("Deals data", 10);
    let lineage = post_rows("Lineage", 7);
    let formulas = workbook.worksheet_formula("Posts").unwrap();
    let values = workbook.worksheet_range("Posts").unwrap();
    let mut bounded = 0;
    for r in 4..values.height() as u32 {
        let Some(post) = values.get_value((r, 0)).and_then(|d| d.get_string()) else {
            continue;
        };
        // Leads (O), opportunities (P), won (Q), attributed revenue (R).
        for (col, rows) in [(14, &leads), (15, &deals), (16, &deals), (17, &lineage)] {
            let formula = formulas.get_value((r, col)).cloned().unwrap_or_default();
            match rows.get(post) {
                None => {
                    assert!(formula.is_empty(), "{post} col {col}: {formula}");
                    assert_eq!(as_number(values.get_value((r, col))), Some(0.0));
                }
                Some(rows) => {
                    // The post's rows are contiguous and the formula's range is exactly them.
                    let (first, last) = (rows[0], rows[rows.len() - 1]);
                    assert_eq!(last - first + 1, rows.len() as u32, "{post} rows {rows:?}");
                    // Every reference is a bounded range, none a whole column.
                    let ranges = row_bounds(&formula);
                    assert!(!ranges.is_empty(), "{post} col {col}: {formula}");
                    assert_eq!(ranges.len(), formula.matches('!').count(), "{formula}");
                    assert!(
                        ranges.iter().all(|&b| b == (first, last)),
                        "{post} col {col}: {formula} over rows {first}..{last}"
                    );
                    bounded += 1;
                }
            }
        }
    }
    assert!(bounded > 500, "{bounded} bounded figures");

    if !soffice_available() {
        return;
    }
    let recalculated = recalculate(dir.path(), &report);
    let compared = assert_recalculation_agrees(&report, &recalculated);
    assert!(compared > 2000, "{compared} formulas compared");
    let mut again = open(&recalculated);
    let checks = again.worksheet_range("Checks").unwrap();
    // The check results are where kpibook wrote a TRUE / FALSE; LibreOffice saves a result in the
    // TRUE / FALSE number format as 1 / 0.
    let written = open(&report).worksheet_range("Checks").unwrap();
    let start = written.start().unwrap();
    let results: Vec<Option<f64>> = written
        .used_cells()
        .filter(|(_, _, d)| matches!(d, Data::Bool(_)))
        .map(|(r, c, _)| as_number(checks.get_value((start.0 + r as u32, start.1 + c as u32))))
        .collect();
    assert!(results.len() > 10, "{} check results", results.len());
    assert!(results.iter().all(|d| *d == Some(1.0)), "{results:?}");
    let summary = again.worksheet_range("Summary").unwrap();
    let headline = (0..summary.height() as u32)
        .find(|&r| {
            summary
                .get_value((r, 0))
                .is_some_and(|d| *d == "Checks (all TRUE)")
        })
        .expect("the checks headline");
    assert_eq!(
        as_number(summary.get_value((headline, 1))),
        Some(1.0),
        "TRUE"
    );
}

/// The row bounds of every bounded range in a formula: `'Leads data'!$N$120:$N$135` gives (120, 135).
fn row_bounds(formula: &str) -> Vec<(u32, u32)> {
    let mut bounds = Vec::new();
    for part in formula.split('!').skip(1) {
        let Some((from, rest)) = part.split_once(':') else {
            continue;
        };
        let row = |cell: &str| -> Option<u32> {
            let digits: String = cell
                .trim_start_matches('$')
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .trim_start_matches('$')
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        };
        if let (Some(first), Some(last)) = (row(from), row(rest)) {
            bounds.push((first, last));
        }
    }
    bounds
}

/// Issue 22: a quarter's target in a month's report is its arithmetic (`=3000000*30/91`), which
/// LibreOffice recalculates to the cached value; the achievement and status follow it.
#[test]
fn a_pro_rated_target_recalculates_to_its_cached_value() {
    let dir = temp_dir();
    let mut sheets = three_channels();
    sheets.push((
        "目標",
        vec![
            vec![S("指標"), S("目標値"), S("期間")],
            vec![S("売上"), N(3_000_000.0), S("2025年4月〜6月")],
        ],
    ));
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "report.xlsx",
            "--month",
            "2025-06",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report = dir.path().join("report.xlsx");
    // June is 30 of the quarter's 91 days; June's revenue is D3's 500,000.
    let target_of = |path: &Path| {
        let tree = open(path).worksheet_range("KPI階層").unwrap();
        let row = (0..tree.height() as u32)
            .find(|&r| tree.get_value((r, 2)).and_then(|d| d.get_string()) == Some("revenue"))
            .expect("a revenue row");
        (
            as_number(tree.get_value((row, 6))),
            as_number(tree.get_value((row, 8))),
        )
    };
    let expected = 3_000_000.0 * 30.0 / 91.0;
    let (target, achievement) = target_of(&report);
    assert!((target.unwrap() - expected).abs() < 1e-6, "{target:?}");
    assert!((achievement.unwrap() - 500_000.0 / expected).abs() < 1e-9);
    if !soffice_available() {
        return;
    }
    let recalculated = recalculate(dir.path(), &report);
    assert_recalculation_agrees(&report, &recalculated);
    let (target, _) = target_of(&recalculated);
    assert!((target.unwrap() - expected).abs() < 1e-6, "{target:?}");
}
