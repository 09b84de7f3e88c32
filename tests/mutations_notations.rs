//! Mutation cases in notations the sample vault does not use (issue 11):
//! pseudo-code with `\leftarrow` and `:=`, superscript iterates `x^{(k)}`,
//! bold vectors, words as symbols (`\mathrm{velocity}`, `\mathrm{lr}`,
//! `\mathrm{avg}`), German and French prose, a tuple of defaults next to
//! "PyTorch default", Adam as Algorithm 1 of its paper, worked arithmetic
//! chains, EMA weights summing to one, and an L2 penalty next to decoupled
//! weight decay. Each note below is true and written for this file; each
//! case is one wrong edit of one of its formulas. The checker must verify
//! the claims the edit touches in the true note (and refute nothing in it),
//! and refute the mutant at the edited line and nowhere else.
//!
//! As in `tests/mutations.rs`, a case is data: the note, a snippet that
//! occurs exactly once in it, the snippet after the edit, and what kind of
//! corruption it is. The case's line is the line of the first character the
//! edit changes. Every mutant was checked by hand to be false for generic
//! values of its symbols.
mod check_util;

use check_util::{TempVault, describe, on_line};
use std::collections::BTreeSet;
use verideck::report::CheckReport;
use verideck::verify::Status;

/// Momentum as pseudo-code with bold vectors and a word for the step size, German prose.
const IMPULS: &str = r#"# Impuls-Verfahren (Momentum)

Der Algorithmus als Pseudocode, mit Lernrate $\mathrm{lr}$ und Impulsfaktor $\mu$:

$$\mathbf{v} \leftarrow \mu \mathbf{v} - \mathrm{lr}\, \nabla f(\mathbf{x})$$

$$\mathbf{x} \leftarrow \mathbf{x} + \mathbf{v}$$

Bei konstantem Gradienten $\mathbf{g}$ strebt die Geschwindigkeit gegen

$$\lim_{k \to \infty} \mathbf{v}_k = -\frac{\mathrm{lr}\, \mathbf{g}}{1-\mu}$$

Zum Beispiel mit $\mu = 0.9$: $\frac{1}{1-0.9} = 10$, also ist der effektive Schritt zehnmal so groß.
"#;

/// AdaGrad as `:=` assignments, French prose, a worked root.
const ADAGRAD_FR: &str = r#"# AdaGrad

On accumule les carrés des gradients, puis on divise le pas par leur racine :

$$G := G + g \odot g$$

$$\theta := \theta - \frac{\eta}{\sqrt{G} + \epsilon} \odot g$$

Après deux pas depuis $G_0 = 0$, on a $G_2 = g_1 \odot g_1 + g_2 \odot g_2$.

Exemple numérique : avec des gradients $3$ puis $4$, on obtient $\sqrt{3^2 + 4^2} = 5$.
"#;

/// Gradient descent with iterates written as superscripts `x^{(k)}`.
const ITERATES: &str = r#"# Gradient descent with iterates as superscripts

$$x^{(k+1)} = x^{(k)} - \eta \nabla f(x^{(k)})$$

so after two steps

$$x^{(2)} = x^{(0)} - \eta \nabla f(x^{(0)}) - \eta \nabla f(x^{(1)})$$

On $f(x) = \frac{1}{2} x^2$ with $\eta = 0.5$ and $x^{(0)} = 4$: $x^{(1)} = 4 - 0.5 \cdot 4 = 2$ and $x^{(2)} = 2 - 0.5 \cdot 2 = 1$.
"#;

/// Momentum with a word as the velocity's name and `\mathrm{lr}` as the step size.
const WORDS: &str = r#"# Momentum with spelled-out names

$$\mathrm{velocity}_t = \mu\, \mathrm{velocity}_{t-1} - \mathrm{lr}\, g_t$$
$$w_t = w_{t-1} + \mathrm{velocity}_t$$

starting from $\mathrm{velocity}_0 = 0$, so that $\mathrm{velocity}_1 = -\mathrm{lr}\, g_1$ and $\mathrm{velocity}_2 = -\mu\, \mathrm{lr}\, g_1 - \mathrm{lr}\, g_2$.
"#;

/// Adam one formula per line, its defaults as a tuple next to "PyTorch default".
const TORCH_TUPLE: &str = r#"# Adam

$$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$$
$$v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2$$
$$\hat{m}_t = \frac{m_t}{1-\beta_1^t}, \quad \hat{v}_t = \frac{v_t}{1-\beta_2^t}$$
$$\theta_t = \theta_{t-1} - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}$$

starting from $m_0 = 0$ and $v_0 = 0$.

PyTorch default: $(\beta_1, \beta_2) = (0.9, 0.999)$, learning rate $\eta = 10^{-3}$ and $\epsilon = 10^{-8}$.
"#;

/// Worked arithmetic chains of a bias correction.
const CHAINS: &str = r#"# Bias correction by hand

With $\beta = 0.9$ the correction after three steps:

$$0.9^3 = 0.9 \cdot 0.9 \cdot 0.9 = 0.729$$

$$1 - 0.729 = 0.271$$

$$\frac{1}{0.271} \approx 3.69$$

and after ten steps $1 - 0.9^{10} \approx 0.651$. A root: $\sqrt{0.0001} = 0.01$, and $2^{10} = 1024$.
"#;

/// The weights of an exponential moving average, and their sum with and without the bias correction.
const EMA_WEIGHTS: &str = r#"# EMA weights

$$v_t = \beta v_{t-1} + (1-\beta)\, x_t, \quad v_0 = 0$$

The weight of $x_i$ in $v_t$ is $(1-\beta)\beta^{t-i}$. The weights sum to

$$\sum_{i=1}^{t} (1-\beta)\beta^{t-i} = 1 - \beta^t$$

and after dividing by the bias correction they sum to one:

$$\sum_{i=1}^{t} \frac{(1-\beta)\beta^{t-i}}{1-\beta^t} = 1$$

With $\beta = 0.5$ and three inputs the weights are $0.125, 0.25, 0.5$ and $0.125 + 0.25 + 0.5 = 0.875$.
"#;

/// L2 penalty against decoupled weight decay.
const WEIGHT_DECAY: &str = r#"# Weight decay: L2 penalty vs decoupled

SGD on $f(\theta) + \frac{\lambda}{2}\|\theta\|^2$ takes the gradient $g + \lambda\theta$, so

$$\theta - \eta\,(g + \lambda\theta) = (1 - \eta\lambda)\,\theta - \eta\, g$$

