//! The corpus of real export variants (issue 23): every file under `tests/fixtures/exports/`
//! reproduces the layout of a real export (another account, year or UI language, columns chosen
//! differently, with or without a date column; see the README there and
//! docs/research/export-variants.md) with invented values. Each goes through the binary as-is,
//! with no config: `check` reads it as the expected table (and profile, where one exists) with no
//! error and no rejected row, and `report` gives figures equal to the sums of the fixture's own
//! cells, read here from the fixture itself.
//!
//! A variant the reader cannot take yet is `#[ignore]`d with the mechanism it needs; un-ignore it
//! when that mechanism lands.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

use super::common::{kpibook, read_json, stderr, temp_dir};
use super::export_profiles::{column, data_sheet, number};

/// A figure the report must give, worked out from the fixture's cells.
enum Check {
    /// The summary JSON figure at `path` equals the sum of the cells under any of `headers`.
    Sum(&'static [&'static str], &'static [&'static str]),
    /// The report's data sheet (`sheet`, `column`) adds up to the cells under any of `headers`.
    Sheet(&'static str, &'static str, &'static [&'static str]),
    /// The summary figure at `path` equals the number of data rows read (placeholders excluded).
    Rows(&'static [&'static str]),
    /// The summary figure at `path` equals the number of rows whose `header` cell is one of
    /// `values` (won deals by their stage).
    Count(
        &'static [&'static str],
        &'static str,
        &'static [&'static str],
    ),
    /// The summary figure at `path` equals the sum of `sum` over the rows whose `header` cell is
    /// one of `values` (the revenue of the won deals).
    SumWhere(
        &'static [&'static str],
        &'static str,
        &'static str,
        &'static [&'static str],
    ),
}
use Check::*;

/// One fixture (or one sheet of it) and what reading it must give.
struct Variant {
    /// The path under `tests/fixtures/exports/`; the file keeps its export's name.
    file: &'static str,
    /// The sheet of a workbook; `None` for a CSV.
    sheet: Option<&'static str>,
    table: &'static str,
    /// The profile `check` names; `None` where no built-in profile exists yet (not asserted).
    profile: Option<&'static str>,
    /// The first cell of the header row (title and comment rows above it are not data).
    header: &'static str,
    /// Rows between the header and the data (a `Total` row).
    skip: usize,
    /// Data rows in the fixture; totals and footers after them are not data.
    rows: usize,
    /// (header, cell) of rows the platform writes as placeholders (an empty link, a link ending
    /// `/status/undefined`, a sub-table continuation row): not data, not rejected, not summed.
    placeholder: Option<(&'static str, &'static str)>,
    checks: &'static [Check],
}

const fn v(file: &'static str, table: &'static str, profile: Option<&'static str>) -> Variant {
    Variant {
        file,
        sheet: None,
        table,
        profile,
        header: "",
        skip: 0,
        rows: 0,
        placeholder: None,
        checks: &[],
    }
}

fn fixture_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(file)
}

/// The text of a CSV fixture as its export encodes it (UTF-16 with a BOM, UTF-8 with or without
/// one, else Shift_JIS as kintone writes it).
fn decoded(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

/// Every row of the fixture as text cells.
fn fixture_cells(variant: &Variant) -> Vec<Vec<String>> {
    let path = fixture_path(variant.file);
    if let Some(sheet) = variant.sheet {
        let mut book = open_workbook_auto(&path).expect("the fixture workbook opens");
        let range = book.worksheet_range(sheet).expect("the fixture sheet");
        return range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
    }
    let text = decoded(&std::fs::read(&path).expect("the fixture"));
    let tabs = text.lines().any(|l| l.contains('\t'));
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs { b'\t' } else { b',' })
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The fixture's header and data rows (title rows, a Total row and footers left out).
fn header_and_rows(variant: &Variant) -> (Vec<String>, Vec<Vec<String>>) {
    let cells = fixture_cells(variant);
    let at = cells
        .iter()
        .position(|r| r.first().is_some_and(|c| c.trim() == variant.header))
        .unwrap_or_else(|| {
            panic!(
                "{}: no header row starting {}",
                variant.file, variant.header
            )
        });
    let start = at + 1 + variant.skip;
    let rows = cells[start..start + variant.rows].to_vec();
    (cells[at].clone(), rows)
}

/// A count or amount as the export writes it: `"1,234.50"`, `4715.0`, `-` or `--` for none, and
/// the decimal comma of a Portuguese export (`3.210,50`).
fn amount(cell: &str) -> f64 {
    let cell = cell.trim();
    if cell.is_empty() || cell == "-" || cell == "--" {
        return 0.0;
    }
    let plain = match (cell.rfind(','), cell.rfind('.')) {
        (Some(comma), Some(dot)) if comma > dot => cell.replace('.', "").replace(',', "."),
        (Some(_), None) if cell.rsplit(',').next().is_some_and(|t| t.len() != 3) => {
            cell.replace(',', ".")
        }
        _ => cell.replace(',', ""),
    };
    plain
        .parse()
        .unwrap_or_else(|_| panic!("not a number in the fixture: {cell}"))
}

fn column_sum(header: &[String], rows: &[Vec<String>], names: &[&str]) -> f64 {
    let mut sum = 0.0;
    for (col, _) in header
        .iter()
        .enumerate()
        .filter(|(_, h)| names.contains(&h.trim()))
    {
        sum += rows
            .iter()
            .map(|r| r.get(col).map_or(0.0, |c| amount(c)))
            .sum::<f64>();
    }
    sum
}

fn rows_where<'a>(
    header: &[String],
    rows: &'a [Vec<String>],
    name: &str,
    values: &[&str],
) -> Vec<&'a Vec<String>> {
    let col = header
        .iter()
        .position(|h| h.trim() == name)
        .unwrap_or_else(|| panic!("no column {name} in the fixture"));
    rows.iter()
        .filter(|r| r.get(col).is_some_and(|c| values.contains(&c.trim())))
        .collect()
}

fn figure(summary: &Value, path: &[&str]) -> f64 {
    let value = path.iter().fold(summary, |v, key| &v[*key]);
    value
        .as_f64()
        .unwrap_or_else(|| panic!("summary {path:?} is not a number: {value}"))
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "{what}: the report gives {actual}, the fixture's cells add up to {expected}"
    );
}

