//! A formula as words a screen reader speaks — its alt text in tagged
//! PDF: `x_i = \frac{1}{2}\alpha` is "x sub i equals 1 over 2 alpha", not
//! its source. Read on its own, leniently (whatever is not understood is
//! spoken as its name, never dropped), for LaTeX; [`typst`] does the same
//! for an author's Typst math.

struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn command(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        if self.at == start && self.peek().is_some() {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    /// The next argument (a group or one atom), spoken.
    fn argument(&mut self) -> Vec<String> {
        self.skip_space();
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.sequence(Some('}'))
            }
            Some(_) => self.atom(),
            None => Vec::new(),
        }
    }

    /// Raw text of the next group, for environment names and `\text`.
    fn raw_group(&mut self) -> String {
        self.skip_space();
        if self.peek() != Some('{') {
            return String::new();
        }
        self.at += 1;
        let mut depth = 1;
        let start = self.at;
        while let Some(c) = self.peek() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        let text: String = self.chars[start..self.at].iter().collect();
                        self.at += 1;
                        return text;
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
        self.chars[start..].iter().collect()
    }

    /// Words up to `end` (or the end of the formula).
    fn sequence(&mut self, end: Option<char>) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => break,
                Some(c) if Some(c) == end => {
                    self.at += 1;
                    break;
                }
                Some('_') => {
                    self.at += 1;
                    let sub = self.argument();
                    out.push("sub".into());
                    out.extend(sub);
                }
                Some('^') => {
                    self.at += 1;
                    let power = self.argument();
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
                Some(_) => out.extend(self.atom()),
            }
        }
        out
    }

    /// One atom: a command with its arguments, a group, a number, a letter
    /// or a sign.
    fn atom(&mut self) -> Vec<String> {
        let Some(c) = self.peek() else {
            return Vec::new();
        };
        self.at += 1;
        let word = |w: &str| vec![w.to_owned()];
        match c {
            '\\' => self.command_words(),
            '{' => self.sequence(Some('}')),
            '0'..='9' | '.' if c != '.' || self.peek().is_some_and(|n| n.is_ascii_digit()) => {
                let mut number = c.to_string();
                while let Some(n) = self.peek().filter(|n| n.is_ascii_digit() || *n == '.') {
                    number.push(n);
                    self.at += 1;
                }
                vec![number]
            }
            '&' | '~' => Vec::new(),
            c => match sign(c) {
                Some(spoken) => word(spoken),
                None => vec![c.to_string()],
            },
        }
    }

    fn command_words(&mut self) -> Vec<String> {
        let name = self.command();
        let lower = name.to_lowercase();
        if GREEK.contains(&lower.trim_start_matches("var")) || GREEK.contains(&name.as_str()) {
            let letter = lower.trim_start_matches("var").to_owned();
            return if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                vec![format!("capital {letter}")]
            } else {
                vec![letter]
            };
        }
        if let Some((_, words)) = WORDS.iter().find(|(n, _)| *n == name) {
            return if words.is_empty() {
                Vec::new()
            } else {
                vec![(*words).to_owned()]
            };
        }
        if PLAIN.contains(&name.as_str()) {
            return self.argument();
        }
        match name.as_str() {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let top = self.argument();
                let bottom = self.argument();
                fraction(top, bottom)
            }
            "sqrt" => {
                self.skip_space();
                let index = if self.peek() == Some('[') {
                    self.at += 1;
                    Some(self.sequence(Some(']')))
                } else {
                    None
                };
                let body = self.argument();
                let head = match index {
                    Some(i) => format!("{} root of", i.join(" ")),
                    None => "square root of".to_owned(),
                };
                [vec![head], body, vec!["end root".into()]].concat()
            }
            "sum" | "prod" | "int" | "iint" | "oint" | "bigcup" | "bigcap" => {
                let spoken = match name.as_str() {
                    "sum" => "sum",
                    "prod" => "product",
                    "int" => "integral",
                    "iint" => "double integral",
                    "oint" => "contour integral",
                    "bigcup" => "union",
                    _ => "intersection",
                };
                let mut out = vec![spoken.to_owned()];
                for _ in 0..2 {
                    self.skip_space();
                    match self.peek() {
                        Some('_') => {
                            self.at += 1;
                            out.push("from".into());
                            out.extend(self.argument());
                        }
                        Some('^') => {
                            self.at += 1;
                            out.push("to".into());
                            out.extend(self.argument());
                        }
                        _ => {}
                    }
                }
                out.push("of".into());
                out
            }
            "hat" | "bar" | "overline" | "tilde" | "dot" | "ddot" | "vec" => {
                let body = self.argument();
                let mark = match name.as_str() {
                    "overline" => "bar",
                    "ddot" => "double dot",
                    "vec" => "vector",
                    other => other,
                };
                [body, vec![mark.to_owned()]].concat()
            }
            "begin" => {
                let environment = self.raw_group();
                self.matrix(&environment)
            }
            "end" => {
                self.raw_group();
                Vec::new()
            }
            "alt" => {
                self.raw_group();
                Vec::new()
            }
            "\\" => vec![";".into()],
            "," | ";" | ":" | "!" | " " => Vec::new(),
            "{" | "}" | "%" | "$" | "&" | "#" | "_" => vec![name],
            other => vec![other.to_owned()],
        }
    }

    /// A matrix-like environment up to its `\end`: its size and its rows.
    fn matrix(&mut self, environment: &str) -> Vec<String> {
        let mut rows: Vec<Vec<Vec<String>>> = vec![vec![Vec::new()]];
        loop {
            self.skip_space();
            match self.peek() {
                None => break,
                Some('&') => {
                    self.at += 1;
                    rows.last_mut().unwrap().push(Vec::new());
                }
                Some('\\') if self.chars.get(self.at + 1) == Some(&'\\') => {
                    self.at += 2;
                    rows.push(vec![Vec::new()]);
                }
                Some('\\') if self.chars[self.at + 1..].starts_with(&['e', 'n', 'd']) => {
                    self.at += 4;
                    self.raw_group();
                    break;
                }
                Some(_) => {
                    let words = self.atom();
                    rows.last_mut().unwrap().last_mut().unwrap().extend(words);
                }
            }
        }
        rows.retain(|r| r.iter().any(|cell| !cell.is_empty()));
        if environment.contains("cases") {
            let mut out = vec!["cases".to_owned()];
            for row in rows {
                out.push(cells(&row, " if "));
                out.push(";".into());
            }
            return out;
        }
        let what = if environment.contains("matrix") {
            "matrix"
        } else {
            "array"
        };
        matrix(&rows, what)
    }
}

