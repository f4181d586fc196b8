//! Issue 12: with no cost row at all, cost is unknown, not zero. CPA and CAC came out as 0 and the
//! manager read "free leads". Cost and every figure made from it are null in the summary JSON and
//! empty cells in the workbook, the Summary says no cost data was given; a cost row of 0 is a cost
//! of 0.

use crate::common;

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use common::*;
use serde_json::Value;

/// One LinkedIn post, four leads, two won deals and one lost; no costs sheet unless `costs` is
/// given.
///
/// By hand, period = all data (2025-04-02 .. 2025-05-20), linear model (each lead has one touch,
/// so every model agrees):
/// - linkedin (SNS): L1 (post P1, MQL 04-05) and L3: leads 2, mql 1; D1 created 04-08, won
///   600,000 on 04-20: opportunities 1, won 1, attributed won 1, attributed revenue 600,000.
/// - webinar: L2 (MQL 04-12): leads 1, mql 1; D2 won 300,000 on 05-10.
/// - search_ads: L4: leads 1; D3 lost on 05-20: opportunities 1, won 0.
/// - totals: leads 4, sns_leads 2, mql 2, opportunities 3, won 2, lost 1, revenue 900,000,
///   sns_attributed_won 1, sns_attributed_revenue 600,000; LTV (method deal) = 900,000 / 2 =
///   450,000.
fn dataset(costs: Option<Vec<Vec<V>>>) -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = vec![
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
                    D(2025, 4, 2),
                    N(1000.0),
                    N(40.0),
                    N(20.0),
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
                ],
                vec![
                    S("L1"),
                    D(2025, 4, 3),
                    S("LinkedIn"),
                    S("P1"),
                    D(2025, 4, 5),
                ],
                vec![S("L2"), D(2025, 4, 10), S("ウェビナー"), E, D(2025, 4, 12)],
                vec![S("L3"), D(2025, 5, 2), S("LinkedIn"), E, E],
                vec![S("L4"), D(2025, 5, 8), S("リスティング"), E, E],
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
                    D(2025, 4, 8),
                    S("受注"),
                    N(600_000.0),
                    D(2025, 4, 20),
                ],
                vec![
                    S("D2"),
                    S("L2"),
                    D(2025, 4, 15),
                    S("受注"),
                    N(300_000.0),
                    D(2025, 5, 10),
                ],
                vec![
                    S("D3"),
                    S("L4"),
                    D(2025, 5, 12),
                    S("失注"),
                    E,
                    D(2025, 5, 20),
                ],
            ],
        ),
        (
            "目標",
            vec![
                vec![S("指標"), S("目標値")],
                vec![S("cpa"), N(50_000.0)],
                vec![S("leads"), N(4.0)],
            ],
        ),
    ];
    if let Some(rows) = costs {
        let mut sheet = vec![vec![S("年月"), S("チャネル"), S("費目"), S("金額")]];
        sheet.extend(rows);
        sheets.push(("費用", sheet));
    }
    sheets
}

