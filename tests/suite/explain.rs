//! `kpibook explain` on the three-channel dataset of `common`, whose figures are worked out by hand
//! there: the formula with its numbers, the rows behind it, and a deal's credits under each model.

use crate::common;

use common::*;

fn explain(args: &[&str]) -> (i32, String, String) {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let mut all = vec!["explain", "m.xlsx", "--lang", "en"];
    all.extend_from_slice(args);
    let out = kpibook(dir.path(), &all);
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

#[test]
fn a_channel_cpa_shows_its_numbers_and_rows() {
    let (code, out, err) = explain(&["--metric", "cpa", "--channel", "linkedin"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cpa = cost / leads"), "{out}");
    assert!(out.contains("= ¥200,000 / 1\n"), "{out}");
    assert!(out.contains("= ¥200,000\n"), "{out}");
    assert!(out.contains("cost — 1 row:"), "{out}");
    assert!(out.contains("leads — 1 row:"), "{out}");
    assert!(out.contains("L1  created 2025-04-06"), "{out}");
    assert!(out.contains("m.xlsx [リード] row 2"), "{out}");
}

#[test]
fn total_roi_fills_in_revenue_margin_and_cost() {
    let (code, out, _) = explain(&["--metric", "roi"]);
    assert_eq!(code, 0);
    // (1,500,000 x 1 - 350,000) / 350,000 = 3.2857 -> 328.6%
    assert!(
        out.contains("= (¥1,500,000 x 1 - ¥350,000) / ¥350,000"),
        "{out}"
    );
    assert!(out.contains("= 328.6%"), "{out}");
    assert!(out.contains("revenue — 2 rows:"), "{out}");
    assert!(out.contains("cost — 3 rows:"), "{out}");
}

#[test]
fn an_empty_ratio_is_said_to_be_empty() {
    // webinar: no MQL, so cost per MQL has no value.
    let (code, out, _) = explain(&["--metric", "cost_per_mql", "--channel", "webinar"]);
    assert_eq!(code, 0);
    assert!(out.contains("= ¥100,000 / 0"), "{out}");
    assert!(out.contains("= (empty)"), "{out}");
}

#[test]
fn a_deal_shows_its_journey_window_and_credits() {
    let (code, out, err) = explain(&["--deal", "D1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("status won, amount ¥1,000,000"), "{out}");
    assert!(
        out.contains("acquisition channel linkedin, linked post P1 (by post_id)"),
        "{out}"
    );
    // 90 days before 2025-04-15 is 2025-01-15.
    assert!(out.contains("window 2025-01-15 .. 2025-04-15"), "{out}");
    for model in ["first_touch", "last_touch", "linear"] {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(model))
            .unwrap_or_else(|| panic!("no {model} line in {out}"));
        assert!(
            line.contains("linkedin")
                && line.contains("credit 1.0000")
                && line.contains("¥1,000,000"),
            "{line}"
        );
    }
}

#[test]
fn unknown_deals_metrics_and_channels_are_usage_errors() {
    let (code, _, err) = explain(&["--deal", "D99"]);
    assert_eq!(code, 2);
    assert!(err.contains("D99"), "{err}");
    let (code, _, err) = explain(&["--metric", "nps"]);
    assert_eq!(code, 2);
    assert!(err.contains("nps"), "{err}");
    let (code, _, err) = explain(&["--metric", "cpa", "--channel", "tiktok"]);
    assert_eq!(code, 2);
    assert!(err.contains("tiktok"), "{err}");
    let (code, _, _) = explain(&[]);
    assert_eq!(code, 2, "--deal or --metric is required");
    // The average won amount is a figure over all channels only (the Plan sheet's rate).
    let (code, _, err) = explain(&["--metric", "average_won_amount", "--channel", "linkedin"]);
    assert_eq!(code, 2);
    assert!(err.contains("over all channels only"), "{err}");
}
