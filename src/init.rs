//! `kpibook init`: a blank input workbook a team can fill in, and a commented `kpibook.toml`.
//!
//! The workbook has one sheet per table of the schema, in the order `templates/schema.toml` lists
//! them (the tables a team fills every day first, settings last), with its headers in the chosen
//! language (taken from the schema, so they read back as the same fields), drop-down lists where
//! the values are a closed set, date and money formats down the columns, two example rows per
//! sheet that link to one another (a post, a lead from it, its touches, a won deal ...), and an
//! instructions sheet (使い方 / How to use) describing every column. The instructions sheet is
//! recognised by name and skipped without an issue (`schema::classify::is_instructions_sheet`),
//! so the filled-in workbook checks clean. Examples, choices and notes are by (table, field); a table without any
//! gets a sheet with empty examples and the notes of its field types.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::attribution::MODEL_IDS;
use crate::channels::{DEFAULT_SNS, OTHER_CHANNELS};
use crate::config::{definition, KEYS, SCALAR_KEYS};
use crate::lang::Lang;
use crate::schema::classify::INSTRUCTIONS_SHEET;
use crate::schema::{FieldDef, FieldType, Schema, TableDef};
use crate::values::normalize_key;

/// Rows reserved below the header for data validation and column formats.
const INPUT_ROWS: u32 = 5_000;

