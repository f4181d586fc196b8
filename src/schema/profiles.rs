//! Export profiles (SPEC section 9): how to read a sheet exactly as a platform or CRM exports it.
//! A profile is data, one TOML file per export: the headers that identify it (its signature), the
//! table it feeds, which header feeds which field (and, for a header the export writes twice,
//! which of its columns: `duplicates`), constant fields, rows that are not data, and cell values
//! that mean "no value". The profiles in `templates/profiles/` are built into the
//! binary (`build.rs` lists them); a team adds its own with `profiles_dir`. Recognising a sheet
//! by its profile is `classify`'s job; reading its rows is `validate`'s.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cell::Cell;
use crate::error::{KpiError, Result};
use crate::lang::Lang;
use crate::schema::{FieldType, Schema};
use crate::values::{normalize_key, DateOrder};

include!(concat!(env!("OUT_DIR"), "/profiles.rs"));

/// One export's profile, as its file says it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A short id, named by `check` and the Summary (`linkedin_posts_en`).
    pub id: String,
    /// What the export is, for people (`LinkedIn Page analytics: posts`).
    pub name: String,
    /// The UI language the export was written in (`en`, `ja`).
    #[serde(default)]
    pub language: String,
    /// The table the export's rows feed.
    pub table: String,
    /// The headers every variant of this export carries in its header row, whatever columns the
    /// user chose (compared like the schema's aliases: trimmed, NFKC, case-folded). An entry may
    /// list alternatives separated by `|` (`Campaign name|Ad set name|Ad name`: the row label the
    /// user chose), any one of which holds it. A sheet whose header row holds every entry is a
    /// candidate; see `Profiles::recognise` for which candidate reads it.
    pub signature: Vec<String>,
    /// Headers whose presence says the sheet is another export (YouTube's table data has no
    /// `Date` column; its chart data, with the same other headers, has).
    #[serde(default)]
    pub absent: Vec<String>,
    /// Header -> field, or header -> several fields the one column feeds. Several headers feeding
    /// one number field add up (X's `Shares` and `Reposts` are both shares); for other fields the
    /// first non-empty one is used. A header written twice in a sheet is read at its first column
    /// unless `duplicates` says otherwise.
    #[serde(default)]
    pub columns: BTreeMap<String, FieldList>,
    /// Which column of a header the export writes twice feeds its field (SPEC section 9: unique
    /// people and total counts, organic and paid): `"first"` (the default), `"last"`, or `"all"`
    /// (numbers add up). Headers compared as in `columns`; `*` for any text.
    #[serde(default)]
    pub duplicates: BTreeMap<String, Occurrence>,
    /// Fields every row of the export has the same value of (`platform = "linkedin"`).
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// Rows that are not data.
    #[serde(default)]
    pub skip: Skip,
    /// Cell texts that mean "no value" in this export (`-` in X's promoted columns, `Lifetime`).
    #[serde(default)]
    pub empty_values: Vec<String>,
    /// Sheet names (`*` for any text) this profile reads; empty for any sheet. Tells apart the
    /// breakdown sheets of one export that share their headers.
    #[serde(default)]
    pub sheet_names: Vec<String>,
    /// The profile whose sheet, in the same file, these rows complete: a row's values fill the
    /// fields that row lacks, matched on the table's key (Facebook's breakdown sheets complete the
    /// Key Metrics sheet's posts). A row with no match there is a row of its own.
    #[serde(default)]
    pub merge_into: Option<String>,
    /// How the export writes all-numeric dates (`mdy` for the US `05/03/2013` of Facebook, Meta
    /// Business Suite and LinkedIn): a fact about the file, so it wins over `date_order`.
    #[serde(default)]
    pub date_order: Option<String>,
    /// Headers whose cell ends the period a cost row's month cell starts (Meta's `Reporting
    /// ends` after `Reporting starts`): a row over days of several months is spread over them by
    /// days, as a row over the period of its file is.
    #[serde(default)]
    pub period_end: Vec<String>,
    /// Whether headers the profile does not name are read by the schema's aliases too: for exports
    /// whose headers are the team's own field names (kintone), where the profile can only name
    /// the system columns.
    #[serde(default)]
    pub read_aliases: bool,
    /// Whether the export writes numbers with a decimal comma and dots between thousands
    /// (`3.210,50`, as LinkedIn writes them in its Portuguese UI): its number cells are read so.
    #[serde(default)]
    pub decimal_comma: bool,
    /// The header of the column that marks each record's first row (kintone's `*`, when the app
    /// has a sub-table): a row with it blank is the next line of the record above's sub-table,
    /// merged into that record, not a record of its own.
    #[serde(default)]
    pub record_start: Option<String>,
    /// Where the profile was read from: the built-in file name or the team's path.
    #[serde(skip)]
    pub source: String,
}

