//! The schema: canonical tables, their fields, types and header aliases, loaded from
//! `templates/schema.toml` (embedded in the binary; `--schema` overrides it). This module also finds
//! the header row of a raw sheet and decides which table the sheet is. Turning rows into typed
//! records is `validate`'s job (the record each table's rows become is `records`).

pub mod advice;
pub mod classify;
pub mod comment_period;
pub mod draft;
pub mod profiles;
mod records;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{KpiError, Result};
use crate::lang::Lang;
use crate::values::normalize_key;

/// A team's header mappings (`[columns.<table>]`): table -> header as written -> the fields it
/// feeds (one, or several: `"won_date" = ["closed_at", "created_at"]`).
pub type ColumnMappings = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// A team's constants (`[defaults.<table>]`): table -> field -> the value every row of a sheet
/// lacking the field's column takes (`status = "won"`).
pub type Defaults = BTreeMap<String, BTreeMap<String, String>>;

/// Normalised header text -> the fields it feeds, per table (`Schema::header_index`).
pub type HeaderIndex = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// The schema shipped with kpibook.
pub const EMBEDDED_SCHEMA: &str = include_str!("../../templates/schema.toml");

/// The canonical table names, in the order they are validated (referenced tables first): the
/// list in `records`, where each table names the record its rows become.
pub use records::TABLE_ORDER;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Channel,
    Datetime,
    Date,
    Month,
    Count,
    Money,
    Number,
    Months,
    Status,
    Kind,
    Layer,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Channel => "channel",
            FieldType::Datetime => "datetime",
            FieldType::Date => "date",
            FieldType::Month => "month",
            FieldType::Count => "count",
            FieldType::Money => "money",
            FieldType::Number => "number",
            FieldType::Months => "months",
            FieldType::Status => "status",
            FieldType::Kind => "kind",
            FieldType::Layer => "layer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OnMissing {
    #[default]
    Warning,
    Error,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub key: bool,
    /// `table.field` this field points to.
    #[serde(default)]
    pub references: Option<String>,
    #[serde(default)]
    pub on_missing: OnMissing,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub name: String,
    pub ja: String,
    pub en: String,
    #[serde(default)]
    pub sheet_aliases: Vec<String>,
    /// A sheet is read as this table by its headers only when they name every required field
    /// (`daily`: a sheet of dates and counts without a platform is not taken for one).
    #[serde(default)]
    pub needs_every_required: bool,
    pub fields: Vec<FieldDef>,
}

impl FieldDef {
    /// Whether the field holds a post's id (the posts key, or a reference to it): such a cell may
    /// be written as the post's permalink, which is read as the id it names (`permalink`).
    pub fn names_a_post(&self) -> bool {
        self.name == "post_id" && (self.key || self.references.as_deref() == Some("posts.post_id"))
    }
}

impl TableDef {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }

    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn key_field(&self) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub tables: Vec<TableDef>,
}

impl Schema {
    /// The embedded schema.
    pub fn embedded() -> Result<Schema> {
        Schema::parse(EMBEDDED_SCHEMA, "templates/schema.toml")
    }

    /// A schema file given with `--schema`.
    pub fn load(path: &Path) -> Result<Schema> {
        let text = std::fs::read_to_string(path).map_err(|e| KpiError::Schema {
            source_name: path.display().to_string(),
            message: format!("cannot be read ({e})"),
        })?;
        let mut schema: Schema = toml::from_str(&text).map_err(|e| KpiError::Schema {
            source_name: path.display().to_string(),
            message: e.message().to_string(),
        })?;
        // A table the file leaves out (one kpibook gained after the file was written, such as
        // `daily`) is read as built in; every table it has is checked.
        let embedded = Schema::embedded()?;
        for table in embedded.tables {
            if schema.table(&table.name).is_none() {
                schema.tables.push(table);
            }
        }
        schema.check(&path.display().to_string())?;
        Ok(schema)
    }

    pub fn parse(text: &str, source_name: &str) -> Result<Schema> {
        let schema: Schema = toml::from_str(text).map_err(|e| KpiError::Schema {
            source_name: source_name.to_string(),
            message: e.message().to_string(),
        })?;
        schema.check(source_name)?;
        Ok(schema)
    }

