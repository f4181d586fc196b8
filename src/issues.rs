//! Validation findings as data: every problem found in the input becomes an `Issue` that ends up in
//! the report's Data quality sheet and in `kpibook check`. `Err` is kept for "cannot go on".

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable issue codes (SPEC section 1). The names are what scripts match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    MissingColumn,
    DuplicateColumn,
    Unparsable,
    Required,
    OutOfRange,
    UnknownValue,
    DuplicateKey,
    UnknownReference,
    ExcelError,
    AmbiguousDate,
    Inconsistent,
    SheetIgnored,
    /// A sheet with no column for its table's key: each row's key is made of its source (file,
    /// sheet, row). One warning per sheet.
    GeneratedKey,
    /// A deal stage no vocabulary and no `[statuses]` entry knows: the deal is kept, open. One
    /// warning per stage name, naming the `[statuses]` line to add.
    UnknownStage,
    /// A date written without a year, given the year of the file's own date (or of the post's id).
    /// One warning per column.
    YearInferred,
    /// A value the sheet has no column for, taken from the row's other values (a deal's
    /// created_at from its close date or its lead). One warning per sheet.
    DerivedValue,
    /// Leads whose acquisition channel nobody recorded (no channel cell, linked post or
    /// utm_source): counted as `other`. One warning per sheet.
    NoChannel,
    /// Rows of an export that are a group's sum (`-` as LinkedIn's campaign in a campaign group's
    /// row): not data, skipped. One warning per sheet, listing the rows.
    GroupRow,
    /// Rows continuing the record above (a kintone sub-table's next lines, `*` blank): merged
    /// into that record. One warning per sheet, listing the rows.
    ContinuationRow,
    /// A file of an input folder that could not be read (corrupt, encrypted, empty, damaged).
    FileUnreadable,
    /// A file of an input folder left out on purpose (another type, no table, a kpibook report).
    FileSkipped,
}

impl IssueCode {
    pub const ALL: [IssueCode; 21] = [
        IssueCode::MissingColumn,
        IssueCode::DuplicateColumn,
        IssueCode::Unparsable,
        IssueCode::Required,
        IssueCode::OutOfRange,
        IssueCode::UnknownValue,
        IssueCode::DuplicateKey,
        IssueCode::UnknownReference,
        IssueCode::ExcelError,
        IssueCode::AmbiguousDate,
        IssueCode::Inconsistent,
        IssueCode::SheetIgnored,
        IssueCode::GeneratedKey,
        IssueCode::UnknownStage,
        IssueCode::YearInferred,
        IssueCode::DerivedValue,
        IssueCode::NoChannel,
        IssueCode::GroupRow,
        IssueCode::ContinuationRow,
        IssueCode::FileUnreadable,
        IssueCode::FileSkipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::MissingColumn => "missing_column",
            IssueCode::DuplicateColumn => "duplicate_column",
            IssueCode::Unparsable => "unparsable",
            IssueCode::Required => "required",
            IssueCode::OutOfRange => "out_of_range",
            IssueCode::UnknownValue => "unknown_value",
            IssueCode::DuplicateKey => "duplicate_key",
            IssueCode::UnknownReference => "unknown_reference",
            IssueCode::ExcelError => "excel_error",
            IssueCode::AmbiguousDate => "ambiguous_date",
            IssueCode::Inconsistent => "inconsistent",
            IssueCode::SheetIgnored => "sheet_ignored",
            IssueCode::GeneratedKey => "generated_key",
            IssueCode::UnknownStage => "unknown_stage",
            IssueCode::YearInferred => "year_inferred",
            IssueCode::DerivedValue => "derived_value",
            IssueCode::NoChannel => "no_channel",
            IssueCode::GroupRow => "group_row",
            IssueCode::ContinuationRow => "continuation_row",
            IssueCode::FileUnreadable => "file_unreadable",
            IssueCode::FileSkipped => "file_skipped",
        }
    }

    /// An issue about a whole file rather than a sheet, row or cell.
    pub fn is_file_level(self) -> bool {
        matches!(self, IssueCode::FileUnreadable | IssueCode::FileSkipped)
    }
}