/// Which of the columns sharing one header a profile's field takes (`Profile::duplicates`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Occurrence {
    /// The first column of that header (what most exports put first: the total count).
    #[default]
    First,
    /// The last column of that header.
    Last,
    /// Every column of that header: numbers add up (organic and paid).
    All,
}

/// One field or several.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FieldList {
    One(String),
    Many(Vec<String>),
}

impl FieldList {
    pub fn fields(&self) -> &[String] {
        match self {
            FieldList::One(field) => std::slice::from_ref(field),
            FieldList::Many(fields) => fields,
        }
    }
}

/// Rows of an export that are not data.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skip {
    /// Rows right under the header that describe its columns (Facebook's Key Metrics sheet).
    #[serde(default)]
    pub rows_below_header: usize,
    /// A row whose first non-blank cell is one of these is a total, not data (YouTube's `Total`).
    #[serde(default)]
    pub first_cell: Vec<String>,
    /// A row whose first cell is blank while others are not is a total, not data (the grand total
    /// row GA4 writes under the header, with no dimension value).
    #[serde(default)]
    pub blank_first_cell: bool,
    /// Headers naming what a row is about (its campaign, ad set, ad): a row with figures in which
    /// every one of them that the sheet has is blank is the export's summary row (Ads Manager's
    /// first row, totals with no campaign name), a total, not data.
    #[serde(default)]
    pub unlabelled: Vec<String>,
    /// A row whose first non-blank cell is one of these ends the table: it and every row below are
    /// not data (a GA4 CSV's next table, under its own `#` lines).
    #[serde(default)]
    pub end: Vec<String>,
    /// A row whose first non-blank cell is one of these is the export's footer (Salesforce's
    /// `Confidential Information - Do Not Distribute`, `Copyright …`).
    #[serde(default)]
    pub footer: Vec<String>,
    /// Header -> the text a group's row holds under it (LinkedIn's campaign list writes each
    /// campaign group's row with `-` as its campaign name): that row is the sum of the group's
    /// rows, not data.
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
}

/// Why a row of a sheet read by a profile is not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkippedRow {
    /// A description row under the header.
    Description,
    /// A total row.
    Total,
    /// A footer row (a notice under the data).
    Footer,
    /// A row the platform writes as a placeholder: no id, a link ending `/undefined`, every
    /// figure zero (SPEC section 9). Told for any sheet, not only a profile's.
    Placeholder,
    /// A group's row, the sum of the rows of its group (`[skip] groups`).
    Group,
}

impl SkippedRow {
    pub fn as_str(self) -> &'static str {
        match self {
            SkippedRow::Description => "description",
            SkippedRow::Total => "total",
            SkippedRow::Footer => "footer",
            SkippedRow::Placeholder => "placeholder",
            SkippedRow::Group => "group",
        }
    }

    /// Why, for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SkippedRow::Description => lang.pick("列の説明", "column descriptions"),
            SkippedRow::Total => lang.pick("合計行", "total"),
            SkippedRow::Footer => lang.pick("データ下の注記", "notes under the data"),
            SkippedRow::Placeholder => lang.pick(
                "プレースホルダー行: IDなし、リンク末尾が /undefined、数値がすべて0",
                "placeholder rows: no id, a link ending /undefined, every figure zero",
            ),
            SkippedRow::Group => lang.pick(
                "グループの行: そのグループの行の合計",
                "group rows: the sum of their group's rows",
            ),
        }
    }

    /// Whether the rows skipped for this reason are told once for the sheet, all in one item
    /// (there may be many), rather than row by row.
    pub fn told_together(self) -> bool {
        matches!(self, SkippedRow::Placeholder | SkippedRow::Group)
    }
}

