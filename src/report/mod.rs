//! The report workbook (SPEC section 6): one file per sheet under `report/`. This module holds
//! what every sheet needs and writes the workbook atomically: a temporary file beside the target,
//! renamed over it only when complete, so a failed run leaves no partial file.
//!
//! Where every data row will stand is worked out first (`data::layout`, `lineage::LineageRows`),
//! for the sheets that link to those rows and the Posts sheet's figures over each post's rows
//! (`by_post`). The long data and lineage sheets then stream to disk, each on a thread of its
//! own, while the other sheets are built in memory; all are put in the spec's tab order at the end.

mod a1;
mod assumptions;
mod attribution;
mod by_post;
mod channels;
mod checks;
mod columns;
mod comparison;
mod context;
pub mod data;
pub mod formulas;
mod funnel;
mod highlights;
mod kpi;
pub mod labels;
mod lineage;
pub mod model;
mod monthly;
mod names;
mod plan;
mod posts;
mod quality;
mod stream;
pub mod style;
mod summary;
mod writer;

pub use context::ReportContext;
pub use model::{outside_window_note, ReportModel};
pub use names::SheetNames;

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use crate::catalog::MetricId;
use crate::error::{KpiError, Result};
use crate::lang::Lang;
use a1::quoted_sheet;
use stream::StreamedSheet;
use style::Styles;
use writer::XResult;

/// How a sheet is made. Most analysis sheets need only the context, the sheet names, the styles
/// and the formulas (`Plain`); the others use what other sheets worked out (the Summary shows the
/// Checks' outcome, the KPI tree the Summary's cells) or stream to disk on a thread of their own.
#[derive(Clone, Copy)]
enum Build {
    Plain(PlainSheet),
    Summary,
    Kpi,
    Quality,
    Lineage,
    /// The compared period's credit lines, when the report compares (SPEC section 10).
    ComparedLineage,
    Assumptions,
    Checks,
    /// The data sheets of the input tables, in the order of `columns::DATA_TABLES`.
    Data,
}

type PlainSheet =
    for<'c> fn(&ReportContext<'c>, &SheetNames, &Styles, &formulas::Formulas) -> XResult<Worksheet>;

/// The sheet registry: `SheetNames::new` (each sheet's name in the report language, from its
/// labels key; the struct's fields are in `names.rs`, so sheets can refer to each other) and
/// `SHEETS` (the tabs in SPEC section 6's order, each with how it is made) come from one list. A
/// new sheet is its file plus one line here, its field in `SheetNames` (and its labels). The data
/// sheets, one per input table, come last, in the order of `columns::DATA_TABLES`.
macro_rules! sheet_registry {
    ($($sheet:ident: $label:literal => $build:expr,)*) => {
        impl SheetNames {
            /// Every sheet's name in `lang`.
            pub fn new(lang: Lang) -> SheetNames {
                SheetNames {
                    $($sheet: labels::text(lang, $label).to_string(),)*
                    data: names::data_sheet_names(lang),
                }
            }
        }

        /// The tabs in order, each with how it is made.
        const SHEETS: &[Build] = &[$($build,)* Build::Data];

        /// The labels file's key of every sheet name but the data sheets'.
        #[cfg(test)]
        pub(crate) const SHEET_LABELS: &[&str] = &[$($label,)*];
    };
}

sheet_registry! {
    summary: "sheet.summary" => Build::Summary,
    funnel: "sheet.funnel" => Build::Plain(funnel::sheet),
    kpi: "sheet.kpi" => Build::Kpi,
    channels: "sheet.channels" => Build::Plain(channels::sheet),
    posts: "sheet.posts" => Build::Plain(posts::sheet),
    attribution: "sheet.attribution" => Build::Plain(attribution::sheet),
    monthly: "sheet.monthly" => Build::Plain(monthly::sheet),
    plan: "sheet.plan" => Build::Plain(plan::sheet),
    quality: "sheet.quality" => Build::Quality,
    lineage: "sheet.lineage" => Build::Lineage,
    compared_lineage: "sheet.compared_lineage" => Build::ComparedLineage,
    assumptions: "sheet.assumptions" => Build::Assumptions,
    checks: "sheet.checks" => Build::Checks,
}

