//! `kpibook check INPUT... [--format text|json] [--all]`: validate only and say what was read.
//! The text gives, per sheet, the table it was read as, its row outcome and which header fed which
//! field; then the issues grouped (`issues::group`), or one per line with `--all`. The JSON keeps
//! every issue. Exits 0 when no error-severity issue was found, else 3.

use std::io::Write;

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::InputArgs;
use crate::error::{exit, Result};
use crate::issues::{self, Issue, Severity, GROUPS_SHOWN};
use crate::lang::Lang;
use crate::pipeline;
use crate::report::outside_window_note;
use crate::schema::advice::near_miss_text;
use crate::schema::file_period::{FilePeriod, PeriodSource};
use crate::schema::profiles::SkippedRow;
use crate::schema::validate::{SheetOutcome, Validated};
use crate::summary::{outside_window_json, rows_json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Mapped headers are wrapped onto lines of about this many columns.
const LINE_WIDTH: usize = 100;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// List every issue on its own line instead of grouping them (text format).
    #[arg(long)]
    all: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let Args { input, format, all } = args;
    let checked = pipeline::check(&input.into_run_options(None, None))?;
    let validated = &checked.validated;
    let lang = checked.config.lang;
    let outside_window = checked.outside_window();
    let text = match format {
        Format::Json => {
            let value = json!({
                "rows": rows_json(validated),
                "sheets": validated.sheets.iter().map(sheet_json).collect::<Vec<_>>(),
                "issues": validated.issues,
                "outside_window": outside_window.as_ref().map(outside_window_json),
            });
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        Format::Text => {
            let mut text = String::new();
            for sheet in &validated.sheets {
                sheet_text(&mut text, sheet, lang);
            }
            if all {
                for issue in &validated.issues {
                    text.push_str(&issue_line(issue));
                }
            } else {
                grouped_text(&mut text, &validated.issues, lang);
            }
            totals_text(&mut text, validated, lang);
            if let Some(outside) = &outside_window {
                text.push_str(&outside_window_note(lang, outside));
                text.push('\n');
            }
            text
        }
    };
    // A closed stdout (e.g. piped into `head`) is not a failure of the check.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(if validated.count(Severity::Error) > 0 {
        exit::REJECTED_ROWS
    } else {
        exit::DONE
    })
}

/// One element of the JSON's `sheets` (SPEC section 7).
fn sheet_json(sheet: &SheetOutcome) -> serde_json::Value {
    // A header feeding several fields (a profile's permalink that is also the post id) maps to
    // the list of them.
    let mut mapped = serde_json::Map::new();
    for (header, field) in &sheet.mapped {
        match mapped.get_mut(header) {
            Some(serde_json::Value::Array(fields)) => fields.push(json!(field)),
            Some(first) => *first = json!([first.clone(), field]),
            None => {
                mapped.insert(header.clone(), json!(field));
            }
        }
    }
    let skipped: Vec<serde_json::Value> = sheet
        .skipped
        .iter()
        .map(|(row, why)| json!({"row": row, "why": why.as_str()}))
        .collect();
    let mut value = json!({
        "file": sheet.file,
        "sheet": sheet.sheet,
        "table": sheet.table,
        "profile": sheet.profile,
        "mapped": mapped,
        "unused": sheet.unused,
        "skipped": skipped,
    });
    // Said only where there is one, so other sheets' entries stay as they were.
    if let (Some(near), Some(entry)) = (&sheet.near_miss, value.as_object_mut()) {
        entry.insert("near_miss".into(), json!(near));
    }
    if let (Some(FilePeriod::Range { period, source }), Some(entry)) =
        (&sheet.file_period, value.as_object_mut())
    {
        let (from, row) = match source {
            PeriodSource::FileName => ("file_name", None),
            PeriodSource::TitleRow(row) => ("title_row", Some(row)),
            PeriodSource::Comments(row) => ("comments", Some(row)),
        };
        entry.insert(
            "period".into(),
            json!({"start": period.start, "end": period.end, "from": from, "row": row}),
        );
    }
    value
}