/// One finding, located to the cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub code: IssueCode,
    pub file: String,
    pub sheet: String,
    /// A1 reference such as `C17`; empty when the issue concerns a whole sheet.
    pub cell: String,
    /// 1-based sheet row; 0 when the issue concerns a whole sheet.
    pub row: u32,
    /// The column header as written in the input.
    pub column: String,
    /// The value as read.
    pub value: String,
    /// Explanation in the report language.
    pub message: String,
}

impl Issue {
    /// A file-level issue: `file_unreadable` is an error, `file_skipped` a warning; sheet, cell
    /// and column are empty, row 0, and `value` says what the file is (its type or name).
    pub fn about_file(code: IssueCode, file: &str, value: &str, message: String) -> Issue {
        debug_assert!(code.is_file_level());
        Issue {
            severity: if code == IssueCode::FileUnreadable {
                Severity::Error
            } else {
                Severity::Warning
            },
            code,
            file: file.to_string(),
            sheet: String::new(),
            cell: String::new(),
            row: 0,
            column: String::new(),
            value: value.to_string(),
            // One line, like every issue's message: the "no table" advice spans lines on stderr.
            message: message.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

/// Row outcomes of one sheet: `read = accepted + rejected + blank + merged` always holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub blank: u64,
    /// Rows whose values completed a row of another sheet of the same export (Facebook's
    /// breakdown sheets complete the Key Metrics sheet's posts): on the data sheets within it.
    pub merged: u64,
}

impl RowCounts {
    pub fn add(&mut self, other: RowCounts) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.blank += other.blank;
        self.merged += other.merged;
    }

    pub fn reconciles(&self) -> bool {
        self.read == self.accepted + self.rejected + self.blank + self.merged
    }
}

/// How many cells a group of issues shows before "…".
pub const GROUP_CELLS_SHOWN: usize = 3;

/// How many groups a summary lists (largest first) before counting the rest in one line.
pub const GROUPS_SHOWN: usize = 30;

/// Issues that say the same thing about the same column: same severity, code, file, sheet and
/// column header, and for `unknown_value` the same value (so each unknown channel name is its own
/// group). Used by `kpibook check` and by the Data quality sheet's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueGroup<'a> {
    /// The first issue of the group in input order; its message stands for the group.
    pub first: &'a Issue,
    pub count: usize,
    /// The cells of the first `GROUP_CELLS_SHOWN` issues that have a cell.
    pub cells: Vec<&'a str>,
}

impl IssueGroup<'_> {
    /// The value shared by the group: only `unknown_value` and `unknown_stage` groups are keyed
    /// by value.
    pub fn value(&self) -> &str {
        grouped_value(self.first)
    }

    /// The first cells as written in a summary: `C5, C9, C12 …` (the ellipsis when more cells
    /// than shown).
    pub fn cells_text(&self) -> String {
        let mut text = self.cells.join(", ");
        if self.count > self.cells.len() && !self.cells.is_empty() {
            text.push_str(" …");
        }
        text
    }
}

/// The part of an issue's value its group is keyed by: the value of an `unknown_value` or
/// `unknown_stage` issue (each unknown channel or stage name its own group), nothing for other
/// codes.
fn grouped_value(issue: &Issue) -> &str {
    if matches!(
        issue.code,
        IssueCode::UnknownValue | IssueCode::UnknownStage
    ) {
        &issue.value
    } else {
        ""
    }
}

