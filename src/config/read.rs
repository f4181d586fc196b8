//! Where the values in force come from, in order: the defaults, the config file, the input's
//! settings sheet, the command line; and the check of `[columns.<table>]` against the schema in
//! force. What each key accepts is in `keys`.

use std::path::{Path, PathBuf};

use super::keys::{below_table_hint, Config, Source};
use super::value::{dotted, text_to_value};
use crate::error::{ConfigAt, ConfigError, KpiError, Result};
use crate::ingest::CONFIG_FILE_NAME;
use crate::schema::{FieldType, Schema};
use crate::values::{loose_key, parse_status};

impl Config {
    /// Finds the config file: `explicit` (must exist), else `kpibook.toml` inside the first input
    /// when it is a folder, else beside the first input file.
    pub fn locate(explicit: Option<&Path>, inputs: &[PathBuf]) -> Result<Option<PathBuf>> {
        if let Some(path) = explicit {
            if !path.is_file() {
                return Err(KpiError::Usage(format!(
                    "config file {} not found.",
                    path.display()
                )));
            }
            return Ok(Some(path.to_path_buf()));
        }
        let Some(first) = inputs.first() else {
            return Ok(None);
        };
        let folder = if first.is_dir() {
            Some(first.as_path())
        } else {
            first.parent()
        };
        let candidate = match folder {
            Some(f) if !f.as_os_str().is_empty() => f.join(CONFIG_FILE_NAME),
            _ => PathBuf::from(CONFIG_FILE_NAME),
        };
        Ok(candidate.is_file().then_some(candidate))
    }

    /// Reads a config file over the defaults.
    pub fn from_file(path: &Path) -> std::result::Result<Config, ConfigError> {
        let at = ConfigAt::File(path.display().to_string());
        let whole_file = |message: String| ConfigError {
            key: None,
            at: Some(at.clone()),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| whole_file(format!("cannot be read ({e}).")))?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|span| {
                    let (line, column) = line_and_column(&text, span.start);
                    format!(" at line {line}, column {column}")
                })
                .unwrap_or_default();
            whole_file(format!("is not valid TOML{at}: {}", e.message().trim()))
        })?;
        let mut config = Config {
            file: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, value) in &table {
            config
                .set(key, value, Source::ConfigFile)
                .map_err(|e| e.at(at.clone()))?;
        }
        Ok(config)
    }

    /// Applies key/value rows of a settings sheet, each with the location of its value cell
    /// (`file sheet!B2`). Values are read as TOML values when they parse as one (numbers, arrays),
    /// else as text.
    pub fn apply_settings<'a>(
        &mut self,
        settings: impl IntoIterator<Item = (&'a str, &'a str, String)>,
    ) -> std::result::Result<(), ConfigError> {
        for (key, value, location) in settings {
            let parsed = text_to_value(value);
            self.set(key.trim(), &parsed, Source::SettingsSheet)
                .map_err(|e| e.at(ConfigAt::SettingsCell(location)))?;
        }
        Ok(())
    }

    /// Sets one key from the command line (values given as text); the error has no place.
    pub fn set_from_command_line(
        &mut self,
        key: &str,
        value: &str,
    ) -> std::result::Result<(), ConfigError> {
        self.set(
            key,
            &toml::Value::String(value.to_string()),
            Source::CommandLine,
        )
    }

    /// `[columns.<table>]` values and `[defaults.<table>]` keys must be fields of that table in the
    /// schema in force, which is known only once it is loaded (it may come from `--schema`); a
    /// default of a status field must be a status kpibook reads. The error names the key.
    pub fn check_against_schema(&self, schema: &Schema) -> std::result::Result<(), ConfigError> {
        let source_name = self
            .file
            .as_ref()
            .map_or_else(|| CONFIG_FILE_NAME.to_string(), |f| f.display().to_string());
        let not_a_field = |section: &str, table: &str, key: &str, field: &str| {
            // Table names were checked when the key was read; every schema has every table.
            let fields: Vec<&str> = schema
                .table(table)
                .map(|t| t.fields.iter().map(|f| f.name.as_str()).collect())
                .unwrap_or_default();
            // A top-level key written below the table by mistake reads as one of its keys.
            let hint = below_table_hint(key);
            let key = dotted(&format!("{section}.{table}"), key);
            ConfigError::new(
                &key,
                format!(
                    "`{key}`: \"{field}\" is not a field of the {table} table (fields: {}).{hint}",
                    fields.join(", "),
                ),
            )
            .at(ConfigAt::File(source_name.clone()))
        };
        for (table, mapping) in &self.columns {
            let Some(definition) = schema.table(table) else {
                continue;
            };
            for (header, fields) in mapping {
                if let Some(field) = fields.iter().find(|f| definition.field(f).is_none()) {
                    return Err(not_a_field("columns", table, header, field));
                }
            }
        }
        for (table, constants) in &self.defaults {
            let Some(definition) = schema.table(table) else {
                continue;
            };
            for (field, value) in constants {
                let Some(def) = definition.field(field) else {
                    return Err(not_a_field("defaults", table, field, field));
                };
                let known_status = || {
                    self.statuses
                        .keys()
                        .any(|s| loose_key(s) == loose_key(value))
                        || parse_status(value).is_some()
                };
                if def.field_type == FieldType::Status && !known_status() {
                    let key = dotted(&format!("defaults.{table}"), field);
                    return Err(ConfigError::new(
                        &key,
                        format!(
                            "`{key}`: \"{value}\" is not a status (open, won, lost, a built-in stage or one of [statuses])."
                        ),
                    )
                    .at(ConfigAt::File(source_name.clone())));
                }
            }
        }
        Ok(())
    }

    /// The currency named by the money cells' signs, when no configuration set one.
    pub fn take_currency_from_data(&mut self, code: &str) {
        self.currency = code.to_string();
        self.sources.insert("currency".into(), Source::Data);
    }
}

