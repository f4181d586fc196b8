//! `kpibook explain --metric M [--channel C]` gives the report's figure, and its rows are the rows
//! that figure counted: over the samples and a generated workbook (several channels, deals won,
//! lost and open, a deal without a lead, MQLs, channels without cost rows), for every metric explain
//! knows (the catalogue's metrics with parts, and the catalogue's `sns_` forms of them) and every
//! channel of the summary JSON, plus the totals.
//!
//! Checked: explain's value equals the summary JSON's figure and the Channels sheet's cell (both
//! null / empty, or equal within 1e-9 relative); each part's value equals the JSON figure of the part where the JSON has one; a count
//! part lists as many rows as it counts. On the samples that is 27 total figures (26 with a JSON
//! key: the totals have no `lost`; average_won_amount is a total only) and 18 x 13 channel
//! figures, 260 pairs compared; on the generated set 26 + 18 x 6 = 134; 394 in all. Before the per-channel rates, 61 of the samples' 260 explained
//! figures printed another result than the report's (`= (empty)` for lost, win_rate, lead_to_mql,
//! mql_to_opportunity, opportunity_rate on the 13 channels, but where the figure is empty too), and
//! 12 of the 13 channel `revenue` explanations listed won deals that did not add up to the figure
//! (a channel's revenue is its attributed revenue).

use std::path::Path;

use serde_json::Value;

use crate::common::*;
use std::collections::BTreeMap;

use calamine::{open_workbook, Data, Reader, Xlsx};
use kpibook::catalog::{metric_of, resolve_metric, Level, METRICS};

/// The metric ids explain breaks down: the catalogue's metrics with parts, and the catalogue's
/// `sns_` forms of them (an SNS total, no channel).
fn explained() -> (Vec<&'static str>, Vec<&'static str>) {
    let base: Vec<&str> = METRICS
        .iter()
        .filter(|m| !m.parts().is_empty())
        .map(|m| m.id.as_str())
        .collect();
    let sns: Vec<&str> = METRICS
        .iter()
        .filter(|m| {
            m.id.as_str()
                .strip_prefix("sns_")
                .and_then(metric_of)
                .is_some_and(|b| !b.parts().is_empty())
        })
        .map(|m| m.id.as_str())
        .collect();
    (base, sns)
}

/// The summary JSON key of a figure. Totals: attributed_won is won, attributed_revenue is revenue
/// (SPEC section 3), and `lost` has no key. A channel's revenue is its attributed revenue (its
/// Channels sheet row). Over the SNS channels only the catalogue's `sns_` figures have keys.
fn json_key(metric: &str, scope: Scope) -> Option<String> {
    match scope {
        Scope::Total => match metric {
            "attributed_won" => Some("won".into()),
            "attributed_revenue" => Some("revenue".into()),
            "lost" => None,
            m => Some(m.into()),
        },
        Scope::Channel => match metric {
            "revenue" => Some("attributed_revenue".into()),
            m => Some(m.into()),
        },
        Scope::Sns => {
            let sns = format!("sns_{metric}");
            metric_of(&sns).map(|_| sns)
        }
    }
}

#[derive(Clone, Copy)]
enum Scope {
    Total,
    Sns,
    Channel,
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => a.is_null() && b.is_null(),
    }
}

/// Runs explain for one figure and checks it against `figures` (the summary's totals or one
/// channel's object); returns whether the value was compared (there was a JSON key).
fn check_one(
    dir: &Path,
    input: &str,
    metric: &str,
    channel: Option<&str>,
    figures: &Value,
    cells: &SheetFigures,
) -> (bool, bool) {
    let mut args = vec!["explain", input, "--metric", metric, "--lang", "en"];
    if let Some(c) = channel {
        args.extend(["--channel", c]);
    }
    args.extend(["--format", "json"]);
    let out = kpibook(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    let explained: Value = serde_json::from_str(&stdout(&out)).expect("explain prints JSON");
    let scope = match (channel, metric.starts_with("sns_")) {
        (Some(_), _) => Scope::Channel,
        (None, true) => Scope::Sns,
        (None, false) => Scope::Total,
    };
    let what = format!("{metric} on {}", channel.unwrap_or("the totals"));
    let parts = explained["parts"].as_array().expect("parts");
    assert!(!parts.is_empty(), "{what}: no parts");
    for part in parts {
        let id = part["part"].as_str().expect("part id");
        let value = &part["value"];
        if let Some(figure) = json_key(id, scope).and_then(|k| figures.get(&k)) {
            assert!(same(value, figure), "{what}: part {id} {value} vs {figure}");
        }
        if ["leads", "mql", "opportunities", "won", "lost"].contains(&id) {
            assert_eq!(
                value.as_f64(),
                part["rows"].as_f64(),
                "{what}: the rows of {id} do not add up to it"
            );
        }
    }
    // The Channels sheet's cell of the figure, where the sheet has a column for it.
    let row = channel.unwrap_or("").to_string();
    let on_sheet = cells.get(&(row, metric.to_string()));
    if let Some(cell) = on_sheet {
        let value = explained["value"].as_f64();
        let equal = match (value, cell) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
            (a, b) => a.is_none() && b.is_none(),
        };
        assert!(
            equal,
            "{what}: explain says {value:?}, the Channels sheet {cell:?}"
        );
    }
    let Some(key) = json_key(metric.trim_start_matches("sns_"), scope) else {
        return (false, on_sheet.is_some());
    };
    let key = if matches!(scope, Scope::Sns) {
        metric.to_string()
    } else {
        key
    };
    let figure = figures
        .get(&key)
        .unwrap_or_else(|| panic!("{what}: the summary JSON has no {key}"));
    assert!(
        same(&explained["value"], figure),
        "{what}: explain says {}, the summary JSON {figure}",
        explained["value"]
    );
    (true, on_sheet.is_some())
}

