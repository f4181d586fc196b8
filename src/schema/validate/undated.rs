//! A costs sheet read by an export profile that has no date column and whose file gives no period
//! (no title row, comment lines or range in its name: LinkedIn's campaign list, which the team
//! exports for the range picked in the UI): its spend goes to the month of the file's own date, a
//! date in its file name, else the day the file was saved. Said once per sheet (`derived_value`),
//! with how to give the period instead. A team's own costs sheet without a month column stays a
//! `missing_column` error.

use chrono::{Datelike, Months, NaiveDate};

use super::validator::{At, Validator};
use crate::issues::{IssueCode, Severity};
use crate::lang::Lang;
use crate::period::Period;
use crate::schema::classify::Classification;
use crate::schema::file_period;

impl Validator<'_> {
    /// The month (as a period of its days) a profile's costs sheet with no date and no period
    /// takes, said once; `None` for a sheet no profile reads, or a file with no date at all.
    pub(super) fn undated_export(
        &mut self,
        header_at: &At,
        class: &Classification,
    ) -> Option<Period> {
        class.profile.as_ref()?;
        let file = &header_at.sheet.file;
        let (day, from_name) = match file_period::latest_date_in_name(file) {
            Some(day) => (day, true),
            None => (*self.modified_days.get(file)?, false),
        };
        let start = day.with_day(1)?;
        let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
        let message = message(self.lang(), file, day, from_name, Period { start, end });
        self.issue(
            Severity::Warning,
            IssueCode::DerivedValue,
            header_at,
            None,
            "month",
            start.format("%Y-%m").to_string(),
            message,
        );
        Some(Period { start, end })
    }
}

fn message(lang: Lang, file: &str, day: NaiveDate, from_name: bool, month: Period) -> String {
    let (start, end) = (month.start, month.end);
    let month = format!("{}-{:02}", start.year(), start.month());
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let example = format!("{stem}_{start}_{end}");
    match (lang, from_name) {
        (Lang::Ja, true) => format!(
            "このエクスポートには日付の列がなく、期間も書かれていません (タイトル行・# 行・ファイル名の期間なし)。金額はファイル名の日付 {day} の月 ({month}) に計上しました。別の期間の数字なら、ファイル名に期間を入れるか (例: {example}.csv)、日別に分けてエクスポートしてください。"
        ),
        (Lang::Ja, false) => format!(
            "このエクスポートには日付の列がなく、期間も書かれていません (タイトル行・# 行・ファイル名の期間なし)。金額はファイルの更新日 {day} の月 ({month}) に計上しました。別の期間の数字なら、ファイル名に期間を入れるか (例: {example}.csv)、日別に分けてエクスポートしてください。"
        ),
        (Lang::En, true) => format!(
            "The export has no date column and gives no period (no title row, # lines or range in its name): its figures go to {month}, the month of {day}, the date in its file name. If they are for another period, put the range in the file name (e.g. {example}.csv) or export it split by day."
        ),
        (Lang::En, false) => format!(
            "The export has no date column and gives no period (no title row, # lines or range in its name): its figures go to {month}, the month of {day}, the day the file was saved. If they are for another period, put the range in the file name (e.g. {example}.csv) or export it split by day."
        ),
    }
}
