//! Parsing of the values teams type into their sheets: numbers with separators, currency signs,
//! full-width digits, 万/億 and percent; dates from serials, ISO, slashes, 年月日 and Japanese eras;
//! deal statuses. Pure functions, no I/O. Channels live in `channels`.

use chrono::{
    Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};
use chrono_tz::Tz;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::cell::Cell;
use crate::model::DealStatus;
use crate::stages::BUILT_IN_STAGES;
use crate::text::nfkc;

mod month_names;
/// How names are compared, defined in `text`; here too, where value parsing is looked for.
pub use crate::text::{loose_key, normalize_key};

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// Not a value of the expected type.
    Unparsable,
    /// A date such as `04/05/2025` that reads two ways; set `date_order` to decide.
    AmbiguousDate,
}

/// How to read an all-numeric date whose first two parts could be day or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `04/05/2025` = 5 April 2025 (month first).
    Mdy,
    /// `04/05/2025` = 4 May 2025 (day first).
    Dmy,
    /// Year first: `2025/04/05`. Never ambiguous; accepted as a value for completeness.
    Ymd,
}

impl DateOrder {
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mdy" | "m/d/y" => Some(DateOrder::Mdy),
            "dmy" | "d/m/y" => Some(DateOrder::Dmy),
            "ymd" | "y/m/d" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// A number as written, with the currency its sign names (`$22,700.00` is 22700 in USD).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub value: f64,
    /// The currency code of the sign written with the figure (`JPY`, `USD`, `EUR`); `None` when the
    /// figure carries no sign.
    pub currency: Option<&'static str>,
}

/// Currency signs and the currency each names, as written before or after a figure (after NFKC, so
/// the full-width ￥ is ¥). A backslash is the yen sign of Japanese fonts. Letter codes are
/// compared without case.
const CURRENCY_SIGNS: [(&str, &str); 9] = [
    ("¥", "JPY"),
    ("\\", "JPY"),
    ("円", "JPY"),
    ("JPY", "JPY"),
    ("US$", "USD"),
    ("$", "USD"),
    ("USD", "USD"),
    ("€", "EUR"),
    ("EUR", "EUR"),
];

/// The currency a column header names in brackets, as ad managers write it: `Amount spent (JPY)`,
/// `消化金額 (USD)`, `Cost（EUR）`. The money cells under it carry that currency as if signed.
pub fn header_currency(header: &str) -> Option<&'static str> {
    let header = nfkc(header);
    let inner = header.trim_end().strip_suffix(')')?;
    let (_, code) = inner.rsplit_once('(')?;
    let code = code.trim();
    CURRENCY_SIGNS
        .iter()
        .find(|(sign, _)| sign.len() == 3 && sign.eq_ignore_ascii_case(code))
        .map(|(_, currency)| *currency)
}

/// Strips one currency sign from the start (`prefix`) or the end of `text`.
fn strip_sign(text: &str, prefix: bool) -> Option<(&str, &'static str)> {
    CURRENCY_SIGNS.iter().find_map(|(sign, code)| {
        let n = sign.len();
        let part = if prefix {
            text.get(..n)
        } else {
            text.len().checked_sub(n).and_then(|at| text.get(at..))
        }?;
        if !part.eq_ignore_ascii_case(sign) {
            return None;
        }
        let rest = if prefix {
            text[n..].trim_start()
        } else {
            text[..text.len() - n].trim_end()
        };
        Some((rest, *code))
    })
}

/// Reads a number written as text: `1,234`, `¥12,000`, `12,000円`, `$5`, `１２３`, `1.2万` (12000),
/// `3億円`, `1億2000万`, `3%` (0.03), `-5`, `−5`, `▲5` / `△5` (Japanese accounting minus).
/// `(5)` is not accepted. A currency sign is dropped; `parse_amount` reports it.
pub fn parse_number(text: &str) -> Result<f64, ValueError> {
    parse_amount(text).map(|amount| amount.value)
}

/// `parse_number`, reporting the currency of the sign written with the figure. Signs of two
/// currencies on one figure (`$500円`) are unparsable.
pub fn parse_amount(text: &str) -> Result<Amount, ValueError> {
    let normal = nfkc(text);
    let mut rest = normal.trim();
    let mut negative = false;
    if let Some(r) = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('−'))
        .or_else(|| rest.strip_prefix('▲'))
        .or_else(|| rest.strip_prefix('△'))
    {
        negative = true;
        rest = r.trim_start();
    }
    let mut percent = false;
    if let Some(r) = rest.strip_suffix('%') {
        percent = true;
        rest = r.trim_end();
    }
    // Currency signs before or after the figure.
    let mut currency = None;
    if let Some((r, code)) = strip_sign(rest, true) {
        rest = r;
        currency = Some(code);
    }
    if let Some((r, code)) = strip_sign(rest, false) {
        if currency.is_some_and(|c| c != code) {
            return Err(ValueError::Unparsable);
        }
        rest = r;
        currency = Some(code);
    }
    if !negative {
        if let Some(r) = rest.strip_prefix('-') {
            negative = true;
            rest = r.trim_start();
        }
    }
    let value = if rest.contains('億') || rest.contains('万') {
        if percent {
            return Err(ValueError::Unparsable);
        }
        parse_with_multipliers(rest)?
    } else {
        parse_plain(rest)?
    };
    let value = if percent { value / 100.0 } else { value };
    let value = if negative { -value } else { value };
    if value.is_finite() {
        Ok(Amount { value, currency })
    } else {
        Err(ValueError::Unparsable)
    }
}

/// `1億2000万`, `1.2万`, `3億`: parts with 億 and 万 and an optional plain remainder.
fn parse_with_multipliers(text: &str) -> Result<f64, ValueError> {
    let mut total = 0.0;
    let mut rest = text;
    let mut seen_any = false;
    for (mark, factor) in [('億', 1e8), ('万', 1e4)] {
        if let Some(at) = rest.find(mark) {
            let part = &rest[..at];
            total += parse_plain(part)? * factor;
            rest = &rest[at + mark.len_utf8()..];
            seen_any = true;
        }
    }
    if !seen_any {
        return Err(ValueError::Unparsable);
    }
    if !rest.trim().is_empty() {
        total += parse_plain(rest)?;
    }
    Ok(total)
}

/// Digits with optional thousands separators (each group after the first exactly three digits)
/// and an optional decimal part.
fn parse_plain(text: &str) -> Result<f64, ValueError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ValueError::Unparsable);
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::Unparsable);
        }
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = !groups[0].is_empty() && groups[0].bytes().all(|b| b.is_ascii_digit());
    let rest_ok = groups[1..]
        .iter()
        .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if !(first_ok && rest_ok) {
        // `.5` is a number too.
        if !(whole.is_empty() && fraction.is_some()) {
            return Err(ValueError::Unparsable);
        }
    }
    let digits: String = whole.chars().filter(|c| *c != ',').collect();
    let joined = match fraction {
        Some(f) => format!("{}.{f}", if digits.is_empty() { "0" } else { &digits }),
        None => digits,
    };
    joined.parse::<f64>().map_err(|_| ValueError::Unparsable)
}

/// A number from a cell: numbers as they are, text through `parse_number`.
pub fn number_from_cell(cell: &Cell) -> Result<f64, ValueError> {
    amount_from_cell(cell).map(|amount| amount.value)
}

/// `number_from_cell` with the currency of the sign written in a text cell. A number cell carries
/// no sign (its display format is not read).
pub fn amount_from_cell(cell: &Cell) -> Result<Amount, ValueError> {
    match cell {
        Cell::Number(x) if x.is_finite() => Ok(Amount {
            value: *x,
            currency: None,
        }),
        Cell::Text(text) => parse_amount(text),
        _ => Err(ValueError::Unparsable),
    }
}

/// The largest serial Excel shows as a date: 9999-12-31.
const MAX_SERIAL: f64 = 2_958_465.0;

