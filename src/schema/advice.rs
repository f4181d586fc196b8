//! What kpibook says of a sheet it does not read as a table: the table it resembles, the
//! required columns missing and the `[columns]` lines that would map them (`NotATable`), and the
//! `NoTables` message for files in which no sheet is a table. Not for deciding what a sheet is:
//! that is `classify`.

use crate::ingest::Ingested;
use crate::lang::Lang;
use crate::schema::classify::{self, is_instructions_sheet, Nearest};
use crate::schema::profiles::{NearMiss, Profiles};
use crate::schema::{ColumnMappings, Defaults, Schema, TABLE_ORDER};
use crate::values;

/// What kpibook says of input files in which no sheet matches any table: the files, then the
/// advice of each of their sheets that resembles a table (`NotATable`), or one sentence when none
/// does. The `NoTables` error (in English, as every error kpibook writes to stderr) and the
/// `file_skipped` issue of such a file in an input folder (in the report language).
pub fn no_table_message(
    ingested: &Ingested,
    files: &[&str],
    schema: &Schema,
    advice_for: &NoTableAdvice,
) -> String {
    let lang = advice_for.lang;
    let headers = schema.header_index(advice_for.column_mappings);
    let mut message = match lang {
        Lang::Ja => format!(
            "{}: どの表の見出し行にも一致するシートがありません",
            files.join(", ")
        ),
        Lang::En => format!(
            "{}: no sheet has a header row matching any table",
            files.join(", ")
        ),
    };
    let mut advice = Vec::new();
    for sheet in &ingested.sheets {
        if !files.contains(&sheet.file.as_str()) || is_instructions_sheet(&sheet.sheet) {
            continue;
        }
        let near_miss = classify::near_miss(sheet, advice_for.profiles);
        if let Some(near) = &near_miss {
            advice.push(format!(
                "{} [{}]: {}",
                sheet.file,
                sheet.sheet,
                near_miss_text(lang, near)
            ));
        }
        let Some(nearest) = classify::nearest(sheet, schema, &headers, advice_for.defaults) else {
            continue;
        };
        let why = NotATable {
            lang,
            nearest: Some(&nearest),
            config_file: advice_for.config_file,
        };
        advice.push(format!(
            "{} [{}]: {}",
            sheet.file,
            sheet.sheet,
            why.lines().join("\n  ")
        ));
    }
    if advice.is_empty() {
        let tables = tables_named();
        message.push_str(&match lang {
            Lang::Ja => format!("。先頭30行のどの行も、どの表 ({tables}) の見出しにも似ていません。各表の見出しは `kpibook schema` で確認できます。"),
            Lang::En => format!("; nothing in the first 30 rows looks like the header of one ({tables}). `kpibook schema` lists the headers each table accepts."),
        });
    } else {
        message.push_str(lang.pick("。\n", ".\n"));
        message.push_str(&advice.join("\n"));
    }
    // An export no profile knows is one command away from being read.
    if let Some(file) = files.first() {
        message.push_str(&match lang {
            Lang::Ja => format!("プラットフォームや CRM のエクスポートなら、`kpibook profile \"{file}\"` でその読み方 (エクスポート・プロファイル) の下書きを作れます。"),
            Lang::En => format!(" If it is a platform's or CRM's export, `kpibook profile \"{file}\"` drafts an export profile that reads it."),
        });
    }
    message
}

/// The input tables, named for people: the data tables first (as `TABLE_ORDER` has them), then
/// the settings.
fn tables_named() -> String {
    let mut tables: Vec<&str> = TABLE_ORDER
        .iter()
        .copied()
        .filter(|t| *t != "settings")
        .collect();
    tables.push("settings");
    tables.join(", ")
}

