//! A figure written as the workbook's number format shows it (`report::style::Kind::format_code`),
//! so the brief reads `¥68,880,000`, `151.6%` and `+6.7pt` exactly where the workbook does. Only
//! the parts of Excel's format language the report uses: up to three sections (positive;
//! negative; zero), quoted text, literal symbols, `#,##0` with decimals, and `%`.

/// `value` as the number format `code` shows it; an undefined value is empty, as its cell is.
pub fn shown(code: &str, value: Option<f64>) -> String {
    let Some(value) = value.filter(|v| v.is_finite()) else {
        return String::new();
    };
    let sections = split_sections(code);
    let (section, signed) = match (sections.len(), value) {
        (3, 0.0) => (sections[2], false),
        (n, v) if n >= 2 && v < 0.0 => (sections[1], false),
        (_, v) => (sections[0], v < 0.0),
    };
    let percent = section.contains('%');
    let magnitude = value.abs() * if percent { 100.0 } else { 1.0 };
    let mut out = String::new();
    let mut number_written = false;
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for quoted in chars.by_ref() {
                    if quoted == '"' {
                        break;
                    }
                    out.push(quoted);
                }
            }
            '#' | '0' | ',' | '.' => {
                let mut pattern = String::from(c);
                while let Some(&next) = chars.peek() {
                    if matches!(next, '#' | '0' | ',' | '.') {
                        pattern.push(next);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !number_written {
                    out.push_str(&digits(magnitude, &pattern));
                    number_written = true;
                }
            }
            other => out.push(other),
        }
    }
    if signed {
        out.insert(0, '-');
    }
    out
}

/// The format's sections, split at `;` outside quoted text.
fn split_sections(code: &str) -> Vec<&str> {
    let mut sections = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in code.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                sections.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    sections.push(&code[start..]);
    sections
}

/// A non-negative number by a digit pattern (`#,##0`, `0.0`, `#,##0.00`): rounded half away from
/// zero to the pattern's decimals, grouped by thousands when it has a `,`.
fn digits(magnitude: f64, pattern: &str) -> String {
    let decimals = pattern
        .split_once('.')
        .map_or(0, |(_, d)| d.chars().filter(|c| *c == '0').count());
    let scale = 10f64.powi(decimals as i32);
    // Half away from zero, as Excel rounds (f64::round does the same for a positive number);
    // the tiny nudge keeps 0.0005 × 1000 from landing just under .5.
    let rounded = (magnitude * scale * (1.0 + 1e-12)).round() / scale;
    let written = format!("{rounded:.decimals$}");
    let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
    let whole = if pattern.contains(',') {
        crate::present::group_thousands(whole)
    } else {
        whole.to_string()
    };
    if fraction.is_empty() {
        whole
    } else {
        format!("{whole}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn money_counts_and_decimals_read_as_the_workbook_shows_them() {
        assert_eq!(shown("¥#,##0", Some(68_880_000.0)), "¥68,880,000");
        assert_eq!(shown("¥#,##0", Some(36_143.564)), "¥36,144");
        assert_eq!(shown("¥#,##0", Some(-7_500.0)), "-¥7,500");
        assert_eq!(shown("¥#,##0", Some(0.0)), "¥0");
        assert_eq!(shown("$#,##0.00", Some(1234.5)), "$1,234.50");
        assert_eq!(shown("#,##0.00 \"GBP\"", Some(1234.5)), "1,234.50 GBP");
        assert_eq!(shown("#,##0", Some(606.0)), "606");
        assert_eq!(shown("#,##0.00", Some(26.5)), "26.50");
        assert_eq!(shown("#,##0", None), "");
        assert_eq!(shown("#,##0", Some(f64::NAN)), "");
    }

    #[test]
    fn rates_changes_and_points_carry_their_sign_and_unit() {
        assert_eq!(shown("0.0%", Some(1.5158197)), "151.6%");
        assert_eq!(shown("0.0%", Some(-0.352)), "-35.2%");
        assert_eq!(shown("+0.0%;-0.0%;0.0%", Some(0.067)), "+6.7%");
        assert_eq!(shown("+0.0%;-0.0%;0.0%", Some(-0.392)), "-39.2%");
        assert_eq!(shown("+0.0%;-0.0%;0.0%", Some(0.0)), "0.0%");
        assert_eq!(
            shown("+0.0\"pt\";-0.0\"pt\";0.0\"pt\"", Some(-39.2)),
            "-39.2pt"
        );
        assert_eq!(
            shown("+0.0\"pt\";-0.0\"pt\";0.0\"pt\"", Some(6.75)),
            "+6.8pt"
        );
    }
}