/// Converts an Excel date serial to a datetime (1900 system, or 1904 when `date1904`).
/// In the 1900 system serial 60 is Excel's fictitious 1900-02-29 and is refused; a serial below 1
/// is a time of day without a date and is refused too.
pub fn from_serial(serial: f64, date1904: bool) -> Result<NaiveDateTime, ValueError> {
    if !serial.is_finite() || serial > MAX_SERIAL {
        return Err(ValueError::Unparsable);
    }
    let days = serial.floor();
    let (epoch, day_offset) = if date1904 {
        if serial < 0.0 {
            return Err(ValueError::Unparsable);
        }
        (NaiveDate::from_ymd_opt(1904, 1, 1), days)
    } else {
        if serial < 1.0 || days == 60.0 {
            return Err(ValueError::Unparsable);
        }
        if days > 60.0 {
            (NaiveDate::from_ymd_opt(1899, 12, 30), days)
        } else {
            (NaiveDate::from_ymd_opt(1899, 12, 31), days)
        }
    };
    let epoch = epoch.ok_or(ValueError::Unparsable)?;
    let date = epoch
        .checked_add_signed(Duration::days(day_offset as i64))
        .ok_or(ValueError::Unparsable)?;
    // Excel's last day is 9999-12-31 in both systems (the 1904 serials reach it 1,462 days sooner).
    if date.year() > 9999 {
        return Err(ValueError::Unparsable);
    }
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    date.and_time(NaiveTime::MIN)
        .checked_add_signed(Duration::seconds(seconds))
        .ok_or(ValueError::Unparsable)
}

/// Japanese eras: name, one-letter abbreviation, first year in the Gregorian calendar.
const ERAS: [(&str, char, i32); 5] = [
    ("令和", 'r', 2019),
    ("平成", 'h', 1989),
    ("昭和", 's', 1926),
    ("大正", 't', 1912),
    ("明治", 'm', 1868),
];

/// How date text is read: the order of all-numeric day/month dates, and the time zone a datetime
/// written with a UTC offset is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateReading {
    /// `None`: a date such as `04/05/2025` is `AmbiguousDate`.
    pub order: Option<DateOrder>,
    /// The report's time zone (`timezone`): `2017-01-30 19:05 +0000` is read as its local time
    /// there. A datetime written without an offset is taken as already local.
    pub zone: Tz,
}

impl DateReading {
    pub fn new(order: Option<DateOrder>, zone: Tz) -> DateReading {
        DateReading { order, zone }
    }

    /// The same reading with another day/month order.
    pub fn with_order(self, order: Option<DateOrder>) -> DateReading {
        DateReading { order, ..self }
    }
}

/// Reads a date or datetime written as text: ISO `2025-04-01`, `2025-04-01 10:30`, `2025-04-01T10:30:00`,
/// `2025/4/1`, `2025.4.1`, `2025年4月1日`, `令和7年4月1日`, `R7.4.1`, `R7/4/1`, `平成31年4月30日`, `令和元年5月1日`;
/// English month names (`Dec 15, 2023`, `15 Apr, 2021 00:03:00`, `15-Apr-2021`,
/// `Mon Jan 30 19:05:00 +0000 2017`); 12-hour times (`12:03 PM`, `午後3:30`); and a UTC offset after
/// the time (`+0000`, `+09:00`, `Z`, `UTC`), converted to `reading.zone`.
/// All-numeric day/month forms (`04/05/2025`) need `reading.order`, else `AmbiguousDate`; when one
/// part is above 12 the reading is unambiguous.
pub fn parse_date_text(text: &str, reading: DateReading) -> Result<NaiveDateTime, ValueError> {
    let (local, offset) = parse_as_written(text, reading.order)?;
    match offset {
        None => Ok(local),
        Some(offset) => in_zone(local, offset, reading.zone),
    }
}

/// The order a text date proves by itself: `12/19/2022` can only be month first (19 is no month),
/// `19/12/2022` only day first. `None` for a date that reads the same either way, reads both ways
/// (`12/9/2022`), or does not read at all.
pub fn order_proved_by(text: &str) -> Option<DateOrder> {
    let month_first = parse_as_written(text, Some(DateOrder::Mdy)).is_ok();
    let day_first = parse_as_written(text, Some(DateOrder::Dmy)).is_ok();
    match (month_first, day_first) {
        (true, false) => Some(DateOrder::Mdy),
        (false, true) => Some(DateOrder::Dmy),
        _ => None,
    }
}

/// The date and time as written, and the UTC offset written with them.
fn parse_as_written(
    text: &str,
    order: Option<DateOrder>,
) -> Result<(NaiveDateTime, Option<FixedOffset>), ValueError> {
    let normal = nfkc(text);
    let normal = normal.trim();
    if normal.is_empty() {
        return Err(ValueError::Unparsable);
    }
    let written = Written::split(normal)?;
    let (date, time) = match english_date(&written.rest) {
        Some(parts) => {
            let parts = parts?;
            let day = parts.day.ok_or(ValueError::Unparsable)?;
            let date = NaiveDate::from_ymd_opt(parts.year, parts.month, day)
                .ok_or(ValueError::Unparsable)?;
            (date, parts.time)
        }
        None => {
            let (date_part, time_part) = split_time(&written.rest);
            let time = time_part.map(parse_time).transpose()?;
            (parse_date_part(date_part, order)?, time)
        }
    };
    let time = match (time, written.half) {
        (Some(time), Some(half)) => half.apply(time)?,
        (Some(time), None) => time,
        (None, None) => NaiveTime::MIN,
        // `Dec 15, 2023 PM`: a half of the day without a time.
        (None, Some(_)) => return Err(ValueError::Unparsable),
    };
    Ok((date.and_time(time), written.offset))
}

/// The local time in `zone` of `local` written at `offset`.
fn in_zone(
    local: NaiveDateTime,
    offset: FixedOffset,
    zone: Tz,
) -> Result<NaiveDateTime, ValueError> {
    let utc = local
        .checked_sub_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
        .ok_or(ValueError::Unparsable)?;
    // A day's margin from chrono's limits, so adding the zone's offset cannot overflow.
    if !(1..=9999).contains(&utc.year()) {
        return Err(ValueError::Unparsable);
    }
    Ok(zone.from_utc_datetime(&utc).naive_local())
}

/// Morning or afternoon of a 12-hour time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    /// `AM`, `a.m.`, `午前`.
    Am,
    /// `PM`, `p.m.`, `午後`.
    Pm,
}

impl Half {
    /// `12:03 AM` is 00:03 and `12:03 PM` 12:03; `午前0時` is midnight and `午後0時` noon, as
    /// Japanese writes them. An hour above 12 is no 12-hour time.
    fn apply(self, time: NaiveTime) -> Result<NaiveTime, ValueError> {
        let hour = time.hour();
        let hour = match (self, hour) {
            (_, 13..) => return Err(ValueError::Unparsable),
            (Half::Am, 12) => 0,
            (Half::Am, h) => h,
            (Half::Pm, 0 | 12) => 12,
            (Half::Pm, h) => h + 12,
        };
        time.with_hour(hour).ok_or(ValueError::Unparsable)
    }

    /// `am` / `a.m.` / `pm` / `p.m.` after ASCII lower-casing.
    fn english(word: &str) -> Option<Half> {
        match word {
            "am" | "a.m." => Some(Half::Am),
            "pm" | "p.m." => Some(Half::Pm),
            _ => None,
        }
    }
}

/// A date text with its UTC offset and its 12-hour marker taken out.
struct Written<'t> {
    /// What remains: the date and the time, words separated by one space.
    rest: Cow<'t, str>,
    offset: Option<FixedOffset>,
    half: Option<Half>,
}

