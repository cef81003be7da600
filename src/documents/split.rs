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

use typst::foundations::{Content, Smart, StyleChain};
use typst::introspection::{Location, Tag, TagFlags};
use typst::layout::{Frame, FrameItem, Point};
use typst::model::{Destination, Document, DocumentInfo, HeadingElem};
use typst_layout::PagedDocument;

use crate::typeset::retain_links;

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
    /// document of its own described by `info`; with `standalone`, its
    /// headings raised so that the first is of level 1 (a document of its
    /// own, as PDF/UA wants it; not for a part of the volume).
    pub fn cut(
        &self,
        first: usize,
        last: usize,
        info: DocumentInfo,
        standalone: bool,
    ) -> PagedDocument {
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
        for page in &mut pages {
            self.retarget_links(&mut page.frame, first, last);
        }
        // A document's first heading is of level 1 (PDF/UA): a contribution
        // cut from a session has its headings raised to start there (a
        // heading above it, of the next session on its last page, stays 1).
        let first_level = pages.iter().find_map(|p| first_heading(&p.frame));
        if let Some(by) = first_level
            .map(|l| l - 1)
            .filter(|by| standalone && *by > 0)
        {
            for page in &mut pages {
                raise_headings(&mut page.frame, by);
            }
        }
        PagedDocument::new(pages.into_iter().collect(), info)
    }

    /// Keeps the links that lead into the part's pages `first..=last`
    /// (renumbered to them) or to an element reopened at its top, and drops
    /// the others, which would otherwise point at an unrelated page.
    fn retarget_links(&self, frame: &mut Frame, first: usize, last: usize) {
        let kept = first..=last;
        let reopened = &self.open_before[first - 1];
        retain_links(frame, &mut |destination| match destination {
            Destination::Position(position) => {
                let page = position.page.get();
                if !kept.contains(&page) {
                    return false;
                }
                position.page = NonZeroUsize::new(page - first + 1).unwrap_or(position.page);
                true
            }
            Destination::Location(location) => {
                let starts_here = self
                    .volume
                    .introspector()
                    .position(*location)
                    .is_some_and(|p| kept.contains(&p.page.get()));
                starts_here || reopened.iter().any(|(l, _, _)| l == location)
            }
            Destination::Url(_) => true,
        });
    }
}

/// A part of the volume that begins inside a session, as its own export
/// needs it: PDF/UA wants a document's first heading at level 1, so the
/// leading headings (up to the first that is already at the top level) are
/// raised to start there. Returns the part with them raised, by how many
/// levels, and how many — for the join to lower them back.
pub fn raise_leading_headings(document: &PagedDocument) -> Option<(PagedDocument, usize, usize)> {
    let first = document
        .pages()
        .iter()
        .find_map(|p| first_heading(&p.frame))?;
    let by = first.checked_sub(1).filter(|by| *by > 0)?;
    let mut pages: Vec<typst_layout::Page> = document.pages().to_vec();
    let mut count = 0;
    let mut done = false;
    for page in &mut pages {
        raise_run(&mut page.frame, by, &mut count, &mut done);
    }
    let raised = PagedDocument::new(pages.into_iter().collect(), document.info().clone());
    Some((raised, by, count))
}

