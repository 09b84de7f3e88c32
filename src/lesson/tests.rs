//! Lesson assembly tests.