impl Profile {
    /// The export's day/month order, if its profile says it.
    pub fn date_order(&self) -> Option<DateOrder> {
        self.date_order.as_deref().and_then(DateOrder::parse)
    }

    /// Whether a sheet of this name may be this export's, and its header row (normalised headers)
    /// holds none of the headers that say it is another export.
    fn may_read(&self, sheet: &str, headers: &[String]) -> bool {
        let sheet = normalize_key(sheet);
        let named = self.sheet_names.is_empty()
            || self
                .sheet_names
                .iter()
                .any(|n| glob(&normalize_key(n), &sheet));
        named && !self.absent.iter().any(|a| holds(a, headers))
    }

    /// What a header row (normalised headers) shows of this export: the signature entries it
    /// holds and lacks, and how many of its headers the profile knows (signature or columns).
    /// The headers known are counted only for a row holding `min_held` entries or more (a
    /// header row may be thousands of cells wide, and most profiles hold nothing of it).
    pub fn evidence(&self, headers: &[String], min_held: usize) -> Evidence {
        let missing: Vec<String> = self
            .signature
            .iter()
            .filter(|entry| !holds(entry, headers))
            .cloned()
            .collect();
        let held = self.signature.len() - missing.len();
        let known = if held >= min_held {
            let patterns: Vec<String> = self
                .signature
                .iter()
                .flat_map(|entry| entry.split('|'))
                .chain(self.columns.keys().map(String::as_str))
                .map(normalize_key)
                .collect();
            headers
                .iter()
                .filter(|h| !h.is_empty() && patterns.iter().any(|p| glob(p, h)))
                .count()
        } else {
            0
        };
        Evidence {
            held,
            missing,
            known,
        }
    }

    /// The fields a header feeds, compared as headers are; a profile's header may hold `*` for
    /// any text (`Amount spent (*)`, whatever the currency).
    pub fn fields_of(&self, header: &str) -> Option<&[String]> {
        let header = normalize_key(header);
        self.columns
            .iter()
            .find(|(h, _)| glob(&normalize_key(h), &header))
            .map(|(_, fields)| fields.fields())
    }

    /// Whether the `occurrence`-th (1-based) of `of` columns headed `header` feeds its field.
    pub fn takes_occurrence(&self, header: &str, occurrence: usize, of: usize) -> bool {
        let header = normalize_key(header);
        let rule = self
            .duplicates
            .iter()
            .find(|(h, _)| glob(&normalize_key(h), &header))
            .map(|(_, rule)| *rule)
            .unwrap_or_default();
        match rule {
            Occurrence::First => occurrence == 1,
            Occurrence::Last => occurrence == of,
            Occurrence::All => true,
        }
    }

    /// Whether a header (as written) ends the period a row's month cell starts (`period_end`).
    pub fn ends_period(&self, header: &str) -> bool {
        let header = normalize_key(header);
        self.period_end
            .iter()
            .any(|h| glob(&normalize_key(h), &header))
    }

    /// Whether a cell means "no value" in this export.
    pub fn is_empty_value(&self, cell: &Cell) -> bool {
        let Cell::Text(text) = cell else {
            return false;
        };
        let text = normalize_key(text);
        self.empty_values.iter().any(|v| normalize_key(v) == text)
    }

    /// Whether a row ends the table (`[skip] end`).
    pub fn ends_table(&self, row: &[Cell]) -> bool {
        let Some(first) = row.iter().find(|c| !c.is_blank()) else {
            return false;
        };
        let first = normalize_key(&first.display());
        self.skip
            .end
            .iter()
            .any(|t| glob(&normalize_key(t), &first))
    }

