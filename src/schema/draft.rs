//! `kpibook profile`'s draft (SPEC section 9): an export profile for a file no profile knows, made
//! from its header row and the values under it. Each header's field comes from the schema's aliases
//! first, then from the header's words together with what its column holds (post links, dates,
//! counts, money); the table is the one whose fields the headers name most. What the draft could
//! not decide is written as a comment marked `# ?`, so a team reads one short file, resolves the
//! marked lines, and drops it into `profiles_dir`.
//!
//! The signature is the headers the draft maps to fields: those are what the next file of the same
//! export must carry for the draft to read it. Headers of columns a user may add or drop (and
//! headers with no field) stay out of it, so a later file with other optional columns still matches.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cell::Cell;
use crate::channels::DEFAULT_SNS;
use crate::ingest::RawSheet;
use crate::lang::Lang;
use crate::permalink;
use crate::schema::advice::looks_like;
use crate::schema::classify::HEADER_SEARCH_ROWS;
use crate::schema::{HeaderIndex, Schema, TableDef, TABLE_ORDER};
use crate::values::{self, normalize_key};

/// Fields that several columns may feed, the first non-empty one counting: a CRM writes a won
/// deal's close date and a lost deal's in two columns (`Won time`, `Lost time`).
const MAY_REPEAT: [&str; 1] = ["closed_at"];

/// Cells of a column looked at to tell what it holds.
const SAMPLE_ROWS: usize = 200;

/// What a column's cells hold, as far as the draft needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// Links to posts of one platform (or of several: `None`).
    PostLinks(Option<&'static str>),
    Links,
    Dates,
    /// Whole numbers, none negative.
    Counts,
    /// Numbers with a currency (signed, or named by the header).
    Money,
    /// Deal stages kpibook knows (`Closed Won`, `受注`, `open`).
    Stages,
    /// Other numbers: rates, averages, durations.
    Numbers,
    Text,
    Nothing,
}

/// One header of the sheet and what the draft makes of it.
#[derive(Debug, Clone)]
struct Column {
    header: String,
    holds: Holds,
    /// Whether its values differ from row to row (an id column's do).
    unique: bool,
    /// The fields it feeds, and whether the guess is sure (an alias of the schema) or not.
    fields: Vec<String>,
    sure: bool,
    /// Why an unsure guess was made.
    why: String,
}

/// A drafted profile: its TOML text and what it says, for the command's message.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    pub table: String,
    pub sheet: String,
    /// 1-based sheet row of the header.
    pub header_row: u32,
    pub mapped: usize,
    /// Lines marked `# ?`: guesses to check, or required fields the draft could not fill.
    pub unsure: usize,
    pub text: String,
}

/// Drafts a profile for the sheet of `sheets` that looks most like a table; `None` when no sheet
/// has a row of at least two headers above data.
pub fn draft(file_name: &str, sheets: &[RawSheet], schema: &Schema, lang: Lang) -> Option<Draft> {
    let headers = schema.header_index(&BTreeMap::new());
    sheets
        .iter()
        .filter_map(|sheet| draft_sheet(file_name, sheet, schema, &headers, lang))
        .max_by_key(|d| (d.mapped, std::cmp::Reverse(d.unsure)))
}

