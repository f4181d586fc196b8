//! Finds the header row of a raw sheet (title rows, blank rows and notes above it are skipped; the
//! first 30 sheet rows are searched) and decides which canonical table the sheet holds; skips the
//! instructions sheet of `kpibook init`, and reads the key / value rows of settings sheets (needed
//! before validation, to build the configuration). Not for typing cells: that is `validate`.

use std::collections::BTreeMap;

use crate::cell::{a1, Cell};
use crate::ingest::{Ingested, RawSheet};
use crate::schema::profiles::{NearMiss, Profile, Profiles};
use crate::schema::{ColumnMappings, Defaults, HeaderIndex, Schema, TableDef, TABLE_ORDER};
use crate::values::normalize_key;

/// Header rows are looked for in this many sheet rows from the top.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// One input column that maps to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    /// 0-based sheet column.
    pub col: u32,
    pub field: String,
    /// The header as written.
    pub header: String,
}

/// A sheet recognised as a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub table: String,
    /// Index into `RawSheet::rows` of the header row.
    pub header_index: usize,
    /// Columns used, one per field (the first of duplicates).
    pub columns: Vec<MappedColumn>,
    /// Later columns whose header maps to a field already taken (reported as `duplicate_column`).
    pub duplicates: Vec<MappedColumn>,
    /// Required fields of the table with no column.
    pub missing_required: Vec<String>,
    /// The export profile the sheet is read by; `None` when it is read by the schema's aliases.
    pub profile: Option<Profile>,
    /// Further columns of a profile feeding a field already in `columns`: numbers add up, other
    /// values fill the field where the first column is empty.
    pub added: Vec<MappedColumn>,
    /// The config's `[defaults.<table>]` constants of fields the sheet has no column for: every
    /// row takes them, as if written in it (field, value as written).
    pub defaults: Vec<(String, String)>,
    /// The table's key field when the sheet has no column for it: each row's key is made of its
    /// source (file, sheet, row), said once as a `generated_key` warning.
    pub generated_key: Option<String>,
}

impl Classification {
    /// The profile whose sheet this sheet's rows complete (`Profile::merge_into`), if any.
    pub fn merges_into(&self) -> Option<&str> {
        self.profile.as_ref()?.merge_into.as_deref()
    }
}

/// The table an unrecognised sheet resembles most: the best-scoring header candidate that fell
/// short of the threshold `classify` applies. Used to tell the user what to map.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    pub table: String,
    /// 1-based sheet row of the row that matched best.
    pub header_row: u32,
    /// The headers of that row that name a field of the table.
    pub matched: Vec<MappedColumn>,
    /// The other header cells of that row, as written.
    pub unmatched: Vec<String>,
    /// Required fields of the table with no column.
    pub missing_required: Vec<String>,
}

/// A sheet resembles a table only when its header names at least this many of the table's
/// fields: one shared word such as "Title" says nothing.
pub const NEAREST_MIN_FIELDS: usize = 2;

/// Classifies one sheet; `None` when no row in the search area looks like a header of any table.
/// `headers` is `Schema::header_index`.
pub fn classify(
    sheet: &RawSheet,
    schema: &Schema,
    headers: &HeaderIndex,
    defaults: &Defaults,
) -> Option<Classification> {
    best(candidates(sheet, schema, headers, defaults).filter(|c| c.recognised))
}

/// The table a sheet that `classify` did not recognise resembles most, if any header row in the
/// search area names `NEAREST_MIN_FIELDS` fields of one table.
pub fn nearest(
    sheet: &RawSheet,
    schema: &Schema,
    headers: &HeaderIndex,
    defaults: &Defaults,
) -> Option<Nearest> {
    let found = best(
        candidates(sheet, schema, headers, defaults)
            .filter(|c| c.classification.columns.len() >= NEAREST_MIN_FIELDS),
    )?;
    let mut used = found.columns.clone();
    used.extend(found.duplicates.iter().cloned());
    // A read sheet lacking its key column gets generated keys; a sheet that is not read is told
    // the key too, since mapping its id column is what a team most likely wants.
    let mut missing_required = found.missing_required;
    if let Some(key) = found.generated_key {
        missing_required.insert(0, key);
    }
    Some(Nearest {
        unmatched: unused_headers(sheet, found.header_index, &used),
        table: found.table,
        header_row: sheet.first_row + found.header_index as u32 + 1,
        matched: found.columns,
        missing_required,
    })
}

