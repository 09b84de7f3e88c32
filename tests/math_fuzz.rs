//! Random input never panics or hangs the LaTeX parser or the evaluator.
use proptest::prelude::*;
use std::time::{Duration, Instant};
use verideck::math::{Env, eval, parse_expr, parse_formula};

/// Fragments the notes use, glued at random into token soup.
const FRAGMENTS: &[&str] = &[
    r"\frac",
    r"\sqrt",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    r"\{",
    r"\}",
    "|",
    r"\|",
    "||",
    "^",
    "_",
    "&",
    r"\\",
    "=",
    "<",
    r"\le",
    r"\approx",
    r"\to",
    r"\Rightarrow",
    r"\quad",
    ",",
    ".",
    "..",
    r"\dots",
    "-",
    "+",
    r"\cdot",
    r"\times",
    r"\odot",
    "/",
    "*",
    "'",
    r"\top",
    "T",
    "-1",
    "0",
    "1",
    "2.5",
    "x",
    "g",
    "s",
    r"\rho",
    "ρ₁",
    "²",
    r"\hat",
    r"\widehat",
    r"\mathbf",
    r"\mathrm",
    r"\mathbb",
    "E",
    r"\text{if}",
    r"\textcircled{1}",
    r"\underbrace",
    r"\boxed",
    r"\left",
    r"\right",
    r"\Big",
    r"\nabla",
    r"\partial",
    r"\sum",
    r"\prod",
    r"\lim",
    r"\infty",
    r"\max",
    r"\exp",
    r"\mathrm{sign}",
    r"\begin{split}",
    r"\end{split}",
    r"\begin{pmatrix}",
    r"\end{pmatrix}",
    r"\begin{cases}",
    r"\end{cases}",
    r"\begin{array}",
    r"\end{array}",
    r"\%",
    r"\int",
    r"\foo",
    " ",
    "\n",
    "∇",
    "−",
    "≈",
    "√",
];

fn check(src: &str) {
    let start = Instant::now();
    let f = parse_formula(src);
    let env = Env::new().with_constants(true);
    if let Ok(e) = parse_expr(src) {
        let _ = eval(&e, &env);
    }
    for st in f.parsed() {
        for side in st.sides() {
            let _ = eval(side, &env);
        }
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "too slow on {src:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn byte_soup_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn unicode_soup_never_panics(s in "\\PC{0,120}") {
        check(&s);
    }

    #[test]
    fn token_soup_never_panics(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..60)) {
        let src: String = picks.iter().map(|&i| FRAGMENTS[i]).collect::<Vec<_>>().join("");
        check(&src);
    }
}

#[test]
fn pathological_inputs_hit_caps_quickly() {
    for src in [
        "{".repeat(10_000),
        r"\frac{".repeat(500),
        r"\sqrt".repeat(5_000),
        "(".repeat(3_000) + &")".repeat(3_000),
        r"\sum_{i=0}^{9}".repeat(8) + "1",
        "x^".repeat(3_000) + "2",
        "-".repeat(5_000) + "1",
        r"\hat".repeat(5_000) + "x",
        "|".repeat(5_000),
    ] {
        check(&src);
    }
}