/// One example value.
#[derive(Debug, Clone, Copy)]
enum Example {
    Text(&'static str),
    /// Text that differs by language.
    Words(&'static str, &'static str),
    Date(u16, u8, u8),
    Month(u16, u8),
    Number(f64),
    Empty,
}

use Example::{Date, Empty, Month, Number, Text, Words};

/// Two example rows per table, by field. They link up: lead L-001 came from post P-001 and became
/// the won deal D-001; L-002 came from a webinar after touching P-001 on LinkedIn; D-002 is open.
fn examples(table: &str, field: &str) -> [Example; 2] {
    match (table, field) {
        ("posts", "post_id") => [Text("P-001"), Text("P-002")],
        ("posts", "platform") => [Text("LinkedIn"), Text("X")],
        ("posts", "published_at") => [Date(2025, 4, 3), Date(2025, 4, 10)],
        ("posts", "campaign") => [Words("春の資料DL", "spring-download"); 2],
        ("posts", "title") => [
            Words("導入事例: 工数を30%削減", "Case study: 30% less effort"),
            Words("ウェビナーのお知らせ", "Webinar announcement"),
        ],
        ("posts", "url") => [
            Text("https://www.linkedin.com/posts/example-1"),
            Text("https://x.com/example/status/2"),
        ],
        ("posts", "format") => [Words("画像", "image"), Words("テキスト", "text")],
        ("posts", "impressions") => [Number(12_000.0), Number(8_500.0)],
        ("posts", "reach") => [Number(9_000.0), Number(6_000.0)],
        ("posts", "engagements") => [Number(480.0), Number(210.0)],
        ("posts", "reactions") => [Number(320.0), Number(150.0)],
        ("posts", "comments") => [Number(25.0), Number(8.0)],
        ("posts", "shares") => [Number(40.0), Number(30.0)],
        ("posts", "saves") => [Number(15.0), Number(5.0)],
        ("posts", "clicks") => [Number(260.0), Number(90.0)],
        ("posts", "video_views") | ("posts", "video_completions") => [Empty, Empty],
        ("posts", "spend") => [Number(30_000.0), Number(0.0)],
        ("leads", "lead_id") => [Text("L-001"), Text("L-002")],
        ("leads", "created_at") => [Date(2025, 4, 5), Date(2025, 4, 15)],
        ("leads", "channel") => [Text("LinkedIn"), Words("ウェビナー", "webinar")],
        ("leads", "post_id") => [Text("P-001"), Empty],
        ("leads", "utm_source") => [Text("lnkd.in"), Empty],
        ("leads", "utm_medium") => [Text("social"), Empty],
        ("leads", "utm_campaign") => [Words("春の資料DL", "spring-download"), Empty],
        ("leads", "utm_content") => [Text("P-001"), Empty],
        ("leads", "account") => [
            Words("株式会社サンプル", "Sample Inc."),
            Words("例示工業株式会社", "Example Industries"),
        ],
        ("leads", "conversion_type") => [
            Words("資料DL", "download"),
            Words("お問い合わせ", "inquiry"),
        ],
        ("leads", "mql_at") => [Date(2025, 4, 12), Empty],
        ("touches", "lead_id") => [Text("L-001"), Text("L-002")],
        ("touches", "touched_at") => [Date(2025, 4, 11), Date(2025, 4, 14)],
        ("touches", "channel") => [Words("ウェビナー", "webinar"), Text("LinkedIn")],
        ("touches", "post_id") => [Empty, Text("P-001")],
        ("touches", "campaign") => [Empty, Words("春の資料DL", "spring-download")],
        ("touches", "touch_type") => [Words("参加", "attended"), Words("クリック", "click")],
        ("deals", "deal_id") => [Text("D-001"), Text("D-002")],
        ("deals", "lead_id") => [Text("L-001"), Text("L-002")],
        ("deals", "account") => [
            Words("株式会社サンプル", "Sample Inc."),
            Words("例示工業株式会社", "Example Industries"),
        ],
        ("deals", "created_at") => [Date(2025, 4, 20), Date(2025, 4, 25)],
        ("deals", "status") => [Words("受注", "won"), Words("商談中", "open")],
        ("deals", "amount") => [Number(1_200_000.0), Empty],
        ("deals", "closed_at") => [Date(2025, 5, 15), Empty],
        ("deals", "mrr") => [Number(100_000.0), Number(80_000.0)],
        ("deals", "contract_months") => [Number(12.0), Number(12.0)],
        ("costs", "month") => [Month(2025, 4); 2],
        ("costs", "channel") => [Text("LinkedIn"), Words("ウェビナー", "webinar")],
        ("costs", "category") => [Words("広告費", "ads"), Words("制作費", "production")],
        ("costs", "amount") => [Number(300_000.0), Number(100_000.0)],
        ("targets", "metric") => [Text("revenue"), Text("leads")],
        ("targets", "target") => [Number(10_000_000.0), Number(20.0)],
        ("targets", "month") | ("targets", "period") | ("targets", "channel") => [Empty, Empty],
        ("targets", "kind") => [Text("KGI"), Text("KPI")],
        ("custom", "metric") => [
            Words("指名検索数", "branded searches"),
            Words("感謝メッセージ数", "thank-you messages"),
        ],
        ("custom", "month") => [Month(2025, 4); 2],
        ("custom", "value") => [Number(120.0), Number(5.0)],
        ("custom", "layer") => [Number(1.0), Number(3.0)],
        ("settings", "key") => [Text("model"), Text("lookback_days")],
        ("settings", "value") => [Text("linear"), Text("90")],
        _ => [Empty, Empty],
    }
}

/// The drop-down values of a field, when its values are a closed set (channels accept other
/// values with a warning, so their list only suggests).
fn choices(lang: Lang, table: &str, field: &FieldDef) -> Option<(Vec<&'static str>, bool)> {
    let strict = true;
    Some(match (field.field_type, table, field.name.as_str()) {
        (FieldType::Channel, ..) => (channel_choices(lang), !strict),
        (FieldType::Status, ..) => (
            match lang {
                Lang::Ja => vec!["受注", "失注", "商談中"],
                Lang::En => vec!["won", "lost", "open"],
            },
            strict,
        ),
        (FieldType::Kind, ..) => (vec!["KGI", "KPI"], strict),
        (_, "leads", "conversion_type") => (
            match lang {
                Lang::Ja => vec![
                    "資料DL",
                    "ウェビナー参加",
                    "お問い合わせ",
                    "デモ依頼",
                    "その他",
                ],
                Lang::En => vec!["download", "webinar", "inquiry", "demo", "other"],
            },
            !strict,
        ),
        (_, "costs", "category") => (
            match lang {
                Lang::Ja => vec!["広告費", "制作費", "人件費", "ツール", "その他"],
                Lang::En => vec!["ads", "production", "labor", "tools", "other"],
            },
            !strict,
        ),
        (_, "targets", "metric") => (TARGET_METRICS.to_vec(), !strict),
        // A settings cell holds a value, not a table: `[channels]` and `[statuses]` are not offered.
        (_, "settings", "key") => (
            SCALAR_KEYS
                .iter()
                .copied()
                .filter(|k| definition(k).is_some_and(|d| !d.is_table()))
                .collect(),
            strict,
        ),
        _ => return None,
    })
}

/// Channel names as teams write them; every one resolves to its channel id (a unit test checks).
pub fn channel_choices(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Ja => vec![
            "LinkedIn",
            "X",
            "Facebook",
            "Instagram",
            "YouTube",
            "TikTok",
            "LINE",
            "note",
            "SNS",
            "ウェビナー",
            "展示会",
            "リスティング",
            "ディスプレイ広告",
            "自然検索",
            "メール",
            "紹介",
            "直接",
            "その他",
        ],
        Lang::En => DEFAULT_SNS.iter().chain(&OTHER_CHANNELS).copied().collect(),
    }
}

