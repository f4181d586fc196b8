//! Every config key, each defined once (ripgrep's flags): its name, default, template line (ja/en),
//! Assumptions label, how its value is read (the error naming the key) and shown; its test sits
//! right below it, and `KEYS` lists it once. Also the `Config` those keys fill. Not for where the
//! values come from (file, settings sheet, command line): see `read`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use chrono_tz::Tz;
use serde::Serialize;

use super::value::{as_bool, as_number, as_table, as_text, as_text_list, dotted, positive};
use crate::attribution::{ModelParameters, MODEL_IDS};
use crate::catalog::{is_metric, METRIC_IDS};
use crate::channels::{ChannelCatalog, DEFAULT_SNS};
use crate::error::ConfigError;
use crate::lang::Lang;
use crate::model::DealStatus;
use crate::period::{Compare, Period};
use crate::schema::{ColumnMappings, Defaults};
use crate::values::{normalize_key, DateOrder};

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

/// Every value in force for a run: one field per key below.
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
    /// `compare`: what the figures are compared with; `None` = the previous period when the data
    /// reaches back over all of it, else nothing.
    pub compare: Option<Compare>,
    /// `profiles_dir`: the team's own export profiles, as written (relative to the config file).
    pub profiles_dir: Option<PathBuf>,
    /// `brief`: the drop folder also writes each report's one-page brief (SPEC section 11).
    pub brief: bool,
    /// The report's time zone: datetimes written with a UTC offset are read as its local time.
    pub timezone: Tz,
    /// `[columns.<table>]`: header as written -> the fields it feeds (one or several).
    pub columns: ColumnMappings,
    /// `[defaults.<table>]`: field -> the value every row of a sheet lacking its column takes.
    pub defaults: Defaults,
    /// `[channels]`: written name -> channel id.
    pub channels: BTreeMap<String, String>,
    /// `[statuses]`: a team's own stage name as written -> open, won or lost.
    pub statuses: BTreeMap<String, DealStatus>,
    pub kpi_tree: KpiTreeConfig,
    /// Where each key's value came from; keys not here are defaults.
    pub sources: BTreeMap<String, Source>,
    /// The config file read, if any.
    pub file: Option<PathBuf>,
}

impl Default for Config {
    /// Each key's `DEFAULT`.
    fn default() -> Self {
        Config {
            lang: LangKey::DEFAULT,
            currency: Currency::DEFAULT.into(),
            period: None,
            fiscal_year_start_month: FiscalYearStartMonth::DEFAULT,
            model: ModelKey::DEFAULT.into(),
            lookback_days: LookbackDays::DEFAULT,
            half_life_days: HalfLifeDays::DEFAULT,
            gross_margin: GrossMargin::DEFAULT,
            monthly_churn: None,
            lifetime_months: None,
            purchases_per_customer: PurchasesPerCustomer::DEFAULT,
            ltv_method: None,
            cv_rate: CvRate::DEFAULT,
            engagement_rate_basis: EngagementRateBasis::DEFAULT,
            sns_channels: SnsChannels::DEFAULT.iter().map(|s| s.to_string()).collect(),
            date_order: None,
            compare: None,
            profiles_dir: None,
            brief: false,
            timezone: TimezoneKey::DEFAULT,
            columns: BTreeMap::new(),
            defaults: BTreeMap::new(),
            channels: BTreeMap::new(),
            statuses: BTreeMap::new(),
            kpi_tree: KpiTreeConfig::default(),
            sources: BTreeMap::new(),
            file: None,
        }
    }
}

impl Config {
    /// What the attribution models take from the configuration.
    pub fn model_parameters(&self) -> ModelParameters {
        ModelParameters {
            half_life_days: self.half_life_days,
        }
    }

    pub fn source(&self, key: &str) -> Source {
        self.sources.get(key).copied().unwrap_or(Source::Default)
    }

    pub fn is_sns(&self, channel: &str) -> bool {
        self.sns_channels.iter().any(|c| c == channel)
    }

    /// Sets one key; the error names the key and what is allowed.
    pub(super) fn set(
        &mut self,
        key: &str,
        value: &toml::Value,
        source: Source,
    ) -> Result<(), ConfigError> {
        let Some(defined) = definition(key) else {
            let known: Vec<&str> = KEYS.iter().map(|k| k.name()).collect();
            return Err(ConfigError::new(
                key,
                format!("unknown key `{key}`. Known keys: {}.", known.join(", ")),
            ));
        };
        defined.set(self, value)?;
        self.sources.insert(key.to_string(), source);
        Ok(())
    }

    /// The value of a key as text, for the Assumptions sheet.
    pub fn display_value(&self, key: &str) -> String {
        definition(key).map(|k| k.display(self)).unwrap_or_default()
    }
}

/// One config key.
pub trait Key: Sync {
    /// The key as written in kpibook.toml and in the settings sheet's key column.
    fn name(&self) -> &'static str;
    /// Written as a `[table]` of its own rather than as a top-level `key = value`.
    fn is_table(&self) -> bool {
        false
    }
    /// Its line in the config template `kpibook init` writes; `None` when the template shows the
    /// key in a block of its own.
    fn template(&self) -> Option<Template> {
        None
    }
    /// The labels.toml key of what it means, on the Assumptions sheet; `None` when the sheet does
    /// not list it one row per key.
    fn meaning(&self) -> Option<&'static str> {
        None
    }
    /// Reads `value` into `config`; the error names the key and what is allowed.
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError>;
    /// The value in force as text, for the Assumptions sheet.
    fn display(&self, _config: &Config) -> String {
        String::new()
    }
}

