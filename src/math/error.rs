//! Why a formula, or one statement of it, could not be read.
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
