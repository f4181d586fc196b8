//! The A1 reference grammar every sheet writes its formulas and links in: quoted sheet names,
//! column letters, whole-column and cell references, text literals, and the workbook's defined
//! names with the period criteria built on them. A leaf: it knows no sheet and no figure.

pub use crate::cell::column_letters;

/// Names of the input cells on the Assumptions sheet, defined for the whole workbook so any
/// formula can read them.
pub const PERIOD_START: &str = "PeriodStart";
pub const PERIOD_END: &str = "PeriodEnd";
pub const GROSS_MARGIN: &str = "GrossMargin";
pub const MODEL: &str = "Model";
pub const MONTHLY_CHURN: &str = "MonthlyChurn";
pub const LIFETIME_MONTHS: &str = "LifetimeMonths";
pub const PURCHASES_PER_CUSTOMER: &str = "PurchasesPerCustomer";
pub const CV_RATE: &str = "CvRate";
/// The first and last day of the compared period (SPEC section 10), when the report has one.
pub const COMPARE_START: &str = "CompareStart";
pub const COMPARE_END: &str = "CompareEnd";

/// The days a figure counts, as the names of the Assumptions cells holding its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub start: &'static str,
    pub end: &'static str,
}

/// The report period.
pub const REPORT_PERIOD: Bounds = Bounds {
    start: PERIOD_START,
    end: PERIOD_END,
};

/// The period the report compares with.
pub const COMPARED_PERIOD: Bounds = Bounds {
    start: COMPARE_START,
    end: COMPARE_END,
};

impl Bounds {
    /// COUNTIFS / SUMIFS criteria: `range` within these days (whole days).
    pub fn within(&self, range: &str) -> String {
        let Bounds { start, end } = self;
        format!("{range},\">=\"&{start},{range},\"<\"&({end}+1)")
    }
}

/// A sheet name as references write it: quoted, its own quotes doubled (`'Bob''s'`).
pub fn quoted_sheet(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// A whole column of a sheet by its 0-based index: `'リードデータ'!$M:$M`.
pub fn whole_column(sheet: &str, col: u16) -> String {
    let letters = column_letters(u32::from(col));
    format!("{}!${letters}:${letters}", quoted_sheet(sheet))
}

/// Rows `first` to `last` (1-based) of one column of a sheet: `'リードデータ'!$N$120:$N$135`.
pub fn column_rows(sheet: &str, col: u16, first: u32, last: u32) -> String {
    let letters = column_letters(u32::from(col));
    format!(
        "{}!${letters}${first}:${letters}${last}",
        quoted_sheet(sheet)
    )
}

/// One cell of a sheet by its 0-based column and 1-based row: `'投稿データ'!T7`.
pub fn cell_on(sheet: &str, col: u16, row: usize) -> String {
    format!(
        "{}!{}{row}",
        quoted_sheet(sheet),
        column_letters(u32::from(col))
    )
}

/// A text as a formula literal: `"a""b"`.
pub fn text_literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// COUNTIFS / SUMIFS criteria: `range` within the report period (whole days).
pub fn within_period(range: &str) -> String {
    REPORT_PERIOD.within(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_quote_sheet_names_and_literals_double_their_quotes() {
        assert_eq!(quoted_sheet("Bob's"), "'Bob''s'");
        assert_eq!(whole_column("Leads data", 12), "'Leads data'!$M:$M");
        assert_eq!(
            column_rows("Leads data", 13, 120, 135),
            "'Leads data'!$N$120:$N$135"
        );
        assert_eq!(cell_on("Posts data", 19, 7), "'Posts data'!T7");
        assert_eq!(text_literal("a\"b"), "\"a\"\"b\"");
        assert_eq!(
            within_period("X"),
            "X,\">=\"&PeriodStart,X,\"<\"&(PeriodEnd+1)"
        );
    }
}
