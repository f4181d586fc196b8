//! `kpibook profile FILE` (SPEC section 9): for exports that no built-in profile knows (a
//! Pipedrive deals export, a Yahoo! 広告 report, a Pinterest analytics overview, TikTok Ads
//! Manager reports), the drafted profile, dropped into `profiles_dir` unedited (or with only its
//! `# ?` line about a missing required field resolved), reads the file: every data row accepted,
//! the figures those of the file's own cells.

use std::path::Path;

use super::common::{kpibook, read_json, stderr, stdout, temp_dir};

const PIPEDRIVE: &str = "\"Deal - ID\",\"Deal - Title\",\"Deal - Value\",\"Deal - Currency\",\"Deal - Status\",\"Deal - Deal created\",\"Deal - Won time\",\"Deal - Lost time\",\"Deal - Organization\"\n\
\"101\",\"Acme renewal\",\"1200000\",\"JPY\",\"won\",\"2025-05-01 10:00:00\",\"2025-06-10 15:00:00\",\"\",\"Acme\"\n\
\"102\",\"Beta pilot\",\"300000\",\"JPY\",\"lost\",\"2025-05-03 09:00:00\",\"\",\"2025-06-20 11:00:00\",\"Beta\"\n\
\"103\",\"Gamma\",\"500000\",\"JPY\",\"open\",\"2025-06-01 12:00:00\",\"\",\"\",\"Gamma\"\n\
\"104\",\"Delta\",\"800000\",\"JPY\",\"won\",\"2025-05-20 12:00:00\",\"2025-06-28 09:30:00\",\"\",\"Delta\"\n";

const YAHOO: &str = "日,キャンペーン名,インプレッション数,クリック数,コスト\n\
2025/07/01,夏の展示会,1200,30,\"¥4,500\"\n\
2025/07/02,夏の展示会,900,21,\"¥3,200\"\n\
2025/07/02,資料DL,400,8,\"¥1,100\"\n\
合計,--,2500,59,\"¥8,800\"\n";

const TIKTOK_ADS_CAMPAIGNS: &str = "By Day,Campaign name,Cost,Impressions,Clicks,Conversions\n\
2026-01-05,Spring promo,3120.50,40210,312,4\n\
2026-01-06,Spring promo,2980.00,38800,290,3\n\
2026-01-06,Retargeting,1044.25,9100,88,2\n";

const TIKTOK_ADS_AD_GROUPS: &str = "Ad group name,Date,Cost,Impressions,Clicks\n\
Lookalike JP,2026-02-02,1500.00,20000,150\n\
Interest IT,2026-02-02,820.40,9800,64\n\
Lookalike JP,2026-02-03,1320.10,18100,131\n";

const PINTEREST: &str = "Date,Impressions,Engagements,Pin clicks,Outbound clicks,Saves\n\
2025-07-01,1000,40,12,5,3\n\
2025-07-02,1500,55,20,9,4\n\
2025-07-03,800,21,6,2,1\n";

/// `kpibook profile FILE -o profiles/<stem>.toml` in `dir`; the draft's text.
fn draft(dir: &Path, file: &str) -> String {
    std::fs::create_dir_all(dir.join("profiles")).unwrap();
    let stem = file.rsplit_once('.').unwrap().0;
    let target = format!("profiles/{stem}.toml");
    let out = kpibook(dir, &["profile", file, "-o", &target, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("Written to {target}")),
        "{}",
        stderr(&out)
    );
    std::fs::read_to_string(dir.join(target)).unwrap()
}

/// `check FILE --format json` with `profiles_dir = "profiles"`: its one sheet and the row counts.
fn checked_sheet(dir: &Path, file: &str) -> (serde_json::Value, serde_json::Value) {
    std::fs::write(dir.join("kpibook.toml"), "profiles_dir = \"profiles\"\n").unwrap();
    let out = kpibook(dir, &["check", file, "--format", "json"]);
    // 0, or 3 when rows were rejected (the counts tell which).
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    (json["sheets"][0].clone(), json["rows"].clone())
}