/// Groups issues (see `IssueGroup`), largest group first. Groups of equal size put errors before
/// warnings, then keep the order in which their first issue was found (input order), so the
/// output is the same from run to run.
pub fn group(issues: &[Issue]) -> Vec<IssueGroup<'_>> {
    let mut index: std::collections::BTreeMap<
        (Severity, IssueCode, &str, &str, &str, &str),
        usize,
    > = std::collections::BTreeMap::new();
    let mut groups: Vec<IssueGroup<'_>> = Vec::new();
    for issue in issues {
        let value = grouped_value(issue);
        let key = (
            issue.severity,
            issue.code,
            issue.file.as_str(),
            issue.sheet.as_str(),
            issue.column.as_str(),
            value,
        );
        let at = *index.entry(key).or_insert_with(|| {
            groups.push(IssueGroup {
                first: issue,
                count: 0,
                cells: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        group.count += 1;
        if !issue.cell.is_empty() && group.cells.len() < GROUP_CELLS_SHOWN {
            group.cells.push(&issue.cell);
        }
    }
    // A stable sort keeps first-found order among equals.
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.first.severity.cmp(&b.first.severity))
    });
    groups
}

#[cfg(test)]
mod group_tests {
    use super::*;

    fn issue(severity: Severity, code: IssueCode, column: &str, cell: &str, value: &str) -> Issue {
        Issue {
            severity,
            code,
            file: "leads.csv".into(),
            sheet: "leads".into(),
            cell: cell.into(),
            row: 2,
            column: column.into(),
            value: value.into(),
            message: format!("about {value}"),
        }
    }

    #[test]
    fn unknown_values_are_grouped_by_value_and_the_largest_group_comes_first() {
        let w = Severity::Warning;
        let u = IssueCode::UnknownValue;
        let issues = vec![
            issue(w, u, "流入元", "C2", "social-ish"),
            issue(w, u, "流入元", "C3", "webby"),
            issue(w, u, "流入元", "C4", "webby"),
            issue(w, u, "流入元", "C5", "social-ish"),
            issue(w, u, "流入元", "C6", "webby"),
            issue(w, u, "流入元", "C7", "webby"),
        ];
        let groups = group(&issues);
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].value(), groups[0].count), ("webby", 4));
        assert_eq!(groups[0].cells, ["C3", "C4", "C6"]);
        assert_eq!(groups[0].cells_text(), "C3, C4, C6 …");
        assert_eq!((groups[1].value(), groups[1].count), ("social-ish", 2));
        assert_eq!(groups[1].cells_text(), "C2, C5");
    }

    #[test]
    fn other_codes_are_grouped_by_column_whatever_the_value() {
        let e = Severity::Error;
        let issues = vec![
            issue(e, IssueCode::Unparsable, "獲得日", "B2", "yesterday"),
            issue(e, IssueCode::Unparsable, "獲得日", "B3", "soon"),
            issue(e, IssueCode::Unparsable, "MQL日", "F3", "soon"),
        ];
        let groups = group(&issues);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].count, 2);
        assert_eq!(groups[0].value(), "", "not keyed by value");
        assert_eq!(groups[0].first.value, "yesterday");
        assert_eq!(groups[1].first.column, "MQL日");
    }

    #[test]
    fn equal_groups_put_errors_first_then_keep_input_order() {
        let issues = vec![
            issue(Severity::Warning, IssueCode::AmbiguousDate, "a", "A2", ""),
            issue(
                Severity::Warning,
                IssueCode::UnknownReference,
                "b",
                "B2",
                "",
            ),
            issue(Severity::Error, IssueCode::Required, "c", "C2", ""),
        ];
        let groups = group(&issues);
        let columns: Vec<&str> = groups.iter().map(|g| g.first.column.as_str()).collect();
        assert_eq!(columns, ["c", "a", "b"]);
    }

    #[test]
    fn sheet_level_issues_show_no_cells() {
        let issues = vec![issue(
            Severity::Warning,
            IssueCode::SheetIgnored,
            "",
            "",
            "",
        )];
        let groups = group(&issues);
        assert_eq!(groups[0].cells_text(), "");
    }

    #[test]
    fn the_same_column_in_two_sheets_is_two_groups() {
        let mut other = issue(Severity::Error, IssueCode::Required, "ID", "A2", "");
        other.sheet = "leads (2)".into();
        let issues = vec![
            issue(Severity::Error, IssueCode::Required, "ID", "A2", ""),
            other,
        ];
        assert_eq!(group(&issues).len(), 2);
    }
}
