//! Issue 22, finding 8: the Summary is the page a manager reads (SPEC section 10). It prints on one
//! A4 landscape page; every sheet prints landscape, fit to width, its header row repeated, the
//! period and page number in the footer; headers stand right-aligned over their numbers; counts
//! have no decimals, a rate's change reads in points, the Checks cell is TRUE / FALSE; the
//! comparison note is a sentence without command-line advice.

use crate::common;
use crate::libreoffice_recalc::soffice_available;

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use common::*;
use serde_json::Value;

/// The samples' September report in English, compared with August, with its summary JSON.
fn september_report(dir: &Path) -> (PathBuf, Value) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = kpibook(
        dir,
        &[
            "report",
            &path_str(&samples),
            "--month",
            "2025-09",
            "--lang",
            "en",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (dir.join("r.xlsx"), read_json(&dir.join("s.json")))
}

/// Every part of the package by name, as text.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            parts.insert(name, text);
        }
    }
    parts
}

/// The sheet names in tab order, as workbook.xml lists them (sheetN.xml is the Nth).
fn sheet_names(parts: &BTreeMap<String, String>) -> Vec<String> {
    parts["xl/workbook.xml"]
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// The value of attribute `name` in the XML element text `element`.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&element[start..start + element[start..].find('"')?])
}

/// The `<c r="B5" ...>` element of a cell, up to its first `>`.
fn cell_element<'a>(sheet_xml: &'a str, cell: &str) -> &'a str {
    let start = sheet_xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    &sheet_xml[start..start + sheet_xml[start..].find('>').unwrap()]
}

/// The cell format (`<xf ...>` with its alignment) and number format code of a cell.
fn format_of(parts: &BTreeMap<String, String>, sheet: usize, cell: &str) -> (String, String) {
    let xml = &parts[&format!("xl/worksheets/sheet{}.xml", sheet + 1)];
    let style: usize = attribute(cell_element(xml, cell), "s")
        .unwrap_or("0")
        .parse()
        .unwrap();
    let styles = &parts["xl/styles.xml"];
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).expect("the cell's format");
    let id = attribute(&format!(" {xf}"), "numFmtId")
        .unwrap()
        .to_string();
    let code = styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| attribute(&format!(" {f}"), "numFmtId") == Some(id.as_str()))
        .and_then(|f| attribute(&format!(" {f}"), "formatCode").map(str::to_string))
        .unwrap_or_else(|| format!("built-in {id}"));
    (xf.to_string(), code.replace("&quot;", "\""))
}

fn range(path: &Path, name: &str) -> Range<Data> {
    let bytes = std::fs::read(path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    workbook.worksheet_range(name).unwrap()
}

/// The 1-based row whose column A is `label`.
fn row_of(range: &Range<Data>, label: &str) -> u32 {
    (0..range.height() as u32)
        .find(|&r| range.get_value((r, 0)).is_some_and(|d| *d == label))
        .unwrap_or_else(|| panic!("no row {label:?}"))
        + 1
}

#[test]
fn every_sheet_prints_landscape_a4_fit_to_width_with_the_period_and_page_in_the_footer() {
    let dir = temp_dir();
    let (path, _) = september_report(dir.path());
    let parts = parts(&path);
    let names = sheet_names(&parts);
    assert!(names.len() > 15, "{names:?}");
    for (i, name) in names.iter().enumerate() {
        let xml = &parts[&format!("xl/worksheets/sheet{}.xml", i + 1)];
        let setup = &xml[xml.find("<pageSetup ").unwrap_or_else(|| panic!("{name}"))..];
        let setup = &setup[..setup.find('>').unwrap()];
        assert_eq!(attribute(setup, "orientation"), Some("landscape"), "{name}");
        assert_eq!(attribute(setup, "paperSize"), Some("9"), "{name}: A4");
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}");
        // One page wide (fitToWidth 1 is the default, left out), as many pages tall as needed;
        // the Summary one page tall as well.
        assert_eq!(attribute(setup, "fitToWidth"), None, "{name}");
        let tall = if i == 0 { None } else { Some("0") };
        assert_eq!(attribute(setup, "fitToHeight"), tall, "{name}");
        assert!(
            xml.contains(
                "<oddFooter>&amp;L&amp;A&amp;CPeriod 2025/09/01 – 2025/09/30&amp;R&amp;P / &amp;N</oddFooter>"
            ),
            "{name}: the sheet, the period and the page in the footer"
        );
    }
    // The header row of a table is repeated on every page: the Channels sheet's is row 4.
    assert!(
        parts["xl/workbook.xml"].contains(">Channels!$4:$4</definedName>"),
        "Channels print titles"
    );
    assert!(parts["xl/workbook.xml"].contains(">'Leads data'!$1:$1</definedName>"));
}

