use super::*;
use crate::math::lexer::lex;

fn run(src: &str) -> Vec<Tok> {
    normalise(src, lex(src))
        .into_iter()
        .map(|t| t.tok)
        .collect()
}

#[test]
fn wrappers_are_unwrapped() {
    assert_eq!(run(r"\boxed{x}"), vec![Tok::Letter('x')]);
    assert_eq!(run(r"\underline{x}"), vec![Tok::Letter('x')]);
    assert_eq!(run(r"\underbrace{x}_{\text{note}}"), vec![Tok::Letter('x')]);
    assert_eq!(run(r"\overbrace{x}^{note}"), vec![Tok::Letter('x')]);
    assert_eq!(run(r"\underset{a}{x}"), vec![Tok::Letter('x')]);
}

#[test]
fn text_becomes_one_annotation_with_its_content() {
    let src = r"a \text{ if } b";
    let toks = normalise(src, lex(src));
    assert_eq!(toks[1].tok, Tok::Text("if".into()));
    assert_eq!(&src[toks[1].span.range()], r"\text{ if }");
    assert_eq!(run(r"\textcircled{1}"), vec![Tok::Text("1".into())]);
    assert_eq!(run(r"\tag{3} x"), vec![Tok::Letter('x')]);
}

#[test]
fn sizing_and_null_delimiters_go() {
    assert_eq!(
        run(r"\left( x \right)"),
        vec![Tok::Char('('), Tok::Letter('x'), Tok::Char(')')]
    );
    assert_eq!(run(r"\left. x \right."), vec![Tok::Letter('x')]);
    assert_eq!(
        run(r"\left\{ \begin{array}{l} x \end{array} \right."),
        vec![
            Tok::Begin("array".into()),
            Tok::Char('{'),
            Tok::Letter('l'),
            Tok::Char('}'),
            Tok::Letter('x'),
            Tok::End("array".into())
        ]
    );
    assert_eq!(
        run(r"\begin{aligned} x \end{aligned} \right\}"),
        vec![
            Tok::Begin("aligned".into()),
            Tok::Letter('x'),
            Tok::End("aligned".into())
        ]
    );
}

#[test]
fn multi_letter_roman_names_and_arrows() {
    assert_eq!(run(r"\mathrm{lr}"), vec![Tok::Name("lr".into())]);
    assert_eq!(run(r"\operatorname{sign}"), vec![Tok::Name("sign".into())]);
    assert_eq!(
        run(r"\mathrm{a}"),
        vec![
            Tok::Cmd("mathrm".into()),
            Tok::Char('{'),
            Tok::Letter('a'),
            Tok::Char('}')
        ]
    );
    assert_eq!(run(r"\xrightarrow{x}"), vec![Tok::Cmd("rightarrow".into())]);
}

#[test]
fn unclosed_groups_do_not_panic() {
    run(r"\boxed{x");
    run(r"\text{");
    run(r"\underbrace{x}_");
    run(r"\left");
    run(r"\xrightarrow[");
    run(r"\mathrm{");
}

#[test]
fn text_fonts_on_one_letter_are_the_letter() {
    assert_eq!(run(r"\textbf{q}"), vec![Tok::Letter('q')]);
    assert_eq!(run(r"\texttt{q}"), vec![Tok::Letter('q')]);
    assert_eq!(
        run(r"\text{q}_1"),
        vec![Tok::Letter('q'), Tok::Char('_'), Tok::Number("1".into())]
    );
    assert_eq!(run(r"\textit{\mu}"), vec![Tok::Cmd("mu".into())]);
    // Prose and labels stay text.
    assert_eq!(run(r"\textbf{if}"), vec![Tok::Text("if".into())]);
    assert_eq!(run(r"\text{ q }"), vec![Tok::Text("q".into())]);
    assert_eq!(
        run(r"v_{\text{q}}"),
        vec![
            Tok::Letter('v'),
            Tok::Char('_'),
            Tok::Char('{'),
            Tok::Text("q".into()),
            Tok::Char('}')
        ]
    );
}

#[test]
fn words_are_names_where_an_operand_stands() {
    assert_eq!(
        run(r"\text{rate} \cdot g"),
        vec![
            Tok::Name("rate".into()),
            Tok::Cmd("cdot".into()),
            Tok::Letter('g')
        ]
    );
    assert_eq!(
        run(r"p - \textbf{rate}"),
        vec![Tok::Letter('p'), Tok::Char('-'), Tok::Name("rate".into())]
    );
    assert_eq!(
        run(r"\text{for all } t"),
        vec![Tok::Text("for all".into()), Tok::Letter('t')]
    );
    assert_eq!(
        run(r"\text{otherwise}"),
        vec![Tok::Text("otherwise".into())]
    );
    assert_eq!(
        run(r"\mathrm{step\_size}"),
        vec![Tok::Name("step_size".into())]
    );
    assert_eq!(run(r"\mathtt{adam2}"), vec![Tok::Name("adam2".into())]);
    assert_eq!(
        run(r"\operatorname*{argmax}"),
        vec![Tok::Name("argmax".into())]
    );
    assert_eq!(run(r"\mathop{\mathrm{sgn}}"), vec![Tok::Name("sgn".into())]);
    assert_eq!(run(r"\mathop{sgn}"), vec![Tok::Name("sgn".into())]);
    assert_eq!(
        run(r"\mathbf{\theta}"),
        vec![
            Tok::Cmd("mathbf".into()),
            Tok::Char('{'),
            Tok::Cmd("theta".into()),
            Tok::Char('}')
        ]
    );
}