/// The non-blank header cells of row `header_index` that are not among `used`, as written (a
/// duplicate column, which maps to a field already taken, counts as unused unless listed).
pub fn unused_headers(sheet: &RawSheet, header_index: usize, used: &[MappedColumn]) -> Vec<String> {
    let Some(row) = sheet.rows.get(header_index) else {
        return Vec::new();
    };
    row.iter()
        .enumerate()
        .filter(|(offset, cell)| {
            let col = sheet.first_col + *offset as u32;
            !cell.is_blank() && !used.iter().any(|c| c.col == col)
        })
        .map(|(_, cell)| cell.display().trim().to_string())
        .collect()
}

/// One header row read as one table, scored.
struct Candidate {
    score: Score,
    /// Whether the row names enough of the table to be read as it.
    recognised: bool,
    classification: Classification,
}

/// The best-scoring candidate; earlier ones win ties.
fn best(candidates: impl Iterator<Item = Candidate>) -> Option<Classification> {
    let mut best: Option<Candidate> = None;
    for candidate in candidates {
        if best.as_ref().is_none_or(|b| candidate.score > b.score) {
            best = Some(candidate);
        }
    }
    best.map(|c| c.classification)
}

/// Every (row of the search area, table) pair whose row names at least one field of the table,
/// rows from the top and tables in `TABLE_ORDER`.
fn candidates<'a>(
    sheet: &'a RawSheet,
    schema: &'a Schema,
    headers: &'a HeaderIndex,
    defaults: &'a Defaults,
) -> impl Iterator<Item = Candidate> + 'a {
    let search = HEADER_SEARCH_ROWS.saturating_sub(sheet.first_row) as usize;
    let sheet_name = normalize_key(&sheet.sheet);
    sheet
        .rows
        .iter()
        .enumerate()
        .take(search)
        .flat_map(move |(index, row)| {
            let sheet_name = sheet_name.clone();
            TABLE_ORDER.iter().filter_map(move |table_name| {
                let (Some(table), Some(table_headers)) =
                    (schema.table(table_name), headers.get(*table_name))
                else {
                    return None;
                };
                let candidate = match_row(sheet, index, row, table_name, table_headers)?;
                let candidate = with_constants(candidate, table, defaults.get(*table_name), None);
                let has = |field: &str| {
                    candidate.columns.iter().any(|c| c.field == field)
                        || candidate.defaults.iter().any(|(f, _)| f == field)
                };
                let required: Vec<&str> = table
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.name.as_str())
                    .collect();
                let matched_required = required.iter().filter(|r| has(r)).count();
                let key_matched = table
                    .key_field()
                    .is_some_and(|k| candidate.columns.iter().any(|c| c.field == k.name));
                // An amount, a stage and a close date make a deals export, whatever lead-id
                // column it also has (a CRM's opportunities carry their lead's id).
                let deal_evidence =
                    table.name == "deals" && has("amount") && has("status") && has("closed_at");
                // A header must name at least two fields, and half the required ones or the key.
                let recognised = deal_evidence
                    || (candidate.columns.len() >= 2
                        && (matched_required * 2 >= required.len() || key_matched)
                        && (!table.needs_every_required || matched_required == required.len()));
                let named_like_table = table
                    .sheet_aliases
                    .iter()
                    .any(|a| normalize_key(a) == sheet_name)
                    || normalize_key(&table.name) == sheet_name;
                let score = Score {
                    deal_evidence,
                    complete: matched_required == required.len(),
                    fields: candidate.columns.len(),
                    required: matched_required,
                    named_like_table,
                };
                Some(Candidate {
                    score,
                    recognised,
                    classification: candidate,
                })
            })
        })
}

