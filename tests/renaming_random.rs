//! Random consistent renaming (issue 11): the checker's verdicts depend on
//! the structure of a note's formulas, not on the symbols it happens to
//! use. Every note of the sample vault is rewritten several times, each
//! time under a renaming drawn from a fixed seed (a small LCG, so the runs
//! are reproducible) that maps every single-letter and Greek symbol of the
//! note to a fresh symbol from a pool — Greek letters, Latin letters, bold
//! vectors `\mathbf{a}`, words `\mathrm{velocity}` — consistently within the
//! note. Every line must keep its statuses.
//!
//! A renaming never merges two symbols (each target is new to the note and
//! used once) and never touches text: `\text{…}`, `\mathrm{…}`,
//! `\operatorname{…}`, `\mathcal{…}` and `\mathbb{…}` arguments stay, and so
//! does the prose around the math. Where a symbol stands decides what it
//! may become, so that the rewritten note is still a note a person could
//! write: a symbol used as an index or exponent (`g_k`, `\rho^i`,
//! `\nabla_w`) becomes another Latin letter, a symbol written bold somewhere
//! (`\mathbf{w}` beside `w_1`) a Latin letter renamed in both places, a
//! symbol applied to an argument (`f(x)`) a letter. Constants keep their
//! letter: the identity `I`, Euler's `e` and `\pi`.
//! Variant spellings of a Greek letter (`\phi`/`\varphi`,
//! `\epsilon`/`\varepsilon`) are one letter to the checker, so a renaming
//! never gives one to a symbol while the other is in use.
//!
//! Six rounds (seeds 1–6) run here; each draws a new renaming for every note.
mod check_util;

use check_util::{TempVault, notes_dir, read_tree, statuses_by_line};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use verideck::note::math_spans::scan_markdown;
use verideck::report::CheckReport;

/// A LaTeX token.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// `\name` (letters) or `\x` (one other character).
    Command(String),
    /// A maximal run of ASCII letters.
    Word(String),
    /// Anything else, one character.
    Other(char),
}

fn tokens(latex: &str) -> Vec<Tok> {
    let chars: Vec<char> = latex.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && chars[end].is_ascii_alphabetic() {
                end += 1;
            }
            if end == start && end < chars.len() {
                end += 1;
            }
            out.push(Tok::Command(chars[start..end].iter().collect()));
            i = end;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Tok::Other(c));
            i += 1;
        }
    }
    out
}

/// Commands whose braced argument is text or a fixed name, never renamed.
const SKIP_ARGS: [&str; 9] = [
    "text",
    "mathrm",
    "operatorname",
    "textrm",
    "mathcal",
    "mathbb",
    "mathit",
    "begin",
    "end",
];

/// Greek letters that may be renamed and may be targets.
const GREEK: [&str; 32] = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "rho",
    "varrho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Phi",
    "Omega",
];

/// Letters that keep their meaning whatever the note: never sources,
/// never targets.
const CONSTANT_LETTERS: [&str; 6] = ["I", "e", "d", "E", "O", "T"];

/// The other spelling of a Greek letter with a variant form (`\\phi` and
/// `\\varphi`), or the letter itself. The checker reads both spellings as
/// one letter, so a renaming never uses one where the note has the other.
fn variant_of(greek: &str) -> String {
    match greek.strip_prefix("\\var") {
        Some(base) => format!("\\{base}"),
        None => format!("\\var{}", &greek[1..]),
    }
}

/// Words a symbol may become, as `\mathrm{word}`.
const WORDS: [&str; 8] = [
    "velocity", "lr", "acc", "decay", "avg", "scale", "mom", "buf",
];

/// Where a symbol stands in a note, which limits what it may become.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Place {
    /// In a subscript or superscript (an index, an exponent).
    script: bool,
    /// Inside `\mathbf{…}`.
    bold: bool,
    /// Directly followed by `(` or `[` (a function or a named average).
    applied: bool,
}

/// One token of a formula with where it stands.
struct Placed<'a> {
    tok: &'a Tok,
    /// Inside the argument of a [`SKIP_ARGS`] command.
    skipped: bool,
    script: bool,
    bold: bool,
    /// The next token (no whitespace in between).
    next: Option<&'a Tok>,
}

