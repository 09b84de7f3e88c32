//! Checker text made readable: the parser's and evaluator's messages name
//! byte offsets into a formula (`unexpected `)` at byte 5`), which mean
//! nothing to a reader of a report, a card footer or a lesson badge. These
//! helpers drop them and print numbers the way a person writes them.
use regex::Regex;
use std::sync::LazyLock;

/// ` at byte 12`, `(byte 12)` and the like.
static BYTE_OFFSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" ?(\(at byte \d+\)|\(byte \d+\)|at byte \d+)").expect("valid"));

/// `text` without byte offsets (`non-finite result at byte 62` →
/// `non-finite result`).
pub fn without_offsets(text: &str) -> String {
    BYTE_OFFSET.replace_all(text, "").into_owned()
}

/// A number as a person writes it: integers plainly (`24`), others with at
/// most 6 significant digits (`0.240767`), very small or large ones in
/// scientific notation (`5.03e-9`).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{x}");
    }
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-3..1e6).contains(&magnitude) {
        let text = format!("{x:.2e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", trim_zeros(mantissa));
    }
    let decimals = (5 - magnitude.log10().floor() as i32).clamp(0, 9) as usize;
    trim_zeros(&format!("{x:.decimals$}")).to_string()
}

/// `1.500` → `1.5`, `2.000` → `2`.
fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_are_dropped() {
        assert_eq!(
            without_offsets("non-finite result at byte 62"),
            "non-finite result"
        );
        assert_eq!(
            without_offsets("unexpected `)` at byte 5: not a formula"),
            "unexpected `)`: not a formula"
        );
        assert_eq!(without_offsets("a (byte 3) b"), "a b");
        assert_eq!(without_offsets("bytes of 3 things"), "bytes of 3 things");
    }

    #[test]
    fn numbers_read_as_written_by_hand() {
        assert_eq!(number(24.0), "24");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(0.240767), "0.240767");
        assert_eq!(number(0.029617759980255953), "0.0296178");
        assert_eq!(number(1.3544355267924542), "1.35444");
        assert_eq!(number(5.029273567047632e-9), "5.03e-9");
        assert_eq!(number(1e-9), "1e-9");
        assert_eq!(number(0.0006143943473204545), "6.14e-4");
        assert_eq!(number(-2.5e7), "-25000000");
        assert_eq!(number(f64::INFINITY), "inf");
    }
}
