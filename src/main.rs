//! The `kpibook` binary: parses the command line, dispatches to `cmd/` (each command's arguments
//! live in its own file there), and turns errors into one plain message on stderr and an exit code
//! (SPEC section 7).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use kpibook::cmd;
use kpibook::error::{exit, KpiError};

#[derive(Parser)]
#[command(
    name = "kpibook",
    version,
    about = "Marketing KPI and attribution reports from the sheets your team keeps"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read the inputs and write the report workbook.
    Report(cmd::report::Args),
    /// Validate the inputs only and print every issue (exit 3 when any row is rejected).
    Check(cmd::check::Args),
    /// Show how one figure is made: the formula with its numbers and the rows behind it.
    Explain(cmd::explain::Args),
    /// The reverse plan from the KGI: won deals, opportunities, leads and sessions needed.
    Plan(cmd::plan::Args),
    /// Draft an export profile for a file that no profile knows.
    Profile(cmd::profile::Args),
    /// Print the canonical tables, fields, types and header aliases.
    Schema(cmd::schema::Args),
    /// Write a blank input workbook (every table, drop-down lists, examples, instructions) and a
    /// commented kpibook.toml into DIR.
    Init(cmd::init::Args),
    /// One pass over a drop folder: a report for every new or changed file or subfolder.
    Run(cmd::run::Args),
    /// Watch a drop folder and convert whatever lands in it, until stopped.
    Watch(cmd::run::WatchArgs),
}

fn dispatch(cli: Cli) -> Result<i32, KpiError> {
    match cli.command {
        Command::Report(args) => cmd::report::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Plan(args) => cmd::plan::run(args),
        Command::Profile(args) => cmd::profile::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Run(args) => cmd::run::run(args),
        Command::Watch(args) => cmd::run::watch(args),
    }
}

fn main() -> ExitCode {
    // A panic is a bug; say so in one sentence instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("kpibook stopped on an internal error{place}; nothing was written. Please report it with the input that caused it.");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::DONE
            };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let code = match std::panic::catch_unwind(|| dispatch(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => {
            // In the run's report language once its configuration is known.
            let lang = kpibook::lang::in_force().unwrap_or(kpibook::lang::Lang::En);
            eprintln!("kpibook: {}", error.message(lang));
            error.exit_code()
        }
        Err(_) => exit::INPUT,
    };
    ExitCode::from(code as u8)
}
