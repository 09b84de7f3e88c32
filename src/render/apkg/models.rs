//! verideck's own note types, as the `.apkg` carries them: one per stock
//! type of FORMATS.md §1.4, named `verideck <stock name>` (for example
//! `verideck Basic (and reversed card)`), with the stock type's field names
//! and card template names, and verideck's templates and CSS
//! ([`crate::render::templates::anki`]).
//!
//! Anki matches an incoming note type by id and keeps using it while its
//! field and template *names* stay the same; it copies our templates and
//! CSS over its own only when our `mod` time is newer
//! ([`NOTE_TYPES_MTIME`]). A renamed or added field or template would make
//! Anki import a second copy of the type and refuse to update the notes
//! already imported, so those names are a contract.
use super::ids::note_type_id;
use crate::note::NoteType;
use crate::note::note_type::ALL_NOTE_TYPES;
use crate::render::templates::anki as tpl;
use serde_json::{Value, json};

/// The `mod` time (seconds) of every verideck note type. Bump it to the
/// current time whenever a file in `templates/anki/` changes, so that Anki
/// (which keeps the newer of two note types with the same id) takes the new
/// templates; the test `templates_match_their_mtime` is the reminder.
pub const NOTE_TYPES_MTIME: i64 = 1_795_600_000;

/// One card template of a note type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardTemplate {
    /// Anki's name for it (`Card 1`, `Card 2`, `Cloze`).
    pub name: &'static str,
    /// The question side.
    pub front: &'static str,
    /// The answer side.
    pub back: &'static str,
    /// Field ordinals that must all be non-empty for the card to exist
    /// (the legacy `req` entry).
    pub required: &'static [usize],
}

/// A verideck note type: the stock type it stands for, its id, name,
/// fields and card templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// The stock type a block names.
    pub note_type: NoteType,
    /// Stable id (see [`note_type_id`]).
    pub id: i64,
    /// `verideck ` + the stock name.
    pub name: String,
    /// Field names, the stock type's.
    pub fields: &'static [&'static str],
    /// Card templates, in ordinal order.
    pub templates: Vec<CardTemplate>,
}

const CARD_1: CardTemplate = CardTemplate {
    name: "Card 1",
    front: tpl::BASIC_FRONT,
    back: tpl::BASIC_BACK,
    required: &[0],
};

/// The name of verideck's note type for `note_type`.
pub fn name(note_type: NoteType) -> String {
    format!("verideck {}", note_type.anki_name())
}

/// verideck's note type for `note_type`.
pub fn model(note_type: NoteType) -> Model {
    let templates = match note_type {
        NoteType::Basic => vec![CARD_1],
        NoteType::BasicAndReversed => vec![
            CARD_1,
            CardTemplate {
                name: "Card 2",
                front: tpl::REVERSE_FRONT,
                back: tpl::REVERSE_BACK,
                required: &[1],
            },
        ],
        NoteType::BasicOptionalReversed => vec![
            CARD_1,
            CardTemplate {
                name: "Card 2",
                front: tpl::OPTIONAL_REVERSE_FRONT,
                back: tpl::REVERSE_BACK,
                required: &[1, 2],
            },
        ],
        NoteType::BasicTypeIn => vec![CardTemplate {
            name: "Card 1",
            front: tpl::TYPE_FRONT,
            back: tpl::TYPE_BACK,
            required: &[0],
        }],
        NoteType::Cloze => vec![CardTemplate {
            name: "Cloze",
            front: tpl::CLOZE_FRONT,
            back: tpl::CLOZE_BACK,
            required: &[0],
        }],
    };
    Model {
        note_type,
        id: note_type_id(note_type),
        name: name(note_type),
        fields: note_type.field_names(),
        templates,
    }
}

