//! The brief's charts (`kpibook::brief::chart`) in a real browser: a page holding all three prints on
//! one A4 landscape page, and every label, value and rate reaches the printed text in the page's
//! font, a label holding markup as the text it is. Skips without a browser (see `common::browser`).

use crate::common;

use common::browser::{browser_available, pdf_pages, pdf_text, print_pdf};
use kpibook::brief::chart::{bars, funnel, trend, BarRow, FunnelStage, Series};

fn stage(label: &str, value: f64, shown: &str, rate: Option<&str>) -> FunnelStage {
    FunnelStage {
        label: label.to_string(),
        value,
        shown: shown.to_string(),
        rate_from_previous: rate.map(str::to_string),
    }
}

fn row(label: &str, value: f64, shown: &str) -> BarRow {
    BarRow {
        label: label.to_string(),
        value,
        shown: shown.to_string(),
    }
}

#[test]
fn the_charts_print_their_text_on_one_a4_landscape_page() {
    if !browser_available() {
        return;
    }
    // Short enough to fit its room uncut.
    let hostile = "<script>&co";
    let funnel_svg = funnel(&[
        stage("リード", 1240.0, "1,240", None),
        stage("商談", 180.0, "180", Some("14.5%")),
        stage("受注", 42.0, "42", Some("23.3%")),
    ]);
    let bars_svg = bars(&[
        row("LinkedIn", 12_400_000.0, "¥12,400,000"),
        row(hostile, 1_000.0, "¥1,000"),
        row("検索広告", -800_000.0, "-¥800,000"),
    ]);
    let months: Vec<String> = (1..=6).map(|m| format!("{m}月")).collect();
    let trend_svg = trend(
        &months,
        &Series {
            label: "今期".to_string(),
            values: vec![Some(3.0), Some(4.0), None, Some(5.0), Some(6.0), None],
        },
        Some(&Series {
            label: "前年同期".to_string(),
            values: vec![Some(2.0); 6],
        }),
        |v| format!("¥{v:.0}M"),
    );
    let html = format!(
        r#"<!doctype html><html lang="ja"><head><meta charset="utf-8">
<style>@page {{ size: A4 landscape; margin: 10mm }}
body {{ margin: 0; font-family: "Hiragino Sans", "Yu Gothic", "Meiryo", "IPAGothic", sans-serif }}
main {{ display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 8mm }}</style></head>
<body><main><div>{funnel_svg}</div><div>{bars_svg}</div><div>{trend_svg}</div></main></body></html>"#
    );
    let dir = common::temp_dir();
    let page = dir.path().join("charts.html");
    std::fs::write(&page, html).unwrap();
    let pdf = dir.path().join("charts.pdf");
    print_pdf(&page, &pdf);

    assert_eq!(pdf_pages(&pdf).len(), 1);
    // pdftotext lays words out as printed; compare without the spaces it puts between them.
    let text: String = pdf_text(&pdf).split_whitespace().collect();
    for shown in [
        "リード",
        "1,240",
        "14.5%",
        "受注",
        "¥12,400,000",
        hostile,
        "-¥800,000",
        "検索広告",
        "1月",
        "今期",
        "前年同期",
        "¥6M",
    ] {
        assert!(text.contains(shown), "{shown} not printed in {text}");
    }
}
