//! After layout: content that fell off the page or prints over other
//! content. A block that cannot break and is taller than the page runs past
//! the page's bottom edge; Typst lays it out without complaint, so confpress
//! looks at the laid-out pages itself.
//!
//! Text and images are checked against the trimmed page (the bleed lies
//! outside the page frame), and every text against every other text on its
//! page, the template's own (time axes, headers, page furniture) included:
//! two runs print over each other when the bodies of two of their glyphs
//! (baseline to 0.7 em above, as wide as the glyph's advance) overlap, by a
//! twentieth of the type size in height and a fifth in width. Bodies leave
//! out ascenders, accents and descenders, so tight but separate lines never
//! count; runs set in a math font are left out, since math stacks glyphs on
//! purpose. Content that runs into a margin without reaching the page's edge
//! or anything printed there is not found: a laid-out page does not keep its
//! margins, and Typst may inline a sparse page body into the page frame.
//!
//! Each finding names the contribution whose anchor came last before it in
//! reading order, so the message can point at its entry in the config, and
//! where the texts were written into the page (a template line, an
//! abstract's Markdown).

use std::collections::{HashMap, HashSet};

use typst::foundations::{Label, Value};
use typst::introspection::{MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::syntax::Span;
use typst::text::FontFlags;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Location};

/// What is wrong on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Laid out past the edge of the trimmed page, where it is cut off.
    OutsidePage(String),
    /// Printed over other text: the two texts, and where each was written
    /// into the page.
    Overprints(String, String, [Span; 2]),
    /// In a CMYK build, drawn in another colour model (see `inks`): what,
    /// in which model, and where it was written.
    NotInInks(String, &'static str, Span),
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
    /// Its glyphs' bodies, in page coordinates.
    bodies: Vec<Body>,
    /// Where its text was written into the page.
    span: Span,
}

/// The body of one glyph: from the baseline up 0.7 em, as wide as its
/// advance, in page coordinates.
#[derive(Debug, Clone, Copy)]
struct Body {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    /// The type size on the page (a scaled group scales it).
    size: f64,
}

impl Body {
    /// Whether the two bodies overlap by more than a touch: a twentieth of
    /// the smaller size in height and a fifth in width.
    fn overprints(&self, other: &Body) -> bool {
        let size = self.size.min(other.size);
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        w > 0.2 * size && h > 0.05 * size
    }
}

impl Ink {
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
                let bodies = bodies(text, ts);
                if let Some(ink) = self.inks.last_mut() {
                    ink.math = text.font.info().flags.contains(FontFlags::MATH);
                    ink.bodies = bodies;
                    ink.span = text
                        .glyphs
                        .iter()
                        .map(|g| g.span.0)
                        .find(|s| !s.is_detached())
                        .unwrap_or(Span::detached());
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
        let (x0, y0, x1, y1) = page_box(ts, a, b);
        // A scaled-down group (a grid shrunk to fit) scales its slack too.
        let scale = ts.sx.get().abs().min(1.0);
        self.inks.push(Ink {
            x0,
            y0,
            x1,
            y1,
            text,
            slack: slack * if b.0 > a.0 { scale } else { 1.0 },
            contribution: self.current,
            math: false,
            bodies: Vec::new(),
            span: Span::detached(),
        });
    }
}

/// The bodies of the visible glyphs of `text`, placed by `ts`.
fn bodies(text: &typst::text::TextItem, ts: Transform) -> Vec<Body> {
    let size = text.size;
    let mut x = Abs::zero();
    let mut out = Vec::with_capacity(text.glyphs.len());
    for glyph in &text.glyphs {
        let advance = glyph.x_advance.at(size);
        let visible = text
            .text
            .get(glyph.range())
            .is_some_and(|t| t.chars().any(|c| !c.is_whitespace()));
        if visible && advance > Abs::zero() {
            let left = (x + glyph.x_offset.at(size)).to_pt();
            let base = -glyph.y_offset.at(size).to_pt();
            let top = base - size.to_pt() * 0.7;
            let (x0, y0, x1, y1) = page_box(ts, (left, top), (left + advance.to_pt(), base));
            out.push(Body {
                x0,
                y0,
                x1,
                y1,
                size: (y1 - y0) / 0.7,
            });
        }
        x += advance;
    }
    out
}

/// A box in page coordinates: left, top, right, bottom.
type Extent = (f64, f64, f64, f64);

/// The box that holds nothing: the start of a union.
const NOTHING: Extent = (
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
);

