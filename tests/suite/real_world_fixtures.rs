//! Ingest against workbooks written by Excel, LibreOffice and other tools (`tests/fixtures/
//! real-world/`, described in each folder's SOURCE.md), plus generated files for what no real file
//! shows (corrupt bytes, a stray cell at XFD1048576, error values calamine does not know).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use kpibook::cell::Cell;
use kpibook::error::KpiError;
use kpibook::ingest::{read_file, ForeignKind, IngestError, RawSheet, Unreadable};
use rust_xlsxwriter::{Formula, Workbook};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real-world/");

fn fixture(folder: &str, name: &str) -> PathBuf {
    Path::new(FIXTURES).join(folder).join(name)
}

/// The sheets of a fixture that must read.
fn sheets_of(folder: &str, name: &str) -> Vec<RawSheet> {
    match read_file(&fixture(folder, name)) {
        Ok((_, sheets)) => sheets,
        Err(error) => panic!("{folder}/{name} should read, got: {error}"),
    }
}

/// Why a file must fail to read (the input error's source).
fn input_error(path: &Path) -> IngestError {
    match read_file(path) {
        Ok((_, sheets)) => panic!(
            "{} should not read, got {} sheets",
            path.display(),
            sheets.len()
        ),
        Err(KpiError::Input { source, .. }) => source,
        Err(other) => panic!("{} gave a non-input error: {other}", path.display()),
    }
}

fn sheet<'a>(sheets: &'a [RawSheet], name: &str) -> &'a RawSheet {
    let names: Vec<_> = sheets.iter().map(|sheet| sheet.sheet.as_str()).collect();
    sheets
        .iter()
        .find(|sheet| sheet.sheet == name)
        .unwrap_or_else(|| panic!("no sheet {name} in {names:?}"))
}

fn sheet_names(sheets: &[RawSheet]) -> Vec<&str> {
    sheets.iter().map(|sheet| sheet.sheet.as_str()).collect()
}

