//! What every sheet reads: the analysis a report shows (`ReportContext`), borrowed from the
//! pipeline's result. A file of its own so the sheets take it from here, not from `report/mod.rs`,
//! which calls them.

use crate::attribution::{Attribution, OutsideWindow};
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
    /// Won deals the attribution window missed, when most of them (`Analysis::outside_window`).
    pub outside_window: Option<&'a OutsideWindow>,
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
            outside_window: analysis.outside_window.as_ref(),
            values_only,
        }
    }
}
