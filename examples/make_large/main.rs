//! Writes a large deterministic input set for benchmarks: 200,000 leads, 1,000,000 touches, 20,000
//! deals, 10,000 posts and 2,000 cost rows as CSV files (canonical English headers) in the folder
//! given as the first argument (default `target/large`). `--scale F` multiplies every count.
//!
//! With `--xlsx DIR`, the same rows also go into one workbook `DIR/large.xlsx` (a sheet per table;
//! numbers as numbers, dates as text), for the benchmark of xlsx input.
//!
//! `cargo run --release --example make_large -- target/large [--xlsx target/large-xlsx]`

mod large_set;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("target/large");
    let mut scale = 1.0f64;
    let mut xlsx: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        if arg == "--scale" {
            scale = args.next().and_then(|s| s.parse().ok()).unwrap_or(1.0);
        } else if arg == "--xlsx" {
            xlsx = args.next().map(PathBuf::from);
        } else {
            out = PathBuf::from(arg);
        }
    }
    println!("{}", large_set::write_csv(&out, scale)?);
    if let Some(dir) = xlsx {
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("large.xlsx");
        write_workbook(&out, &path).map_err(|e| std::io::Error::other(e.to_string()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// The CSV files of `dir` as one workbook, a sheet per file, in constant-memory mode.
fn write_workbook(
    dir: &std::path::Path,
    path: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for table in ["posts", "leads", "touches", "deals", "costs"] {
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(table)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(dir.join(format!("{table}.csv")))?;
        for (row, record) in reader.records().enumerate() {
            for (col, value) in record?.iter().enumerate() {
                let (row, col) = (row as u32, col as u16);
                match value.parse::<f64>() {
                    Ok(number) if row > 0 => sheet.write_number(row, col, number)?,
                    _ => sheet.write_string(row, col, value)?,
                };
            }
        }
    }
    workbook.save(path)?;
    Ok(())
}
