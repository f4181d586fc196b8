//! What validation hands on: the accepted records, every issue, and the row outcome of every
//! sheet.

use std::collections::BTreeMap;

use crate::issues::{Issue, RowCounts, Severity};
use crate::model::Dataset;
use crate::schema::file_period::FilePeriod;
use crate::schema::profiles::{NearMiss, SkippedRow};
use crate::schema::TABLE_ORDER;

/// The outcome of one input sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetOutcome {
    pub file: String,
    pub sheet: String,
    /// The table it was read as; `None` for an ignored sheet.
    pub table: Option<String>,
    /// The id of the export profile it was read by (SPEC section 9); `None` when it was read by
    /// the schema's aliases.
    pub profile: Option<String>,
    /// Rows under the header the profile says are not data (1-based sheet row, why).
    pub skipped: Vec<(u32, SkippedRow)>,
    /// Header -> field for every column read, in sheet order.
    pub mapped: Vec<(String, String)>,
    /// Header row cells that feed no field (duplicates of a mapped field included), as written.
    pub unused: Vec<String>,
    /// 1-based sheet row of the header; 0 for an ignored sheet.
    pub header_row: u32,
    pub counts: RowCounts,
    /// For a sheet no profile reads: the profile whose signature it nearly holds.
    pub near_miss: Option<NearMiss>,
    /// The period a costs sheet without a month column took from its file (SPEC section 9).
    pub file_period: Option<FilePeriod>,
}

/// Accepted records, every issue, and the row outcome of every sheet.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    pub dataset: Dataset,
    pub issues: Vec<Issue>,
    pub sheets: Vec<SheetOutcome>,
}

impl Validated {
    /// Row counts summed per table (every canonical table present, zero when absent).
    pub fn table_counts(&self) -> BTreeMap<String, RowCounts> {
        let mut counts: BTreeMap<String, RowCounts> = TABLE_ORDER
            .iter()
            .map(|t| (t.to_string(), RowCounts::default()))
            .collect();
        for sheet in &self.sheets {
            if let Some(table) = &sheet.table {
                counts.entry(table.clone()).or_default().add(sheet.counts);
            }
        }
        counts
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }

    pub fn rejected_rows(&self) -> u64 {
        self.sheets.iter().map(|s| s.counts.rejected).sum()
    }
}