Decoupled weight decay (AdamW) shrinks the weights outside the adaptive step:

$$\theta_t = \theta_{t-1} - \eta \left( \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon} + \lambda \theta_{t-1} \right)$$

which is the same as

$$\theta_t = (1 - \eta\lambda)\,\theta_{t-1} - \eta\, \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}$$

With $\eta = 0.1$ and $\lambda = 0.01$ the weights shrink by $1 - 0.1 \cdot 0.01 = 0.999$ each step.
"#;

/// RMSProp as pseudo-code on bold vectors, French prose.
const RMSPROP_FR: &str = r#"# RMSProp

Moyenne mobile des carrés, puis pas normalisé, où $\mathbf{g} = \nabla L(\mathbf{w})$ :

$$\mathbf{s} \leftarrow \rho\, \mathbf{s} + (1-\rho)\, \mathbf{g} \odot \mathbf{g}$$

$$\mathbf{w} \leftarrow \mathbf{w} - \frac{\eta}{\sqrt{\mathbf{s}} + \epsilon} \odot \mathbf{g}$$
"#;

/// Momentum with superscript iterates `v^{(k)}`, `x^{(k)}`.
const ITERATE_MOMENTUM: &str = r#"# Momentum with superscript iterates

$$v^{(k+1)} = \beta v^{(k)} - \alpha \nabla f(x^{(k)})$$
$$x^{(k+1)} = x^{(k)} + v^{(k+1)}$$

with $v^{(0)} = 0$ the first velocity is $v^{(1)} = -\alpha \nabla f(x^{(0)})$ and the second $v^{(2)} = -\beta\alpha \nabla f(x^{(0)}) - \alpha \nabla f(x^{(1)})$.

$$x^{(2)} = x^{(0)} + v^{(1)} + v^{(2)}$$
"#;

/// A running average named by a word, `\mathrm{avg}_t`.
const AVG: &str = r#"# Running average

$$\mathrm{avg} := \beta\, \mathrm{avg} + (1-\beta)\, x$$

$$\mathrm{avg}_t = \beta\, \mathrm{avg}_{t-1} + (1-\beta)\, x_t, \quad \mathrm{avg}_0 = 0$$

$$\mathrm{avg}_2 = \beta (1-\beta)\, x_1 + (1-\beta)\, x_2$$
"#;

/// Nesterov momentum as pseudo-code (Sutskever et al.).
const NESTEROV: &str = r#"# Nesterov (Sutskever et al.)

$$v \leftarrow \mu v - \epsilon \nabla f(\theta + \mu v)$$

$$\theta \leftarrow \theta + v$$
"#;

/// Adam as Algorithm 1 of Kingma and Ba, `\leftarrow` and `/`, with the paper's defaults.
const KINGMA: &str = r#"# Adam (Algorithm 1 of the paper)

$m_0 \leftarrow 0$, $v_0 \leftarrow 0$, $t \leftarrow 0$; while not converged:

$$t \leftarrow t + 1$$
$$g_t \leftarrow \nabla_\theta f_t(\theta_{t-1})$$
$$m_t \leftarrow \beta_1 \cdot m_{t-1} + (1-\beta_1) \cdot g_t$$
$$v_t \leftarrow \beta_2 \cdot v_{t-1} + (1-\beta_2) \cdot g_t^2$$
$$\hat{m}_t \leftarrow m_t / (1-\beta_1^t)$$
$$\hat{v}_t \leftarrow v_t / (1-\beta_2^t)$$
$$\theta_t \leftarrow \theta_{t-1} - \alpha \cdot \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)$$

Good default settings: $\alpha = 0.001$, $\beta_1 = 0.9$, $\beta_2 = 0.999$ and $\epsilon = 10^{-8}$ (also the PyTorch defaults).
"#;

/// Nesterov's look-ahead inside the gradient of a minibatch mean of losses.
const LOOKAHEAD_MEAN: &str = r#"# Nesterov's method on a minibatch

$$u \leftarrow \mu u - \eta \nabla_{w} \Big[ \frac{1}{n} \sum_{j=1}^{n} \ell(h(z_j; w + \mu u), t_j) \Big]$$

$$w \leftarrow w + u$$
"#;

/// Momentum as a gradient transformation: a buffer and an output update that
/// a library adds to the parameter, with a look-ahead variant.
const TRANSFORM: &str = r#"# Heavy ball as a transformation of gradients

Step $n$, buffer $a_n$, with $a_0 = 0$ and first step $n = 1$:

$$a_n = \gamma a_{n-1} + d_n, \qquad \Delta_n = -\lambda a_n$$

- with the look-ahead: $\Delta_n = -\lambda \left(d_n + \gamma a_n\right)$
- for a constant gradient $\lim_{n \to \infty} \Delta_n = -\frac{\lambda d}{1 - \gamma}$
"#;

/// Worked values with `\pi` and a convergent series, rounded to four places.
const WORKED_PI: &str = r#"# A cosine schedule by hand

Take $\eta_{\min} = 0.002$, $\eta_{\max} = 0.2$ and $T = 40$; a quarter of the way through:

$$0.002 + 0.099 \left(1 + \cos\frac{\pi}{4}\right) \approx 0.1710$$

The squared reciprocals add up to a multiple of $\pi^2$: $\sum_{j=1}^{\infty} \frac{1}{j^2} = \frac{\pi^2}{6}$, and $\frac{1}{7} \approx 0.1429$.
"#;

/// Every note of this file.
const NOTES: &[&str] = &[
    IMPULS,
    ADAGRAD_FR,
    ITERATES,
    WORDS,
    TORCH_TUPLE,
    CHAINS,
    EMA_WEIGHTS,
    WEIGHT_DECAY,
    RMSPROP_FR,
    ITERATE_MOMENTUM,
    AVG,
    NESTEROV,
    KINGMA,
    LOOKAHEAD_MEAN,
    TRANSFORM,
    WORKED_PI,
    ADAM_PASO,
    RMSPROP_PSEUDO_DE,
    ADAMW_LEGEND,
    RMSPROP_CENTRATO,
    MOMENTO_OBJETIVO,
    RMSPROP_DOEL,
    SGD_SINIFI,
    MOMENTO_DUE_INDICI,
    BOLA_PESADA,
    NESTEROV_Z_KARA,
];

/// One single edit of a true formula of one of the notes above.
struct Case {
    name: &'static str,
    note: &'static str,
    what: &'static str,
    from: &'static str,
    to: &'static str,
}

