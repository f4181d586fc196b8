//! The report workbook (SPEC section 6): one file per sheet under `report/`. This module holds
//! what every sheet needs and writes the workbook atomically: a temporary file beside the target,
//! renamed over it only when complete, so a failed run leaves no partial file.

use std::path::Path;

use crate::attribution::Attribution;
use crate::config::Config;
use crate::error::Result;
use crate::ingest::InputFile;
use crate::link::Links;
use crate::metrics::Metrics;
use crate::model::Dataset;
use crate::schema::validate::Validated;

/// Everything the report shows.
pub struct ReportContext<'a> {
    pub files: &'a [InputFile],
    pub validated: &'a Validated,
    pub dataset: &'a Dataset,
    pub links: &'a Links,
    pub attribution: &'a Attribution,
    pub metrics: &'a Metrics,
    pub config: &'a Config,
    /// Write plain values instead of live formulas (`--values-only`).
    pub values_only: bool,
}

/// Writes the report workbook to `path`, atomically.
pub fn write_report(context: &ReportContext, path: &Path) -> Result<()> {
    todo!("{}", path.display())
}
