//! Assembling cards: every valid Anki block of the vault becomes one
//! [`Card`] with HTML fields, deck, tags and a stable GUID.
//!
//! Blocks are taken in vault order (path, then line). Duplicate IDs and
//! duplicate ID-less blocks are reported and the later one skipped;
//! `DELETE` blocks are listed, not exported.
pub mod formulas;
pub mod guid;
pub mod tags;
pub mod verdict;

use crate::diag::Diagnostic;
use crate::html::HtmlRenderer;
use crate::html::cloze::space_cloze_braces;
use crate::note::links::find_tags;
use crate::note::{Block, Excerpt, Note, NoteType, math_spans};
use crate::vault::{Attachment, Vault};
use formulas::{CardFormula, CardStyle};
use std::collections::BTreeMap;

/// Choices that shape the deck.
#[derive(Debug, Clone)]
pub struct DeckOptions {
    /// The deck of notes whose file has no `TARGET DECK`.
    pub default_deck: String,
}

impl Default for DeckOptions {
    fn default() -> Self {
        Self {
            default_deck: "Default".to_string(),
        }
    }
}

/// One Anki note, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Stable GUID (see [`guid`]).
    pub guid: String,
    /// The note type.
    pub note_type: NoteType,
    /// Deck name, `::` nesting.
    pub deck: String,
    /// Anki tags, deduplicated and sorted.
    pub tags: Vec<String>,
    /// HTML of each field, in the note type's order.
    pub fields: Vec<String>,
    /// Vault-relative path of the note the block is in.
    pub path: String,
    /// Line of the block's `START`.
    pub line: usize,
    /// Line of the block's `END`.
    pub end_line: usize,
    /// The formulas the fields show, embeds included, in rendering order.
    pub formulas: Vec<CardFormula>,
}

/// A block marked `DELETE`: reported by the build, not exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedBlock {
    /// Vault-relative path.
    pub path: String,
    /// Line of the block's `START`.
    pub line: usize,
    /// The GUID the note had.
    pub guid: String,
}

/// All cards of a vault, the deleted blocks, the media the fields use, and
/// the problems met while assembling.
#[derive(Debug, Default)]
pub struct Deck {
    /// Cards in vault order.
    pub cards: Vec<Card>,
    /// Blocks marked `DELETE`.
    pub deleted: Vec<DeletedBlock>,
    /// Attachments embedded by some field (to copy to `OUT/media/`).
    pub media: Vec<Attachment>,
    /// Problems found (duplicates, unclosed math, missing embeds, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the deck of `vault`.
pub fn assemble(vault: &Vault, options: &DeckOptions) -> Deck {
    let mut renderer = HtmlRenderer::with_style(vault, CardStyle::default());
    let mut deck = Deck::default();
    let mut ids: BTreeMap<u64, (String, usize)> = BTreeMap::new();
    for note in &vault.notes {
        let mut first_fields: BTreeMap<&str, usize> = BTreeMap::new();
        for block in &note.blocks {
            let guid = guid::guid(block.id, &note.path, block.first_field());
            if let Some(id) = block.id {
                let id_line = block.id_line.unwrap_or(block.line);
                if let Some((path, line)) = ids.get(&id) {
                    deck.diagnostics.push(
                        Diagnostic::error(
                            &note.path,
                            id_line,
                            format!("duplicate ID {id} (first at {path}:{line})"),
                        )
                        .quoting(&note.text),
                    );
                    continue;
                }
                ids.insert(id, (note.path.clone(), id_line));
            } else if let Some(first) = first_fields.get(block.first_field()) {
                deck.diagnostics.push(
                    Diagnostic::error(
                        &note.path,
                        block.line,
                        format!("duplicate note (line {first})"),
                    )
                    .quoting(&note.text),
                );
                continue;
            } else {
                first_fields.insert(block.first_field(), block.line);
            }
            if block.delete {
                deck.deleted.push(DeletedBlock {
                    path: note.path.clone(),
                    line: block.line,
                    guid,
                });
                continue;
            }
            deck.cards
                .push(card(note, block, guid, &mut renderer, options));
        }
    }
    unify_deck_case(&mut deck);
    sort_for_anki(&mut deck.cards);
    deck.media = renderer
        .media
        .iter()
        .map(|&i| vault.attachments[i].clone())
        .collect();
    deck.diagnostics.append(&mut renderer.diagnostics);
    deck
}

/// Deck names that differ only in letter case are one deck to Anki, but its
/// text importer makes a second `Name+` deck for the other spelling: use the
/// first spelling (in vault order) everywhere, with a warning.
fn unify_deck_case(deck: &mut Deck) {
    let mut first: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    for card in &mut deck.cards {
        let key = card.deck.to_lowercase();
        match first.get(&key) {
            Some((spelling, path, line)) if *spelling != card.deck => {
                deck.diagnostics.push(Diagnostic::warning(
                    &card.path,
                    card.line,
                    format!(
                        "deck \"{}\" differs only in case from \"{spelling}\" ({path}:{line}); using \"{spelling}\"",
                        card.deck
                    ),
                ));
                card.deck = spelling.clone();
            }
            Some(_) => {}
            None => {
                first.insert(key, (card.deck.clone(), card.path.clone(), card.line));
            }
        }
    }
}

/// Orders cards by deck name (byte order), then path, then line. Anki's
/// text importer only knows the decks it created *by name* during one
/// import, not the parents it created on the way: a row for `A::B` after
/// one for `A::B::C` would land in a new deck `A::B+`. A parent's name is
/// a prefix of its children's, so this order always creates it first.
fn sort_for_anki(cards: &mut [Card]) {
    cards.sort_by(|a, b| {
        (a.deck.as_bytes(), a.path.as_bytes(), a.line).cmp(&(
            b.deck.as_bytes(),
            b.path.as_bytes(),
            b.line,
        ))
    });
}

fn card(
    note: &Note,
    block: &Block,
    guid: String,
    renderer: &mut HtmlRenderer<'_, CardStyle>,
    options: &DeckOptions,
) -> Card {
    renderer.style.take();
    let fields = block
        .fields
        .iter()
        .map(|field| {
            let excerpt = Excerpt {
                lines: (field.line..field.line + field.text.split('\n').count()).collect(),
                text: field.text.clone(),
            };
            let html = renderer.render(&note.path, &excerpt);
            if block.note_type == NoteType::Cloze {
                space_cloze_braces(&html)
            } else {
                html
            }
        })
        .collect();
    let field_tags = block.fields.iter().flat_map(|f| {
        let code = math_spans::code_ranges(&f.text);
        let mut skip = code.clone();
        skip.extend(
            math_spans::scan(&f.text, &code)
                .spans
                .into_iter()
                .map(|s| s.outer),
        );
        find_tags(&f.text, &skip)
    });
    let all_tags = block
        .tags
        .iter()
        .chain(&note.file_tags)
        .cloned()
        .chain(
            note.front_matter
                .tags
                .iter()
                .map(|t| tags::obsidian_to_anki(t)),
        )
        .chain(field_tags.map(|t| tags::obsidian_to_anki(&t)))
        .chain(std::iter::once("verideck".to_string()));
    Card {
        guid,
        note_type: block.note_type,
        deck: note
            .target_deck
            .clone()
            .unwrap_or_else(|| options.default_deck.clone()),
        tags: tags::normalize(all_tags),
        fields,
        path: note.path.clone(),
        line: block.line,
        end_line: block.end_line,
        formulas: renderer.style.take(),
    }
}

#[cfg(test)]
mod tests;
