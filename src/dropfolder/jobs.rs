//! Finding the jobs of an inbox: each accepted file directly in it, and each subfolder (one dataset of
//! several files), skipping Office lock files, temporary and hidden files, and anything that is still
//! being written (changed within the settle time, or growing between two looks).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{KpiError, Result};
use crate::ingest::{accepted_files_in, is_input_file, is_kpibook_report_file, is_lock_or_hidden};

/// One job: a name (the stem of `<name>.report.xlsx`) and its input files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub name: String,
    /// The file, or the subfolder, the job was found as.
    pub source: PathBuf,
    pub inputs: Vec<PathBuf>,
}

/// Jobs found in one look, and those left for a later pass because a file is still being written.
#[derive(Debug, Default)]
pub struct Found {
    pub ready: Vec<Job>,
    /// (job name, why it waits)
    pub waiting: Vec<(String, String)>,
}

/// Temporary files of browsers, copy tools and editors.
fn is_temporary(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".tmp", ".part", ".crdownload", ".download", ".partial", "~"]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

fn skipped(name: &str) -> bool {
    is_lock_or_hidden(name) || is_temporary(name)
}

/// Every job in `inbox`, in name order. Folders in `exclude` (the output or archive folder when they
/// sit inside the inbox) are not jobs, and a report kpibook wrote (the output folder may be the
/// inbox itself) is neither a job nor a job's input: reports never feed back.
pub fn discover(inbox: &Path, exclude: &[PathBuf]) -> Result<Vec<Job>> {
    let cannot_list = |e: std::io::Error| {
        KpiError::input(
            inbox.display().to_string(),
            format!("cannot list the inbox: {e}"),
        )
    };
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    let mut entries: Vec<(String, PathBuf)> = fs::read_dir(inbox)
        .map_err(cannot_list)?
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !skipped(name))
        .collect();
    entries.sort();
    let mut jobs = Vec::new();
    for (name, path) in entries {
        if path.is_dir() {
            let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if excluded.contains(&canonical) {
                continue;
            }
            let inputs: Vec<PathBuf> = accepted_files_in(&path)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| !skipped(&n.to_string_lossy()))
                        && !is_kpibook_report_file(p)
                })
                .collect();
            if !inputs.is_empty() {
                jobs.push(Job {
                    name,
                    source: path,
                    inputs,
                });
            }
        } else if path.is_file() && is_input_file(&path) && !is_kpibook_report_file(&path) {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone());
            jobs.push(Job {
                name: stem,
                source: path.clone(),
                inputs: vec![path],
            });
        }
    }
    disambiguate(&mut jobs);
    Ok(jobs)
}

/// Two jobs with one name (`a.xlsx` and `a.csv`, or a file and a folder) are named by their full
/// file names instead, so neither overwrites the other's report.
fn disambiguate(jobs: &mut [Job]) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for job in jobs.iter() {
        *count.entry(job.name.clone()).or_default() += 1;
    }
    for job in jobs.iter_mut() {
        if count.get(&job.name).copied().unwrap_or(0) > 1 {
            if let Some(full) = job.source.file_name() {
                job.name = full.to_string_lossy().into_owned();
            }
        }
    }
}

/// Size and modification time of every input, for the two looks of the settle check.
pub fn look(jobs: &[Job]) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    jobs.iter()
        .flat_map(|j| j.inputs.iter())
        .map(|p| {
            let meta = fs::metadata(p).ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (p.clone(), (size, modified))
        })
        .collect()
}

/// Splits `jobs` into those ready to read and those still being written: a file changed within
/// `settle` of `now`, or whose size or time differs between the two looks, holds its job back.
pub fn settle(
    jobs: Vec<Job>,
    first: &BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
    second: &BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
    settle: Duration,
    now: SystemTime,
) -> Found {
    let mut found = Found::default();
    for job in jobs {
        let mut reason = None;
        for input in &job.inputs {
            let (a, b) = (first.get(input), second.get(input));
            if a != b {
                reason = Some(format!("{} is still being written", input.display()));
                break;
            }
            let recent = b
                .and_then(|(_, modified)| *modified)
                .and_then(|m| now.duration_since(m).ok())
                .is_none_or(|age| age < settle);
            if recent {
                reason = Some(format!(
                    "{} changed in the last {}s",
                    input.display(),
                    settle.as_secs()
                ));
                break;
            }
        }
        match reason {
            Some(why) => found.waiting.push((job.name.clone(), why)),
            None => found.ready.push(job),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_temporary_and_hidden_files_are_not_jobs() {
        for name in [
            "~$book.xlsx",
            ".~lock.book.xlsx#",
            ".hidden.xlsx",
            "book.xlsx.tmp",
            "a.crdownload",
            "b.xlsx.part",
        ] {
            assert!(skipped(name), "{name}");
        }
        assert!(!skipped("leads.xlsx"));
    }

    #[test]
    fn files_and_subfolders_become_jobs_with_unique_names() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path();
        fs::write(inbox.join("april.xlsx"), b"x").unwrap();
        fs::write(inbox.join("may.csv"), b"x").unwrap();
        fs::write(inbox.join("may.xlsx"), b"x").unwrap();
        fs::write(inbox.join("~$april.xlsx"), b"x").unwrap();
        fs::write(inbox.join("notes.txt"), b"x").unwrap();
        fs::create_dir(inbox.join("june")).unwrap();
        fs::write(inbox.join("june/leads.xlsx"), b"x").unwrap();
        fs::write(inbox.join("june/costs.csv"), b"x").unwrap();
        fs::create_dir(inbox.join("empty")).unwrap();
        fs::create_dir(inbox.join("out")).unwrap();
        fs::write(inbox.join("out/old.xlsx"), b"x").unwrap();
        let jobs = discover(inbox, &[inbox.join("out")]).unwrap();
        let names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["april", "june", "may.csv", "may.xlsx"]);
        assert_eq!(jobs[1].inputs.len(), 2);
    }

    #[test]
    fn a_growing_or_fresh_file_holds_its_job_back() {
        let job = |name: &str| Job {
            name: name.into(),
            source: PathBuf::from(name),
            inputs: vec![PathBuf::from(name)],
        };
        let now = SystemTime::now();
        let old = now - Duration::from_secs(60);
        let fresh = now - Duration::from_secs(1);
        let first = BTreeMap::from([
            (PathBuf::from("a"), (10, Some(old))),
            (PathBuf::from("b"), (10, Some(old))),
            (PathBuf::from("c"), (10, Some(fresh))),
        ]);
        let mut second = first.clone();
        second.insert(PathBuf::from("b"), (20, Some(old)));
        let found = settle(
            vec![job("a"), job("b"), job("c")],
            &first,
            &second,
            Duration::from_secs(5),
            now,
        );
        assert_eq!(
            found
                .ready
                .iter()
                .map(|j| j.name.as_str())
                .collect::<Vec<_>>(),
            ["a"]
        );
        assert_eq!(found.waiting.len(), 2);
    }
}