/// `report` on `sheets` with `extra` arguments, writing `r.xlsx` and `s.json`; must exit 0.
fn report(sheets: &[(&str, Vec<Vec<V>>)], extra: &[&str]) -> (tempfile::TempDir, Value) {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), sheets);
    let mut args = vec![
        "report",
        "m.xlsx",
        "-o",
        "r.xlsx",
        "--summary-json",
        "s.json",
        "--model",
        "linear",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let out = kpibook(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = read_json(&dir.path().join("s.json"));
    (dir, json)
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let bytes = std::fs::read(path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The absolute row (0-based) whose cell in `col` is `text`.
fn row_with(range: &Range<Data>, col: u32, text: &str) -> u32 {
    (range.start().unwrap().0..=range.end().unwrap().0)
        .find(|&r| range.get_value((r, col)).is_some_and(|d| *d == text))
        .unwrap_or_else(|| panic!("no row with {text:?} in column {col}"))
}

/// A cell that is empty, or a formula whose cached result is the empty text.
fn is_empty(range: &Range<Data>, row: u32, col: u32) -> bool {
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => true,
        Some(Data::String(s)) => s.is_empty(),
        _ => false,
    }
}

fn holds_text(range: &Range<Data>, needle: &str) -> bool {
    range
        .used_cells()
        .any(|(_, _, d)| d.to_string().contains(needle))
}

/// Columns of the Channels sheet: D cost, K cpa, L cost per MQL, M cac, N roas, O roi.
const CHANNEL_COST_COLUMNS: [u32; 6] = [3, 10, 11, 12, 13, 14];

#[test]
fn without_cost_rows_cost_and_every_figure_made_from_it_are_null_in_the_summary_json() {
    let (_dir, json) = report(&dataset(None), &[]);
    let t = &json["totals"];
    for key in [
        "cost",
        "sns_cost",
        "cpa",
        "sns_cpa",
        "cost_per_mql",
        "cac",
        "sns_cac",
        "roas",
        "sns_roas",
        "roi",
        "sns_roi",
    ] {
        assert!(t[key].is_null(), "totals.{key} = {}, not null", t[key]);
    }
    assert_eq!(t["leads"], 4);
    assert_eq!(t["sns_leads"], 2);
    assert_eq!(t["mql"], 2);
    assert_eq!(t["opportunities"], 3);
    assert_eq!(t["won"], 2);
    assert_close(&t["revenue"], 900_000.0, "revenue");
    assert_close(&t["sns_attributed_revenue"], 600_000.0, "SNS revenue");
    // Figures not made from cost are still worked out: win rate 2 / (2 + 1).
    assert_close(&t["win_rate"], 2.0 / 3.0, "win rate");
    let ltv = &json["ltv"];
    assert_close(&ltv["ltv"], 450_000.0, "LTV (deal)");
    assert!(ltv["ltv_cac"].is_null(), "LTV:CAC uses CAC");
    assert!(ltv["payback_months"].is_null(), "payback uses CAC");

    let channels = json["channels"].as_object().unwrap();
    assert_eq!(
        channels.keys().collect::<Vec<_>>(),
        ["linkedin", "webinar", "search_ads"]
    );
    for (id, c) in channels {
        for key in ["cost", "cpa", "cost_per_mql", "cac", "roas", "roi"] {
            assert!(c[key].is_null(), "{id}.{key} = {}, not null", c[key]);
        }
    }
    assert_eq!(channels["linkedin"]["leads"], 2);
    assert_close(
        &channels["linkedin"]["attributed_revenue"],
        600_000.0,
        "linkedin attributed revenue",
    );
    assert_eq!(channels["search_ads"]["opportunities"], 1);

    // The CPA target has no actual to compare with.
    let cpa = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["metric"] == "cpa")
        .expect("the cpa target");
    assert!(cpa["actual"].is_null());
    assert_eq!(cpa["status"], "no_actual");
}

#[test]
fn without_cost_rows_the_workbook_leaves_cost_cells_empty_and_says_why() {
    let (dir, _) = report(&dataset(None), &["--lang", "en"]);
    let path = dir.path().join("r.xlsx");

    let summary = sheet(&path, "Summary");
    assert!(
        holds_text(&summary, "No cost data was given"),
        "the Summary says no cost data was given"
    );
    for metric in ["Cost", "ROI", "ROAS", "CPA", "CAC"] {
        let row = row_with(&summary, 0, metric);
        assert!(is_empty(&summary, row, 1), "SNS {metric} is empty");
        assert!(is_empty(&summary, row, 2), "all-channel {metric} is empty");
    }
    for metric in ["LTV:CAC", "Payback (months)"] {
        let row = row_with(&summary, 0, metric);
        assert!(is_empty(&summary, row, 2), "{metric} is empty");
    }
    let leads = row_with(&summary, 0, "Leads");
    assert_eq!(summary.get_value((leads, 2)), Some(&Data::Float(4.0)));

    let channels = sheet(&path, "Channels");
    for id in ["linkedin", "webinar", "search_ads"] {
        let row = row_with(&channels, 1, id);
        for col in CHANNEL_COST_COLUMNS {
            assert!(is_empty(&channels, row, col), "{id} column {col} is empty");
        }
    }
    let total = row_with(&channels, 0, "Total");
    for col in CHANNEL_COST_COLUMNS {
        assert!(
            is_empty(&channels, total, col),
            "total column {col} is empty"
        );
    }
    assert_eq!(channels.get_value((total, 4)), Some(&Data::Float(4.0)));

    // Monthly: April and May, cost (column B) empty, leads (C) 2 and 2.
    let monthly = sheet(&path, "Monthly");
    for row in [4, 5] {
        assert!(
            is_empty(&monthly, row, 1),
            "monthly cost row {row} is empty"
        );
        assert_eq!(monthly.get_value((row, 2)), Some(&Data::Float(2.0)));
    }

    let checks = sheet(&path, "Checks");
    let cost_check = row_with(&checks, 0, "channel costs = cost of the period");
    assert!(is_empty(&checks, cost_check, 1) && is_empty(&checks, cost_check, 2));
    assert_eq!(checks.get_value((cost_check, 3)), Some(&Data::Bool(true)));

    let tree = sheet(&path, "KPI tree");
    let cpa = (0..=tree.end().unwrap().0)
        .find(|&r| {
            tree.get_value((r, 2)).is_some_and(|d| *d == "cpa")
                && tree.get_value((r, 3)).is_some_and(|d| *d == "all")
        })
        .expect("a cpa row");
    assert!(is_empty(&tree, cpa, 7), "no actual CPA");
    assert_eq!(tree.get_value((cpa, 9)).unwrap().to_string(), "— no actual");
}

#[test]
fn the_japanese_summary_says_no_cost_data_was_given() {
    let (dir, _) = report(&dataset(None), &[]);
    let summary = sheet(&dir.path().join("r.xlsx"), "サマリー");
    assert!(holds_text(&summary, "費用データがありません"));
}

#[test]
fn values_only_writes_empty_cells_for_unknown_cost() {
    let (dir, _) = report(&dataset(None), &["--lang", "en", "--values-only"]);
    let channels = sheet(&dir.path().join("r.xlsx"), "Channels");
    let linkedin = row_with(&channels, 1, "linkedin");
    for col in CHANNEL_COST_COLUMNS {
        assert!(
            matches!(
                channels.get_value((linkedin, col)),
                None | Some(Data::Empty)
            ),
            "column {col}: a blank cell, not an empty text"
        );
    }
    assert_eq!(
        channels.get_value((linkedin, 4)),
        Some(&Data::Float(2.0)),
        "linkedin leads"
    );
}

#[test]
fn a_cost_row_of_zero_is_a_cost_of_zero() {
    let costs = vec![vec![S("2025/04"), S("LinkedIn"), S("広告費"), N(0.0)]];
    let (dir, json) = report(&dataset(Some(costs)), &["--lang", "en"]);
    let t = &json["totals"];
    assert_eq!(t["cost"], 0);
    assert_eq!(t["sns_cost"], 0);
    // 0 / 4 leads, 0 / 2 won: a zero numerator over a non-zero denominator is 0.
    assert_eq!(t["cpa"], 0);
    assert_eq!(t["cac"], 0);
    assert_eq!(t["sns_cpa"], 0);
    // Revenue over a cost of 0 has no value.
    for key in ["roas", "roi", "sns_roas", "sns_roi"] {
        assert!(t[key].is_null(), "totals.{key} = {}", t[key]);
    }
    // A channel without a cost row beside one with a cost row has an unknown cost (issue 22).
    assert!(json["channels"]["webinar"]["cost"].is_null());
    assert!(json["channels"]["webinar"]["cpa"].is_null());
    let summary = sheet(&dir.path().join("r.xlsx"), "Summary");
    assert!(!holds_text(&summary, "No cost data was given"));
}

#[test]
fn explain_says_cost_is_unknown_and_plan_still_works_without_cost_rows() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &dataset(None));
    let out = kpibook(dir.path(), &["explain", "m.xlsx", "--metric", "cpa"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("cpa = cost / leads"), "{text}");
    assert!(text.contains("費用は不明です"), "{text}");
    assert!(text.contains("= (empty)"), "{text}");
    assert!(!text.contains("¥0 /"), "{text}");

    // Target 1,800,000 at 450,000 a won deal: 4 won; win rate 2/3: 6 opportunities; 3
    // opportunities of 4 leads: 8 leads.
    let plan = plan_json(dir.path(), "1800000");
    assert_close(&plan["required"]["won"], 4.0, "won");
    assert_close(&plan["required"]["opportunities"], 6.0, "opportunities");
    assert_close(&plan["required"]["leads"], 8.0, "leads");
}

