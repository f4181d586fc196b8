//! Configuration (SPEC section 5): the values in force for one run and where each came from
//! (default, config file, settings sheet, command line). Every key is optional; an unknown key or a
//! bad value is an error naming the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::attribution::ModelParameters;
pub use crate::attribution::MODEL_IDS;
use crate::catalog::{is_metric, METRIC_IDS};
use crate::channels::{ChannelCatalog, DEFAULT_SNS};
use crate::error::{KpiError, Result};
use crate::lang::Lang;
use crate::schema::Schema;
use crate::values::{normalize_key, DateOrder};

/// The name of the config file looked for beside the input (an input folder leaves it out of
/// its files, so ingest owns the name).
pub use crate::ingest::CONFIG_FILE_NAME;

/// The period lives in its own leaf module; re-exported while other modules still name it here.
pub use crate::period::Period;

/// Where a value in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Default,
    ConfigFile,
    SettingsSheet,
    CommandLine,
    /// Read from the input itself (the currency signs of the money cells).
    Data,
}

impl Source {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::Default => lang.pick("既定値", "default"),
            Source::ConfigFile => lang.pick("設定ファイル", "config file"),
            Source::SettingsSheet => lang.pick("設定シート", "settings sheet"),
            Source::CommandLine => lang.pick("コマンドライン", "command line"),
            Source::Data => lang.pick(
                "入力データ (金額の通貨記号)",
                "data (the currency signs of the amounts)",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LtvMethod {
    Churn,
    Lifetime,
    Deal,
}

impl LtvMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            LtvMethod::Churn => "churn",
            LtvMethod::Lifetime => "lifetime",
            LtvMethod::Deal => "deal",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementBasis {
    Impressions,
    Reach,
}

/// Metric ids per KPI layer, when the team sets its own tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct KpiTreeConfig {
    pub layer1: Option<Vec<String>>,
    pub layer2: Option<Vec<String>>,
    pub layer3: Option<Vec<String>>,
}

/// Every value in force for a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub lang: Lang,
    pub currency: String,
    pub period: Option<Period>,
    pub fiscal_year_start_month: u32,
    pub model: String,
    pub lookback_days: u32,
    pub half_life_days: f64,
    pub gross_margin: f64,
    pub monthly_churn: Option<f64>,
    pub lifetime_months: Option<f64>,
    pub purchases_per_customer: f64,
    pub ltv_method: Option<LtvMethod>,
    pub cv_rate: f64,
    pub engagement_rate_basis: EngagementBasis,
    pub sns_channels: Vec<String>,
    pub date_order: Option<DateOrder>,
    /// `[columns.<table>]`: header as written -> field name.
    pub columns: BTreeMap<String, BTreeMap<String, String>>,
    /// `[channels]`: written name -> channel id.
    pub channels: BTreeMap<String, String>,
    pub kpi_tree: KpiTreeConfig,
    /// Where each key's value came from; keys not here are defaults.
    pub sources: BTreeMap<String, Source>,
    /// The config file read, if any.
    pub file: Option<PathBuf>,
}

/// The scalar keys, in the order the Assumptions sheet lists them.
pub const SCALAR_KEYS: [&str; 17] = [
    "lang",
    "currency",
    "period",
    "fiscal_year_start_month",
    "model",
    "lookback_days",
    "half_life_days",
    "gross_margin",
    "monthly_churn",
    "lifetime_months",
    "purchases_per_customer",
    "ltv_method",
    "cv_rate",
    "engagement_rate_basis",
    "sns_channels",
    "date_order",
    "channels",
];

/// The keys that are tables (`[channels]`, `[columns.<table>]`, `[kpi_tree]`).
const TABLE_KEYS: [&str; 3] = ["channels", "columns", "kpi_tree"];

