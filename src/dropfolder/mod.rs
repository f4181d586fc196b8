//! The drop folder (SPEC section 8): one pass over an inbox turns each job (a file, or a subfolder of
//! files) into `<out>/<name>.report.xlsx` and `<name>.summary.json`, or `<name>.error.txt` when it
//! fails. Files still being written wait for a later pass; unchanged jobs are skipped through the
//! manifest; one run at a time per output folder; every write is atomic; one job's failure never
//! stops the others. `cmd/run.rs` drives passes for `run` and `watch`.

pub mod jobs;
pub mod lock;
pub mod manifest;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::config::CONFIG_FILE_NAME;
use crate::error::{KpiError, Result};
use crate::ingest::sha256_hex;
use crate::lang::Lang;
use crate::pipeline::{self, PeriodChoice, RunOptions};
use crate::report::{write_atomically, write_report, ReportContext, ReportModel, Written};
use crate::summary::summary;
use chrono_tz::Tz;
use jobs::Job;
use manifest::{Entry, Manifest};

/// How a drop folder is processed.
#[derive(Debug, Clone)]
pub struct DropOptions {
    pub inbox: PathBuf,
    pub out: PathBuf,
    pub archive: Option<PathBuf>,
    /// Files changed more recently than this are left for a later pass.
    pub settle: Duration,
    /// Pause between the two looks of the size-stable check.
    pub second_look: Duration,
    pub config_file: Option<PathBuf>,
    /// Keys set on the command line (`lang`, `model`).
    pub overrides: Vec<(String, String)>,
    pub period: Option<PeriodChoice>,
    /// Also append the log lines to this file.
    pub log: Option<PathBuf>,
}

/// What happened to one job.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Report written; every row accepted.
    Done { rows: u64, report: PathBuf },
    /// Report written; some rows rejected, or some files of the job's subfolder unreadable.
    Rejected {
        rows: u64,
        rejected: u64,
        unreadable_files: usize,
        report: PathBuf,
    },
    /// No report; the error file says why.
    Failed { reason: String },
}

/// The result of one pass.
#[derive(Debug, Default)]
pub struct Pass {
    /// Another run holds the output folder's lock: nothing was done.
    pub busy: Option<String>,
    pub outcomes: Vec<(String, Outcome)>,
    pub skipped: usize,
    pub waiting: usize,
    /// Stopped early on a signal, after the job in hand.
    pub interrupted: bool,
}

impl Pass {
    /// Exit code of `run`: 1 when a job failed, 3 when a report had rejected rows, else 0.
    pub fn exit_code(&self) -> i32 {
        use crate::error::exit;
        if self
            .outcomes
            .iter()
            .any(|(_, o)| matches!(o, Outcome::Failed { .. }))
        {
            exit::INPUT
        } else if self
            .outcomes
            .iter()
            .any(|(_, o)| matches!(o, Outcome::Rejected { .. }))
        {
            exit::REJECTED_ROWS
        } else {
            exit::DONE
        }
    }
}

/// One pass over the inbox. `stop` is checked between jobs.
pub fn run_pass(options: &DropOptions, stop: &AtomicBool) -> Result<Pass> {
    if !options.inbox.is_dir() {
        return Err(KpiError::Usage(format!(
            "inbox {} is not a folder.",
            options.inbox.display()
        )));
    }
    fs::create_dir_all(&options.out).map_err(|e| KpiError::Output {
        path: options.out.clone(),
        reason: format!("the output folder cannot be created ({e})"),
    })?;
    let _lock = match lock::acquire(&options.out)? {
        lock::Acquired::Held(lock) => lock,
        lock::Acquired::Busy(owner) => {
            return Ok(Pass {
                busy: Some(owner),
                ..Pass::default()
            })
        }
    };
    let mut exclude = vec![options.out.clone()];
    exclude.extend(options.archive.clone());
    let found = jobs::discover(&options.inbox, &exclude)?;
    let first = jobs::look(&found);
    std::thread::sleep(options.second_look);
    let second = jobs::look(&found);
    let found = jobs::settle(found, &first, &second, options.settle, SystemTime::now());

    let mut manifest = Manifest::load(&options.out);
    let mut pass = Pass {
        waiting: found.waiting.len(),
        ..Pass::default()
    };
    for job in found.ready {
        if stop.load(Ordering::Relaxed) {
            pass.interrupted = true;
            break;
        }
        let config_file = config_for(options, &job);
        let inputs = manifest::hash_inputs(&job.inputs);
        let job_options = options_text(options, config_file.as_deref());
        if manifest.unchanged(&job.name, &inputs, &job_options) {
            pass.skipped += 1;
            continue;
        }
        let started = Instant::now();
        let run = job_run(options, &job, config_file);
        // The job's own language and time zone, for its error file and its log line; a config
        // that cannot be read fails the job, said in the defaults.
        let config = pipeline::configure(&run).unwrap_or_default();
        let outcome = process(options, &job, &run, config.lang);
        let line = log_line(
            config.lang,
            config.timezone,
            &job.name,
            &outcome,
            started.elapsed(),
        );
        log(options, &line);
        manifest.jobs.insert(
            job.name.clone(),
            Entry {
                inputs,
                options: job_options,
                outcome: match &outcome {
                    Outcome::Done { .. } => "ok",
                    Outcome::Rejected { .. } => "rejected",
                    Outcome::Failed { .. } => "failed",
                }
                .to_string(),
            },
        );
        // Saved after every job, so a crash later in the pass does not redo this one.
        manifest.save(&options.out)?;
        if !matches!(outcome, Outcome::Failed { .. }) {
            if let Some(archive) = &options.archive {
                if let Err(e) = archive_inputs(archive, &job) {
                    eprintln!("kpibook: {}: the inputs could not be archived ({e}); they stay in the inbox.", job.name);
                }
            }
        }
        pass.outcomes.push((job.name.clone(), outcome));
    }
    Ok(pass)
}