/// The cell at an A1 reference (absolute sheet position), `Empty` outside the stored rows.
fn at(sheet: &RawSheet, reference: &str) -> Cell {
    let split = reference
        .find(|c: char| c.is_ascii_digit())
        .expect("A1 reference");
    let (letters, digits) = reference.split_at(split);
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = digits.parse::<u32>().expect("row number") - 1;
    if row < sheet.first_row || col < sheet.first_col {
        return Cell::Empty;
    }
    sheet
        .rows
        .get((row - sheet.first_row) as usize)
        .and_then(|cells| cells.get((col - sheet.first_col) as usize))
        .cloned()
        .unwrap_or(Cell::Empty)
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn datetime(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> Cell {
    let at: NaiveDateTime = NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(h, min, s))
        .unwrap();
    Cell::DateTime(at)
}

fn date(y: i32, m: u32, d: u32) -> Cell {
    datetime(y, m, d, 0, 0, 0)
}

fn assert_one_sentence(file: &str, message: &str) {
    assert!(
        !message.contains('\n'),
        "{file}: message spans lines: {message:?}"
    );
    for debug_text in ["Error(", "{", "Some(", "Bytes"] {
        assert!(
            !message.contains(debug_text),
            "{file}: message shows Debug text: {message}"
        );
    }
    let sentence_ends = message.matches(". ").count();
    assert_eq!(
        sentence_ends, 0,
        "{file}: more than one sentence: {message}"
    );
}

// ---------------------------------------------------------------------------------------------
// Every file

#[test]
fn every_fixture_reads_or_fails_with_one_sentence() {
    let root = Path::new(FIXTURES);
    let folders = ["calamine", "xlsmapper"];
    let mut seen = 0;
    let mut failed = BTreeSet::new();
    for folder in folders {
        let dir = root.join(folder);
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| {
            panic!(
                "the real-world fixtures are missing: cannot list {} ({e})",
                dir.display()
            )
        });
        let mut paths: Vec<PathBuf> = entries
            .map(|entry| entry.expect("folder entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".md") || name.starts_with("LICENSE") {
                continue;
            }
            seen += 1;
            match read_file(&path) {
                Ok((file, sheets)) => {
                    assert_eq!(file.name, name);
                    assert_eq!(file.sha256.len(), 64, "{name}");
                    assert!(!sheets.is_empty(), "{name}: no sheet");
                    for sheet in &sheets {
                        assert_eq!(sheet.file, name);
                        assert!(
                            sheet.rows.last().is_none_or(|row| !row.is_empty()),
                            "{name}: trailing blank row"
                        );
                        for row in &sheet.rows {
                            assert_ne!(
                                row.last(),
                                Some(&Cell::Empty),
                                "{name}/{}: untrimmed row",
                                sheet.sheet
                            );
                        }
                    }
                }
                Err(error) => {
                    let message = error.to_string();
                    assert_one_sentence(&name, &message);
                    assert!(
                        message.contains(&name),
                        "{name}: the message does not name the file: {message}"
                    );
                    failed.insert(format!("{folder}/{name}"));
                }
            }
        }
    }
    assert!(
        seen >= 30,
        "found only {seen} files under {FIXTURES}{{calamine,xlsmapper}}; the fixtures are missing"
    );
    let expected: BTreeSet<String> = ["calamine/empty_sheet.xlsx", "calamine/pass_protected.xlsx"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(failed, expected);
}

// ---------------------------------------------------------------------------------------------
// calamine/

#[test]
fn dates_read_the_same_in_the_1900_and_1904_systems_and_in_xls() {
    let date_1900 = sheets_of("calamine", "date.xlsx");
    let date_1904 = sheets_of("calamine", "date_1904.xlsx");
    let date_xls = sheets_of("calamine", "date.xls");
    assert!(!date_1900[0].date1904);
    assert!(date_1904[0].date1904);
    assert!(!date_xls[0].date1904);
    let expected = vec![
        vec![date(2021, 1, 1), Cell::Number(15.0)],
        vec![date(2021, 1, 2), Cell::Number(16.0)],
        // 10.632060185 days in an [h]:mm:ss cell.
        vec![text("255:10:10"), Cell::Number(17.0)],
    ];
    for sheets in [&date_1900, &date_1904, &date_xls] {
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].sheet, "Sheet1");
        assert_eq!(sheets[0].rows, expected);
    }
}

#[test]
fn ods_dates_and_durations() {
    let sheets = sheets_of("calamine", "date.ods");
    assert_eq!(
        sheets[0].rows,
        vec![
            vec![date(2021, 1, 1), Cell::Number(15.0)],
            vec![datetime(2021, 1, 1, 10, 10, 10), Cell::Number(16.0)],
            vec![text("10:10:10"), Cell::Number(17.0)],
            // PT10H10M10.123456S, shown to the second.
            vec![text("10:10:10"), Cell::Number(18.0)],
        ]
    );
    assert!(!sheets[0].date1904);
}

#[test]
fn iso_date_cells() {
    let sheets = sheets_of("calamine", "date_iso.xlsx");
    let sheet = sheet(&sheets, "Sheet");
    assert_eq!(at(sheet, "A1"), date(2021, 1, 1));
    assert_eq!(at(sheet, "A2"), datetime(2021, 1, 1, 10, 10, 10));
    assert_eq!(at(sheet, "A3"), text("10:10:10"));
    assert_eq!(
        at(sheet, "A4"),
        text("This workbook contains datetime in ISO 8601")
    );
}

#[test]
fn dates_with_quoted_and_japanese_era_formats() {
    let sheets = sheets_of("calamine", "date_quoted_format.xlsx");
    assert_eq!(sheets[0].rows, vec![vec![date(2021, 1, 1)]; 4]);
}

#[test]
fn every_excel_error_value_is_an_error_cell() {
    let sheets = sheets_of("calamine", "errors.xlsx");
    assert_eq!(sheet_names(&sheets), ["Feuil1", "Feuil2", "Feuil3"]);
    let errors: Vec<Cell> = [
        "#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A",
    ]
    .iter()
    .map(|spelling| Cell::Error(spelling.to_string()))
    .collect();
    let column_a: Vec<Cell> = sheets[0].rows.iter().map(|row| row[0].clone()).collect();
    assert_eq!(column_a, errors);
    assert!(sheets[1].rows.is_empty() && sheets[2].rows.is_empty());
}