/// A key's line in the config template: `# note` then `# key = example`.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The value shown, as TOML: the default, or an example when the key has none.
    pub example: &'static str,
    pub note_ja: &'static str,
    pub note_en: &'static str,
}

/// Every key, in the order the Assumptions sheet, the template and the "known keys" list show them.
pub const KEYS: &[&dyn Key] = &[
    &LangKey,
    &Currency,
    &PeriodKey,
    &FiscalYearStartMonth,
    &ModelKey,
    &LookbackDays,
    &HalfLifeDays,
    &GrossMargin,
    &MonthlyChurn,
    &LifetimeMonths,
    &PurchasesPerCustomer,
    &LtvMethodKey,
    &CvRate,
    &EngagementRateBasis,
    &SnsChannels,
    &DateOrderKey,
    &CompareKey,
    &ProfilesDir,
    &TimezoneKey,
    &BriefKey,
    &Channels,
    &Statuses,
    &Columns,
    &DefaultsKey,
    &KpiTree,
];

/// The keys listed one per row on the Assumptions sheet (and offered on the settings sheet).
pub static SCALAR_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    KEYS.iter()
        .filter(|k| k.meaning().is_some())
        .map(|k| k.name())
        .collect()
});

/// The definition of the key named `name`.
pub fn definition(name: &str) -> Option<&'static dyn Key> {
    KEYS.iter().copied().find(|k| k.name() == name)
}

/// For a key found inside a `[table]` that is one of the top-level keys: TOML puts every line below
/// a `[table]` header into that table, so `currency = "USD"` written below `[channels]` becomes a
/// channel alias. Empty for any other key.
pub fn below_table_hint(key: &str) -> String {
    if definition(key).is_some_and(|k| !k.is_table()) {
        format!(
            " `{key}` is a top-level key: a top-level key must be written above the first [table] of the file."
        )
    } else {
        String::new()
    }
}

/// A config of the defaults with `text` (TOML) applied, for the tests of each key.
#[cfg(test)]
pub(super) fn read(text: &str) -> Result<Config, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut config = Config::default();
    for (k, v) in &table {
        config
            .set(k, v, Source::ConfigFile)
            .map_err(|e| e.to_string())?;
    }
    Ok(config)
}

/// `lang`: the report language.
pub struct LangKey;

impl LangKey {
    pub const DEFAULT: Lang = Lang::Ja;
}

impl Key for LangKey {
    fn name(&self) -> &'static str {
        "lang"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"ja\"",
            note_ja: "レポートの言語: ja | en",
            note_en: "report language: ja | en",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.report_language")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.lang = Lang::parse(&as_text(self.name(), value)?).ok_or_else(|| {
            ConfigError::new(
                self.name(),
                format!("`lang` must be \"ja\" or \"en\", not {value}."),
            )
        })?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.lang.as_str().into()
    }
}

#[cfg(test)]
#[test]
fn lang_is_ja_or_en() {
    assert_eq!(read("lang = \"en\"").unwrap().lang, Lang::En);
    assert_eq!(
        read("lang = \"fr\"").unwrap_err(),
        "`lang` must be \"ja\" or \"en\", not \"fr\"."
    );
}

/// `currency`: the currency code of the amounts.
pub struct Currency;

impl Currency {
    pub const DEFAULT: &str = "JPY";
}

impl Key for Currency {
    fn name(&self) -> &'static str {
        "currency"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"JPY\"",
            note_ja: "通貨",
            note_en: "currency",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.currency")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.currency = as_text(self.name(), value)?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.currency.clone()
    }
}

#[cfg(test)]
#[test]
fn currency_is_text() {
    assert_eq!(read("currency = \" USD \"").unwrap().currency, "USD");
    assert_eq!(
        read("currency = 1").unwrap_err(),
        "`currency` must be text, not 1."
    );
}

/// `period`: the report period, both ends inclusive; the span of the data when unset.
pub struct PeriodKey;

impl Key for PeriodKey {
    fn name(&self) -> &'static str {
        "period"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"2025-04-01..2025-09-30\"",
            note_ja: "対象期間 (両端を含む)。省略時は全データの期間",
            note_en: "report period (both ends inclusive); default: the span of the data",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.report_period_both_ends_inclusive")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let text = as_text(self.name(), value)?;
        config.period = Some(Period::parse(&text).ok_or_else(|| {
            ConfigError::new(
                self.name(),
                format!("`period` must look like \"2025-04-01..2025-09-30\", not \"{text}\"."),
            )
        })?);
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config
            .period
            .map(|p| format!("{}..{}", p.start, p.end))
            .unwrap_or_else(|| "all".into())
    }
}

#[cfg(test)]
#[test]
fn period_is_a_range_of_days() {
    let c = read("period = \"2025-04-01..2025-06-30\"").unwrap();
    assert_eq!(PeriodKey.display(&c), "2025-04-01..2025-06-30");
    assert_eq!(PeriodKey.display(&Config::default()), "all");
    assert_eq!(
        read("period = \"2025-04\"").unwrap_err(),
        "`period` must look like \"2025-04-01..2025-09-30\", not \"2025-04\"."
    );
}