/// Walks a formula's tokens, tracking text arguments, scripts and bold.
fn placed(toks: &[Tok]) -> Vec<Placed<'_>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Group {
        Plain,
        Skip,
        Script,
        Bold,
    }
    let mut stack: Vec<Group> = Vec::new();
    // What the next `{` opens, set by the token before it.
    let mut pending: Option<Group> = None;
    // A script without braces applies to the one next token.
    let mut bare_script = false;
    let mut out = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        let skipped = stack.contains(&Group::Skip);
        let script = bare_script || stack.contains(&Group::Script);
        let bold = stack.contains(&Group::Bold);
        out.push(Placed {
            tok,
            skipped,
            script,
            bold,
            next: toks.get(i + 1),
        });
        match tok {
            Tok::Other('{') => {
                stack.push(pending.take().unwrap_or(Group::Plain));
                bare_script = false;
            }
            Tok::Other('}') => {
                stack.pop();
                pending = None;
            }
            Tok::Other('_') | Tok::Other('^') => {
                pending = Some(Group::Script);
                bare_script = true;
                continue;
            }
            Tok::Other(c) if c.is_whitespace() => continue,
            Tok::Command(name) if SKIP_ARGS.contains(&name.as_str()) => {
                pending = Some(Group::Skip);
                bare_script = false;
            }
            Tok::Command(name) if name == "mathbf" || name == "boldsymbol" => {
                pending = Some(Group::Bold);
                bare_script = false;
            }
            _ => {
                pending = None;
                bare_script = false;
            }
        }
    }
    out
}

/// The source key of a token: `\name` for a Greek letter, the letter for a
/// standalone letter; `None` for anything that is never renamed.
fn source_key(tok: &Tok) -> Option<String> {
    match tok {
        Tok::Command(name) if GREEK.contains(&name.as_str()) => Some(format!("\\{name}")),
        Tok::Word(w) if w.len() == 1 && !CONSTANT_LETTERS.contains(&w.as_str()) => Some(w.clone()),
        _ => None,
    }
}

/// What a note's math uses: every command and word (inside text arguments
/// too, so no target collides with them), and every renamable symbol with
/// the places it stands in.
#[derive(Default)]
struct Usage {
    present: BTreeSet<String>,
    symbols: BTreeMap<String, Place>,
}

fn usage(text: &str) -> Usage {
    let mut u = Usage::default();
    for span in scan_markdown(text).spans {
        let toks = tokens(&text[span.inner.clone()]);
        for p in placed(&toks) {
            match p.tok {
                Tok::Command(name) => {
                    u.present.insert(format!("\\{name}"));
                }
                Tok::Word(w) => {
                    u.present.insert(w.clone());
                    // A run of letters also blocks each of its letters as
                    // a target: `\mathcal{R}` keeps `R` from being used.
                    for c in w.chars() {
                        u.present.insert(c.to_string());
                    }
                }
                Tok::Other(_) => {}
            }
            if p.skipped {
                continue;
            }
            if let Some(key) = source_key(p.tok) {
                let place = u.symbols.entry(key).or_default();
                place.script |= p.script;
                place.bold |= p.bold;
                place.applied |= matches!(p.next, Some(Tok::Other('(' | '[')));
            }
        }
    }
    u
}

/// A small deterministic generator (Knuth's MMIX LCG).
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Self {
        let mut g = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
        g.next();
        g
    }

    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// Latin letters that may be targets.
fn latin() -> Vec<String> {
    ('a'..='z')
        .chain('A'..='Z')
        .map(|c| c.to_string())
        .filter(|c| !CONSTANT_LETTERS.contains(&c.as_str()))
        .collect()
}

/// A renaming of every symbol of `u`, drawn with `rng`: symbol → LaTeX.
fn draw_renaming(u: &Usage, rng: &mut Lcg) -> BTreeMap<String, String> {
    // Letters (and words) taken: present in the note or already a target.
    let mut taken: BTreeSet<String> = u.present.clone();
    let mut map = BTreeMap::new();
    for (symbol, place) in &u.symbols {
        let free_latin: Vec<String> = latin().into_iter().filter(|l| !taken.contains(l)).collect();
        let lower = |v: &[String]| -> Vec<String> {
            v.iter()
                .filter(|l| l.chars().all(|c| c.is_ascii_lowercase()))
                .cloned()
                .collect()
        };
        let free_greek: Vec<String> = GREEK
            .iter()
            .map(|g| format!("\\{g}"))
            .filter(|g| !taken.contains(g) && !taken.contains(&variant_of(g)))
            .collect();
        let mut pool: Vec<String> = Vec::new();
        if place.bold || place.script {
            // An index is a lowercase letter; a bold symbol keeps a letter
            // that `\mathbf{…}` can hold.
            pool.extend(lower(&free_latin));
        } else if place.applied {
            pool.extend(free_latin.iter().cloned());
            pool.extend(free_greek.iter().cloned());
        } else {
            pool.extend(free_latin.iter().cloned());
            pool.extend(free_greek.iter().cloned());
            pool.extend(
                lower(&free_latin)
                    .iter()
                    .map(|l| format!("\\mathbf{{{l}}}")),
            );
            pool.extend(
                WORDS
                    .iter()
                    .filter(|w| !taken.contains(**w))
                    .map(|w| format!("\\mathrm{{{w}}}")),
            );
        }
        assert!(!pool.is_empty(), "no fresh symbol left for {symbol}");
        let target = rng.pick(&pool).clone();
        // Block the target, and for `\mathbf{a}` / `\mathrm{w}` its letter
        // or word too, so no later symbol lands on it.
        taken.insert(target.clone());
        if let Some(inner) = target
            .strip_prefix("\\mathbf{")
            .or_else(|| target.strip_prefix("\\mathrm{"))
        {
            taken.insert(inner.trim_end_matches('}').to_string());
        }
        map.insert(symbol.clone(), target);
    }
    map
}

