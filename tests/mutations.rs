//! The mutation suite (issue 5, "Wrong formulas are refuted"): single edits
//! of true formulas of the sample vault, each of which must be `refuted` at
//! the line it is written on, while the original is `verified` and no other
//! line turns from verified to refuted.
//!
//! "The original is verified" means: every claim on that line whose LaTeX
//! the edit changes is `verified` in the unmodified vault, and no claim on
//! the line is refuted. A claim on the same line that the edit leaves alone
//! (the `V_2 = 0.9·2 + 0.1·10` half of a worked-example row, which only names
//! the value) may be unchecked; it says nothing about the edited formula.
//!
//! Each case is data: the note, a snippet of its text that occurs exactly
//! once (so the case breaks loudly when the note changes), the snippet after
//! the edit, and what kind of corruption it is. `⏎` in a snippet stands for
//! a newline (context lines make a snippet unique where a formula is written
//! twice, e.g. in the body and on a card). The line a case is about is the
//! line of the first character the edit changes.
//!
//! Every mutant was checked by hand to be false for generic parameter
//! values (random ρ, α, ε, gradients, matrices), and every original to be
//! true; see the `what` column.
mod check_util;

use check_util::{TempVault, describe, notes_dir, on_line, read_tree};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use verideck::report::CheckReport;
use verideck::verify::Status;

/// One single edit of a true formula.
struct Case {
    /// Test name.
    name: &'static str,
    /// Vault-relative note path.
    file: &'static str,
    /// The kind of corruption.
    what: &'static str,
    /// Text occurring exactly once in the note (`⏎` = newline).
    from: &'static str,
    /// The same text after the edit.
    to: &'static str,
}

macro_rules! mutations {
    ($($name:ident: $file:literal, $what:literal, $from:literal => $to:literal;)*) => {
        /// Every case, in note order.
        const CASES: &[Case] = &[$(Case {
            name: stringify!($name),
            file: $file,
            what: $what,
            from: $from,
            to: $to,
        },)*];
        $(
            #[test]
            fn $name() {
                run(stringify!($name));
            }
        )*
    };
}