/// Raises headings by `by` in reading order until one cannot be (its level
/// is `by` or less), counting those raised.
fn raise_run(frame: &mut Frame, by: usize, count: &mut usize, done: &mut bool) {
    frame.retain(|item| {
        if *done {
            return true;
        }
        match item {
            FrameItem::Group(group) => raise_run(&mut group.frame, by, count, done),
            FrameItem::Tag(Tag::Start(elem, flags)) if flags.tagged => {
                if let Some(heading) = elem.to_packed::<HeadingElem>() {
                    let level = heading.resolve_level(StyleChain::default()).get();
                    if level <= by {
                        *done = true;
                    } else {
                        let mut raised = heading.clone();
                        let new = NonZeroUsize::new(level - by).unwrap_or(NonZeroUsize::MIN);
                        raised.level.set(Smart::Custom(new));
                        *elem = raised.pack();
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
        true
    });
}

/// The level of the first heading tagged in a frame, in reading order.
fn first_heading(frame: &Frame) -> Option<usize> {
    frame.items().find_map(|(_, item)| match item {
        FrameItem::Group(group) => first_heading(&group.frame),
        FrameItem::Tag(Tag::Start(elem, flags)) if flags.tagged => elem
            .to_packed::<HeadingElem>()
            .map(|h| h.resolve_level(StyleChain::default()).get()),
        _ => None,
    })
}

/// Every heading tagged in a frame `by` levels higher.
fn raise_headings(frame: &mut Frame, by: usize) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => raise_headings(&mut group.frame, by),
            FrameItem::Tag(Tag::Start(elem, _)) => {
                if let Some(heading) = elem.to_packed::<HeadingElem>() {
                    let level = heading.resolve_level(StyleChain::default()).get();
                    let mut raised = heading.clone();
                    let new =
                        NonZeroUsize::new(level.saturating_sub(by)).unwrap_or(NonZeroUsize::MIN);
                    raised.level.set(Smart::Custom(new));
                    *elem = raised.pack();
                }
            }
            _ => {}
        }
        true
    });
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use typst::foundations::{Bytes, Datetime};
    use typst_pdf::PdfOptions;

    use super::*;
    use crate::typeset::world::ProjectWorld;
    use crate::vpaths::file_id;

    fn compile(source: &str) -> PagedDocument {
        let dir = tempfile::tempdir().unwrap();
        let date = Datetime::from_ymd(2024, 5, 6).unwrap();
        let world = ProjectWorld::new(
            dir.path(),
            dir.path(),
            date,
            crate::typeset::fonts::builtin(),
        );
        let main = file_id("/main.typ");
        let files = HashMap::from([(main, Bytes::from_string(source.to_owned()))]);
        typst::compile::<PagedDocument>(&world.document_with(main, files))
            .output
            .expect("the test document compiles")
    }

    /// Every link target left in a frame, in reading order.
    fn links(frame: &Frame, out: &mut Vec<Destination>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => links(&group.frame, out),
                FrameItem::Link(destination, _) => out.push(destination.clone()),
                _ => {}
            }
        }
    }

    #[test]
    fn every_cut_exports_as_a_tagged_pdf() {
        // A list, a quote and a table run over page breaks, so most cuts go
        // through the middle of elements.
        let doc = compile(
            "#set page(height: 5cm)\n= A heading\n\
             #list(..range(12).map(i => [Item #i of a list that runs on]))\n\
             #quote(block: true, lorem(90))\n\
             #table(columns: 2, ..range(20).map(i => [Cell #i]))\n",
        );
        let pages = doc.pages().len();
        assert!(pages >= 5, "{pages} pages");
        let splitter = Splitter::new(&doc);
        for first in 1..=pages {
            for last in first..=pages {
                let part = splitter.cut(first, last, DocumentInfo::default(), true);
                assert_eq!(part.pages().len(), last - first + 1);
                let pdf = typst_pdf::pdf(&part, &PdfOptions::default());
                assert!(pdf.is_ok(), "pages {first}–{last}: {:?}", pdf.err());
            }
        }
    }

    /// The roles in a PDF's structure tree, depth-first.
    fn roles(pdf: &[u8]) -> Vec<String> {
        fn walk(doc: &lopdf::Document, object: &lopdf::Object, out: &mut Vec<String>) {
            let object = match object {
                lopdf::Object::Reference(id) => doc.get_object(*id).unwrap(),
                other => other,
            };
            match object {
                lopdf::Object::Array(items) => items.iter().for_each(|i| walk(doc, i, out)),
                lopdf::Object::Dictionary(elem) => {
                    if let Ok(role) = elem.get(b"S").and_then(lopdf::Object::as_name) {
                        out.push(String::from_utf8_lossy(role).into_owned());
                        if let Ok(kids) = elem.get(b"K") {
                            walk(doc, kids, out);
                        }
                    }
                }
                _ => {}
            }
        }
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let root = doc
            .catalog()
            .unwrap()
            .get(b"StructTreeRoot")
            .unwrap()
            .clone();
        let root = match root {
            lopdf::Object::Reference(id) => doc.get_object(id).unwrap().clone(),
            other => other,
        };
        let mut out = Vec::new();
        walk(&doc, root.as_dict().unwrap().get(b"K").unwrap(), &mut out);
        out
    }

    #[test]
    fn a_part_that_begins_inside_a_list_holds_it_in_its_structure() {
        let doc = compile(
            "#set page(height: 5cm)\n\
             #list(..range(12).map(i => [Item #i of a list that runs on]))\n",
        );
        assert!(doc.pages().len() >= 2);
        let part = Splitter::new(&doc).cut(2, 2, DocumentInfo::default(), true);
        let pdf = typst_pdf::pdf(&part, &PdfOptions::default()).unwrap();
        let roles = roles(&pdf);
        assert!(roles.contains(&"L".to_owned()), "{roles:?}");
        assert!(roles.contains(&"LI".to_owned()), "{roles:?}");
    }

    #[test]
    fn links_lead_into_the_part_or_are_dropped() {
        let doc = compile(
            "#set page(height: 4cm)\n\
             #link(<end>)[to the end] #link((page: 2, x: 0pt, y: 0pt))[to page two]\n\
             #pagebreak()\nPage two. #link((page: 3, x: 0pt, y: 0pt))[to page three]\n\
             #pagebreak()\n#metadata(none) <end> The end.\n",
        );
        assert_eq!(doc.pages().len(), 3);
        let splitter = Splitter::new(&doc);
        let targets = |first, last| {
            let part = splitter.cut(first, last, DocumentInfo::default(), true);
            let mut out = Vec::new();
            for page in part.pages() {
                links(&page.frame, &mut out);
            }
            out
        };
        let page = |destination: &Destination| match destination {
            Destination::Position(position) => Some(position.page.get()),
            _ => None,
        };
        // The whole document keeps all three links, page numbers as they were.
        let all = targets(1, 3);
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(
            all.iter().map(page).collect::<Vec<_>>(),
            [None, Some(2), Some(3)]
        );
        // Pages 2–3: the link to page three is now to the part's second page.
        assert_eq!(
            targets(2, 3).iter().map(page).collect::<Vec<_>>(),
            [Some(2)]
        );
        // Page 1 alone: both of its links lead out of it.
        assert!(targets(1, 1).is_empty());
    }
}
