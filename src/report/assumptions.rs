//! 前提条件 / Assumptions: every setting in force, its value and where it came from (default,
//! config file, settings sheet, command line), the figures derived from them (the period used, the
//! LTV method chosen), and the rows of the input's settings sheet.

use rust_xlsxwriter::Worksheet;

use super::cells::{Kind, SheetWriter, Styles, XResult};
use super::formulas;
use super::labels;
use super::{ReportContext, SheetNames};
use crate::config::SCALAR_KEYS;
use crate::lang::Lang;

/// The table of settings starts below the input cells.
const HEADER_ROW: u32 = 12;

/// The cells the report's formulas read, by defined name: (name, row). Values in column B.
pub const INPUT_CELLS: [(&str, u32); 8] = [
    (formulas::PERIOD_START, 3),
    (formulas::PERIOD_END, 4),
    (formulas::GROSS_MARGIN, 5),
    (formulas::MODEL, 6),
    (formulas::MONTHLY_CHURN, 7),
    (formulas::LIFETIME_MONTHS, 8),
    (formulas::PURCHASES_PER_CUSTOMER, 9),
    (formulas::CV_RATE, 10),
];

/// The absolute reference of a named input cell, for `define_name`.
pub fn input_reference(sheet: &str, row: u32) -> String {
    format!("='{}'!$B${}", sheet.replace('\'', "''"), row + 1)
}

/// What a key means, for the reader of the sheet.
fn describe(lang: Lang, key: &str) -> &'static str {
    match key {
        "lang" => lang.pick("レポートの言語", "report language"),
        "currency" => lang.pick("通貨", "currency"),
        "period" => lang.pick(
            "対象期間 (両端を含む)",
            "report period (both ends inclusive)",
        ),
        "fiscal_year_start_month" => lang.pick(
            "会計年度の開始月 (--fy)",
            "first month of the fiscal year (--fy)",
        ),
        "model" => lang.pick(
            "チャネル別の貢献に使うアトリビューションモデル",
            "attribution model of the channel figures",
        ),
        "lookback_days" => lang.pick(
            "商談作成日から遡る接点の日数",
            "days of touches before a deal's creation",
        ),
        "half_life_days" => lang.pick(
            "減衰モデルの半減期 (日)",
            "half-life of the time-decay model (days)",
        ),
        "gross_margin" => lang.pick(
            "粗利率 (ROIとLTVに使用)",
            "gross margin (used by ROI and LTV)",
        ),
        "monthly_churn" => lang.pick(
            "月次解約率 (LTV churn方式)",
            "monthly churn (LTV churn method)",
        ),
        "lifetime_months" => lang.pick(
            "継続月数 (LTV lifetime方式)",
            "customer lifetime in months (LTV lifetime method)",
        ),
        "purchases_per_customer" => lang.pick(
            "顧客あたり購入回数 (LTV deal方式)",
            "purchases per customer (LTV deal method)",
        ),
        "ltv_method" => lang.pick(
            "LTVの算出方式 (auto = 自動選択)",
            "LTV method (auto = chosen from the data)",
        ),
        "cv_rate" => lang.pick(
            "セッション→リードの転換率 (逆算計画)",
            "session to lead rate (reverse plan)",
        ),
        "engagement_rate_basis" => lang.pick(
            "エンゲージメント率の分母",
            "denominator of the engagement rate",
        ),
        "sns_channels" => lang.pick("SNSとして数えるチャネル", "channels counted as SNS"),
        "date_order" => lang.pick(
            "日/月があいまいな日付の読み方",
            "how ambiguous day/month dates are read",
        ),
        "channels" => lang.pick("追加のチャネル別名", "extra channel aliases"),
        _ => "",
    }
}

