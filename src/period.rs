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

    /// The number of a fiscal year as a team writes it: `2025`, `FY2025`, `fy 2025`, `FY-2025`,
    /// `2025年度` (full-width characters too). The year it starts in, as `--fy` takes it.
    pub fn fiscal_year_number(text: &str) -> Option<i32> {
        let key = crate::text::normalize_key(text);
        let digits = key
            .strip_prefix("fy")
            .map(|rest| rest.trim_start_matches([' ', '-']))
            .or_else(|| key.strip_suffix("年度").map(str::trim_end))
            .unwrap_or(&key);
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
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

impl Period {
    /// A target's span as a team writes it (SPEC section 1, `period`): `2025-04-01..2025-06-30`,
    /// `2025-04..2025-06` (whole months), `2025年4月〜6月` (also `～`, `~`, and a year on the end
    /// month: `2025年10月〜2026年3月`), `FY2025` / `2025年度` (the fiscal year starting in
    /// `fiscal_start_month`); full-width digits read as half-width. `None` for anything else.
    pub fn parse_span(text: &str, fiscal_start_month: u32) -> Option<Period> {
        use unicode_normalization::UnicodeNormalization;
        let text: String = text.nfkc().collect::<String>().trim().to_ascii_lowercase();
        let text = text.replace(' ', "");
        if let Some(year) = text
            .strip_prefix("fy")
            .or_else(|| text.strip_suffix("年度"))
            .and_then(|y| y.parse::<i32>().ok())
        {
            return Period::fiscal_year(year, fiscal_start_month);
        }
        let (start, end) = text
            .split_once("..")
            .or_else(|| text.split_once('〜'))
            .or_else(|| text.split_once('~'))
            .or_else(|| text.split_once('-').filter(|_| text.contains('年')))?;
        let day = |t: &str| NaiveDate::parse_from_str(&t.replace('/', "-"), "%Y-%m-%d").ok();
        let span = match (day(start), day(end)) {
            (Some(start), Some(end)) => Period { start, end },
            _ => {
                let first = month_of(start, None)?;
                let last = month_of(end, Some(first.0))?;
                Period {
                    start: Period::month(&format!("{}-{:02}", first.0, first.1))?.start,
                    end: Period::month(&format!("{}-{:02}", last.0, last.1))?.end,
                }
            }
        };
        (span.start <= span.end).then_some(span)
    }
}

/// (year, month) of `2025-04`, `2025/4`, `2025年4月` or, with the year of the span's start,
/// `6月` / `6`.
fn month_of(text: &str, year_before: Option<i32>) -> Option<(i32, u32)> {
    let text = text.trim().trim_end_matches('月');
    let (year, month) = match text.split_once(['-', '/', '年']) {
        Some((year, month)) => (year.parse().ok()?, month),
        None => (year_before?, text),
    };
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// What a report's figures are compared with (SPEC section 10, `compare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compare {
    /// The period of the same length just before.
    Previous,
    /// The same dates a year earlier.
    Year,
    /// No comparison.
    None,
}

impl Compare {
    pub fn parse(text: &str) -> Option<Compare> {
        match text.trim().to_ascii_lowercase().as_str() {
            "previous" => Some(Compare::Previous),
            "year" => Some(Compare::Year),
            "none" => Some(Compare::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Compare::Previous => "previous",
            Compare::Year => "year",
            Compare::None => "none",
        }
    }
}

impl Period {
    /// The period compared with this one: `Previous` is the same number of whole calendar months
    /// just before when this period is whole months (June -> May, a quarter -> the quarter
    /// before, whatever their lengths in days), else the same number of days just before; `Year`
    /// is the same dates a year earlier (29 February -> 28 February).
    pub fn compared(&self, compare: Compare) -> Option<Period> {
        match compare {
            Compare::None => None,
            Compare::Year => Some(Period {
                start: self.start.checked_sub_months(chrono::Months::new(12))?,
                end: self.end.checked_sub_months(chrono::Months::new(12))?,
            }),
            Compare::Previous => match self.whole_months() {
                Some(months) => {
                    let start = self.start.checked_sub_months(chrono::Months::new(months))?;
                    Some(Period {
                        start,
                        end: self.start.pred_opt()?,
                    })
                }
                None => {
                    let days = (self.end - self.start).num_days() + 1;
                    Some(Period {
                        start: self.start - chrono::Duration::days(days),
                        end: self.start.pred_opt()?,
                    })
                }
            },
        }
    }

    /// How many calendar months the period spans when it starts on a 1st and ends on a month's
    /// last day.
    fn whole_months(&self) -> Option<u32> {
        use chrono::Datelike;
        if self.start.day() != 1 || self.end.succ_opt()?.day() != 1 {
            return None;
        }
        let months = (self.end.year() - self.start.year()) * 12 + self.end.month() as i32
            - self.start.month() as i32
            + 1;
        u32::try_from(months).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_spans_read_as_teams_write_them() {
        let span =
            |text: &str| Period::parse_span(text, 4).map(|p| format!("{}..{}", p.start, p.end));
        let q1 = Some("2025-04-01..2025-06-30".to_string());
        assert_eq!(span("2025-04-01..2025-06-30"), q1);
        assert_eq!(span("2025/4/1..2025/6/30"), q1);
        assert_eq!(span("2025-04..2025-06"), q1);
        assert_eq!(span("2025年4月〜6月"), q1);
        assert_eq!(span("２０２５年４月～６月"), q1);
        assert_eq!(span("2025年4月~2025年6月"), q1);
        assert_eq!(
            span("2025年10月〜2026年3月").as_deref(),
            Some("2025-10-01..2026-03-31")
        );
        assert_eq!(span("FY2025").as_deref(), Some("2025-04-01..2026-03-31"));
        assert_eq!(span("2025年度").as_deref(), Some("2025-04-01..2026-03-31"));
        assert_eq!(
            Period::parse_span("fy 2025", 1)
                .map(|p| p.end.to_string())
                .as_deref(),
            Some("2025-12-31")
        );
        assert_eq!(span("2025-06..2025-04"), None);
        assert_eq!(span("Q1"), None);
        assert_eq!(span("2025年13月〜14月"), None);
    }

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
        for written in [
            "2025",
            "FY2025",
            "fy2025",
            "FY 2025",
            "2025年度",
            "２０２５年度",
            "ＦＹ２０２５",
        ] {
            assert_eq!(Period::fiscal_year_number(written), Some(2025), "{written}");
        }
        for wrong in ["25", "FY", "2025年", "20250", "令和7年度"] {
            assert_eq!(Period::fiscal_year_number(wrong), None, "{wrong}");
        }
        let calendar = Period::fiscal_year(2025, 1).unwrap();
        assert_eq!(calendar.end, d(2025, 12, 31));
    }

    #[test]
    fn compared_periods() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let p = |a, b| Period { start: a, end: b };
        let june = Period::month("2025-06").unwrap();
        // A month compares with the month before, whatever its length.
        assert_eq!(
            june.compared(Compare::Previous),
            Some(p(d(2025, 5, 1), d(2025, 5, 31)))
        );
        let march = Period::month("2024-03").unwrap();
        assert_eq!(
            march.compared(Compare::Previous),
            Some(p(d(2024, 2, 1), d(2024, 2, 29)))
        );
        // A quarter with the quarter before; across a year end.
        let q3 = p(d(2025, 7, 1), d(2025, 9, 30));
        assert_eq!(
            q3.compared(Compare::Previous),
            Some(p(d(2025, 4, 1), d(2025, 6, 30)))
        );
        let q1 = p(d(2026, 1, 1), d(2026, 3, 31));
        assert_eq!(
            q1.compared(Compare::Previous),
            Some(p(d(2025, 10, 1), d(2025, 12, 31)))
        );
        // Days that are not whole months: the same number of days before.
        let days = p(d(2025, 6, 10), d(2025, 6, 19));
        assert_eq!(
            days.compared(Compare::Previous),
            Some(p(d(2025, 5, 31), d(2025, 6, 9)))
        );
        // A year earlier; 29 February becomes 28 February.
        assert_eq!(
            q3.compared(Compare::Year),
            Some(p(d(2024, 7, 1), d(2024, 9, 30)))
        );
        let leap = p(d(2024, 2, 29), d(2024, 2, 29));
        assert_eq!(
            leap.compared(Compare::Year),
            Some(p(d(2023, 2, 28), d(2023, 2, 28)))
        );
        assert_eq!(q3.compared(Compare::None), None);
        assert_eq!(Compare::parse(" Year "), Some(Compare::Year));
        assert_eq!(Compare::parse("last"), None);
    }
}
