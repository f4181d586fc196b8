//! The compared period (SPEC section 10) in the summary JSON: a hand-made dataset over two
//! quarters of 2025. The Q3 report compares with Q2, and its comparison must equal the Q2 report's
//! own totals, with each change the difference of the two.

use std::path::Path;

use super::common::{kpibook, read_json, stderr, temp_dir};

/// Leads, deals and costs in April..September 2025: Q2 has 4 leads, 2 won (300,000 + 200,000),
/// cost 150,000; Q3 has 3 leads, 1 won (450,000), cost 90,000.
fn write_two_quarters(dir: &Path) {
    std::fs::write(
        dir.join("leads.csv"),
        "lead_id,created_at,channel,mql_at\n\
         L1,2025-04-03,linkedin,2025-04-10\n\
         L2,2025-05-12,x,\n\
         L3,2025-06-01,webinar,2025-06-05\n\
         L4,2025-06-20,linkedin,\n\
         L5,2025-07-07,linkedin,2025-07-15\n\
         L6,2025-08-19,x,2025-08-30\n\
         L7,2025-09-25,webinar,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("deals.csv"),
        "deal_id,lead_id,created_at,status,amount,closed_at\n\
         D1,L1,2025-04-20,won,300000,2025-05-30\n\
         D2,L3,2025-06-10,won,200000,2025-06-28\n\
         D3,L5,2025-07-20,won,450000,2025-08-31\n\
         D4,L6,2025-09-01,lost,,2025-09-20\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("costs.csv"),
        "month,channel,category,amount\n\
         2025-04,linkedin,ads,50000\n\
         2025-05,x,ads,60000\n\
         2025-06,webinar,event,40000\n\
         2025-07,linkedin,ads,30000\n\
         2025-09,x,ads,60000\n",
    )
    .unwrap();
}

fn summary(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec![
        "report",
        ".",
        "-o",
        "r.xlsx",
        "--summary-json",
        "s.json",
        "--quiet",
    ];
    all.extend_from_slice(args);
    let out = kpibook(dir, &all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    read_json(&dir.join("s.json"))
}

#[test]
fn the_q3_report_compares_with_q2_as_the_q2_report_has_it() {
    let dir = temp_dir();
    write_two_quarters(dir.path());
    let q2 = summary(dir.path(), &["--period", "2025-04-01..2025-06-30"]);
    let q3 = summary(dir.path(), &["--period", "2025-07-01..2025-09-30"]);
    let comparison = &q3["comparison"];
    assert_eq!(comparison["compare"], "previous");
    assert_eq!(comparison["period"]["start"], "2025-04-01");
    assert_eq!(comparison["period"]["end"], "2025-06-30");
    // The compared totals are the Q2 report's own, every one of them.
    assert_eq!(comparison["totals"], q2["totals"]);
    // Worked by hand: Q2 4 leads, 2 won, revenue 500,000, cost 150,000; Q3 3, 1, 450,000, 90,000.
    assert_eq!(q2["totals"]["leads"], 4);
    assert_eq!(q3["totals"]["leads"], 3);
    assert_eq!(q2["totals"]["revenue"], 500000);
    assert_eq!(q3["totals"]["revenue"], 450000);
    let change = &comparison["change"];
    assert_eq!(change["leads"]["absolute"], -1);
    assert_eq!(change["leads"]["percent"], -0.25);
    assert_eq!(change["revenue"]["absolute"], -50000);
    assert_eq!(change["revenue"]["percent"], -0.1);
    assert_eq!(change["cost"]["absolute"], -60000);
    assert_eq!(change["cost"]["percent"], -0.4);
    // CPA: Q2 150,000 / 4 = 37,500; Q3 90,000 / 3 = 30,000.
    assert_eq!(change["cpa"]["absolute"], -7500);
    assert_eq!(change["cpa"]["percent"], -0.2);
    // Every change is this period's figure less the compared one.
    for (key, value) in q3["totals"].as_object().unwrap() {
        if let (Some(now), Some(then)) = (value.as_f64(), q2["totals"][key].as_f64()) {
            let absolute = change[key]["absolute"].as_f64().unwrap();
            assert!((absolute - (now - then)).abs() < 1e-9, "{key}");
        }
    }
}

#[test]
fn a_month_compares_with_the_month_before_and_a_year_with_the_year_before() {
    let dir = temp_dir();
    write_two_quarters(dir.path());
    let june = summary(dir.path(), &["--month", "2025-06"]);
    let may = summary(dir.path(), &["--month", "2025-05"]);
    assert_eq!(june["comparison"]["period"]["start"], "2025-05-01");
    assert_eq!(june["comparison"]["period"]["end"], "2025-05-31");
    assert_eq!(june["comparison"]["totals"], may["totals"]);
    // No data a year earlier: asked for, the comparison is made (and all zero).
    let year = summary(dir.path(), &["--month", "2025-06", "--compare", "year"]);
    assert_eq!(year["comparison"]["period"]["start"], "2024-06-01");
    assert_eq!(year["comparison"]["totals"]["leads"], 0);
    let off = summary(dir.path(), &["--month", "2025-06", "--compare", "none"]);
    assert!(off["comparison"].is_null());
}

#[test]
fn data_that_does_not_reach_back_gives_no_comparison() {
    let dir = temp_dir();
    write_two_quarters(dir.path());
    // April is the first month of data: there is no March to compare with.
    let april = summary(dir.path(), &["--month", "2025-04"]);
    assert!(april["comparison"].is_null(), "{}", april["comparison"]);
    // The whole data span (April..September) reaches back over nothing before it.
    let all = summary(dir.path(), &[]);
    assert!(all["comparison"].is_null());
}

/// A sheet's rows as calamine reads them.
fn rows(path: &Path, sheet: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    super::libreoffice_recalc::open(path)
        .worksheet_range(sheet)
        .unwrap()
}

/// The first row whose column `col` reads `label`, as numbers by column.
fn row_of(range: &calamine::Range<calamine::Data>, col: usize, label: &str) -> Vec<Option<f64>> {
    use calamine::DataType;
    let row = range
        .rows()
        .find(|r| r.get(col).and_then(|c| c.get_string()) == Some(label))
        .unwrap_or_else(|| panic!("no row {label}"));
    row.iter()
        .map(|c| super::libreoffice_recalc::as_number(Some(c)))
        .collect()
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            "{what}: {a} vs {b}"
        ),
        _ => assert_eq!(a, b, "{what}"),
    }
}