/// The metrics most teams set targets for (any metric id or custom metric may be typed).
const TARGET_METRICS: [&str; 12] = [
    "revenue",
    "won",
    "opportunities",
    "leads",
    "sns_leads",
    "mql",
    "cpa",
    "cac",
    "roi",
    "sns_attributed_revenue",
    "impressions",
    "engagements",
];

/// The header of a field in `lang`: its first Japanese alias that reads back as the same field,
/// or the field id.
pub fn header(schema: &Schema, table: &TableDef, field: &FieldDef, lang: Lang) -> String {
    if lang == Lang::En {
        return field.name.clone();
    }
    let index = schema.header_index(&BTreeMap::new());
    let reads_back = |alias: &str| {
        index
            .get(&table.name)
            .and_then(|h| h.get(&normalize_key(alias)))
            .is_some_and(|f| f.as_slice() == std::slice::from_ref(&field.name))
    };
    // Latin letters inside a Japanese header are initialisms (ID, MQL, URL): written in capitals,
    // which match the same (headers are compared case-folded).
    field
        .aliases
        .iter()
        .find(|a| !a.is_ascii() && reads_back(a))
        .map(|a| a.to_ascii_uppercase())
        .unwrap_or_else(|| field.name.clone())
}

/// What to write in a column, for the instructions sheet.
fn how_to_write(lang: Lang, table: &str, field: &FieldDef) -> String {
    if let Some(key) = specific_note(table, field) {
        return lang.pick(key.0, key.1).to_string();
    }
    let general = general_note(field.field_type);
    let (ja, en) = if field.key {
        (
            "行ごとに一意のID (同じIDの2行目以降は除外されます)。",
            "A unique id per row (later rows with the same id are rejected).",
        )
    } else if field.references.is_some() {
        (
            "参照先のシートにあるID。",
            "An id found on the sheet it refers to.",
        )
    } else {
        general
    };
    lang.pick(ja, en).to_string()
}