/// `latex` with every symbol of `map` replaced (outside skipped arguments;
/// inside `\mathbf{…}` the letter itself is replaced).
fn rename(latex: &str, map: &BTreeMap<String, String>) -> String {
    let toks = tokens(latex);
    let mut out = String::new();
    for p in placed(&toks) {
        let written = match p.tok {
            Tok::Command(name) => format!("\\{name}"),
            Tok::Word(w) => w.clone(),
            Tok::Other(c) => c.to_string(),
        };
        let replacement = source_key(p.tok)
            .filter(|_| !p.skipped)
            .and_then(|k| map.get(&k).cloned());
        match replacement {
            Some(new) => {
                let starts_with_letter = new.starts_with(|c: char| c.is_ascii_alphabetic());
                if starts_with_letter && out.ends_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push(' ');
                }
                out.push_str(&new);
                let next_is_letter = matches!(p.next, Some(Tok::Word(_)));
                if next_is_letter && new.ends_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push(' ');
                }
            }
            None => out.push_str(&written),
        }
    }
    out
}

/// A note's text with `map` applied inside its math spans.
fn rename_note(text: &str, map: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in scan_markdown(text).spans {
        out.push_str(&text[at..span.inner.start]);
        out.push_str(&rename(&text[span.inner.clone()], map));
        at = span.inner.end;
    }
    out.push_str(&text[at..]);
    out
}

fn notes() -> &'static [(String, String)] {
    static NOTES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    NOTES.get_or_init(|| read_tree(&notes_dir()))
}

fn original() -> &'static CheckReport {
    static REPORT: OnceLock<CheckReport> = OnceLock::new();
    REPORT.get_or_init(|| TempVault::new(notes()).check())
}

/// The renaming of note number `index` in the round seeded by `seed`.
fn renaming_for(seed: u64, index: usize, text: &str) -> BTreeMap<String, String> {
    let mut rng = Lcg::new(seed.wrapping_mul(1_000_003).wrapping_add(index as u64));
    draw_renaming(&usage(text), &mut rng)
}