/// `fiscal_year_start_month`: the first month of the fiscal year (for `--fy`).
pub struct FiscalYearStartMonth;

impl FiscalYearStartMonth {
    pub const DEFAULT: u32 = 4;
}

impl Key for FiscalYearStartMonth {
    fn name(&self) -> &'static str {
        "fiscal_year_start_month"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "4",
            note_ja: "会計年度の開始月 (--fy で使用)",
            note_en: "first month of the fiscal year (for --fy)",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.first_month_of_the_fiscal_year")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let key = self.name();
        let month = as_number(key, value)?;
        if !(1.0..=12.0).contains(&month) || month.fract() != 0.0 {
            return Err(ConfigError::new(
                key,
                format!("`{key}` must be a month number 1-12, not {value}."),
            ));
        }
        config.fiscal_year_start_month = month as u32;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.fiscal_year_start_month.to_string()
    }
}

#[cfg(test)]
#[test]
fn fiscal_year_start_month_is_a_month_number() {
    assert_eq!(
        read("fiscal_year_start_month = 1")
            .unwrap()
            .fiscal_year_start_month,
        1
    );
    assert_eq!(
        read("fiscal_year_start_month = 13").unwrap_err(),
        "`fiscal_year_start_month` must be a month number 1-12, not 13."
    );
}

/// `model`: the attribution model of the headline figures.
pub struct ModelKey;

impl ModelKey {
    pub const DEFAULT: &str = "linear";
}

impl Key for ModelKey {
    fn name(&self) -> &'static str {
        "model"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"linear\"",
            note_ja: "見出しの数字に使うアトリビューションモデル",
            note_en: "attribution model of the headline figures",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.attribution_model_of_the_channel_figures")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let model = as_text(self.name(), value)?;
        if !MODEL_IDS.contains(&model.as_str()) {
            return Err(ConfigError::new(
                self.name(),
                format!(
                    "`model` must be one of {}, not \"{model}\".",
                    MODEL_IDS.join(", ")
                ),
            ));
        }
        config.model = model;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.model.clone()
    }
}

#[cfg(test)]
#[test]
fn model_is_a_registered_model_id() {
    assert!(MODEL_IDS.contains(&ModelKey::DEFAULT));
    assert_eq!(read("model = \"markov\"").unwrap().model, "markov");
    assert!(read("model = \"magic\"")
        .unwrap_err()
        .starts_with("`model` must be one of first_touch, "));
}

/// `lookback_days`: the days of touches before a deal's creation that its window holds.
pub struct LookbackDays;

impl LookbackDays {
    pub const DEFAULT: u32 = 90;
}

impl Key for LookbackDays {
    fn name(&self) -> &'static str {
        "lookback_days"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "90",
            note_ja: "商談化日から遡る接点の日数",
            note_en: "days of touches before a deal's creation",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.days_of_touches_before_a_deal")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let key = self.name();
        let days = as_number(key, value)?;
        if days < 0.0 || days.fract() != 0.0 || days > 3650.0 {
            return Err(ConfigError::new(
                key,
                format!("`{key}` must be a whole number of days 0-3650, not {value}."),
            ));
        }
        config.lookback_days = days as u32;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.lookback_days.to_string()
    }
}

#[cfg(test)]
#[test]
fn lookback_days_is_a_whole_number_of_days() {
    assert_eq!(read("lookback_days = 0").unwrap().lookback_days, 0);
    assert_eq!(
        read("lookback_days = 1.5").unwrap_err(),
        "`lookback_days` must be a whole number of days 0-3650, not 1.5."
    );
}

/// `half_life_days`: the half-life of the `time_decay` model.
pub struct HalfLifeDays;

impl HalfLifeDays {
    pub const DEFAULT: f64 = 7.0;
}

impl Key for HalfLifeDays {
    fn name(&self) -> &'static str {
        "half_life_days"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "7",
            note_ja: "減衰モデルの半減期 (日)",
            note_en: "half-life of the time-decay model (days)",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.half_life_of_the_time_decay")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.half_life_days = positive(self.name(), value)?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.half_life_days.to_string()
    }
}

#[cfg(test)]
#[test]
fn half_life_days_is_positive_and_reaches_the_models() {
    let c = read("half_life_days = 3.5").unwrap();
    assert_eq!(c.model_parameters().half_life_days, 3.5);
    assert_eq!(
        read("half_life_days = 0").unwrap_err(),
        "`half_life_days` must be above 0, not 0."
    );
}

/// `gross_margin`: the share of revenue ROI and LTV count (1.0 = revenue basis).
pub struct GrossMargin;

impl GrossMargin {
    pub const DEFAULT: f64 = 1.0;
}

impl Key for GrossMargin {
    fn name(&self) -> &'static str {
        "gross_margin"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "1.0",
            note_ja: "粗利率 (ROIとLTVに使用。1.0 = 売上ベース)",
            note_en: "gross margin for ROI and LTV (1.0 = revenue basis)",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.gross_margin_used_by_roi_and")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let margin = as_number(self.name(), value)?;
        if !(margin > 0.0 && margin <= 1.0) {
            return Err(ConfigError::new(
                self.name(),
                format!("`gross_margin` must be above 0 and at most 1, not {value}."),
            ));
        }
        config.gross_margin = margin;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.gross_margin.to_string()
    }
}