/// Completes a classification with what the columns do not give: the profile's constants and the
/// config's defaults (`[defaults.<table>]`) of fields without a column, the generated key when the
/// sheet has no column for the table's key, and the required fields still missing.
fn with_constants(
    mut class: Classification,
    table: &TableDef,
    defaults: Option<&BTreeMap<String, String>>,
    profile: Option<&Profile>,
) -> Classification {
    let has_column =
        |class: &Classification, field: &str| class.columns.iter().any(|c| c.field == field);
    let from_profile = |field: &str| profile.is_some_and(|p| p.constants.contains_key(field));
    class.defaults = defaults
        .into_iter()
        .flatten()
        .filter(|(field, _)| !has_column(&class, field) && !from_profile(field))
        .map(|(field, value)| (field.clone(), value.clone()))
        .collect();
    class.generated_key = table
        .key_field()
        .filter(|k| !has_column(&class, &k.name) && !from_profile(&k.name))
        .filter(|k| !class.defaults.iter().any(|(f, _)| *f == k.name))
        .map(|k| k.name.clone());
    class.missing_required = table
        .fields
        .iter()
        .filter(|f| f.required)
        .filter(|f| !has_column(&class, &f.name) && !from_profile(&f.name))
        .filter(|f| !class.defaults.iter().any(|(d, _)| *d == f.name))
        .filter(|f| class.generated_key.as_deref() != Some(f.name.as_str()))
        .map(|f| f.name.clone())
        .collect();
    class
}

/// Ordering of header candidates: a deals export first (amount, stage and close date), then
/// complete tables, then more matched fields, then more required fields, then a sheet named like
/// the table. Earlier rows win ties (see `best`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    deal_evidence: bool,
    complete: bool,
    fields: usize,
    required: usize,
    named_like_table: bool,
}

fn match_row(
    sheet: &RawSheet,
    index: usize,
    row: &[Cell],
    table: &str,
    headers: &BTreeMap<String, Vec<String>>,
) -> Option<Classification> {
    let mut columns: Vec<MappedColumn> = Vec::new();
    let mut duplicates = Vec::new();
    for (offset, cell) in row.iter().enumerate() {
        let Cell::Text(text) = cell else { continue };
        let Some(fields) = headers.get(&normalize_key(text)) else {
            continue;
        };
        // A header may feed several fields (`"won_date" = ["closed_at", "created_at"]`).
        let col = sheet.first_col + offset as u32;
        place(&mut columns, &mut duplicates, col, text, fields);
    }
    if columns.is_empty() {
        return None;
    }
    Some(Classification {
        table: table.to_string(),
        header_index: index,
        columns,
        duplicates,
        missing_required: Vec::new(),
        profile: None,
        added: Vec::new(),
        defaults: Vec::new(),
        generated_key: None,
    })
}

/// Maps header `text` in sheet column `col` to each of `fields`: into `columns` for a field not
/// yet taken, else into `taken` (a duplicate column, or one more column of a profile's field).
fn place(
    columns: &mut Vec<MappedColumn>,
    taken: &mut Vec<MappedColumn>,
    col: u32,
    text: &str,
    fields: &[String],
) {
    for field in fields {
        let mapped = MappedColumn {
            col,
            field: field.clone(),
            header: text.trim().to_string(),
        };
        if columns.iter().any(|c| c.field == *field) {
            taken.push(mapped);
        } else {
            columns.push(mapped);
        }
    }
}