/// The config file of a job: the one given on the command line, else `kpibook.toml` in the job's
/// subfolder, else the one in the inbox.
fn config_for(options: &DropOptions, job: &Job) -> Option<PathBuf> {
    if let Some(file) = &options.config_file {
        return Some(file.clone());
    }
    let in_subfolder = job
        .source
        .is_dir()
        .then(|| job.source.join(CONFIG_FILE_NAME));
    in_subfolder
        .into_iter()
        .chain(std::iter::once(options.inbox.join(CONFIG_FILE_NAME)))
        .find(|p| p.is_file())
}

/// The options a job runs with, as text for the manifest: a changed config file or option reruns it.
fn options_text(options: &DropOptions, config_file: Option<&Path>) -> String {
    let config = config_file
        .and_then(|p| fs::read(p).ok())
        .map(|b| sha256_hex(&b))
        .unwrap_or_default();
    format!(
        "overrides={:?} period={:?} config={config} version={}",
        options.overrides,
        options.period,
        env!("CARGO_PKG_VERSION")
    )
}

fn report_path(out: &Path, name: &str) -> PathBuf {
    out.join(format!("{name}.report.xlsx"))
}

fn error_path(out: &Path, name: &str) -> PathBuf {
    out.join(format!("{name}.error.txt"))
}

fn summary_path(out: &Path, name: &str) -> PathBuf {
    out.join(format!("{name}.summary.json"))
}

fn brief_path(out: &Path, name: &str) -> PathBuf {
    out.join(format!("{name}.brief.html"))
}

/// The run of one job: a subfolder is read as an input folder, so a file in it that cannot be
/// used is listed in the report (SPEC section 1) instead of failing the whole job.
fn job_run(options: &DropOptions, job: &Job, config_file: Option<PathBuf>) -> RunOptions {
    let inputs = if job.source.is_dir() {
        vec![job.source.clone()]
    } else {
        job.inputs.clone()
    };
    RunOptions {
        inputs,
        config_file,
        schema_file: None,
        overrides: options.overrides.clone(),
        period: options.period.clone(),
        // The output folder may be the inbox or a job's subfolder.
        outputs: vec![
            report_path(&options.out, &job.name),
            summary_path(&options.out, &job.name),
        ],
    }
}

/// Runs one job and writes its report, summary or error file (in `lang`).
fn process(options: &DropOptions, job: &Job, run: &RunOptions, lang: Lang) -> Outcome {
    match build(options, job, run) {
        Ok(outcome) => {
            let _ = fs::remove_file(error_path(&options.out, &job.name));
            outcome
        }
        Err(error) => {
            let reason = error.message(lang);
            let text = error_text(lang, job, &reason);
            if let Err(e) = write_atomically(&error_path(&options.out, &job.name), text.as_bytes())
            {
                eprintln!("kpibook: {e}");
            }
            Outcome::Failed { reason }
        }
    }
}

fn build(options: &DropOptions, job: &Job, run: &RunOptions) -> Result<Outcome> {
    let checked = pipeline::check(run)?;
    let rejected = checked.validated.rejected_rows();
    let unreadable_files = checked.unreadable_files();
    let rows: u64 = checked
        .validated
        .sheets
        .iter()
        .map(|s| s.counts.accepted)
        .sum();
    let analysis = pipeline::analyse(checked);
    let context = ReportContext::of(&analysis, false);
    let model = ReportModel::of(&context);
    let (report, written) =
        write_with_fallback(&context, &model, &report_path(&options.out, &job.name))?;
    if context.config.brief {
        crate::brief::write(
            &context,
            &model,
            written.checks_hold,
            &brief_path(&options.out, &job.name),
        )?;
    }
    let json = serde_json::to_string_pretty(&summary(&context, &model)).unwrap_or_default() + "\n";
    write_atomically(&summary_path(&options.out, &job.name), json.as_bytes())?;
    Ok(if rejected > 0 || unreadable_files > 0 {
        Outcome::Rejected {
            rows,
            rejected,
            unreadable_files,
            report,
        }
    } else {
        Outcome::Done { rows, report }
    })
}