/// What to write in a column with a meaning of its own.
fn specific_note(table: &str, field: &FieldDef) -> Option<(&'static str, &'static str)> {
    match (table, field.name.as_str()) {
        ("posts", "post_id") => Some((
            "投稿ごとに一意のID。リードや接点の投稿IDと同じ値を書くと紐付きます。",
            "A unique id per post; leads and touches that carry it are linked to the post.",
        )),
        ("posts", "spend") => Some((
            "投稿単位のブースト費用 (参考値。費用シートには足されません)。",
            "Paid boost of this post (informational; not added to costs).",
        )),
        ("leads", "channel") => Some((
            "リードの流入元。空欄ならutm_sourceや投稿IDから判定します。",
            "Where the lead came from; when empty, utm_source or the post decides.",
        )),
        ("leads", "post_id") => Some((
            "このリードを生んだ投稿のID (投稿シートの投稿ID)。",
            "The post that produced the lead (an id of the posts sheet).",
        )),
        ("leads", "mql_at") => Some((
            "MQLになった日。空欄 = まだMQLではない。",
            "The day the lead became an MQL; empty = not (yet) an MQL.",
        )),
        ("touches", "lead_id") => Some((
            "接点を持ったリードのID (リードシートにあるID)。",
            "The lead of the touch (an id of the leads sheet).",
        )),
        ("deals", "lead_id") => Some((
            "商談の元になったリードのID。空欄なら未紐付けとして数えます。",
            "The lead behind the deal; empty counts as unattributed.",
        )),
        ("deals", "created_at") => Some(("商談化した日。", "The day the opportunity was created.")),
        ("deals", "amount") => Some((
            "受注額。受注の商談では必須。",
            "Won amount; required when the status is won.",
        )),
        ("deals", "closed_at") => Some((
            "受注日・失注日。受注・失注の商談では必須。",
            "Close date; required when the deal is won or lost.",
        )),
        ("deals", "mrr") => Some((
            "月額 (LTVの計算に使います)。",
            "Monthly recurring revenue (used for LTV).",
        )),
        ("costs", "month") => Some((
            "費用を計上する月 (2025/04 など)。",
            "The month the cost belongs to (2025/04 ...).",
        )),
        ("targets", "metric") => Some((
            "指標ID (revenue, leads, cpa ...) またはカスタム指標の名前。",
            "A metric id (revenue, leads, cpa ...) or a custom metric's name.",
        )),
        ("targets", "month") => Some((
            "空欄 = 期間全体の目標。月を書くとその月の目標。",
            "Empty = a target for the whole period; a month = that month's target.",
        )),
        ("targets", "channel") => Some(("空欄 = 全チャネル。", "Empty = all channels.")),
        ("custom", "layer") => Some((
            "KPI階層の階層 1, 2, 3 (空欄 = 2)。",
            "KPI tree layer 1, 2 or 3 (empty = 2).",
        )),
        ("settings", "key") => Some((
            "kpibook.toml と同じキー。ここに書いた値が設定ファイルより優先されます。",
            "A key of kpibook.toml; a value here overrides the config file.",
        )),
        _ => None,
    }
}

/// What to write in a column of a type.
fn general_note(field_type: FieldType) -> (&'static str, &'static str) {
    match field_type {
        FieldType::Text => ("文字列。", "Text."),
        FieldType::Channel => (
            "チャネル名 (一覧から選択。LinkedIn, X, ウェビナー, 展示会 ... 別名も可)。",
            "A channel (pick from the list; aliases such as Twitter work too).",
        ),
        FieldType::Datetime => (
            "日付または日時 (2025/4/1, 2025-04-01 10:30, 令和7年4月1日 ...)。",
            "A date or date and time (2025-04-01, 2025/4/1 10:30 ...).",
        ),
        FieldType::Date => (
            "日付 (2025/4/1, 2025年4月1日, R7.4.1 ...)。",
            "A date (2025-04-01, 2025/4/1 ...).",
        ),
        FieldType::Month => (
            "年月 (2025/04, 2025年4月) または日付。",
            "A month (2025-04, 2025/4) or a date.",
        ),
        FieldType::Count => ("0以上の整数。", "A whole number, 0 or more."),
        FieldType::Money => (
            "0以上の金額 (¥, カンマ, 万 も可)。",
            "An amount, 0 or more (¥, separators and 万 accepted).",
        ),
        FieldType::Number => ("数値 (% も可)。", "A number (percent accepted)."),
        FieldType::Months => (
            "1以上の整数 (月数)。",
            "A whole number of months, 1 or more.",
        ),
        FieldType::Status => (
            "受注 / 失注 / 商談中 (一覧から選択)。",
            "won / lost / open (pick from the list).",
        ),
        FieldType::Kind => ("KGI または KPI (空欄 = KPI)。", "KGI or KPI (empty = KPI)."),
        FieldType::Layer => ("1, 2, 3 のいずれか。", "1, 2 or 3."),
        FieldType::Period => (
            "期間 (2025-04-01..2025-06-30, 2025年4月〜6月, FY2025 / 2025年度)。空欄 = 対象月またはレポート期間。",
            "A span (2025-04-01..2025-06-30, 2025-04..2025-06, FY2025). Empty = the month, or the report period.",
        ),
    }
}

