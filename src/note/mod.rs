//! note stage (in progress).