/// Copies the fixture under its own name (the period may live in it), runs `check` and `report`
/// on it alone, and asserts what the module doc promises.
fn goes_in(variant: &Variant) {
    let dir = temp_dir();
    let name = Path::new(variant.file)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    std::fs::copy(fixture_path(variant.file), dir.path().join(name)).unwrap();
    let (header, mut rows) = header_and_rows(variant);
    if let Some((name, cell)) = variant.placeholder {
        let placeholders = rows_where(&header, &rows, name, &[cell]).len();
        assert!(placeholders > 0, "{}: no placeholder row", variant.file);
        let col = header.iter().position(|h| h.trim() == name).unwrap();
        rows.retain(|r| r.get(col).is_none_or(|c| c.trim() != cell));
    }
    let data_rows = rows.len();

    let check = kpibook(
        dir.path(),
        &["check", name, "--format", "json", "--lang", "en"],
    );
    let json: Value = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|_| panic!("{}: {}", variant.file, stderr(&check)));
    let sheets = json["sheets"].as_array().expect("sheets");
    let sheet = sheets
        .iter()
        .find(|s| variant.sheet.is_none_or(|name| s["sheet"] == name))
        .unwrap_or_else(|| {
            panic!(
                "{}: no sheet {:?} in {sheets:?}",
                variant.file, variant.sheet
            )
        });
    assert_eq!(sheet["table"], variant.table, "{}: {sheet}", variant.file);
    if let Some(profile) = variant.profile {
        assert_eq!(sheet["profile"], profile, "{}: {sheet}", variant.file);
    }
    let errors: Vec<&Value> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", variant.file);
    let counted = &json["rows"][variant.table];
    assert_eq!(
        counted["accepted"], data_rows,
        "{}: {counted}",
        variant.file
    );
    assert_eq!(counted["rejected"], 0, "{}: {counted}", variant.file);

    let out = kpibook(
        dir.path(),
        &[
            "report",
            name,
            "-o",
            "r.xlsx",
            "--lang",
            "en",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(out.status.success(), "{}: {}", variant.file, stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    assert_eq!(
        summary["rows"][variant.table]["accepted"], data_rows,
        "{}",
        variant.file
    );
    for check in variant.checks {
        match check {
            Sum(path, headers) => close(
                figure(&summary, path),
                column_sum(&header, &rows, headers),
                &format!("{} {path:?}", variant.file),
            ),
            Sheet(sheet, col, headers) => {
                let cells = data_sheet(&dir.path().join("r.xlsx"), sheet);
                let actual = column(&cells, col).into_iter().map(number).sum();
                close(
                    actual,
                    column_sum(&header, &rows, headers),
                    &format!("{} {sheet}/{col}", variant.file),
                );
            }
            Rows(path) => close(
                figure(&summary, path),
                data_rows as f64,
                &format!("{} {path:?}", variant.file),
            ),
            Count(path, name, values) => close(
                figure(&summary, path),
                rows_where(&header, &rows, name, values).len() as f64,
                &format!("{} {path:?}", variant.file),
            ),
            SumWhere(path, sum, name, values) => {
                let won: Vec<Vec<String>> = rows_where(&header, &rows, name, values)
                    .into_iter()
                    .cloned()
                    .collect();
                close(
                    figure(&summary, path),
                    column_sum(&header, &won, &[sum]),
                    &format!("{} {path:?}", variant.file),
                );
            }
        }
    }
}

/// Meta Ads Manager, ad level: `Ad name` twice, no `Campaign name`, no `Day`, the period in `Reporting starts` / `Reporting ends` and in the file name.
#[test]
fn meta_ads_at_ad_level_without_campaign_or_day_columns() {
    goes_in(&Variant {
        header: "Ad name",
        rows: 4,
        checks: &[Sum(&["totals", "cost"], &["Amount spent (JPY)"])],
        ..v(
            "meta_ads/Untitled-report-Jan-1-2026-to-Jan-31-2026.csv",
            "costs",
            Some("meta_ads_en"),
        )
    });
}

/// Meta 広告マネージャ (Japanese UI), split by day: `日`, no `レポート開始日`; a quoted `"5,120"`.
#[test]
fn meta_ads_japanese_split_by_day() {
    goes_in(&Variant {
        header: "日",
        rows: 4,
        checks: &[Sum(&["totals", "cost"], &["消化金額 (JPY)"])],
        ..v(
            "meta_ads/meta_ads_ja_by_day.csv",
            "costs",
            Some("meta_ads_ja"),
        )
    });
}

/// Meta Ads Manager, 2017: title case (`Reporting Starts`, `Amount Spent (USD)`), dollars.
#[test]
fn meta_ads_2017_title_case_in_dollars() {
    goes_in(&Variant {
        header: "Campaign Name",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Amount Spent (USD)"])],
        ..v(
            "meta_ads/facebook_ads_manager.csv",
            "costs",
            Some("meta_ads_en"),
        )
    });
}

/// Meta 広告マネージャ (Japanese UI), a named report over a range crossing months, `広告の名前`, a zero-spend row.
#[test]
fn meta_ads_japanese_named_report_without_day() {
    goes_in(&Variant {
        header: "レポート開始日",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["消化金額 (JPY)"])],
        ..v(
            "meta_ads/Report_-_-_2026_01_23-_-2026_02_13.csv",
            "costs",
            Some("meta_ads_ja"),
        )
    });
}

/// Google Ads campaign report, title rows, no `Day`, `Total: …` rows, video and Demand Gen columns.
#[test]
fn google_ads_campaign_report_without_day_in_english() {
    goes_in(&Variant {
        header: "Campaign status",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Cost"])],
        ..v(
            "google_ads/Campaign report.csv",
            "costs",
            Some("google_ads_en"),
        )
    });
}

/// Google Ads campaign report, another account: other columns, a range crossing months.
#[test]
fn google_ads_campaign_report_over_two_months() {
    goes_in(&Variant {
        header: "Campaign status",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Cost"])],
        ..v(
            "google_ads/Campaign report (1).csv",
            "costs",
            Some("google_ads_en"),
        )
    });
}

