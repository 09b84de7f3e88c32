//! Issues 13 and 14 end to end: a vault whose notes carry scripts, event
//! handlers, `javascript:`/`data:` URLs and formulas that try to close the
//! MathML builds into lesson pages and card fields with no executable
//! content; pages carry a script-forbidding Content-Security-Policy; images
//! of a note point at the copies in `out/media/` from every folder depth,
//! while card fields keep the bare media names Anki wants.
mod common;
use common::TempVault;

const HOSTILE: &str = "# hostile\n\
<script>alert('raw')</script>\n\
\n\
An image <img src=x onerror=alert(1)> and [a link](javascript:alert(2)), \
[vb](vbscript:msgbox(3)), ![data](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=) \
and <a href=\"JaVaScRiPt:alert(4)\">mixed case</a>.\n\
\n\
<div onmouseover=\"alert(5)\"><iframe src=\"https://example.org\"></iframe>kept text</div>\n\
\n\
Operator $\\operatorname{</math><script>alert(6)</script>}$ and text $\\text{</mtext></math><img src=x onerror=alert(7)>}$ \
and roman $\\mathrm{<svg onload=alert(8)>}$.\n\
\n\
$$\n\\operatorname{\"><script>alert(9)</script>} x\n$$\n\
\n\
H<sub>2</sub>O, <mark>marked</mark>, <kbd>Ctrl</kbd><br>next\n\
\n\
<details><summary>more</summary>hidden <b>bold</b></details>\n\
\n\
START\n\
Cloze\n\
{{c1::secret}} <script>alert(10)</script><img src=y onerror=alert(11)> [c](javascript:alert(12))\n\
END\n\
\n\
START\n\
Basic\n\
<b onclick=\"alert(13)\">question</b>\n\
Back: <svg><script>alert(14)</script></svg>answer $\\operatorname{</math><script>alert(15)</script>}$\n\
END\n";

const PICTURES: &str = "# pictures\n\
![[pixel.png]]\n\
\n\
![the curve](img/loss%20curve.png)\n";

const DEEP: &str = "# deep\n\
text ![[pixel.png]]\n\
\n\
START\n\
Basic\n\
which picture?\n\
Back: ![[pixel.png]]\n\
END\n";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

fn vault() -> TempVault {
    TempVault::new(&[
        ("hostile.md", HOSTILE.as_bytes()),
        ("pictures.md", PICTURES.as_bytes()),
        ("a/b/deep.md", DEEP.as_bytes()),
        ("attachments/pixel.png", PNG),
        ("img/loss curve.png", PNG),
    ])
}

fn page(v: &TempVault, page: &str) -> String {
    std::fs::read_to_string(v.out().join("lessons").join(page)).unwrap()
}

/// The elements that must never be live in a page or a field.
const LIVE: &[&str] = &[
    "script", "iframe", "object", "embed", "svg", "form", "base", "meta", "link",
];

/// The tags of `html`: a `<` before a letter opens one (text `<` is
/// always `&lt;`), attributes are read with their quotes.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = tag_end(rest);
        let inside = &rest[..end];
        rest = &rest[end..];
        let name_len = inside
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(inside.len());
        let name = inside[..name_len].to_lowercase();
        found.push((name, attributes(&inside[name_len..])));
    }
    found
}

/// Where the tag that `s` starts (after `<`) ends, quotes respected.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = r;
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
    }
    out
}

/// No live element, no event handler, no script URL anywhere in `html`.
fn assert_inert(what: &str, html: &str) {
    for (name, attrs) in tags(html) {
        assert!(
            !LIVE.contains(&name.as_str()),
            "<{name}> in {what}:\n{html}"
        );
        for (attr, value) in attrs {
            assert!(
                !attr.starts_with("on"),
                "{attr} on <{name}> in {what}:\n{html}"
            );
            let url = value.trim().to_lowercase().replace(['\t', '\n', '\r'], "");
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !url.starts_with(scheme),
                    "{attr}={value} in {what}:\n{html}"
                );
            }
        }
    }
}

#[test]
fn the_tag_scanner_sees_what_a_browser_would_run() {
    let caught = |html: &str| std::panic::catch_unwind(|| assert_inert("t", html)).is_err();
    assert!(caught("<p>x</p><script>alert(1)</script>"));
    assert!(caught("<img src=x onerror=alert(1)>"));
    assert!(caught("<a title='>' href=\"JavaScript:x\">"));
    assert!(caught("<svg/onload=alert(1)>"));
    assert!(!caught(
        "<p title=\"onerror\">&lt;script&gt; onerror=alert(1)</p>"
    ));
}