impl Default for Config {
    fn default() -> Self {
        Config {
            lang: Lang::Ja,
            currency: "JPY".into(),
            period: None,
            fiscal_year_start_month: 4,
            model: "linear".into(),
            lookback_days: 90,
            half_life_days: 7.0,
            gross_margin: 1.0,
            monthly_churn: None,
            lifetime_months: None,
            purchases_per_customer: 1.0,
            ltv_method: None,
            cv_rate: 0.01,
            engagement_rate_basis: EngagementBasis::Impressions,
            sns_channels: DEFAULT_SNS.iter().map(|s| s.to_string()).collect(),
            date_order: None,
            columns: BTreeMap::new(),
            channels: BTreeMap::new(),
            kpi_tree: KpiTreeConfig::default(),
            sources: BTreeMap::new(),
            file: None,
        }
    }
}

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
    pub fn from_file(path: &Path) -> Result<Config> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| KpiError::config(&name, format!("cannot be read ({e}).")))?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            KpiError::config(&name, format!("is not valid TOML: {}", e.message().trim()))
        })?;
        let mut config = Config {
            file: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, value) in &table {
            config
                .set(key, value, Source::ConfigFile)
                .map_err(|m| KpiError::config(&name, m))?;
        }
        Ok(config)
    }

    /// Applies key/value rows of a settings sheet. Values are read as TOML values when they parse
    /// as one (numbers, arrays), else as text.
    pub fn apply_settings<'a>(
        &mut self,
        settings: impl IntoIterator<Item = (&'a str, &'a str, String)>,
    ) -> Result<()> {
        for (key, value, location) in settings {
            let parsed = text_to_value(value);
            self.set(key.trim(), &parsed, Source::SettingsSheet)
                .map_err(|m| KpiError::config(location, m))?;
        }
        Ok(())
    }

    /// Sets one key from the command line (values given as text).
    pub fn set_from_command_line(&mut self, key: &str, value: &str) -> Result<()> {
        self.set(
            key,
            &toml::Value::String(value.to_string()),
            Source::CommandLine,
        )
        .map_err(|m| KpiError::Usage(m.to_string()))
    }

    /// `[columns.<table>]` values must be fields of that table in the schema in force, which is
    /// known only once it is loaded (it may come from `--schema`); the error names the key.
    pub fn check_columns(&self, schema: &Schema) -> Result<()> {
        for (table, mapping) in &self.columns {
            // Table names were checked when the key was read; every schema has every table.
            let Some(definition) = schema.table(table) else {
                continue;
            };
            let Some((header, field)) = mapping
                .iter()
                .find(|(_, field)| definition.field(field).is_none())
            else {
                continue;
            };
            let fields: Vec<&str> = definition.fields.iter().map(|f| f.name.as_str()).collect();
            let source_name = self
                .file
                .as_ref()
                .map_or_else(|| CONFIG_FILE_NAME.to_string(), |f| f.display().to_string());
            return Err(KpiError::config(
                source_name,
                format!(
                    "`{}`: \"{field}\" is not a field of the {table} table (fields: {}).{}",
                    dotted(&format!("columns.{table}"), header),
                    fields.join(", "),
                    below_table_hint(header)
                ),
            ));
        }
        Ok(())
    }

    /// The currency named by the money cells' signs, when no configuration set one.
    pub fn take_currency_from_data(&mut self, code: &str) {
        self.currency = code.to_string();
        self.sources.insert("currency".into(), Source::Data);
    }

    pub fn source(&self, key: &str) -> Source {
        self.sources.get(key).copied().unwrap_or(Source::Default)
    }

    /// What the attribution models take from the configuration.
    pub fn model_parameters(&self) -> ModelParameters {
        ModelParameters {
            half_life_days: self.half_life_days,
        }
    }

    pub fn is_sns(&self, channel: &str) -> bool {
        self.sns_channels.iter().any(|c| c == channel)
    }

    /// Sets one key; the error message names the key and what is allowed.
    fn set(
        &mut self,
        key: &str,
        value: &toml::Value,
        source: Source,
    ) -> std::result::Result<(), String> {
        match key {
            "lang" => {
                self.lang = Lang::parse(&as_text(key, value)?)
                    .ok_or_else(|| format!("`lang` must be \"ja\" or \"en\", not {value}."))?
            }
            "currency" => self.currency = as_text(key, value)?,
            "period" => {
                let text = as_text(key, value)?;
                self.period = Some(Period::parse(&text).ok_or_else(|| {
                    format!("`period` must look like \"2025-04-01..2025-09-30\", not \"{text}\".")
                })?)
            }
            "fiscal_year_start_month" => {
                let month = as_number(key, value)?;
                if !(1.0..=12.0).contains(&month) || month.fract() != 0.0 {
                    return Err(format!("`{key}` must be a month number 1-12, not {value}."));
                }
                self.fiscal_year_start_month = month as u32;
            }
            "model" => {
                let model = as_text(key, value)?;
                if !MODEL_IDS.contains(&model.as_str()) {
                    return Err(format!(
                        "`model` must be one of {}, not \"{model}\".",
                        MODEL_IDS.join(", ")
                    ));
                }
                self.model = model;
            }
            "lookback_days" => {
                let days = as_number(key, value)?;
                if days < 0.0 || days.fract() != 0.0 || days > 3650.0 {
                    return Err(format!(
                        "`{key}` must be a whole number of days 0-3650, not {value}."
                    ));
                }
                self.lookback_days = days as u32;
            }
            "half_life_days" => self.half_life_days = positive(key, value)?,
            "gross_margin" => {
                let margin = as_number(key, value)?;
                if !(margin > 0.0 && margin <= 1.0) {
                    return Err(format!(
                        "`gross_margin` must be above 0 and at most 1, not {value}."
                    ));
                }
                self.gross_margin = margin;
            }
            "monthly_churn" => {
                let churn = as_number(key, value)?;
                if !(churn > 0.0 && churn <= 1.0) {
                    return Err(format!(
                        "`monthly_churn` must be above 0 and at most 1, not {value}."
                    ));
                }
                self.monthly_churn = Some(churn);
            }
            "lifetime_months" => self.lifetime_months = Some(positive(key, value)?),
            "purchases_per_customer" => self.purchases_per_customer = positive(key, value)?,
            "ltv_method" => {
                self.ltv_method = Some(match as_text(key, value)?.as_str() {
                    "churn" => LtvMethod::Churn,
                    "lifetime" => LtvMethod::Lifetime,
                    "deal" => LtvMethod::Deal,
                    other => {
                        return Err(format!(
                            "`ltv_method` must be churn, lifetime or deal, not \"{other}\"."
                        ))
                    }
                })
            }
            "cv_rate" => {
                let rate = as_number(key, value)?;
                if !(rate > 0.0 && rate <= 1.0) {
                    return Err(format!(
                        "`cv_rate` must be above 0 and at most 1, not {value}."
                    ));
                }
                self.cv_rate = rate;
            }
            "engagement_rate_basis" => {
                self.engagement_rate_basis = match as_text(key, value)?.as_str() {
                    "impressions" => EngagementBasis::Impressions,
                    "reach" => EngagementBasis::Reach,
                    other => {
                        return Err(format!(
                            "`engagement_rate_basis` must be impressions or reach, not \"{other}\"."
                        ))
                    }
                }
            }
            "sns_channels" => self.sns_channels = as_text_list(key, value)?,
            "date_order" => {
                let text = as_text(key, value)?;
                self.date_order = Some(DateOrder::parse(&text).ok_or_else(|| {
                    format!("`date_order` must be mdy, dmy or ymd, not \"{text}\".")
                })?)
            }
            "columns" => {
                let tables = as_table(key, value)?;
                for (table, mapping) in tables {
                    if !crate::schema::TABLE_ORDER.contains(&table.as_str()) {
                        return Err(format!(
                            "`[columns.{table}]`: there is no table `{table}` (tables: {}).{}",
                            crate::schema::TABLE_ORDER.join(", "),
                            below_table_hint(table)
                        ));
                    }
                    let mapping = as_table(&format!("columns.{table}"), mapping)?;
                    let entry = self.columns.entry(table.clone()).or_default();
                    for (header, field) in mapping {
                        let key = dotted(&format!("columns.{table}"), header);
                        entry.insert(header.clone(), as_text(&key, field)?);
                    }
                }
            }
            "channels" => {
                let ids = ChannelCatalog::new().ids();
                for (written, id) in as_table(key, value)? {
                    let key = dotted("channels", written);
                    let id = as_text(&key, id)?;
                    if !ids.contains(&normalize_key(&id)) {
                        return Err(format!(
                            "`{key}`: \"{id}\" is not a channel id (channel ids: {}).{}",
                            ids.iter()
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                                .join(", "),
                            below_table_hint(written)
                        ));
                    }
                    self.channels.insert(written.clone(), id);
                }
            }
            "kpi_tree" => {
                for (layer, metrics) in as_table(key, value)? {
                    let key = dotted("kpi_tree", layer);
                    if !["layer1", "layer2", "layer3"].contains(&layer.as_str()) {
                        return Err(format!(
                            "unknown key `{key}` (keys: layer1, layer2, layer3).{}",
                            below_table_hint(layer)
                        ));
                    }
                    let list = as_text_list(&key, metrics)?;
                    if let Some(unknown) = list.iter().find(|m| !is_metric(m)) {
                        return Err(format!(
                            "`{key}`: \"{unknown}\" is not a metric (metrics: {}). Custom metrics take the layer of their row on the custom sheet.",
                            METRIC_IDS.join(", ")
                        ));
                    }
                    let list = Some(list);
                    match layer.as_str() {
                        "layer1" => self.kpi_tree.layer1 = list,
                        "layer2" => self.kpi_tree.layer2 = list,
                        _ => self.kpi_tree.layer3 = list,
                    }
                }
            }
            other => {
                return Err(format!(
                    "unknown key `{other}`. Known keys: {}, columns, kpi_tree.",
                    SCALAR_KEYS.join(", ")
                ))
            }
        }
        self.sources.insert(key.to_string(), source);
        Ok(())
    }

    /// The value of a key as text, for the Assumptions sheet.
    pub fn display_value(&self, key: &str) -> String {
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        match key {
            "lang" => self.lang.as_str().into(),
            "currency" => self.currency.clone(),
            "period" => self
                .period
                .map(|p| format!("{}..{}", p.start, p.end))
                .unwrap_or_else(|| "all".into()),
            "fiscal_year_start_month" => self.fiscal_year_start_month.to_string(),
            "model" => self.model.clone(),
            "lookback_days" => self.lookback_days.to_string(),
            "half_life_days" => self.half_life_days.to_string(),
            "gross_margin" => self.gross_margin.to_string(),
            "monthly_churn" => opt(self.monthly_churn),
            "lifetime_months" => opt(self.lifetime_months),
            "purchases_per_customer" => self.purchases_per_customer.to_string(),
            "ltv_method" => self
                .ltv_method
                .map(|m| m.as_str().to_string())
                .unwrap_or_else(|| "auto".into()),
            "cv_rate" => self.cv_rate.to_string(),
            "engagement_rate_basis" => match self.engagement_rate_basis {
                EngagementBasis::Impressions => "impressions".into(),
                EngagementBasis::Reach => "reach".into(),
            },
            "sns_channels" => self.sns_channels.join(", "),
            "date_order" => match self.date_order {
                Some(DateOrder::Mdy) => "mdy".into(),
                Some(DateOrder::Dmy) => "dmy".into(),
                Some(DateOrder::Ymd) => "ymd".into(),
                None => String::new(),
            },
            "channels" => self
                .channels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }
}

