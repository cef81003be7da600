//! One document per contribution, cut from the laid-out volume, for `--split`.
//!
//! Typst refuses to tag a PDF of a page range, because the structure of the
//! pages left out is missing. Instead each contribution becomes a document of
//! its own pages: the elements still open where its first page begins are
//! reopened there, those still open after its last page are closed there, so
//! the tags balance and the PDF can be tagged (and honestly claim PDF/UA
//! when the volume does). Links into pages left out are dropped, links to
//! pages kept are renumbered, and the metadata names the contribution.

use std::collections::HashMap;
use std::num::NonZeroUsize;

use typst::foundations::Content;
use typst::introspection::{Location, Tag, TagFlags};
use typst::layout::{Frame, FrameItem, Point};
use typst::model::{Destination, DocumentInfo};
use typst_layout::PagedDocument;

/// An element whose start tag has been seen and whose end has not.
type Open = (Location, Content, TagFlags);

/// Cuts contributions out of a volume. Reading the volume's tags once, it
/// knows which elements are open at every page boundary.
pub struct Splitter<'a> {
    volume: &'a PagedDocument,
    /// The elements open before each page, outermost first; the last entry
    /// is what is open after the last page.
    open_before: Vec<Vec<Open>>,
    /// The end tag of every element that is open at some page boundary.
    ends: HashMap<Location, Tag>,
}

impl<'a> Splitter<'a> {
    /// Reads the tags of `volume`.
    pub fn new(volume: &'a PagedDocument) -> Self {
        let mut open: Vec<Open> = Vec::new();
        let mut open_before = Vec::with_capacity(volume.pages().len() + 1);
        // Elements that cross a page boundary: the ends worth keeping.
        let mut ends: HashMap<Location, Option<Tag>> = HashMap::new();
        for page in volume.pages() {
            ends.extend(open.iter().map(|(location, _, _)| (*location, None)));
            open_before.push(open.clone());
            follow(&page.frame, &mut open, &mut ends);
        }
        open_before.push(open);
        let ends = ends
            .into_iter()
            .filter_map(|(location, tag)| Some((location, tag?)))
            .collect();
        Self {
            volume,
            open_before,
            ends,
        }
    }

    /// The contribution on physical pages `first..=last` (1-based), as a
    /// document of its own described by `info`.
    pub fn cut(&self, first: usize, last: usize, info: DocumentInfo) -> PagedDocument {
        let all = self.volume.pages();
        let last = last.min(all.len());
        let first = first.clamp(1, last.max(1));
        let mut pages: Vec<typst_layout::Page> = all[first - 1..last].to_vec();
        if let Some(page) = pages.first_mut() {
            let reopened = self.open_before[first - 1].iter().map(|(_, elem, flags)| {
                let tag = Tag::Start(elem.clone(), *flags);
                (Point::zero(), FrameItem::Tag(tag))
            });
            page.frame.prepend_multiple(reopened);
        }
        if let Some(page) = pages.last_mut() {
            let closed = self.open_before[last]
                .iter()
                .rev()
                .map(|(location, _, flags)| {
                    let tag = self.ends.get(location).cloned();
                    let tag = tag.unwrap_or(Tag::End(*location, 0, *flags));
                    (Point::zero(), FrameItem::Tag(tag))
                });
            page.frame.push_multiple(closed);
        }
        let kept = PagedDocument::new(pages.iter().cloned().collect(), DocumentInfo::default());
        for page in &mut pages {
            retarget_links(&mut page.frame, first, last, &kept);
        }
        PagedDocument::new(pages.into_iter().collect(), info)
    }
}

/// Walks a frame in the order its tags are read, keeping the stack of
/// elements that are open, and noting the end tag of each element that was
/// open at a page boundary.
fn follow(frame: &Frame, open: &mut Vec<Open>, ends: &mut HashMap<Location, Option<Tag>>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => follow(&group.frame, open, ends),
            FrameItem::Tag(Tag::Start(elem, flags)) => {
                if let Some(location) = elem.location() {
                    open.push((location, elem.clone(), *flags));
                }
            }
            FrameItem::Tag(tag @ Tag::End(location, _, _)) => {
                if let Some(at) = open.iter().rposition(|(l, _, _)| l == location) {
                    open.remove(at);
                }
                if let Some(end) = ends.get_mut(location) {
                    *end = Some(tag.clone());
                }
            }
            _ => {}
        }
    }
}

/// Keeps links that lead into the kept pages (renumbered to them) and drops
/// the others, which would otherwise point at an unrelated page.
fn retarget_links(frame: &mut Frame, first: usize, last: usize, kept: &PagedDocument) {
    frame.retain(|item| match item {
        FrameItem::Group(group) => {
            retarget_links(&mut group.frame, first, last, kept);
            true
        }
        FrameItem::Link(Destination::Position(position), _) => {
            let page = position.page.get();
            if !(first..=last).contains(&page) {
                return false;
            }
            position.page = NonZeroUsize::new(page - first + 1).unwrap_or(position.page);
            true
        }
        FrameItem::Link(Destination::Location(location), _) => {
            kept.introspector().position(*location).is_some()
        }
        _ => true,
    });
}
