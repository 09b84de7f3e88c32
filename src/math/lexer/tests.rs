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
        kinds(r"a \\ \| \{ \} 81\% \, \quad \qquad"),
        vec![
            Tok::Letter('a'),
            Tok::RowBreak,
            Tok::DoubleBar,
            Tok::LSet,
            Tok::RSet,
            Tok::Number("81".into()),
            Tok::Percent,
            Tok::Quad(1),
            Tok::Quad(2),
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

fn num(s: &str) -> Tok {
    Tok::Number(s.into())
}

#[test]
fn thousands_separators_make_one_number() {
    let toks = lex("16,384");
    assert_eq!(toks.len(), 1);
    assert_eq!(toks[0].tok, num("16384"));
    assert_eq!(toks[0].span, Span::new(0, 6));
    assert_eq!(kinds("1,000,000"), vec![num("1000000")]);
    assert_eq!(kinds("1,234.50"), vec![num("1234.50")]);
    assert_eq!(
        kinds(r"B_1 \dots 16,384"),
        vec![
            Tok::Letter('B'),
            Tok::Char('_'),
            num("1"),
            Tok::Ellipsis,
            num("16384"),
        ]
    );
    assert_eq!(
        kinds("[1,000, 2]"),
        vec![
            Tok::Char('['),
            num("1000"),
            Tok::Char(','),
            num("2"),
            Tok::Char(']'),
        ]
    );
}

#[test]
fn commas_that_separate_items_stay_commas() {
    let sep = |a: &str, b: &str| vec![num(a), Tok::Char(','), num(b)];
    assert_eq!(kinds("1,2"), sep("1", "2"));
    assert_eq!(kinds("1, 234"), sep("1", "234"));
    assert_eq!(kinds("1,2345"), sep("1", "2345"));
    assert_eq!(kinds("1234,567"), sep("1234", "567"));
    assert_eq!(kinds("1.5,000"), sep("1.5", "000"));
    assert_eq!(
        kinds("[1, 2, 1]"),
        vec![
            Tok::Char('['),
            num("1"),
            Tok::Char(','),
            num("2"),
            Tok::Char(','),
            num("1"),
            Tok::Char(']'),
        ]
    );
    assert_eq!(
        kinds("(0,1)"),
        vec![
            Tok::Char('('),
            num("0"),
            Tok::Char(','),
            num("1"),
            Tok::Char(')')
        ]
    );
    // A comma list written without spaces: no item is a thousands group.
    assert_eq!(
        kinds("1,2,345"),
        vec![
            num("1"),
            Tok::Char(','),
            num("2"),
            Tok::Char(','),
            num("345")
        ]
    );
    assert_eq!(
        kinds("1,000,0"),
        vec![
            num("1"),
            Tok::Char(','),
            num("000"),
            Tok::Char(','),
            num("0")
        ]
    );
}

#[test]
fn commas_in_indices_and_bare_scripts_stay_commas() {
    let sub = |base: char, items: &[&str]| {
        let mut v = vec![Tok::Letter(base), Tok::Char('_'), Tok::Char('{')];
        for (k, it) in items.iter().enumerate() {
            if k > 0 {
                v.push(Tok::Char(','));
            }
            v.push(num(it));
        }
        v.push(Tok::Char('}'));
        v
    };
    assert_eq!(kinds("x_{1,2}"), sub('x', &["1", "2"]));
    assert_eq!(kinds("w_{0,0,0}"), sub('w', &["0", "0", "0"]));
    assert_eq!(kinds("a_{1,000}"), sub('a', &["1", "000"]));
    // TeX takes one digit for a bare script; the rest is not a number group.
    assert_eq!(
        kinds("x^1,000"),
        vec![
            Tok::Letter('x'),
            Tok::Char('^'),
            num("1"),
            Tok::Char(','),
            num("000"),
        ]
    );
    // After the index group closes, separators are read again.
    assert_eq!(
        kinds("x_{1,2} = 1,000"),
        [sub('x', &["1", "2"]), vec![Tok::Char('='), num("1000")]].concat()
    );
}

#[test]
fn ceiling_and_floor_brackets_and_escaped_underscores() {
    assert_eq!(
        kinds("⌈x⌉⌊y⌋"),
        vec![
            Tok::Cmd("lceil".into()),
            Tok::Letter('x'),
            Tok::Cmd("rceil".into()),
            Tok::Cmd("lfloor".into()),
            Tok::Letter('y'),
            Tok::Cmd("rfloor".into()),
        ]
    );
    assert_eq!(
        kinds(r"a\_b"),
        vec![Tok::Letter('a'), Tok::Unknown('_'), Tok::Letter('b')]
    );
}
