//! Headings of a rendered page: `id`s from their text, so that
//! `[[note#heading]]` links have an anchor to land on, and sections left
//! empty once the Anki blocks are taken out of the body are dropped.
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The anchor of a heading: lowercase letters and digits, other runs as `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<h([1-6])>(.*?)</h([1-6])>").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());

/// Gives every `<hN>` of `html` an `id` from its text; repeats get `-1`,
/// `-2`, … so ids stay unique on the page.
pub fn add_heading_ids(html: &str) -> String {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    HEADING
        .replace_all(html, |caps: &regex::Captures<'_>| {
            let text = TAG.replace_all(&caps[2], "");
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let base = match slug(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let n = seen.entry(base.clone()).or_insert(0);
            let id = if *n == 0 { base } else { format!("{base}-{n}") };
            *n += 1;
            format!(
                "<h{0} id=\"{1}\">{2}</h{3}>",
                &caps[1], id, &caps[2], &caps[3]
            )
        })
        .into_owned()
}

static ANY_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<h([1-6])[ >]").unwrap());

/// Removes headings with nothing under them before the next heading of the
/// same or a higher level (or the end): in a lesson, `# cards` is empty
/// once its Anki blocks are shown as cards instead.
pub fn drop_empty_sections(html: &str) -> String {
    let starts: Vec<(usize, usize)> = ANY_HEADING
        .captures_iter(html)
        .filter_map(|c| Some((c.get(0)?.start(), c[1].parse().ok()?)))
        .collect();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (i, &(start, level)) in starts.iter().enumerate() {
        let Some(close) = html[start..].find("</h").map(|at| start + at + 5) else {
            continue;
        };
        let next = starts.get(i + 1);
        let rest_empty = match next {
            Some(&(next_start, _)) => html[close..next_start].trim().is_empty(),
            None => html[close..].trim().is_empty(),
        };
        let closes_section = next.is_none_or(|&(_, next_level)| next_level <= level);
        if rest_empty && closes_section && start >= last {
            out.push_str(&html[last..start]);
            last = next.map_or(html.len(), |&(next_start, _)| next_start);
        }
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_heading_ids() {
        assert_eq!(slug("Bias correction"), "bias-correction");
        assert_eq!(slug("  AdaGrad's step — why? "), "adagrads-step-why");
        let html = add_heading_ids(
            "<h2>first step</h2><p>x</p><h3>First  step</h3><h1><em>a</em> &amp; b</h1>",
        );
        assert_eq!(
            html,
            "<h2 id=\"first-step\">first step</h2><p>x</p><h3 id=\"first-step-1\">First  step</h3><h1 id=\"a-b\"><em>a</em> &amp; b</h1>"
        );
    }

    #[test]
    fn empty_sections_go_but_parents_of_subsections_stay() {
        let html = "<h1 id=\"a\">a</h1>\n<h2 id=\"b\">b</h2>\n<p>x</p>\n<h2 id=\"c\">c</h2>\n<h1 id=\"cards\">cards</h1>\n";
        assert_eq!(
            drop_empty_sections(html),
            "<h1 id=\"a\">a</h1>\n<h2 id=\"b\">b</h2>\n<p>x</p>\n"
        );
    }
}