/// The workbook's comparison, after LibreOffice recalculates it, is the Q2 report's own figures:
/// the Summary's compared column is Q2's all-channel column, the Channels compared row Q2's total
/// row, the KPI tree's compared actuals Q2's actuals; each change is the difference, its % that
/// over the compared figure.
#[test]
fn the_q3_workbook_compares_with_q2_after_libreoffice_recalculates() {
    if !super::libreoffice_recalc::soffice_available() {
        return;
    }
    let dir = temp_dir();
    write_two_quarters(dir.path());
    let report = |period: &str, out: &str| {
        let args = [
            "report", ".", "-o", out, "--period", period, "--lang", "en", "--quiet",
        ];
        let run = kpibook(dir.path(), &args);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        dir.path().join(out)
    };
    let q2 = report("2025-04-01..2025-06-30", "q2.xlsx");
    let q3 = report("2025-07-01..2025-09-30", "q3.xlsx");
    let recalculated = super::libreoffice_recalc::recalculate(dir.path(), &q3);
    super::libreoffice_recalc::assert_recalculation_agrees(&q3, &recalculated);

    // Summary: C is this period's all-channel figure, G the compared one, H the change, I its %.
    let (now, then) = (rows(&recalculated, "Summary"), rows(&q2, "Summary"));
    for metric in [
        "Cost",
        "Leads",
        "Attributed won",
        "Attributed revenue",
        "ROI",
        "CPA",
        "CAC",
    ] {
        let (q3_row, q2_row) = (row_of(&now, 0, metric), row_of(&then, 0, metric));
        close(
            q3_row[6],
            q2_row[2],
            &format!("{metric} compared (all channels)"),
        );
        close(
            q3_row[1 + 2],
            q2_row[1],
            &format!("{metric} compared (SNS)"),
        );
        let (a, b) = (q3_row[2].unwrap(), q3_row[6].unwrap());
        // A rate's change is in percentage points (issue 22): ROI 400.0% against 233.3% is
        // +166.7pt.
        let points = if metric == "ROI" { 100.0 } else { 1.0 };
        close(
            q3_row[7],
            Some((a - b) * points),
            &format!("{metric} change"),
        );
        close(
            q3_row[8],
            (b != 0.0).then(|| (a - b) / b.abs()),
            &format!("{metric} change %"),
        );
    }
    // By hand: revenue 450,000 against 500,000; cost 90,000 against 150,000.
    let revenue = row_of(&now, 0, "Attributed revenue");
    assert_eq!(
        (revenue[2], revenue[6], revenue[7]),
        (Some(450000.0), Some(500000.0), Some(-50000.0))
    );
    close(revenue[8], Some(-0.1), "revenue change %");
    let cost = row_of(&now, 0, "Cost");
    assert_eq!((cost[2], cost[6]), (Some(90000.0), Some(150000.0)));
    // The highlight of the largest change, as LibreOffice recalculated it. By hand: ROI was
    // (500,000 - 150,000) / 150,000 = 233.3% and is (450,000 - 90,000) / 90,000 = 400.0%, a change
    // of +71.4%, larger in size than cost's -40%, won's -50% and the others'.
    use calamine::DataType;
    let sentence = now
        .rows()
        .filter_map(|r| r.first().and_then(|c| c.get_string()))
        .find(|text| text.starts_with("Against"))
        .expect("a largest-change highlight");
    assert_eq!(
        sentence,
        "Against 2025-04-01 to 2025-06-30, the largest change is in ROI: from 233.3% to 400.0% (+71.4%)."
    );

    // Channels: the compared row under the total is Q2's total row; change and % below it.
    let (now, then) = (rows(&recalculated, "Channels"), rows(&q2, "Channels"));
    let (total, compared) = (row_of(&now, 0, "Total"), row_of(&now, 0, "Compared"));
    let (change, percent) = (row_of(&now, 0, "Change"), row_of(&now, 0, "Change %"));
    let q2_total = row_of(&then, 0, "Total");
    for col in 3..15 {
        close(
            compared[col],
            q2_total[col],
            &format!("Channels column {col}"),
        );
        if let (Some(a), Some(b)) = (total[col], compared[col]) {
            // ROI (column O) changes in percentage points.
            let points = if col == 14 { 100.0 } else { 1.0 };
            let expected = Some((a - b) * points);
            close(change[col], expected, &format!("Channels change {col}"));
            close(
                percent[col],
                (b != 0.0).then(|| (a - b) / b.abs()),
                &format!("Channels % {col}"),
            );
        }
    }

    // Monthly: the compared months (from column J) are the Q2 report's months (from column A).
    let (now, then) = (rows(&recalculated, "Monthly"), rows(&q2, "Monthly"));
    let cell = |range: &calamine::Range<calamine::Data>, row: u32, col: u32| {
        super::libreoffice_recalc::as_number(range.get_value((row, col)))
    };
    for row in 4..7 {
        for col in 0..8 {
            let what = format!("Monthly row {row} column {col}");
            close(cell(&now, row, 9 + col), cell(&then, row, col), &what);
        }
    }
    assert_eq!(cell(&now, 4, 15), Some(0.0), "no deal closed in April");
    assert_eq!(cell(&now, 5, 15), Some(300000.0), "D1 closed in May");
    assert_eq!(cell(&now, 6, 15), Some(200000.0), "D2 closed in June");

    // KPI tree: each whole-period row's compared actual (M) is Q2's actual (H) of the same
    // metric id (C) and channel (D).
    let (now, then) = (rows(&recalculated, "KPI tree"), rows(&q2, "KPI tree"));
    let key = |r: &[calamine::Data]| {
        (
            r.get(2).and_then(|c| c.get_string()).map(str::to_string),
            r.get(3).and_then(|c| c.get_string()).map(str::to_string),
        )
    };
    let mut matched = 0;
    for row in now.rows().filter(|r| r.len() > 12 && key(r).0.is_some()) {
        let Some(q2_row) = then
            .rows()
            .find(|r| key(r) == key(row) && r.get(2).is_some())
        else {
            continue;
        };
        let number =
            |r: &[calamine::Data], c: usize| super::libreoffice_recalc::as_number(r.get(c));
        close(
            number(row, 12),
            number(q2_row, 7),
            &format!("KPI {:?} compared", key(row)),
        );
        matched += 1;
    }
    assert!(matched >= 20, "only {matched} KPI rows compared");
}

