//! One laid-out page as SVG for the browser: Typst's own SVG export, with an
//! invisible text layer on top so that the page's words can be searched
//! (Ctrl+F), selected and read by the browser.

use std::fmt::Write;

use typst::layout::{Frame, FrameItem, Transform};
use typst_layout::Page;

/// The SVG of `page`, text layer included.
pub fn page_svg(page: &Page) -> String {
    let mut svg = typst_svg::svg(page, &typst_svg::SvgOptions::default());
    let mut layer = String::from(r#"<g class="confpress-text" fill="transparent">"#);
    text_layer(&page.frame, Transform::identity(), &mut layer);
    layer.push_str("</g>");
    match svg.rfind("</svg>") {
        Some(end) => svg.insert_str(end, &layer),
        None => svg.push_str(&layer),
    }
    svg
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
