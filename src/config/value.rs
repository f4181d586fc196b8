//! Reading one TOML value as the type a key wants (text, number, list, table), with an error that
//! names the key. Not for what a key allows: each key's own range and choices are in `keys`.

use crate::error::ConfigError;

/// `table.key` as TOML would write it: the key quoted when it is not a bare key (`channels."Paid
/// Social"`), so the user can find it in the file.
pub fn dotted(table: &str, key: &str) -> String {
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

/// A settings-sheet cell as a TOML value: numbers and comma lists as such, else text.
pub fn text_to_value(text: &str) -> toml::Value {
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

pub fn as_text(key: &str, value: &toml::Value) -> Result<String, ConfigError> {
    match value {
        toml::Value::String(s) => Ok(s.trim().to_string()),
        other => Err(ConfigError::new(
            key,
            format!("`{key}` must be text, not {other}."),
        )),
    }
}

/// A yes/no value: a TOML boolean, or as a settings sheet writes one (`true`, `FALSE`, `yes`, `1`,
/// `はい`, `いいえ` ...).
pub fn as_bool(key: &str, value: &toml::Value) -> Result<bool, ConfigError> {
    let written = match value {
        toml::Value::Boolean(b) => return Ok(*b),
        toml::Value::Integer(n @ (0 | 1)) => return Ok(*n == 1),
        toml::Value::String(s) => s.trim().to_lowercase(),
        other => other.to_string(),
    };
    match written.as_str() {
        "true" | "yes" | "on" | "1" | "はい" | "する" => Ok(true),
        "false" | "no" | "off" | "0" | "いいえ" | "しない" => Ok(false),
        _ => Err(ConfigError::new(
            key,
            format!("`{key}` must be true or false, not {value}."),
        )),
    }
}

pub fn as_number(key: &str, value: &toml::Value) -> Result<f64, ConfigError> {
    match value {
        toml::Value::Integer(n) => Ok(*n as f64),
        toml::Value::Float(x) if x.is_finite() => Ok(*x),
        toml::Value::String(s) => crate::values::parse_number(s)
            .map_err(|_| ConfigError::new(key, format!("`{key}` must be a number, not \"{s}\"."))),
        other => Err(ConfigError::new(
            key,
            format!("`{key}` must be a number, not {other}."),
        )),
    }
}

pub fn positive(key: &str, value: &toml::Value) -> Result<f64, ConfigError> {
    let x = as_number(key, value)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(ConfigError::new(
            key,
            format!("`{key}` must be above 0, not {value}."),
        ))
    }
}

pub fn as_text_list(key: &str, value: &toml::Value) -> Result<Vec<String>, ConfigError> {
    match value {
        toml::Value::Array(items) => items.iter().map(|i| as_text(key, i)).collect(),
        toml::Value::String(s) => Ok(s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()),
        other => Err(ConfigError::new(
            key,
            format!("`{key}` must be a list of text, not {other}."),
        )),
    }
}

pub fn as_table<'a>(key: &str, value: &'a toml::Value) -> Result<&'a toml::Table, ConfigError> {
    match value {
        toml::Value::Table(t) => Ok(t),
        other => Err(ConfigError::new(
            key,
            format!("`{key}` must be a table ([{key}]), not {other}."),
        )),
    }
}
