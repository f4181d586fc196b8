//! `kpibook run INBOX --out DIR` (one pass, for cron or Task Scheduler) and `kpibook watch INBOX
//! --out DIR [--poll SECS]` (continuous). The work of a pass is in `dropfolder`; this file decides
//! when passes happen and what the exit code is.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use std::path::PathBuf;

use super::{overrides, PeriodArgs};
use crate::attribution::MODEL_IDS;
use crate::dropfolder::{self, DropOptions, Pass};
use crate::error::{exit, KpiError, Result};
use crate::lang::Lang;
use crate::pipeline::{self, RunOptions};

/// Options of the drop-folder commands.
#[derive(clap::Args)]
pub struct Args {
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
    #[arg(long, value_parser = MODEL_IDS)]
    model: Option<String>,
    #[command(flatten)]
    period: PeriodArgs,
    /// What the figures are compared with (default: the previous period, when the data covers it).
    #[arg(long, value_parser = ["previous", "year", "none"])]
    compare: Option<String>,
    /// Also append one line per job to FILE.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    drop: Args,
    /// Poll every SECS seconds instead of waiting for file-system notifications (network shares).
    #[arg(long, value_name = "SECS")]
    poll: Option<f64>,
}

fn seconds(value: f64, option: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        KpiError::Usage(format!(
            "{option} must be a number of seconds, not {value}."
        ))
    })
}

impl Args {
    fn into_drop_options(self) -> Result<DropOptions> {
        Ok(DropOptions {
            inbox: self.inbox,
            out: self.out,
            archive: self.archive,
            settle: seconds(self.settle, "--settle")?,
            second_look: Duration::from_millis(500),
            config_file: self.config,
            overrides: overrides(self.lang, self.model, self.compare),
            period: self.period.into_choice(),
            log: self.log,
        })
    }
}

/// Without `--poll`, `watch` still looks this often, in case a notification was missed.
const SAFETY_POLL: Duration = Duration::from_secs(60);

/// Events arriving together are handled by one pass this long after the first.
const DEBOUNCE: Duration = Duration::from_millis(300);

fn report_busy(lang: Lang, pass: &Pass) -> bool {
    if let Some(owner) = &pass.busy {
        match lang {
            Lang::Ja => eprintln!("kpibook: この出力フォルダでは別の実行が動いています ({owner})。今回は何もしません。"),
            Lang::En => eprintln!("kpibook: another run is active on this output folder ({owner}); nothing to do."),
        }
        return true;
    }
    false
}

/// The language of the messages about the whole drop folder: `--lang`, else the config given or
/// the inbox's `kpibook.toml` (each job's own messages use the job's config).
fn folder_lang(options: &DropOptions) -> Lang {
    let run = RunOptions {
        inputs: vec![options.inbox.clone()],
        config_file: options.config_file.clone(),
        overrides: options.overrides.clone(),
        ..RunOptions::default()
    };
    pipeline::configure(&run)
        .map(|c| c.lang)
        .unwrap_or_default()
}

/// The closing line of `run`: "2 jobs run (1 done, 1 failed), 1 unchanged, 0 waiting for files
/// to settle."
fn closing_line(lang: Lang, pass: &Pass) -> String {
    let tally = dropfolder::tally(pass);
    let kinds = [
        ("ok", "完了", "done"),
        (
            "rejected_rows",
            "一部取り込めず",
            "with rows or files left out",
        ),
        ("failed", "失敗", "failed"),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|(key, ja, en)| {
            let n = tally.get(key)?;
            Some(match lang {
                Lang::Ja => format!("{ja} {n}件"),
                Lang::En => format!("{n} {en}"),
            })
        })
        .collect();
    let detail = match parts.is_empty() {
        true => String::new(),
        false => format!(" ({})", parts.join(lang.pick("、", ", "))),
    };
    let jobs = pass.outcomes.len() as u64;
    match lang {
        Lang::Ja => format!(
            "kpibook: {jobs}件のジョブを処理しました{detail}。変更なし {}件、書き込み中のため待機 {}件。",
            pass.skipped, pass.waiting
        ),
        Lang::En => format!(
            "kpibook: {} run{detail}, {} unchanged, {} waiting for files to settle.",
            lang.count(jobs, "件", "job", "jobs"),
            pass.skipped,
            pass.waiting
        ),
    }
}