fn draft_sheet(
    file_name: &str,
    sheet: &RawSheet,
    schema: &Schema,
    headers: &HeaderIndex,
    lang: Lang,
) -> Option<Draft> {
    let header_index = header_row(sheet)?;
    let columns = read_columns(sheet, header_index);
    let (table, columns) = guess_table(&columns, schema, headers, lang)?;
    let table_def = schema.table(&table)?;
    let constants = constants(&columns, &table, file_name, lang);
    let mut out = String::new();
    let mut unsure = 0;
    let id = profile_id(file_name);
    let mapped: Vec<&Column> = columns.iter().filter(|c| !c.fields.is_empty()).collect();
    let language = if columns.iter().any(|c| !c.header.is_ascii()) {
        "ja"
    } else {
        "en"
    };
    let header_row = sheet.first_row + header_index as u32 + 1;
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Ja => format!("# `kpibook profile` が \"{file_name}\" (シート \"{}\"、{header_row} 行目が見出し) から下書きしたプロファイルです。\n# `# ?` の行を確かめてから、`profiles_dir` が指すフォルダに置いてください。", sheet.sheet),
            Lang::En => format!("# Drafted by `kpibook profile` from \"{file_name}\" (sheet \"{}\", header on row {header_row}).\n# Check each line marked `# ?`, then put this file in the folder `profiles_dir` names.", sheet.sheet),
        }
    );
    let _ = writeln!(out, "id = {}", quoted(&id));
    let _ = writeln!(out, "name = {}", quoted(&format!("{file_name} (drafted)")));
    let _ = writeln!(out, "language = {}", quoted(language));
    let _ = writeln!(out, "table = {}", quoted(&table));
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "# このエクスポートを見分ける見出し (下で読む列)。同じエクスポートの別のファイルに無いことがある見出しは外してください。",
            "# The headers that identify this export: the columns read below. Remove one that other\n# files of the export may lack.",
        )
    );
    let signature: Vec<String> = mapped.iter().map(|c| quoted(&pattern(&c.header))).collect();
    let _ = writeln!(out, "signature = [{}]", signature.join(", "));

    // Required fields with neither a column nor a constant.
    let has = |field: &str| {
        mapped.iter().any(|c| c.fields.iter().any(|f| f == field))
            || constants.iter().any(|(f, _, _)| f == field)
    };
    let key = table_def.key_field().map(|k| k.name.as_str());
    let missing: Vec<&str> = table_def
        .fields
        .iter()
        .filter(|f| f.required && !has(&f.name) && Some(f.name.as_str()) != key)
        .map(|f| f.name.as_str())
        .collect();
    if !constants.is_empty() {
        let pairs: Vec<String> = constants
            .iter()
            .map(|(field, value, _)| format!("{field} = {}", quoted(value)))
            .collect();
        let why: Vec<&str> = constants.iter().map(|(_, _, why)| why.as_str()).collect();
        let _ = writeln!(
            out,
            "constants = {{ {} }}  # ? {}",
            pairs.join(", "),
            why.join("; ")
        );
        unsure += 1;
    }
    for field in &missing {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Ja => format!("# ? {table} 表に必要な `{field}` に当たる列がありません。constants に書く (例: `constants = {{ {field} = \"…\" }}`) か、下で見出しを対応付けてください。"),
                Lang::En => format!("# ? no column gives `{field}`, which the {table} table needs: add it to the constants (for example `constants = {{ {field} = \"…\" }}`) or map a header to it below."),
            }
        );
        unsure += 1;
    }
    if let Some(key) = key.filter(|k| !has(k)) {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Ja => format!("# `{key}` に当たる列がないため、各行のキーはファイル・シート・行から作られます。"),
                Lang::En => format!("# No column gives `{key}`: each row's key will be made of its file, sheet and row."),
            }
        );
    }
    if let Some(total) = total_row(sheet, header_index) {
        let _ = writeln!(out, "\n[skip]\nfirst_cell = [{}]", quoted(&total));
    }
    let _ = writeln!(out, "\n[columns]");
    for column in &mapped {
        let fields = match column.fields.as_slice() {
            [one] => quoted(one),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|f| quoted(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mut line = format!("{} = {fields}", quoted(&pattern(&column.header)));
        if !column.sure {
            let _ = write!(line, "  # ? {}", column.why);
            unsure += 1;
        }
        let _ = writeln!(out, "{line}");
    }
    let unused: Vec<String> = columns
        .iter()
        .filter(|c| c.fields.is_empty() && c.holds != Holds::Nothing)
        .map(|c| quoted(&c.header))
        .collect();
    if !unused.is_empty() {
        let _ = writeln!(
            out,
            "{}{}",
            match lang {
                Lang::Ja => format!("# 読まない見出し ({table} 表の項目が推定できなかったもの): "),
                Lang::En => format!("# Not read (no field of the {table} table guessed): "),
            },
            unused.join(", ")
        );
    }
    Some(Draft {
        id,
        table,
        sheet: sheet.sheet.clone(),
        header_row,
        mapped: mapped.len(),
        unsure,
        text: out,
    })
}

/// The header row: among the first rows, the first whose cells are all text, at least two, with a
/// row under it, and at least half as many as the widest row under it has cells (a title sentence
/// or a `# Start date` line above the header has one or two).
fn header_row(sheet: &RawSheet) -> Option<usize> {
    let search =
        (HEADER_SEARCH_ROWS.saturating_sub(sheet.first_row) as usize).min(sheet.rows.len());
    let filled = |row: &[Cell]| row.iter().filter(|c| !c.is_blank()).count();
    (0..search).find(|&index| {
        let row = &sheet.rows[index];
        let texts = row
            .iter()
            .filter(|c| matches!(c, Cell::Text(t) if !t.trim().is_empty() && values::parse_number(t).is_err()))
            .count();
        let below = sheet.rows[index + 1..]
            .iter()
            .take(20)
            .map(|r| filled(r))
            .max()
            .unwrap_or(0);
        texts >= 2 && texts == filled(row) && below > 0 && texts * 2 >= below
    })
}

fn read_columns(sheet: &RawSheet, header_index: usize) -> Vec<Column> {
    let header = &sheet.rows[header_index];
    header
        .iter()
        .enumerate()
        .filter_map(|(col, cell)| {
            let Cell::Text(text) = cell else { return None };
            let cells: Vec<&Cell> = sheet.rows[header_index + 1..]
                .iter()
                .filter(|row| total_cell(row).is_none())
                .filter_map(|row| row.get(col))
                .filter(|c| !c.is_blank())
                .take(SAMPLE_ROWS)
                .collect();
            let mut seen: Vec<String> = cells.iter().map(|c| c.display()).collect();
            seen.sort();
            seen.dedup();
            Some(Column {
                header: text.trim().to_string(),
                holds: holds(text, &cells),
                unique: cells.len() >= 2 && seen.len() == cells.len(),
                fields: Vec::new(),
                sure: false,
                why: String::new(),
            })
        })
        .collect()
}

/// What most (four in five) of a column's cells hold.
fn holds(header: &str, cells: &[&Cell]) -> Holds {
    if cells.is_empty() {
        return Holds::Nothing;
    }
    let most = |n: usize| n * 5 >= cells.len() * 4;
    let texts: Vec<&str> = cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let platforms: Vec<Option<&'static str>> = texts
        .iter()
        .filter(|t| permalink::post_key(t).is_some())
        .map(|t| permalink::platform_of(t))
        .collect();
    if most(platforms.len()) {
        let first = platforms[0];
        let one = platforms.iter().all(|p| *p == first);
        return Holds::PostLinks(if one { first } else { None });
    }
    if most(
        texts
            .iter()
            .filter(|t| t.trim_start().starts_with("http"))
            .count(),
    ) {
        return Holds::Links;
    }
    let reading = values::DateReading::new(Some(values::DateOrder::Mdy), chrono_tz::UTC);
    let dates = cells
        .iter()
        .filter(|c| match c {
            Cell::DateTime(_) => true,
            Cell::Text(t) => values::parse_date_text(t, reading).is_ok(),
            _ => false,
        })
        .count();
    if most(dates) {
        return Holds::Dates;
    }
    let amounts: Vec<values::Amount> = cells
        .iter()
        .filter_map(|c| values::amount_from_cell(c).ok())
        .collect();
    if most(amounts.len()) {
        let signed = amounts.iter().any(|a| a.currency.is_some());
        if signed || values::header_currency(header).is_some() {
            return Holds::Money;
        }
        let percent = texts.iter().any(|t| t.contains('%'));
        let whole = amounts
            .iter()
            .all(|a| a.value >= 0.0 && a.value.fract() == 0.0);
        return if whole && !percent {
            Holds::Counts
        } else {
            Holds::Numbers
        };
    }
    if most(
        texts
            .iter()
            .filter(|t| values::parse_status(t).is_some())
            .count(),
    ) {
        return Holds::Stages;
    }
    Holds::Text
}

/// The table whose fields the headers name most (sure ones first), among the tables whose
/// telling field a column gives: a post's id or link, a daily row's date, a cost's amount, a deal's
/// stage or amount, a lead's id or creation date. Ties go to the earlier table of `TABLE_ORDER`.
/// Returns the columns with their fields in that table.
fn guess_table(
    columns: &[Column],
    schema: &Schema,
    headers: &HeaderIndex,
    lang: Lang,
) -> Option<(String, Vec<Column>)> {
    // (spend, columns mapped, columns mapped by an alias): the larger wins.
    type Score = (bool, usize, usize);
    let mut best: Option<(Score, &str, Vec<Column>)> = None;
    for table in TABLE_ORDER
        .iter()
        .filter(|t| !matches!(**t, "settings" | "custom"))
    {
        let mut assigned = columns.to_vec();
        let Some(table_def) = schema.table(table) else {
            continue;
        };
        assign_fields(&mut assigned, table_def, headers, lang);
        let gives = |field: &str| assigned.iter().any(|c| c.fields.iter().any(|f| f == field));
        let telling = match *table {
            "posts" => gives("post_id") || gives("url"),
            "daily" => gives("date"),
            "costs" => gives("amount"),
            "deals" => gives("status") || gives("amount"),
            "leads" => gives("lead_id") || gives("created_at"),
            "touches" => gives("lead_id") && gives("channel"),
            "targets" => gives("metric") && gives("target"),
            _ => false,
        };
        // An ad manager's report has impressions and clicks too; spend is what makes it costs.
        let spend = *table == "costs" && gives("amount");
        let mapped = assigned.iter().filter(|c| !c.fields.is_empty()).count();
        let sure = assigned.iter().filter(|c| c.sure).count();
        let score = (spend, mapped, sure);
        if telling && mapped >= 2 && best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, table, assigned));
        }
    }
    best.map(|(_, table, assigned)| (table.to_string(), assigned))
}

