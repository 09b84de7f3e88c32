//! Reading a claim about a library's default from the prose around a value:
//! which library and which optimizer the clause holding the value names
//! ("PyTorch 2.15 `torch.optim.Adagrad` adds it outside, with default
//! $\epsilon = 10^{-10}$; Keras … $\epsilon = 10^{-7}$"), which argument
//! the value is for, and whether the line says it is a default at all. A
//! value next to a library's name is a default claim only when the words
//! say so; a clause that names two optimizers, or none the table knows,
//! leaves the claim unchecked rather than compared with the wrong one.
use crate::math::env::SymbolKey;
use crate::optim::OptimizerKind;
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

impl Named {
    /// Whether this is a variant of Adam or an optimizer verideck has no
    /// reference run for (AdamW, Adamax, NAdam, Adadelta, Lion, or one the
    /// table lacks): library argument names it shares with Adam (`beta_1`)
    /// do not say a note is about it. (Adamax has a reference run; see
    /// [`Named::rule_has_no_reference`] for what a rule under a name claims.)
    pub(crate) fn without_reference(self) -> bool {
        use Algorithm as A;
        matches!(
            self,
            Named::Other
                | Named::Tabulated(A::AdamW | A::Adamax | A::Nadam | A::Adadelta | A::Lion)
        )
    }

    /// Whether a rule under this name claims to be none of the reference
    /// optimizers: one of [`Named::without_reference`] that no
    /// [`OptimizerKind`] runs (Adamax is one, so a rule under "Adamax" is
    /// checked against it).
    pub(crate) fn rule_has_no_reference(self) -> bool {
        self.without_reference()
            && !OptimizerKind::ALL
                .into_iter()
                .any(|k| self == Named::Tabulated(k.into()))
    }
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
        ("adamw", Named::Tabulated(Algorithm::AdamW)),
        ("adamax", Named::Tabulated(Algorithm::Adamax)),
        ("nadam", Named::Tabulated(Algorithm::Nadam)),
        ("radam", Named::Other),
        ("adadelta", Named::Tabulated(Algorithm::Adadelta)),
        ("rprop", Named::Other),
        ("lion", Named::Tabulated(Algorithm::Lion)),
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
        assert_eq!(optimizers_in("`torch.optim.RAdam`"), vec![Named::Other]);
        assert_eq!(
            optimizers_in("Adam (not AdamW)"),
            vec![
                Named::Tabulated(Algorithm::Adam),
                Named::Tabulated(Algorithm::AdamW)
            ]
        );
        assert!(Named::Tabulated(Algorithm::AdamW).without_reference());
        assert!(!Named::Tabulated(Algorithm::Adam).without_reference());
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

/// The argument a note's legend gives `key`: the words right after an
/// inline `$…$` holding only that symbol (`$\gamma$ lr`, `$\lambda$ weight
/// decay`, `$\alpha$ is the decay`, `$\epsilon$ added to the
/// denominator`), as a canonical name (`lr`, `weight_decay`, `decay`,
/// `eps`, `momentum`, `momentum_decay`, `dampening`). The first legend entry of the
/// note that names one wins; `None` when no legend names the symbol.
pub(crate) fn legend_name(text: &str, key: &SymbolKey) -> Option<String> {
    const PHRASES: &[(&str, &str)] = &[
        ("momentum decay", "momentum_decay"),
        ("momentum_decay", "momentum_decay"),
        ("weight decay", "weight_decay"),
        ("weight_decay", "weight_decay"),
        ("learning rate", "lr"),
        ("learning_rate", "lr"),
        ("step size", "lr"),
        ("lr", "lr"),
        ("initial accumulator value", "initial_accumulator"),
        ("initial accumulator", "initial_accumulator"),
        ("initial_accumulator_value", "initial_accumulator"),
        ("dampening", "dampening"),
        ("momentum", "momentum"),
        ("decay", "decay"),
        ("eps", "eps"),
        ("epsilon", "eps"),
        ("added to the denominator", "eps"),
        ("numerical stability", "eps"),
    ];
    const FILLER: &[&str] = &["is", "the", "as", "a", "=", ":", "-", "—", "for"];
    const STOP: &[&str] = &[
        "and",
        "or",
        "here",
        "in",
        "of",
        "with",
        "which",
        "that",
        "but",
        "not",
        "again",
        "is",
        "as",
        "from",
        "like",
        "now",
        "too",
        "also",
        "then",
        "everywhere",
        "throughout",
        "below",
        "above",
        "always",
    ];
    let wanted = key.to_string();
    let mut rest = text;
    while let Some(open) = rest.find('$') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('$') else {
            break;
        };
        let inner = &after[..close];
        let tail = &after[close + 1..];
        rest = tail;
        if inner.is_empty() {
            continue;
        }
        // `$\hat\delta = 10^{-7}$ (`epsilon`)`: a value with the argument's
        // name in code right after it.
        if let Some((lhs, _)) = inner.split_once('=')
            && SymbolKey::parse(lhs.trim()).is_ok_and(|k| k.to_string() == wanted)
            && let Some(named) = tail.trim_start().strip_prefix("(`")
            && let Some((arg, _)) = named.split_once("`)")
            && let Some((_, name)) = PHRASES.iter().find(|(p, _)| *p == arg.trim())
        {
            return Some((*name).to_string());
        }
        // Only an inline formula that is one symbol is a legend entry.
        let Ok(k) = SymbolKey::parse(inner) else {
            continue;
        };
        if k.to_string() != wanted {
            continue;
        }
        // The words up to the next comma, `$`, parenthesis or line end.
        let words: String = tail
            .chars()
            .take_while(|c| !matches!(c, ',' | '$' | '(' | ')' | ';' | '\n' | '.'))
            .collect();
        let plain: String = words
            .chars()
            .filter(|c| !matches!(c, '*' | '`'))
            .collect::<String>()
            .to_lowercase();
        let mut tokens: Vec<&str> = plain.split_whitespace().collect();
        while tokens.first().is_some_and(|t| FILLER.contains(t)) {
            tokens.remove(0);
        }
        // A name counts when the words are that name, or it is followed by
        // a word that ends the noun (`lr decay` is not `lr`).
        let found = PHRASES.iter().find(|(p, _)| {
            let name: Vec<&str> = p.split_whitespace().collect();
            tokens.len() >= name.len()
                && tokens[..name.len()] == name[..]
                && tokens
                    .get(name.len())
                    .is_none_or(|next| STOP.contains(next))
        });
        if let Some((_, name)) = found {
            return Some((*name).to_string());
        }
    }
    None
}