struct Formats {
    header: Format,
    required_header: Format,
    date: Format,
    month: Format,
    money: Format,
    count: Format,
    title: Format,
    wrap: Format,
    section: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_font_color("#FFFFFF")
            .set_background_color("#1F4E79")
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            required_header: header.clone().set_background_color("#C55A11"),
            header,
            date: Format::new().set_num_format("yyyy/mm/dd"),
            month: Format::new().set_num_format("yyyy/mm"),
            money: Format::new().set_num_format("¥#,##0"),
            count: Format::new().set_num_format("#,##0"),
            title: Format::new().set_bold().set_font_size(14),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            section: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Top),
        }
    }

    fn of(&self, field_type: FieldType) -> Option<&Format> {
        match field_type {
            FieldType::Date | FieldType::Datetime => Some(&self.date),
            FieldType::Month => Some(&self.month),
            FieldType::Money => Some(&self.money),
            FieldType::Count | FieldType::Months => Some(&self.count),
            _ => None,
        }
    }
}

/// Display width of a text (CJK counts double).
fn width(text: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width(text) as f64
}

/// The blank input workbook as xlsx bytes.
pub fn workbook(schema: &Schema, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(lang.pick("kpibook 入力ブック", "kpibook input workbook"))
            .set_author("kpibook")
            .set_creation_datetime(&created),
    );
    let mut instructions = instructions_sheet(schema, lang, &formats)?;
    instructions.set_active(true);
    workbook.push_worksheet(instructions);
    for table in &schema.tables {
        workbook.push_worksheet(table_sheet(schema, table, lang, &formats)?);
    }
    workbook.save_to_buffer()
}

fn table_sheet(
    schema: &Schema,
    table: &TableDef,
    lang: Lang,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(table.label(lang))?;
    for (col, field) in table.fields.iter().enumerate() {
        let col = col as u16;
        let header = header(schema, table, field, lang);
        let header_format = if field.required {
            &formats.required_header
        } else {
            &formats.header
        };
        sheet.write_string_with_format(0, col, &header, header_format)?;
        let widest_value: f64 = match field.field_type {
            FieldType::Date | FieldType::Datetime => 13.0,
            _ => 10.0,
        };
        let mut column_width = width(&header).max(widest_value);
        if let Some(format) = formats.of(field.field_type) {
            sheet.set_column_format(col, format)?;
        }
        for (i, example) in examples(&table.name, &field.name).iter().enumerate() {
            let row = 1 + i as u32;
            let format = formats.of(field.field_type);
            match *example {
                Text(text) => {
                    sheet.write_string(row, col, text)?;
                    column_width = column_width.max(width(text));
                }
                Words(ja, en) => {
                    let text = lang.pick(ja, en);
                    sheet.write_string(row, col, text)?;
                    column_width = column_width.max(width(text));
                }
                Date(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(y, m, d)?;
                    sheet.write_datetime_with_format(row, col, &date, &formats.date)?;
                }
                Month(y, m) => {
                    let date = ExcelDateTime::from_ymd(y, m, 1)?;
                    sheet.write_datetime_with_format(row, col, &date, &formats.month)?;
                }
                Number(n) => match format {
                    Some(format) => {
                        sheet.write_number_with_format(row, col, n, format)?;
                    }
                    None => {
                        sheet.write_number(row, col, n)?;
                    }
                },
                Empty => {}
            }
        }
        sheet.set_column_width(col, column_width + 2.0)?;
        if let Some(validation) = validation(lang, &table.name, field)? {
            sheet.add_data_validation(1, col, INPUT_ROWS, col, &validation)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(sheet)
}

/// The data validation of a column: a drop-down list, or a range for layers and counts.
fn validation(
    lang: Lang,
    table: &str,
    field: &FieldDef,
) -> Result<Option<DataValidation>, XlsxError> {
    if let Some((list, strict)) = choices(lang, table, field) {
        let style = if strict {
            DataValidationErrorStyle::Stop
        } else {
            DataValidationErrorStyle::Information
        };
        let validation = DataValidation::new()
            .allow_list_strings(&list)?
            .set_error_style(style)
            .set_error_message(
                lang.pick("一覧の値を選んでください。", "Pick a value from the list."),
            )?;
        return Ok(Some(validation));
    }
    Ok(match field.field_type {
        FieldType::Layer => Some(
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(1, 3))
                .set_error_message(lang.pick("1, 2, 3 のいずれか。", "1, 2 or 3."))?,
        ),
        FieldType::Count | FieldType::Months => Some(
            DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(
                    (field.field_type == FieldType::Months) as i32,
                ))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message(lang.pick("0以上の整数です。", "A whole number."))?,
        ),
        _ => None,
    })
}

