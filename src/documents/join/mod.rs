//! Joining the PDFs of a large volume's parts into one PDF.
//!
//! A volume laid out in parts is exported part by part (each part's pages
//! are dropped as soon as its PDF is written), so that memory follows one
//! part instead of the whole volume. [`Joiner`] then puts the parts' PDFs,
//! all written by typst-pdf with the same options, together as the one
//! volume Typst would have written: one page tree, one outline, one set of
//! page labels, one tagged structure (its parent-tree keys renumbered), the
//! catalog, metadata and document information of the front matter.
//!
//! Objects are copied as they are, with their references renumbered; only
//! dictionaries are parsed, never content streams, fonts or images. The
//! front and back matter link into the body, whose pages are in other
//! parts: such links are exported as [`page_link`] marks (URI actions) and
//! turned into links to the volume's pages in the join.
//!
//! The steps, one module each: [`part`] reads the parts and numbers their
//! objects ([`file`](mod@file) and [`object`] read a PDF and its objects),
//! [`outline`] joins outlines and page labels, [`structure`] the tagged
//! structures, [`link`] resolves the page-link marks, and
//! [`write`](mod@write) writes the volume.

mod file;
mod link;
mod object;
mod outline;
mod part;
mod structure;
mod write;

pub use link::{is_page_link, page_link};

use outline::OutlineJoin;
use structure::Structure;
use write::Volume;

/// Where a part's pages go in the volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The front matter.
    Front,
    /// A run of the main matter. It may begin inside a session begun in a
    /// part before: then its first `continues` outline items (the headings
    /// of that session's contributions, which the part alone takes for
    /// top-level ones) belong under the session's.
    Body {
        /// How many of its first outline items continue the item before.
        continues: usize,
    },
    /// The back matter.
    Back,
}

/// Collects the parts' PDFs, in the order of the volume, and joins them.
#[derive(Default)]
pub struct Joiner {
    parts: Vec<(Section, Vec<u8>)>,
    /// Per part (in the order added): headings it raised for its own
    /// export, by how many levels and how many, which the join lowers back.
    raised: Vec<(usize, usize)>,
}

/// Why parts cannot be joined: something typst-pdf did not write as expected.
#[derive(Debug)]
pub struct JoinError(pub String);

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What joining returns.
type Res<T> = std::result::Result<T, JoinError>;

/// A [`JoinError`] saying `message`.
fn fail<T>(message: impl Into<String>) -> Res<T> {
    Err(JoinError(message.into()))
}

impl Joiner {
    /// A joiner with no parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the PDF of a part whose first `raised.1` headings were raised
    /// `raised.0` levels for its own export (see
    /// [`raise_leading_headings`](crate::documents::split::raise_leading_headings)):
    /// the volume has them at their own levels again.
    pub fn add_raised(&mut self, section: Section, pdf: Vec<u8>, raised: (usize, usize)) {
        self.parts.push((section, pdf));
        self.raised.push(raised);
    }

    /// The joined PDF.
    pub fn finish(self) -> Res<Vec<u8>> {
        // Front, body in order, back.
        let mut parts: Vec<(Section, Vec<u8>)> = Vec::new();
        let mut body = Vec::new();
        let mut back = Vec::new();
        let (mut front_raised, mut body_raised, mut back_raised) =
            (Vec::new(), Vec::new(), Vec::new());
        for ((section, pdf), raised) in self.parts.into_iter().zip(self.raised) {
            match section {
                Section::Front => {
                    parts.push((section, pdf));
                    front_raised.push(raised);
                }
                Section::Body { .. } => {
                    body.push((section, pdf));
                    body_raised.push(raised);
                }
                Section::Back => {
                    back.push((section, pdf));
                    back_raised.push(raised);
                }
            }
        }
        if parts.len() != 1 || back.len() > 1 {
            return fail("a volume is joined from one front matter and at most one back matter");
        }
        parts.extend(body);
        parts.extend(back);
        front_raised.extend(body_raised);
        front_raised.extend(back_raised);
        join(&parts, &front_raised)
    }
}

/// Joins the parts, given front, body in order, back: reads them, numbers
/// their objects, joins their outlines, structures and page labels, and
/// writes the volume.
fn join(inputs: &[(Section, Vec<u8>)], raised: &[(usize, usize)]) -> Res<Vec<u8>> {
    let (mut parts, keys) = part::read_parts(inputs)?;
    for (part, &(by, count)) in parts.iter_mut().zip(raised) {
        structure::lower_headings(part, by, count)?;
    }
    part::number(&mut parts)?;
    let pages = part::volume_pages(&parts);
    let outline = OutlineJoin::join(&mut parts, inputs)?;
    let structure = Structure::join(&parts)?;
    let labels = outline::page_labels(&parts)?;
    write::write(Volume {
        inputs,
        parts,
        pages,
        outline,
        structure,
        labels,
        keys,
    })
}
