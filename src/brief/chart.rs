//! The brief's charts as inline SVG: the funnel, the monthly trend against the compared period, and
//! ranked bars. Pure functions from figures to an `<svg>` fragment for an HTML page: no script,
//! nothing fetched, the page's own font, sized by `viewBox` to the width of its container.
//! The figures and their text come made (the report model formats them); this module only draws.
//!
//! Drawn by hand rather than with a charting crate: three charts of rectangles, lines and text are
//! shorter than a crate's configuration of them, and stay free of script and fetched fonts.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

/// The current period's colour (navy).
pub const CURRENT: &str = "#1f3a5f";
/// The compared period's colour (grey).
pub const COMPARED: &str = "#9aa5b1";
/// A negative bar (a loss), a muted brick red.
const NEGATIVE: &str = "#a64b3c";
/// Figures and labels.
const INK: &str = "#1f2933";
/// Rates, axis text, the empty state.
const MUTED: &str = "#52606d";
/// Grid and axis lines.
const RULE: &str = "#d9e2ec";

/// Every chart is this many user units wide; the page scales it to its container.
const WIDTH: f64 = 480.0;
const FONT_SIZE: f64 = 13.0;
const SMALL_FONT_SIZE: f64 = 11.0;
/// The width of one text column (`unicode-width`: a CJK character is two) at `FONT_SIZE`, an
/// estimate that keeps labels inside their room whatever font the reader's system has.
const COLUMN: f64 = 7.0;
const SMALL_COLUMN: f64 = 6.0;

/// Bar charts: the height of a row, of its bar, and the room of each column.
const ROW: f64 = 32.0;
const BAR: f64 = 20.0;
const PAD: f64 = 8.0;
const LABEL_ROOM: f64 = 120.0;
const VALUE_ROOM: f64 = 96.0;
const RATE_ROOM: f64 = 60.0;

/// One stage of the funnel: its value (the bar's width) and the text shown for it.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStage {
    pub label: String,
    pub value: f64,
    /// The value as the report writes it (`1,234`).
    pub shown: String,
    /// The conversion from the stage above (`23.4%`), shown beside the bar.
    pub rate_from_previous: Option<String>,
}

/// One bar of a ranked bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub value: f64,
    /// The value as the report writes it (`¥1,234,567`).
    pub shown: String,
}

/// One line of the trend: a value per month (`None`: no figure that month, a gap in the line).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// The funnel: one horizontal bar per stage, as wide as its value against the largest stage's,
/// the label before it, the value after it and the conversion from the stage above at the right.
/// A stage of zero, below zero or not a number draws no bar but keeps its label and text.
pub fn funnel(stages: &[FunnelStage]) -> String {
    if stages.is_empty() {
        return empty_chart();
    }
    let rate_room = if stages.iter().any(|s| s.rate_from_previous.is_some()) {
        RATE_ROOM
    } else {
        0.0
    };
    let room = WIDTH - LABEL_ROOM - VALUE_ROOM - rate_room;
    let largest = stages
        .iter()
        .filter_map(|s| drawable(s.value))
        .fold(0.0, f64::max);
    let mut svg = open(rows_height(stages.len()));
    for (i, stage) in stages.iter().enumerate() {
        let top = PAD + i as f64 * ROW;
        let length = match drawable(stage.value) {
            Some(v) if v > 0.0 && largest > 0.0 => v / largest * room,
            _ => 0.0,
        };
        svg += &row_label(&stage.label, top);
        svg += &bar(LABEL_ROOM, top, length, CURRENT);
        svg += &text(
            LABEL_ROOM + length + 6.0,
            middle(top),
            "start",
            INK,
            &stage.shown,
        );
        if let Some(rate) = &stage.rate_from_previous {
            svg += &small_text(WIDTH - 4.0, middle(top), "end", MUTED, rate);
        }
    }
    svg + "</svg>"
}