impl<'t> Written<'t> {
    /// Takes out a UTC offset written after the time (`+0000`, `+09:00`, `-05`, `Z`, `UTC`, `GMT`,
    /// `JST`, `UTC+9`) and `AM` / `PM` / `午前` / `午後`. Both need a time: a text without `:`, `時`
    /// or `午` is returned as it is (the common case, not split at all). Two offsets or two markers
    /// are unparsable.
    fn split(text: &'t str) -> Result<Written<'t>, ValueError> {
        let mut written = Written {
            rest: Cow::Borrowed(text),
            offset: None,
            half: None,
        };
        if !text.contains([':', '時', '午']) {
            return Ok(written);
        }
        // A second marker or offset is unparsable (`10:00 AM PM`).
        let set_half = |slot: &mut Option<Half>, half: Half| match slot.replace(half) {
            Some(_) => Err(ValueError::Unparsable),
            None => Ok(()),
        };
        let mut kept: Vec<String> = Vec::new();
        let mut time_seen = false;
        for word in text.split_whitespace() {
            let mut word = word.to_string();
            for (mark, half) in [("午前", Half::Am), ("午後", Half::Pm)] {
                if word.contains(mark) {
                    word = word.replace(mark, "");
                    set_half(&mut written.half, half)?;
                }
            }
            if word.is_empty() {
                continue;
            }
            let lower = word.to_ascii_lowercase();
            if let Some(half) = Half::english(&lower) {
                set_half(&mut written.half, half)?;
                continue;
            }
            if time_seen {
                if let Some(offset) = zone_word(&lower) {
                    if written.offset.replace(offset?).is_some() {
                        return Err(ValueError::Unparsable);
                    }
                    continue;
                }
            }
            if word.contains([':', '時']) {
                time_seen = true;
                // `12:03PM`, `10:00:00Z`, `10:00:00+09:00`, `2023-12-15T10:00:00.000Z`.
                let (time, half) = strip_english_half(&word);
                if let Some(half) = half {
                    set_half(&mut written.half, half)?;
                }
                let (time, offset) = split_attached_offset(time)?;
                if let Some(offset) = offset {
                    if written.offset.replace(offset).is_some() {
                        return Err(ValueError::Unparsable);
                    }
                }
                word = time.to_string();
            }
            kept.push(word);
        }
        written.rest = Cow::Owned(kept.join(" "));
        Ok(written)
    }
}

/// `12:03PM` -> (`12:03`, PM); a word without a marker is returned as it is.
fn strip_english_half(word: &str) -> (&str, Option<Half>) {
    for marker in ["a.m.", "p.m.", "am", "pm"] {
        let Some(at) = word.len().checked_sub(marker.len()) else {
            continue;
        };
        let (Some(time), Some(written)) = (word.get(..at), word.get(at..)) else {
            continue;
        };
        if time.ends_with(|c: char| c.is_ascii_digit()) && written.eq_ignore_ascii_case(marker) {
            return (time, Half::english(marker));
        }
    }
    (word, None)
}

/// A time with the offset written right after it: `10:00:00Z`, `10:00:00+09:00`, `19:05-0500`.
/// The sign is looked for after the first `:` only, so the hyphens of an ISO date stay put.
fn split_attached_offset(word: &str) -> Result<(&str, Option<FixedOffset>), ValueError> {
    if let Some(time) = word.strip_suffix(['Z', 'z']) {
        if time.ends_with(|c: char| c.is_ascii_digit()) {
            return Ok((time, FixedOffset::east_opt(0)));
        }
    }
    let Some(colon) = word.find(':') else {
        return Ok((word, None));
    };
    match word[colon..].find(['+', '-']) {
        Some(at) => {
            let at = colon + at;
            let offset = numeric_offset(&word[at..]).ok_or(ValueError::Unparsable)?;
            Ok((&word[..at], Some(offset)))
        }
        None => Ok((word, None)),
    }
}

/// A word naming a UTC offset on its own (`+0000`, `+09:00`, `utc`, `gmt`, `jst`, `utc+9`), lower
/// case; `None` when the word is no offset, `Some(Err)` when it starts as one but is not valid.
fn zone_word(lower: &str) -> Option<Result<FixedOffset, ValueError>> {
    let named = [("utc", 0), ("gmt", 0), ("z", 0), ("jst", 9 * 3600)];
    for (name, seconds) in named {
        if let Some(rest) = lower.strip_prefix(name) {
            if rest.is_empty() {
                return FixedOffset::east_opt(seconds).map(Ok);
            }
            if name != "jst" && rest.starts_with(['+', '-']) {
                return Some(short_offset(rest).ok_or(ValueError::Unparsable));
            }
        }
    }
    if lower.starts_with(['+', '-']) && lower[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Some(numeric_offset(lower).ok_or(ValueError::Unparsable));
    }
    None
}

/// `+0000`, `+09:00`, `-05`, `+0530`: a sign, two digits of hours, optionally two of minutes.
fn numeric_offset(text: &str) -> Option<FixedOffset> {
    let (sign, digits) = match text.split_at_checked(1)? {
        ("+", d) => (1, d),
        ("-", d) => (-1, d),
        _ => return None,
    };
    let digits = digits.replacen(':', "", 1);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    offset_of(sign, hours, minutes)
}

/// `+9`, `-5`, `+09:00` after `UTC` / `GMT`: hours may be one digit.
fn short_offset(text: &str) -> Option<FixedOffset> {
    let (sign, digits) = match text.split_at_checked(1)? {
        ("+", d) => (1, d),
        ("-", d) => (-1, d),
        _ => return None,
    };
    if digits.len() == 1 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return offset_of(sign, digits.parse().ok()?, 0);
    }
    numeric_offset(text)
}

fn offset_of(sign: i32, hours: i32, minutes: i32) -> Option<FixedOffset> {
    if hours > 18 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// The parts of a date written with an English month name.
struct EnglishDate {
    year: i32,
    month: u32,
    /// `None` for a month alone (`Dec 2023`).
    day: Option<u32>,
    time: Option<NaiveTime>,
}

/// The month numbered by an English name or its abbreviation, any case: `Dec`, `December`, `Sept`.
pub fn month_named(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = word.to_ascii_lowercase();
    if lower == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|name| lower == *name || (lower.len() == 3 && name.starts_with(&lower)))
        .map(|i| i as u32 + 1)
}

/// A weekday written before a date (`Mon`, `Tue,`, `Thursday`), which says nothing the date does not.
fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = word.to_ascii_lowercase();
    DAYS.iter().any(|day| {
        lower == *day
            || (lower.len() == 3 && day.starts_with(&lower))
            || ["tues", "thur", "thurs"].contains(&lower.as_str())
    })
}

/// `Dec 15, 2023`, `December 15, 2023`, `15 Apr, 2021 00:03:00`, `15-Apr-2021`, `Jan 30 2017`,
/// `Mon Jan 30 19:05:00 2017`, `Tue, Jul 14, 2026`, `Dec 2023`: a month name, a day of one or two
/// digits (`15th` too), a year of four, in any order, an optional weekday and time. `None` when no
/// word is a month name (the text is for the numeric forms); two of a part are unparsable.
fn english_date(text: &str) -> Option<Result<EnglishDate, ValueError>> {
    if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let words: Vec<&str> = text
        .split([' ', ','])
        .flat_map(|word| {
            // A time keeps its dots (`19:05:00.000`); a date's parts split on `-`, `/` and `.`.
            if word.contains(':') {
                vec![word]
            } else {
                word.split(['-', '/', '.']).collect()
            }
        })
        .filter(|word| !word.is_empty())
        .collect();
    let month = words.iter().find_map(|w| month_named(w))?;
    let mut parts = EnglishDate {
        year: 0,
        month,
        day: None,
        time: None,
    };
    let (mut year, mut months) = (None, 0);
    let once = |slot: bool| {
        if slot {
            Err(ValueError::Unparsable)
        } else {
            Ok(())
        }
    };
    for word in words {
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let result = if word.contains(':') {
            once(parts.time.is_some()).and_then(|()| {
                parts.time = Some(parse_time(word)?);
                Ok(())
            })
        } else if month_named(word).is_some() {
            months += 1;
            once(months > 1)
        } else if is_weekday(word) {
            Ok(())
        } else if digits == 4 && digits == word.len() {
            once(year.is_some()).map(|()| year = word.parse::<i32>().ok())
        } else if (1..=2).contains(&digits)
            && ["", "st", "nd", "rd", "th"].contains(&word[digits..].to_ascii_lowercase().as_str())
        {
            once(parts.day.is_some()).map(|()| parts.day = word[..digits].parse().ok())
        } else {
            Err(ValueError::Unparsable)
        };
        if let Err(e) = result {
            return Some(Err(e));
        }
    }
    match year {
        Some(year) => {
            parts.year = year;
            Some(Ok(parts))
        }
        None => Some(Err(ValueError::Unparsable)),
    }
}

