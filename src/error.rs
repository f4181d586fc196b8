//! Errors that stop a run ("cannot go on"). Validation findings are not errors: see `issues`.
//! Only `main` turns these into a message on stderr and an exit code.

use std::path::PathBuf;

use crate::ingest_error::IngestError;
use crate::lang::Lang;

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

    /// No input sheet could be recognised as any table: the message in English (stderr) and in
    /// the report language (the drop folder's error file).
    #[error("{message}")]
    NoTables {
        message: String,
        in_report_language: String,
    },

    /// A bad command line.
    #[error("{0}")]
    Usage(String),

    /// A bad configuration value or an unknown key.
    #[error("{0}")]
    Config(#[from] ConfigError),

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

    /// The error in `lang`, for the drop folder's error file (SPEC section 8): the input and
    /// output errors in that language; the usage, configuration and schema errors name keys and
    /// options, and stay as written.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (KpiError::Input { file, source }, Lang::Ja) => {
                format!("{file}: {}", source.message(lang))
            }
            (
                KpiError::NoTables {
                    in_report_language, ..
                },
                Lang::Ja,
            ) => in_report_language.clone(),
            (KpiError::Output { path, reason }, Lang::Ja) => {
                format!("{} を書き出せませんでした ({reason})。", path.display())
            }
            (_, Lang::Ja) => self.to_string(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            KpiError::Input { .. } | KpiError::NoTables { .. } | KpiError::Output { .. } => {
                exit::INPUT
            }
            KpiError::Usage(_) | KpiError::Config { .. } | KpiError::Schema { .. } => exit::USAGE,
        }
    }
}

/// A bad configuration value or an unknown key: which key, where it was written, and the sentence
/// that names it. Defined here, beside `KpiError`, so that `error` stays a leaf.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The key as written (`gross_margin`, `channels."Paid Social"`); `None` when the file as a
    /// whole cannot be used (unreadable, not TOML).
    pub key: Option<String>,
    /// Where it was written; `None` for the command line.
    pub at: Option<ConfigAt>,
    /// What is wrong and what is allowed, naming the key.
    pub message: String,
}

/// Where a configuration value was written.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigAt {
    /// The config file, as named in messages.
    File(String),
    /// A value cell of the input's settings sheet: `file sheet!B2`.
    SettingsCell(String),
}

impl ConfigError {
    /// An error about `key`, not yet placed in a file or sheet.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            key: Some(key.into()),
            at: None,
            message: message.into(),
        }
    }

    /// The same error, written at `at`.
    pub fn at(self, at: ConfigAt) -> Self {
        ConfigError {
            at: Some(at),
            ..self
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(ConfigAt::File(name) | ConfigAt::SettingsCell(name)) => {
                write!(f, "{name}: {}", self.message)
            }
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

pub type Result<T, E = KpiError> = std::result::Result<T, E>;
