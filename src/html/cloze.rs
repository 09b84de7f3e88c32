//! Cloze spacing for Anki (FORMATS.md §3.2): Anki ends a cloze at the
//! first `}}`, so inside `{{cN::…}}` adjacent closing braces, and a final
//! `}` before the closer, are separated by a space.
//!
//! `{{c1::\(\frac{1}{x^{2}}\)}}` becomes `{{c1::\(\frac{1}{x^{2} }\)}}`.

/// Applies the cloze spacing to every cloze of `html`.
pub fn space_cloze_braces(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 8);
    let mut i = 0;
    while let Some(rel) = html[i..].find("{{c") {
        let start = i + rel;
        let digits = html[start + 3..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let body = start + 3 + digits;
        if digits == 0 || !html[body..].starts_with("::") {
            out.push_str(&html[i..start + 3]);
            i = start + 3;
            continue;
        }
        // Find the closing `}}` where braces balance (`\{`, `\}` ignored).
        let mut depth = 2i32;
        let mut j = body + 2;
        let mut close = None;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 1,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(j - 1);
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let Some(close) = close else {
            out.push_str(&html[i..]);
            return out;
        };
        out.push_str(&html[i..body + 2]);
        let mut inner = html[body + 2..close].to_string();
        while inner.contains("}}") {
            inner = inner.replace("}}", "} }");
        }
        if inner.ends_with('}') {
            inner.push(' ');
        }
        out.push_str(&inner);
        out.push_str("}}");
        i = close + 2;
    }
    out.push_str(&html[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_nested_closing_braces() {
        assert_eq!(
            space_cloze_braces("{{c1::\\(\\frac{1}{x^{2}}\\)}}"),
            "{{c1::\\(\\frac{1}{x^{2} }\\)}}"
        );
        assert_eq!(space_cloze_braces("{{c2::$a^{b}$}} x"), "{{c2::$a^{b}$}} x");
        assert_eq!(space_cloze_braces("{{c1::x^{2}}} y"), "{{c1::x^{2} }} y");
    }

    #[test]
    fn leaves_other_text_alone() {
        assert_eq!(
            space_cloze_braces("{{c1::plain}} and {{c3::two::hint}}"),
            "{{c1::plain}} and {{c3::two::hint}}"
        );
        assert_eq!(
            space_cloze_braces("{{cx::no}} {{c1::open"),
            "{{cx::no}} {{c1::open"
        );
    }
}
