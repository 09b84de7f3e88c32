//! Bindings an expression is evaluated under.
//!
//! - Values of symbols, keyed by the normalised symbol with concrete
//!   indices: `\rho_1`, `g_3`, `\hat{s}`, `w_{\text{la}}` ([`SymbolKey`]).
//! - Histories: a symbol as a sequence over steps (`s` ↦ {0: s_0, 1: s_1 …}).
//!   `g_{k-i}` evaluates its index, then looks up step `k-i` of `g`'s
//!   history when no exact binding `g_j` exists.
//! - Functions (`f(x)`, `\mathcal{R}(\theta)`), gradients (`\nabla
//!   \mathcal{R}(\theta)`, `\nabla w_t` via the objective's gradient) and
//!   partial derivatives (`\frac{\partial L}{\partial W}` as a function of
//!   the point `W`).
//! - Constants: `e` and `\pi` mean Euler's number and π only after
//!   [`Env::with_constants`]; otherwise they are unbound symbols like any other.
use super::ast::ExprKind;
use super::error::{EvalError, ParseError};
use super::symbols::BaseKey;
use super::value::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A function of evaluated arguments.
pub type Function = Arc<dyn Fn(&[Value]) -> Result<Value, EvalError> + Send + Sync>;

/// One concrete index of a symbol.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexKey {
    /// An integer index (`g_3`, or `g_{k-i}` after evaluation).
    Int(i64),
    /// A textual label (`w_{\text{la}}`, `\lambda_{max}`).
    Label(String),
}

/// A symbol with concrete indices: the key of a value binding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymbolKey {
    /// Name, style and accents.
    pub base: BaseKey,
    /// Indices (empty for an unindexed symbol).
    pub index: Vec<IndexKey>,
}

impl SymbolKey {
    /// A key from LaTeX: `\rho_1`, `ρ₁`, `rho_1`, `\hat{s}`, `g_3`,
    /// `w_{\text{la}}`. Indices must be integer literals or labels.
    pub fn parse(latex: &str) -> Result<SymbolKey, ParseError> {
        let e = super::parse_expr(latex)?;
        let ExprKind::Symbol(s) = &e.kind else {
            return Err(ParseError::syntax("not a symbol", e.span));
        };
        let mut index = Vec::new();
        if let Some(l) = &s.label {
            index.push(IndexKey::Label(l.clone()));
        }
        for ix in &s.index {
            match &ix.kind {
                ExprKind::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
                    index.push(IndexKey::Int(n.value as i64))
                }
                ExprKind::Neg(inner) => match &inner.kind {
                    ExprKind::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
                        index.push(IndexKey::Int(-(n.value as i64)))
                    }
                    _ => return Err(ParseError::syntax("index is not an integer", ix.span)),
                },
                _ => return Err(ParseError::syntax("index is not an integer", ix.span)),
            }
        }
        Ok(SymbolKey {
            base: s.base.clone(),
            index,
        })
    }

    /// An unindexed key.
    pub fn base(base: BaseKey) -> SymbolKey {
        SymbolKey {
            base,
            index: Vec::new(),
        }
    }
}

impl fmt::Display for SymbolKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.base)?;
        if !self.index.is_empty() {
            let parts: Vec<String> = self
                .index
                .iter()
                .map(|i| match i {
                    IndexKey::Int(n) => n.to_string(),
                    IndexKey::Label(l) => format!("\"{l}\""),
                })
                .collect();
            write!(f, "_{{{}}}", parts.join(","))?;
        }
        Ok(())
    }
}

/// Everything a formula may refer to; see the module docs.
#[derive(Clone, Default)]
pub struct Env {
    values: BTreeMap<SymbolKey, Value>,
    histories: BTreeMap<BaseKey, BTreeMap<i64, Value>>,
    functions: BTreeMap<BaseKey, Function>,
    gradients: BTreeMap<BaseKey, Function>,
    objective_gradient: Option<Function>,
    derivatives: BTreeMap<(BaseKey, BaseKey), Function>,
    partials: BTreeMap<(BaseKey, SymbolKey), Function>,
    constants: bool,
    elementwise: bool,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("values", &self.values)
            .field("histories", &self.histories)
            .field("functions", &self.functions.keys().collect::<Vec<_>>())
            .field("gradients", &self.gradients.keys().collect::<Vec<_>>())
            .field("derivatives", &self.derivatives.keys().collect::<Vec<_>>())
            .field("partials", &self.partials.keys().collect::<Vec<_>>())
            .field("constants", &self.constants)
            .field("elementwise", &self.elementwise)
            .finish()
    }
}

impl Env {
    /// No bindings, no constants.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets unbound `e` and `\pi` (unindexed, no accent) mean Euler's number and π.
    pub fn with_constants(mut self, on: bool) -> Self {
        self.constants = on;
        self
    }

