//! Errors that stop a run ("cannot go on"). Validation findings are not errors: see `issues`.
//! Only `main` turns these into a message on stderr and an exit code.

use std::path::PathBuf;

use crate::ingest_error::IngestError;

/// Exit codes of SPEC section 7.
pub mod exit {
    pub const DONE: i32 = 0;
    pub const INPUT: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const REJECTED_ROWS: i32 = 3;
}

#[derive(Debug, thiserror::Error)]
pub enum KpiError {
    /// An input file could not be used at all (missing, unreadable, corrupt, encrypted, empty):
    /// the file (or folder) and why.
    #[error("{file}: {source}")]
    Input { file: String, source: IngestError },

    /// No input sheet could be recognised as any table.
    #[error("{0}")]
    NoTables(String),

    /// A bad command line.
    #[error("{0}")]
    Usage(String),

    /// A bad configuration value or an unknown key.
    #[error("{source_name}: {message}")]
    Config {
        source_name: String,
        message: String,
    },

    /// The schema file could not be used.
    #[error("schema {source_name}: {message}")]
    Schema {
        source_name: String,
        message: String,
    },

    /// The output could not be written; any existing output was left as it was.
    #[error("could not write {}: {reason}", path.display())]
    Output { path: PathBuf, reason: String },
}

impl KpiError {
    /// An input error whose reason has no variant of its own (`IngestError::Other`).
    pub fn input(file: impl Into<String>, reason: impl Into<String>) -> Self {
        KpiError::Input {
            file: file.into(),
            source: IngestError::Other(reason.into()),
        }
    }

    pub fn config(source_name: impl Into<String>, message: impl Into<String>) -> Self {
        KpiError::Config {
            source_name: source_name.into(),
            message: message.into(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            KpiError::Input { .. } | KpiError::NoTables(_) | KpiError::Output { .. } => exit::INPUT,
            KpiError::Usage(_) | KpiError::Config { .. } | KpiError::Schema { .. } => exit::USAGE,
        }
    }
}

pub type Result<T, E = KpiError> = std::result::Result<T, E>;