mutations! {
    // optimizers/momentum.md (velocity s, decay ρ, step α, s_0 = 0)
    momentum_first_velocity_sign: "optimizers/momentum.md", "sign flip",
        r"s_1 &= -\alpha g_1 \\" => r"s_1 &= \alpha g_1 \\";
    momentum_s2_exponent: "optimizers/momentum.md", "ρ^1 → ρ^2 in an unrolled term",
        r"= -\rho \alpha g_1 - \alpha g_2" => r"= -\rho^2 \alpha g_1 - \alpha g_2";
    momentum_s3_swapped_index: "optimizers/momentum.md", "swapped gradient indices",
        r"- \rho \alpha g_2 - \alpha g_3" => r"- \rho \alpha g_3 - \alpha g_2";
    momentum_unrolled_power: "optimizers/momentum.md", "ρ^i → ρ^{i+1}",
        r"s_k &= -\alpha \sum_{i=0}^{k-1} \rho^i g_{k-i}" => r"s_k &= -\alpha \sum_{i=0}^{k-1} \rho^{i+1} g_{k-i}";
    momentum_unrolled_range: "optimizers/momentum.md", "sum range drops the oldest gradient",
        r"$$⏎s_k = -\alpha \sum_{i=0}^{k-1} \rho^i g_{k-i}" => r"$$⏎s_k = -\alpha \sum_{i=0}^{k-2} \rho^i g_{k-i}";
    momentum_weight_sum_power: "optimizers/momentum.md", "ρ^k → ρ^{k+1} in a closed form",
        r"\rho^i = \frac{1-\rho^k}{1-\rho}" => r"\rho^i = \frac{1-\rho^{k+1}}{1-\rho}";
    momentum_constant_gradient_closed_form: "optimizers/momentum.md", "ρ^k → ρ^{k−1} in a closed form",
        r"geometric series]]:⏎⏎$$⏎\begin{split}⏎s_k &= -\alpha g \sum_{i=0}^{k-1} \rho^i \\⏎&= -\alpha g \, \frac{1-\rho^k}{1-\rho}"
        => r"geometric series]]:⏎⏎$$⏎\begin{split}⏎s_k &= -\alpha g \sum_{i=0}^{k-1} \rho^i \\⏎&= -\alpha g \, \frac{1-\rho^{k-1}}{1-\rho}";
    momentum_limit_dropped_factor: "optimizers/momentum.md", "wrong limit (dropped 1/(1−ρ))",
        r"s_k = -\frac{\alpha g}{1-\rho}⏎$$⏎⏎- so the" => r"s_k = -\alpha g⏎$$⏎⏎- so the";
    momentum_limit_card_sign: "optimizers/momentum.md", "wrong limit (1−ρ → 1+ρ)",
        r"s_k = -\frac{\alpha g}{1-\rho}⏎$$⏎⏎- the effective" => r"s_k = -\frac{\alpha g}{1+\rho}⏎$$⏎⏎- the effective";
    momentum_factor_ten: "optimizers/momentum.md", "wrong arithmetic result",
        r"$\frac{1}{1-0.9} = 10$" => r"$\frac{1}{1-0.9} = 9$";
    momentum_factor_two: "optimizers/momentum.md", "wrong arithmetic result",
        r"$\frac{1}{1-0.5} = 2$" => r"$\frac{1}{1-0.5} = 2.5$";

    // optimizers/momentum by hand.md (m-form, first update numbered 0: m_0 = η g_0)
    by_hand_m1_swapped_index: "optimizers/momentum by hand.md", "swapped gradient indices",
        r"## first updates⏎$$⏎\begin{split}⏎m_0 &= \eta g_0 \\⏎m_1 &= \beta m_0 + \eta g_1 = \eta\left(\beta g_0 + g_1\right)"
        => r"## first updates⏎$$⏎\begin{split}⏎m_0 &= \eta g_0 \\⏎m_1 &= \beta m_0 + \eta g_1 = \eta\left(\beta g_1 + g_0\right)";
    by_hand_m2_exponent: "optimizers/momentum by hand.md", "β^2 → β^3 in an unrolled term",
        r"\beta^2 g_0 + \beta g_1 + g_2\right)⏎\end{split}" => r"\beta^3 g_0 + \beta g_1 + g_2\right)⏎\end{split}";
    by_hand_unrolled_index: "optimizers/momentum by hand.md", "g_{k−i} → g_i",
        r"m_k &= \eta \sum_{i=0}^{k} \beta^i g_{k-i}" => r"m_k &= \eta \sum_{i=0}^{k} \beta^i g_{i}";
    by_hand_unrolled_card_power: "optimizers/momentum by hand.md", "β^i → β^{i+1}",
        r"$$⏎m_k = \eta \sum_{i=0}^{k} \beta^i g_{k-i}" => r"$$⏎m_k = \eta \sum_{i=0}^{k} \beta^{i+1} g_{k-i}";
    by_hand_closed_form_power: "optimizers/momentum by hand.md", "β^{k+1} → β^k (0-based count)",
        r"&= \eta g \, \frac{1-\beta^{k+1}}{1-\beta}" => r"&= \eta g \, \frac{1-\beta^{k}}{1-\beta}";
    by_hand_limit: "optimizers/momentum by hand.md", "wrong limit (1−β → 1+β)",
        r"\lim_{k \to \infty} m_k = \frac{\eta g}{1-\beta}" => r"\lim_{k \to \infty} m_k = \frac{\eta g}{1+\beta}";
    by_hand_card_update_sign: "optimizers/momentum by hand.md", "sign flip in an update rule",
        r"w_{k+1} &= w_k - m_k⏎\end{split}⏎$$⏎starting" => r"w_{k+1} &= w_k + m_k⏎\end{split}⏎$$⏎starting";

    // optimizers/adam.md (s, r, ŝ, r̂; ρ_1, ρ_2; k from 1)
    adam_library_default_beta2: "optimizers/adam.md", "wrong library default (torch betas[1])",
        r"$\rho_2 = 0.999$ and" => r"$\rho_2 = 0.99$ and";
    adam_library_default_eps: "optimizers/adam.md", "wrong library default (torch eps)",
        r"$\epsilon = 10^{-8}$" => r"$\epsilon = 10^{-7}$";
    adam_constant_gradient_power: "optimizers/adam.md", "ρ_1^k → ρ_1^{k+1}",
        r"(1-\rho_1^k)\, g$" => r"(1-\rho_1^{k+1})\, g$";
    adam_constant_gradient_square: "optimizers/adam.md", "g⊙g → g",
        r"likewise $\hat{r}_k = g \odot g$" => r"likewise $\hat{r}_k = g$";
    adam_correction_size_two_steps: "optimizers/adam.md", "wrong digit in a worked result",
        r"$1 - 0.9^2 = 0.19$" => r"$1 - 0.9^2 = 0.18$";
    adam_correction_size_first_step: "optimizers/adam.md", "wrong digit in a worked result",
        r"$1 - 0.999 = 0.001$" => r"$1 - 0.999 = 0.01$";
    adam_first_moment_sign: "optimizers/adam.md", "1−ρ_1 → 1+ρ_1",
        r"s_1 &= (1-\rho_1)\, g_1" => r"s_1 &= (1+\rho_1)\, g_1";
    adam_first_step_dropped_bias_correction: "optimizers/adam.md", "dropped bias correction",
        r"s_1 &= (1-\rho_1)\, g_1 \\⏎\hat{s}_1 &= \frac{(1-\rho_1)\, g_1}{1-\rho_1} = g_1"
        => r"s_1 &= (1-\rho_1)\, g_1 \\⏎\hat{s}_1 &= (1-\rho_1)\, g_1 = g_1";
    adam_first_second_moment_beta: "optimizers/adam.md", "(1−ρ_2) → ρ_2",
        r"r_1 &= (1-\rho_2)\, g_1 \odot g_1" => r"r_1 &= \rho_2\, g_1 \odot g_1";
    adam_first_corrected_square: "optimizers/adam.md", "g⊙g → g",
        r"= g_1 \odot g_1 \\⏎\theta_1 &= \theta_0 - \frac{\alpha}{\sqrt" => r"= g_1 \\⏎\theta_1 &= \theta_0 - \frac{\alpha}{\sqrt";
    adam_first_step_dropped_eps: "optimizers/adam.md", "dropped ε in a first step",
        r"\\⏎&= \theta_0 - \frac{\alpha}{|g_1| + \epsilon} \odot g_1" => r"\\⏎&= \theta_0 - \frac{\alpha}{|g_1|} \odot g_1";
    adam_card_rule_square: "optimizers/adam.md", "g⊙g → g in an update rule",
        r"(1-\rho_2)\, g_k \odot g_k \\⏎\hat{s}_k &= \frac{s_k}{1-\rho_1^k} \\⏎\hat{r}_k &= \frac{r_k}{1-\rho_2^k} \\⏎\theta_k &= \theta_{k-1} - \frac{\alpha}{\sqrt{\hat{r}_k} + \epsilon} \odot \hat{s}_k⏎\end{split}⏎$$⏎⏎- s: moving"
        => r"(1-\rho_2)\, g_k \\⏎\hat{s}_k &= \frac{s_k}{1-\rho_1^k} \\⏎\hat{r}_k &= \frac{r_k}{1-\rho_2^k} \\⏎\theta_k &= \theta_{k-1} - \frac{\alpha}{\sqrt{\hat{r}_k} + \epsilon} \odot \hat{s}_k⏎\end{split}⏎$$⏎⏎- s: moving";
    adam_card_bias_correction_power: "optimizers/adam.md", "bias correction 1−ρ_1 → 1−ρ_1^2 at step 1",
        r"Adam, step 1⏎⏎$$⏎\begin{split}⏎\hat{s}_1 &= \frac{(1-\rho_1)\, g_1}{1-\rho_1}"
        => r"Adam, step 1⏎⏎$$⏎\begin{split}⏎\hat{s}_1 &= \frac{(1-\rho_1)\, g_1}{1-\rho_1^2}";
    adam_card_first_step_eps_inside: "optimizers/adam.md", "√(r̂)+ε → √(r̂+ε) against the note's own rule",
        r"\theta_1 &= \theta_0 - \frac{\alpha}{|g_1| + \epsilon} \odot g_1" => r"\theta_1 &= \theta_0 - \frac{\alpha}{\sqrt{g_1 \odot g_1 + \epsilon}} \odot g_1";
    adam_cloze_uncorrected: "optimizers/adam.md", "dropped bias correction",
        r"{{c1::$\hat{s}_k = g$}}" => r"{{c1::$\hat{s}_k = (1-\rho_1^k)\, g$}}";
    adam_cloze_sum_range: "optimizers/adam.md", "sum range k−1 → k",
        r"\sum_{i=0}^{k-1} \rho_1^i = (1-\rho_1^k)\, g⏎$$" => r"\sum_{i=0}^{k} \rho_1^i = (1-\rho_1^k)\, g⏎$$";

    // optimizers/rmsprop.md (v, β, η, ε inside; r, ρ, α, ε outside)
    rmsprop_rule_sign: "optimizers/rmsprop.md", "sign flip in an update rule",
        r"w_t &= w_{t-1} - \frac{\eta}{\sqrt{v_t + \epsilon}}\, g_t⏎\end{split}⏎$$⏎⏎- v follows"
        => r"w_t &= w_{t-1} + \frac{\eta}{\sqrt{v_t + \epsilon}}\, g_t⏎\end{split}⏎$$⏎⏎- v follows";
    rmsprop_v1_digit: "optimizers/rmsprop.md", "wrong digit in an expansion",
        r"beta 0.9⏎⏎$$⏎\begin{split}⏎v_1 &= 0.9 \cdot 0 + 0.1\, g_1^2 = 0.1\, g_1^2"
        => r"beta 0.9⏎⏎$$⏎\begin{split}⏎v_1 &= 0.9 \cdot 0 + 0.1\, g_1^2 = 0.01\, g_1^2";
    rmsprop_v3_digit: "optimizers/rmsprop.md", "wrong digit in an expansion",
        r"= 0.081\, g_1^2 + 0.09\, g_2^2 + 0.1\, g_3^2⏎\end{split}⏎$$⏎⏎- each"
        => r"= 0.0081\, g_1^2 + 0.09\, g_2^2 + 0.1\, g_3^2⏎\end{split}⏎$$⏎⏎- each";
    rmsprop_first_step_factor: "optimizers/rmsprop.md", "wrong digit in an approximate result",
        r"\approx 3.16$" => r"\approx 1.16$";
    rmsprop_outside_square: "optimizers/rmsprop.md", "g⊙g → g in an update rule",
        r"r &= \rho r + (1-\rho)\, g \odot g" => r"r &= \rho r + (1-\rho)\, g";
    rmsprop_card_rule_beta: "optimizers/rmsprop.md", "(1−β) → β in an update rule",
        r"v_t &= \beta v_{t-1} + (1-\beta)\, g_t^2 \\⏎w_t &= w_{t-1} - \frac{\eta}{\sqrt{v_t + \epsilon}}\, g_t⏎\end{split}⏎$$⏎⏎- AdaGrad"
        => r"v_t &= \beta v_{t-1} + \beta\, g_t^2 \\⏎w_t &= w_{t-1} - \frac{\eta}{\sqrt{v_t + \epsilon}}\, g_t⏎\end{split}⏎$$⏎⏎- AdaGrad";
    rmsprop_card_v2_swapped_index: "optimizers/rmsprop.md", "swapped gradient indices",
        r"= 0.09\, g_1^2 + 0.1\, g_2^2 \\⏎v_3 &= 0.9\, v_2 + 0.1\, g_3^2 = 0.081\, g_1^2 + 0.09\, g_2^2 + 0.1\, g_3^2⏎\end{split}⏎$$⏎- older"
        => r"= 0.09\, g_2^2 + 0.1\, g_1^2 \\⏎v_3 &= 0.9\, v_2 + 0.1\, g_3^2 = 0.081\, g_1^2 + 0.09\, g_2^2 + 0.1\, g_3^2⏎\end{split}⏎$$⏎- older";

    // optimizers/adagrad.md
    adagrad_unrolled_range: "optimizers/adagrad.md", "sum range drops the first gradient",
        r"$r_t = \sum_{i=1}^{t} g_i \odot g_i$" => r"$r_t = \sum_{i=2}^{t} g_i \odot g_i$";
    adagrad_first_step_eps_inside: "optimizers/adagrad.md", "√(r)+ε → √(r+ε) against the note's own rule",
        r"\theta_1 = \theta_0 - \frac{\alpha}{|g_1| + \epsilon} \odot g_1" => r"\theta_1 = \theta_0 - \frac{\alpha}{\sqrt{g_1 \odot g_1 + \epsilon}} \odot g_1";
    adagrad_squares_sum: "optimizers/adagrad.md", "wrong arithmetic result",
        r"$3^2 + 4^2 = 25$" => r"$3^2 + 4^2 = 49$";
    adagrad_first_length: "optimizers/adagrad.md", "wrong arithmetic result",
        r"{\sqrt{9}} = 0.1$" => r"{\sqrt{9}} = 0.3$";
    adagrad_second_length: "optimizers/adagrad.md", "wrong digit in a worked result",
        r"{\sqrt{25}} = 0.08$" => r"{\sqrt{25}} = 0.8$";
    adagrad_card_rule_square: "optimizers/adagrad.md", "g⊙g → g in an update rule",
        r"r_t &= r_{t-1} + g_t \odot g_t \\⏎\theta_t &= \theta_{t-1} - \frac{\alpha}{\sqrt{r_t} + \epsilon} \odot g_t⏎\end{split}⏎$$⏎⏎- per-component"
        => r"r_t &= r_{t-1} + g_t \\⏎\theta_t &= \theta_{t-1} - \frac{\alpha}{\sqrt{r_t} + \epsilon} \odot g_t⏎\end{split}⏎$$⏎⏎- per-component";

    // optimizers/nesterov momentum.md (v, μ, look-ahead θ̃, stored φ)
    nesterov_first_step: "optimizers/nesterov momentum.md", "wrong first step (extra factor μ)",
        r"$v_1 = -\alpha \nabla\mathcal{R}(\theta_0)$" => r"$v_1 = -\mu \alpha \nabla\mathcal{R}(\theta_0)$";
    nesterov_limit: "optimizers/nesterov momentum.md", "wrong limit (1−μ → 1−μ²)",
        r"v_k = -\frac{\alpha g}{1-\mu}$" => r"v_k = -\frac{\alpha g}{1-\mu^2}$";
    nesterov_jump_index: "optimizers/nesterov momentum.md", "v_{k−1} → v_k",
        r"$\tilde{\theta}_k - \theta_{k-1} = \mu v_{k-1}$" => r"$\tilde{\theta}_k - \theta_{k-1} = \mu v_k$";
    nesterov_rewrite_sign: "optimizers/nesterov momentum.md", "sign flip",
        r"correction:⏎⏎$$⏎v_k = \left(\tilde{\theta}_k - \theta_{k-1}\right) - \alpha"
        => r"correction:⏎⏎$$⏎v_k = \left(\tilde{\theta}_k - \theta_{k-1}\right) + \alpha";
    nesterov_rewrite_swapped: "optimizers/nesterov momentum.md", "swapped difference",
        r"Back:⏎$$⏎v_k = \left(\tilde{\theta}_k - \theta_{k-1}\right)" => r"Back:⏎$$⏎v_k = \left(\theta_{k-1} - \tilde{\theta}_k\right)";
    nesterov_card_rule_sign: "optimizers/nesterov momentum.md", "sign flip in an update rule",
        r"\theta_k &= \theta_{k-1} + v_k⏎\end{split}⏎$$⏎⏎### why" => r"\theta_k &= \theta_{k-1} - v_k⏎\end{split}⏎$$⏎⏎### why";
    nesterov_heavy_ball_sign: "optimizers/nesterov momentum.md", "sign flip in an update rule",
        r"s &= \rho s - \alpha g \\⏎\theta &= \theta + s" => r"s &= \rho s - \alpha g \\⏎\theta &= \theta - s";

    // optimizers/exponentially weighted average.md (V, β, V_0 = 0)
    ewma_v2_exponent: "optimizers/exponentially weighted average.md", "wrong exponent in an EWMA expansion",
        r"= \beta (1-\beta) x_1 + (1-\beta) x_2" => r"= \beta^2 (1-\beta) x_1 + (1-\beta) x_2";
    ewma_v3_newest_weight: "optimizers/exponentially weighted average.md", "wrong exponent in an EWMA expansion",
        r"+ (1-\beta) x_3 \\" => r"+ \beta (1-\beta) x_3 \\";
    ewma_v4_exponent: "optimizers/exponentially weighted average.md", "wrong exponent in an EWMA expansion",
        r"V_4 &= (1-\beta)\left(\beta^3 x_1" => r"V_4 &= (1-\beta)\left(\beta^4 x_1";
    ewma_v4_card_swapped: "optimizers/exponentially weighted average.md", "swapped indices",
        r"V_4 = (1-\beta)\left(\beta^3 x_1 + \beta^2 x_2 + \beta x_3" => r"V_4 = (1-\beta)\left(\beta^3 x_1 + \beta^2 x_3 + \beta x_2";
    ewma_general_exponent: "optimizers/exponentially weighted average.md", "β^{t−i} → β^{t−i+1}",
        r"$$⏎V_t = (1-\beta) \sum_{i=1}^{t} \beta^{t-i} x_i" => r"$$⏎V_t = (1-\beta) \sum_{i=1}^{t} \beta^{t-i+1} x_i";
    ewma_weight_sum: "optimizers/exponentially weighted average.md", "β^t → β^{t+1}",
        r"= 1 - \beta^t" => r"= 1 - \beta^{t+1}";
    ewma_card_recursion_beta: "optimizers/exponentially weighted average.md", "(1−β) → β in a recursion",
        r"decay β⏎⏎$$⏎V_t = \beta V_{t-1} + (1-\beta)\, x_t" => r"decay β⏎⏎$$⏎V_t = \beta V_{t-1} + \beta\, x_t";
    ewma_temperature_v3: "optimizers/exponentially weighted average.md", "wrong arithmetic result",
        r"= 3.92 \\⏎V_4" => r"= 3.29 \\⏎V_4";
    ewma_temperature_v4: "optimizers/exponentially weighted average.md", "wrong arithmetic result",
        r"= 6.528" => r"= 6.258";
    ewma_temperature_corrected: "optimizers/exponentially weighted average.md", "wrong digit in an approximate result",
        r"\approx 14.74$" => r"\approx 15.74$";
    ewma_card_temperature_v2: "optimizers/exponentially weighted average.md", "wrong arithmetic result",
        r"= 2.8 \\⏎V_3 &= 0.9 \cdot 2.8 + 0.1 \cdot 14 = 3.92⏎\end" => r"= 2.7 \\⏎V_3 &= 0.9 \cdot 2.8 + 0.1 \cdot 14 = 3.92⏎\end";

    // optimizers/stochastic gradient descent.md
    sgd_epoch_count_digits: "optimizers/stochastic gradient descent.md", "wrong digits in a worked result",
        r"= 16384⏎$$⏎⏎- a small" => r"= 16348⏎$$⏎⏎- a small";
    sgd_epoch_count_exponent: "optimizers/stochastic gradient descent.md", "wrong exponent",
        r"= 2^{14} = 16384⏎$$⏎- with 10" => r"= 2^{12} = 16384⏎$$⏎- with 10";
    sgd_updates_total: "optimizers/stochastic gradient descent.md", "wrong arithmetic result",
        r"\frac{500}{100} = 50" => r"\frac{500}{100} = 500";

    // optimizers/gradient descent.md
    gd_card_rule_sign: "optimizers/gradient descent.md", "sign flip in an update rule",
        r"Back:⏎$$⏎\theta_k = \theta_{k-1} - \alpha" => r"Back:⏎$$⏎\theta_k = \theta_{k-1} + \alpha";

    // math/geometric series.md
    geometric_infinite_sign: "math/geometric series.md", "1−q → 1+q",
        r"Back:⏎$$⏎\sum_{k=0}^{\infty} q^k = \frac{1}{1-q}" => r"Back:⏎$$⏎\sum_{k=0}^{\infty} q^k = \frac{1}{1+q}";
    geometric_finite_power: "math/geometric series.md", "q^n → q^{n−1}",
        r"q^k = \frac{1-q^n}{1-q}" => r"q^k = \frac{1-q^{n-1}}{1-q}";
    geometric_example_value: "math/geometric series.md", "wrong arithmetic result",
        r"\frac{1}{1-0.9} = 10$" => r"\frac{1}{1-0.9} = 9$";
    geometric_telescope_power: "math/geometric series.md", "A^n → A^{n+1}",
        r"&= I - A^n" => r"&= I - A^{n+1}";
    geometric_matrix_finite_sign: "math/geometric series.md", "I−A → I+A",
        r"A^k = (I-A)^{-1}(I-A^n)⏎$$⏎⏎- if every" => r"A^k = (I+A)^{-1}(I-A^n)⏎$$⏎⏎- if every";
    geometric_matrix_card_power: "math/geometric series.md", "A^k → A^{k+1}",
        r"invertible)⏎⏎$$⏎\sum_{k=0}^{n-1} A^k" => r"invertible)⏎⏎$$⏎\sum_{k=0}^{n-1} A^{k+1}";
    geometric_neumann_card_sign: "math/geometric series.md", "I−A → I+A",
        r"A^k = (I-A)^{-1}⏎$$⏎⏎Tags" => r"A^k = (I+A)^{-1}⏎$$⏎⏎Tags";
    geometric_gd_dropped_step: "math/geometric series.md", "dropped factor α",
        r"\alpha \sum_{k=0}^{n-1} (I - \alpha H)^k b" => r"\sum_{k=0}^{n-1} (I - \alpha H)^k b";

    // math/ill conditioned hessian.md
    hessian_steep_factor: "math/ill conditioned hessian.md", "wrong arithmetic result",
        r"$1 - \frac{100}{100} = 0$" => r"$1 - \frac{100}{100} = 1$";
    hessian_flat_factor: "math/ill conditioned hessian.md", "wrong digit in a worked result",
        r"$1 - \frac{1}{100} = 0.99$" => r"$1 - \frac{1}{100} = 0.9$";
    hessian_flat_share: "math/ill conditioned hessian.md", "wrong approximate result",
        r"$0.99^{100} \approx 0.366$" => r"$0.99^{100} \approx 0.634$";

    // math/quadratic model.md
    quadratic_exact_sign: "math/quadratic model.md", "sign flip",
        r"+ (H\theta - b)^\top d" => r"+ (H\theta + b)^\top d";
    quadratic_step_exponent: "math/quadratic model.md", "α² → α",
        r"\frac{\alpha^2}{2}\, g^\top H g⏎\end{split}⏎$$⏎⏎- the linear" => r"\frac{\alpha}{2}\, g^\top H g⏎\end{split}⏎$$⏎⏎- the linear";
    quadratic_card_step_sign: "math/quadratic model.md", "sign flip",
        r"- \alpha\, g^\top g + \frac{\alpha^2}{2}\, g^\top H g⏎\end{split}⏎$$⏎⏎- decrease" => r"+ \alpha\, g^\top g + \frac{\alpha^2}{2}\, g^\top H g⏎\end{split}⏎$$⏎⏎- decrease";
    quadratic_best_decrease_factor: "math/quadratic model.md", "dropped factor 2",
        r"= -\frac{(g^\top g)^2}{2\, g^\top H g}" => r"= -\frac{(g^\top g)^2}{g^\top H g}";
    quadratic_newton_check_inverse: "math/quadratic model.md", "dropped inverse",
        r"$g + H\left(-H^{-1} g\right) = 0$" => r"$g + H\left(-H g\right) = 0$";
    quadratic_newton_decrease_digit: "math/quadratic model.md", "wrong digit (½ → ¼)",
        r"= -\frac{1}{2}\, g^\top H^{-1} g" => r"= -\frac{1}{4}\, g^\top H^{-1} g";

    // networks/backprop two layer relu.md (x = 1, y = 0, w_1 = 1/3, w_2 = 2)
    backprop_loss_value: "networks/backprop two layer relu.md", "wrong arithmetic result",
        r"= \frac{4}{9}⏎\end{split}⏎$$⏎⏎- backward" => r"= \frac{4}{3}⏎\end{split}⏎$$⏎⏎- backward";
    backprop_dl_dyhat_factor: "networks/backprop two layer relu.md", "wrong factor in a worked result",
        r"2(\hat{y} - y) = 2 \cdot \frac{2}{3} = \frac{4}{3} \\⏎\frac{\partial L}{\partial w_2} &= \frac{\partial L}{\partial \hat{y}} \cdot h = \frac{4}{3} \cdot \frac{1}{3} = \frac{4}{9} \\⏎\frac{\partial L}{\partial w_1} &= \frac{\partial L}{\partial \hat{y}} \cdot w_2 \cdot 1 \cdot x = \frac{4}{3} \cdot 2 \cdot 1 \cdot 1 = \frac{8}{3}⏎\end{split}⏎$$⏎⏎- one"
        => r"2(\hat{y} - y) = 2 \cdot \frac{1}{3} = \frac{4}{3} \\⏎\frac{\partial L}{\partial w_2} &= \frac{\partial L}{\partial \hat{y}} \cdot h = \frac{4}{3} \cdot \frac{1}{3} = \frac{4}{9} \\⏎\frac{\partial L}{\partial w_1} &= \frac{\partial L}{\partial \hat{y}} \cdot w_2 \cdot 1 \cdot x = \frac{4}{3} \cdot 2 \cdot 1 \cdot 1 = \frac{8}{3}⏎\end{split}⏎$$⏎⏎- one";
    backprop_dl_dw2: "networks/backprop two layer relu.md", "wrong arithmetic result",
        r"= \frac{4}{9} \\⏎\frac{\partial L}{\partial w_1} &= \frac{\partial L}{\partial \hat{y}} \cdot w_2 \cdot 1 \cdot x = \frac{4}{3} \cdot 2 \cdot 1 \cdot 1 = \frac{8}{3}⏎\end{split}⏎$$⏎⏎- one"
        => r"= \frac{4}{27} \\⏎\frac{\partial L}{\partial w_1} &= \frac{\partial L}{\partial \hat{y}} \cdot w_2 \cdot 1 \cdot x = \frac{4}{3} \cdot 2 \cdot 1 \cdot 1 = \frac{8}{3}⏎\end{split}⏎$$⏎⏎- one";
    backprop_dl_dw1: "networks/backprop two layer relu.md", "wrong arithmetic result",
        r"= \frac{8}{3}⏎\end{split}⏎$$⏎⏎- one" => r"= \frac{8}{9}⏎\end{split}⏎$$⏎⏎- one";
    backprop_card_dl_dw1: "networks/backprop two layer relu.md", "wrong arithmetic result",
        r"= \frac{8}{3}⏎\end{split}⏎$$⏎⏎- the 1" => r"= \frac{8}{6}⏎\end{split}⏎$$⏎⏎- the 1";
    backprop_gd_step: "networks/backprop two layer relu.md", "wrong arithmetic result",
        r"\begin{pmatrix} \frac{1}{15} \\" => r"\begin{pmatrix} \frac{1}{5} \\";
    backprop_risk_gradient_w1: "networks/backprop two layer relu.md", "wrong partial derivative at the worked point",
        r"- \alpha \begin{pmatrix} \frac{8}{3} \\ \frac{4}{9} \end{pmatrix}" => r"- \alpha \begin{pmatrix} \frac{8}{9} \\ \frac{4}{9} \end{pmatrix}";
    backprop_risk_gradient_swapped: "networks/backprop two layer relu.md", "swapped gradient components",
        r"- \alpha \begin{pmatrix} \frac{8}{3} \\ \frac{4}{9} \end{pmatrix}" => r"- \alpha \begin{pmatrix} \frac{4}{9} \\ \frac{8}{3} \end{pmatrix}";
    backprop_risk_step_sign: "networks/backprop two layer relu.md", "sign flip of the step",
        r"2 \end{pmatrix} - \alpha \begin{pmatrix} \frac{8}{3}" => r"2 \end{pmatrix} + \alpha \begin{pmatrix} \frac{8}{3}";
    backprop_new_loss: "networks/backprop two layer relu.md", "wrong approximate result",
        r"\approx 0.0170$" => r"\approx 0.0710$";
    backprop_dead_relu: "networks/backprop two layer relu.md", "wrong ReLU value",
        r"-\frac{1}{3}\right) = 0$" => r"-\frac{1}{3}\right) = -\frac{1}{3}$";
    backprop_dead_gradient: "networks/backprop two layer relu.md", "dropped ReLU factor 0",
        r"= $2 \cdot (0 - 1) \cdot 0 = 0$" => r"= $2 \cdot (0 - 1) \cdot 1 = 0$";

    // networks/regularization.md (x = [1, 2, 1], θ_1 = [0, 0.75, 0], θ_2 = [0.25, 0.5, 0.25])
    regularization_prediction_1: "networks/regularization.md", "wrong arithmetic result",
        r"+ 1 \cdot 0 = 1.5" => r"+ 1 \cdot 0 = 1.75";
    regularization_prediction_2: "networks/regularization.md", "wrong arithmetic result",
        r"+ 1 \cdot 0.25 = 1.5" => r"+ 1 \cdot 0.25 = 1.25";
    regularization_l2_theta1_digits: "networks/regularization.md", "swapped digits in a worked result",
        r"0.5625 \\⏎R_{\text{L2}}(\theta_2) &= 0.25^2 + 0.5^2 + 0.25^2 = 0.375⏎\end{split}⏎$$⏎⏎- L1"
        => r"0.5652 \\⏎R_{\text{L2}}(\theta_2) &= 0.25^2 + 0.5^2 + 0.25^2 = 0.375⏎\end{split}⏎$$⏎⏎- L1";
    regularization_card_l2_theta2: "networks/regularization.md", "wrong digit in a worked result",
        r"= 0.375⏎\end{split}⏎$$⏎⏎- prefers" => r"= 0.475⏎\end{split}⏎$$⏎⏎- prefers";
    regularization_l1_theta1: "networks/regularization.md", "swapped digits in a worked result",
        r"= 0.75 \\⏎R_{\text{L1}}(\theta_2) &= 0.25 + 0.5 + 0.25 = 1⏎\end{split}⏎$$⏎⏎- L2 prefers"
        => r"= 0.57 \\⏎R_{\text{L1}}(\theta_2) &= 0.25 + 0.5 + 0.25 = 1⏎\end{split}⏎$$⏎⏎- L2 prefers";
    regularization_card_l1_theta2: "networks/regularization.md", "wrong arithmetic result",
        r"0.25 + 0.5 + 0.25 = 1⏎\end{split}⏎$$⏎⏎- prefers θ_1" => r"0.25 + 0.5 + 0.25 = 0.5⏎\end{split}⏎$$⏎⏎- prefers θ_1";
    regularization_weight_decay_factor: "networks/regularization.md", "dropped factor 2",
        r"(1 - 2\alpha\lambda)\,\theta - \alpha g⏎$$⏎⏎## in" => r"(1 - \alpha\lambda)\,\theta - \alpha g⏎$$⏎⏎## in";
    regularization_card_weight_decay_sign: "networks/regularization.md", "sign flip",
        r"(1 - 2\alpha\lambda)\,\theta - \alpha g⏎$$⏎⏎- before" => r"(1 + 2\alpha\lambda)\,\theta - \alpha g⏎$$⏎⏎- before";
    regularization_norm_square: "networks/regularization.md", "dropped square",
        r"= w_1^2 + w_2^2" => r"= w_1^2 + w_2";
    regularization_penalised_gradient_1: "networks/regularization.md", "wrong arithmetic result",
        r"&= \frac{41}{15}" => r"&= \frac{43}{15}";
    regularization_penalised_gradient_2: "networks/regularization.md", "wrong arithmetic result",
        r"&= \frac{38}{45}" => r"&= \frac{36}{45}";
}