    /// Why a data row (`offset` rows below the header) is not data, if it is not.
    pub fn skipped(&self, offset: usize, row: &[Cell]) -> Option<SkippedRow> {
        if offset < self.skip.rows_below_header {
            return Some(SkippedRow::Description);
        }
        if self.skip.blank_first_cell && row.first().is_none_or(Cell::is_blank) {
            return row
                .iter()
                .any(|c| !c.is_blank())
                .then_some(SkippedRow::Total);
        }
        let first = row.iter().find(|c| !c.is_blank())?;
        let first = normalize_key(&first.display());
        let listed = |patterns: &[String]| patterns.iter().any(|t| glob(&normalize_key(t), &first));
        if listed(&self.skip.first_cell) {
            Some(SkippedRow::Total)
        } else {
            listed(&self.skip.footer).then_some(SkippedRow::Footer)
        }
    }

    /// The 0-based offsets in `header` of the columns `[skip] unlabelled` names (none when the
    /// profile names none or the sheet has none of them).
    pub fn label_columns(&self, header: &[Cell]) -> Vec<usize> {
        header
            .iter()
            .enumerate()
            .filter(|(_, cell)| match cell {
                Cell::Text(text) => {
                    let key = normalize_key(text);
                    self.skip
                        .unlabelled
                        .iter()
                        .any(|h| glob(&normalize_key(h), &key))
                }
                _ => false,
            })
            .map(|(offset, _)| offset)
            .collect()
    }

    /// The 0-based offsets in `header` of the columns `[skip] groups` names, each with the text
    /// a group's row holds there.
    pub fn group_columns(&self, header: &[Cell]) -> Vec<(usize, String)> {
        header
            .iter()
            .enumerate()
            .filter_map(|(offset, cell)| {
                let Cell::Text(text) = cell else {
                    return None;
                };
                let key = normalize_key(text);
                self.skip
                    .groups
                    .iter()
                    .find(|(h, _)| glob(&normalize_key(h), &key))
                    .map(|(_, marker)| (offset, normalize_key(marker)))
            })
            .collect()
    }

    /// The 0-based offset in `header` of the `record_start` column, if the profile names one
    /// and the sheet has it.
    pub fn record_start_column(&self, header: &[Cell]) -> Option<usize> {
        let wanted = normalize_key(self.record_start.as_deref()?);
        header
            .iter()
            .position(|cell| matches!(cell, Cell::Text(t) if normalize_key(t) == wanted))
    }

    /// A number written with a decimal comma (`3.210,50`) as the number reader takes it
    /// (`3,210.50`), for an export with `decimal_comma`; `None` for any other cell or profile.
    pub fn with_decimal_point(&self, cell: &Cell) -> Option<Cell> {
        let Cell::Text(text) = cell else {
            return None;
        };
        if !self.decimal_comma || !text.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let swapped = text
            .chars()
            .map(|c| match c {
                ',' => '.',
                '.' => ',',
                other => other,
            })
            .collect();
        Some(Cell::Text(swapped))
    }

