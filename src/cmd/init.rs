//! `kpibook init DIR [--lang ja|en] [--force]`: a blank input workbook and a commented
//! `kpibook.toml` in DIR (created if missing). Existing files are kept unless `--force`.

use std::path::PathBuf;

use crate::error::{KpiError, Result};
use crate::init;
use crate::lang::Lang;
use crate::report::write_atomically;
use crate::schema::Schema;

/// The workbook's file name in each language.
pub fn workbook_name(lang: Lang) -> &'static str {
    lang.pick("kpibook_入力.xlsx", "kpibook_input.xlsx")
}

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write into (created if missing).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Language of the headers, lists and instructions.
    #[arg(long, value_parser = ["ja", "en"], default_value = "ja")]
    lang: String,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let lang = Lang::parse(&args.lang).unwrap_or_default();
    let (dir, force) = (args.dir.as_path(), args.force);
    let workbook = dir.join(workbook_name(lang));
    let config = dir.join("kpibook.toml");
    if !force {
        if let Some(existing) = [&workbook, &config].into_iter().find(|p| p.exists()) {
            return Err(KpiError::Usage(format!(
                "{} already exists; nothing was written. Use --force to replace it, or choose another folder.",
                existing.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| KpiError::Output {
        path: dir.to_path_buf(),
        reason: format!("the folder cannot be created ({e})"),
    })?;
    let schema = Schema::embedded()?;
    let bytes = init::workbook(&schema, lang).map_err(|e| KpiError::Output {
        path: workbook.clone(),
        reason: format!("the workbook could not be built ({e})"),
    })?;
    write_atomically(&workbook, &bytes)?;
    write_atomically(&config, init::config_template(lang).as_bytes())?;
    for path in [&workbook, &config] {
        println!("{}", path.display());
    }
    Ok(crate::error::exit::DONE)
}