#[cfg(test)]
#[test]
fn gross_margin_is_a_share() {
    assert_eq!(read("gross_margin = \"0.6\"").unwrap().gross_margin, 0.6);
    assert_eq!(
        read("gross_margin = 0").unwrap_err(),
        "`gross_margin` must be above 0 and at most 1, not 0."
    );
}

/// `monthly_churn`: the monthly churn of the LTV churn method; no default.
pub struct MonthlyChurn;

impl Key for MonthlyChurn {
    fn name(&self) -> &'static str {
        "monthly_churn"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "0.02",
            note_ja: "月次解約率 (LTV churn方式)。既定値なし",
            note_en: "monthly churn for the LTV churn method; no default",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.monthly_churn_ltv_churn_method")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let churn = as_number(self.name(), value)?;
        if !(churn > 0.0 && churn <= 1.0) {
            return Err(ConfigError::new(
                self.name(),
                format!("`monthly_churn` must be above 0 and at most 1, not {value}."),
            ));
        }
        config.monthly_churn = Some(churn);
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        optional(config.monthly_churn)
    }
}

/// An optional number as text, empty when unset.
fn optional(value: Option<f64>) -> String {
    value.map(|x| x.to_string()).unwrap_or_default()
}

#[cfg(test)]
#[test]
fn monthly_churn_is_a_share_with_no_default() {
    assert_eq!(MonthlyChurn.display(&Config::default()), "");
    assert_eq!(
        read("monthly_churn = 0.02").unwrap().monthly_churn,
        Some(0.02)
    );
    assert_eq!(
        read("monthly_churn = 2").unwrap_err(),
        "`monthly_churn` must be above 0 and at most 1, not 2."
    );
}

/// `lifetime_months`: the customer lifetime of the LTV lifetime method; no default.
pub struct LifetimeMonths;

impl Key for LifetimeMonths {
    fn name(&self) -> &'static str {
        "lifetime_months"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "24",
            note_ja: "継続月数 (LTV lifetime方式)。既定値なし",
            note_en: "customer lifetime in months (LTV lifetime method); no default",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.customer_lifetime_in_months_ltv_lifetime")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.lifetime_months = Some(positive(self.name(), value)?);
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        optional(config.lifetime_months)
    }
}

#[cfg(test)]
#[test]
fn lifetime_months_is_positive() {
    assert_eq!(
        read("lifetime_months = 24").unwrap().lifetime_months,
        Some(24.0)
    );
    assert_eq!(
        read("lifetime_months = -1").unwrap_err(),
        "`lifetime_months` must be above 0, not -1."
    );
}

/// `purchases_per_customer`: purchases per customer of the LTV deal method.
pub struct PurchasesPerCustomer;

impl PurchasesPerCustomer {
    pub const DEFAULT: f64 = 1.0;
}

impl Key for PurchasesPerCustomer {
    fn name(&self) -> &'static str {
        "purchases_per_customer"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "1",
            note_ja: "顧客あたり購入回数 (LTV deal方式)",
            note_en: "purchases per customer (LTV deal method)",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.purchases_per_customer_ltv_deal_method")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.purchases_per_customer = positive(self.name(), value)?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.purchases_per_customer.to_string()
    }
}

#[cfg(test)]
#[test]
fn purchases_per_customer_is_positive() {
    assert_eq!(
        read("purchases_per_customer = 2.5")
            .unwrap()
            .purchases_per_customer,
        2.5
    );
    assert_eq!(
        read("purchases_per_customer = \"many\"").unwrap_err(),
        "`purchases_per_customer` must be a number, not \"many\"."
    );
}

/// `ltv_method`: churn, lifetime or deal; chosen from the other LTV keys when unset.
pub struct LtvMethodKey;

impl Key for LtvMethodKey {
    fn name(&self) -> &'static str {
        "ltv_method"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"deal\"",
            note_ja: "LTVの方式: churn | lifetime | deal。既定は churn (解約率がある場合) か deal",
            note_en: "LTV method: churn | lifetime | deal; default churn when monthly_churn is set, else deal",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.ltv_method_auto_chosen_from_the")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.ltv_method = Some(match as_text(self.name(), value)?.as_str() {
            "churn" => LtvMethod::Churn,
            "lifetime" => LtvMethod::Lifetime,
            "deal" => LtvMethod::Deal,
            other => {
                return Err(ConfigError::new(
                    self.name(),
                    format!("`ltv_method` must be churn, lifetime or deal, not \"{other}\"."),
                ))
            }
        });
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config
            .ltv_method
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| "auto".into())
    }
}

#[cfg(test)]
#[test]
fn ltv_method_is_one_of_three_or_auto() {
    assert_eq!(LtvMethodKey.display(&Config::default()), "auto");
    let c = read("ltv_method = \"lifetime\"").unwrap();
    assert_eq!(c.ltv_method, Some(LtvMethod::Lifetime));
    assert_eq!(
        read("ltv_method = \"cohort\"").unwrap_err(),
        "`ltv_method` must be churn, lifetime or deal, not \"cohort\"."
    );
}

/// `cv_rate`: the session to lead rate of the reverse plan.
pub struct CvRate;

