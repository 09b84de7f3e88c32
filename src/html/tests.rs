use super::*;
use crate::vault::{Vault, test_vault};

fn vault(files: &[(&str, &str)]) -> Vault {
    let mut v = test_vault(files);
    v.name = "my vault".into();
    v
}

fn field(text: &str) -> Excerpt {
    Excerpt {
        text: text.to_string(),
        lines: (10..10 + text.split('\n').count()).collect(),
    }
}

fn render(v: &Vault, text: &str) -> (String, Vec<String>) {
    let mut r = HtmlRenderer::new(v);
    let html = r.render("a.md", &field(text));
    (html, r.diagnostics.iter().map(|d| d.to_string()).collect())
}

fn plain(text: &str) -> String {
    let v = vault(&[("a.md", "")]);
    let (html, diags) = render(&v, text);
    assert!(diags.is_empty(), "{diags:?}");
    html
}

#[test]
fn inline_math_is_untouched_by_emphasis() {
    assert_eq!(
        plain("$a_1 * b_2$ and $c_1 * d_2$"),
        "\\(a_1 * b_2\\) and \\(c_1 * d_2\\)"
    );
    assert_eq!(
        plain("*x* $a_b_c$ _y_"),
        "<em>x</em> \\(a_b_c\\) <em>y</em>"
    );
}

#[test]
fn comparison_in_math_is_escaped_once() {
    assert_eq!(plain("$x<y$ & $a>b$"), "\\(x&lt;y\\) &amp; \\(a&gt;b\\)");
}

#[test]
fn display_math_keeps_its_lines() {
    let html = plain(
        "text\n\n$$\n\\begin{split}\ng &= \\nabla R \\\\\n- x &= y_1 * z_2\n\\end{split}\n$$\n\nafter",
    );
    assert_eq!(
        html,
        "<p>text</p>\n<p>\\[\n\\begin{split}\ng &amp;= \\nabla R \\\\\n- x &amp;= y_1 * z_2\n\\end{split}\n\\]</p>\n<p>after</p>"
    );
}

#[test]
fn dollars_in_code_stay_dollars() {
    assert_eq!(plain("`$x$`"), "<code>$x$</code>");
    assert_eq!(
        plain("```sh\necho $$ $HOME\n```"),
        "<pre><code class=\"language-sh\">echo $$ $HOME\n</code></pre>"
    );
}

#[test]
fn escaped_dollar_is_a_dollar() {
    assert_eq!(plain("costs \\$5, not $x$"), "costs $5, not \\(x\\)");
}

#[test]
fn soft_breaks_become_br_and_rules_and_lists_stay() {
    let html = plain("- a\n- b $x$\n\n_________\n### head\nline one\nline two");
    assert_eq!(
        html,
        "<ul>\n<li>a</li>\n<li>b \\(x\\)</li>\n</ul>\n<hr>\n<h3>head</h3>\n<p>line one<br>\nline two</p>"
    );
}

#[test]
fn unclosed_display_math_is_reported_and_kept() {
    let v = vault(&[("a.md", "")]);
    let (html, diags) = render(&v, "ok\n$$\nx = 1");
    assert!(html.contains("$$"));
    assert_eq!(diags, ["a.md:11: unclosed $$\n    | $$"]);
}

#[test]
fn wikilinks_become_obsidian_links_or_text() {
    let v = vault(&[("a.md", ""), ("optim/momentum.md", "")]);
    let (html, _) = render(
        &v,
        "[[momentum|heavy ball]], [[momentum#limit]], [[nowhere]]",
    );
    assert_eq!(
        html,
        "<a href=\"obsidian://open?vault=my%20vault&amp;file=optim%2Fmomentum\">heavy ball</a>, \
<a href=\"obsidian://open?vault=my%20vault&amp;file=optim%2Fmomentum\">momentum &gt; limit</a>, nowhere"
    );
}

#[test]
fn embeds_splice_the_section_rendered_in_its_own_note() {
    let v = vault(&[
        ("a.md", ""),
        (
            "series.md",
            "# intro\nx\n## geometric series\nsum $q^k$ see [[a]]\n## other\nno",
        ),
    ]);
    let (html, diags) = render(&v, "before\n\n![[series#geometric series]]\n\nafter");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        html,
        "<p>before</p>\n<div class=\"embed\"><h2>geometric series</h2>\n<p>sum \\(q^k\\) see \
<a href=\"obsidian://open?vault=my%20vault&amp;file=a\">a</a></p></div>\n<p>after</p>"
    );
}

#[test]
fn missing_embed_is_an_error_with_a_visible_marker() {
    let v = vault(&[("a.md", ""), ("series.md", "# sum\n")]);
    let (html, diags) = render(&v, "x\n![[series#nope]]");
    assert!(html.contains("embed-missing"));
    assert_eq!(
        diags,
        ["a.md:11: embed not found: ![[series#nope]]\n    | ![[series#nope]]"]
    );
    let (_, diags) = render(&v, "![[ghost]]");
    assert_eq!(diags.len(), 1);
}

#[test]
fn embed_cycles_are_cut_and_reported() {
    let v = vault(&[
        ("a.md", ""),
        ("b.md", "# s\n![[c#t]]"),
        ("c.md", "# t\n![[b#s]]"),
    ]);
    let (html, diags) = render(&v, "![[b#s]]");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with("c.md:2: embed cycle: a.md → b.md → c.md → b.md"),
        "{diags:?}"
    );
    assert!(html.contains("embed-cut"));
}

