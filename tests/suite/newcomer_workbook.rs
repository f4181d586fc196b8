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
