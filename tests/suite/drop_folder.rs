//! `kpibook run` and `kpibook watch` on temporary drop folders: settling, lock files, atomic
//! reports, idempotent passes, failures that do not stop other jobs, concurrent runs, stale locks,
//! notifications and polling, signals, and a killed writer.

use crate::common;

use std::fs::{self, File};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use common::*;

/// A small valid workbook (two leads, nothing rejected).
fn write_leads(path: &Path, second_lead: &'static str) {
    let leads = vec![
        vec![S("リードID"), S("獲得日"), S("流入元")],
        vec![S("L1"), D(2025, 4, 6), S("LinkedIn")],
        vec![S(second_lead), D(2025, 4, 7), S("ウェビナー")],
    ];
    write_xlsx(path, &[("リード", leads)]);
}

/// Sets a file's modification time `secs` into the past, as if it had been copied a while ago.
fn age(path: &Path, secs: u64) {
    let file = File::options().append(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}

fn folders() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = temp_dir();
    let inbox = dir.path().join("inbox");
    let out = dir.path().join("out");
    fs::create_dir_all(&inbox).unwrap();
    (dir, inbox, out)
}

fn run(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["run", "inbox", "--out", "out"];
    args.extend_from_slice(extra);
    let out = kpibook(dir, &args);
    (out.status.code().unwrap_or(-1), stderr(&out))
}

/// True when the bytes are a complete workbook.
fn is_complete_workbook(bytes: Vec<u8>) -> bool {
    let workbook: Result<Xlsx<_>, _> = open_workbook_from_rs(Cursor::new(bytes));
    workbook.is_ok_and(|w| !w.sheet_names().is_empty())
}

