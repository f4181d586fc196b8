//! Issue 22: a small Japanese team workbook as a newcomer writes it: targets named as the team
//! names them, a quarter's target in a month's report, a closed-won list with no created date,
//! post URLs on the leads. Figures are worked out by hand from `common::three_channels`:
//! revenue 1,500,000 (D1 1,000,000 closed 2025-05-10, D3 500,000 closed 2025-06-01), leads 3,
//! won 2, cost 350,000, cpa 350,000 / 3.

use crate::common;

use common::*;

/// `three_channels` plus a targets sheet of `rows` (header 指標, 目標値, then `extra_headers`).
fn with_targets(header: Vec<V>, rows: Vec<Vec<V>>) -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = three_channels();
    let mut table = vec![header];
    table.extend(rows);
    sheets.push(("目標", table));
    sheets
}

fn summary_targets(dir: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["report", "m.xlsx", "-o", "r.xlsx", "--quiet"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--summary-json", "s.json"]);
    let out = kpibook(dir, &all);
    // L4's unreadable date rejects one row: exit 3, report written.
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let summary = read_json(&dir.join("s.json"));
    summary["targets"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(targets: &'a [serde_json::Value], metric: &str) -> &'a serde_json::Value {
    targets
        .iter()
        .find(|t| t["metric"] == metric)
        .unwrap_or_else(|| panic!("a target for {metric} in {targets:?}"))
}

// Issue 22, finding 1: `売上`, `リード数`, `受注数`, `CPA` were "not a known metric".
#[test]
fn issue_22_targets_named_by_label_in_either_language_any_case_or_width() {
    let dir = temp_dir();
    let sheets = with_targets(
        vec![S("指標"), S("目標値"), S("種別")],
        vec![
            vec![S("売上"), N(3_000_000.0), S("KGI")],
            vec![S("リード数"), N(4.0), E],
            vec![S("受注数"), N(2.0), E],
            // Full-width letters.
            vec![S("ＣＰＡ"), N(100_000.0), E],
            vec![S("Win Rate"), N(0.5), E],
        ],
    );
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let targets = summary_targets(dir.path(), &["--period", "2025-04-01..2025-06-30"]);
    let revenue = find(&targets, "revenue");
    assert_eq!(revenue["kind"], "kgi");
    assert_close(&revenue["target"], 3_000_000.0, "revenue target");
    // 1,500,000 / 3,000,000.
    assert_close(&revenue["achievement"], 0.5, "revenue achievement");
    // 3 leads of 4.
    assert_close(&find(&targets, "leads")["achievement"], 0.75, "leads");
    assert_close(&find(&targets, "won")["achievement"], 1.0, "won");
    // Lower is better: 100,000 / (350,000 / 3).
    assert_close(
        &find(&targets, "cpa")["achievement"],
        100_000.0 / (350_000.0 / 3.0),
        "cpa",
    );
    // 2 won of 3 opportunities against 0.5.
    assert_close(
        &find(&targets, "win_rate")["achievement"],
        (2.0 / 3.0) / 0.5,
        "win rate",
    );
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let unknown: Vec<_> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["sheet"] == "目標")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
}

#[test]
fn issue_22_an_unknown_target_metric_names_its_cell_a_guess_and_the_accepted_names() {
    let dir = temp_dir();
    let sheets = with_targets(
        vec![S("指標"), S("目標値")],
        vec![
            vec![S("売上"), N(3_000_000.0)],
            // Row 3: one letter more than リード数.
            vec![S("リード件数"), N(4.0)],
        ],
    );
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let issue = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["value"] == "リード件数")
        .expect("a warning on the unknown metric");
    assert_eq!(issue["severity"], "warning");
    assert_eq!(issue["sheet"], "目標");
    assert_eq!(issue["cell"], "A3");
    let message = issue["message"].as_str().unwrap();
    assert!(message.contains("「リード数」のことですか"), "{message}");
    for name in ["売上 (revenue)", "リード数 (leads)", "受注数 (won)", "roi"] {
        assert!(message.contains(name), "{name} in {message}");
    }
}

// Issue 22, finding 1: `explain --channel X` said there were no figures for "X".
#[test]
fn issue_22_explain_takes_the_channel_and_metric_as_the_data_writes_them() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    for (metric, channel) in [
        ("cpa", "LinkedIn"),
        ("CPA", "LINKEDIN"),
        ("リード獲得単価", "linkedin"),
    ] {
        let out = kpibook(
            dir.path(),
            &[
                "explain",
                "m.xlsx",
                "--lang",
                "en",
                "--metric",
                metric,
                "--channel",
                channel,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        // LinkedIn: cost 200,000 over 1 lead.
        assert!(text.contains("cpa = cost / leads"), "{text}");
        assert!(text.contains("= ¥200,000 / 1\n"), "{text}");
    }
    // ウェビナー is the webinar channel: cost 100,000 over 1 lead (L2).
    let out = kpibook(
        dir.path(),
        &[
            "explain",
            "m.xlsx",
            "--lang",
            "en",
            "--metric",
            "cpa",
            "--channel",
            "ウェビナー",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("= ¥100,000 / 1\n"),
        "{}",
        stdout(&out)
    );
}

/// The KPI tree sheet of `r.xlsx` in `dir`: its cells, and its formulas.
fn kpi_sheet(dir: &std::path::Path) -> (Vec<Vec<calamine::Data>>, Vec<Vec<String>>) {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut workbook: Xlsx<_> = open_workbook(dir.join("r.xlsx")).unwrap();
    let values = workbook.worksheet_range("KPI階層").unwrap();
    let formulas = workbook.worksheet_formula("KPI階層").unwrap();
    let (row0, col0) = formulas.start().unwrap_or((0, 0));
    let mut texts = vec![vec![String::new(); 16]; values.height() + 1];
    for (r, c, f) in formulas.used_cells() {
        let (r, c) = (r + row0 as usize, c + col0 as usize);
        if r < texts.len() && c < 16 {
            texts[r][c] = f.clone();
        }
    }
    (values.rows().map(|r| r.to_vec()).collect(), texts)
}

// Issue 22, finding 2: a quarter's target in a month's report was compared whole with one month.
#[test]
fn issue_22_a_quarter_target_is_pro_rated_by_days_to_a_month_report() {
    let dir = temp_dir();
    let sheets = with_targets(
        vec![S("指標"), S("目標値"), S("期間"), S("種別")],
        vec![
            vec![
                S("売上"),
                N(3_000_000.0),
                S("2025-04-01..2025-06-30"),
                S("KGI"),
            ],
            // A ratio is taken as is, whatever its span.
            vec![S("CPA"), N(100_000.0), S("FY2025"), E],
            // Outside June: no target in force.
            vec![S("受注数"), N(6.0), S("2025年1月〜3月"), E],
        ],
    );
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let targets = summary_targets(dir.path(), &["--month", "2025-06"]);
    // April to June is 30 + 31 + 30 = 91 days, June 30 of them.
    let june_share = 3_000_000.0 * 30.0 / 91.0;
    let revenue = find(&targets, "revenue");
    assert_close(&revenue["target"], june_share, "pro-rated revenue target");
    // June's revenue: D3, 500,000 closed 2025-06-01.
    assert_close(
        &revenue["achievement"],
        500_000.0 / june_share,
        "achievement",
    );
    assert_close(&find(&targets, "cpa")["target"], 100_000.0, "cpa as is");
    assert!(targets.iter().all(|t| t["metric"] != "won"), "{targets:?}");

    let (cells, formulas) = kpi_sheet(dir.path());
    let at = cells
        .iter()
        .position(|r| matches!(r.get(2), Some(calamine::Data::String(s)) if s == "revenue"))
        .expect("a revenue row");
    let target = match &cells[at][6] {
        calamine::Data::Float(x) => *x,
        other => panic!("a number, not {other:?}"),
    };
    assert!((target - june_share).abs() < 1e-6, "{target}");
    assert_eq!(formulas[at][6], "3000000*30/91");
    let note = cells[at][4].to_string();
    assert!(
        note.contains("按分: 3,000,000 × 30/91日 (2025-04-01..2025-06-30)"),
        "{note}"
    );
}

#[test]
fn issue_22_spans_of_one_metric_add_up_over_a_period_that_crosses_them() {
    let dir = temp_dir();
    let sheets = with_targets(
        vec![S("指標"), S("目標値"), S("期間")],
        vec![
            vec![S("leads"), N(9.0), S("2025-04..2025-06")],
            vec![S("リード数"), N(9.0), S("2025年7月～9月")],
        ],
    );
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let targets = summary_targets(dir.path(), &["--period", "2025-05-01..2025-07-31"]);
    // May-June are 61 of April-June's 91 days; July is 31 of July-September's 92.
    let expected = 9.0 * 61.0 / 91.0 + 9.0 * 31.0 / 92.0;
    let leads = find(&targets, "leads");
    assert_close(&leads["target"], expected, "leads target");
    // One lead in the period: L3 on 2025-05-01.
    assert_close(&leads["actual"], 1.0, "leads");
    assert_close(&leads["achievement"], 1.0 / expected, "achievement");
    assert_eq!(targets.iter().filter(|t| t["metric"] == "leads").count(), 1);
}

#[test]
fn issue_22_an_unreadable_target_period_rejects_its_row_at_its_cell() {
    let dir = temp_dir();
    let sheets = with_targets(
        vec![S("指標"), S("目標値"), S("期間")],
        vec![vec![S("売上"), N(3_000_000.0), S("第1四半期")]],
    );
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let issue = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["sheet"] == "目標")
        .expect("an issue on the period");
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["code"], "unparsable");
    assert_eq!(issue["cell"], "C2");
}

/// `three_channels` with its deals sheet replaced by a closed-won list from a CRM: no 商談化日.
fn without_created_dates() -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = three_channels();
    let deals = sheets.iter_mut().find(|(name, _)| *name == "商談").unwrap();
    deals.1 = vec![
        vec![
            S("商談ID"),
            S("リードID"),
            S("ステータス"),
            S("受注額"),
            S("受注日"),
        ],
        vec![S("D1"), S("L1"), S("受注"), N(1_000_000.0), D(2025, 5, 10)],
        vec![S("D2"), S("L2"), S("失注"), E, D(2025, 5, 15)],
        // Open: created when its lead L3 was, 2025-05-01.
        vec![S("D3"), S("L3"), S("商談中"), E, E],
        // Row 5: open, no lead: no date to take.
        vec![S("D4"), E, S("商談中"), E, E],
    ];
    sheets
}

// Issue 22, finding 3: a deals sheet with no 商談化日 column lost every row.
#[test]
fn issue_22_a_deals_sheet_without_created_dates_takes_close_or_lead_dates() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &without_created_dates());
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let issues: Vec<&serde_json::Value> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["sheet"] == "商談")
        .collect();
    let derived: Vec<_> = issues
        .iter()
        .filter(|i| i["code"] == "derived_value")
        .collect();
    assert_eq!(derived.len(), 1, "said once per sheet: {issues:?}");
    assert_eq!(derived[0]["severity"], "warning");
    assert!(
        derived[0]["message"]
            .as_str()
            .unwrap()
            .contains("「商談化日」"),
        "{}",
        derived[0]["message"]
    );
    // Only D4 (row 5) is rejected, told which header to add, never the field id.
    let errors: Vec<_> = issues.iter().filter(|i| i["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "required");
    assert_eq!(errors[0]["row"], 5);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("「商談化日」"), "{message}");
    assert!(!message.contains("created_at"), "{message}");
    assert!(
        issues.iter().all(|i| i["code"] != "missing_column"),
        "{issues:?}"
    );

    // May 2025: D1 created 05-10 (its close), D2 05-15 (its close), D3 05-01 (L3's date).
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--quiet",
            "--month",
            "2025-05",
            "--summary-json",
            "s.json",
        ],
    );
    // D4 and L4 rejected: exit 3, report written.
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let totals = &read_json(&dir.path().join("s.json"))["totals"];
    assert_eq!(totals["opportunities"], 3);
    assert_eq!(totals["won"], 1);
    assert_close(&totals["revenue"], 1_000_000.0, "revenue");
    // No deal was created in April any more.
    kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--quiet",
            "--month",
            "2025-04",
            "--summary-json",
            "a.json",
        ],
    );
    assert_eq!(
        read_json(&dir.path().join("a.json"))["totals"]["opportunities"],
        0
    );
}