impl CvRate {
    pub const DEFAULT: f64 = 0.01;
}

impl Key for CvRate {
    fn name(&self) -> &'static str {
        "cv_rate"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "0.01",
            note_ja: "セッション→リードの転換率 (逆算計画)",
            note_en: "session to lead rate (reverse plan)",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.session_to_lead_rate_reverse_plan")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let rate = as_number(self.name(), value)?;
        if !(rate > 0.0 && rate <= 1.0) {
            return Err(ConfigError::new(
                self.name(),
                format!("`cv_rate` must be above 0 and at most 1, not {value}."),
            ));
        }
        config.cv_rate = rate;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.cv_rate.to_string()
    }
}

#[cfg(test)]
#[test]
fn cv_rate_is_a_share() {
    assert_eq!(read("cv_rate = 0.05").unwrap().cv_rate, 0.05);
    assert_eq!(
        read("cv_rate = 1.5").unwrap_err(),
        "`cv_rate` must be above 0 and at most 1, not 1.5."
    );
}

/// `engagement_rate_basis`: the denominator of the engagement rate.
pub struct EngagementRateBasis;

impl EngagementRateBasis {
    pub const DEFAULT: EngagementBasis = EngagementBasis::Impressions;
}

impl Key for EngagementRateBasis {
    fn name(&self) -> &'static str {
        "engagement_rate_basis"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"impressions\"",
            note_ja: "エンゲージメント率の分母: impressions | reach",
            note_en: "engagement rate denominator: impressions | reach",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.denominator_of_the_engagement_rate")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.engagement_rate_basis = match as_text(self.name(), value)?.as_str() {
            "impressions" => EngagementBasis::Impressions,
            "reach" => EngagementBasis::Reach,
            other => {
                return Err(ConfigError::new(
                    self.name(),
                    format!(
                        "`engagement_rate_basis` must be impressions or reach, not \"{other}\"."
                    ),
                ))
            }
        };
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        match config.engagement_rate_basis {
            EngagementBasis::Impressions => "impressions".into(),
            EngagementBasis::Reach => "reach".into(),
        }
    }
}

#[cfg(test)]
#[test]
fn engagement_rate_basis_is_impressions_or_reach() {
    let c = read("engagement_rate_basis = \"reach\"").unwrap();
    assert_eq!(EngagementRateBasis.display(&c), "reach");
    assert_eq!(
        read("engagement_rate_basis = \"views\"").unwrap_err(),
        "`engagement_rate_basis` must be impressions or reach, not \"views\"."
    );
}

/// `sns_channels`: the channels counted as SNS.
pub struct SnsChannels;

impl SnsChannels {
    pub const DEFAULT: [&str; 9] = DEFAULT_SNS;
}

impl Key for SnsChannels {
    fn name(&self) -> &'static str {
        "sns_channels"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "[\"linkedin\", \"x\", \"facebook\", \"instagram\", \"youtube\", \"tiktok\", \"line\", \"note\", \"social\"]",
            note_ja: "SNSとして数えるチャネル",
            note_en: "channels counted as SNS",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.channels_counted_as_sns")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.sns_channels = as_text_list(self.name(), value)?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.sns_channels.join(", ")
    }
}

#[cfg(test)]
#[test]
fn sns_channels_is_a_list_or_comma_text() {
    assert_eq!(Config::default().sns_channels.len(), 9);
    let c = read("sns_channels = \"linkedin, x\"").unwrap();
    assert_eq!(SnsChannels.display(&c), "linkedin, x");
    assert_eq!(
        read("sns_channels = 3").unwrap_err(),
        "`sns_channels` must be a list of text, not 3."
    );
}

/// `date_order`: how ambiguous day/month dates are read; no default (an ambiguous date is an issue).
pub struct DateOrderKey;