impl Model {
    /// The note type as legacy (schema 11) JSON, the value of its id in
    /// `col.models`. `deck_id` is the deck Anki's "Add" dialog preselects.
    pub fn to_json(&self, deck_id: i64) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .enumerate()
            .map(|(ord, name)| {
                json!({
                    "name": name, "ord": ord, "sticky": false, "rtl": false,
                    "font": "Arial", "size": 20, "media": [],
                })
            })
            .collect();
        let templates: Vec<Value> = self
            .templates
            .iter()
            .enumerate()
            .map(|(ord, t)| {
                json!({
                    "name": t.name, "ord": ord, "qfmt": t.front, "afmt": t.back,
                    "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0,
                })
            })
            .collect();
        let req: Vec<Value> = self
            .templates
            .iter()
            .enumerate()
            .map(|(ord, t)| json!([ord, "all", t.required]))
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "type": if self.note_type == NoteType::Cloze { 1 } else { 0 },
            "mod": NOTE_TYPES_MTIME,
            "usn": -1,
            "sortf": 0,
            "did": deck_id,
            "tmpls": templates,
            "flds": fields,
            "css": tpl::STYLE,
            "latexPre": LATEX_PRE,
            "latexPost": "\\end{document}",
            "latexsvg": false,
            "req": req,
            "tags": [],
            "vers": [],
        })
    }
}

/// Anki's default LaTeX preamble (unused: math goes through MathJax).
const LATEX_PRE: &str = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";

/// All five note types, in [`ALL_NOTE_TYPES`] order.
pub fn all() -> Vec<Model> {
    ALL_NOTE_TYPES.into_iter().map(model).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn names_fields_and_templates() {
        let models = all();
        let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "verideck Basic",
                "verideck Basic (and reversed card)",
                "verideck Basic (optional reversed card)",
                "verideck Basic (type in the answer)",
                "verideck Cloze",
            ]
        );
        let cards: Vec<usize> = models.iter().map(|m| m.templates.len()).collect();
        assert_eq!(cards, [1, 2, 2, 1, 1]);
        let cloze = model(NoteType::Cloze).to_json(1);
        assert_eq!(cloze["type"], 1);
        assert_eq!(cloze["flds"][1]["name"], "Back Extra");
        assert!(
            cloze["tmpls"][0]["qfmt"]
                .as_str()
                .unwrap()
                .contains("{{cloze:Text}}")
        );
        let typed = model(NoteType::BasicTypeIn).to_json(1);
        assert!(
            typed["tmpls"][0]["qfmt"]
                .as_str()
                .unwrap()
                .contains("{{type:Back}}")
        );
        assert!(
            typed["tmpls"][0]["afmt"]
                .as_str()
                .unwrap()
                .contains("{{type:Back}}")
        );
        let optional = model(NoteType::BasicOptionalReversed).to_json(1);
        assert_eq!(optional["req"][1], json!([1, "all", [1, 2]]));
        assert!(
            optional["tmpls"][1]["qfmt"]
                .as_str()
                .unwrap()
                .starts_with("{{#Add Reverse}}")
        );
    }

    #[test]
    fn every_template_uses_only_its_types_fields() {
        let field_ref = regex::Regex::new(r"\{\{[#/^]?(?:[a-z]+:)?([^}]+)\}\}").unwrap();
        for m in all() {
            for t in &m.templates {
                for side in [t.front, t.back] {
                    for cap in field_ref.captures_iter(side) {
                        let name = &cap[1];
                        assert!(
                            m.fields.contains(&name) || name == "FrontSide",
                            "{}: {{{{{name}}}}} is not a field",
                            m.name
                        );
                    }
                }
            }
        }
    }

    /// If this fails you changed `templates/anki/`: set [`NOTE_TYPES_MTIME`]
    /// to the current Unix time (so Anki takes the new templates on the next
    /// import) and then paste the new hash here.
    #[test]
    fn templates_match_their_mtime() {
        let mut hasher = Sha256::new();
        for m in all() {
            for t in &m.templates {
                hasher.update(t.front);
                hasher.update(t.back);
            }
        }
        hasher.update(tpl::STYLE);
        let hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            (NOTE_TYPES_MTIME, &hex[..16]),
            (1_795_600_000, "eac2a4ef1c0798a8")
        );
    }
}