#[test]
fn issue_22_a_missing_required_column_names_a_header_to_add_in_the_report_language() {
    let dir = temp_dir();
    // A costs sheet without 金額 (amount).
    let mut sheets = three_channels();
    let costs = sheets.iter_mut().find(|(name, _)| *name == "費用").unwrap();
    costs.1 = vec![
        vec![S("年月"), S("チャネル"), S("費目")],
        vec![S("2025/04"), S("LinkedIn"), S("広告費")],
    ];
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    for (lang, header) in [("ja", "「費用」"), ("en", "\"Amount\"")] {
        let check = kpibook(
            dir.path(),
            &["check", "m.xlsx", "--format", "json", "--lang", lang],
        );
        let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
        let missing = json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "missing_column")
            .unwrap_or_else(|| panic!("a missing column: {json}"));
        let message = missing["message"].as_str().unwrap();
        assert!(message.contains(header), "{lang}: {message}");
    }
}

const P1_URL: &str = "https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000001/";
const P2_URL: &str = "https://x.com/acme/status/1900000000000000002";

/// `three_channels` with the posts' URLs beside their own ids and leads naming their post by a
/// URL column (投稿URL) in another of the permalink forms.
fn leads_with_post_urls() -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = three_channels();
    let posts = sheets.iter_mut().find(|(name, _)| *name == "投稿").unwrap();
    posts.1 = vec![
        vec![
            S("投稿ID"),
            S("媒体"),
            S("投稿日"),
            S("投稿URL"),
            S("インプレッション数"),
        ],
        vec![S("P1"), S("LinkedIn"), D(2025, 4, 5), S(P1_URL), N(1000.0)],
        vec![S("P2"), S("X"), D(2025, 4, 10), S(P2_URL), N(4000.0)],
    ];
    let leads = sheets
        .iter_mut()
        .find(|(name, _)| *name == "リード")
        .unwrap();
    leads.1 = vec![
        vec![
            S("リードID"),
            S("獲得日"),
            S("流入元"),
            S("投稿URL"),
            S("utm_source"),
        ],
        vec![
            S("L1"),
            D(2025, 4, 6),
            S("LinkedIn"),
            S("https://www.linkedin.com/posts/acme_webinar-activity-7100000000000000001-AbCd/"),
            E,
        ],
        vec![S("L2"), D(2025, 4, 20), S("ウェビナー"), E, E],
        vec![S("L3"), D(2025, 5, 1), S("リスティング"), E, E],
        // No channel cell: the linked post's platform (x) is its channel.
        vec![
            S("L5"),
            D(2025, 4, 12),
            E,
            S("https://twitter.com/acme/status/1900000000000000002?s=20"),
            E,
        ],
        // Row 6: nothing records its source.
        vec![S("L6"), D(2025, 4, 15), E, E, E],
        // utm_source names the channel: recorded.
        vec![S("L7"), D(2025, 4, 16), E, E, S("t.co")],
    ];
    sheets
}