/// The Channels sheet's figures as the workbook caches them: (channel id, or "" for the total
/// row; metric id) -> the cell's number, `None` for an empty cell.
type SheetFigures = BTreeMap<(String, String), Option<f64>>;

/// Reads the Channels sheet (チャネル別) of a report: its columns named by their headers (a
/// metric's label, resolved to its id as a target's name would be), its rows by the channel id in
/// column B, and the total row (合計 / Total in column A).
fn channels_sheet(path: &Path) -> SheetFigures {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the report opens");
    let range = workbook
        .worksheet_range("チャネル別")
        .or_else(|_| workbook.worksheet_range("Channels"))
        .expect("a Channels sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let text = |cell: Option<&Data>| match cell {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let header = rows
        .iter()
        .position(|r| text(r.get(1)) == "チャネルID" || text(r.get(1)) == "Channel id")
        .expect("the header row");
    let metrics: Vec<(usize, String)> = rows[header]
        .iter()
        .enumerate()
        .skip(3)
        .filter_map(|(col, cell)| Some((col, resolve_metric(&text(Some(cell)))?)))
        .collect();
    assert!(
        metrics.len() >= 12,
        "every metric column is named: {metrics:?}"
    );
    let mut figures = SheetFigures::new();
    for row in &rows[header + 1..] {
        let key = match (text(row.first()).as_str(), text(row.get(1))) {
            ("合計" | "Total", _) => String::new(),
            (_, id) if !id.is_empty() => id,
            _ => continue,
        };
        for (col, metric) in &metrics {
            let value = match row.get(*col) {
                Some(Data::Float(x)) => Some(*x),
                Some(Data::Int(x)) => Some(*x as f64),
                _ => None,
            };
            figures
                .entry((key.clone(), metric.clone()))
                .or_insert(value);
        }
        if key.is_empty() {
            break;
        }
    }
    figures
}

/// Checks every explained figure of the report of `input` in `dir`; returns how many (metric,
/// channel) pairs had their value compared with the summary JSON, and how many with the Channels
/// sheet.
fn check_all(dir: &Path, input: &str) -> (usize, usize) {
    let out = kpibook(
        dir,
        &["report", input, "-o", "r.xlsx", "--summary-json", "s.json"],
    );
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let summary = read_json(&dir.join("s.json"));
    let cells = channels_sheet(&dir.join("r.xlsx"));
    let (base, sns) = explained();
    let (mut compared, mut on_sheet) = (0, 0);
    for metric in base.iter().chain(&sns) {
        let (json, sheet) = check_one(dir, input, metric, None, &summary["totals"], &cells);
        (compared, on_sheet) = (compared + json as usize, on_sheet + sheet as usize);
    }
    let channels = summary["channels"].as_object().expect("channels");
    assert!(!channels.is_empty());
    let per_channel = |m: &&&str| metric_of(m).is_some_and(|m| m.is_answered_by(Level::Channel));
    for (channel, figures) in channels {
        for metric in base.iter().filter(per_channel) {
            let (json, sheet) = check_one(dir, input, metric, Some(channel), figures, &cells);
            (compared, on_sheet) = (compared + json as usize, on_sheet + sheet as usize);
        }
    }
    (compared, on_sheet)
}

#[test]
fn explain_gives_the_samples_figures_for_every_metric_and_channel() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let dir = temp_dir();
    let (compared, on_sheet) = check_all(dir.path(), &path_str(&samples));
    // 26 totals with a JSON key (the 19 metrics with parts but lost, and 8 sns_ forms), 18
    // metrics on each of the samples' 13 channels (average_won_amount is a total only).
    assert_eq!(compared, 26 + 18 * 13);
    // The Channels sheet's 12 columns explain knows (cost .. roi), on 13 channel rows and the
    // total row.
    assert_eq!(on_sheet, 12 * 13 + 12);
}

