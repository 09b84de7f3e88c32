//! Symbol normalisation: the many spellings of one symbol become one
//! [`Symbol`].
//!
//! - `\rho_1`, `\rho_{1}`, `ρ₁` and plain-text `rho_1` are the symbol named
//!   `rho` with index `1`; `\varepsilon`, `ε`, `ϵ` and `\epsilon` are all
//!   `epsilon` (likewise `\vartheta`, `\varphi`, `\varrho`).
//! - Fonts are dropped: `\boldsymbol{\theta}`, `\mathbf{\theta}` and
//!   `\theta` are one symbol, and so are `\mathcal{R}`, `\mathbf{R}` and `R`,
//!   and `\bm{b}`, `\mathsf{b}`, `\mathtt{b}`, `\textbf{b}` and `b`.
//!   Only `\mathbb` is kept ([`Style::Blackboard`]): `\mathbb{R}` (the reals)
//!   and `\mathbb{E}` are not the risk `R` or a symbol `E`.
//! - Accents are part of the symbol: `\hat{s}` and `\widehat{s}` are one
//!   symbol, distinct from `s`; `x^*` and `w'` carry a star and a prime.
//! - Multi-letter names: `\mathrm{lr}`, `\operatorname{lr}` and
//!   `\mathit{lr}` are one symbol named `lr`, and `\mathrm{learning\_rate}`
//!   one named `learning_rate`; plain letters `lr` are the product `l·r`, as
//!   in TeX, unless the run spells a Greek letter name (`rho`, `beta`, `eta`
//!   …). `\text{…}` is an annotation, except as a subscript label
//!   (`w_{\text{la}}`) and where it stands as an operand next to an
//!   operator or a script (`\text{lr} \cdot g`, `\textbf{m}_t`).
//! - No letter is reserved: `e`, `E`, `\pi`, `\gamma`, `I` are ordinary
//!   symbols; the evaluator treats `e` and `\pi` as constants only when its
//!   caller asks for it.
use super::ast::Expr;
use super::ast::Func;
use std::fmt;

/// An accent written over a symbol, or a star/prime written after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Accent {
    /// `\hat`, `\widehat`.
    Hat,
    /// `\tilde`, `\widetilde`.
    Tilde,
    /// `\bar`, `\overline`.
    Bar,
    /// `\dot`.
    Dot,
    /// `\ddot`.
    Ddot,
    /// `\check`.
    Check,
    /// `\vec`, `\overrightarrow`.
    Vec,
    /// `x^*`, `x^{*}`, `x^\star`.
    Star,
    /// `w'`, `w^\prime`.
    Prime,
}

/// The one font distinction kept: blackboard bold is a different symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Style {
    /// Any font but `\mathbb`.
    #[default]
    Plain,
    /// `\mathbb{…}`.
    Blackboard,
}

/// The normalised identity of a symbol, without its index: name, style and
/// accents. This is the key of a history (`s` in `s_k`) or of a function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BaseKey {
    /// `rho`, `s`, `R`, `lr`.
    pub name: String,
    /// Blackboard or not.
    pub style: Style,
    /// Accents in the order written, outermost last.
    pub accents: Vec<Accent>,
}

impl BaseKey {
    /// A plain symbol without accents.
    pub fn plain(name: &str) -> Self {
        Self {
            name: name.to_string(),
            style: Style::Plain,
            accents: Vec::new(),
        }
    }

    /// The same key with one more accent.
    pub fn with_accent(mut self, accent: Accent) -> Self {
        self.accents.push(accent);
        self
    }
}

impl fmt::Display for BaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.style == Style::Blackboard {
            write!(f, "bb:")?;
        }
        write!(f, "{}", self.name)?;
        for a in &self.accents {
            write!(f, "{}", accent_suffix(*a))?;
        }
        Ok(())
    }
}

/// How an accent prints after a name: `s.hat`, `x*`, `w'`.
fn accent_suffix(a: Accent) -> &'static str {
    match a {
        Accent::Hat => ".hat",
        Accent::Tilde => ".tilde",
        Accent::Bar => ".bar",
        Accent::Dot => ".dot",
        Accent::Ddot => ".ddot",
        Accent::Check => ".check",
        Accent::Vec => ".vec",
        Accent::Star => "*",
        Accent::Prime => "'",
    }
}

/// A symbol as written: its normalised base and its subscript index
/// expressions (empty when there is no subscript). `g_{k-i}` keeps `k-i`
/// as an expression; `w_{0,0,0}` has three indices; `w_{\text{la}}` and
/// `\lambda_{max}` have a [`Symbol::label`] instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    /// Name, style and accents.
    pub base: BaseKey,
    /// Index expressions of the subscript, in order.
    pub index: Vec<Expr>,
    /// A textual subscript (`la`, `max`): a run of two or more letters or
    /// `\text{…}`/`\mathrm{…}` in the subscript.
    pub label: Option<String>,
}

impl Symbol {
    /// A plain unindexed symbol.
    pub fn plain(name: &str) -> Self {
        Self {
            base: BaseKey::plain(name),
            index: Vec::new(),
            label: None,
        }
    }
}