/// Google 広告 (Japanese UI), "Excel CSV" form: UTF-16, tabs, title rows, `日`, `合計: …` rows.
#[test]
fn google_ads_japanese_utf16_by_day() {
    goes_in(&Variant {
        header: "キャンペーン",
        rows: 4,
        checks: &[Sum(&["totals", "cost"], &["費用"])],
        ..v(
            "google_ads/キャンペーン レポート.csv",
            "costs",
            Some("google_ads_ja"),
        )
    });
}

/// LinkedIn Campaign Manager, campaign performance report: title rows, `Currency` column.
#[test]
fn linkedin_campaign_performance_report_with_title_rows() {
    goes_in(&Variant {
        header: "Start Date (in UTC)",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Total Spent"])],
        ..v(
            "linkedin_ads/campaign_performance_report.csv",
            "costs",
            Some("linkedin_ads_en"),
        )
    });
}

/// LinkedIn Campaign Manager, creative report, no title rows.
#[test]
fn linkedin_creative_report_without_title_rows() {
    goes_in(&Variant {
        header: "Start Date (in UTC)",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Total Spent"])],
        ..v(
            "linkedin_ads/creative_performance_report.csv",
            "costs",
            Some("linkedin_ads_en"),
        )
    });
}

/// LinkedIn Campaign Manager campaign list, Portuguese UI: UTF-16, tabs, decimal comma, a group row `-`.
#[test]
fn linkedin_campaign_list_in_portuguese_without_dates() {
    goes_in(&Variant {
        header: "Nome do grupo de campanhas",
        rows: 3,
        placeholder: Some(("Nome da campanha", "-")),
        checks: &[Sum(&["totals", "cost"], &["Total investido"])],
        ..v(
            "linkedin_ads/campaigns_pt.csv",
            "costs",
            Some("linkedin_ads_pt"),
        )
    });
}

/// Whether the report's Data quality sheet lists an issue of `code`.
fn on_quality_sheet(report: &Path, code: &str) -> bool {
    data_sheet(report, "Data quality")
        .iter()
        .flatten()
        .any(|cell| cell == &Data::String(code.into()))
}

/// The month of each row of the report's Costs data sheet and its amount, summed by month.
fn costs_by_month(report: &Path) -> std::collections::BTreeMap<String, f64> {
    let rows = data_sheet(report, "Costs data");
    let mut by_month = std::collections::BTreeMap::new();
    for (month, value) in column(&rows, "month")
        .into_iter()
        .zip(column(&rows, "amount"))
    {
        let month = match month {
            Data::DateTime(at) => at
                .as_datetime()
                .map_or(String::new(), |d| d.format("%Y-%m").to_string()),
            other => other.to_string().chars().take(7).collect(),
        };
        *by_month.entry(month).or_insert(0.0) += number(value);
    }
    by_month
}

/// The LinkedIn campaign list has no date column and its file no period: its spend (the campaigns'
/// rows, not the group's) goes to the month of the file's own date, the day it was saved or a date
/// in its name, said once (`derived_value`); a range in its name spreads each row over the range's
/// months by days.
#[test]
fn an_export_without_a_period_takes_the_month_of_its_files_date() {
    let variant = Variant {
        header: "Nome do grupo de campanhas",
        rows: 3,
        ..v("linkedin_ads/campaigns_pt.csv", "costs", None)
    };
    let (header, mut rows) = header_and_rows(&variant);
    let campaign = header.iter().position(|h| h == "Nome da campanha").unwrap();
    rows.retain(|r| r[campaign].trim() != "-");
    let spend = column_sum(&header, &rows, &["Total investido"]);
    let at = |name: &str| -> (Value, std::collections::BTreeMap<String, f64>) {
        let dir = temp_dir();
        let file = dir.path().join(name);
        std::fs::copy(fixture_path(variant.file), &file).unwrap();
        // Saved on 2026-01-31 at 12:00 in Tokyo.
        let saved = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_769_828_400);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(saved))
            .unwrap();
        let check = kpibook(
            dir.path(),
            &["check", name, "--format", "json", "--lang", "en"],
        );
        let json: Value = serde_json::from_slice(&check.stdout).unwrap();
        let out = kpibook(
            dir.path(),
            &["report", name, "-o", "r.xlsx", "--lang", "en", "--quiet"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let report = dir.path().join("r.xlsx");
        // The group row is said on the Quality sheet as in `check`, once.
        assert!(on_quality_sheet(&report, "group_row"));
        let groups = json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["code"] == "group_row")
            .count();
        assert_eq!(groups, 1);
        (json, costs_by_month(&report))
    };

    let (json, months) = at("campaigns_pt.csv");
    let said: Vec<&Value> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "derived_value")
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0]["value"], "2026-01");
    assert!(said[0]["message"].as_str().unwrap().contains("2026-01-31"));
    assert_eq!(months.keys().collect::<Vec<_>>(), ["2026-01"]);
    close(months["2026-01"], spend, "the month it was saved");
    assert_eq!(json["sheets"][0]["skipped"][0]["why"], "group");

    let (_, months) = at("campaigns_pt_2026-03-02.csv");
    assert_eq!(months.keys().collect::<Vec<_>>(), ["2026-03"]);
    close(
        months["2026-03"],
        spend,
        "the month of the date in its name",
    );

    // 2026-01-20 .. 2026-02-09: 12 days in January, 9 in February; each row's January part
    // rounded to cents, February the rest.
    let (json, months) = at("campaigns_pt_2026-01-20_2026-02-09.csv");
    assert!(json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["code"] != "derived_value"));
    let cells =
        |r: &Vec<String>| amount(&r[header.iter().position(|h| h == "Total investido").unwrap()]);
    let january: f64 = rows
        .iter()
        .map(|r| (cells(r) * 12.0 / 21.0 * 100.0).round() / 100.0)
        .sum();
    close(months["2026-01"], january, "January's days");
    close(months["2026-02"], spend - january, "February's days");
}

/// X Ads, by campaign.
#[test]
fn x_ads_by_campaign() {
    goes_in(&Variant {
        header: "Time period",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Spend"])],
        ..v("x_ads/campaign_report_x_ads.csv", "costs", Some("x_ads_en"))
    });
}