/// The smallest box holding `a` and `b`.
fn union(a: Extent, b: Extent) -> Extent {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

/// The page box around the local box from `a` to `b` (points) placed by
/// `ts`: all four corners, so that a rotated box is held whole.
fn page_box(ts: Transform, a: (f64, f64), b: (f64, f64)) -> Extent {
    [(a.0, a.1), (b.0, a.1), (a.0, b.1), (b.0, b.1)]
        .map(|(x, y)| Point::new(Abs::pt(x), Abs::pt(y)).transform(ts))
        .iter()
        .fold(NOTHING, |e, p| {
            union(e, (p.x.to_pt(), p.y.to_pt(), p.x.to_pt(), p.y.to_pt()))
        })
}

/// Pairs of text runs that print over each other: the bodies of two of
/// their glyphs overlap (see [`Body::overprints`]).
fn overprints(inks: &[Ink]) -> Vec<(Option<usize>, Problem)> {
    // Each run's extent: the box around its glyphs' bodies.
    let extent =
        |ink: &Ink| (ink.bodies.iter()).fold(NOTHING, |e, b| union(e, (b.x0, b.y0, b.x1, b.y1)));
    let mut texts: Vec<(&Ink, Extent)> = inks
        .iter()
        .filter(|i| !i.text.is_empty() && !i.bodies.is_empty() && !i.math)
        .map(|i| (i, extent(i)))
        .collect();
    texts.sort_by(|a, b| a.1.1.total_cmp(&b.1.1));
    let mut found = Vec::new();
    for (i, (a, ea)) in texts.iter().enumerate() {
        for (b, eb) in &texts[i + 1..] {
            if eb.1 >= ea.3 {
                break;
            }
            if ea.2.min(eb.2) <= ea.0.max(eb.0) {
                continue;
            }
            let touches = a
                .bodies
                .iter()
                .any(|x| b.bodies.iter().any(|y| x.overprints(y)));
            if touches {
                // Name the longer run first: a page number or a mark is
                // rarely what ran out of place.
                let (culprit, other) = if b.text.len() > a.text.len() {
                    (*b, *a)
                } else {
                    (*a, *b)
                };
                found.push((
                    culprit.contribution.or(other.contribution),
                    Problem::Overprints(culprit.what(), other.what(), [culprit.span, other.span]),
                ));
            }
        }
    }
    found
}

/// The start of a run's text, quoted, for messages.
pub(super) fn quote(text: &str) -> String {
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
/// warnings at the contributions' entries in `conference.toml`; `name`
/// names the document ("the booklet"), `locate`
/// says where a text was written into the page (template line, abstract).
pub(super) fn problems(
    name: &str,
    findings: Vec<Finding>,
    places: &HashMap<String, Location>,
    locate: &dyn Fn(Span) -> Option<Location>,
) -> Vec<Diagnostic> {
    // What a template drew outside the inks is told once for the place
    // that drew it, though a document laid out in parts finds it in each.
    let mut told = HashSet::new();
    let findings: Vec<Finding> = (findings.into_iter())
        .filter(|f| match &f.problem {
            Problem::NotInInks(_, _, span) => told.insert(*span),
            _ => true,
        })
        .collect();
    let mut warnings: Vec<Diagnostic> = findings
        .iter()
        .take(LAYOUT_PROBLEMS_SHOWN)
        .map(|finding| {
            let page = finding.page;
            let whose = match &finding.contribution {
                Some(id) => format!(" (contribution `{id}`)"),
                None => String::new(),
            };
            let mut warning = match &finding.problem {
                Problem::OutsidePage(what) => {
                    Diagnostic::warning(format!("{what} runs off page {page} of {name}{whose}"))
                        .hint(SHORTEN)
                }
                Problem::Overprints(what, other, spans) => {
                    let warning = Diagnostic::warning(format!(
                        "{what} prints over {other} on page {page} of {name}{whose}"
                    ))
                    .hint(if finding.contribution.is_some() {
                        SHORTEN
                    } else {
                        TEMPLATE
                    });
                    written_at(warning, spans, locate)
                }
                Problem::NotInInks(what, model, span) => {
                    let warning = Diagnostic::warning(format!(
                        "{what} on page {page} of {name} is drawn in {model}, which the print shop separates into all four inks"
                    ))
                    .hint(INKS);
                    match locate(*span) {
                        Some(at) => warning.at(at),
                        None => warning,
                    }
                }
            };
            if let Some(place) = finding.contribution.as_ref().and_then(|id| places.get(id)) {
                warning = warning.at(place.clone());
            }
            warning
        })
        .collect();
    if findings.len() > LAYOUT_PROBLEMS_SHOWN {
        warnings.push(Diagnostic::warning(format!(
            "and {} more layout problems in {name}",
            findings.len() - LAYOUT_PROBLEMS_SHOWN
        )));
    }
    warnings
}

/// The hint for content of a contribution that does not fit.
const SHORTEN: &str = "something that cannot break across pages is taller than a page, or a word \
     is wider than its column: shorten it (long author lists: `[booklet] max-authors`, or a \
     `collaboration`)";

/// The hint for what a template drew outside the press's inks.
const INKS: &str = "in a CMYK build give it a CMYK colour: `ink`, `grey(…)`, `accent` or \
     `registration` from lib.typ, or `cmyk(…)`; text and lines take `ink` under `show: print-colours`";

/// The hint for text a template placed over other text.
const TEMPLATE: &str = "the template placed one text over another: in your own template give \
     it room; in a built-in one it is a fault of confpress, please report it";

/// `warning` with a note saying where each of the two texts was written
/// into the page, where that is known.
fn written_at(
    mut warning: Diagnostic,
    spans: &[Span; 2],
    locate: &dyn Fn(Span) -> Option<Location>,
) -> Diagnostic {
    let places: Vec<String> = spans
        .iter()
        .map(|span| {
            locate(*span).map_or_else(
                || "an unknown place".to_owned(),
                |at| {
                    let (line, _) = at.line_col();
                    format!("{} line {line}", at.file.trim_start_matches("<built-in>/"))
                },
            )
        })
        .collect();
    if places.iter().any(|p| p != "an unknown place") {
        let text = if places[0] == places[1] {
            format!("both printed by {}", places[0])
        } else {
            format!("printed by {} and {}", places[0], places[1])
        };
        warning.notes.push(text);
    }
    warning
}
