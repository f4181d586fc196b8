//! The manifest in the output folder: for each job, the hashes of its inputs, the options it ran
//! with and its outcome. A job whose inputs and options are unchanged is skipped, whatever its
//! outcome was, so a failed job is retried only when its input changes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ingest::sha256_hex;
use crate::report::write_atomically;

/// File name of the manifest inside the output folder.
pub const MANIFEST_NAME: &str = ".kpibook-manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Input file name -> SHA-256 of its bytes.
    pub inputs: BTreeMap<String, String>,
    /// The options the job ran with, as text.
    pub options: String,
    /// `ok`, `rejected` or `failed`.
    pub outcome: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub jobs: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Reads the manifest of `out`; a missing or unreadable one is empty (every job runs).
    pub fn load(out: &Path) -> Manifest {
        fs::read(out.join(MANIFEST_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, out: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        write_atomically(&out.join(MANIFEST_NAME), text.as_bytes())
    }

    /// True when the job ran before with the same inputs and options.
    pub fn unchanged(&self, job: &str, inputs: &BTreeMap<String, String>, options: &str) -> bool {
        self.jobs
            .get(job)
            .is_some_and(|e| &e.inputs == inputs && e.options == options)
    }
}

/// The hashes of a job's inputs, by file name; a file that cannot be read hashes as empty (the job
/// then runs and reports the problem).
pub fn hash_inputs(inputs: &[PathBuf]) -> BTreeMap<String, String> {
    inputs
        .iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hash = fs::read(p).map(|b| sha256_hex(&b)).unwrap_or_default();
            (name, hash)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_unchanged_only_with_the_same_inputs_and_options() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.xlsx");
        fs::write(&file, b"one").unwrap();
        let inputs = hash_inputs(std::slice::from_ref(&file));
        let mut manifest = Manifest::default();
        manifest.jobs.insert(
            "a".into(),
            Entry {
                inputs: inputs.clone(),
                options: "lang=ja".into(),
                outcome: "ok".into(),
            },
        );
        manifest.save(dir.path()).unwrap();
        let loaded = Manifest::load(dir.path());
        assert!(loaded.unchanged("a", &inputs, "lang=ja"));
        assert!(!loaded.unchanged("a", &inputs, "lang=en"));
        fs::write(&file, b"two").unwrap();
        assert!(!loaded.unchanged("a", &hash_inputs(&[file]), "lang=ja"));
        assert!(!loaded.unchanged("b", &inputs, "lang=ja"));
    }
}
