//! Ingest: input files -> raw sheets of `Cell`s. Spreadsheets go through calamine (Excel 2003 XML
//! through quick-xml), CSV/TSV through the csv crate with encoding detection. Knows nothing of
//! tables or fields; that is `schema`'s job.
//!
//! Every way a file can be unusable (missing, unreadable, encrypted, corrupt, empty, another type, a
//! report kpibook wrote) ends here as an `IngestError`: a `KpiError::Input` naming a file given on
//! the command line, an `UnusedFile` for a file of an input folder (SPEC section 1).
//! Nothing after ingest sees a file format.

mod convert;
mod delimited;
mod raw;
mod workbook;

pub use crate::ingest_error::{ForeignKind, IngestError, Unreadable, XmlFault, MAX_SHEET_CELLS};
pub use raw::RawSheet;
pub use workbook::REPORT_PROPERTY;

use std::collections::HashSet;
use std::fs;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{KpiError, Result};
use crate::ingest_error::ACCEPTED_LIST;
use crate::issues::{Issue, IssueCode};
use crate::lang::Lang;

/// One input file as given, with its content hash for the Summary sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The file name as shown in issues and the report.
    pub name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Found in an input folder rather than named on the command line (see `InputPath`).
    pub in_folder: bool,
}

/// Everything read from the inputs.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub files: Vec<InputFile>,
    pub sheets: Vec<RawSheet>,
    /// Files of an input folder that were not read, each with its reason (SPEC section 1: every
    /// file is accounted for).
    pub unused: Vec<UnusedFile>,
}

/// A file of an input folder that is not read. Named on the command line, the same file stops the
/// run instead (`KpiError::Input`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedFile {
    /// The file name as shown in issues and the report.
    pub name: String,
    pub why: IngestError,
}

impl UnusedFile {
    /// The file-level issue listing this file, with a message in `lang` saying why and what to do.
    pub fn issue(&self, lang: Lang) -> Issue {
        let value = file_type(&self.name);
        let (code, message) = match &self.why {
            IngestError::OtherType => (
                IssueCode::FileSkipped,
                match lang {
                    Lang::Ja => format!("kpibook が読む形式 ({ACCEPTED_LIST}) ではないため読み込みませんでした。データが入っているなら、これらの形式で保存してください。"),
                    Lang::En => format!("Not a file type kpibook reads ({ACCEPTED_LIST}), so it was not read. If it holds data, save it as one of these types."),
                },
            ),
            IngestError::KpibookReport => (
                IssueCode::FileSkipped,
                lang.pick(
                    "kpibook が作成したレポートのため、入力としては読み込みませんでした。",
                    "A report kpibook wrote, not an input, so it was not read.",
                )
                .to_string(),
            ),
            IngestError::LockFile => (
                IssueCode::FileSkipped,
                lang.pick(
                    "Office のロックファイルです。元のブックが Excel などで開かれています。保存していない変更はこのレポートに入っていません。",
                    "An Office lock file: its workbook is open in Excel or LibreOffice; changes not saved yet are not in this report.",
                )
                .to_string(),
            ),
            reason => (
                IssueCode::FileUnreadable,
                match lang {
                    Lang::Ja => format!("このファイルは読み込めませんでした ({reason})。レポートは他のファイルから作成しています。直して保存し直すか、フォルダから外してください。"),
                    Lang::En => format!("This file could not be read ({reason}); the report was made from the other files. Fix it and save it again, or move it out of the folder."),
                },
            ),
        };
        Issue::about_file(code, &self.name, &value, message)
    }
}

/// The type of a file as shown in a file-level issue: its extension (`.pdf`), else its name.
pub fn file_type(name: &str) -> String {
    extension_of(Path::new(name))
        .map(|ext| format!(".{ext}"))
        .unwrap_or_else(|| name.to_string())
}

/// File extensions that are read.
pub const ACCEPTED_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv"];

