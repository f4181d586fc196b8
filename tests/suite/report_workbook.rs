//! The report workbook read back as a person's spreadsheet would read it: sheet order and names,
//! figures on the Channels, Funnel and Monthly sheets against values worked out by hand, data
//! sheets that hold every accepted row (and no column outside the schema), rejected rows on the
//! Data quality sheet, byte-identical output, continuation sheets and no partial files.

use crate::common;

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use common::*;

/// Writes the dataset and runs `report` with `extra` arguments; returns the dir and exit code.
fn run_report(extra: &[&str]) -> (tempfile::TempDir, i32) {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("marketing.xlsx"), &three_channels());
    let mut args = vec!["report", "marketing.xlsx", "-o", "report.xlsx", "--quiet"];
    args.extend_from_slice(extra);
    let out = kpibook(dir.path(), &args);
    (dir, out.status.code().unwrap_or(-1))
}

fn open(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(path).unwrap();
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn sheet(workbook: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The absolute row (0-based) whose cell in `col` is `text`.
fn row_with(range: &Range<Data>, col: u32, text: &str) -> u32 {
    let (r0, _) = range.start().unwrap();
    for (i, row) in range.rows().enumerate() {
        let c = (col - range.start().unwrap().1) as usize;
        if row.get(c).is_some_and(|d| *d == text) {
            return r0 + i as u32;
        }
    }
    panic!("no row with {text:?} in column {col}");
}

fn number(range: &Range<Data>, row: u32, col: u32) -> Option<f64> {
    match range.get_value((row, col)) {
        Some(Data::Float(x)) => Some(*x),
        Some(Data::Int(x)) => Some(*x as f64),
        Some(Data::Empty) | None => None,
        // A formula whose ratio has no value shows an empty text.
        Some(Data::String(s)) if s.is_empty() => None,
        Some(other) => panic!("({row}, {col}) holds {other:?}, not a number"),
    }
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn close(actual: Option<f64>, expected: f64, what: &str) {
    let a = actual.unwrap_or_else(|| panic!("{what}: empty cell, expected {expected}"));
    assert!(
        (a - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: got {a}, expected {expected}"
    );
}

#[test]
fn sheets_come_in_the_spec_order_in_both_languages() {
    let (dir, code) = run_report(&[]);
    assert_eq!(code, 3, "one lead row is rejected");
    let workbook = open(&dir.path().join("report.xlsx"));
    assert_eq!(
        workbook.sheet_names(),
        [
            "サマリー",
            "ファネル",
            "KPI階層",
            "チャネル別",
            "投稿別",
            "アトリビューション",
            "月次推移",
            "逆算計画",
            "データ品質",
            "紐付け",
            "前提条件",
            "検算",
            "リードデータ",
            "商談データ",
            "投稿データ",
            "接点データ",
            "費用データ",
            "日別データ",
            "目標データ",
            "カスタム指標データ",
        ]
    );
    let (dir, _) = run_report(&["--lang", "en"]);
    let workbook = open(&dir.path().join("report.xlsx"));
    assert_eq!(
        workbook.sheet_names()[..12],
        [
            "Summary",
            "Funnel",
            "KPI tree",
            "Channels",
            "Posts",
            "Attribution",
            "Monthly",
            "Plan",
            "Data quality",
            "Lineage",
            "Assumptions",
            "Checks"
        ]
    );
}

#[test]
fn channels_sheet_matches_the_hand_computation() {
    let (dir, _) = run_report(&["--lang", "en"]);
    let mut workbook = open(&dir.path().join("report.xlsx"));
    let channels = sheet(&mut workbook, "Channels");
    // Columns: channel, id, SNS, cost, leads, mql, opportunities, won, attributed_won,
    // attributed_revenue, cpa, cost_per_mql, cac, roas, roi.
    let linkedin = row_with(&channels, 1, "linkedin");
    let expected = [
        200_000.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1_000_000.0,
        200_000.0,
        200_000.0,
        200_000.0,
        5.0,
        4.0,
    ];
    for (i, value) in expected.iter().enumerate() {
        close(
            number(&channels, linkedin, 3 + i as u32),
            *value,
            &format!("linkedin col {}", 3 + i),
        );
    }
    assert_eq!(text(&channels, linkedin, 2), "SNS");

    let webinar = row_with(&channels, 1, "webinar");
    close(number(&channels, webinar, 3), 100_000.0, "webinar cost");
    close(number(&channels, webinar, 10), 100_000.0, "webinar cpa");
    assert_eq!(
        number(&channels, webinar, 11),
        None,
        "no MQL: cost per MQL is empty"
    );
    assert_eq!(
        number(&channels, webinar, 12),
        None,
        "nothing won: CAC is empty"
    );
    close(number(&channels, webinar, 13), 0.0, "webinar roas");
    close(number(&channels, webinar, 14), -1.0, "webinar roi");

    let search = row_with(&channels, 1, "search_ads");
    close(
        number(&channels, search, 9),
        500_000.0,
        "search attributed revenue",
    );
    close(number(&channels, search, 13), 10.0, "search roas");
    close(number(&channels, search, 14), 9.0, "search roi");

    let total = row_with(&channels, 0, "Total");
    close(number(&channels, total, 3), 350_000.0, "total cost");
    close(number(&channels, total, 4), 3.0, "total leads");
    close(number(&channels, total, 9), 1_500_000.0, "total revenue");
    close(number(&channels, total, 10), 350_000.0 / 3.0, "total cpa");
    close(number(&channels, total, 12), 175_000.0, "total cac");
    close(
        number(&channels, total, 13),
        1_500_000.0 / 350_000.0,
        "total roas",
    );
    close(
        number(&channels, total, 14),
        1_150_000.0 / 350_000.0,
        "total roi",
    );
}

#[test]
fn funnel_monthly_and_posts_sheets_match_the_hand_computation() {
    let (dir, _) = run_report(&["--lang", "en"]);
    let mut workbook = open(&dir.path().join("report.xlsx"));

    let funnel = sheet(&mut workbook, "Funnel");
    // Total column 1, rate column 2.
    let expected = [
        ("Impressions", 5000.0, None),
        ("Engagements", 250.0, Some(0.05)),
        ("Clicks", 50.0, Some(0.2)),
        ("Leads", 3.0, Some(0.06)),
        ("MQL", 1.0, Some(1.0 / 3.0)),
        ("Opportunities", 3.0, Some(3.0)),
        ("Won deals", 2.0, Some(2.0 / 3.0)),
        ("Revenue", 1_500_000.0, None),
    ];
    for (stage, value, rate) in expected {
        let row = row_with(&funnel, 0, stage);
        close(number(&funnel, row, 1), value, stage);
        match rate {
            Some(rate) => close(number(&funnel, row, 2), rate, &format!("{stage} rate")),
            None => assert_eq!(number(&funnel, row, 2), None, "{stage} has no rate"),
        }
    }

    let monthly = sheet(&mut workbook, "Monthly");
    // Columns: month, cost, leads, mql, opportunities, won, revenue, SNS attributed revenue.
    let months: Vec<Vec<Option<f64>>> = (4..7)
        .map(|r| (1..8).map(|c| number(&monthly, r, c)).collect())
        .collect();
    let by_hand = [
        [300_000.0, 2.0, 1.0, 2.0, 0.0, 0.0, 0.0],
        [50_000.0, 1.0, 0.0, 1.0, 1.0, 1_000_000.0, 1_000_000.0],
        [0.0, 0.0, 0.0, 0.0, 1.0, 500_000.0, 0.0],
    ];
    for (month, (got, want)) in months.iter().zip(by_hand).enumerate() {
        for (col, (g, w)) in got.iter().zip(want).enumerate() {
            close(*g, w, &format!("month {} col {}", month + 4, col + 1));
        }
    }

    let posts = sheet(&mut workbook, "Posts");
    let p1 = row_with(&posts, 0, "P1");
    close(number(&posts, p1, 11), 0.05, "P1 engagement rate 50/1000");
    close(number(&posts, p1, 12), 0.01, "P1 ctr 10/1000");
    close(number(&posts, p1, 14), 1.0, "P1 leads");
    close(number(&posts, p1, 16), 1.0, "P1 won");
    close(number(&posts, p1, 17), 1_000_000.0, "P1 attributed revenue");
    assert_eq!(text(&posts, p1, 18), "", "P1 has a lead: not flagged");
    let p2 = row_with(&posts, 0, "P2");
    assert!(
        text(&posts, p2, 18).contains("no leads"),
        "P2: most engagements and no lead is flagged"
    );
}

#[test]
fn data_sheets_hold_every_accepted_row_and_no_foreign_column() {
    let (dir, _) = run_report(&[]);
    let mut workbook = open(&dir.path().join("report.xlsx"));
    let leads = sheet(&mut workbook, "リードデータ");
    let headers: Vec<String> = (0..leads.width() as u32)
        .map(|c| text(&leads, 0, c))
        .collect();
    assert!(headers.contains(&"acquisition_channel".to_string()));
    assert!(headers.contains(&"link_reason".to_string()));
    assert_eq!(
        headers[headers.len() - 3..],
        ["source_file", "source_sheet", "source_row"]
    );
    assert!(
        !headers.iter().any(|h| h.contains("氏名")),
        "the name column is outside the schema and must not be copied"
    );
    let all_text: Vec<String> = leads.rows().flatten().map(|d| d.to_string()).collect();
    assert!(
        !all_text.iter().any(|t| t.contains("山田")),
        "personal names are not copied"
    );
    assert_eq!(leads.height(), 4, "header + L1..L3; L4 was rejected");
    let l1 = row_with(&leads, 0, "L1");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap() as u32;
    assert_eq!(text(&leads, l1, col("acquisition_channel")), "linkedin");
    assert_eq!(text(&leads, l1, col("linked_post")), "P1");
    assert_eq!(text(&leads, l1, col("link_reason")), "post_id");
    assert_eq!(text(&leads, l1, col("source_sheet")), "リード");
    close(
        number(&leads, l1, col("source_row")),
        2.0,
        "L1 is on row 2 of its sheet",
    );

    let deals = sheet(&mut workbook, "商談データ");
    assert_eq!(deals.height(), 4);
    let costs = sheet(&mut workbook, "費用データ");
    assert_eq!(costs.height(), 4);

    let quality = sheet(&mut workbook, "データ品質");
    let l4_issue = row_with(&quality, 4, "B5");
    assert_eq!(text(&quality, l4_issue, 0), "エラー");
    assert_eq!(text(&quality, l4_issue, 3), "リード");
    assert_eq!(
        text(&quality, l4_issue, 9),
        "却下",
        "the L4 row was rejected"
    );

    let summary = sheet(&mut workbook, "サマリー");
    let leads_row = (0..summary.height() as u32)
        .find(|&r| text(&summary, r, 1) == "リード" && text(&summary, r, 2) == "leads")
        .expect("a row-count line for the リード sheet");
    // read = accepted + rejected + blank: 4 = 3 + 1 + 0
    let counts: Vec<Option<f64>> = (4..8).map(|c| number(&summary, leads_row, c)).collect();
    assert_eq!(counts, [Some(4.0), Some(3.0), Some(1.0), Some(0.0)]);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let (dir, _) = run_report(&[]);
    let first = std::fs::read(dir.path().join("report.xlsx")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = kpibook(
        dir.path(),
        &["report", "marketing.xlsx", "-o", "again.xlsx", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(3));
    let second = std::fs::read(dir.path().join("again.xlsx")).unwrap();
    assert!(first == second, "two runs a second apart differ");
}

#[test]
fn a_failed_write_leaves_nothing_and_keeps_an_existing_report() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("marketing.xlsx"), &three_channels());
    let out = kpibook(
        dir.path(),
        &["report", "marketing.xlsx", "-o", "no/such/folder/r.xlsx"],
    );
    // A folder that does not exist is a usage error (SPEC section 7), said before any input is read.
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("no/such/folder"),
        "stderr names the path: {}",
        stderr(&out)
    );
    assert!(!dir.path().join("no").exists());

    // An input that cannot be read leaves an existing report as it was.
    std::fs::write(dir.path().join("report.xlsx"), b"previous report").unwrap();
    std::fs::write(
        dir.path().join("broken.xlsx"),
        b"PK\x03\x04 not really a zip",
    )
    .unwrap();
    let out = kpibook(dir.path(), &["report", "broken.xlsx", "-o", "report.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join("report.xlsx")).unwrap(),
        b"previous report"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn long_tables_continue_on_a_second_sheet() {
    use kpibook::pipeline::{analyse, check, RunOptions};
    use kpibook::report::{workbook_bytes, ReportContext};

    let dir = temp_dir();
    let input = dir.path().join("marketing.xlsx");
    write_xlsx(&input, &three_channels());
    let options = RunOptions {
        inputs: vec![input],
        ..RunOptions::default()
    };
    let analysis = analyse(check(&options).expect("inputs check"));
    let context = ReportContext::of(&analysis, false);
    // Two data rows per sheet: three leads take two sheets.
    let bytes = workbook_bytes(&context, 2).expect("workbook builds");
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = workbook.sheet_names();
    let first = names.iter().position(|n| n == "リードデータ").unwrap();
    assert_eq!(names[first + 1], "リードデータ (2)");
    let first_part = sheet(&mut workbook, "リードデータ");
    let second_part = sheet(&mut workbook, "リードデータ (2)");
    assert_eq!(first_part.height(), 3, "header + 2 rows");
    assert_eq!(second_part.height(), 2, "header + the third row");
    assert_eq!(text(&second_part, 1, 0), "L3");
    let summary = sheet(&mut workbook, "サマリー");
    let said = summary
        .rows()
        .flatten()
        .any(|d| d.to_string().contains("リードデータ: Excelの行数上限"));
    assert!(said, "the Summary says the table continued");
}

#[test]
fn attribution_and_lineage_sheets_account_for_the_revenue_under_every_model() {
    let (dir, _) = run_report(&["--lang", "en"]);
    let mut workbook = open(&dir.path().join("report.xlsx"));
    let attribution = sheet(&mut workbook, "Attribution");
    // Every lead has one touch (its creation) in its window, so every model gives each won deal
    // wholly to its lead's channel: linkedin 1,000,000 (D1), search_ads 500,000 (D3), webinar 0.
    let header = 3;
    let models: Vec<String> = (3..attribution.width() as u32)
        .map(|c| text(&attribution, header, c))
        .take_while(|t| !t.is_empty())
        .collect();
    assert!(models.len() >= 3, "one column per model: {models:?}");
    let linkedin = row_with(&attribution, 1, "linkedin");
    let search = row_with(&attribution, 1, "search_ads");
    let webinar = row_with(&attribution, 1, "webinar");
    let total = row_with(&attribution, 0, "Total");
    for (i, model) in models.iter().enumerate() {
        let col = 3 + i as u32;
        close(number(&attribution, linkedin, col), 1_000_000.0, model);
        close(number(&attribution, search, col), 500_000.0, model);
        close(number(&attribution, webinar, col), 0.0, model);
        close(
            number(&attribution, total, col),
            1_500_000.0,
            &format!("{model} total"),
        );
    }

    // Markov over the three one-touch paths linkedin>conv, webinar>null, search_ads>conv:
    // P(conv) = 2/3; without linkedin 1/3, so its effect is 1 - (1/3)/(2/3) = 0.5; search_ads the
    // same; webinar 0. Shares: effect / (0.5 + 0.5) x 2 conversions = 1, 1, 0.
    let markov_header = row_with(&attribution, 3, "Removal effect");
    let effect_of = |id: &str| {
        let row = (markov_header..attribution.end().unwrap().0 + 1)
            .find(|&r| text(&attribution, r, 1) == id)
            .unwrap_or_else(|| panic!("no Markov row for {id}"));
        (number(&attribution, row, 3), number(&attribution, row, 4))
    };
    for (id, effect, share) in [
        ("linkedin", 0.5, 1.0),
        ("search_ads", 0.5, 1.0),
        ("webinar", 0.0, 0.0),
    ] {
        let (e, sh) = effect_of(id);
        close(e, effect, &format!("{id} removal effect"));
        close(sh, share, &format!("{id} share"));
    }

    let lineage = sheet(&mut workbook, "Lineage");
    // One row per model per won deal (each with one touch): 2 rows a model.
    assert_eq!(lineage.height(), 1 + 2 * models.len());
    let credit_sum: f64 = (1..lineage.height() as u32)
        .map(|r| number(&lineage, r, 10).unwrap())
        .sum();
    close(
        Some(credit_sum),
        2.0 * models.len() as f64,
        "credits sum to one per deal and model",
    );
    let d1 = row_with(&lineage, 1, "D1");
    assert_eq!(text(&lineage, d1, 6), "linkedin");
    assert_eq!(text(&lineage, d1, 7), "P1");
    assert_eq!(text(&lineage, d1, 8), "post_id");
    close(
        number(&lineage, d1, 11),
        1_000_000.0,
        "D1 attributed amount",
    );
}

#[test]
fn input_text_that_looks_like_a_formula_stays_text() {
    let dir = temp_dir();
    let leads = vec![
        vec![
            S("リードID"),
            S("獲得日"),
            S("流入元"),
            S("会社名"),
            S("utm_campaign"),
            S("utm_content"),
            S("コンバージョン種別"),
        ],
        vec![
            S("L1"),
            D(2025, 4, 6),
            S("LinkedIn"),
            S("=HYPERLINK(\"http://example.com\",\"x\")"),
            S("+81 3 1234"),
            S("@handle"),
            S("-資料DL"),
        ],
    ];
    write_xlsx(&dir.path().join("m.xlsx"), &[("リード", leads)]);
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "r.xlsx", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut workbook = open(&dir.path().join("r.xlsx"));
    let data = sheet(&mut workbook, "リードデータ");
    let formulas = workbook.worksheet_formula("リードデータ").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no input text became a formula"
    );
    let row: Vec<String> = (0..data.width() as u32)
        .map(|c| text(&data, 1, c))
        .collect();
    for written in [
        "=HYPERLINK(\"http://example.com\",\"x\")",
        "+81 3 1234",
        "@handle",
        "-資料DL",
    ] {
        assert!(
            row.iter().any(|t| t == written),
            "{written} kept as text: {row:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_report_is_readable_by_others_like_any_saved_file() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = run_report(&[]);
    let mode = std::fs::metadata(dir.path().join("report.xlsx"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o644,
        0o644,
        "mode {mode:o}: a temporary file's 0600 must not stick"
    );
}

/// Issue 16: the Leads data sheet lists the leads grouped by linked post (the posts' order, then
/// input order, leads of no post last), so a kept row may stand elsewhere than in its file; the Data
/// quality sheet's link of a warning goes to the row where the lead now stands.
#[test]
fn a_warning_links_to_its_lead_where_grouping_by_post_put_it() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("posts.csv"),
        "post_id,platform,published_at\nP1,linkedin,2025-04-01 09:00\nP2,x,2025-04-02 09:00\n",
    )
    .unwrap();
    // L2 (file row 3) became MQL before it was created: a warning, the row kept.
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel,post_id,mql_at\n\
         L1,2025-04-03 10:00,webinar,,\n\
         L2,2025-04-04 10:00,x,P2,2025-04-01 10:00\n\
         L3,2025-04-05 10:00,linkedin,P1,\n",
    )
    .unwrap();
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut workbook = open(&dir.path().join("report.xlsx"));
    let leads = sheet(&mut workbook, "Leads data");
    // P1's lead, then P2's, then the lead of no post; each row still says where it came from.
    let ids: Vec<String> = (1..4).map(|r| text(&leads, r, 0)).collect();
    assert_eq!(ids, ["L3", "L2", "L1"]);
    let source_row = leads.width() as u32 - 1;
    assert_eq!(number(&leads, 2, source_row), Some(3.0), "L2 is file row 3");

    let quality = sheet(&mut workbook, "Data quality");
    let warning = (0..quality.height() as u32)
        .find(|&r| text(&quality, r, 9).starts_with("kept"))
        .expect("the warning's row");
    // Sheet row 3: the header, then L3, then L2.
    assert_eq!(text(&quality, warning, 9), "kept → Leads data 3");
}
