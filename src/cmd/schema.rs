//! `kpibook schema [--format markdown|json]`: the canonical tables, fields, types and aliases.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use crate::error::{exit, Result};
use crate::schema::Schema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Schema file to print instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
}

pub fn run(args: Args) -> Result<i32> {
    let schema = match &args.schema {
        Some(path) => Schema::load(path)?,
        None => Schema::embedded()?,
    };
    let text = match args.format {
        Format::Json => {
            let tables: Vec<_> = schema
                .tables
                .iter()
                .map(|t| {
                    let fields: Vec<_> = t
                        .fields
                        .iter()
                        .map(|f| {
                            json!({"name": f.name, "type": f.field_type.as_str(), "required": f.required,
                                   "key": f.key, "references": f.references, "aliases": f.aliases})
                        })
                        .collect();
                    json!({"name": t.name, "ja": t.ja, "en": t.en, "fields": fields})
                })
                .collect();
            serde_json::to_string_pretty(&json!({"tables": tables})).unwrap_or_default() + "\n"
        }
        Format::Markdown => {
            let mut text = String::new();
            for t in &schema.tables {
                text.push_str(&format!(
                    "## {} ({} / {})\n\n| field | type | required | aliases |\n|---|---|---|---|\n",
                    t.name, t.ja, t.en
                ));
                for f in &t.fields {
                    let required = if f.required { "yes" } else { "" };
                    text.push_str(&format!(
                        "| {}{} | {} | {required} | {} |\n",
                        f.name,
                        if f.key { " (key)" } else { "" },
                        f.field_type.as_str(),
                        f.aliases.join(", ")
                    ));
                }
                text.push('\n');
            }
            text
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(exit::DONE)
}