    /// Refuses a profile that names a table or field the schema lacks, or whose signature is
    /// empty: a team's profile is checked as it is read, so a typo is an error naming it.
    fn check(&self, schema: &Schema) -> std::result::Result<(), String> {
        let Some(table) = schema.table(&self.table) else {
            return Err(format!("there is no table `{}`", self.table));
        };
        if self.signature.is_empty() {
            return Err("`signature` must name at least one header".into());
        }
        if let Some(order) = self.date_order.as_deref() {
            if DateOrder::parse(order).is_none() {
                return Err(format!(
                    "`date_order` must be mdy, dmy or ymd, not \"{order}\""
                ));
            }
        }
        if self.merge_into.is_some() && table.key_field().is_none() {
            return Err(format!(
                "`merge_into` needs a table with a key; `{}` has none",
                self.table
            ));
        }
        let fields = self
            .columns
            .values()
            .flat_map(FieldList::fields)
            .chain(self.constants.keys());
        for field in fields {
            if table.field(field).is_none() {
                return Err(format!(
                    "the table `{}` has no field `{field}` (fields: {})",
                    self.table,
                    table
                        .fields
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if let Some(header) = self.duplicates.keys().find(|h| self.fields_of(h).is_none()) {
            return Err(format!(
                "`duplicates`: \"{header}\" is not a header of [columns]"
            ));
        }
        for (field, value) in &self.constants {
            let field_type = table.field(field).map(|f| f.field_type);
            if value.trim().is_empty() && field_type != Some(FieldType::Text) {
                return Err(format!("the constant `{field}` is empty"));
            }
        }
        Ok(())
    }
}

/// What a header row shows of one export (`Profile::evidence`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Signature entries the row holds.
    pub held: usize,
    /// Signature entries it lacks, as the profile writes them.
    pub missing: Vec<String>,
    /// Headers of the row the profile knows (its signature's and its columns').
    pub known: usize,
}

/// A sheet that holds most of a profile's signature but not all of it (SPEC section 9): `check`
/// names the profile and the headers missing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NearMiss {
    pub profile: String,
    /// The profile's `name`, for people.
    #[serde(skip)]
    pub name: String,
    /// The signature entries the sheet lacks, as the profile writes them (`a|b`: either).
    pub missing: Vec<String>,
}

/// A near miss holds at least this many signature entries, and more than it lacks.
const NEAR_MISS_MIN_HELD: usize = 2;

/// Whether a header row (normalised headers) holds a signature entry: one of its `|`
/// alternatives, each a pattern where `*` is any text.
fn holds(entry: &str, headers: &[String]) -> bool {
    entry.split('|').any(|alternative| {
        let pattern = normalize_key(alternative);
        headers.iter().any(|h| glob(&pattern, h))
    })
}

/// Whether `text` matches `pattern`, where `*` in the pattern stands for any text (none included).
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Every profile in force: the built-in ones, then the team's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profiles {
    list: Vec<Profile>,
}

impl Profiles {
    /// No profiles: sheets are read by the schema's aliases alone.
    pub fn none() -> Profiles {
        Profiles::default()
    }

    /// The built-in profiles and, with `dir`, every `*.toml` file in it (a team's own profile with
    /// the id of a built-in one replaces it).
    pub fn load(dir: Option<&Path>, schema: &Schema) -> Result<Profiles> {
        let mut list = Vec::new();
        for (name, text) in BUILT_IN_PROFILES {
            list.push(parse(text, &format!("templates/profiles/{name}"), schema)?);
        }
        if let Some(dir) = dir {
            for path in team_files(dir)? {
                let text = std::fs::read_to_string(&path).map_err(|e| KpiError::Schema {
                    source_name: path.display().to_string(),
                    message: format!("cannot be read ({e})"),
                })?;
                let profile = parse(&text, &path.display().to_string(), schema)?;
                list.retain(|p: &Profile| p.id != profile.id);
                list.push(profile);
            }
        }
        // A profile merges into one that exists.
        for profile in &list {
            if let Some(target) = &profile.merge_into {
                if !list.iter().any(|p| p.id == *target) {
                    return Err(KpiError::Schema {
                        source_name: profile.source.clone(),
                        message: format!("`merge_into`: there is no profile `{target}`"),
                    });
                }
            }
        }
        Ok(Profiles { list })
    }

    /// The profile a header row (normalised headers) belongs to, by its evidence: among the
    /// profiles whose whole signature it holds, the one that knows most of its headers (signature
    /// and columns), then the longer signature, then one that names its sheets, then the first id.
    pub fn recognise(&self, sheet: &str, headers: &[String]) -> Option<&Profile> {
        self.list
            .iter()
            .filter(|p| p.may_read(sheet, headers))
            .map(|p| (p, p.evidence(headers, p.signature.len())))
            .filter(|(_, e)| e.missing.is_empty())
            .max_by_key(|(p, e)| {
                (
                    e.known,
                    p.signature.len(),
                    !p.sheet_names.is_empty(),
                    std::cmp::Reverse(p.id.as_str()),
                )
            })
            .map(|(p, _)| p)
    }

