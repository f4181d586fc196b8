//! The KPI tree sheet on the three-channel dataset of `common`, with targets and custom metrics
//! worked by hand. Report period 2025-04-01..2025-06-30 (30 + 31 + 30 = 91 days); the latest lead,
//! deal or post date in it is D3's close on 2025-06-01, so the data is as of 2025-06-01 and
//! 30 + 31 + 1 = 62 of 91 days have elapsed.
//!
//! Actuals (see `three_channels`): revenue 1,500,000 (D1 1,000,000 closed 05-10, D3 500,000 closed
//! 06-01), leads 3, cost 350,000, cpa 350,000 / 3 = 116,666.67, cac 350,000 / 2 = 175,000, win rate
//! 2 / 3.

use crate::common;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use common::*;

const ELAPSED: f64 = 62.0 / 91.0;

fn dataset() -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = three_channels();
    sheets.push((
        "目標",
        vec![
            vec![S("指標"), S("目標値"), S("種別")],
            vec![S("revenue"), N(3_000_000.0), S("KGI")],
            vec![S("leads"), N(3.0), E],
            vec![S("cpa"), N(100_000.0), E],
            vec![S("cac"), N(200_000.0), E],
            vec![S("win_rate"), N(0.5), E],
            vec![S("指名検索数"), N(200.0), E],
        ],
    ));
    sheets.push((
        "カスタム指標",
        vec![
            vec![S("指標"), S("年月"), S("値"), S("階層")],
            vec![S("指名検索数"), S("2025/04"), N(100.0), N(1.0)],
            vec![S("指名検索数"), S("2025/05"), N(50.0), N(1.0)],
            vec![S("感謝メッセージ数"), S("2025/05"), N(7.0), N(3.0)],
            vec![S("採用応募数"), S("2025/06"), N(4.0), E],
            // Outside the period: not summed.
            vec![S("採用応募数"), S("2025/07"), N(40.0), E],
        ],
    ));
    sheets
}

/// The KPI sheet's rows as cells.
fn kpi_sheet() -> Vec<Vec<Data>> {
    report_sheet("KPI階層")
}

/// The report on `dataset()` over 2025-04-01..2025-06-30, as `r.xlsx` in the returned folder,
/// with `extra` arguments.
fn report(extra: &[&str]) -> tempfile::TempDir {
    report_of(&dataset(), extra)
}

/// `report` of the workbook `sheets` (a variant of `dataset()`).
fn report_of(sheets: &[(&str, Vec<Vec<V>>)], extra: &[&str]) -> tempfile::TempDir {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), sheets);
    let mut args = vec![
        "report",
        "m.xlsx",
        "-o",
        "r.xlsx",
        "--period",
        "2025-04-01..2025-06-30",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let out = kpibook(dir.path(), &args);
    // L4's unparsable date rejects one row: exit 3, report written.
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    dir
}

/// A sheet of the report on `dataset()`, as cells.
fn report_sheet(name: &str) -> Vec<Vec<Data>> {
    let dir = report(&[]);
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The tree row of a whole-period, all-channel metric.
fn tree_row<'a>(rows: &'a [Vec<Data>], metric: &str) -> &'a [Data] {
    rows.iter()
        .take_while(|r| !text(&r[0]).starts_with("月次ペース"))
        .find(|r| r.len() > 4 && text(&r[2]) == metric && text(&r[3]) == "全体")
        .unwrap_or_else(|| panic!("no KPI row for {metric}"))
}

fn close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: empty"));
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: {actual} != {expected}"
    );
}

