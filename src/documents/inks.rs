//! After layout, in a CMYK build: what a template drew in another colour
//! model. Text, lines and areas painted in RGB, or in a grey level (Typst's
//! default black is one), are separated by the print shop into all four
//! inks: small type then blurs when the plates are out of register, and the
//! colour moves with the shop's profile. Images keep their colours (the
//! shop converts them); white and no paint need no ink.

use std::collections::HashSet;

use typst::layout::{Frame, FrameItem};
use typst::syntax::Span;
use typst::visualize::{Color, Paint, ProcessColor};
use typst_layout::PagedDocument;

use super::overflow::{Finding, Problem};
use crate::model::{PrintColour, Programme};

/// [`stray`] in a CMYK build; nothing in an RGB one.
pub(crate) fn check(document: &PagedDocument, programme: &Programme) -> Vec<Finding> {
    if programme.print.colour == PrintColour::Cmyk {
        stray(document)
    } else {
        Vec::new()
    }
}

/// Everything drawn in `document` in a colour model other than CMYK (or a
/// spot colour): once for each place in the templates that drew it, on the
/// first page it appears on.
fn stray(document: &PagedDocument) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for (index, page) in document.pages().iter().enumerate() {
        let mut strays = Vec::new();
        walk(&page.frame, &mut strays);
        for (what, model, span) in strays {
            if seen.insert(span) {
                found.push(Finding {
                    page: index + 1,
                    contribution: None,
                    problem: Problem::NotInInks(what, model, span),
                });
            }
        }
    }
    found
}

/// Collects what `frame` draws in another model: what it is, the model,
/// and where it was written.
fn walk(frame: &Frame, strays: &mut Vec<(String, &'static str, Span)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, strays),
            FrameItem::Text(text) => {
                let paints =
                    std::iter::once(&text.fill).chain(text.stroke.iter().map(|s| &s.paint));
                if let Some(model) = paints.filter_map(model_of).next() {
                    let span = (text.glyphs.iter())
                        .map(|g| g.span.0)
                        .find(|s| !s.is_detached())
                        .unwrap_or(Span::detached());
                    strays.push((super::overflow::quote(&text.text), model, span));
                }
            }
            FrameItem::Shape(shape, span) => {
                let paints = shape
                    .fill
                    .iter()
                    .chain(shape.stroke.iter().map(|s| &s.paint));
                if let Some(model) = paints.filter_map(model_of).next() {
                    strays.push(("a line or area".into(), model, *span));
                }
            }
            FrameItem::Image(..) | FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
}

/// The colour model of `paint` when it is not one a press prints as it is
/// (CMYK, a spot colour), and it would put ink on the paper.
fn model_of(paint: &Paint) -> Option<&'static str> {
    let colours: Vec<&Color> = match paint {
        Paint::Solid(colour) => vec![colour],
        Paint::Gradient(gradient) => gradient.stops_ref().iter().map(|(c, _)| c).collect(),
        Paint::Tiling(_) => return None,
    };
    colours.into_iter().find_map(|colour| {
        let name = match colour {
            Color::Process(ProcessColor::Cmyk(_)) | Color::Spot(_) => return None,
            Color::Process(ProcessColor::Luma(_)) => "a grey level",
            Color::Process(_) => "RGB",
        };
        // White, or transparent, is no ink in any model.
        let rgb = colour.to_rgb();
        let white = rgb.red > 0.999 && rgb.green > 0.999 && rgb.blue > 0.999;
        (rgb.alpha > 0.0 && !white).then_some(name)
    })
}