/// What the "no table" advice needs besides the sheets: its language, the config's
/// `[columns.<table>]` mappings (a mapped header counts as matched) and the config file in force
/// (where the suggested lines go).
pub struct NoTableAdvice<'a> {
    pub lang: Lang,
    pub column_mappings: &'a ColumnMappings,
    /// The config's `[defaults.<table>]`: a field given there is not missing.
    pub defaults: &'a Defaults,
    pub config_file: Option<&'a str>,
    /// The export profiles in force, for telling a sheet the export it nearly is.
    pub profiles: &'a Profiles,
}

/// A near miss for people: the export named, and the signature entries the sheet lacks.
pub fn near_miss_text(lang: Lang, near: &NearMiss) -> String {
    let missing: Vec<String> = near.missing.iter().map(|m| format!("`{m}`")).collect();
    let missing = missing.join(", ");
    match lang {
        Lang::Ja => format!(
            "エクスポート {} ({}) の見出しに近いが、次がありません: {missing}",
            near.profile, near.name
        ),
        Lang::En => format!(
            "nearly the export {} ({}), but lacks: {missing}",
            near.profile, near.name
        ),
    }
}

/// Why a sheet was not read as a table and what would make it one: the nearest table, the headers
/// that matched it, the required fields missing and the `[columns]` lines that would map them.
/// The one text behind the `NoTables` error and the `sheet_ignored` issue.
pub(crate) struct NotATable<'a> {
    pub(crate) lang: Lang,
    pub(crate) nearest: Option<&'a Nearest>,
    pub(crate) config_file: Option<&'a str>,
}

impl NotATable<'_> {
    fn lines(&self) -> Vec<String> {
        let lang = self.lang;
        let Some(nearest) = self.nearest else {
            let tables = tables_named();
            return vec![match lang {
                Lang::Ja => format!("先頭30行のどの行も、どの表 ({tables}) の見出しにも似ていないため、読み込みませんでした。各表の見出しは `kpibook schema` で確認できます。"),
                Lang::En => format!("Nothing in the first 30 rows looks like the header of any table ({tables}); the sheet was not read. `kpibook schema` lists the headers each table accepts."),
            }];
        };
        let table = &nearest.table;
        let matched: Vec<String> = nearest
            .matched
            .iter()
            .map(|c| format!("{} -> {}", c.header, c.field))
            .collect();
        let missing = nearest.missing_required.join(", ");
        let mut lines = vec![match lang {
            Lang::Ja => format!(
                "{}行目の見出しは {table} の表に最も近いものの、必須の列が足りないため読み込みませんでした。一致: {}。不足している必須項目: {missing}。",
                nearest.header_row,
                matched.join(", ")
            ),
            Lang::En => format!(
                "The header in row {} looks most like the {table} table but lacks required columns, so the sheet was not read. Matched: {}. Missing required: {missing}.",
                nearest.header_row,
                matched.join(", ")
            ),
        }];
        let mut free: Vec<&str> = nearest.unmatched.iter().map(String::as_str).collect();
        let mut mappings = Vec::new();
        let mut no_header = Vec::new();
        let mut constants = Vec::new();
        // A post's permalink names it (`permalink`): the URL column can be the id as well.
        let url_column = nearest
            .matched
            .iter()
            .find(|c| c.field == "url")
            .map(|c| c.header.clone());
        for field in &nearest.missing_required {
            match free.iter().position(|h| looks_like(h, field)) {
                Some(at) => mappings.push(format!("\"{}\" = \"{field}\"", free.remove(at))),
                None => match (table.as_str(), field.as_str(), &url_column) {
                    ("posts", "post_id", Some(url)) => {
                        mappings.push(format!("\"{url}\" = [\"url\", \"post_id\"]"));
                    }
                    // A sheet of one platform's posts (a LinkedIn page's export) names no platform.
                    ("posts" | "daily", "platform", _) => {
                        constants.push("platform = \"linkedin\"".to_string());
                    }
                    _ => no_header.push(field.as_str()),
                },
            }
        }
        let url_as_id = mappings.iter().any(|m| m.ends_with("\"post_id\"]"));
        if !mappings.is_empty() {
            lines.push(match (lang, self.config_file) {
                (Lang::Ja, Some(file)) => format!("{file} に次の行を追加してください:"),
                (Lang::Ja, None) => {
                    "入力ファイルと同じフォルダに kpibook.toml を作り、次の行を書いてください:"
                        .to_string()
                }
                (Lang::En, Some(file)) => format!("Add these lines to {file}:"),
                (Lang::En, None) => {
                    "Create kpibook.toml beside the input with these lines:".to_string()
                }
            });
            lines.push(format!("[columns.{table}]"));
            lines.extend(mappings);
        }
        if !constants.is_empty() {
            lines.push(match lang {
                Lang::Ja => "シート全体が1つの媒体の投稿なら、その媒体を設定に書いてください (linkedin, x, facebook, instagram, youtube ...):".to_string(),
                Lang::En => "If the whole sheet is one platform's posts, name the platform in the config (linkedin, x, facebook, instagram, youtube ...):".to_string(),
            });
            lines.push(format!("[defaults.{table}]"));
            lines.extend(constants);
        }
        if url_as_id {
            lines.push(match lang {
                Lang::Ja => "投稿のURL (パーマリンク) はそのまま投稿IDとして読めます。".to_string(),
                Lang::En => "A post's URL (its permalink) can be its post id.".to_string(),
            });
        }
        if !no_header.is_empty() {
            let fields = no_header.join(", ");
            lines.push(match lang {
                Lang::Ja => format!(
                    "{fields} に当たる見出しが見当たりません。シートに列を追加してください (別の見出しなら [columns.{table}] で対応付けられます)。"
                ),
                Lang::En => format!(
                    "No header looks like {fields}: the sheet needs a column for it (or map the header you have under [columns.{table}])."
                ),
            });
        }
        lines
    }

    /// The lines as one line, for an issue: the config lines stay readable as `[columns.posts]
    /// "ID" = "post_id"; ...`.
    pub(crate) fn one_line(&self) -> String {
        self.lines().join(" ")
    }
}