macro_rules! mutations {
    ($($name:ident: $note:ident, $what:literal, $from:literal => $to:literal;)*) => {
        /// Every case, note by note.
        const CASES: &[Case] = &[$(Case {
            name: stringify!($name),
            note: $note,
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
    // Worked values with pi and a series, four decimals.
    worked_pi_rounding: WORKED_PI, "wrong arithmetic result",
        r"\approx 0.1710$$" => r"\approx 0.1720$$";
    worked_pi_series: WORKED_PI, "wrong constant",
        r"{\pi^2}{6}$" => r"{\pi^2}{8}$";
    worked_pi_fraction: WORKED_PI, "wrong arithmetic result",
        r"\approx 0.1429$" => r"\approx 0.1439$";
    // A gradient transformation and its look-ahead variant.
    transform_lookahead_sign: TRANSFORM, "look-ahead subtracted",
        r"d_n + \gamma a_n" => r"d_n - \gamma a_n";
    transform_limit_factor: TRANSFORM, "wrong limit",
        r"{1 - \gamma}$" => r"{1 + \gamma}$";
    // Nesterov on a minibatch mean, the look-ahead inside the loss.
    lookahead_mean_sign: LOOKAHEAD_MEAN, "look-ahead subtracted",
        r"w + \mu u), t_j)" => r"w - \mu u), t_j)";
    lookahead_mean_dropped_decay: LOOKAHEAD_MEAN, "dropped decay",
        r"\leftarrow \mu u - \eta" => r"\leftarrow u - \eta";
    // Momentum in pseudo-code, German prose.
    impuls_dropped_decay: IMPULS, "dropped decay",
        r"\leftarrow \mu \mathbf{v} - \mathrm{lr}" => r"\leftarrow \mathbf{v} - \mathrm{lr}";
    impuls_squared_gradient: IMPULS, "g → g⊙g in an update rule",
        r"\nabla f(\mathbf{x})$$" => r"\nabla f(\mathbf{x}) \odot \nabla f(\mathbf{x})$$";
    impuls_factor_ten: IMPULS, "wrong arithmetic result",
        r"\frac{1}{1-0.9} = 10" => r"\frac{1}{1-0.9} = 9";

    // AdaGrad with `:=`, French prose.
    adagrad_fr_unsquared_gradient: ADAGRAD_FR, "g⊙g → g in an accumulator",
        r"G := G + g \odot g" => r"G := G + g";
    adagrad_fr_worked_root: ADAGRAD_FR, "wrong arithmetic result",
        r"= 5$" => r"= 7$";

    // Gradient descent with superscript iterates.
    iterates_sign: ITERATES, "sign flip in an update rule",
        r"x^{(k)} - \eta" => r"x^{(k)} + \eta";
    iterates_two_steps_stale_gradient: ITERATES, "gradient at the wrong iterate",
        r"- \eta \nabla f(x^{(1)})$$" => r"- \eta \nabla f(x^{(0)})$$";
    iterates_worked_step: ITERATES, "wrong arithmetic result",
        r"4 - 0.5 \cdot 4 = 2" => r"4 - 0.5 \cdot 4 = 3";

    // Momentum with words as symbols.
    words_lagged_velocity: WORDS, "velocity_t → velocity_{t−1} in an update rule",
        r"w_{t-1} + \mathrm{velocity}_t" => r"w_{t-1} + \mathrm{velocity}_{t-1}";
    words_first_velocity: WORDS, "extra factor μ in a first step",
        r"\mathrm{velocity}_1 = -\mathrm{lr}\, g_1" => r"\mathrm{velocity}_1 = -\mu\, \mathrm{lr}\, g_1";
    words_second_velocity_swapped: WORDS, "swapped gradient indices",
        r"-\mu\, \mathrm{lr}\, g_1 - \mathrm{lr}\, g_2" => r"-\mu\, \mathrm{lr}\, g_2 - \mathrm{lr}\, g_1";

    // Adam with its defaults as a tuple.
    torch_tuple_beta2: TORCH_TUPLE, "wrong library default in a tuple",
        r"(0.9, 0.999)" => r"(0.9, 0.99)";
    torch_tuple_swapped: TORCH_TUPLE, "swapped library defaults in a tuple",
        r"(0.9, 0.999)" => r"(0.999, 0.9)";
    torch_eps: TORCH_TUPLE, "wrong library default (eps)",
        r"\epsilon = 10^{-8}" => r"\epsilon = 10^{-6}";
    torch_lr: TORCH_TUPLE, "wrong library default (lr)",
        r"\eta = 10^{-3}" => r"\eta = 10^{-2}";

    // Worked arithmetic chains.
    chains_cube_exponent: CHAINS, "wrong exponent in a chain",
        r"0.9^3 = 0.9" => r"0.9^2 = 0.9";
    chains_cube_value: CHAINS, "wrong digit at the end of a chain",
        r"= 0.729$$" => r"= 0.719$$";
    chains_complement: CHAINS, "wrong arithmetic result",
        r"1 - 0.729 = 0.271" => r"1 - 0.729 = 0.371";
    chains_reciprocal: CHAINS, "wrong approximate result",
        r"\approx 3.69" => r"\approx 2.69";
    chains_ten_steps: CHAINS, "β^10 for 1 − β^10",
        r"\approx 0.651" => r"\approx 0.349";
    chains_root: CHAINS, "wrong root",
        r"\sqrt{0.0001} = 0.01" => r"\sqrt{0.0001} = 0.001";
    chains_power: CHAINS, "rounded power of two",
        r"2^{10} = 1024" => r"2^{10} = 1000";

    // EMA weights.
    ema_rule_input_weight: EMA_WEIGHTS, "(1−β) → β in a recursion",
        r"+ (1-\beta)\, x_t" => r"+ \beta\, x_t";
    ema_weight_sum_power: EMA_WEIGHTS, "β^t → β^{t−1} in a closed form",
        r"= 1 - \beta^t$$" => r"= 1 - \beta^{t-1}$$";
    ema_corrected_range: EMA_WEIGHTS, "sum range starts at 0",
        r"\sum_{i=1}^{t} \frac" => r"\sum_{i=0}^{t} \frac";
    ema_worked_weight_sum: EMA_WEIGHTS, "wrong arithmetic result (a weight left out)",
        r"= 0.875" => r"= 0.75";

    // Weight decay.
    decay_l2_factor: WEIGHT_DECAY, "factor 2 of a λ‖θ‖² penalty under a λ/2 penalty",
        r"= (1 - \eta\lambda)\,\theta - \eta\, g" => r"= (1 - 2\eta\lambda)\,\theta - \eta\, g";
    decay_l2_sign: WEIGHT_DECAY, "sign flip of the penalty gradient",
        r"\eta\,(g + \lambda\theta)" => r"\eta\,(g - \lambda\theta)";
    decay_shrink_factor: WEIGHT_DECAY, "wrong digit in a worked result",
        r"= 0.999$" => r"= 0.99$";

    // RMSProp on bold vectors, French prose.
    rmsprop_fr_unsquared_gradient: RMSPROP_FR, "g⊙g → g in an update rule",
        r"(1-\rho)\, \mathbf{g} \odot \mathbf{g}" => r"(1-\rho)\, \mathbf{g}";
    rmsprop_fr_step_direction: RMSPROP_FR, "step along the accumulator",
        r"+ \epsilon} \odot \mathbf{g}" => r"+ \epsilon} \odot \mathbf{s}";

    // Momentum with superscript iterates.
    iterate_momentum_first_velocity: ITERATE_MOMENTUM, "gradient at the wrong iterate",
        r"v^{(1)} = -\alpha \nabla f(x^{(0)})" => r"v^{(1)} = -\alpha \nabla f(x^{(1)})";
    iterate_momentum_second_velocity_power: ITERATE_MOMENTUM, "β → β² in an unrolled term",
        r"-\beta\alpha" => r"-\beta^2\alpha";
    iterate_momentum_position: ITERATE_MOMENTUM, "dropped term of a sum of steps",
        r"x^{(0)} + v^{(1)} + v^{(2)}" => r"x^{(0)} + v^{(2)}";

    // A running average named by a word.
    avg_second_value_power: AVG, "β → β² in an EWMA expansion",
        r"\mathrm{avg}_2 = \beta (1-\beta)" => r"\mathrm{avg}_2 = \beta^2 (1-\beta)";

    // Nesterov in pseudo-code.
    nesterov_lookahead_direction: NESTEROV, "look-ahead in the wrong direction",
        r"f(\theta + \mu v)" => r"f(\theta - \mu v)";
    nesterov_position_sign: NESTEROV, "sign flip in an update rule",
        r"\theta \leftarrow \theta + v" => r"\theta \leftarrow \theta - v";

    // Adam as Algorithm 1 of the paper.
    kingma_first_bias_power: KINGMA, "t → t+1 in a bias correction",
        r"m_t / (1-\beta_1^t)" => r"m_t / (1-\beta_1^{t+1})";
    kingma_second_bias_power: KINGMA, "dropped power of a bias correction",
        r"v_t / (1-\beta_2^t)" => r"v_t / (1-\beta_2)";
    kingma_dropped_root: KINGMA, "dropped square root",
        r"(\sqrt{\hat{v}_t} + \epsilon)" => r"(\hat{v}_t + \epsilon)";
    kingma_default_beta2: KINGMA, "wrong library default",
        r"$\beta_2 = 0.999$" => r"$\beta_2 = 0.99$";
    kingma_default_alpha: KINGMA, "wrong library default",
        r"$\alpha = 0.001$" => r"$\alpha = 0.01$";
    // Adam step by step on given gradients (worked run).
    paso_second_moment: ADAM_PASO, "a worked state leaves out the new gradient",
        r"(4.75, 0.4375)" => r"(4.75, 0.1875)";
    paso_first_step_sign: ADAM_PASO, "sign flip in a worked step",
        r"\Delta \mathbf{w}_1 = (-0.01, 0.01)" => r"\Delta \mathbf{w}_1 = (-0.01, -0.01)";
    paso_first_moment: ADAM_PASO, "a worked state without the decay of the old one",
        r"\mathbf{p}_2 = (2.5, 0.25)" => r"\mathbf{p}_2 = (3, 0.5)";
    paso_second_step: ADAM_PASO, "a worked step without bias correction",
        r"\approx (-0.010116, -0.003333)" => r"\approx (-0.011471, -0.003780)";
    paso_counter_power: ADAM_PASO, "k → k+1 in a bias correction",
        r"{1 - b_1^k}" => r"{1 - b_1^{k+1}}";
    // RMSprop as German pseudo-code (default path, stated ε placement).
    pseudo_de_unsquared: RMSPROP_PSEUDO_DE, "d⊙d → d on the default path",
        r"(1 - a)\, \mathbf{d}_k \odot \mathbf{d}_k" => r"(1 - a)\, \mathbf{d}_k";
    pseudo_de_eps_inside: RMSPROP_PSEUDO_DE, "ε moved under the root against the stated placement",
        r"\sqrt{\mathbf{q}_k} + e\big)" => r"\sqrt{\mathbf{q}_k + e}\big)";
    pseudo_de_one_minus: RMSPROP_PSEUDO_DE, "(1−a) → a in an update rule",
        r"\mathbf{q}_{k-1} + (1 - a)\," => r"\mathbf{q}_{k-1} + a\,";
    // AdamW defaults read through the note's legend.
    adamw_weight_decay: ADAMW_LEGEND, "Adam's or optax's weight decay for torch AdamW",
        r"$c = 10^{-2}$" => r"$c = 10^{-4}$";
    adamw_lr: ADAMW_LEGEND, "wrong library default (lr)",
        r"$a = 10^{-3}$" => r"$a = 2 \times 10^{-3}$";
    // RMSprop pseudo-code with a labelled state and a flag branch, Italian.
    centrato_unsquared: RMSPROP_CENTRATO, "h² → h on the default path beside a flag branch",
        r"(1 - r) \mathbf{h}^2_k" => r"(1 - r) \mathbf{h}_k";
    centrato_plain_first: RMSPROP_CENTRATO, "(1−r) → r in a first-step value",
        r"$\mathbf{s}_1 = (1 - r) \mathbf{h}_1^2$" => r"$\mathbf{s}_1 = r \mathbf{h}_1^2$";
    centrato_dampening_default: RMSPROP_CENTRATO, "wrong library default (dampening, legend)",
        r"$\delta = 0$" => r"$\delta = 0.5$";
    centrato_card_default: RMSPROP_CENTRATO, "wrong library default on a card's back",
        r"Back: $\eta = 10^{-2}$" => r"Back: $\eta = 10^{-3}$";
    // Worked runs on the note's own objective (no gradients given).
    objetivo_second_iterate: MOMENTO_OBJETIVO, "a digit of a worked iterate",
        r"\mathbf{u}_2 = (0.54, -0.36)" => r"\mathbf{u}_2 = (0.54, -0.46)";
    objetivo_velocity: MOMENTO_OBJETIVO, "the old velocity left undecayed",
        r"= (2.6, 5.6)" => r"= (3.6, 9.6)";
    objetivo_loss: MOMENTO_OBJETIVO, "a worked value of the objective",
        r"J(\mathbf{u}_2) \approx 0.8100" => r"J(\mathbf{u}_2) \approx 0.8400";
    doel_gradient: RMSPROP_DOEL, "the gradient of the objective without its factor",
        r"$h_2 = 6 w_1" => r"$h_2 = 3 w_1";
    doel_second_step: RMSPROP_DOEL, "a swapped digit in a worked iterate",
        r"w_2 \approx 0.9458" => r"w_2 \approx 0.9548";
    doel_scientific: RMSPROP_DOEL, "a worked value in scientific notation off in its last digits",
        r"\approx 2.26 \times 10^{-2}" => r"\approx 2.62 \times 10^{-2}";
    // A library's SGD class with its momentum argument, in words.
    sinifi_velocity_sign: SGD_SINIFI, "the velocity adds the scaled gradient",
        r"- \mathrm{lr} \cdot \mathbf{g}" => r"+ \mathrm{lr} \cdot \mathbf{g}";
    // A gradient with two indices (step, point) and a rate written as a schedule.
    due_indici_step_sign: MOMENTO_DUE_INDICI, "the step goes along the velocity",
        r"- \alpha_k \mathbf{z}_k" => r"+ \alpha_k \mathbf{z}_k";
    due_indici_iterate: MOMENTO_DUE_INDICI, "a digit of a worked iterate",
        r"\mathbf{w}_2 = (0.54, 1.52)" => r"\mathbf{w}_2 = (0.54, 1.62)";
    due_indici_loss: MOMENTO_DUE_INDICI, "swapped digits in a worked value of the objective",
        r"q(\mathbf{w}_2) \approx 1.4468" => r"q(\mathbf{w}_2) \approx 1.4486";
    // Heavy ball written in the iterates only, with the copy convention for the step before the start.
    bola_displacement_sign: BOLA_PESADA, "the momentum term points back to the older iterate",
        r"\mu (w_n - w_{n-1})" => r"\mu (w_{n-1} - w_n)";
    bola_squared_momentum: BOLA_PESADA, "the momentum factor squared",
        r"\mu (w_n - w_{n-1})" => r"\mu^2 (w_n - w_{n-1})";
    // Nesterov in the stored form, with an L2 rewrite of the gradient in
    // the next section.
    nesterov_l2_buffer_decay: NESTEROV_Z_KARA, "the buffer decays with the square of the momentum",
        r"\rho \mathbf{p}_{n-1} + d_n" => r"\rho^2 \mathbf{p}_{n-1} + d_n";
    nesterov_l2_buffer_sign: NESTEROV_Z_KARA, "the buffer subtracts the gradient",
        r"\rho \mathbf{p}_{n-1} + d_n" => r"\rho \mathbf{p}_{n-1} - d_n";
}

/// Nesterov momentum as PyTorch stores it (the buffer `\mathbf{p}`, the
/// gradient `d_n` taken at `x_{n-1}`), followed by a section whose inline
/// formula rewrites the gradient in place for an L2 penalty: a step of
/// the option, which says nothing about what `d_n` is. Polish prose.
const NESTEROV_Z_KARA: &str = r#"# Nesterov z buforem

Krok $\alpha$, pęd $\rho$, $d_n$ to gradient w punkcie $x_{n-1}$, kroki $n = 1, 2, \ldots$, bufor $\mathbf{p}_0 = 0$.

$$
\begin{aligned}
\mathbf{p}_n &\leftarrow \rho \mathbf{p}_{n-1} + d_n \\
x_n &\leftarrow x_{n-1} - \alpha \left(d_n + \rho \mathbf{p}_n\right)
\end{aligned}
$$

## kara L2
- z karą $\kappa$ gradient zmienia się przed buforem: $d_n \leftarrow d_n + \kappa x_{n-1}$
"#;

/// Polyak's heavy-ball method written in the iterates only, without a
/// velocity, and the convention `w_{-1} = w_0` that makes its first step a
/// plain gradient step. Spanish prose.
const BOLA_PESADA: &str = r#"# Método heavy ball (bola pesada)

Paso $\eta > 0$, inercia $0 \le \mu < 1$. Se empieza en $w_0$ con el convenio $w_{-1} = w_0$, así que el primer paso es de descenso de gradiente puro.

$$
w_{n+1} = w_n - \eta \nabla J(w_n) + \mu (w_n - w_{n-1})
$$
"#;

/// Heavy-ball momentum with the gradient written with two indices, the
/// step's and the point's (`\mathbf{d}_{k, k-1}` is taken at
/// `\mathbf{w}_{k-1}`), and a rate written as a schedule `\alpha_k` of the
/// constant `\alpha`. The worked example, in a section of its own, runs
/// the rule on the note's objective. Italian prose.
const MOMENTO_DUE_INDICI: &str = r#"# Momentum con due indici

Il passo è $\alpha$ (eventualmente $\alpha_k$), il momento è $\gamma$, e $\mathbf{d}_{k, k-1}$ è il gradiente del passo $k$ calcolato nel punto $\mathbf{w}_{k-1}$. I passi sono $k = 1, 2, \dots$ e $\mathbf{z}_0 = \mathbf{0}$.

## regola

$$
\begin{aligned}
\mathbf{z}_k &= \gamma \mathbf{z}_{k-1} + \mathbf{d}_{k, k-1} \\
\mathbf{w}_k &= \mathbf{w}_{k-1} - \alpha_k \mathbf{z}_k
\end{aligned}
$$

## esempio

Sulla funzione $q(\mathbf{w}) = w_1^2 + 0.5 w_2^2$ con $\mathbf{w}_0 = (1, 2)$, $\alpha = 0.1$ e $\gamma = 0.5$:
- $\mathbf{z}_1 = (2, 2)$ e $\mathbf{w}_1 = (0.8, 1.8)$
- $\mathbf{z}_2 = (2.6, 2.8)$ e $\mathbf{w}_2 = (0.54, 1.52)$
- $q(\mathbf{w}_2) \approx 1.4468$
"#;

/// A library's `SGD` class with its `momentum` argument, written with
/// words for symbols under a heading that names only SGD. Turkish prose.
const SGD_SINIFI: &str = r#"# Kütüphanede SGD

## SGD

Hız önce güncellenir, sonra ağırlıklar:

$$
\begin{aligned}
\mathrm{hiz} &\leftarrow \mathrm{momentum} \cdot \mathrm{hiz} - \mathrm{lr} \cdot \mathbf{g} \\
\mathbf{w} &\leftarrow \mathbf{w} + \mathrm{hiz}
\end{aligned}
$$

Burada $\mathbf{g}$, $\mathbf{w}$ noktasındaki gradyandır.
"#;

/// Heavy-ball momentum written as indexed equations, run in a worked
/// example on the note's own two-dimensional objective, whose body names
/// the parameter's components (`u_1`, `u_2`) while the example's
/// iterates are vectors. Portuguese prose.
const MOMENTO_OBJETIVO: &str = r#"# Momento numa quadrática

## Regra

$$
\begin{aligned}
\mathbf{z}_k &= b\, \mathbf{z}_{k-1} + \nabla J(\mathbf{u}_{k-1}) \\
\mathbf{u}_k &= \mathbf{u}_{k-1} - s\, \mathbf{z}_k
\end{aligned}
$$

A velocidade começa em $\mathbf{z}_0 = \mathbf{0}$.

### Exemplo

- objetivo $J(\mathbf{u}) = u_1^2 + 4 u_2^2$, início $\mathbf{u}_0 = (1, 1)$, passo $s = 0.1$ e $b = 0.5$
- primeiro passo: $\mathbf{z}_1 = (2, 8)$ e $\mathbf{u}_1 = (0.8, 0.2)$
- segundo passo: $\mathbf{z}_2 = 0.5 \cdot (2, 8) + (1.6, 1.6) = (2.6, 5.6)$ e $\mathbf{u}_2 = (0.54, -0.36)$
- o objetivo caiu de $5$ para $J(\mathbf{u}_2) \approx 0.8100$
"#;

/// RMSprop in PyTorch's pseudo-code, then a worked example one heading
/// below on `J(w) = 3 w^2` with the gradient written as a function of the
/// iterate and a value in scientific notation. Dutch prose.
const RMSPROP_DOEL: &str = r#"# RMSprop met een eigen doelfunctie

## Regel

$$
\begin{aligned}
&\textbf{for}\ k = 1, 2, \ldots \\
&\quad h_k \leftarrow \nabla_w J(w_{k-1}) \\
&\quad q_k \leftarrow a q_{k-1} + (1 - a) h_k^2 \\
&\quad w_k \leftarrow w_{k-1} - r h_k / \big(\sqrt{q_k} + e\big)
\end{aligned}
$$

De accumulator begint bij $q_0 = 0$.

### Voorbeeld

- $J(w) = 3 w^2$, $w_0 = 1$, $r = 0.01$, $a = 0.9$, $e = 10^{-8}$
- eerste stap: $h_1 = 6$, $q_1 = 0.1 \cdot 36 = 3.6$ en $w_1 = 1 - 0.01 \cdot \frac{6}{\sqrt{3.6}} \approx 0.9684$
- tweede stap: $h_2 = 6 w_1 \approx 5.811$, $q_2 \approx 6.616$ en $w_2 \approx 0.9458$
- de stap van $w_1$ naar $w_2$ is $w_1 - w_2 \approx 2.26 \times 10^{-2}$
"#;

/// RMSprop as PyTorch-style pseudo-code: a labelled indexed state
/// (`\mathbf{h}^{avg}_k`) initialised beside the loop, a `centered` flag
/// branch that re-assigns `\tilde{\mathbf{s}}_k` (a claim about the
/// centered option is not tested on the default path), a defaults line
/// that names SGD and its nesterov switch, a legend naming the dampening,
/// and a card whose question says its answer is a default. Italian prose.
const RMSPROP_CENTRATO: &str = r#"# RMSprop centrato (stile PyTorch)

Legenda: $\eta$ learning rate, $r$ decay, $\delta$ dampening.

$$
\begin{aligned}
&\mathbf{s}_0 \leftarrow 0, \quad \mathbf{h}^{avg}_0 \leftarrow 0 \\
&\textbf{for}\ k = 1, 2, \ldots \\
&\quad \mathbf{h}_k \leftarrow \nabla J (\mathbf{w}_{k-1}) \\
&\quad \mathbf{s}_k \leftarrow r \mathbf{s}_{k-1} + (1 - r) \mathbf{h}^2_k \\
&\quad \tilde{\mathbf{s}}_k \leftarrow \mathbf{s}_k \\
&\quad \textbf{if centered}: \quad \mathbf{h}^{avg}_k \leftarrow r \mathbf{h}^{avg}_{k-1} + (1 - r) \mathbf{h}_k, \quad \tilde{\mathbf{s}}_k \leftarrow \tilde{\mathbf{s}}_k - \big(\mathbf{h}^{avg}_k\big)^2 \\
&\quad \mathbf{w}_k \leftarrow \mathbf{w}_{k-1} - \eta \mathbf{h}_k / \big(\sqrt{\tilde{\mathbf{s}}_k} + \epsilon\big)
\end{aligned}
$$

Al primo passo, versione centrata: $\mathbf{h}^{avg}_1 = (1 - r) \mathbf{h}_1$ e $\tilde{\mathbf{s}}_1 = (1 - r) \mathbf{h}_1^2 - (1 - r)^2 \mathbf{h}_1^2$.

Senza centratura: $\mathbf{s}_1 = (1 - r) \mathbf{h}_1^2$.

- PyTorch 2.15 `torch.optim.SGD` con nesterov disattivato, valori di default: $\eta = 10^{-3}$ e $\delta = 0$

START
Basic
Front: default learning rate of `torch.optim.RMSprop` in PyTorch 2.15
Back: $\eta = 10^{-2}$
END
"#;

/// Adam as pseudo-code with a counter statement and an increment `\Delta`,
/// Spanish prose, and a worked example on given gradients.
const ADAM_PASO: &str = r#"# Adam paso a paso

Pseudocódigo con contador $k$, parámetros $\mathbf{w}$ y gradiente $\mathbf{d}$:

$$
\begin{aligned}
\mathbf{d} &\leftarrow \nabla J(\mathbf{w}) \\
k &\leftarrow k + 1 \\
\mathbf{p} &\leftarrow b_1 \mathbf{p} + (1 - b_1) \mathbf{d} \\
\mathbf{q} &\leftarrow b_2 \mathbf{q} + (1 - b_2) \mathbf{d} \odot \mathbf{d} \\
\hat{\mathbf{p}} &\leftarrow \frac{\mathbf{p}}{1 - b_1^k} \\
\hat{\mathbf{q}} &\leftarrow \frac{\mathbf{q}}{1 - b_2^k} \\
\Delta \mathbf{w} &\leftarrow -a \frac{\hat{\mathbf{p}}}{\sqrt{\hat{\mathbf{q}}} + c} \\
\mathbf{w} &\leftarrow \mathbf{w} + \Delta \mathbf{w}
\end{aligned}
$$

Los momentos empiezan en $\mathbf{p}_0 = \mathbf{0}$ y $\mathbf{q}_0 = \mathbf{0}$.

Ejemplo con $a = 0.01$, $b_1 = 0.5$, $b_2 = 0.75$, $c = 0$ y los gradientes dados $\mathbf{d}_1 = (2, -1)$ y $\mathbf{d}_2 = (4, 1)$:
- primer paso: $\mathbf{p}_1 = (1, -0.5)$, $\mathbf{q}_1 = (1, 0.25)$ y $\Delta \mathbf{w}_1 = (-0.01, 0.01)$
- segundo paso: $\mathbf{p}_2 = (2.5, 0.25)$, $\mathbf{q}_2 = (4.75, 0.4375)$ y $\Delta \mathbf{w}_2 \approx (-0.010116, -0.003333)$
"#;

/// RMSprop as pseudo-code with German keywords, an option branch that is
/// off by default, and the ε placement stated in words.
const RMSPROP_PSEUDO_DE: &str = r#"# RMSprop als Pseudocode

$$
\begin{aligned}
&\textbf{für}\ k = 1, 2, \ldots \\
&\quad \mathbf{d}_k \leftarrow \nabla J(\mathbf{w}_{k-1}) \\
&\quad \textbf{falls}\ c \neq 0: \quad \mathbf{d}_k \leftarrow \mathbf{d}_k + c\, \mathbf{w}_{k-1} \\
&\quad \mathbf{q}_k \leftarrow a\, \mathbf{q}_{k-1} + (1 - a)\, \mathbf{d}_k \odot \mathbf{d}_k \\
&\quad \mathbf{w}_k \leftarrow \mathbf{w}_{k-1} - r\, \mathbf{d}_k / \big(\sqrt{\mathbf{q}_k} + e\big)
\end{aligned}
$$

Der Akkumulator beginnt bei $\mathbf{q}_0 = \mathbf{0}$, und $e$ steht außerhalb der Wurzel.
"#;

/// AdamW defaults next to PyTorch's name, Spanish prose, with a legend
/// that gives each letter its argument.
const ADAMW_LEGEND: &str = r#"# AdamW en PyTorch

Notación: $a$ learning rate, $c$ weight decay, $e$ added to the denominator.

- PyTorch 2.15 `torch.optim.AdamW`, valores por defecto: $a = 10^{-3}$, $c = 10^{-2}$ y $e = 10^{-8}$
"#;

fn check(text: &str) -> CheckReport {
    TempVault::new(&[("note.md".to_string(), text.to_string())]).check()
}

/// The note with the case applied, and the 1-based line of the first
/// changed character.
fn apply(case: &Case) -> (String, usize) {
    assert_ne!(
        case.from, case.to,
        "{}: the edit changes nothing",
        case.name
    );
    let found: Vec<usize> = case
        .note
        .match_indices(case.from)
        .map(|(at, _)| at)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{}: the snippet must occur exactly once (found {} times): {:?}",
        case.name,
        found.len(),
        case.from
    );
    assert_eq!(
        case.from.matches('\n').count(),
        case.to.matches('\n').count(),
        "{}: an edit must not add or remove lines",
        case.name
    );
    let first_diff = case
        .from
        .bytes()
        .zip(case.to.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(case.from.len().min(case.to.len()));
    let at = found[0] + first_diff;
    let line = 1 + case.note[..at].matches('\n').count();
    (case.note.replacen(case.from, case.to, 1), line)
}

/// Runs one case: the true note refutes nothing and verifies the claims the
/// edit touches; the mutant is refuted at the edited line and nowhere else.
fn run(name: &str) {
    let case = CASES.iter().find(|c| c.name == name).unwrap();
    let (mutated, line) = apply(case);
    let before = check(case.note);
    let after = check(&mutated);
    let here = on_line(&before, "note.md", line);
    let there = on_line(&after, "note.md", line);

    // (a) The true note: nothing refuted anywhere, and the claims on the
    // line whose LaTeX the edit changes are verified.
    let refuted_before: Vec<_> = before
        .claims
        .iter()
        .filter(|c| c.status == Status::Refuted)
        .collect();
    assert!(
        refuted_before.is_empty(),
        "{} ({}): the true note has refuted claims:\n{}",
        case.name,
        case.what,
        describe(&refuted_before)
    );
    let touched: Vec<_> = here
        .iter()
        .copied()
        .filter(|c| !there.iter().any(|m| m.latex == c.latex))
        .collect();
    assert!(
        !touched.is_empty() && touched.iter().all(|c| c.status == Status::Verified),
        "{} ({}): in the true note the claims the edit touches on line {line} must be \
         verified; claims there:\n{}",
        case.name,
        case.what,
        describe(&here)
    );

    // (b) The mutant is refuted at that line, (c) and nowhere else.
    assert!(
        there.iter().any(|c| c.status == Status::Refuted),
        "{} ({}): the mutant must be refuted at line {line}; claims there:\n{}",
        case.name,
        case.what,
        describe(&there)
    );
    let elsewhere: Vec<_> = after
        .claims
        .iter()
        .filter(|c| c.status == Status::Refuted && c.line != line)
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{} ({}): refuted away from line {line}:\n{}",
        case.name,
        case.what,
        describe(&elsewhere)
    );
}

#[test]
fn there_are_at_least_25_distinct_cases_over_every_note() {
    assert!(CASES.len() >= 25, "only {} cases", CASES.len());
    let edits: BTreeSet<(&str, &str, &str)> =
        CASES.iter().map(|c| (c.note, c.from, c.to)).collect();
    assert_eq!(edits.len(), CASES.len(), "a case is listed twice");
    let notes: BTreeSet<&str> = CASES.iter().map(|c| c.note).collect();
    for note in NOTES {
        assert!(notes.contains(note), "a note without a case:\n{note}");
    }
}

#[test]
fn every_snippet_is_unique() {
    for case in CASES {
        let (mutated, _) = apply(case);
        assert_ne!(mutated, case.note, "{}", case.name);
    }
}

/// A rule that carries more state than the optimizer its heading names (an
/// AdaGrad accumulator plus a heavy-ball buffer) is a variant verideck has
/// no reference for: unchecked with that reason, never refuted.
#[test]
fn a_variant_with_more_state_than_the_named_optimizer_is_not_refuted() {
    let report = check(
        r#"# AdaGrad with a heavy-ball buffer

$$G \leftarrow G + \nabla f(x) \odot \nabla f(x)$$

$$p \leftarrow \beta p - \frac{\eta}{\sqrt{G}} \odot \nabla f(x)$$

$$x \leftarrow x + p$$
"#,
    );
    let rule: Vec<_> = report.claims.iter().filter(|c| c.line >= 5).collect();
    assert!(!rule.is_empty());
    for c in &rule {
        assert_eq!(c.status, Status::Unchecked, "{}", describe(&[*c]));
        assert!(c.reason.contains("carries"), "{}", c.reason);
    }
}

/// A wrong output row of a gradient transformation (`\Delta_n = \lambda
/// a_n`, ascent) is not verified on the strength of its buffer row alone,
/// and the claims run on it elsewhere in the note are not refuted.
#[test]
fn a_wrong_output_of_a_transformation_is_not_verified_nor_blamed_elsewhere() {
    let mutated = TRANSFORM.replace(r"\Delta_n = -\lambda a_n$$", r"\Delta_n = \lambda a_n$$");
    assert_ne!(mutated, TRANSFORM);
    let report = check(&mutated);
    let rule: Vec<_> = report.claims.iter().filter(|c| c.line == 5).collect();
    assert!(!rule.is_empty());
    assert!(
        rule.iter().all(|c| c.status != Status::Verified),
        "{}",
        describe(&rule)
    );
    let refuted: Vec<_> = report
        .claims
        .iter()
        .filter(|c| c.status == Status::Refuted && c.line != 5)
        .collect();
    assert!(refuted.is_empty(), "{}", describe(&refuted));
}

/// A worked example in a section beside the rule's (not below it) may run
/// a variant of the rule: here Nesterov's look-ahead next to a heavy-ball
/// rule. Its values are verified where the rule's run gives them, and
/// never refuted where the variant's differ.
#[test]
fn a_worked_run_beside_the_rules_section_is_not_refuted() {
    let report = check(
        r#"# Heavy ball

## Rule

$$
\begin{aligned}
z_k &= b\, z_{k-1} + \nabla J(w_{k-1}) \\
w_k &= w_{k-1} - s\, z_k
\end{aligned}
$$

The buffer starts at $z_0 = 0$.

## Worked runs

- $J(w) = w^2$, $w_0 = 1$, $s = 0.1$, $b = 0.5$: $z_1 = 2$ and $w_1 = 0.8$
- with the look-ahead switched on the first step is longer: $w_1 = 0.7$
"#,
    );
    let at = |line: usize| on_line(&report, "note.md", line);
    assert!(
        at(16)
            .iter()
            .any(|c| c.latex == "w_1 = 0.8" && c.status == Status::Verified),
        "{}",
        describe(&at(16))
    );
    let variant = at(17);
    assert!(!variant.is_empty());
    for c in &variant {
        assert_ne!(c.status, Status::Refuted, "{}", describe(&[*c]));
    }
}

/// Inside `J(\mathbf{u}) = u_1^2 + 4 u_2^2` a subscript names a component:
/// a scalar claim about `u_2` may mean the second coordinate, not the
/// second iterate, so a run does not refute it.
#[test]
fn a_subscript_that_may_name_a_component_is_not_refuted_by_a_run() {
    let note = MOMENTO_OBJETIVO.replace(
        "- o objetivo caiu",
        "- a segunda coordenada do início vale $u_2 = 1$\n- o objetivo caiu",
    );
    let report = check(&note);
    assert_nothing_refuted(&report);
}

/// A worked example in a section of its own that first matches a run of
/// the rule, then gives an iterate it already gave a new value: that line
/// starts a second run (another option), so it is not refuted.
#[test]
fn a_second_value_for_an_iterate_starts_another_run() {
    let note = MOMENTO_DUE_INDICI.replace(
        "- $q(\\mathbf{w}_2) \\approx 1.4468$",
        "- $q(\\mathbf{w}_2) \\approx 1.4468$\n- con lo smorzamento: $\\mathbf{w}_2 = (0.6, 1.6)$",
    );
    assert_ne!(note, MOMENTO_DUE_INDICI);
    let report = check(&note);
    let at = |line: usize| on_line(&report, "note.md", line);
    assert!(
        at(18)
            .iter()
            .any(|c| c.latex.starts_with(r"\mathbf{w}_2 =") && c.status == Status::Verified),
        "{}",
        describe(&at(18))
    );
    let variant = at(20);
    assert!(!variant.is_empty());
    for c in &variant {
        assert_ne!(c.status, Status::Refuted, "{}", describe(&[*c]));
    }
}

/// Without the convention for the step before the start, the heavy-ball
/// recurrence in the iterates cannot be run from one start: nothing in it
/// is refuted, the true rule and its wrong-signed mutant alike.
#[test]
fn a_recurrence_needing_the_step_before_the_start_is_not_refuted_without_a_convention() {
    for note in [
        BOLA_PESADA.to_string(),
        BOLA_PESADA.replace(r"\mu (w_n - w_{n-1})", r"\mu (w_{n-1} - w_n)"),
    ] {
        let note = note.replace(" con el convenio $w_{-1} = w_0$, así que el primer paso es de descenso de gradiente puro", "");
        assert!(!note.contains("w_{-1}"));
        let report = check(&note);
        assert_nothing_refuted(&report);
    }
}

/// Fails, listing them, when any claim of `report` is refuted.
fn assert_nothing_refuted(report: &CheckReport) {
    let refuted: Vec<_> = report
        .claims
        .iter()
        .filter(|c| c.status == Status::Refuted)
        .collect();
    assert!(refuted.is_empty(), "{}", describe(&refuted));
}
