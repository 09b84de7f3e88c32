//! What a formula's headings and note name say it is about: the optimizer
//! an update rule claims to be, or a moving average.
use crate::claims::Formula;
use crate::optim::OptimizerKind;
/// Whether a formula's headings or its note's name present it as a moving
/// average (an exponentially weighted / moving average, an EMA).
pub(crate) fn names_average(formula: &Formula) -> bool {
    let stem = formula.file.rsplit('/').next().unwrap_or(&formula.file);
    formula
        .headings
        .iter()
        .map(String::as_str)
        .chain([stem])
        .any(|t| {
            let t = t.to_lowercase();
            t.contains("moving average")
                || t.contains("weighted average")
                || t.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "ema" || w == "ewma")
        })
}

/// The optimizers a formula's headings (innermost first) and its note's
/// name say it is about: what an update rule there claims to be.
pub(crate) fn named_optimizers(formula: &Formula) -> Vec<OptimizerKind> {
    let stem = formula
        .file
        .rsplit('/')
        .next()
        .unwrap_or(&formula.file)
        .trim_end_matches(".md");
    let mut out = Vec::new();
    for text in formula
        .headings
        .iter()
        .rev()
        .map(String::as_str)
        .chain([stem])
    {
        // The innermost heading that names an optimizer verideck has no
        // reference for (AMSGrad, AdamW, Lion) says the rule is that one: it
        // claims to be none of the references.
        if out.is_empty()
            && crate::verify::default_claims::optimizers_in(text)
                .iter()
                .any(|n| n.rule_has_no_reference())
        {
            return Vec::new();
        }
        let t = text.to_lowercase();
        let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).collect();
        let found = [
            // Whole words: "Adamax" names Adamax, not Adam, and "Adam" not Adamax.
            (words.contains(&"adam"), OptimizerKind::Adam),
            (words.contains(&"adamax"), OptimizerKind::Adamax),
            (t.contains("adagrad"), OptimizerKind::Adagrad),
            (t.contains("rmsprop"), OptimizerKind::Rmsprop),
            (
                t.contains("nesterov") || words.contains(&"nag"),
                OptimizerKind::Nesterov,
            ),
            // Polyak's heavy-ball method is heavy-ball momentum.
            (
                (t.contains("momentum") || words.windows(2).any(|w| w == ["heavy", "ball"]))
                    && !t.contains("nesterov"),
                OptimizerKind::Momentum,
            ),
            (
                words.contains(&"sgd") || t.contains("gradient descent"),
                OptimizerKind::Sgd,
            ),
        ];
        for (hit, kind) in found {
            if hit && !out.contains(&kind) {
                out.push(kind);
            }
        }
    }
    out
}