/// The Greek letter names, with the variants that normalise to them.
const GREEK: &[(&str, &str)] = &[
    ("alpha", "alpha"),
    ("beta", "beta"),
    ("gamma", "gamma"),
    ("Gamma", "Gamma"),
    ("delta", "delta"),
    ("Delta", "Delta"),
    ("epsilon", "epsilon"),
    ("varepsilon", "epsilon"),
    ("zeta", "zeta"),
    ("eta", "eta"),
    ("theta", "theta"),
    ("vartheta", "theta"),
    ("Theta", "Theta"),
    ("iota", "iota"),
    ("kappa", "kappa"),
    ("lambda", "lambda"),
    ("Lambda", "Lambda"),
    ("mu", "mu"),
    ("nu", "nu"),
    ("xi", "xi"),
    ("Xi", "Xi"),
    ("pi", "pi"),
    ("Pi", "Pi"),
    ("rho", "rho"),
    ("varrho", "rho"),
    ("sigma", "sigma"),
    ("Sigma", "Sigma"),
    ("tau", "tau"),
    ("upsilon", "upsilon"),
    ("phi", "phi"),
    ("varphi", "phi"),
    ("Phi", "Phi"),
    ("chi", "chi"),
    ("psi", "psi"),
    ("Psi", "Psi"),
    ("omega", "omega"),
    ("Omega", "Omega"),
    ("ell", "ell"),
];

/// The normalised name of a Greek-letter command (`varepsilon` → `epsilon`).
pub fn greek_name(command: &str) -> Option<&'static str> {
    GREEK.iter().find(|(c, _)| *c == command).map(|(_, n)| *n)
}

/// The command name of a Unicode Greek letter (`ρ` → `rho`).
pub fn greek_char(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'Γ' => "Gamma",
        'δ' => "delta",
        'Δ' => "Delta",
        'ε' | 'ϵ' => "epsilon",
        'ζ' => "zeta",
        'η' => "eta",
        'θ' | 'ϑ' => "theta",
        'Θ' => "Theta",
        'ι' => "iota",
        'κ' => "kappa",
        'λ' => "lambda",
        'Λ' => "Lambda",
        'μ' | 'µ' => "mu",
        'ν' => "nu",
        'ξ' => "xi",
        'π' => "pi",
        'Π' => "Pi",
        'ρ' | 'ϱ' => "rho",
        'σ' => "sigma",
        'Σ' => "Sigma",
        'τ' => "tau",
        'υ' => "upsilon",
        'φ' | 'ϕ' => "phi",
        'Φ' => "Phi",
        'χ' => "chi",
        'ψ' => "psi",
        'Ψ' => "Psi",
        'ω' => "omega",
        'Ω' => "Omega",
        'ℓ' => "ell",
        _ => return None,
    })
}

/// The accent a command writes (`widehat` → hat).
pub fn accent_command(command: &str) -> Option<Accent> {
    Some(match command {
        "hat" | "widehat" => Accent::Hat,
        "tilde" | "widetilde" => Accent::Tilde,
        "bar" | "overline" => Accent::Bar,
        "dot" => Accent::Dot,
        "ddot" => Accent::Ddot,
        "check" => Accent::Check,
        "vec" | "overrightarrow" => Accent::Vec,
        _ => return None,
    })
}

/// Font commands whose argument is read as a plain symbol.
pub fn is_font_command(command: &str) -> bool {
    matches!(
        command,
        "mathbf"
            | "boldsymbol"
            | "bm"
            | "mathcal"
            | "mathscr"
            | "mathfrak"
            | "mathsf"
            | "mathit"
            | "mathrm"
            | "operatorname"
            | "mathbb"
            | "pmb"
            | "mathtt"
            | "mathds"
            | "mathbbm"
    )
}

/// Function commands (`\max`, `\exp` …).
pub fn func_command(command: &str) -> Option<Func> {
    Some(match command {
        "max" => Func::Max,
        "min" => Func::Min,
        "exp" => Func::Exp,
        "log" => Func::Log,
        "ln" => Func::Ln,
        "sin" => Func::Sin,
        "cos" => Func::Cos,
        "tan" => Func::Tan,
        "tanh" => Func::Tanh,
        "dim" => Func::Dim,
        "det" => Func::Det,
        "argmin" => Func::ArgMin,
        "argmax" => Func::ArgMax,
        _ => return None,
    })
}

/// Function names written with `\mathrm{…}` or `\operatorname{…}`.
pub fn func_name(name: &str) -> Option<Func> {
    Some(match name {
        "sign" | "sgn" => Func::Sign,
        "tr" | "trace" => Func::Trace,
        "diag" => Func::Diag,
        "ceil" => Func::Ceil,
        "floor" => Func::Floor,
        "argmin" | "arg min" => Func::ArgMin,
        "argmax" | "arg max" => Func::ArgMax,
        other => return func_command(other),
    })
}

/// The printed name of a function.
pub fn func_display(func: Func) -> &'static str {
    match func {
        Func::Max => "max",
        Func::Min => "min",
        Func::Exp => "exp",
        Func::Log => "log",
        Func::Ln => "ln",
        Func::Sin => "sin",
        Func::Cos => "cos",
        Func::Tan => "tan",
        Func::Tanh => "tanh",
        Func::Sign => "sign",
        Func::ArgMin => "argmin",
        Func::ArgMax => "argmax",
        Func::Dim => "dim",
        Func::Det => "det",
        Func::Trace => "tr",
        Func::Diag => "diag",
        Func::Ceil => "ceil",
        Func::Floor => "floor",
        Func::Indicator(_) => "1",
    }
}