/// `⏎` in a case's snippet is a newline.
fn text(snippet: &str) -> String {
    snippet.replace('⏎', "\n")
}

/// The sample vault as (path, text), read once.
fn notes() -> &'static [(String, String)] {
    static NOTES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    NOTES.get_or_init(|| read_tree(&notes_dir()))
}

/// The report of the unmodified sample vault, built once.
fn original() -> &'static CheckReport {
    static REPORT: OnceLock<CheckReport> = OnceLock::new();
    REPORT.get_or_init(|| TempVault::new(notes()).check())
}

/// The note's text with the case applied, and the 1-based line of the
/// first changed character.
fn apply(case: &Case) -> (String, usize) {
    let (from, to) = (text(case.from), text(case.to));
    assert_ne!(from, to, "{}: the edit changes nothing", case.name);
    let note = notes()
        .iter()
        .find(|(path, _)| path == case.file)
        .unwrap_or_else(|| panic!("{}: no note {}", case.name, case.file));
    let found: Vec<usize> = note.1.match_indices(&from).map(|(at, _)| at).collect();
    assert_eq!(
        found.len(),
        1,
        "{}: the original snippet must occur exactly once in {} (found {} times): {from:?}",
        case.name,
        case.file,
        found.len()
    );
    let first_diff = from
        .bytes()
        .zip(to.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(from.len().min(to.len()));
    let at = found[0] + first_diff;
    let line = 1 + note.1[..at].matches('\n').count();
    assert!(
        from.matches('\n').count() == to.matches('\n').count(),
        "{}: an edit must not add or remove lines",
        case.name
    );
    (note.1.replacen(&from, &to, 1), line)
}

/// Runs one case: original verified on its line, mutant refuted there, and
/// no other claim turned from verified to refuted.
fn run(name: &str) {
    let case = CASES.iter().find(|c| c.name == name).unwrap();
    let (mutated, line) = apply(case);
    let files: Vec<(String, String)> = notes()
        .iter()
        .map(|(path, text)| {
            let text = if path == case.file {
                mutated.clone()
            } else {
                text.clone()
            };
            (path.clone(), text)
        })
        .collect();
    let after = TempVault::new(&files).check();
    let there = on_line(&after, case.file, line);

    // (a) The original claims the edit touches (their LaTeX no longer
    // occurs on that line) are verified; none on the line is refuted.
    let before = original();
    let here = on_line(before, case.file, line);
    let touched: Vec<_> = here
        .iter()
        .copied()
        .filter(|c| !there.iter().any(|m| m.latex == c.latex))
        .collect();
    assert!(
        !touched.is_empty()
            && touched.iter().all(|c| c.status == Status::Verified)
            && here.iter().all(|c| c.status != Status::Refuted),
        "{} ({}): in the original vault the claims the edit touches on {}:{} must be verified \
         (and none there refuted); claims there:\n{}",
        case.name,
        case.what,
        case.file,
        line,
        describe(&here)
    );

    // (b) The mutant is refuted on that line.
    assert!(
        there.iter().any(|c| c.status == Status::Refuted),
        "{} ({}): the mutant must be refuted at {}:{}; claims there:\n{}",
        case.name,
        case.what,
        case.file,
        line,
        describe(&there)
    );

    // (c) No other claim turned from verified to refuted.
    let status_after: BTreeMap<&str, Status> = after
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.status))
        .collect();
    let flipped: Vec<_> = before
        .claims
        .iter()
        .filter(|c| !(c.file == case.file && c.line == line))
        .filter(|c| c.status == Status::Verified)
        .filter(|c| status_after.get(c.id.as_str()) == Some(&Status::Refuted))
        .collect();
    let flipped_after: Vec<_> = after
        .claims
        .iter()
        .filter(|c| flipped.iter().any(|f| f.id == c.id))
        .collect();
    assert!(
        flipped.is_empty(),
        "{} ({}): other claims turned from verified to refuted:\n{}",
        case.name,
        case.what,
        describe(&flipped_after)
    );
}

#[test]
fn there_are_at_least_45_cases_with_distinct_edits() {
    assert!(CASES.len() >= 45, "only {} cases", CASES.len());
    let edits: BTreeSet<(&str, &str, &str)> =
        CASES.iter().map(|c| (c.file, c.from, c.to)).collect();
    assert_eq!(edits.len(), CASES.len(), "a case is listed twice");
}

#[test]
fn every_snippet_is_unique_and_every_case_names_its_line() {
    let mut lines = BTreeSet::new();
    for case in CASES {
        let (mutated, line) = apply(case);
        assert_ne!(
            mutated,
            notes().iter().find(|n| n.0 == case.file).unwrap().1
        );
        lines.insert((case.file, line));
    }
    // Most cases are about different lines; a few lines carry two formulas,
    // and the gradient-step line gets three different kinds of edit.
    assert!(lines.len() + 7 >= CASES.len(), "{} lines", lines.len());
}

#[test]
fn every_note_with_a_display_formula_is_mutated() {
    let mutated: BTreeSet<&str> = CASES.iter().map(|c| c.file).collect();
    for (path, text) in notes() {
        if text.contains("$$") {
            assert!(mutated.contains(path.as_str()), "no mutation of {path}");
        }
    }
}
