//! diag stage (in progress).