/// Reads a sheet by the export profile its header row matches, if one does (SPEC section 9): the
/// first row of the search area whose headers hold a profile's signature.
/// The team's `[columns.<table>]` mappings read the headers they name there too, ahead of the
/// profile.
pub fn by_profile(
    sheet: &RawSheet,
    schema: &Schema,
    profiles: &Profiles,
    team: &TeamHeaders,
) -> Option<Classification> {
    let search = HEADER_SEARCH_ROWS.saturating_sub(sheet.first_row) as usize;
    sheet
        .rows
        .iter()
        .enumerate()
        .take(search)
        .find_map(|(index, row)| {
            let profile = profiles.recognise(&sheet.sheet, &normalised_headers(row))?;
            let class = read_by(profile, sheet, index, row, team);
            let table = schema.table(&profile.table)?;
            Some(with_constants(
                class,
                table,
                team.defaults.get(&profile.table),
                Some(profile),
            ))
        })
}

/// The profile whose signature the sheet nearly holds (SPEC section 9), for a sheet no profile
/// reads: the first row of the search area that is a near miss (`Profiles::near_miss`).
pub fn near_miss(sheet: &RawSheet, profiles: &Profiles) -> Option<NearMiss> {
    let search = HEADER_SEARCH_ROWS.saturating_sub(sheet.first_row) as usize;
    sheet
        .rows
        .iter()
        .take(search)
        .find_map(|row| profiles.near_miss(&sheet.sheet, &normalised_headers(row)))
}

/// A row's cells as headers are compared (`normalize_key`); empty for a cell that is not text.
fn normalised_headers(row: &[Cell]) -> Vec<String> {
    row.iter()
        .map(|cell| match cell {
            Cell::Text(text) => normalize_key(text),
            _ => String::new(),
        })
        .collect()
}

/// The classification of header row `index` read by `profile`.
fn read_by(
    profile: &Profile,
    sheet: &RawSheet,
    index: usize,
    row: &[Cell],
    team: &TeamHeaders,
) -> Classification {
    let mut columns: Vec<MappedColumn> = Vec::new();
    let mut added = Vec::new();
    let mut seen_headers: Vec<String> = Vec::new();
    for (offset, cell) in row.iter().enumerate() {
        let Cell::Text(text) = cell else { continue };
        let key = normalize_key(text);
        // The team's own mapping first, then the profile's, then (for exports whose headers are
        // the team's field names) the schema's aliases.
        let mapped_by_team = team
            .columns
            .get(&profile.table)
            .and_then(|m| m.iter().find(|(h, _)| normalize_key(h) == key))
            .map(|(_, fields)| fields.as_slice());
        let by_alias = || {
            profile
                .read_aliases
                .then(|| team.headers.get(&profile.table)?.get(&key))
                .flatten()
                .map(Vec::as_slice)
        };
        let Some(fields) = mapped_by_team
            .or_else(|| profile.fields_of(text))
            .or_else(by_alias)
        else {
            continue;
        };
        // A header written twice (Facebook's "Total Count" and "Unique Users" columns under one
        // text) feeds its field from the column the profile's `duplicates` names, by default the
        // first; the others are unused.
        let occurrence = seen_headers.iter().filter(|h| **h == key).count() + 1;
        let of = row
            .iter()
            .filter(|c| matches!(c, Cell::Text(t) if normalize_key(t) == key))
            .count();
        seen_headers.push(key);
        if !profile.takes_occurrence(text, occurrence, of) {
            continue;
        }
        let col = sheet.first_col + offset as u32;
        place(&mut columns, &mut added, col, text, fields);
    }
    Classification {
        table: profile.table.clone(),
        header_index: index,
        columns,
        duplicates: Vec::new(),
        missing_required: Vec::new(),
        profile: Some(profile.clone()),
        added,
        defaults: Vec::new(),
        generated_key: None,
    }
}

/// Names of the instructions sheet `kpibook init` writes, in both languages.
pub const INSTRUCTIONS_SHEET: [&str; 2] = ["使い方", "How to use"];

