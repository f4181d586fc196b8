//! The pipeline glued end to end: inputs -> ingest -> schema -> link -> attribution -> metrics.
//! Commands call `analyse` and then present the result; nothing here writes files.

use std::path::PathBuf;

use crate::attribution::{all_models, attribute, outside_window, Attribution, OutsideWindow};
use crate::channels::ChannelCatalog;
use crate::config::{Config, Period, Source};
use crate::error::{KpiError, Result};
use crate::ingest::{self, Ingested, InputFile};
use crate::issues::{Issue, IssueCode};
use crate::lang::Lang;
use crate::link::{link, Links};
use crate::metrics::{self, Metrics, MetricsInput};
use crate::schema::advice::{no_table_message, NoTableAdvice};
use crate::schema::classify::{self, classify_sheets, read_settings, Classification};
use crate::schema::profiles::Profiles;
use crate::schema::validate::rules::first_signed_amount;
use crate::schema::validate::{self, CurrencyInForce, ValidateOptions, Validated};
use crate::schema::Schema;
use crate::values::{loose_key, DateReading};

/// What the command line asks for, before the inputs are read.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub config_file: Option<PathBuf>,
    pub schema_file: Option<PathBuf>,
    /// Keys set on the command line (`lang`, `model`), applied over the config file and settings sheet.
    pub overrides: Vec<(String, String)>,
    /// The period chosen on the command line.
    pub period: Option<PeriodChoice>,
    /// The files this run writes (the report, its summary JSON): never read as inputs, even when
    /// they sit in an input folder.
    pub outputs: Vec<PathBuf>,
}

/// `--period`, `--month` or `--fy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodChoice {
    Range(String),
    Month(String),
    FiscalYear(i32),
}

/// The inputs read and checked, before linking.
pub struct Checked {
    pub ingested: Ingested,
    pub validated: Validated,
    pub config: Config,
    pub catalog: ChannelCatalog,
}

/// Everything computed for a report.
pub struct Analysis {
    pub checked: Checked,
    pub links: Links,
    pub attribution: Attribution,
    pub metrics: Metrics,
    /// Won deals of the period left unattributed by a short attribution window, when they are
    /// most of them (`attribution::outside_window`): worked out once, read by every output.
    pub outside_window: Option<OutsideWindow>,
}

impl Analysis {
    pub fn metrics_input(&self) -> MetricsInput<'_> {
        MetricsInput {
            dataset: &self.checked.validated.dataset,
            links: &self.links,
            attribution: &self.attribution,
            config: &self.checked.config,
        }
    }
}

/// Reads the configuration (file, then the command line), without touching the inputs.
pub fn configure(options: &RunOptions) -> Result<Config> {
    let mut config = match Config::locate(options.config_file.as_deref(), &options.inputs)? {
        Some(path) => Config::from_file(&path)?,
        None => Config::default(),
    };
    apply_command_line(&mut config, options)?;
    Ok(config)
}

fn apply_command_line(config: &mut Config, options: &RunOptions) -> Result<()> {
    for (key, value) in &options.overrides {
        config.set_from_command_line(key, value)?;
    }
    if let Some(choice) = &options.period {
        let period = match choice {
            PeriodChoice::Range(text) => Period::parse(text).ok_or_else(|| {
                KpiError::Usage(format!(
                    "--period must look like 2025-04-01..2025-09-30 (start before end), not \"{text}\"."
                ))
            })?,
            PeriodChoice::Month(text) => Period::month(text)
                .ok_or_else(|| KpiError::Usage(format!("--month must look like 2025-04, not \"{text}\".")))?,
            PeriodChoice::FiscalYear(year) => Period::fiscal_year(*year, config.fiscal_year_start_month)
                .ok_or_else(|| KpiError::Usage(format!("--fy {year} is not a usable year.")))?,
        };
        config.set_from_command_line("period", &format!("{}..{}", period.start, period.end))?;
    }
    Ok(())
}

/// Ingest and validation: every input read, every row accepted or rejected with its issues.
pub fn check(options: &RunOptions) -> Result<Checked> {
    validate_inputs(read(options)?, options)
}

