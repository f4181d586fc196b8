//! Fuzzing with proptest over value parsing, header detection and whole-file ingest. Each property
//! runs a few dozen cases in `cargo test`; `KPIBOOK_FUZZ_CASES=N` runs N cases each, for a long run:
//!
//! `KPIBOOK_FUZZ_CASES=200000 cargo test --release --test suite fuzz:: -- --test-threads 1`
//!
//! Properties: nothing panics; a case finishes within a time bound (a hang fails the test);
//! parsed values are consistent (a parsed date, written ISO, parses to itself; a number with
//! separators and a currency sign reads as the plain number); and whatever the bytes, ingest
//! either refuses the file with a message or every row it reads is accepted, rejected or blank.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use kpibook::pipeline::{check, RunOptions};
use kpibook::values::{parse_date_text, parse_number, parse_status, DateReading};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

fn config() -> ProptestConfig {
    let cases = std::env::var("KPIBOOK_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        // Failures are reported with the shrunk input; nothing is written into the tree.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

/// Runs `f` on another thread; a case taking longer than `limit` is a hang.
fn bounded<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    match receive.recv_timeout(limit) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("hung for more than {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("panicked"),
    }
}

/// The date reading of the default configuration (no day/month order, Tokyo time).
const READING: DateReading = DateReading {
    order: None,
    zone: chrono_tz::Tz::Asia__Tokyo,
};

/// Text made of the pieces people write in number and date cells, so the parsers' branches are
/// reached far more often than by arbitrary Unicode.
fn value_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,6}",
        "[０-９]{1,3}",
        Just("年".to_string()),
        Just("月".to_string()),
        Just("日".to_string()),
        Just("元".to_string()),
        prop::sample::select(vec![
            "令和", "平成", "昭和", "大正", "明治", "R", "H", "S", "T", "M", "r", "h",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "¥", "￥", "$", "円", "JPY", "万", "億", "%", "▲", "△", "-", "−", "+",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            ".", ",", "/", "-", ":", " ", "T", "t", "　", "(", ")", "e", "E",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "Dec",
            "September",
            "sept",
            "Mon",
            "AM",
            "pm",
            "午前",
            "午後",
            "Z",
            "UTC",
            "GMT",
            "+0000",
            "+09:00",
            "-05",
            "th",
            "a.m.",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "受注",
            "失注",
            "商談中",
            "won",
            "Lost",
            "open",
            "見送り"
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn value_parsers_never_panic_and_agree_with_themselves(text in value_text()) {
        let copy = text.clone();
        let (number, date, _status) = bounded(Duration::from_secs(5), move || {
            (parse_number(&copy), parse_date_text(&copy, READING), parse_status(&copy))
        });
        if let Ok(n) = number {
            prop_assert!(n.is_finite(), "{text:?} -> {n}");
        }
        if let Ok(at) = date {
            let iso = at.format("%Y-%m-%dT%H:%M:%S").to_string();
            let again = parse_date_text(&iso, READING);
            prop_assert_eq!(again.ok(), Some(at), "{:?} -> {} does not read back", text, iso);
        }
    }

    #[test]
    fn numbers_read_the_same_with_separators_and_currency(n in 0u64..10_000_000_000u64) {
        let plain = n as f64;
        let grouped = group_thousands(n);
        for written in [
            n.to_string(),
            grouped.clone(),
            format!("¥{grouped}"),
            format!("{grouped}円"),
            format!("￥{grouped}"),
            format!("${grouped}"),
        ] {
            prop_assert_eq!(parse_number(&written).ok(), Some(plain), "{}", written);
        }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A header cell: a known alias of some table's field, a near miss, or noise.
fn header_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "リードID", "獲得日", "流入元", "投稿ID", "MQL化日", "商談ID", "商談化日", "ステータス",
            "受注額", "受注日", "年月", "チャネル", "金額", "費目", "指標", "目標値", "種別", "媒体",
            "投稿日", "インプレッション数", "lead_id", "created_at", "channel", "post_id", "deal_id",
            "status", "amount", "closed_at", "month", "metric", "target", "value", "layer", "key",
            "接触日", "ＭＱＬ日", " リードＩＤ ",
        ]).prop_map(str::to_string),
        1 => "[a-zあ-ん]{0,6}",
        1 => Just(String::new()),
    ]
}