#[test]
fn merged_cells_keep_the_value_top_left() {
    let sheets = sheets_of("calamine", "merge_cells.xlsx");
    assert_eq!(
        sheets[0].rows,
        vec![
            vec![text("Row Merge"), Cell::Empty, text("Not Merged")],
            vec![text("Column Merge"), text("Chunk Merged")],
        ]
    );
}

#[test]
fn merged_regions_on_two_sheets() {
    let sheets = sheets_of("calamine", "merged_range.xlsx");
    let sheet1 = sheet(&sheets, "Sheet1");
    assert_eq!(sheet1.rows.len(), 4);
    assert!(sheet1.rows[1].is_empty(), "row 2 is blank and kept");
    assert_eq!(at(sheet1, "H4"), text("H4"));
    assert_eq!(at(sheet1, "D1"), Cell::Empty);
    let sheet2 = sheet(&sheets, "Sheet2");
    assert_eq!(at(sheet2, "A3"), Cell::Empty);
    assert_eq!(at(sheet2, "B3"), text("B3"));
    assert_eq!(at(sheet2, "E4"), text("E4"));
}

#[test]
fn ods_merged_cells() {
    let sheets = sheets_of("calamine", "merged_cells.ods");
    assert_eq!(
        sheets[0].rows,
        vec![
            vec![text("A"), text("B"), text("C")],
            vec![text("A"), text("B"), text("C")],
            vec![Cell::Empty, Cell::Empty, text("C")],
        ]
    );
}

#[test]
fn hidden_and_very_hidden_sheets_are_read_and_the_chartsheet_is_skipped() {
    let sheets = sheets_of("calamine", "any_sheets.xlsx");
    let listed: Vec<(&str, bool)> = sheets
        .iter()
        .map(|sheet| (sheet.sheet.as_str(), sheet.hidden))
        .collect();
    assert_eq!(
        listed,
        [("Visible", false), ("Hidden", true), ("VeryHidden", true)]
    );
    let visible = sheet(&sheets, "Visible");
    assert_eq!(at(visible, "A1"), Cell::Number(1.0));
    assert_eq!(at(visible, "B3"), Cell::Number(6.0));
    assert!(visible.rows[3].is_empty());
    assert_eq!(
        at(visible, "A5"),
        text("This workbook contains 4 sheets: Visible, Hidden, VeryHidden and Chart")
    );
}

#[test]
fn hidden_sheets_in_ods() {
    // The ODS export keeps the chart as an (empty) table and has no "very hidden" state.
    let sheets = sheets_of("calamine", "any_sheets.ods");
    let listed: Vec<(&str, bool)> = sheets
        .iter()
        .map(|sheet| (sheet.sheet.as_str(), sheet.hidden))
        .collect();
    assert_eq!(
        listed,
        [
            ("Visible", false),
            ("Hidden", true),
            ("VeryHidden", true),
            ("Chart", false)
        ]
    );
    assert_eq!(at(sheet(&sheets, "Visible"), "B3"), Cell::Number(6.0));
}

#[test]
fn furigana_runs_are_skipped() {
    let sheets = sheets_of("calamine", "rph.xlsx");
    assert_eq!(sheets[0].rows, vec![vec![text("課きく\u{3000}毛こ")]]);
}

#[test]
fn rich_text_runs_are_joined() {
    let sheets = sheets_of("calamine", "richtext-after-plain.xlsx");
    let sheet1 = sheet(&sheets, "Sheet1");
    assert_eq!(sheet1.rows[0], vec![text("abcd"); 4]);
    assert_eq!(at(sheet1, "A2"), text("tvalrval1rval2"));
    assert_eq!(at(sheet1, "D2"), text("rval1rval2"));
}

