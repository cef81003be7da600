//! LaTeX math to Typst math.
//!
//! Authors coming from Indico, EasyChair or LaTeX write `$\alpha + \frac{1}{2}$`.
//! This converts the common subset (Greek, operators, relations, arrows,
//! `\frac`, `\sqrt`, big operators with limits, font commands, accents,
//! `\left…\right`, `\text`, matrices, `cases` and `aligned`) into Typst math,
//! and the plain TeX physics abstracts still write: switches that style the
//! rest of their group (`p_{\rm T}`, `{\bf 744}`), `\over`, `\choose`,
//! `\kern0.1em`, `\mbox{$…$}`, `¥` typed for the backslash.
//! The output is built from a fixed vocabulary of Typst names; every
//! character the author typed is emitted as a single escaped symbol or a
//! string literal, so nothing written in LaTeX can ever run as Typst code.
//! An unknown command is an error naming it, never a guess.
//!
//! The conversion is read by [`reader`], its sequences of atoms built by
//! [`sequence`], its commands and environments converted by [`commands`]
//! from the names in [`tables`], switches, infixes and dimensions by
//! [`switches`], text inside formulas by [`text`], and its output written
//! by [`writer`]. Sizes (`\tiny`, `\Large`) are ignored: a formula takes the
//! size of the text around it.

mod commands;
#[cfg(test)]
mod corpus;
mod reader;
mod sequence;
pub mod speech;
mod switches;
mod tables;
mod text;
mod writer;

use std::ops::Range;

use reader::Parser;
use sequence::{Grid, Stop};

/// A LaTeX construct that cannot be converted, with its byte range in the
/// math that was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatexError {
    /// Where in the math source.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// Whether `math` is written in LaTeX: a backslash command (`\alpha`) or a
/// braced script (`x_{ij}`) is never Typst math, which groups with
/// parentheses.
pub fn is_latex(math: &str) -> bool {
    let bytes = math.as_bytes();
    bytes.windows(2).any(|w| {
        (w[0] == b'\\' && w[1].is_ascii_alphabetic())
            || (matches!(w[0], b'^' | b'_') && w[1] == b'{')
    })
}

