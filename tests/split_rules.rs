//! Update rules written one display formula per line, with the gradient
//! left as an undefined input `g_t` — the way many course notes write Adam,
//! AdaGrad and SGD. The checker puts the rule together from the
//! neighbouring formulas, reads `g_t` as the gradient at the parameter
//! before the step, and must then verify the true rule and refute every
//! single wrong edit at the line of the edited formula. The same rules in
//! other letters get the same verdicts.
mod check_util;

use check_util::{TempVault, describe, on_line};
use verideck::report::CheckReport;
use verideck::verify::Status;

/// Adam in the notation of the paper: one formula per line, `g_t` never
/// defined, bias correction in one formula with `\quad`.
const ADAM: &str = "# Adam\n\
\n\
$$m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t$$\n\
$$v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2$$\n\
$$\\hat{m}_t = \\frac{m_t}{1-\\beta_1^t}, \\quad \\hat{v}_t = \\frac{v_t}{1-\\beta_2^t}$$\n\
$$\\theta_t = \\theta_{t-1} - \\alpha \\frac{\\hat{m}_t}{\\sqrt{\\hat{v}_t} + \\epsilon}$$\n\
\n\
starting from $m_0 = 0$ and $v_0 = 0$.\n";

/// AdaGrad with the accumulator in its own formula.
const ADAGRAD: &str = "# AdaGrad\n\
\n\
$$G_t = G_{t-1} + g_t \\odot g_t$$\n\
$$\\theta_{t+1} = \\theta_t - \\frac{\\eta}{\\sqrt{G_t} + \\epsilon} \\odot g_t$$\n";

fn check(name: &str, text: &str) -> CheckReport {
    TempVault::new(&[(name.to_string(), text.to_string())]).check()
}

/// The lines of every refuted claim, in report order.
fn refuted_lines(report: &CheckReport) -> Vec<usize> {
    report
        .claims
        .iter()
        .filter(|c| c.status == Status::Refuted)
        .map(|c| c.line)
        .collect()
}

fn statuses(report: &CheckReport, file: &str, line: usize) -> Vec<Status> {
    on_line(report, file, line)
        .iter()
        .map(|c| c.status)
        .collect()
}

#[test]
fn adam_written_line_by_line_is_verified() {
    let report = check("adam.md", ADAM);
    for line in 3..=6 {
        let got = statuses(&report, "adam.md", line);
        assert!(
            !got.is_empty() && got.iter().all(|s| *s == Status::Verified),
            "line {line}: {}",
            describe(&on_line(&report, "adam.md", line))
        );
    }
    let rule = on_line(&report, "adam.md", 6);
    assert!(rule[0].reason.contains("Adam"), "{}", rule[0].reason);
    assert!(
        rule[0].reason.contains("read as the gradient"),
        "{}",
        rule[0].reason
    );
}

#[test]
fn adagrad_written_line_by_line_is_verified() {
    let report = check("adagrad.md", ADAGRAD);
    for line in 3..=4 {
        let got = statuses(&report, "adagrad.md", line);
        assert_eq!(got, vec![Status::Verified], "line {line}");
    }
}

#[test]
fn sgd_with_an_undefined_gradient_symbol_is_verified() {
    let report = check(
        "sgd.md",
        "# gradient descent\n\n$$w_{k+1} = w_k - \\eta\\, g_k$$\n",
    );
    assert_eq!(statuses(&report, "sgd.md", 3), vec![Status::Verified]);
}

#[test]
fn a_moving_average_of_an_input_is_not_read_as_a_gradient_step() {
    // Alone, `m_t` is an average of the inputs g_t, even under "Adam".
    let report = check(
        "adam.md",
        "# Adam\n\n$$m_t = \\beta m_{t-1} + (1-\\beta) g_t$$\n",
    );
    let got = on_line(&report, "adam.md", 3);
    assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    assert!(
        got[0].reason.contains("moving average"),
        "{}",
        got[0].reason
    );
}

/// One wrong edit of the Adam note and the line it must be refuted at.
const ADAM_EDITS: &[(&str, &str, usize)] = &[
    ("(1-\\beta_1) g_t", "\\beta_1 g_t", 3),
    ("(1-\\beta_2) g_t^2", "(1-\\beta_2) g_t", 4),
    ("{1-\\beta_2^t}", "{1-\\beta_2}", 5),
    ("\\theta_{t-1} - \\alpha", "\\theta_{t-1} + \\alpha", 6),
    ("\\sqrt{\\hat{v}_t}", "\\hat{v}_t", 6),
];