/// X Ads, by ad group.
#[test]
fn x_ads_by_ad_group() {
    goes_in(&Variant {
        header: "Time period",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Spend"])],
        ..v("x_ads/ad_group_report_x_ads.csv", "costs", Some("x_ads_en"))
    });
}

/// X Ads campaign dashboard export as the help centre describes it (2018): `ID`, `Campaign`,
/// `Time`, `Spend` among the engagement columns.
#[test]
fn x_ads_campaign_dashboard_export() {
    goes_in(&Variant {
        header: "ID",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["Spend"])],
        ..v(
            "x_ads/x_ads_campaign_dashboard_2018.csv",
            "costs",
            Some("x_ads_en"),
        )
    });
}

/// X 広告 (Japanese UI), campaign report: `期間`, `ご利用金額`, `インプレッション`.
#[test]
fn x_ads_campaign_report_in_japanese() {
    goes_in(&Variant {
        header: "期間",
        rows: 3,
        checks: &[Sum(&["totals", "cost"], &["ご利用金額"])],
        ..v(
            "x_ads/x_ads_campaign_report_ja.csv",
            "costs",
            Some("x_ads_ja"),
        )
    });
}

/// X tweet activity, English UI.
#[test]
fn x_tweet_activity_2023_in_english() {
    goes_in(&Variant {
        header: "Tweet id",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["impressions"]),
            Sheet("Posts data", "reactions", &["likes"]),
            Sheet("Posts data", "shares", &["retweets"]),
        ],
        ..v(
            "x_tweet_activity/tweet_activity_metrics_acme_jp_20230101_20230201_en.csv",
            "posts",
            Some("x_tweet_activity_en"),
        )
    });
}

/// X tweet activity, Japanese UI (`_ja.csv`).
#[test]
fn x_tweet_activity_in_japanese() {
    goes_in(&Variant {
        header: "ツイートID",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["インプレッション"]),
            Sheet("Posts data", "reactions", &["いいね"]),
        ],
        ..v(
            "x_tweet_activity/tweet_activity_metrics_acme_kk_20230101_20230201_ja.csv",
            "posts",
            Some("x_tweet_activity_ja"),
        )
    });
}

/// X tweet activity before late 2015: `favorites` for `likes`.
#[test]
fn x_tweet_activity_2015_with_favorites() {
    goes_in(&Variant {
        header: "Tweet id",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["impressions"]),
            Sheet("Posts data", "reactions", &["favorites"]),
        ],
        ..v(
            "x_tweet_activity/tweet_activity_metrics_acme_jp_20150101_20150201_en.csv",
            "posts",
            Some("x_tweet_activity_en"),
        )
    });
}

/// X content export, variant A: `Link`, `Share`, dates `Mon Feb 17 2025`, HTML entities.
#[test]
fn x_content_2025_link_and_share() {
    goes_in(&Variant {
        header: "Post id",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Impressions"]),
            Sheet("Posts data", "shares", &["Share", "Reposts"]),
        ],
        ..v(
            "x_content/account_analytics_content_2024-11-21_2025-02-19.csv",
            "posts",
            Some("x_content_en"),
        )
    });
}

/// X content export, variant B: `Post Link`, `Shares`, quoted dates, a `/status/undefined` row.
#[test]
fn x_content_2026_with_a_placeholder_row() {
    goes_in(&Variant {
        header: "Post id",
        rows: 4,
        placeholder: Some(("Post Link", "https://x.com/acme_jp/status/undefined")),
        checks: &[
            Sheet("Posts data", "impressions", &["Impressions"]),
            Sheet("Posts data", "shares", &["Shares", "Reposts"]),
        ],
        ..v(
            "x_content/account_analytics_content_2026-06-15_2026-07-14.csv",
            "posts",
            Some("x_content_en"),
        )
    });
}

/// X content export, Japanese UI: BOM, `共有された回数\`, English dates.
#[test]
fn x_content_in_japanese() {
    goes_in(&Variant {
        header: "ポストID",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["インプレッション数"]),
            Sheet("Posts data", "shares", &["リポスト", "共有された回数\\"]),
        ],
        ..v(
            "x_content/account_analytics_content_2026-06-15_2026-07-14_ja.csv",
            "posts",
            Some("x_content_ja"),
        )
    });
}

/// Facebook Page Insights post level, 2017: BOM, description row, duplicate-named columns.
#[test]
fn facebook_post_level_2017() {
    goes_in(&Variant { header: "Post ID", rows: 3, skip: 1, checks: &[Sheet("Posts data", "reach", &["Lifetime Post Total Reach"]), Sheet("Posts data", "impressions", &["Lifetime Post Total Impressions"]), Sheet("Posts data", "reactions", &["Lifetime Post Stories by action type - like"])], ..v("facebook_page_insights/Facebook Insights Data Export (Post Level) - Acme KK - 2017-01-19.csv", "posts", Some("facebook_post_level_en")) });
}

/// Facebook Page Insights post level, 2015: `views to 95%`, dates `10/1/2015 21:00`.
#[test]
fn facebook_post_level_2015() {
    goes_in(&Variant { header: "Post ID", rows: 3, skip: 1, checks: &[Sheet("Posts data", "reach", &["Lifetime Post Total Reach"]), Sheet("Posts data", "impressions", &["Lifetime Post Total Impressions"])], ..v("facebook_page_insights/Facebook Insights Data Export (Post Level) - Acme KK - 2015-10-31.csv", "posts", Some("facebook_post_level_en")) });
}

/// Meta Business Suite, Facebook posts: `Date` = `Lifetime`.
#[test]
fn facebook_business_suite_posts() {
    goes_in(&Variant {
        header: "Post ID",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Views"]),
            Sheet("Posts data", "reactions", &["Reactions"]),
            Sheet("Posts data", "clicks", &["Total clicks"]),
        ],
        ..v(
            "facebook_page_insights/Facebook_posts_Sep-01-2026_Sep-30-2026.csv",
            "posts",
            Some("facebook_posts_en"),
        )
    });
}

/// Meta Business Suite, Instagram posts (2025+: `Views`).
#[test]
fn instagram_posts_with_views() {
    goes_in(&Variant {
        header: "Post ID",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Views"]),
            Sheet("Posts data", "reactions", &["Likes"]),
            Sheet("Posts data", "saves", &["Saves"]),
        ],
        ..v(
            "instagram/Instagram_posts_Mar-01-2025_Mar-31-2025.csv",
            "posts",
            Some("instagram_posts_en"),
        )
    });
}

