//! How a figure is written as plain text for a terminal (`kpibook explain`, `kpibook plan`): the
//! report's number formats (¥1,234,567, 42.2%, 3.20) without a workbook. Not for the workbook's
//! cell formats (report) nor for what a figure is (catalog).

use crate::catalog::MetricKind;

/// A figure in the format the report gives it; an undefined figure is `(empty)`.
pub fn show(value: Option<f64>, kind: MetricKind) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return "(empty)".to_string();
    };
    match kind {
        MetricKind::Money if v < 0.0 => format!("-¥{}", group(-v.round())),
        MetricKind::Money => format!("¥{}", group(v.round())),
        MetricKind::Rate => format!("{:.1}%", v * 100.0),
        MetricKind::Credits | MetricKind::Multiple | MetricKind::Months => format!("{v:.2}"),
        MetricKind::Count => group(v.round()),
    }
}

/// 1234567 -> "1,234,567".
fn group(value: f64) -> String {
    let out = group_thousands(&format!("{}", value.abs() as u64));
    if value < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A run of digits grouped by thousands: "1234567" -> "1,234,567". The one grouping of every
/// figure written as text (here, the highlight sentences, the brief).
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_shown_as_the_report_formats_them() {
        assert_eq!(show(Some(1_234_567.4), MetricKind::Money), "¥1,234,567");
        assert_eq!(show(Some(-500.0), MetricKind::Money), "-¥500");
        assert_eq!(show(Some(0.4219), MetricKind::Rate), "42.2%");
        assert_eq!(show(None, MetricKind::Count), "(empty)");
        assert_eq!(show(Some(999.0), MetricKind::Count), "999");
    }
}
