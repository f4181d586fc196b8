//! Display names of metrics, channels, funnel stages, models and statuses, and every other text of
//! the report, in the report language, from `templates/labels.toml` (built into the binary). Ids
//! stay the stable English ids of the spec; these are what a person reads beside them.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::Lang;
use crate::metrics::KpiStatus;

/// The labels file: `section.key` -> [ja, en].
const LABELS_TOML: &str = include_str!("../../templates/labels.toml");

fn labels() -> &'static HashMap<String, [String; 2]> {
    static LABELS: OnceLock<HashMap<String, [String; 2]>> = OnceLock::new();
    LABELS.get_or_init(|| parse(LABELS_TOML).unwrap_or_default())
}

/// Reads the labels file; an entry without both `ja` and `en` texts is an error.
fn parse(text: &str) -> Result<HashMap<String, [String; 2]>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut labels = HashMap::new();
    for (section, entries) in &table {
        let entries = entries
            .as_table()
            .ok_or_else(|| format!("[{section}] is not a table"))?;
        for (key, entry) in entries {
            let text = |lang: &str| {
                entry
                    .get(lang)
                    .and_then(|t| t.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| format!("{section}.{key} has no `{lang}` text"))
            };
            labels.insert(format!("{section}.{key}"), [text("ja")?, text("en")?]);
        }
    }
    Ok(labels)
}

fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let [ja, en] = labels().get(key)?;
    Some(lang.pick(ja, en))
}

/// A text of the report by its key (`kpi.pace`, `common.metric`). A key missing from the labels
/// file shows as itself; a unit test keeps every key used in the code in the file.
pub fn text(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
}

/// A text with `{name}` placeholders filled in.
pub fn fill(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    let mut filled = text(lang, key).to_string();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    filled
}

/// A metric's name for people: `cpa` -> リード獲得単価 (CPA). Unknown ids (custom metrics) are
/// shown as written.
pub fn metric(lang: Lang, id: impl AsRef<str>) -> String {
    let id = id.as_ref();
    if let Some(kind) = id.strip_prefix("conversions:") {
        return fill(lang, "label.conversions", &[("kind", kind)]);
    }
    lookup(lang, &format!("metric.{id}")).map_or_else(|| id.to_string(), str::to_string)
}

/// A channel id's name for people. Team-added ids are shown as they are.
pub fn channel(lang: Lang, id: &str) -> String {
    lookup(lang, &format!("channel.{id}")).map_or_else(|| id.to_string(), str::to_string)
}

/// An attribution model id's name for people, with the id.
pub fn model(lang: Lang, id: &str) -> String {
    match lookup(lang, &format!("model.{id}")) {
        Some(name) => fill(lang, "label.model", &[("name", name), ("id", id)]),
        None => id.to_string(),
    }
}

/// A KPI status as a word with a sign, so it reads without colour too.
pub fn status(lang: Lang, status: KpiStatus) -> &'static str {
    let key = match status {
        KpiStatus::OnTrack => "status.on_track",
        KpiStatus::AtRisk => "status.at_risk",
        KpiStatus::OffTrack => "status.off_track",
        KpiStatus::NoTarget => "status.no_target",
        KpiStatus::NoActual => "status.no_actual",
    };
    text(lang, key)
}

/// The name of a KPI layer.
pub fn layer(lang: Lang, layer: u8) -> String {
    lookup(lang, &format!("layer.{layer}")).map_or_else(|| layer.to_string(), str::to_string)
}

