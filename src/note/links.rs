//! Obsidian syntax CommonMark does not know: `[[wikilinks]]`, `![[embeds]]`
//! and `#tags`, found with small regexes outside code and math.
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A `[[target#heading|alias]]` link or a `![[target#heading]]` embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiLink {
    /// Byte range of the whole `[[…]]` (with the `!` for embeds).
    pub range: Range<usize>,
    /// `![[…]]` rather than `[[…]]`.
    pub embed: bool,
    /// The note (or attachment) named, without heading or alias.
    pub target: String,
    /// The part after `#`, if any.
    pub heading: Option<String>,
    /// The part after `|`, if any.
    pub alias: Option<String>,
}

impl WikiLink {
    /// The text Obsidian shows: the alias, else the target with `#` as ` > `.
    pub fn display_text(&self) -> String {
        if let Some(alias) = &self.alias {
            return alias.clone();
        }
        match &self.heading {
            Some(h) if self.target.is_empty() => h.clone(),
            Some(h) => format!("{} > {}", self.target, h),
            None => self.target.clone(),
        }
    }

    /// The link as written, for messages: `![[series#sum]]`.
    pub fn source(&self) -> String {
        let mut s = String::new();
        if self.embed {
            s.push('!');
        }
        s.push_str("[[");
        s.push_str(&self.target);
        if let Some(h) = &self.heading {
            s.push('#');
            s.push_str(h);
        }
        s.push_str("]]");
        s
    }
}

static WIKILINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(!?)\[\[([^\[\]\n]+?)\]\]").unwrap());
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[ \t])#([\p{L}\p{N}_\-/]+)").unwrap());

fn outside(range: &Range<usize>, skip: &[Range<usize>]) -> bool {
    !skip
        .iter()
        .any(|s| s.start < range.end && range.start < s.end)
}

/// Finds wikilinks and embeds of `text` that do not overlap `skip` (code and math).
pub fn find_links(text: &str, skip: &[Range<usize>]) -> Vec<WikiLink> {
    WIKILINK
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let range = whole.range();
            if !outside(&range, skip) {
                return None;
            }
            let inner = &caps[2];
            let (target_part, alias) = match inner.split_once('|') {
                Some((t, a)) => (t, Some(a.trim().to_string())),
                None => (inner, None),
            };
            let (target, heading) = match target_part.split_once('#') {
                Some((t, h)) => (t.trim(), Some(h.trim().trim_start_matches('^').to_string())),
                None => (target_part.trim(), None),
            };
            Some(WikiLink {
                range,
                embed: &caps[1] == "!",
                target: target.to_string(),
                heading,
                alias,
            })
        })
        .collect()
}

/// Finds `#tags` of `text` outside `skip`: `#` at line start or after a
/// space, then letters, digits, `_`, `-`, `/`, not all digits.
pub fn find_tags(text: &str, skip: &[Range<usize>]) -> Vec<String> {
    let mut tags = Vec::new();
    for line_start in std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)) {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |e| line_start + e);
        let line = &text[line_start..line_end];
        for caps in TAG.captures_iter(line) {
            let m = caps.get(1).unwrap();
            let range = line_start + m.start() - 1..line_start + m.end();
            let tag = m.as_str();
            if outside(&range, skip) && !tag.chars().all(|c| c.is_ascii_digit()) {
                tags.push(tag.to_string());
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_with_heading_and_alias() {
        let links = find_links("see [[momentum#heavy ball|the ball]] and ![[series]]", &[]);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "momentum");
        assert_eq!(links[0].heading.as_deref(), Some("heavy ball"));
        assert_eq!(links[0].display_text(), "the ball");
        assert!(links[1].embed);
        assert_eq!(links[1].source(), "![[series]]");
        let l = &find_links("[[a/b#c]]", &[])[0];
        assert_eq!(l.display_text(), "a/b > c");
    }

    #[test]
    fn links_in_skipped_ranges_are_ignored() {
        let text = "`[[code]]` [[real]]";
        let code = 0..10;
        let links = find_links(text, std::slice::from_ref(&code));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target, "real");
    }

    #[test]
    fn tags_need_a_space_or_line_start_and_a_letter() {
        let text = "#ml and #ml/optim, not a#b or #123 or ### heading\n#WS2526";
        assert_eq!(find_tags(text, &[]), ["ml", "ml/optim", "WS2526"]);
    }
}
