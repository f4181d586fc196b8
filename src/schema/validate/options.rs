//! What validation needs from the configuration, and the currency money cells are checked
//! against.

use std::collections::HashMap;

use crate::channels::ChannelCatalog;
use crate::lang::Lang;
use crate::model::DealStatus;
use crate::schema::{ColumnMappings, Defaults};
use crate::values::DateReading;

/// What validation needs from the configuration.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    pub lang: Lang,
    /// The configured `date_order` and `timezone`.
    pub dates: DateReading,
    pub catalog: ChannelCatalog,
    pub currency: CurrencyInForce,
    /// The config's `[columns.<table>]` mappings and `[defaults.<table>]` constants, for telling
    /// an unread sheet what it resembles.
    pub column_mappings: ColumnMappings,
    pub defaults: Defaults,
    /// The config's `[statuses]`: a team's stage name (`loose_key`) -> its status; read before the
    /// built-in stages.
    pub statuses: HashMap<String, DealStatus>,
    /// The config file in force, where a missing mapping should be written.
    pub config_file: Option<String>,
    /// The first month of a fiscal year, for a target's `FY2025` / `2025年度`.
    pub fiscal_year_start_month: u32,
}

/// The currency money cells are checked against: a money cell whose sign names another currency
/// is an `inconsistent` error on its row (its figure cannot be added to the others).
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyInForce {
    /// The currency code (`JPY`, `USD` ...).
    pub code: String,
    /// The first signed money cell when the signs set the currency; `None` when the configuration
    /// (or the default) did.
    pub set_by: Option<SignedCell>,
}

/// A money cell written with a currency sign, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedCell {
    pub currency: &'static str,
    pub file: String,
    pub sheet: String,
    /// A1 reference.
    pub cell: String,
}
