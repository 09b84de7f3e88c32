//! The expression tree the parser builds: [`Expr`] nodes, each carrying the
//! byte [`Span`] of the LaTeX it was read from, and [`Statement`]s, which are
//! relation chains `e0 R1 e1 R2 e2 …` with one [`Link`] per relation.
//!
//! The tree records what was written, not what it means: `θ^{k+1}` is a
//! [`ExprKind::Superscript`] (power or iteration label is the checker's
//! call), `f(x)` is a [`ExprKind::Call`] (application or product is decided
//! by what the caller binds), and number literals keep their printed text so
//! a tolerance can follow the printed precision.
use super::symbols::Symbol;
use std::ops::Range;

/// A byte range `start..end` into the LaTeX string given to the parser.
///
/// The caller adds the offset of the math span in its file and maps the
/// result to `line:col`; spans are always on UTF-8 character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// As a `Range` for slicing the source.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// One node of the expression tree with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

impl Expr {
    /// A node of `kind` at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Self { kind, span }
    }
}

/// A number as printed: `0.9`, `13`, `16384`.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The digits as written (no sign, no thousands separators).
    pub text: String,
    /// The value.
    pub value: f64,
}

impl Number {
    /// Digits after the decimal point as printed (`1.30` → 2, `17` → 0);
    /// the checker derives a half-unit tolerance from it.
    pub fn decimals(&self) -> usize {
        self.text.split_once('.').map_or(0, |(_, f)| f.len())
    }
}

/// Explicit and implicit products, kept apart so the checker can tell
/// `a \cdot b` (a dot product for vectors) from `a b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MulKind {
    /// Juxtaposition: `\alpha g`, `2(\hat y - y)`.
    Implicit,
    /// `\cdot` or `·`.
    Cdot,
    /// `\times`, `×` or `*`.
    Times,
}

/// Functions named by a command or by `\mathrm{…}` / `\operatorname{…}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Func {
    /// `\max`: largest argument, elementwise with broadcasting.
    Max,
    /// `\min`.
    Min,
    /// `\exp`.
    Exp,
    /// `\log` (natural).
    Log,
    /// `\ln`.
    Ln,
    /// `\sin`.
    Sin,
    /// `\cos`.
    Cos,
    /// `\tan`.
    Tan,
    /// `\tanh`.
    Tanh,
    /// `\mathrm{sign}` / `\operatorname{sgn}`.
    Sign,
    /// `\arg\min`, `\operatorname{argmin}`.
    ArgMin,
    /// `\arg\max`.
    ArgMax,
    /// `\dim`.
    Dim,
    /// `\det`.
    Det,
    /// `\mathrm{tr}` / `\operatorname{trace}`.
    Trace,
    /// `\mathrm{diag}`.
    Diag,
    /// `\lceil x \rceil`, `⌈x⌉`: elementwise ceiling.
    Ceil,
    /// `\lfloor x \rfloor`, `⌊x⌋`: elementwise floor.
    Floor,
    /// `\mathbb{1}[a > b]`: 1 where `a R b` holds and 0 elsewhere,
    /// elementwise; the arguments are the two sides of the relation.
    Indicator(Rel),
}

/// A relation between two sides of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rel {
    /// `=`.
    Eq,
    /// `:=`, `\coloneqq`, `\equiv` used as a definition.
    Def,
    /// `\approx`, `\simeq`, `≈`.
    Approx,
    /// `<`.
    Lt,
    /// `>`.
    Gt,
    /// `\le`, `\leq`, `≤`.
    Le,
    /// `\ge`, `\geq`, `≥`.
    Ge,
    /// `\ne`, `\neq`, `≠`.
    Ne,
    /// `\ll`: much less than.
    Ll,
    /// `\gg`: much greater than.
    Gg,
    /// `\in`, `∈`.
    In,
    /// `\subseteq`, `\subset`.
    Subset,
    /// `\propto`.
    Propto,
    /// `\sim` (distributed as, or drawn from).
    Sim,
    /// `\to` inside a subscript (`\lim_{k \to \infty}`).
    To,
    /// `:` at statement level (`g: \mathbb{R}^n \to …`).
    Colon,
}