/// Each column's fields in `table`: the schema's alias first (sure), then its words and values.
/// A field goes to the first column that claims it.
fn assign_fields(columns: &mut [Column], table: &TableDef, headers: &HeaderIndex, lang: Lang) {
    let index = headers.get(&table.name);
    let mut taken: Vec<String> = Vec::new();
    for column in columns.iter_mut() {
        if let Some(fields) = index.and_then(|i| i.get(&normalize_key(&column.header))) {
            let fields: Vec<String> = fields
                .iter()
                .filter(|f| !taken.contains(f))
                .cloned()
                .collect();
            if !fields.is_empty() {
                taken.extend(fields.iter().cloned());
                column.fields = fields;
                column.sure = true;
            }
        }
    }
    for column in columns.iter_mut().filter(|c| c.fields.is_empty()) {
        let guesses = by_words(&table.name, &column.header, column.holds, column.unique);
        let fields: Vec<String> = guesses
            .iter()
            .filter(|f| table.field(f).is_some())
            .filter(|f| MAY_REPEAT.contains(f) || !taken.iter().any(|t| t == *f))
            .map(|f| f.to_string())
            .collect();
        if fields.is_empty() {
            continue;
        }
        taken.extend(fields.iter().cloned());
        column.why = match column.holds {
            _ if fields[0].ends_with("_id") => lang.pick(
                "見出しの語と、値が行ごとに異なることから推定",
                "from the header's words; its values differ on every row",
            ),
            Holds::PostLinks(_) => lang.pick("値が投稿のリンク", "its cells are post links"),
            Holds::Dates => lang.pick("値が日付", "its cells are dates"),
            Holds::Money => lang.pick("値が金額", "its cells are amounts of money"),
            Holds::Stages => lang.pick("値が商談のステータス", "its cells are deal stages"),
            Holds::Counts => lang.pick(
                "見出しの語から推定 (値は件数)",
                "from the header's words; its cells are counts",
            ),
            _ => lang.pick("見出しの語から推定", "from the header's words"),
        }
        .to_string();
        column.fields = fields;
    }
}

