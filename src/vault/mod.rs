//! vault stage (in progress).