#[test]
fn achievement_and_status_for_higher_and_lower_is_better_metrics() {
    let rows = kpi_sheet();
    // (metric, target, actual, achievement, status)
    let expected = [
        // 1,500,000 / 3,000,000.
        ("revenue", 3_000_000.0, 1_500_000.0, 0.5, "✕ 未達"),
        // 3 / 3.
        ("leads", 3.0, 3.0, 1.0, "● 達成"),
        // Lower is better: 100,000 / 116,666.67 = 6/7.
        ("cpa", 100_000.0, 350_000.0 / 3.0, 6.0 / 7.0, "▲ 注意"),
        // Lower is better: 200,000 / 175,000 = 8/7.
        ("cac", 200_000.0, 175_000.0, 8.0 / 7.0, "● 達成"),
        // (2/3) / 0.5.
        ("win_rate", 0.5, 2.0 / 3.0, 4.0 / 3.0, "● 達成"),
    ];
    for (metric, target, actual, achievement, status) in expected {
        let row = tree_row(&rows, metric);
        close(number(&row[6]), target, &format!("{metric} target"));
        close(number(&row[7]), actual, &format!("{metric} actual"));
        close(
            number(&row[8]),
            achievement,
            &format!("{metric} achievement"),
        );
        assert_eq!(text(&row[9]), status, "{metric} status");
    }
    let kgi = tree_row(&rows, "revenue");
    assert_eq!(text(&kgi[5]), "KGI");
    assert!(text(&kgi[0]).starts_with('1'));
    let cpa = tree_row(&rows, "cpa");
    assert!(text(&cpa[0]).starts_with('2'), "cpa sits in layer 2");
}

#[test]
fn custom_metrics_sit_in_the_layer_they_name_and_sum_over_the_period() {
    let rows = kpi_sheet();
    // (metric, layer, actual, target, achievement)
    let search = tree_row(&rows, "指名検索数");
    assert!(text(&search[0]).starts_with('1'), "layer 1 as written");
    assert!(text(&search[1]).contains("カスタム"));
    close(number(&search[7]), 150.0, "100 + 50");
    close(number(&search[8]), 0.75, "150 / 200");
    assert_eq!(text(&search[9]), "✕ 未達");

    let thanks = tree_row(&rows, "感謝メッセージ数");
    assert!(text(&thanks[0]).starts_with('3'), "layer 3 as written");
    close(number(&thanks[7]), 7.0, "one month");
    assert_eq!(text(&thanks[9]), "— 目標なし");

    let applications = tree_row(&rows, "採用応募数");
    assert!(
        text(&applications[0]).starts_with('2'),
        "layer 2 by default"
    );
    close(number(&applications[7]), 4.0, "July is outside the period");

    // The layers come in order 1, 2, 3 down the sheet.
    let layers: Vec<char> = rows
        .iter()
        .skip(4)
        .take_while(|r| !text(&r[0]).is_empty())
        .filter_map(|r| text(&r[0]).chars().next())
        .collect();
    let mut sorted = layers.clone();
    sorted.sort();
    assert_eq!(layers, sorted);
}

