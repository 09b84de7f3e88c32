//! The documented maxima of verideck's input handling, in one place.
//!
//! Every expansion of a vault's text has a budget, so that no vault — a
//! careless one or a hostile one — makes time or memory grow faster than
//! its size (issue 13). When a budget is hit, the part over it is left out
//! with a diagnostic that names the budget and why, and the rest of the
//! vault is still processed. The maxima are far above what real notes use
//! (the sample vault's largest note has a few dozen formulas and no embed
//! chain longer than two). `simulate`'s step budget lives with that command
//! (`cli::budget`), the embed depth cap with the renderer
//! ([`crate::html::MAX_EMBED_DEPTH`]), the folder depth with the walk
//! ([`crate::vault::walk::MAX_FOLDER_DEPTH`]).

/// Math spans of one note that are checked. The checker reads a note's
/// formulas as one program, so its work grows faster than their number;
/// past this many the rest of the note's formulas are not checked (a
/// warning says so). A 2 MB note of real formulas checks in seconds.
pub const MAX_FORMULAS_PER_NOTE: usize = 1_000;

/// Embeds expanded while rendering one text (a card field, a lesson page).
/// Notes that embed each other fan out exponentially within the depth cap
/// (8 notes embedding the 7 others: 7⁸ expansions); past this many, further
/// embeds are left as a cut marker with a warning.
pub const MAX_EMBEDS_PER_NOTE: usize = 1_000;

/// Bytes of embedded Markdown expanded while rendering one text.
pub const MAX_EMBEDDED_BYTES_PER_NOTE: usize = 4 << 20;

/// Bytes of embedded Markdown expanded for one output of the whole vault
/// (the deck, or the lesson pages): bounds many notes each under their own
/// budget.
pub const MAX_EMBEDDED_BYTES_PER_VAULT: usize = 64 << 20;

/// Diagnostics about missing or cut embeds reported for one rendered text;
/// further ones are counted in a single summary warning.
pub const MAX_EMBED_DIAGNOSTICS_PER_NOTE: usize = 100;

/// Tokens (numbers, symbols, operators) one statement of a formula may
/// have: `1+1+…+1` with `n` terms is a tree `n` deep that the checker
/// walks recursively, copying subtrees, so its time and memory grow as
/// `n²` (6000 terms took over 4 GB). A statement over this is not read and
/// its claim is unchecked with the reason. The longest formula of the
/// sample vault and the seeds has under 200 tokens.
pub const MAX_FORMULA_TOKENS: usize = 1_000;