/// An operator over a bound variable: `\sum`, `\prod`, or `\max`/`\min`
/// (and `\arg\max`/`\arg\min`) written with a subscript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BigOpKind {
    /// `\sum`, `∑`.
    Sum,
    /// `\prod`, `∏`.
    Prod,
    /// `\max_{1 \le i \le t} x_i`: the largest term over the range.
    Max,
    /// `\min_{i} x_i`.
    Min,
    /// `\arg\max_{x} f(x)`: where the body is largest (not evaluated).
    ArgMax,
    /// `\arg\min_{w} L(w)`, `\operatorname*{argmin}_w L(w)`.
    ArgMin,
}

/// One branch of `\begin{cases}`: a value and its condition (`None` for
/// `\text{else}` / `\text{otherwise}` or an empty condition cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The value in the first column.
    pub value: Expr,
    /// The relation chain in the second column.
    pub condition: Option<Statement>,
}

/// The kinds of expression node.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal.
    Number(Number),
    /// `81\%`: the inner expression divided by 100.
    Percent(Box<Expr>),
    /// A normalised symbol (name, accents, index expressions).
    Symbol(Symbol),
    /// `\infty`.
    Infinity,
    /// `\dots`, `…`, `...`: an elided part of a list or sum.
    Ellipsis,
    /// `:` inside an index (`Q_{(:, i)}`: every row).
    Colon,
    /// A side left empty: a row or formula that starts with a relation
    /// (`&= …` continuing another formula), or a relation with nothing after it.
    Missing,
    /// Unary minus.
    Neg(Box<Expr>),
    /// Unary plus (kept so the printed form round-trips).
    Pos(Box<Expr>),
    /// `a + b`.
    Add(Box<Expr>, Box<Expr>),
    /// `a - b`.
    Sub(Box<Expr>, Box<Expr>),
    /// A product, explicit or by juxtaposition.
    Mul(MulKind, Box<Expr>, Box<Expr>),
    /// `a \odot b`: elementwise product.
    Hadamard(Box<Expr>, Box<Expr>),
    /// `\frac{a}{b}` (`slash: false`) or `a / b` (`slash: true`).
    Div {
        /// Numerator.
        num: Box<Expr>,
        /// Denominator.
        den: Box<Expr>,
        /// Written with `/` rather than `\frac`.
        slash: bool,
    },
    /// `base^{exp}`: a power or an iteration label; the checker decides.
    Superscript {
        /// What carries the superscript.
        base: Box<Expr>,
        /// The superscript.
        exp: Box<Expr>,
    },
    /// `x^\top`, `x^T`, `x^{\top}`.
    Transpose(Box<Expr>),
    /// `A^{-1}`.
    Inverse(Box<Expr>),
    /// `\sqrt{x}` or `\sqrt[n]{x}`.
    Sqrt {
        /// The radicand.
        arg: Box<Expr>,
        /// The optional root index.
        index: Option<Box<Expr>>,
    },
    /// `\max(0, z)`, `\exp x`, `\mathrm{sign}(g)`.
    Func {
        /// Which function.
        func: Func,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `f(x)`, `\mathcal{R}(\theta)`, `L_i(\theta, x_i, y_i)`: application of
    /// a symbol to arguments, or (when the symbol is bound to a value)
    /// a product with a bracket; the evaluator decides by the binding.
    Call {
        /// The applied symbol (or a superscripted one, `g^{(i)}(z)`).
        func: Box<Expr>,
        /// The arguments, separated by `,` or `;`.
        args: Vec<Expr>,
    },
    /// `\nabla f`, `\nabla_\theta L(\theta)`, `\nabla w_t`, and the
    /// partial `\partial_w f` (the same node, with `wrt`).
    Grad {
        /// The subscript of `\nabla` (what the gradient is taken with respect to).
        wrt: Option<Box<Expr>>,
        /// What the gradient is of.
        body: Box<Expr>,
    },
    /// `\frac{\partial L}{\partial w}` (`partial`) or `\frac{df}{dx}`.
    Derivative {
        /// The differentiated expression.
        of: Box<Expr>,
        /// The variable.
        wrt: Box<Expr>,
        /// `\partial` rather than `d`.
        partial: bool,
    },
    /// `expr \Big|_{W=W_0}` or `expr \Big|_{W_0}`: evaluated at a point.
    EvalAt {
        /// The expression evaluated.
        body: Box<Expr>,
        /// The variable, when written (`W` in `W=W_0`).
        var: Option<Box<Expr>>,
        /// The point.
        at: Box<Expr>,
    },
    /// `\sum_{i=0}^{k} body`, `\prod…`, also `\sum_i`, `\sum_{j \in S}`,
    /// `\sum_{1 \le i \le n}`, and `\max_{1 \le i \le t} body`.
    BigOp {
        /// Sum or product.
        op: BigOpKind,
        /// The bound variable.
        var: Option<Box<Expr>>,
        /// Lower limit (`0` in `i=0`).
        from: Option<Box<Expr>>,
        /// Upper limit.
        to: Option<Box<Expr>>,
        /// The set ranged over (`S` in `j \in S`).
        over: Option<Box<Expr>>,
        /// The summand: the rest of the product term.
        body: Box<Expr>,
    },
    /// `\lim_{k \to \infty} body`.
    Limit {
        /// The variable.
        var: Box<Expr>,
        /// What it tends to.
        to: Box<Expr>,
        /// The expression.
        body: Box<Expr>,
    },
    /// `\mathbb{E}_{i \sim S}[body]`.
    Expectation {
        /// The subscript relation, when written.
        over: Option<Box<Statement>>,
        /// The expectation's argument.
        body: Box<Expr>,
    },
    /// `|x|`.
    Abs(Box<Expr>),
    /// `\|x\|`, `||x||`, `\|x\|_2`.
    Norm {
        /// The argument.
        arg: Box<Expr>,
        /// The subscript (`2`, `F`, `\infty`).
        p: Option<Box<Expr>>,
    },
    /// A parenthesised or braced group `( … )`, `[ … ]`, `{ … }`.
    Group(Box<Expr>),
    /// `(a, b, …)`: a tuple of two or more items.
    Tuple(Vec<Expr>),
    /// `[1, 2, 1]`: a bracket list of two or more items.
    List(Vec<Expr>),
    /// `\{a, b\}`: a set.
    Set(Vec<Expr>),
    /// `a..b` inside a list or index: an integer range.
    Range(Box<Expr>, Box<Expr>),
    /// `[0, 1)`: an interval written with mismatched brackets.
    Interval {
        /// Lower end.
        lo: Box<Expr>,
        /// Upper end.
        hi: Box<Expr>,
        /// `[` rather than `(`.
        lo_closed: bool,
        /// `]` rather than `)`.
        hi_closed: bool,
    },
    /// `\begin{pmatrix} … \end{pmatrix}` (any matrix environment), row-major.
    Matrix(Vec<Vec<Expr>>),
    /// `\begin{cases} … \end{cases}`.
    Cases(Vec<Branch>),
}