#[test]
fn inline_strings_with_an_extra_value() {
    let sheets = sheets_of("calamine", "inlineStr_with_value.xlsx");
    let sheet = sheet(&sheets, "Requirements");
    assert_eq!(at(sheet, "A1"), text("NN"));
    assert_eq!(at(sheet, "C1"), Cell::Empty);
    assert_eq!(at(sheet, "H1"), text("Description"));
    assert_eq!(at(sheet, "A2"), Cell::Number(1.0));
    assert_eq!(at(sheet, "E2"), text("RQ11610"));
}

#[test]
fn x000d_escape_becomes_a_carriage_return() {
    let sheets = sheets_of("calamine", "has_x000D_.xlsx");
    assert_eq!(sheets[0].rows, vec![vec![text("ABC\r\nDEF")]]);
}

#[test]
fn xml_entities_are_decoded() {
    // A2 holds "&#xA;" without xml:space="preserve": calamine trims it to nothing, like whitespace.
    let sheets = sheets_of("calamine", "encoded_entities.xlsx");
    assert_eq!(sheets[0].rows, vec![vec![text("&")]]);
}

#[test]
fn whitespace_is_trimmed_unless_preserved() {
    let sheets = sheets_of("calamine", "whitespace_trim.xlsx");
    let inline = sheet(&sheets, "inlineStr");
    assert_eq!(at(inline, "A1"), text("trimmed value"));
    assert_eq!(at(inline, "B1"), text("value with tabs"));
    assert_eq!(at(inline, "C1"), text(" \t\n"));
    assert_eq!(at(inline, "B2"), text("  line1\nline2  "));
    assert_eq!(at(inline, "A3"), text("日期 时间"));
    let shared = sheet(&sheets, "SharedStrings");
    assert_eq!(at(shared, "B1"), text("  preserved value  "));
    // " \t\n" without xml:space="preserve" trims to nothing.
    assert_eq!(at(shared, "C1"), Cell::Empty);
    assert_eq!(at(shared, "D1"), text("clean text"));
}

#[test]
fn sst_split_across_continue_records() {
    // The SST block ends exactly after A135's (complete, shorter) string; A136's string opens the
    // CONTINUE record (upstream test_sst_continue).
    let sheets = sheets_of("calamine", "sst_continue.xls");
    let rows = &sheets[0].rows;
    assert_eq!(rows.len(), 136);
    for (index, row) in rows[..134].iter().enumerate() {
        let expected = format!(
            "This is a long string with a serial number at the end {:04}",
            index + 1
        );
        assert_eq!(row, &vec![text(&expected)]);
    }
    assert_eq!(
        rows[134],
        vec![text("This is a long string with a serial num")]
    );
    assert_eq!(rows[135], vec![text("New CONTINUE block")]);
}

#[test]
fn rows_without_r_attributes_read_like_the_excel_resave() {
    let written_by_tool = sheets_of("calamine", "issue_261.xlsx");
    let resaved_by_excel = sheets_of("calamine", "issue_261_fixed_by_excel.xlsx");
    assert_eq!(written_by_tool[0].rows, resaved_by_excel[0].rows);
    let sheet = sheet(&written_by_tool, "Some Sheet");
    assert_eq!(sheet.rows.len(), 66);
    assert_eq!(at(sheet, "A1"), text("String Value 32"));
    assert_eq!(at(sheet, "B7"), date(2023, 3, 15));
    assert_eq!(at(sheet, "G7"), Cell::Number(901.0));
    assert_eq!(at(sheet, "D12"), Cell::Number(903.0));
}

#[test]
fn header_below_a_note_row() {
    let sheets = sheets_of("calamine", "header-row.xlsx");
    let sheet = sheet(&sheets, "Sheet1");
    assert_eq!((sheet.first_row, sheet.first_col), (2, 0));
    assert_eq!(at(sheet, "C3"), text("Note 1"));
    assert!(sheet.rows[1..6].iter().all(Vec::is_empty));
    assert_eq!(at(sheet, "A9"), text("Columns"));
    assert_eq!(
        sheet.rows[7],
        vec![
            text("put data here"),
            Cell::Number(1.0),
            Cell::Number(2.0),
            Cell::Number(3.0)
        ]
    );
}

