//! Sanitising the HTML a note writes itself, with ammonia (issue 13).
//!
//! A note may hold raw HTML (`<sub>`, tables, `<details>`, `<img>`, …) and
//! Markdown links of any scheme; pulldown-cmark passes both through. Before
//! verideck puts its own markup (formulas, wikilinks, embeds) back into the
//! rendered Markdown, [`clean`] runs the whole fragment through an ammonia
//! allow-list: the tags Obsidian users write stay, with the few attributes
//! they need; scripts, event handlers, `style` (but for the table
//! alignment pulldown-cmark writes), `id`, classes (but for the
//! `language-…` class of fenced code and the `cloze`/`cloze-blank` spans
//! of lesson cards), forms and embedded documents go;
//! URLs keep only the `http`, `https`, `mailto` and `obsidian` schemes or
//! stay relative, so `javascript:`, `vbscript:` and `data:` links and
//! images are dropped. Cards and lesson pages share this one policy.
use ammonia::{Builder, UrlRelative};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The elements a note's own HTML may use.
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// The URL schemes a link or image may use; anything else (`javascript:`,
/// `vbscript:`, `data:`, `file:` …) loses its `href`/`src`.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "obsidian"];

/// The classes a `<span>` may keep: the lesson cards' cloze markup.
const CLOZE_CLASSES: &[&str] = &["cloze", "cloze-blank"];

/// Attributes allowed on every allowed element.
const GENERIC_ATTRIBUTES: &[&str] = &["title", "lang", "dir"];

/// Attributes allowed per element.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "alt", "width", "height"]),
    ("input", &["type", "checked", "disabled"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("td", &["colspan", "rowspan", "align", "style"]),
    ("th", &["colspan", "rowspan", "align", "scope", "style"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("details", &["open"]),
    ("font", &["color"]),
    ("code", &["class"]),
    ("span", &["class"]),
    ("bdo", &["dir"]),
];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
        .collect();
    let mut builder = Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .clean_content_tags(
            [
                "script", "style", "template", "iframe", "noscript", "object",
            ]
            .into_iter()
            .collect(),
        )
        .attribute_filter(filter_attribute);
    builder
});

/// The values kept for the attributes that need more than the allow-list:
/// a table cell's `style` only as `text-align`, `<code>`'s `class` only
/// as `language-…`, `<span>`'s only as the cloze classes the lesson cards
/// write ([`crate::lesson::cards`]), `<input>` only as a checkbox (task
/// lists). A page's own classes (badges, verdicts) cannot be forged.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        (_, "style") => text_align(value).map(|a| Cow::Owned(format!("text-align: {a}"))),
        ("code", "class") => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| {
                    c.strip_prefix("language-").is_some_and(|l| {
                        !l.is_empty()
                            && l.chars()
                                .all(|ch| ch.is_ascii_alphanumeric() || "+-_#.".contains(ch))
                    })
                })
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        ("span", "class") => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| CLOZE_CLASSES.contains(c))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        ("input", "type") => value
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed("checkbox")),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// `left`, `center` or `right` when `style` is exactly one `text-align`.
fn text_align(style: &str) -> Option<&'static str> {
    let (property, value) = style.trim().trim_end_matches(';').split_once(':')?;
    if !property.trim().eq_ignore_ascii_case("text-align") {
        return None;
    }
    match value.trim().to_ascii_lowercase().as_str() {
        "left" => Some("left"),
        "center" => Some("center"),
        "right" => Some("right"),
        _ => None,
    }
}

/// `html` (a fragment) with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        assert_eq!(clean("a<script>alert(1)</script>b"), "ab");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
        assert_eq!(clean("<b onclick=\"x()\">b</b>"), "<b>b</b>");
        assert_eq!(clean("<svg><script>alert(1)</script></svg>"), "");
        assert_eq!(clean("<iframe src=\"https://e\"></iframe>t"), "t");
        assert_eq!(clean("<style>*{}</style>t"), "t");
        assert_eq!(clean("<!-- c -->t"), "t");
    }

    #[test]
    fn dangerous_urls_are_dropped() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java&#x09;script:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/png;base64,AAAA",
        ] {
            let a = clean(&format!("<a href=\"{url}\">x</a>"));
            assert!(!a.contains("href"), "{url}: {a}");
            let img = clean(&format!("<img src=\"{url}\">"));
            assert!(!img.contains("src"), "{url}: {img}");
        }
        assert_eq!(
            clean("<a href=\"https://example.org/a?b=1&amp;c\">x</a>"),
            "<a href=\"https://example.org/a?b=1&amp;c\" rel=\"noopener noreferrer\">x</a>"
        );
        assert_eq!(
            clean("<img src=\"img/x.png\" alt=\"x\">"),
            "<img src=\"img/x.png\" alt=\"x\">"
        );
    }

    #[test]
    fn obsidian_html_survives() {
        let kept = [
            "<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>",
            "x<br>y",
            "H<sub>2</sub>O e<sup>x</sup>",
            "<details open=\"\"><summary>s</summary>body</details>",
            "<b>b</b> <i>i</i> <u>u</u> <mark>m</mark> <kbd>Ctrl</kbd>",
            "<div>d</div>",
            "<span>s</span>",
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>",
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\">done</li>\n</ul>",
        ];
        for html in kept {
            assert_eq!(clean(html), html);
        }
    }

    #[test]
    fn attributes_outside_the_list_go() {
        assert_eq!(
            clean(
                "<span style=\"position:fixed\" class=\"badge badge-verified\" id=\"f1\">x</span>"
            ),
            "<span>x</span>"
        );
        assert_eq!(
            clean("<td style=\"text-align: left; color: red\">x</td>"),
            "x"
        );
        assert_eq!(
            clean("<code class=\"language-py evil\">x</code>"),
            "<code class=\"language-py\">x</code>"
        );
        assert_eq!(clean("<input type=\"text\" name=\"q\">"), "<input>");
        assert_eq!(
            clean(
                "<span class=\"cloze badge-verified\">a</span><span class=\"cloze-blank\">[…]</span>"
            ),
            "<span class=\"cloze\">a</span><span class=\"cloze-blank\">[…]</span>"
        );
        assert_eq!(clean("<form action=\"x\"><button>b</button></form>"), "b");
    }

    #[test]
    fn cloze_markup_is_text() {
        assert_eq!(
            clean("{{c1::a &lt; b::hint}} and {{c2::<b>x</b>}}"),
            "{{c1::a &lt; b::hint}} and {{c2::<b>x</b>}}"
        );
    }

    #[test]
    fn text_align_only() {
        assert_eq!(text_align("text-align: right;"), Some("right"));
        assert_eq!(text_align("TEXT-ALIGN:Center"), Some("center"));
        assert_eq!(text_align("text-align: right; x: y"), None);
        assert_eq!(text_align("color: red"), None);
    }
}
