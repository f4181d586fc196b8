//! Configuration (SPEC section 5): the values in force for one run and where each came from
//! (default, config file, settings sheet, command line). Every key is optional; an unknown key or a
//! bad value is an error naming the key. `keys` defines each key once; `read` applies the sources
//! in order; `value` reads a TOML value as the type a key wants.

mod keys;
mod read;
mod value;

pub use keys::{
    definition, Config, EngagementBasis, Key, KpiTreeConfig, LtvMethod, Source, Template, KEYS,
    SCALAR_KEYS,
};

/// The model ids belong to attribution's registry; re-exported while other modules still name
/// them here.
pub use crate::attribution::MODEL_IDS;
/// Config errors are defined beside `KpiError`, which carries them.
pub use crate::error::{ConfigAt, ConfigError};
/// The name of the config file looked for beside the input (an input folder leaves it out of
/// its files, so ingest owns the name).
pub use crate::ingest::CONFIG_FILE_NAME;
/// The period lives in its own leaf module; re-exported while other modules still name it here.
pub use crate::period::Period;
