//! Month names of the UI languages besides English that platforms write year-less dates in
//! (TikTok Studio's Spanish UI writes `8 de marzo`): Spanish, Portuguese, French and German. A
//! table, so a language is one more line. English names are `values::month_named`'s.

/// Each language's twelve month names, lower case, January first.
const MONTHS: [[&str; 12]; 4] = [
    // Spanish
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    // Portuguese
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    // French
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    // German
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
];

/// Words that join a day to its month (`8 de marzo`, `1º de março`): they say nothing.
pub(super) fn is_connector(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "de" | "del")
}

/// The month a word names in one of the languages of `MONTHS`, any case, with or without a
/// trailing dot: its full name, or a three-letter (or longer) abbreviation that only one month
/// starts with (`mar`, `févr.`, `dic`; not `jui`, which is June or July in French).
pub(super) fn month_in_other_language(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_lowercase();
    if lower.chars().count() < 3 {
        return None;
    }
    let names = MONTHS.iter().flat_map(|names| names.iter().enumerate());
    if let Some((index, _)) = names.clone().find(|(_, name)| **name == lower) {
        return Some(index as u32 + 1);
    }
    let mut months = names
        .filter(|(_, name)| name.starts_with(&lower))
        .map(|(index, _)| index as u32 + 1);
    let first = months.next()?;
    months.all(|m| m == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_unambiguous_abbreviations_in_each_language() {
        for (word, month) in [
            ("marzo", 3),
            ("Março", 3),
            ("mars", 3),
            ("März", 3),
            ("DICIEMBRE", 12),
            ("août", 8),
            ("févr.", 2),
            ("dic", 12),
            ("okt", 10),
            ("mai", 5),
        ] {
            assert_eq!(month_in_other_language(word), Some(month), "{word}");
        }
        // June or July in French; too short; not a month.
        for word in ["jui", "ju", "de", "lunes"] {
            assert_eq!(month_in_other_language(word), None, "{word}");
        }
    }
}