/// `table.key` as TOML would write it: the key quoted when it is not a bare key (`channels."Paid
/// Social"`), so the user can find it in the file.
fn dotted(table: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        format!("{table}.{key}")
    } else {
        format!("{table}.\"{key}\"")
    }
}

/// For a key found inside a `[table]` that is one of the top-level keys: TOML puts every line below
/// a `[table]` header into that table, so `currency = "USD"` written below `[channels]` becomes a
/// channel alias. Empty for any other key.
fn below_table_hint(key: &str) -> String {
    let top_level = SCALAR_KEYS.contains(&key) && !TABLE_KEYS.contains(&key);
    if top_level {
        format!(
            " `{key}` is a top-level key: a top-level key must be written above the first [table] of the file."
        )
    } else {
        String::new()
    }
}

fn text_to_value(text: &str) -> toml::Value {
    let trimmed = text.trim();
    if let Ok(n) = trimmed.parse::<i64>() {
        return toml::Value::Integer(n);
    }
    if let Ok(x) = trimmed.parse::<f64>() {
        if x.is_finite() {
            return toml::Value::Float(x);
        }
    }
    if trimmed.contains(',') {
        let items = trimmed
            .split(',')
            .map(|s| toml::Value::String(s.trim().to_string()))
            .collect();
        return toml::Value::Array(items);
    }
    toml::Value::String(trimmed.to_string())
}