/// The configuration, the schema and every input cell, before validation.
pub struct Read {
    pub config: Config,
    pub schema: Schema,
    /// The export profiles in force: built-in, then the team's (`profiles_dir`).
    pub profiles: Profiles,
    pub ingested: Ingested,
}

/// Ingest: finds the configuration and the schema, and reads every input file.
pub fn read(options: &RunOptions) -> Result<Read> {
    let config = configure(options)?;
    crate::lang::set_in_force(config.lang);
    let schema = match &options.schema_file {
        Some(path) => Schema::load(path)?,
        None => Schema::embedded()?,
    };
    config.check_against_schema(&schema)?;
    // Read before the settings sheet is: `profiles_dir` takes effect from the config file.
    let profiles = Profiles::load(config.profiles_folder().as_deref(), &schema)?;
    let expanded = ingest::expand_inputs(&options.inputs, &options.outputs)?;
    let ingested = ingest::read_inputs(expanded)?;
    Ok(Read {
        config,
        schema,
        profiles,
        ingested,
    })
}

/// Schema: classifies the sheets, applies a settings sheet, and validates every row.
pub fn validate_inputs(read: Read, options: &RunOptions) -> Result<Checked> {
    let Read {
        mut config,
        schema,
        profiles,
        ingested,
    } = read;
    let classified = classify_sheets(
        &ingested,
        &schema,
        &profiles,
        &config.columns,
        &config.defaults,
    );
    // The config file in force, named in the "no table" advice.
    let config_file = config.file.as_ref().map(|p| p.display().to_string());
    if classified.iter().all(Option::is_none) {
        let names: Vec<&str> = ingested.files.iter().map(|f| f.name.as_str()).collect();
        let message = |lang| {
            no_table_message(
                &ingested,
                &names,
                &schema,
                &no_table_advice(&config, config_file.as_deref(), &profiles, lang),
            )
        };
        return Err(KpiError::NoTables {
            message: message(Lang::En),
            in_report_language: message(config.lang),
        });
    }
    let without_table = files_without_table(&ingested, &classified);
    if let Some(named) = without_table.iter().find(|file| !file.in_folder) {
        let message = |lang| {
            no_table_message(
                &ingested,
                &[named.name.as_str()],
                &schema,
                &no_table_advice(&config, config_file.as_deref(), &profiles, lang),
            )
        };
        return Err(KpiError::NoTables {
            message: message(Lang::En),
            in_report_language: message(config.lang),
        });
    }
    let settings = read_settings(&ingested, &classified);
    if !settings.is_empty() {
        config.apply_settings(
            settings
                .iter()
                .map(|(k, v, at)| (k.as_str(), v.as_str(), at.clone())),
        )?;
        // The command line wins over the settings sheet.
        apply_command_line(&mut config, options)?;
    }

    let mut catalog = ChannelCatalog::new();
    for (written, id) in &config.channels {
        catalog.add_alias(written, id);
    }
    catalog.set_sns(&config.sns_channels);
    // Not set anywhere, the currency is the one the money cells' signs name (SPEC section 1).
    let set_by = (config.source("currency") == Source::Default)
        .then(|| first_signed_amount(&ingested, &classified, &schema))
        .flatten();
    if let Some(signed) = &set_by {
        config.take_currency_from_data(signed.currency);
    }
    let validate_options = ValidateOptions {
        lang: config.lang,
        dates: DateReading::new(config.date_order, config.timezone),
        catalog: catalog.clone(),
        currency: CurrencyInForce {
            code: config.currency.clone(),
            set_by,
        },
        column_mappings: config.columns.clone(),
        defaults: config.defaults.clone(),
        statuses: config
            .statuses
            .iter()
            .map(|(written, status)| (loose_key(written), *status))
            .collect(),
        config_file: config_file.clone(),
        fiscal_year_start_month: config.fiscal_year_start_month,
    };
    let mut validated = validate::validate(&ingested, &classified, &schema, &validate_options);
    let no_channel = no_channel_issues(
        &validated,
        &catalog,
        &ingested,
        &classified,
        &schema,
        config.lang,
    );
    validated.issues.extend(no_channel);
    // A sheet no profile reads is told the profile whose signature it nearly holds.
    for (outcome, sheet) in validated.sheets.iter_mut().zip(&ingested.sheets) {
        if outcome.profile.is_none() {
            outcome.near_miss = classify::near_miss(sheet, &profiles);
        }
    }
    // Every file is accounted for: the files of the input folders that were not used come first.
    let file_issues: Vec<Issue> = ingested
        .unused
        .iter()
        .map(|unused| unused.issue(config.lang))
        .chain(without_table.iter().map(|file| {
            Issue::about_file(
                IssueCode::FileSkipped,
                &file.name,
                &ingest::file_type(&file.name),
                no_table_message(
                    &ingested,
                    &[file.name.as_str()],
                    &schema,
                    &no_table_advice(&config, config_file.as_deref(), &profiles, config.lang),
                ),
            )
        }))
        .collect();
    // A skipped file's one issue carries the advice for its sheets: no `sheet_ignored` beside it.
    validated.issues.retain(|issue| {
        issue.code != IssueCode::SheetIgnored
            || !without_table.iter().any(|file| file.name == issue.file)
    });
    validated.issues.splice(0..0, file_issues);
    // The raw cells are not needed past validation; the typed rows hold everything further stages use.
    let mut ingested = ingested;
    ingested.sheets = Vec::new();
    Ok(Checked {
        ingested,
        validated,
        config,
        catalog,
    })
}

