use super::*;
use crate::math::symbols::Accent;
use crate::math::{parse_expr, parse_formula};

/// The canonical form of a single expression.
fn e(src: &str) -> String {
    parse_expr(src)
        .unwrap_or_else(|err| panic!("{src}: {err}"))
        .to_string()
}

/// The canonical forms of a formula's statements (errors as `ERR …`).
fn f(src: &str) -> Vec<String> {
    parse_formula(src)
        .statements
        .iter()
        .map(|s| match s {
            Ok(st) => st.to_string(),
            Err(err) => format!("ERR {err}"),
        })
        .collect()
}

fn unsupported(src: &str) -> String {
    match parse_expr(src) {
        Err(ParseError::Unsupported { construct, .. }) => construct,
        other => panic!("{src}: expected Unsupported, got {other:?}"),
    }
}

#[test]
fn numbers_keep_their_printed_text() {
    let x = parse_expr("1.30").unwrap();
    let ExprKind::Number(n) = &x.kind else {
        panic!()
    };
    assert_eq!(n.text, "1.30");
    assert_eq!(n.decimals(), 2);
    assert_eq!(n.value, 1.3);
}

#[test]
fn thousands_separators_are_dropped_from_the_printed_text() {
    for (src, text, value, decimals) in [
        ("16,384", "16384", 16384.0, 0),
        ("1,000,000", "1000000", 1e6, 0),
        ("1,234.50", "1234.50", 1234.5, 2),
    ] {
        let x = parse_expr(src).unwrap();
        let ExprKind::Number(n) = &x.kind else {
            panic!("{src}: {x:?}")
        };
        assert_eq!(n.text, text);
        assert_eq!(n.value, value);
        assert_eq!(n.decimals(), decimals);
        assert_eq!(x.span, crate::math::Span::new(0, src.len()));
    }
    // Seed 003, line 611: one statement, not three.
    assert_eq!(
        f(r"B_1 \dots n/m = B_1 \dots 16,384"),
        vec!["B_1..n / m = B_1..16384"]
    );
    assert_eq!(f("n/m = 16,384"), vec!["n / m = 16384"]);
    // Comma lists keep their items.
    assert_eq!(e("[1, 2, 1]"), "[1, 2, 1]");
    assert_eq!(e("(0,1)"), "(0, 1)");
    assert_eq!(e("x_{1,2}"), e("x_{1, 2}"));
    assert_eq!(e("w_{0,0,0}"), e("w_{0, 0, 0}"));
    assert_eq!(f("1,2"), f("1, 2"));
    assert_eq!(f("1,2").len(), 2);
}

#[test]
fn sums_products_and_precedence() {
    assert_eq!(e("a + b c - d"), "a + b c - d");
    assert_eq!(e(r"a \cdot b \times c * d"), "a · b × c × d");
    assert_eq!(e(r"-\alpha g_0 - \alpha g_1"), "-(alpha g_0) - alpha g_1");
    assert_eq!(e(r"2^{20} / 64"), "2^20 / 64");
    assert_eq!(e(r"x^20"), "x^2 0");
    assert_eq!(e(r"\frac12"), "frac(1, 2)");
    assert_eq!(e(r"a \cdot -b"), "a · -b");
}

#[test]
fn odot_binds_looser_than_juxtaposition() {
    assert_eq!(
        e(r"\frac{1}{\sqrt{r}+\epsilon} \odot \alpha g"),
        "frac(1, sqrt(r) + epsilon) ⊙ alpha g"
    );
    assert_eq!(e(r"(1-\rho_2) g \odot g"), "(1 - rho_2) g ⊙ g");
}