/// Whether an unmatched header is a likely column for a required field, by the words headers of
/// that kind of field use: `ID` for a key, `Date` / `日` for a date, `Platform` / `媒体` for a
/// channel. A guess for the suggestion only; nothing is read through it.
pub(crate) fn looks_like(header: &str, field: &str) -> bool {
    let header = values::normalize_key(header);
    let any = |words: &[&str]| words.iter().any(|w| header.contains(w));
    if field.ends_with("_id") || field == "key" {
        let before_id = header
            .strip_suffix("id")
            .map(|rest| rest.chars().last().is_none_or(|c| !c.is_ascii_alphabetic()));
        return before_id == Some(true) || any(&["番号", "コード", "code", "key"]);
    }
    if field.ends_with("_at") || field == "month" || field == "date" {
        return any(&["date", "time", "day", "month", "日", "月", "時"]);
    }
    match field {
        "platform" | "channel" => any(&[
            "platform",
            "channel",
            "source",
            "media",
            "sns",
            "媒体",
            "チャネル",
            "流入",
        ]),
        "status" => any(&["status", "stage", "phase", "状態", "状況"]),
        "amount" | "value" | "target" => any(&["amount", "value", "target", "金額", "値", "目標"]),
        "metric" => any(&["metric", "kpi", "指標"]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_guessed_for_keys_dates_and_channels_only_by_their_words() {
        assert!(looks_like("ID", "post_id"));
        assert!(looks_like("投稿ID", "post_id"));
        assert!(
            !looks_like("Paid", "post_id"),
            "a word ending in -id is not an id"
        );
        assert!(looks_like("Date", "published_at"));
        assert!(looks_like("問合せ日", "created_at"));
        assert!(looks_like("Platform", "platform"));
        assert!(!looks_like("Likes", "platform"));
    }
}
