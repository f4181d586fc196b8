//! The `kpibook` binary: parses the command line, dispatches to `cmd/`, and turns errors into one
//! plain message on stderr and an exit code (SPEC section 7).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use kpibook::cmd;
use kpibook::error::{exit, KpiError};
use kpibook::pipeline::{PeriodChoice, RunOptions};
use kpibook::schema::Schema;

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
    Report(ReportCli),
    /// Validate the inputs only and print every issue (exit 3 when any row is rejected).
    Check(CheckCli),
    /// Show how one figure is made: the formula with its numbers and the rows behind it.
    Explain(ExplainCli),
    /// The reverse plan from the KGI: won deals, opportunities, leads and sessions needed.
    Plan(PlanCli),
    /// Print the canonical tables, fields, types and header aliases.
    Schema(SchemaCli),
    /// Write a blank input workbook (every table, drop-down lists, examples, instructions) and a
    /// commented kpibook.toml into DIR.
    Init(InitCli),
    /// One pass over a drop folder: a report for every new or changed file or subfolder.
    Run(DropCli),
    /// Watch a drop folder and convert whatever lands in it, until stopped.
    Watch(WatchCli),
}

/// Options of the drop-folder commands.
#[derive(Args)]
struct DropCli {
    /// The inbox folder: each accepted file, and each subfolder, is one job.
    #[arg(value_name = "INBOX")]
    inbox: PathBuf,
    /// Where reports, summaries and error files go.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Move a job's inputs here once its report is written.
    #[arg(long, value_name = "DIR")]
    archive: Option<PathBuf>,
    /// Leave files changed in the last SECS seconds for a later pass.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    settle: f64,
    /// Config file for every job (default: kpibook.toml in the job's subfolder, else in the inbox).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report language.
    #[arg(long, value_parser = ["ja", "en"])]
    lang: Option<String>,
    /// Attribution model used in the headline figures.
    #[arg(long, value_parser = kpibook::attribution::MODEL_IDS)]
    model: Option<String>,
    #[command(flatten)]
    period: PeriodArgs,
    /// Also append one line per job to FILE.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
}

