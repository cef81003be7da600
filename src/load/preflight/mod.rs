//! Preflight of camera-ready papers, read with lopdf before they are placed
//! in the volume: page count against the limit, page size and rotation,
//! fonts that are not embedded or are Type 3 bitmaps, a repaired
//! cross-reference table, what PDF/A cannot carry, images below print
//! resolution, anything drawn where confpress stamps its footer, and a first
//! page that does not show the contribution's title and authors.
//!
//! Positions are worked out from the content streams (the current
//! transformation matrix, text matrices, paths, images and forms), in the
//! coordinates of the A4 page the paper is scaled onto.
//!
//! One concern a file: `file` (the cross-reference table, PDF/A), `fonts`,
//! `pages` (size, orientation, each page's findings), `marks` (what the
//! content streams draw in the stamp band, images' resolution),
//! `placement` (the paper page on the volume page, matrices), `first_page`
//! (title and authors) and `objects` (reading lopdf values).

use lopdf::Document;

mod file;
mod first_page;
mod fonts;
mod marks;
mod objects;
mod pages;
mod placement;

use first_page::first_page;
use fonts::fonts;
use pages::{check_page, page_sizes};

/// The volume's page: A4, in points.
pub const VOLUME: (f64, f64) = (595.276, 841.89);

/// The band at the foot of every paper page where confpress stamps its
/// footer: from 6 mm to 24 mm above the bottom edge, in points.
pub const STAMP_BAND: (f64, f64) = (6.0 * MM, 24.0 * MM);

/// Images that print below this resolution are reported.
pub const MIN_IMAGE_DPI: f64 = 150.0;

/// A millimetre, in points.
const MM: f64 = 72.0 / 25.4;

/// What the programme says about the paper.
pub struct Expect<'a> {
    /// The contribution's title.
    pub title: &'a str,
    /// Its authors' family names, as the programme spells them.
    pub families: Vec<String>,
    /// The page limit and what sets it ("the limit for talks").
    pub limit: Option<(u32, String)>,
    /// Whether the volume claims PDF/A.
    pub pdf_a: bool,
    /// Whether the volume claims PDF/UA.
    pub pdf_ua: bool,
}

/// One problem found in a paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stops the build.
    pub error: bool,
    /// The page it is on (1-based), if it is on one.
    pub page: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    /// A finding that stops the build.
    fn error(page: Option<usize>, message: String, hint: &str) -> Self {
        Self {
            error: true,
            page,
            message,
            hint: hint.to_owned(),
        }
    }

    /// A finding that is reported and lets the build go on.
    fn warning(page: Option<usize>, message: String, hint: &str) -> Self {
        Self {
            error: false,
            ..Self::error(page, message, hint)
        }
    }
}

/// Checks a paper (`doc`, read from `data`) against what the programme
/// expects of it. The findings come in a fixed order: the page limit, the
/// file, its fonts, each page, the pages' sizes, the first page's text.
pub fn check(doc: &Document, data: &[u8], expect: &Expect) -> Vec<Finding> {
    let mut findings = Vec::new();
    let pages = doc.get_pages();
    findings.extend(page_limit(pages.len(), expect));
    findings.extend(file::xref(data));
    if expect.pdf_a {
        findings.extend(file::pdf_a(doc));
    }
    findings.extend(fonts(doc, &pages, expect.pdf_ua));
    let mut sizes = Vec::new();
    for (&number, &page_id) in &pages {
        sizes.extend(check_page(doc, number as usize, page_id, &mut findings));
    }
    findings.extend(page_sizes(&sizes));
    findings.extend(first_page(doc, expect));
    findings
}

/// An error when the paper has more pages than its limit.
fn page_limit(pages: usize, expect: &Expect) -> Option<Finding> {
    let (limit, why) = expect.limit.as_ref()?;
    (pages > *limit as usize).then(|| {
        Finding::error(
            None,
            format!("{pages} pages, over {why} of {limit}"),
            "ask the authors to shorten it, or raise the limit (`page-limit` on the contribution, or `[proceedings.page-limits]`)",
        )
    })
}