// Issue 22, finding 4: the leads' 投稿URL column was unused, and a lead with no source was
// silently その他.
#[test]
fn issue_22_a_leads_post_url_column_links_the_lead_to_its_post() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &leads_with_post_urls());
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--quiet",
            "--summary-json",
            "s.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    // L1 names P1 by its /posts/…-activity-<n>- link, L5 names P2 by a twitter.com status link.
    assert_eq!(summary["posts"]["P1"]["leads"], 1);
    assert_eq!(summary["posts"]["P2"]["leads"], 1);
    // x: L5 (by its post) and L7 (utm_source t.co); other: L6 alone.
    assert_eq!(summary["channels"]["x"]["leads"], 2);
    assert_eq!(summary["channels"]["other"]["leads"], 1);

    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let issues = json["issues"].as_array().unwrap();
    assert!(
        issues.iter().all(|i| i["code"] != "unknown_reference"),
        "{issues:?}"
    );
    let no_channel: Vec<_> = issues
        .iter()
        .filter(|i| i["code"] == "no_channel")
        .collect();
    assert_eq!(no_channel.len(), 1, "{issues:?}");
    assert_eq!(no_channel[0]["severity"], "warning");
    assert_eq!(no_channel[0]["value"], "L6");
    assert_eq!(no_channel[0]["cell"], "C6");
    assert_eq!(no_channel[0]["column"], "流入元");
    // Grouped in check's text: one line with its count.
    let text = stdout(&kpibook(dir.path(), &["check", "m.xlsx"]));
    assert_eq!(text.matches("no_channel").count(), 1, "{text}");
}

