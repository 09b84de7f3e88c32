//! Every distinct formula of the five seed notes (000, 002: Obsidian notes;
//! 001, 003, 004: OCR'd handwriting and slides), each with the statements
//! it must read as: `L(n)` a statement with n relation links, `U(c)` an
//! Unsupported error naming construct c, `S` a syntax error (OCR noise).
//! The formulas are copied as fixtures; the notes' prose is not.
use verideck::math::{ParseError, parse_formula};

#[derive(Debug, Clone, Copy, PartialEq)]
enum X {
    /// Parsed, with this many links.
    L(usize),
    /// Unsupported construct.
    U(&'static str),
    /// Syntax error.
    S,
}
use X::{L, S, U};

/// Display (`$$…$$`) or inline (`$…$`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum M {
    D,
    I,
}
use M::{D, I};

const SEEDS: &[(M, &str, &[X])] = &[
    // seed 000
    (I, r#"\rho \in [0,1)"#, &[L(1)]),
    (
        D,
        r#"
\begin{split}
g &= \nabla\mathcal{R}(\theta) \\
s &= \rho_1 s - \alpha g \\
\theta &=\theta + s \\
\end{split}
"#,
        &[L(1), L(1), L(1)],
    ),
    (I, r#"\frac{1}{1-\rho}"#, &[L(0)]),
    (I, r#"\rho_1"#, &[L(0)]),
    (I, r#"s"#, &[L(0)]),
    (
        D,
        r#"
\begin{split}
s_0 &= -\alpha g_0 \\
s_1 &= \rho_1 s_0 - \alpha g_1 = -\rho_1 \alpha g_0 - \alpha g_1 \\
s_2 &= \rho_1 s_1 - \alpha g_2 = -\rho_1^2  \alpha g_0 - \rho_1 \alpha g_1  - \alpha g_2 \\
s_k &= -\sum_{i=0}^k\rho_1^i \alpha g_{k-i} \\
\end{split}
"#,
        &[L(1), L(2), L(2), L(1)],
    ),
    (
        D,
        r#"
\lim_{k \to \infty} s_k = - \frac{\alpha g}{1-\rho_1} 
"#,
        &[L(1)],
    ),
    (I, r#"\alpha ||g|| \frac{1}{1-\rho}"#, &[L(0)]),
    (I, r#"\theta + \rho_1 s"#, &[L(0)]),
    (
        D,
        r#"
\begin{split}
g &= \nabla\mathcal{R}(\theta + \rho_1 s) \\
s &= \rho_1 s - \alpha g \\
\theta &=\theta + s \\
\end{split}
"#,
        &[L(1), L(1), L(1)],
    ),
    (I, r#"0< q < 1"#, &[L(2)]),
    (
        D,
        r#"
\sum_{k=0}^\infty q^k = \frac{1}{1-q}
"#,
        &[L(1)],
    ),
    (
        D,
        r#"
\sum_{i=0}^{n-1} A^k = (I-A)^{-1}(I-A^n)
"#,
        &[L(1)],
    ),
    (I, r#"L"#, &[L(0)]),
    (I, r#"i"#, &[L(0)]),
    (I, r#"W^{(i)}\in \mathbb{R}^{n_i \times n_{i-1}}"#, &[L(1)]),
    (I, r#"b^{(i)}\in \mathbb{R}^{n_i}"#, &[L(1)]),
    (
        I,
        r#"g^{(i)}: \mathbb{R}^{n_i} \to  \mathbb{R}^{n_i}"#,
        &[L(1), L(0)],
    ),
    (I, r#"\mathrm{a}^{(i)}"#, &[L(0)]),
    (I, r#"\mathrm{a}^{(0)}=x \in \mathbb{R}^{n_0}"#, &[L(2)]),
    (
        D,
        r#"
\begin{split}
\mathrm{z}^{(i)} &= W^{(i)} \mathrm{a}^{(i-1)} + b^{(i)} \\
\mathrm{a}^{(i)} 
&= g^{(i)}\left(\mathrm{z}^{(i)}\right)  \\
&= g^{(i)}\left(W^{(i)} \mathrm{a}^{(i-1)} + b^{(i)}\right)  \\
\end{split}
"#,
        &[L(1), L(2)],
    ),
    (I, r#"f_\theta"#, &[L(0)]),
    (
        D,
        r#"
\begin{split}
f_\theta &= \mathrm{a}^{(L)} \\
\theta &= \left(W^{(1)}, b^{(1)}, ..., W^{(L)}, b^{(L)}\right) \\
\end{split}
"#,
        &[L(1), L(1)],
    ),
    // seed 001
    (
        D,
        r#"m = \beta m + \eta \nabla_0 J(0) \Rightarrow m = \beta m + \eta \frac{\partial L}{\partial W} \Big|_{W_0}"#,
        &[L(1), L(1)],
    ),
    (D, r#"0 = 0 \cdot m"#, &[L(1)]),
    (D, r#"W_N = W_0 - m \Rightarrow \textcircled{1}"#, &[L(1)]),
    (
        D,
        r#"W_N = W_0 - \eta \frac{\partial L}{\partial W} \rightarrow \text{GD}"#,
        &[L(1)],
    ),
    (
        D,
        r#"W_N = W_0 - \underbrace{\beta m}_{\text{Momentum term}} - \eta \frac{\partial L}{\partial W}"#,
        &[L(1)],
    ),
    (I, r#"\beta = 0"#, &[L(1)]),
    (
        D,
        r#"W_N = W_0 - \eta \frac{\partial L}{\partial W} \rightarrow \text{Gradient Descent normal}"#,
        &[L(1)],
    ),
    (
        D,
        r#"W = W_0, m_0 = 0, \beta = 0.9 \text{ default}"#,
        &[L(1), L(1), L(1)],
    ),
    (
        D,
        r#"m_1 = \beta m_0 + \eta \frac{\partial L}{\partial W} \Big|_{W=W_0}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_1 = \eta \frac{\partial L}{\partial W} \Big|_{W=W_0} \text{ if } m_0 = 0 \rightarrow \textcircled{1}"#,
        &[L(1), L(1)],
    ),
    (D, r#"W_1 = W_0 - m_1"#, &[L(1)]),
    (
        D,
        r#"\Rightarrow W_1 = W_0 - \eta \frac{\partial L}{\partial W} \Big|_{W=W_0} \rightarrow \textcircled{1} \text{ GD only}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\text{Step 2} \Rightarrow m_1 = \eta \frac{\partial L}{\partial W} \Big|_{W=W_0}, W_1 = W_0 - \eta \frac{\partial L}{\partial W} \Big|_{W=W_0}, \beta = 0.9"#,
        &[L(1), L(1), L(1)],
    ),
    (
        D,
        r#"m_2 = \beta m_1 + \eta \frac{\partial L}{\partial W} \Big|_{W=W_1}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_2 = \beta \cdot \eta \frac{\partial L}{\partial W} \Big|_{W=W_0} + \eta \frac{\partial L}{\partial W} \Big|_{W=W_1}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_2 = \eta \left[\underbrace{\beta \cdot \frac{\partial L}{\partial W} \Big|_{W=W_0}}_{\substack{0.9 \\ \text{(fixed value)}}} + \underbrace{\frac{\partial L}{\partial W} \Big|_{W=W_1}}_{\substack{\text{Current} \\ \text{gradient (100\%)}}} \right] \rightarrow \textcircled{m_2}"#,
        &[L(1)],
    ),
    (
        D,
        r#"W_2 = W_1 - m_2 = W_1 - \eta \left[\beta \frac{\partial L}{\partial W} \Big|_{W=W_0} + \frac{\partial L}{\partial W} \Big|_{W=W_1} \right]"#,
        &[L(2)],
    ),
    (
        D,
        r#"W_2 = W_1 - \eta \frac{\partial L}{\partial W} \Big|_{W=W_1} \text{ — Simple GD weight updates } \rightarrow \textcircled{A}"#,
        &[L(1)],
    ),
    (D, r#"\beta = 0.5"#, &[L(1)]),
    (
        D,
        r#"W_2 = W_1 - \eta \left[0.5 \frac{\partial L}{\partial W} \Big|_{W=W_0} + \frac{\partial L}{\partial W} \Big|_{W=W_1} \right] \rightarrow \textcircled{B}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_3 = \beta m_2 + \eta \frac{\partial L}{\partial W} \Big|_{W=W_2} \quad W = W_2, \beta = 0.9, m_2 = \textcircled{m_2}"#,
        &[L(1), L(1), L(1), L(1)],
    ),
    (
        D,
        r#"m_3 = \eta \left[\beta \cdot \frac{\partial L}{\partial W} \Big|_{W=W_0} + \frac{\partial L}{\partial W} \Big|_{W=W_1} \right] \rightarrow \textcircled{m_3}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_3 = \beta \left[\eta \left[\beta \frac{\partial L}{\partial W} \Big|_{W=W_0} + \frac{\partial L}{\partial W} \Big|_{W=W_1} \right] \right] + \eta \frac{\partial L}{\partial W} \Big|_{W=W_2}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_3 = \beta \cdot \eta \left[\beta \frac{\partial L}{\partial W} \Big|_{W=W_0} + \frac{\partial L}{\partial W} \Big|_{W=W_1} \right] + \eta \frac{\partial L}{\partial W} \Big|_{W=W_2}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_3 = \eta \left[\underbrace{\beta^2 \frac{\partial L}{\partial W} \Big|_{W=W_0}}_{81\% \text{ of } W_0} + \underbrace{\beta \frac{\partial L}{\partial W} \Big|_{W=W_1}}_{90\% \text{ of } W_1} + \underbrace{\frac{\partial L}{\partial W} \Big|_{W=W_2}}_{100\% \text{ of } W_2} \right] \rightarrow \textcircled{IV}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_3 = \eta \left[\underbrace{\beta^2 \frac{\partial L}{\partial \omega}}_{81\% \text{ of } \omega_0} \Big|_{\omega=\omega_0} + \underbrace{\beta \cdot \frac{\partial L}{\partial \omega}}_{90\% \text{ of } \omega_1} \Big|_{\omega=\omega_1} + \underbrace{\frac{\partial L}{\partial \omega}}_{100\% \text{ of } \omega_2} \Big|_{\omega=\omega_2} \right] \rightarrow \textcircled{IV}"#,
        &[L(1)],
    ),
    (I, r#"\frac{\partial L}{\partial \omega} = 0"#, &[L(1)]),
    // seed 002
    (I, r#"r"#, &[L(0)]),
    (
        D,
        r#"
\begin{split}
g &= \nabla\mathcal{R}(\theta) \\
s &= s \rho_1+ (1-\rho_1) g \\
\widehat{s} &= \frac{s}{1-\rho_1^k} \\
r &= r \rho_2+ (1-\rho_2) g \odot g \\
\widehat{r} &=  \frac{r}{1-\rho_2^k} \\
\theta &=\theta - \frac{\alpha}{\sqrt{\widehat{r}}+\epsilon} \odot  \widehat{s} \\
\end{split}
"#,
        &[L(1), L(1), L(1), L(1), L(1), L(1)],
    ),
    (
        D,
        r#"
\begin{split}
g &= \nabla\mathcal{R}(\theta) \\
s &=  (1-\rho_1) g \\
\widehat{s} &= \frac{s}{1-\rho_1^k} = \frac{(1-\rho_1) g}{1-\rho_1} = g \\
r &=  (1-\rho_2) g \odot g \\
\widehat{r} &=  \frac{r}{1-\rho_2^k} = \frac{(1-\rho_2) g \odot g }{1-\rho_2^1} = g \odot g \\
\theta &=\theta - \frac{\alpha}{\sqrt{\widehat{r}}+\epsilon} \odot  \widehat{s}   \\
&=\theta - \frac{\alpha}{\sqrt{\widehat{r}}+\epsilon} \odot  g 
\end{split}
"#,
        &[L(1), L(1), L(3), L(1), L(3), L(2)],
    ),
    (I, r#"\mathrm{sign}(\nabla\mathcal{R}(\theta))"#, &[L(0)]),
    (
        D,
        r#"
\begin{split}
g &= \nabla\mathcal{R}(\theta) \\
r &= r +  g \odot g \\
\theta &=\theta - \frac{1}{\sqrt{r}+\epsilon} \odot \alpha g \\
\end{split}
"#,
        &[L(1), L(1), L(1)],
    ),
    (
        D,
        r#"
\begin{split}
g &= \nabla\mathcal{R}(\theta) \\
r &= r \rho_2+ (1-\rho_2) g \odot g \\
\theta &=\theta - \frac{1}{\sqrt{r}+\epsilon} \odot \alpha g \\
\end{split}
"#,
        &[L(1), L(1), L(1)],
    ),
    (I, r#"\hat  m_t"#, &[L(0)]),
    (I, r#"\hat  v_t"#, &[L(0)]),
    (I, r#"\eta(t)"#, &[L(0)]),
    (
        D,
        r#"
\theta_{t+1} = \theta_t - \eta(t) \frac{\hat  m_t}{\sqrt{\hat v_t}+\epsilon}
"#,
        &[L(1)],
    ),
    (I, r#"\theta"#, &[L(0)]),
    (I, r#"\theta_t"#, &[L(0)]),
    (
        D,
        r#"
\begin{split}
\mathcal{R}(\theta) \approx \mathcal{R}(\theta_t) + g^\top (\theta - \theta_t) + \frac{1}{2} (\theta - \theta_t)^\top H (\theta - \theta_t) \\
\end{split}
"#,
        &[L(1)],
    ),
    (I, r#"\theta_{t+1} = \theta_t - \alpha g"#, &[L(1)]),
    (
        D,
        r#"
\begin{split}
\mathcal{R}(\theta - \alpha g) 
&\approx \mathcal{R}(\theta_t) + g^\top (\theta - \alpha g - \theta_t) + \frac{1}{2} (\theta - \alpha g - \theta_t)^\top H (\theta - \alpha g - \theta_t) \\
&\approx \mathcal{R}(\theta_t) - g^\top \alpha g + \frac{1}{2}  \alpha^2 g^\top H g  \\
\end{split}
"#,
        &[L(2)],
    ),
    (I, r#"g^\top H g"#, &[L(0)]),
    (
        D,
        r#"
 \frac{1}{2}  \alpha g^\top H g <  g^\top  g  
"#,
        &[L(1)],
    ),
    (
        D,
        r#"
\begin{split}
g^\top H g 
&= g^\top Q\Lambda Q^\top g \\
&= \sum_i \lambda_i g^\top Q_{(:, i)}  Q^\top_{(:, i)} g \\
&= \sum_i \lambda_i (g^\top Q_{(:, i)})^2 \\
\end{split}
"#,
        &[L(3)],
    ),
    (I, r#"\alpha \propto \frac{1}{\lambda_{max}}"#, &[L(1)]),
    (
        D,
        r#"
\kappa(H) = \frac{|\lambda_{max}|}{|\lambda_{min}|} \gg 1
"#,
        &[L(2)],
    ),
    (
        D,
        r#"
\begin{split}
\nabla\mathcal{R}(\theta) &\approx  g  +   H d = 0 \\
\Rightarrow d &= -H^{-1}g \\
\Rightarrow \theta_{t+1}  &= \theta_{t} -H^{-1}g
\end{split}
"#,
        &[L(2), L(1), L(1)],
    ),
    // seed 003
    (I, r#"x"#, &[L(0)]),
    (I, r#"y"#, &[L(0)]),
    (
        D,
        r#"\sum_{i=1}^n \|w_2 \max(0, w_1 x_i) - y_i\|_2^2"#,
        &[L(0)],
    ),
    (I, r#"x = 1"#, &[L(1)]),
    (I, r#"y = 0"#, &[L(1)]),
    (I, r#"w_1 = \frac{1}{3}"#, &[L(1)]),
    (I, r#"w_2 = 2"#, &[L(1)]),
    (
        D,
        r#"L(\mathbf{y}, \hat{\mathbf{y}}; \boldsymbol{\theta}) = \frac{1}{n} \sum_i^n ||\hat{y}_i - y_i||_2^2"#,
        &[L(1)],
    ),
    (I, r#"n, d = 1"#, &[L(0), L(1)]),
    (
        D,
        r#"L = (\hat{y} - y)^2 \Rightarrow \frac{\partial L}{\partial \hat{y}} = 2(\hat{y} - y)"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"\hat{y} = w_2 \cdot \sigma \quad \Rightarrow \frac{\partial \hat{y}}{\partial w_2} = \sigma"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"\frac{\partial L}{\partial w_2} = \frac{\partial L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial w_2}"#,
        &[L(1)],
    ),
    (
        D,
        r#"L(\mathbf{y}, \hat{\mathbf{y}}; \boldsymbol{\theta}) = \frac{1}{n} \sum_i^n \|\hat{y}_i - y_i\|_2^2"#,
        &[L(1)],
    ),
    (
        D,
        r#"L = (\hat{y} - y)^2 \Rightarrow \boxed{\frac{\partial L}{\partial \hat{y}} = 2(\hat{y} - y)}"#,
        &[L(1), L(1)],
    ),
    (D, r#"2 \cdot \frac{2}{3}"#, &[L(0)]),
    (
        D,
        r#"\hat{y} = w_2 \cdot \sigma \quad \Rightarrow \boxed{\frac{\partial \hat{y}}{\partial w_2} = \sigma}"#,
        &[L(1), L(1)],
    ),
    (D, r#"2 \cdot \frac{2}{3} \cdot \frac{1}{3}"#, &[L(0)]),
    (
        D,
        r#"\hat{y} = w_2 \cdot \sigma \Rightarrow \frac{\partial \hat{y}}{\partial \sigma} = w_2"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"\sigma = \max(0, z) \Rightarrow \frac{\partial \sigma}{\partial z} = \begin{cases} 1 & \text{if } z > 0 \\ 0 & \text{else} \end{cases}"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"z = x \cdot w_1 \Rightarrow \frac{\partial z}{\partial w_1} = x"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial \sigma} \cdot \frac{\partial \sigma}{\partial z} \cdot \frac{\partial z}{\partial w_1}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\hat{y} = w_2 \cdot \sigma \Rightarrow \boxed{\frac{\partial \hat{y}}{\partial \sigma} = w_2}"#,
        &[L(1), L(1)],
    ),
    (D, r#"2 \cdot \frac{2}{3} \cdot 2"#, &[L(0)]),
    (
        D,
        r#"\sigma = \max(0, z) \Rightarrow \boxed{\frac{\partial \sigma}{\partial z} = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{else} \end{cases}}"#,
        &[L(1), L(1)],
    ),
    (D, r#"2 \cdot \frac{2}{3} \cdot 2 \cdot 1"#, &[L(0)]),
    (
        D,
        r#"f(x, \mathbf{w}) = \sum_{i=1}^n \|w_2 \max(0, w_1 x_i) - y_i\|_2^2"#,
        &[L(1)],
    ),
    (I, r#"w_1"#, &[L(0)]),
    (I, r#"w_2"#, &[L(0)]),
    (
        D,
        r#"\begin{aligned}\mathbf{w}' &= \mathbf{w} - \alpha \cdot \nabla_{\mathbf{w}} f = \begin{pmatrix} w_1 \\ w_2 \end{pmatrix} - \alpha \cdot \begin{pmatrix} \nabla_{w_1} f \\ \nabla_{w_2} f \end{pmatrix} \\ &= \begin{pmatrix} \frac{1}{3} \\ 2 \end{pmatrix} - \alpha \cdot \begin{pmatrix} \frac{8}{3} \\ \frac{4}{9} \end{pmatrix}\end{aligned}"#,
        &[L(3)],
    ),
    (I, r#"\alpha"#, &[L(0)]),
    (
        I,
        r#"L(\mathbf{y}, \hat{\mathbf{y}}, \boldsymbol{\theta}) = \sum_{i=1}^n (\hat{y}_i - y_i)^2"#,
        &[L(1)],
    ),
    (I, r#"x = [1, 2, 1]"#, &[L(1)]),
    (I, r#"\theta_1 = [0, 0.75, 0]"#, &[L(1)]),
    (I, r#"\theta_2 = [0.25, 0.5, 0.25]"#, &[L(1)]),
    (
        I,
        r#"L(\mathbf{y}, \hat{\mathbf{y}}, \boldsymbol{\theta}) = \sum_{i=1}^n (x_i \theta_{ji} - y_i)^2 + \lambda R(\boldsymbol{\theta})"#,
        &[L(1)],
    ),
    (
        I,
        r#"R(\boldsymbol{\theta}) = \sum_{i=1}^n \theta_i^2"#,
        &[L(1)],
    ),
    (
        I,
        r#"\theta_1 \rightarrow 0 + 0.75^2 + 0 = 0.5625"#,
        &[L(0), L(1)],
    ),
    (
        I,
        r#"\theta_2 \rightarrow 0.25^2 + 0.5^2 + 0.25^2 = 0.375"#,
        &[L(0), L(1)],
    ),
    (
        D,
        r#"x = [1, 2, 1], \theta_1 = [0, 0.75, 0], \theta_2 = [0.25, 0.5, 0.25]"#,
        &[L(1), L(1), L(1)],
    ),
    (
        I,
        r#"R(\boldsymbol{\theta}) = \sum_{i=1}^n |\theta_i|"#,
        &[L(1)],
    ),
    (
        D,
        r#"\theta_1 \longrightarrow 0 + 0.75 + 0 = 0.75"#,
        &[L(0), L(1)],
    ),
    (
        D,
        r#"\theta_2 \longrightarrow 0.25 + 0.5 + 0.25 = 1"#,
        &[L(0), L(1)],
    ),
    (
        D,
        r#"\sum_{i=1}^n \|w_2 \max(0, w_1 x_i) - y_i\|_2^2 + \lambda R(w_1, w_2)"#,
        &[L(0)],
    ),
    (
        D,
        r#"\sum_{i=1}^n \|w_2 \max(0, w_1 x_i) - y_i\|_2^2 + \lambda \left\| \begin{pmatrix} w_1 \\ w_2 \end{pmatrix} \right\|_2^2"#,
        &[L(0)],
    ),
    (
        D,
        r#"\sum_{i=1}^n \|w_2 \max(0, w_1 x_i) - y_i\|_2^2 + \lambda(w_1^2 + w_2^2)"#,
        &[L(0)],
    ),
    (D, r#"x^* = \arg \min f(x)"#, &[L(1)]),
    (
        D,
        r#"\frac{df(x)}{dx} \longrightarrow \nabla_x f(x)"#,
        &[L(0), L(0)],
    ),
    (D, r#"\mathbf{x}^* = \arg \min f(\mathbf{x})"#, &[L(1)]),
    (
        D,
        r#"\nabla_{W,b} f_{\{x,y\}}(W) = \begin{bmatrix} \frac{\partial f}{\partial w_{0,0,0}} \\ \dots \\ \frac{\partial f}{\partial w_{l,m,n}} \\ \dots \\ \frac{\partial f}{\partial b_{l,m}} \end{bmatrix}"#,
        &[L(1)],
    ),
    (I, r#"A(x) = \max(0, x)"#, &[L(1)]),
    (I, r#"\{\mathbf{x}_i, \mathbf{y}_i\}"#, &[L(0)]),
    (
        I,
        r#"\boldsymbol{\theta} = \{\mathbf{W}, \mathbf{b}\}"#,
        &[L(1)],
    ),
    (
        I,
        r#"L_i(\boldsymbol{\theta}, \mathbf{x}_i, \mathbf{y}_i)"#,
        &[L(0)],
    ),
    (
        I,
        r#"\boldsymbol{\theta} = \arg \min L_i(\mathbf{x}_i, \mathbf{y}_i)"#,
        &[L(1)],
    ),
    (I, r#"\boldsymbol{\theta}^1"#, &[L(0)]),
    (
        I,
        r#"\boldsymbol{\theta}^{k+1} = \boldsymbol{\theta}^k - \alpha \nabla_{\boldsymbol{\theta}} L_i(\boldsymbol{\theta}^k, \mathbf{x}_i, \mathbf{y}_i)"#,
        &[L(1)],
    ),
    (
        I,
        r#"|\boldsymbol{\theta}^{k+1} - \boldsymbol{\theta}^k| < \epsilon"#,
        &[L(1)],
    ),
    (
        I,
        r#"\theta^{k+1} = \theta^k - \alpha \nabla_{\theta} L_i(\theta^k, x_i, y_i)"#,
        &[L(1)],
    ),
    (I, r#"\nabla_{\theta} L_i(\theta^k, x_i, y_i)"#, &[L(0)]),
    (
        I,
        r#"\dim(\nabla_{\theta} L_i(\theta^k, x_i, y_i)) = \dim(\theta) \gg 1 \text{ million}"#,
        &[L(2)],
    ),
    (I, r#"n"#, &[L(0)]),
    (
        I,
        r#"L = \frac{1}{n} \sum_{i=1}^n L_i(\boldsymbol{\theta}, \mathbf{x}_i, \mathbf{y}_i)"#,
        &[L(1)],
    ),
    (I, r#"\boldsymbol{\theta} = \arg \min L"#, &[L(1)]),
    (
        D,
        r#"\boldsymbol{\theta}^{k+1} = \boldsymbol{\theta}^k - \alpha \nabla_{\boldsymbol{\theta}} L(\boldsymbol{\theta}^k, \mathbf{x}_{\{1..n\}}, \mathbf{y}_{\{1..n\}})"#,
        &[L(1)],
    ),
    (
        D,
        r#"\nabla_{\boldsymbol{\theta}} L(\boldsymbol{\theta}^k, \mathbf{x}_{\{1..n\}}, \mathbf{y}_{\{1..n\}}) = \frac{1}{n} \sum_{i=1}^n \nabla_{\boldsymbol{\theta}} L_i(\boldsymbol{\theta}^k, \mathbf{x}_i, \mathbf{y}_i)"#,
        &[L(1)],
    ),
    (
        I,
        r#"\nabla L = \sum_{i=1}^n \nabla_{\boldsymbol{\theta}} L_i"#,
        &[L(1)],
    ),
    (I, r#"\frac{1}{n}"#, &[L(0)]),
    (I, r#"n = 1 \text{ million}"#, &[L(1)]),
    (I, r#"O(n)"#, &[L(0)]),
    (
        D,
        r#"\frac{1}{n} \left( \sum_{i=1}^n L_i(\boldsymbol{\theta}, \mathbf{x}_i, \mathbf{y}_i) \right) = \mathbb{E}_{i \sim [1, \dots, n]} [L_i(\boldsymbol{\theta}, \mathbf{x}_i, \mathbf{y}_i)]"#,
        &[L(1)],
    ),
    (
        D,
        r#"\mathbb{E}_{i \sim [1, \dots, n]}[L_i(\boldsymbol{\theta}, \mathbf{x}_i, \mathbf{y}_i)] \approx \frac{1}{|S|} \sum_{j \in S} (L_j(\boldsymbol{\theta}, \mathbf{x}_j, \mathbf{y}_j)) \text{ with } S \subseteq \{1, \dots, n\}"#,
        &[L(1), L(1)],
    ),
    (I, r#"m \ll n"#, &[L(1)]),
    (
        D,
        r#"B_i = \{\{\mathbf{x}_1, \mathbf{y}_1\}, \{\mathbf{x}_2, \mathbf{y}_2\}, \dots, \{\mathbf{x}_m, \mathbf{y}_m\}\}"#,
        &[L(1)],
    ),
    (D, r#"\{B_1, B_2, \dots, B_{n/m}\}"#, &[L(0)]),
    (I, r#"\mathbf{n} = 2^{20}"#, &[L(1)]),
    (I, r#"\mathbf{m} = 64"#, &[L(1)]),
    // `16,384` is one number (thousands separator), not `16` and `384`.
    (I, r#"B_1 \dots n/m = B_1 \dots 16,384"#, &[L(1)]),
    (
        D,
        r#"\theta^{k+1} = \theta^k - \alpha \nabla_{\theta} L(\theta^k, x_{\{1..m\}}, y_{\{1..m\}})"#,
        &[L(1)],
    ),
    (
        I,
        r#"\nabla_{\theta} L = \frac{1}{m} \sum_{i=1}^m \nabla_{\theta} L_i"#,
        &[L(1)],
    ),
    (I, r#"m"#, &[L(0)]),
    (I, r#"k"#, &[L(0)]),
    (I, r#"F(\theta)"#, &[L(0)]),
    (
        D,
        r#"\theta^{k+1} = \theta^k - \alpha_k H(\theta^k, X)"#,
        &[L(1)],
    ),
    (I, r#"\alpha_1, \alpha_2 \dots \alpha_n"#, &[L(0), L(0)]),
    (I, r#"H(\theta^k, X)"#, &[L(0)]),
    (I, r#"\nabla F(\theta^k)"#, &[L(0)]),
    (
        D,
        r#"\mathbb{E}[H(\theta^k, X)] = \nabla F(\theta^k)"#,
        &[L(1)],
    ),
    (I, r#"\alpha_n \geq 0, \forall n \geq 0"#, &[L(1), L(1)]),
    (I, r#"\sum_{n=1}^{\infty} \alpha_n = \infty"#, &[L(1)]),
    (I, r#"\sum_{n=1}^{\infty} \alpha_n^2 < \infty"#, &[L(1)]),
    (I, r#"\alpha_n \propto \frac{\alpha}{n}"#, &[L(1)]),
    (I, r#"n > 0"#, &[L(1)]),
    (
        D,
        r#"\boldsymbol{v}^{k+1} = \beta \cdot \boldsymbol{v}^k - \alpha \cdot \nabla_{\boldsymbol{\theta}} L(\boldsymbol{\theta}^k)"#,
        &[L(1)],
    ),
    (
        D,
        r#"\boldsymbol{\theta}^{k+1} = \boldsymbol{\theta}^k + \boldsymbol{v}^{k+1}"#,
        &[L(1)],
    ),
    (I, r#"\boldsymbol{v}^k"#, &[L(0)]),
    (I, r#"\alpha, \beta"#, &[L(0), L(0)]),
    (I, r#"\beta"#, &[L(0)]),
    (D, r#"\theta^{k+1} = \theta^k + v^{k+1}"#, &[L(1)]),
    (
        D,
        r#"\tilde{\theta}^{k+1} = \theta^k + \beta \cdot v^k"#,
        &[L(1)],
    ),
    (
        D,
        r#"v^{k+1} = \beta \cdot v^k - \alpha \cdot \nabla_{\theta} L(\tilde{\theta}^{k+1})"#,
        &[L(1)],
    ),
    (I, r#"O(1/k^2)"#, &[L(0)]),
    (
        D,
        r#"\begin{aligned}\tilde{\theta}^{k+1} &= \theta^k + \beta \cdot v^k \\ v^{k+1} &= \beta \cdot v^k - \alpha \cdot \nabla_{\theta} L(\tilde{\theta}^{k+1}) \\ \theta^{k+1} &= \theta^k + v^{k+1}\end{aligned}"#,
        &[L(1), L(1), L(1)],
    ),
    // seed 004
    (
        D,
        r#"w_n = w_0 - \eta \frac{\partial L}{\partial w}"#,
        &[L(1)],
    ),
    (I, r#"[10 \times 500] \rightarrow 5000"#, &[L(0), L(0)]),
    (
        D,
        r#"w_n = w_0 - \eta \frac{\partial L}{\partial w_0}"#,
        &[L(1)],
    ),
    (D, r#"\frac{\partial L}{\partial w} = 0"#, &[L(1)]),
    (
        D,
        r#"w_n = w_0 - \eta \left[\frac{\partial L}{\partial w} \right]"#,
        &[L(1)],
    ),
    (D, r#"V_t = \beta V_{t-1} + (1-\beta) \theta_t"#, &[L(1)]),
    (I, r#"\beta \rightarrow 0 < \beta < 1"#, &[L(0), L(2)]),
    (D, r#"V_0 = 0"#, &[L(1)]),
    (D, r#"V_0 = \theta_0"#, &[L(1)]),
    (
        D,
        r#"\begin{aligned} V_1 &= 0.9 \times V_0 + 0.1 \times 13 \\ &= 1.3 \end{aligned}"#,
        &[L(2)],
    ),
    (D, r#"V_2 = 0.9 \times 1.3 + 0.1 \times 17 ="#, &[L(2)]),
    (I, r#"temp(\theta)"#, &[L(0)]),
    (
        D,
        r#"\left. \begin{aligned} V_4 &= \beta V_3 + (1-\beta) \theta_4 \\ V_4 &= \beta^3 (1-\beta) \theta_1 + \beta^2 (1-\beta) \theta_2 + \beta (1-\beta) \theta_3 + (1-\beta) \theta_4 \end{aligned} \right\}"#,
        &[L(1), L(1)],
    ),
    (D, r#"V_1 = (1-\beta) \theta_1"#, &[L(1)]),
    (D, r#"V_2 = \beta V_1 + (1-\beta) \theta_2"#, &[L(1)]),
    (
        D,
        r#"= \underline{\beta (1-\beta) \theta_1} + \underline{(1-\beta) \theta_2}"#,
        &[L(1)],
    ),
    (
        D,
        r#"V_3 = \underline{\beta V_2} + \underline{(1-\beta) \theta_3}"#,
        &[L(1)],
    ),
    (
        D,
        r#"= \underline{\beta^2 (1-\beta) \theta_1} + \underline{\beta (1-\beta) \theta_2} + \underline{(1-\beta) \theta_3}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\left. \begin{aligned} V_4 &= \beta^3 (1-\beta) \theta_1 + \beta^2 (1-\beta) \theta_2 + \beta (1-\beta) \theta_3 + (1-\beta) \theta_4 \\ &= (1-\beta) [\beta^3 \theta_1 + \beta^2 \theta_2 + \beta \theta_3 + \theta_4] \end{aligned} \right\}"#,
        &[L(2)],
    ),
    (I, r#"\beta^3 < \beta^2 < \beta < 1"#, &[L(3)]),
    (D, r#"\boxed{mV}"#, &[L(0)]),
    (I, r#"m \rightarrow"#, &[L(0)]),
    (
        D,
        r#"\underline{w_{t+1}} = \overbrace{\underline{w_t}}^{\text{acceleration}} - \boxed{\eta \nabla w_t}"#,
        &[L(1)],
    ),
    (I, r#"\} \quad v \rightarrow \text{velocity}"#, &[S, L(0)]),
    (
        D,
        r#"w_{t+1} = w_t - \underline{v_t} \quad \rightarrow"#,
        &[L(1)],
    ),
    (
        D,
        r#"v_t = \boxed{\beta * v_{t-1}} + \boxed{\eta \nabla w_t}"#,
        &[L(1)],
    ),
    (I, r#"\boxed{0 < \beta < 1}"#, &[L(2)]),
    (I, r#"\boxed{v_{t-2} \quad v_{t-3}}"#, &[L(0), L(0)]),
    (
        I,
        r#"\text{history of post velo-} \quad \boxed{\text{use}}"#,
        &[],
    ),
    (D, r#"w_{t+1} = w_t - \eta \nabla w_t"#, &[L(1)]),
    (D, r#"w_{t+1} = w_t - v_t"#, &[L(1)]),
    (
        D,
        r#"\underline{v_t} = \underline{\beta v_{t-1}} + \underline{\eta \nabla w_t}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\frac{1}{1-\beta} = \frac{1=10}{0.1} \frac{1}{1-\beta} \quad \begin{matrix} \text{decaying factor} \\ \text{current} \\ \text{avg past} \end{matrix}"#,
        &[S, S],
    ),
    (D, r#"v_t = \beta v_{t-1} + \eta \nabla w_t"#, &[L(1)]),
    (I, r#"\beta \rightarrow"#, &[L(0)]),
    (
        D,
        r#"\left\{ \begin{array}{l} w_{\text{la}} = w_t - \beta v_{t-1} \\ v_t = \beta v_{t-1} + \eta \nabla w_{\text{la}} \\ w_{t+1} = w_t - v_t \end{array} \right. \quad \begin{aligned} v_t &= (w_t - w_{\text{la}}) + \eta \nabla w_{\text{la}} \end{aligned}"#,
        &[L(1), L(1), L(1), L(1)],
    ),
    (
        D,
        r#"\underline{w} = \underline{w} - \eta \frac{\partial L}{\partial w}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\underline{b} = \underline{b} - \eta \frac{\partial L}{\partial b}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial \hat{y}} \frac{\partial \hat{y}}{\partial w}"#,
        &[L(1)],
    ),
    (D, r#"= -2(y - \hat{y}) \underline{x}"#, &[L(1)]),
    (
        D,
        r#"\frac{\partial L}{\partial b} = \underline{-2(y - \hat{y}) \times 1}"#,
        &[L(1)],
    ),
    (I, r#"\times \propto"#, &[U("\\times")]),
    (
        D,
        r#"v_t = \beta v_{t-1} + (1-\beta)(\nabla w_t)^2"#,
        &[L(1)],
    ),
    (
        D,
        r#"w_{t+1} = w_t - \frac{\eta}{\sqrt{v_t + \epsilon}} \nabla w_t"#,
        &[L(1)],
    ),
    (D, r#"\beta = 0.95"#, &[L(1)]),
    (D, r#"\rightarrow v_0 = 0"#, &[L(1)]),
    (
        D,
        r#"\rightarrow v_1 = 0.95 \times 0 + 0.05(\nabla w_1)^2"#,
        &[L(1)],
    ),
    (
        D,
        r#"\rightarrow v_2 = 0.95 \times 0.05(\nabla w_1)^2 + 0.05(\nabla w_2)^2"#,
        &[L(1)],
    ),
    (
        D,
        r#"\rightarrow v_3 = \frac{0.95 \times 0.95 \times 0.05(\nabla w_1)^2}{\text{epoch 1}} + \frac{0.95 \times 0.05(\nabla w_2)^2}{\text{epoch 2}} + \frac{0.05(\nabla w_3)^2}{\text{epoch 3}}"#,
        &[L(1)],
    ),
    (I, r#"\rightarrow \eta"#, &[L(0)]),
    (I, r#"\xrightarrow{\sigma \text{ eq}}"#, &[]),
    (
        D,
        r#"w_{t+1} = w_t - \frac{\eta}{\sqrt{v_t + \epsilon}} * m_t \quad \xrightarrow{\text{Keras}} \boxed{\text{Bias correction}} \quad \text{epoch \#}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\hat{m}_t = \frac{m_t}{1 - \beta_1^{[t]}} \rightarrow \hat{v}_t = \frac{v_t}{1 - \beta_2^{[t]}}"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"\beta_1 = 0.9 \quad \beta_2 = 0.99 \rightarrow \underline{\text{Keras}}"#,
        &[L(1), L(1)],
    ),
    (
        D,
        r#"\rightarrow \boxed{m_t = \beta_1 m_{t-1} + (1-\beta_1) \nabla w_t} \rightarrow \text{momentum}"#,
        &[L(1)],
    ),
    (
        D,
        r#"\rightarrow \boxed{v_t = \beta_2 v_{t-1} + (1-\beta_2) (\nabla w_t)^2} \rightarrow \text{Adagrad}"#,
        &[L(1)],
    ),
    (
        D,
        r#"m_0 = 0 \quad m_t = 0 \quad v_t = 0 \quad 0 \rightarrow 0"#,
        &[L(1), L(1), L(1), L(0), L(0)],
    ),
    (D, r#"\eta = 0.1 \quad 0.01"#, &[L(1), L(0)]),
];

fn outcome(src: &str) -> Vec<X> {
    parse_formula(src)
        .statements
        .iter()
        .map(|s| match s {
            Ok(st) => L(st.links.len()),
            Err(ParseError::Unsupported { construct, .. }) => {
                U(Box::leak(construct.clone().into_boxed_str()))
            }
            Err(_) => S,
        })
        .collect()
}

#[test]
fn every_seed_formula_reads_as_expected() {
    let mut wrong = Vec::new();
    for (_, src, expected) in SEEDS {
        let got = outcome(src);
        if got != *expected {
            wrong.push(format!(
                "{src}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_table_covers_the_seeds() {
    assert!(SEEDS.len() >= 60);
    assert!(SEEDS.iter().filter(|(m, _, _)| *m == D).count() >= 100);
    assert!(SEEDS.iter().filter(|(m, _, _)| *m == I).count() >= 60);
}

#[test]
fn nearly_all_seed_statements_parse() {
    let (mut parsed, mut total) = (0, 0);
    for (_, _, expected) in SEEDS {
        total += expected.len();
        parsed += expected.iter().filter(|x| matches!(x, L(_))).count();
    }
    let share = parsed as f64 / total as f64;
    println!(
        "seed statements parsed: {parsed}/{total} = {:.1}%",
        100.0 * share
    );
    assert!(share >= 0.98, "{parsed}/{total}");
}

/// The canonical form of every statement of a formula.
fn canon(src: &str) -> Vec<String> {
    parse_formula(src)
        .statements
        .iter()
        .map(|s| {
            s.as_ref()
                .map_or_else(|e| format!("ERR {e}"), |s| s.to_string())
        })
        .collect()
}

#[test]
fn adam_block_reads_as_six_assignments() {
    let src = SEEDS
        .iter()
        .find(|(_, s, _)| s.contains(r"\widehat{s} &= \frac{s}{1-\rho_1^k} \\"))
        .expect("Adam block")
        .1;
    assert_eq!(
        canon(src),
        vec![
            "g = grad(R(theta))",
            "s = s rho_1 + (1 - rho_1) g",
            "s.hat = frac(s, 1 - rho_1^k)",
            "r = r rho_2 + (1 - rho_2) g ⊙ g",
            "r.hat = frac(r, 1 - rho_2^k)",
            "theta = theta - frac(alpha, sqrt(r.hat) + epsilon) ⊙ s.hat",
        ]
    );
}

#[test]
fn derived_identities_keep_their_chains() {
    assert_eq!(
        canon(
            r"\begin{split} s_0 &= -\alpha g_0 \\ s_1 &= \rho_1 s_0 - \alpha g_1 = -\rho_1 \alpha g_0 - \alpha g_1 \\ s_k &= -\sum_{i=0}^k\rho_1^i \alpha g_{k-i} \\ \end{split}"
        ),
        vec![
            "s_0 = -(alpha g_0)",
            "s_1 = rho_1 s_0 - alpha g_1 = -(rho_1 alpha g_0) - alpha g_1",
            "s_k = -sum_{i=0}^{k}(rho_1^i alpha g_{k - i})",
        ]
    );
    assert_eq!(
        canon(r"\lim_{k \to \infty} s_k = - \frac{\alpha g}{1-\rho_1}"),
        vec!["lim_{k->inf}(s_k) = -frac(alpha g, 1 - rho_1)"]
    );
    assert_eq!(
        canon(r"\sum_{i=0}^{n-1} A^k = (I-A)^{-1}(I-A^n)"),
        vec!["sum_{i=0}^{n - 1}(A^k) = (I - A)^-1 (I - A^n)"]
    );
}

#[test]
fn ocr_annotations_are_ignored() {
    assert_eq!(
        canon(
            r"m_3 = \eta \left[\underbrace{\beta^2 \frac{\partial L}{\partial W} \Big|_{W=W_0}}_{81\% \text{ of } W_0} + \underbrace{\frac{\partial L}{\partial W} \Big|_{W=W_2}}_{100\% \text{ of } W_2} \right] \rightarrow \textcircled{IV}"
        ),
        vec!["m_3 = eta (beta^2 ∂(L)/∂(W)|_{W=W_0} + ∂(L)/∂(W)|_{W=W_2})"]
    );
    assert_eq!(
        canon(
            r"\left\{ \begin{array}{l} w_{\text{la}} = w_t - \beta v_{t-1} \\ v_t = \beta v_{t-1} + \eta \nabla w_{\text{la}} \end{array} \right. \quad \begin{aligned} v_t &= (w_t - w_{\text{la}}) + \eta \nabla w_{\text{la}} \end{aligned}"
        ),
        vec![
            "w_\"la\" = w_t - beta v_{t - 1}",
            "v_t = beta v_{t - 1} + eta grad(w_\"la\")",
            "v_t = (w_t - w_\"la\") + eta grad(w_\"la\")",
        ]
    );
    assert_eq!(
        canon(r"V_2 = 0.9 \times 1.3 + 0.1 \times 17 ="),
        vec!["V_2 = 0.9 × 1.3 + 0.1 × 17 = ?"]
    );
}