    /// Every canonical table must be present with the fields the pipeline reads, each of its
    /// built-in type, and every field the built-in schema requires stays required: the typed
    /// records are built from those fields, so a row lacking one must be rejected as it is read
    /// (a schema may make an optional field required, never the reverse). A table kpibook does
    /// not know is refused too, since no sheet would ever be read as it.
    fn check(&self, source_name: &str) -> Result<()> {
        let embedded: Schema = toml::from_str(EMBEDDED_SCHEMA).map_err(|e| KpiError::Schema {
            source_name: "templates/schema.toml".into(),
            message: e.message().to_string(),
        })?;
        let refuse = |message: String| KpiError::Schema {
            source_name: source_name.to_string(),
            message,
        };
        if let Some(unknown) = self
            .tables
            .iter()
            .find(|t| !TABLE_ORDER.contains(&t.name.as_str()))
        {
            return Err(refuse(format!(
                "there is no table `{}` in kpibook (tables: {})",
                unknown.name,
                TABLE_ORDER.join(", ")
            )));
        }
        for table in &embedded.tables {
            let Some(mine) = self.table(&table.name) else {
                return Err(refuse(format!("table `{}` is missing", table.name)));
            };
            for field in &table.fields {
                let name = format!("{}.{}", table.name, field.name);
                let Some(f) = mine.field(&field.name) else {
                    return Err(refuse(format!("field `{name}` is missing")));
                };
                if f.field_type != field.field_type {
                    return Err(refuse(format!(
                        "field `{name}` must have type `{}`, not `{}`",
                        field.field_type.as_str(),
                        f.field_type.as_str()
                    )));
                }
                if field.required && !f.required {
                    return Err(refuse(format!(
                        "field `{name}` must stay required (`required = true`, as in the built-in \
                         schema): a {} row without it cannot be used and must be rejected. A schema \
                         may make an optional field required, not a required one optional",
                        table.name
                    )));
                }
            }
        }
        Ok(())
    }

    pub fn table(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Normalised header text -> the fields it feeds, per table: the field names themselves, their
    /// aliases (one field each), and the config's `[columns.<table>]` mappings (which win over
    /// aliases, and may name several fields).
    pub fn header_index(&self, column_mappings: &ColumnMappings) -> HeaderIndex {
        let mut index = BTreeMap::new();
        for table in &self.tables {
            let mut headers = BTreeMap::new();
            for field in &table.fields {
                headers.insert(normalize_key(&field.name), vec![field.name.clone()]);
                for alias in &field.aliases {
                    headers
                        .entry(normalize_key(alias))
                        .or_insert_with(|| vec![field.name.clone()]);
                }
            }
            if let Some(mapped) = column_mappings.get(&table.name) {
                for (header, fields) in mapped {
                    headers.insert(normalize_key(header), fields.clone());
                }
            }
            index.insert(table.name.clone(), headers);
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schema_has_every_table_in_order() {
        let schema = Schema::embedded().expect("embedded schema parses");
        for name in TABLE_ORDER {
            assert!(schema.table(name).is_some(), "table {name}");
        }
        assert_eq!(schema.tables.len(), TABLE_ORDER.len());
    }

    #[test]
    fn required_fields_match_the_spec() {
        let schema = Schema::embedded().unwrap();
        let required = |t: &str| -> Vec<String> {
            let table = schema.table(t).unwrap();
            table
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.clone())
                .collect()
        };
        assert_eq!(required("posts"), ["post_id", "platform", "published_at"]);
        assert_eq!(required("leads"), ["lead_id", "created_at"]);
        assert_eq!(required("touches"), ["lead_id", "touched_at", "channel"]);
        assert_eq!(required("deals"), ["deal_id", "created_at", "status"]);
        assert_eq!(required("costs"), ["month", "channel", "amount"]);
        assert_eq!(required("targets"), ["metric", "target"]);
        assert_eq!(required("custom"), ["metric", "month", "value"]);
        assert_eq!(required("settings"), ["key", "value"]);
    }

    #[test]
    fn a_schema_may_add_required_flags_but_not_drop_them() {
        let required = "name = \"created_at\"\ntype = \"datetime\"\nrequired = true";
        assert!(EMBEDDED_SCHEMA.contains(required));
        let loose = EMBEDDED_SCHEMA.replace(
            required,
            "name = \"created_at\"\ntype = \"datetime\"\nrequired = false",
        );
        let err = Schema::parse(&loose, "loose.toml").unwrap_err().to_string();
        assert!(
            err.contains("loose.toml") && err.contains("`leads.created_at` must stay required"),
            "{err}"
        );
        let optional = "name = \"mql_at\"\ntype = \"date\"";
        assert!(EMBEDDED_SCHEMA.contains(optional));
        let strict = EMBEDDED_SCHEMA.replace(optional, &format!("{optional}\nrequired = true"));
        let schema = Schema::parse(&strict, "strict.toml").expect("stricter schema is allowed");
        assert!(
            schema
                .table("leads")
                .unwrap()
                .field("mql_at")
                .unwrap()
                .required
        );
    }

    #[test]
    fn a_schema_with_a_table_kpibook_does_not_know_is_refused() {
        let extra = format!(
            "{EMBEDDED_SCHEMA}\n[[tables]]\nname = \"invoices\"\nja = \"請求\"\nen = \"Invoices\"\n\
             [[tables.fields]]\nname = \"invoice_id\"\ntype = \"text\"\n"
        );
        let err = Schema::parse(&extra, "mine.toml").unwrap_err().to_string();
        assert!(err.contains("`invoices`"), "{err}");
    }

    #[test]
    fn a_schema_missing_a_field_is_refused_naming_it() {
        let broken = EMBEDDED_SCHEMA.replace("name = \"mql_at\"", "name = \"mql_when\"");
        let err = Schema::parse(&broken, "mine.toml").unwrap_err().to_string();
        assert!(err.contains("leads.mql_at"), "{err}");
    }
}
