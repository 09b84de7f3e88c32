//! deck stage (in progress).