/// Meta Business Suite, Instagram posts before `Views`: `Impressions`, another order.
#[test]
fn instagram_posts_with_impressions() {
    goes_in(&Variant {
        header: "Post ID",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Impressions"]),
            Sheet("Posts data", "reactions", &["Likes"]),
        ],
        ..v(
            "instagram/Instagram_posts_2024.csv",
            "posts",
            Some("instagram_posts_en"),
        )
    });
}

/// Meta Business Suite, Instagram posts, Japanese UI: `日時` = `通算`.
#[test]
fn instagram_posts_in_japanese() {
    goes_in(&Variant {
        header: "投稿ID",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["ビュー"]),
            Sheet("Posts data", "reactions", &["いいね！の数"]),
            Sheet("Posts data", "saves", &["保存数"]),
        ],
        ..v(
            "instagram/Instagram_投稿_2026-09.csv",
            "posts",
            Some("instagram_posts_ja"),
        )
    });
}

/// YouTube Studio table data: `Total` row, an id starting `-`, a private video with no publish time.
#[test]
fn youtube_table_data_with_a_private_video() {
    goes_in(&Variant {
        header: "Content",
        rows: 4,
        skip: 1,
        placeholder: Some(("Video publish time", "")),
        checks: &[
            Sheet("Posts data", "video_views", &["Views"]),
            Sheet("Posts data", "impressions", &["Impressions"]),
        ],
        ..v(
            "youtube_table/Table data.csv",
            "posts",
            Some("youtube_table_en"),
        )
    });
}

/// YouTube Studio table data, other metrics ticked (`New viewers`, `Regular viewers`), no `Impressions`.
#[test]
fn youtube_table_data_with_viewer_columns() {
    goes_in(&Variant {
        header: "Content",
        rows: 3,
        skip: 1,
        checks: &[Sheet("Posts data", "video_views", &["Views"])],
        ..v(
            "youtube_table/Table data (1).csv",
            "posts",
            Some("youtube_table_en"),
        )
    });
}

/// YouTube Studio 表データ (2025+ names `サムネイルのインプレッション`), `合計` row, two date forms.
#[test]
fn youtube_table_data_in_japanese() {
    goes_in(&Variant {
        header: "コンテンツ",
        rows: 3,
        skip: 1,
        checks: &[
            Sheet("Posts data", "video_views", &["視聴回数"]),
            Sheet(
                "Posts data",
                "impressions",
                &["サムネイルのインプレッション"],
            ),
        ],
        ..v(
            "youtube_table/表データ.csv",
            "posts",
            Some("youtube_table_ja"),
        )
    });
}

/// TikTok Studio content, English UI: year-less dates, BOM, no final newline, an empty title.
#[test]
fn tiktok_content_with_year_less_dates() {
    goes_in(&Variant {
        header: "Time",
        rows: 4,
        checks: &[
            Sheet("Posts data", "video_views", &["Total views"]),
            Sheet("Posts data", "reactions", &["Total likes"]),
        ],
        ..v(
            "tiktok_content/Content.csv",
            "posts",
            Some("tiktok_content_en"),
        )
    });
}

/// TikTok Studio content, Japanese UI: English headers, dates `9月6日`.
#[test]
fn tiktok_content_in_japanese() {
    goes_in(&Variant {
        header: "Time",
        rows: 3,
        checks: &[Sheet("Posts data", "video_views", &["Total views"])],
        ..v(
            "tiktok_content/Content_ja.csv",
            "posts",
            Some("tiktok_content_en"),
        )
    });
}

/// TikTok Studio content, EN-GB dates, `Views in the last 7 days`, `"5,431"`, a deleted video.
#[test]
fn tiktok_content_with_views_in_7_days_and_a_deleted_video() {
    goes_in(&Variant {
        header: "Time",
        rows: 3,
        placeholder: Some(("Video link", "")),
        checks: &[Sheet("Posts data", "video_views", &["Total views"])],
        ..v(
            "tiktok_content/Content_views7d.csv",
            "posts",
            Some("tiktok_content_en"),
        )
    });
}

/// LinkedIn page content export (newer): `All posts` sheet, note row above the header.
#[test]
fn linkedin_page_posts_acme_kk_content_1736899200000() {
    goes_in(&Variant {
        sheet: Some("All posts"),
        header: "Post title",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Impressions"]),
            Sheet("Posts data", "reactions", &["Likes"]),
            Sheet("Posts data", "shares", &["Reposts"]),
        ],
        ..v(
            "linkedin_page/acme-kk_content_1736899200000.xlsx",
            "posts",
            Some("linkedin_posts_en"),
        )
    });
}

/// LinkedIn page updates export (older): `Update …` headers, `Shares`.
#[test]
fn linkedin_page_posts_acme_kk_updates_1609459200000() {
    goes_in(&Variant {
        sheet: Some("Update engagement"),
        header: "Update title",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Impressions"]),
            Sheet("Posts data", "reactions", &["Likes"]),
            Sheet("Posts data", "shares", &["Shares"]),
        ],
        ..v(
            "linkedin_page/acme-kk_updates_1609459200000.xlsx",
            "posts",
            Some("linkedin_posts_en"),
        )
    });
}

/// LinkedIn page content export with rates as `%` text.
#[test]
fn linkedin_page_posts_acme_kk_content_percent() {
    goes_in(&Variant {
        sheet: Some("All posts"),
        header: "Post title",
        rows: 3,
        checks: &[
            Sheet("Posts data", "impressions", &["Impressions"]),
            Sheet("Posts data", "reactions", &["Likes"]),
            Sheet("Posts data", "shares", &["Reposts"]),
        ],
        ..v(
            "linkedin_page/acme-kk_content_percent.xlsx",
            "posts",
            Some("linkedin_posts_en"),
        )
    });
}