impl Key for DateOrderKey {
    fn name(&self) -> &'static str {
        "date_order"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"ymd\"",
            note_ja: "04/05/2025 のようなあいまいな日付の読み方: ymd | mdy | dmy。既定値なし (エラー)",
            note_en: "how to read ambiguous dates like 04/05/2025: ymd | mdy | dmy; no default (an error)",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.how_ambiguous_day_month_dates_are")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let text = as_text(self.name(), value)?;
        config.date_order = Some(DateOrder::parse(&text).ok_or_else(|| {
            ConfigError::new(
                self.name(),
                format!("`date_order` must be mdy, dmy or ymd, not \"{text}\"."),
            )
        })?);
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        match config.date_order {
            Some(DateOrder::Mdy) => "mdy".into(),
            Some(DateOrder::Dmy) => "dmy".into(),
            Some(DateOrder::Ymd) => "ymd".into(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
#[test]
fn date_order_is_mdy_dmy_or_ymd() {
    let c = read("date_order = \"dmy\"").unwrap();
    assert_eq!(DateOrderKey.display(&c), "dmy");
    assert_eq!(
        read("date_order = \"dym\"").unwrap_err(),
        "`date_order` must be mdy, dmy or ymd, not \"dym\"."
    );
}

/// `timezone`: the IANA time zone of the report; a datetime written with a UTC offset
/// (`2017-01-30 19:05 +0000`, `…Z`, `+09:00`) is read as its local time there.
pub struct TimezoneKey;

impl TimezoneKey {
    pub const DEFAULT: Tz = Tz::Asia__Tokyo;
}

impl Key for TimezoneKey {
    fn name(&self) -> &'static str {
        "timezone"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"Asia/Tokyo\"",
            note_ja: "レポートのタイムゾーン (IANA名)。2017-01-30 19:05 +0000 のようにUTCオフセット付きの日時はこの地域の時刻で読みます",
            note_en: "the report's time zone (IANA name); datetimes with a UTC offset such as 2017-01-30 19:05 +0000 are read as its local time",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.time_zone")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let text = as_text(self.name(), value)?;
        config.timezone = text.parse::<Tz>().map_err(|_| {
            ConfigError::new(
                self.name(),
                format!(
                    "`timezone` must be an IANA time zone name such as \"Asia/Tokyo\" or \"UTC\", not \"{text}\"."
                ),
            )
        })?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.timezone.name().into()
    }
}

#[cfg(test)]
#[test]
fn timezone_is_an_iana_name() {
    assert_eq!(Config::default().timezone, Tz::Asia__Tokyo);
    let c = read("timezone = \" America/New_York \"").unwrap();
    assert_eq!(c.timezone, Tz::America__New_York);
    assert_eq!(TimezoneKey.display(&c), "America/New_York");
    assert_eq!(
        read("timezone = \"Tokyo\"").unwrap_err(),
        "`timezone` must be an IANA time zone name such as \"Asia/Tokyo\" or \"UTC\", not \"Tokyo\"."
    );
    assert_eq!(
        read("timezone = 9").unwrap_err(),
        "`timezone` must be text, not 9."
    );
}

/// `compare`: the period the figures are compared with (SPEC section 10).
pub struct CompareKey;

impl Key for CompareKey {
    fn name(&self) -> &'static str {
        "compare"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"previous\"",
            note_ja: "比較する期間: previous (直前の同じ長さの期間) | year (前年同期) | none。既定値: データが直前の期間を覆うとき previous",
            note_en: "what the figures are compared with: previous (the period of the same length before) | year (a year earlier) | none; default: previous when the data covers it",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.compared_with")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let text = as_text(self.name(), value)?;
        config.compare = Some(Compare::parse(&text).ok_or_else(|| {
            ConfigError::new(
                self.name(),
                format!("`compare` must be previous, year or none, not \"{text}\"."),
            )
        })?);
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config
            .compare
            .map(|c| c.as_str().to_string())
            .unwrap_or_default()
    }
}

#[cfg(test)]
#[test]
fn compare_is_previous_year_or_none() {
    let c = read("compare = \"year\"").unwrap();
    assert_eq!(c.compare, Some(Compare::Year));
    assert_eq!(CompareKey.display(&c), "year");
    assert_eq!(
        read("compare = \"last\"").unwrap_err(),
        "`compare` must be previous, year or none, not \"last\"."
    );
}

/// `profiles_dir`: a folder of the team's own export profiles (SPEC section 9), read beside the
/// built-in ones; a relative path is taken from the config file's folder.
pub struct ProfilesDir;

impl Key for ProfilesDir {
    fn name(&self) -> &'static str {
        "profiles_dir"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "\"profiles\"",
            note_ja: "自社で書いたエクスポート・プロファイル (*.toml) のフォルダ。既定値なし",
            note_en: "a folder of your own export profiles (*.toml); no default",
        })
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.profiles_folder")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let text = as_text(self.name(), value)?;
        if text.trim().is_empty() {
            return Err(ConfigError::new(
                self.name(),
                "`profiles_dir` must name a folder.".to_string(),
            ));
        }
        config.profiles_dir = Some(PathBuf::from(text.trim()));
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config
            .profiles_dir
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }
}

impl Config {
    /// The folder of the team's profiles: `profiles_dir` as written, taken from the config
    /// file's folder when relative.
    pub fn profiles_folder(&self) -> Option<PathBuf> {
        let dir = self.profiles_dir.as_ref()?;
        let base = self.file.as_ref().and_then(|f| f.parent());
        Some(match base {
            Some(base) if dir.is_relative() => base.join(dir),
            _ => dir.clone(),
        })
    }
}

#[cfg(test)]
#[test]
fn profiles_dir_is_taken_from_the_config_files_folder() {
    let mut c = read("profiles_dir = \"mine\"").unwrap();
    assert_eq!(ProfilesDir.display(&c), "mine");
    c.file = Some(PathBuf::from("/shared/team/kpibook.toml"));
    assert_eq!(
        c.profiles_folder(),
        Some(PathBuf::from("/shared/team/mine"))
    );
    assert!(read("profiles_dir = \" \"").is_err());
}

/// `brief`: the drop folder writes `<name>.brief.html` beside each report (SPEC section 11). An
/// output setting, not an assumption of the figures: not on the Assumptions sheet.
pub struct BriefKey;

impl Key for BriefKey {
    fn name(&self) -> &'static str {
        "brief"
    }
    fn template(&self) -> Option<Template> {
        Some(Template {
            example: "false",
            note_ja: "フォルダ監視 (run / watch) で、レポートの横に1ページのブリーフ (<名前>.brief.html) も書く。既定値: false",
            note_en: "the drop folder (run / watch) also writes the one-page brief (<name>.brief.html) beside each report; default: false",
        })
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        config.brief = as_bool(self.name(), value)?;
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config.brief.to_string()
    }
}

