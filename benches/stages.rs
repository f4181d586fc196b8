//! Time of each stage of `kpibook report` on the given inputs: ingest (read every file), schema
//! (classify and validate), link, attribute (train every model, then credit every won deal),
//! metrics, and write (build the workbook and write it to disk). The stages are the library's own
//! functions, called in the order `pipeline::check` / `pipeline::analyse` / `report` call them.
//!
//! `cargo bench --bench stages -- INPUT_DIR_OR_FILE... [--out FILE]` (see benches/run.sh)

use std::path::PathBuf;
use std::time::Instant;

use kpibook::attribution::{all_models, attribute, outside_window};
use kpibook::link::link;
use kpibook::metrics::{self, MetricsInput};
use kpibook::pipeline::{self, Analysis, RunOptions};
use kpibook::report::{write_report, ReportContext, ReportModel};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let out = match args.iter().position(|a| a == "--out") {
        Some(i) if i + 1 < args.len() => {
            let out = PathBuf::from(args.remove(i + 1));
            args.remove(i);
            out
        }
        _ => std::env::temp_dir().join("kpibook-stages.xlsx"),
    };
    if args.is_empty() {
        eprintln!("usage: cargo bench --bench stages -- INPUT_DIR_OR_FILE... [--out FILE]");
        return Ok(());
    }
    let options = RunOptions {
        inputs: args.iter().map(PathBuf::from).collect(),
        config_file: None,
        schema_file: None,
        overrides: Vec::new(),
        period: None,
        outputs: Vec::new(),
    };
    let mut times: Vec<(&str, f64)> = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, times: &mut Vec<(&str, f64)>| {
        times.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };

    let read = pipeline::read(&options)?;
    lap("ingest", &mut times);
    let checked = pipeline::validate_inputs(read, &options)?;
    lap("schema", &mut times);
    let dataset = &checked.validated.dataset;
    let links = link(dataset, &checked.catalog);
    lap("link", &mut times);
    let models = all_models(&checked.config.model_parameters(), dataset, &links);
    let attribution = attribute(dataset, &links, None, checked.config.lookback_days, &models);
    lap("attribute", &mut times);
    let period = metrics::report_period(dataset, checked.config.period);
    let metrics = metrics::compute(
        &MetricsInput {
            dataset,
            links: &links,
            attribution: &attribution,
            config: &checked.config,
        },
        period,
    );
    let outside_window = outside_window(dataset, &links, period, checked.config.lookback_days);
    lap("metrics", &mut times);
    let analysis = Analysis {
        checked,
        links,
        attribution,
        metrics,
        outside_window,
    };
    let context = ReportContext::of(&analysis, false);
    write_report(&context, &ReportModel::of(&context), &out)?;
    lap("write", &mut times);

    let total: f64 = times.iter().map(|(_, t)| t).sum();
    for (name, seconds) in &times {
        println!(
            "{name:<10} {seconds:>7.2} s  {:>5.1}%",
            seconds / total * 100.0
        );
    }
    println!("{:<10} {total:>7.2} s", "total");
    Ok(())
}