#[test]
fn linkedin_page_daily_acme_kk_content_1736899200000() {
    goes_in(&Variant {
        sheet: Some("Metrics"),
        header: "Date",
        rows: 3,
        checks: &[
            Sheet("Daily data", "impressions", &["Impressions (total)"]),
            Sheet("Daily data", "clicks", &["Clicks (total)"]),
            Sheet("Daily data", "shares", &["Reposts (total)"]),
        ],
        ..v(
            "linkedin_page/acme-kk_content_1736899200000.xlsx",
            "daily",
            Some("linkedin_daily_en"),
        )
    });
}

#[test]
fn linkedin_page_daily_acme_kk_updates_1609459200000() {
    goes_in(&Variant {
        sheet: Some("Update metrics (aggregated)"),
        header: "Date",
        rows: 3,
        checks: &[
            Sheet("Daily data", "impressions", &["Impressions (total)"]),
            Sheet("Daily data", "clicks", &["Clicks (total)"]),
            Sheet("Daily data", "shares", &["Shares (total)"]),
        ],
        ..v(
            "linkedin_page/acme-kk_updates_1609459200000.xlsx",
            "daily",
            Some("linkedin_daily_en"),
        )
    });
}

#[test]
fn linkedin_page_daily_acme_kk_content_percent() {
    goes_in(&Variant {
        sheet: Some("Metrics"),
        header: "Date",
        rows: 3,
        checks: &[
            Sheet("Daily data", "impressions", &["Impressions (total)"]),
            Sheet("Daily data", "clicks", &["Clicks (total)"]),
            Sheet("Daily data", "shares", &["Reposts (total)"]),
        ],
        ..v(
            "linkedin_page/acme-kk_content_percent.xlsx",
            "daily",
            Some("linkedin_daily_en"),
        )
    });
}

/// X daily tweet metrics (until 2023).
#[test]
fn x_daily_tweet_activity() {
    goes_in(&Variant {
        header: "Date",
        rows: 3,
        checks: &[Sheet("Daily data", "impressions", &["impressions"])],
        ..v(
            "x_daily/daily_tweet_activity_metrics_acme_jp_20210801_20210901_en.csv",
            "daily",
            Some("x_daily_en"),
        )
    });
}

/// X account overview (2024+), no final newline.
#[test]
fn x_account_overview() {
    goes_in(&Variant {
        header: "Date",
        rows: 3,
        checks: &[
            Sheet("Daily data", "impressions", &["Impressions"]),
            Sheet("Daily data", "posts_published", &["Create Post"]),
            Sheet("Daily data", "followers_gained", &["New follows"]),
        ],
        ..v(
            "x_daily/account_overview_analytics.csv",
            "daily",
            Some("x_overview_en"),
        )
    });
}

/// X account overview, Japanese UI: first column stays `Date`.
#[test]
fn x_account_overview_in_japanese() {
    goes_in(&Variant {
        header: "Date",
        rows: 3,
        checks: &[
            Sheet("Daily data", "impressions", &["インプレッション数"]),
            Sheet("Daily data", "posts_published", &["ポストを作成"]),
        ],
        ..v(
            "x_daily/account_overview_analytics_ja.csv",
            "daily",
            Some("x_overview_ja"),
        )
    });
}

/// YouTube Studio chart data, per video and day.
#[test]
fn youtube_chart_data() {
    goes_in(&Variant {
        header: "Date",
        rows: 4,
        checks: &[Sheet("Daily data", "video_views", &["Views"])],
        ..v(
            "youtube_chart/Chart data.csv",
            "daily",
            Some("youtube_chart_en"),
        )
    });
}

/// YouTube Studio totals, an empty value.
#[test]
fn youtube_totals() {
    goes_in(&Variant {
        header: "Date",
        rows: 4,
        checks: &[Sheet("Daily data", "video_views", &["Views"])],
        ..v(
            "youtube_chart/Totals.csv",
            "daily",
            Some("youtube_totals_en"),
        )
    });
}

/// YouTube Studio グラフデータ, short form.
#[test]
fn youtube_chart_data_in_japanese() {
    goes_in(&Variant {
        header: "日付",
        rows: 4,
        checks: &[Sheet("Daily data", "video_views", &["視聴回数"])],
        ..v(
            "youtube_chart/グラフデータ.csv",
            "daily",
            Some("youtube_chart_ja"),
        )
    });
}

/// TikTok Studio overview: year-less dates, a negative comment count.
#[test]
fn tiktok_overview_in_english() {
    goes_in(&Variant {
        header: "Date",
        rows: 4,
        checks: &[
            Sheet("Daily data", "video_views", &["Video Views"]),
            Sheet("Daily data", "reactions", &["Likes"]),
        ],
        ..v("tiktok_overview/Overview.csv", "daily", None)
    });
}

/// TikTok Studio overview, Spanish UI dates.
#[test]
fn tiktok_overview_in_spanish() {
    goes_in(&Variant {
        header: "Date",
        rows: 3,
        checks: &[Sheet("Daily data", "video_views", &["Video Views"])],
        ..v(
            "tiktok_overview/Overview_es.csv",
            "daily",
            Some("tiktok_overview_en"),
        )
    });
}

/// TikTok Studio overview, newer: `New followers`, EN-GB dates.
#[test]
fn tiktok_overview_with_new_followers() {
    goes_in(&Variant {
        header: "Date",
        rows: 3,
        checks: &[
            Sheet("Daily data", "video_views", &["Video Views"]),
            Sheet("Daily data", "followers_gained", &["New followers"]),
        ],
        ..v("tiktok_overview/Overview_followers.csv", "daily", None)
    });
}

/// GA4 report export: `#` comment lines with the period, channel table.
#[test]
fn ga4_reports_snapshot_channel_table() {
    goes_in(&Variant {
        header: "Session default channel group",
        rows: 5,
        checks: &[Sum(&["totals", "sessions"], &["Sessions"])],
        ..v("ga4/data-export.csv", "traffic", None)
    });
}

/// GA4 traffic acquisition with `Date` (`20260201`).
#[test]
fn ga4_traffic_acquisition_by_date() {
    goes_in(&Variant {
        header: "Date",
        rows: 5,
        checks: &[Sum(&["totals", "sessions"], &["Sessions"])],
        ..v("ga4/data-export (1).csv", "traffic", None)
    });
}

