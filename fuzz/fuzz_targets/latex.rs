//! Fuzzes the LaTeX reader: lexer, normaliser, statement splitter and
//! parser. Any string must give statements or errors, never a panic or a
//! hang, and the MathML writer must accept whatever parsed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(latex) = std::str::from_utf8(data) else {
        return;
    };
    let formula = verideck::math::parse_formula(latex);
    for statement in formula.parsed() {
        let _ = format!("{statement:?}");
    }
    let _ = verideck::math::parse_expr(latex);
});
