//! Lesson assembly on small in-memory vaults: badges from a hand-made check
//! report (a refuted formula must be impossible to miss), links, cards and
//! figures.
use super::*;
use crate::render::lessons::render_page;
use crate::render::templates::load_with;
use crate::report::ClaimEntry;
use crate::vault::test_vault;

const NOTE: &str = "# momentum\n\nthe limit $s_\\infty = -\\frac{\\alpha g}{1-\\rho}$ and the sum $1 + \\rho = 2$\n\n$$\nv = \\beta v + \\eta g\n$$\n\nsee [[adam]] and [[nowhere]]\n\nSTART\nBasic\nfirst step of [[m]]?\nBack: $s_1 = -\\alpha g_1$\nEND\n";

fn claim(line: usize, column: usize, latex: &str, status: Status, reason: &str) -> ClaimEntry {
    ClaimEntry {
        id: format!("m.md:{line}:{column}#0"),
        file: "m.md".into(),
        line,
        column,
        latex: latex.into(),
        kind: "identity".into(),
        status,
        reason: reason.into(),
        evidence: serde_json::json!({"counterexample": {"rho": 0.5, "got": 1.5, "want": 2.0}}),
        formula: latex.into(),
        bytes: 0..1,
    }
}

fn report() -> CheckReport {
    CheckReport::new(
        vec![
            claim(
                3,
                12,
                r"s_\infty = -\frac{\alpha g}{1-\rho}",
                Status::Verified,
                "limit matches after 285 steps",
            ),
            claim(
                3,
                58,
                r"1 + \rho = 2",
                Status::Refuted,
                "fails at rho = 0.5: 1.5 != 2",
            ),
        ],
        &[],
    )
}

fn lessons(report: Option<&CheckReport>) -> Lessons {
    let vault = test_vault(&[("m.md", NOTE), ("adam.md", "# adam\n")]);
    assemble(&vault, report)
}

fn page_of(lessons: &Lessons, note: &str) -> Lesson {
    lessons
        .pages
        .iter()
        .find(|p| p.note == note)
        .unwrap()
        .clone()
}

#[test]
fn refuted_formula_is_outlined_labelled_bannered_and_footnoted() {
    let report = report();
    let lessons = lessons(Some(&report));
    let page = page_of(&lessons, "m.md");
    assert_eq!(page.formulas, 4);
    assert_eq!(
        page.counts,
        VerdictCounts {
            verified: 1,
            unchecked: 2,
            refuted: 1
        }
    );
    assert_eq!(page.refuted, [2]);
    assert!(page.body.contains(
        "<span class=\"formula formula-inline verdict-refuted\" id=\"f2\" data-formula=\"2\" data-status=\"refuted\">"
    ));
    assert!(page.body.contains(
        "<a class=\"badge badge-refuted\" href=\"#v2\" title=\"refuted: fails at rho = 0.5: 1.5 != 2\">✗ refuted<sup>2</sup></a>"
    ));
    assert!(
        page.body
            .contains("class=\"badge badge-verified\" href=\"#v1\"")
    );
    // A formula the report has no claim for is unchecked, with that reason.
    assert!(
        page.body
            .contains("title=\"unchecked: the checker found no claim in this formula\"")
    );
    let refuted = &page.footnotes[1];
    assert_eq!((refuted.number, refuted.status.as_str()), (2, "refuted"));
    assert_eq!(refuted.claims[0].reason, "fails at rho = 0.5: 1.5 != 2");
    assert!(refuted.claims[0].evidence.contains("\"counterexample\""));

    let templates = load_with(&[]).unwrap();
    let html = render_page(&templates, &page, true, "v").unwrap();
    assert!(html.contains("<div class=\"refuted-banner\" role=\"alert\">"));
    assert!(html.contains("<a href=\"#f2\">formula 2</a>"));
    assert!(html.contains("<li id=\"v2\" class=\"verdict verdict-refuted\" value=\"2\">"));
    assert!(html.contains("<details open><summary>evidence (counterexample)</summary>"));
    assert!(!html.contains("checker not run"));
}

