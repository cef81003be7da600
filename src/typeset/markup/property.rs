//! The property test of the prose converters: generated Markdown, text and
//! LaTeX made of the characters that matter to Typst must always become
//! Typst that parses, compiles, and calls nothing but the converters' own
//! vocabulary — user text is data, never code.

use typst::syntax::{SyntaxKind, SyntaxNode};

use super::formulas::latex_math;
use super::{markdown_to_typst_mapped, text_to_typst_mapped};
use crate::model::MathSyntax;

/// The functions the Markdown and text converters call in markup.
const MARKUP_CALLS: &[&str] = &[
    "block",
    "emph",
    "enum",
    "figure",
    "image",
    "line",
    "linebreak",
    "link",
    "list",
    "quote",
    "raw",
    "strike",
    "strong",
    "text",
];

/// The functions the LaTeX converter calls in math.
const MATH_CALLS: &[&str] = &[
    "accent",
    "arrow",
    "bb",
    "binom",
    "bold",
    "cal",
    "cancel",
    "cases",
    "frac",
    "frak",
    "hat",
    "italic",
    "limits",
    "lr",
    "mat",
    "mid",
    "mono",
    "op",
    "overbrace",
    "overline",
    "root",
    "sans",
    "scr",
    "scripts",
    "sqrt",
    "tilde",
    "underbrace",
    "underline",
    "upright",
    "vec",
];

/// What may follow a `#` inside math: the LaTeX converter's `delim: #none`.
const MATH_HASH: &[&str] = &["none"];

/// Syntax that prose must never form: bindings, rules, control flow,
/// imports, closures, and markup the converters write as calls instead.
const FORBIDDEN: &[SyntaxKind] = &[
    SyntaxKind::LetBinding,
    SyntaxKind::SetRule,
    SyntaxKind::ShowRule,
    SyntaxKind::Contextual,
    SyntaxKind::Conditional,
    SyntaxKind::WhileLoop,
    SyntaxKind::ForLoop,
    SyntaxKind::ModuleImport,
    SyntaxKind::ModuleInclude,
    SyntaxKind::Closure,
    SyntaxKind::FuncReturn,
    SyntaxKind::LoopBreak,
    SyntaxKind::LoopContinue,
    SyntaxKind::CodeBlock,
    SyntaxKind::Label,
    SyntaxKind::Ref,
    SyntaxKind::Heading,
    SyntaxKind::ListItem,
    SyntaxKind::EnumItem,
    SyntaxKind::TermItem,
    SyntaxKind::Strong,
    SyntaxKind::Emph,
    SyntaxKind::Raw,
    SyntaxKind::Link,
    SyntaxKind::Unary,
    SyntaxKind::Binary,
];

/// A small deterministic generator (xorshift64*): the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The pieces inputs are made of: the characters that matter to Typst,
/// Markdown and LaTeX, letters and spaces, LaTeX's delimiters and commands.
const PIECES: &[&str] = &[
    "*",
    "_",
    "`",
    "[",
    "]",
    "(",
    ")",
    "#",
    "$",
    "\\",
    "{",
    "}",
    "^",
    "\"",
    "<",
    ">",
    "@",
    "=",
    ".",
    "a",
    "b",
    "x",
    "U",
    "1",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "$$",
    "\\alpha",
    "\\frac",
    "\\text",
    "\\mathrm",
    "\\sqrt",
    "\\unknown",
    "\\left",
    "\\right",
    "&",
    "\\\\",
    "\\begin{pmatrix}",
    "\\end{pmatrix}",
    "~",
    "-",
    "+",
    "/",
    ":",
    "'",
    ",",
    ";",
    "%",
    "|",
    "!",
    "**",
    "~~",
    "```",
    "- ",
    "1. ",
    "> ",
    "# ",
    "    ",
    "[a](b)",
    "![i](p.png)",
    "<b>",
    "http://x.org",
    "//",
    "/*",
    "*/",
    "@x",
    "<l>",
    ".f",
    "#x",
    "#panic(",
    "std.",
    "std.panic(\"x\")",
    "ab(",
    "\t",
    "\r\n",
];

