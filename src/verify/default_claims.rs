//! Reading a claim about a library's default from the prose around a value:
//! which library and which optimizer the clause holding the value names
//! ("PyTorch 2.15 `torch.optim.Adagrad` adds it outside, with default
//! $\epsilon = 10^{-10}$; Keras … $\epsilon = 10^{-7}$"), which argument
//! the value is for, and whether the line says it is a default at all. A
//! value next to a library's name is a default claim only when the words
//! say so; a clause that names two optimizers, or none the table knows,
//! leaves the claim unchecked rather than compared with the wrong one.
use crate::math::env::SymbolKey;
use crate::verify::library::{Algorithm, Library};

/// Words that say a value is a library's default, lower case, in the
/// languages notes are written in.
const DEFAULT_WORDS: &[&str] = &[
    "default",
    "standard value",
    "standardwert",
    "voreinstellung",
    "par défaut",
    "defaut",
    "défaut",
    "por defecto",
    "predeterminad",
    "predefinit",
    "padrão",
    "padrao",
    "standaard",
    "по умолчанию",
    "默认",
    "默認",
    "デフォルト",
    "既定",
];

/// Whether the line, or a heading above it, says its values are defaults.
pub(crate) fn says_default(line: &str, headings: &[String]) -> bool {
    let has = |t: &str| {
        let t = t.to_lowercase();
        DEFAULT_WORDS.iter().any(|w| t.contains(w))
    };
    has(line) || headings.iter().any(|h| has(h))
}

/// The clause of `line` around character `at`: the text between the
/// nearest `;` or sentence end before it and the next one after it, with
/// the character where it starts.
pub(crate) fn clause_at(line: &str, at: usize) -> (usize, String) {
    let chars: Vec<char> = line.chars().collect();
    let at = at.min(chars.len());
    let mut math = false;
    let mut cuts = vec![0];
    for (i, c) in chars.iter().enumerate() {
        if *c == '$' {
            math = !math;
            continue;
        }
        let sentence_end = *c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if !math && (*c == ';' || sentence_end) {
            cuts.push(i + 1);
        }
    }
    cuts.push(chars.len());
    let start = cuts.iter().copied().filter(|&c| c <= at).max().unwrap_or(0);
    let end = cuts
        .iter()
        .copied()
        .filter(|&c| c > at)
        .min()
        .unwrap_or(chars.len());
    (start, chars[start..end].iter().collect())
}

/// Every library named in `text`, in order of first mention, each once.
pub(crate) fn libraries_in(text: &str) -> Vec<Library> {
    const NAMES: [(&str, Library); 5] = [
        ("pytorch", Library::Torch),
        ("torch", Library::Torch),
        ("optax", Library::Optax),
        ("keras", Library::Keras),
        ("tensorflow", Library::Keras),
    ];
    let mut found: Vec<(usize, Library)> = Vec::new();
    for (name, library) in NAMES {
        if let Some(at) = word_at(text, name) {
            found.push((at, library));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut out: Vec<Library> = Vec::new();
    for (_, l) in found {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// An optimizer a clause names: one the default table has, or another
/// one (AdamW, Rprop, …) whose defaults verideck does not tabulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    /// A tabulated optimizer (SGD stands for its momentum and Nesterov
    /// switches too).
    Tabulated(Algorithm),
    /// An optimizer the table does not have.
    Other,
}

/// The optimizers named in `text`, each once.
pub(crate) fn optimizers_in(text: &str) -> Vec<Named> {
    const NAMES: &[(&str, Named)] = &[
        ("sgd", Named::Tabulated(Algorithm::Sgd)),
        ("nesterov", Named::Tabulated(Algorithm::Nesterov)),
        ("adagrad", Named::Tabulated(Algorithm::Adagrad)),
        ("rmsprop", Named::Tabulated(Algorithm::Rmsprop)),
        ("adam", Named::Tabulated(Algorithm::Adam)),
        ("ema", Named::Tabulated(Algorithm::Ema)),
        ("adamw", Named::Other),
        ("adamax", Named::Other),
        ("nadam", Named::Other),
        ("radam", Named::Other),
        ("adadelta", Named::Other),
        ("rprop", Named::Other),
        ("lion", Named::Other),
        ("lamb", Named::Other),
        ("lars", Named::Other),
        ("yogi", Named::Other),
        ("adafactor", Named::Other),
        ("amsgrad", Named::Other),
    ];
    let mut out: Vec<Named> = Vec::new();
    for (name, named) in NAMES {
        if word_at(text, name).is_some() && !out.contains(named) {
            out.push(*named);
        }
    }
    out
}

/// The names written in code spans (`` `lr` ``, `` `betas` ``) of `text`,
/// with their character positions.
pub(crate) fn code_names(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '`' {
            continue;
        }
        match open {
            None => open = Some(i),
            Some(s) => {
                let name: String = chars[s + 1..i].iter().collect();
                // `torch.optim.Adam` names the optimizer, not an argument.
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '[' || c == ']')
                {
                    out.push((s, name));
                }
                open = None;
            }
        }
    }
    out
}

/// Where the inline formulas of `text` start (the character after each
/// opening `$`).
pub(crate) fn formula_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut open = false;
    for (i, c) in text.chars().enumerate() {
        if c == '$' {
            if !open {
                out.push(i + 1);
            }
            open = !open;
        }
    }
    out
}