/// Ranked horizontal bars, in the order given (the caller ranks them): each as long as its value
/// against the whole range of values. A negative value draws leftwards from a zero line in a muted
/// red; zero and a value that is not a number draw no bar but keep their label and text.
pub fn bars(rows: &[BarRow]) -> String {
    if rows.is_empty() {
        return empty_chart();
    }
    let values = || rows.iter().filter_map(|r| drawable(r.value));
    let most = values().fold(0.0, f64::max);
    let least = values().fold(0.0, f64::min);
    let span = most - least;
    let room = WIDTH - LABEL_ROOM - VALUE_ROOM;
    let zero = if span > 0.0 {
        LABEL_ROOM - least / span * room
    } else {
        LABEL_ROOM
    };
    let height = rows_height(rows.len());
    let mut svg = open(height);
    if least < 0.0 {
        svg += &line(zero, PAD / 2.0, zero, height - PAD / 2.0, MUTED, None);
    }
    for (i, row) in rows.iter().enumerate() {
        let top = PAD + i as f64 * ROW;
        let value = drawable(row.value).unwrap_or(0.0);
        let length = if span > 0.0 {
            value.abs() / span * room
        } else {
            0.0
        };
        svg += &row_label(&row.label, top);
        if value < 0.0 {
            svg += &bar(zero - length, top, length, NEGATIVE);
            svg += &text(zero + 6.0, middle(top), "start", INK, &row.shown);
        } else {
            svg += &bar(zero, top, length, CURRENT);
            svg += &text(zero + length + 6.0, middle(top), "start", INK, &row.shown);
        }
    }
    svg + "</svg>"
}

/// The trend's frame: where the plot sits in the chart.
const TREND_HEIGHT: f64 = 240.0;
const TREND_TOP: f64 = 36.0;
const TREND_BOTTOM: f64 = 28.0;
const TREND_RIGHT: f64 = 16.0;

/// A line chart of a monthly figure: the current period's line (navy) over the compared period's
/// (grey, dashed), one point per month, a gap where a month has no figure. `months` gives the
/// x axis (a series' values beyond it are not drawn); `value_text` writes a figure the way the
/// report does, for the y axis, each point's tooltip and the last current value.
pub fn trend(
    months: &[String],
    current: &Series,
    compared: Option<&Series>,
    value_text: impl Fn(f64) -> String,
) -> String {
    if months.is_empty() {
        return empty_chart();
    }
    let all = compared.into_iter().chain([current]);
    let scale = Scale::over(all.flat_map(|s| s.values.iter().take(months.len()).flatten()));
    let ticks = scale.ticks();
    let widest_tick = ticks
        .iter()
        .map(|t| columns(&value_text(*t)))
        .fold(0.0, f64::max);
    let left = (widest_tick * SMALL_COLUMN + 12.0).clamp(40.0, 180.0);
    let plot = Plot {
        left,
        width: WIDTH - left - TREND_RIGHT,
        top: TREND_TOP,
        height: TREND_HEIGHT - TREND_TOP - TREND_BOTTOM,
        months: months.len(),
        scale,
    };
    let mut svg = open(TREND_HEIGHT);
    for tick in &ticks {
        let y = plot.y(*tick);
        svg += &line(left, y, WIDTH - TREND_RIGHT, y, RULE, None);
        svg += &small_text(left - 6.0, y + 4.0, "end", MUTED, &value_text(*tick));
    }
    svg += &month_labels(&plot, months);
    if let Some(compared) = compared {
        svg += &series_marks(&plot, months, compared, COMPARED, true, &value_text);
    }
    svg += &series_marks(&plot, months, current, CURRENT, false, &value_text);
    svg += &last_value(&plot, current, &value_text);
    svg += &legend(left, current, compared);
    svg + "</svg>"
}

/// Where the trend's plot area sits and how a month and a value map onto it.
struct Plot {
    left: f64,
    width: f64,
    top: f64,
    height: f64,
    months: usize,
    scale: Scale,
}

impl Plot {
    /// The centre of month `i`'s band.
    fn x(&self, i: usize) -> f64 {
        self.left + (i as f64 + 0.5) * self.width / self.months.max(1) as f64
    }

    fn y(&self, value: f64) -> f64 {
        let share = (value - self.scale.low) / (self.scale.high - self.scale.low);
        self.top + self.height - share * self.height
    }

    /// Month `i`'s value in `series`, when it has one that can be drawn.
    fn value(&self, series: &Series, i: usize) -> Option<f64> {
        series.values.get(i).copied().flatten().and_then(drawable)
    }
}

/// The y axis: from 0 or below to 0 or above, widened to round steps.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    low: f64,
    high: f64,
    step: f64,
}