#[test]
fn each_wrong_edit_of_adam_is_refuted_at_its_line() {
    for (from, to, line) in ADAM_EDITS {
        assert_eq!(ADAM.matches(from).count(), 1, "{from} is not unique");
        let report = check("adam.md", &ADAM.replacen(from, to, 1));
        let refuted = refuted_lines(&report);
        assert_eq!(refuted, vec![*line], "{from} -> {to}");
    }
}

#[test]
fn the_same_rules_in_other_letters_get_the_same_verdicts() {
    let renamed = ADAM
        .replace("\\beta_1", "\\rho_1")
        .replace("\\beta_2", "\\rho_2")
        .replace("\\theta", "w")
        .replace("\\alpha", "\\eta")
        .replace("m_", "s_")
        .replace("{m}", "{s}")
        .replace("g_t", "d_t");
    let a = check("adam.md", ADAM);
    let b = check("adam.md", &renamed);
    let by_line = |r: &CheckReport| {
        r.claims
            .iter()
            .map(|c| (c.line, c.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(by_line(&a), by_line(&b));
}

/// Momentum as pseudo-code assignments (`\leftarrow`), one per formula,
/// the gradient a plain `g` the note never defines.
const MOMENTUM: &str = "# Momentum\n\
\n\
$$v \\leftarrow \\alpha v - \\epsilon g$$\n\
\n\
$$\\theta \\leftarrow \\theta + v$$\n";

#[test]
fn momentum_as_assignments_is_verified() {
    let report = check("momentum.md", MOMENTUM);
    for line in [3, 5] {
        let got = on_line(&report, "momentum.md", line);
        assert!(
            got.len() == 1 && got[0].status == Status::Verified,
            "line {line}: {}",
            describe(&got)
        );
    }
}

#[test]
fn each_wrong_edit_of_momentum_is_refuted_at_its_line() {
    // A flipped sign of the gradient term can be blamed on either line:
    // with `v` read as minus the velocity, the `\theta` line is the wrong
    // one. Either is accepted there, and exactly one line is refuted.
    let edits: &[(&str, &str, &[usize])] = &[
        (
            "\\alpha v - \\epsilon g",
            "\\alpha v + \\epsilon g",
            &[3, 5],
        ),
        (
            "\\alpha v - \\epsilon g",
            "\\alpha v - \\epsilon g \\odot g",
            &[3],
        ),
        ("\\theta + v", "\\theta - v", &[5]),
    ];
    for (from, to, lines) in edits {
        let report = check("momentum.md", &MOMENTUM.replacen(from, to, 1));
        let refuted = refuted_lines(&report);
        assert!(
            refuted.len() == 1 && lines.contains(&refuted[0]),
            "{from} -> {to}: refuted at {refuted:?}"
        );
    }
}

#[test]
fn an_assignment_arrow_is_a_relation_not_a_separator() {
    let report = check("n.md", "$$x \\gets x + 1$$\n");
    assert_eq!(report.claims.len(), 1, "{:?}", report.claims);
}

/// RMSProp with the running average written `E[g^2]_t`.
const RMSPROP: &str = "# RMSProp\n\
\n\
$$E[g^2]_t = \\gamma E[g^2]_{t-1} + (1-\\gamma) g_t^2$$\n\
$$\\theta_{t+1} = \\theta_t - \\frac{\\eta}{\\sqrt{E[g^2]_t + \\epsilon}} g_t$$\n";

#[test]
fn rmsprop_with_an_expectation_name_is_verified_and_edits_refuted() {
    let report = check("rmsprop.md", RMSPROP);
    for line in [3, 4] {
        let got = on_line(&report, "rmsprop.md", line);
        assert!(
            got.len() == 1 && got[0].status == Status::Verified,
            "line {line}: {}",
            describe(&got)
        );
    }
    let edits: &[(&str, &str, usize)] = &[
        ("(1-\\gamma) g_t^2", "(1-\\gamma) g_t", 3),
        ("\\sqrt{E[g^2]_t + \\epsilon}", "E[g^2]_t + \\epsilon", 4),
    ];
    for (from, to, line) in edits {
        let report = check("rmsprop.md", &RMSPROP.replacen(from, to, 1));
        let refuted = refuted_lines(&report);
        assert_eq!(refuted, vec![*line], "{from} -> {to}");
    }
}

#[test]
fn a_decay_written_as_a_number_counts_and_a_dropped_one_is_refuted() {
    let literal = "# Momentum\n\n$$v_{t+1} = 0.9 v_t - \\eta g_t$$\n\n$$\\theta_{t+1} = \\theta_t + v_{t+1}$$\n";
    let report = check("momentum.md", literal);
    for line in [3, 5] {
        let got = on_line(&report, "momentum.md", line);
        assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    }
    let dropped = literal.replace("0.9 v_t", "v_t");
    let report = check("momentum.md", &dropped);
    let refuted = refuted_lines(&report);
    assert_eq!(refuted, vec![3], "{:?}", report.claims);
    // Alone, `v` is state another formula reads, not a parameter: it is
    // not verified as an SGD step on v.
    let got = on_line(&report, "momentum.md", 3);
    assert_ne!(got[0].status, Status::Verified, "{}", describe(&got));
}

/// AdaGrad with the accumulator as a sum over the past.
const ADAGRAD_SUM: &str = "# AdaGrad\n\
\n\
$$G_t = \\sum_{\\tau=1}^{t} g_\\tau^2$$\n\
\n\
$$\\theta_{t+1} = \\theta_t - \\frac{\\eta}{\\sqrt{G_t + \\epsilon}} g_t$$\n";

#[test]
fn a_sum_over_past_gradients_reads_each_at_its_own_step() {
    let report = check("adagrad.md", ADAGRAD_SUM);
    for line in [3, 5] {
        let got = on_line(&report, "adagrad.md", line);
        assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    }
    for (from, to) in [
        ("g_\\tau^2", "g_\\tau"),
        ("^{t} g_\\tau^2", "^{t-1} g_\\tau^2"),
    ] {
        let report = check("adagrad.md", &ADAGRAD_SUM.replacen(from, to, 1));
        let refuted = refuted_lines(&report);
        assert_eq!(refuted, vec![3], "{from} -> {to}");
    }
}

/// A moving average with its start written beside it.
const EWMA: &str = "# Exponentially weighted average\n\
\n\
$$v_t = \\beta v_{t-1} + (1-\\beta)\\theta_t, \\quad v_0 = 0$$\n\
\n\
$$v_t = (1-\\beta)\\sum_{i=1}^{t} \\beta^{t-i} \\theta_i$$\n";

#[test]
fn an_initial_condition_beside_a_rule_leaves_it_a_rule() {
    let report = check("ewma.md", EWMA);
    for line in [3, 5] {
        let got = on_line(&report, "ewma.md", line);
        assert!(
            got.iter().all(|c| c.status == Status::Verified),
            "line {line}: {}",
            describe(&got)
        );
    }
    let wrong = EWMA.replace("\\beta^{t-i} \\theta_i", "\\beta^{t-i+1} \\theta_i");
    let report = check("ewma.md", &wrong);
    let got = on_line(&report, "ewma.md", 5);
    assert_eq!(got[0].status, Status::Refuted, "{}", describe(&got));
}

#[test]
fn an_infinite_index_is_a_limit_of_the_run() {
    let note = "# Nesterov momentum\n\n\
$$v_{t+1} = \\mu v_t - \\varepsilon \\nabla f(\\theta_t + \\mu v_t)$$\n\
$$\\theta_{t+1} = \\theta_t + v_{t+1}$$\n\n\
With a constant gradient $g$ the velocity tends to $v_\\infty = -\\frac{\\varepsilon g}{1-\\mu}$.\n";
    let report = check("nag.md", note);
    let got = on_line(&report, "nag.md", 6);
    let limit: Vec<_> = got.iter().filter(|c| c.latex.contains("infty")).collect();
    assert_eq!(limit[0].status, Status::Verified, "{}", describe(&got));
    let wrong = note.replace("{1-\\mu}$", "{1+\\mu}$");
    let report = check("nag.md", &wrong);
    let got = on_line(&report, "nag.md", 6);
    assert!(
        got.iter().any(|c| c.status == Status::Refuted),
        "{}",
        describe(&got)
    );
}

#[test]
fn a_blackboard_expectation_with_a_subscript_is_the_same_average() {
    let blackboard = RMSPROP.replace("E[g^2]", "\\mathbb{E}[g^2]");
    let a = check("rmsprop.md", RMSPROP);
    let b = check("rmsprop.md", &blackboard);
    let statuses = |r: &CheckReport| r.claims.iter().map(|c| c.status).collect::<Vec<_>>();
    assert_eq!(statuses(&a), statuses(&b));
}

#[test]
fn prose_with_inline_symbols_between_the_lines_of_a_rule_is_passed_over() {
    let note = ADAM.replace(
        "g_t$$\n$$v_t",
        "g_t$$\nwhere $\\beta_1$ is the decay of the first moment and $g_t$ the gradient,\n$$v_t",
    );
    let report = check("adam.md", &note);
    let rule = report
        .claims
        .iter()
        .find(|c| c.latex.starts_with("\\theta_t"))
        .unwrap();
    assert_eq!(rule.status, Status::Verified, "{}", rule.reason);
}

#[test]
fn momentum_as_an_average_of_gradients_is_momentum() {
    // v_t = β v_{t-1} + (1-β) g_t, θ_t = θ_{t-1} - α v_t: PyTorch's SGD
    // with dampening equal to the momentum, as many courses write it.
    let note = "# Momentum\n\n$$v_t = \\beta v_{t-1} + (1-\\beta) g_t$$\n$$\\theta_t = \\theta_{t-1} - \\alpha v_t$$\n";
    let report = check("momentum.md", note);
    let rule = on_line(&report, "momentum.md", 4);
    assert_eq!(rule[0].status, Status::Verified, "{}", describe(&rule));
    assert!(rule[0].reason.contains("dampening"), "{}", rule[0].reason);
    let wrong = note.replace("(1-\\beta) g_t", "(1+\\beta) g_t");
    let report = check("momentum.md", &wrong);
    assert!(
        report.claims.iter().any(|c| c.status == Status::Refuted),
        "{:?}",
        report.claims
    );
}

#[test]
fn a_per_sample_loss_gradient_is_the_gradient_at_its_first_argument() {
    let note = "# Stochastic gradient descent\n\n$$w^{k+1} = w^k - \\eta \\nabla_w \\ell_j(w^k, a_j, b_j)$$\n";
    let report = check("sgd.md", note);
    let got = on_line(&report, "sgd.md", 3);
    assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    let report = check("sgd.md", &note.replace("w^k - \\eta", "w^k + \\eta"));
    let got = on_line(&report, "sgd.md", 3);
    assert_eq!(got[0].status, Status::Refuted, "{}", describe(&got));
}

#[test]
fn rmsprop_with_its_decay_written_as_numbers_is_verified() {
    // Hinton's lecture: the mean square kept with 0.9 and 0.1.
    let note = RMSPROP.replace(
        "\\gamma E[g^2]_{t-1} + (1-\\gamma) g_t^2",
        "0.9 E[g^2]_{t-1} + 0.1 g_t^2",
    );
    let report = check("rmsprop.md", &note);
    for line in [3, 4] {
        let got = on_line(&report, "rmsprop.md", line);
        assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    }
    let wrong = note.replace("0.1 g_t^2", "0.2 g_t^2");
    let report = check("rmsprop.md", &wrong);
    let refuted = refuted_lines(&report);
    assert_eq!(refuted, vec![3], "{:?}", report.claims);
}

/// Ruder's overview: an indexed velocity above an in-place parameter update.
const RUDER: &str = "# Momentum\n\
\n\
$$v_t = \\gamma v_{t-1} + \\eta \\nabla_\\theta J(\\theta)$$\n\
$$\\theta = \\theta - v_t$$\n";

#[test]
fn an_in_place_update_beside_an_indexed_one_is_one_rule() {
    let report = check("momentum.md", RUDER);
    for line in [3, 4] {
        let got = on_line(&report, "momentum.md", line);
        assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    }
    let nesterov = RUDER
        .replace("# Momentum", "# Nesterov accelerated gradient")
        .replace("J(\\theta)", "J(\\theta - \\gamma v_{t-1})");
    let report = check("nag.md", &nesterov);
    let got = on_line(&report, "nag.md", 4);
    assert_eq!(got[0].status, Status::Verified, "{}", describe(&got));
    for (from, to) in [
        ("\\theta - v_t", "\\theta + v_t"),
        ("+ \\eta", "- \\eta \\gamma"),
    ] {
        let report = check("momentum.md", &RUDER.replacen(from, to, 1));
        assert!(
            report.claims.iter().any(|c| c.status == Status::Refuted),
            "{from} -> {to}: {:?}",
            report.claims
        );
    }
}