/// The extension of an Excel 2003 XML spreadsheet saved as XML: read when its root element is a
/// SpreadsheetML `Workbook`, listed as another type otherwise (other XML is no spreadsheet).
const XML_EXTENSION: &str = "xml";

/// The files to read, once the input folders are expanded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expanded {
    pub files: Vec<InputPath>,
    /// Files of the folders that are not read, found without opening them (another type, a lock file).
    pub unused: Vec<UnusedFile>,
}

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputPath {
    pub path: PathBuf,
    /// Found in an input folder: when it cannot be used it is listed as unused and the other files
    /// are still read. Named on the command line, it stops the run.
    pub in_folder: bool,
}

/// Expands folders (files directly inside, sorted by name; not recursive) and keeps files.
///
/// Inside a folder, accepted files are read; Office lock files and files of other types are listed
/// as unused; hidden files, the config file and `outputs` (the report being written and its summary
/// JSON) are left out without a word. A path given twice (or a file given both alone and through its
/// folder) is kept once, at its first place. A file named on the command line that is one of
/// `outputs` is a usage error: the report would overwrite its own input.
pub fn expand_inputs(inputs: &[PathBuf], outputs: &[PathBuf]) -> Result<Expanded> {
    let outputs: Vec<PathBuf> = outputs.iter().map(|p| identity(p)).collect();
    let mut expanded = Expanded::default();
    let mut seen = HashSet::new();
    let mut keep = |path: PathBuf, in_folder: bool, expanded: &mut Expanded| {
        if seen.insert(identity(&path)) {
            expanded.files.push(InputPath { path, in_folder });
        }
    };
    for input in inputs {
        if input.is_dir() {
            let listing = folder_listing(input)?;
            let files: Vec<PathBuf> = listing
                .accepted
                .into_iter()
                .filter(|path| !outputs.contains(&identity(path)))
                .collect();
            if files.is_empty() {
                return Err(KpiError::input(
                    input.display().to_string(),
                    "no .xlsx/.xlsm/.xls/.ods/.csv/.tsv or Excel 2003 .xml file in this folder (subfolders are not searched)",
                ));
            }
            for file in files {
                keep(file, true, &mut expanded);
            }
            expanded.unused.extend(
                listing
                    .unused
                    .into_iter()
                    .filter(|(path, _)| !outputs.contains(&identity(path)))
                    .map(|(_, unused)| unused),
            );
        } else if input.exists() {
            if outputs.contains(&identity(input)) {
                return Err(KpiError::Usage(format!(
                    "{} is both an input and the report's output; write the report to another file.",
                    input.display()
                )));
            }
            if !is_input_file(input) {
                return Err(KpiError::Input {
                    file: input.display().to_string(),
                    source: IngestError::OtherType,
                });
            }
            keep(input.clone(), false, &mut expanded);
        } else {
            return Err(KpiError::Input {
                file: input.display().to_string(),
                source: IngestError::NotFound,
            });
        }
    }
    Ok(expanded)
}

