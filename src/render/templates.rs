//! The tera templates verideck renders with, and the card templates and CSS
//! of the note types the `.apkg` carries ([`anki`]). All are compiled into the
//! binary from `templates/`, so a fresh install needs no files.
use tera::Tera;

/// Name and source of every default template.
const DEFAULTS: [(&str, &str); 1] = [("deck.txt", include_str!("../../templates/deck.txt"))];

/// Errors while loading templates.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct TemplateError {
    /// The template's file name.
    pub name: String,
    /// What tera said.
    pub message: String,
}

/// Loads the default templates. Files ending in `.html` are autoescaped;
/// `deck.txt` is not (its cells are quoted by the caller).
pub fn load() -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    for (name, source) in DEFAULTS {
        tera.add_raw_template(name, source)
            .map_err(|e| TemplateError {
                name: name.to_string(),
                message: e.to_string(),
            })?;
    }
    Ok(tera)
}

/// The card templates and CSS of verideck's own Anki note types, from
/// `templates/anki/`. They are written in Anki's template language
/// (`{{Front}}`, `{{cloze:Text}}`, `{{type:Back}}`, `{{#Field}}…{{/Field}}`)
/// and go into the `.apkg` as they are, never through tera. Math needs no
/// template code: fields carry `\(…\)` and `\[…\]`, which Anki's MathJax
/// typesets; `style.css` styles the verification footer `<div class="verideck">`.
pub mod anki {
    /// Question side of `Basic` and of card 1 of the reversible types.
    pub const BASIC_FRONT: &str = include_str!("../../templates/anki/basic_front.html");
    /// Answer side of `Basic` and of card 1 of the reversible types.
    pub const BASIC_BACK: &str = include_str!("../../templates/anki/basic_back.html");
    /// Question side of card 2 of `Basic (and reversed card)`.
    pub const REVERSE_FRONT: &str = include_str!("../../templates/anki/reverse_front.html");
    /// Answer side of card 2 of both reversible types.
    pub const REVERSE_BACK: &str = include_str!("../../templates/anki/reverse_back.html");
    /// Question side of card 2 of `Basic (optional reversed card)`: empty
    /// (so Anki makes no card) unless `Add Reverse` is filled in.
    pub const OPTIONAL_REVERSE_FRONT: &str =
        include_str!("../../templates/anki/optional_reverse_front.html");
    /// Question side of `Basic (type in the answer)`.
    pub const TYPE_FRONT: &str = include_str!("../../templates/anki/type_front.html");
    /// Answer side of `Basic (type in the answer)`.
    pub const TYPE_BACK: &str = include_str!("../../templates/anki/type_back.html");
    /// Question side of `Cloze`.
    pub const CLOZE_FRONT: &str = include_str!("../../templates/anki/cloze_front.html");
    /// Answer side of `Cloze`.
    pub const CLOZE_BACK: &str = include_str!("../../templates/anki/cloze_back.html");
    /// The CSS every verideck note type shares: light and dark (`.nightMode`).
    pub const STYLE: &str = include_str!("../../templates/anki/style.css");
}