/// GA4 traffic acquisition, Japanese UI.
#[test]
fn ga4_traffic_acquisition_in_japanese() {
    goes_in(&Variant {
        header: "セッションのデフォルト チャネル グループ",
        rows: 4,
        checks: &[Sum(&["totals", "sessions"], &["セッション数"])],
        ..v("ga4/data-export_ja.csv", "traffic", None)
    });
}

/// GA4 exploration, no comment lines, dates re-saved `16-04-2026`.
#[test]
fn ga4_exploration_by_primary_channel_group() {
    goes_in(&Variant {
        header: "Session primary channel group (Default channel group)",
        rows: 4,
        checks: &[Sum(&["totals", "sessions"], &["Sessions"])],
        ..v("ga4/Explore-free-form.csv", "traffic", None)
    });
}

/// HubSpot contacts, English, `Original Traffic Source`.
#[test]
fn hubspot_contacts_all_properties() {
    goes_in(&Variant {
        header: "Record ID",
        rows: 4,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "hubspot_contacts/hubspot-crm-exports-all-contacts-2026-02-03.csv",
            "leads",
            Some("hubspot_contacts_en"),
        )
    });
}

/// HubSpot コンタクト, Japanese labels, BOM.
#[test]
fn hubspot_contacts_in_japanese() {
    goes_in(&Variant {
        header: "レコードID",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "hubspot_contacts/hubspot-crm-exports-すべてのコンタクト-2026-02-03.csv",
            "leads",
            Some("hubspot_contacts_ja"),
        )
    });
}

/// HubSpot contacts, 2019: `Contact ID`, `Original Source`, internal values.
#[test]
fn hubspot_contacts_2019_contact_id() {
    goes_in(&Variant {
        header: "Contact ID",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "hubspot_contacts/hubspot-crm-exports-all-contacts-2019-06-11.csv",
            "leads",
            Some("hubspot_contacts_en"),
        )
    });
}

/// Salesforce lead report: quoted, footer, no id.
#[test]
fn salesforce_lead_report() {
    goes_in(&Variant {
        header: "Lead Owner",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "salesforce_leads/report1769990400000.csv",
            "leads",
            Some("salesforce_leads_report_en"),
        )
    });
}

/// Salesforce リードレポート, Japanese footer.
#[test]
fn salesforce_lead_report_in_japanese() {
    goes_in(&Variant {
        header: "リード 所有者",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "salesforce_leads/report1769990400001_ja.csv",
            "leads",
            Some("salesforce_leads_report_ja"),
        )
    });
}

/// Salesforce Data Loader, capitals, UTC datetimes.
#[test]
fn salesforce_lead_data_loader() {
    goes_in(&Variant {
        header: "ID",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "salesforce_leads/Lead.csv",
            "leads",
            Some("salesforce_leads_api"),
        )
    });
}

/// Zoho CRM backup.
#[test]
fn zoho_leads_backup() {
    goes_in(&Variant {
        header: "Record Id",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v("zoho_leads/Leads_001.csv", "leads", Some("zoho_leads_en"))
    });
}

/// Zoho CRM 見込み客, Japanese labels.
#[test]
fn zoho_leads_in_japanese() {
    goes_in(&Variant {
        header: "レコードID",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "zoho_leads/見込み客_2026-02-03.csv",
            "leads",
            Some("zoho_leads_ja"),
        )
    });
}

/// Zoho CRM list view: names, `Jan 5, 2026 04:42 PM`, no id.
#[test]
fn zoho_leads_list_view() {
    goes_in(&Variant {
        header: "Lead Owner",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "zoho_leads/Leads_list_view.csv",
            "leads",
            Some("zoho_leads_en"),
        )
    });
}

/// kintone 顧客管理: Shift_JIS, CRLF.
#[test]
fn kintone_customers_in_shift_jis() {
    goes_in(&Variant {
        header: "レコード番号",
        rows: 3,
        checks: &[Rows(&["totals", "leads"])],
        ..v(
            "kintone/顧客管理_20260203.csv",
            "leads",
            Some("kintone_leads_ja"),
        )
    });
}

/// HubSpot deals, labels.
#[test]
fn hubspot_deals_with_labels() {
    goes_in(&Variant {
        header: "Record ID",
        rows: 4,
        checks: &[
            Count(&["totals", "won"], "Deal Stage", &["Closed Won"]),
            SumWhere(
                &["totals", "revenue"],
                "Amount",
                "Deal Stage",
                &["Closed Won"],
            ),
        ],
        ..v(
            "hubspot_deals/hubspot-crm-exports-all-deals-2026-02-03.csv",
            "deals",
            Some("hubspot_deals_en"),
        )
    });
}

/// HubSpot 取引, Japanese labels.
#[test]
fn hubspot_deals_in_japanese_with_an_unlisted_stage() {
    goes_in(&Variant {
        header: "レコードID",
        rows: 3,
        checks: &[
            Count(&["totals", "won"], "取引ステージ", &["成約"]),
            SumWhere(&["totals", "revenue"], "金額", "取引ステージ", &["成約"]),
        ],
        ..v(
            "hubspot_deals/hubspot-crm-exports-すべての取引-2026-02-03.csv",
            "deals",
            Some("hubspot_deals_ja"),
        )
    });
}

/// HubSpot deals, internal values.
#[test]
fn hubspot_deals_internal_values_with_a_custom_stage() {
    goes_in(&Variant {
        header: "Record ID",
        rows: 4,
        checks: &[
            Count(&["totals", "won"], "Deal Stage", &["closedwon"]),
            SumWhere(
                &["totals", "revenue"],
                "Amount",
                "Deal Stage",
                &["closedwon"],
            ),
        ],
        ..v(
            "hubspot_deals/hubspot-crm-exports-all-deals-internal-values-2026-02-03.csv",
            "deals",
            Some("hubspot_deals_en"),
        )
    });
}

/// Salesforce opportunity report.
#[test]
fn salesforce_opportunity_report() {
    goes_in(&Variant {
        header: "Opportunity Owner",
        rows: 3,
        checks: &[
            Count(&["totals", "won"], "Stage", &["Closed Won"]),
            SumWhere(&["totals", "revenue"], "Amount", "Stage", &["Closed Won"]),
        ],
        ..v(
            "salesforce_opportunities/report1769990400002.csv",
            "deals",
            Some("salesforce_opportunities_report_en"),
        )
    });
}