/// Six channels: linkedin (cost; won, lost, open), webinar (cost; lost only; a lead without MQL),
/// search_ads (cost; won), x (no cost row; MQL, open deal), referral (no cost row; one lead, no
/// deal) and `unattributed` (a won deal without a lead).
fn generated() -> Vec<(&'static str, Vec<Vec<V>>)> {
    let lead = |id, y, m, d, channel, mql: Option<(u16, u8, u8)>| {
        let mql = mql.map_or(E, |(y, m, d)| D(y, m, d));
        vec![S(id), D(y, m, d), S(channel), mql]
    };
    let deal = |id, lead: V, created: (u16, u8, u8), status, amount: V, closed: V| {
        vec![
            S(id),
            lead,
            D(created.0, created.1, created.2),
            S(status),
            amount,
            closed,
        ]
    };
    vec![
        (
            "リード",
            vec![
                vec![S("リードID"), S("獲得日"), S("流入元"), S("MQL化日")],
                lead("L1", 2025, 4, 2, "LinkedIn", Some((2025, 4, 5))),
                lead("L2", 2025, 4, 3, "LinkedIn", Some((2025, 4, 9))),
                lead("L3", 2025, 4, 8, "LinkedIn", None),
                lead("L4", 2025, 4, 10, "ウェビナー", Some((2025, 4, 12))),
                lead("L5", 2025, 4, 11, "ウェビナー", None),
                lead("L6", 2025, 5, 1, "リスティング", Some((2025, 5, 2))),
                lead("L7", 2025, 5, 3, "X", Some((2025, 5, 6))),
                lead("L8", 2025, 5, 4, "X", None),
                lead("L9", 2025, 5, 20, "referral", None),
            ],
        ),
        (
            "商談",
            vec![
                vec![
                    S("商談ID"),
                    S("リードID"),
                    S("商談化日"),
                    S("ステータス"),
                    S("受注額"),
                    S("受注日"),
                ],
                deal(
                    "D1",
                    S("L1"),
                    (2025, 4, 10),
                    "受注",
                    N(800_000.0),
                    D(2025, 5, 10),
                ),
                deal("D2", S("L2"), (2025, 4, 15), "失注", E, D(2025, 5, 12)),
                deal("D3", S("L3"), (2025, 4, 20), "商談中", E, E),
                deal("D4", S("L4"), (2025, 4, 20), "失注", E, D(2025, 5, 1)),
                deal(
                    "D5",
                    S("L6"),
                    (2025, 5, 5),
                    "受注",
                    N(300_000.0),
                    D(2025, 6, 1),
                ),
                deal("D6", S("L7"), (2025, 5, 8), "商談中", E, E),
                deal("D7", E, (2025, 5, 9), "受注", N(200_000.0), D(2025, 6, 5)),
            ],
        ),
        (
            "費用",
            vec![
                vec![S("年月"), S("チャネル"), S("費目"), S("金額")],
                vec![S("2025/04"), S("LinkedIn"), S("広告費"), N(200_000.0)],
                vec![S("2025/05"), S("LinkedIn"), S("広告費"), N(150_000.0)],
                vec![S("2025/04"), S("ウェビナー"), S("ツール"), N(100_000.0)],
                vec![S("2025/05"), S("リスティング"), S("広告費"), N(50_000.0)],
            ],
        ),
    ]
}

#[test]
fn explain_gives_the_generated_figures_for_every_metric_and_channel() {
    let dir = temp_dir();
    write_xlsx(&dir.path().join("m.xlsx"), &generated());
    let out = kpibook(
        dir.path(),
        &[
            "report",
            "m.xlsx",
            "-o",
            "r.xlsx",
            "--summary-json",
            "s.json",
        ],
    );
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let summary = read_json(&dir.path().join("s.json"));
    // The per-channel rates by hand. linkedin: leads L1-L3, MQL L1 L2, opportunities D1-D3, won
    // D1, lost D2: lead_to_mql 2/3, mql_to_opportunity 3/2, opportunity_rate 3/3, win_rate 1/2.
    let linkedin = &summary["channels"]["linkedin"];
    assert_close(&linkedin["lead_to_mql"], 2.0 / 3.0, "linkedin lead_to_mql");
    assert_close(
        &linkedin["mql_to_opportunity"],
        1.5,
        "linkedin mql_to_opportunity",
    );
    assert_close(
        &linkedin["opportunity_rate"],
        1.0,
        "linkedin opportunity_rate",
    );
    assert_close(&linkedin["win_rate"], 0.5, "linkedin win_rate");
    assert_close(&linkedin["lost"], 1.0, "linkedin lost");
    // webinar: one lost deal, no won: win_rate 0 / (0 + 1) = 0.
    assert_close(
        &summary["channels"]["webinar"]["win_rate"],
        0.0,
        "webinar win_rate",
    );
    // x: no closed deal: win_rate empty; referral: no MQL: mql_to_opportunity empty.
    assert!(summary["channels"]["x"]["win_rate"].is_null());
    assert!(summary["channels"]["referral"]["mql_to_opportunity"].is_null());
    assert!(summary["channels"]["x"]["cost"].is_null());
    let (compared, on_sheet) = check_all(dir.path(), "m.xlsx");
    // 26 totals with a JSON key, 18 metrics on each of the 6 channels; 12 Channels sheet columns
    // on 6 channel rows and the total row.
    assert_eq!(summary["channels"].as_object().map(|c| c.len()), Some(6));
    assert_eq!(compared, 26 + 18 * 6);
    assert_eq!(on_sheet, 12 * 6 + 12);
}