#[test]
fn symbols_normalise() {
    let one = |src: &str| match parse_expr(src).unwrap().kind {
        ExprKind::Symbol(s) => s,
        k => panic!("{src}: {k:?}"),
    };
    let rho = one(r"\rho_1");
    for spelling in [
        "ρ₁",
        "rho_1",
        r"\rho_{1}",
        r"\boldsymbol{\rho}_1",
        r"\varrho_1",
    ] {
        let s = one(spelling);
        assert_eq!(s.base, rho.base, "{spelling}");
        assert_eq!(s.to_string(), "rho_1", "{spelling}");
    }
    assert_eq!(one(r"\hat{s}").base, one(r"\widehat{s}").base);
    assert_ne!(one(r"\hat{s}").base, one("s").base);
    assert_eq!(one(r"\hat{s}").base.accents, vec![Accent::Hat]);
    assert_eq!(one(r"\mathcal{R}").base, one("R").base);
    assert_ne!(one(r"\mathbb{R}").base, one("R").base);
    assert_eq!(one(r"\mathrm{lr}").to_string(), "lr");
    assert_eq!(one(r"\epsilon").base, one("ε").base);
    assert_eq!(one(r"\epsilon").base, one(r"\varepsilon").base);
    assert_eq!(one("x^*").to_string(), "x*");
    assert_eq!(one(r"\mathbf{w}'").to_string(), "w'");
    assert_eq!(one(r"w_{\text{la}}").label.as_deref(), Some("la"));
    assert_eq!(one(r"\lambda_{max}").label.as_deref(), Some("max"));
    // A word as a superscript names a variant; short letter runs stay powers.
    assert_eq!(one(r"g^{avg}_1").label.as_deref(), Some("avg"));
    assert_eq!(
        e(r"\nabla_\theta f_t (\theta_{t-1})"),
        e(r"\nabla_\theta f_t(\theta_{t-1})")
    );
    assert_eq!(one(r"u^{\text{new}}").label.as_deref(), Some("new"));
    assert_eq!(e(r"\beta^{t}"), "beta^t");
    assert_eq!(e(r"x^{ab}"), "x^{a b}");
    assert_eq!(e(r"\tilde\theta^{k+1}"), "theta.tilde^{k + 1}");
    assert_eq!(e(r"\bar x"), "x.bar");
    assert_eq!(e("e^x"), "e^x");
    assert_eq!(e("lr"), "l r");
}

#[test]
fn indices_stay_expressions() {
    assert_eq!(e(r"g_{k-i}"), "g_{k - i}");
    assert_eq!(e(r"\rho_1^i"), "rho_1^i");
    assert_eq!(e(r"w_{0,0,0}"), "w_{0, 0, 0}");
    assert_eq!(e(r"Q^\top_{(:, i)}"), "Q_{:, i}^T");
    assert_eq!(e(r"x_{\{1..n\}}"), "x_{1..n}");
    assert_eq!(e("V_4"), "V_4");
}

#[test]
fn superscripts_transposes_and_inverses() {
    assert_eq!(e(r"\theta^{k+1}"), "theta^{k + 1}");
    assert_eq!(e(r"W^{(i)}"), "W_i");
    for t in [r"g^\top", "g^T", r"g^{\top}", r"g^{T}"] {
        assert_eq!(e(t), "g^T", "{t}");
    }
    assert_eq!(e(r"(I-A)^{-1}"), "(I - A)^-1");
    assert_eq!(e(r"\|x\|_2^2"), "‖x‖_2^2");
    assert_eq!(e(r"||g||"), "‖g‖");
    assert_eq!(e(r"|x - y|"), "|x - y|");
}

#[test]
fn functions_calls_and_gradients() {
    assert_eq!(e(r"\max(0, z)"), "max(0, z)");
    assert_eq!(e(r"\exp x"), "exp(x)");
    assert_eq!(e(r"\mathrm{sign}(g)"), "sign(g)");
    assert_eq!(e(r"\nabla\mathcal{R}(\theta)"), "grad(R(theta))");
    assert_eq!(e(r"\nabla_\theta L(\theta^k)"), "grad_{theta}(L(theta^k))");
    assert_eq!(e(r"\nabla w_t"), "grad(w_t)");
    assert_eq!(e("f(x)"), "f(x)");
    assert_eq!(e(r"\beta (1-\beta)"), "beta (1 - beta)");
    assert_eq!(e(r"\arg\min f(x)"), "argmin(f(x))");
    assert_eq!(e(r"g^{(i)}\left(z\right)"), "g_i(z)");
}