#[test]
fn a_crm_deals_export_no_profile_knows_is_read_by_its_unedited_draft() {
    let dir = temp_dir();
    let d = dir.path();
    std::fs::write(d.join("deals-pipedrive.csv"), PIPEDRIVE).unwrap();
    // Without a profile the file is no table, and the message points at `kpibook profile`.
    let before = kpibook(d, &["check", "deals-pipedrive.csv"]);
    assert_eq!(before.status.code(), Some(1));
    assert!(
        stderr(&before).contains("kpibook profile \"deals-pipedrive.csv\""),
        "{}",
        stderr(&before)
    );

    let text = draft(d, "deals-pipedrive.csv");
    assert!(text.contains("table = \"deals\""), "{text}");
    assert!(text.contains("\"Deal - Status\" = \"status\""), "{text}");
    // Won and lost deals close in two columns; both feed closed_at.
    assert!(
        text.contains("\"Deal - Won time\" = \"closed_at\""),
        "{text}"
    );
    assert!(
        text.contains("\"Deal - Lost time\" = \"closed_at\""),
        "{text}"
    );

    let (sheet, rows) = checked_sheet(d, "deals-pipedrive.csv");
    assert_eq!(sheet["table"], "deals");
    assert_eq!(sheet["profile"], "deals_pipedrive_draft");
    assert_eq!(rows["deals"]["accepted"], 4, "{rows}");
    assert_eq!(rows["deals"]["rejected"], 0, "{rows}");

    // Revenue is the won deals' values: 1,200,000 + 800,000 (the file's own cells).
    let out = kpibook(
        d,
        &[
            "report",
            "deals-pipedrive.csv",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = read_json(&d.join("s.json"));
    assert_eq!(summary["totals"]["revenue"], 2_000_000.0);
    assert_eq!(summary["totals"]["won"], 2);
}

#[test]
fn a_japanese_ad_report_no_profile_knows_is_read_by_its_unedited_draft() {
    let dir = temp_dir();
    let d = dir.path();
    std::fs::write(d.join("yahoo_ads_202507.csv"), YAHOO).unwrap();
    let text = draft(d, "yahoo_ads_202507.csv");
    assert!(text.contains("table = \"costs\""), "{text}");
    // The channel from the file name, the total row skipped: both said as guesses or rules.
    assert!(text.contains("channel = \"search_ads\""), "{text}");
    assert!(text.contains("first_cell = [\"合計\"]"), "{text}");

    let (sheet, rows) = checked_sheet(d, "yahoo_ads_202507.csv");
    assert_eq!(sheet["table"], "costs");
    assert_eq!(rows["costs"]["accepted"], 3, "{rows}");
    assert_eq!(rows["costs"]["rejected"], 0, "{rows}");

    let out = kpibook(
        d,
        &[
            "report",
            "yahoo_ads_202507.csv",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = read_json(&d.join("s.json"));
    // 4,500 + 3,200 + 1,100, the total row (8,800) not counted again.
    assert_eq!(summary["channels"]["search_ads"]["cost"], 8_800.0);
}

#[test]
fn a_daily_export_reads_once_its_commented_platform_line_is_resolved() {
    let dir = temp_dir();
    let d = dir.path();
    std::fs::write(d.join("overview.csv"), PINTEREST).unwrap();
    let text = draft(d, "overview.csv");
    assert!(text.contains("table = \"daily\""), "{text}");
    // Nothing names the platform: the draft says so on a line marked `# ?`.
    let unsure = text
        .lines()
        .find(|l| l.starts_with("# ?") && l.contains("`platform`"))
        .unwrap_or_else(|| panic!("no `# ?` line for the platform:\n{text}"));
    // Unedited, the draft loads, but every row lacks its platform.
    let (_, rows) = checked_sheet(d, "overview.csv");
    assert_eq!(rows["daily"]["rejected"], 3, "{rows}");

    // The guess resolved: the team names the platform.
    let resolved = text.replace(unsure, "constants = { platform = \"other\" }");
    std::fs::write(d.join("profiles/overview.toml"), resolved).unwrap();
    let (sheet, rows) = checked_sheet(d, "overview.csv");
    assert_eq!(sheet["table"], "daily");
    assert_eq!(sheet["profile"], "overview_draft");
    assert_eq!(rows["daily"]["accepted"], 3, "{rows}");
    let mapped = &sheet["mapped"];
    assert_eq!(mapped["Impressions"], "impressions", "{mapped}");
    assert_eq!(mapped["Pin clicks"], "clicks", "{mapped}");
    // The daily table has no saves: the column is left unused, not forced onto a field.
    assert!(mapped.get("Saves").is_none(), "{mapped}");
}

/// TikTok Ads Manager reports, by campaign and by ad group (invented values in the layout of its
/// custom reports: `By Day` or `Date`, `Cost`): no built-in profile knows them, so each is read by
/// its unedited draft, the spend that of the files' own `Cost` cells.
#[test]
fn ad_manager_reports_no_profile_knows_are_read_by_their_unedited_drafts() {
    let reports = [
        ("tiktok_ads_campaign_report.csv", TIKTOK_ADS_CAMPAIGNS),
        ("tiktok_ads_ad_group_report.csv", TIKTOK_ADS_AD_GROUPS),
    ];
    for (name, text) in reports {
        let dir = temp_dir();
        let d = dir.path();
        std::fs::write(d.join(name), text).unwrap();
        // Not read before: no profile, and the schema's aliases make no table of it.
        let before = kpibook(d, &["check", name, "--format", "json"]);
        assert_eq!(before.status.code(), Some(1), "{name}: {}", stderr(&before));
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let cost_col = header.iter().position(|h| *h == "Cost").unwrap();
        let spend: f64 = text
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(',').nth(cost_col).unwrap().parse::<f64>().unwrap())
            .sum();

        let drafted = draft(d, name);
        assert!(drafted.contains("table = \"costs\""), "{drafted}");
        assert!(drafted.contains("channel = \"tiktok\""), "{drafted}");
        let (sheet, rows) = checked_sheet(d, name);
        assert_eq!(sheet["table"], "costs", "{name}");
        assert_eq!(rows["costs"]["accepted"], 3, "{name}: {rows}");
        assert_eq!(rows["costs"]["rejected"], 0, "{name}: {rows}");
        let out = kpibook(
            d,
            &["report", name, "-o", "r.xlsx", "--summary-json", "s.json"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let summary = read_json(&d.join("s.json"));
        let cost = summary["channels"]["tiktok"]["cost"].as_f64().unwrap();
        assert!((cost - spend).abs() < 1e-6, "{name}: {cost} vs {spend}");
    }
}