#[cfg(test)]
#[test]
fn brief_is_true_or_false_as_toml_or_a_settings_sheet_writes_it() {
    assert!(read("brief = true").unwrap().brief);
    assert!(!read("").unwrap().brief);
    assert!(read("brief = \"TRUE\"").unwrap().brief);
    assert!(read("brief = \"はい\"").unwrap().brief);
    assert!(!read("brief = \"no\"").unwrap().brief);
    assert_eq!(
        read("brief = \"maybe\"").unwrap_err(),
        "`brief` must be true or false, not \"maybe\"."
    );
}

/// `[channels]`: extra channel aliases, written value = channel id.
pub struct Channels;

impl Key for Channels {
    fn name(&self) -> &'static str {
        "channels"
    }
    fn is_table(&self) -> bool {
        true
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.extra_channel_aliases")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let ids = ChannelCatalog::new().ids();
        for (written, id) in as_table(self.name(), value)? {
            let key = dotted("channels", written);
            let id = as_text(&key, id)?;
            if !ids.contains(&normalize_key(&id)) {
                return Err(ConfigError::new(
                    &key,
                    format!(
                        "`{key}`: \"{id}\" is not a channel id (channel ids: {}).{}",
                        ids.iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", "),
                        below_table_hint(written)
                    ),
                ));
            }
            config.channels.insert(written.clone(), id);
        }
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config
            .channels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
#[test]
fn channels_map_written_names_to_channel_ids() {
    let c = read("[channels]\n\"Podcast\" = \"other\"\n\"メルマガ\" = \"email\"").unwrap();
    assert_eq!(Channels.display(&c), "Podcast=other, メルマガ=email");
    let err = read("[channels]\n\"Podcast\" = \"radio\"").unwrap_err();
    assert!(
        err.starts_with("`channels.Podcast`: \"radio\" is not a channel id"),
        "{err}"
    );
}

/// `[statuses]`: a team's own deal stage names, written name = open, won or lost. Read before the
/// built-in stages (`stages`), so a team may also give a built-in name another meaning.
pub struct Statuses;

