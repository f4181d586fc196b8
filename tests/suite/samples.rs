//! The shipped samples, run the way the README's first command runs them, against the figures the
//! samples README states (worked out independently of kpibook when the dataset was designed).

use crate::common;

use common::*;

#[test]
fn the_samples_report_matches_the_figures_in_samples_readme() {
    let dir = temp_dir();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = kpibook(
        dir.path(),
        &[
            "report",
            &path_str(&samples),
            "-o",
            "report.xlsx",
            "--summary-json",
            "summary.json",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(dir.path().join("report.xlsx").exists());
    let s = read_json(&dir.path().join("summary.json"));
    assert_eq!(
        s["period"]["start"], "2025-04-01",
        "samples/kpibook.toml sets FY2025 H1"
    );
    assert_eq!(s["period"]["end"], "2025-09-30");
    let t = &s["totals"];
    for (key, value) in [
        ("leads", 606.0),
        ("mql", 249.0),
        ("opportunities", 78.0),
        ("won", 27.0),
        ("revenue", 68_880_000.0),
        ("cost", 21_903_000.0),
        ("sns_cost", 9_895_000.0),
        ("sns_leads", 421.0),
        ("win_rate", 27.0 / 64.0),
        ("cpa", 21_903_000.0 / 606.0),
    ] {
        assert_close(&t[key], value, key);
    }
    assert_close(&s["ltv"]["arpa"], 159_629.629_629_629_6, "arpa");
    let leads_by_channel = [
        ("x", 105.0),
        ("linkedin", 91.0),
        ("webinar", 73.0),
        ("search_ads", 68.0),
        ("event", 60.0),
        ("organic_search", 50.0),
        ("facebook", 38.0),
        ("youtube", 36.0),
        ("note", 30.0),
        ("instagram", 22.0),
        ("email", 18.0),
        ("referral", 15.0),
    ];
    for (channel, leads) in leads_by_channel {
        assert_close(&s["channels"][channel]["leads"], leads, channel);
    }
    let won_by_channel = [
        ("linkedin", 10.0),
        ("webinar", 4.0),
        ("organic_search", 3.0),
        ("x", 2.0),
        ("event", 2.0),
        ("unattributed", 2.0),
        ("search_ads", 1.0),
        ("note", 1.0),
        ("referral", 1.0),
        ("email", 1.0),
    ];
    for (channel, won) in won_by_channel {
        assert_close(&s["channels"][channel]["won"], won, channel);
    }
    // Every model hands out all the revenue.
    for (model, channels) in s["attribution"].as_object().unwrap() {
        let total: f64 = channels
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((total - 68_880_000.0).abs() < 1e-3, "{model}: {total}");
    }
    // The findings: the intro sheet (no table) and README.md, listed as a file of another type.
    assert_eq!(s["issues"]["error"], 0);
    assert_eq!(s["issues"]["warning"], 2);
}
