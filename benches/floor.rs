//! The floor the report is measured against: read every input cell (calamine for workbooks, the csv
//! crate for CSV) and write the same number of cells with rust_xlsxwriter in constant-memory mode,
//! at the report's deflate level, with no validation and no logic. Rows are streamed from reader to writer, so this is the least
//! any tool doing the same reading and writing can cost.
//!
//! With `--write-ratio R` every row read is written R times over (on average: 2.2 writes rows twice
//! and every fifth row a third time), the inputs still read once: the floor at the report's own
//! output volume (the report writes more cells than it reads: derived columns, source columns, the
//! lineage rows).
//!
//! `cargo bench --bench floor -- INPUT_DIR_OR_FILE... [--out FILE] [--write-ratio R]` (see
//! benches/run.sh)

use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// Excel's last row (0-based); longer inputs continue on another sheet, as the report does.
const LAST_ROW: u32 = 1_048_575;

/// Writes cells row by row, starting a new sheet when one is full.
struct Sink<'a> {
    workbook: &'a mut Workbook,
    row: u32,
    cells: u64,
    /// Rows written per row read, on average.
    write_ratio: f64,
    /// Writes of rows read so far not yet made (below one).
    owed: f64,
}

impl Sink<'_> {
    /// The sheet and row the next cell goes to, starting a new sheet when one is full.
    fn place(&mut self) -> Result<(&mut Worksheet, u32), XlsxError> {
        if self.row > LAST_ROW || self.workbook.worksheets_mut().is_empty() {
            self.workbook.add_worksheet_with_constant_memory()?;
            self.row = 0;
        }
        let row = self.row;
        let sheet = self
            .workbook
            .worksheets_mut()
            .last_mut()
            .ok_or(XlsxError::ParameterError("no worksheet".into()))?;
        Ok((sheet, row))
    }

    fn text(&mut self, col: u16, text: &str) -> Result<(), XlsxError> {
        let (sheet, row) = self.place()?;
        sheet.write_string(row, col, text)?;
        self.cells += 1;
        Ok(())
    }

    fn number(&mut self, col: u16, number: f64) -> Result<(), XlsxError> {
        let (sheet, row) = self.place()?;
        sheet.write_number(row, col, number)?;
        self.cells += 1;
        Ok(())
    }

    fn end_row(&mut self) {
        self.row += 1;
    }

    /// How many times to write the row just read.
    fn copies(&mut self) -> u32 {
        self.owed += self.write_ratio;
        let copies = self.owed.floor();
        self.owed -= copies;
        copies as u32
    }
}

fn copy_csv(path: &Path, sink: &mut Sink) -> Result<u64, Box<dyn std::error::Error>> {
    let mut read = 0;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)?;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        read += record.len() as u64;
        for _ in 0..sink.copies() {
            for (col, field) in record.iter().enumerate() {
                sink.text(col as u16, &String::from_utf8_lossy(field))?;
            }
            sink.end_row();
        }
    }
    Ok(read)
}

fn copy_workbook(path: &Path, sink: &mut Sink) -> Result<u64, Box<dyn std::error::Error>> {
    let mut read = 0;
    let mut workbook = open_workbook_auto(path)?;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name)?;
        for row in range.rows() {
            read += row.iter().filter(|c| **c != Data::Empty).count() as u64;
            for _ in 0..sink.copies() {
                for (col, cell) in row.iter().enumerate() {
                    let col = col as u16;
                    match cell {
                        Data::Empty => continue,
                        Data::Float(f) => sink.number(col, *f)?,
                        Data::Int(i) => sink.number(col, *i as f64)?,
                        Data::String(s) => sink.text(col, s)?,
                        other => sink.text(col, &other.to_string())?,
                    }
                }
                sink.end_row();
            }
        }
    }
    Ok(read)
}

fn inputs(args: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for arg in args {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            files.extend(entries.into_iter().filter(|p| p.is_file()));
        } else {
            files.push(path);
        }
    }
    files
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` adds `--bench`; the other arguments are inputs and `--out FILE`.
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut option = |name: &str| match args.iter().position(|a| a == name) {
        Some(i) if i + 1 < args.len() => {
            let value = args.remove(i + 1);
            args.remove(i);
            Some(value)
        }
        _ => None,
    };
    let out = option("--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("kpibook-floor.xlsx"));
    let write_ratio: f64 = option("--write-ratio")
        .and_then(|r| r.parse().ok())
        .unwrap_or(1.0);
    let files = inputs(&args);
    if files.is_empty() {
        eprintln!(
            "usage: cargo bench --bench floor -- INPUT_DIR_OR_FILE... [--out FILE] [--write-ratio R]"
        );
        return Ok(());
    }
    let start = Instant::now();
    let mut workbook = Workbook::new();
    // The same package settings as the report.
    workbook.set_zip_compression_level(kpibook::report::ZIP_COMPRESSION_LEVEL);
    let mut sink = Sink {
        workbook: &mut workbook,
        row: 0,
        cells: 0,
        write_ratio,
        owed: 0.0,
    };
    let mut read = 0;
    for file in &files {
        let is_csv = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"));
        read += if is_csv {
            copy_csv(file, &mut sink)?
        } else {
            copy_workbook(file, &mut sink)?
        };
    }
    let written = sink.cells;
    let copied = start.elapsed();
    workbook.save(&out)?;
    let total = start.elapsed();
    println!(
        "floor: {read} cells read, {written} cells written, read+write {:.2} s, save {:.2} s, total {:.2} s",
        copied.as_secs_f64(),
        (total - copied).as_secs_f64(),
        total.as_secs_f64()
    );
    Ok(())
}