/// The leads of one sheet whose source nobody recorded, with where its header and channel column are.
struct UnrecordedSheet<'a> {
    /// (file, sheet).
    key: (&'a str, &'a str),
    /// 1-based.
    header_row: u32,
    /// 0-based column and header as written.
    column: Option<(u32, String)>,
    leads: Vec<&'a crate::model::Lead>,
}

/// `no_channel` warnings for the leads whose source nobody recorded (`link::unrecorded_channel`):
/// one per lead at its empty channel cell, so the team can fill them in (`check` groups them);
/// for a sheet with no channel column at all, one for the sheet naming the column to add and how
/// many leads it would place.
fn no_channel_issues(
    validated: &Validated,
    catalog: &ChannelCatalog,
    ingested: &Ingested,
    classified: &[Option<Classification>],
    schema: &Schema,
    lang: Lang,
) -> Vec<Issue> {
    let dataset = &validated.dataset;
    let links = link(dataset, catalog);
    let to_add = schema
        .table("leads")
        .and_then(|t| t.field("channel"))
        .map_or_else(|| "channel".to_string(), |f| f.header_to_add(lang));
    // Per sheet, in the order the leads come: its header row and its channel column, if any.
    let mut sheets: Vec<UnrecordedSheet> = Vec::new();
    for lead in crate::link::unrecorded_channel(dataset, &links) {
        let key = (lead.source.file.as_str(), lead.source.sheet.as_str());
        if let Some(entry) = sheets.iter_mut().find(|s| s.key == key) {
            entry.leads.push(lead);
            continue;
        }
        let found = ingested
            .sheets
            .iter()
            .zip(classified)
            .find(|(s, _)| (s.file.as_str(), s.sheet.as_str()) == key);
        let class = found.and_then(|(_, class)| class.as_ref());
        let header_row = found.map_or(1, |(s, _)| {
            s.first_row + class.map_or(0, |c| c.header_index as u32) + 1
        });
        let column = class
            .and_then(|c| c.columns.iter().find(|c| c.field == "channel"))
            .map(|c| (c.col, c.header.clone()));
        sheets.push(UnrecordedSheet {
            key,
            header_row,
            column,
            leads: vec![lead],
        });
    }
    let warning = |(file, sheet): (&str, &str), row: u32, cell: String, column: &str| Issue {
        severity: crate::issues::Severity::Warning,
        code: IssueCode::NoChannel,
        file: file.to_string(),
        sheet: sheet.to_string(),
        cell,
        row,
        column: column.to_string(),
        value: String::new(),
        message: String::new(),
    };
    let mut issues = Vec::new();
    for UnrecordedSheet {
        key,
        header_row,
        column,
        leads,
    } in sheets
    {
        match column {
            Some((col, header)) => issues.extend(leads.iter().map(|lead| {
                let row = lead.source.row;
                let cell = crate::cell::a1(row.saturating_sub(1), col);
                Issue {
                    value: lead.lead_id.clone(),
                    message: lang
                        .pick(
                            "流入元・投稿・utm_source のどれも記録がないため、獲得チャネルを「その他」としました。流入元を記入してください。",
                            "No channel, post or utm_source records the lead's source: counted as other. Fill in its channel.",
                        )
                        .to_string(),
                    ..warning(key, row, cell, &header)
                }
            })),
            None => issues.push(Issue {
                value: leads.len().to_string(),
                message: match lang {
                    Lang::Ja => format!(
                        "流入元の列がなく、投稿・utm_source の記録もないリードが {} 件あり、獲得チャネルを「その他」としました (最初: {})。「{to_add}」の列を追加してください。",
                        leads.len(),
                        leads[0].lead_id
                    ),
                    Lang::En => format!(
                        "{} lead{} with no channel column, post or utm_source to record the source {} counted as other (first: {}). Add a \"{to_add}\" column.",
                        leads.len(),
                        if leads.len() == 1 { "" } else { "s" },
                        if leads.len() == 1 { "is" } else { "are" },
                        leads[0].lead_id
                    ),
                },
                ..warning(key, header_row, String::new(), &to_add)
            }),
        }
    }
    issues
}