    /// The profile a header row nearly belongs to: it holds at least `NEAR_MISS_MIN_HELD` of its
    /// signature entries, and more than it lacks, but not all (the most held wins, then the most
    /// headers known, then the first id). Meant for a row no profile recognises.
    pub fn near_miss(&self, sheet: &str, headers: &[String]) -> Option<NearMiss> {
        self.list
            .iter()
            .filter(|p| p.may_read(sheet, headers))
            .map(|p| (p, p.evidence(headers, NEAR_MISS_MIN_HELD)))
            .filter(|(_, e)| {
                !e.missing.is_empty() && e.held >= NEAR_MISS_MIN_HELD && e.held > e.missing.len()
            })
            .max_by_key(|(p, e)| (e.held, e.known, std::cmp::Reverse(p.id.as_str())))
            .map(|(p, e)| NearMiss {
                profile: p.id.clone(),
                name: p.name.clone(),
                missing: e.missing,
            })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Profile> {
        self.list.iter()
    }
}

/// A profile file's text, checked against the schema (`source_name` names it in errors).
pub fn parse(text: &str, source_name: &str, schema: &Schema) -> Result<Profile> {
    let refuse = |message: String| KpiError::Schema {
        source_name: source_name.to_string(),
        message,
    };
    let mut profile: Profile = toml::from_str(text).map_err(|e| refuse(e.message().into()))?;
    profile.check(schema).map_err(refuse)?;
    profile.source = source_name.to_string();
    Ok(profile)
}

/// The `*.toml` files of a team's profile folder, sorted.
fn team_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| KpiError::Schema {
        source_name: dir.display().to_string(),
        message: format!("the profiles folder cannot be read ({e})"),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::embedded().unwrap()
    }