/// A sign or a letter typed as itself, spoken: `+` "plus", `≤` "less
/// than or equal to", `α` "alpha".
pub(super) fn sign(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' | '−' => "minus",
        '=' => "equals",
        '<' => "less than",
        '>' => "greater than",
        '/' => "divided by",
        '*' | '×' | '·' | '⋅' => "times",
        '÷' => "divided by",
        '±' => "plus or minus",
        '≤' => "less than or equal to",
        '≥' => "greater than or equal to",
        '≠' => "not equal to",
        '≈' => "approximately equals",
        '→' => "to",
        '∞' => "infinity",
        '∈' => "in",
        '∂' => "partial",
        '∑' => "sum",
        '∫' => "integral",
        '(' => "open paren",
        ')' => "close paren",
        '[' => "open bracket",
        ']' => "close bracket",
        '{' => "open brace",
        '}' => "close brace",
        '|' => "vertical bar",
        '!' => "factorial",
        '\'' | '′' => "prime",
        ',' => ",",
        ';' => ";",
        ':' => "colon",
        '#' => "number sign",
        '%' => "percent",
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'δ' => "delta",
        'ε' | 'ϵ' => "epsilon",
        'θ' => "theta",
        'λ' => "lambda",
        'μ' => "mu",
        'π' => "pi",
        'ρ' => "rho",
        'σ' => "sigma",
        'τ' => "tau",
        'φ' | 'ϕ' => "phi",
        'χ' => "chi",
        'ψ' => "psi",
        'ω' => "omega",
        'Γ' => "capital gamma",
        'Δ' => "capital delta",
        'Σ' => "capital sigma",
        'Ω' => "capital omega",
        _ => return None,
    })
}