impl Scale {
    fn over<'a>(values: impl Iterator<Item = &'a f64>) -> Scale {
        let (mut low, mut high) = (0.0_f64, 0.0_f64);
        for v in values.copied().filter_map(drawable) {
            low = low.min(v);
            high = high.max(v);
        }
        if high <= low {
            high = low + 1.0;
        }
        let step = round_step((high - low) / 4.0);
        let (low, high) = ((low / step).floor() * step, (high / step).ceil() * step);
        if high > low && high.is_finite() && low.is_finite() {
            Scale { low, high, step }
        } else {
            Scale {
                low: 0.0,
                high: 1.0,
                step: 0.25,
            }
        }
    }

    /// The gridlines' values, low to high.
    fn ticks(&self) -> Vec<f64> {
        let count = ((self.high - self.low) / self.step)
            .round()
            .clamp(1.0, 12.0) as usize;
        (0..=count)
            .map(|k| self.low + k as f64 * self.step)
            .collect()
    }
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `raw`.
fn round_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    if step > 0.0 && step.is_finite() {
        step
    } else {
        raw.abs().max(1.0)
    }
}

/// The month names under the plot; every k-th only, when they would run into each other.
fn month_labels(plot: &Plot, months: &[String]) -> String {
    let band = plot.width / months.len().max(1) as f64;
    let widest = months.iter().map(|m| columns(m)).fold(0.0, f64::max);
    let every = ((widest * SMALL_COLUMN + 6.0) / band).ceil().max(1.0) as usize;
    let y = TREND_HEIGHT - 8.0;
    months
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, m)| small_text(plot.x(i), y, "middle", MUTED, m))
        .collect()
}

/// A series' line (broken where a month has no figure) and its points, each with a tooltip.
fn series_marks(
    plot: &Plot,
    months: &[String],
    series: &Series,
    colour: &str,
    dashed: bool,
    value_text: &impl Fn(f64) -> String,
) -> String {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut points = String::new();
    for (i, month) in months.iter().enumerate() {
        let Some(v) = plot.value(series, i) else {
            runs.push(Vec::new());
            continue;
        };
        let (x, y) = (plot.x(i), plot.y(v));
        if let Some(run) = runs.last_mut() {
            run.push((x, y));
        }
        let tip = format!("{}: {} {}", month, series.label, value_text(v));
        let _ = write!(
            points,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{colour}"><title>{}</title></circle>"#,
            num(x),
            num(y),
            if dashed { 2.5 } else { 3.5 },
            escape(&tip)
        );
    }
    let dash = dashed.then_some("5 4");
    let lines: String = runs
        .iter()
        .filter(|run| run.len() > 1)
        .map(|run| polyline(run, colour, if dashed { 1.5 } else { 2.5 }, dash))
        .collect();
    lines + &points
}

/// The current series' last figure, written above its point (the trend's number on paper).
fn last_value(plot: &Plot, current: &Series, value_text: &impl Fn(f64) -> String) -> String {
    let last = (0..plot.months)
        .rev()
        .find_map(|i| plot.value(current, i).map(|v| (i, v)));
    let Some((i, v)) = last else {
        return String::new();
    };
    let shown = value_text(v);
    let half = columns(&shown) * SMALL_COLUMN / 2.0;
    let x = plot.x(i).clamp(half + 2.0, WIDTH - half - 2.0);
    small_text(x, plot.y(v) - 8.0, "middle", INK, &shown)
}

/// The legend above the plot: a line sample and the label of each series.
fn legend(left: f64, current: &Series, compared: Option<&Series>) -> String {
    let mut svg = String::new();
    let mut x = left;
    let y = 14.0;
    let entries = [
        (Some(current), CURRENT, None),
        (compared, COMPARED, Some("5 4")),
    ];
    for (series, colour, dash) in entries {
        let Some(series) = series else { continue };
        svg += &line(x, y, x + 20.0, y, colour, dash);
        let (shown, cut) = fit(&series.label, 40);
        let label = small_text(x + 26.0, y + 4.0, "start", INK, &shown);
        svg += &if cut {
            titled(&label, &series.label)
        } else {
            label
        };
        x += 26.0 + columns(&shown) * SMALL_COLUMN + 24.0;
    }
    svg
}