/// The canonical form of a path, so `./a.xlsx` and `a.xlsx` count as one file; for a file that
/// does not exist yet (a report about to be written), its canonical folder joined with its name.
fn identity(path: &Path) -> PathBuf {
    if let Ok(canonical) = fs::canonicalize(path) {
        return canonical;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (fs::canonicalize(folder), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// The files directly inside a folder, sorted by file name: the accepted ones, and those listed as
/// unused (lock files, other types) with their reason.
struct FolderListing {
    accepted: Vec<PathBuf>,
    unused: Vec<(PathBuf, UnusedFile)>,
}

fn folder_listing(folder: &Path) -> Result<FolderListing> {
    let cannot_list = |e: io::Error| {
        KpiError::input(
            folder.display().to_string(),
            format!("cannot list the folder: {e}"),
        )
    };
    let mut entries = Vec::new();
    for entry in fs::read_dir(folder).map_err(cannot_list)? {
        let entry = entry.map_err(cannot_list)?;
        let path = entry.path();
        if path.is_file() {
            entries.push((entry.file_name().to_string_lossy().into_owned(), path));
        }
    }
    entries.sort();
    let mut listing = FolderListing {
        accepted: Vec::new(),
        unused: Vec::new(),
    };
    for (name, path) in entries {
        let why = if is_lock_file(&name) {
            IngestError::LockFile
        } else if is_left_out_unsaid(&name) {
            continue;
        } else if is_input_file(&path) {
            listing.accepted.push(path);
            continue;
        } else {
            IngestError::OtherType
        };
        listing.unused.push((path, UnusedFile { name, why }));
    }
    Ok(listing)
}

/// The accepted files directly inside `folder`, sorted by file name; lock and hidden files left out.
pub(crate) fn accepted_files_in(folder: &Path) -> Result<Vec<PathBuf>> {
    Ok(folder_listing(folder)?.accepted)
}

/// Excel's owner files (`~$book.xlsx`), LibreOffice's (`.~lock.book.xlsx#`) and other dot files.
pub(crate) fn is_lock_or_hidden(name: &str) -> bool {
    is_lock_file(name) || is_left_out_unsaid(name)
}

/// Excel's owner file (`~$book.xlsx`) or LibreOffice's (`.~lock.book.xlsx#`), present while the
/// workbook is open.
fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with(".~lock.")
}

/// The config file looked for in an input folder: read as the configuration, never as an input.
pub const CONFIG_FILE_NAME: &str = "kpibook.toml";

/// Dot files, and the files Windows keeps in every folder: nothing a user put there or sees.
fn is_left_out_unsaid(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name == CONFIG_FILE_NAME
}

/// Whether a file is an input kpibook reads: an accepted extension, or a `.xml` file whose root
/// element is an Excel 2003 XML spreadsheet's `Workbook` (only the file's first 64 KB are read to
/// tell). Found in a folder, any other file is listed as unused.
pub(crate) fn is_input_file(path: &Path) -> bool {
    match extension_of(path) {
        Some(ext) if ACCEPTED_EXTENSIONS.contains(&ext.as_str()) => true,
        Some(ext) if ext == XML_EXTENSION => {
            file_head(path).is_some_and(|head| workbook::has_spreadsheetml_root(&head))
        }
        _ => false,
    }
}

/// The first bytes of a file, enough to tell an XML file's root element.
fn file_head(path: &Path) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    fs::File::open(path)
        .ok()?
        .take(workbook::HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// Lower-case extension without the dot.
fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
}

/// Reads every input file. A file named on the command line that cannot be used is an `Err` naming
/// it in one sentence; a file of a folder that cannot be used joins `Ingested::unused`. When no file
/// at all could be read, that is an `Err` listing each file with its reason.
pub fn read_inputs(expanded: Expanded) -> Result<Ingested> {
    let mut ingested = Ingested {
        unused: expanded.unused,
        ..Ingested::default()
    };
    for input in &expanded.files {
        match read_usable(&input.path, input.in_folder) {
            Ok((file, sheets)) => {
                ingested.files.push(file);
                ingested.sheets.extend(sheets);
            }
            Err(why) if input.in_folder => ingested.unused.push(UnusedFile {
                name: file_name(&input.path),
                why,
            }),
            Err(why) => {
                return Err(KpiError::Input {
                    file: input.path.display().to_string(),
                    source: why,
                })
            }
        }
    }
    if ingested.files.is_empty() {
        let each: Vec<String> = ingested
            .unused
            .iter()
            .map(|unused| format!("{} {}", unused.name, unused.why))
            .collect();
        return Err(KpiError::input(
            expanded
                .files
                .iter()
                .filter_map(|input| input.path.parent())
                .map(|folder| folder.display().to_string())
                .next()
                .unwrap_or_default(),
            format!("no file in the folder could be used: {}", each.join("; ")),
        ));
    }
    Ok(ingested)
}

/// Reads one file into its sheets.
///
/// A workbook yields one `RawSheet` per worksheet, hidden ones included and empty ones as sheets
/// without rows; chartsheets and other non-worksheet sheets are left out. A CSV/TSV file yields one.
pub fn read_file(path: &Path) -> Result<(InputFile, Vec<RawSheet>)> {
    read_usable(path, false).map_err(|why| KpiError::Input {
        file: path.display().to_string(),
        source: why,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `read_file`, with why a file cannot be used kept apart from the file.
fn read_usable(
    path: &Path,
    in_folder: bool,
) -> std::result::Result<(InputFile, Vec<RawSheet>), IngestError> {
    let name = file_name(path);
    let Some(ext) = extension_of(path)
        .filter(|ext| ACCEPTED_EXTENSIONS.contains(&ext.as_str()) || ext == XML_EXTENSION)
    else {
        return Err(IngestError::OtherType);
    };
    if is_lock_file(&name) {
        return Err(IngestError::LockFile);
    }
    let bytes = fs::read(path).map_err(|e| IngestError::io(&e))?;
    if ext == XML_EXTENSION && !workbook::has_spreadsheetml_root(&bytes) {
        return Err(IngestError::OtherType);
    }
    // Before calamine loads any sheet: a report must not be read back as data.
    if workbook::is_kpibook_report(Cursor::new(bytes.as_slice())) {
        return Err(IngestError::KpibookReport);
    }
    let file = InputFile {
        path: path.to_path_buf(),
        name: name.clone(),
        sha256: sha256_hex(&bytes),
        in_folder,
    };

    let sheets = match ext.as_str() {
        "csv" | "tsv" => {
            let stem = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone());
            vec![delimited::read_delimited(&name, &stem, &ext, &bytes)?]
        }
        XML_EXTENSION => workbook::read_xml_spreadsheet(&name, &bytes)?,
        _ => workbook::read_workbook(&name, &bytes)?,
    };
    if sheets.iter().all(|sheet| sheet.rows.is_empty()) {
        return Err(IngestError::NoData);
    }
    Ok((file, sheets))
}

/// Whether the file at `path` is a workbook kpibook wrote; false when it cannot be opened.
pub fn is_kpibook_report_file(path: &Path) -> bool {
    fs::File::open(path).is_ok_and(workbook::is_kpibook_report)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::Cell;

    fn touch(path: &Path, content: &[u8]) {
        fs::write(path, content).expect("write test file");
    }

    fn names(expanded: &Expanded) -> Vec<String> {
        expanded
            .files
            .iter()
            .map(|input| {
                input
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    fn input_reason(error: KpiError) -> IngestError {
        match error {
            KpiError::Input { source, .. } => source,
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn folder_expands_to_accepted_files_sorted_and_lists_lock_files_and_other_types() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b_deals.xlsx",
            "a_leads.CSV",
            "c_posts.tsv",
            "d.Xlsm",
            "e.ods",
            "f.xls",
            "~$b_deals.xlsx",
            ".~lock.b_deals.xlsx#",
            ".hidden.csv",
            ".DS_Store",
            "Thumbs.db",
            "kpibook.toml",
            "notes.txt",
            "report.pdf",
        ] {
            touch(&dir.path().join(name), b"x");
        }
        fs::create_dir(dir.path().join("sub.csv")).unwrap();
        touch(&dir.path().join("sub.csv").join("nested.csv"), b"x");

        let expanded = expand_inputs(&[dir.path().to_path_buf()], &[]).unwrap();
        assert_eq!(
            names(&expanded),
            [
                "a_leads.CSV",
                "b_deals.xlsx",
                "c_posts.tsv",
                "d.Xlsm",
                "e.ods",
                "f.xls"
            ]
        );
        assert!(expanded.files.iter().all(|input| input.in_folder));
        let unused: Vec<(&str, &IngestError)> = expanded
            .unused
            .iter()
            .map(|u| (u.name.as_str(), &u.why))
            .collect();
        // Sorted by name: '.' < 'n' < 'r' < '~'.
        assert_eq!(
            unused,
            [
                (".~lock.b_deals.xlsx#", &IngestError::LockFile),
                ("notes.txt", &IngestError::OtherType),
                ("report.pdf", &IngestError::OtherType),
                ("~$b_deals.xlsx", &IngestError::LockFile),
            ]
        );
    }

    #[test]
    fn an_xml_file_is_read_when_it_is_an_excel_2003_spreadsheet_and_listed_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let spreadsheet = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Key Metrics"><Table><Row><Cell><Data ss:Type="String">Post ID</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;
        touch(&dir.path().join("export.XML"), spreadsheet.as_bytes());
        touch(
            &dir.path().join("feed.xml"),
            br#"<?xml version="1.0"?><rss version="2.0"><channel/></rss>"#,
        );
        let expanded = expand_inputs(&[dir.path().to_path_buf()], &[]).unwrap();
        assert_eq!(names(&expanded), ["export.XML"]);
        assert_eq!(
            expanded.unused,
            [UnusedFile {
                name: "feed.xml".into(),
                why: IngestError::OtherType
            }]
        );
        let ingested = read_inputs(expanded).unwrap();
        assert_eq!(
            (ingested.sheets[0].sheet.as_str(), &ingested.sheets[0].rows),
            ("Key Metrics", &vec![vec![Cell::Text("Post ID".into())]])
        );

        // Named on the command line: the other XML stops the run as another type.
        let feed = dir.path().join("feed.xml");
        assert_eq!(
            input_reason(expand_inputs(std::slice::from_ref(&feed), &[]).unwrap_err()),
            IngestError::OtherType
        );
        assert_eq!(
            input_reason(read_file(&feed).unwrap_err()),
            IngestError::OtherType
        );
    }

    #[test]
    fn the_output_path_in_a_folder_is_left_out_whether_or_not_it_exists_yet() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("leads.csv"), b"x");
        touch(&dir.path().join("report.xlsx"), b"x");
        touch(&dir.path().join("summary.json"), b"{}");
        // Spelled another way than the folder, and one output not written yet.
        let outputs = [
            dir.path().join(".").join("report.xlsx"),
            dir.path().join("summary.json"),
            dir.path().join("later.xlsx"),
        ];
        let expanded = expand_inputs(&[dir.path().to_path_buf()], &outputs).unwrap();
        assert_eq!(names(&expanded), ["leads.csv"]);
        assert_eq!(expanded.unused, []);
        assert_eq!(
            identity(&outputs[2]),
            fs::canonicalize(dir.path()).unwrap().join("later.xlsx")
        );
    }

    #[test]
    fn an_input_named_as_the_output_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let leads = dir.path().join("leads.xlsx");
        touch(&leads, b"x");
        let error =
            expand_inputs(std::slice::from_ref(&leads), std::slice::from_ref(&leads)).unwrap_err();
        assert!(matches!(error, KpiError::Usage(_)), "{error:?}");
    }

    #[test]
    fn folder_without_accepted_files_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("notes.txt"), b"x");
        touch(&dir.path().join("~$open.xlsx"), b"x");
        let reason = input_reason(expand_inputs(&[dir.path().to_path_buf()], &[]).unwrap_err());
        assert!(
            matches!(&reason, IngestError::Other(why) if why.starts_with("no .xlsx/.xlsm/.xls/.ods/.csv/.tsv or Excel 2003 .xml file in this folder")),
            "{reason}"
        );
    }

    #[test]
    fn an_unreadable_file_of_a_folder_is_listed_and_a_named_one_stops() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("good.csv"), b"id\n1\n");
        touch(&dir.path().join("empty.csv"), b"");
        let ingested =
            read_inputs(expand_inputs(&[dir.path().to_path_buf()], &[]).unwrap()).unwrap();
        assert_eq!(ingested.files.len(), 1);
        assert_eq!(ingested.unused.len(), 1);
        assert_eq!(ingested.unused[0].name, "empty.csv");
        assert_eq!(ingested.unused[0].why, IngestError::Empty);
        let issue = ingested.unused[0].issue(Lang::En);
        assert_eq!(
            (
                issue.severity,
                issue.code,
                issue.file.as_str(),
                issue.value.as_str(),
                issue.row
            ),
            (
                crate::issues::Severity::Error,
                IssueCode::FileUnreadable,
                "empty.csv",
                ".csv",
                0
            )
        );

        let named = expand_inputs(&[dir.path().join("empty.csv")], &[]).unwrap();
        assert_eq!(
            input_reason(read_inputs(named).unwrap_err()),
            IngestError::Empty
        );
    }

    #[test]
    fn missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.xlsx");
        let error = expand_inputs(std::slice::from_ref(&missing), &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: file not found", missing.display())
        );
    }

    #[test]
    fn explicit_file_of_another_type_is_an_error_naming_the_accepted_types() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("report.pdf");
        touch(&pdf, b"%PDF");
        let reason = input_reason(expand_inputs(&[pdf], &[]).unwrap_err());
        assert_eq!(reason, IngestError::OtherType);
        assert!(
            reason
                .to_string()
                .contains(".xlsx, .xlsm, .xls, .ods, .csv, .tsv and Excel 2003 XML (.xml)"),
            "{reason}"
        );
    }

    #[test]
    fn duplicate_paths_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let leads = dir.path().join("leads.csv");
        let deals = dir.path().join("deals.csv");
        touch(&leads, b"id\n1\n");
        touch(&deals, b"id\n2\n");
        let same_leads = dir.path().join(".").join("leads.csv");
        let expanded = expand_inputs(
            &[
                leads.clone(),
                same_leads,
                dir.path().to_path_buf(),
                leads.clone(),
            ],
            &[],
        )
        .unwrap();
        let paths: Vec<&PathBuf> = expanded.files.iter().map(|input| &input.path).collect();
        assert_eq!(paths, vec![&leads, &deals]);
        // leads.csv was named first, so it stops the run if unusable; deals.csv came from the folder.
        assert_eq!(
            expanded
                .files
                .iter()
                .map(|i| i.in_folder)
                .collect::<Vec<_>>(),
            [false, true]
        );

        let ingested = read_inputs(expanded).unwrap();
        assert_eq!(ingested.files.len(), 2);
        assert_eq!(ingested.sheets.len(), 2);
    }

    #[test]
    fn read_file_hashes_the_bytes_and_names_the_sheet_after_the_stem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("リード.csv");
        touch(&path, b"abc");
        let (file, sheets) = read_file(&path).unwrap();
        assert_eq!(file.name, "リード.csv");
        assert_eq!(file.path, path);
        // SHA-256 of "abc" (FIPS 180-2 example).
        assert_eq!(
            file.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].file, "リード.csv");
        assert_eq!(sheets[0].sheet, "リード");
        assert_eq!(sheets[0].rows, vec![vec![Cell::Text("abc".into())]]);
    }

    #[test]
    fn empty_csv_and_csv_of_blank_lines_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.csv");
        touch(&empty, b"");
        assert_eq!(
            input_reason(read_file(&empty).unwrap_err()),
            IngestError::Empty
        );
        let blank = dir.path().join("blank.csv");
        touch(&blank, b"\r\n,,\r\n");
        assert_eq!(
            input_reason(read_file(&blank).unwrap_err()),
            IngestError::NoData
        );
    }

    #[test]
    fn office_lock_file_given_explicitly_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("~$leads.xlsx");
        touch(&lock, b"\x0bsomeone");
        assert_eq!(
            input_reason(read_file(&lock).unwrap_err()),
            IngestError::LockFile
        );
    }
}
