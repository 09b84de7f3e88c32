//! The formulas a card shows, and where each is written: the card style
//! renders math exactly like [`AnkiStyle`] and records every formula it
//! meets, so the formulas of `![[embeds]]` are known with the embedded
//! note's path and lines. [`super::verdict`] matches them with the
//! checker's claims.
use crate::html::{AnkiStyle, LinkSite, MathSite, RenderStyle};

/// One formula on a card, with the place it is written in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFormula {
    /// The LaTeX between the delimiters, as written.
    pub latex: String,
    /// `$$…$$` rather than `$…$`.
    pub display: bool,
    /// Vault-relative path of the file the formula is written in (the
    /// embedded note's, for a formula inlined by an embed).
    pub file: String,
    /// 1-based line of the LaTeX's first character.
    pub line: usize,
    /// 1-based column (characters) of that character.
    pub column: usize,
    /// 1-based line of the LaTeX's last character.
    pub end_line: usize,
}

impl CardFormula {
    /// The formula as a [`MathSite`], for verdict lookups.
    pub fn site(&self) -> MathSite<'_> {
        MathSite {
            latex: &self.latex,
            display: self.display,
            file: &self.file,
            line: self.line,
            column: self.column,
            end_line: self.end_line,
        }
    }
}

/// [`AnkiStyle`] that also records every formula it renders.
#[derive(Debug, Clone, Default)]
pub struct CardStyle {
    /// Formulas rendered since the last [`CardStyle::take`].
    formulas: Vec<CardFormula>,
}

impl CardStyle {
    /// The formulas recorded so far; starts a new list.
    pub fn take(&mut self) -> Vec<CardFormula> {
        std::mem::take(&mut self.formulas)
    }
}

impl RenderStyle for CardStyle {
    fn math(&mut self, site: &MathSite<'_>) -> String {
        self.formulas.push(CardFormula {
            latex: site.latex.to_string(),
            display: site.display,
            file: site.file.to_string(),
            line: site.line,
            column: site.column,
            end_line: site.end_line,
        });
        AnkiStyle.math(site)
    }

    fn link(&mut self, site: &LinkSite<'_>) -> String {
        AnkiStyle.link(site)
    }
}