#[test]
fn table_starting_at_b4() {
    let sheets = sheets_of("calamine", "temperature-in-middle.xlsx");
    let sheet = &sheets[0];
    assert_eq!(
        (sheet.first_row, sheet.first_col),
        (3, 1),
        "B4 is row 3, column 1 (0-based)"
    );
    assert_eq!(
        sheet.rows,
        vec![
            vec![text("label"), text("value")],
            vec![text("celsius"), Cell::Number(22.2222)],
            vec![text("fahrenheit"), Cell::Number(72.0)],
        ]
    );
}

#[test]
fn excel_tables_read_as_plain_cells() {
    let sheets = sheets_of("calamine", "temperature-table.xlsx");
    assert_eq!(sheet_names(&sheets), ["Sheet1", "Sheet2"]);
    assert_eq!(at(&sheets[0], "B2"), Cell::Number(22.2222));
    assert_eq!(at(&sheets[1], "A1"), text("label2"));
    assert_eq!(at(&sheets[1], "B3"), Cell::Number(64.0));
}

#[test]
fn special_characters_and_datatypes() {
    let sheets = sheets_of("calamine", "issues.xlsx");
    let special = sheet(&sheets, "spc_chrs");
    let column_a: Vec<Cell> = special.rows.iter().map(|row| row[0].clone()).collect();
    let expected: Vec<Cell> = ["&", "<", ">", "aaa ' aaa", "\"", "☺", "֍", "àâéêèçöïî«»"]
        .iter()
        .map(|value| text(value))
        .collect();
    assert_eq!(column_a, expected);
    let datatypes = sheet(&sheets, "datatypes");
    assert_eq!(
        datatypes.rows,
        vec![
            vec![Cell::Number(1.0)],
            vec![Cell::Number(1.5)],
            vec![text("ab")],
            vec![Cell::Bool(false)],
            vec![text("test")],
            vec![date(2016, 10, 20)],
        ]
    );
    assert_eq!(sheet(&sheets, "Sheet1").first_row, 1);
}

#[test]
fn shared_formula_with_korean_text() {
    let sheets = sheets_of("calamine", "issue_553.xlsx");
    let sheet = &sheets[0];
    assert_eq!((sheet.first_row, sheet.first_col), (1, 1));
    assert_eq!(sheet.rows.len(), 19);
    assert_eq!(at(sheet, "B2"), text("영어"));
    assert_eq!(at(sheet, "B5"), text("영어"));
    assert_eq!(at(sheet, "B6"), text("한글"));
    assert_eq!(at(sheet, "B20"), text("한글"));
}

#[test]
fn encrypted_workbook_is_one_clear_error() {
    let path = fixture("calamine", "pass_protected.xlsx");
    let reason = input_error(&path);
    assert_eq!(reason, IngestError::Encrypted);
    let message = read_file(&path).unwrap_err().to_string();
    assert_one_sentence("pass_protected.xlsx", &message);
}

#[test]
fn workbook_without_any_cell_has_no_data() {
    let reason = input_error(&fixture("calamine", "empty_sheet.xlsx"));
    assert_eq!(reason, IngestError::NoData);
}

#[test]
fn xls_float_round_trips_exactly() {
    let sheets = sheets_of("calamine", "xls_wrong_decimals.xls");
    assert_eq!(sheets[0].rows, vec![vec![Cell::Number(0.525625)]]);
}

#[test]
fn strict_open_xml_reads() {
    let sheets = sheets_of("calamine", "strict_iso_paths.xlsx");
    let sheet = sheet(&sheets, "ml_out");
    assert_eq!(sheet.rows.len(), 76);
    assert_eq!(at(sheet, "A1"), text("Item"));
    assert_eq!(at(sheet, "R1"), text("GoldenRun"));
    assert_eq!(at(sheet, "A2"), text("150-031260-001_B"));
    assert_eq!(at(sheet, "B2"), Cell::Number(1.5));
    assert_eq!(at(sheet, "A3"), Cell::Number(1625593500.0));
}

// ---------------------------------------------------------------------------------------------
// xlsmapper/