#[test]
fn derivatives_and_evaluation_bars() {
    assert_eq!(e(r"\frac{\partial L}{\partial w}"), "∂(L)/∂(w)");
    assert_eq!(
        e(r"\frac{\partial L}{\partial W} \Big|_{W=W_0}"),
        "∂(L)/∂(W)|_{W=W_0}"
    );
    assert_eq!(
        e(r"\frac{\partial L}{\partial W}\Big|_{W_0}"),
        "∂(L)/∂(W)|_{W_0}"
    );
    assert_eq!(e(r"\frac{df(x)}{dx}"), "d(f(x))/d(x)");
    assert_eq!(e(r"\frac{d}{dx}"), "frac(d, d x)");
}

#[test]
fn big_operators_and_limits() {
    assert_eq!(
        e(r"-\sum_{i=0}^k\rho_1^i \alpha g_{k-i}"),
        "-sum_{i=0}^{k}(rho_1^i alpha g_{k - i})"
    );
    assert_eq!(e(r"\sum_i a_i + b"), "sum_{i}(a_i) + b");
    assert_eq!(e(r"\sum_{j \in S} x_j"), "sum_{j in S}(x_j)");
    assert_eq!(e(r"\prod_{i=1}^{n} x_i"), "prod_{i=1}^{n}(x_i)");
    assert_eq!(e(r"\lim_{k \to \infty} s_k"), "lim_{k->inf}(s_k)");
    assert_eq!(e(r"\mathbb{E}[x]"), "E[(x)]");
}

