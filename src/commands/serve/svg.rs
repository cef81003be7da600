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

/// Typst's SVG with each glyph drawn as a path where it stands, instead of a
/// `<use>` of the glyph's `<symbol>`. Chromium builds a hidden copy of the
/// symbol for every `<use>`: a page of text (2,700 glyphs) took it 150–400
/// ms to show, against 80–90 ms for the same page with paths (measured in
/// headless chromium). The file grows (400 KB to 3 MB for that page), which
/// costs nothing on the local connection. A `<use>` that is not a plain
/// glyph (a transform of its own, a symbol that is not one path) is left.
fn inline_glyphs(svg: &str) -> String {
    let mut glyphs: HashMap<&str, &str> = HashMap::new();
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
        let Some(body) = body.strip_prefix(" overflow=\"visible\">") else {
            continue;
        };
        if let Some(path) = body
            .strip_prefix("<path ")
            .and_then(|p| p.strip_suffix("/>"))
            && !path.contains('<')
        {
            glyphs.insert(id, path.trim_end());
        }
    }
    let mut out = String::with_capacity(svg.len() * 4);
    let mut rest = svg;
    while let Some(at) = rest.find("<use ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(end) = tail.find("/>") else {
            break;
        };
        let element = &tail[..end + 2];
        rest = &tail[end + 2..];
        match glyph_path(element, &glyphs) {
            Some(path) => out.push_str(&path),
            None => out.push_str(element),
        }
    }
    out.push_str(rest);
    out
}

/// A `<use xlink:href="#id" x=".." y=".." …/>` of a glyph as the glyph's path
/// moved there, with the use's other attributes (its fill).
fn glyph_path(element: &str, glyphs: &HashMap<&str, &str>) -> Option<String> {
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
    let path = glyphs.get(id?)?;
    let moved = if x == "0" && y == "0" {
        String::new()
    } else {
        format!(" transform=\"translate({x} {y})\"")
    };
    Some(format!("<path {path}{moved}{others}/>"))
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
    fn a_glyph_use_becomes_its_path_where_it_stands() {
        let svg = concat!(
            r##"<svg><defs><symbol id="gA" overflow="visible"><path d="M 0 0m 1 2h 3Z "/></symbol>"##,
            r##"<symbol id="gB" overflow="visible"><image href="x.png"/></symbol></defs>"##,
            r##"<g><use xlink:href="#gA" x="0" y="0" fill="#000000" fill-rule="nonzero"/>"##,
            r##"<use xlink:href="#gA" x="6.5" y="-1" fill="#1d4f73" fill-rule="nonzero"/>"##,
            r##"<use xlink:href="#gB" x="2" y="0"/>"##,
            r##"<use xlink:href="#gA" x="1" y="1" transform="scale(2)"/></g></svg>"##,
        );
        let inlined = inline_glyphs(svg);
        assert!(
            inlined
                .contains(r##"<g><path d="M 0 0m 1 2h 3Z " fill="#000000" fill-rule="nonzero"/>"##),
            "{inlined}"
        );
        assert!(inlined.contains(
            r##"<path d="M 0 0m 1 2h 3Z " transform="translate(6.5 -1)" fill="#1d4f73" fill-rule="nonzero"/>"##
        ), "{inlined}");
        // Not one path, or a transform of its own: left as it was.
        assert!(inlined.contains(r##"<use xlink:href="#gB" x="2" y="0"/>"##));
        assert!(inlined.contains(r##"<use xlink:href="#gA" x="1" y="1" transform="scale(2)"/>"##));
    }
}