/// One round: every note renamed under its own draw, the vault checked,
/// and every line compared with the original.
fn round(seed: u64) {
    let before = original();
    assert!(before.summary.verified > 0, "the original verifies nothing");
    let mut maps = BTreeMap::new();
    let files: Vec<(String, String)> = notes()
        .iter()
        .enumerate()
        .map(|(i, (path, text))| {
            let map = renaming_for(seed, i, text);
            let renamed = rename_note(text, &map);
            maps.insert(path.clone(), map);
            (path.clone(), renamed)
        })
        .collect();
    let changed = files
        .iter()
        .zip(notes())
        .filter(|(a, b)| a.1 != b.1)
        .count();
    assert!(changed >= 12, "seed {seed}: only {changed} notes renamed");
    let after = TempVault::new(&files).check();
    let (a, b) = (statuses_by_line(before), statuses_by_line(&after));
    let show = |r: &CheckReport, file: &str, line: usize| {
        r.claims
            .iter()
            .filter(|c| c.file == file && c.line == line)
            .map(|c| format!("{} `{}` ({})", c.status.as_str(), c.latex, c.reason))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut by_file: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for key in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        if a.get(key) != b.get(key) {
            by_file.entry(key.0.as_str()).or_default().push(format!(
                "    line {}\n      original: {}\n      renamed:  {}",
                key.1,
                show(before, &key.0, key.1),
                show(&after, &key.0, key.1)
            ));
        }
    }
    let report: Vec<String> = by_file
        .iter()
        .map(|(file, lines)| format!("  {file} under {:?}:\n{}", maps[*file], lines.join("\n")))
        .collect();
    assert!(
        report.is_empty(),
        "seed {seed}: {} notes changed verdicts after renaming:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn random_renaming_round_1() {
    round(1);
}

#[test]
fn random_renaming_round_2() {
    round(2);
}

#[test]
fn random_renaming_round_3() {
    round(3);
}

#[test]
fn random_renaming_round_4() {
    round(4);
}

#[test]
fn random_renaming_round_5() {
    round(5);
}

#[test]
fn random_renaming_round_6() {
    round(6);
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_renamer_replaces_symbols_and_leaves_names_alone() {
    let m = map(&[
        ("\\rho", "\\mathrm{velocity}"),
        ("s", "\\mathbf{q}"),
        ("w", "u"),
        ("R", "Z"),
        ("k", "j"),
    ]);
    let cases = [
        (
            r"s_k = \rho s_{k-1}",
            r"\mathbf{q}_j = \mathrm{velocity} \mathbf{q}_{j-1}",
        ),
        (r"\rho s", r"\mathrm{velocity} \mathbf{q}"),
        (
            r"\nabla_{\mathbf{w}} f = (w_1, w_2)",
            r"\nabla_{\mathbf{u}} f = (u_1, u_2)",
        ),
        (r"\mathcal{R}(\theta) + R", r"\mathcal{R}(\theta) + Z"),
        (
            r"\text{s steps} \mathrm{s} s",
            r"\text{s steps} \mathrm{s} \mathbf{q}",
        ),
        (
            r"\rhob + \sum_{k=0}^{n} s",
            r"\rhob + \sum_{j=0}^{n} \mathbf{q}",
        ),
        (r"(I - A)^{-1} e^{k}", r"(I - A)^{-1} e^{j}"),
    ];
    for (input, expected) in cases {
        assert_eq!(rename(input, &m), expected, "{input}");
    }
}

#[test]
fn renamings_are_fresh_injective_and_respect_places() {
    for (i, (path, text)) in notes().iter().enumerate() {
        let u = usage(text);
        for seed in 1..=6 {
            let m = renaming_for(seed, i, text);
            assert_eq!(m.len(), u.symbols.len(), "{path}: every symbol is renamed");
            let targets: BTreeSet<&String> = m.values().collect();
            assert_eq!(targets.len(), m.len(), "{path}: two symbols merged: {m:?}");
            for (from, to) in &m {
                assert!(
                    !u.present.contains(to),
                    "{path}: {from} -> {to} is not fresh"
                );
                let place = u.symbols[from];
                let is_lower_letter = to.len() == 1 && to.chars().all(|c| c.is_ascii_lowercase());
                if place.script || place.bold {
                    assert!(is_lower_letter, "{path}: index/bold {from} -> {to}");
                }
            }
        }
    }
}

#[test]
fn the_rounds_use_every_kind_of_target() {
    let mut kinds = BTreeSet::new();
    for seed in 1..=6 {
        for (i, (_, text)) in notes().iter().enumerate() {
            for to in renaming_for(seed, i, text).values() {
                kinds.insert(if to.starts_with("\\mathbf") {
                    "bold"
                } else if to.starts_with("\\mathrm") {
                    "word"
                } else if to.starts_with('\\') {
                    "greek"
                } else {
                    "latin"
                });
            }
        }
    }
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

#[test]
fn renaming_changes_only_math() {
    for (i, (path, text)) in notes().iter().enumerate() {
        let renamed = rename_note(text, &renaming_for(1, i, text));
        assert_eq!(
            text.lines().count(),
            renamed.lines().count(),
            "{path}: line count changed"
        );
        let prose = |t: &str| {
            let mut out = String::new();
            let mut at = 0;
            for span in scan_markdown(t).spans {
                out.push_str(&t[at..span.inner.start]);
                at = span.inner.end;
            }
            out.push_str(&t[at..]);
            out
        };
        assert_eq!(prose(text), prose(&renamed), "{path}: prose changed");
    }
}

#[test]
fn variant_spellings_are_one_letter() {
    assert_eq!(variant_of("\\phi"), "\\varphi");
    assert_eq!(variant_of("\\varepsilon"), "\\epsilon");
    let u = usage("$$\\epsilon + \\phi$$");
    for seed in 0..200 {
        let m = draw_renaming(&u, &mut Lcg::new(seed));
        for to in m.values() {
            assert!(
                to != "\\varepsilon" && to != "\\varphi",
                "seed {seed}: {m:?}"
            );
        }
    }
}
