//! データ品質 / Data quality: every issue found in the input (SPEC section 1), located to the file,
//! sheet and cell, with a link to the data-sheet row where the row was kept; rejected rows are
//! marked as such, so together with the data sheets every input row is accounted for. Above the
//! list, on the first sheet, the issues grouped as `kpibook check` groups them (`issues::group`).

use rust_xlsxwriter::Worksheet;

use super::context::ReportContext;
use super::data::RowLocator;
use super::labels;
use super::names::SheetNames;
use super::stream::split_sheets;
use super::style::{Kind, Styles, Tone};
use super::writer::{SheetWriter, XResult};
use crate::issues::{self, Issue, IssueCode, Severity, GROUPS_SHOWN};
use crate::lang::Lang;

/// The list's header row on a continuation sheet (title and note above it).
const HEADER_ROW: u32 = 2;

pub struct QualitySheets {
    pub sheets: Vec<Worksheet>,
    /// (first sheet name, sheet count) when the list continued on more sheets.
    pub continued: Vec<(String, usize)>,
}

pub fn sheets(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    locator: &RowLocator,
    rows_per_sheet: u32,
) -> XResult<QualitySheets> {
    let lang = context.config.lang;
    let issues = &context.validated.issues;
    let groups = issues::group(issues);
    // The first sheet's list starts below the summary; every part gets the first part's room so
    // no part passes `rows_per_sheet`.
    let first_header_row = list_header_row(&groups);
    let per_sheet = rows_per_sheet.saturating_sub(first_header_row).max(1) as usize;
    let parts = split_sheets(&names.quality, issues, per_sheet);
    let mut out = QualitySheets {
        sheets: Vec::new(),
        continued: Vec::new(),
    };
    if parts.len() > 1 {
        out.continued.push((names.quality.clone(), parts.len()));
    }
    let headers = [
        labels::text(lang, "quality.severity"),
        labels::text(lang, "quality.code"),
        labels::text(lang, "common.file"),
        labels::text(lang, "common.sheet"),
        labels::text(lang, "quality.cell"),
        labels::text(lang, "common.row"),
        labels::text(lang, "quality.column"),
        labels::text(lang, "common.value"),
        labels::text(lang, "quality.message"),
        labels::text(lang, "quality.row_outcome"),
    ];
    for part in parts {
        let name = part.name;
        let mut s = SheetWriter::new(&name, styles, context.values_only)?;
        s.heading(
            0,
            0,
            labels::text(lang, "common.data_quality"),
            &styles.title,
        )?;
        let note = if issues.is_empty() {
            labels::text(lang, "quality.no_issues_were_found")
        } else {
            labels::text(lang, "quality.rows_with_an_error_were_rejected")
        };
        s.heading(1, 0, note, &styles.note)?;
        let header_row = if part.first_index == 0 {
            summary(&mut s, styles, lang, &groups)?;
            first_header_row
        } else {
            HEADER_ROW
        };
        s.header_row(header_row, &headers)?;
        let mut row = header_row;
        for issue in part.items {
            row += 1;
            let (severity, tone) = severity_label(lang, issue.severity);
            s.text_with(row, 0, severity, styles.tone(tone))?;
            s.text(row, 1, issue.code.as_str())?;
            s.text(row, 2, &issue.file)?;
            s.text(row, 3, &issue.sheet)?;
            s.text(row, 4, &issue.cell)?;
            if issue.row > 0 {
                s.number(row, 5, Some(f64::from(issue.row)), Kind::Count)?;
            }
            s.text(row, 6, &issue.column)?;
            s.text(row, 7, &issue.value)?;
            s.text(row, 8, &issue.message)?;
            // A whole file left out has no data row to link to: the outcome is the file's.
            if issue.code.is_file_level() {
                let outcome = if issue.code == IssueCode::FileUnreadable {
                    labels::text(lang, "quality.file_unreadable")
                } else {
                    labels::text(lang, "quality.file_skipped")
                };
                s.text(row, 9, outcome)?;
            } else if issue.row > 0 {
                match locator.find(&issue.file, &issue.sheet, issue.row) {
                    Some((sheet, data_row)) => {
                        let text = format!(
                            "{} → {sheet} {data_row}",
                            labels::text(lang, "quality.kept")
                        );
                        s.internal_link(row, 9, sheet, &format!("A{data_row}"), &text)?;
                    }
                    None if issue.severity == Severity::Error => {
                        s.text(row, 9, labels::text(lang, "quality.rejected"))?;
                    }
                    None => {}
                }
            }
        }
        s.table(header_row, row, headers.len())?;
        out.sheets.push(s.finish()?);
    }
    Ok(out)
}

/// The list's header row on the first sheet: below the summary (a title, a header, a line per
/// group shown, one for the groups not shown, and a blank row), or at `HEADER_ROW` without issues.
fn list_header_row(groups: &[issues::IssueGroup]) -> u32 {
    if groups.is_empty() {
        return HEADER_ROW;
    }
    let shown = groups.len().min(GROUPS_SHOWN) as u32;
    let more = u32::from(groups.len() > GROUPS_SHOWN);
    HEADER_ROW + 2 + shown + more + 1
}

/// The grouped summary, from row `HEADER_ROW`: count first, then where and what, as in `check`.
fn summary(
    s: &mut SheetWriter,
    styles: &Styles,
    lang: Lang,
    groups: &[issues::IssueGroup],
) -> XResult<()> {
    if groups.is_empty() {
        return Ok(());
    }
    s.heading(
        HEADER_ROW,
        0,
        labels::text(lang, "quality.grouped_largest_first"),
        &styles.subtitle,
    )?;
    let mut row = HEADER_ROW + 1;
    s.header_row(
        row,
        &[
            labels::text(lang, "quality.count"),
            labels::text(lang, "quality.severity"),
            labels::text(lang, "quality.code"),
            labels::text(lang, "common.file"),
            labels::text(lang, "common.sheet"),
            labels::text(lang, "quality.column"),
            labels::text(lang, "common.value"),
            labels::text(lang, "quality.first_cells"),
            labels::text(lang, "quality.message"),
        ],
    )?;
    for group in groups.iter().take(GROUPS_SHOWN) {
        row += 1;
        let first: &Issue = group.first;
        s.number(row, 0, Some(group.count as f64), Kind::Count)?;
        let (severity, tone) = severity_label(lang, first.severity);
        s.text_with(row, 1, severity, styles.tone(tone))?;
        s.text(row, 2, first.code.as_str())?;
        s.text(row, 3, &first.file)?;
        s.text(row, 4, &first.sheet)?;
        s.text(row, 5, &first.column)?;
        s.text(row, 6, group.value())?;
        s.text(row, 7, &group.cells_text())?;
        s.text(row, 8, &first.message)?;
    }
    if groups.len() > GROUPS_SHOWN {
        let rest = &groups[GROUPS_SHOWN..];
        let count: usize = rest.iter().map(|g| g.count).sum();
        let text = labels::fill(
            lang,
            "quality.more_groups",
            &[
                ("groups", &rest.len().to_string()),
                ("issues", &count.to_string()),
            ],
        );
        s.heading(row + 1, 0, &text, &styles.note)?;
    }
    Ok(())
}

fn severity_label(lang: Lang, severity: Severity) -> (&'static str, Tone) {
    match severity {
        Severity::Error => (labels::text(lang, "quality.error"), Tone::Bad),
        Severity::Warning => (labels::text(lang, "quality.warning"), Tone::Warn),
    }
}