/// The files read whose sheets all match no table.
fn files_without_table<'a>(
    ingested: &'a Ingested,
    classified: &[Option<Classification>],
) -> Vec<&'a InputFile> {
    ingested
        .files
        .iter()
        .filter(|file| {
            ingested
                .sheets
                .iter()
                .zip(classified)
                .filter(|(sheet, _)| sheet.file == file.name)
                .all(|(_, class)| class.is_none())
        })
        .collect()
}

/// The "no table" advice for the configuration in force (its mappings and file).
fn no_table_advice<'a>(
    config: &'a Config,
    config_file: Option<&'a str>,
    profiles: &'a Profiles,
    lang: Lang,
) -> NoTableAdvice<'a> {
    NoTableAdvice {
        lang,
        column_mappings: &config.columns,
        defaults: &config.defaults,
        config_file,
        profiles,
    }
}

impl Checked {
    /// Won deals left unattributed because every touch of their lead is older than the attribution
    /// window, when they are most of the won deals of the period (`attribution::outside_window`).
    pub fn outside_window(&self) -> Option<OutsideWindow> {
        let dataset = &self.validated.dataset;
        let links = link(dataset, &self.catalog);
        let period = metrics::report_period(dataset, self.config.period);
        outside_window(dataset, &links, period, self.config.lookback_days)
    }

    /// Files of the input folders that could not be read (`file_unreadable`): the report is made
    /// from the others, and the run ends with exit 3 as for rejected rows.
    pub fn unreadable_files(&self) -> usize {
        self.validated
            .issues
            .iter()
            .filter(|issue| issue.code == IssueCode::FileUnreadable)
            .count()
    }
}

/// Links, attribution and metrics over checked inputs.
pub fn analyse(checked: Checked) -> Analysis {
    let dataset = &checked.validated.dataset;
    let links = link(dataset, &checked.catalog);
    let models = all_models(&checked.config.model_parameters(), dataset, &links);
    let attribution = attribute(dataset, &links, None, checked.config.lookback_days, &models);
    let period = metrics::report_period(dataset, checked.config.period);
    let metrics = {
        let input = MetricsInput {
            dataset,
            links: &links,
            attribution: &attribution,
            config: &checked.config,
        };
        metrics::compute(&input, period)
    };
    let outside_window = outside_window(dataset, &links, period, checked.config.lookback_days);
    Analysis {
        checked,
        links,
        attribution,
        metrics,
        outside_window,
    }
}
