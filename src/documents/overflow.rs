//! After layout: content that fell off the page or prints over other
//! content. A block that cannot break and is taller than the page runs past
//! the page's bottom edge; Typst lays it out without complaint, so confpress
//! looks at the laid-out pages itself.
//!
//! Text and images are checked against the trimmed page (the bleed lies
//! outside the page frame), and text against text: two runs whose boxes
//! (cap height to baseline) overlap by more than a third print over each
//! other. Content that runs into a margin without reaching the page's edge
//! or anything printed there is not found: a laid-out page does not keep its
//! margins, and Typst may inline a sparse page body into the page frame.
//!
//! Each finding names the contribution whose anchor came last before it in
//! reading order, so the message can point at its entry in the config.

use std::collections::{HashMap, HashSet};

use typst::foundations::{Label, Value};
use typst::introspection::{MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::FontFlags;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::DocumentKind;
use crate::diag::{Diagnostic, Location};

/// What is wrong on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Laid out past the edge of the trimmed page, where it is cut off.
    OutsidePage(String),
    /// Printed over other text.
    Overprints(String, String),
}

/// One problem on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// Physical page number, from 1.
    pub page: usize,
    /// The contribution being laid out there, if any.
    pub contribution: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

/// A drawn text run or image, in page coordinates.
struct Ink {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    /// Its text (empty for an image).
    text: String,
    /// How far it may stick out (hanging punctuation, italic overhang).
    slack: f64,
    /// Index of the contribution it belongs to, into `Walk::ids`.
    contribution: Option<usize>,
    /// Set in a math font: math places glyphs over and under each other
    /// (accents, braces, limits) on purpose.
    math: bool,
}

impl Ink {
    fn area(&self) -> f64 {
        (self.x1 - self.x0).max(0.0) * (self.y1 - self.y0).max(0.0)
    }

    fn what(&self) -> String {
        if self.text.is_empty() {
            "an image".into()
        } else {
            quote(&self.text)
        }
    }
}

struct Walk {
    label: Option<Label>,
    ids: Vec<String>,
    current: Option<usize>,
    inks: Vec<Ink>,
}

/// Checks every page of `document`.
pub(crate) fn check(document: &PagedDocument) -> Vec<Finding> {
    let mut walk = Walk {
        label: Label::new(PicoStr::intern("confpress-contribution")),
        ids: Vec::new(),
        current: None,
        inks: Vec::new(),
    };
    let mut findings = Vec::new();
    let mut seen = HashSet::new();
    for (index, page) in document.pages().iter().enumerate() {
        let frame = &page.frame;
        let size = frame.size();
        walk.inks.clear();
        walk.frame(frame, Transform::identity());
        let mut found = Vec::new();
        for ink in &walk.inks {
            let (w, h) = (size.x.to_pt(), size.y.to_pt());
            if ink.x1 < ink.x0 || ink.y1 < ink.y0 {
                continue;
            }
            if ink.x0 < -ink.slack || ink.x1 > w + ink.slack || ink.y0 < -1.0 || ink.y1 > h + 1.0 {
                found.push((ink.contribution, Problem::OutsidePage(ink.what())));
            }
        }
        found.extend(overprints(&walk.inks));
        for (contribution, problem) in found {
            let contribution = contribution.map(|i| walk.ids[i].clone());
            let kind = std::mem::discriminant(&problem);
            if seen.insert((index, contribution.clone(), kind)) {
                findings.push(Finding {
                    page: index + 1,
                    contribution,
                    problem,
                });
            }
        }
    }
    findings
}

impl Walk {
    fn item(&mut self, item: &FrameItem, ts: Transform) {
        match item {
            // Clipped content cannot show outside its clip.
            FrameItem::Group(group) if group.clip.is_none() => {
                self.frame(&group.frame, ts.pre_concat(group.transform));
            }
            FrameItem::Text(text) => {
                if text.text.trim().is_empty() {
                    return;
                }
                let size = text.size.to_pt();
                let cap = text.font.metrics().cap_height.at(text.size).to_pt();
                self.push(
                    ts,
                    (0.0, -cap.max(size * 0.5)),
                    (text.width().to_pt(), 0.0),
                    text.text.to_string(),
                    size * 0.6,
                );
                if text.font.info().flags.contains(FontFlags::MATH)
                    && let Some(ink) = self.inks.last_mut()
                {
                    ink.math = true;
                }
            }
            FrameItem::Image(_, size, _) => {
                self.push(
                    ts,
                    (0.0, 0.0),
                    (size.x.to_pt(), size.y.to_pt()),
                    String::new(),
                    1.0,
                );
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if self.label.is_some()
                    && content.label() == self.label
                    && let Some(meta) = content.to_packed::<MetadataElem>()
                    && let Value::Str(id) = &meta.value
                {
                    self.ids.push(id.to_string());
                    self.current = Some(self.ids.len() - 1);
                }
            }
            _ => {}
        }
    }

