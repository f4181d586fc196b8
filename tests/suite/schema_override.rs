//! A `--schema` file can never make an accepted row vanish (issue 12, and the architecture review's
//! "silent loss of rows"): a schema that drops a required flag of the built-in schema is refused
//! naming the field, while a stricter schema or an added alias still works, and every row it
//! accepts reaches its data sheet.

use crate::common;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use common::*;

fn embedded_schema() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/schema.toml"
    ))
    .unwrap()
}

/// The embedded schema with `from` replaced by `to` (which must be found).
fn edited_schema(from: &str, to: &str) -> String {
    let embedded = embedded_schema();
    assert!(embedded.contains(from), "{from}");
    embedded.replace(from, to)
}

const CREATED_AT: &str = "name = \"created_at\"\ntype = \"datetime\"\nrequired = true";

// Regression: with leads.created_at made optional, `check` counted L2 (no date) accepted and the
// report left it out, so rows.leads.accepted = 2 but totals.leads = 1.
#[test]
fn a_schema_that_makes_leads_created_at_optional_is_refused_naming_it() {
    let dir = temp_dir();
    let loose = CREATED_AT.replace("required = true", "required = false");
    std::fs::write(
        dir.path().join("loose.toml"),
        edited_schema(CREATED_AT, &loose),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,created_at,channel\nL1,2025-04-01,linkedin\nL2,,linkedin\n",
    )
    .unwrap();
    let check = ["check", "leads.csv", "--schema", "loose.toml"];
    let report = [
        "report",
        "leads.csv",
        "--schema",
        "loose.toml",
        "-o",
        "r.xlsx",
    ];
    for args in [&check[..], &report[..]] {
        let out = kpibook(dir.path(), args);
        let (command, message) = (args[0], stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{command}: {message}");
        assert!(
            message.contains("loose.toml") && message.contains("`leads.created_at`"),
            "{command}: {message}"
        );
        assert!(message.contains("required"), "{command}: {message}");
    }
    assert!(!dir.path().join("r.xlsx").exists());
}

#[test]
fn a_stricter_schema_with_an_added_alias_still_works_and_loses_no_row() {
    // mql_at made required, and 受付日 added as an alias of leads.created_at.
    let mql = "name = \"mql_at\"\ntype = \"date\"";
    let strict = edited_schema(mql, &format!("{mql}\nrequired = true")).replace(
        "\"問合せ日\", \"問い合わせ日\"]",
        "\"問合せ日\", \"問い合わせ日\", \"受付日\"]",
    );
    assert!(strict.contains("\"受付日\"]"));
    let dir = temp_dir();
    std::fs::write(dir.path().join("strict.toml"), strict).unwrap();
    // L2 has no MQL date: rejected (required); L1 and L3 accepted.
    std::fs::write(
        dir.path().join("leads.csv"),
        "lead_id,受付日,channel,mql_at\n\
         L1,2025-04-01,linkedin,2025-04-03\n\
         L2,2025-04-02,linkedin,\n\
         L3,2025-04-05,x,2025-04-06\n",
    )
    .unwrap();
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "leads.csv",
            "--schema",
            "strict.toml",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
            "-q",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let s = read_json(&dir.path().join("s.json"));
    let rows = &s["rows"]["leads"];
    assert_close(&rows["read"], 3.0, "read");
    assert_close(&rows["accepted"], 2.0, "L1, L3");
    assert_close(&rows["rejected"], 1.0, "L2");
    assert_close(&s["totals"]["leads"], 2.0, "every accepted lead counted");
    // Every accepted row is on the Leads data sheet: a header row and L1, L3.
    let bytes = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Leads data").unwrap();
    let ids: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(ids, ["L1", "L3"]);
}
