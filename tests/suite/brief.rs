//! The brief (SPEC section 11): `kpibook report … --brief PATH.html` and the drop folder's
//! `brief = true`. Its figures are the summary JSON's, written as the workbook's number formats
//! write them (worked out here by hand from the JSON's numbers); it prints on one A4 landscape page
//! and reads on a phone in a real browser (skipped, saying why, without one; see
//! `common::browser`); it fetches nothing, runs no script and shows markup in the inputs as text.

use crate::common;

use std::path::{Path, PathBuf};

use common::browser::{browser_available, pdf_pages, pdf_text, png_size, print_pdf, screenshot};
use common::*;
use serde_json::Value;

/// A4 in points: 297 x 210 mm at 72 points to the inch of 25.4 mm.
const A4_LONG: f64 = 297.0 / 25.4 * 72.0;
const A4_SHORT: f64 = 210.0 / 25.4 * 72.0;

fn samples() -> String {
    path_str(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
}

/// `kpibook report samples/ EXTRA… --brief brief.html --summary-json s.json` in `dir`: the brief's
/// path, its text and the summary JSON.
fn samples_brief(dir: &Path, extra: &[&str]) -> (PathBuf, String, Value) {
    let samples = samples();
    let mut args = vec![
        "report",
        samples.as_str(),
        "-o",
        "r.xlsx",
        "--brief",
        "brief.html",
        "--summary-json",
        "s.json",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let out = kpibook(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.join("brief.html");
    let html = std::fs::read_to_string(&path).expect("the brief is written");
    (path, html, read_json(&dir.join("s.json")))
}

/// The text of the element marked `data-figure="key"`, markup-free.
fn figure(html: &str, key: &str) -> Option<String> {
    let marker = format!("data-figure=\"{key}\">");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('<')? + start;
    Some(html[start..end].to_string())
}

/// `1234567.4` -> `1,234,567`, rounded half away from zero.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs().round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && x.round() != 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The workbook's `¥#,##0`.
fn yen(x: f64) -> String {
    if x < 0.0 {
        format!("-¥{}", thousands(-x))
    } else {
        format!("¥{}", thousands(x))
    }
}

/// The workbook's `0.0%`.
fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn number(json: &Value, path: &[&str]) -> f64 {
    let mut value = json;
    for key in path {
        value = &value[key];
    }
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{path:?} is a number in the JSON: {value}"))
}

/// Revenue, ROI, CPA, leads, won deals, the KGI's achievement and every listed channel's
/// attributed revenue, cost and ROI, each as the JSON has it in the workbook's format.
fn assert_brief_figures_are_the_jsons(html: &str, json: &Value) {
    let revenue = yen(number(json, &["totals", "revenue"]));
    assert_eq!(figure(html, "kgi.revenue.actual"), Some(revenue.clone()));
    assert_eq!(
        figure(html, "headline.all.attributed_revenue"),
        Some(revenue)
    );
    assert_eq!(
        figure(html, "headline.all.roi"),
        Some(percent(number(json, &["totals", "roi"])))
    );
    assert_eq!(
        figure(html, "headline.all.cpa"),
        Some(yen(number(json, &["totals", "cpa"])))
    );
    assert_eq!(
        figure(html, "headline.sns.cpa"),
        Some(yen(number(json, &["totals", "sns_cpa"])))
    );
    assert_eq!(
        figure(html, "headline.all.leads"),
        Some(thousands(number(json, &["totals", "leads"])))
    );
    assert_eq!(
        figure(html, "headline.sns.leads"),
        Some(thousands(number(json, &["totals", "sns_leads"])))
    );
    assert_eq!(
        figure(html, "headline.all.attributed_won"),
        Some(thousands(number(json, &["totals", "won"])))
    );
    let kgi = json["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["kind"] == "kgi" && t["metric"] == "revenue" && t["channel"].is_null())
        .expect("the samples set a revenue KGI");
    let achievement = percent(number(kgi, &["achievement"]));
    let shown = figure(html, "kgi.revenue.achievement").expect("the KGI's achievement");
    assert!(shown.contains(&achievement), "{shown} shows {achievement}");

    // The channels that earned or spent, by attributed revenue: the first eight are listed.
    let mut channels: Vec<(&String, &Value)> = json["channels"]
        .as_object()
        .expect("channels")
        .iter()
        .filter(|(_, c)| {
            c["attributed_revenue"].as_f64() != Some(0.0)
                || c["cost"].as_f64().is_some_and(|cost| cost != 0.0)
        })
        .collect();
    channels.sort_by(|a, b| {
        number(b.1, &["attributed_revenue"])
            .total_cmp(&number(a.1, &["attributed_revenue"]))
            .then_with(|| a.0.cmp(b.0))
    });
    assert!(!channels.is_empty());
    for (rank, (id, c)) in channels.iter().enumerate() {
        let shown = figure(html, &format!("channels.{id}.attributed_revenue"));
        if rank >= 8 {
            assert_eq!(shown, None, "only eight channels are listed");
            continue;
        }
        assert_eq!(shown, Some(yen(number(c, &["attributed_revenue"]))), "{id}");
        let cost = c["cost"].as_f64().map_or("—".to_string(), yen);
        assert_eq!(figure(html, &format!("channels.{id}.cost")), Some(cost));
        let roi = c["roi"].as_f64().map_or("—".to_string(), percent);
        assert_eq!(figure(html, &format!("channels.{id}.roi")), Some(roi));
    }
    // Listed in rank order.
    let positions: Vec<usize> = channels
        .iter()
        .take(8)
        .map(|(id, _)| {
            html.find(&format!("data-figure=\"channels.{id}.attributed_revenue\""))
                .unwrap()
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn the_samples_brief_shows_the_summary_jsons_figures_as_the_workbook_formats_them() {
    let dir = temp_dir();
    let (_, html, json) = samples_brief(dir.path(), &[]);
    assert_brief_figures_are_the_jsons(&html, &json);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"ja\">"));
    // The highlight sentences are the Summary's: the same rules and words (Japanese report).
    assert!(html
        .contains("売上 (KGI) は 68,880,000 円、目標 80,000,000 円 に対して達成率 86.1% です。"));
}

#[test]
fn a_month_brief_in_english_compares_with_the_month_before() {
    let dir = temp_dir();
    let (_, html, json) = samples_brief(dir.path(), &["--month", "2025-08", "--lang", "en"]);
    assert_brief_figures_are_the_jsons(&html, &json);
    assert!(html.contains("<html lang=\"en\">"));
    assert_eq!(json["comparison"]["period"]["start"], "2025-07-01");
    // The KGI line says the compared period's revenue and the change in %, as the Summary does.
    let then = number(&json, &["comparison", "totals", "revenue"]);
    let now = number(&json, &["totals", "revenue"]);
    let change = (now - then) / then.abs();
    let expected = format!("compared period {} (+{})", yen(then), percent(change));
    assert!(html.contains(&expected), "{expected}");
    // A rate's change is in points: ROI's now − then, × 100.
    let roi = (number(&json, &["totals", "roi"]) - number(&json, &["comparison", "totals", "roi"]))
        * 100.0;
    assert!(
        html.contains(&format!("+{roi:.1}pt")),
        "ROI change {roi:.1}pt"
    );
}

#[test]
fn the_brief_prints_on_one_a4_landscape_page_and_reads_on_a_phone() {
    if !browser_available() {
        return;
    }
    for (extra, lang_text) in [
        (&[][..], "売上 (KGI)"),
        (&["--month", "2025-08", "--lang", "en"][..], "Revenue (KGI)"),
    ] {
        let dir = temp_dir();
        let (path, _, json) = samples_brief(dir.path(), extra);
        let pdf = dir.path().join("brief.pdf");
        print_pdf(&path, &pdf);
        let pages = pdf_pages(&pdf);
        assert_eq!(pages.len(), 1, "{extra:?}: {pages:?}");
        let (width, height) = pages[0];
        assert!((width - A4_LONG).abs() <= 2.0, "width {width} pt");
        assert!((height - A4_SHORT).abs() <= 2.0, "height {height} pt");
        let text = pdf_text(&pdf);
        assert!(text.contains(lang_text), "{text}");
        let revenue = yen(number(&json, &["totals", "revenue"]));
        assert!(text.contains(&revenue), "{revenue} printed: {text}");
        for (width, height) in [(1280, 1600), (390, 2400)] {
            let png = dir.path().join(format!("brief-{width}.png"));
            screenshot(&path, width, height, &png);
            assert_eq!(png_size(&png), (width, height));
        }
    }
}

#[test]
fn the_brief_fetches_nothing_runs_no_script_and_shows_markup_in_the_inputs_as_text() {
    let dir = temp_dir();
    let mut sheets = three_channels();
    // P1 earns revenue (lead L1, won deal D1), so its title is among the top posts.
    let posts = &mut sheets[0].1;
    posts[0].push(S("タイトル"));
    posts[1].push(S("<script>alert(\"x\")</script> & <b>co</b>"));
    posts[2].push(S("ふつうの投稿"));
    write_xlsx(&dir.path().join("m.xlsx"), &sheets);
    let out = kpibook(
        dir.path(),
        &["report", "m.xlsx", "-o", "r.xlsx", "--brief", "b.html"],
    );
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("b.html")).unwrap();
    assert!(
        html.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;"
        ),
        "the title is shown as text"
    );
    assert!(!html.to_lowercase().contains("<script"), "no script");
    assert!(!html.contains("<b>"), "no markup from the inputs");

    let (_, samples_html, _) = samples_brief(dir.path(), &[]);
    for page in [&html, &samples_html] {
        let lower = page.to_lowercase();
        assert!(!lower.contains("http"), "no address of anything to fetch");
        assert!(!lower.contains("<script"));
        assert!(!lower.contains("<link"), "no style sheet fetched");
        assert!(!lower.contains("<img"), "no image fetched");
        assert!(!lower.contains("@import"));
    }
}

#[test]
fn a_period_without_data_is_said_on_the_brief() {
    let dir = temp_dir();
    let (_, html, json) = samples_brief(dir.path(), &["--month", "2030-01"]);
    assert_eq!(number(&json, &["totals", "revenue"]), 0.0);
    assert!(
        html.contains("この期間には日付のある行がありません。数値はすべて 0 です。"),
        "the empty period is said"
    );
    let (_, html, _) = samples_brief(dir.path(), &[]);
    assert!(!html.contains("この期間には日付のある行がありません"));
}

#[test]
fn a_brief_path_that_is_not_html_is_a_usage_error() {
    let dir = temp_dir();
    let samples = samples();
    let out = kpibook(
        dir.path(),
        &["report", &samples, "-o", "r.xlsx", "--brief", "brief.pdf"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--brief"), "{}", stderr(&out));
    assert!(!dir.path().join("r.xlsx").exists(), "nothing written");
}

#[test]
fn the_drop_folder_writes_each_reports_brief_when_brief_is_true() {
    let dir = temp_dir();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    write_xlsx(&inbox.join("april.xlsx"), &three_channels());
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .append(true)
        .open(inbox.join("april.xlsx"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    std::fs::write(dir.path().join("kpibook.toml"), "brief = true\n").unwrap();
    let out = kpibook(
        dir.path(),
        &["run", "inbox", "--out", "out", "--config", "kpibook.toml"],
    );
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let brief = dir.path().join("out").join("april.brief.html");
    let html = std::fs::read_to_string(&brief).expect("the brief beside the report");
    let json = read_json(&dir.path().join("out").join("april.summary.json"));
    // By hand (three_channels): revenue 1,500,000 over all channels.
    assert_eq!(number(&json, &["totals", "revenue"]), 1_500_000.0);
    assert_eq!(
        figure(&html, "kgi.revenue.actual"),
        Some("¥1,500,000".to_string())
    );
    // No target is set: the KGI says so instead of showing empty targets, and so does the tree.
    assert!(html.contains("目標なし"), "the KGI's status");
    assert!(!html.contains("目標 —"), "no empty target");
    assert!(html.contains("目標が設定されていません"));

    // Without the key, no brief.
    let plain = temp_dir();
    let inbox = plain.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    write_xlsx(&inbox.join("april.xlsx"), &three_channels());
    std::fs::File::options()
        .append(true)
        .open(inbox.join("april.xlsx"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = kpibook(plain.path(), &["run", "inbox", "--out", "out"]);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    assert!(plain.path().join("out").join("april.report.xlsx").exists());
    assert!(!plain.path().join("out").join("april.brief.html").exists());
}