/// A data cell: the kinds of values sheets hold, and junk.
fn data_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        value_text(),
        prop::sample::select(vec![
            "L1",
            "L2",
            "P1",
            "D1",
            "LinkedIn",
            "X",
            "ウェビナー",
            "2025/04/01",
            "2025-05-10",
            "受注",
            "#N/A",
            "=1+1",
            "\"quoted, text\"",
        ])
        .prop_map(str::to_string),
        Just(String::new()),
    ]
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Writes `bytes` as `name` in a new temporary folder and runs the whole check on it within a
/// time bound. Returns the outcome as text for the properties: refused, or per-sheet counts.
fn check_file(name: &str, bytes: Vec<u8>) -> Result<Vec<(u64, u64, u64, u64)>, String> {
    // A crash that kills the process (out of memory, stack overflow) cannot be shrunk; the input
    // in hand is kept here to be looked at.
    if let Ok(last) = std::env::var("KPIBOOK_FUZZ_LAST") {
        let _ = std::fs::write(format!("{last}.{name}"), &bytes);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&bytes))
        .unwrap();
    let options = RunOptions {
        inputs: vec![path],
        config_file: Some(empty_config(dir.path())),
        schema_file: None,
        overrides: Vec::new(),
        period: None,
        outputs: Vec::new(),
    };
    let outcome = bounded(Duration::from_secs(60), move || match check(&options) {
        Ok(checked) => Ok(checked
            .validated
            .sheets
            .iter()
            .map(|s| {
                (
                    s.counts.read,
                    s.counts.accepted,
                    s.counts.rejected,
                    s.counts.blank,
                )
            })
            .collect()),
        Err(e) => Err(e.to_string()),
    });
    drop(dir);
    outcome
}

fn empty_config(dir: &Path) -> PathBuf {
    let path = dir.join("fuzz.toml");
    std::fs::write(&path, "").unwrap();
    path
}

/// Every sheet's rows reconcile: read = accepted + rejected + blank.
fn reconciles(counts: &[(u64, u64, u64, u64)]) -> bool {
    counts
        .iter()
        .all(|(read, accepted, rejected, blank)| read == &(accepted + rejected + blank))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_grid_of_headers_and_values_is_read_and_every_row_accounted_for(
        title_rows in 0usize..3,
        header in prop::collection::vec(header_cell(), 1..10),
        rows in prop::collection::vec(prop::collection::vec(data_cell(), 0..10), 0..20),
    ) {
        let mut text = String::new();
        for _ in 0..title_rows {
            text.push_str("集計表\n");
        }
        let line = |cells: &[String]| {
            cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\n"
        };
        text.push_str(&line(&header));
        for row in &rows {
            text.push_str(&line(row));
        }
        match check_file("grid.csv", text.into_bytes()) {
            Ok(counts) => prop_assert!(reconciles(&counts), "{counts:?}"),
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }

    #[test]
    fn any_damage_to_a_real_file_gives_a_report_or_a_clear_refusal(
        seed in 0usize..64,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..6),
    ) {
        let seeds = seed_files();
        let (name, original) = &seeds[seed % seeds.len()];
        prop_assert!(seeds.len() > 10, "seed files found");
        let mut bytes = original.clone();
        for (at, byte, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] ^= byte | 1,
                1 => bytes.truncate(i),
                2 => {
                    let end = (i + 64).min(bytes.len());
                    let chunk = bytes[i..end].to_vec();
                    bytes.splice(i..i, chunk);
                }
                _ => bytes[i] = byte,
            }
        }
        match check_file(name, bytes) {
            Ok(counts) => prop_assert!(reconciles(&counts), "{counts:?}"),
            Err(message) => {
                prop_assert!(!message.is_empty());
                prop_assert!(!message.contains("panicked"), "{message}");
            }
        }
    }
}

/// Small real files to damage: the shipped samples and the real-world fixtures (read where they
/// are), as (file name, bytes), read once.
fn seed_files() -> &'static [(String, Vec<u8>)] {
    static SEEDS: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(read_seed_files)
}

fn read_seed_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = vec![
        root.join("samples/marketing_fy2025h1.xlsx"),
        root.join("samples/費用_2025上期.csv"),
    ];
    for dir in ["calamine", "xlsmapper"] {
        let fixtures = root.join("tests/fixtures/real-world").join(dir);
        if let Ok(entries) = std::fs::read_dir(fixtures) {
            let mut found: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            found.sort();
            paths.extend(found.into_iter().filter(|p| {
                p.extension().is_some_and(|e| {
                    ["xlsx", "xls", "ods", "csv"].contains(&e.to_str().unwrap_or(""))
                }) && std::fs::metadata(p).is_ok_and(|m| m.len() < 2 << 20)
            }));
        }
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((p.file_name()?.to_str()?.to_string(), bytes))
        })
        .collect()
}

#[test]
fn the_fuzz_harness_reads_an_undamaged_seed() {
    let seeds = seed_files();
    let (name, bytes) = seeds
        .iter()
        .find(|(name, _)| name == "marketing_fy2025h1.xlsx")
        .expect("the samples workbook is a seed");
    let counts = check_file(name, bytes.clone()).expect("the samples read");
    assert!(counts.len() >= 6, "{counts:?}");
    assert!(
        counts.iter().any(|c| c.1 >= 600),
        "606 leads accepted: {counts:?}"
    );
    assert!(reconciles(&counts));
}