/// 使い方 / How to use: the steps, then every table's columns with what to write in them.
fn instructions_sheet(schema: &Schema, lang: Lang, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(lang.pick(INSTRUCTIONS_SHEET[0], INSTRUCTIONS_SHEET[1]))?;
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 22)?;
    sheet.set_column_width(2, 8)?;
    sheet.set_column_width(3, 70)?;
    sheet.set_column_width(4, 26)?;
    sheet.write_string_with_format(
        0,
        0,
        lang.pick(
            "kpibook 入力ブックの使い方",
            "How to use the kpibook input workbook",
        ),
        &f.title,
    )?;
    let steps: [(&str, &str); 5] = [
        (
            "1. 各シートの2行目・3行目は記入例です。自社のデータで上書きするか、行ごと削除してください。",
            "1. Rows 2 and 3 of each sheet are examples: overwrite them with your data or delete them.",
        ),
        (
            "2. オレンジの見出しは必須の列です。列の順番は自由で、使わない任意の列は削除して構いません。",
            "2. Orange headers are required columns. Column order is free; optional columns you do not use may be deleted.",
        ),
        (
            "3. チャネル・ステータス・種別などはセルを選ぶと一覧から選べます。日付は 2025/4/1 のように入力します。",
            "3. Channels, statuses and kinds have drop-down lists; type dates like 2025-04-01.",
        ),
        (
            "4. `kpibook check このファイル.xlsx` で検査し、`kpibook report このファイル.xlsx -o レポート.xlsx` でレポートを作ります。",
            "4. Check with `kpibook check this.xlsx`, then `kpibook report this.xlsx -o report.xlsx`.",
        ),
        (
            "5. このシート (使い方) は読み込まれません。設定は kpibook.toml か「設定」シートに書きます。",
            "5. This sheet (How to use) is not read. Settings go in kpibook.toml or the Settings sheet.",
        ),
    ];
    let mut row = 1;
    for (ja, en) in steps {
        sheet.write_string(row, 0, lang.pick(ja, en))?;
        row += 1;
    }
    row += 1;
    let headers = [
        lang.pick("シート", "Sheet"),
        lang.pick("列見出し", "Column header"),
        lang.pick("必須", "Required"),
        lang.pick("書き方", "What to write"),
        lang.pick("記入例", "Example"),
    ];
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, &f.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    for table in &schema.tables {
        for (i, field) in table.fields.iter().enumerate() {
            row += 1;
            if i == 0 {
                sheet.write_string_with_format(row, 0, table.label(lang), &f.section)?;
            }
            sheet.write_string(row, 1, header(schema, table, field, lang))?;
            if field.required {
                sheet.write_string(row, 2, lang.pick("必須", "yes"))?;
            }
            let mut text = how_to_write(lang, &table.name, field);
            if let Some((list, _)) = choices(lang, &table.name, field) {
                if field.field_type != FieldType::Channel {
                    text.push_str(&format!(" [{}]", list.join(" / ")));
                }
            }
            sheet.write_string_with_format(row, 3, &text, &f.wrap)?;
            let example = match examples(&table.name, &field.name)[0] {
                Text(t) => t.to_string(),
                Words(ja, en) => lang.pick(ja, en).to_string(),
                Date(y, m, d) => format!("{y}/{m:02}/{d:02}"),
                Month(y, m) => format!("{y}/{m:02}"),
                Number(n) => n.to_string(),
                Empty => String::new(),
            };
            sheet.write_string(row, 4, &example)?;
        }
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(sheet)
}