#[derive(Args)]
struct InitCli {
    /// Folder to write into (created if missing).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Language of the headers, lists and instructions.
    #[arg(long, value_parser = ["ja", "en"], default_value = "ja")]
    lang: String,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct WatchCli {
    #[command(flatten)]
    drop: DropCli,
    /// Poll every SECS seconds instead of waiting for file-system notifications (network shares).
    #[arg(long, value_name = "SECS")]
    poll: Option<f64>,
}

fn seconds(value: f64, option: &str) -> Result<std::time::Duration, KpiError> {
    std::time::Duration::try_from_secs_f64(value).map_err(|_| {
        KpiError::Usage(format!(
            "{option} must be a number of seconds, not {value}."
        ))
    })
}

fn drop_options(args: DropCli) -> Result<kpibook::dropfolder::DropOptions, KpiError> {
    let mut overrides = Vec::new();
    if let Some(lang) = args.lang {
        overrides.push(("lang".to_string(), lang));
    }
    if let Some(model) = args.model {
        overrides.push(("model".to_string(), model));
    }
    let period = args
        .period
        .period
        .map(PeriodChoice::Range)
        .or(args.period.month.map(PeriodChoice::Month))
        .or(args.period.fy.map(PeriodChoice::FiscalYear));
    Ok(kpibook::dropfolder::DropOptions {
        inbox: args.inbox,
        out: args.out,
        archive: args.archive,
        settle: seconds(args.settle, "--settle")?,
        second_look: std::time::Duration::from_millis(500),
        config_file: args.config,
        overrides,
        period,
        log: args.log,
    })
}

/// Options shared by the commands that read inputs.
#[derive(Args)]
struct InputArgs {
    /// Input files (.xlsx .xlsm .xls .ods .csv .tsv) or folders.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Config file (default: kpibook.toml beside the first input).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Schema file overriding the built-in schema.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Report language.
    #[arg(long, value_parser = ["ja", "en"])]
    lang: Option<String>,
}

#[derive(Args)]
#[group(id = "period_choice", multiple = false)]
struct PeriodArgs {
    /// Report period, both ends inclusive: 2025-04-01..2025-09-30.
    #[arg(long, value_name = "START..END", group = "period_choice")]
    period: Option<String>,
    /// One calendar month: 2025-04.
    #[arg(long, value_name = "YYYY-MM", group = "period_choice")]
    month: Option<String>,
    /// One fiscal year (starting in fiscal_year_start_month, April by default): 2025.
    #[arg(long, value_name = "YYYY", group = "period_choice")]
    fy: Option<i32>,
}

#[derive(Args)]
struct ReportCli {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// The report workbook to write.
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: PathBuf,
    /// Attribution model used in the headline figures.
    #[arg(long, value_parser = kpibook::attribution::MODEL_IDS)]
    model: Option<String>,
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

#[derive(Args)]
struct CheckCli {
    #[command(flatten)]
    input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    format: cmd::check::Format,
    /// List every issue on its own line instead of grouping them (text format).
    #[arg(long)]
    all: bool,
}

#[derive(Args)]
#[group(id = "explain_target", required = true, multiple = false)]
struct ExplainTarget {
    /// A deal: its lead, journey, window and the credits of every model.
    #[arg(long, value_name = "ID", group = "explain_target")]
    deal: Option<String>,
    /// A metric (cpa, cac, roi, leads ...; sns_ forms for the SNS totals).
    #[arg(long, value_name = "NAME", group = "explain_target")]
    metric: Option<String>,
}

#[derive(Args)]
struct ExplainCli {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    period: PeriodArgs,
    #[command(flatten)]
    target: ExplainTarget,
    /// With --metric: the figure of one channel.
    #[arg(long, value_name = "ID", requires = "metric")]
    channel: Option<String>,
    /// Attribution model of the attributed figures.
    #[arg(long, value_parser = kpibook::attribution::MODEL_IDS)]
    model: Option<String>,
}

#[derive(Args)]
struct PlanCli {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// The revenue target (default: the KGI revenue row of the targets sheet).
    #[arg(long, value_name = "N")]
    target_revenue: Option<f64>,
    #[arg(long, value_enum, default_value = "text")]
    format: cmd::plan::Format,
}

#[derive(Args)]
struct SchemaCli {
    /// Schema file to print instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "markdown")]
    format: cmd::schema::Format,
}

fn run_options(input: InputArgs, period: Option<PeriodArgs>, model: Option<String>) -> RunOptions {
    let mut overrides = Vec::new();
    if let Some(lang) = input.lang {
        overrides.push(("lang".to_string(), lang));
    }
    if let Some(model) = model {
        overrides.push(("model".to_string(), model));
    }
    let period = period.and_then(|p| {
        p.period
            .map(PeriodChoice::Range)
            .or(p.month.map(PeriodChoice::Month))
            .or(p.fy.map(PeriodChoice::FiscalYear))
    });
    RunOptions {
        inputs: input.inputs,
        config_file: input.config,
        schema_file: input.schema,
        overrides,
        period,
        outputs: Vec::new(),
    }
}

fn dispatch(cli: Cli) -> Result<i32, KpiError> {
    match cli.command {
        Command::Report(args) => {
            let mut run = run_options(args.input, Some(args.period), args.model);
            // What this run writes is never read as an input.
            run.outputs.push(args.output.clone());
            run.outputs.extend(
                args.summary_json
                    .iter()
                    .filter(|p| *p != "-")
                    .map(PathBuf::from),
            );
            let report = cmd::report::ReportArgs {
                run,
                output: args.output,
                summary_json: args.summary_json,
                values_only: args.values_only,
                strict: args.strict,
                quiet: args.quiet,
            };
            cmd::report::run(&report)
        }
        Command::Explain(args) => {
            let target = match (args.target.deal, args.target.metric) {
                (Some(deal), _) => cmd::explain::Target::Deal(deal),
                (None, Some(name)) => cmd::explain::Target::Metric {
                    name,
                    channel: args.channel,
                },
                (None, None) => {
                    return Err(KpiError::Usage(
                        "explain needs --deal ID or --metric NAME.".into(),
                    ))
                }
            };
            cmd::explain::run(
                &run_options(args.input, Some(args.period), args.model),
                &target,
            )
        }
        Command::Run(args) => cmd::run::run(&drop_options(args)?),
        Command::Watch(args) => {
            let poll = args.poll.map(|p| seconds(p, "--poll")).transpose()?;
            cmd::run::watch(&drop_options(args.drop)?, poll)
        }
        Command::Plan(args) => cmd::plan::run(
            &run_options(args.input, Some(args.period), None),
            args.target_revenue,
            args.format,
        ),
        Command::Check(args) => {
            cmd::check::run(&run_options(args.input, None, None), args.format, args.all)
        }
        Command::Init(args) => {
            let lang = kpibook::lang::Lang::parse(&args.lang).unwrap_or_default();
            cmd::init::run(&args.dir, lang, args.force)
        }
        Command::Schema(args) => {
            let schema = match &args.schema {
                Some(path) => Schema::load(path)?,
                None => Schema::embedded()?,
            };
            cmd::schema::run(&schema, args.format)
        }
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
            eprintln!("kpibook: {error}");
            error.exit_code()
        }
        Err(_) => exit::INPUT,
    };
    ExitCode::from(code as u8)
}
