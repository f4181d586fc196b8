//! A post's permalink -> the id the platform gives the post, so a post exported with only its URL
//! (LinkedIn, TikTok, Instagram's shortcode) and a lead that carries the post's URL in `post_id` or
//! `utm_content` name the same post (SPEC section 9). Forms: LinkedIn `…/feed/update/urn:li:activity:<n>`
//! and `…/posts/<slug>-activity-<n>-<x>`, X / Twitter `…/status/<n>`, YouTube `watch?v=`, `youtu.be/`,
//! `/shorts/`, `/live/`, Instagram `/p/`, `/reel/`, `/reels/`, `/tv/`, TikTok `/video/<n>` and
//! `/photo/<n>`, Facebook `/posts/<n>`, `/videos/<n>`, `permalink.php?story_fbid=<n>`, note
//! `/n/<key>`. Only the host, the path and one query parameter are read, so no URL library is
//! needed.

/// The platform (channel id) whose site a URL is on: `linkedin`, `x`, `youtube`, `instagram`,
/// `tiktok`, `facebook`, `note`.
pub fn platform_of(text: &str) -> Option<&'static str> {
    let (host, _, _) = url_parts(text)?;
    match host.as_str() {
        "linkedin.com" => Some("linkedin"),
        "twitter.com" | "x.com" => Some("x"),
        "youtube.com" | "youtu.be" => Some("youtube"),
        "instagram.com" => Some("instagram"),
        "tiktok.com" => Some("tiktok"),
        "facebook.com" => Some("facebook"),
        "note.com" => Some("note"),
        _ => None,
    }
}

/// The post id a permalink names, or `None` when `text` is not a permalink of a known form.
pub fn post_key(text: &str) -> Option<String> {
    let (host, segments, query) = url_parts(text)?;
    let host = host.as_str();
    let after = |marker: &str| {
        segments
            .iter()
            .position(|s| *s == marker)
            .and_then(|i| segments.get(i + 1))
            .map(|s| s.to_string())
    };
    let key = match host {
        "linkedin.com" => linkedin(&segments),
        "twitter.com" | "x.com" => after("status").filter(|id| is_digits(id)),
        "youtube.com" => query_value(query, "v")
            .or_else(|| after("shorts"))
            .or_else(|| after("live"))
            .or_else(|| after("embed")),
        "youtu.be" => segments.first().map(|s| s.to_string()),
        "instagram.com" => after("p")
            .or_else(|| after("reel"))
            .or_else(|| after("reels"))
            .or_else(|| after("tv")),
        "tiktok.com" => after("video").or_else(|| after("photo")),
        "facebook.com" => query_value(query, "story_fbid")
            .or_else(|| after("posts"))
            .or_else(|| after("videos"))
            .or_else(|| after("reel")),
        "note.com" => after("n"),
        _ => None,
    };
    key.filter(|k| !k.is_empty())
}