/// One relation of a chain and its right-hand side.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The relation.
    pub rel: Rel,
    /// Where the relation symbol is.
    pub rel_span: Span,
    /// The side after the relation.
    pub rhs: Expr,
    /// From the start of the side before the relation to the end of `rhs`:
    /// what a report quotes for this link.
    pub span: Span,
}

/// What separated a statement from the one before it in the same formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// The statement opens the formula.
    Start,
    /// `\\` or a new row of an alignment environment.
    Row,
    /// `\Rightarrow`, `\implies`, `⇒`.
    Implies,
    /// `\rightarrow`, `\to`, `\longrightarrow`, `→` and other arrows.
    Arrow,
    /// `\quad`, `\qquad`.
    Quad,
    /// A comma at the outer level.
    Comma,
    /// `\text{…}` or `\textcircled{…}` at the outer level.
    Text,
    /// `\forall`: this statement is the range of a quantifier.
    ForAll,
}

/// A relation chain `head R1 e1 R2 e2 …`; a bare expression has no links.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The first side ([`ExprKind::Missing`] for a row like `&= c` that
    /// continues a chain outside this formula).
    pub head: Expr,
    /// The relations and later sides, in order.
    pub links: Vec<Link>,
    /// What came before this statement.
    pub after: Sep,
    /// From the head to the last side.
    pub span: Span,
}

impl Statement {
    /// The sides of the chain in order (head first).
    pub fn sides(&self) -> impl Iterator<Item = &Expr> {
        std::iter::once(&self.head).chain(self.links.iter().map(|l| &l.rhs))
    }

    /// The side before link `i` (the head for 0).
    pub fn lhs_of(&self, i: usize) -> &Expr {
        if i == 0 {
            &self.head
        } else {
            &self.links[i - 1].rhs
        }
    }
}
