use super::*;
use crate::note::lines::fenced_code_lines;

fn run(text: &str) -> BlockScan {
    let lines: Vec<&str> = text.split('\n').collect();
    let code = fenced_code_lines(&lines);
    scan("n.md", &lines, &code, 0)
}

fn messages(scan: &BlockScan) -> Vec<String> {
    scan.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn basic_block_with_trailer() {
    let s = run(
        "intro\nSTART\nBasic\nWhat is $x$?\n- a list\nBack: \n### head\n$$\ny\n$$\nTags: ml WS2526\n<!--ID: 1769357465558-->\nEND\nafter",
    );
    assert!(s.diagnostics.is_empty(), "{:?}", messages(&s));
    let b = &s.blocks[0];
    assert_eq!((b.line, b.end_line), (2, 13));
    assert_eq!(b.note_type, NoteType::Basic);
    assert_eq!(b.fields[0].text, "What is $x$?\n- a list");
    assert_eq!((b.fields[0].line, b.fields[0].column), (4, 1));
    assert_eq!(b.fields[1].text, "### head\n$$\ny\n$$");
    assert_eq!((b.fields[1].line, b.fields[1].column), (7, 1));
    assert_eq!(b.tags, ["ml", "WS2526"]);
    assert_eq!(b.id, Some(1769357465558));
    assert_eq!(b.id_line, Some(12));
    assert_eq!(s.roles[0], LineRole::Body);
    assert!(s.roles[1..13].iter().all(|r| *r == LineRole::Block));
    assert_eq!(s.roles[13], LineRole::Body);
}

#[test]
fn labels_in_any_order_and_text_on_the_label_line() {
    let s = run("START\nBasic\nBack: answer\nFront: question\nEND");
    let b = &s.blocks[0];
    assert_eq!(b.fields[0].text, "question");
    assert_eq!((b.fields[0].line, b.fields[0].column), (4, 8));
    assert_eq!(b.fields[1].text, "answer");
}

#[test]
fn other_word_colon_lines_are_text_and_a_repeated_label_is_text() {
    let s = run("START\nBasic\nQ\nnote: not a field\nBack: a\nBack: b\nEND");
    let b = &s.blocks[0];
    assert_eq!(b.fields[0].text, "Q\nnote: not a field");
    assert_eq!(b.fields[1].text, "a\nBack: b");
}

#[test]
fn cloze_with_back_extra() {
    let s = run("START\nCloze\nThe limit is {{c1::$\\frac{1}{x^{2}}$}}.\nBack Extra: why\nEND");
    let b = &s.blocks[0];
    assert_eq!(b.note_type, NoteType::Cloze);
    assert_eq!(b.fields[1].name, "Back Extra");
    assert_eq!(b.fields[1].text, "why");
}

#[test]
fn start_without_end() {
    let s = run("START\nBasic\nQ\nBack: A\n# later heading");
    assert!(s.blocks.is_empty());
    assert_eq!(messages(&s), ["n.md:1: START without END\n    | START"]);
    assert!(s.roles.iter().all(|r| *r == LineRole::Body));
}

#[test]
fn end_without_start() {
    let s = run("text\nEND\nSTART\nBasic\nQ\nEND");
    assert_eq!(messages(&s), ["n.md:2: END without START\n    | END"]);
    assert_eq!(s.blocks.len(), 1);
}

#[test]
fn nested_start_skips_the_outer_block() {
    let s = run("START\nBasic\nouter\nSTART\nBasic\ninner\nBack: x\nEND");
    assert_eq!(
        messages(&s),
        ["n.md:4: START inside block from line 1 (missing END?)\n    | START"]
    );
    assert_eq!(s.blocks.len(), 1);
    assert_eq!(s.blocks[0].first_field(), "inner");
}

#[test]
fn unknown_note_type() {
    let s = run("START\nBasique\nQ\nEND\nSTART\nBasic\nok\nEND");
    assert_eq!(
        messages(&s),
        ["n.md:2: unknown note type \"Basique\"\n    | Basique"]
    );
    assert_eq!(s.blocks.len(), 1);
}

#[test]
fn empty_front() {
    let s = run("START\nBasic\n\nBack: only a back\nEND");
    assert_eq!(
        messages(&s),
        ["n.md:1: empty first field \"Front\"\n    | START"]
    );
    assert!(s.blocks.is_empty());
}

#[test]
fn cloze_without_deletion() {
    let s = run("START\nCloze\nno deletion here\nEND");
    assert_eq!(
        messages(&s),
        ["n.md:1: Cloze note has no {{cN::…}}\n    | START"]
    );
}

#[test]
fn missing_type_line() {
    let s = run("START\n\nQ\nEND");
    assert_eq!(s.diagnostics.len(), 1);
    assert!(s.blocks.is_empty());
}

#[test]
fn markers_inside_code_do_not_count() {
    let s = run("```\nSTART\nEND\n```\nSTART\nBasic\nQ\n```\nEND\n```\nBack: A\nEND");
    assert!(s.diagnostics.is_empty(), "{:?}", messages(&s));
    assert_eq!(s.blocks.len(), 1);
    assert_eq!(s.blocks[0].first_field(), "Q\n```\nEND\n```");
}

#[test]
fn target_deck_and_file_tags_in_both_forms() {
    let s = run(
        "TARGET DECK\nML::Optim\nTARGET DECK: Other\nFILE TAGS: a b\nFILE TAGS\nc\nSTART\nBasic\nQ\nEND",
    );
    assert_eq!(s.target_deck.as_deref(), Some("ML::Optim"));
    assert_eq!(s.file_tags, ["a", "b", "c"]);
    assert_eq!(s.roles[..6], [LineRole::Marker; 6]);
}

#[test]
fn delete_and_bare_id_in_trailer() {
    let s = run("START\nBasic\nQ\nBack: A\nDELETE\nID: 42\nEND");
    let b = &s.blocks[0];
    assert!(b.delete);
    assert_eq!(b.id, Some(42));
    assert_eq!(b.fields[1].text, "A");
}

#[test]
fn trailer_lines_only_at_the_end() {
    let s = run("START\nBasic\nQ\nBack: A\nTags: early\nmore back\nEND");
    let b = &s.blocks[0];
    assert!(b.tags.is_empty());
    assert_eq!(b.fields[1].text, "A\nTags: early\nmore back");
}

#[test]
fn inline_block() {
    let s = run("see STARTI [Basic] What is 2? Back: two Tags: x y <!--ID: 7--> ENDI here");
    assert!(s.diagnostics.is_empty());
    let b = &s.blocks[0];
    assert_eq!(b.first_field(), "What is 2?");
    assert_eq!(b.fields[1].text, "two");
    assert_eq!(b.tags, ["x", "y"]);
    assert_eq!(b.id, Some(7));
    assert_eq!((b.line, b.end_line), (1, 1));
}

#[test]
fn front_label_plus_unlabelled_text_is_an_error() {
    let s = run("START\nBasic\nstray\nFront: Q\nBack: A\nEND");
    assert!(s.blocks.is_empty());
    assert_eq!(s.diagnostics.len(), 1);
}

#[test]
fn crlf_free_trailing_blanks_on_markers_are_allowed() {
    let s = run("START  \nBasic\nQ\nEND\t");
    assert_eq!(s.blocks.len(), 1);
}
