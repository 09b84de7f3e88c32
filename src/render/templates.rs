//! The tera templates verideck renders with, and the card templates and CSS
//! of the note types the `.apkg` carries ([`anki`]). Defaults are compiled
//! into the binary from `templates/`, so a fresh install needs no files.
//!
//! Users override any tera template by putting a file of the same relative name
//! (`lessons/page.html`, `lessons/style.css`, …) in a templates folder:
//! `--templates DIR` first, then the vault's `.verideck/templates/`. As in
//! zola's `load_tera`, the user's files are loaded first and the built-ins
//! only fill the names they leave out, so the user's file always wins. A
//! missing folder, an unreadable file or a template tera rejects is an
//! error naming the file.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

/// Name and source of every default template.
pub const DEFAULTS: [(&str, &str); 7] = [
    ("deck.txt", include_str!("../../templates/deck.txt")),
    ("footer.html", include_str!("../../templates/footer.html")),
    (
        "lessons/base.html",
        include_str!("../../templates/lessons/base.html"),
    ),
    (
        "lessons/page.html",
        include_str!("../../templates/lessons/page.html"),
    ),
    (
        "lessons/index.html",
        include_str!("../../templates/lessons/index.html"),
    ),
    (
        "lessons/mathml.css",
        include_str!("../../templates/lessons/mathml.css"),
    ),
    (
        "lessons/style.css",
        include_str!("../../templates/lessons/style.css"),
    ),
];

/// The folder inside a vault whose templates override the defaults.
pub const VAULT_TEMPLATES: &str = crate::vault::walk::TEMPLATES_DIR;

/// The vault's templates folder, if it exists and lies inside the vault
/// once symlinks are resolved; a folder linked out of the vault is not used
/// (the vault walk warns about it).
pub fn vault_templates(vault: &Path) -> Option<PathBuf> {
    let root = vault.canonicalize().ok()?;
    let real = vault.join(VAULT_TEMPLATES).canonicalize().ok()?;
    (real.starts_with(&root) && real.is_dir()).then(|| vault.join(VAULT_TEMPLATES))
}

/// Errors while loading or rendering templates.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct TemplateError {
    /// The template's file: its path on disk for a user template, else its name.
    pub name: String,
    /// What went wrong (tera's message with its causes).
    pub message: String,
}

/// The loaded templates and where each came from.
#[derive(Debug, Clone)]
pub struct Templates {
    /// The tera instance, every template added.
    pub tera: Tera,
    /// Template name → file on disk, for the user's templates.
    pub origins: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Renders `name` with `context`, naming the responsible file on error.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|e| self.error(name, &e))
    }

    /// A [`TemplateError`] for `error`, naming the user's file the message
    /// mentions (else `name`'s file).
    fn error(&self, name: &str, error: &tera::Error) -> TemplateError {
        let message = chain(error);
        let culprit = self
            .origins
            .keys()
            .find(|n| message.contains(&format!("'{n}'")) || message.contains(n.as_str()))
            .map(String::as_str)
            .unwrap_or(name);
        TemplateError {
            name: self.shown(culprit),
            message,
        }
    }

    fn shown(&self, name: &str) -> String {
        self.origins
            .get(name)
            .map_or_else(|| name.to_string(), |p| p.display().to_string())
    }
}

/// An error and its causes, one line each.
fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string().trim().to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(text.trim()) {
            message.push_str(": ");
            message.push_str(text.trim());
        }
        source = cause.source();
    }
    message
}

/// Loads the default templates only.
pub fn load() -> Result<Tera, TemplateError> {
    load_with(&[]).map(|t| t.tera)
}

/// Loads the templates of `user_dirs` (earlier folders win), then the
/// defaults for every name they leave out. Each folder must exist.
pub fn load_with(user_dirs: &[PathBuf]) -> Result<Templates, TemplateError> {
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut origins: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in user_dirs {
        for (name, path) in user_files(dir)? {
            if sources.contains_key(&name) {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                name: path.display().to_string(),
                message: format!("cannot read: {e}"),
            })?;
            sources.insert(name.clone(), text);
            origins.insert(name, path);
        }
    }
    for (name, source) in DEFAULTS {
        sources
            .entry(name.to_string())
            .or_insert_with(|| source.to_string());
    }
    let mut tera = Tera::default();
    let mut templates = Templates {
        tera: Tera::default(),
        origins,
    };
    // Parse each user template alone first, so a syntax error names its file.
    for (name, path) in &templates.origins {
        let mut alone = Tera::default();
        if let Err(e) = alone.add_raw_template(name, &sources[name]) {
            let message = chain(&e);
            if !message.contains("inheriting from") && !message.contains("not found") {
                return Err(TemplateError {
                    name: path.display().to_string(),
                    message,
                });
            }
        }
    }
    register_filters(&mut tera);
    tera.add_raw_templates(sources.iter())
        .map_err(|e| templates.error("templates", &e))?;
    templates.tera = tera;
    Ok(templates)
}

/// Filters the templates may use besides tera's own: `evidence_in_words`
/// turns a claim's evidence (JSON text) into `label: value` lines.
fn register_filters(tera: &mut Tera) {
    tera.register_filter(
        "evidence_in_words",
        |json: &str, _: tera::Kwargs, _: &tera::State| super::report::evidence::in_words(json),
    );
}

/// The user's template files under `dir`: name (relative path with `/`) →
/// path. Hidden files and folders are skipped, and so is every symlink
/// whose target lies outside `dir` (nothing outside the folder is read).
fn user_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    let Some(real_dir) = dir.canonicalize().ok().filter(|d| d.is_dir()) else {
        return Err(TemplateError {
            name: dir.display().to_string(),
            message: "templates folder not found".to_string(),
        });
    };
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(&real_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| TemplateError {
            name: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let inside = |p: &Path| p.canonicalize().is_ok_and(|r| r.starts_with(&real_dir));
        let is_file = entry.file_type().is_file()
            || (entry.file_type().is_symlink() && inside(entry.path()) && entry.path().is_file());
        if !is_file {
            continue;
        }
        let relative = entry.path().strip_prefix(&real_dir).unwrap_or(entry.path());
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((name, dir.join(relative)));
    }
    Ok(files)
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
