//! Synthetic vaults for benchmarks and scale tests (issue 12). Three
//! kinds: [`Kind::Varied`] notes built from formula shapes the checker
//! verifies (worked arithmetic, geometric series, momentum-style update
//! rules, binomial identities) with random numbers and symbol names, plus
//! Anki cards, links and heading embeds between notes; [`Kind::Copies`],
//! copies of the sample vault's real notes, one folder per copy; and
//! [`Kind::Tiny`], two-line notes (a heading, a formula and a link) for
//! scale tests. Deterministic: the same spec writes the same bytes.
#![allow(dead_code)]
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What kind of notes to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Notes with varied formulas, cards, links and embeds.
    Varied,
    /// Copies of the sample vault (`notes/`).
    Copies,
    /// Two-line notes.
    Tiny,
}

impl Kind {
    /// Parses `varied`, `copies` or `tiny`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "varied" => Some(Self::Varied),
            "copies" => Some(Self::Copies),
            "tiny" => Some(Self::Tiny),
            _ => None,
        }
    }
}

/// A vault to write.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Number of notes.
    pub notes: usize,
    /// Their kind.
    pub kind: Kind,
    /// Seed of the random choices.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: usize,
}

/// Writes the vault `spec` describes into `dir` (created if missing).
pub fn write_vault(dir: &Path, spec: &Spec) -> std::io::Result<Written> {
    std::fs::create_dir_all(dir)?;
    let mut written = Written::default();
    let mut put = |path: PathBuf, text: &str| -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.files += 1;
        written.bytes += text.len();
        Ok(())
    };
    match spec.kind {
        Kind::Varied => {
            let mut rng = Rng(spec.seed ^ 0x9e37_79b9_7f4a_7c15);
            for i in 0..spec.notes {
                let (path, text) = varied_note(i, &mut rng);
                put(dir.join(path), &text)?;
            }
        }
        Kind::Tiny => {
            for i in 0..spec.notes {
                let text = format!(
                    "# n{i}\n${i} + 1 = {}$ after [[n{}]]\n",
                    i + 1,
                    i.saturating_sub(1)
                );
                put(dir.join(format!("t{}/n{i}.md", i / 1000)), &text)?;
            }
        }
        Kind::Copies => {
            let sample = sample_notes();
            for i in 0..spec.notes {
                let (rel, text) = &sample[i % sample.len()];
                let copy = i / sample.len();
                put(dir.join(format!("copy{copy:05}")).join(rel), text)?;
            }
        }
    }
    Ok(written)
}

/// The sample vault's notes as (relative path, text), sorted by path.
pub fn sample_notes() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("the sample vault is readable") {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).expect("a UTF-8 note");
                out.push((path.strip_prefix(&root).unwrap().to_path_buf(), text));
            }
        }
    }
    out.sort();
    out
}

/// SplitMix64: small, fast and stable across platforms and crate versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TOPICS: &[&str] = &["optim", "series", "algebra", "rules", "examples"];

/// The name of varied note `i` (its file stem).
fn name(i: usize) -> String {
    format!("note {i}")
}

/// One varied note: its path and text.
fn varied_note(i: usize, rng: &mut Rng) -> (PathBuf, String) {
    let topic = TOPICS[i % TOPICS.len()];
    let mut t = String::new();
    let _ = writeln!(
        t,
        "---\ntags: [synth/{topic}]\n---\nTARGET DECK: Synth::{topic}\n"
    );
    let _ = writeln!(t, "# {}\n", name(i));
    // Worked arithmetic with random numbers.
    let _ = writeln!(t, "## worked example");
    for _ in 0..rng.range(1, 4) {
        let (a, b) = (rng.range(2, 500), rng.range(2, 500));
        match rng.range(0, 3) {
            0 => {
                let _ = writeln!(t, "- adding: ${a} + {b} = {}$", a + b);
            }
            1 => {
                let _ = writeln!(t, "- a product: $${a} \\cdot {b} = {}$$", a * b);
            }
            _ => {
                let c = rng.range(2, 9);
                let _ = writeln!(
                    t,
                    "- mixed: ${a} \\times {c} - {b} = {}$",
                    (a * c) as i64 - b as i64
                );
            }
        }
    }
    if rng.chance(60) {
        let q = rng.range(1, 10) as f64 / 10.0;
        let _ = writeln!(
            t,
            "- a geometric series: $\\sum_{{k=0}}^{{\\infty}} {q}^k = \\frac{{1}}{{1-{q}}}$"
        );
    }
    // An update rule with varied symbol names.
    let decay = rng.pick(&["\\rho", "\\beta", "\\mu"]);
    let step = rng.pick(&["\\alpha", "\\eta", "\\lambda"]);
    let point = rng.pick(&["\\theta", "w", "x"]);
    let velocity = rng.pick(&["s", "v", "m"]);
    let grad = rng.pick(&["g", "d"]);
    if rng.chance(70) {
        let _ = writeln!(
            t,
            "\n## rule\n- the velocity starts at rest, ${velocity}_0 = 0$\n"
        );
        let _ = writeln!(
            t,
            "$$\n\\begin{{split}}\n{grad}_k &= \\nabla\\mathcal{{R}}({point}_{{k-1}}) \\\\\n{velocity}_k &= {decay} {velocity}_{{k-1}} - {step} {grad}_k \\\\\n{point}_k &= {point}_{{k-1}} + {velocity}_k\n\\end{{split}}\n$$\n"
        );
        let _ = writeln!(t, "- the first step: ${velocity}_1 = -{step} {grad}_1$");
    }
    // Identities with varied letters.
    let (u, v) = match rng.range(0, 3) {
        0 => ("a", "b"),
        1 => ("x", "y"),
        _ => ("p", "q"),
    };
    if rng.chance(50) {
        let _ = writeln!(
            t,
            "\n## identity\n$$({u}+{v})^2 = {u}^2 + 2{u}{v} + {v}^2$$"
        );
    }
    if rng.chance(30) {
        let _ = writeln!(
            t,
            "- difference of squares: $({u}-{v})({u}+{v}) = {u}^2 - {v}^2$"
        );
    }
    // Links and embeds to earlier notes.
    if i > 0 {
        let j = rng.range(0, i as u64) as usize;
        let _ = writeln!(
            t,
            "\nsee [[{}]] and [[{}|the other note]]",
            name(j),
            name(i / 2)
        );
        if rng.chance(20) {
            let _ = writeln!(t, "\n![[{}#worked example]]", name(j));
        }
    }
    // A card or two.
    let _ = writeln!(t, "\n# cards\n");
    for c in 0..rng.range(1, 3) {
        let (a, b) = (rng.range(2, 50), rng.range(2, 50));
        let _ = writeln!(
            t,
            "START\nBasic\nwhat is ${a} + {b}$? (from [[{}]])\nBack: ${a} + {b} = {}$\nTags: synth {topic}\n<!--ID: {}-->\nEND\n",
            name(i),
            a + b,
            1_770_000_000_000u64 + (i as u64) * 4 + c
        );
    }
    let path = PathBuf::from(topic).join(format!("{}.md", name(i)));
    (path, t)
}