#[test]
fn pacing_compares_the_actual_to_date_with_the_target_pro_rated_by_days() {
    let rows = kpi_sheet();
    // As of 2025-06-01: 62 of 91 days.
    assert!(text(&rows[2][0]).starts_with("基準日"));
    let as_of = &rows[2][1];
    assert_eq!(
        as_of.as_date(),
        chrono::NaiveDate::from_ymd_opt(2025, 6, 1),
        "{as_of:?}"
    );
    close(number(&rows[2][4]), ELAPSED, "elapsed share");

    // Revenue: 3,000,000 × 62/91 = 2,043,956.04 to date; 1,500,000 / that = 0.7339.
    let revenue = tree_row(&rows, "revenue");
    close(
        number(&revenue[10]),
        3_000_000.0 * ELAPSED,
        "revenue to date",
    );
    close(
        number(&revenue[11]),
        1_500_000.0 / (3_000_000.0 * ELAPSED),
        "revenue pace",
    );
    // Leads: 3 of 3 × 62/91 -> pace 91/62.
    let leads = tree_row(&rows, "leads");
    close(number(&leads[11]), 91.0 / 62.0, "leads pace");
    // Ratios are not paced.
    let cpa = tree_row(&rows, "cpa");
    assert_eq!(number(&cpa[10]), None);
    assert_eq!(number(&cpa[11]), None);

    // Month by month, for revenue: April 30/91 of the target against 0 (D1 closes in May);
    // May 61/91 against 1,000,000; June up to the as-of day, 62/91, against 1,500,000.
    let start = rows
        .iter()
        .position(|r| text(&r[0]).starts_with("月次ペース"))
        .expect("monthly pace table");
    let revenue_months: Vec<&Vec<Data>> = rows[start + 2..]
        .iter()
        .filter(|r| text(&r[1]) == "revenue")
        .collect();
    assert_eq!(revenue_months.len(), 3);
    for (row, (days, actual, status)) in revenue_months.iter().zip([
        (30.0, 0.0, "✕ 未達"),
        (61.0, 1_000_000.0, "✕ 未達"),
        (62.0, 1_500_000.0, "✕ 未達"),
    ]) {
        let to_date = 3_000_000.0 * days / 91.0;
        close(number(&row[3]), 3_000_000.0, "period target");
        close(number(&row[4]), to_date, "target to date");
        close(number(&row[5]), actual, "actual to date");
        close(number(&row[6]), actual / to_date, "pace");
        assert_eq!(text(&row[7]), status);
    }
    // Leads by month: L1 and L2 in April (2 of 3 × 30/91 = 0.989 -> 2.02), L3 in May.
    let lead_months: Vec<&Vec<Data>> = rows[start + 2..]
        .iter()
        .filter(|r| text(&r[1]) == "leads")
        .collect();
    assert_eq!(lead_months.len(), 3);
    close(number(&lead_months[0][5]), 2.0, "April leads");
    close(
        number(&lead_months[0][6]),
        2.0 / (3.0 * 30.0 / 91.0),
        "April pace",
    );
    assert_eq!(text(&lead_months[0][7]), "● 達成");
    close(number(&lead_months[1][5]), 3.0, "leads to May");

    // The Summary's KGI line shows the same pace.
    let summary = report_sheet("サマリー");
    let kgi = summary
        .iter()
        .find(|r| text(&r[0]) == "売上" && number(&r[1]) == Some(3_000_000.0))
        .expect("KGI line on the Summary");
    close(
        number(&kgi[5]),
        1_500_000.0 / (3_000_000.0 * ELAPSED),
        "Summary pace",
    );
}

#[test]
fn the_summary_json_lists_targets_with_achievement_and_pace() {
    let dir = report(&["--summary-json", "s.json"]);
    let summary = read_json(&dir.path().join("s.json"));
    assert_eq!(summary["as_of"], "2025-06-01");
    let targets = summary["targets"].as_array().unwrap();
    let revenue = targets.iter().find(|t| t["metric"] == "revenue").unwrap();
    assert_eq!(revenue["kind"], "kgi");
    assert_eq!(revenue["status"], "off_track");
    assert_close(&revenue["achievement"], 0.5, "achievement");
    assert_close(&revenue["target_to_date"], 3_000_000.0 * ELAPSED, "to date");
    let cpa = targets.iter().find(|t| t["metric"] == "cpa").unwrap();
    assert_eq!(cpa["status"], "at_risk");
    assert!(cpa["pace"].is_null(), "ratios are not paced");
    // Six whole-period targets, each listed once.
    assert_eq!(targets.len(), 6);
}

