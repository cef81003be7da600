//! An author's own Typst abstract made accessible before Typst reads it:
//! every formula wrapped with alt text spoken from it, every image without
//! alt text given one (from its figure's caption or its file's name, and
//! remembered for a warning). Only insertions: each character the author
//! typed stays in order, so every position maps back exactly.
//!
//! A template's show rule cannot do this: the equation it is given is
//! tagged as written, without alt text, whatever the rule returns.

use std::ops::Range;

use typst::syntax::{LinkedNode, SyntaxKind, SyntaxNode};

use crate::escape::string_literal;
use crate::typeset::latex::speech;
use crate::typeset::markup::SourceSpan;

/// An author's Typst file with alt text added.
#[derive(Debug, Default)]
pub struct Authored {
    /// The Typst Typst reads.
    pub typst: String,
    /// Each inserted piece and the element of the author's file it belongs to.
    pub inserted: Vec<SourceSpan>,
    /// The author's text copied between insertions (equal lengths).
    pub copied: Vec<SourceSpan>,
    /// The images that had no alt text: where, and the alt text given.
    pub missing_alt: Vec<(Range<usize>, String)>,
}

/// One piece of text to insert at a position of the author's file.
struct Insertion {
    at: usize,
    /// Closing pieces go before opening ones at the same position.
    opening: bool,
    text: String,
    /// The element it belongs to.
    element: Range<usize>,
}

/// `source` (an author's Typst file) with alt text for its formulas and
/// images.
pub fn accessible(source: &str) -> Authored {
    let root = typst::syntax::parse(source);
    let mut insertions = Vec::new();
    let mut missing_alt = Vec::new();
    visit(&LinkedNode::new(&root), &mut insertions, &mut missing_alt);
    insertions.sort_by_key(|i| (i.at, i.opening));

    let mut out = Authored {
        missing_alt,
        ..Authored::default()
    };
    let mut from = 0;
    for insertion in insertions {
        copy(&mut out, source, from..insertion.at);
        let start = out.typst.len();
        out.typst.push_str(&insertion.text);
        out.inserted.push(SourceSpan {
            generated: start..out.typst.len(),
            source: insertion.element,
        });
        from = insertion.at;
    }
    copy(&mut out, source, from..source.len());
    out
}

/// Copies a stretch of the author's text, remembering where it went.
fn copy(out: &mut Authored, source: &str, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let start = out.typst.len();
    out.typst.push_str(&source[range.clone()]);
    out.copied.push(SourceSpan {
        generated: start..out.typst.len(),
        source: range,
    });
}

/// Finds what needs alt text below `node`.
fn visit(
    node: &LinkedNode,
    insertions: &mut Vec<Insertion>,
    missing: &mut Vec<(Range<usize>, String)>,
) {
    match node.kind() {
        SyntaxKind::Equation if !inside_equation_call(node) => wrap_equation(node, insertions),
        SyntaxKind::FuncCall => {
            let callee = node.get().children().next().map(SyntaxNode::full_text);
            match callee.as_deref() {
                Some("image" | "std.image") => image(node, insertions, missing),
                Some("math.equation" | "std.math.equation") => equation_call(node, insertions),
                _ => {}
            }
        }
        _ => {}
    }
    for child in node.children() {
        visit(&child, insertions, missing);
    }
}