    fn frame(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            self.item(item, ts.pre_concat(Transform::translate(pos.x, pos.y)));
        }
    }

    /// Records the box from `a` to `b` (local coordinates) under `ts`.
    fn push(&mut self, ts: Transform, a: (f64, f64), b: (f64, f64), text: String, slack: f64) {
        let corners = [(a.0, a.1), (b.0, a.1), (a.0, b.1), (b.0, b.1)]
            .map(|(x, y)| Point::new(Abs::pt(x), Abs::pt(y)).transform(ts));
        let xs = corners.map(|p| p.x.to_pt());
        let ys = corners.map(|p| p.y.to_pt());
        let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
        let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
        // A scaled-down group (a grid shrunk to fit) scales its slack too.
        let scale = ((xs[1] - xs[0]).abs() / (b.0 - a.0).abs().max(1e-9)).min(1.0);
        self.inks.push(Ink {
            x0: min(xs),
            y0: min(ys),
            x1: max(xs),
            y1: max(ys),
            text,
            slack: slack * if b.0 > a.0 { scale } else { 1.0 },
            contribution: self.current,
            math: false,
        });
    }
}

/// Pairs of text runs that print over each other: their boxes overlap by
/// more than a third of the smaller one.
fn overprints(inks: &[Ink]) -> Vec<(Option<usize>, Problem)> {
    let mut texts: Vec<&Ink> = inks
        .iter()
        .filter(|i| !i.text.is_empty() && i.area() > 0.0 && !i.math)
        .collect();
    texts.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut found = Vec::new();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            if b.y0 >= a.y1 {
                break;
            }
            let w = a.x1.min(b.x1) - a.x0.max(b.x0);
            let h = a.y1.min(b.y1) - a.y0.max(b.y0);
            if w <= 0.0 || h <= 0.0 {
                continue;
            }
            if w * h > a.area().min(b.area()) / 3.0 {
                // Name the longer run first: a page number or a mark is
                // rarely what ran out of place.
                let (culprit, other) = if b.text.len() > a.text.len() {
                    (*b, *a)
                } else {
                    (*a, *b)
                };
                found.push((
                    culprit.contribution,
                    Problem::Overprints(culprit.what(), other.what()),
                ));
            }
        }
    }
    found
}

/// The start of a run's text, quoted, for messages.
fn quote(text: &str) -> String {
    let text = text.trim();
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

/// How many layout problems of one document are reported one by one.
const LAYOUT_PROBLEMS_SHOWN: usize = 12;

/// Content that ran off the page or over other content (see `overflow`), as
/// warnings at the contributions' entries in `conference.toml`.
pub(super) fn problems(
    kind: DocumentKind,
    findings: Vec<Finding>,
    places: &HashMap<String, Location>,
) -> Vec<Diagnostic> {
    let name = kind.name();
    let mut warnings: Vec<Diagnostic> = findings
        .iter()
        .take(LAYOUT_PROBLEMS_SHOWN)
        .map(|finding| {
            let page = finding.page;
            let whose = match &finding.contribution {
                Some(id) => format!(" (contribution `{id}`)"),
                None => String::new(),
            };
            let message = match &finding.problem {
                Problem::OutsidePage(what) => {
                    format!("{what} runs off page {page} of the {name}{whose}")
                }
                Problem::Overprints(what, other) => {
                    format!("{what} prints over {other} on page {page} of the {name}{whose}")
                }
            };
            let mut warning = Diagnostic::warning(message).hint(
                "something that cannot break across pages is taller than a page, or a word is \
                 wider than its column: shorten it (long author lists: `[booklet] max-authors`, \
                 or a `collaboration`)",
            );
            if let Some(place) = finding.contribution.as_ref().and_then(|id| places.get(id)) {
                warning = warning.at(place.clone());
            }
            warning
        })
        .collect();
    if findings.len() > LAYOUT_PROBLEMS_SHOWN {
        warnings.push(Diagnostic::warning(format!(
            "and {} more layout problems in the {name}",
            findings.len() - LAYOUT_PROBLEMS_SHOWN
        )));
    }
    warnings
}
