//! The brief (SPEC section 11): the one page a manager reads, in a browser or printed on one A4
//! landscape page. It computes no figure of its own: it renders the report model
//! (`report::model::ReportModel`), the one the Summary sheet is laid out from, with the workbook's
//! number formats (`number`) and charts drawn as inline SVG (`chart`).

pub mod chart;
mod number;
mod page;

pub use page::{html, write};
