//! The reverse plan on the three-channel dataset of `common`, worked by hand: won 2 deals for
//! 1,500,000 (average 750,000), lost 1 (win rate 2/3), 3 opportunities from 3 leads (opportunity
//! rate 1), cv_rate 1% by default. For a 3,000,000 target: 3,000,000 / 750,000 = 4 won;
//! 4 / (2/3) = 6 opportunities; 6 / 1 = 6 leads; 6 / 0.01 = 600 sessions. Gaps: 4 − 2 = 2 won,
//! 6 − 3 = 3 opportunities, 6 − 3 = 3 leads.

use crate::common;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::*;

fn with_kgi_target(target: f64) -> Vec<(&'static str, Vec<Vec<V>>)> {
    let mut sheets = three_channels();
    sheets.push((
        "目標",
        vec![
            vec![S("指標"), S("目標値"), S("種別")],
            vec![S("revenue"), N(target), S("KGI")],
        ],
    ));
    sheets
}

#[test]
fn plan_json_works_back_from_the_target() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let plan = plan_json(dir.path(), "3000000");
    assert_close(&plan["target_revenue"], 3_000_000.0, "target");
    assert_close(&plan["rates"]["average_won_amount"], 750_000.0, "average");
    assert_close(&plan["rates"]["win_rate"], 2.0 / 3.0, "win rate");
    assert_close(&plan["rates"]["opportunity_rate"], 1.0, "opportunity rate");
    assert_close(&plan["rates"]["cv_rate"], 0.01, "cv rate");
    for (stage, required, actual, gap) in [
        ("won", 4.0, 2.0, 2.0),
        ("opportunities", 6.0, 3.0, 3.0),
        ("leads", 6.0, 3.0, 3.0),
    ] {
        assert_close(&plan["required"][stage], required, stage);
        assert_close(&plan["actual"][stage], actual, stage);
        assert_close(&plan["gap"][stage], gap, stage);
    }
    assert_close(&plan["required"]["sessions"], 600.0, "sessions");
    assert!(plan["actual"]["sessions"].is_null());
    assert!(plan["gap"]["sessions"].is_null());
}

#[test]
fn the_kgi_target_of_the_targets_sheet_is_the_default_and_cv_rate_comes_from_the_config() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &with_kgi_target(3_000_000.0));
    std::fs::write(dir.path().join("kpibook.toml"), "cv_rate = 0.02\n").unwrap();
    let out = kpibook(dir.path(), &["plan", "m.xlsx", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_close(
        &plan["target_revenue"],
        3_000_000.0,
        "target from the sheet",
    );
    // 6 leads / 2% = 300 sessions.
    assert_close(&plan["required"]["sessions"], 300.0, "sessions");
}

#[test]
fn without_any_target_plan_is_a_usage_error() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let out = kpibook(dir.path(), &["plan", "m.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--target-revenue"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_plan_sheet_shows_the_same_plan() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &with_kgi_target(3_000_000.0));
    let out = kpibook(
        dir.path(),
        &[
            "report", "m.xlsx", "-o", "r.xlsx", "--lang", "en", "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let plan = workbook.worksheet_range("Plan").unwrap();
    let number = |row: u32, col: u32| match plan.get_value((row, col)) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("({row}, {col}): {other:?}"),
    };
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(close(number(3, 1), 3_000_000.0), "target");
    assert!(close(number(4, 1), 750_000.0), "average won amount");
    // Stage rows below the header (row 9): won, opportunities, leads, sessions.
    for (row, required, actual, gap) in [
        (10, 4.0, 2.0, 2.0),
        (11, 6.0, 3.0, 3.0),
        (12, 6.0, 3.0, 3.0),
    ] {
        assert!(close(number(row, 1), required), "required row {row}");
        assert!(close(number(row, 2), actual), "actual row {row}");
        assert!(close(number(row, 3), gap), "gap row {row}");
    }
    assert!(close(number(13, 1), 600.0), "sessions");
}

#[test]
fn a_target_on_the_command_line_wins_over_the_kgi_target_of_the_sheet() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &with_kgi_target(3_000_000.0));
    // 1,500,000 / 750,000 = 2 won; 2 / (2/3) = 3 opportunities; 3 / 1 = 3 leads; 3 / 1% = 300
    // sessions; no gap where the actual is already there.
    let plan = plan_json(dir.path(), "1500000");
    assert_close(&plan["target_revenue"], 1_500_000.0, "target");
    for (stage, required, gap) in [
        ("won", 2.0, 0.0),
        ("opportunities", 3.0, 0.0),
        ("leads", 3.0, 0.0),
    ] {
        assert_close(&plan["required"][stage], required, stage);
        assert_close(&plan["gap"][stage], gap, stage);
    }
    assert_close(&plan["required"]["sessions"], 300.0, "sessions");
}

#[test]
fn a_kgi_target_that_is_not_positive_is_a_usage_error() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &with_kgi_target(0.0));
    let out = kpibook(dir.path(), &["plan", "m.xlsx"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("must be a positive amount, not 0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_a_kgi_target_the_plan_sheet_shows_rates_and_actuals_but_requires_nothing() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let out = kpibook(
        dir.path(),
        &[
            "report", "m.xlsx", "-o", "r.xlsx", "--lang", "en", "--quiet",
        ],
    );
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let plan = workbook.worksheet_range("Plan").unwrap();
    // A blank cell, or a formula whose result is the empty text.
    let blank = |row: u32, col: u32| match plan.get_value((row, col)) {
        None | Some(Data::Empty) => true,
        Some(Data::String(text)) => text.is_empty(),
        _ => false,
    };
    let number = |row: u32, col: u32| match plan.get_value((row, col)) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("({row}, {col}): {other:?}"),
    };
    assert!(blank(3, 1), "no target: {:?}", plan.get_value((3, 1)));
    assert!(
        (number(4, 1) - 750_000.0).abs() < 1e-6,
        "average won amount"
    );
    // Stage rows below the header (row 9): won 2, opportunities 3, leads 3 actual; nothing
    // required and no gap.
    for (row, actual) in [(10, 2.0), (11, 3.0), (12, 3.0)] {
        assert!(
            blank(row, 1),
            "required row {row}: {:?}",
            plan.get_value((row, 1))
        );
        assert_eq!(number(row, 2), actual, "actual row {row}");
        assert!(
            blank(row, 3),
            "gap row {row}: {:?}",
            plan.get_value((row, 3))
        );
    }
}
