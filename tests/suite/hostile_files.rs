//! Hostile inputs through the binary: each gives a clear error (exit 1, one sentence naming the file)
//! or a correct report, never a panic or a hang. (Truncated, empty, random-byte and encrypted
//! workbooks, and a stray far cell, are in real_world_fixtures.rs.)

use crate::common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs kpibook, failing the test if it has not finished after a minute (a hang, not a slow run).
fn kpibook_bounded(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpibook"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("kpibook {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert_ne!(out.status.code(), Some(101), "panicked: {err}");
    assert!(!err.contains("internal error"), "{err}");
}

#[test]
fn a_table_with_only_its_header_row_gives_an_empty_report() {
    let dir = temp_dir();
    write_xlsx(
        &dir.path().join("m.xlsx"),
        &[(
            "リード",
            vec![vec![S("リードID"), S("獲得日"), S("流入元")]],
        )],
    );
    let out = kpibook_bounded(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--summary-json",
            "-",
            "--quiet",
        ],
    );
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["rows"]["leads"]["read"], 0);
    assert_eq!(summary["totals"]["leads"], 0);
    assert!(
        summary["totals"]["cpa"].is_null(),
        "no leads: CPA is undefined"
    );
    assert!(dir.path().join("r.xlsx").exists());
}

#[test]
fn a_sheet_sixteen_thousand_columns_wide_reads() {
    let dir = temp_dir();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("リード").unwrap();
    for (c, header) in ["リードID", "獲得日", "流入元"].iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "L1").unwrap();
    sheet.write_string(1, 1, "2025-04-01").unwrap();
    sheet.write_string(1, 2, "LinkedIn").unwrap();
    // Every one of Excel's 16,384 columns used on the header row, most with a stray note.
    for c in 3..16_384u16 {
        sheet.write_string(0, c, format!("memo{c}")).unwrap();
    }
    workbook.save(dir.path().join("wide.xlsx")).unwrap();
    let out = kpibook_bounded(
        dir.path(),
        &[
            "report",
            "wide.xlsx",
            "-o",
            "r.xlsx",
            "--summary-json",
            "-",
            "--quiet",
        ],
    );
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["totals"]["leads"], 1);
}

#[test]
fn an_xlsm_workbook_reads_like_an_xlsx() {
    let dir = temp_dir();
    write_xlsx(
        &dir.path().join("macro.xlsm"),
        &[(
            "リード",
            vec![
                vec![S("リードID"), S("獲得日"), S("流入元")],
                vec![S("L1"), D(2025, 4, 1), S("LinkedIn")],
            ],
        )],
    );
    let out = kpibook_bounded(
        dir.path(),
        &[
            "report",
            "macro.xlsm",
            "-o",
            "r.xlsx",
            "--summary-json",
            "-",
            "--quiet",
        ],
    );
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["totals"]["leads"], 1);
}