/// One generated input of up to 40 pieces.
fn input(rng: &mut Rng) -> String {
    let len = rng.below(41);
    (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

/// Why `typst` breaks the rules, if it does; `author_math`: its math may be
/// the author's Typst math, which may call any math function (an unknown
/// one is Typst's error at its place) but never reach `std`.
fn problem(typst: &str, author_math: bool) -> Option<String> {
    let root = typst::syntax::parse(typst);
    if root.diagnosis().errors {
        let (errors, _) = root.errors_and_warnings();
        return Some(format!("does not parse: {:?}", errors[0].message));
    }
    walk(&root, false, author_math)
}

/// The first call or syntax in `node` outside the converters' vocabulary.
fn walk(node: &SyntaxNode, in_math: bool, author_math: bool) -> Option<String> {
    let kind = node.kind();
    if in_math && node.full_text() == "std" {
        return Some("reaches `std`".into());
    }
    if FORBIDDEN.contains(&kind) || (!in_math && kind == SyntaxKind::FieldAccess) {
        return Some(format!("forms {kind:?}: {:?}", node.full_text()));
    }
    if kind == SyntaxKind::FuncCall
        && !in_math
        && node.children().next()?.full_text() == "math.equation"
    {
        return alt_formula(node, author_math);
    }
    if kind == SyntaxKind::FuncCall {
        let callee = node.children().next()?;
        let allowed = if in_math { MATH_CALLS } else { MARKUP_CALLS };
        let name = callee.full_text();
        let is_name = matches!(callee.kind(), SyntaxKind::Ident | SyntaxKind::MathIdent);
        let known = allowed.contains(&name.as_str()) || (in_math && author_math);
        if !is_name || !known {
            return Some(format!("calls {:?}", callee.full_text()));
        }
    }
    let in_math = in_math || kind == SyntaxKind::Equation;
    let children: Vec<&SyntaxNode> = node.children().collect();
    for (i, child) in children.iter().enumerate() {
        if child.kind() == SyntaxKind::Hash {
            let Some(expr) = children.get(i + 1) else {
                return Some("a `#` with nothing after it".into());
            };
            let fine = if in_math {
                MATH_HASH.contains(&expr.full_text().as_str())
            } else {
                expr.kind() == SyntaxKind::FuncCall
            };
            if !fine {
                return Some(format!("embeds {:?}", expr.full_text()));
            }
        }
        if let Some(problem) = walk(child, in_math, author_math) {
            return Some(problem);
        }
    }
    None
}

/// The converters' one call with a field access: a formula with its alt
/// text, `math.equation(alt: "…", block: true|false, $…$.body)` — a string
/// literal, a boolean and a formula's body, and the formula within the
/// vocabulary.
fn alt_formula(node: &SyntaxNode, author_math: bool) -> Option<String> {
    let wrong = || Some(format!("calls math.equation as {:?}", node.full_text()));
    let args = node.children().find(|c| c.kind() == SyntaxKind::Args)?;
    let mut seen = (false, false, false);
    for arg in args.children() {
        match arg.kind() {
            SyntaxKind::Named => {
                let parts: Vec<&SyntaxNode> =
                    arg.children().filter(|c| !c.kind().is_trivia()).collect();
                match (
                    parts.first().map(|p| p.full_text()).as_deref(),
                    parts.last().map(|p| p.kind()),
                ) {
                    (Some("alt"), Some(SyntaxKind::Str)) => seen.0 = true,
                    (Some("block"), Some(SyntaxKind::Bool)) => seen.1 = true,
                    _ => return wrong(),
                }
            }
            SyntaxKind::FieldAccess => {
                let parts: Vec<&SyntaxNode> = arg.children().collect();
                let [equation, _, field] = parts.as_slice() else {
                    return wrong();
                };
                if equation.kind() != SyntaxKind::Equation || field.full_text() != "body" {
                    return wrong();
                }
                if let Some(problem) = walk(equation, false, author_math) {
                    return Some(problem);
                }
                seen.2 = true;
            }
            SyntaxKind::LeftParen | SyntaxKind::RightParen | SyntaxKind::Comma => {}
            k if k.is_trivia() => {}
            _ => return wrong(),
        }
    }
    if seen == (true, true, true) {
        None
    } else {
        wrong()
    }
}

/// The Typst each converter makes of `input`: Markdown and text with every
/// formula read as LaTeX and as the default reads it, and `input` as one
/// LaTeX formula.
fn conversions(input: &str) -> Vec<(&'static str, String)> {
    let markdown = |math| markdown_to_typst_mapped(input, "/a", math).typst;
    let mut out = vec![
        ("markdown (latex)", markdown(MathSyntax::Latex)),
        ("markdown (auto)", markdown(MathSyntax::Auto)),
        ("markdown (typst)", markdown(MathSyntax::Typst)),
        (
            "text (auto)",
            text_to_typst_mapped(input, MathSyntax::Auto).typst,
        ),
        (
            "text (latex)",
            text_to_typst_mapped(input, MathSyntax::Latex).typst,
        ),
    ];
    for display in [false, true] {
        if let Ok(math) = latex_math(input, display) {
            out.push(("latex", math));
        }
    }
    out
}

/// What checking a share of the inputs found: the rule breaks (one
/// example of each kind), how many conversions were checked, and a sample
/// of them to compile.
#[derive(Default)]
struct Findings {
    failures: Vec<String>,
    kinds: std::collections::BTreeSet<String>,
    broken: usize,
    checked: usize,
    sample: Vec<String>,
}

/// Checks `count` inputs generated from `seed`.
fn check(seed: u64, count: usize) -> Findings {
    let mut rng = Rng(seed);
    let mut found = Findings::default();
    for n in 0..count {
        let input = input(&mut rng);
        for (converter, typst) in conversions(&input) {
            found.checked += 1;
            let author_math = converter.ends_with("(auto)") || converter.ends_with("(typst)");
            if let Some(problem) = problem(&typst, author_math) {
                found.broken += 1;
                let kind = format!("{converter} {}", &problem[..problem.len().min(30)]);
                if found.kinds.insert(kind) {
                    let failure = format!("{converter} {input:?}\n  → {typst:?}\n  {problem}");
                    found.failures.push(failure);
                }
            } else if n % 400 == 0 && !typst.contains("image(") && !author_math {
                // Images would need their files, and the author's Typst math
                // may name what does not exist (Typst's error at its place);
                // everything else compiles as is.
                found.sample.push(typst);
            }
        }
    }
    found
}

/// Compiles `snippets` as one document in a real (empty) project's world.
fn compile(snippets: &[String]) -> Result<usize, String> {
    use std::collections::HashMap;
    use typst::foundations::{Bytes, Datetime};
    use typst_layout::PagedDocument;

    let source = snippets.join("\n\n");
    let dir = tempfile::tempdir().map_err(|err| err.to_string())?;
    let date = Datetime::from_ymd(2024, 5, 6).ok_or("date")?;
    let fonts = crate::typeset::fonts::builtin();
    let world = crate::typeset::world::ProjectWorld::new(dir.path(), dir.path(), date, fonts);
    let main = crate::vpaths::file_id("/main.typ");
    let files = HashMap::from([(main, Bytes::from_string(source))]);
    let compiled = typst::compile::<PagedDocument>(&world.document_with(main, files));
    match compiled.output {
        Ok(document) => Ok(document.pages().len()),
        Err(errors) => {
            let messages: Vec<String> = errors
                .iter()
                .map(|e| format!("{} ({:?})", e.message, e.hints))
                .collect();
            Err(messages.join("\n"))
        }
    }
}

#[test]
fn generated_prose_always_becomes_typst_that_parses_and_calls_only_the_vocabulary() {
    const INPUTS: usize = 100_000;
    const SHARES: u64 = 4;
    let shares: Vec<Findings> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..SHARES)
            .map(|share| {
                let seed = 0x5eed_c0de_1234_5678 ^ (share + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                scope.spawn(move || check(seed, INPUTS / SHARES as usize))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked: usize = shares.iter().map(|f| f.checked).sum();
    let broken: usize = shares.iter().map(|f| f.broken).sum();
    assert!(checked >= INPUTS * 5, "{checked}");
    let failures: Vec<&String> = shares.iter().flat_map(|f| &f.failures).take(12).collect();
    assert!(
        broken == 0,
        "{broken} of {checked} conversions broke the rules; one of each kind:\n{}",
        failures
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // A sample compiles: no call fails on its arguments, no unknown name.
    let sample: Vec<String> = shares.into_iter().flat_map(|f| f.sample).collect();
    assert!(sample.len() >= 500, "{}", sample.len());
    let pages = compile(&sample).unwrap_or_else(|errors| panic!("{errors}"));
    assert!(pages > 0);
}
