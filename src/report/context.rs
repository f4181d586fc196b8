//! What every sheet reads: the analysis a report shows (`ReportContext`), borrowed from the
//! pipeline's result. A file of its own so the sheets take it from here, not from `report/mod.rs`,
//! which calls them.

use crate::attribution::Attribution;
use crate::config::Config;
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

impl<'a> ReportContext<'a> {
    /// Everything an analysis shows, with live formulas unless `values_only`.
    pub fn of(analysis: &'a crate::pipeline::Analysis, values_only: bool) -> ReportContext<'a> {
        ReportContext {
            files: &analysis.checked.ingested.files,
            validated: &analysis.checked.validated,
            dataset: &analysis.checked.validated.dataset,
            links: &analysis.links,
            attribution: &analysis.attribution,
            metrics: &analysis.metrics,
            config: &analysis.checked.config,
            values_only,
        }
    }
}
