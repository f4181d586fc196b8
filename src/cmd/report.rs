//! `kpibook report INPUT... -o OUT.xlsx`: the whole pipeline and the report workbook, plus the
//! summary JSON when asked. Exit 3 when rows were rejected or a file of an input folder could not be
//! read (with `--strict`: nothing written).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{InputArgs, PeriodArgs};
use crate::attribution::MODEL_IDS;
use crate::error::{exit, KpiError, Result};
use crate::lang::Lang;
use crate::metrics::period_holds_data;
use crate::pipeline;
use crate::report::{write_atomically, write_report, ReportContext, ReportModel};
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
    /// Also write the one-page brief for a manager to PATH (an .html file).
    #[arg(long, value_name = "PATH.html")]
    brief: Option<PathBuf>,
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
    options.outputs.extend(args.brief.clone());
    // The outputs are checked before any input is read: a wrong path is a usage error (exit 2).
    let lang = pipeline::configure(&options)?.lang;
    check_outputs(
        lang,
        &args.output,
        args.summary_json.as_deref(),
        args.brief.as_deref(),
    )?;
    let progress = super::progress(args.quiet);
    progress.set_message(lang.pick("入力を読み込んでいます", "reading inputs"));
    let checked = pipeline::check(&options)?;
    let lang = checked.config.lang;
    let rejected = checked.validated.rejected_rows();
    let unreadable = checked.unreadable_files();
    if args.strict && (rejected > 0 || unreadable > 0) {
        progress.finish_and_clear();
        eprintln!(
            "{}{}",
            shortfall(lang, rejected, unreadable),
            lang.pick(
                "。--strict のため何も書き出していません。`kpibook check` で一覧を表示できます。",
                "; with --strict nothing was written. Run `kpibook check` to list them."
            )
        );
        return Ok(exit::REJECTED_ROWS);
    }
    progress.set_message(lang.pick("指標を計算しています", "computing metrics"));
    let analysis = pipeline::analyse(checked);
    progress.set_message(lang.pick("レポートを書き出しています", "writing the report"));
    let context = ReportContext::of(&analysis, args.values_only);
    let model = ReportModel::of(&context);
    let written = write_report(&context, &model, &args.output)?;
    if let Some(brief) = &args.brief {
        crate::brief::write(&context, &model, written.checks_hold, brief)?;
    }
    if let Some(target) = &args.summary_json {
        let text =
            serde_json::to_string_pretty(&summary(&context, &model)).unwrap_or_default() + "\n";
        if target == "-" {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        } else {
            write_atomically(Path::new(target), text.as_bytes())?;
        }
    }
    progress.finish_and_clear();
    for warning in empty_periods(&analysis) {
        eprintln!("kpibook: {warning}");
    }
    if !args.quiet {
        let output = args.output.display();
        eprintln!(
            "{}",
            match (rejected > 0 || unreadable > 0, lang) {
                (false, Lang::Ja) => format!("{output}: 書き出しました。"),
                (false, Lang::En) => format!("{output}: written."),
                (true, Lang::Ja) => format!(
                    "{output}: 書き出しました。{} (データ品質シート)。",
                    shortfall(lang, rejected, unreadable)
                ),
                (true, Lang::En) => format!(
                    "{output}: written; {} (see the Data quality sheet).",
                    shortfall(lang, rejected, unreadable)
                ),
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

/// `-o` must name an `.xlsx` file in a folder that exists, `--brief` an `.html` file, and
/// `--summary-json` (unless `-`) a file in a folder that exists (SPEC section 7); else a usage
/// error naming the path or the folder.
fn check_outputs(
    lang: Lang,
    output: &Path,
    summary_json: Option<&str>,
    brief: Option<&Path>,
) -> Result<()> {
    let is_xlsx = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(KpiError::Usage(match lang {
            Lang::Ja => format!(
                "-o には .xlsx のファイルを指定してください ({} ではなく、例: -o report.xlsx)。",
                output.display()
            ),
            Lang::En => format!(
                "-o must name an .xlsx file (like -o report.xlsx), not {}.",
                output.display()
            ),
        }));
    }
    if let Some(brief) = brief.filter(|b| {
        !b.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
    }) {
        return Err(KpiError::Usage(match lang {
            Lang::Ja => format!(
                "--brief には .html のファイルを指定してください ({} ではなく、例: --brief brief.html)。",
                brief.display()
            ),
            Lang::En => format!(
                "--brief must name an .html file (like --brief brief.html), not {}.",
                brief.display()
            ),
        }));
    }
    let summary_json = summary_json.filter(|p| *p != "-").map(Path::new);
    for (option, path) in [
        ("-o", Some(output)),
        ("--summary-json", summary_json),
        ("--brief", brief),
    ] {
        let Some(folder) = path.and_then(Path::parent) else {
            continue;
        };
        if folder.as_os_str().is_empty() || folder.is_dir() {
            continue;
        }
        return Err(KpiError::Usage(match lang {
            Lang::Ja => format!(
                "{option} の出力先フォルダ {} がありません。フォルダを作るか、ある場所を指定してください。",
                folder.display()
            ),
            Lang::En => format!(
                "the output folder {} of {option} does not exist; create it or name a folder that does.",
                folder.display()
            ),
        }));
    }
    Ok(())
}

/// The report period, or the compared period, when it holds no dated row of any table: the
/// report's figures (or the compared ones) are all zeros, which is said (SPEC section 7).
fn empty_periods(analysis: &pipeline::Analysis) -> Vec<String> {
    let lang = analysis.checked.config.lang;
    let dataset = &analysis.checked.validated.dataset;
    let mut warnings = Vec::new();
    if let Some(period) = analysis.metrics.period {
        if !period_holds_data(dataset, period) {
            warnings.push(match lang {
                Lang::Ja => format!(
                    "期間 {} 〜 {} には、どの表にも日付のある行がありません。レポートの数値はすべて 0 です。期間 (--period / --month / --fy、設定の period) を確かめてください。",
                    period.start, period.end
                ),
                Lang::En => format!(
                    "no dated row of any table falls in the period {} to {}: every figure of the report is 0. Check the period (--period, --month, --fy or the config's period).",
                    period.start, period.end
                ),
            });
        }
    }
    if let Some(compared) = analysis.metrics.comparison.empty_period() {
        warnings.push(match lang {
            Lang::Ja => format!(
                "比較期間 {} 〜 {} には日付のある行がありません。比較の数値はすべて 0 です。",
                compared.start, compared.end
            ),
            Lang::En => format!(
                "the compared period {} to {} holds no dated row: its figures are all 0.",
                compared.start, compared.end
            ),
        });
    }
    warnings
}

/// What did not make it into the report: "3 input rows were rejected", "1 file could not be read".
fn shortfall(lang: Lang, rejected: u64, unreadable: usize) -> String {
    let rows = (rejected > 0).then(|| match lang {
        Lang::Ja => format!("入力の {rejected} 行を取り込めませんでした"),
        Lang::En => format!(
            "{} rejected",
            lang.count(rejected, "行", "input row was", "input rows were")
        ),
    });
    let files = (unreadable > 0).then(|| match lang {
        Lang::Ja => format!("入力フォルダの {unreadable} ファイルを読めませんでした"),
        Lang::En => format!(
            "{} of the input folder could not be read",
            lang.count(unreadable as u64, "ファイル", "file", "files")
        ),
    });
    rows.into_iter()
        .chain(files)
        .collect::<Vec<_>>()
        .join(lang.pick("。", " and "))
}