pub fn sheet(context: &ReportContext, names: &SheetNames, styles: &Styles) -> XResult<Worksheet> {
    let lang = context.config.lang;
    let config = context.config;
    let metrics = context.metrics;
    let mut s = SheetWriter::new(&names.assumptions, styles, context.values_only)?;
    s.heading(0, 0, lang.pick("前提条件", "Assumptions"), &styles.title)?;
    let config_file = match &config.file {
        Some(path) => format!(
            "{}: {}",
            lang.pick("設定ファイル", "Config file"),
            path.display()
        ),
        None => lang
            .pick("設定ファイルなし (既定値)", "No config file (defaults)")
            .to_string(),
    };
    s.heading(1, 0, &config_file, &styles.note)?;

    // The inputs the formulas read: change one and the report recalculates.
    s.heading(
        2,
        0,
        lang.pick(
            "数式が参照する値 (変更すると再計算されます)",
            "Values the formulas use (change one and the report recalculates)",
        ),
        &styles.subtitle,
    )?;
    for (name, row) in INPUT_CELLS {
        s.text_with(row, 0, name, &styles.label)?;
        match name {
            formulas::PERIOD_START => s.date(row, 1, metrics.period.map(|p| p.start))?,
            formulas::PERIOD_END => s.date(row, 1, metrics.period.map(|p| p.end))?,
            formulas::GROSS_MARGIN => s.number(row, 1, Some(config.gross_margin), Kind::Rate)?,
            formulas::MONTHLY_CHURN => s.number(row, 1, config.monthly_churn, Kind::Rate)?,
            formulas::LIFETIME_MONTHS => s.number(row, 1, config.lifetime_months, Kind::Decimal)?,
            formulas::PURCHASES_PER_CUSTOMER => {
                s.number(row, 1, Some(config.purchases_per_customer), Kind::Decimal)?
            }
            formulas::CV_RATE => s.number(row, 1, Some(config.cv_rate), Kind::Rate)?,
            _ => s.text(row, 1, &metrics.model)?,
        }
        let meaning = match name {
            formulas::PERIOD_START => lang.pick("集計期間の初日", "first day of the period"),
            formulas::PERIOD_END => lang.pick("集計期間の最終日", "last day of the period"),
            formulas::GROSS_MARGIN => describe(lang, "gross_margin"),
            formulas::MONTHLY_CHURN => describe(lang, "monthly_churn"),
            formulas::LIFETIME_MONTHS => describe(lang, "lifetime_months"),
            formulas::PURCHASES_PER_CUSTOMER => describe(lang, "purchases_per_customer"),
            formulas::CV_RATE => describe(lang, "cv_rate"),
            _ => describe(lang, "model"),
        };
        s.text(row, 2, meaning)?;
    }
    let headers = [
        lang.pick("キー", "Key"),
        lang.pick("値", "Value"),
        lang.pick("出所", "Source"),
        lang.pick("説明", "Meaning"),
    ];
    s.header_row(HEADER_ROW, &headers)?;
    let mut row = HEADER_ROW;
    for key in SCALAR_KEYS {
        row += 1;
        s.text(row, 0, key)?;
        s.text(row, 1, &config.display_value(key))?;
        s.text(row, 2, config.source(key).label(lang))?;
        s.text(row, 3, describe(lang, key))?;
    }
    for (table, mapping) in &config.columns {
        for (header, field) in mapping {
            row += 1;
            s.text(row, 0, &format!("columns.{table}"))?;
            s.text(row, 1, &format!("{header} → {field}"))?;
            s.text(row, 2, crate::config::Source::ConfigFile.label(lang))?;
            s.text(row, 3, lang.pick("見出しの対応付け", "header mapping"))?;
        }
    }
    for (layer, metrics_of_layer) in [
        ("kpi_tree.layer1", &config.kpi_tree.layer1),
        ("kpi_tree.layer2", &config.kpi_tree.layer2),
        ("kpi_tree.layer3", &config.kpi_tree.layer3),
    ] {
        if let Some(list) = metrics_of_layer {
            row += 1;
            s.text(row, 0, layer)?;
            s.text(row, 1, &list.join(", "))?;
            s.text(row, 2, crate::config::Source::ConfigFile.label(lang))?;
            s.text(
                row,
                3,
                lang.pick("KPI階層の指標", "metrics of the KPI tree layer"),
            )?;
        }
    }
    s.table(HEADER_ROW, row, headers.len())?;

    // What the settings led to.
    row += 2;
    s.heading(row, 0, lang.pick("適用結果", "In effect"), &styles.subtitle)?;
    row += 1;
    s.text_with(row, 0, lang.pick("集計期間", "Period used"), &styles.label)?;
    if let Some(period) = metrics.period {
        s.date(row, 1, Some(period.start))?;
        s.date(row, 2, Some(period.end))?;
    }
    row += 1;
    s.text_with(row, 0, lang.pick("モデル", "Model"), &styles.label)?;
    s.text(row, 1, &labels::model(lang, &metrics.model))?;
    row += 1;
    s.text_with(row, 0, lang.pick("ROIの基準", "ROI basis"), &styles.label)?;
    s.text(row, 1, &labels::roi_basis(lang, metrics.gross_margin))?;
    row += 1;
    s.text_with(row, 0, lang.pick("LTV方式", "LTV method"), &styles.label)?;
    s.text(row, 1, metrics.figures.ltv.method.as_str())?;
    row += 1;
    s.text_with(row, 0, "ARPA", &styles.label)?;
    s.figure(row, 1, metrics.figures.ltv.arpa, Kind::Money)?;

    if !context.dataset.settings.is_empty() {
        row += 2;
        s.heading(
            row,
            0,
            lang.pick("入力の設定シート", "Settings sheet of the input"),
            &styles.subtitle,
        )?;
        row += 1;
        s.header_row(
            row,
            &[
                lang.pick("キー", "Key"),
                lang.pick("値", "Value"),
                lang.pick("ファイル", "File"),
                lang.pick("シート", "Sheet"),
                lang.pick("行", "Row"),
            ],
        )?;
        for setting in &context.dataset.settings {
            row += 1;
            s.text(row, 0, &setting.key)?;
            s.text(row, 1, &setting.value)?;
            s.text(row, 2, &setting.source.file)?;
            s.text(row, 3, &setting.source.sheet)?;
            s.number(row, 4, Some(f64::from(setting.source.row)), Kind::Count)?;
        }
    }
    s.finish()
}
