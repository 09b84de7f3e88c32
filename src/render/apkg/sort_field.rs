//! A note's sort field (`sfld`) and first-field checksum (`csum`), computed
//! as Anki computes them: the first field with HTML comments and tags
//! removed — keeping the file name of an `<img>`, `<audio>`, `<video>` or
//! `<object>` as ` name ` — and entities decoded; `csum` is the first four
//! bytes of SHA-1 of that text, as a big-endian integer (the first eight hex
//! digits). Anki recomputes both on import, so these only keep the package
//! self-consistent for tools that read it directly.
use regex::Regex;
use sha1::{Digest, Sha1};
use std::sync::LazyLock;

static MEDIA_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?si)<\b(?:img|audio|video|object)\b(?:[^>"']|"[^"]*"|'[^']*')*?\b(?:src|data)\b=(?:"([^"]+?)"|'([^']+?)'|([^ >]+?))(?:[^>"']|"[^"]*"|'[^']*')*?>"#,
    )
    .expect("valid regex")
});

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?si)<!--.*?-->|<.*?>").expect("valid regex"));

static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));").expect("valid regex")
});

/// `html` without tags and comments (media file names kept), entities decoded.
pub fn strip_html(html: &str) -> String {
    let media = MEDIA_TAG.replace_all(html, " ${1}${2}${3} ");
    let text = TAG.replace_all(&media, "");
    decode_entities(&text)
}

fn decode_entities(text: &str) -> String {
    ENTITY
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let decoded = if let Some(dec) = caps.get(1) {
                dec.as_str().parse().ok().and_then(char::from_u32)
            } else if let Some(hex) = caps.get(2) {
                u32::from_str_radix(hex.as_str(), 16)
                    .ok()
                    .and_then(char::from_u32)
            } else {
                match &caps[3] {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ => None,
                }
            };
            match decoded {
                Some('\u{a0}') => " ".to_string(),
                Some(c) => c.to_string(),
                None => caps[0].to_string(),
            }
        })
        .into_owned()
}

/// Anki's checksum of the (already stripped) first field.
pub fn checksum(stripped: &str) -> i64 {
    let digest = Sha1::digest(stripped.as_bytes());
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_keeps_media_names_decodes_entities() {
        assert_eq!(strip_html("<p>a <b>b</b></p>"), "a b");
        assert_eq!(strip_html("x<!-- c -->y"), "xy");
        assert_eq!(strip_html("<img src=\"pic.png\">"), " pic.png ");
        assert_eq!(strip_html("<img alt='x' src='a b.png' />"), " a b.png ");
        assert_eq!(
            strip_html("\\(a &lt; b &amp;&amp; c&gt;d\\)"),
            "\\(a < b && c>d\\)"
        );
        assert_eq!(strip_html("&#955;&#x3bb;&nbsp;&unknown;"), "λλ &unknown;");
    }

    #[test]
    fn checksum_is_the_first_eight_hex_digits_of_sha1() {
        // SHA-1("") = da39a3ee…, SHA-1("abc") = a9993e36…
        assert_eq!(checksum(""), 0xda39a3ee);
        assert_eq!(checksum("abc"), 0xa9993e36);
    }
}