/// Fields of `table` that a header's words and its column's values suggest. Words are matched on
/// the normalised header (English and Japanese UI words); a measure needs counts under it, a date
/// field dates, an amount money.
fn by_words(table: &str, header: &str, holds: Holds, unique: bool) -> Vec<&'static str> {
    let table_key = match table {
        "posts" => Some("post_id"),
        "leads" => Some("lead_id"),
        "deals" => Some("deal_id"),
        _ => None,
    };
    if let Some(table_key) = table_key.filter(|k| unique && looks_like(header, k)) {
        return vec![table_key];
    }
    let key = normalize_key(header);
    let says = |words: &[&str]| words.iter().any(|w| key.contains(w));
    let counts = matches!(holds, Holds::Counts);
    let rate = says(&["rate", "率", "%", "ctr", "average", "平均", "per "]);
    match (table, holds) {
        ("posts", Holds::PostLinks(_)) => vec!["post_id", "url"],
        ("daily", Holds::Dates) => vec!["date"],
        ("posts", Holds::Dates) if !says(&["update", "modified", "更新"]) => vec!["published_at"],
        ("leads", Holds::Dates) if says(&["creat", "作成", "登録", "獲得", "date", "日"]) => {
            vec!["created_at"]
        }
        ("deals", Holds::Stages) => vec!["status"],
        ("deals", Holds::Dates)
            if says(&["close", "won", "lost", "受注", "成約", "失注", "クローズ"]) =>
        {
            vec!["closed_at"]
        }
        ("deals", Holds::Dates) if says(&["creat", "作成"]) => vec!["created_at"],
        ("costs", Holds::Dates) => vec!["month"],
        ("costs", Holds::Money | Holds::Numbers)
            if says(&[
                "cost",
                "spend",
                "spent",
                "費用",
                "消化",
                "金額",
                "amount",
                "コスト",
                "広告費",
                "利用額",
            ]) =>
        {
            vec!["amount"]
        }
        ("deals", Holds::Money | Holds::Numbers | Holds::Counts)
            if says(&["amount", "金額", "revenue", "value"]) =>
        {
            vec!["amount"]
        }
        ("posts" | "daily", _) if counts && !rate => measure(&key),
        ("posts" | "daily" | "leads" | "deals" | "costs", Holds::Text)
            if says(&["campaign", "キャンペーン"]) && table != "daily" =>
        {
            vec!["campaign"]
        }
        ("posts", Holds::Text)
            if says(&["title", "text", "caption", "タイトル", "本文", "message"]) =>
        {
            vec!["title"]
        }
        _ => Vec::new(),
    }
}

