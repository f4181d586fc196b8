//! The report language. Labels and messages are chosen with `Lang::pick(ja, en)` at the place they are
//! written, so each text stands next to its translation.

use std::sync::OnceLock;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" | "日本語" => Some(Lang::Ja),
            "en" | "english" | "英語" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.pick("ja", "en")
    }

    /// A number of things as a person reads it: `3件` / `3行` in Japanese (the counter word
    /// `ja`), `1 post` / `2 posts` in English (`one` / `many`, which may carry the verb: `row was`
    /// / `rows were`).
    pub fn count(self, n: u64, ja: &str, one: &str, many: &str) -> String {
        match self {
            Lang::Ja => format!("{n}{ja}"),
            Lang::En => format!("{n} {}", plural(n, one, many)),
        }
    }
}

/// The English word for `n` things: `one` for exactly 1, else `many` (0 posts, 2 posts).
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The report language of this run, once its configuration is read.
static IN_FORCE: OnceLock<Lang> = OnceLock::new();

/// Records the run's report language (the first configuration read wins: one run, one language),
/// so that an error which ends the run is told in it.
pub fn set_in_force(lang: Lang) {
    let _ = IN_FORCE.set(lang);
}

/// The run's report language, if its configuration has been read; errors before that (a bad
/// config, a bad option) name keys and options, in English.
pub fn in_force() -> Option<Lang> {
    IN_FORCE.get().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(Lang::En.count(1, "件", "post", "posts"), "1 post");
        assert_eq!(Lang::En.count(0, "件", "post", "posts"), "0 posts");
        assert_eq!(
            Lang::En.count(2, "行", "row was", "rows were"),
            "2 rows were"
        );
        assert_eq!(Lang::Ja.count(2, "件", "post", "posts"), "2件");
    }
}