    /// Reads a product of two vectors written side by side (`\frac{\eta}{\sqrt{v}}
    /// g`) as per component, the convention of optimizer update rules,
    /// instead of refusing it as ambiguous.
    pub fn with_elementwise_products(mut self, on: bool) -> Self {
        self.elementwise = on;
        self
    }

    /// Whether side-by-side vector products are per component.
    pub fn elementwise_products(&self) -> bool {
        self.elementwise
    }

    /// Whether `e`/`\pi` are constants.
    pub fn constants(&self) -> bool {
        self.constants
    }

    /// Binds a symbol with concrete indices.
    pub fn bind(&mut self, key: SymbolKey, value: impl Into<Value>) -> &mut Self {
        self.values.insert(key, value.into());
        self
    }

    /// Binds the symbol written as LaTeX (`"\\rho_1"`, `"g_3"`, `"\\hat{s}"`).
    pub fn set(&mut self, latex: &str, value: impl Into<Value>) -> Result<&mut Self, ParseError> {
        let key = SymbolKey::parse(latex)?;
        Ok(self.bind(key, value))
    }

    /// Binds `name` (e.g. `I`) to the n×n identity.
    pub fn set_identity(&mut self, latex: &str, n: usize) -> Result<&mut Self, ParseError> {
        self.set(latex, Value::Matrix(ndarray::Array2::eye(n)))
    }

    /// Records step `k` of the history of `base` (`s_k`).
    pub fn push_history(&mut self, base: BaseKey, k: i64, value: impl Into<Value>) -> &mut Self {
        self.histories
            .entry(base)
            .or_default()
            .insert(k, value.into());
        self
    }

    /// Binds a function applied as `f(x, …)`.
    pub fn bind_fn(&mut self, base: BaseKey, f: Function) -> &mut Self {
        self.functions.insert(base, f);
        self
    }

    /// Binds the gradient of `f`, used for `\nabla f(x)` and `\nabla_x f`.
    pub fn bind_grad(&mut self, base: BaseKey, f: Function) -> &mut Self {
        self.gradients.insert(base, f);
        self
    }

    /// Binds the gradient of the note's (unnamed) objective, used for `\nabla w_t`.
    pub fn bind_objective_grad(&mut self, f: Function) -> &mut Self {
        self.objective_gradient = Some(f);
        self
    }

    /// Binds `\frac{\partial of}{\partial wrt}` as a function of the point `wrt`.
    pub fn bind_derivative(&mut self, of: BaseKey, wrt: BaseKey, f: Function) -> &mut Self {
        self.derivatives.insert((of, wrt), f);
        self
    }

    /// Binds `\frac{\partial of}{\partial wrt}` (also `\nabla_{wrt} of`) for
    /// one indexed symbol `wrt` only (`w_1`, not `w_2`), as a function of
    /// the point `wrt`. It takes precedence over a binding for `wrt`'s base.
    pub fn bind_partial(&mut self, of: BaseKey, wrt: SymbolKey, f: Function) -> &mut Self {
        self.partials.insert((of, wrt), f);
        self
    }

    pub(crate) fn value(&self, key: &SymbolKey) -> Option<&Value> {
        self.values.get(key)
    }

    /// Removes the value bound to `key`, returning it.
    pub(crate) fn unbind(&mut self, key: &SymbolKey) -> Option<Value> {
        self.values.remove(key)
    }

    /// Every scalar value bound to a symbol (not histories).
    pub(crate) fn scalar_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.values.values().filter_map(|v| match v {
            Value::Scalar(x) => Some(*x),
            _ => None,
        })
    }

    pub(crate) fn history(&self, base: &BaseKey, k: i64) -> Option<&Value> {
        self.histories.get(base)?.get(&k)
    }

    /// Whether `base` is bound as a function (`f(x)`).
    pub fn has_function(&self, base: &BaseKey) -> bool {
        self.functions.contains_key(base)
    }

    pub(crate) fn function(&self, base: &BaseKey) -> Option<&Function> {
        self.functions.get(base)
    }

    pub(crate) fn gradient(&self, base: &BaseKey) -> Option<&Function> {
        self.gradients.get(base)
    }

    pub(crate) fn objective_gradient(&self) -> Option<&Function> {
        self.objective_gradient.as_ref()
    }

    /// The derivative of `of` with respect to `wrt`: the binding for that
    /// very symbol if there is one, else the one for its base.
    pub(crate) fn derivative(
        &self,
        of: &BaseKey,
        wrt: Option<&SymbolKey>,
        base: &BaseKey,
    ) -> Option<&Function> {
        wrt.and_then(|k| self.partials.get(&(of.clone(), k.clone())))
            .or_else(|| self.derivatives.get(&(of.clone(), base.clone())))
    }
}