#[test]
fn brackets_lists_intervals_matrices_cases() {
    assert_eq!(e("[1, 2, 1]"), "[1, 2, 1]");
    assert_eq!(e("(a, b)"), "(a, b)");
    assert_eq!(e("[0,1)"), "[0, 1)");
    assert_eq!(e(r"\{a, b\}"), "{a, b}");
    assert_eq!(
        e(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
        "mat[a, b; c, d]"
    );
    assert_eq!(e(r"\begin{bmatrix} 1 \\ 2 \\ \end{bmatrix}"), "mat[1; 2]");
    assert_eq!(
        e(r"\begin{cases} 1 & \text{if } z > 0 \\ 0 & \text{else} \end{cases}"),
        "cases(1 if z > 0; 0 otherwise)"
    );
    assert_eq!(e(r"81\%"), "81%");
    assert_eq!(e(r"\sqrt[3]{x}"), "root(3, x)");
}

#[test]
fn statements_chains_and_separators() {
    assert_eq!(f(r"a &= b \\ &= c"), vec!["a = b = c"]);
    assert_eq!(
        f(r"\begin{split} a &= b \\ &= c \\ d &\le e \end{split}"),
        vec!["a = b = c", "d ≤ e"]
    );
    assert_eq!(f(r"a \Rightarrow b = c"), vec!["a", "b = c"]);
    assert_eq!(f(r"a = 1, \quad b = 2."), vec!["a = 1", "b = 2"]);
    assert_eq!(
        f(r"\beta \rightarrow 0 < \beta < 1"),
        vec!["beta", "0 < beta < 1"]
    );
    assert_eq!(f(r"x = 1 \text{ if } y = 2"), vec!["x = 1", "y = 2"]);
    assert_eq!(
        f(r"W_N = W_0 - m \Rightarrow \textcircled{1}"),
        vec!["W_N = W_0 - m"]
    );
    assert_eq!(f(r"= a + b"), vec!["? = a + b"]);
    assert_eq!(f(r"\boxed{0 < \beta < 1}"), vec!["0 < beta < 1"]);
    assert_eq!(f(r"\rho \in [0,1)"), vec!["rho ∈ [0, 1)"]);
    assert_eq!(
        f(r"\alpha \approx \beta \ne \gamma"),
        vec!["alpha ≈ beta ≠ gamma"]
    );
    assert_eq!(f(r"a \propto b"), vec!["a ∝ b"]);
    assert_eq!(f(r"\alpha_2 \dots \alpha_n"), vec!["alpha_2..alpha_n"]);
    assert_eq!(f(r"\alpha_n \geq 0, \forall n"), vec!["alpha_n ≥ 0", "n"]);
}

#[test]
fn each_link_has_its_own_span() {
    let src = r"a &= b \\ &= c";
    let st = parse_formula(src).statements.remove(0).unwrap();
    assert_eq!(st.links.len(), 2);
    assert_eq!(&src[st.links[0].span.range()], "a &= b");
    assert_eq!(&src[st.links[1].span.range()], r"b \\ &= c");
    assert_eq!(&src[st.links[1].rel_span.range()], "=");
    assert_eq!(&src[st.links[1].rhs.span.range()], "c");
    assert_eq!(&src[st.head.span.range()], "a");
}

#[test]
fn unsupported_constructs_are_named() {
    assert_eq!(unsupported(r"\int_0^1 x"), r"\int");
    assert_eq!(unsupported(r"\foo x"), r"\foo");
    assert_eq!(unsupported(r"\partial x"), r"\partial outside \frac");
    assert_eq!(unsupported(r"n!"), "!");
    assert_eq!(
        unsupported(r"\begin{tikzcd} a \end{tikzcd}"),
        r"\begin{tikzcd}"
    );
    let err = parse_formula(r"a = \int x")
        .statements
        .remove(0)
        .unwrap_err();
    assert_eq!(err.span(), crate::math::Span::new(4, 8));
}

#[test]
fn syntax_errors_do_not_poison_other_statements() {
    assert_eq!(
        f(r"a = b) \quad c = d"),
        vec!["ERR unexpected `)` at byte 5", "c = d"]
    );
    assert_eq!(
        f(r"a = (b \quad c = d"),
        vec!["ERR `(` is never closed at byte 4"]
    );
    assert!(matches!(
        parse_expr("a +").unwrap_err(),
        ParseError::Syntax { .. }
    ));
}

#[test]
fn nesting_and_length_are_capped() {
    let deep = "(".repeat(200) + "x" + &")".repeat(200);
    assert!(matches!(parse_expr(&deep), Err(ParseError::Limit { .. })));
    let long = "x+".repeat(20_000);
    assert!(matches!(parse_expr(&long), Err(ParseError::Limit { .. })));
    assert!(matches!(
        parse_formula(&long).statements[0],
        Err(ParseError::Limit { .. })
    ));
}

#[test]
fn a_sum_takes_odot_factors_into_its_summand() {
    assert_eq!(
        e(r"\sum_{i=1}^{t} g_i \odot g_i + c"),
        "sum_{i=1}^{t}(g_i ⊙ g_i) + c"
    );
}

#[test]
fn a_bracket_with_a_subscript_names_an_indexed_quantity() {
    assert_eq!(e(r"E[g^2]_t"), "E[g^2]_t");
    assert_eq!(e(r"\mathbb{E}[g^2]_t"), "E[g^2]_t");
    assert_eq!(e(r"\gamma E[g^2]_{t-1}"), "gamma E[g^2]_{t - 1}");
    // Without a subscript the bracket is a factor, as before.
    assert_eq!(e(r"E[X]"), e(r"E [X]"));
    assert_eq!(f(r"x \gets x + 1"), vec!["x := x + 1"]);
    assert_eq!(
        e(r"g \oslash (\sqrt{v} + \epsilon)"),
        e(r"g / (\sqrt{v} + \epsilon)")
    );
}

#[test]
fn one_letter_in_a_text_font_is_that_symbol() {
    for src in [
        r"\textbf{q}_k",
        r"\textit{q}_k",
        r"\bm{q}_k",
        r"\mathsf{q}_k",
        r"\mathtt{q}_k",
        r"\mathbf{q}_k",
        r"\text{q}_k",
    ] {
        assert_eq!(e(src), "q_k", "{src}");
    }
    assert_eq!(e(r"\textbf{\mu}_j"), "mu_j");
    assert_eq!(e(r"\textbf{A} \textbf{v}"), "A v");
    assert_eq!(e(r"2 \cdot \text{y}"), "2 · y");
    // Prose stays an annotation.
    assert_eq!(f(r"a = 1 \textbf{if} b > 0"), vec!["a = 1", "b > 0"]);
    assert_eq!(f(r"u_n \text{ for all } n"), vec!["u_n", "n"]);
    assert_eq!(e(r"v_{\text{ema}}"), "v_\"ema\"");
    assert_eq!(e(r"v_{\textbf{k}}"), "v_\"k\"");
}

#[test]
fn words_in_roman_and_text_fonts_are_names() {
    assert_eq!(e(r"\mathrm{step\_size} \cdot d"), "step_size · d");
    assert_eq!(e(r"\mathrm{beta\_2}"), "beta_2");
    assert_eq!(e(r"\operatorname{momentum}_k"), "momentum_k");
    assert_eq!(f(r"\mathrm{decay}^{(k)} = 0.5"), vec!["decay_k = 0.5"]);
    assert_eq!(e(r"\text{eta} \cdot d"), "eta · d");
    assert_eq!(e(r"\text{step} \cdot d"), "step · d");
    assert_eq!(e(r"p - \text{step}"), "p - step");
    assert_eq!(e(r"\textbf{acc}_j"), "acc_j");
    assert_eq!(f(r"q = p - \text{rate}\cdot d"), vec!["q = p - rate · d"]);
    // Prose neighbours keep the text an annotation.
    assert_eq!(f(r"\text{for each } j"), vec!["j"]);
    assert_eq!(
        e(r"\begin{cases} 1 & \text{when } u > 0 \\ 0 & \text{otherwise} \end{cases}"),
        "cases(1 if u > 0; 0 otherwise)"
    );
    assert_eq!(f(r"a = b \text{ and } c = d"), vec!["a = b", "c = d"]);
}

#[test]
fn operators_written_with_mathop_or_a_starred_operatorname() {
    assert_eq!(e(r"\mathop{\mathrm{sgn}}(u)"), "sign(u)");
    assert_eq!(e(r"\mathop{\mathrm{tr}}(M)"), "tr(M)");
    assert_eq!(e(r"\operatorname*{argmax} f"), "argmax(f)");
    assert_eq!(e(r"\operatorname*{argmin}_{v} G(v)"), "argmin_{v}(G(v))");
    assert_eq!(
        e(r"\mathop{\mathrm{argmin}}_{v \in C} G(v) + H(v)"),
        "argmin_{v in C}(G(v) + H(v))"
    );
}

#[test]
fn ceilings_and_floors() {
    assert_eq!(e(r"\lceil n / 2 \rceil"), "ceil(n / 2)");
    assert_eq!(
        e(r"\lfloor \frac{k}{3} \rfloor + 1"),
        "floor(frac(k, 3)) + 1"
    );
    assert_eq!(e(r"\left\lceil \log m \right\rceil"), "ceil(log(m))");
    assert_eq!(e("⌊u⌋ v"), "floor(u) v");
    assert!(parse_expr(r"\lceil n").is_err());
}

#[test]
fn max_and_min_over_a_subscript_range() {
    assert_eq!(e(r"\max_{1 \le j \le n} u_j"), "max_{j=1}^{n}(u_j)");
    assert_eq!(
        e(r"\min_{0 \le j < n} u_j + 1"),
        "min_{j=0}^{n - 1}(u_j) + 1"
    );
    assert_eq!(e(r"\max_{j=1}^{n} u_j"), "max_{j=1}^{n}(u_j)");
    assert_eq!(e(r"\min_{j} u_j"), "min_{j}(u_j)");
    assert_eq!(e(r"\max_{n \ge j \ge 2} u_j"), "max_{j=2}^{n}(u_j)");
    assert_eq!(e(r"\max_{z \in C} h(z)"), "max_{z in C}(h(z))");
    assert_eq!(e(r"\arg\min_{v} G(v)"), "argmin_{v}(G(v))");
    // Sums read the same subscripts.
    assert_eq!(e(r"\sum_{1 \le j \le n} u_j"), "sum_{j=1}^{n}(u_j)");
    assert_eq!(e(r"\sum_{j < n} u_j"), "sum_{j}^{n - 1}(u_j)");
    // Without a subscript, as before.
    assert_eq!(e(r"\max(0, z)"), "max(0, z)");
    assert_eq!(unsupported(r"\exp_{a} x"), r"script on \exp");
}

#[test]
fn partials_with_a_subscript_are_gradients() {
    assert_eq!(
        e(r"\partial_{\mathbf{v}} h(\mathbf{v})"),
        e(r"\nabla_{v} h(v)")
    );
    assert_eq!(e(r"\partial_u F"), "grad_{u}(F)");
    assert_eq!(unsupported(r"\partial u"), r"\partial outside \frac");
}

#[test]
fn indicators() {
    assert_eq!(e(r"\mathbb{1}[u > 0]"), "1[u > 0]");
    assert_eq!(e(r"\mathbb{1}_{u \le c}"), "1[u ≤ c]");
    assert_eq!(e(r"\mathbf{1}\{u \ne 0\}"), "1[u ≠ 0]");
    assert_eq!(e(r"\mathbb{1}_{\{u > 0\}} v"), "1[u > 0] v");
    assert_eq!(e(r"\mathbb{1}(0 < u \le 1)"), "1[0 < u] ⊙ 1[u ≤ 1]");
    assert_eq!(e(r"g \odot \mathbb{1}[u > 0]"), "g ⊙ 1[u > 0]");
    // Without a condition, `\mathbf{1}` is the number (a ones vector).
    assert_eq!(e(r"\mathbf{1} + x"), "1 + x");
}

#[test]
fn parenthesised_superscripts_on_symbols_are_iterates() {
    assert_eq!(e(r"u^{(k)}"), "u_k");
    assert_eq!(e(r"u^{(k+1)} - u^{(k-1)}"), e(r"u_{k+1} - u_{k-1}"));
    assert_eq!(e(r"\phi^{(0)}"), "phi_0");
    assert_eq!(e(r"q^{(2)}"), "q_2");
    assert_eq!(e(r"v_j^{(k)}"), "v_{j, k}");
    assert_eq!(e(r"\hat{q}^{(k)}"), "q.hat_k");
    assert_eq!(e(r"A^{[l]}"), "A_l");
    assert_eq!(e(r"h^{(2k+1)}"), "h_{2 k + 1}");
    assert_eq!(e(r"h^{(k)}(z)"), "h_k(z)");
    // Powers stay powers.
    assert_eq!(e(r"u^2"), "u^2");
    assert_eq!(e(r"u^{2}"), "u^2");
    assert_eq!(e(r"(u)^{2}"), "(u)^2");
    assert_eq!(e(r"(u)^{(2)}"), "(u)^{(2)}");
    assert_eq!(e(r"u^{(1-\beta)}"), "u^{(1 - beta)}");
    assert_eq!(e(r"u^{(0.5)}"), "u^{(0.5)}");
}

#[test]
fn slices_of_iterates_are_not_read_with_a_reason() {
    let c = unsupported(r"u^{(j:j+m)}");
    assert!(c.contains("slice"), "{c}");
    let c = unsupported(r"u^{(:m)} + 1");
    assert!(c.contains("slice"), "{c}");
}

#[test]
fn a_lone_operator_is_a_mention_not_an_error() {
    assert_eq!(f(r"\odot"), vec![r"\odot"]);
    assert_eq!(f(r"\otimes"), vec![r"\otimes"]);
    assert_eq!(f(r"\nabla"), vec![r"\nabla"]);
    assert_eq!(f(r"\log"), vec![r"\log"]);
    assert_eq!(f(r"+"), vec!["+"]);
    let st = parse_formula(r"\odot").statements.remove(0).unwrap();
    assert!(st.links.is_empty());
    // In a formula the operator still needs its operands.
    assert!(parse_expr(r"a \odot").is_err());
}

#[test]
fn delta_before_a_symbol_is_its_increment() {
    assert_eq!(e(r"\Delta \theta_1"), "Δtheta_1");
    assert_eq!(e(r"\Delta \mathbf{w} + w"), "Δw + w");
    assert_eq!(f(r"\Delta x_t = -\eta g_t"), ["Δx_t = -(eta g_t)"]);
    // The letter alone, indexed, applied or before a number stays the letter.
    assert_eq!(e(r"\Delta_t"), "Delta_t");
    assert_eq!(e(r"2 \Delta"), "2 Delta");
    assert_eq!(e(r"\Delta 2"), "Delta 2");
}