/// The post / daily measure a count column's header names, by its words.
fn measure(key: &str) -> Vec<&'static str> {
    const WORDS: [(&[&str], &str); 9] = [
        (&["impression", "表示", "インプレッション"], "impressions"),
        (&["reach", "リーチ"], "reach"),
        (&["view", "再生", "視聴"], "video_views"),
        (&["like", "reaction", "いいね", "リアクション"], "reactions"),
        (&["comment", "repl", "コメント", "返信"], "comments"),
        (
            &["share", "repost", "retweet", "シェア", "リポスト"],
            "shares",
        ),
        (&["save", "bookmark", "保存", "ブックマーク"], "saves"),
        (&["click", "クリック"], "clicks"),
        (&["engagement", "エンゲージメント"], "engagements"),
    ];
    WORDS
        .iter()
        .find(|(words, _)| words.iter().any(|w| key.contains(w)))
        .map(|(_, field)| vec![*field])
        .unwrap_or_default()
}

/// Constant fields the draft can give with some evidence: a posts sheet's platform from its links'
/// site; a costs sheet's channel from the file name and `category = "ads"` for an ad manager's
/// spend. Each with why, for its `# ?` comment.
fn constants(
    columns: &[Column],
    table: &str,
    file_name: &str,
    lang: Lang,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let has_field = |f: &str| columns.iter().any(|c| c.fields.iter().any(|x| x == f));
    match table {
        "posts" | "daily" if !has_field("platform") => {
            let from_links = columns.iter().find_map(|c| match c.holds {
                Holds::PostLinks(Some(platform)) => Some(platform),
                _ => None,
            });
            if let Some(platform) = from_links {
                out.push((
                    "platform".into(),
                    platform.into(),
                    lang.pick(
                        "platform はリンクのサイトから",
                        "platform from the links' site",
                    )
                    .into(),
                ));
            } else if let Some(platform) =
                platform_in_name(file_name).filter(|p| DEFAULT_SNS.contains(p))
            {
                out.push((
                    "platform".into(),
                    platform.into(),
                    lang.pick("platform はファイル名から", "platform from the file name")
                        .into(),
                ));
            }
        }
        "costs" => {
            if !has_field("channel") {
                if let Some(channel) = platform_in_name(file_name) {
                    out.push((
                        "channel".into(),
                        channel.into(),
                        lang.pick("channel はファイル名から", "channel from the file name")
                            .into(),
                    ));
                }
            }
            if !has_field("category") {
                out.push((
                    "category".into(),
                    "ads".into(),
                    lang.pick("広告費として", "an ad manager's spend").into(),
                ));
            }
        }
        _ => {}
    }
    out
}