fn as_text(key: &str, value: &toml::Value) -> std::result::Result<String, String> {
    match value {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        other => Err(format!("`{key}` must be text, not {other}.")),
    }
}

fn as_number(key: &str, value: &toml::Value) -> std::result::Result<f64, String> {
    match value {
        toml::Value::Integer(n) => Ok(*n as f64),
        toml::Value::Float(x) if x.is_finite() => Ok(*x),
        toml::Value::String(s) => crate::values::parse_number(s)
            .map_err(|_| format!("`{key}` must be a number, not \"{s}\".")),
        other => Err(format!("`{key}` must be a number, not {other}.")),
    }
}

fn positive(key: &str, value: &toml::Value) -> std::result::Result<f64, String> {
    let x = as_number(key, value)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(format!("`{key}` must be above 0, not {value}."))
    }
}

fn as_text_list(key: &str, value: &toml::Value) -> std::result::Result<Vec<String>, String> {
    match value {
        toml::Value::Array(items) => items.iter().map(|i| as_text(key, i)).collect(),
        toml::Value::String(s) => Ok(s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()),
        other => Err(format!("`{key}` must be a list of text, not {other}.")),
    }
}

fn as_table<'a>(key: &str, value: &'a toml::Value) -> std::result::Result<&'a toml::Table, String> {
    match value {
        toml::Value::Table(t) => Ok(t),
        other => Err(format!("`{key}` must be a table ([{key}]), not {other}.")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn parse(text: &str) -> std::result::Result<Config, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut config = Config::default();
        for (k, v) in &table {
            config.set(k, v, Source::ConfigFile)?;
        }
        Ok(config)
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
        assert_eq!(c.sns_channels.len(), 8);
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
        assert_eq!(c.columns["leads"]["問合せ日"], "created_at");
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
        assert!(ok.check_columns(&schema).is_ok());
        let bad = parse("[columns.leads]\n\"問合せ日\" = \"created\"").unwrap();
        let err = bad.check_columns(&schema).unwrap_err().to_string();
        assert!(err.contains("`columns.leads.\"問合せ日\"`"), "{err}");
        assert!(
            err.contains("\"created\" is not a field of the leads table"),
            "{err}"
        );
        let slip = parse("[columns.deals]\nlang = \"en\"").unwrap();
        let err = slip.check_columns(&schema).unwrap_err().to_string();
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
