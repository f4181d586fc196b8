//! `kpibook profile FILE [-o PROFILE.toml] [--lang ja|en]`: drafts an export profile for a file no
//! profile knows (`schema::draft`), checks that it loads as a profile, and prints it (or writes it
//! to PROFILE.toml). The team resolves the lines marked `# ?` and drops the file into
//! `profiles_dir`.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{exit, KpiError, Result};
use crate::ingest::read_file;
use crate::lang::Lang;
use crate::report::write_atomically;
use crate::schema::{draft, profiles, Schema};

#[derive(clap::Args)]
pub struct Args {
    /// The export to draft a profile for (.csv .tsv .xlsx .xls .ods .xml).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write the draft here instead of printing it.
    #[arg(short = 'o', long = "output", value_name = "PROFILE.toml")]
    output: Option<PathBuf>,
    /// Language of the messages.
    #[arg(long, value_parser = ["ja", "en"], default_value = "ja")]
    lang: String,
}

pub fn run(args: Args) -> Result<i32> {
    let lang = Lang::parse(&args.lang).unwrap_or_default();
    let (file, sheets) = read_file(&args.file)?;
    let schema = Schema::embedded()?;
    let Some(drafted) = draft::draft(&file.name, &sheets, &schema, lang) else {
        return Err(KpiError::input(
            &file.name,
            lang.pick(
                "見出し行 (2つ以上の見出しの下にデータがある行) が見つからないため、プロファイルの下書きを作れません",
                "no header row (two or more headers above data) was found, so no profile can be drafted",
            ),
        ));
    };
    // The draft must load as a profile; one that does not is kpibook's fault, said plainly.
    profiles::parse(&drafted.text, &drafted.id, &schema)?;
    let said = match lang {
        Lang::Ja => format!(
            "{} [{}] の {} 行目を見出しとして、{} 表のプロファイル `{}` を下書きしました: {} 列を対応付け、確認が必要な箇所 (# ?) は {} か所です。",
            file.name, drafted.sheet, drafted.header_row, drafted.table, drafted.id, drafted.mapped, drafted.unsure
        ),
        Lang::En => format!(
            "Drafted profile `{}` for the {} table from {} [{}], header on row {}: {} columns mapped, {} to check (# ?).",
            drafted.id, drafted.table, file.name, drafted.sheet, drafted.header_row, drafted.mapped, drafted.unsure
        ),
    };
    match &args.output {
        Some(path) => {
            write_atomically(path, drafted.text.as_bytes())?;
            let next = match lang {
                Lang::Ja => format!("{} に書きました。確認後、kpibook.toml の profiles_dir が指すフォルダに置いてください。", path.display()),
                Lang::En => format!("Written to {}. Once checked, put it in the folder profiles_dir names in kpibook.toml.", path.display()),
            };
            eprintln!("{said}\n{next}");
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(drafted.text.as_bytes());
            eprintln!("{said}");
        }
    }
    Ok(exit::DONE)
}