/// A report without a comparison says why on its Summary.
#[test]
fn a_report_without_a_comparison_says_why_on_its_summary() {
    use calamine::DataType;
    let dir = temp_dir();
    write_two_quarters(dir.path());
    let run = kpibook(
        dir.path(),
        &[
            "report", ".", "-o", "r.xlsx", "--month", "2025-04", "--lang", "en", "--quiet",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let summary = rows(&dir.path().join("r.xlsx"), "Summary");
    let said = summary
        .rows()
        .filter_map(|r| r.first().and_then(|c| c.get_string()))
        .find(|text| text.starts_with("No comparison"))
        .expect("the Summary says there is no comparison");
    assert!(said.contains("2025-03-01 to 2025-03-31"), "{said}");
    // The earliest dated row is the April cost row (a cost books its whole month).
    assert!(said.contains("first date 2025-04-01"), "{said}");
}

/// `--values-only` writes the compared figures and changes as the live report caches them.
#[test]
fn values_only_writes_the_compared_figures_as_values() {
    let dir = temp_dir();
    write_two_quarters(dir.path());
    let period = "2025-07-01..2025-09-30";
    for (out, extra) in [("live.xlsx", None), ("values.xlsx", Some("--values-only"))] {
        let mut args = vec![
            "report", ".", "-o", out, "--period", period, "--lang", "en", "--quiet",
        ];
        args.extend(extra);
        let run = kpibook(dir.path(), &args);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    let (live, values) = (dir.path().join("live.xlsx"), dir.path().join("values.xlsx"));
    for (sheet, label) in [
        ("Summary", "Attributed revenue"),
        ("Summary", "CPA"),
        ("Channels", "Compared"),
    ] {
        let (a, b) = (
            row_of(&rows(&live, sheet), 0, label),
            row_of(&rows(&values, sheet), 0, label),
        );
        assert_eq!(a, b, "{sheet} {label}");
        assert!(b.iter().flatten().count() >= 3, "{sheet} {label}: {b:?}");
    }
    let mut workbook = super::libreoffice_recalc::open(&values);
    use calamine::Reader;
    let formulas = workbook.worksheet_formula("Summary").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula with --values-only"
    );
}
