//! `kpibook schema [--format markdown|json]`: the canonical tables, fields, types and aliases, then
//! the values kpibook knows without config: the deal stages (`stages`) and the channel ids with
//! their names (`channels`).

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use crate::channels::{
    ANALYTICS_CHANNELS, BUILT_IN_ALIASES, DEFAULT_SNS, OTHER_CHANNELS, UTM_SOURCES,
};
use crate::error::{exit, Result};
use crate::schema::Schema;
use crate::stages::BUILT_IN_STAGES;

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
            let stages: Vec<_> = BUILT_IN_STAGES
                .iter()
                .map(|v| json!({"source": v.source, "open": v.open, "won": v.won, "lost": v.lost}))
                .collect();
            let aliases: serde_json::Map<String, serde_json::Value> = BUILT_IN_ALIASES
                .iter()
                .map(|(id, names)| (id.to_string(), json!(names)))
                .collect();
            let analytics: Vec<_> = ANALYTICS_CHANNELS
                .iter()
                .map(|(source, names)| {
                    let names: serde_json::Map<String, serde_json::Value> = names
                        .iter()
                        .map(|(n, id)| (n.to_string(), json!(id)))
                        .collect();
                    json!({"source": source, "names": names})
                })
                .collect();
            let utm: serde_json::Map<String, serde_json::Value> = UTM_SOURCES
                .iter()
                .map(|(id, sources)| (id.to_string(), json!(sources)))
                .collect();
            let channels = json!({
                "sns": DEFAULT_SNS, "other": OTHER_CHANNELS, "aliases": aliases,
                "analytics": analytics, "utm_sources": utm,
            });
            let value = json!({"tables": tables, "stages": stages, "channels": channels});
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
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
            stages_markdown(&mut text);
            channels_markdown(&mut text);
            text
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(exit::DONE)
}

/// The built-in deal stages, one row per source: what reads as open, won and lost.
fn stages_markdown(text: &mut String) {
    text.push_str(
        "## Deal stages (status)\n\nCompared in any case, with `_`, `-` or spaces alike; a team's own \
         stages go under `[statuses]` in the config. A stage in none of them counts open, with \
         one `unknown_stage` warning per stage name.\n\n| source | open | won | lost |\n|---|---|---|---|\n",
    );
    for v in &BUILT_IN_STAGES {
        text.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            v.source,
            v.open.join(", "),
            v.won.join(", "),
            v.lost.join(", ")
        ));
    }
    text.push('\n');
}

/// The channel ids (SNS first) with their names, then the names of web analytics and CRMs, then
/// the utm_source values.
fn channels_markdown(text: &mut String) {
    text.push_str(
        "## Channels\n\nCompared in any case, with `_`, `-` or spaces alike; a team's own names go \
         under `[channels]` in the config. SNS by default: ",
    );
    text.push_str(&DEFAULT_SNS.join(", "));
    text.push_str("; others: ");
    text.push_str(&OTHER_CHANNELS.join(", "));
    text.push_str(".\n\n| channel | names |\n|---|---|\n");
    for (id, names) in BUILT_IN_ALIASES {
        text.push_str(&format!("| {id} | {} |\n", names.join(", ")));
    }
    for (source, names) in ANALYTICS_CHANNELS {
        text.push_str(&format!(
            "\n### {source}\n\n| name | channel |\n|---|---|\n"
        ));
        for (name, id) in names {
            text.push_str(&format!("| {name} | {id} |\n"));
        }
    }
    text.push_str("\n### utm_source values\n\n| channel | utm_source |\n|---|---|\n");
    for (id, sources) in UTM_SOURCES {
        text.push_str(&format!("| {id} | {} |\n", sources.join(", ")));
    }
}