impl Key for Statuses {
    fn name(&self) -> &'static str {
        "statuses"
    }
    fn is_table(&self) -> bool {
        true
    }
    fn meaning(&self) -> Option<&'static str> {
        Some("assumptions.extra_stage_names")
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        for (written, status) in as_table(self.name(), value)? {
            let key = dotted("statuses", written);
            let text = as_text(&key, status)?;
            let status = match normalize_key(&text).as_str() {
                "open" => DealStatus::Open,
                "won" => DealStatus::Won,
                "lost" => DealStatus::Lost,
                _ => {
                    return Err(ConfigError::new(
                        &key,
                        format!(
                            "`{key}`: \"{text}\" is not a status (statuses: open, won, lost).{}",
                            below_table_hint(written)
                        ),
                    ))
                }
            };
            config.statuses.insert(written.clone(), status);
        }
        Ok(())
    }
    fn display(&self, config: &Config) -> String {
        config
            .statuses
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
#[test]
fn statuses_map_stage_names_to_open_won_or_lost() {
    let c = read("[statuses]\n\"Needs Analysis\" = \"open\"\n\"確度100%\" = \"Won\"").unwrap();
    assert_eq!(Statuses.display(&c), "Needs Analysis=open, 確度100%=won");
    let err = read("[statuses]\n\"Pending\" = \"maybe\"").unwrap_err();
    assert_eq!(
        err,
        "`statuses.Pending`: \"maybe\" is not a status (statuses: open, won, lost)."
    );
    let err = read("[statuses]\nlang = \"en\"").unwrap_err();
    assert!(
        err.contains("`statuses.lang`") && err.contains("top-level"),
        "{err}"
    );
}

/// `[defaults.<table>]`: a constant for a field whose column a sheet of that table lacks
/// (`status = "won"` for a closed-won export). The fields are checked against the schema in force
/// later (`Config::check_against_schema`); the values are read like cells of the field.
pub struct DefaultsKey;

impl Key for DefaultsKey {
    fn name(&self) -> &'static str {
        "defaults"
    }
    fn is_table(&self) -> bool {
        true
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        for (table, constants) in as_table(self.name(), value)? {
            if !crate::schema::TABLE_ORDER.contains(&table.as_str()) {
                return Err(ConfigError::new(
                    format!("defaults.{table}"),
                    format!(
                        "`[defaults.{table}]`: there is no table `{table}` (tables: {}).{}",
                        crate::schema::TABLE_ORDER.join(", "),
                        below_table_hint(table)
                    ),
                ));
            }
            let constants = as_table(&format!("defaults.{table}"), constants)?;
            let entry = config.defaults.entry(table.clone()).or_default();
            for (field, constant) in constants {
                let key = dotted(&format!("defaults.{table}"), field);
                let text = match constant {
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    other => as_text(&key, other)?,
                };
                if text.is_empty() {
                    return Err(ConfigError::new(
                        &key,
                        format!("`{key}` is empty: a default needs a value."),
                    ));
                }
                entry.insert(field.clone(), text);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[test]
fn defaults_give_a_table_constant_fields() {
    let c = read("[defaults.deals]\nstatus = \"won\"\ncontract_months = 12").unwrap();
    assert_eq!(c.defaults["deals"]["status"], "won");
    assert_eq!(c.defaults["deals"]["contract_months"], "12");
    let err = read("[defaults.deal]\nstatus = \"won\"").unwrap_err();
    assert!(
        err.starts_with("`[defaults.deal]`: there is no table `deal`"),
        "{err}"
    );
    let err = read("[defaults.deals]\nstatus = \"\"").unwrap_err();
    assert!(err.starts_with("`defaults.deals.status` is empty"), "{err}");
}

/// `[columns.<table>]`: input headers mapped to fields, for headers the aliases do not know; a
/// header may feed several fields (`"won_date" = ["closed_at", "created_at"]`). The fields are
/// checked against the schema in force later (`Config::check_against_schema`).
pub struct Columns;

impl Key for Columns {
    fn name(&self) -> &'static str {
        "columns"
    }
    fn is_table(&self) -> bool {
        true
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        let tables = as_table(self.name(), value)?;
        for (table, mapping) in tables {
            if !crate::schema::TABLE_ORDER.contains(&table.as_str()) {
                return Err(ConfigError::new(
                    format!("columns.{table}"),
                    format!(
                        "`[columns.{table}]`: there is no table `{table}` (tables: {}).{}",
                        crate::schema::TABLE_ORDER.join(", "),
                        below_table_hint(table)
                    ),
                ));
            }
            let mapping = as_table(&format!("columns.{table}"), mapping)?;
            let entry = config.columns.entry(table.clone()).or_default();
            for (header, fields) in mapping {
                let key = dotted(&format!("columns.{table}"), header);
                let fields = match fields {
                    toml::Value::Array(_) => as_text_list(&key, fields)?,
                    _ => vec![as_text(&key, fields)?],
                };
                if fields.is_empty() {
                    return Err(ConfigError::new(
                        &key,
                        format!("`{key}` must name a field, or a list of fields."),
                    ));
                }
                entry.insert(header.clone(), fields);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[test]
fn columns_name_a_table_of_the_schema() {
    let c = read("[columns.leads]\n\"問合せ日\" = \"created_at\"").unwrap();
    assert_eq!(c.columns["leads"]["問合せ日"], ["created_at"]);
    let c = read("[columns.deals]\n\"won_date\" = [\"closed_at\", \"created_at\"]").unwrap();
    assert_eq!(c.columns["deals"]["won_date"], ["closed_at", "created_at"]);
    let err = read("[columns.deals]\n\"won_date\" = []").unwrap_err();
    assert!(
        err.starts_with("`columns.deals.won_date` must name a field"),
        "{err}"
    );
    let err = read("[columns.lead]\n\"x\" = \"y\"").unwrap_err();
    assert!(
        err.starts_with("`[columns.lead]`: there is no table `lead`"),
        "{err}"
    );
}

/// `[kpi_tree]`: the metrics of each KPI tree layer (`layer1` .. `layer3`).
pub struct KpiTree;

impl Key for KpiTree {
    fn name(&self) -> &'static str {
        "kpi_tree"
    }
    fn is_table(&self) -> bool {
        true
    }
    fn set(&self, config: &mut Config, value: &toml::Value) -> Result<(), ConfigError> {
        for (layer, metrics) in as_table(self.name(), value)? {
            let key = dotted("kpi_tree", layer);
            if !["layer1", "layer2", "layer3"].contains(&layer.as_str()) {
                return Err(ConfigError::new(
                    &key,
                    format!(
                        "unknown key `{key}` (keys: layer1, layer2, layer3).{}",
                        below_table_hint(layer)
                    ),
                ));
            }
            let list = as_text_list(&key, metrics)?;
            if let Some(unknown) = list.iter().find(|m| !is_metric(m)) {
                return Err(ConfigError::new(
                    &key,
                    format!(
                        "`{key}`: \"{unknown}\" is not a metric (metrics: {}). Custom metrics take the layer of their row on the custom sheet.",
                        METRIC_IDS.join(", ")
                    ),
                ));
            }
            let list = Some(list);
            match layer.as_str() {
                "layer1" => config.kpi_tree.layer1 = list,
                "layer2" => config.kpi_tree.layer2 = list,
                _ => config.kpi_tree.layer3 = list,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[test]
fn kpi_tree_layers_list_metrics() {
    let c = read("[kpi_tree]\nlayer2 = [\"cpa\", \"leads\"]").unwrap();
    assert_eq!(c.kpi_tree.layer2, Some(vec!["cpa".into(), "leads".into()]));
    let err = read("[kpi_tree]\nlayer1 = [\"profit\"]").unwrap_err();
    assert!(
        err.starts_with("`kpi_tree.layer1`: \"profit\" is not a metric"),
        "{err}"
    );
}

#[cfg(test)]
#[test]
fn every_key_is_listed_once_and_known_keys_keep_their_order() {
    let names: Vec<&str> = KEYS.iter().map(|k| k.name()).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    assert_eq!(
        read("gross_margn = 0.8").unwrap_err(),
        format!(
            "unknown key `gross_margn`. Known keys: {}.",
            names.join(", ")
        )
    );
    // Every key the Assumptions sheet lists has a label; the scalar ones have a template line.
    for key in KEYS {
        assert_eq!(
            key.template().is_none(),
            key.is_table(),
            "{}: a template line for each top-level key",
            key.name()
        );
    }
}