/// Splits `2025-04-01 10:30`, `2025-04-01T10:30:00` and `2025年4月1日 10時30分` into date and time.
fn split_time(text: &str) -> (&str, Option<&str>) {
    if let Some(at) = text.find('日') {
        let rest = text[at + '日'.len_utf8()..].trim();
        return (
            &text[..at + '日'.len_utf8()],
            (!rest.is_empty()).then_some(rest),
        );
    }
    // A space, or an ISO `T` / `t` between the day's digits and the time (not the era letter of
    // `T15.12.24`).
    let bytes = text.as_bytes();
    let split = text.char_indices().find(|&(at, c)| {
        c == ' '
            || ((c == 'T' || c == 't')
                && at > 0
                && bytes[at - 1].is_ascii_digit()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_digit))
    });
    if let Some((at, c)) = split {
        let (date, time) = (&text[..at], text[at + c.len_utf8()..].trim());
        return (date.trim(), (!time.is_empty()).then_some(time));
    }
    (text, None)
}

/// `10:30`, `10:30:15`, `9:05`, `10時30分`, `10時`, `10時30分15秒`.
fn parse_time(text: &str) -> Result<NaiveTime, ValueError> {
    let cleaned = text.replace(['時', '分'], ":").replace('秒', "");
    let parts: Vec<&str> = cleaned.trim_end_matches(':').split(':').collect();
    let number = |s: &str| -> Result<u32, ValueError> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::Unparsable);
        }
        s.parse().map_err(|_| ValueError::Unparsable)
    };
    let (h, m, s) = match parts.as_slice() {
        [h] => (number(h)?, 0, 0),
        [h, m] => (number(h)?, number(m)?, 0),
        [h, m, s] => {
            // Fractions of a second are dropped.
            let whole = s.split('.').next().unwrap_or("");
            (number(h)?, number(m)?, number(whole)?)
        }
        _ => return Err(ValueError::Unparsable),
    };
    NaiveTime::from_hms_opt(h, m, s).ok_or(ValueError::Unparsable)
}

/// An era year: `令和7年` / `R7` / `令和元年`; returns (Gregorian year, rest of the text).
fn strip_era(text: &str) -> Option<(i32, &str)> {
    for (name, letter, first_year) in ERAS {
        let rest = if let Some(r) = text.strip_prefix(name) {
            r
        } else {
            let mut chars = text.chars();
            let c = chars.next()?;
            if c.to_ascii_lowercase() != letter {
                continue;
            }
            let r = chars.as_str();
            if !r.starts_with(|c: char| c.is_ascii_digit() || c == '元') {
                continue;
            }
            r
        };
        let rest = rest.trim_start();
        let (year_in_era, rest) = if let Some(r) = rest.strip_prefix('元') {
            (1, r)
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 2 {
                return None;
            }
            (rest[..digits].parse::<i32>().ok()?, &rest[digits..])
        };
        if year_in_era == 0 {
            return None;
        }
        return Some((first_year + year_in_era - 1, rest));
    }
    None
}

/// The date part: era or Gregorian year first, or all-numeric day/month first.
fn parse_date_part(text: &str, order: Option<DateOrder>) -> Result<NaiveDate, ValueError> {
    let (era_year, rest) = match strip_era(text) {
        Some((year, rest)) => (Some(year), rest),
        None => (None, text),
    };
    // Separators: `年 月 日`, `-`, `/`, `.` all become one kind.
    let unified: String = rest
        .chars()
        .map(|c| match c {
            '年' | '月' | '-' | '/' | '.' => '/',
            '日' => ' ',
            c => c,
        })
        .collect();
    let unified = unified.trim().trim_start_matches('/');
    let parts: Vec<&str> = unified.split('/').map(str::trim).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(ValueError::Unparsable);
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| ValueError::Unparsable);
    let ymd =
        |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or(ValueError::Unparsable);
    if let Some(year) = era_year {
        return match parts.as_slice() {
            [m, d] => ymd(year, num(m)?, num(d)?),
            _ => Err(ValueError::Unparsable),
        };
    }
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(num(y)? as i32, num(m)?, num(d)?),
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
            let (a, b, year) = (num(a)?, num(b)?, num(y)? as i32);
            match order {
                Some(DateOrder::Mdy) => ymd(year, a, b),
                Some(DateOrder::Dmy) => ymd(year, b, a),
                _ if a > 12 => ymd(year, b, a),
                _ if b > 12 => ymd(year, a, b),
                _ if a == b => ymd(year, a, b),
                _ => Err(ValueError::AmbiguousDate),
            }
        }
        // `20250401`
        [compact] if compact.len() == 8 => ymd(
            num(&compact[..4])? as i32,
            num(&compact[4..6])?,
            num(&compact[6..])?,
        ),
        _ => Err(ValueError::Unparsable),
    }
}

/// A date or datetime from a cell: date cells as they are, numbers as serials, text parsed.
/// Date cells and serials carry no offset: they are taken as local times.
pub fn date_from_cell(
    cell: &Cell,
    date1904: bool,
    reading: DateReading,
) -> Result<NaiveDateTime, ValueError> {
    match cell {
        Cell::DateTime(at) => Ok(*at),
        Cell::Number(x) => match yyyymmdd(*x) {
            Some(date) => Ok(date.and_time(NaiveTime::MIN)),
            None => from_serial(*x, date1904),
        },
        Cell::Text(text) => parse_date_text(text, reading),
        _ => Err(ValueError::Unparsable),
    }
}