// Issue 22, finding 4: a LinkedIn sheet without id and platform columns was skipped with advice
// that named neither `[defaults.posts] platform` nor the URL as the id.
#[test]
fn issue_22_a_linkedin_sheet_without_id_or_platform_is_told_both_ways_in() {
    let dir = temp_dir();
    let mut sheets = leads_with_post_urls();
    let posts = sheets.iter_mut().find(|(name, _)| *name == "投稿").unwrap();
    *posts = (
        "LinkedIn",
        vec![
            vec![
                S("投稿URL"),
                S("投稿日"),
                S("インプレッション数"),
                S("クリック数"),
            ],
            vec![S(P1_URL), D(2025, 4, 5), N(1000.0), N(10.0)],
        ],
    );
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let ignored = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "sheet_ignored" && i["sheet"] == "LinkedIn")
        .unwrap_or_else(|| panic!("the LinkedIn sheet is skipped: {json}"));
    let advice = ignored["message"].as_str().unwrap();
    for line in [
        "[columns.posts]",
        "\"投稿URL\" = [\"url\", \"post_id\"]",
        "[defaults.posts]",
        "platform = \"linkedin\"",
        "投稿IDとして読めます",
    ] {
        assert!(advice.contains(line), "{line} in {advice}");
    }
    // Following the advice reads the sheet: L1's /posts/ link names the post its URL does.
    std::fs::write(
        dir.path().join("kpibook.toml"),
        "[columns.posts]\n\"投稿URL\" = [\"url\", \"post_id\"]\n\n[defaults.posts]\nplatform = \"linkedin\"\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--quiet",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.code() == Some(0), "{}", stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    assert_eq!(
        summary["posts"]["7100000000000000001"]["leads"], 1,
        "{}",
        summary["posts"]
    );
}

#[test]
fn issue_22_a_leads_sheet_with_no_channel_column_is_told_once() {
    let dir = temp_dir();
    let mut sheets = three_channels();
    let leads = sheets
        .iter_mut()
        .find(|(name, _)| *name == "リード")
        .unwrap();
    leads.1 = vec![
        vec![S("リードID"), S("獲得日")],
        vec![S("L1"), D(2025, 4, 6)],
        vec![S("L2"), D(2025, 4, 20)],
        vec![S("L3"), D(2025, 5, 1)],
    ];
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let check = kpibook(dir.path(), &["check", "m.xlsx", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let no_channel: Vec<_> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "no_channel")
        .collect();
    assert_eq!(no_channel.len(), 1, "{no_channel:?}");
    assert_eq!(no_channel[0]["value"], "3");
    assert_eq!(no_channel[0]["row"], 1, "the header row");
    let message = no_channel[0]["message"].as_str().unwrap();
    assert!(
        message.contains("3 件") && message.contains("「流入元」"),
        "{message}"
    );
}
