//! Test helpers: input workbooks made in the test with rust_xlsxwriter, and the binary run on them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One input cell.
#[derive(Debug, Clone)]
pub enum V {
    S(&'static str),
    T(String),
    N(f64),
    /// A real Excel date cell (y, m, d).
    D(u16, u8, u8),
    /// A formula with its cached result, e.g. `F("=NA()", "#N/A")` for an Excel error cell.
    F(&'static str, &'static str),
    E,
}

pub use V::*;

/// Writes a workbook with the given sheets (name, rows) to `path`.
pub fn write_xlsx(path: &Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy/mm/dd");
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    S(text) => {
                        sheet.write_string(r, c, *text).unwrap();
                    }
                    T(text) => {
                        sheet.write_string(r, c, text).unwrap();
                    }
                    N(x) => {
                        sheet.write_number(r, c, *x).unwrap();
                    }
                    D(y, m, d) => {
                        let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet
                            .write_datetime_with_format(r, c, &date, &date_format)
                            .unwrap();
                    }
                    F(formula, result) => {
                        let formula = rust_xlsxwriter::Formula::new(*formula).set_result(*result);
                        sheet.write_formula(r, c, formula).unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

/// Runs the kpibook binary with `args` in `dir`.
pub fn kpibook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpibook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("kpibook runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Asserts two numbers agree to 1e-9 relative.
pub fn assert_close(actual: &serde_json::Value, expected: f64, what: &str) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {actual}"));
    assert!(
        (a - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: got {a}, expected {expected}"
    );
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn path_str(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

pub fn join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}
