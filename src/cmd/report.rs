//! `kpibook report INPUT... -o OUT.xlsx`: the whole pipeline and the report workbook, plus the
//! summary JSON when asked. Exit 3 when rows were rejected or a file of an input folder could not be
//! read (with `--strict`: nothing written).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{InputArgs, PeriodArgs};
use crate::attribution::MODEL_IDS;
use crate::error::{exit, Result};
use crate::pipeline;
use crate::report::{write_atomically, write_report, ReportContext};
use crate::summary::summary;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// The report workbook to write.
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: PathBuf,
    /// Attribution model used in the headline figures.
    #[arg(long, value_parser = MODEL_IDS)]
    model: Option<String>,
    /// What the figures are compared with (default: the previous period, when the data covers it).
    #[arg(long, value_parser = ["previous", "year", "none"])]
    compare: Option<String>,
    /// Also write the summary JSON to PATH (`-` for standard output).
    #[arg(long, value_name = "PATH")]
    summary_json: Option<String>,
    /// Write plain values instead of live formulas.
    #[arg(long)]
    values_only: bool,
    /// Write nothing (exit 3) when any input row is rejected.
    #[arg(long)]
    strict: bool,
    /// No progress display and no closing line.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let mut options = args.input.into_run_options(Some(args.period), args.model);
    if let Some(compare) = args.compare {
        options.overrides.push(("compare".into(), compare));
    }
    // What this run writes is never read as an input.
    options.outputs.push(args.output.clone());
    options.outputs.extend(
        args.summary_json
            .iter()
            .filter(|p| *p != "-")
            .map(PathBuf::from),
    );
    let progress = super::progress(args.quiet);
    progress.set_message("reading inputs");
    let checked = pipeline::check(&options)?;
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