/// Salesforce 商談レポート.
#[test]
fn salesforce_opportunity_report_in_japanese() {
    goes_in(&Variant {
        header: "商談 所有者",
        rows: 3,
        checks: &[
            Count(&["totals", "won"], "フェーズ", &["成立"]),
            SumWhere(&["totals", "revenue"], "金額", "フェーズ", &["成立"]),
        ],
        ..v(
            "salesforce_opportunities/report1769990400003_ja.csv",
            "deals",
            Some("salesforce_opportunities_report_ja"),
        )
    });
}

/// Salesforce closed-won report: no id, no created date.
#[test]
fn salesforce_closed_won_report_without_id_or_created_date() {
    goes_in(&Variant {
        header: "Opportunity Name",
        rows: 3,
        checks: &[
            Count(&["totals", "won"], "Stage", &["Closed Won"]),
            SumWhere(&["totals", "revenue"], "Amount", "Stage", &["Closed Won"]),
        ],
        ..v(
            "salesforce_opportunities/closed_won_report.csv",
            "deals",
            Some("salesforce_opportunities_report_en"),
        )
    });
}

/// Zoho CRM deals backup.
#[test]
fn zoho_deals_backup() {
    goes_in(&Variant {
        header: "Record Id",
        rows: 3,
        checks: &[
            Count(&["totals", "won"], "Stage", &["Closed Won"]),
            SumWhere(&["totals", "revenue"], "Amount", "Stage", &["Closed Won"]),
        ],
        ..v("zoho_deals/Deals_001.csv", "deals", Some("zoho_deals_en"))
    });
}

/// Zoho CRM deals, a custom pipeline.
#[test]
fn zoho_deals_with_custom_stages() {
    goes_in(&Variant {
        header: "Record Id",
        rows: 4,
        checks: &[
            Count(&["totals", "won"], "Stage", &["Closed Won"]),
            SumWhere(&["totals", "revenue"], "Amount", "Stage", &["Closed Won"]),
        ],
        ..v(
            "zoho_deals/Deals_custom_stages.csv",
            "deals",
            Some("zoho_deals_en"),
        )
    });
}

/// Zoho CRM 商談, Japanese labels.
#[test]
fn zoho_deals_in_japanese() {
    goes_in(&Variant {
        header: "レコードID",
        rows: 3,
        checks: &[
            Count(&["totals", "won"], "ステージ", &["受注"]),
            SumWhere(&["totals", "revenue"], "総額", "ステージ", &["受注"]),
        ],
        ..v(
            "zoho_deals/商談_2026-02-03.csv",
            "deals",
            Some("zoho_deals_ja"),
        )
    });
}

/// kintone 案件管理: UTF-8 BOM, CRLF, 確度 words.
#[test]
fn kintone_deals_with_certainty_words() {
    goes_in(&Variant {
        header: "レコード番号",
        rows: 3,
        checks: &[Rows(&["totals", "opportunities"])],
        ..v(
            "kintone/案件管理_20260203.csv",
            "deals",
            Some("kintone_deals_ja"),
        )
    });
}

/// kintone 案件管理 with a sub-table: `*` column, continuation rows, Shift_JIS.
#[test]
fn kintone_deals_with_a_sub_table() {
    goes_in(&Variant {
        header: "*",
        rows: 4,
        placeholder: Some(("*", "")),
        checks: &[Rows(&["totals", "opportunities"])],
        ..v(
            "kintone/案件管理_明細付き_20260203.csv",
            "deals",
            Some("kintone_deals_ja"),
        )
    });
}

/// kintone 案件管理 with a sub-table: a deal's amount is the sum of `金額` over its lines (the
/// sub-table's column: it changes within a record), its continuation rows merged into it and
/// said once (`continuation_row`, naming them), not deals of their own.
#[test]
fn a_kintone_sub_tables_lines_add_up_to_their_deals_amount() {
    let variant = Variant {
        header: "*",
        rows: 4,
        ..v(
            "kintone/案件管理_明細付き_20260203.csv",
            "deals",
            Some("kintone_deals_ja"),
        )
    };
    let (header, rows) = header_and_rows(&variant);
    let col = |name: &str| header.iter().position(|h| h.trim() == name).unwrap();
    let (id, money, start) = (col("レコード番号"), col("金額"), col("*"));
    let mut expected: std::collections::BTreeMap<String, f64> = Default::default();
    for row in &rows {
        *expected.entry(row[id].clone()).or_default() += amount(&row[money]);
    }
    // The fixture's rows below the header (row 1) with `*` blank, 1-based.
    let continuation: Vec<u64> = (0..rows.len())
        .filter(|&i| rows[i][start].trim().is_empty())
        .map(|i| i as u64 + 2)
        .collect();
    assert!(!continuation.is_empty() && expected.len() < rows.len());

    let dir = temp_dir();
    let name = "案件管理_明細付き_20260203.csv";
    std::fs::copy(fixture_path(variant.file), dir.path().join(name)).unwrap();
    let out = kpibook(
        dir.path(),
        &["report", name, "-o", "r.xlsx", "--lang", "en", "--quiet"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let deals = data_sheet(&dir.path().join("r.xlsx"), "Deals data");
    let ids = column(&deals, "deal_id");
    let amounts = column(&deals, "amount");
    assert_eq!(ids.len(), expected.len(), "one deal per record");
    for (deal, value) in ids.iter().zip(amounts) {
        let deal = deal.to_string();
        close(number(value), expected[&deal], &format!("deal {deal}"));
    }
    assert!(on_quality_sheet(
        &dir.path().join("r.xlsx"),
        "continuation_row"
    ));

    let check = kpibook(
        dir.path(),
        &["check", name, "--format", "json", "--lang", "en"],
    );
    let json: Value = serde_json::from_slice(&check.stdout).unwrap();
    let said: Vec<&Value> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "continuation_row")
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0]["row"], continuation[0]);
    let message = said[0]["message"].as_str().unwrap();
    for row in &continuation {
        assert!(message.contains(&row.to_string()), "{message}");
    }
    assert_eq!(json["rows"]["deals"]["merged"], continuation.len() as u64);
}