#[cfg(test)]
mod legend_tests {
    use super::*;

    fn key(s: &str) -> SymbolKey {
        SymbolKey::parse(s).unwrap()
    }

    #[test]
    fn a_value_followed_by_its_argument_in_code_names_it() {
        let text =
            "Keras `Adam` uses $\\hat{\\delta} = 10^{-7}$ (`epsilon`) and $c = 2$ (`clipnorm`).";
        assert_eq!(
            legend_name(text, &key("\\hat{\\delta}")).as_deref(),
            Some("eps")
        );
        assert_eq!(legend_name(text, &key("c")), None);
    }

    #[test]
    fn a_legend_names_the_arguments() {
        let text = "- symbols: $\\gamma$ lr, $\\lambda$ weight decay, $\\mu$ momentum, $\\epsilon$ added to the denominator\n- $\\alpha$ is the **decay** here";
        assert_eq!(legend_name(text, &key("\\gamma")).as_deref(), Some("lr"));
        assert_eq!(
            legend_name(text, &key("\\lambda")).as_deref(),
            Some("weight_decay")
        );
        assert_eq!(legend_name(text, &key("\\mu")).as_deref(), Some("momentum"));
        assert_eq!(legend_name(text, &key("\\epsilon")).as_deref(), Some("eps"));
        assert_eq!(legend_name(text, &key("\\alpha")).as_deref(), Some("decay"));
        assert_eq!(legend_name(text, &key("\\beta")), None);
        let decay = "$\\eta$ is the lr decay and $\\tau$ the initial accumulator value";
        assert_eq!(legend_name(decay, &key("\\eta")), None);
        assert_eq!(
            legend_name(decay, &key("\\tau")).as_deref(),
            Some("initial_accumulator")
        );
    }

    #[test]
    fn words_that_are_no_argument_name_nothing() {
        let text = "with $\\gamma$ large the step diverges";
        assert_eq!(legend_name(text, &key("\\gamma")), None);
    }
}
