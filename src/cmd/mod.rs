//! One file per subcommand, xsv-style: its usage (the module doc), its clap `Args` and its `run`;
//! each glues pipeline stages together and presents the result; no business logic lives here.
//! This file holds what several commands share: the input and period options.

pub mod check;
pub mod explain;
pub mod init;
pub mod plan;
pub mod profile;
pub mod report;
pub mod run;
pub mod schema;

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{PeriodChoice, RunOptions};

/// Options shared by the commands that read inputs.
#[derive(clap::Args)]
pub struct InputArgs {
    /// Input files (.xlsx .xlsm .xls .ods .csv .tsv, Excel 2003 XML .xml) or folders.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Config file (default: kpibook.toml beside the first input).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Schema file overriding the built-in schema.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Report language.
    #[arg(long, value_parser = ["ja", "en"])]
    pub lang: Option<String>,
}

impl InputArgs {
    /// The run over these inputs, with the period and the model chosen on the command line.
    pub fn into_run_options(self, period: Option<PeriodArgs>, model: Option<String>) -> RunOptions {
        RunOptions {
            inputs: self.inputs,
            config_file: self.config,
            schema_file: self.schema,
            overrides: overrides(self.lang, model, None),
            period: period.and_then(PeriodArgs::into_choice),
            outputs: Vec::new(),
        }
    }
}

#[derive(clap::Args)]
#[group(id = "period_choice", multiple = false)]
pub struct PeriodArgs {
    /// Report period, both ends inclusive: 2025-04-01..2025-09-30.
    #[arg(long, value_name = "START..END", group = "period_choice")]
    pub period: Option<String>,
    /// One calendar month: 2025-04.
    #[arg(long, value_name = "YYYY-MM", group = "period_choice")]
    pub month: Option<String>,
    /// One fiscal year (starting in fiscal_year_start_month, April by default): 2025, FY2025 or
    /// 2025年度.
    #[arg(long, value_name = "YYYY", group = "period_choice", value_parser = fiscal_year)]
    pub fy: Option<i32>,
}

impl PeriodArgs {
    /// `--period`, `--month` or `--fy` (clap lets at most one through).
    pub fn into_choice(self) -> Option<PeriodChoice> {
        self.period
            .map(PeriodChoice::Range)
            .or(self.month.map(PeriodChoice::Month))
            .or(self.fy.map(PeriodChoice::FiscalYear))
    }
}

/// `--fy`: `2025`, `FY2025` or `2025年度` (`Period::fiscal_year_number`).
fn fiscal_year(text: &str) -> Result<i32, String> {
    crate::period::Period::fiscal_year_number(text)
        .ok_or_else(|| format!("a fiscal year is written 2025, FY2025 or 2025年度, not \"{text}\""))
}

/// The config keys the command line sets (`--lang`, `--model`, `--compare`), in that order.
pub fn overrides(
    lang: Option<String>,
    model: Option<String>,
    compare: Option<String>,
) -> Vec<(String, String)> {
    [("lang", lang), ("model", model), ("compare", compare)]
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_string(), value?)))
        .collect()
}

/// A progress spinner on a terminal; hidden when stderr is not a terminal or with `--quiet`.
pub fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