#[test]
fn without_a_report_every_badge_says_checker_not_run() {
    let lessons = lessons(None);
    let page = page_of(&lessons, "m.md");
    assert_eq!(page.counts.unchecked, page.formulas);
    assert!(page.footnotes.is_empty() && page.refuted.is_empty());
    assert_eq!(
        page.body
            .matches("title=\"unchecked: checker not run\"")
            .count(),
        3
    );
    let templates = load_with(&[]).unwrap();
    let html = render_page(&templates, &page, false, "v").unwrap();
    assert!(!html.contains("refuted-banner\""));
    assert!(html.contains("(checker not run)"));
}

#[test]
fn every_formula_is_mathml_with_its_source_as_alttext() {
    let page = page_of(&lessons(None), "m.md");
    let cards: usize = page
        .cards
        .iter()
        .map(|c| c.answer.concat().matches("<math ").count())
        .sum();
    assert_eq!(page.body.matches("<math ").count() + cards, page.formulas);
    assert!(page.body.contains("alttext=\"1 + \\rho = 2\""));
    assert!(!page.body.contains('$'));
}

#[test]
fn a_formula_pulldown_latex_cannot_render_is_code_with_a_warning() {
    let vault = test_vault(&[("x.md", "bad $\\notacommand{x}$ here\n")]);
    let lessons = assemble(&vault, None);
    let page = &lessons.pages[0];
    assert!(
        page.body
            .contains("<code class=\"latex-source\">\\notacommand{x}</code>"),
        "{}",
        page.body
    );
    let warning = lessons.diagnostics[0].to_string();
    assert!(
        warning.starts_with("x.md:1: warning: formula shown as LaTeX source"),
        "{warning}"
    );
}

#[test]
fn links_go_between_pages_and_a_missing_note_is_text_with_a_warning() {
    let lessons = lessons(None);
    let page = page_of(&lessons, "m.md");
    assert!(
        page.body
            .contains("<a class=\"wikilink\" href=\"adam.html\">adam</a>")
    );
    assert!(
        page.body
            .contains("<span class=\"missing-link\" title=\"no such note\">nowhere</span>")
    );
    let messages: Vec<String> = lessons.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        ["m.md:9: warning: link to a missing note: [[nowhere]]"]
    );
}

#[test]
fn cards_come_as_question_and_answer_with_math() {
    let page = page_of(&lessons(None), "m.md");
    assert_eq!(page.cards.len(), 1);
    let card = &page.cards[0];
    assert_eq!((card.line, card.note_type.as_str()), (11, "Basic"));
    assert!(
        card.question
            .contains("<a class=\"wikilink\" href=\"m.html\">m</a>")
    );
    assert!(card.answer[0].contains("alttext=\"s_1 = -\\alpha g_1\""));
}

#[test]
fn the_figure_draws_the_optimizers_the_note_names_with_their_hyperparameters() {
    let page = page_of(&lessons(None), "m.md");
    let figure = page.figure.expect("momentum and adam are named");
    let names: Vec<&str> = figure.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["momentum", "adam"]);
    assert_eq!(
        figure.entries[0].hyperparameters,
        "lr=0.001, momentum=0.9, momentum_form=velocity"
    );
    assert!(figure.svg.starts_with("<svg") && figure.svg.contains("\nmomentum\n"));
    assert!(page_of(&lessons(None), "adam.md").figure.is_some());
    let plain = assemble(&test_vault(&[("p.md", "# series\n")]), None);
    assert!(plain.pages[0].figure.is_none());
}

