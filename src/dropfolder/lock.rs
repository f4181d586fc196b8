//! One run at a time per output folder: a lock file holding the owner's process id, host and start
//! time. A lock whose owner is gone (same host, process not alive) or that has not been refreshed for
//! `STALE_AFTER` is taken over. While held, a thread refreshes the lock's time so a long job is not
//! mistaken for a crashed one.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::error::{KpiError, Result};

/// File name of the lock inside the output folder.
pub const LOCK_NAME: &str = ".kpibook.lock";

/// A lock not refreshed for this long belongs to a process that is gone.
pub const STALE_AFTER: Duration = Duration::from_secs(120);

/// A lock file without its owner's id is being written for this long, then counts as abandoned.
const UNWRITTEN_GRACE: Duration = Duration::from_secs(10);

/// How often the holder refreshes the lock.
const HEARTBEAT: Duration = Duration::from_secs(20);

/// The held lock; dropping it removes the file.
pub struct Lock {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    heartbeat: Option<JoinHandle<()>>,
}

/// Whether the lock was taken.
pub enum Acquired {
    Held(Lock),
    /// Another live run holds it: (its description).
    Busy(String),
}

fn host() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks for existence; EPERM means it exists under another user.
    // SAFETY: kill with signal 0 sends nothing; it only reports whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a portable check, only the age of the lock tells.
    true
}

/// True when the lock at `path` belongs to no live run.
fn stale(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return true;
    };
    let mut fields = text.split_whitespace();
    let pid = fields.next().and_then(|p| p.parse::<u32>().ok());
    let owner_host = fields.next().unwrap_or_default();
    let age = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or_default();
    if age > STALE_AFTER {
        return true;
    }
    match pid {
        Some(pid) if owner_host == host() => !process_alive(pid),
        Some(_) => false,
        // Created but not yet written by a run starting this very moment, or left empty by one
        // that died between the two steps.
        None => age > UNWRITTEN_GRACE,
    }
}

fn create(path: &Path) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    writeln!(
        file,
        "{} {} {}",
        std::process::id(),
        host(),
        chrono::Local::now().to_rfc3339()
    )
}

/// Takes the lock of the output folder `out`, taking over a stale one.
pub fn acquire(out: &Path) -> Result<Acquired> {
    let path = out.join(LOCK_NAME);
    let fail = |e: std::io::Error| KpiError::Output {
        path: path.clone(),
        reason: format!("the lock file cannot be created ({e})"),
    };
    for _ in 0..2 {
        match create(&path) {
            Ok(()) => {
                let stop = Arc::new(AtomicBool::new(false));
                let heartbeat = {
                    let (stop, path) = (stop.clone(), path.clone());
                    std::thread::spawn(move || refresh_until(&path, &stop))
                };
                return Ok(Acquired::Held(Lock {
                    path,
                    stop,
                    heartbeat: Some(heartbeat),
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !stale(&path) {
                    let owner = fs::read_to_string(&path).unwrap_or_default();
                    return Ok(Acquired::Busy(owner.trim().to_string()));
                }
                // Take the stale lock over; if another run removed it first, the next try races
                // fairly through create_new.
                let _ = fs::remove_file(&path);
            }
            Err(e) => return Err(fail(e)),
        }
    }
    let owner = fs::read_to_string(&path).unwrap_or_default();
    Ok(Acquired::Busy(owner.trim().to_string()))
}

fn refresh_until(path: &Path, stop: &AtomicBool) {
    let step = Duration::from_millis(200);
    let mut waited = Duration::ZERO;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(step);
        waited += step;
        if waited >= HEARTBEAT {
            waited = Duration::ZERO;
            if let Ok(file) = OpenOptions::new().append(true).open(path) {
                let _ = file.set_modified(SystemTime::now());
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.heartbeat.take() {
            let _ = handle.join();
        }
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_acquire_is_busy_and_a_dead_owner_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let Acquired::Held(lock) = acquire(dir.path()).unwrap() else {
            panic!("the first acquire holds the lock");
        };
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Busy(_)));
        drop(lock);
        assert!(
            !dir.path().join(LOCK_NAME).exists(),
            "dropping removes the lock"
        );

        // A lock left by a process that no longer exists (pid beyond any real one) on this host.
        fs::write(
            dir.path().join(LOCK_NAME),
            format!("4294967 {} 2026-01-01T00:00:00Z\n", host()),
        )
        .unwrap();
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Held(_)));
    }

    /// Two runs starting together: the second must not read the first's lock between its creation
    /// and its first line and take it for an abandoned one (both runs then made every report).
    #[test]
    fn a_lock_still_being_written_is_respected_and_an_old_empty_one_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_NAME);
        fs::write(&path, "").unwrap();
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Busy(_)));

        let old = SystemTime::now() - UNWRITTEN_GRACE - Duration::from_secs(1);
        OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(old))
            .unwrap();
        assert!(matches!(acquire(dir.path()).unwrap(), Acquired::Held(_)));
    }
}
