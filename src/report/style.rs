//! How report cells look: the kind a number is shown as (`Kind`), the kind of a data-sheet column
//! (`ColumnKind`), the colour of a status (`Tone`) and the workbook's formats made from them
//! (`Styles`). Not for writing cells: that is `writer`.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Money in the currency's format: ¥#,##0.
    Money,
    /// A rate as a percentage: 0.0%.
    Rate,
    /// A change against the compared period as a percentage, its sign written: +0.0%.
    Change,
    /// A change of a rate (ROI, CTR ...) in percentage points, its sign written: +6.7pt. The
    /// cell holds the points (the difference x 100).
    Points,
    /// A multiple or a figure with decimals: 0.00.
    Decimal,
    /// A whole count: #,##0.
    Count,
}

impl Kind {
    /// The kind a metric id is shown in.
    pub fn of_metric(metric: impl AsRef<str>) -> Kind {
        use crate::catalog::{MONEY_METRICS, MULTIPLE_METRICS, RATE_METRICS};
        let metric = metric.as_ref();
        if MONEY_METRICS.contains(&metric) {
            Kind::Money
        } else if RATE_METRICS.contains(&metric) {
            Kind::Rate
        } else if MULTIPLE_METRICS.contains(&metric)
            || metric == "attributed_won"
            || metric == "sns_attributed_won"
        {
            Kind::Decimal
        } else {
            Kind::Count
        }
    }
}

/// How the cells of a data-sheet column are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Date,
    DateTime,
    Month,
    Number(Kind),
}

/// Colour of a KPI status cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Neutral,
}

impl Tone {
    /// The colour of a KPI status (the KPI tree's, the Summary's and the brief's).
    pub fn of_status(status: crate::metrics::KpiStatus) -> Tone {
        use crate::metrics::KpiStatus;
        match status {
            KpiStatus::OnTrack => Tone::Good,
            KpiStatus::AtRisk => Tone::Warn,
            KpiStatus::OffTrack => Tone::Bad,
            KpiStatus::NoTarget | KpiStatus::NoActual => Tone::Neutral,
        }
    }

    /// (fill, font) colours as 0xRRGGBB.
    pub fn colours(self) -> (u32, u32) {
        match self {
            Tone::Good => (0xC6EFCE, 0x006100),
            Tone::Warn => (0xFFEB9C, 0x9C5700),
            Tone::Bad => (0xFFC7CE, 0x9C0006),
            Tone::Neutral => (0xEDEDED, 0x595959),
        }
    }
}

/// The workbook's formats, made once.
pub struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    /// A header over a column of numbers: right-aligned, as the numbers are.
    pub header_right: Format,
    pub label: Format,
    pub note: Format,
    /// The money number format, for chart axes.
    pub money_format: String,
    pub(super) text: Format,
    money: Format,
    rate: Format,
    change: Format,
    decimal: Format,
    count: Format,
    pub(super) date: Format,
    pub(super) datetime: Format,
    pub(super) month: Format,
    pub(super) link: Format,
    /// A link beside a figure, indented.
    pub(super) link_aside: Format,
    /// Text that wraps within its column instead of widening it (file names on the Summary).
    pub(super) wrapped: Format,
    points: Format,
    /// A TRUE / FALSE check, shown as TRUE / FALSE also where a spreadsheet shows a formula's
    /// boolean result as 1 / 0 (LibreOffice with a number format).
    check_good: Format,
    check_bad: Format,
    good: Format,
    warn: Format,
    bad: Format,
    neutral: Format,
}

impl Kind {
    /// The number format a figure of this kind is shown in, the workbook's and the brief's
    /// (`brief::number` writes a value as this format shows it).
    pub fn format_code(self, currency: &str) -> String {
        match self {
            Kind::Money => match currency.trim().to_ascii_uppercase().as_str() {
                "JPY" | "" => "¥#,##0".to_string(),
                "USD" => "$#,##0.00".to_string(),
                "EUR" => "€#,##0.00".to_string(),
                other => format!("#,##0.00 \"{other}\""),
            },
            Kind::Rate => "0.0%".to_string(),
            Kind::Change => "+0.0%;-0.0%;0.0%".to_string(),
            Kind::Points => "+0.0\"pt\";-0.0\"pt\";0.0\"pt\"".to_string(),
            Kind::Decimal => "#,##0.00".to_string(),
            Kind::Count => "#,##0".to_string(),
        }
    }
}

