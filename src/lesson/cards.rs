//! A note's Anki cards as question/answer pairs for the end of its lesson
//! page. Basic types ask the first field and answer with the others; a
//! Cloze asks its text with every deletion blanked (`[…]`, or `[hint]`) and
//! answers with the deletions filled in and highlighted, then Back Extra.
use crate::note::{Block, Excerpt, Field, NoteType};

/// One card to show: Markdown excerpts of its two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSides {
    /// 1-based line of the block's `START`.
    pub line: usize,
    /// The note type's Anki name.
    pub note_type: &'static str,
    /// What is asked.
    pub question: Excerpt,
    /// The answer, one excerpt per non-empty answer field.
    pub answer: Vec<Excerpt>,
}

/// The field as an excerpt whose lines point into the file.
fn excerpt(field: &Field, text: String) -> Excerpt {
    Excerpt {
        lines: (field.line..field.line + text.split('\n').count()).collect(),
        text,
    }
}

/// The sides of `block`.
pub fn sides(block: &Block) -> CardSides {
    let first = &block.fields[0];
    let rest = block.fields[1..]
        .iter()
        .filter(|f| !f.text.trim().is_empty());
    let (question, mut answer) = if block.note_type == NoteType::Cloze {
        (
            excerpt(first, rewrite_clozes(&first.text, false)),
            vec![excerpt(first, rewrite_clozes(&first.text, true))],
        )
    } else {
        (excerpt(first, first.text.clone()), Vec::new())
    };
    answer.extend(rest.map(|f| excerpt(f, f.text.clone())));
    CardSides {
        line: block.line,
        note_type: block.note_type.anki_name(),
        question,
        answer,
    }
}

/// Replaces each `{{cN::answer::hint}}` by a highlighted answer (`reveal`)
/// or a blank showing the hint. Deletions end where braces balance; `\{`
/// and `\}` do not count.
pub fn rewrite_clozes(text: &str, reveal: bool) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = find_opener(rest) {
        let body_start = start + rest[start..].find("::").map_or(0, |i| i + 2);
        let Some(close) = closing(&rest[body_start..]) else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        let (answer, hint) = split_hint(body);
        out.push_str(&rest[..start]);
        if reveal {
            out.push_str("<span class=\"cloze\">");
            out.push_str(answer);
        } else {
            out.push_str("<span class=\"cloze-blank\">[");
            out.push_str(hint.unwrap_or("…"));
            out.push(']');
        }
        out.push_str("</span>");
        rest = &rest[body_start + close + 2..];
    }
    out.push_str(rest);
    out
}

/// Byte offset of the next `{{cN::`.
fn find_opener(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = text[from..].find("{{c") {
        let at = from + rel;
        let digits = text[at + 3..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 0 && text[at + 3 + digits..].starts_with("::") {
            return Some(at);
        }
        from = at + 3;
    }
    None
}

/// Offset of the `}}` that closes a deletion whose body starts `body`.
fn closing(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' if depth == 0 && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// `answer::hint` at the top brace level.
fn split_hint(body: &str) -> (&str, Option<&str>) {
    let bytes = body.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b':' if depth == 0 && bytes[i + 1] == b':' => {
                return (&body[..i], Some(&body[i + 2..]));
            }
            _ => {}
        }
        i += 1;
    }
    (body, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clozes_blank_and_reveal_with_balanced_braces() {
        let text = r"has {{c1::$\hat{s}_k = g$}} and {{c2::$\frac{1}{x^{2}}$::a fraction}}.";
        assert_eq!(
            rewrite_clozes(text, false),
            "has <span class=\"cloze-blank\">[…]</span> and <span class=\"cloze-blank\">[a fraction]</span>."
        );
        assert_eq!(
            rewrite_clozes(text, true),
            r#"has <span class="cloze">$\hat{s}_k = g$</span> and <span class="cloze">$\frac{1}{x^{2}}$</span>."#
        );
        assert_eq!(rewrite_clozes("no {{c1::end", true), "no {{c1::end");
    }
}
