//! Each configuration key of SPEC section 5, its effect on the report worked by hand, and each kind
//! of bad configuration refused with the key named (exit 2, nothing written).
//!
//! The dataset is `three_channels` (see `common`) plus a touch of L1 on X on 2025-04-01, so L1's
//! journey before D1 (opportunity 2025-04-15, won 1,000,000) is X 04-01, then LinkedIn 04-06 (the
//! lead's creation): 14 and 9 days before the opportunity.

use crate::common;

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::*;
use serde_json::Value;

fn dataset() -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = three_channels();
    sheets.push((
        "接点",
        vec![
            vec![S("リードID"), S("接触日"), S("チャネル")],
            vec![S("L1"), D(2025, 4, 1), S("X")],
        ],
    ));
    sheets
}

/// Runs `report` on `sheets` with `config` as kpibook.toml and `extra` arguments; returns the exit
/// code, the summary JSON and the workbook bytes.
fn report_with(
    sheets: &[(&str, Vec<Vec<V>>)],
    config: &str,
    extra: &[&str],
) -> (Option<i32>, Value, Vec<u8>) {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), sheets);
    std::fs::write(dir.path().join("kpibook.toml"), config).unwrap();
    let mut args = vec![
        "report",
        "m.xlsx",
        "-o",
        "r.xlsx",
        "--summary-json",
        "s.json",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let out = kpibook(dir.path(), &args);
    let code = out.status.code();
    assert!(matches!(code, Some(0) | Some(3)), "{}", stderr(&out));
    let json = read_json(&dir.path().join("s.json"));
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    (code, json, bytes)
}

fn summary(config: &str) -> Value {
    report_with(&dataset(), config, &[]).1
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    workbook.sheet_names()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn lang_names_the_sheets() {
    let (_, _, ja) = report_with(&dataset(), "", &[]);
    let (_, _, en) = report_with(&dataset(), "lang = \"en\"\n", &[]);
    assert_eq!(sheet_names(&ja)[0], "サマリー");
    assert_eq!(sheet_names(&en)[0], "Summary");
}

#[test]
fn currency_is_reported() {
    assert_eq!(summary("")["currency"], "JPY");
    assert_eq!(summary("currency = \"USD\"\n")["currency"], "USD");
}

/// Deals written as a US CRM exports them: amounts with a dollar sign.
const USD_DEALS: &str = "deal_id,created_at,status,amount,closed_at\n\
    D1,2025-04-02,won,\"$22,700.00\",2025-04-20\n\
    D2,2025-04-05,won,\"$1,300.50\",2025-04-25\n\
    D3,2025-04-07,open,,\n";

/// `report` on `deals.csv` (and `kpibook.toml` when `config` is given): exit code, summary JSON,
/// `check --format json` output and workbook bytes.
fn report_on_deals(deals: &str, config: Option<&str>) -> (Option<i32>, Value, Value, Vec<u8>) {
    let dir = temp_dir();
    std::fs::write(dir.path().join("deals.csv"), deals).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("kpibook.toml"), config).unwrap();
    }
    let args = [
        "report",
        "deals.csv",
        "-o",
        "r.xlsx",
        "--summary-json",
        "s.json",
        "-q",
    ];
    let out = kpibook(dir.path(), &args);
    let code = out.status.code();
    assert!(matches!(code, Some(0) | Some(3)), "{}", stderr(&out));
    let check = kpibook(dir.path(), &["check", "deals.csv", "--format", "json"]);
    assert_eq!(check.status.code(), code, "check and report agree");
    let check: Value = serde_json::from_str(&stdout(&check)).unwrap();
    let json = read_json(&dir.path().join("s.json"));
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    (code, json, check, bytes)
}

/// The number formats of a workbook (the `formatCode`s of xl/styles.xml).
fn number_formats(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    styles
}