/// A text element with a tooltip: the full text of a label that was cut.
fn titled(element: &str, full: &str) -> String {
    match element.split_once('>') {
        Some((open_tag, rest)) => format!("{open_tag}><title>{}</title>{rest}", escape(full)),
        None => element.to_string(),
    }
}

/// The height of a chart of `rows` bars.
fn rows_height(rows: usize) -> f64 {
    2.0 * PAD + rows as f64 * ROW
}

/// The text baseline that centres a line of text in the row starting at `top`.
fn middle(top: f64) -> f64 {
    top + ROW / 2.0 + FONT_SIZE * 0.35
}

/// A row's label, right-aligned before the bars, cut with `…` (full text in a tooltip) when it
/// would not fit its room.
fn row_label(label: &str, top: f64) -> String {
    let room = ((LABEL_ROOM - 12.0) / COLUMN) as usize;
    let (shown, cut) = fit(label, room);
    let element = text(LABEL_ROOM - 8.0, middle(top), "end", INK, &shown);
    if cut {
        titled(&element, label)
    } else {
        element
    }
}

fn bar(x: f64, top: f64, length: f64, colour: &str) -> String {
    format!(
        r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" rx="2" fill="{colour}"/>"#,
        num(x),
        num(top + (ROW - BAR) / 2.0),
        num(length),
        num(BAR)
    )
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, dash: Option<&str>) -> String {
    let dash = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
    format!(
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="1.5"{dash}/>"#,
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    )
}

fn polyline(points: &[(f64, f64)], colour: &str, width: f64, dash: Option<&str>) -> String {
    let points: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect();
    let dash = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
    format!(
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="{}" stroke-linejoin="round"{dash}/>"#,
        points.join(" "),
        num(width)
    )
}

fn text(x: f64, y: f64, anchor: &str, colour: &str, content: &str) -> String {
    format!(
        r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{colour}">{}</text>"#,
        num(x),
        num(y),
        escape(content)
    )
}

fn small_text(x: f64, y: f64, anchor: &str, colour: &str, content: &str) -> String {
    format!(
        r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{colour}" font-size="{}">{}</text>"#,
        num(x),
        num(y),
        num(SMALL_FONT_SIZE),
        escape(content)
    )
}

/// The opening tag: the page's font (no family named), scaled to its container's width. No
/// `role="img"`: a screen reader then reads the chart's texts, its only description. No `xmlns`
/// either: the HTML parser gives an inline `<svg>` its namespace.
fn open(height: f64) -> String {
    format!(
        r#"<svg viewBox="0 0 {} {}" width="100%" font-size="{}">"#,
        num(WIDTH),
        num(height),
        num(FONT_SIZE)
    )
}

/// A chart with nothing to draw: a valid SVG holding a dash.
fn empty_chart() -> String {
    let height = 2.0 * ROW;
    open(height) + &text(WIDTH / 2.0, ROW + 4.0, "middle", MUTED, "—") + "</svg>"
}

/// A value that can be drawn: finite and of a size whose arithmetic stays finite.
fn drawable(value: f64) -> Option<f64> {
    (value.is_finite() && value.abs() <= 1e300).then_some(value)
}

/// A coordinate as SVG text: one decimal, never `NaN`, `inf` or `-0`.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if !rounded.is_finite() || rounded == 0.0 {
        return "0".to_string();
    }
    format!("{rounded}")
}

/// The display width of `text` in columns (a CJK character counts two).
fn columns(text: &str) -> f64 {
    text.chars().filter_map(|c| c.width()).sum::<usize>() as f64
}

/// `text` cut to at most `room` columns, ending in `…` when cut; and whether it was cut.
fn fit(text: &str, room: usize) -> (String, bool) {
    if columns(text) <= room as f64 {
        return (text.to_string(), false);
    }
    let mut shown = String::new();
    let mut used = 0;
    for c in text.chars() {
        let width = c.width().unwrap_or(0);
        if used + width + 1 > room {
            break;
        }
        used += width;
        shown.push(c);
    }
    shown.push('…');
    (shown, true)
}