/// `file [sheet] -> table: row outcome`, then `header -> field` pairs and the unused headers.
fn sheet_text(text: &mut String, sheet: &SheetOutcome, lang: Lang) {
    let table = match (&sheet.table, &sheet.profile) {
        (Some(table), Some(profile)) => format!("{table} ({profile})"),
        (Some(table), None) => table.clone(),
        (None, _) => lang
            .pick("(表なし: 読み込まず)", "(no table: not read)")
            .to_string(),
    };
    let c = sheet.counts;
    // Rows merged into another sheet's rows are told only where there are some.
    let merged = match c.merged {
        0 => String::new(),
        n => format!(", {n} {}", lang.pick("統合", "merged")),
    };
    text.push_str(&format!(
        "{} [{}] -> {table}: {} {}, {} {}, {} {}, {} {}{merged}\n",
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
    let pairs: Vec<String> = sheet
        .mapped
        .iter()
        .map(|(header, field)| format!("{header} -> {field}"))
        .collect();
    wrapped(text, "  ", &pairs);
    if !sheet.unused.is_empty() {
        let label = lang.pick("未使用:", "unused:");
        wrapped(text, &format!("  {label} "), &sheet.unused);
    }
    if let Some(near) = &sheet.near_miss {
        text.push_str(&format!("  {}\n", near_miss_text(lang, near)));
    }
    if let Some(FilePeriod::Range { period, source }) = &sheet.file_period {
        let from = match (source, lang) {
            (PeriodSource::FileName, Lang::Ja) => "ファイル名".to_string(),
            (PeriodSource::FileName, Lang::En) => "the file name".to_string(),
            (PeriodSource::TitleRow(row) | PeriodSource::Comments(row), Lang::Ja) => {
                format!("{row} 行目")
            }
            (PeriodSource::TitleRow(row) | PeriodSource::Comments(row), Lang::En) => {
                format!("row {row}")
            }
        };
        let range = format!("{}..{}", period.start, period.end);
        text.push_str(&match lang {
            Lang::Ja => format!("  期間 ({from} から): {range}。各行の金額を日数で月に按分\n"),
            Lang::En => format!(
                "  period (from {from}): {range}, each row's amount spread over its months by days\n"
            ),
        });
    }
    if !sheet.skipped.is_empty() {
        let label = lang.pick("データでない行:", "not data:");
        // Placeholder and group rows are said once for the sheet: all the rows of one reason in
        // one item, where the first of them is.
        let together = |reason: SkippedRow| -> Vec<String> {
            sheet
                .skipped
                .iter()
                .filter(|(_, why)| *why == reason)
                .map(|(row, _)| row.to_string())
                .collect()
        };
        let mut told: Vec<SkippedRow> = Vec::new();
        let mut rows: Vec<String> = Vec::new();
        for (row, why) in &sheet.skipped {
            if !why.told_together() {
                rows.push(format!(
                    "{} {row} ({})",
                    lang.pick("行", "row"),
                    why.label(lang)
                ));
            } else if !told.contains(why) {
                told.push(*why);
                let all = together(*why);
                let word = match all.len() {
                    1 => lang.pick("行", "row"),
                    _ => lang.pick("行", "rows"),
                };
                rows.push(format!("{word} {} ({})", all.join(", "), why.label(lang)));
            }
        }
        wrapped(text, &format!("  {label} "), &rows);
    }
}

/// Items joined with ", " after `lead`, continued on indented lines past `LINE_WIDTH`.
fn wrapped(text: &mut String, lead: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let indent = " ".repeat(lead.width());
    let mut line = lead.to_string();
    for (n, item) in items.iter().enumerate() {
        let piece = if n + 1 < items.len() {
            format!("{item}, ")
        } else {
            item.clone()
        };
        if line.width() > indent.len() && line.width() + piece.width() > LINE_WIDTH {
            text.push_str(line.trim_end());
            text.push('\n');
            line = indent.clone();
        }
        line.push_str(&piece);
    }
    text.push_str(&line);
    text.push('\n');
}

/// The severity as its stable id (`error` / `warning`, as in the JSON), like the issue code beside it.
fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `file [sheet] cell`: where an issue or a group of issues is (the cell left out when empty, the
/// sheet too for an issue about a whole file).
fn at(issue: &Issue, cell: &str) -> String {
    match (issue.sheet.is_empty(), cell.is_empty()) {
        (true, _) => issue.file.clone(),
        (false, true) => format!("{} [{}]", issue.file, issue.sheet),
        (false, false) => format!("{} [{}] {cell}", issue.file, issue.sheet),
    }
}

/// ` "value"`, or nothing for an empty value.
fn quoted(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(" \"{value}\"")
    }
}

/// `--all`: one issue, one line.
fn issue_line(issue: &Issue) -> String {
    format!(
        "{} {} {} {}{}: {}\n",
        severity_text(issue.severity),
        issue.code.as_str(),
        at(issue, &issue.cell),
        issue.column,
        quoted(&issue.value),
        issue.message
    )
}

/// The issues grouped, one aligned line per group: count, severity, code, place, first cells and
/// the first issue's message. At most `GROUPS_SHOWN` groups; the rest are counted.
fn grouped_text(text: &mut String, all: &[Issue], lang: Lang) {
    let groups = issues::group(all);
    if groups.is_empty() {
        return;
    }
    text.push_str(lang.pick(
        "問題 (同じ列・同じ内容ごとに件数の多い順。--all で1件ずつ表示):\n",
        "Issues (grouped by column and kind, largest first; --all lists each one):\n",
    ));
    let shown = &groups[..groups.len().min(GROUPS_SHOWN)];
    let rows: Vec<[String; 5]> = shown
        .iter()
        .map(|g| {
            [
                g.count.to_string(),
                severity_text(g.first.severity).to_string(),
                g.first.code.as_str().to_string(),
                format!(
                    "{} {}{}",
                    at(g.first, ""),
                    g.first.column,
                    quoted(g.value())
                ),
                g.cells_text(),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].width()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3), width(4)];
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    for (row, group) in rows.iter().zip(shown) {
        let line = format!(
            "  {}{}  {}  {}  {}  {}  {}",
            " ".repeat(widths[0].saturating_sub(row[0].width())),
            row[0],
            pad(&row[1], widths[1]),
            pad(&row[2], widths[2]),
            pad(&row[3], widths[3]),
            pad(&row[4], widths[4]),
            group.first.message
        );
        text.push_str(line.trim_end());
        text.push('\n');
    }
    if groups.len() > shown.len() {
        let rest = &groups[shown.len()..];
        let issues: usize = rest.iter().map(|g| g.count).sum();
        text.push_str(&match lang {
            Lang::Ja => format!(
                "  ほか {} グループ ({issues} 件)。--all ですべて表示します。\n",
                rest.len()
            ),
            Lang::En => format!(
                "  … {} more ({}); --all lists every issue.\n",
                lang.count(rest.len() as u64, "グループ", "group", "groups"),
                lang.count(issues as u64, "件", "issue", "issues")
            ),
        });
    }
}

fn totals_text(text: &mut String, validated: &Validated, lang: Lang) {
    let (errors, warnings) = (
        validated.count(Severity::Error) as u64,
        validated.count(Severity::Warning) as u64,
    );
    text.push_str(&match lang {
        Lang::Ja => format!("{errors} 件のエラー, {warnings} 件の警告\n"),
        Lang::En => format!(
            "{}, {}\n",
            lang.count(errors, "件", "error", "errors"),
            lang.count(warnings, "件", "warning", "warnings")
        ),
    });
}