#[test]
fn lesson_pages_carry_no_executable_content() {
    let v = vault();
    v.build().success();
    let html = page(&v, "hostile.html");
    // The figure is the only inline SVG a page may hold; this note has none.
    let body = &html[html.find("<body>").unwrap()..];
    assert_inert("hostile.html", body);
    assert!(!html.contains("<script"), "{html}");
    for kept in [
        "H<sub>2</sub>O",
        "<mark>marked</mark>",
        "<kbd>Ctrl</kbd><br>",
        "<details><summary>more</summary>hidden <b>bold</b></details>",
        "<div>kept text</div>",
        "<img src=\"x\">",
        "<a rel=\"noopener noreferrer\">a link</a>",
        "&lt;/math&gt;&lt;script&gt;alert(6)&lt;/script&gt;",
        "&lt;/mtext&gt;&lt;/math&gt;&lt;img src=x onerror=alert(7)&gt;",
        "&quot;&gt;&lt;script&gt;alert(9)&lt;/script&gt;",
    ] {
        assert!(html.contains(kept), "{kept} missing:\n{html}");
    }
    // Each formula is one closed <math> element, its text inert.
    assert_eq!(html.matches("<math ").count(), 5, "{html}");
    assert_eq!(html.matches("</math>").count(), 5, "{html}");
}

#[test]
fn card_fields_carry_no_executable_content_and_cloze_survives() {
    let v = vault();
    v.build().success();
    // deck.txt quotes fields CSV-style: `""` is one `"`.
    let deck = v.deck().replace("\"\"", "\"");
    assert_inert("deck.txt", &deck);
    assert!(!deck.contains("<script"), "{deck}");
    assert!(
        deck.contains("{{c1::secret}} <img src=\"y\"> <a rel=\"noopener noreferrer\">c</a>"),
        "{deck}"
    );
    assert!(deck.contains("<b>question</b>"), "{deck}");
    let apkg = std::fs::read(v.out().join("deck.apkg")).unwrap();
    assert!(!apkg.windows(7).any(|w| w.eq_ignore_ascii_case(b"<script")));
}

#[test]
fn every_page_forbids_inline_scripts() {
    let v = vault();
    v.build().success();
    for name in [
        "index.html",
        "hostile.html",
        "pictures.html",
        "a/b/deep.html",
    ] {
        let html = page(&v, name);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none';"),
            "{name}: {head}"
        );
        assert!(!html.contains("<script"), "{name}");
    }
}

#[test]
fn lesson_images_point_at_the_copied_media() {
    let v = vault();
    v.build().success();
    let top = page(&v, "pictures.html");
    assert!(top.contains("<img src=\"../media/pixel.png\">"), "{top}");
    assert!(
        top.contains("<img src=\"../media/loss%20curve.png\" alt=\"the curve\">"),
        "{top}"
    );
    let deep = page(&v, "a/b/deep.html");
    assert!(
        deep.contains("<img src=\"../../../media/pixel.png\">"),
        "{deep}"
    );
    // Shown by pages only, still copied; the card keeps the bare name.
    assert_eq!(std::fs::read(v.out().join("media/pixel.png")).unwrap(), PNG);
    assert_eq!(
        std::fs::read(v.out().join("media/loss curve.png")).unwrap(),
        PNG
    );
    let deck = v.deck().replace("\"\"", "\"");
    assert!(deck.contains("<img src=\"pixel.png\">"), "{deck}");
    assert!(!deck.contains("media/"), "{deck}");
    // Each src resolves to a file, relative to its page.
    for (page_dir, html) in [("", &top), ("a/b/", &deep)] {
        for src in html.split("<img src=\"").skip(1) {
            let src = src.split('"').next().unwrap().replace("%20", " ");
            let file = v.out().join("lessons").join(page_dir).join(&src);
            assert!(file.is_file(), "{src} from {page_dir}: {}", file.display());
        }
    }
}

#[test]
fn display_math_is_laid_out_as_math() {
    let v = vault();
    v.build().success();
    let html = page(&v, "hostile.html");
    assert!(html.contains(".formula-display math { display: block math; }"));
    assert!(!html.contains(".formula-display math { display: block; }"));
    assert!(html.contains("display=\"block\""));
}
