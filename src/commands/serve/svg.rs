//! One laid-out page as SVG for the browser: Typst's own SVG export, its
//! glyphs drawn as paths in place, with an invisible text layer on top so
//! that the page's words can be searched (Ctrl+F), selected and read by the
//! browser.

use std::collections::HashMap;
use std::fmt::Write;

use typst::layout::{Frame, FrameItem, Transform};
use typst_layout::Page;

/// The SVG of `page`, text layer included.
pub fn page_svg(page: &Page) -> String {
    let mut svg = inline_glyphs(&typst_svg::svg(page, &typst_svg::SvgOptions::default()));
    let mut layer = String::from(r#"<g class="confpress-text" fill="transparent">"#);
    text_layer(&page.frame, Transform::identity(), &mut layer);
    layer.push_str("</g>");
    match svg.rfind("</svg>") {
        Some(end) => svg.insert_str(end, &layer),
        None => svg.push_str(&layer),
    }
    svg
}

/// Typst's SVG with its glyphs drawn as paths where they stand, instead of
/// `<use>`s of the glyphs' `<symbol>`s, and the glyphs of a run of text (one
/// after the other, the same fill) as one path. Chromium builds a hidden
/// copy of the symbol for every `<use>`: a page of text (2,700 glyphs) took
/// it 150–400 ms to show, against 80–90 ms for the same page with a path per
/// glyph (measured in headless chromium); but a path per glyph made a page
/// of a 1,000-abstract volume 3.4 MB, and one path per run with numbers to
/// a thousandth of a point (Typst writes nine places) makes it a fraction
/// of that, in a tenth of the elements. A glyph's path is Typst's: a move
/// to its origin (`M 0 0`), then steps relative to it, so moving the origin
/// moves the glyph and paths put one after the other draw each glyph. A
/// `<use>` that is not a plain glyph (a transform of its own, a symbol that
/// is not one path) is left.
fn inline_glyphs(svg: &str) -> String {
    let mut glyphs: HashMap<&str, String> = HashMap::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<symbol id=\"") {
        let from = &rest[at + "<symbol id=\"".len()..];
        let Some(end) = from.find("</symbol>") else {
            break;
        };
        let symbol = &from[..end];
        rest = &from[end..];
        let Some((id, body)) = symbol.split_once('"') else {
            continue;
        };
        let steps = body
            .strip_prefix(" overflow=\"visible\"><path d=\"M 0 0")
            .and_then(|p| p.strip_suffix("\"/>"))
            .filter(|steps| !steps.contains(['"', '<', 'M']));
        if let Some(steps) = steps {
            glyphs.insert(id, compact_numbers(steps));
        }
    }
    let mut out = String::with_capacity(svg.len());
    // The run of glyphs being gathered: its other attributes and its path.
    let mut run: Option<(String, String)> = None;
    let flush = |run: &mut Option<(String, String)>, out: &mut String| {
        if let Some((others, d)) = run.take() {
            let _ = write!(out, "<path d=\"{}\"{others}/>", d.trim_end());
        }
    };
    let mut rest = svg;
    while let Some(at) = rest.find("<use ") {
        let between = &rest[..at];
        let tail = &rest[at..];
        let Some(end) = tail.find("/>") else {
            break;
        };
        let element = &tail[..end + 2];
        rest = &tail[end + 2..];
        match glyph_use(element, &glyphs) {
            Some((others, origin, steps)) => {
                let joins = between.is_empty() && run.as_ref().is_some_and(|(o, _)| *o == others);
                if !joins {
                    flush(&mut run, &mut out);
                    out.push_str(between);
                    run = Some((others, String::new()));
                }
                if let Some((_, d)) = &mut run {
                    let _ = write!(d, "M {origin}{steps}");
                }
            }
            None => {
                flush(&mut run, &mut out);
                out.push_str(between);
                out.push_str(element);
            }
        }
    }
    flush(&mut run, &mut out);
    out.push_str(rest);
    out
}

/// A `<use xlink:href="#id" x=".." y=".." …/>` of a glyph: its other
/// attributes (its fill), its origin ("x y") and the glyph's steps from it.
fn glyph_use<'g>(
    element: &str,
    glyphs: &'g HashMap<&str, String>,
) -> Option<(String, String, &'g str)> {
    let attributes = element.strip_prefix("<use ")?.strip_suffix("/>")?;
    let mut id = None;
    let (mut x, mut y) = ("0", "0");
    let mut others = String::new();
    for attribute in attributes.split("\" ").map(str::trim) {
        let attribute = attribute.trim_end_matches('"');
        let (name, value) = attribute.split_once("=\"")?;
        match name {
            "xlink:href" => id = Some(value.strip_prefix('#')?),
            "x" => x = value,
            "y" => y = value,
            // A transform of its own would have to be combined: left alone.
            "transform" => return None,
            _ => {
                let _ = write!(others, " {name}=\"{value}\"");
            }
        }
    }
    let steps = glyphs.get(id?)?;
    Some((
        others,
        format!("{} {}", compact_numbers(x), compact_numbers(y)),
        steps,
    ))
}