#[test]
fn the_summary_shows_counts_whole_a_rate_change_in_points_and_checks_as_true_or_false() {
    let dir = temp_dir();
    let (path, json) = september_report(dir.path());
    let parts = parts(&path);
    let summary = range(&path, "Summary");

    // Counts without decimals: leads and the all-channel attributed won (= won deals).
    for label in ["Leads", "Attributed won"] {
        let row = row_of(&summary, label);
        let (_, code) = format_of(&parts, 0, &format!("C{row}"));
        assert_eq!(code, "#,##0", "{label}");
    }
    let won = row_of(&summary, "Attributed won");
    assert_eq!(
        summary.get_value((won - 1, 2)),
        Some(&Data::Float(json["totals"]["won"].as_f64().unwrap()))
    );
    // The SNS column keeps the credits' fractions.
    assert_eq!(format_of(&parts, 0, &format!("B{won}")).1, "#,##0.00");

    // ROI's change (all channels: compared G, change H) is in points: (now − then) × 100.
    let roi = row_of(&summary, "ROI");
    let (_, code) = format_of(&parts, 0, &format!("H{roi}"));
    assert_eq!(code, "+0.0\"pt\";-0.0\"pt\";0.0\"pt\"");
    let now = json["totals"]["roi"].as_f64().unwrap();
    let then = json["comparison"]["totals"]["roi"].as_f64().unwrap();
    let Some(Data::Float(points)) = summary.get_value((roi - 1, 7)) else {
        panic!("ROI change: {:?}", summary.get_value((roi - 1, 7)));
    };
    assert!(
        ((points - (now - then) * 100.0) / points).abs() < 1e-9,
        "{points}"
    );
    // A change of money stays money.
    let cost = row_of(&summary, "Cost");
    assert_eq!(format_of(&parts, 0, &format!("H{cost}")).1, "¥#,##0");

    // The Checks cell is a TRUE / FALSE whatever number format a spreadsheet gives a boolean.
    let checks = row_of(&summary, "Checks (all TRUE)");
    let (_, code) = format_of(&parts, 0, &format!("B{checks}"));
    assert_eq!(code, "\"TRUE\";\"TRUE\";\"FALSE\"");
    assert_eq!(summary.get_value((checks - 1, 1)), Some(&Data::Bool(true)));

    // Headers over numbers are right-aligned, the metric's name column left.
    let header = row_of(&summary, "Metric");
    let (sns, _) = format_of(&parts, 0, &format!("B{header}"));
    assert!(sns.contains("horizontal=\"right\""), "{sns}");
    let (metric, _) = format_of(&parts, 0, &format!("A{header}"));
    assert!(!metric.contains("horizontal=\"right\""), "{metric}");

    // Errors and warnings each on a line of their own, the link apart from the counts.
    let errors = row_of(&summary, "Errors");
    let warnings = row_of(&summary, "Warnings");
    assert_eq!(warnings, errors + 1);
    assert_eq!(
        summary.get_value((warnings - 1, 2)),
        Some(&Data::String("→ see the list".into()))
    );
    assert!(summary
        .get_value((errors - 1, 2))
        .is_none_or(|d| *d == Data::Empty));

    // The comparison note is a sentence for a manager: no command-line advice.
    let note = summary
        .used_cells()
        .map(|(_, _, d)| d.to_string())
        .find(|t| t.starts_with("Compared with "))
        .expect("the comparison note");
    assert_eq!(
        note,
        "Compared with 2025-08-01 to 2025-08-31 (the period of the same length before)."
    );
}

#[test]
fn the_comparison_note_without_a_comparison_ends_as_a_sentence_and_gives_no_command() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &three_channels());
    let out = kpibook(dir.path(), &["report", "m.xlsx", "-o", "r.xlsx", "--quiet"]);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let summary = range(&dir.path().join("r.xlsx"), "サマリー");
    let note = summary
        .used_cells()
        .map(|(_, _, d)| d.to_string())
        .find(|t| t.starts_with("比較"))
        .expect("the comparison note");
    assert!(note.ends_with('。'), "{note}");
    assert!(!note.contains("--"), "{note}");
}

/// The Summary alone, as LibreOffice prints it: every other sheet hidden (hidden sheets without a
/// print area are not printed), converted to PDF.
fn summary_pdf(dir: &Path, workbook: &Path) -> Vec<u8> {
    let bytes = std::fs::read(workbook).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(content).unwrap();
            let (first, rest) = xml.split_at(xml.find("<sheet name=").unwrap() + 1);
            let mut rest = rest.replace("<sheet name=", "<sheet state=\"hidden\" name=");
            // A sheet with a print area prints even when hidden: the other sheets' go.
            while let Some(start) = rest.find("<definedName name=\"_xlnm.Print_Area\"") {
                let end = start + rest[start..].find("</definedName>").unwrap() + 14;
                rest.replace_range(start..end, "");
            }
            content = format!("{first}{rest}").into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    let only = dir.join("summary_only.xlsx");
    std::fs::write(&only, out.finish().unwrap().into_inner()).unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo-pdf-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&only)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", stderr(&status));
    std::fs::read(dir.join("summary_only.pdf")).unwrap()
}

/// Pages of a PDF: its `/Type /Page` objects (not `/Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    let spaced = b"/Type /Page";
    let count = |n: &[u8]| {
        pdf.windows(n.len() + 1)
            .filter(|w| &w[..n.len()] == n && w[n.len()] != b's')
            .count()
    };
    count(needle) + count(spaced)
}

#[test]
fn the_summary_prints_on_one_page() {
    if !soffice_available() {
        return;
    }
    let dir = temp_dir();
    let (path, _) = september_report(dir.path());
    let pdf = summary_pdf(dir.path(), &path);
    assert_eq!(page_count(&pdf), 1, "the Summary on one A4 landscape page");
    // The whole-period Japanese report too (more highlights, no comparison columns).
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = kpibook(
        dir.path(),
        &["report", &path_str(&samples), "-o", "ja.xlsx", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = summary_pdf(dir.path(), &dir.path().join("ja.xlsx"));
    assert_eq!(page_count(&pdf), 1);
}