/// A commented `kpibook.toml`: every key of the configuration with its default, commented out, so
/// the file changes nothing until a line is uncommented.
pub fn config_template(lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let say = |ja_text: &str, en_text: &str| {
        if ja {
            ja_text.to_string()
        } else {
            en_text.to_string()
        }
    };
    let mut out = String::new();
    out.push_str(&say(
        "# kpibook の設定ファイル。どのキーも省略でき、省略時は右の既定値です。\n# 使うキーの行頭の # を外して値を書き換えてください。入力ブックの「設定」シートの値はこのファイルより優先されます。\n\n",
        "# kpibook configuration. Every key is optional; the value shown is the default.\n# Remove the leading # of a key to set it. Values on the input workbook's Settings sheet override this file.\n\n",
    ));
    for key in KEYS {
        if let Some(line) = key.template() {
            out.push_str(&format!(
                "# {}\n# {} = {}\n\n",
                say(line.note_ja, line.note_en),
                key.name(),
                line.example
            ));
        }
    }
    out.push_str(&format!(
        "# {}\n# model の値: {}\n\n",
        say("アトリビューションモデル", "attribution models"),
        MODEL_IDS.join(", ")
    ));
    out.push_str(&say(
        "# 見出しの対応付け: 入力の見出しが別名一覧 (kpibook schema) にないとき。\n# 1つの見出しを複数の項目に使うときはリストで書きます (受注日を商談化日にも使う例)\n# [columns.leads]\n# \"問合せ受付日\" = \"created_at\"\n# [columns.deals]\n# \"won_date\" = [\"closed_at\", \"created_at\"]\n\n",
        "# Header mapping, for input headers the aliases (kpibook schema) do not know.\n# A header feeding several fields takes a list (the won date also as the opportunity's creation)\n# [columns.leads]\n# \"inquiry received\" = \"created_at\"\n# [columns.deals]\n# \"won_date\" = [\"closed_at\", \"created_at\"]\n\n",
    ));
    out.push_str(&say(
        "# 列のないシートの既定値: 表ごとに、シートに列がない項目の値 (受注案件だけの書き出しなら status = \"won\")\n# [defaults.deals]\n# status = \"won\"\n\n",
        "# Values for sheets without the column: per table, the value of a field a sheet has no column for\n# (status = \"won\" for an export of closed-won deals only)\n# [defaults.deals]\n# status = \"won\"\n\n",
    ));
    out.push_str(&say(
        "# 追加のチャネル別名: 書かれた値 = チャネルID\n# [channels]\n# \"メルマガ\" = \"email\"\n\n",
        "# Extra channel aliases: written value = channel id\n# [channels]\n# \"newsletter\" = \"email\"\n\n",
    ));
    out.push_str(&say(
        "# 自社の商談ステージ名: 書かれた値 = open | won | lost (Salesforce・HubSpot・Zoho の標準ステージは登録済み: kpibook schema)\n# [statuses]\n# \"ヒアリング\" = \"open\"\n# \"確度100%\" = \"won\"\n\n",
        "# The team's own deal stages: written value = open | won | lost (Salesforce, HubSpot and Zoho default stages are built in: kpibook schema)\n# [statuses]\n# \"Discovery\" = \"open\"\n# \"Signed\" = \"won\"\n\n",
    ));
    out.push_str(&say(
        "# KPI階層の各階層に載せる指標 (省略時は既定の並び)\n# [kpi_tree]\n# layer1 = [\"revenue\", \"sns_attributed_revenue\", \"won\", \"opportunities\", \"cac\", \"ltv\", \"ltv_cac\", \"roi\", \"roas\"]\n# layer2 = [\"leads\", \"sns_leads\", \"conversions\", \"mql\", \"lead_to_mql\", \"mql_to_opportunity\", \"cpa\", \"cost_per_mql\"]\n# layer3 = [\"posts\", \"impressions\", \"reach\", \"engagements\", \"engagement_rate\", \"clicks\", \"ctr\", \"completion_rate\"]\n",
        "# Metrics of each KPI tree layer (default: the spec's layers)\n# [kpi_tree]\n# layer1 = [\"revenue\", \"sns_attributed_revenue\", \"won\", \"opportunities\", \"cac\", \"ltv\", \"ltv_cac\", \"roi\", \"roas\"]\n# layer2 = [\"leads\", \"sns_leads\", \"conversions\", \"mql\", \"lead_to_mql\", \"mql_to_opportunity\", \"cpa\", \"cost_per_mql\"]\n# layer3 = [\"posts\", \"impressions\", \"reach\", \"engagements\", \"engagement_rate\", \"clicks\", \"ctr\", \"completion_rate\"]\n",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::ChannelCatalog;

    #[test]
    fn every_channel_choice_resolves_to_a_channel_id() {
        let catalog = ChannelCatalog::new();
        for lang in [Lang::Ja, Lang::En] {
            for written in channel_choices(lang) {
                let id = catalog.resolve(written);
                assert!(id.is_some(), "{written} is no channel");
            }
        }
        // Both lists name the same channels, in the same order.
        let ja: Vec<_> = channel_choices(Lang::Ja)
            .iter()
            .map(|w| catalog.resolve(w))
            .collect();
        let en: Vec<_> = channel_choices(Lang::En)
            .iter()
            .map(|w| catalog.resolve(w))
            .collect();
        assert_eq!(ja, en);
    }

    #[test]
    fn headers_read_back_as_their_fields() {
        let schema = Schema::embedded().unwrap();
        let index = schema.header_index(&BTreeMap::new());
        for table in &schema.tables {
            for field in &table.fields {
                for lang in [Lang::Ja, Lang::En] {
                    let header = header(&schema, table, field, lang);
                    assert_eq!(
                        index[&table.name].get(&normalize_key(&header)),
                        Some(&vec![field.name.clone()]),
                        "{}.{} as {header}",
                        table.name,
                        field.name
                    );
                }
            }
        }
    }

    #[test]
    fn the_config_template_is_valid_toml_that_sets_nothing_and_names_every_key() {
        for lang in [Lang::Ja, Lang::En] {
            let text = config_template(lang);
            let table: toml::Table = toml::from_str(&text).unwrap();
            assert!(table.is_empty());
            for key in SCALAR_KEYS.iter() {
                assert!(
                    text.contains(&format!("# {key} = ")) || ["channels", "statuses"].contains(key),
                    "{key}"
                );
            }
            for table in [
                "[kpi_tree]",
                "[columns.leads]",
                "[defaults.deals]",
                "[statuses]",
                "[channels]",
                "\"won_date\" = [\"closed_at\", \"created_at\"]",
                "# timezone = \"Asia/Tokyo\"",
            ] {
                assert!(text.contains(table), "{table}");
            }
            // Each commented-out block reads as valid config once uncommented.
            let uncommented: String = text
                .lines()
                .filter(|l| {
                    l.starts_with("# [") || l.starts_with("# \"") || l.starts_with("# status")
                })
                .map(|l| format!("{}\n", &l[2..]))
                .collect();
            let parsed: toml::Table = toml::from_str(&uncommented).unwrap();
            assert_eq!(parsed["defaults"]["deals"]["status"].as_str(), Some("won"));
        }
    }
}