impl Styles {
    pub fn new(currency: &str) -> Styles {
        let money = Kind::Money.format_code(currency);
        let code = |kind: Kind| kind.format_code(currency);
        let base = Format::new().set_font_name("Yu Gothic").set_font_size(10);
        let tone = |tone: Tone| {
            let (fill, font) = tone.colours();
            base.clone()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
                .set_bold()
        };
        let header = base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0x1F4E79))
            .set_font_color(Color::White)
            .set_border_bottom(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let boolean = "\"TRUE\";\"TRUE\";\"FALSE\"";
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_bold().set_font_size(11),
            header_right: header.clone().set_align(FormatAlign::Right),
            header,
            label: base.clone().set_bold(),
            money_format: money.clone(),
            note: base
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            text: base.clone(),
            money: base.clone().set_num_format(money),
            rate: base.clone().set_num_format(code(Kind::Rate)),
            change: base.clone().set_num_format(code(Kind::Change)),
            decimal: base.clone().set_num_format(code(Kind::Decimal)),
            count: base.clone().set_num_format(code(Kind::Count)),
            date: base.clone().set_num_format("yyyy/mm/dd"),
            datetime: base.clone().set_num_format("yyyy/mm/dd hh:mm"),
            month: base.clone().set_num_format("yyyy/mm"),
            link_aside: base
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single)
                .set_indent(1),
            link: base
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            wrapped: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            points: base.clone().set_num_format(code(Kind::Points)),
            check_good: tone(Tone::Good).set_num_format(boolean),
            check_bad: tone(Tone::Bad).set_num_format(boolean),
            good: tone(Tone::Good),
            warn: tone(Tone::Warn),
            bad: tone(Tone::Bad),
            neutral: tone(Tone::Neutral),
        }
    }

    pub(super) fn number(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Money => &self.money,
            Kind::Rate => &self.rate,
            Kind::Change => &self.change,
            Kind::Points => &self.points,
            Kind::Decimal => &self.decimal,
            Kind::Count => &self.count,
        }
    }

    /// The format a data-sheet column's cells take.
    pub(super) fn column(&self, kind: ColumnKind) -> &Format {
        match kind {
            ColumnKind::Text => &self.text,
            ColumnKind::Date => &self.date,
            ColumnKind::DateTime => &self.datetime,
            ColumnKind::Month => &self.month,
            ColumnKind::Number(kind) => self.number(kind),
        }
    }

    /// The format of a reconciliation's TRUE / FALSE.
    pub(super) fn check(&self, holds: bool) -> &Format {
        if holds {
            &self.check_good
        } else {
            &self.check_bad
        }
    }

    pub fn tone(&self, tone: Tone) -> &Format {
        match tone {
            Tone::Good => &self.good,
            Tone::Warn => &self.warn,
            Tone::Bad => &self.bad,
            Tone::Neutral => &self.neutral,
        }
    }

    /// Gives every format its workbook-wide index now, in a fixed order. Constant-memory sheets
    /// look their formats up in the workbook's shared table as they write; registered first, the
    /// indices do not depend on which of the sheets written in parallel gets there first, so the
    /// same inputs still give the same bytes. (rust_xlsxwriter keeps `register_format` for this.)
    pub fn register(&self, workbook: &mut Workbook) {
        let formats = [
            &self.title,
            &self.subtitle,
            &self.header,
            &self.label,
            &self.note,
            &self.text,
            &self.money,
            &self.rate,
            &self.decimal,
            &self.count,
            &self.date,
            &self.datetime,
            &self.month,
            &self.link,
            &self.good,
            &self.warn,
            &self.bad,
            &self.neutral,
            &self.change,
            &self.header_right,
            &self.link_aside,
            &self.wrapped,
            &self.points,
            &self.check_good,
            &self.check_bad,
        ];
        for format in formats {
            workbook.register_format(format);
        }
    }
}

/// About how many characters a formatted number takes.
pub(super) fn display_width(value: f64, kind: Kind) -> f64 {
    let shown = if matches!(kind, Kind::Rate | Kind::Change) {
        value * 100.0
    } else {
        value
    };
    let digits = shown.abs().max(1.0).log10().floor() + 1.0;
    let separators = ((digits - 1.0) / 3.0).floor();
    let sign = if value < 0.0 { 1.0 } else { 0.0 };
    sign + match kind {
        Kind::Money => digits + separators + 1.0,
        Kind::Rate => digits.max(1.0) + 5.0,
        Kind::Change => digits.max(1.0) + 6.0,
        Kind::Points => digits.max(1.0) + 6.0,
        Kind::Decimal => digits + separators + 3.0,
        Kind::Count => digits + separators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_kinds_follow_the_definitions() {
        assert_eq!(Kind::of_metric("cac"), Kind::Money);
        assert_eq!(Kind::of_metric("roi"), Kind::Rate);
        assert_eq!(Kind::of_metric("roas"), Kind::Decimal);
        assert_eq!(Kind::of_metric("leads"), Kind::Count);
    }

    #[test]
    fn number_widths_count_digits_separators_and_symbols() {
        // ¥1,234,567 is 10 characters.
        assert_eq!(display_width(1_234_567.0, Kind::Money), 10.0);
        // 0.125 shows as 12.5%: 2 digits + ".5%" and slack = 7
        assert_eq!(display_width(0.125, Kind::Rate), 7.0);
        assert_eq!(display_width(999.0, Kind::Count), 3.0);
    }
}