/// The 1-based line and column (in characters) of a byte offset of `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::keys::{Config, Source};
    use super::*;
    use crate::lang::Lang;

    use super::super::keys::read as parse;

    #[test]
    fn a_place_in_the_text_is_its_line_and_column_in_characters() {
        let text = "lang = \"ja\"\n# 期間\nperiod = x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_and_column(text, offset), (3, 10));
        let comment = text.find('期').unwrap() + '期'.len_utf8();
        // After `# 期`: three characters in, though five bytes.
        assert_eq!(line_and_column(text, comment), (2, 4));
        assert_eq!(line_and_column(text, 0), (1, 1));
    }

    #[test]
    fn defaults_follow_the_spec() {
        let c = Config::default();
        assert_eq!(c.lang, Lang::Ja);
        assert_eq!(c.model, "linear");
        assert_eq!(c.lookback_days, 90);
        assert_eq!(c.gross_margin, 1.0);
        assert_eq!(c.fiscal_year_start_month, 4);
        assert_eq!(c.cv_rate, 0.01);
        assert_eq!(c.sns_channels.len(), 9);
    }

    #[test]
    fn keys_are_read_with_their_source() {
        let c = parse(
            "lang = \"en\"\ngross_margin = 0.8\nmonthly_churn = 0.02\nmodel = \"first_touch\"\n\
             period = \"2025-04-01..2025-06-30\"\nsns_channels = [\"linkedin\", \"x\"]\n\
             [columns.leads]\n\"問合せ日\" = \"created_at\"\n",
        )
        .unwrap();
        assert_eq!(c.lang, Lang::En);
        assert_eq!(c.gross_margin, 0.8);
        assert_eq!(c.monthly_churn, Some(0.02));
        assert_eq!(c.model, "first_touch");
        assert_eq!(
            c.period.unwrap().end,
            NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
        );
        assert_eq!(c.sns_channels, ["linkedin", "x"]);
        assert_eq!(c.columns["leads"]["問合せ日"], ["created_at"]);
        assert_eq!(c.source("gross_margin"), Source::ConfigFile);
        assert_eq!(c.source("lookback_days"), Source::Default);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        assert!(parse("gross_margn = 0.8")
            .unwrap_err()
            .contains("`gross_margn`"));
        assert!(parse("gross_margin = 1.5")
            .unwrap_err()
            .contains("`gross_margin`"));
        assert!(parse("model = \"magic\"").unwrap_err().contains("`model`"));
        assert!(parse("[columns.lead]\n\"x\" = \"y\"")
            .unwrap_err()
            .contains("columns.lead"));
        assert!(parse("[kpi_tree]\nlayer4 = []")
            .unwrap_err()
            .contains("kpi_tree.layer4"));
    }

    #[test]
    fn channel_aliases_must_name_a_channel_id() {
        let c = parse("[channels]\n\"Podcast\" = \"Other\"\n").unwrap();
        assert_eq!(c.channels["Podcast"], "Other");
        // A top-level key written below the table by mistake.
        let err = parse("[channels]\ncurrency = \"USD\"").unwrap_err();
        assert!(err.contains("`channels.currency`"), "{err}");
        assert!(err.contains("\"USD\" is not a channel id"), "{err}");
        assert!(err.contains("above the first [table]"), "{err}");
        // Any other name: the key quoted as in TOML, no word about top-level keys.
        let err = parse("[channels]\n\"Paid Social\" = \"paid\"").unwrap_err();
        assert!(err.contains("`channels.\"Paid Social\"`"), "{err}");
        assert!(!err.contains("top-level"), "{err}");
        let err = parse("[kpi_tree]\nmodel = [\"cpa\"]").unwrap_err();
        assert!(
            err.contains("`kpi_tree.model`") && err.contains("top-level"),
            "{err}"
        );
    }

    #[test]
    fn column_mappings_must_name_fields_of_the_schema_in_force() {
        let schema = Schema::embedded().unwrap();
        let ok = parse("[columns.leads]\n\"問合せ日\" = \"created_at\"").unwrap();
        assert!(ok.check_against_schema(&schema).is_ok());
        let bad = parse("[columns.leads]\n\"問合せ日\" = \"created\"").unwrap();
        let err = bad.check_against_schema(&schema).unwrap_err().to_string();
        assert!(err.contains("`columns.leads.\"問合せ日\"`"), "{err}");
        assert!(
            err.contains("\"created\" is not a field of the leads table"),
            "{err}"
        );
        let slip = parse("[columns.deals]\nlang = \"en\"").unwrap();
        let err = slip.check_against_schema(&schema).unwrap_err().to_string();
        assert!(
            err.contains("`columns.deals.lang`") && err.contains("top-level"),
            "{err}"
        );
    }

    #[test]
    fn settings_sheet_values_override_the_file() {
        let mut c = parse("gross_margin = 0.8").unwrap();
        c.apply_settings([("gross_margin", "0.6", "設定!B2".to_string())])
            .unwrap();
        assert_eq!(c.gross_margin, 0.6);
        assert_eq!(c.source("gross_margin"), Source::SettingsSheet);
        let err = c
            .apply_settings([("lookback", "30", "設定!B3".to_string())])
            .unwrap_err();
        assert!(err.to_string().contains("設定!B3") && err.to_string().contains("`lookback`"));
    }
}