/// `text` as XML (and HTML) character data or attribute value. Characters XML 1.0 does not allow (control
/// characters but tab and line ends, U+FFFE, U+FFFF) are dropped; tab and line ends become spaces.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use quick_xml::escape::resolve_xml_entity;
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::{Reader, XmlVersion};

    /// An element of a parsed chart.
    #[derive(Debug, Default)]
    struct Node {
        name: String,
        attributes: Vec<(String, String)>,
        /// The element's own character data, entities resolved.
        text: String,
        children: Vec<Node>,
    }

    impl Node {
        fn attribute(&self, key: &str) -> Option<&str> {
            self.attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }

        fn number(&self, key: &str) -> f64 {
            let value = self.attribute(key).unwrap_or_else(|| panic!("no {key}"));
            value.parse().unwrap_or_else(|_| panic!("{key}={value}"))
        }

        /// This element and every element inside it, depth first.
        fn all(&self) -> Vec<&Node> {
            let mut found = vec![self];
            for child in &self.children {
                found.extend(child.all());
            }
            found
        }

        fn named(&self, name: &str) -> Vec<&Node> {
            self.all().into_iter().filter(|n| n.name == name).collect()
        }

        fn bars(&self) -> Vec<&Node> {
            self.named("rect")
                .into_iter()
                .filter(|n| n.attribute("class") == Some("bar"))
                .collect()
        }

        fn texts(&self) -> Vec<String> {
            self.named("text").iter().map(|t| t.text.clone()).collect()
        }
    }

    fn element(start: &BytesStart) -> Node {
        let name = start.name().as_ref().to_string();
        let attributes = start
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let key = a.key.as_ref().to_string();
                let value = a.normalized_value(XmlVersion::Implicit1_0).expect("value");
                (key, value.into_owned())
            })
            .collect();
        Node {
            name,
            attributes,
            ..Node::default()
        }
    }

    /// Parses `svg` as an XML document with one root element, failing on anything not
    /// well-formed (unbalanced tags, an unknown entity, a bare `&` or `<`).
    fn parse(svg: &str) -> Node {
        let mut reader = Reader::from_str(svg);
        let mut open: Vec<Node> = Vec::new();
        let mut roots: Vec<Node> = Vec::new();
        let close = |node: Node, open: &mut Vec<Node>, roots: &mut Vec<Node>| match open.last_mut()
        {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        };
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(start) => open.push(element(&start)),
                Event::Empty(start) => close(element(&start), &mut open, &mut roots),
                Event::End(_) => {
                    let node = open.pop().expect("an open element");
                    close(node, &mut open, &mut roots);
                }
                Event::Text(text) => {
                    let inside = open.last_mut().expect("text inside the root");
                    inside.text += &text.xml10_content();
                }
                Event::GeneralRef(reference) => {
                    let inside = open.last_mut().expect("reference inside the root");
                    match reference.resolve_char_ref().expect("character reference") {
                        Some(c) => inside.text.push(c),
                        None => {
                            let name = reference.xml10_content();
                            let resolved = resolve_xml_entity(&name).expect("a known entity");
                            inside.text += resolved;
                        }
                    }
                }
                Event::Eof => break,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(open.is_empty(), "unclosed elements");
        assert_eq!(roots.len(), 1, "one root element");
        let root = roots.pop().expect("a root");
        assert_eq!(root.name, "svg");
        root
    }

    fn stage(label: &str, value: f64, rate: Option<&str>) -> FunnelStage {
        FunnelStage {
            label: label.to_string(),
            value,
            shown: format!("{value}"),
            rate_from_previous: rate.map(str::to_string),
        }
    }

    fn row(label: &str, value: f64, shown: &str) -> BarRow {
        BarRow {
            label: label.to_string(),
            value,
            shown: shown.to_string(),
        }
    }

    fn series(label: &str, values: &[Option<f64>]) -> Series {
        Series {
            label: label.to_string(),
            values: values.to_vec(),
        }
    }

    fn months(names: &[&str]) -> Vec<String> {
        names.iter().map(|m| m.to_string()).collect()
    }

    fn yen(v: f64) -> String {
        format!("¥{v}")
    }

    fn assert_close(actual: f64, expected: f64, what: &str) {
        assert!(
            (actual - expected).abs() < 0.11,
            "{what}: {actual} != {expected}"
        );
    }

    /// Every chart: scaled by viewBox to its container, no font family, nothing fetched, no script.
    fn assert_self_contained(svg: &str) {
        let root = parse(svg);
        assert_eq!(root.attribute("width"), Some("100%"));
        let view_box: Vec<f64> = root
            .attribute("viewBox")
            .expect("a viewBox")
            .split(' ')
            .map(|n| n.parse().expect("a number"))
            .collect();
        assert_eq!(view_box.len(), 4);
        assert!(view_box[2] > 0.0 && view_box[3] > 0.0, "{view_box:?}");
        for word in ["font-family", "http", "href", "url(", "<script", "<style"] {
            assert!(!svg.contains(word), "{word} in {svg}");
        }
    }

    #[test]
    fn funnel_bars_are_as_wide_as_their_values_against_the_largest() {
        let svg = funnel(&[
            stage("Leads", 1000.0, None),
            stage("MQL", 400.0, Some("40.0%")),
            stage("Won", 100.0, Some("25.0%")),
            stage("Lost", 0.0, Some("0.0%")),
        ]);
        assert_self_contained(&svg);
        let root = parse(&svg);
        let widths: Vec<f64> = root.bars().iter().map(|b| b.number("width")).collect();
        assert_eq!(widths.len(), 4);
        assert!(widths[0] > 100.0, "{widths:?}");
        assert_close(widths[1] / widths[0] * 1000.0, 400.0, "MQL");
        assert_close(widths[2] / widths[0] * 1000.0, 100.0, "won");
        assert_eq!(widths[3], 0.0);
        let starts: Vec<f64> = root.bars().iter().map(|b| b.number("x")).collect();
        assert!(starts.iter().all(|x| *x == starts[0]), "{starts:?}");
        let texts = root.texts();
        for shown in ["Leads", "MQL", "1000", "400", "40.0%", "25.0%", "0.0%"] {
            assert!(texts.iter().any(|t| t == shown), "{shown} in {texts:?}");
        }
    }

    #[test]
    fn a_funnel_value_is_written_just_after_its_bar() {
        let root = parse(&funnel(&[
            stage("Leads", 10.0, None),
            stage("MQL", 5.0, None),
        ]));
        let bars = root.bars();
        let texts = root.named("text");
        let value_of = |shown: &str| {
            texts
                .iter()
                .find(|t| t.text == shown)
                .expect(shown)
                .number("x")
        };
        for (bar, shown) in bars.iter().zip(["10", "5"]) {
            let end = bar.number("x") + bar.number("width");
            let at = value_of(shown);
            assert!(
                at > end && at < end + 20.0,
                "{shown} at {at}, bar ends at {end}"
            );
        }
    }

    #[test]
    fn ranked_bars_are_as_long_as_their_values_and_a_loss_goes_left_of_zero() {
        let svg = bars(&[
            row("LinkedIn", 300.0, "¥300"),
            row("Webinar", 100.0, "¥100"),
            row("Events", 0.0, "¥0"),
            row("Search ads", -100.0, "-¥100"),
        ]);
        assert_self_contained(&svg);
        let root = parse(&svg);
        let bars = root.bars();
        let widths: Vec<f64> = bars.iter().map(|b| b.number("width")).collect();
        assert_close(widths[1] / widths[0] * 300.0, 100.0, "webinar");
        assert_eq!(widths[2], 0.0);
        assert_close(widths[3] / widths[0] * 300.0, 100.0, "search ads");
        // The positive bars start at the zero line, the negative one ends there.
        let zero = bars[0].number("x");
        assert_eq!(bars[1].number("x"), zero);
        assert_close(bars[3].number("x") + widths[3], zero, "loss ends at zero");
        // From the left end of the loss to the right end of the largest: the whole range, 400.
        let range = widths[0] + widths[3];
        assert_close(
            (zero - bars[3].number("x")) / range * 400.0,
            100.0,
            "zero line",
        );
        assert_ne!(bars[3].attribute("fill"), bars[0].attribute("fill"));
        assert_eq!(bars[0].attribute("fill"), Some(CURRENT));
        assert_eq!(root.named("line").len(), 1, "the zero line");
    }

    #[test]
    fn bars_all_zero_draw_no_length_but_keep_their_labels() {
        let root = parse(&bars(&[row("a", 0.0, "¥0"), row("b", 0.0, "¥0")]));
        assert!(root.bars().iter().all(|b| b.number("width") == 0.0));
        assert_eq!(root.texts(), ["a", "¥0", "b", "¥0"]);
        assert!(root.named("line").is_empty(), "no zero line without a loss");
    }

    #[test]
    fn trend_draws_current_and_compared_lines_with_gaps_where_a_month_has_no_figure() {
        let svg = trend(
            &months(&["2025-01", "2025-02", "2025-03", "2025-04"]),
            &series("This year", &[Some(0.0), Some(50.0), None, Some(100.0)]),
            Some(&series("Last year", &[Some(20.0); 4])),
            yen,
        );
        assert_self_contained(&svg);
        let root = parse(&svg);
        let lines = root.named("polyline");
        let (compared, current): (Vec<&Node>, Vec<&Node>) = lines
            .iter()
            .partition(|l| l.attribute("stroke") == Some(COMPARED));
        // The compared year unbroken and dashed; this year's April alone after March's gap.
        assert_eq!(compared.len(), 1);
        assert!(compared[0].attribute("stroke-dasharray").is_some());
        assert_eq!(
            compared[0]
                .attribute("points")
                .map(|p| p.split(' ').count()),
            Some(4)
        );
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].attribute("stroke"), Some(CURRENT));
        assert!(current[0].attribute("stroke-dasharray").is_none());
        assert_eq!(
            current[0].attribute("points").map(|p| p.split(' ').count()),
            Some(2)
        );
        let points: Vec<&Node> = root
            .named("circle")
            .into_iter()
            .filter(|c| c.attribute("fill") == Some(CURRENT))
            .collect();
        assert_eq!(points.len(), 3, "January, February, April");
        // Heights above January's zero are proportional to the values: 50 is half of 100.
        let (y0, y50, y100) = (
            points[0].number("cy"),
            points[1].number("cy"),
            points[2].number("cy"),
        );
        assert_close((y0 - y50) / (y0 - y100) * 100.0, 50.0, "February");
        // Months equally spaced: April is three steps right of January, February one.
        let (x0, x1, x3) = (
            points[0].number("cx"),
            points[1].number("cx"),
            points[2].number("cx"),
        );
        assert_close(x3 - x0, 3.0 * (x1 - x0), "month spacing");
        let texts = root.texts();
        for shown in [
            "2025-01",
            "2025-04",
            "This year",
            "Last year",
            "¥0",
            "¥50",
            "¥100",
        ] {
            assert!(texts.iter().any(|t| t == shown), "{shown} in {texts:?}");
        }
        let tips: Vec<String> = root.named("title").iter().map(|t| t.text.clone()).collect();
        assert!(
            tips.contains(&"2025-02: This year ¥50".to_string()),
            "{tips:?}"
        );
    }

    #[test]
    fn trend_axis_runs_in_round_steps_written_by_the_callers_format() {
        // 0 .. 100 in four steps of 25.
        let root = parse(&trend(
            &months(&["1", "2"]),
            &series("now", &[Some(10.0), Some(100.0)]),
            None,
            yen,
        ));
        let texts = root.texts();
        for tick in ["¥0", "¥25", "¥50", "¥75", "¥100"] {
            assert!(texts.iter().any(|t| t == tick), "{tick} in {texts:?}");
        }
        assert!(!texts.iter().any(|t| t == "¥125"), "{texts:?}");
    }

    #[test]
    fn a_scale_reaches_from_below_the_lowest_value_to_above_the_highest_in_round_steps() {
        let scale = Scale::over([-30.0, 70.0].iter());
        assert_eq!(
            scale,
            Scale {
                low: -50.0,
                high: 75.0,
                step: 25.0
            }
        );
        assert_eq!(scale.ticks(), [-50.0, -25.0, 0.0, 25.0, 50.0, 75.0]);
        assert_eq!(round_step(308.5), 500.0);
        assert_eq!(round_step(0.3), 0.5);
        assert_eq!(round_step(2.0), 2.0);
        let flat = Scale::over([0.0, 0.0].iter());
        assert!(flat.high > flat.low);
    }

    #[test]
    fn a_series_longer_than_the_months_is_drawn_for_the_months_only() {
        let root = parse(&trend(
            &months(&["Jan", "Feb"]),
            &series("now", &[Some(1.0), Some(2.0), Some(3.0)]),
            Some(&series("then", &[Some(1.0)])),
            |v| format!("{v}"),
        ));
        assert_eq!(root.named("circle").len(), 3, "two current, one compared");
        assert!(
            root.named("polyline").len() == 1,
            "the compared single point has no line"
        );
    }

    #[test]
    fn text_is_escaped_and_shows_as_text() {
        let hostile = "<script>alert('x')</script> & \"co\"";
        let charts = [
            funnel(&[FunnelStage {
                label: hostile.to_string(),
                value: 1.0,
                shown: hostile.to_string(),
                rate_from_previous: Some(hostile.to_string()),
            }]),
            bars(&[row(hostile, 1.0, hostile)]),
            trend(
                &months(&[hostile]),
                &series(hostile, &[Some(1.0)]),
                Some(&series(hostile, &[Some(2.0)])),
                |_| hostile.to_string(),
            ),
        ];
        for svg in &charts {
            assert!(!svg.contains("<script"), "{svg}");
            let root = parse(svg);
            assert!(root.named("script").is_empty());
            // Whole, or cut to fit with the whole in its tooltip.
            let mut texts = root.texts();
            texts.extend(root.named("title").iter().map(|t| t.text.clone()));
            let shown = texts.iter().filter(|t| t.as_str() == hostile).count();
            assert!(shown >= 2, "{hostile} shown as text in {texts:?}");
        }
    }

    #[test]
    fn characters_xml_does_not_allow_are_dropped() {
        let svg = bars(&[row("a\u{0}b\u{1b}c\u{FFFF}", 1.0, "tab\there")]);
        let root = parse(&svg);
        assert_eq!(root.texts(), ["abc", "tab here"]);
    }

    #[test]
    fn a_label_too_long_for_its_room_is_cut_with_its_full_text_in_a_tooltip() {
        let long = "オーガニック検索(ブランド指名キーワード)経由の問い合わせ";
        let root = parse(&bars(&[row(long, 1.0, "¥1")]));
        let label = &root.named("text")[0];
        assert!(label.text.ends_with('…'), "{}", label.text);
        assert!(columns(&label.text) <= ((LABEL_ROOM - 12.0) / COLUMN).floor());
        assert!(long.starts_with(label.text.trim_end_matches('…')));
        assert_eq!(label.named("title")[0].text, long);
    }

    #[test]
    fn empty_input_gives_a_valid_empty_chart() {
        for svg in [
            funnel(&[]),
            bars(&[]),
            trend(&[], &series("now", &[]), None, yen),
            trend(&months(&["Jan"]), &series("now", &[None]), None, yen),
        ] {
            assert_self_contained(&svg);
            let root = parse(&svg);
            assert!(root.bars().is_empty());
            assert!(root.named("circle").is_empty());
        }
    }

    #[test]
    fn values_that_are_not_numbers_never_reach_the_svg() {
        let odd = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            -f64::MAX,
        ];
        let charts = [
            funnel(
                &odd.iter()
                    .map(|v| FunnelStage {
                        label: "s".to_string(),
                        value: *v,
                        shown: "—".to_string(),
                        rate_from_previous: Some("—".to_string()),
                    })
                    .collect::<Vec<_>>(),
            ),
            bars(&odd.iter().map(|v| row("r", *v, "—")).collect::<Vec<_>>()),
            trend(
                &months(&["a", "b", "c", "d", "e", "f"]),
                &series(
                    "now",
                    &odd.iter()
                        .map(|v| Some(*v))
                        .chain([None])
                        .collect::<Vec<_>>(),
                ),
                Some(&series("then", &[Some(f64::NAN), None, Some(1.0)])),
                |v| format!("{v:.0}"),
            ),
            // Only odd values alongside one ordinary one.
            bars(&[row("r", f64::NAN, "—"), row("s", 5.0, "5")]),
        ];
        for svg in &charts {
            let lower = svg.to_lowercase();
            assert!(!lower.contains("nan") && !lower.contains("inf"), "{svg}");
            let root = parse(svg);
            for node in root.all().into_iter().filter(|n| n.name != "svg") {
                for key in [
                    "x", "y", "width", "height", "cx", "cy", "x1", "x2", "y1", "y2",
                ] {
                    if node.attribute(key).is_some() {
                        assert!(node.number(key).is_finite(), "{key} of {node:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn coordinates_are_written_plainly() {
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(640.0), "640");
        assert_eq!(num(-3.24), "-3.2");
    }
}