/// Writes the report; when the target cannot be replaced (Excel holds it open), retries, then
/// writes beside it as `<name>.report (2).xlsx` ... so nothing is lost.
fn write_with_fallback(
    context: &ReportContext,
    model: &ReportModel,
    target: &Path,
) -> Result<(PathBuf, Written)> {
    let mut last = None;
    for attempt in 0..3 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(500));
        }
        match write_report(context, model, target) {
            Ok(written) => return Ok((target.to_path_buf(), written)),
            Err(e) => last = Some(e),
        }
    }
    let stem = target
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".xlsx").to_string())
        .unwrap_or_default();
    for n in 2..100 {
        let beside = target.with_file_name(format!("{stem} ({n}).xlsx"));
        if beside.exists() {
            continue;
        }
        if let Ok(written) = write_report(context, model, &beside) {
            return Ok((beside, written));
        }
    }
    Err(last.unwrap_or_else(|| KpiError::Output {
        path: target.to_path_buf(),
        reason: "the report could not be written".into(),
    }))
}

fn error_text(lang: Lang, job: &Job, reason: &str) -> String {
    let files: Vec<String> = job
        .inputs
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    match lang {
        Lang::Ja => format!(
            "レポート「{}」を作成できませんでした。\n\n理由: {reason}\n\n入力ファイル ({}) はそのまま残しています。直して保存し直すと、次の実行で再処理します。\n",
            job.name,
            files.join(", ")
        ),
        Lang::En => format!(
            "The report \"{}\" could not be made.\n\nReason: {reason}\n\nThe input files ({}) were left where they are. Fix and save them, and the next pass processes them again.\n",
            job.name,
            files.join(", ")
        ),
    }
}

/// Moves a job's inputs (its file, or its whole subfolder) into the archive folder.
fn archive_inputs(archive: &Path, job: &Job) -> std::io::Result<()> {
    fs::create_dir_all(archive)?;
    let name = job.source.file_name().unwrap_or_default();
    let mut target = archive.join(name);
    let mut n = 2;
    while target.exists() {
        target = archive.join(format!("{} ({n})", name.to_string_lossy()));
        n += 1;
    }
    fs::rename(&job.source, &target)
}

/// A job's log line, in its report language, at the time of its `timezone` (SPEC section 8):
/// time, job, outcome, rows and duration.
fn log_line(lang: Lang, timezone: Tz, job: &str, outcome: &Outcome, took: Duration) -> String {
    let time = chrono::Utc::now()
        .with_timezone(&timezone)
        .format("%Y-%m-%dT%H:%M:%S%:z");
    let rows = |n: u64| lang.count(n, "行", "row", "rows");
    let seconds = format!("{:.2}{}", took.as_secs_f64(), lang.pick("秒", " s"));
    let detail = match (outcome, lang) {
        (Outcome::Done { rows: n, .. }, Lang::Ja) => format!("完了 (取込 {}、{seconds})", rows(*n)),
        (Outcome::Done { rows: n, .. }, Lang::En) => {
            format!("done ({} accepted, {seconds})", rows(*n))
        }
        (
            Outcome::Rejected {
                rows: n,
                rejected,
                unreadable_files,
                ..
            },
            _,
        ) => {
            let mut parts = vec![match lang {
                Lang::Ja => format!("取込 {}", rows(*n)),
                Lang::En => format!("{} accepted", rows(*n)),
            }];
            if *rejected > 0 {
                parts.push(match lang {
                    Lang::Ja => format!("除外 {}", rows(*rejected)),
                    Lang::En => format!("{} rejected", rows(*rejected)),
                });
            }
            if *unreadable_files > 0 {
                let files = lang.count(*unreadable_files as u64, "件", "file", "files");
                parts.push(match lang {
                    Lang::Ja => format!("読めないファイル {files}"),
                    Lang::En => format!("{files} unreadable"),
                });
            }
            parts.push(seconds);
            match (lang, *rejected > 0) {
                (Lang::Ja, true) => format!("作成、除外行あり ({})", parts.join("、")),
                (Lang::Ja, false) => format!("作成、読めないファイルあり ({})", parts.join("、")),
                (Lang::En, true) => format!("written with rejected rows ({})", parts.join(", ")),
                (Lang::En, false) => {
                    format!("written with unreadable files ({})", parts.join(", "))
                }
            }
        }
        (Outcome::Failed { reason }, _) => format!(
            "{}: {} ({seconds})",
            lang.pick("失敗", "failed"),
            reason.replace('\n', " ")
        ),
    };
    format!("{time} {job}: {detail}")
}

/// One line per job to stderr, and to the log file when asked.
fn log(options: &DropOptions, line: &str) {
    eprintln!("{line}");
    if let Some(path) = &options.log {
        let appended = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| writeln!(f, "{line}"));
        if let Err(e) = appended {
            eprintln!(
                "kpibook: the log file {} cannot be written ({e})",
                path.display()
            );
        }
    }
}

/// Outcome counts by kind, for the closing line of `run`.
pub fn tally(pass: &Pass) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for (_, outcome) in &pass.outcomes {
        let key = match outcome {
            Outcome::Done { .. } => "ok",
            Outcome::Rejected { .. } => "rejected_rows",
            Outcome::Failed { .. } => "failed",
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
}
