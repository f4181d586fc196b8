//! The columns of the data sheets and of the Lineage sheet, each defined once: its field id (the
//! header, the same in both languages, so formulas can rely on it) and how its cells are shown.
//! A column of an input field takes its kind from the field's type in the schema; the derived
//! columns (linking, SNS flag, source file / sheet / row) say theirs. Writers and formulas take a
//! column's position from here (`at!`, `col`), never a number of their own. Not for writing rows.

use std::sync::LazyLock;

use super::style::{ColumnKind, Kind};
use crate::schema::{FieldType, Schema};

/// One column of a data or lineage sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field id, written as the column's header.
    pub field: &'static str,
    source: Source,
}

#[derive(Debug, Clone, Copy)]
enum Source {
    /// An input field of the sheet's table: shown by its type in the schema.
    Field,
    /// A column the report derives, shown as given.
    Derived(ColumnKind),
}

impl Column {
    /// An input field of the sheet's table.
    const fn field(field: &'static str) -> Column {
        Column {
            field,
            source: Source::Field,
        }
    }

    /// A derived column.
    const fn derived(field: &'static str, kind: ColumnKind) -> Column {
        Column {
            field,
            source: Source::Derived(kind),
        }
    }

    /// Text derived by the report (a channel id, the linking columns).
    const fn text(field: &'static str) -> Column {
        Column::derived(field, ColumnKind::Text)
    }
}

/// The columns of one sheet and the schema table their input fields belong to.
#[derive(Debug)]
pub struct Columns {
    /// The schema table (`leads`, `deals` ...); `None` for the Lineage sheet.
    pub table: Option<&'static str>,
    pub list: &'static [Column],
}

/// The three columns every data sheet ends with: where the row came from.
const SOURCE_FILE: Column = Column::text("source_file");
const SOURCE_SHEET: Column = Column::text("source_sheet");
const SOURCE_ROW: Column = Column::derived("source_row", ColumnKind::Number(Kind::Count));
/// Whether the row's channel (or platform) is an SNS channel: TRUE / FALSE.
const SNS: Column = Column::text("sns");