/// The JSON's targets are the rows the Summary and the brief show, in their order: KGI rows
/// first, then layer by layer. win_rate is in no layer, so the tree lists its row after the
/// layers'; as a KGI it comes right after revenue.
#[test]
fn the_summary_json_lists_kgi_targets_first_as_the_summary_shows_them() {
    let mut sheets = dataset();
    let targets = sheets.iter_mut().find(|(name, _)| *name == "目標").unwrap();
    let win_rate = targets
        .1
        .iter_mut()
        .find(|row| matches!(&row[0], S(m) if *m == "win_rate"))
        .unwrap();
    win_rate[2] = S("KGI");
    let dir = report_of(&sheets, &["--summary-json", "s.json"]);
    let summary = read_json(&dir.path().join("s.json"));
    let listed: Vec<(&str, &str)> = summary["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["kind"].as_str().unwrap(), t["metric"].as_str().unwrap()))
        .collect();
    assert_eq!(&listed[..2], &[("kgi", "revenue"), ("kgi", "win_rate")]);
    assert_eq!(listed.len(), 6);
    assert!(
        listed[2..].iter().all(|(kind, _)| *kind == "kpi"),
        "{listed:?}"
    );
}

#[test]
fn a_target_naming_no_metric_is_kept_with_a_warning_at_its_cell() {
    let mut sheets = dataset();
    // 目標 rows: header on row 1, six targets on rows 2-7; the misspelt one lands on row 8.
    let targets = sheets.iter_mut().find(|(name, _)| *name == "目標").unwrap();
    targets.1.push(vec![S("reveune"), N(1.0), E]);
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let out = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let issues = report["issues"].as_array().unwrap();
    let warning = issues
        .iter()
        .find(|i| i["value"] == "reveune")
        .expect("a warning for the unknown metric");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["code"], "unknown_value");
    assert_eq!(warning["sheet"], "目標");
    assert_eq!(warning["cell"], "A8");
    // Custom metric names and known ids are not warned about.
    assert!(!issues.iter().any(|i| i["value"] == "指名検索数"));
    assert!(!issues.iter().any(|i| i["value"] == "win_rate"));
    assert_eq!(report["rows"]["targets"]["accepted"], 7);
}

/// The tree reads as a tree (SPEC section 10): the KGI on top at the outline's first level, each
/// layer's heading one level in, its rows two in, and in layer 3 each metric's platform rows three
/// in under the metric's own heading; the outline's buttons sit above each group.
#[test]
fn the_kpi_tree_is_an_outline_kgi_then_layers_then_platforms() {
    use std::io::Read;
    let dir = report(&[]);
    let file = std::fs::File::open(dir.path().join("r.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    // The KPI tree is the third tab.
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("summaryBelow=\"0\""),
        "buttons above the groups"
    );
    let rows = kpi_sheet();
    // The outline level of each 1-based sheet row, from the sheet's <row> elements.
    let level = |sheet_row: usize| -> u8 {
        let tag = format!("<row r=\"{sheet_row}\"");
        let Some(at) = xml.find(&tag) else { return 0 };
        let element = &xml[at..at + xml[at..].find('>').unwrap()];
        element
            .split("outlineLevel=\"")
            .nth(1)
            .map_or(0, |rest| rest[..rest.find('"').unwrap()].parse().unwrap())
    };
    let header = rows
        .iter()
        .position(|r| text(&r[0]) == "階層")
        .expect("the tree's header row");
    let mut seen_platform_row = false;
    for (index, row) in rows.iter().enumerate().skip(header + 1) {
        let sheet_row = index + 1;
        let (layer, metric_name, metric_id, kind) =
            (text(&row[0]), text(&row[1]), text(&row[2]), text(&row[5]));
        if layer.is_empty() && metric_name.is_empty() {
            break; // the end of the tree
        }
        let expected = match () {
            _ if kind == "KGI" => 0,
            // A layer's heading: its name alone.
            _ if metric_id.is_empty() && !layer.is_empty() => 1,
            // A layer-3 metric's heading: its name alone, in the metric column.
            _ if layer.is_empty() => 2,
            _ if layer.starts_with('3') => {
                seen_platform_row = true;
                3
            }
            _ => 2,
        };
        assert_eq!(level(sheet_row), expected, "row {sheet_row}: {row:?}");
    }
    assert!(seen_platform_row);
    // The KGI is the first row of the tree.
    assert_eq!(text(&rows[header + 1][5]), "KGI");
    assert_eq!(text(&rows[header + 1][2]), "revenue");
}