/// Deflate level of the report package: level 3 writes a large report in about half the time of
/// the default 6, for a file about a fifth larger (docs/benchmarks.md).
pub const ZIP_COMPRESSION_LEVEL: u8 = 3;

/// Every document timestamp is this fixed instant, so the same inputs give the same bytes.
const DOCUMENT_TIME: (u16, u8, u8) = (2000, 1, 1);

/// What writing the workbook found out beyond its cells.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    /// Whether every reconciliation of the Checks sheet holds (the brief's data-quality line).
    pub checks_hold: bool,
}

/// Writes the report workbook of `model` to `path`, atomically.
pub fn write_report(context: &ReportContext, model: &ReportModel, path: &Path) -> Result<Written> {
    let built =
        build_workbook(context, model, data::ROWS_PER_SHEET).map_err(|e| KpiError::Output {
            path: path.to_path_buf(),
            reason: format!("the workbook could not be built ({e})"),
        })?;
    write_atomically(path, &built.bytes)?;
    Ok(Written {
        checks_hold: built.checks_hold,
    })
}

/// The whole workbook as bytes; `rows_per_sheet` is where long tables continue on a new sheet.
pub fn workbook_bytes(context: &ReportContext, rows_per_sheet: u32) -> XResult<Vec<u8>> {
    let model = ReportModel::of(context);
    build_workbook(context, &model, rows_per_sheet).map(|built| built.bytes)
}

/// A workbook as bytes and whether its checks hold.
struct BuiltWorkbook {
    bytes: Vec<u8>,
    checks_hold: bool,
}