#[test]
fn japanese_timesheet_with_merged_ranges_and_formulas() {
    let sheets = sheets_of("xlsmapper", "attendance.xlsx");
    assert_eq!(sheet_names(&sheets), ["作業報告書", "データ定義"]);
    let report = sheet(&sheets, "作業報告書");
    assert_eq!((report.first_row, report.first_col), (0, 1));
    assert_eq!(at(report, "F1"), text("作業報告書"));
    // H3 holds 43191 with built-in format 55, a date (yyyy"年"m"月") in Japanese Excel.
    assert_eq!(at(report, "G3"), text("対象年月"));
    assert_eq!(at(report, "H3"), date(2018, 4, 1));
    assert_eq!(at(report, "H5"), text("山田\u{3000}太郎"));
    // Day rows: cached formula values formatted mm"月"dd"日("aaa")".
    assert_eq!(at(report, "B9"), date(2018, 4, 1));
    assert_eq!(at(report, "B38"), date(2018, 4, 30));
    // Times of day (h:mm) and an elapsed total ([h]:mm) read as text, not as dates in 1899.
    assert_eq!(at(report, "C10"), text("9:00:00"));
    assert_eq!(at(report, "D10"), text("18:00:00"));
    assert_eq!(at(report, "G10"), text("要件定義の資料作成。"));
    assert_eq!(at(report, "C40"), Cell::Number(19.0));
    assert_eq!(at(report, "F40"), text("157:00:00"));
    let definitions = sheet(&sheets, "データ定義");
    assert_eq!((definitions.first_row, definitions.first_col), (1, 1));
    assert_eq!(at(definitions, "B2"), text("対象年月"));
    assert_eq!(at(definitions, "B3"), date(2018, 1, 1));
}

#[test]
fn japanese_conversion_sheets_with_era_date_formats() {
    let sheets = sheets_of("xlsmapper", "convert.xlsx");
    assert_eq!(
        sheet_names(&sheets),
        [
            "数値型",
            "日時型",
            "文字列型",
            "リスト型",
            "ブール型",
            "列挙型",
            "リンク型",
            "JSR310",
            "独自"
        ]
    );
    let datetimes = sheet(&sheets, "日時型");
    assert_eq!(at(datetimes, "B8"), datetime(2015, 1, 2, 3, 45, 6));
    assert_eq!(at(datetimes, "G8"), text("Excelの日時型"));
    assert_eq!(at(datetimes, "B9"), text("2015-01-02 03:45:06"));
    // Row 11: [DBNum3][$-411]ggge"年"m"月"d"日" style formats are still dates.
    assert_eq!(at(datetimes, "G11"), text("Excelの日時型（日本語）"));
    assert_eq!(at(datetimes, "B11"), datetime(2015, 1, 2, 3, 45, 6));
    // Row 12: the same instant as a plain number.
    assert_eq!(at(datetimes, "B12"), Cell::Number(42006.156319444446));
    assert_eq!(at(datetimes, "E21"), text("12時3分"));
    let custom = sheet(&sheets, "独自");
    assert_eq!(
        at(custom, "C4"),
        text("TODOリスト\n- 部屋の片付け\n- 買い物")
    );
}

#[test]
fn record_tables_under_title_rows() {
    let horizontal = sheets_of("xlsmapper", "anno_HorizonalRecords.xlsx");
    assert_eq!(horizontal.len(), 16);
    let start = sheet(&horizontal, "開始位置の指定");
    assert_eq!(
        at(start, "A1"),
        text("アノテーション「@HorizontalRecords」のテスタ")
    );
    assert!(start.rows[1].is_empty());
    assert_eq!(start.rows[3], vec![text("No."), text("名称"), text("値")]);
    assert_eq!(
        start.rows[4],
        vec![Cell::Number(1.0), text("名前1"), Cell::Number(12.456)]
    );
    let map_columns = sheet(&horizontal, "マップカラムの設定");
    assert_eq!(at(map_columns, "C4"), date(2015, 4, 1));

    let vertical = sheets_of("xlsmapper", "anno_VerticalRecords.xlsx");
    assert_eq!(vertical.len(), 16);
    let start = sheet(&vertical, "開始位置の指定");
    assert_eq!(
        start.rows[3],
        vec![
            text("○×一覧"),
            text("No."),
            Cell::Number(1.0),
            Cell::Number(2.0)
        ]
    );
}

