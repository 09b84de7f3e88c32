//! The tera templates verideck renders with. Defaults are compiled into
//! the binary from `templates/`, so a fresh install needs no files.
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
