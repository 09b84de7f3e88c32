//! Reference optimizers (see issue 4).
