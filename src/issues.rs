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
    /// A file of an input folder that could not be read (corrupt, encrypted, empty, damaged).
    FileUnreadable,
    /// A file of an input folder left out on purpose (another type, no table, a kpibook report).
    FileSkipped,
}

impl IssueCode {
    pub const ALL: [IssueCode; 14] = [
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
            message,
        }
    }
}

/// Row outcomes of one sheet: `read = accepted + rejected + blank` always holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub blank: u64,
}

impl RowCounts {
    pub fn add(&mut self, other: RowCounts) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.blank += other.blank;
    }

    pub fn reconciles(&self) -> bool {
        self.read == self.accepted + self.rejected + self.blank
    }
}