/// A fraction: "a over b", or set off when either part is longer.
pub(super) fn fraction(top: Vec<String>, bottom: Vec<String>) -> Vec<String> {
    if top.len() <= 1 && bottom.len() <= 1 {
        [top, vec!["over".into()], bottom].concat()
    } else {
        [
            vec!["fraction".into()],
            top,
            vec!["over".into()],
            bottom,
            vec!["end fraction".into()],
        ]
        .concat()
    }
}

/// The words of a row's cells, `between` each two.
fn cells(row: &[Vec<String>], between: &str) -> String {
    (row.iter().map(|cell| cell.join(" ")))
        .collect::<Vec<_>>()
        .join(between)
}

/// A matrix (or array, `what`) spoken as its size and its rows.
pub(super) fn matrix(rows: &[Vec<Vec<String>>], what: &str) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = vec![format!("{} by {columns} {what}", rows.len())];
    for (i, row) in rows.iter().enumerate() {
        out.push(format!("row {}:", i + 1));
        out.push(cells(row, ", "));
        out.push(";".into());
    }
    out.push(format!("end {what}"));
    out
}

/// Words joined, punctuation hugging the word before it.
pub(super) fn join(words: Vec<String>) -> String {
    let mut out = String::new();
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        if !out.is_empty() && !matches!(word.as_str(), "," | ";") {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out.trim_end_matches([';', ' ']).to_owned()
}

/// A LaTeX formula spoken.
pub fn latex(formula: &str) -> String {
    let mut reader = Reader {
        chars: formula.chars().collect(),
        at: 0,
    };
    join(reader.sequence(None))
}

/// The author's own alt text written in the formula (`\alt{…}`), and the
/// formula without it.
pub fn given_alt(formula: &str) -> Option<(String, String)> {
    let start = formula.find("\\alt")?;
    let mut reader = Reader {
        chars: formula[start + 4..].chars().collect(),
        at: 0,
    };
    let alt = reader.raw_group();
    let used: usize = reader.chars[..reader.at].iter().map(|c| c.len_utf8()).sum();
    let rest = format!("{}{}", &formula[..start], &formula[start + 4 + used..]);
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    (!alt.is_empty()).then_some((alt, rest))
}

mod tables;
mod typst;

use tables::{GREEK, PLAIN, WORDS};
pub use typst::{typst, typst_equation};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_spoken() {
        assert_eq!(
            latex(r"x_i = \frac{1}{2}\alpha"),
            "x sub i equals 1 over 2 alpha"
        );
        assert_eq!(
            latex(r"\sum_{i=1}^{n} x_i^2"),
            "sum from i equals 1 to n of x sub i squared"
        );
        assert_eq!(
            latex(r"\frac{a+b}{c}"),
            "fraction a plus b over c end fraction"
        );
        assert_eq!(
            latex(r"\Gamma(\beta)"),
            "capital gamma open paren beta close paren"
        );
        assert_eq!(
            latex(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
            "2 by 2 matrix row 1: a, b; row 2: c, d; end matrix"
        );
        assert_eq!(latex(r"\sqrt{x}"), "square root of x end root");
        assert_eq!(
            given_alt(r"E=mc^2 \alt{energy equals m c squared}")
                .unwrap()
                .0,
            "energy equals m c squared"
        );
        assert_eq!(typst("x_i^2 + alpha"), "x sub i squared plus alpha");
        // Whatever it is given: no panic.
        for s in [
            "\\",
            "{",
            "}",
            "_",
            "^",
            "\\frac",
            "\\begin{matrix}",
            "\\sqrt[",
            "\\alt{",
        ] {
            let _ = latex(s);
            let _ = given_alt(s);
        }
    }
}