fn build_workbook(
    context: &ReportContext,
    model: &ReportModel,
    rows_per_sheet: u32,
) -> XResult<BuiltWorkbook> {
    let names = SheetNames::new(context.config.lang);
    let styles = Styles::new(&context.config.currency);

    let data = data::layout(
        context.dataset,
        context.links,
        &names,
        rows_per_sheet,
        &context.validated.issues,
    );
    let quality = quality::sheets(context, &names, &styles, &data.locator, rows_per_sheet)?;
    let mut continued = data.continued.clone();
    continued.extend(quality.continued);
    let lineage_rows = lineage::LineageRows::of(context);
    continued.extend(lineage_rows.continued(&names.lineage, rows_per_sheet));
    let compared_rows = lineage::LineageRows::compared(context);
    if let Some(rows) = &compared_rows {
        continued.extend(rows.continued(&names.compared_lineage, rows_per_sheet));
    }
    let formulas = formulas_of(context, &names, &data, &lineage_rows, &continued);
    let mut workbook = new_workbook(context, &names, &styles, &formulas)?;

    // The long sheets stream to disk, each on its own thread, while the sheets built in memory
    // are made on this one; all are put in the spec's tab order at the end.
    let lineage = lineage::sheets(context, &lineage_rows, &names.lineage, rows_per_sheet);
    let compared = compared_rows.as_ref().map_or_else(Vec::new, |rows| {
        lineage::sheets(context, rows, &names.compared_lineage, rows_per_sheet)
    });
    let counts = (lineage.len(), compared.len());
    let tables_read: Vec<&str> = context
        .validated
        .sheets
        .iter()
        .filter_map(|s| s.table.as_deref())
        .collect();
    let data = data::data_sheets(
        context.dataset,
        context.links,
        context.config,
        &names,
        &data,
        rows_per_sheet,
        &tables_read,
    );
    let streamed: Vec<StreamedSheet> = lineage.into_iter().chain(compared).chain(data).collect();
    for _ in &streamed {
        workbook.add_worksheet_with_constant_memory()?;
    }
    let built = std::thread::scope(|scope| {
        let writers: Vec<_> = workbook
            .worksheets_mut()
            .iter_mut()
            .zip(streamed)
            .map(|(worksheet, sheet)| scope.spawn(|| sheet.write_into(worksheet, &styles)))
            .collect();
        let built = in_memory_sheets(context, model, &names, &styles, &formulas, &continued);
        for writer in writers {
            writer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        built
    })?;

    let mut lineage_sheets = std::mem::take(workbook.worksheets_mut());
    let mut compared_sheets = lineage_sheets.split_off(counts.0);
    let data_sheets = compared_sheets.split_off(counts.1);
    let streamed = Streamed {
        quality: Some(quality.sheets),
        lineage: Some(lineage_sheets),
        compared_lineage: Some(compared_sheets),
        data: Some(data_sheets),
    };
    let checks_hold = built.checks_hold;
    put_in_tab_order(workbook.worksheets_mut(), built, streamed);
    let footer = writer::print_footer(&footer_period(context));
    for sheet in workbook.worksheets_mut() {
        sheet.set_footer(&footer);
    }
    Ok(BuiltWorkbook {
        bytes: workbook.save_to_buffer()?,
        checks_hold,
    })
}

/// The report's formulas: exact only over one sheet per table and a known period (else plain
/// values), knowing the data sheets' row spans per post and the compared period's sheet.
fn formulas_of(
    context: &ReportContext,
    names: &SheetNames,
    data: &data::Layout,
    lineage_rows: &lineage::LineageRows,
    continued: &[(String, usize)],
) -> formulas::Formulas {
    let formulas = formulas::Formulas::new(
        names,
        !context.values_only && context.metrics.period.is_some() && continued.is_empty(),
        crate::metrics::has_cost_data(context.dataset),
    )
    .with_daily_platforms(
        context
            .metrics
            .figures
            .platforms
            .iter()
            .filter(|p| p.from_daily)
            .map(|p| p.platform.as_str()),
    )
    .with_traffic_rows(context.dataset.traffic.len() as u32)
    .with_post_rows(by_post::PostRows {
        leads: data.post_spans("leads"),
        deals: data.post_spans("deals"),
        lineage: lineage_rows.post_spans().clone(),
    });
    match context.metrics.comparison.figures() {
        Some((_, compared)) => formulas.with_compared(
            &names.compared_lineage,
            compared
                .platforms
                .iter()
                .filter(|p| p.from_daily)
                .map(|p| p.platform.as_str()),
        ),
        None => formulas,
    }
}

/// An empty workbook with the report's compression, defined names (the Assumptions sheet's
/// input cells, when formulas are live), document properties and styles.
fn new_workbook(
    context: &ReportContext,
    names: &SheetNames,
    styles: &Styles,
    formulas: &formulas::Formulas,
) -> XResult<Workbook> {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(ZIP_COMPRESSION_LEVEL);
    if formulas.enabled() {
        for (name, row) in assumptions::INPUT_CELLS {
            workbook.define_name(name, &assumptions::input_reference(&names.assumptions, row))?;
        }
    }
    let created = ExcelDateTime::from_ymd(DOCUMENT_TIME.0, DOCUMENT_TIME.1, DOCUMENT_TIME.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(labels::text(context.config.lang, "sheet.document_title"))
            .set_author("kpibook")
            .set_creation_datetime(&created)
            // Marks the workbook as a report, so it is never read back as an input.
            .set_custom_property(crate::ingest::REPORT_PROPERTY, env!("CARGO_PKG_VERSION")),
    );
    styles.register(&mut workbook);
    Ok(workbook)
}

/// Every sheet into `tabs` in the registry's order (`SHEETS`).
fn put_in_tab_order(tabs: &mut Vec<Worksheet>, mut built: InMemorySheets, mut streamed: Streamed) {
    for build in SHEETS {
        match build {
            Build::Plain(_) => tabs.extend(built.plain.next()),
            Build::Summary => tabs.extend(built.summary.take()),
            Build::Kpi => tabs.extend(built.kpi.take()),
            Build::Assumptions => tabs.extend(built.assumptions.take()),
            Build::Checks => tabs.extend(built.checks.take()),
            Build::Quality => tabs.extend(streamed.quality.take().into_iter().flatten()),
            Build::Lineage => tabs.extend(streamed.lineage.take().into_iter().flatten()),
            Build::ComparedLineage => {
                tabs.extend(streamed.compared_lineage.take().into_iter().flatten())
            }
            Build::Data => tabs.extend(streamed.data.take().into_iter().flatten()),
        }
    }
}

/// The period on every printed page: `対象期間 2025/04/01 〜 2025/09/30`.
fn footer_period(context: &ReportContext) -> String {
    let lang = context.config.lang;
    let label = labels::text(lang, "summary.period");
    match context.metrics.period {
        Some(p) => format!(
            "{label} {} {} {}",
            p.start.format("%Y/%m/%d"),
            if lang == Lang::Ja { "〜" } else { "–" },
            p.end.format("%Y/%m/%d")
        ),
        None => format!("{label}: {}", labels::text(lang, "summary.no_dated_rows")),
    }
}

/// The sheets made apart from the in-memory ones, each taken once into its tab place.
struct Streamed {
    quality: Option<Vec<Worksheet>>,
    lineage: Option<Vec<Worksheet>>,
    compared_lineage: Option<Vec<Worksheet>>,
    data: Option<Vec<Worksheet>>,
}

/// The sheets built in memory, apart from the data-quality sheets; each taken once into its tab
/// place.
struct InMemorySheets {
    /// The `Plain` sheets, in tab order.
    plain: std::vec::IntoIter<Worksheet>,
    summary: Option<Worksheet>,
    checks_hold: bool,
    kpi: Option<Worksheet>,
    assumptions: Option<Worksheet>,
    checks: Option<Worksheet>,
}

fn in_memory_sheets(
    context: &ReportContext,
    model: &ReportModel,
    names: &SheetNames,
    styles: &Styles,
    formulas: &formulas::Formulas,
    continued: &[(String, usize)],
) -> XResult<InMemorySheets> {
    let months = context.metrics.monthly.len();
    let anchors = checks::Anchors {
        channels_cost_total: channels::total_cell(context, names, MetricId::Cost)
            .expect("cost is a Channels column"),
        channels_leads_total: channels::total_cell(context, names, MetricId::Leads)
            .expect("leads is a Channels column"),
        monthly_revenue: if months > 0 {
            let first = monthly::FIRST_DATA_ROW;
            let last = first + months as u32 - 1;
            let col = monthly::column_of(MetricId::Revenue).unwrap_or_default();
            format!("{}!{col}{first}:{col}{last}", quoted_sheet(&names.monthly))
        } else {
            String::new()
        },
    };
    let checks = checks::sheet(context, names, styles, formulas, &anchors)?;
    let checks_headline = summary::ChecksHeadline {
        all_hold: checks.all_hold,
        formula: formulas.all_true(
            &checks
                .result_ranges
                .iter()
                .map(|r| format!("{}!{r}", quoted_sheet(&names.checks)))
                .collect::<Vec<_>>()
                .join(","),
        ),
    };
    let summary = summary::sheet(
        context,
        model,
        names,
        styles,
        formulas,
        continued,
        &checks_headline,
    )?;
    let summary_cells = comparison::HeadlineCells {
        now: &summary.cells,
        then: &summary.compared_cells,
    };
    let kpi = kpi::sheet(context, names, styles, formulas, summary_cells)?;
    let mut plain = Vec::new();
    for build in SHEETS {
        if let Build::Plain(sheet) = build {
            plain.push(sheet(context, names, styles, formulas)?);
        }
    }
    Ok(InMemorySheets {
        plain: plain.into_iter(),
        summary: Some(summary.sheet),
        checks_hold: checks_headline.all_hold,
        kpi: Some(kpi),
        assumptions: Some(assumptions::sheet(context, names, styles)?),
        checks: Some(checks.sheet),
    })
}

/// Writes a file through a temporary file in the same folder, renamed over the target only when
/// complete; on failure the target is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |reason: String| KpiError::Output {
        path: path.to_path_buf(),
        reason,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".kpibook-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(|e| {
            fail(format!(
                "no temporary file could be made in {} ({e})",
                folder.display()
            ))
        })?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| fail(e.to_string()))?;
    // A temporary file is private to its owner; a report on a shared drive is for everyone who may
    // read the folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| fail(e.to_string()))?;
    }
    temp.persist(path).map_err(|e| fail(e.error.to_string()))?;
    Ok(())
}