/// Whether a sheet is the instructions sheet `init` writes: it names columns but holds no table,
/// so classification skips it without an issue.
pub fn is_instructions_sheet(name: &str) -> bool {
    let name = normalize_key(name);
    INSTRUCTIONS_SHEET.iter().any(|n| normalize_key(n) == name)
}

/// What a team says of its sheets' headers in the config, with the index they make with the
/// schema's aliases.
pub struct TeamHeaders<'a> {
    /// `[columns.<table>]`.
    pub columns: &'a ColumnMappings,
    /// `[defaults.<table>]`.
    pub defaults: &'a Defaults,
    /// `Schema::header_index` of `columns`.
    pub headers: HeaderIndex,
}

/// Classifies every sheet (index into `ingested.sheets`, classification or `None` when ignored),
/// with the config's `[columns.<table>]` mappings and `[defaults.<table>]` constants.
pub fn classify_sheets(
    ingested: &Ingested,
    schema: &Schema,
    profiles: &Profiles,
    column_mappings: &ColumnMappings,
    defaults: &Defaults,
) -> Vec<Option<Classification>> {
    let team = TeamHeaders {
        columns: column_mappings,
        defaults,
        headers: schema.header_index(column_mappings),
    };
    ingested
        .sheets
        .iter()
        .map(|sheet| {
            // The instructions sheet of `kpibook init` names columns but holds no table.
            if is_instructions_sheet(&sheet.sheet) {
                return None;
            }
            by_profile(sheet, schema, profiles, &team)
                .or_else(|| classify(sheet, schema, &team.headers, defaults))
        })
        .collect()
}

/// The key / value rows of settings sheets, with a location such as `book.xlsx 設定!B3` for errors.
pub fn read_settings(
    ingested: &Ingested,
    classified: &[Option<Classification>],
) -> Vec<(String, String, String)> {
    let mut settings = Vec::new();
    for (sheet, class) in ingested.sheets.iter().zip(classified) {
        let Some(class) = class.as_ref().filter(|c| c.table == "settings") else {
            continue;
        };
        let column = |field: &str| {
            class
                .columns
                .iter()
                .find(|c| c.field == field)
                .map(|c| c.col)
        };
        let (Some(key_col), Some(value_col)) = (column("key"), column("value")) else {
            continue;
        };
        for (index, row) in sheet.rows.iter().enumerate().skip(class.header_index + 1) {
            let key = cell_at(sheet, row, key_col).display();
            let value = cell_at(sheet, row, value_col).display();
            if key.trim().is_empty() {
                continue;
            }
            let row0 = sheet.first_row + index as u32;
            let location = format!("{} {}!{}", sheet.file, sheet.sheet, a1(row0, value_col));
            settings.push((key.trim().to_string(), value, location));
        }
    }
    settings
}