    /// A sheet name the profile reads.
    fn sheet_named(profile: &Profile) -> String {
        profile
            .sheet_names
            .first()
            .map_or("Sheet1".to_string(), |n| n.replace('*', "x"))
    }

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| normalize_key(h)).collect()
    }

    #[test]
    fn every_built_in_profile_reads_against_the_schema_and_ids_are_unique() {
        let profiles = Profiles::load(None, &schema()).unwrap();
        assert_eq!(profiles.list.len(), BUILT_IN_PROFILES.len());
        let mut ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), BUILT_IN_PROFILES.len(), "duplicate profile ids");
        for profile in profiles.iter() {
            // Every field a built-in profile feeds is given by a column or a constant, and the
            // profile's own signature is recognised as it.
            assert!(!profile.columns.is_empty(), "{}", profile.id);
            let signature: Vec<String> = profile
                .signature
                .iter()
                .map(|s| normalize_key(&s.split('|').next().unwrap_or_default().replace('*', "x")))
                .collect();
            assert_eq!(
                profiles
                    .recognise(&sheet_named(profile), &signature)
                    .map(|p| p.id.as_str()),
                Some(profile.id.as_str()),
                "a sheet with just the signature of {} is read by another profile",
                profile.id
            );
        }
    }

    #[test]
    fn the_readme_lists_every_built_in_profile() {
        let readme = include_str!("../../README.md");
        for profile in Profiles::load(None, &schema()).unwrap().iter() {
            assert!(
                readme.contains(&format!("`{}`", profile.id)),
                "README's list of exports lacks {}",
                profile.id
            );
        }
    }

    #[test]
    fn the_longest_matching_signature_wins() {
        let text = |id: &str, signature: &str| {
            format!(
                "id = \"{id}\"\nname = \"n\"\ntable = \"posts\"\nsignature = [{signature}]\n\
                 [columns]\n\"Post id\" = \"post_id\"\n"
            )
        };
        let short = parse(&text("short", "\"Post id\""), "a", &schema()).unwrap();
        let long = parse(&text("long", "\"Post id\", \"Likes\""), "b", &schema()).unwrap();
        let profiles = Profiles {
            list: vec![short, long],
        };
        let found = profiles.recognise("s", &headers(&["POST ID", "likes", "x"]));
        assert_eq!(found.map(|p| p.id.as_str()), Some("long"));
        let found = profiles.recognise("s", &headers(&["Post id"]));
        assert_eq!(found.map(|p| p.id.as_str()), Some("short"));
        assert!(profiles.recognise("s", &headers(&["Likes"])).is_none());
    }

    /// Issue 23: a profile is chosen by how many of the sheet's headers it knows, not by the
    /// length of its signature; an entry holds by any of its alternatives.
    #[test]
    fn the_candidate_knowing_most_headers_wins_and_alternatives_hold_an_entry() {
        let text = |id: &str, signature: &str, columns: &str| {
            format!(
                "id = \"{id}\"\nname = \"n\"\ntable = \"costs\"\nsignature = [{signature}]\n\
                 [columns]\n{columns}"
            )
        };
        let wide = parse(
            &text(
                "wide",
                "\"Cost\", \"Campaign|Ad group\"",
                "\"Cost\" = \"amount\"\n\"Day\" = \"month\"\n\"Impr.\" = \"amount\"\n",
            ),
            "a",
            &schema(),
        )
        .unwrap();
        let long = parse(
            &text(
                "long",
                "\"Cost\", \"Campaign\", \"Clicks\"",
                "\"Cost\" = \"amount\"\n",
            ),
            "b",
            &schema(),
        )
        .unwrap();
        let profiles = Profiles {
            list: vec![long, wide],
        };
        // Both hold their signature; `wide` knows Day and Impr. (4 headers against 3).
        let row = ["Campaign", "Day", "Clicks", "Impr.", "Cost"];
        let found = profiles.recognise("s", &headers(&row));
        assert_eq!(found.map(|p| p.id.as_str()), Some("wide"));
        // Equal knowledge (3 each): the longer signature.
        let found = profiles.recognise("s", &headers(&["Campaign", "Day", "Clicks", "Cost"]));
        assert_eq!(found.map(|p| p.id.as_str()), Some("long"));
        // `Ad group` holds the entry `Campaign|Ad group`.
        let found = profiles.recognise("s", &headers(&["Ad group", "Cost"]));
        assert_eq!(found.map(|p| p.id.as_str()), Some("wide"));
        assert!(profiles
            .recognise("s", &headers(&["Cost", "Clicks"]))
            .is_none());
    }

    #[test]
    fn a_row_holding_most_of_a_signature_is_a_near_miss_naming_what_it_lacks() {
        let text = "id = \"g\"\nname = \"Google\"\ntable = \"costs\"\n\
                    signature = [\"Cost\", \"Campaign|Ad group\", \"Impr.|Currency code\"]\n\
                    [columns]\n\"Cost\" = \"amount\"\n";
        let profiles = Profiles {
            list: vec![parse(text, "g", &schema()).unwrap()],
        };
        let near = profiles
            .near_miss("s", &headers(&["Campaign", "Cost", "Clicks"]))
            .expect("a near miss");
        assert_eq!(
            (near.profile.as_str(), near.missing.as_slice()),
            ("g", ["Impr.|Currency code".to_string()].as_slice())
        );
        // One entry held of three is no near miss; a whole signature is no miss at all.
        assert!(profiles
            .near_miss("s", &headers(&["Cost", "Clicks"]))
            .is_none());
        assert!(profiles
            .near_miss("s", &headers(&["Ad group", "Cost", "Impr."]))
            .is_none());
    }

    #[test]
    fn a_profile_naming_an_unknown_field_is_refused_with_the_field() {
        let text = "id = \"x\"\nname = \"n\"\ntable = \"posts\"\nsignature = [\"A\"]\n\
                    [columns]\n\"A\" = \"likes\"\n";
        let err = parse(text, "mine.toml", &schema()).unwrap_err().to_string();
        assert!(
            err.contains("mine.toml") && err.contains("`likes`"),
            "{err}"
        );
        let text = "id = \"x\"\nname = \"n\"\ntable = \"tweets\"\nsignature = [\"A\"]\n";
        let err = parse(text, "mine.toml", &schema()).unwrap_err().to_string();
        assert!(err.contains("no table `tweets`"), "{err}");
    }

    #[test]
    fn a_star_stands_for_any_text() {
        assert!(glob("amount spent (*)", "amount spent (jpy)"));
        assert!(glob("amount spent (*)", "amount spent ()"));
        assert!(!glob("amount spent (*)", "amount spent"));
        assert!(glob("total*", "total: account"));
        assert!(glob("total*", "total"));
        assert!(!glob("total*", "subtotal"));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxcyyb"));
        assert!(glob("views", "views") && !glob("views", "views2"));
        assert!(!glob("ab*ba", "aba"));
    }

    #[test]
    fn duplicates_say_which_column_of_one_header_a_field_takes() {
        let text = "id = \"x\"\nname = \"n\"\ntable = \"posts\"\nsignature = [\"A\"]\n\
                    duplicates = { \"Views\" = \"last\", \"Clicks\" = \"all\" }\n\
                    [columns]\n\"A\" = \"post_id\"\n\"Views\" = \"video_views\"\n\
                    \"Clicks\" = \"clicks\"\n\"Reach\" = \"reach\"\n";
        let profile = parse(text, "p", &schema()).unwrap();
        assert!(
            !profile.takes_occurrence("VIEWS", 1, 2) && profile.takes_occurrence("views", 2, 2)
        );
        assert!(
            profile.takes_occurrence("Clicks", 1, 2) && profile.takes_occurrence("Clicks", 2, 2)
        );
        // Not named: the first.
        assert!(
            profile.takes_occurrence("Reach", 1, 2) && !profile.takes_occurrence("Reach", 2, 2)
        );
        let typo = text.replace("\"Views\" = \"last\"", "\"Viewz\" = \"last\"");
        let err = parse(&typo, "mine.toml", &schema())
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"Viewz\" is not a header"), "{err}");
        let wrong = text.replace("\"last\"", "\"second\"");
        assert!(parse(&wrong, "mine.toml", &schema()).is_err());
    }

    #[test]
    fn group_rows_record_starts_and_decimal_commas_are_read_as_the_profile_says() {
        let text = "id = \"x\"\nname = \"n\"\ntable = \"costs\"\nsignature = [\"Total\"]\n\
                    decimal_comma = true\nrecord_start = \"*\"\n\
                    [columns]\n\"Total\" = \"amount\"\n[skip]\ngroups = { \"Campaign\" = \"-\" }\n";
        let profile = parse(text, "p", &schema()).unwrap();
        let header: Vec<Cell> = ["*", "Group", "CAMPAIGN", "Total"]
            .iter()
            .map(|h| Cell::Text(h.to_string()))
            .collect();
        assert_eq!(profile.group_columns(&header), [(2, "-".to_string())]);
        assert_eq!(profile.record_start_column(&header), Some(0));
        let read = |t: &str| profile.with_decimal_point(&Cell::Text(t.into()));
        assert_eq!(read("3.210,50"), Some(Cell::Text("3,210.50".into())));
        assert_eq!(read("-"), None);
        assert_eq!(profile.with_decimal_point(&Cell::Number(3.5)), None);
        let plain = parse(&text.replace("decimal_comma = true\n", ""), "p", &schema()).unwrap();
        assert_eq!(
            plain.with_decimal_point(&Cell::Text("3.210,50".into())),
            None
        );
    }

    #[test]
    fn total_and_description_rows_are_told() {
        let text = "id = \"x\"\nname = \"n\"\ntable = \"posts\"\nsignature = [\"A\"]\n\
                    [columns]\n\"A\" = \"post_id\"\n[skip]\nrows_below_header = 1\n\
                    first_cell = [\"Total\", \"合計\"]\n";
        let profile = parse(text, "p", &schema()).unwrap();
        let row = |cells: &[&str]| -> Vec<Cell> {
            cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect()
        };
        assert_eq!(
            profile.skipped(0, &row(&["", "Lifetime: reach"])),
            Some(SkippedRow::Description)
        );
        assert_eq!(
            profile.skipped(1, &row(&["", "TOTAL", "5"])),
            Some(SkippedRow::Total)
        );
        assert_eq!(profile.skipped(1, &row(&["合計"])), Some(SkippedRow::Total));
        assert_eq!(profile.skipped(1, &row(&["Totals are nice"])), None);
    }
}