/// One pass; exit 0 when every job is fine or skipped, 3 when a report had rejected rows, 1 when a
/// job failed. A second `run` while one is active exits 0.
pub fn run(args: Args) -> Result<i32> {
    let options = &args.into_drop_options()?;
    let lang = folder_lang(options);
    let stop = AtomicBool::new(false);
    let pass = dropfolder::run_pass(options, &stop)?;
    if report_busy(lang, &pass) {
        return Ok(exit::DONE);
    }
    eprintln!("{}", closing_line(lang, &pass));
    Ok(pass.exit_code())
}

/// Passes whenever the inbox changes (notifications), or every `poll` when given (network shares
/// often deliver no notifications). Survives any job's failure; on SIGINT / SIGTERM finishes the job
/// in hand and exits 0.
pub fn watch(args: WatchArgs) -> Result<i32> {
    let poll = args.poll.map(|p| seconds(p, "--poll")).transpose()?;
    let options = &args.drop.into_drop_options()?;
    let lang = folder_lang(options);
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            eprintln!("kpibook: signals cannot be caught ({e}); stop with a kill.");
        }
    }
    let (events, changes) = mpsc::channel::<()>();
    // Keep the watcher alive for the whole loop; with --poll there is none.
    let _watcher = match poll {
        Some(_) => None,
        None => start_watcher(options, events),
    };
    let interval = poll.unwrap_or(SAFETY_POLL);
    let (inbox, out) = (options.inbox.display(), options.out.display());
    let how = match (poll, lang) {
        (Some(p), Lang::Ja) => format!("{}秒ごとに確認", p.as_secs_f64()),
        (Some(p), Lang::En) => format!("polling every {}s", p.as_secs_f64()),
        (None, _) => lang
            .pick("ファイルシステムの通知", "file-system notifications")
            .to_string(),
    };
    match lang {
        Lang::Ja => eprintln!(
            "kpibook: {inbox} を監視しています ({how})。レポートは {out} に書き出します。"
        ),
        Lang::En => eprintln!("kpibook: watching {inbox} ({how}); reports go to {out}."),
    }
    let mut next_pass = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        if Instant::now() >= next_pass {
            next_pass = Instant::now() + interval;
            match dropfolder::run_pass(options, &stop) {
                Ok(pass) => {
                    report_busy(lang, &pass);
                    if pass.waiting > 0 {
                        // Look again once the files have had time to settle.
                        next_pass =
                            next_pass.min(Instant::now() + options.settle + Duration::from_secs(1));
                    }
                }
                Err(e) => eprintln!("kpibook: {e}"),
            }
            continue;
        }
        match changes.recv_timeout(Duration::from_millis(200)) {
            Ok(()) => {
                while changes.try_recv().is_ok() {}
                next_pass = next_pass.min(Instant::now() + DEBOUNCE);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {}
        }
    }
    eprintln!("kpibook: {}", lang.pick("停止しました。", "stopped."));
    Ok(exit::DONE)
}

/// A watcher sending a message for every change in the inbox outside the output and archive
/// folders (our own writes would otherwise wake us forever). `None` when notifications are not
/// available; the safety poll then does the work.
fn start_watcher(
    options: &DropOptions,
    events: mpsc::Sender<()>,
) -> Option<notify::RecommendedWatcher> {
    let canonical =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut ignored = vec![canonical(&options.out), options.out.clone()];
    if let Some(archive) = &options.archive {
        ignored.extend([canonical(archive), archive.clone()]);
    }
    let handler = move |result: notify::Result<notify::Event>| {
        if let Ok(event) = result {
            let ours = |p: &std::path::PathBuf| ignored.iter().any(|i| p.starts_with(i));
            if event.paths.is_empty() || !event.paths.iter().all(ours) {
                let _ = events.send(());
            }
        }
    };
    match notify::recommended_watcher(handler) {
        Ok(mut watcher) => match watcher.watch(&options.inbox, RecursiveMode::Recursive) {
            Ok(()) => Some(watcher),
            Err(e) => {
                eprintln!(
                    "kpibook: no file-system notifications for {} ({e}); polling instead.",
                    options.inbox.display()
                );
                None
            }
        },
        Err(e) => {
            eprintln!("kpibook: no file-system notifications ({e}); polling instead.");
            None
        }
    }
}
