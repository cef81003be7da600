//! An author's Typst math spoken, read from Typst's own syntax tree: names
//! as words, attachments as "sub" and "to the power", fractions, roots,
//! matrices and big operators with their limits as the LaTeX reading
//! speaks them, so that one formula sounds the same written either way.

use typst::syntax::{SyntaxKind, SyntaxNode};

use super::tables::{GREEK, WORDS};
use super::{fraction, join, matrix};

/// Typst math (the text between the dollars) spoken.
pub fn typst(formula: &str) -> String {
    join(speak(&typst::syntax::parse_math(formula)))
}

/// An equation of an author's Typst file (`$…$`, dollars included) spoken.
pub fn typst_equation(node: &SyntaxNode) -> String {
    join(speak(node))
}

/// Typst's names for what LaTeX names otherwise, looked up in LaTeX's words.
const ALIASES: &[(&str, &str)] = &[
    ("dot", "cdot"),
    ("dot.op", "cdot"),
    ("plus.minus", "pm"),
    ("minus.plus", "mp"),
    ("lt.eq", "leq"),
    ("gt.eq", "geq"),
    ("eq.not", "neq"),
    ("lt.double", "ll"),
    ("gt.double", "gg"),
    ("infinity", "infty"),
    ("oo", "infty"),
    ("prop", "propto"),
    ("arrow.r", "rightarrow"),
    ("arrow.l", "leftarrow"),
    ("arrow.r.double", "Rightarrow"),
    ("arrow.l.r.double", "Leftrightarrow"),
    ("arrow.r.bar", "mapsto"),
    ("in.not", "notin"),
    ("subset.eq", "subseteq"),
    ("union", "cup"),
    ("sect", "cap"),
    ("dots", "ldots"),
    ("dots.h", "ldots"),
    ("dots.c", "cdots"),
    ("dots.h.c", "cdots"),
    ("compose", "circ"),
    ("plus.circle", "oplus"),
    ("times.circle", "otimes"),
    ("angle.l", "langle"),
    ("angle.r", "rangle"),
    ("chevron.l", "langle"),
    ("chevron.r", "rangle"),
    ("planck.reduce", "hbar"),
    ("ell", "ell"),
];

/// Words of Typst's own names and shorthands.
const TYPST_WORDS: &[(&str, &str)] = &[
    ("RR", "the real numbers"),
    ("NN", "the natural numbers"),
    ("ZZ", "the integers"),
    ("QQ", "the rational numbers"),
    ("CC", "the complex numbers"),
    ("dif", "d"),
    ("Delta", "capital delta"),
    ("nothing", "the empty set"),
    ("emptyset", "the empty set"),
    ("<=", "less than or equal to"),
    (">=", "greater than or equal to"),
    ("!=", "not equal to"),
    ("->", "to"),
    ("=>", "implies"),
    ("<=>", "if and only if"),
    ("|->", "maps to"),
    ("<-", "left arrow"),
    ("<<", "much less than"),
    (">>", "much greater than"),
    ("...", "dot dot dot"),
    (":=", "is defined as"),
    ("~", "tilde"),
    ("'", "prime"),
];

/// Big operators, spoken with "from … to … of" like LaTeX's `\sum`.
const BIG: &[(&str, &str)] = &[
    ("sum", "sum"),
    ("product", "product"),
    ("integral", "integral"),
    ("integral.double", "double integral"),
    ("integral.cont", "contour integral"),
    ("union.big", "union"),
    ("sect.big", "intersection"),
];