#[test]
fn dollar_amounts_give_a_usd_report() {
    let (code, s, _, bytes) = report_on_deals(USD_DEALS, None);
    assert_eq!(code, Some(0));
    assert_eq!(s["currency"], "USD");
    // Won D1 and D2: 22,700.00 + 1,300.50.
    assert_close(&s["totals"]["revenue"], 24_000.5, "revenue");
    assert_close(&s["rows"]["deals"]["accepted"], 3.0, "D1-D3");
    let formats = number_formats(&bytes);
    assert!(formats.contains("formatCode=\"$#,##0.00\""), "{formats}");
    assert!(!formats.contains('¥'), "no yen format: {formats}");
    // The Assumptions sheet says the currency came from the data.
    let currency_row = sheet(&bytes, "前提条件")
        .iter()
        .find(|r| r.first().map(text).as_deref() == Some("currency"))
        .map(|r| r.iter().map(text).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(currency_row[1], "USD");
    assert!(currency_row[2].contains("入力データ"), "{currency_row:?}");
}

#[test]
fn a_yen_amount_in_a_usd_config_rejects_its_row() {
    // D2 is written in yen; the config says USD. D3 has no sign and stays.
    let deals = "deal_id,created_at,status,amount,closed_at\n\
        D1,2025-04-02,won,\"$22,700.00\",2025-04-20\n\
        D2,2025-04-05,won,\"¥150,000\",2025-04-25\n\
        D3,2025-04-07,won,\"1,300.50\",2025-04-26\n";
    let (code, s, check, _) = report_on_deals(deals, Some("currency = \"USD\"\n"));
    assert_eq!(code, Some(3));
    assert_eq!(s["currency"], "USD");
    assert_close(&s["totals"]["revenue"], 22_700.0 + 1_300.5, "D1 + D3");
    let rows = &check["rows"]["deals"];
    assert_eq!(
        (&rows["read"], &rows["accepted"], &rows["rejected"]),
        (&Value::from(3), &Value::from(2), &Value::from(1)),
        "{rows}"
    );
    let errors: Vec<&Value> = check["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let issue = errors[0];
    assert_eq!(issue["code"], "inconsistent");
    assert_eq!(issue["cell"], "D3", "amount column, D2's row");
    assert_eq!(issue["value"], "¥150,000");
    assert!(
        issue["message"].as_str().unwrap().contains("JPY")
            && issue["message"].as_str().unwrap().contains("USD"),
        "{issue}"
    );
}

#[test]
fn signs_that_disagree_the_first_one_decides() {
    // No currency set: D1's euro sign is the first; D2's dollar is an error naming D1's cell.
    let deals = "deal_id,created_at,status,amount,closed_at\n\
        D1,2025-04-02,won,\"€1,000.00\",2025-04-20\n\
        D2,2025-04-05,won,$20,2025-04-25\n\
        D3,2025-04-07,won,500,2025-04-26\n";
    let (code, s, check, _) = report_on_deals(deals, None);
    assert_eq!(code, Some(3));
    assert_eq!(s["currency"], "EUR");
    assert_close(&s["totals"]["revenue"], 1_500.0, "D1 + D3");
    let issue = check["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["severity"] == "error")
        .unwrap();
    assert_eq!(
        (&issue["code"], &issue["cell"]),
        (&Value::from("inconsistent"), &Value::from("D3"))
    );
    assert!(
        issue["message"]
            .as_str()
            .unwrap()
            .contains("deals.csv deals!D2"),
        "names the cell that set the currency: {issue}"
    );
}

#[test]
fn period_limits_every_figure() {
    // April only: L1 and L2 (L3 is 05-01), no won deal closed (D1 closes 05-10), April costs
    // 200,000 + 100,000.
    let s = summary("period = \"2025-04-01..2025-04-30\"\n");
    assert_eq!(s["period"]["start"], "2025-04-01");
    assert_eq!(s["period"]["end"], "2025-04-30");
    assert_close(&s["totals"]["leads"], 2.0, "leads");
    assert_close(&s["totals"]["revenue"], 0.0, "revenue");
    assert_close(&s["totals"]["cost"], 300_000.0, "cost");
}

#[test]
fn fiscal_year_start_month_moves_the_fiscal_year() {
    let (_, april, _) = report_with(&dataset(), "", &["--fy", "2025"]);
    assert_eq!(april["period"]["start"], "2025-04-01");
    assert_eq!(april["period"]["end"], "2026-03-31");
    let (_, january, _) = report_with(
        &dataset(),
        "fiscal_year_start_month = 1\n",
        &["--fy", "2025"],
    );
    assert_eq!(january["period"]["start"], "2025-01-01");
    assert_eq!(january["period"]["end"], "2025-12-31");
}

#[test]
fn model_chooses_the_headline_attribution() {
    // first_touch: D1's 1,000,000 to X; last_touch: to LinkedIn; linear: 500,000 each.
    let first = summary("model = \"first_touch\"\n");
    assert_eq!(first["model"], "first_touch");
    assert_close(
        &first["channels"]["x"]["attributed_revenue"],
        1_000_000.0,
        "x",
    );
    assert_close(
        &first["channels"]["linkedin"]["attributed_revenue"],
        0.0,
        "linkedin",
    );
    let linear = summary("");
    assert_close(
        &linear["channels"]["x"]["attributed_revenue"],
        500_000.0,
        "x",
    );
    let last = summary("model = \"last_touch\"\n");
    assert_close(
        &last["channels"]["linkedin"]["attributed_revenue"],
        1_000_000.0,
        "linkedin",
    );
}

#[test]
fn lookback_days_cuts_the_journey() {
    // 10 days before 04-15 reaches back to 04-05: the X touch of 04-01 drops out.
    let s = summary("lookback_days = 10\n");
    let first = &s["attribution"]["first_touch"];
    assert_close(&first["linkedin"], 1_000_000.0, "linkedin");
    assert!(first["x"].is_null() || first["x"] == 0, "{first}");
    // 14 days keeps it (both ends inclusive).
    let s = summary("lookback_days = 14\n");
    assert_close(&s["attribution"]["first_touch"]["x"], 1_000_000.0, "x");
}

#[test]
fn half_life_days_weighs_the_touches() {
    // Weights 2^(-14/h) for X and 2^(-9/h) for LinkedIn: X's share is 1 / (1 + 2^(5/h)).
    // h = 5: 1/3. Default h = 7: 1 / (1 + 2^(5/7)).
    let s = summary("half_life_days = 5\n");
    assert_close(
        &s["attribution"]["time_decay"]["x"],
        1_000_000.0 / 3.0,
        "h = 5",
    );
    let s = summary("");
    assert_close(
        &s["attribution"]["time_decay"]["x"],
        1_000_000.0 / (1.0 + 2f64.powf(5.0 / 7.0)),
        "h = 7",
    );
}

#[test]
fn gross_margin_turns_roi_to_a_profit_basis() {
    // (1,500,000 × 0.5 − 350,000) / 350,000 = 8/7; at 100%: 1,150,000 / 350,000.
    assert_close(
        &summary("gross_margin = 0.5\n")["totals"]["roi"],
        8.0 / 7.0,
        "roi at 50%",
    );
    assert_close(
        &summary("")["totals"]["roi"],
        1_150_000.0 / 350_000.0,
        "roi at 100%",
    );
    assert_close(
        &summary("gross_margin = 0.5\n")["gross_margin"],
        0.5,
        "json",
    );
}

#[test]
fn ltv_keys_choose_and_feed_the_ltv_method() {
    // With 月額 on the won deals (D1 100,000, D3 50,000) ARPA is 75,000.
    let mut sheets = dataset();
    let deals = &mut sheets[2].1;
    deals[0].push(S("月額"));
    deals[1].push(N(100_000.0));
    deals[2].push(E);
    deals[3].push(N(50_000.0));
    let run = |config: &str| report_with(&sheets, config, &[]).1;
    assert_close(&run("")["ltv"]["arpa"], 75_000.0, "arpa");
    // No churn given: the deal method, 1,500,000 / 2 won × 100% × 1.
    assert_eq!(run("")["ltv"]["method"], "deal");
    assert_close(&run("")["ltv"]["ltv"], 750_000.0, "deal");
    let churn = run("monthly_churn = 0.05\n");
    assert_eq!(churn["ltv"]["method"], "churn");
    assert_close(&churn["ltv"]["ltv"], 1_500_000.0, "75,000 × 100% / 5%");
    let lifetime = run("ltv_method = \"lifetime\"\nlifetime_months = 24\ngross_margin = 0.5\n");
    assert_eq!(lifetime["ltv"]["method"], "lifetime");
    assert_close(&lifetime["ltv"]["ltv"], 900_000.0, "75,000 × 50% × 24");
    let deal = run("ltv_method = \"deal\"\npurchases_per_customer = 2\nmonthly_churn = 0.05\n");
    assert_eq!(deal["ltv"]["method"], "deal");
    assert_close(&deal["ltv"]["ltv"], 1_500_000.0, "750,000 × 2");
}

#[test]
fn cv_rate_sets_the_sessions_of_the_plan() {
    // 3,000,000 target: 4 won, 6 opportunities, 6 leads (tests/suite/plan.rs); 6 / 0.05 = 120 sessions.
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    std::fs::write(dir.path().join("kpibook.toml"), "cv_rate = 0.05\n").unwrap();
    let plan = plan_json(dir.path(), "3000000");
    assert_close(&plan["required"]["sessions"], 120.0, "sessions");
}

/// The LinkedIn engagement rate on the KPI tree (layer 3), with reach on P1.
fn linkedin_engagement_rate(config: &str) -> f64 {
    let mut sheets = dataset();
    sheets[0].1 = vec![
        vec![
            S("投稿ID"),
            S("媒体"),
            S("投稿日"),
            S("インプレッション数"),
            S("リーチ数"),
            S("エンゲージメント数"),
        ],
        vec![
            S("P1"),
            S("LinkedIn"),
            D(2025, 4, 5),
            N(1000.0),
            N(500.0),
            N(50.0),
        ],
    ];
    let (_, _, bytes) = report_with(&sheets, config, &[]);
    let rows = sheet(&bytes, "KPI階層");
    let row = rows
        .iter()
        .find(|r| text(&r[2]) == "engagement_rate" && text(&r[3]) == "LinkedIn")
        .expect("engagement rate row");
    match row[7] {
        Data::Float(f) => f,
        ref other => panic!("{other:?}"),
    }
}

#[test]
fn engagement_rate_basis_picks_the_denominator() {
    // 50 / 1,000 impressions; 50 / 500 reach.
    assert_eq!(linkedin_engagement_rate(""), 0.05);
    assert_eq!(
        linkedin_engagement_rate("engagement_rate_basis = \"reach\"\n"),
        0.1
    );
}

#[test]
fn sns_channels_decide_what_counts_as_sns() {
    // By default LinkedIn and X are SNS: SNS cost is LinkedIn's 200,000, SNS leads L1.
    let base = summary("");
    assert_close(&base["totals"]["sns_cost"], 200_000.0, "sns cost");
    assert_close(&base["totals"]["sns_leads"], 1.0, "sns leads");
    // With only webinar as "SNS": its 100,000; L2 by its channel, and L1 still, because it came
    // from a post (SPEC section 2).
    let webinar = summary("sns_channels = [\"webinar\"]\n");
    assert_close(&webinar["totals"]["sns_cost"], 100_000.0, "sns cost");
    assert_close(&webinar["totals"]["sns_leads"], 2.0, "sns leads");
    assert_close(&webinar["totals"]["sns_attributed_revenue"], 0.0, "L2 lost");
}

/// The dataset with one more lead, created on `created`.
fn with_lead(created: &'static str, channel: &'static str) -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = dataset();
    sheets[1]
        .1
        .push(vec![S("L5"), S(created), S(channel), E, E, S("高橋")]);
    sheets
}

#[test]
fn date_order_resolves_ambiguous_dates() {
    // 05/04/2025 is ambiguous: rejected by default; 5 April with dmy; 4 May with mdy.
    let (code, s, _) = report_with(&with_lead("05/04/2025", "LinkedIn"), "", &[]);
    assert_eq!(code, Some(3));
    assert_close(&s["rows"]["leads"]["rejected"], 2.0, "L4 and L5");
    let april = "period = \"2025-04-01..2025-04-30\"\n";
    let dmy = report_with(
        &with_lead("05/04/2025", "LinkedIn"),
        &format!("{april}date_order = \"dmy\"\n"),
        &[],
    )
    .1;
    assert_close(&dmy["totals"]["leads"], 3.0, "L1, L2 and L5 in April");
    let mdy = report_with(
        &with_lead("05/04/2025", "LinkedIn"),
        &format!("{april}date_order = \"mdy\"\n"),
        &[],
    )
    .1;
    assert_close(&mdy["totals"]["leads"], 2.0, "L5 in May");
}

#[test]
fn channels_adds_aliases() {
    // パートナー is no known channel: other (with a warning); mapped, it is referral.
    let sheets = with_lead("2025-04-20", "パートナー");
    let base = report_with(&sheets, "", &[]).1;
    assert_close(&base["channels"]["other"]["leads"], 1.0, "other");
    let mapped = report_with(&sheets, "[channels]\n\"パートナー\" = \"referral\"\n", &[]).1;
    assert_close(&mapped["channels"]["referral"]["leads"], 1.0, "referral");
    assert!(mapped["channels"]["other"].is_null() || mapped["channels"]["other"]["leads"] == 0);
}

#[test]
fn columns_map_unknown_headers() {
    // A leads sheet whose creation date is headed "受付タイムスタンプ": without the mapping the
    // required created_at is missing and every lead is rejected.
    let mut sheets = dataset();
    sheets[1].1[0][1] = S("受付タイムスタンプ");
    let (code, base, _) = report_with(&sheets, "", &[]);
    assert_eq!(code, Some(3));
    assert_close(&base["totals"]["leads"], 0.0, "no lead accepted");
    let mapped = report_with(
        &sheets,
        "[columns.leads]\n\"受付タイムスタンプ\" = \"created_at\"\n",
        &[],
    )
    .1;
    assert_close(&mapped["totals"]["leads"], 3.0, "L1-L3");
}

#[test]
fn kpi_tree_moves_metrics_between_layers() {
    let layer_of = |bytes: &[u8], metric: &str| -> Option<String> {
        sheet(bytes, "KPI階層")
            .iter()
            .skip(4)
            .find(|r| r.len() > 3 && text(&r[2]) == metric)
            .map(|r| text(&r[0]))
    };
    let (_, _, base) = report_with(&dataset(), "", &[]);
    assert!(layer_of(&base, "cac").unwrap().starts_with('1'));
    assert!(layer_of(&base, "cpa").unwrap().starts_with('2'));
    assert_eq!(layer_of(&base, "win_rate"), None);
    let config = "[kpi_tree]\nlayer1 = [\"revenue\", \"win_rate\", \"cpa\"]\n";
    let (_, _, moved) = report_with(&dataset(), config, &[]);
    assert!(layer_of(&moved, "win_rate").unwrap().starts_with('1'));
    assert!(layer_of(&moved, "cpa").unwrap().starts_with('1'));
    assert_eq!(layer_of(&moved, "cac"), None, "no longer in any layer");
}

#[test]
fn the_settings_sheet_overrides_the_file_and_the_command_line_overrides_both() {
    let mut sheets = dataset();
    sheets.push((
        "設定",
        vec![
            vec![S("設定項目"), S("設定値")],
            vec![S("gross_margin"), S("0.5")],
            vec![S("model"), S("last_touch")],
        ],
    ));
    let (_, s, bytes) = report_with(
        &sheets,
        "gross_margin = 0.8\nmodel = \"first_touch\"\n",
        &["--model", "linear"],
    );
    assert_close(&s["gross_margin"], 0.5, "settings sheet over the file");
    assert_close(&s["totals"]["roi"], 8.0 / 7.0, "roi at 50%");
    assert_eq!(s["model"], "linear", "command line over the settings sheet");
    // The Assumptions sheet names each source.
    let assumptions = sheet(&bytes, "前提条件");
    let row_of = |key: &str| {
        assumptions
            .iter()
            .find(|r| r.iter().any(|c| text(c) == key))
            .unwrap_or_else(|| panic!("{key} on the Assumptions sheet"))
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(
        row_of("gross_margin").contains("設定シート"),
        "{}",
        row_of("gross_margin")
    );
    assert!(
        row_of("model").contains("コマンドライン"),
        "{}",
        row_of("model")
    );
    assert!(
        row_of("lookback_days").contains("既定値"),
        "{}",
        row_of("lookback_days")
    );
}

/// `report` with `config` as kpibook.toml: exit 2, stderr naming `named`, nothing written. Returns
/// the message.
fn refused(config: &str, named: &str) -> String {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    std::fs::write(dir.path().join("kpibook.toml"), config).unwrap();
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "r.xlsx"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{config}: {message}");
    assert!(message.contains(named), "{config}: {message}");
    assert!(
        message.contains("kpibook.toml"),
        "{config}: names the file: {message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(!Path::new(&dir.path().join("r.xlsx")).exists());
    message
}

#[test]
fn every_bad_value_is_refused_with_its_key_named() {
    let cases = [
        ("lang = \"fr\"", "`lang`"),
        ("lang = 5", "lang"),
        ("currency = 3", "currency"),
        ("period = \"2025-09-30..2025-04-01\"", "`period`"),
        ("period = \"last year\"", "`period`"),
        ("fiscal_year_start_month = 13", "`fiscal_year_start_month`"),
        ("fiscal_year_start_month = 4.5", "`fiscal_year_start_month`"),
        ("model = \"magic\"", "`model`"),
        ("lookback_days = -1", "`lookback_days`"),
        ("lookback_days = 1.5", "`lookback_days`"),
        ("half_life_days = 0", "half_life_days"),
        ("gross_margin = 1.5", "`gross_margin`"),
        ("gross_margin = 0", "`gross_margin`"),
        ("monthly_churn = 2", "`monthly_churn`"),
        ("lifetime_months = -3", "lifetime_months"),
        ("purchases_per_customer = 0", "purchases_per_customer"),
        ("ltv_method = \"forever\"", "`ltv_method`"),
        ("cv_rate = 0", "`cv_rate`"),
        (
            "engagement_rate_basis = \"likes\"",
            "`engagement_rate_basis`",
        ),
        ("sns_channels = [1, 2]", "sns_channels"),
        ("date_order = \"ydm\"", "`date_order`"),
        ("[columns.lead]\n\"x\" = \"created_at\"", "columns.lead"),
        ("[channels]\n\"パートナー\" = 3", "channels"),
        (
            "[channels]\n\"パートナー\" = \"partner\"",
            "`channels.\"パートナー\"`: \"partner\" is not a channel id",
        ),
        (
            "[columns.leads]\n\"受付\" = \"created\"",
            "`columns.leads.\"受付\"`: \"created\" is not a field of the leads table",
        ),
        ("[kpi_tree]\ncurrency = \"USD\"", "`kpi_tree.currency`"),
        ("[kpi_tree]\nlayer4 = [\"revenue\"]", "kpi_tree.layer4"),
        ("[kpi_tree]\nlayer1 = [\"revenu\"]", "revenu"),
        ("gross_margn = 0.8", "`gross_margn`"),
        ("gross_margin = ", "kpibook.toml"),
    ];
    for (config, named) in cases {
        refused(config, named);
    }
}

#[test]
fn a_top_level_key_written_below_channels_is_refused_naming_it() {
    // TOML puts every line below [channels] into that table: `currency` would become an alias.
    let message = refused(
        "[channels]\n\"Podcast\" = \"other\"\ncurrency = \"USD\"\n",
        "`channels.currency`",
    );
    assert!(message.contains("\"USD\" is not a channel id"), "{message}");
    assert!(
        message.contains("a top-level key must be written above the first [table]"),
        "{message}"
    );
    // Written above the table, the same two keys are fine.
    let s = summary("currency = \"USD\"\n[channels]\n\"Podcast\" = \"other\"\n");
    assert_eq!(s["currency"], "USD");
}

/// The embedded schema with a text field `region` added to the leads table.
fn schema_with_region() -> String {
    let embedded = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/schema.toml"
    ))
    .unwrap();
    let touches = "[[tables]]\nname = \"touches\"";
    assert!(embedded.contains(touches));
    embedded.replace(
        touches,
        &format!("[[tables.fields]]\nname = \"region\"\ntype = \"text\"\n\n{touches}"),
    )
}

#[test]
fn column_mappings_are_checked_against_the_schema_given_with_schema() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "[columns.leads]\n\"地域\" = \"region\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("mine.toml"), schema_with_region()).unwrap();
    // The built-in schema has no leads.region: refused, the key named.
    let out = kpibook(dir.path(), &["check", "m.xlsx"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(
        message.contains("`columns.leads.\"地域\"`")
            && message.contains("\"region\" is not a field of the leads table"),
        "{message}"
    );
    // The schema in force has it: the mapping is used.
    let out = kpibook(dir.path(), &["check", "m.xlsx", "--schema", "mine.toml"]);
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_settings_sheet_value_names_the_sheet_and_cell() {
    let mut sheets = three_channels();
    sheets.push((
        "設定",
        vec![
            vec![S("設定項目"), S("設定値")],
            vec![S("gross_margin"), S("150%")],
        ],
    ));
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "r.xlsx"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains("`gross_margin`"), "{message}");
    assert!(
        message.contains("設定") && message.contains("B2"),
        "{message}"
    );
    assert!(!dir.path().join("r.xlsx").exists());
}
