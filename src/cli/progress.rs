//! The progress bar of `check` and `build`: notes done out of the notes
//! with formulas, claims verified so far, elapsed time. Drawn on stderr
//! only when stderr is a terminal (never on stdout, so JSON and JUnit stay
//! clean), and cleared when the check ends.
use crate::verify::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A progress bar on stderr, hidden unless stderr is a terminal.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
    claims: AtomicUsize,
}

impl Bar {
    /// A bar drawn on stderr if it is a terminal, else one that draws nothing.
    pub fn stderr() -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        let style = ProgressStyle::with_template(
            "checking [{elapsed_precise}] {bar:30} {pos}/{len} notes, {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Self {
            bar,
            claims: AtomicUsize::new(0),
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, notes: usize) {
        self.bar.set_length(notes as u64);
        self.bar.set_message("0 claims");
    }

    fn note_done(&self, claims: usize) {
        let total = self.claims.fetch_add(claims, Ordering::Relaxed) + claims;
        self.bar.inc(1);
        if !self.bar.is_hidden() {
            self.bar.set_message(format!("{total} claims"));
        }
    }
}