/// How a library's documentation would name the symbol `key` as an
/// argument: a word symbol as written (`learning_rate`, `momentum`), a
/// letter with an index as `beta_1`; `None` for a bare letter (`\alpha`,
/// `\rho`), whose role the note's own rules say, not its name.
pub(crate) fn documented_name(key: &SymbolKey) -> Option<String> {
    let name = &key.base.name;
    if !key.base.accents.is_empty() {
        return None;
    }
    match key.index.as_slice() {
        [] if name.chars().count() > 1 && !is_letter_name(name) => Some(name.clone()),
        [crate::math::env::IndexKey::Int(i)]
            if is_letter_name(name) && name.chars().count() > 1 =>
        {
            Some(format!("{name}_{i}"))
        }
        _ => None,
    }
}

/// Whether `name` is the name of a Greek or Latin letter (`alpha`,
/// `epsilon`, `rho`): a symbol, not an argument's name.
pub(crate) fn is_letter_name(name: &str) -> bool {
    const LETTERS: &[&str] = &[
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "omicron",
        "pi",
        "rho",
        "varrho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
    ];
    name.chars().count() == 1 || LETTERS.contains(&name.to_lowercase().as_str())
}

/// Where `word` occurs in `text` as a whole word (case-insensitively),
/// in characters.
fn word_at(text: &str, word: &str) -> Option<usize> {
    let lower: Vec<char> = text.to_lowercase().chars().collect();
    let word: Vec<char> = word.chars().collect();
    let word_char = |c: char| c.is_alphanumeric();
    if lower.len() < word.len() {
        return None;
    }
    (0..=lower.len() - word.len()).find(|&i| {
        lower[i..i + word.len()] == word[..]
            && (i == 0 || !word_char(lower[i - 1]))
            && lower.get(i + word.len()).is_none_or(|c| !word_char(*c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "- PyTorch `torch.optim.Adagrad` adds it outside, with default $\\epsilon = 10^{-10}$; Keras `Adagrad` keeps it inside with $\\epsilon = 10^{-7}$";

    #[test]
    fn each_clause_names_its_own_library() {
        let (_, first) = clause_at(LINE, LINE.chars().position(|c| c == '$').unwrap());
        assert_eq!(libraries_in(&first), vec![Library::Torch]);
        let second_at = LINE.chars().count() - 5;
        let (_, second) = clause_at(LINE, second_at);
        assert_eq!(libraries_in(&second), vec![Library::Keras]);
        assert_eq!(
            optimizers_in(&second),
            vec![Named::Tabulated(Algorithm::Adagrad)]
        );
    }

    #[test]
    fn decimals_and_math_do_not_end_a_clause() {
        let line = "optax uses $b_1 = 0.9; b_2 = 0.999$ by default. Keras too.";
        assert!(clause_at(line, 14).1.contains("by default"));
        assert!(!clause_at(line, 14).1.contains("Keras"));
    }

    #[test]
    fn default_words_in_other_languages_and_headings() {
        assert!(says_default("Keras nutzt als Standardwert", &[]));
        assert!(says_default("valeur par défaut", &[]));
        assert!(says_default("- PyTorch: lr", &["Defaults".to_string()]));
        assert!(!says_default("the PyTorch run of the same example", &[]));
    }

    #[test]
    fn untabulated_optimizers_are_named_as_such() {
        assert_eq!(optimizers_in("`torch.optim.AdamW`"), vec![Named::Other]);
        assert_eq!(
            optimizers_in("Adam (not AdamW)"),
            vec![Named::Tabulated(Algorithm::Adam), Named::Other]
        );
        assert_eq!(
            code_names("calls the decay `alpha`, see `torch.optim.RMSprop`"),
            vec![(16, "alpha".to_string())]
        );
    }

    #[test]
    fn libraries_are_recognised_in_prose() {
        let cases = [
            (
                "the usual hyperparameters, as PyTorch spells them:",
                Some(Library::Torch),
            ),
            ("`torch.optim.Adam(lr=1e-3)`", Some(Library::Torch)),
            ("in OPTAX the decay is required", Some(Library::Optax)),
            ("Keras: β₁ = 0.9", Some(Library::Keras)),
            ("tf.keras.optimizers.Adam", Some(Library::Keras)),
            ("TensorFlow's default", Some(Library::Keras)),
            ("Keras and then PyTorch", Some(Library::Keras)),
            ("PyTorch and then Keras", Some(Library::Torch)),
            ("a torchlight and kerasite", None),
            ("the momentum default is 0.9", None),
        ];
        for (text, expected) in cases {
            assert_eq!(libraries_in(text).first().copied(), expected, "{text}");
        }
    }
}
