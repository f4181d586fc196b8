//! `SheetNames`: each sheet's name in the report language, so sheets can refer to each other. The
//! sheets take the type from here; the sheet registry in `report/mod.rs` fills it in
//! (`SheetNames::new`), and a registry line without its field here, or a field without its line
//! there, does not build.

use super::columns;
use super::labels;
use crate::lang::Lang;

/// Sheet names in the report language, in one place so sheets can refer to each other: one field
/// per line of the sheet registry, which makes it (`SheetNames::new`, in `report/mod.rs`).
#[derive(Debug, Clone)]
pub struct SheetNames {
    pub summary: String,
    pub funnel: String,
    pub kpi: String,
    pub channels: String,
    pub posts: String,
    pub attribution: String,
    pub monthly: String,
    pub plan: String,
    pub quality: String,
    pub lineage: String,
    pub compared_lineage: String,
    pub assumptions: String,
    pub checks: String,
    /// (table, its data sheet's name), in the order of `columns::DATA_TABLES`.
    pub(super) data: Vec<(&'static str, String)>,
}

impl SheetNames {
    /// The name of input table `table`'s data sheet; empty for a table without one (settings).
    pub fn data_sheet(&self, table: &str) -> &str {
        self.data
            .iter()
            .find(|(t, _)| *t == table)
            .map_or("", |(_, name)| name.as_str())
    }
}

/// (table, its data sheet's name in `lang`), in the order of `columns::DATA_TABLES`.
pub(super) fn data_sheet_names(lang: Lang) -> Vec<(&'static str, String)> {
    columns::DATA_TABLES
        .iter()
        .map(|t| (t.table(), labels::text(lang, t.label).to_string()))
        .collect()
}