#[test]
fn a_costs_sheet_whose_every_row_is_rejected_counts_as_no_cost_data() {
    // The one cost row has an amount that is not a number: rejected (exit 3), so no cost is known.
    let costs = vec![vec![S("2025/04"), S("LinkedIn"), S("広告費"), S("未定")]];
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &dataset(Some(costs)));
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let json = read_json(&dir.path().join("s.json"));
    assert_eq!(json["rows"]["costs"]["rejected"], 1);
    assert!(json["totals"]["cost"].is_null());
    assert!(json["totals"]["cpa"].is_null());
    let summary = sheet(&dir.path().join("r.xlsx"), "サマリー");
    assert!(holds_text(&summary, "費用データがありません"));
}

// Issue 22, finding 7: a channel with leads but no cost row, while other channels have cost rows,
// showed CPA ¥0 beside the channels with costs. Its cost is unknown: its cost and cost-based
// ratios are null / empty, the Summary names it, and the totals stay the sum of the cost rows.

/// LinkedIn 100,000 (April) and listing ads 60,000 (May); no cost row of the webinar.
fn costs_without_webinar() -> Vec<Vec<V>> {
    vec![
        vec![S("2025/04"), S("LinkedIn"), S("広告費"), N(100_000.0)],
        vec![S("2025/05"), S("リスティング"), S("広告費"), N(60_000.0)],
    ]
}