/// A URL's host (lower case, without `www.`, `m.`, `mobile.`), its path segments and its query.
fn url_parts(text: &str) -> Option<(String, Vec<&str>, &str)> {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let (host_and_path, query) = match rest.split_once('?') {
        Some((before, query)) => (before, query.split('#').next().unwrap_or_default()),
        None => (rest.split('#').next().unwrap_or_default(), ""),
    };
    let (host, path) = host_and_path.split_once('/').unwrap_or((host_and_path, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let host = host.strip_prefix("mobile.").unwrap_or(host);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    Some((host.to_string(), segments, query))
}

/// When a post was made, as its permalink's id carries it (UTC): X status ids are snowflakes
/// (milliseconds = (id >> 22) + 1288834974657), TikTok video ids hold the Unix second in their
/// top 32 bits. `None` for other links and for ids too small to be of that form.
pub fn id_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let (host, _, _) = url_parts(text)?;
    let id: u64 = post_key(text)?.parse().ok()?;
    let at = match host.as_str() {
        "twitter.com" | "x.com" => {
            chrono::DateTime::from_timestamp_millis((id >> 22) as i64 + 1_288_834_974_657)
        }
        "tiktok.com" => chrono::DateTime::from_timestamp((id >> 32) as i64, 0),
        _ => None,
    }?;
    // Snowflakes began in November 2010, TikTok in 2016: an older time is no such id.
    (chrono::Datelike::year(&at) >= 2010 && id >= 1 << 32).then_some(at)
}

/// LinkedIn: the activity number of `urn:li:activity:<n>` or of a `/posts/<slug>-activity-<n>-…`
/// link; another URN (`urn:li:share:<n>`) as written.
fn linkedin(segments: &[&str]) -> Option<String> {
    for segment in segments {
        let segment = segment.replace("%3A", ":").replace("%3a", ":");
        if let Some(urn) = segment.strip_prefix("urn:li:") {
            return Some(match urn.strip_prefix("activity:") {
                Some(number) => number.to_string(),
                None => format!("urn:li:{urn}"),
            });
        }
        if let Some((_, tail)) = segment.rsplit_once("-activity-") {
            let number: String = tail.chars().take_while(char::is_ascii_digit).collect();
            if !number.is_empty() {
                return Some(number);
            }
        }
    }
    None
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{id_time, post_key};

    #[test]
    fn x_and_tiktok_ids_carry_their_time() {
        // 1212092628029698048 >> 22 = 288985402114 ms after the snowflake epoch (1288834974657):
        // 2019-12-31T19:26:16.771Z.
        let x = id_time("https://twitter.com/x/status/1212092628029698048").unwrap();
        assert_eq!(x.to_rfc3339(), "2019-12-31T19:26:16.771+00:00");
        // A TikTok id whose top 32 bits are 1767571200 (2026-01-05T00:00:00Z).
        let id = (1_767_571_200u64 << 32) | 12345;
        let tiktok = id_time(&format!("https://www.tiktok.com/@acme/video/{id}")).unwrap();
        assert_eq!(tiktok.timestamp(), 1_767_571_200);
        assert!(id_time("https://twitter.com/x/status/20").is_none());
        assert!(id_time("https://www.youtube.com/watch?v=abc").is_none());
    }

    #[test]
    fn each_platforms_permalink_gives_its_post_id() {
        let cases = [
            (
                "https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/",
                "7123456789012345678",
            ),
            (
                "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7123456789012345678",
                "7123456789012345678",
            ),
            (
                "https://www.linkedin.com/posts/acme_launch-activity-7123456789012345678-AbCd?utm_source=share",
                "7123456789012345678",
            ),
            (
                "https://www.linkedin.com/feed/update/urn:li:share:6999/",
                "urn:li:share:6999",
            ),
            (
                "https://twitter.com/rOpenSci/status/826144200114663424",
                "826144200114663424",
            ),
            ("https://x.com/acme/status/1812345678901234567?s=20", "1812345678901234567"),
            (
                "https://mobile.twitter.com/acme/status/1812345678901234567/photo/1",
                "1812345678901234567",
            ),
            ("https://www.youtube.com/watch?v=-HHGH-TTqYM&t=10s", "-HHGH-TTqYM"),
            ("https://youtu.be/UWQNrpakgcA?si=x", "UWQNrpakgcA"),
            ("https://www.youtube.com/shorts/UWQNrpakgcA", "UWQNrpakgcA"),
            ("https://www.instagram.com/p/DHpmj9euOPy/", "DHpmj9euOPy"),
            ("https://www.instagram.com/reel/DHpmj9euOPy/?igsh=abc", "DHpmj9euOPy"),
            (
                "https://www.tiktok.com/@acme/video/7398000000000000001",
                "7398000000000000001",
            ),
            (
                "https://www.facebook.com/permalink.php?story_fbid=987654321&id=123",
                "987654321",
            ),
            ("https://www.facebook.com/123/posts/987654321/", "987654321"),
            ("https://note.com/acme/n/nb131fd0fd288", "nb131fd0fd288"),
        ];
        for (url, id) in cases {
            assert_eq!(post_key(url).as_deref(), Some(id), "{url}");
        }
    }

    #[test]
    fn other_text_is_no_permalink() {
        for text in [
            "LI-0204-01",
            "https://example.com/blog/post",
            "https://twitter.com/acme",
            "https://x.com/acme/status/",
            "linkedin.com/feed/update/urn:li:activity:1",
            "",
        ] {
            assert_eq!(post_key(text), None, "{text}");
        }
    }
}
