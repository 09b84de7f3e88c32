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
        "<ul>\n<li>a</li>\n<li>b \\(x\\)</li>\n</ul>\n<hr />\n<h3>head</h3>\n<p>line one<br />\nline two</p>"
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