/// A day written without a year, as TikTok Studio writes its dates (SPEC section 1): `July 16`,
/// `Jul 16`, `16 July`, `Thu, Jul 16`, `7月16日`, and in the other UI languages it writes them in
/// (`8 de marzo`, `1er mars`, `8. März`: `month_names`). The month and day; `None` for any other
/// text (a text with a year, a time, or an all-numeric `7/16`, which could be either order).
pub fn yearless_day(text: &str) -> Option<(u32, u32)> {
    // `16th`, `1er` (French), `8.` (German), `1º` (NFKC makes it `1o`).
    const DAY_SUFFIXES: [&str; 8] = ["", "st", "nd", "rd", "th", "er", ".", "o"];
    let normal = nfkc(text);
    let normal = normal.trim();
    let valid = |month: u32, day: u32| {
        // Any leap year holds every day a year can have (February 29 included).
        NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
    };
    if let Some(rest) = normal.strip_suffix('日') {
        let (month, day) = rest.split_once('月')?;
        let number = |part: &str| {
            (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        return valid(number(month)?, number(day)?);
    }
    let (mut month, mut day) = (None, None);
    for word in normal.split([' ', ',']).filter(|w| !w.is_empty()) {
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(m) = month_named(word).or_else(|| month_names::month_in_other_language(word)) {
            if month.replace(m).is_some() {
                return None;
            }
        } else if (1..=2).contains(&digits)
            && day.is_none()
            && DAY_SUFFIXES.contains(&word[digits..].to_ascii_lowercase().as_str())
        {
            day = word[..digits].parse().ok();
        } else if !is_weekday(word) && !month_names::is_connector(word) {
            return None;
        }
    }
    valid(month?, day?)
}

/// The date of a year-less day (`yearless_day`) that falls on or before `reference` (the file's
/// own date) and within the year before it: December 28 in a file of 2026-01-10 is 2025-12-28.
/// `None` for February 29 when that year has none.
pub fn on_or_before(month: u32, day: u32, reference: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(reference.year(), month, day);
    match this_year {
        Some(date) if date <= reference => Some(date),
        _ => NaiveDate::from_ymd_opt(reference.year() - 1, month, day),
    }
}

/// The date of a year-less day nearest to `at` (the time a post's id carries): the year before,
/// the same or the next, so a post made on December 31 UTC and dated January 1 locally is right.
pub fn nearest_to(month: u32, day: u32, at: NaiveDate) -> Option<NaiveDate> {
    (at.year() - 1..=at.year() + 1)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .min_by_key(|date| (*date - at).num_days().abs())
}

/// `20250101` as a number (GA4's `Date` dimension): far beyond the last Excel serial
/// (9999-12-31 is 2958465), so it can only be a year, a month and a day.
fn yyyymmdd(x: f64) -> Option<NaiveDate> {
    if x.fract() != 0.0 || !(19_000_101.0..=99_991_231.0).contains(&x) {
        return None;
    }
    let n = x as u32;
    NaiveDate::from_ymd_opt((n / 10_000) as i32, n / 100 % 100, n % 100)
}

/// A month from a cell: `2025-04`, `2025/4`, `2025.4`, `2025年4月`, `令和7年4月`, `R7.4`, `202504`,
/// `Dec 2023`, or any date (its month). Returns the first day of the month.
pub fn month_from_cell(
    cell: &Cell,
    date1904: bool,
    reading: DateReading,
) -> Result<NaiveDate, ValueError> {
    let first_of = |date: NaiveDate| date.with_day(1).ok_or(ValueError::Unparsable);
    match cell {
        Cell::DateTime(at) => first_of(at.date()),
        Cell::Number(x) => match yyyymm(*x) {
            Some(month) => Ok(month),
            None => first_of(from_serial(*x, date1904)?.date()),
        },
        Cell::Text(text) => {
            let normal = nfkc(text);
            let normal = normal.trim();
            if let Some(month) = month_text(normal) {
                return Ok(month);
            }
            if normal.len() == 6 && normal.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(month) = normal.parse::<f64>().ok().and_then(yyyymm) {
                    return Ok(month);
                }
            }
            if let Some(Ok(EnglishDate {
                year,
                month,
                day: None,
                time: None,
            })) = english_date(normal)
            {
                return NaiveDate::from_ymd_opt(year, month, 1).ok_or(ValueError::Unparsable);
            }
            first_of(parse_date_text(normal, reading)?.date())
        }
        _ => Err(ValueError::Unparsable),
    }
}

/// `202504` as a number: a year 1900..9999 followed by a month 01..12.
fn yyyymm(x: f64) -> Option<NaiveDate> {
    if x.fract() != 0.0 || !(190_001.0..=999_912.0).contains(&x) {
        return None;
    }
    let n = x as u32;
    NaiveDate::from_ymd_opt((n / 100) as i32, n % 100, 1)
}

/// A year and a month without a day: `2025-04`, `2025/4`, `2025.4`, `2025年4月`, `令和7年4月`, `R7.4`.
fn month_text(text: &str) -> Option<NaiveDate> {
    let (era_year, rest) = match strip_era(text) {
        Some((year, rest)) => (Some(year), rest),
        None => (None, text),
    };
    let unified: String = rest
        .chars()
        .map(|c| match c {
            '年' | '-' | '/' | '.' => '/',
            '月' => ' ',
            c => c,
        })
        .collect();
    let unified = unified.trim().trim_start_matches('/');
    let parts: Vec<&str> = unified.split('/').map(str::trim).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    match (era_year, parts.as_slice()) {
        (Some(year), [m]) if m.len() <= 2 => NaiveDate::from_ymd_opt(year, m.parse().ok()?, 1),
        (None, [y, m]) if y.len() == 4 && m.len() <= 2 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
        }
        _ => None,
    }
}