#[test]
fn a_link_to_an_attachment_is_text_and_only_a_missing_one_warns() {
    use crate::vault::{Attachment, SourceFile, from_sources};
    let files = [SourceFile {
        path: "n.md".into(),
        text: "see [[diagram.png]], [[gone.pdf]] and [[nothing]]\n".into(),
    }];
    let attachment = Attachment {
        path: "diagram.png".into(),
        disk_path: "diagram.png".into(),
        media_name: String::new(),
    };
    let vault = from_sources("v", &files, vec![attachment]);
    let lessons = assemble(&vault, None);
    let body = &page_of(&lessons, "n.md").body;
    assert!(
        body.contains("<span class=\"attachment-link\">diagram.png</span>"),
        "{body}"
    );
    let messages: Vec<String> = lessons.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        [
            "n.md:1: warning: link to a missing attachment: [[gone.pdf]]",
            "n.md:1: warning: link to a missing note: [[nothing]]"
        ]
    );
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
fn images_point_at_the_copied_media() {
    let vault = vault_with_media(
        &[
            (
                "top.md",
                "# top\n![[pixel.png]]\n\n![alt](img/curve%20one.png)\n",
            ),
            (
                "deep/er/n.md",
                "# n\ntext ![[pixel.png]] and ![[tone.mp3]]\n",
            ),
        ],
        &["img/curve one.png", "pixel.png", "tone.mp3"],
    );
    let lessons = assemble(&vault, None);
    let top = page_of(&lessons, "top.md");
    assert!(
        top.body.contains("<img src=\"../media/pixel.png\">"),
        "{}",
        top.body
    );
    assert!(
        top.body
            .contains("<img src=\"../media/curve%20one.png\" alt=\"alt\">"),
        "{}",
        top.body
    );
    let deep = page_of(&lessons, "deep/er/n.md");
    assert!(
        deep.body.contains("<img src=\"../../../media/pixel.png\">"),
        "{}",
        deep.body
    );
    assert!(
        deep.body
            .contains("<audio controls src=\"../../../media/tone.mp3\">tone.mp3</audio>"),
        "{}",
        deep.body
    );
    let media: Vec<&str> = lessons.media.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(media, ["img/curve one.png", "pixel.png", "tone.mp3"]);
}

#[test]
fn hostile_html_never_reaches_a_page() {
    let note = "# h\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1)) \
                ![d](data:image/png;base64,AAAA) $\\operatorname{</math><script>alert(2)</script>}$\n\n\
                START\nBasic\n<b onclick=\"alert(3)\">q</b>\nBack: <svg onload=alert(4)></svg> a\nEND\n";
    let vault = test_vault(&[("h.md", note)]);
    let lessons = assemble(&vault, None);
    let page = page_of(&lessons, "h.md");
    let card = &page.cards[0];
    for html in [&page.body, &card.question, &card.answer[0]] {
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "data:",
            "<svg",
        ] {
            assert!(!lower.contains(bad), "{bad} in {html}");
        }
    }
    assert!(page.body.contains("<img src=\"x\">"), "{}", page.body);
    assert!(
        page.body
            .contains("&lt;/math&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
        "{}",
        page.body
    );
    assert_eq!(card.question, "<b>q</b>");
}

#[test]
fn pages_forbid_scripts() {
    let templates = load_with(&[]).unwrap();
    let lessons = lessons(None);
    let html = render_page(&templates, &page_of(&lessons, "m.md"), false, "v").unwrap();
    let csp = html
        .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSP meta element");
    assert!(csp.contains("script-src 'none'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    assert!(!html.contains("<script"), "the pages need no script");
    assert!(html.find("Content-Security-Policy") < html.find("<style>"));
}

#[test]
fn display_math_is_laid_out_as_math() {
    let templates = load_with(&[]).unwrap();
    let lessons = lessons(None);
    let html = render_page(&templates, &page_of(&lessons, "m.md"), false, "v").unwrap();
    assert!(html.contains(".formula-display math { display: block math; }"));
    assert!(!html.contains(".formula-display math { display: block; }"));
    assert!(html.contains("<math alttext=\"v = \\beta v + \\eta g\" display=\"block\""));
}