#[test]
fn embed_depth_is_capped() {
    let files: Vec<(String, String)> = (0..12)
        .map(|i| (format!("n{i:02}.md"), format!("# h\n![[n{:02}#h]]", i + 1)))
        .collect();
    let mut refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    refs.push(("a.md", ""));
    let v = vault(&refs);
    let (html, diags) = render(&v, "![[n00#h]]");
    assert!(html.contains("embed-cut"));
    assert_eq!(diags.len(), 1);
    assert!(diags[0].contains("embed depth over 8"), "{diags:?}");
}

#[test]
fn a_lone_paragraph_is_unwrapped_but_two_are_not() {
    assert_eq!(plain("one"), "one");
    assert_eq!(plain("one\n\ntwo"), "<p>one</p>\n<p>two</p>");
}

#[test]
fn encode_uri_component_matches_javascript() {
    assert_eq!(encode_uri_component("a b/c#d~é"), "a%20b%2Fc%23d~%C3%A9");
}

fn vault_with_media(files: &[(&str, &str)], media: &[&str]) -> Vault {
    let files: Vec<crate::vault::SourceFile> = files
        .iter()
        .map(|(path, text)| crate::vault::SourceFile {
            path: path.to_string(),
            text: text.to_string(),
        })
        .collect();
    let attachments = media
        .iter()
        .map(|p| Attachment {
            path: p.to_string(),
            disk_path: p.into(),
            media_name: String::new(),
        })
        .collect();
    crate::vault::from_sources("v", &files, attachments)
}

#[test]
fn raw_scripts_and_handlers_never_reach_a_field() {
    let html = plain("<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)> $a<b$");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(html.contains("<img src=\"x\">"), "{html}");
    assert!(html.contains("\\(a&lt;b\\)"), "{html}");
}

#[test]
fn dangerous_link_schemes_are_dropped() {
    for url in ["javascript:alert(1)", "vbscript:x", "data:text/html,x"] {
        let html = plain(&format!("[x]({url}) ![i]({url})"));
        assert!(!html.contains("href"), "{url}: {html}");
        assert!(!html.contains("src"), "{url}: {html}");
        assert!(!html.contains(url), "{url}: {html}");
    }
    assert_eq!(
        plain("[x](https://example.org)"),
        "<a href=\"https://example.org\" rel=\"noopener noreferrer\">x</a>"
    );
}

#[test]
fn obsidian_html_stays_in_fields() {
    assert_eq!(
        plain("H<sub>2</sub>O, <mark>key</mark>, <kbd>Ctrl</kbd>, <u>u</u>"),
        "H<sub>2</sub>O, <mark>key</mark>, <kbd>Ctrl</kbd>, <u>u</u>"
    );
    assert_eq!(
        plain("| a | b |\n|:-:|--:|\n| 1 | $x$ |"),
        "<table><thead><tr><th style=\"text-align: center\">a</th><th style=\"text-align: right\">b</th></tr></thead><tbody>\n<tr><td style=\"text-align: center\">1</td><td style=\"text-align: right\">\\(x\\)</td></tr>\n</tbody></table>"
    );
}

#[test]
fn cloze_markup_survives_sanitising() {
    assert_eq!(
        plain("{{c1::$x^{2}$}} and {{c2::<b>bold</b>::hint}}<script>x</script>"),
        "{{c1::\\(x^{2}\\)}} and {{c2::<b>bold</b>::hint}}"
    );
}

#[test]
fn a_placeholder_inside_a_tag_is_its_escaped_source() {
    let v = vault(&[("a.md", ""), ("b.md", "")]);
    let (html, _) = render(
        &v,
        "<img alt=\"$x\" onload=\"$\" src=\"y.png\"> <a title=\"[[b]]\">t</a>",
    );
    assert_eq!(
        html,
        "<img alt=\"$x&quot; onload=&quot;$\" src=\"y.png\"> <a title=\"[[b]]\" rel=\"noopener noreferrer\">t</a>"
    );
    let (html, _) = render(
        &v,
        "<span title=\"$\\text{\"><script>alert(1)</script>}$\">t</span>",
    );
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn markdown_images_of_attachments_become_media() {
    let v = vault_with_media(&[("notes/a.md", "")], &["notes/img/x y.png", "pixel.png"]);
    let mut r = HtmlRenderer::new(&v);
    let html = r.render(
        "notes/a.md",
        &field("![plot *1*](img/x%20y.png \"t\") ![[pixel.png]] ![far](https://e.org/p.png) ![none](nope.png)"),
    );
    assert_eq!(
        html,
        "<img src=\"x y.png\" alt=\"plot 1\" title=\"t\"> <img src=\"pixel.png\"> <img src=\"https://e.org/p.png\" alt=\"far\"> <img src=\"nope.png\" alt=\"none\">"
    );
    assert_eq!(r.media.iter().copied().collect::<Vec<_>>(), [0, 1]);
}

#[test]
fn percent_decoding_and_schemes() {
    assert_eq!(percent_decode("a%20b%2Fc%zz%"), "a b/c%zz%");
    assert!(has_scheme("javascript:x"));
    assert!(has_scheme("data:x"));
    assert!(!has_scheme("img/a:b.png"));
    assert!(!has_scheme("x.png"));
}