/// The cell of `row` (a row of `sheet`) in 0-based sheet column `col`; `Empty` past its end.
pub(crate) fn cell_at<'a>(sheet: &RawSheet, row: &'a [Cell], col: u32) -> &'a Cell {
    const EMPTY: &Cell = &Cell::Empty;
    col.checked_sub(sheet.first_col)
        .and_then(|c| row.get(c as usize))
        .unwrap_or(EMPTY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str, first_row: u32, rows: Vec<Vec<&str>>) -> RawSheet {
        RawSheet {
            file: "book.xlsx".into(),
            sheet: name.into(),
            first_row,
            first_col: 0,
            rows: rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(t.into())
                            }
                        })
                        .collect()
                })
                .collect(),
            date1904: false,
            hidden: false,
        }
    }

    fn classify_default(s: &RawSheet) -> Option<Classification> {
        let schema = Schema::embedded().unwrap();
        let headers = schema.header_index(&BTreeMap::new());
        classify(s, &schema, &headers, &BTreeMap::new())
    }

    #[test]
    fn header_found_below_title_and_blank_rows() {
        let s = sheet(
            "Sheet1",
            0,
            vec![
                vec!["2025年度上期 リード一覧"],
                vec![],
                vec!["※ 営業部作成"],
                vec!["リードID", "獲得日", "流入元", "会社名", "担当者名"],
                vec!["L001", "2025/4/1", "LinkedIn", "A社", "山田"],
            ],
        );
        let c = classify_default(&s).expect("classified");
        assert_eq!(c.table, "leads");
        assert_eq!(c.header_index, 3);
        let fields: Vec<&str> = c.columns.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["lead_id", "created_at", "channel", "account"]);
        assert!(c.missing_required.is_empty());
    }

    #[test]
    fn full_width_and_english_headers_match() {
        let s = sheet(
            "x",
            0,
            vec![vec![
                "Deal ID",
                "ＳＴＡＴＵＳ",
                "商談化日",
                "受注額",
                "Close Date",
            ]],
        );
        let c = classify_default(&s).unwrap();
        assert_eq!(c.table, "deals");
        let fields: Vec<&str> = c.columns.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            fields,
            ["deal_id", "status", "created_at", "amount", "closed_at"]
        );
    }

    #[test]
    fn targets_and_custom_metrics_are_told_apart() {
        let targets = sheet(
            "a",
            0,
            vec![vec!["指標", "目標値", "対象月", "チャネル", "種別"]],
        );
        assert_eq!(classify_default(&targets).unwrap().table, "targets");
        let custom = sheet("b", 0, vec![vec!["指標", "年月", "値", "階層"]]);
        assert_eq!(classify_default(&custom).unwrap().table, "custom");
        let costs = sheet("c", 0, vec![vec!["年月", "チャネル", "費目", "金額"]]);
        assert_eq!(classify_default(&costs).unwrap().table, "costs");
    }

    #[test]
    fn a_notes_sheet_is_not_a_table() {
        let s = sheet("はじめに", 0, vec![vec!["このブックは…"], vec!["リードID"]]);
        assert!(classify_default(&s).is_none());
    }

    #[test]
    fn header_below_row_30_is_not_searched() {
        let mut rows = vec![vec!["note"]; 30];
        rows.push(vec!["リードID", "獲得日"]);
        assert!(classify_default(&sheet("s", 0, rows.clone())).is_none());
        rows.remove(0);
        assert!(classify_default(&sheet("s", 0, rows)).is_some());
    }

    #[test]
    fn duplicate_and_missing_columns_are_reported() {
        let s = sheet("s", 0, vec![vec!["商談ID", "ステータス", "受注額", "金額"]]);
        let c = classify_default(&s).unwrap();
        assert_eq!(c.table, "deals");
        assert_eq!(c.duplicates.len(), 1);
        assert_eq!(c.duplicates[0].header, "金額");
        assert_eq!(c.missing_required, ["created_at"]);
    }

    #[test]
    fn config_column_mapping_wins() {
        let schema = Schema::embedded().unwrap();
        let mut mapping = BTreeMap::new();
        mapping.insert(
            "leads".to_string(),
            BTreeMap::from([("問合せ受付日".to_string(), vec!["created_at".to_string()])]),
        );
        let headers = schema.header_index(&mapping);
        let s = sheet("s", 0, vec![vec!["リードID", "問合せ受付日"]]);
        let c = classify(&s, &schema, &headers, &BTreeMap::new()).unwrap();
        assert_eq!(c.columns[1].field, "created_at");
    }

    /// Issue 15: Zoho's "Potentials" list export was read as leads (its LEADID and Lead Source
    /// columns), and every row rejected for a missing creation date.
    #[test]
    fn issue_15_an_amount_a_stage_and_a_close_date_make_deals_whatever_lead_id_it_has() {
        let s = sheet(
            "Potentials",
            0,
            vec![vec![
                "Potential Name",
                "Created Time",
                "Closing Date",
                "Amount",
                "Stage",
                "Lead Source",
                "LEADID",
            ]],
        );
        let c = classify_default(&s).expect("classified");
        assert_eq!(c.table, "deals");
        let fields: Vec<&str> = c.columns.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            fields,
            ["created_at", "closed_at", "amount", "status", "lead_id"]
        );
        // No deal id column: each row's key is generated, and nothing required is missing.
        assert_eq!(c.generated_key.as_deref(), Some("deal_id"));
        assert!(c.missing_required.is_empty());
    }

    #[test]
    fn one_header_feeds_several_fields_and_defaults_count_as_columns() {
        let schema = Schema::embedded().unwrap();
        let mapping = BTreeMap::from([(
            "deals".to_string(),
            BTreeMap::from([
                (
                    "won_date".to_string(),
                    vec!["closed_at".to_string(), "created_at".to_string()],
                ),
                ("mql_id".to_string(), vec!["lead_id".to_string()]),
                (
                    "declared_monthly_revenue".to_string(),
                    vec!["amount".to_string()],
                ),
            ]),
        )]);
        let defaults = BTreeMap::from([(
            "deals".to_string(),
            BTreeMap::from([("status".to_string(), "won".to_string())]),
        )]);
        let headers = schema.header_index(&mapping);
        let s = sheet(
            "closed_deals",
            0,
            vec![vec![
                "mql_id",
                "seller_id",
                "won_date",
                "business_segment",
                "declared_monthly_revenue",
            ]],
        );
        // Without the default, one required field of three is no deals sheet.
        assert!(classify(&s, &schema, &headers, &BTreeMap::new()).is_none());
        let c = classify(&s, &schema, &headers, &defaults).expect("classified");
        assert_eq!(c.table, "deals");
        let columns: Vec<(u32, &str)> = c
            .columns
            .iter()
            .map(|m| (m.col, m.field.as_str()))
            .collect();
        assert_eq!(
            columns,
            [
                (0, "lead_id"),
                (2, "closed_at"),
                (2, "created_at"),
                (4, "amount")
            ]
        );
        assert_eq!(c.defaults, [("status".to_string(), "won".to_string())]);
        assert_eq!(c.generated_key.as_deref(), Some("deal_id"));
        assert!(c.missing_required.is_empty());
        // A default is not used where the sheet has the column.
        let s = sheet("d", 0, vec![vec!["deal id", "won_date", "status"]]);
        let c = classify(&s, &schema, &headers, &defaults).expect("classified");
        assert!(c.defaults.is_empty() && c.generated_key.is_none());
    }

    #[test]
    fn a_sheet_short_of_posts_is_nearest_to_posts_with_what_matched_and_what_is_missing() {
        let s = sheet(
            "x",
            0,
            vec![vec!["ID", "Date", "Impressions", "Clicks", "Likes"]],
        );
        assert!(classify_default(&s).is_none());
        let schema = Schema::embedded().unwrap();
        let headers = schema.header_index(&BTreeMap::new());
        let n = nearest(&s, &schema, &headers, &BTreeMap::new()).expect("a nearest table");
        assert_eq!(n.table, "posts");
        assert_eq!(n.header_row, 1);
        let matched: Vec<&str> = n.matched.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            matched,
            ["published_at", "impressions", "clicks", "reactions"]
        );
        assert_eq!(n.unmatched, ["ID"]);
        assert_eq!(n.missing_required, ["post_id", "platform"]);
    }

    #[test]
    fn one_shared_word_is_no_nearest_table() {
        let schema = Schema::embedded().unwrap();
        let headers = schema.header_index(&BTreeMap::new());
        let s = sheet("recipes", 0, vec![vec!["Title", "Ingredients", "Minutes"]]);
        assert!(nearest(&s, &schema, &headers, &BTreeMap::new()).is_none());
    }

    #[test]
    fn the_instructions_sheet_is_known_by_name() {
        assert!(is_instructions_sheet("使い方"));
        assert!(is_instructions_sheet(" How to use "));
        assert!(!is_instructions_sheet("リード"));
    }
}
