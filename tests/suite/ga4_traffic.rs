//! Google Analytics 4 traffic-acquisition exports (SPEC section 9) read as they come, with a leads
//! sheet: the summary's and the Channels sheet's sessions are the export's own numbers, lead per
//! session is leads / sessions, and LibreOffice recalculates the new formulas to their values.

use crate::common;

use std::path::Path;

use calamine::{Data, Reader};
use common::*;
use serde_json::Value;

/// The comment block GA4 Reports writes above the header, with its period.
fn comment_block(title: &str, start: &str, end: &str, ja: bool) -> String {
    let (start_label, end_label, users) = if ja {
        ("開始日", "終了日", "すべてのユーザー")
    } else {
        ("Start date", "End date", "All Users")
    };
    format!(
        "# ----------------------------------------\n# {title}\n# Account: Acme\n# Property: Acme - GA4\n\
         # ----------------------------------------\n# \n# {users}\n# {start_label}: {start}\n# {end_label}: {end}\n"
    )
}

const CHANNEL_HEADER: &str = "Session primary channel group (Default Channel Group),Sessions,Engaged sessions,Engagement rate,Average engagement time per session,Events per session,Event count,Key events,Session key event rate,Total revenue";

/// (channel as GA4 writes it, sessions, engaged sessions, key events) of the English export.
const CHANNEL_ROWS: [(&str, u64, u64, f64); 3] = [
    ("Direct", 1234, 876, 12.0),
    ("Organic Search", 2000, 1500, 20.5),
    ("Organic Social", 300, 120, 3.0),
];

fn write_channel_export(dir: &Path) {
    let mut text = comment_block(
        "Traffic acquisition: Session primary channel group (Default Channel Group)",
        "20250101",
        "20250131",
        false,
    );
    text.push_str(CHANNEL_HEADER);
    text.push('\n');
    for (channel, sessions, engaged, key_events) in CHANNEL_ROWS {
        let rate = engaged as f64 / sessions as f64;
        text.push_str(&format!(
            "{channel},{sessions},{engaged},{rate},48.27,9.12,11229,{key_events},0.009724,0\n"
        ));
    }
    // The grand total GA4 writes with no dimension value: not data.
    text.push_str(",3534,2496,0.706,40,8,28729,35.5,0.01,0\n");
    // A second table of the same download, under its own `#` lines: not traffic rows.
    text.push_str(
        "\n# ----------------------------------------\n# Sessions over time\nNth day,Sessions\n0000,120\n0001,98\n",
    );
    std::fs::write(
        dir.join("Traffic_acquisition_Session_primary_channel_group.csv"),
        text,
    )
    .unwrap();
}

/// Leads of January 2025: (id, day, channel as the team writes it).
const LEADS: [(&str, &str, &str); 4] = [
    ("L1", "2025-01-05", "Direct"),
    ("L2", "2025-01-06", "Organic Search"),
    ("L3", "2025-01-07", "自然検索"),
    ("L4", "2025-01-08", "SNS"),
];

fn write_leads(dir: &Path) {
    let mut text = String::from("lead_id,created_at,channel\n");
    for (id, day, channel) in LEADS {
        text.push_str(&format!("{id},{day},{channel}\n"));
    }
    std::fs::write(dir.join("leads.csv"), text).unwrap();
}

