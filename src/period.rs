//! A report period: an inclusive range of whole days, and how `--period`, `--month`, `--fy` and the
//! `period` key write one. A leaf: it knows dates, not the configuration that chooses one.

use chrono::NaiveDate;
use serde::Serialize;

/// An inclusive range of whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// `2025-04-01..2025-09-30` (also with `/`).
    pub fn parse(text: &str) -> Option<Period> {
        let (start, end) = text.trim().split_once("..")?;
        let parse = |t: &str| {
            let t = t.trim().replace('/', "-");
            NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()
        };
        let period = Period {
            start: parse(start)?,
            end: parse(end)?,
        };
        (period.start <= period.end).then_some(period)
    }

    /// `2025-04`: that calendar month.
    pub fn month(text: &str) -> Option<Period> {
        let t = text.trim().replace('/', "-");
        let start = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").ok()?;
        let end = start
            .checked_add_months(chrono::Months::new(1))?
            .pred_opt()?;
        Some(Period { start, end })
    }

    /// Fiscal year `year` starting in `start_month` (FY2025 with April = 2025-04-01..2026-03-31).
    pub fn fiscal_year(year: i32, start_month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, start_month, 1)?;
        let end = start
            .checked_add_months(chrono::Months::new(12))?
            .pred_opt()?;
        Some(Period { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            Period::parse("2025-04-01..2025-09-30").unwrap().start,
            d(2025, 4, 1)
        );
        assert!(Period::parse("2025-09-30..2025-04-01").is_none());
        let feb = Period::month("2024-02").unwrap();
        assert_eq!((feb.start, feb.end), (d(2024, 2, 1), d(2024, 2, 29)));
        let fy = Period::fiscal_year(2025, 4).unwrap();
        assert_eq!((fy.start, fy.end), (d(2025, 4, 1), d(2026, 3, 31)));
        let calendar = Period::fiscal_year(2025, 1).unwrap();
        assert_eq!(calendar.end, d(2025, 12, 31));
    }
}