#[test]
fn binary_garbage_named_xlsx_is_one_sentence() {
    let dir = temp_dir();
    let garbage: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.path().join("garbage.xlsx"), garbage).unwrap();
    let out = kpibook_bounded(dir.path(), &["report", "garbage.xlsx", "-o", "r.xlsx"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("garbage.xlsx"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(!dir.path().join("r.xlsx").exists());
}

#[test]
fn a_csv_with_mixed_encodings_and_bare_quotes_is_read_or_refused_clearly() {
    let dir = temp_dir();
    // A UTF-8 header, a Shift_JIS row and a row with a bare quote inside a field.
    let mut bytes = "lead_id,created_at,channel\nL1,2025-04-01,LinkedIn\n"
        .as_bytes()
        .to_vec();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("L2,2025-04-02,ウェビナー\n");
    bytes.extend_from_slice(&sjis);
    bytes.extend_from_slice("L3,2025-04-03,say \"hi\" there\n".as_bytes());
    std::fs::write(dir.path().join("mixed.csv"), bytes).unwrap();
    let out = kpibook_bounded(
        dir.path(),
        &[
            "report",
            "mixed.csv",
            "-o",
            "r.xlsx",
            "--summary-json",
            "-",
            "--quiet",
        ],
    );
    assert_no_panic(&out);
    match out.status.code() {
        // Read: every row is accounted for (accepted or rejected with a reason).
        Some(0) | Some(3) => {
            let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let rows = &summary["rows"]["leads"];
            assert_eq!(rows["read"], 3, "{summary}");
            assert_eq!(
                rows["accepted"].as_u64().unwrap() + rows["rejected"].as_u64().unwrap(),
                3
            );
        }
        // Refused: one sentence naming the file.
        Some(1) => assert!(stderr(&out).contains("mixed.csv"), "{}", stderr(&out)),
        other => panic!("exit {other:?}: {}", stderr(&out)),
    }
}

/// Copies the zip package at `from` to `to`, with `part` replaced by the `chunks` of text written
/// one after the other (deflated), so a huge part never sits in memory.
fn repack_with(from: &Path, to: &Path, part: &str, chunks: impl Iterator<Item = Vec<u8>>) {
    use std::io::{Read, Write};
    let mut source = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut target = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut chunks = Some(chunks);
    for index in 0..source.len() {
        let mut entry = source.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        target.start_file(name.as_str(), options).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == part {
            // The original sheet with the chunks spliced in before </sheetData>.
            let text = String::from_utf8(content).unwrap();
            let (head, tail) = text.split_at(text.find("</sheetData>").unwrap());
            target.write_all(head.as_bytes()).unwrap();
            for chunk in chunks.take().unwrap() {
                target.write_all(&chunk).unwrap();
            }
            target.write_all(tail.as_bytes()).unwrap();
        } else {
            target.write_all(&content).unwrap();
        }
    }
    target.finish().unwrap();
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("plain.xlsx"), &three_channels());
    // 256 MB of blanks inside the first sheet's XML: legal XML that packs about 1,000 to 1.
    let blanks = (0..256).map(|_| vec![b' '; 1 << 20]);
    repack_with(
        &dir.path().join("plain.xlsx"),
        &dir.path().join("bomb.xlsx"),
        "xl/worksheets/sheet1.xml",
        blanks,
    );
    let packed = std::fs::metadata(dir.path().join("bomb.xlsx"))
        .unwrap()
        .len();
    assert!(packed < 2 << 20, "the bomb is small: {packed} bytes");

    let out = kpibook_bounded(dir.path(), &["report", "bomb.xlsx", "-o", "r.xlsx"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bomb.xlsx") && err.contains("zip bomb"),
        "{err}"
    );
    assert!(
        err.contains("xl/worksheets/sheet1.xml"),
        "names the part: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(!dir.path().join("r.xlsx").exists());
}

#[test]
fn a_zip_directory_declaring_gigabytes_is_refused() {
    let dir = temp_dir();
    let path = dir.path().join("liar.xlsx");
    write_xlsx(&path, &three_channels());
    // Every central-directory entry claims to unpack to almost 4 GB.
    let mut bytes = std::fs::read(&path).unwrap();
    let mut at = 0;
    while let Some(offset) = bytes[at..]
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
    {
        let entry = at + offset;
        bytes[entry + 24..entry + 28].copy_from_slice(&0xFFFF_0000u32.to_le_bytes());
        at = entry + 4;
    }
    std::fs::write(&path, bytes).unwrap();
    let out = kpibook_bounded(dir.path(), &["check", "liar.xlsx"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("liar.xlsx") && err.contains("zip bomb"),
        "{err}"
    );
}

/// Found by tests/suite/fuzz.rs: 64 bytes of a real .xls repeated inside it make a sector chain of its
/// compound file loop; calamine followed the loop until memory ran out (8 GB asked for). Now the
/// chains are validated first and the file is refused in one sentence.
#[test]
fn an_xls_whose_sector_chain_loops_is_refused_without_running_out_of_memory() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-world/xlsmapper/utils.xls");
    let original = std::fs::read(fixture).unwrap();
    let mut damaged = original[..19_943].to_vec();
    damaged.extend_from_slice(&original[19_943..19_943 + 64]);
    damaged.extend_from_slice(&original[19_943..]);
    let dir = temp_dir();
    std::fs::write(dir.path().join("loop.xls"), damaged).unwrap();
    let out = kpibook_bounded(dir.path(), &["check", "loop.xls"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("loop.xls") && err.contains("damaged"), "{err}");
}

/// Found by tests/suite/fuzz.rs (a 10-minute run): one byte of a real .xls's Dimensions record changed
/// makes the sheet declare 4,279,435,267 rows; calamine reserved room for every declared cell
/// (342 GB) and the process aborted. Now a declared range beyond the .xls grid is refused first.
#[test]
fn an_xls_declaring_billions_of_rows_is_refused_without_running_out_of_memory() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-world/calamine/date.xls");
    let mut damaged = std::fs::read(fixture).unwrap();
    assert_eq!(
        damaged[3_639], 0x00,
        "the fixture changed; find its Dimensions record again"
    );
    damaged[3_639] = 0xED;
    let dir = temp_dir();
    std::fs::write(dir.path().join("huge.xls"), damaged).unwrap();
    let out = kpibook_bounded(dir.path(), &["check", "huge.xls"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("huge.xls") && err.contains("65,536 by 256") && err.contains("damaged"),
        "{err}"
    );
}