#[test]
fn several_tables_on_one_sheet() {
    let sheets = sheets_of("xlsmapper", "anno_IterateTables.xlsx");
    assert_eq!(sheets.len(), 10);
    let normal = sheet(&sheets, "通常の表");
    assert_eq!(at(normal, "A4"), text("クラス情報"));
    assert_eq!(normal.rows[4], vec![text("番号"), Cell::Number(1.0)]);
    assert_eq!(normal.rows[5], vec![text("クラス名"), text("1年2組")]);
}

#[test]
fn label_value_forms() {
    let sheets = sheets_of("xlsmapper", "anno_LabelledCell.xlsx");
    assert_eq!(sheets.len(), 6);
    let normal = sheet(&sheets, "通常");
    assert_eq!(at(normal, "B4"), text("位置（右側）"));
    assert_eq!(at(normal, "C4"), text("右側の値です。"));
    let formulas = sheet(&sheets, "数式を指定");
    assert_eq!(at(formulas, "B5"), date(2016, 5, 22));
    assert_eq!(at(formulas, "D5"), Cell::Number(132.0));
}

#[test]
fn cells_with_comments() {
    let sheets = sheets_of("xlsmapper", "anno_CommentOption.xlsx");
    assert_eq!(sheet_names(&sheets), ["通常のテスト", "独自実装"]);
    assert_eq!(at(&sheets[0], "B4"), text("アドレスを指定"));
    assert_eq!(at(&sheets[0], "D6"), text("値1"));
}

#[test]
fn xls_with_data_validation() {
    let sheets = sheets_of("xlsmapper", "utils.xls");
    assert_eq!(sheet_names(&sheets), ["入力規則", "Sheet2", "Sheet3"]);
    let rules = &sheets[0];
    assert_eq!(rules.rows[3], vec![text("No."), text("名前"), text("出欠")]);
    assert_eq!(
        rules.rows[4],
        vec![Cell::Number(1.0), text("山田太郎"), text("出席")]
    );
    assert!(sheets[1].rows.is_empty() && sheets[2].rows.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Generated files

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write test file");
    path
}

fn small_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.write_string(0, 0, "リードID").unwrap();
    worksheet.write_string(0, 1, "獲得日").unwrap();
    worksheet.write_string(1, 0, "L001").unwrap();
    worksheet.write_number(1, 1, 45748.0).unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn random_bytes_named_xlsx_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    // A fixed pseudo-random sequence (xorshift), so the test is repeatable.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let path = write(dir.path(), "leads.xlsx", &bytes);
    let reason = input_error(&path);
    assert!(matches!(reason, IngestError::Unreadable(_)), "{reason:?}");
    assert_one_sentence("leads.xlsx", &read_file(&path).unwrap_err().to_string());
}

#[test]
fn empty_xlsx_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let reason = input_error(&write(dir.path(), "empty.xlsx", b""));
    assert_eq!(reason, IngestError::Unreadable(Unreadable::Empty));
    assert_eq!(
        reason.to_string(),
        "cannot be read as an Excel/ODS workbook: the file is empty (0 bytes)"
    );
}

#[test]
fn truncated_xlsx_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let whole = small_workbook();
    let path = write(dir.path(), "deals.xlsx", &whole[..whole.len() / 2]);
    let reason = input_error(&path);
    assert!(
        matches!(&reason, IngestError::Unreadable(Unreadable::DamagedContainer { detail }) if detail.contains("zip")),
        "{reason:?}"
    );
    assert_one_sentence("deals.xlsx", &read_file(&path).unwrap_err().to_string());
}

#[test]
fn csv_or_html_under_a_workbook_name_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "leads.xlsx",
        "リードID,獲得日\nL001,2025/4/1\n".as_bytes(),
    );
    assert_eq!(
        input_error(&csv),
        IngestError::Unreadable(Unreadable::NotAWorkbook(ForeignKind::PlainText))
    );
    let html = write(
        dir.path(),
        "export.xls",
        b"<html><body><table><tr><td>1</td></tr></table></body></html>",
    );
    assert_eq!(
        input_error(&html),
        IngestError::Unreadable(Unreadable::NotAWorkbook(ForeignKind::Html))
    );
}