/// `steps` (a path's text) with each number rounded to three decimal
/// places, trailing zeros dropped: a thousandth of a point, invisible at
/// any zoom the preview offers, even summed over a glyph's relative steps.
fn compact_numbers(steps: &str) -> String {
    let mut out = String::with_capacity(steps.len() / 2);
    let mut chars = steps.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !(c.is_ascii_digit() || c == '-' || c == '.') {
            out.push(c);
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !(d.is_ascii_digit()
                || d == '.'
                || d == 'e'
                || d == '-' && steps[..i].ends_with('e'))
            {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let number = &steps[at..end];
        match number.parse::<f64>() {
            Ok(value) if number.contains('.') => {
                let rounded = format!("{:.3}", value);
                let rounded = rounded.trim_end_matches('0').trim_end_matches('.');
                out.push_str(if rounded == "-0" { "0" } else { rounded });
            }
            _ => out.push_str(number),
        }
    }
    out
}

/// Every run of text of `frame`, placed where it is drawn.
fn text_layer(frame: &Frame, ts: Transform, out: &mut String) {
    for (pos, item) in frame.items() {
        let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                text_layer(&group.frame, ts.pre_concat(group.transform), out)
            }
            FrameItem::Text(text) => {
                let content = &text.text;
                if content.trim().is_empty() {
                    continue;
                }
                let _ = write!(
                    out,
                    r#"<text transform="matrix({} {} {} {} {:.2} {:.2})" font-size="{:.2}" textLength="{:.2}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
                    ts.sx.get(),
                    ts.ky.get(),
                    ts.kx.get(),
                    ts.sy.get(),
                    ts.tx.to_pt(),
                    ts.ty.to_pt(),
                    text.size.to_pt(),
                    text.width().to_pt().max(0.01),
                    crate::escape::xml(content),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_become_one_path_per_run_where_they_stand() {
        let svg = concat!(
            r##"<svg><defs><symbol id="gA" overflow="visible"><path d="M 0 0m 1.25 2h 3.0004c 0.1 0 -0.12345 1 2 2Z "/></symbol>"##,
            r##"<symbol id="gB" overflow="visible"><image href="x.png"/></symbol></defs>"##,
            r##"<g><use xlink:href="#gA" x="0" y="0" fill="#000000" fill-rule="nonzero"/>"##,
            r##"<use xlink:href="#gA" x="6.5123456" y="-1" fill="#000000" fill-rule="nonzero"/>"##,
            r##"<use xlink:href="#gA" x="9" y="0" fill="#1d4f73" fill-rule="nonzero"/>"##,
            r##"<use xlink:href="#gB" x="2" y="0"/>"##,
            r##"<use xlink:href="#gA" x="1" y="1" transform="scale(2)"/></g></svg>"##,
        );
        let inlined = inline_glyphs(svg);
        // Two glyphs of one fill, side by side: one path, each from its origin.
        assert!(
            inlined.contains(concat!(
                r##"<g><path d="M 0 0m 1.25 2h 3c 0.1 0 -0.123 1 2 2Z "##,
                r##"M 6.512 -1m 1.25 2h 3c 0.1 0 -0.123 1 2 2Z" fill="#000000" fill-rule="nonzero"/>"##,
                r##"<path d="M 9 0m 1.25 2h 3c 0.1 0 -0.123 1 2 2Z" fill="#1d4f73" fill-rule="nonzero"/>"##,
            )),
            "{inlined}"
        );
        // Not one path, or a transform of its own: left as it was.
        assert!(inlined.contains(r##"<use xlink:href="#gB" x="2" y="0"/>"##));
        assert!(inlined.contains(r##"<use xlink:href="#gA" x="1" y="1" transform="scale(2)"/>"##));
    }

    #[test]
    fn numbers_are_kept_to_a_thousandth() {
        assert_eq!(
            compact_numbers("m 3.643465909 -4.0909 h 0.0004 v -0.0004 l 12 1.5e-7 Z "),
            "m 3.643 -4.091 h 0 v 0 l 12 0 Z "
        );
    }
}
