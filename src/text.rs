//! How names written by people are compared: NFKC (full-width to half-width), case folded, runs of
//! whitespace as one space. A leaf: headers, aliases, channel and stage names, metric labels and
//! fiscal years all compare this way, whatever module reads them.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The NFKC form of `text` (full-width letters and digits to half-width), borrowed when `text`
/// already is in that form, as plain ASCII always is: most cells, read a million times.
pub fn nfkc(text: &str) -> Cow<'_, str> {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

/// Trims, applies NFKC (full-width to half-width) and folds case: the form in which headers,
/// aliases and enumerated values are compared. Runs of whitespace become one space.
pub fn normalize_key(text: &str) -> String {
    let folded = nfkc(text).to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `normalize_key` with `_` and `-` read as spaces: the form in which names written many ways by
/// many tools are compared (channels, deal stages): `paid_search`, `Paid Search` and
/// `PAID-SEARCH` are one name.
pub fn loose_key(text: &str) -> String {
    let key = normalize_key(text).replace(['_', '-'], " ");
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}