fn temporary_files(out: &Path) -> Vec<String> {
    fs::read_dir(out)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_pass_converts_jobs_skips_unchanged_ones_and_reprocesses_changes() {
    let (dir, inbox, out) = folders();
    write_leads(&inbox.join("april.xlsx"), "L2");
    age(&inbox.join("april.xlsx"), 60);
    let (code, err) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("april: 完了 (取込 2行、"),
        "one log line per job: {err}"
    );
    let report = out.join("april.report.xlsx");
    assert!(is_complete_workbook(fs::read(&report).unwrap()));
    assert!(out.join("april.summary.json").exists());
    let first = fs::metadata(&report).unwrap().modified().unwrap();

    // Nothing changed: nothing is done.
    let (code, err) = run(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(
        err.contains("0件のジョブを処理しました") && err.contains("変更なし 1件"),
        "{err}"
    );
    assert_eq!(fs::metadata(&report).unwrap().modified().unwrap(), first);

    // A changed input is processed again.
    write_leads(&inbox.join("april.xlsx"), "L9");
    age(&inbox.join("april.xlsx"), 60);
    let (code, err) = run(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(err.contains("april: 完了"), "{err}");
    assert_ne!(fs::metadata(&report).unwrap().modified().unwrap(), first);
}

#[test]
fn a_file_still_being_written_waits_until_it_settles() {
    let (dir, inbox, out) = folders();
    // Just written: within the settle time.
    write_leads(&inbox.join("fresh.xlsx"), "L2");
    let (code, err) = run(dir.path(), &["--settle", "30"]);
    assert_eq!(code, 0);
    assert!(err.contains("待機 1件"), "{err}");
    assert!(!out.join("fresh.report.xlsx").exists());

    // Growing during the pass: its size differs between the two looks, even with no settle time.
    let growing = inbox.join("growing.csv");
    fs::write(&growing, "lead_id,created_at\n").unwrap();
    let writer = {
        let growing = growing.clone();
        std::thread::spawn(move || {
            for i in 0..40 {
                let mut text = fs::read_to_string(&growing).unwrap();
                text.push_str(&format!("G{i},2025-04-01\n"));
                fs::write(&growing, text).unwrap();
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let (_, err) = run(dir.path(), &["--settle", "0"]);
    writer.join().unwrap();
    assert!(
        !out.join("growing.report.xlsx").exists(),
        "read while growing: {err}"
    );
    assert!(!out.join("growing.error.txt").exists(), "{err}");

    // Settled: read.
    age(&inbox.join("fresh.xlsx"), 60);
    age(&growing, 60);
    let (code, err) = run(dir.path(), &["--settle", "30"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("fresh.report.xlsx").exists());
    assert!(out.join("growing.report.xlsx").exists());
}

#[test]
fn office_lock_files_are_ignored() {
    let (dir, inbox, out) = folders();
    write_leads(&inbox.join("~$april.xlsx"), "L2");
    write_leads(&inbox.join(".~lock.april.xlsx#"), "L2");
    write_leads(&inbox.join("april.xlsx.tmp"), "L2");
    for name in ["~$april.xlsx", ".~lock.april.xlsx#", "april.xlsx.tmp"] {
        age(&inbox.join(name), 60);
    }
    let (code, err) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0件のジョブを処理しました"), "{err}");
    let written: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn a_corrupt_file_gets_an_error_file_and_the_other_jobs_their_reports() {
    let (dir, inbox, out) = folders();
    fs::write(inbox.join("broken.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    write_leads(&inbox.join("good.xlsx"), "L2");
    fs::create_dir(inbox.join("may")).unwrap();
    write_leads(&inbox.join("may/leads.xlsx"), "L3");
    for name in ["broken.xlsx", "good.xlsx", "may/leads.xlsx"] {
        age(&inbox.join(name), 60);
    }
    let (code, err) = run(dir.path(), &["--lang", "en"]);
    assert_eq!(code, 1, "a failed job makes the exit code 1: {err}");
    let error = fs::read_to_string(out.join("broken.error.txt")).unwrap();
    assert!(
        error.contains("could not be made") && error.contains("broken.xlsx"),
        "{error}"
    );
    assert!(out.join("good.report.xlsx").exists());
    assert!(
        out.join("may.report.xlsx").exists(),
        "a subfolder is one job"
    );
    assert!(
        inbox.join("broken.xlsx").exists(),
        "the input stays where it was"
    );

    // The failed job is not retried until its input changes; fixing it clears the error file.
    let (code, err) = run(dir.path(), &["--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 jobs run"), "{err}");
    write_leads(&inbox.join("broken.xlsx"), "L2");
    age(&inbox.join("broken.xlsx"), 60);
    let (code, err) = run(dir.path(), &["--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("broken.report.xlsx").exists());
    assert!(!out.join("broken.error.txt").exists());
}

#[test]
fn reports_appear_atomically() {
    let (dir, inbox, out) = folders();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    fs::create_dir(inbox.join("h1")).unwrap();
    for name in ["marketing_fy2025h1.xlsx", "kpibook.toml"] {
        fs::copy(samples.join(name), inbox.join("h1").join(name)).unwrap();
        age(&inbox.join("h1").join(name), 60);
    }
    let report = out.join("h1.report.xlsx");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (report, stop) = (report.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut looks, mut partial) = (0, 0);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(bytes) = fs::read(&report) {
                    looks += 1;
                    if !is_complete_workbook(bytes) {
                        partial += 1;
                    }
                }
            }
            (looks, partial)
        })
    };
    for second_lead in ["L2", "L3"] {
        // Two passes, the second replacing the first report.
        let (code, err) = run(dir.path(), &[]);
        assert!(code == 0 || code == 3, "{err}");
        fs::write(
            inbox.join("h1/extra.csv"),
            format!("lead_id,created_at\n{second_lead},2025-04-01\n"),
        )
        .unwrap();
        age(&inbox.join("h1/extra.csv"), 60);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (looks, partial) = reader.join().unwrap();
    assert!(looks > 0, "the reader saw the report");
    assert_eq!(
        partial, 0,
        "a reader never sees a partial report ({looks} looks)"
    );
    assert!(temporary_files(&out).is_empty());
}

#[test]
fn two_concurrent_runs_make_each_report_once() {
    let (dir, inbox, _out) = folders();
    for name in ["a.xlsx", "b.xlsx", "c.xlsx"] {
        write_leads(&inbox.join(name), "L2");
        age(&inbox.join(name), 60);
    }
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_kpibook"))
            .args(["run", "inbox", "--out", "out", "--log", "jobs.log"])
            .current_dir(dir.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let log = fs::read_to_string(dir.path().join("jobs.log")).unwrap();
    for job in ["a", "b", "c"] {
        let runs = log
            .lines()
            .filter(|l| l.contains(&format!(" {job}: ")))
            .count();
        assert_eq!(runs, 1, "job {job} ran {runs} times:\n{log}");
    }
}

#[test]
fn a_stale_lock_is_taken_over_and_a_live_one_is_respected() {
    let (dir, inbox, out) = folders();
    write_leads(&inbox.join("a.xlsx"), "L2");
    age(&inbox.join("a.xlsx"), 60);
    fs::create_dir_all(&out).unwrap();
    let lock = out.join(".kpibook.lock");

    // Held by this test process (alive), fresh: the run steps aside.
    fs::write(
        &lock,
        format!("{} {} now\n", std::process::id(), hostname()),
    )
    .unwrap();
    let (code, err) = run(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(err.contains("別の実行が動いています"), "{err}");
    assert!(!out.join("a.report.xlsx").exists());

    // Left by a crashed run long ago: taken over.
    age(&lock, 3600);
    let (code, err) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("a.report.xlsx").exists());
    assert!(!lock.exists(), "the lock is released after the run");
}

fn hostname() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

/// Starts `watch` with its stderr going to a file; returns the child and that file's path.
fn start_watch(dir: &Path, extra: &[&str]) -> (Child, PathBuf) {
    let log = dir.join("watch.stderr");
    let mut args = vec!["watch", "inbox", "--out", "out", "--settle", "0.5"];
    args.extend_from_slice(extra);
    let child = Command::new(env!("CARGO_BIN_EXE_kpibook"))
        .args(&args)
        .current_dir(dir)
        .stderr(Stdio::from(File::create(&log).unwrap()))
        .spawn()
        .unwrap();
    (child, log)
}

fn wait_for(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn terminate(child: &mut Child) -> Option<i32> {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn watch_picks_up_a_new_file(extra: &[&str]) {
    let (dir, inbox, out) = folders();
    let (mut child, log) = start_watch(dir.path(), extra);
    wait_for("watch to start", Duration::from_secs(20), || {
        fs::read_to_string(&log).is_ok_and(|t| t.contains("を監視しています"))
    });
    write_leads(&inbox.join("new.xlsx"), "L2");
    wait_for(
        "the report of the new file",
        Duration::from_secs(30),
        || out.join("new.report.xlsx").exists(),
    );
    assert_eq!(
        terminate(&mut child),
        Some(0),
        "{}",
        fs::read_to_string(&log).unwrap_or_default()
    );
    assert!(is_complete_workbook(
        fs::read(out.join("new.report.xlsx")).unwrap()
    ));
}

#[test]
fn watch_picks_up_a_new_file_through_notifications() {
    watch_picks_up_a_new_file(&[]);
}

#[test]
fn watch_picks_up_a_new_file_by_polling() {
    watch_picks_up_a_new_file(&["--poll", "0.5"]);
}

#[test]
fn sigterm_during_a_job_leaves_no_partial_output() {
    let (dir, inbox, out) = folders();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (mut child, log) = start_watch(dir.path(), &["--poll", "0.2"]);
    wait_for("watch to start", Duration::from_secs(20), || {
        fs::read_to_string(&log).is_ok_and(|t| t.contains("を監視しています"))
    });
    fs::create_dir(inbox.join("h1")).unwrap();
    for name in ["marketing_fy2025h1.xlsx", "kpibook.toml"] {
        fs::copy(samples.join(name), inbox.join("h1").join(name)).unwrap();
    }
    // Signal about when the job runs (the files settle after half a second).
    std::thread::sleep(Duration::from_millis(900));
    let code = terminate(&mut child);
    assert_eq!(
        code,
        Some(0),
        "{}",
        fs::read_to_string(&log).unwrap_or_default()
    );
    assert!(temporary_files(&out).is_empty(), "no temporary file left");
    if let Ok(bytes) = fs::read(out.join("h1.report.xlsx")) {
        assert!(
            is_complete_workbook(bytes),
            "a report that exists is complete"
        );
    }
}

#[test]
fn a_killed_report_leaves_the_previous_report_intact() {
    let dir = temp_dir();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let report = dir.path().join("report.xlsx");
    let out = kpibook(
        dir.path(),
        &[
            "report",
            &path_str(&samples),
            "-o",
            "report.xlsx",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let previous = fs::read(&report).unwrap();
    // Kill the next run at several moments of its work; the report is always the previous one or a
    // complete new one, never a torn file.
    for delay_ms in [50, 150, 300, 500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kpibook"))
            .args([
                "report",
                &path_str(&samples),
                "-o",
                "report.xlsx",
                "--quiet",
                "--lang",
                "en",
            ])
            .current_dir(dir.path())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = fs::read(&report).unwrap();
        assert!(
            now == previous || is_complete_workbook(now.clone()),
            "killed after {delay_ms} ms"
        );
    }
}
