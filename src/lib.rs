//! kpibook: reads the marketing sheets a B2B team keeps, checks them against a schema, links leads to
//! the SNS posts and channels behind them, computes CPA / CAC / LTV / ROI under several attribution
//! models and writes one report workbook.
//!
//! The pipeline runs one way: `ingest` -> `schema` -> `link` -> `attribution` -> `metrics` -> `report`.

pub mod attribution;
pub mod brief;
pub mod catalog;
pub mod cell;
pub mod channels;
pub mod cmd;
pub mod config;
pub mod dropfolder;
pub mod error;
pub mod ingest;
pub mod ingest_error;
pub mod init;
pub mod issues;
pub mod lang;
pub mod link;
pub mod metrics;
pub mod model;
pub mod period;
pub mod permalink;
pub mod pipeline;
pub mod present;
pub mod report;
pub mod schema;
pub mod stages;
pub mod summary;
pub mod text;
pub mod values;