/// The words of a node.
fn speak(node: &SyntaxNode) -> Vec<String> {
    match node.kind() {
        SyntaxKind::MathIdent | SyntaxKind::MathFieldAccess | SyntaxKind::FieldAccess => {
            vec![name(node.full_text().as_str())]
        }
        SyntaxKind::MathShorthand | SyntaxKind::MathText | SyntaxKind::Text => {
            text(node.leaf_text().as_str())
        }
        SyntaxKind::Escape => {
            let escaped = node.leaf_text().trim_start_matches('\\');
            let c = match escaped.strip_prefix("u{") {
                Some(hex) => u32::from_str_radix(hex.trim_end_matches('}'), 16)
                    .ok()
                    .and_then(char::from_u32),
                None => escaped.chars().next(),
            };
            c.map(|c| vec![super::sign(c).map_or_else(|| c.to_string(), str::to_owned)])
                .unwrap_or_default()
        }
        SyntaxKind::Str => vec![node.leaf_text().trim_matches('"').replace("\\\"", "\"")],
        SyntaxKind::Int | SyntaxKind::Float => vec![node.leaf_text().to_string()],
        SyntaxKind::Linebreak | SyntaxKind::Semicolon => vec![";".into()],
        SyntaxKind::Comma => vec![",".into()],
        SyntaxKind::MathPrimes => vec!["prime".into(); node.leaf_text().chars().count().max(1)],
        SyntaxKind::MathAttach => attach(node),
        SyntaxKind::MathFrac => {
            let parts: Vec<_> = node
                .children()
                .filter(|c| c.kind() != SyntaxKind::Slash)
                .collect();
            match parts.as_slice() {
                [top, bottom] => fraction(speak(top), speak(bottom)),
                _ => flat(node),
            }
        }
        SyntaxKind::MathRoot => {
            let head = match node.children().next().map(|c| c.leaf_text().to_string()) {
                Some(r) if r == "∛" => "cube root of",
                Some(r) if r == "∜" => "fourth root of",
                _ => "square root of",
            };
            let body = node.children().skip(1).flat_map(speak).collect();
            [vec![head.to_owned()], body, vec!["end root".into()]].concat()
        }
        SyntaxKind::MathCall => call(node),
        // A call in code (`#calc.sqrt(2)`, `#sym.alpha`): its names and values.
        SyntaxKind::FuncCall | SyntaxKind::Named => flat(node),
        _ if node.children().len() == 0 => {
            // Punctuation of the syntax itself is not spoken.
            let kind = node.kind();
            if kind.is_trivia()
                || kind.is_keyword()
                || matches!(
                    kind,
                    SyntaxKind::Dollar
                        | SyntaxKind::Hash
                        | SyntaxKind::LeftParen
                        | SyntaxKind::RightParen
                        | SyntaxKind::Colon
                        | SyntaxKind::MathAlignPoint
                        | SyntaxKind::Dot
                        | SyntaxKind::Underscore
                        | SyntaxKind::Hat
                        | SyntaxKind::Slash
                )
            {
                Vec::new()
            } else {
                text(node.leaf_text().as_str())
            }
        }
        _ => flat(node),
    }
}

/// The words of a node's children, in order.
fn flat(node: &SyntaxNode) -> Vec<String> {
    node.children().flat_map(speak).collect()
}

/// A name: a Greek letter, a Typst symbol, a LaTeX command's words, or
/// itself.
fn name(name: &str) -> String {
    let name = name.trim_start_matches("sym.");
    if let Some((_, words)) = TYPST_WORDS.iter().find(|(n, _)| *n == name) {
        return (*words).to_owned();
    }
    let latex = ALIASES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, l)| *l);
    if let Some((_, words)) = WORDS.iter().find(|(n, _)| *n == latex) {
        return (*words).to_owned();
    }
    // `phi.alt`, `epsilon.alt`: the letter.
    let base = name.split('.').next().unwrap_or(name);
    let lower = base.to_lowercase();
    if GREEK.contains(&lower.as_str()) {
        return if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            format!("capital {lower}")
        } else {
            lower
        };
    }
    if let Some((_, words)) = BIG.iter().find(|(n, _)| *n == name) {
        return (*words).to_owned();
    }
    name.replace('.', " ")
}