/// Converts LaTeX math (the text between the delimiters) to Typst math (to be
/// put between `$`s).
pub fn to_typst(math: &str) -> Result<String, LatexError> {
    let mut parser = Parser {
        src: math,
        pos: 0,
        depth: 0,
    };
    let out = parser.sequence(Stop::End, Grid::None)?;
    Ok(out.join())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(latex: &str) -> String {
        to_typst(latex).unwrap_or_else(|e| panic!("{latex}: {e:?}"))
    }

    #[test]
    fn detects_latex_by_its_commands() {
        assert!(is_latex(r"\alpha + 1"));
        assert!(!is_latex("x^2 + y"));
        assert!(!is_latex(r"a \, b"));
        assert!(is_latex("p_{T}"));
        assert!(!is_latex("x_(i j)"));
    }

    #[test]
    fn letters_are_separate_atoms_and_numbers_one() {
        assert_eq!(ok("ab + 12"), "a b \\+ 12");
        assert_eq!(ok(r"1\times10^{10}"), "1 × 10^(10)");
        assert_eq!(ok(r"600~\text{m}^2"), "600 space.nobreak \"m\"^(2)");
    }

    #[test]
    fn fractions_roots_and_scripts() {
        assert_eq!(
            ok(r"\frac{1}{2}\alpha + \sum_{i=1}^{n} x_i"),
            "frac(1, 2) α \\+ ∑_(i \\= 1)^(n) x_(i)"
        );
        assert_eq!(ok(r"\sqrt[3]{x}"), "root(3, x)");
        assert_eq!(ok(r"\frac12"), "frac(1, 2)");
        assert_eq!(ok(r"{a+b}^2"), "scripts(a \\+ b)^(2)");
    }

    #[test]
    fn fonts_text_and_operators() {
        assert_eq!(ok(r"\mathbb{R}^n"), "bb(R)^(n)");
        assert_eq!(ok(r"\text{if } x"), "\"if \" x");
        assert_eq!(ok(r"\operatorname{Tr} A"), "op(\"Tr\") A");
        assert_eq!(ok(r"\lim_{x\to0}"), "lim_(x → 0)");
        assert_eq!(ok(r"\mathrm{d}x"), "upright(d) x");
        assert_eq!(ok(r"\mathrm{kg}"), "upright(\"kg\")");
        assert_eq!(ok(r"e^{-x}"), "e^(− x)");
    }

    #[test]
    fn delimiters_and_environments() {
        assert_eq!(ok(r"\left( x \right)"), "lr(\\( x \\))");
        assert_eq!(ok(r"\left. x \right|"), "lr(x \\|)");
        assert_eq!(
            ok(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
            "mat(delim: \"(\", a , b ; c , d)"
        );
        assert_eq!(
            ok(r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}"),
            "f \\( x \\) \\= cases(1 & quad x \\> 0 , 0 & quad \"else\")"
        );
        assert_eq!(
            ok(r"\begin{aligned} a &= b \\ &= c \end{aligned}"),
            "a & \\= b \\ & \\= c"
        );
    }

    /// What physics abstracts write (issue 25): old-style switches scoped to
    /// their group, infix fractions, spacing with dimensions, text commands.
    #[test]
    fn old_style_latex_of_real_abstracts() {
        assert_eq!(ok(r"p_{\rm T}"), "p_(upright(T))");
        assert_eq!(ok(r"\sqrt{s_{\rm NN}}"), "sqrt(s_(upright(N N)))");
        assert_eq!(ok(r"{\bf 744}"), "bold(upright(744))");
        assert_eq!(ok(r"{\cal O} (\mu_B^4)"), "cal(O) \\( μ_(B)^(4) \\)");
        assert_eq!(ok(r"{\rm D}_{\rm s}^{+}"), "upright(D)_(upright(s))^(\\+)");
        assert_eq!(ok(r"\it{p}_{\rm{T}}"), "italic(p_(upright(T)))");
        assert_eq!(ok(r"5\,\rm GeV"), "5 thin upright(G e V)");
        assert_eq!(ok(r"a \over b"), "frac(a, b)");
        assert_eq!(ok(r"{1 \over 2} x"), "frac(1, 2) x");
        assert_eq!(ok(r"n \choose k"), "binom(n, k)");
        assert_eq!(ok(r"a \atop b"), "mat(delim: #none, a ; b)");
        assert_eq!(ok(r"a\kern0.1em b"), "a #h(0.1em) b");
        assert_eq!(
            ok(r"a\mkern-9mu b \hspace{2pt} c"),
            "a #h(-0.5em) b #h(0.2em) c"
        );
        assert_eq!(ok(r"\ensuremath{x}"), "x");
        assert_eq!(ok(r"1\,\textmu m"), "1 thin upright(μ) m");
        assert_eq!(ok(r"10\textsuperscript{th}"), "10^(\"th\")");
        assert_eq!(ok(r"{\tiny x} \Large y"), "x y");
        assert_eq!(ok(r"2.5 \lt y \gt 1"), "2.5 \\< y \\> 1");
        assert_eq!(
            ok(r"\mbox{$\sqrt{s}$ in}=0.2"),
            "scripts(sqrt(s) \" in\") \\= 0.2"
        );
        assert_eq!(ok(r"\text{5 \textmu m, 3 \AA}"), "\"5 μm, 3 Å\"");
        assert_eq!(ok(r"\verb|<|"), "mono(\"<\")");
        assert_eq!(ok(r"\sqrt{\smash[b]{s}}"), "sqrt(s)");
        // Japanese keyboards type the backslash as a yen sign.
        assert_eq!(ok(r"¥sqrt{s_{¥rm NN}}"), "sqrt(s_(upright(N N)))");
        assert_eq!(ok("¥5"), "¥ 5");
        // In an environment a switch or an infix ends with its cell, as in TeX.
        assert_eq!(
            ok(r"\begin{pmatrix} a \over b & c \\ d & e \end{pmatrix}"),
            "mat(delim: \"(\", frac(a, b) , c ; d , e)"
        );
        assert_eq!(
            ok(r"\begin{cases} \rm a & b \\ c & d \end{cases}"),
            "cases(upright(a) & quad b , c & quad d)"
        );
        assert_eq!(
            ok(r"\begin{aligned} a &= \rm b \\ c & \bf d \end{aligned}"),
            "a & \\= upright(b) \\ c & bold(upright(d))"
        );
        // A script or prime that opens a cell has nothing to attach to.
        assert_eq!(
            ok(r"\begin{pmatrix} a & ^2 \\ ' & b \end{pmatrix}"),
            "mat(delim: \"(\", a , zws^(2) ; prime , b)"
        );
        // A line break alone must not escape the closing `$`.
        assert_eq!(ok(r"\\"), "\\ zws");
    }

    #[test]
    fn nothing_typed_becomes_typst_code() {
        assert_eq!(ok(r#"\text{#panic() "x"}"#), r##""#panic() \"x\"""##);
        assert_eq!(ok(r"\alpha # \$"), "α \\# \\$");
        assert_eq!(ok(r"a/b // c"), "a \\/ b \\/ \\/ c");
        // The constructs of old-style TeX pass what was typed as data too.
        assert_eq!(ok(r#"\verb|#panic()"|"#), r##"mono("#panic()\"")"##);
        assert_eq!(ok(r"\mbox{#x $#y$}"), r##"scripts("#x " \# y)"##);
        assert_eq!(ok(r"10\textsuperscript{#a}"), r##"10^("#a")"##);
        assert_eq!(ok(r"{\rm #x} a \over #b"), r"frac(upright(\# x) a, \# b)");
        assert_eq!(ok(r"¥text{#x}"), r##""#x""##);
        assert!(to_typst(r"\kern#1em").is_err());
        assert!(to_typst(r"\hspace{1em)#panic(}").is_err());
        assert!(to_typst(r"\kern1e5em").is_err());
        for hostile in [
            r"\verb|#panic()|",
            r"\mbox{#x $#y$}",
            r"\kern-99em \hspace{ 2.5 pt } \phantom{#x} {\tt #x} \choose \#",
            r"\text{\$ \# \% \{ \}} \textsubscript{\#}",
        ] {
            let typst = ok(hostile);
            assert!(corpus::only_own_code(&typst), "{hostile} → {typst}");
        }
        assert!(!corpus::only_own_code("#panic()"));
        assert!(!corpus::only_own_code("#h(1em) #h(x)"));
        assert!(corpus::only_own_code(r##"\# "#x" #h(-0.5em)"##));
    }

    #[test]
    fn no_input_panics_or_nests_without_end() {
        let deep = "{".repeat(100_000);
        assert_eq!(
            to_typst(&deep).unwrap_err().message,
            "the formula is nested too deeply"
        );
        assert!(to_typst(&r"\frac".repeat(50_000)).is_err());
        assert!(to_typst(&r"\sqrt{".repeat(50_000)).is_err());
        assert!(to_typst(&r"\rm x".repeat(50_000)).is_err());
        assert!(to_typst(&r"a \over b".repeat(50_000)).is_err());
        assert!(to_typst(&r"\mbox{$".repeat(50_000)).is_err());
        // Every short string of awkward characters converts or fails cleanly.
        let pieces = [
            "\\",
            "{",
            "}",
            "^",
            "_",
            "&",
            "é",
            "\\left",
            "\\right",
            "[",
            "]",
            "\\begin{cases}",
            "\\end{cases}",
            "\\text{",
            "%",
            "~",
            "'",
            "\\rm",
            "\\over",
            "$",
            "\\kern",
            "¥",
            "¥rm",
            "\\verb",
            "\\mbox{",
            "\\textsuperscript",
            "1.",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let _ = to_typst(&format!("{a}{b}{c}"));
                }
            }
        }
    }

    #[test]
    fn unknown_commands_are_errors_at_their_place() {
        let err = to_typst(r"x + \notacommand y").unwrap_err();
        assert_eq!(err.range, 4..16);
        assert_eq!(err.message, "unsupported LaTeX command `\\notacommand`");
        let err = to_typst(r"\begin{tikzpicture}\end{tikzpicture}").unwrap_err();
        assert!(err.message.contains("tikzpicture"), "{err:?}");
        assert!(to_typst(r"\frac{1}{2").is_err());
        assert!(to_typst(r"a } b").is_err());
        assert!(to_typst(r"\left( x").is_err());
    }

    /// Every construct the converter knows compiles in Typst without an
    /// error (a conversion that succeeds must never fail later).
    #[test]
    fn every_conversion_compiles_in_typst() {
        let samples = [
            r"\frac{1}{2}\alpha + \sum_{i=1}^{n} x_i",
            r"\int_0^\infty e^{-x^2}\,\mathrm{d}x = \frac{\sqrt{\pi}}{2}",
            r"\sqrt[3]{y} \cdot \mathbf{x} \times \mathbb{R}^n \to \mathcal{L} \mathfrak{g} \mathscr{F}",
            r"\left( \frac{a}{b} \right)^2 \left\{ x \middle| x > 0 \right\} \left. y \right|_0",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{bmatrix} 1 \end{bmatrix} \begin{vmatrix} a \end{vmatrix} \begin{matrix} 1 & 2 \end{matrix}",
            r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
            r"\begin{aligned} a &= b \\ &\leq c \end{aligned}",
            r"\hat{x} \tilde{y} \bar{z} \vec{v} \dot{a} \ddot{b} \overline{ab} \underline{c} \underbrace{x+y}_{z} \overbrace{u}",
            r"\operatorname{Tr}(A) \neq \det A, \lim_{n\to\infty} \max_i \sin\theta \log x",
            r"\binom{n}{k} \not= \not\in \overset{!}{=} \underset{x}{\arg\min}",
            r"a \quad b \qquad c \; d \: e \, f \! g ~ h \ i",
            r"\{ \} \% \$ \& \# \_ \| \langle x \rangle \lfloor y \rfloor \lceil z \rceil",
            r#"\text{#panic() "quoted" // not code} \textbf{bold} \textit{it} \mbox{box}"#,
            r"x' f'' \prime 10^{34} 1\times10^{10} a_{\mu} e^{+}e^{-} 600~\text{m}^2",
            r"\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Upsilon\Phi\Psi\Omega \epsilon\varepsilon\phi\varphi",
            r"\big( \Big[ \bigg\{ \Bigg\langle x \Bigg\rangle \bigg\} \Big] \big)",
            r"\pmod{n} a \bmod b \displaystyle \limits \nolimits \label{x} \tag{1} \color{red} \textcolor{blue}{x}",
            r"{a+b}^2 ^2 _3 {}",
            r"p_{\rm T} \sqrt{s_{\rm NN}} {\bf 744} {\cal O} {\it x \sf y \tt z \mit w} \rm D^0 \bf",
            r"a \over b {n \choose k} {a \atop b} {a \brace b} {a \brack b} \left( x \over y \right)",
            r"a\kern0.1em b\mkern-9mu c \hspace{2pt} d \hspace*{1em} e \hskip 3pt f \enspace g \negmedspace",
            r"\ensuremath{x} \smash[b]{y} \phantom{z} 10\textsuperscript{th} x\textsubscript{i} \verb|<|",
            r"5\,\textmu m \AA \degree \textdegree \lt \gt {\tiny a \Large b} \text{5 \textmu m $\sqrt{s}$}",
            r"\mbox{$\sqrt{s_{\mathrm{NN}}}$}=0.2 \\ x \\",
            r"\begin{pmatrix} a \over b & c \\ d & \rm e \end{pmatrix} \begin{cases} \rm a & b \choose c \\ c & d \end{cases}",
            r"\begin{aligned} a &= \rm b \\ c & \bf d \over e \end{aligned}",
        ];
        let mut source = String::new();
        for sample in samples {
            let typst = to_typst(sample).unwrap_or_else(|e| panic!("{sample}: {e:?}"));
            source.push_str(&corpus::as_document(&typst));
        }
        let errors = corpus::compile_errors(&source);
        assert!(errors.is_empty(), "{errors:#?}\n{source}");
    }
}
