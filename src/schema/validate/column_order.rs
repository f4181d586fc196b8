//! The day/month order of each date column, from the cells that prove it (SPEC section 1): when
//! `date_order` does not decide it and a cell such as `12/9/2022` reads both ways, a cell of the
//! same column such as `12/19/2022` (19 is no month) decides it for the whole column, said in one
//! warning. A column with proofs of both orders leaves its ambiguous cells errors. Worked out once
//! per sheet, before its rows are read; the cells are then read by `cell` in the order found here.

use std::collections::HashMap;

use super::validator::{At, ColumnOrder, Proof, Validator};
use crate::cell::{a1, Cell};
use crate::ingest::RawSheet;
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::schema::classify::{self, Classification, MappedColumn};
use crate::schema::{FieldType, TableDef};
use crate::values::{self, DateOrder, DateReading, ValueError};

impl ColumnOrder {
    /// The message of an ambiguous cell of a column that proves both orders.
    pub(super) fn conflict_message(month_first: &Proof, day_first: &Proof, lang: Lang) -> String {
        let (d, m) = (day_first, month_first);
        match lang {
            Lang::Ja => format!(
                "日付が月/日と日/月のどちらとも読めます。この列には両方の順の日付があります ({}「{}」は日/月、{}「{}」は月/日の順でしか読めません)。設定で date_order を指定するか、2025-04-05 の形で書いてください。",
                d.cell, d.text, m.cell, m.text
            ),
            Lang::En => format!(
                "The date reads as both month/day and day/month, and this column holds both orders ({} `{}` can only be day first, {} `{}` only month first); set date_order in the config or write it as 2025-04-05.",
                d.cell, d.text, m.cell, m.text
            ),
        }
    }
}

/// What one pass over a column's text cells found.
#[derive(Default)]
struct Findings {
    /// Ambiguous cells: how many, and the first (0-based sheet row, text).
    ambiguous: usize,
    first_ambiguous: Option<(u32, String)>,
    month_first: Option<Proof>,
    day_first: Option<Proof>,
}

impl Validator<'_> {
    /// The order of each date column of `sheet` that holds ambiguous cells and a proof, by sheet
    /// column; a warning for each column read in a proven order. Empty when `date_order` is mdy or
    /// dmy: a configured order always wins.
    pub(super) fn column_orders(
        &mut self,
        sheet: &RawSheet,
        class: &Classification,
        table: &TableDef,
    ) -> HashMap<u32, ColumnOrder> {
        let mut orders = HashMap::new();
        let dates = self.options.dates;
        // A configured order, or the one the sheet's export profile says, needs no proof.
        if matches!(dates.order, Some(DateOrder::Mdy | DateOrder::Dmy))
            || self.export_date_order.is_some()
        {
            return orders;
        }
        for column in &class.columns {
            let is_date = table.field(&column.field).is_some_and(|f| {
                matches!(
                    f.field_type,
                    FieldType::Date | FieldType::Datetime | FieldType::Month
                )
            });
            if !is_date {
                continue;
            }
            let found = findings(sheet, class, column, dates);
            if found.ambiguous == 0 {
                continue;
            }
            let order = match (found.month_first.clone(), found.day_first.clone()) {
                (Some(month_first), Some(day_first)) => ColumnOrder::Conflict {
                    month_first,
                    day_first,
                },
                (Some(proof), None) | (None, Some(proof)) => {
                    self.proven_order_warning(sheet, column, &found, &proof);
                    ColumnOrder::Proven(proof)
                }
                (None, None) => continue,
            };
            orders.insert(column.col, order);
        }
        orders
    }

    /// One warning per column read in a proven order, at its first ambiguous cell.
    fn proven_order_warning(
        &mut self,
        sheet: &RawSheet,
        column: &MappedColumn,
        found: &Findings,
        proof: &Proof,
    ) {
        let Some((row0, text)) = &found.first_ambiguous else {
            return;
        };
        let read_as =
            values::parse_date_text(text, self.options.dates.with_order(Some(proof.order)))
                .map(|at| at.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
        let count = found.ambiguous;
        let message = match (self.lang(), proof.order) {
            (Lang::Ja, order) => {
                let order = if order == DateOrder::Mdy {
                    "月/日"
                } else {
                    "日/月"
                };
                format!(
                    "この列の日/月があいまいな日付 ({text} など {count} 件) は、同じ列の {}「{}」が{order}の順でしか読めないため、{order}の順で読みました ({text} = {read_as})。違う場合は設定で date_order を指定してください。",
                    proof.cell, proof.text
                )
            }
            (Lang::En, order) => {
                let order = if order == DateOrder::Mdy {
                    "month first"
                } else {
                    "day first"
                };
                format!(
                    "The {count} dates of this column that read both ways (such as {text}) are read {order} ({text} = {read_as}), as {} `{}` of the same column can only be {order}; set date_order in the config if that is wrong.",
                    proof.cell, proof.text
                )
            }
        };
        let at = At { sheet, row0: *row0 };
        self.issue(
            Severity::Warning,
            IssueCode::AmbiguousDate,
            &at,
            Some(column.col),
            &column.header,
            text.clone(),
            message,
        );
    }
}

/// The ambiguous cells of one column and, when there are any, the first proof of each order.
fn findings(
    sheet: &RawSheet,
    class: &Classification,
    column: &MappedColumn,
    dates: DateReading,
) -> Findings {
    let mut found = Findings::default();
    let texts = || {
        sheet
            .rows
            .iter()
            .enumerate()
            .skip(class.header_index + 1)
            .filter_map(
                |(index, raw)| match classify::cell_at(sheet, raw, column.col) {
                    Cell::Text(text) => Some((sheet.first_row + index as u32, text)),
                    _ => None,
                },
            )
    };
    for (row0, text) in texts() {
        if values::parse_date_text(text, dates) == Err(ValueError::AmbiguousDate) {
            found.ambiguous += 1;
            found
                .first_ambiguous
                .get_or_insert_with(|| (row0, text.clone()));
        }
    }
    if found.ambiguous == 0 {
        return found;
    }
    for (row0, text) in texts() {
        let Some(order) = values::order_proved_by(text) else {
            continue;
        };
        let slot = match order {
            DateOrder::Mdy => &mut found.month_first,
            _ => &mut found.day_first,
        };
        slot.get_or_insert_with(|| Proof {
            order,
            cell: a1(row0, column.col),
            text: text.trim().to_string(),
        });
        if found.month_first.is_some() && found.day_first.is_some() {
            break;
        }
    }
    found
}