pub const LEADS: Columns = Columns {
    table: Some("leads"),
    list: &[
        Column::field("lead_id"),
        Column::field("created_at"),
        Column::field("channel"),
        Column::text("channel_id"),
        Column::field("post_id"),
        Column::field("utm_source"),
        Column::field("utm_medium"),
        Column::field("utm_campaign"),
        Column::field("utm_content"),
        Column::field("account"),
        Column::field("conversion_type"),
        Column::field("mql_at"),
        Column::text("acquisition_channel"),
        Column::text("linked_post"),
        Column::text("link_reason"),
        SNS,
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const DEALS: Columns = Columns {
    table: Some("deals"),
    list: &[
        Column::field("deal_id"),
        Column::field("lead_id"),
        Column::field("account"),
        Column::field("created_at"),
        Column::field("status"),
        Column::field("amount"),
        Column::field("closed_at"),
        Column::field("mrr"),
        Column::field("contract_months"),
        Column::text("acquisition_channel"),
        Column::text("linked_post"),
        // What ARPA averages: mrr, else amount / contract_months.
        Column::derived("monthly_revenue", ColumnKind::Number(Kind::Money)),
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const DAILY: Columns = Columns {
    table: Some("daily"),
    list: &[
        Column::field("date"),
        Column::field("platform"),
        Column::text("platform_id"),
        Column::field("post_id"),
        Column::field("impressions"),
        Column::field("reach"),
        Column::field("engagements"),
        Column::field("reactions"),
        Column::field("comments"),
        Column::field("shares"),
        Column::field("clicks"),
        Column::field("video_views"),
        Column::field("followers_gained"),
        Column::field("posts_published"),
        Column::derived("engagements_total", ColumnKind::Number(Kind::Count)),
        SNS,
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const TRAFFIC: Columns = Columns {
    table: Some("traffic"),
    list: &[
        Column::field("date"),
        Column::field("end"),
        Column::field("channel"),
        Column::text("channel_id"),
        Column::field("sessions"),
        Column::field("engaged_sessions"),
        Column::field("key_events"),
        // The last day the row covers (`end`, else `date`): what the period's share is counted
        // over.
        Column::derived("last_day", ColumnKind::Date),
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const POSTS: Columns = Columns {
    table: Some("posts"),
    list: &[
        Column::field("post_id"),
        Column::field("platform"),
        Column::text("platform_id"),
        Column::field("published_at"),
        Column::field("campaign"),
        Column::field("title"),
        Column::field("url"),
        Column::field("format"),
        Column::field("impressions"),
        Column::field("reach"),
        Column::field("engagements"),
        Column::field("reactions"),
        Column::field("comments"),
        Column::field("shares"),
        Column::field("saves"),
        Column::field("clicks"),
        Column::field("video_views"),
        Column::field("video_completions"),
        Column::field("spend"),
        Column::derived("engagements_total", ColumnKind::Number(Kind::Count)),
        SNS,
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const TOUCHES: Columns = Columns {
    table: Some("touches"),
    list: &[
        Column::field("lead_id"),
        Column::field("touched_at"),
        Column::field("channel"),
        Column::text("channel_id"),
        Column::field("post_id"),
        Column::field("campaign"),
        Column::field("touch_type"),
        SNS,
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const COSTS: Columns = Columns {
    table: Some("costs"),
    list: &[
        Column::field("month"),
        Column::field("channel"),
        Column::text("channel_id"),
        Column::field("category"),
        Column::field("amount"),
        SNS,
        // A row over a period its file gives, spread over the months by days: the period
        // (`2025-06-16..2025-07-15`), its days in this row's month, and which month of it this
        // is (1, 2 …; the input row is counted once, at 1). Empty for a row of one month.
        Column::text("period"),
        Column::derived("period_days", ColumnKind::Number(Kind::Count)),
        Column::derived("period_part", ColumnKind::Number(Kind::Count)),
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const TARGETS: Columns = Columns {
    table: Some("targets"),
    list: &[
        Column::field("metric"),
        Column::field("target"),
        Column::field("month"),
        Column::field("period"),
        Column::field("channel"),
        Column::text("channel_id"),
        Column::field("kind"),
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

pub const CUSTOM: Columns = Columns {
    table: Some("custom"),
    list: &[
        Column::field("metric"),
        Column::field("month"),
        Column::field("value"),
        Column::field("layer"),
        SOURCE_FILE,
        SOURCE_SHEET,
        SOURCE_ROW,
    ],
};

/// The Lineage sheet: one row per won deal, touch and model.
pub const LINEAGE: Columns = Columns {
    table: None,
    list: &[
        Column::text("model"),
        Column::text("deal_id"),
        Column::text("lead_id"),
        Column::derived("closed_at", ColumnKind::Date),
        Column::derived("deal_amount", ColumnKind::Number(Kind::Money)),
        Column::derived("touch_at", ColumnKind::DateTime),
        Column::text("channel"),
        Column::text("post_id"),
        Column::text("link_reason"),
        SNS,
        Column::derived("credit", ColumnKind::Number(Kind::Decimal)),
        Column::derived("attributed_amount", ColumnKind::Number(Kind::Money)),
    ],
};

/// One data sheet: the input table it shows (its columns' `table`), its columns and the key of its
/// name in `templates/labels.toml`.
#[derive(Debug)]
pub struct DataTable {
    pub columns: &'static Columns,
    pub label: &'static str,
    /// Written only when the table has rows: a table most teams never give (web analytics), whose
    /// empty sheet would only change every other report.
    pub only_with_rows: bool,
}

impl DataTable {
    /// The schema table the sheet shows.
    pub fn table(&self) -> &'static str {
        self.columns.table.unwrap_or_default()
    }
}

/// The data sheets, in tab order: the one list the sheet names, the layout, the writer and the
/// Checks sheet walk. Its rows are the table's records (`Dataset::records`); the writer writes
/// their input fields from the schema, and the derived columns by the table's own code
/// (`data::derived_columns`).
pub const DATA_TABLES: &[DataTable] = &[
    DataTable {
        columns: &LEADS,
        label: "sheet.leads",
        only_with_rows: false,
    },
    DataTable {
        columns: &DEALS,
        label: "sheet.deals",
        only_with_rows: false,
    },
    DataTable {
        columns: &POSTS,
        label: "sheet.posts_data",
        only_with_rows: false,
    },
    DataTable {
        columns: &TOUCHES,
        label: "sheet.touches",
        only_with_rows: false,
    },
    DataTable {
        columns: &COSTS,
        label: "sheet.costs",
        only_with_rows: false,
    },
    DataTable {
        columns: &DAILY,
        label: "sheet.daily",
        only_with_rows: false,
    },
    DataTable {
        columns: &TRAFFIC,
        label: "sheet.traffic",
        only_with_rows: true,
    },
    DataTable {
        columns: &TARGETS,
        label: "sheet.targets",
        only_with_rows: false,
    },
    DataTable {
        columns: &CUSTOM,
        label: "sheet.custom",
        only_with_rows: false,
    },
];

/// The data sheet of a schema table; `None` for a table without one (settings).
pub fn of_table(table: &str) -> Option<&'static DataTable> {
    DATA_TABLES.iter().find(|t| t.table() == table)
}

/// The 0-based column of `field`. In a `const` (as `at!` writes it) an unknown field does not
/// build; at run time it panics, and `formulas`' tests ask for every field they use.
pub const fn col(columns: &Columns, field: &str) -> u16 {
    let mut i = 0;
    while i < columns.list.len() {
        if same(columns.list[i].field, field) {
            return i as u16;
        }
        i += 1;
    }
    panic!("no such column on the sheet")
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The column of a field, found when the program is built: `at!(LEADS, "created_at")`.
macro_rules! at {
    ($columns:expr, $field:literal) => {
        const { $crate::report::columns::col(&$columns, $field) }
    };
}
pub(crate) use at;

/// The built-in schema, whose field types the input columns are shown by. A `--schema` file must
/// keep those types (`Schema::check`), so the built-in ones hold for every run.
static SCHEMA: LazyLock<Schema> =
    LazyLock::new(|| Schema::embedded().expect("the built-in schema parses (schema tests)"));

impl Columns {
    /// The headers, in order.
    pub fn headers(&self) -> Vec<&'static str> {
        self.list.iter().map(|c| c.field).collect()
    }

    /// How each column's cells are shown, in order.
    pub fn kinds(&self) -> Vec<ColumnKind> {
        self.list.iter().map(|c| self.kind(c)).collect()
    }

    fn kind(&self, column: &Column) -> ColumnKind {
        match column.source {
            Source::Derived(kind) => kind,
            Source::Field => self
                .field_type(column.field)
                .map_or(ColumnKind::Text, shown_as),
        }
    }

    fn field_type(&self, field: &str) -> Option<FieldType> {
        let table = SCHEMA.table(self.table?)?;
        table.field(field).map(|f| f.field_type)
    }

    /// The input-field columns, in order: what the data sheet's writer fills from each record.
    pub fn inputs(&self) -> Vec<InputColumn> {
        let list = self.list;
        (0..list.len())
            .filter(|&i| matches!(list[i].source, Source::Field))
            .map(|i| {
                let field = list[i].field;
                let is_channel = self.field_type(field) == Some(FieldType::Channel);
                let next = list.get(i + 1).map(|c| c.field);
                let id_follows = next.and_then(|n| n.strip_suffix("_id")) == Some(field);
                InputColumn {
                    at: i as u16,
                    field,
                    kind: self.kind(&list[i]),
                    id_at: (is_channel && id_follows).then_some(i as u16 + 1),
                }
            })
            .collect()
    }
}

/// A column of an input field: where it stands, its field, how it is shown and, for a channel
/// field, where its `<field>_id` column stands (right after it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputColumn {
    pub at: u16,
    pub field: &'static str,
    pub kind: ColumnKind,
    pub id_at: Option<u16>,
}

/// How the cells of an input field of `field_type` are shown.
fn shown_as(field_type: FieldType) -> ColumnKind {
    match field_type {
        FieldType::Datetime => ColumnKind::DateTime,
        FieldType::Date => ColumnKind::Date,
        FieldType::Month => ColumnKind::Month,
        FieldType::Money => ColumnKind::Number(Kind::Money),
        FieldType::Number => ColumnKind::Number(Kind::Decimal),
        FieldType::Count | FieldType::Months | FieldType::Layer => ColumnKind::Number(Kind::Count),
        FieldType::Text
        | FieldType::Channel
        | FieldType::Status
        | FieldType::Kind
        | FieldType::Period => ColumnKind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_field_of_a_table_has_its_column_in_schema_order() {
        for columns in DATA_TABLES.iter().map(|t| t.columns) {
            let table = SCHEMA.table(columns.table.unwrap()).unwrap();
            let fields: Vec<&str> = columns
                .list
                .iter()
                .filter(|c| matches!(c.source, Source::Field))
                .map(|c| c.field)
                .collect();
            let schema: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(fields, schema, "{}", table.name);
        }
    }

    #[test]
    fn a_channel_field_is_followed_by_its_id() {
        for columns in DATA_TABLES.iter().map(|t| t.columns) {
            let table = SCHEMA.table(columns.table.unwrap()).unwrap();
            for field in table
                .fields
                .iter()
                .filter(|f| f.field_type == FieldType::Channel)
            {
                let at = usize::from(col(columns, &field.name));
                let id = columns.list[at + 1].field;
                assert!(
                    id == format!("{}_id", field.name),
                    "{}.{}",
                    table.name,
                    field.name
                );
            }
        }
    }

    #[test]
    fn dates_and_times_follow_the_field_types() {
        assert_eq!(
            LEADS.kinds()[usize::from(at!(LEADS, "created_at"))],
            ColumnKind::DateTime
        );
        assert_eq!(
            DEALS.kinds()[usize::from(at!(DEALS, "created_at"))],
            ColumnKind::Date
        );
        assert_eq!(
            COSTS.kinds()[usize::from(at!(COSTS, "month"))],
            ColumnKind::Month
        );
        assert_eq!(
            TARGETS.kinds()[usize::from(at!(TARGETS, "target"))],
            ColumnKind::Number(Kind::Decimal)
        );
        assert_eq!(at!(LEADS, "acquisition_channel"), 12);
    }

    #[test]
    fn every_data_table_is_a_table_of_the_schema_once() {
        let mut seen = Vec::new();
        for table in DATA_TABLES {
            assert!(table.columns.table.is_some(), "{}", table.label);
            assert!(SCHEMA.table(table.table()).is_some(), "{}", table.table());
            assert!(!seen.contains(&table.table()), "{}", table.table());
            seen.push(table.table());
        }
        assert_eq!(of_table("deals").map(|t| t.label), Some("sheet.deals"));
        assert!(of_table("settings").is_none());
    }

    #[test]
    fn the_input_columns_say_where_a_channel_id_goes() {
        let inputs = TARGETS.inputs();
        let fields: Vec<&str> = inputs.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            ["metric", "target", "month", "period", "channel", "kind"]
        );
        let channel = inputs[4];
        assert_eq!((channel.at, channel.id_at), (4, Some(5)));
        assert_eq!(inputs[5].at, 6, "kind stands after channel_id");
        assert_eq!(inputs[3].kind, ColumnKind::Text);
        assert_eq!(inputs[2].kind, ColumnKind::Month);
        // post_id is text, not a channel: no id column of its own.
        let post_id = LEADS.inputs().into_iter().find(|c| c.field == "post_id");
        assert_eq!(post_id.map(|c| c.id_at), Some(None));
        let platform = POSTS.inputs().into_iter().find(|c| c.field == "platform");
        assert_eq!(platform.map(|c| c.id_at), Some(Some(2)));
    }

    #[test]
    #[should_panic(expected = "no such column")]
    fn an_unknown_field_is_no_column() {
        col(&LEADS, "created");
    }
}