#[test]
fn workbook_is_recognised_by_content_not_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "renamed.xls", &small_workbook());
    let (_, sheets) = read_file(&path).unwrap();
    assert_eq!(sheets[0].rows[1], vec![text("L001"), Cell::Number(45748.0)]);
}

/// Regression: a stray value at XFD1048576 made the used range A1:XFD1048576 (17 billion cells);
/// it must neither allocate that range nor lose the stray value.
#[test]
fn stray_cell_at_xfd1048576_reads_quickly_and_sparsely() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet().set_name("leads").unwrap();
    worksheet.write_string(0, 0, "lead_id").unwrap();
    worksheet.write_string(0, 1, "created_at").unwrap();
    for row in 1..4u32 {
        worksheet
            .write_string(row, 0, format!("L{row:03}"))
            .unwrap();
        worksheet
            .write_number(row, 1, 45748.0 + f64::from(row))
            .unwrap();
    }
    worksheet.write_string(1_048_575, 16_383, "stray").unwrap();
    let path = dir.path().join("far.xlsx");
    workbook.save(&path).unwrap();

    let started = Instant::now();
    let (_, sheets) = read_file(&path).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let sheet = &sheets[0];
    assert_eq!((sheet.first_row, sheet.first_col), (0, 0));
    assert_eq!(sheet.rows.len(), 1_048_576);
    assert_eq!(sheet.rows[0], vec![text("lead_id"), text("created_at")]);
    assert_eq!(sheet.rows[3], vec![text("L003"), Cell::Number(45751.0)]);
    assert!(sheet.rows[4..1_048_575].iter().all(Vec::is_empty));
    assert_eq!(sheet.rows[1_048_575].len(), 16_384);
    assert_eq!(at(sheet, "XFD1048576"), text("stray"));
    let stored: usize = sheet.rows.iter().map(Vec::len).sum();
    assert_eq!(stored, 2 + 3 * 2 + 16_384);
}

/// Regression: calamine knows only the seven classic error values, and a cached `#GETTING_DATA`
/// (or `#SPILL!`, `#CALC!` ...) failed the whole sheet.
#[test]
fn error_values_calamine_does_not_know_keep_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.write_string(0, 0, "deal_id").unwrap();
    worksheet.write_string(0, 1, "amount").unwrap();
    worksheet.write_string(1, 0, "D001").unwrap();
    worksheet
        .write_formula(
            1,
            1,
            Formula::new("=WEBSERVICE(\"x\")").set_result("#GETTING_DATA"),
        )
        .unwrap();
    worksheet.write_string(2, 0, "D002").unwrap();
    worksheet
        .write_formula(2, 1, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    worksheet.write_number(2, 2, 5.0).unwrap();
    let path = dir.path().join("deals.xlsx");
    workbook.save(&path).unwrap();

    let (_, sheets) = read_file(&path).unwrap();
    assert_eq!(
        sheets[0].rows,
        vec![
            vec![text("deal_id"), text("amount")],
            vec![text("D001"), Cell::Error("#GETTING_DATA".into())],
            vec![
                text("D002"),
                Cell::Error("#DIV/0!".into()),
                Cell::Number(5.0)
            ],
        ]
    );
}

#[test]
fn hidden_worksheet_written_by_rust_xlsxwriter() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("shown")
        .unwrap()
        .write_string(0, 0, "a")
        .unwrap();
    let hidden = workbook.add_worksheet().set_name("settings").unwrap();
    hidden.write_string(3, 2, "key").unwrap();
    hidden.set_hidden(true);
    let path = dir.path().join("book.xlsx");
    workbook.save(&path).unwrap();

    let (_, sheets) = read_file(&path).unwrap();
    assert!(!sheets[0].hidden);
    assert!(sheets[1].hidden);
    assert_eq!((sheets[1].first_row, sheets[1].first_col), (3, 2));
    assert_eq!(sheets[1].rows, vec![vec![text("key")]]);
}
