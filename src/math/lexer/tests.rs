use super::*;

fn kinds(src: &str) -> Vec<Tok> {
    lex(src).into_iter().map(|t| t.tok).collect()
}

#[test]
fn commands_letters_numbers_and_spans() {
    let toks = lex(r"\rho_1 + 0.95x");
    assert_eq!(toks[0].tok, Tok::Cmd("rho".into()));
    assert_eq!(toks[0].span, Span::new(0, 4));
    assert_eq!(toks[2].tok, Tok::Number("1".into()));
    assert_eq!(toks[4].tok, Tok::Number("0.95".into()));
    assert_eq!(toks[4].span, Span::new(9, 13));
    assert_eq!(toks[5].tok, Tok::Letter('x'));
}

#[test]
fn plain_greek_names_become_commands_but_other_runs_stay_letters() {
    assert_eq!(kinds("rho")[0], Tok::Cmd("rho".into()));
    assert_eq!(kinds("theta"), vec![Tok::Cmd("theta".into())]);
    assert_eq!(kinds("lr"), vec![Tok::Letter('l'), Tok::Letter('r')]);
}

#[test]
fn unicode_maps_to_latex_meaning() {
    assert_eq!(
        kinds("β−∇·×⊙≈≤∞"),
        vec![
            Tok::Cmd("beta".into()),
            Tok::Char('-'),
            Tok::Cmd("nabla".into()),
            Tok::Cmd("cdot".into()),
            Tok::Cmd("times".into()),
            Tok::Cmd("odot".into()),
            Tok::Cmd("approx".into()),
            Tok::Cmd("le".into()),
            Tok::Cmd("infty".into()),
        ]
    );
    assert_eq!(
        kinds("ρ₁²"),
        vec![
            Tok::Cmd("rho".into()),
            Tok::Char('_'),
            Tok::Char('{'),
            Tok::Number("1".into()),
            Tok::Char('}'),
            Tok::Char('^'),
            Tok::Char('{'),
            Tok::Number("2".into()),
            Tok::Char('}'),
        ]
    );
}

#[test]
fn escapes_environments_and_spacing() {
    assert_eq!(
        kinds(r"a \\ \| \{ \} 81\% \, \quad"),
        vec![
            Tok::Letter('a'),
            Tok::RowBreak,
            Tok::DoubleBar,
            Tok::LSet,
            Tok::RSet,
            Tok::Number("81".into()),
            Tok::Percent,
            Tok::Quad,
        ]
    );
    assert_eq!(
        kinds(r"\begin{align*}\end{align*}"),
        vec![Tok::Begin("align*".into()), Tok::End("align*".into())]
    );
    assert_eq!(
        kinds("||g|| ..."),
        vec![
            Tok::DoubleBar,
            Tok::Letter('g'),
            Tok::DoubleBar,
            Tok::Ellipsis
        ]
    );
}

#[test]
fn comments_and_trailing_backslash_do_not_panic() {
    assert_eq!(
        kinds("a % comment\nb"),
        vec![Tok::Letter('a'), Tok::Letter('b')]
    );
    assert_eq!(kinds("\\"), vec![Tok::Unknown('\\')]);
    assert_eq!(kinds("§"), vec![Tok::Unknown('§')]);
}