/// A deal status: kpibook's own words and the built-in CRM stages (`stages`), compared by
/// `loose_key`. `None` for a stage kpibook does not know (a team maps it under `[statuses]`;
/// validation counts such a deal open, with one `unknown_stage` warning per stage name).
pub fn parse_status(text: &str) -> Option<DealStatus> {
    static STAGES: LazyLock<HashMap<String, DealStatus>> = LazyLock::new(|| {
        BUILT_IN_STAGES
            .iter()
            .flat_map(|v| v.names())
            .map(|(name, status)| (loose_key(name), status))
            .collect()
    });
    STAGES.get(&loose_key(text)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading of the default configuration, with `order`.
    fn local(order: Option<DateOrder>) -> DateReading {
        DateReading::new(order, Tz::Asia__Tokyo)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_time(NaiveTime::MIN)
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, s)
            .unwrap()
    }

    #[test]
    fn keys_are_trimmed_nfkc_lowercased_and_single_spaced() {
        assert_eq!(normalize_key("  Closed\u{3000}　Won "), "closed won");
        assert_eq!(normalize_key("ＬｉｎｋｅｄＩｎ"), "linkedin");
        assert_eq!(normalize_key("X（旧Twitter）"), "x(旧twitter)");
        assert_eq!(normalize_key("ｳｪﾋﾞﾅｰ"), "ウェビナー");
    }

    #[test]
    fn numbers_with_separators_currency_and_full_width_digits() {
        assert_eq!(parse_number("1,234"), Ok(1234.0));
        assert_eq!(parse_number("¥12,000"), Ok(12000.0));
        assert_eq!(parse_number("￥12,000"), Ok(12000.0));
        assert_eq!(parse_number("12,000円"), Ok(12000.0));
        assert_eq!(parse_number("$5"), Ok(5.0));
        assert_eq!(parse_number("１２３"), Ok(123.0));
        assert_eq!(parse_number("１，２３４．５"), Ok(1234.5));
        assert_eq!(parse_number("12000 JPY"), Ok(12000.0));
        assert_eq!(parse_number(" 3.25 "), Ok(3.25));
        assert_eq!(parse_number(".5"), Ok(0.5));
    }

    #[test]
    fn amounts_report_the_currency_of_their_sign() {
        let amount = |t: &str| parse_amount(t).map(|a| (a.value, a.currency));
        assert_eq!(amount("$22,700.00"), Ok((22700.0, Some("USD"))));
        assert_eq!(amount("US$ 5"), Ok((5.0, Some("USD"))));
        assert_eq!(amount("5 usd"), Ok((5.0, Some("USD"))));
        assert_eq!(amount("€1,200.50"), Ok((1200.5, Some("EUR"))));
        assert_eq!(amount("1200 EUR"), Ok((1200.0, Some("EUR"))));
        assert_eq!(amount("¥12,000"), Ok((12000.0, Some("JPY"))));
        assert_eq!(amount("￥12,000"), Ok((12000.0, Some("JPY"))));
        assert_eq!(amount("3億円"), Ok((300_000_000.0, Some("JPY"))));
        assert_eq!(amount("JPY 800"), Ok((800.0, Some("JPY"))));
        assert_eq!(amount("¥500円"), Ok((500.0, Some("JPY"))));
        assert_eq!(amount("12,000"), Ok((12000.0, None)));
        assert_eq!(amount("$500円"), Err(ValueError::Unparsable));
        assert_eq!(
            amount_from_cell(&Cell::Number(7.0)),
            Ok(Amount {
                value: 7.0,
                currency: None
            })
        );
    }

    #[test]
    fn a_header_names_its_columns_currency_in_brackets() {
        assert_eq!(header_currency("Amount spent (JPY)"), Some("JPY"));
        assert_eq!(header_currency("Amount Spent (USD)"), Some("USD"));
        assert_eq!(header_currency("消化金額（eur）"), Some("EUR"));
        assert_eq!(header_currency("Amount spent"), None);
        assert_eq!(header_currency("Cost (per click)"), None);
        assert_eq!(header_currency("Impressions (total)"), None);
    }

    #[test]
    fn man_and_oku_multiply() {
        assert_eq!(parse_number("1.2万"), Ok(12_000.0));
        assert_eq!(parse_number("30万"), Ok(300_000.0));
        assert_eq!(parse_number("3億円"), Ok(300_000_000.0));
        assert_eq!(parse_number("1億2000万"), Ok(120_000_000.0));
        assert_eq!(parse_number("¥1億2,000万5千"), Err(ValueError::Unparsable));
        assert_eq!(parse_number("5万300"), Ok(50_300.0));
    }

    #[test]
    fn percent_and_negatives() {
        assert_eq!(parse_number("3%"), Ok(0.03));
        assert_eq!(parse_number("12.5％"), Ok(0.125));
        assert_eq!(parse_number("-5"), Ok(-5.0));
        assert_eq!(parse_number("−5"), Ok(-5.0));
        assert_eq!(parse_number("▲1,000"), Ok(-1000.0));
        assert_eq!(parse_number("△500円"), Ok(-500.0));
        assert_eq!(parse_number("¥-300"), Ok(-300.0));
    }

    #[test]
    fn garbage_is_not_a_number() {
        for text in [
            "", "  ", "(5)", "12abc", "1,2,3", "1,23", "1.2.3", "abc", "¥", "万", "NaN", "inf",
            "1e5", "--5",
        ] {
            assert_eq!(parse_number(text), Err(ValueError::Unparsable), "{text:?}");
        }
    }

    #[test]
    fn cells_give_numbers() {
        assert_eq!(number_from_cell(&Cell::Number(42.5)), Ok(42.5));
        assert_eq!(number_from_cell(&Cell::Text("1,000円".into())), Ok(1000.0));
        assert_eq!(
            number_from_cell(&Cell::Bool(true)),
            Err(ValueError::Unparsable)
        );
        assert_eq!(number_from_cell(&Cell::Empty), Err(ValueError::Unparsable));
        assert_eq!(
            number_from_cell(&Cell::Error("#N/A".into())),
            Err(ValueError::Unparsable)
        );
    }

    /// GA4 writes its `Date` dimension as `20250101`, which a CSV reads as a number.
    #[test]
    fn a_yyyymmdd_number_is_a_date_not_a_serial() {
        let reading = DateReading::new(None, chrono_tz::Asia::Tokyo);
        let date = date_from_cell(&Cell::Number(20250131.0), false, reading).unwrap();
        assert_eq!(date.date(), NaiveDate::from_ymd_opt(2025, 1, 31).unwrap());
        assert!(date_from_cell(&Cell::Number(20251331.0), false, reading).is_err());
        let serial = date_from_cell(&Cell::Number(45658.0), false, reading).unwrap();
        assert_eq!(serial.date(), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    }

    #[test]
    fn serials_in_both_date_systems() {
        // 45748 days after 1899-12-30 is 2025-04-01.
        assert_eq!(from_serial(45748.0, false), Ok(date(2025, 4, 1)));
        // The 1904 system counts from 1904-01-01: 45748 - 1462 = 44286.
        assert_eq!(from_serial(44286.0, true), Ok(date(2025, 4, 1)));
        assert_eq!(from_serial(45748.5, false), Ok(at(2025, 4, 1, 12, 0, 0)));
        // 10:30 = 0.4375 of a day
        assert_eq!(
            from_serial(45748.4375, false),
            Ok(at(2025, 4, 1, 10, 30, 0))
        );
        assert_eq!(from_serial(1.0, false), Ok(date(1900, 1, 1)));
        assert_eq!(from_serial(59.0, false), Ok(date(1900, 2, 28)));
        assert_eq!(
            from_serial(60.0, false),
            Err(ValueError::Unparsable),
            "Excel's 1900-02-29"
        );
        assert_eq!(from_serial(61.0, false), Ok(date(1900, 3, 1)));
        assert_eq!(from_serial(0.0, true), Ok(date(1904, 1, 1)));
        assert_eq!(
            from_serial(0.5, false),
            Err(ValueError::Unparsable),
            "a time alone"
        );
        assert_eq!(from_serial(-3.0, false), Err(ValueError::Unparsable));
        assert_eq!(from_serial(2_958_465.0, false), Ok(date(9999, 12, 31)));
        assert_eq!(from_serial(3_000_000.0, false), Err(ValueError::Unparsable));
    }

    #[test]
    fn gregorian_text_dates_and_times() {
        let april_first = Ok(date(2025, 4, 1));
        for text in [
            "2025-04-01",
            "2025/4/1",
            "2025.4.1",
            "2025年4月1日",
            "２０２５年４月１日",
            "2025/04/01",
            "20250401",
        ] {
            assert_eq!(parse_date_text(text, local(None)), april_first, "{text}");
        }
        assert_eq!(
            parse_date_text("2025-04-01 10:30", local(None)),
            Ok(at(2025, 4, 1, 10, 30, 0))
        );
        assert_eq!(
            parse_date_text("2025-04-01T10:30:15", local(None)),
            Ok(at(2025, 4, 1, 10, 30, 15))
        );
        assert_eq!(
            parse_date_text("2025/4/1 9:05", local(None)),
            Ok(at(2025, 4, 1, 9, 5, 0))
        );
        assert_eq!(
            parse_date_text("2025年4月1日 10時30分", local(None)),
            Ok(at(2025, 4, 1, 10, 30, 0))
        );
        assert_eq!(
            parse_date_text("2025年4月1日10:30", local(None)),
            Ok(at(2025, 4, 1, 10, 30, 0))
        );
    }

    #[test]
    fn era_dates() {
        assert_eq!(
            parse_date_text("令和7年4月1日", local(None)),
            Ok(date(2025, 4, 1))
        );
        assert_eq!(parse_date_text("R7.4.1", local(None)), Ok(date(2025, 4, 1)));
        assert_eq!(parse_date_text("R7/4/1", local(None)), Ok(date(2025, 4, 1)));
        assert_eq!(parse_date_text("r7.4.1", local(None)), Ok(date(2025, 4, 1)));
        assert_eq!(
            parse_date_text("H31.4.30", local(None)),
            Ok(date(2019, 4, 30))
        );
        assert_eq!(
            parse_date_text("平成31年4月30日", local(None)),
            Ok(date(2019, 4, 30))
        );
        assert_eq!(
            parse_date_text("令和元年5月1日", local(None)),
            Ok(date(2019, 5, 1))
        );
        assert_eq!(
            parse_date_text("昭和64年1月7日", local(None)),
            Ok(date(1989, 1, 7))
        );
        assert_eq!(
            parse_date_text("大正15年12月24日", local(None)),
            Ok(date(1926, 12, 24))
        );
        assert_eq!(
            parse_date_text("明治45年7月29日", local(None)),
            Ok(date(1912, 7, 29))
        );
        assert_eq!(
            parse_date_text("Ｒ７．４．１", local(None)),
            Ok(date(2025, 4, 1))
        );
    }

    #[test]
    fn day_month_order() {
        assert_eq!(
            parse_date_text("04/05/2025", local(None)),
            Err(ValueError::AmbiguousDate)
        );
        assert_eq!(
            parse_date_text("04/05/2025", local(Some(DateOrder::Mdy))),
            Ok(date(2025, 4, 5))
        );
        assert_eq!(
            parse_date_text("04/05/2025", local(Some(DateOrder::Dmy))),
            Ok(date(2025, 5, 4))
        );
        assert_eq!(
            parse_date_text("13/04/2025", local(None)),
            Ok(date(2025, 4, 13))
        );
        assert_eq!(
            parse_date_text("4/13/2025", local(None)),
            Ok(date(2025, 4, 13))
        );
        assert_eq!(
            parse_date_text("05/05/2025", local(None)),
            Ok(date(2025, 5, 5))
        );
    }

    #[test]
    fn english_month_names_as_exports_write_them() {
        let read = |t: &str| parse_date_text(t, local(None));
        // YouTube Studio, spelled out, Zoho, Excel's d-mmm-yyyy, X's daily exports with a weekday.
        for text in [
            "Dec 15, 2023",
            "December 15, 2023",
            "DECEMBER 15, 2023",
            "dec 15 2023",
            "15 Dec 2023",
            "15-Dec-2023",
            "15/Dec/2023",
            "Dec. 15, 2023",
            "Dec 15th, 2023",
            "Fri, Dec 15, 2023",
            "Friday December 15 2023",
        ] {
            assert_eq!(read(text), Ok(date(2023, 12, 15)), "{text}");
        }
        assert_eq!(read("15 Apr, 2021 00:03:00"), Ok(at(2021, 4, 15, 0, 3, 0)));
        assert_eq!(read("15-Apr-2021"), Ok(date(2021, 4, 15)));
        assert_eq!(read("Jan 30 2017"), Ok(date(2017, 1, 30)));
        assert_eq!(read("Mon Feb 17 2025"), Ok(date(2025, 2, 17)));
        assert_eq!(read("Tue, Jul 14, 2026"), Ok(date(2026, 7, 14)));
        assert_eq!(read("Sat, Sep 6, 2025"), Ok(date(2025, 9, 6)));
        assert_eq!(read("Sept 6, 2025"), Ok(date(2025, 9, 6)));
        assert_eq!(read("SEPT 6, 2025"), Ok(date(2025, 9, 6)));
        assert_eq!(read("September 1, 2026"), Ok(date(2026, 9, 1)));
        assert_eq!(read("May 1, 2025"), Ok(date(2025, 5, 1)));
        // Month names take no day/month order.
        assert_eq!(
            parse_date_text("4 May 2025", local(Some(DateOrder::Mdy))),
            Ok(date(2025, 5, 4))
        );
        // Full-width letters and digits as Japanese input methods write them.
        assert_eq!(read("Ｄｅｃ １５, ２０２３"), Ok(date(2023, 12, 15)));
    }

    #[test]
    fn twelve_hour_times() {
        let read = |t: &str| parse_date_text(t, local(None));
        assert_eq!(read("Apr 15, 2021 12:03 PM"), Ok(at(2021, 4, 15, 12, 3, 0)));
        assert_eq!(read("Apr 15, 2021 12:03 AM"), Ok(at(2021, 4, 15, 0, 3, 0)));
        assert_eq!(read("Apr 15, 2021 1:03 pm"), Ok(at(2021, 4, 15, 13, 3, 0)));
        assert_eq!(
            read("Apr 15, 2021 11:59:30 p.m."),
            Ok(at(2021, 4, 15, 23, 59, 30))
        );
        assert_eq!(read("Apr 15, 2021 9:03PM"), Ok(at(2021, 4, 15, 21, 3, 0)));
        // Facebook's Posted column: US month first, 19 is no month.
        assert_eq!(
            read("01/19/2017 09:03:47 AM"),
            Ok(at(2017, 1, 19, 9, 3, 47))
        );
        assert_eq!(
            read("01/19/2017 09:03:47 PM"),
            Ok(at(2017, 1, 19, 21, 3, 47))
        );
        assert_eq!(
            parse_date_text("12/9/2022 1:23 AM", local(Some(DateOrder::Mdy))),
            Ok(at(2022, 12, 9, 1, 23, 0))
        );
        // Japanese Excel's AM/PM: before the time; 午前0時 is midnight and 午後0時 noon.
        assert_eq!(read("2025/4/1 午後 3:30:00"), Ok(at(2025, 4, 1, 15, 30, 0)));
        assert_eq!(read("2025/4/1 午後3:30"), Ok(at(2025, 4, 1, 15, 30, 0)));
        assert_eq!(read("2025年4月1日 午前0時"), Ok(at(2025, 4, 1, 0, 0, 0)));
        assert_eq!(
            read("2025年4月1日午後0時30分"),
            Ok(at(2025, 4, 1, 12, 30, 0))
        );
        assert_eq!(read("2025年4月1日 午後11時"), Ok(at(2025, 4, 1, 23, 0, 0)));
        for text in [
            "2025-04-01 13:00 PM",
            "Dec 15, 2023 PM",
            "2025-04-01 10:00 AM PM",
            "2025/4/1 午前 午後 3:00",
            "2025/4/1 午後",
        ] {
            assert_eq!(read(text), Err(ValueError::Unparsable), "{text}");
        }
    }

    #[test]
    fn utc_offsets_become_the_local_time_of_the_report_zone() {
        let tokyo = local(None);
        let utc = DateReading::new(None, Tz::UTC);
        let new_york = DateReading::new(None, Tz::America__New_York);
        // X's tweet activity: 19:05 UTC is 04:05 the next day in Tokyo (+9) and 14:05 in New York
        // (EST, -5, in January).
        let tweet = "2017-01-30 19:05 +0000";
        assert_eq!(parse_date_text(tweet, tokyo), Ok(at(2017, 1, 31, 4, 5, 0)));
        assert_eq!(parse_date_text(tweet, utc), Ok(at(2017, 1, 30, 19, 5, 0)));
        assert_eq!(
            parse_date_text(tweet, new_york),
            Ok(at(2017, 1, 30, 14, 5, 0))
        );
        assert_eq!(
            parse_date_text("Mon Jan 30 19:05:00 +0000 2017", tokyo),
            Ok(at(2017, 1, 31, 4, 5, 0))
        );
        // ISO forms: Z, a +09:00 already local in Tokyo, and Salesforce's milliseconds.
        assert_eq!(
            parse_date_text("2023-12-15T10:00:00Z", tokyo),
            Ok(at(2023, 12, 15, 19, 0, 0))
        );
        assert_eq!(
            parse_date_text("2023-12-15T10:00:00+09:00", tokyo),
            Ok(at(2023, 12, 15, 10, 0, 0))
        );
        assert_eq!(
            parse_date_text("2023-12-15T10:00:00+09:00", utc),
            Ok(at(2023, 12, 15, 1, 0, 0))
        );
        assert_eq!(
            parse_date_text("2022-12-09T01:23:45.000Z", tokyo),
            Ok(at(2022, 12, 9, 10, 23, 45))
        );
        // 10:00 at -05:00 is 15:00 UTC, midnight of the next day in Tokyo.
        assert_eq!(
            parse_date_text("2023-12-15T10:00:00-05:00", tokyo),
            Ok(at(2023, 12, 16, 0, 0, 0))
        );
        assert_eq!(
            parse_date_text("2023-12-15 10:00:00 UTC", tokyo),
            Ok(at(2023, 12, 15, 19, 0, 0))
        );
        assert_eq!(
            parse_date_text("2023-12-15 10:00 GMT+9", tokyo),
            Ok(at(2023, 12, 15, 10, 0, 0))
        );
        assert_eq!(
            parse_date_text("2023-12-15 10:00 JST", utc),
            Ok(at(2023, 12, 15, 1, 0, 0))
        );
        assert_eq!(
            parse_date_text("2023-12-15 10:00 +0530", utc),
            Ok(at(2023, 12, 15, 4, 30, 0))
        );
        assert_eq!(
            parse_date_text("Apr 15, 2021 12:03 PM +0000", tokyo),
            Ok(at(2021, 4, 15, 21, 3, 0))
        );
        // Daylight saving: New York is -4 in July.
        assert_eq!(
            parse_date_text("2023-07-01T12:00:00Z", new_york),
            Ok(at(2023, 7, 1, 8, 0, 0))
        );
        // Without an offset the time is already local, whatever the zone.
        assert_eq!(
            parse_date_text("2023-12-15 10:00", new_york),
            Ok(at(2023, 12, 15, 10, 0, 0))
        );
        assert_eq!(
            parse_date_text("2025-04-01", new_york),
            Ok(date(2025, 4, 1))
        );
        for text in [
            "2023-12-15 10:00 +25:00",
            "2023-12-15 10:00 +0000 +0900",
            "2023-12-15T10:00:00+9x",
            "2023-12-15 UTC",
            "2023-12-15 10:00 -",
        ] {
            assert_eq!(
                parse_date_text(text, tokyo),
                Err(ValueError::Unparsable),
                "{text}"
            );
        }
    }

    #[test]
    fn english_months_without_a_day_are_months() {
        let month = |t: &str| month_from_cell(&Cell::Text(t.into()), false, local(None));
        let december = NaiveDate::from_ymd_opt(2023, 12, 1).unwrap();
        assert_eq!(month("Dec 2023"), Ok(december));
        assert_eq!(month("December 2023"), Ok(december));
        assert_eq!(month("Dec 15, 2023"), Ok(december));
        assert_eq!(
            date_from_cell(&Cell::Text("Dec 2023".into()), false, local(None)),
            Err(ValueError::Unparsable)
        );
    }

    #[test]
    fn a_date_proves_its_order_only_when_a_part_is_above_twelve() {
        assert_eq!(order_proved_by("12/19/2022"), Some(DateOrder::Mdy));
        assert_eq!(order_proved_by("12/19/2022 10:00 AM"), Some(DateOrder::Mdy));
        assert_eq!(order_proved_by("19/12/2022"), Some(DateOrder::Dmy));
        assert_eq!(order_proved_by("19-12-2022 10:00"), Some(DateOrder::Dmy));
        for text in [
            "12/9/2022",
            "5/5/2025",
            "2022-12-19",
            "Dec 19, 2022",
            "13/13/2022",
            "x",
        ] {
            assert_eq!(order_proved_by(text), None, "{text}");
        }
    }

    #[test]
    fn counts_written_with_a_zero_fraction_are_whole() {
        // X writes its counts as 4715.0: the number is whole; 4715.5 is not.
        assert_eq!(parse_number("4715.0"), Ok(4715.0));
        assert_eq!(parse_number("4715.0").map(f64::fract), Ok(0.0));
        assert_eq!(parse_number("4,715.00"), Ok(4715.0));
        assert_eq!(parse_number("4715.5").map(f64::fract), Ok(0.5));
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "2025-02-30",
            "2025-13-01",
            "R0.4.1",
            "2025",
            "いつか",
            "25/4/1",
            "2025-04-01 25:00",
            "13/13/2025",
            "Dec 15",
            "Dec 15, 23",
            "Foo 15, 2023",
            "Dec Jan 15 2023",
            "Dec 15 16 2023",
            "Feb 30, 2024",
            "Lifetime",
            "Total",
        ] {
            assert_eq!(
                parse_date_text(text, local(None)),
                Err(ValueError::Unparsable),
                "{text}"
            );
        }
    }

    #[test]
    fn cells_give_dates() {
        let d = date(2025, 4, 1);
        assert_eq!(
            date_from_cell(&Cell::DateTime(d), false, local(None)),
            Ok(d)
        );
        assert_eq!(
            date_from_cell(&Cell::Number(45748.0), false, local(None)),
            Ok(d)
        );
        assert_eq!(
            date_from_cell(&Cell::Number(44286.0), true, local(None)),
            Ok(d)
        );
        assert_eq!(
            date_from_cell(&Cell::Text("R7.4.1".into()), false, local(None)),
            Ok(d)
        );
        assert_eq!(
            date_from_cell(&Cell::Bool(true), false, local(None)),
            Err(ValueError::Unparsable)
        );
    }

    #[test]
    fn months_in_every_written_form() {
        let april = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        let text = |t: &str| month_from_cell(&Cell::Text(t.into()), false, local(None));
        for t in [
            "2025-04",
            "2025/4",
            "2025.4",
            "2025年4月",
            "令和7年4月",
            "R7.4",
            "R7/4",
            "202504",
            "2025-04-17",
            "２０２５年４月",
        ] {
            assert_eq!(text(t), Ok(april), "{t}");
        }
        assert_eq!(
            month_from_cell(&Cell::Number(202504.0), false, local(None)),
            Ok(april)
        );
        assert_eq!(
            month_from_cell(&Cell::Number(45763.0), false, local(None)),
            Ok(april),
            "2025-04-16"
        );
        assert_eq!(
            month_from_cell(&Cell::DateTime(date(2025, 4, 30)), false, local(None)),
            Ok(april)
        );
        assert_eq!(text("2025-13"), Err(ValueError::Unparsable));
    }

    #[test]
    fn days_without_a_year_take_the_year_on_or_before_the_files_date() {
        for text in [
            "July 16",
            "Jul 16",
            "16 July",
            "Thu, Jul 16",
            "7月16日",
            "７月１６日",
            "16 de julio",
            "16 de julho",
            "16 juillet",
            "16. Juli",
        ] {
            assert_eq!(yearless_day(text), Some((7, 16)), "{text}");
        }
        assert_eq!(yearless_day("8 de marzo"), Some((3, 8)));
        assert_eq!(yearless_day("1er mars"), Some((3, 1)));
        for text in [
            "July 16, 2025",
            "7/16",
            "July",
            "16",
            "July 16 10:00",
            "2月30日",
            "Total",
            "8 de marzo de 2026",
            "de marzo",
        ] {
            assert_eq!(yearless_day(text), None, "{text}");
        }
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let file = day(2026, 1, 10);
        assert_eq!(on_or_before(12, 28, file), Some(day(2025, 12, 28)));
        assert_eq!(on_or_before(1, 10, file), Some(day(2026, 1, 10)));
        assert_eq!(on_or_before(1, 11, file), Some(day(2025, 1, 11)));
        assert_eq!(on_or_before(2, 29, day(2025, 3, 1)), Some(day(2024, 2, 29)));
        assert_eq!(on_or_before(2, 29, day(2026, 3, 1)), None);
        // A post made late on December 31 UTC and dated January 1 in Tokyo.
        assert_eq!(nearest_to(1, 1, day(2025, 12, 31)), Some(day(2026, 1, 1)));
        assert_eq!(nearest_to(7, 16, day(2025, 7, 16)), Some(day(2025, 7, 16)));
    }

    #[test]
    fn statuses() {
        for won in ["受注", "成約", "won", "Closed Won", "受注済み"] {
            assert_eq!(parse_status(won), Some(DealStatus::Won), "{won}");
        }
        for lost in ["失注", "lost", "closed lost"] {
            assert_eq!(parse_status(lost), Some(DealStatus::Lost), "{lost}");
        }
        for open in ["open", "商談中", "進行中", "提案中"] {
            assert_eq!(parse_status(open), Some(DealStatus::Open), "{open}");
        }
        assert_eq!(parse_status("保留?"), None);
        // The CRMs' default pipelines, by label and internal name, in any spelling.
        for (stage, status) in [
            ("Needs Analysis", DealStatus::Open),
            ("Proposal/Price Quote", DealStatus::Open),
            ("Id. Decision Makers", DealStatus::Open),
            ("appointmentscheduled", DealStatus::Open),
            ("Decision Maker Bought-In", DealStatus::Open),
            ("contractsent", DealStatus::Open),
            ("closedwon", DealStatus::Won),
            ("CLOSED_WON", DealStatus::Won),
            ("closed-won", DealStatus::Won),
            ("closedlost", DealStatus::Lost),
            ("Closed-Lost to Competition", DealStatus::Lost),
            ("ニーズ分析", DealStatus::Open),
            ("提案/見積もり", DealStatus::Open),
            ("成立", DealStatus::Won),
            ("不成立", DealStatus::Lost),
        ] {
            assert_eq!(parse_status(stage), Some(status), "{stage}");
        }
    }

    #[test]
    fn no_built_in_stage_name_means_two_statuses() {
        let mut seen: HashMap<String, (DealStatus, &str)> = HashMap::new();
        for vocabulary in &BUILT_IN_STAGES {
            for (name, status) in vocabulary.names() {
                if let Some((other, source)) =
                    seen.insert(loose_key(name), (status, vocabulary.source))
                {
                    assert_eq!(other, status, "{name}: {source} and {}", vocabulary.source);
                }
            }
        }
    }

    #[test]
    fn gaps_found_in_review() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // The era letter T (大正) is not the ISO date/time separator.
        assert_eq!(
            parse_date_text("T15.12.24", local(None)).unwrap().date(),
            day(1926, 12, 24)
        );
        assert_eq!(
            parse_date_text("t15/12/24", local(None)).unwrap().date(),
            day(1926, 12, 24)
        );
        // A lower-case ISO separator.
        let at = parse_date_text("2025-04-01t10:30", local(None)).unwrap();
        assert_eq!(
            (at.date(), chrono::Timelike::hour(&at.time())),
            (day(2025, 4, 1), 10)
        );
        // 元 after an era letter.
        assert_eq!(
            parse_date_text("H元.5.1", local(None)).unwrap().date(),
            day(1989, 5, 1)
        );
        assert_eq!(
            parse_date_text("R元/5/1", local(None)).unwrap().date(),
            day(2019, 5, 1)
        );
        // 見送り is a lost deal.
        assert_eq!(parse_status("見送り"), Some(DealStatus::Lost));
        // Currency signs after the figure.
        assert_eq!(parse_number("5$"), Ok(5.0));
        assert_eq!(parse_number("500¥"), Ok(500.0));
        assert_eq!(parse_number("1,200 ¥"), Ok(1200.0));
        // 1904 serials stop at Excel's last day, 9999-12-31.
        assert!(from_serial(MAX_SERIAL, true).is_err());
        assert_eq!(
            from_serial(MAX_SERIAL - 1462.0, true).unwrap().date(),
            day(9999, 12, 31)
        );
    }
}