/// Which basis ROI uses: gross profit when a gross margin below 100% is set, else revenue.
pub fn roi_basis(lang: Lang, gross_margin: f64) -> String {
    if gross_margin < 1.0 {
        let percent = format!("{:.1}%", gross_margin * 100.0);
        fill(lang, "label.roi_on_gross_profit", &[("percent", &percent)])
    } else {
        text(lang, "label.roi_on_revenue").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_have_names_in_both_languages_and_unknown_ids_stay_as_written() {
        assert_eq!(metric(Lang::Ja, "cac"), "顧客獲得単価 (CAC)");
        assert_eq!(metric(Lang::En, "cac"), "CAC");
        assert_eq!(metric(Lang::Ja, "nps"), "nps");
        assert_eq!(
            metric(Lang::Ja, "conversions:資料請求"),
            "コンバージョン (資料請求)"
        );
        assert_eq!(channel(Lang::Ja, "unattributed"), "未紐付け");
        assert_eq!(channel(Lang::En, "search_ads"), "Search ads");
        assert_eq!(channel(Lang::Ja, "partner_x"), "partner_x");
        assert_eq!(model(Lang::En, "linear"), "Linear (linear)");
        assert_eq!(roi_basis(Lang::Ja, 0.8), "粗利ベース (粗利率 80.0%)");
        assert_eq!(roi_basis(Lang::En, 1.0), "revenue (gross margin 100%)");
        assert_eq!(layer(Lang::En, 3), "3 Per platform");
        assert_eq!(text(Lang::En, "kpi.pace"), "Pace");
        assert_eq!(text(Lang::Ja, "no.such.key"), "no.such.key");
    }

    #[test]
    fn the_labels_file_is_complete_in_both_languages() {
        let labels = parse(LABELS_TOML).expect("templates/labels.toml parses");
        for (key, [ja, en]) in &labels {
            assert!(!ja.is_empty() && !en.is_empty(), "{key}");
        }
        for id in crate::catalog::METRIC_IDS {
            assert!(labels.contains_key(&format!("metric.{id}")), "metric.{id}");
        }
        for id in crate::channels::DEFAULT_SNS {
            assert!(
                labels.contains_key(&format!("channel.{id}")),
                "channel.{id}"
            );
        }
        for id in crate::config::MODEL_IDS {
            assert!(labels.contains_key(&format!("model.{id}")), "model.{id}");
        }
        assert!(
            parse("[a]\nb = { ja = \"x\" }").is_err(),
            "an entry needs both texts"
        );
    }

    /// Every `labels::text` / `labels::fill` key in the report's code has its entry, and every entry
    /// of a sheet module's section is used, so the file and the code stay in step.
    #[test]
    fn every_text_key_of_the_code_is_in_the_labels_file_and_used() {
        let labels = parse(LABELS_TOML).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = std::collections::BTreeSet::new();
        let files = ["src/report", "src/brief"]
            .into_iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap());
        for entry in files {
            let path = entry.unwrap().path();
            if path.ends_with("labels.rs") {
                continue;
            }
            let code = std::fs::read_to_string(path).unwrap();
            let calls = code.split("labels::text(").skip(1);
            for part in calls.chain(code.split("labels::fill(").skip(1)) {
                // A key passed as a variable (a config key's label) is checked below.
                let arguments = part.split(')').next().unwrap_or_default();
                let Some(key) = arguments.split('"').nth(1) else {
                    continue;
                };
                assert!(
                    labels.contains_key(key),
                    "{key} is not in templates/labels.toml"
                );
                used.insert(key.to_string());
            }
            // The highlights name their sentence templates as data (`highlights.rs`).
            for part in code.split("\"highlights.").skip(1) {
                let key = format!("highlights.{}", part.split('"').next().unwrap_or_default());
                assert!(
                    labels.contains_key(&key),
                    "{key} is not in templates/labels.toml"
                );
                used.insert(key);
            }
        }
        // Sheet names are named by the sheet registry (report/mod.rs) and the data tables
        // (report/columns.rs).
        let data_labels = super::super::columns::DATA_TABLES.iter().map(|t| &t.label);
        for label in super::super::SHEET_LABELS.iter().chain(data_labels) {
            assert!(
                labels.contains_key(*label),
                "{label} is not in templates/labels.toml"
            );
            used.insert(label.to_string());
        }
        // The Assumptions label of each config key is named by its definition.
        for key in crate::config::KEYS {
            if let Some(label) = key.meaning() {
                assert!(
                    labels.contains_key(label),
                    "{label} is not in templates/labels.toml"
                );
                used.insert(label.to_string());
            }
        }
        let by_id = [
            "metric.", "channel.", "model.", "status.", "layer.", "label.",
        ];
        for key in labels.keys() {
            if !by_id.iter().any(|p| key.starts_with(p)) {
                assert!(
                    used.contains(key),
                    "{key} is in templates/labels.toml but not used"
                );
            }
        }
    }
}