/// Wraps `$…$` as an equation with alt text: in markup
/// `#std.math.equation(alt: "…", block: …, $…$.body);` (the `;` ends the
/// call, so text after the formula cannot continue it), in code the same
/// expression without `#` and `;`.
fn wrap_equation(node: &LinkedNode, insertions: &mut Vec<Insertion>) {
    let alt = speech::typst_equation(node.get());
    // A formula of spacing alone speaks no word; tagged PDF still wants one.
    let alt = if alt.trim().is_empty() {
        "formula".to_owned()
    } else {
        alt
    };
    let block = node
        .get()
        .cast::<typst::syntax::ast::Equation>()
        .is_some_and(|e| e.block());
    let hashed = node.prev_sibling_with_trivia().map(|s| s.kind()) == Some(SyntaxKind::Hash);
    let markup = !hashed && node.parent_kind() == Some(SyntaxKind::Markup);
    let range = node.range();
    insertions.push(Insertion {
        at: range.start,
        opening: true,
        text: format!(
            "{}std.math.equation(alt: {}, block: {block}, ",
            if markup { "#" } else { "" },
            string_literal(&alt)
        ),
        element: range.clone(),
    });
    insertions.push(Insertion {
        at: range.end,
        opening: false,
        text: if markup { ".body);" } else { ".body)" }.to_owned(),
        element: range,
    });
}

/// Whether an equation is an argument of the author's own
/// `math.equation(…)`, which gets the alt text instead.
fn inside_equation_call(node: &LinkedNode) -> bool {
    let call = node
        .parent()
        .filter(|p| p.kind() == SyntaxKind::Args)
        .and_then(LinkedNode::parent)
        .filter(|p| p.kind() == SyntaxKind::FuncCall);
    call.and_then(|c| c.get().children().next().map(SyntaxNode::full_text))
        .is_some_and(|callee| matches!(callee.as_str(), "math.equation" | "std.math.equation"))
}

/// The author's `math.equation(…)` without `alt:`: spoken from its formula.
fn equation_call(node: &LinkedNode, insertions: &mut Vec<Insertion>) {
    let Some(args) = arguments(node) else { return };
    let Some(formula) = args
        .children()
        .find(|c| c.kind() == SyntaxKind::Equation || c.kind() == SyntaxKind::FieldAccess)
    else {
        return;
    };
    let alt = speech::typst_equation(formula.get());
    let alt = if alt.trim().is_empty() {
        "formula".to_owned()
    } else {
        alt
    };
    let argument = format!("alt: {}, ", string_literal(&alt));
    insert_argument(&args, argument, node.range(), insertions);
}

/// An `image(…)` without `alt:`: given its figure's caption or its file's
/// name, remembered for a warning.
fn image(
    node: &LinkedNode,
    insertions: &mut Vec<Insertion>,
    missing: &mut Vec<(Range<usize>, String)>,
) {
    let Some(args) = arguments(node) else { return };
    let alt = caption(node)
        .or_else(|| {
            let path = args.children().find(|c| c.kind() == SyntaxKind::Str)?;
            let path = path.get().full_text();
            let name = path.trim_matches('"').rsplit('/').next()?.to_owned();
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            Some(stem.replace(['-', '_'], " "))
        })
        .filter(|alt| !alt.trim().is_empty())
        .unwrap_or_else(|| "image".to_owned());
    insert_argument(
        &args,
        format!("alt: {}, ", string_literal(&alt)),
        node.range(),
        insertions,
    );
    missing.push((node.range(), alt));
}

/// A call's argument list, unless it already names `alt` or spreads
/// arguments (which may hold it).
fn arguments<'a>(call: &LinkedNode<'a>) -> Option<LinkedNode<'a>> {
    let args = call.children().find(|c| c.kind() == SyntaxKind::Args)?;
    let named = |c: &LinkedNode| {
        c.kind() == SyntaxKind::Spread
            || (c.kind() == SyntaxKind::Named
                && c.get()
                    .children()
                    .next()
                    .map(SyntaxNode::full_text)
                    .as_deref()
                    == Some("alt"))
    };
    let open = args.get().children().next()?.kind() == SyntaxKind::LeftParen;
    (open && !args.children().any(|c| named(&c))).then_some(args)
}

/// Inserts an argument right after a call's `(`.
fn insert_argument(
    args: &LinkedNode,
    text: String,
    element: Range<usize>,
    insertions: &mut Vec<Insertion>,
) {
    insertions.push(Insertion {
        at: args.offset() + 1,
        opening: true,
        text,
        element,
    });
}