fn report(dir: &Path, period: &str) -> Value {
    let out = kpibook(
        dir,
        &[
            "report",
            ".",
            "-o",
            "report.xlsx",
            "--period",
            period,
            "--lang",
            "en",
            "--summary-json",
            "summary.json",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    read_json(&dir.join("summary.json"))
}

/// The Channels sheet's cell under `header` on the row of `channel_id` (or the total row).
fn channels_cell(report: &Path, channel_id: Option<&str>, header: &str) -> Data {
    let mut workbook = super::libreoffice_recalc::open(report);
    let range = workbook.worksheet_range("Channels").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header_row = rows
        .iter()
        .position(|r| r.iter().any(|c| *c == "Channel id"))
        .expect("a header row");
    let col = rows[header_row]
        .iter()
        .position(|c| *c == header)
        .unwrap_or_else(|| panic!("no column {header}"));
    let row = rows
        .iter()
        .skip(header_row + 1)
        .find(|r| match channel_id {
            Some(id) => r[1] == id,
            None => r[0] == "Total",
        })
        .unwrap_or_else(|| panic!("no row for {channel_id:?}"));
    row[col].clone()
}

fn number(data: &Data) -> f64 {
    match data {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn a_ga4_channel_export_without_a_date_gives_each_channel_its_sessions_for_the_commented_period() {
    let dir = temp_dir();
    write_channel_export(dir.path());
    write_leads(dir.path());
    let summary = report(dir.path(), "2025-01-01..2025-01-31");
    assert_eq!(summary["rows"]["traffic"]["accepted"], 3);
    assert_eq!(summary["rows"]["traffic"]["rejected"], 0);
    // The export's own numbers, channel by channel; leads counted from the leads sheet above.
    let expected = [
        ("direct", 1234.0, 1.0),
        ("organic_search", 2000.0, 2.0),
        ("social", 300.0, 1.0),
    ];
    for (channel, sessions, leads) in expected {
        let c = &summary["channels"][channel];
        assert_close(&c["sessions"], sessions, &format!("{channel} sessions"));
        assert_close(&c["leads"], leads, &format!("{channel} leads"));
        assert_close(
            &c["lead_per_session"],
            leads / sessions,
            &format!("{channel} lead/session"),
        );
    }
    let total_sessions: f64 = CHANNEL_ROWS.iter().map(|r| r.1 as f64).sum();
    let total_key_events: f64 = CHANNEL_ROWS.iter().map(|r| r.3).sum();
    let totals = &summary["totals"];
    assert_close(&totals["sessions"], total_sessions, "total sessions");
    assert_close(&totals["key_events"], total_key_events, "total key events");
    assert_close(
        &totals["lead_per_session"],
        LEADS.len() as f64 / total_sessions,
        "total lead/session",
    );

    // The funnel gains a sessions stage before the leads.
    assert_close(
        &summary["funnel"]["sessions"],
        total_sessions,
        "funnel sessions",
    );

    // The Channels sheet holds the same figures.
    let report = dir.path().join("report.xlsx");
    for (channel, sessions, leads) in expected {
        let cell = channels_cell(&report, Some(channel), "Sessions");
        assert_eq!(number(&cell), sessions, "{channel}");
        let rate = number(&channels_cell(&report, Some(channel), "Lead/session"));
        assert!((rate - leads / sessions).abs() < 1e-12, "{channel}: {rate}");
    }
    assert_eq!(
        number(&channels_cell(&report, None, "Sessions")),
        total_sessions
    );
}

#[test]
fn a_report_without_web_analytics_has_no_sessions_anywhere() {
    let dir = temp_dir();
    write_leads(dir.path());
    let summary = report(dir.path(), "2025-01-01..2025-01-31");
    assert!(summary["totals"].get("sessions").is_none());
    assert!(summary["channels"]["direct"].get("sessions").is_none());
    let workbook = super::libreoffice_recalc::open(&dir.path().join("report.xlsx"));
    assert!(!workbook.sheet_names().iter().any(|s| s == "Traffic data"));
}

#[test]
fn a_japanese_ga4_export_with_the_date_dimension_counts_the_days_in_the_period() {
    let dir = temp_dir();
    let mut text = comment_block(
        "トラフィック獲得: セッションのメインのチャネル グループ（デフォルト チャネル グループ）",
        "20250101",
        "20250131",
        true,
    );
    text.push_str("セッションのメインのチャネル グループ（デフォルト チャネル グループ）,日付,セッション,エンゲージのあったセッション数,エンゲージメント率,キーイベント,合計収益\n");
    // (channel, day, sessions, key events)
    let rows = [
        ("Direct", "20250102", 10, 1.0),
        ("Organic Search", "20250102", 20, 0.5),
        ("Organic Search", "20250115", 4, 0.0),
        ("Direct", "20250120", 7, 2.0),
    ];
    for (channel, day, sessions, key_events) in rows {
        text.push_str(&format!(
            "{channel},{day},{sessions},1,0.5,{key_events},0\n"
        ));
    }
    text.push_str(",,41,4,0.5,3.5,0\n");
    std::fs::write(dir.path().join("トラフィック獲得.csv"), text).unwrap();
    write_leads(dir.path());
    let summary = report(dir.path(), "2025-01-01..2025-01-15");
    assert_eq!(summary["rows"]["traffic"]["accepted"], 4);
    // Days 2 and 15 are in the period; the 20th is not.
    let in_period = |channel: &str| -> f64 {
        rows.iter()
            .filter(|r| r.0 == channel && r.1 <= "20250115")
            .map(|r| r.2 as f64)
            .sum()
    };
    assert_close(
        &summary["channels"]["direct"]["sessions"],
        in_period("Direct"),
        "direct",
    );
    assert_close(
        &summary["channels"]["organic_search"]["sessions"],
        in_period("Organic Search"),
        "organic search",
    );
    assert_close(
        &summary["totals"]["key_events"],
        1.5,
        "key events of the 2nd and 15th",
    );
    assert_close(
        &summary["channels"]["organic_search"]["lead_per_session"],
        2.0 / in_period("Organic Search"),
        "organic search lead/session",
    );
}

/// (source / medium, sessions over the 31 days of January, channel id it maps to)
const SOURCE_MEDIUM_ROWS: [(&str, f64, &str); 6] = [
    ("(direct) / (none)", 310.0, "direct"),
    ("google / organic", 620.0, "organic_search"),
    ("t.co / referral", 31.0, "x"),
    ("lnkd.in / referral", 62.0, "linkedin"),
    ("google / cpc", 93.0, "search_ads"),
    ("example.com / referral", 31.0, "referral"),
];

fn write_source_medium_export(dir: &Path) {
    let mut text = comment_block(
        "Traffic acquisition: Session source / medium",
        "20250101",
        "20250131",
        false,
    );
    text.push_str("Session source / medium,Sessions,Engaged sessions,Key events\n");
    for (source_medium, sessions, _) in SOURCE_MEDIUM_ROWS {
        text.push_str(&format!("{source_medium},{sessions},1,0\n"));
    }
    std::fs::write(dir.join("source_medium.csv"), text).unwrap();
}

#[test]
fn a_source_medium_export_maps_to_channels_and_a_month_is_pro_rated_to_a_shorter_period() {
    let dir = temp_dir();
    write_source_medium_export(dir.path());
    write_leads(dir.path());
    let summary = report(dir.path(), "2025-01-01..2025-01-10");
    for (source_medium, sessions, channel) in SOURCE_MEDIUM_ROWS {
        // 10 of the export's 31 days lie in the period.
        assert_close(
            &summary["channels"][channel]["sessions"],
            sessions * 10.0 / 31.0,
            source_medium,
        );
    }
    let report = dir.path().join("report.xlsx");
    let linkedin = number(&channels_cell(&report, Some("linkedin"), "Sessions"));
    assert!((linkedin - 20.0).abs() < 1e-9, "{linkedin}");
}

#[test]
fn a_report_with_web_analytics_recalculates_to_the_cached_values() {
    if !super::libreoffice_recalc::soffice_available() {
        return;
    }
    let dir = temp_dir();
    write_source_medium_export(dir.path());
    write_channel_export(dir.path());
    write_leads(dir.path());
    report(dir.path(), "2025-01-01..2025-01-10");
    let report = dir.path().join("report.xlsx");
    let recalculated = super::libreoffice_recalc::recalculate(dir.path(), &report);
    let compared = super::libreoffice_recalc::assert_recalculation_agrees(&report, &recalculated);
    assert!(compared > 50, "{compared} formulas compared");
}

#[test]
fn the_reverse_plan_takes_the_sessions_actual_from_web_analytics() {
    let dir = temp_dir();
    write_channel_export(dir.path());
    write_leads(dir.path());
    let out = kpibook(
        dir.path(),
        &[
            "plan",
            ".",
            "--target-revenue",
            "1000000",
            "--period",
            "2025-01-01..2025-01-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let total_sessions: f64 = CHANNEL_ROWS.iter().map(|r| r.1 as f64).sum();
    assert_close(
        &plan["actual"]["sessions"],
        total_sessions,
        "actual sessions",
    );
}

/// An older English Explorations export: `Session default channel group`, `Conversions` (before
/// key events), the date dimension first, and a `Totals` row under the header.
#[test]
fn an_older_explorations_export_with_a_totals_row_and_conversions_is_read() {
    let dir = temp_dir();
    let mut text = String::from(
        "# ----------------------------------------\n# Free form 1\n# Account: Acme\n\
         # Property: Acme - GA4\n# ----------------------------------------\n\
         # \n# Start date: 20230301\n# End date: 20230331\n",
    );
    text.push_str("Date,Session default channel group,Sessions,Engaged sessions,Conversions\n");
    text.push_str("Totals,,60,30,4\n");
    // (day, channel, sessions, conversions)
    let rows = [
        ("20230301", "Paid Search", 25, 2),
        ("20230302", "Referral", 15, 1),
        ("20230302", "Email", 20, 1),
    ];
    for (day, channel, sessions, conversions) in rows {
        text.push_str(&format!("{day},{channel},{sessions},10,{conversions}\n"));
    }
    std::fs::write(dir.path().join("download.csv"), text).unwrap();
    let summary = report(dir.path(), "2023-03-01..2023-03-31");
    assert_eq!(summary["rows"]["traffic"]["accepted"], 3);
    for (id, (_, _, sessions, _)) in ["search_ads", "referral", "email"].iter().zip(rows) {
        assert_close(&summary["channels"][id]["sessions"], sessions as f64, id);
    }
    let conversions: f64 = rows.iter().map(|r| r.3 as f64).sum();
    assert_close(&summary["totals"]["key_events"], conversions, "key events");
}

#[test]
fn a_traffic_sheet_with_no_date_and_no_period_lines_says_where_a_date_comes_from() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("channels.csv"),
        "Session default channel group,Sessions\nDirect,5\n",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["check", "channels.csv", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("no date column and no period above its header"),
        "{}",
        stdout(&out)
    );
}

/// A traffic sheet whose every row was rejected still gets its (empty) data sheet: the Checks
/// sheet counts the sheet's accepted rows there, and LibreOffice finds it.
#[test]
fn a_traffic_sheet_with_every_row_rejected_keeps_its_data_sheet_for_the_checks() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("channels.csv"),
        "Session default channel group,Sessions\nDirect,5\n",
    )
    .unwrap();
    write_leads(dir.path());
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
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report = dir.path().join("report.xlsx");
    let workbook = super::libreoffice_recalc::open(&report);
    assert!(workbook.sheet_names().iter().any(|s| s == "Traffic data"));
    if super::libreoffice_recalc::soffice_available() {
        let recalculated = super::libreoffice_recalc::recalculate(dir.path(), &report);
        super::libreoffice_recalc::assert_recalculation_agrees(&report, &recalculated);
    }
}
