//! `kpibook check INPUT... [--format text|json]`: validate only and print every issue. Exits 0 when
//! no error-severity issue was found, else 3.

use std::io::Write;

use serde_json::json;

use crate::error::{exit, Result};
use crate::issues::Severity;
use crate::pipeline::{self, RunOptions};
use crate::summary::rows_json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(options: &RunOptions, format: Format) -> Result<i32> {
    let checked = pipeline::check(options)?;
    let validated = &checked.validated;
    let lang = checked.config.lang;
    let mut out = std::io::stdout().lock();
    let printed = match format {
        Format::Json => {
            let value = json!({"rows": rows_json(validated), "issues": validated.issues});
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        Format::Text => {
            let mut text = String::new();
            for sheet in &validated.sheets {
                let table = sheet.table.as_deref().unwrap_or("-");
                let c = sheet.counts;
                text.push_str(&format!(
                    "{} [{}] -> {table}: {} {}, {} {}, {} {}, {} {}\n",
                    sheet.file,
                    sheet.sheet,
                    c.read,
                    lang.pick("行", "read"),
                    c.accepted,
                    lang.pick("取込", "accepted"),
                    c.rejected,
                    lang.pick("除外", "rejected"),
                    c.blank,
                    lang.pick("空行", "blank"),
                ));
            }
            for issue in &validated.issues {
                let at = if issue.cell.is_empty() {
                    format!("{} [{}]", issue.file, issue.sheet)
                } else {
                    format!("{} [{}] {}", issue.file, issue.sheet, issue.cell)
                };
                let value = if issue.value.is_empty() {
                    String::new()
                } else {
                    format!(" \"{}\"", issue.value)
                };
                let severity = match issue.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                text.push_str(&format!(
                    "{severity} {} {at} {}{value}: {}\n",
                    issue.code.as_str(),
                    issue.column,
                    issue.message
                ));
            }
            text.push_str(&format!(
                "{} {}, {} {}\n",
                validated.count(Severity::Error),
                lang.pick("件のエラー", "errors"),
                validated.count(Severity::Warning),
                lang.pick("件の警告", "warnings"),
            ));
            write!(out, "{text}")
        }
    };
    // A closed stdout (e.g. piped into `head`) is not a failure of the check.
    let _ = printed;
    Ok(if validated.count(Severity::Error) > 0 {
        exit::REJECTED_ROWS
    } else {
        exit::DONE
    })
}