/// The caption of the figure an image is the body of, as plain words.
fn caption(image: &LinkedNode) -> Option<String> {
    let figure = image
        .parent()
        .filter(|p| p.kind() == SyntaxKind::Args)?
        .parent()
        .filter(|p| p.kind() == SyntaxKind::FuncCall)?;
    let callee = figure.get().children().next()?.full_text();
    if !matches!(callee.as_str(), "figure" | "std.figure") {
        return None;
    }
    let args = figure.children().find(|c| c.kind() == SyntaxKind::Args)?;
    let caption = args.children().find(|c| {
        c.kind() == SyntaxKind::Named
            && c.get()
                .children()
                .next()
                .map(SyntaxNode::full_text)
                .as_deref()
                == Some("caption")
    })?;
    let mut words = String::new();
    collect_text(caption.get().children().last()?, &mut words);
    Some(words.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The text and string leaves of a node.
fn collect_text(node: &SyntaxNode, out: &mut String) {
    match node.kind() {
        SyntaxKind::Text | SyntaxKind::Space => out.push_str(node.leaf_text()),
        SyntaxKind::Str => {
            out.push(' ');
            out.push_str(node.leaf_text().trim_matches('"'));
        }
        SyntaxKind::Equation => {
            out.push(' ');
            out.push_str(&speech::typst_equation(node));
        }
        _ => node.children().for_each(|c| collect_text(c, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::accessible;

    #[test]
    fn formulas_get_alt_text_and_the_text_stays() {
        let out = accessible("Error $e_k <= h^p$ and\n$ sum_(i=1)^n a_i $.\n");
        assert_eq!(
            out.typst,
            "Error #std.math.equation(alt: \"e sub k less than or equal to h to the power p\", block: false, $e_k <= h^p$.body); and\n#std.math.equation(alt: \"sum from i equals 1 to n of a sub i\", block: true, $ sum_(i=1)^n a_i $.body);.\n"
        );
        assert!(!typst::syntax::parse(&out.typst).diagnosis().errors);
        // In code, an expression; the author's own alt text wins.
        let out = accessible("#let f = $x^2$\n#math.equation(alt: \"mine\", $y$)\n#figure($z$)");
        assert_eq!(
            out.typst,
            "#let f = std.math.equation(alt: \"x squared\", block: false, $x^2$.body)\n#math.equation(alt: \"mine\", $y$)\n#figure(std.math.equation(alt: \"z\", block: false, $z$.body))"
        );
    }

    #[test]
    fn images_without_alt_text_get_their_caption_or_file_name() {
        let out = accessible(
            "#figure(image(\"plots/energy-levels.png\"), caption: [Energy *levels*])\n#image(\"a_b.svg\", width: 50%)\n#image(\"c.png\", alt: \"C\")",
        );
        assert_eq!(
            out.typst,
            "#figure(image(alt: \"Energy levels\", \"plots/energy-levels.png\"), caption: [Energy *levels*])\n#image(alt: \"a b\", \"a_b.svg\", width: 50%)\n#image(\"c.png\", alt: \"C\")"
        );
        let alts: Vec<_> = out
            .missing_alt
            .iter()
            .map(|(_, alt)| alt.as_str())
            .collect();
        assert_eq!(alts, ["Energy levels", "a b"]);
        assert_eq!(out.missing_alt[1].0, 71..99);
    }

    #[test]
    fn every_position_maps_back() {
        let source = "A $x$ #image(\"p.png\") b";
        let out = accessible(source);
        for span in &out.copied {
            assert_eq!(
                out.typst[span.generated.clone()],
                source[span.source.clone()]
            );
        }
        let copied: usize = out.copied.iter().map(|s| s.source.len()).sum();
        assert_eq!(copied, source.len());
    }
}