/// The platform a file name names (`tiktok_overview.csv`, `Meta-Ads-report.csv`).
fn platform_in_name(file_name: &str) -> Option<&'static str> {
    let name = normalize_key(file_name).replace(['_', '-', '.', '(', ')'], " ");
    let words: Vec<&str> = name.split_whitespace().collect();
    const NAMES: [(&str, &str); 12] = [
        ("linkedin", "linkedin"),
        ("twitter", "x"),
        ("x", "x"),
        ("facebook", "facebook"),
        ("meta", "facebook"),
        ("instagram", "instagram"),
        ("youtube", "youtube"),
        ("tiktok", "tiktok"),
        ("line", "line"),
        ("note", "note"),
        ("google", "search_ads"),
        ("yahoo", "search_ads"),
    ];
    NAMES
        .iter()
        .find(|(word, _)| words.contains(word))
        .map(|(_, id)| *id)
}

/// The first cell of a total row right under the header or at the end (`Total`, `合計`), if any.
fn total_row(sheet: &RawSheet, header_index: usize) -> Option<String> {
    let rows = &sheet.rows[header_index + 1..];
    [rows.first(), rows.last()]
        .into_iter()
        .flatten()
        .find_map(|row| total_cell(row))
        // `Total: 3 campaigns` and `Total` alike: the first word, then anything.
        .map(|first| match first.split([':', ' ']).next() {
            Some(word) if word != first => format!("{word}*"),
            _ => first,
        })
}

/// The first cell of a row that is a total (`Total`, `Total: 3 campaigns`, `合計`), as written.
fn total_cell(row: &[Cell]) -> Option<String> {
    let first = row
        .iter()
        .find(|c| !c.is_blank())?
        .display()
        .trim()
        .to_string();
    let key = normalize_key(&first);
    (key.starts_with("total") || key.starts_with("合計") || key.starts_with("grand total"))
        .then_some(first)
}

/// A header as a signature pattern: the currency an ad manager names in brackets becomes `*`, so
/// an account in another currency matches (`Amount spent (JPY)` -> `Amount spent (*)`).
fn pattern(header: &str) -> String {
    match (values::header_currency(header), header.rfind('(')) {
        (Some(_), Some(at)) => format!("{}(*)", &header[..at]),
        _ => header.to_string(),
    }
}

/// The profile's id from the file name: lower-case letters, digits and `_`, then `_draft`.
fn profile_id(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_');
    if id.is_empty() {
        "team_export_draft".into()
    } else {
        format!("{id}_draft")
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracketed_currency_becomes_a_wildcard_and_other_headers_stay() {
        assert_eq!(pattern("Amount spent (JPY)"), "Amount spent (*)");
        assert_eq!(pattern("消化金額 (USD)"), "消化金額 (*)");
        assert_eq!(pattern("Clicks (all)"), "Clicks (all)");
    }

    #[test]
    fn the_id_comes_from_the_file_name() {
        assert_eq!(
            profile_id("Deals-Pipedrive 2025.csv"),
            "deals_pipedrive_2025_draft"
        );
        assert_eq!(profile_id("広告.csv"), "team_export_draft");
    }

    #[test]
    fn a_title_line_above_the_header_is_not_the_header() {
        let text = |t: &str| Cell::Text(t.into());
        let sheet = RawSheet {
            file: "r.csv".into(),
            sheet: "r".into(),
            first_row: 0,
            first_col: 0,
            rows: vec![
                vec![text("Campaign report")],
                vec![text("July 1, 2025 - July 31, 2025")],
                vec![text("Day"), text("Campaign"), text("Cost")],
                vec![text("2025-07-01"), text("Brand"), Cell::Number(12.5)],
            ],
            date1904: false,
            hidden: false,
        };
        assert_eq!(header_row(&sheet), Some(2));
    }
}