/// Text in math: a number, a letter, or signs spoken one by one.
fn text(text: &str) -> Vec<String> {
    if let Some((_, words)) = TYPST_WORDS.iter().find(|(n, _)| *n == text) {
        return vec![(*words).to_owned()];
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return vec![text.to_owned()];
    }
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        match super::sign(c) {
            Some(spoken) => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                words.push(spoken.to_owned());
            }
            None if c.is_whitespace() => {}
            None => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A base with its attachments: `x_i^2` is "x sub i squared", `sum_(i=1)^n`
/// "sum from i equals 1 to n of".
fn attach(node: &SyntaxNode) -> Vec<String> {
    let mut children = node.children().peekable();
    let Some(base) = children.next() else {
        return Vec::new();
    };
    let base_name = base.full_text();
    let big = BIG.iter().find(|(n, _)| *n == base_name.as_str());
    let mut out = speak(base);
    while let Some(child) = children.next() {
        match child.kind() {
            SyntaxKind::Underscore => {
                let sub = children.next().map(speak).unwrap_or_default();
                out.push(if big.is_some() { "from" } else { "sub" }.into());
                out.extend(sub);
            }
            SyntaxKind::Hat => {
                let power = children.next().map(speak).unwrap_or_default();
                if big.is_some() {
                    out.push("to".into());
                    out.extend(power);
                    continue;
                }
                match power.join(" ").as_str() {
                    "2" => out.push("squared".into()),
                    "3" => out.push("cubed".into()),
                    "prime" => out.push("prime".into()),
                    _ => {
                        out.push("to the power".into());
                        out.extend(power);
                    }
                }
            }
            _ => out.extend(speak(child)),
        }
    }
    if big.is_some() {
        out.push("of".into());
    }
    out
}

/// A function call in math: `frac`, roots, matrices, accents and the
/// like by what they mean; styles by their content; anything else by its
/// name and arguments.
fn call(node: &SyntaxNode) -> Vec<String> {
    let mut children = node.children();
    let callee = children
        .next()
        .map(|c| c.full_text().to_string())
        .unwrap_or_default();
    let rows = arguments(children.next());
    let args: Vec<Vec<String>> = rows.iter().flatten().cloned().collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let all = || -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push(",".into());
            }
            out.extend(a.iter().cloned());
        }
        out
    };
    let around =
        |head: &str, end: &str| [vec![head.to_owned()], all(), vec![end.to_owned()]].concat();
    match callee.as_str() {
        "frac" | "dfrac" => fraction(arg(0), arg(1)),
        "sqrt" => around("square root of", "end root"),
        "root" => [
            vec![format!("{} root of", arg(0).join(" "))],
            arg(1),
            vec!["end root".into()],
        ]
        .concat(),
        "binom" => [arg(0), vec!["choose".into()], arg(1)].concat(),
        "abs" => around("absolute value of", "end absolute value"),
        "norm" => around("norm of", "end norm"),
        "floor" => around("floor of", "end floor"),
        "ceil" => around("ceiling of", "end ceiling"),
        "hat" | "tilde" | "dot" | "macron" | "breve" | "acute" | "grave" | "caron" => {
            [arg(0), vec![callee.replace("macron", "bar")]].concat()
        }
        "overline" => [arg(0), vec!["bar".into()]].concat(),
        "dot.double" | "diaer" => [arg(0), vec!["double dot".into()]].concat(),
        "arrow" | "vec" if rows.len() <= 1 && args.len() == 1 => {
            [arg(0), vec!["vector".into()]].concat()
        }
        "vec" => around("vector", "end vector"),
        "mat" => matrix(&rows, "matrix"),
        "cases" => {
            let mut out = vec!["cases".to_owned()];
            for a in &args {
                out.extend(a.iter().cloned());
                out.push(";".into());
            }
            out
        }
        "upright" | "bold" | "italic" | "cal" | "frak" | "mono" | "bb" | "sans" | "serif"
        | "op" | "lr" | "display" | "inline" | "script" | "sscript" | "class" | "limits"
        | "scripts" | "math.op" | "text" | "cancel" | "underbrace" | "overbrace" | "mid" => all(),
        // Not a function (`Gamma(beta)`, `O(n)`, `sin(x)`): the name and its
        // parentheses, as printed.
        _ => [
            vec![name(&callee), "open paren".into()],
            all(),
            vec!["close paren".into()],
        ]
        .concat(),
    }
}

/// The arguments of a math call spoken, row by row (`;` ends a row);
/// named arguments (`delim: "["`) are settings, not spoken.
fn arguments(args: Option<&SyntaxNode>) -> Vec<Vec<Vec<String>>> {
    let mut rows = vec![Vec::new()];
    let mut current: Option<Vec<String>> = None;
    let Some(args) = args else {
        return Vec::new();
    };
    for child in args.children() {
        match child.kind() {
            SyntaxKind::LeftParen | SyntaxKind::RightParen => {}
            SyntaxKind::Comma | SyntaxKind::Semicolon => {
                if let Some(arg) = current.take() {
                    rows.last_mut().expect("a row").push(arg);
                }
                if child.kind() == SyntaxKind::Semicolon {
                    rows.push(Vec::new());
                }
            }
            SyntaxKind::Named | SyntaxKind::Spread => {}
            kind if kind.is_trivia() => {}
            _ => current.get_or_insert_default().extend(speak(child)),
        }
    }
    if let Some(arg) = current {
        rows.last_mut().expect("a row").push(arg);
    }
    rows.retain(|row| !row.is_empty());
    rows
}

#[cfg(test)]
mod tests {
    use super::typst;

    #[test]
    fn typst_math_is_spoken_like_latex() {
        assert_eq!(typst("x_i^2 + alpha"), "x sub i squared plus alpha");
        assert_eq!(typst("frac(1, 2) alpha"), "1 over 2 alpha");
        assert_eq!(typst("(a+b)/c"), "fraction a plus b over c end fraction");
        assert_eq!(
            typst("sum_(i=1)^n a_i = O(n log n)"),
            "sum from i equals 1 to n of a sub i equals O open paren n log n close paren"
        );
        assert_eq!(
            typst("norm(e_k) <= C h^p"),
            "norm of e sub k end norm less than or equal to C h to the power p"
        );
        assert_eq!(
            typst("mat(a, b; c, d)"),
            "2 by 2 matrix row 1: a, b; row 2: c, d; end matrix"
        );
        assert_eq!(
            typst("Gamma(beta) -> oo"),
            "capital gamma open paren beta close paren to infinity"
        );
        assert_eq!(typst("sqrt(x)"), "square root of x end root");
        assert_eq!(typst("x in RR"), "x in the real numbers");
        assert_eq!(typst("hat(x) dot y"), "x hat times y");
        for s in [
            "", "(", "_", "^", "mat(", "frac(a", "#", "a/", "√", "\"", "x_",
        ] {
            let _ = typst(s);
        }
    }
}
