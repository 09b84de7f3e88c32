//! Why a formula, or one statement of it, could not be read ([`ParseError`]),
//! and why an expression could not be evaluated ([`EvalError`]).
//!
//! Every failure is a value with the byte span it is about; the parser
//! never panics and never loops without consuming input, and it stops with
//! [`ParseError::Limit`] on inputs larger or deeper than its caps.
use super::ast::Span;

/// A statement that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A construct verideck does not read (`\int`, an unknown macro `\foo`,
    /// `\partial` outside a fraction …). `construct` names it as written.
    #[error("unsupported construct `{construct}` at byte {}", span.start)]
    Unsupported {
        /// The construct, e.g. `\int`.
        construct: String,
        /// Where it is.
        span: Span,
    },
    /// Malformed input: a missing brace, an operator without operand.
    #[error("{message} at byte {}", span.start)]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
    },
    /// A cap was hit (input length, nesting depth).
    #[error("limit exceeded: {what}")]
    Limit {
        /// Which cap and its value.
        what: String,
        /// Where.
        span: Span,
    },
}

impl ParseError {
    /// The span the error is about.
    pub fn span(&self) -> Span {
        match self {
            Self::Unsupported { span, .. }
            | Self::Syntax { span, .. }
            | Self::Limit { span, .. } => *span,
        }
    }

    pub(crate) fn unsupported(construct: impl Into<String>, span: Span) -> Self {
        Self::Unsupported {
            construct: construct.into(),
            span,
        }
    }

    pub(crate) fn syntax(message: impl Into<String>, span: Span) -> Self {
        Self::Syntax {
            message: message.into(),
            span,
        }
    }
}

/// Why an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// A symbol or function with no binding.
    #[error("unbound {symbol} at byte {}", span.start)]
    Unbound {
        /// The symbol as normalised (`rho_1`, `s.hat`, `g_{3}`).
        symbol: String,
        /// Where.
        span: Span,
    },
    /// Operand shapes that do not fit.
    #[error("shape mismatch: {message} at byte {}", span.start)]
    Shape {
        /// Which operation and shapes.
        message: String,
        /// Where.
        span: Span,
    },
    /// A node the evaluator does not compute (`\lim`, `\dots`, sets …).
    #[error("cannot evaluate {construct} at byte {}", span.start)]
    Unsupported {
        /// What.
        construct: String,
        /// Where.
        span: Span,
    },
    /// An index or range limit that is not an integer.
    #[error("{what} is not an integer at byte {}", span.start)]
    NonInteger {
        /// Which value.
        what: String,
        /// Where.
        span: Span,
    },
    /// Inverting a singular matrix.
    #[error("singular matrix at byte {}", span.start)]
    Singular {
        /// Where.
        span: Span,
    },
    /// A result that is infinite or NaN (division by zero, overflow).
    #[error("non-finite result at byte {}", span.start)]
    NonFinite {
        /// Where.
        span: Span,
    },
    /// Outside a function's domain (`\log` of a negative, `\sqrt{-1}`).
    #[error("{message} at byte {}", span.start)]
    Domain {
        /// What.
        message: String,
        /// Where.
        span: Span,
    },
    /// A cap was hit.
    #[error("limit exceeded: {what}")]
    Limit {
        /// Which cap.
        what: String,
        /// Where.
        span: Span,
    },
}