#[test]
fn a_channel_without_cost_rows_beside_channels_with_them_has_an_unknown_cost() {
    let (dir, json) = report(&dataset(Some(costs_without_webinar())), &["--lang", "en"]);
    let channels = &json["channels"];
    let webinar = &channels["webinar"];
    for key in ["cost", "cpa", "cost_per_mql", "cac", "roas", "roi"] {
        assert!(webinar[key].is_null(), "webinar.{key} = {}", webinar[key]);
    }
    assert_eq!(webinar["leads"], 1);
    // LinkedIn: 100,000 over 2 leads, 1 MQL, 1 attributed won; revenue 600,000.
    let linkedin = &channels["linkedin"];
    assert_close(&linkedin["cost"], 100_000.0, "linkedin cost");
    assert_close(&linkedin["cpa"], 50_000.0, "linkedin cpa");
    assert_close(&linkedin["cac"], 100_000.0, "linkedin cac");
    assert_close(&linkedin["roi"], (600_000.0 - 100_000.0) / 100_000.0, "roi");
    // Listing ads: 60,000 over 1 lead, no won deal: CAC empty, ROAS 0.
    let search = &channels["search_ads"];
    assert_close(&search["cpa"], 60_000.0, "search_ads cpa");
    assert!(search["cac"].is_null());
    assert_close(&search["roas"], 0.0, "search_ads roas");
    // Totals keep the SPEC's definitions: the cost rows' sum over all channels' figures.
    let t = &json["totals"];
    assert_close(&t["cost"], 160_000.0, "total cost");
    assert_close(&t["cpa"], 160_000.0 / 4.0, "total cpa");
    assert_close(&t["cac"], 160_000.0 / 2.0, "total cac");
    assert_close(&t["roas"], 900_000.0 / 160_000.0, "total roas");

    let path = dir.path().join("r.xlsx");
    let sheet_of = sheet(&path, "Channels");
    let row = row_with(&sheet_of, 1, "webinar");
    for col in CHANNEL_COST_COLUMNS {
        assert!(
            is_empty(&sheet_of, row, col),
            "webinar column {col} is empty"
        );
    }
    assert_eq!(
        sheet_of.get_value((row, 4)),
        Some(&Data::Float(1.0)),
        "leads"
    );
    let linkedin_row = row_with(&sheet_of, 1, "linkedin");
    assert_eq!(
        sheet_of.get_value((linkedin_row, 3)),
        Some(&Data::Float(100_000.0))
    );
    assert_eq!(
        sheet_of.get_value((linkedin_row, 10)),
        Some(&Data::Float(50_000.0))
    );
    let total = row_with(&sheet_of, 0, "Total");
    assert_eq!(
        sheet_of.get_value((total, 3)),
        Some(&Data::Float(160_000.0))
    );

    // The live formula of the webinar's cost asks the costs sheet for the channel's rows.
    let bytes = std::fs::read(&path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let formulas = workbook.worksheet_formula("Channels").unwrap();
    let webinar_cost = formulas.get_value((row, 3)).cloned().unwrap_or_default();
    assert!(
        webinar_cost.starts_with("IF(COUNTIFS(") && webinar_cost.contains(",\"\","),
        "{webinar_cost}"
    );

    let summary = sheet(&path, "Summary");
    assert!(holds_text(&summary, "No cost data for: Webinar."));
    assert!(
        !holds_text(&summary, "Search ads."),
        "only the channel without cost rows"
    );
    assert!(!holds_text(&summary, "No cost data was given"));

    let out = kpibook(
        dir.path(),
        &[
            "explain",
            "m.xlsx",
            "--metric",
            "cpa",
            "--channel",
            "webinar",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("cost is unknown: the inputs hold no cost row of webinar"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_japanese_summary_names_the_channels_without_cost_data() {
    let (dir, _) = report(&dataset(Some(costs_without_webinar())), &[]);
    let summary = sheet(&dir.path().join("r.xlsx"), "サマリー");
    assert!(holds_text(
        &summary,
        "費用データのないチャネル: ウェビナー。"
    ));
}

/// LibreOffice recalculates the guarded formulas of the channel without cost rows to empty cells
/// (not 0, not #VALUE!), every other formula to its cached value, and the Checks hold.
#[test]
fn a_channel_without_cost_rows_recalculates_to_empty_cost_cells() {
    use crate::libreoffice_recalc::{assert_recalculation_agrees, recalculate, soffice_available};
    if !soffice_available() {
        return;
    }
    let (dir, _) = report(&dataset(Some(costs_without_webinar())), &["--lang", "en"]);
    let path = dir.path().join("r.xlsx");
    let recalculated = recalculate(dir.path(), &path);
    assert_recalculation_agrees(&path, &recalculated);
    let channels = sheet(&recalculated, "Channels");
    let row = row_with(&channels, 1, "webinar");
    for col in CHANNEL_COST_COLUMNS {
        assert!(
            is_empty(&channels, row, col),
            "webinar column {col} is empty"
        );
    }
}
