//! The browser harness (`common::browser`) proved on pages whose rendering is known beforehand: an
//! A4 landscape page prints as one page of 297 x 210 mm, a page break makes two, and a phone-width
//! screenshot is as wide as the window. Skips, saying so, without a browser (see `common::browser`).

use crate::common;

use std::path::Path;

use common::browser::{browser_available, pdf_pages, pdf_text, png_size, print_pdf, screenshot};

/// A4 in points: 297 x 210 mm at 72 points to the inch of 25.4 mm.
const A4_LONG: f64 = 297.0 / 25.4 * 72.0;
const A4_SHORT: f64 = 210.0 / 25.4 * 72.0;

/// A static page in Japanese that asks to be printed on A4 landscape; `body` is its content.
fn page(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let html = format!(
        r#"<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>月次ブリーフ</title>
<style>
@page {{ size: A4 landscape; margin: 10mm }}
body {{ font-family: "Hiragino Sans", "Yu Gothic", "Meiryo", "IPAGothic", sans-serif; margin: 0 }}
</style></head>
<body>{body}</body></html>"#
    );
    let path = dir.join(name);
    std::fs::write(&path, html).expect("the page is written");
    path
}

#[test]
fn an_a4_landscape_page_prints_as_exactly_one_a4_landscape_page() {
    if !browser_available() {
        return;
    }
    let dir = common::temp_dir();
    let html = page(
        dir.path(),
        "brief.html",
        "<h1>で、売上は？</h1><p>今月の売上は目標の 82% です。</p>",
    );
    let pdf = dir.path().join("brief.pdf");
    print_pdf(&html, &pdf);
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 1, "{pages:?}");
    let (width, height) = pages[0];
    assert!((width - A4_LONG).abs() <= 2.0, "width {width} pt");
    assert!((height - A4_SHORT).abs() <= 2.0, "height {height} pt");
    let text = pdf_text(&pdf);
    assert!(text.contains("で、売上は？"), "{text}");
}

#[test]
fn a_page_break_prints_a_second_page() {
    if !browser_available() {
        return;
    }
    let dir = common::temp_dir();
    let html = page(
        dir.path(),
        "two.html",
        r#"<p style="break-after: page">一ページ目</p><p>二ページ目</p>"#,
    );
    let pdf = dir.path().join("two.pdf");
    print_pdf(&html, &pdf);
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 2, "{pages:?}");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("一ページ目") && text.contains("二ページ目"),
        "{text}"
    );
}

#[test]
fn a_phone_width_screenshot_is_as_wide_as_the_window() {
    if !browser_available() {
        return;
    }
    let dir = common::temp_dir();
    let html = page(dir.path(), "phone.html", "<h1>で、売上は？</h1>");
    let png = dir.path().join("phone.png");
    screenshot(&html, 390, 844, &png);
    assert_eq!(png_size(&png), (390, 844));
}
