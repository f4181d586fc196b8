//! The deal stages kpibook knows as open, won or lost (SPEC section 1): its own words and the
//! default pipelines of the CRMs teams export from, by label and by internal name, in English and
//! Japanese. Data only: reading a status cell is `values::parse_status`, and a team's own stage
//! names come from `[statuses]` in the config. A stage in none of them keeps its deal, open
//! (`unknown_stage`, SPEC section 1).

use crate::model::DealStatus;

/// The stage names of one source, by the status each means.
pub struct StageVocabulary {
    /// Where the names come from, for people (`kpibook schema` lists them under it).
    pub source: &'static str,
    pub open: &'static [&'static str],
    pub won: &'static [&'static str],
    pub lost: &'static [&'static str],
}

impl StageVocabulary {
    /// Every name with the status it means: open, then won, then lost.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, DealStatus)> {
        let of = |names: &'static [&'static str], status| names.iter().map(move |n| (*n, status));
        of(self.open, DealStatus::Open)
            .chain(of(self.won, DealStatus::Won))
            .chain(of(self.lost, DealStatus::Lost))
    }
}

/// The built-in stage names. Compared like channel names: any case, full- or half-width, with
/// `_`, `-` or spaces between words alike (`Closed Won`, `closed_won`, `CLOSED-WON`).
/// Salesforce's Japanese labels beyond 成立 / 不成立 are those Japanese CRM guides agree on; the
/// picklist values stay English in most orgs, so both are listed.
pub const BUILT_IN_STAGES: [StageVocabulary; 5] = [
    StageVocabulary {
        source: "kpibook",
        open: &[
            "open",
            "in progress",
            "商談中",
            "進行中",
            "提案中",
            "検討中",
            "交渉中",
        ],
        won: &[
            "won",
            "受注",
            "受注済",
            "受注済み",
            "成約",
            "成約済",
            "成約済み",
        ],
        lost: &["lost", "失注", "失注済", "不成立", "見送り"],
    },
    StageVocabulary {
        source: "Salesforce (en)",
        open: &[
            "Prospecting",
            "Qualification",
            "Needs Analysis",
            "Value Proposition",
            "Id. Decision Makers",
            "Perception Analysis",
            "Proposal/Price Quote",
            "Negotiation/Review",
            "Qualify",
            "Meet & Present",
            "Propose",
            "Negotiate",
        ],
        won: &["Closed Won"],
        lost: &["Closed Lost"],
    },
    StageVocabulary {
        source: "Salesforce (ja)",
        open: &[
            "見込み調査",
            "プロスペクティング",
            "選定",
            "評価",
            "適格性判定",
            "ニーズ分析",
            "価値提案",
            "意思決定者の特定",
            "認識分析",
            "提案分析",
            "提案/見積",
            "提案/見積もり",
            "提案/価格見積もり",
            "交渉/レビュー",
            "見極め",
            "会議・説明",
            "提案",
            "交渉",
            "最終交渉",
        ],
        won: &["成立"],
        lost: &["不成立"],
    },
    StageVocabulary {
        source: "HubSpot default pipeline (label, internal name)",
        open: &[
            "Appointment Scheduled",
            "appointmentscheduled",
            "Qualified To Buy",
            "qualifiedtobuy",
            "Presentation Scheduled",
            "presentationscheduled",
            "Decision Maker Bought-In",
            "decisionmakerboughtin",
            "Contract Sent",
            "contractsent",
        ],
        won: &["Closed Won", "closedwon", "クローズ済み成立取引"],
        lost: &["Closed Lost", "closedlost", "クローズ済み不成立"],
    },
    StageVocabulary {
        source: "Zoho CRM standard pipeline",
        open: &[
            "Qualification",
            "Needs Analysis",
            "Value Proposition",
            "Identify Decision Makers",
            "Proposal/Price Quote",
            "Negotiation/Review",
        ],
        won: &["Closed Won"],
        lost: &["Closed Lost", "Closed-Lost to Competition"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_names_some_stage() {
        for vocabulary in &BUILT_IN_STAGES {
            assert!(vocabulary.names().next().is_some(), "{}", vocabulary.source);
        }
    }
}
