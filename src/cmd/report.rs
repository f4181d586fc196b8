//! `kpibook report INPUT... -o OUT.xlsx`: the whole pipeline and the report workbook, plus the
//! summary JSON when asked. Exit 3 when rows were rejected or a file of an input folder could not be
//! read (with `--strict`: nothing written).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{exit, Result};
use crate::pipeline::{self, RunOptions};
use crate::report::{write_atomically, write_report, ReportContext};
use crate::summary::summary;

pub struct ReportArgs {
    pub run: RunOptions,
    pub output: PathBuf,
    pub summary_json: Option<String>,
    pub values_only: bool,
    pub strict: bool,
    pub quiet: bool,
}

pub fn run(args: &ReportArgs) -> Result<i32> {
    let progress = super::progress(args.quiet);
    progress.set_message("reading inputs");
    let checked = pipeline::check(&args.run)?;
    let rejected = checked.validated.rejected_rows();
    let unreadable = checked.unreadable_files();
    if args.strict && (rejected > 0 || unreadable > 0) {
        progress.finish_and_clear();
        eprintln!(
            "{}; with --strict nothing was written. Run `kpibook check` to list them.",
            shortfall(rejected, unreadable)
        );
        return Ok(exit::REJECTED_ROWS);
    }
    progress.set_message("computing metrics");
    let analysis = pipeline::analyse(checked);
    progress.set_message("writing the report");
    let context = ReportContext::of(&analysis, args.values_only);
    write_report(&context, &args.output)?;
    if let Some(target) = &args.summary_json {
        let text = serde_json::to_string_pretty(&summary(&analysis)).unwrap_or_default() + "\n";
        if target == "-" {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        } else {
            write_atomically(Path::new(target), text.as_bytes())?;
        }
    }
    progress.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "{}{}",
            args.output.display(),
            if rejected > 0 || unreadable > 0 {
                format!(
                    ": written; {} (see the Data quality sheet).",
                    shortfall(rejected, unreadable)
                )
            } else {
                ": written.".to_string()
            }
        );
    }
    // The process ends next: freeing millions of small allocations one by one would only add
    // time (about 0.4 s on a million touches), so the memory goes back with the process.
    std::mem::forget(analysis);
    Ok(if rejected > 0 || unreadable > 0 {
        exit::REJECTED_ROWS
    } else {
        exit::DONE
    })
}

/// What did not make it into the report: "3 input rows were rejected", "1 file could not be read".
fn shortfall(rejected: u64, unreadable: usize) -> String {
    let rows = match rejected {
        0 => None,
        1 => Some("1 input row was rejected".to_string()),
        n => Some(format!("{n} input rows were rejected")),
    };
    let files = match unreadable {
        0 => None,
        1 => Some("1 file of the input folder could not be read".to_string()),
        n => Some(format!("{n} files of the input folder could not be read")),
    };
    rows.into_iter()
        .chain(files)
        .collect::<Vec<_>>()
        .join(" and ")
}
