//! The links of the front and back matter, which are laid out apart from
//! the body they lead into: first aimed past [`DEFERRED`], a stand-in for
//! the front matter's length, and corrected once it is known; then, since
//! the body's pages have gone to a sink, turned into marks the join points
//! at them.

use std::num::NonZeroUsize;
use std::ops::Range;

use typst::ecow::eco_format;
use typst::introspection::Tag;
use typst::layout::{Abs, Frame, FrameItem};
use typst::model::{Destination, LinkMarker};

use crate::documents::join::page_link;
use crate::typeset::retain_links;

/// Stands in for the length of the front matter in the front matter's own
/// links to contributions, which are laid out before that length is known;
/// [`resolve_deferred`] then corrects them. No real link reaches so far.
pub(super) const DEFERRED: usize = 1_000_000_000;

/// Stands in for the height of a contribution's start on its page in the
/// links of the front and back matter: the stand-in plus the start's number
/// (see [`super::spec::Targets`], and the booklet's); [`resolve_deferred`]
/// then puts the real point in. No page is this tall.
pub(super) const HEIGHTS: f64 = 1_000_000.0;

/// Points the links of a part that holds the volume's pages `own` (counted
/// from 0) at its own pages, and turns those that lead to other pages of the
/// volume into [`page_link`] marks for the join to resolve.
pub(super) fn link_out(frame: &mut Frame, own: Range<usize>) {
    retain_links(frame, &mut |destination| {
        if let Destination::Position(position) = destination {
            let index = position.page.get() - 1;
            if own.contains(&index) {
                position.page = NonZeroUsize::MIN.saturating_add(index - own.start);
            } else {
                *destination = Destination::Url(page_link(index, position.point));
            }
        }
        true
    });
}

/// Points the links laid out past [`DEFERRED`] at their pages,
/// now that the front matter is known to be `offset` pages long, and
/// corrects what they tell screen readers ("page N", made by Typst from the
/// page the link leads to); puts into the links laid out with a stand-in
/// for a height (see [`HEIGHTS`]) the point it stands for, from `points`
/// (x and y, in points).
pub(super) fn resolve_deferred(frame: &mut Frame, offset: usize, points: &[(f64, f64)]) {
    let moved = |page: usize| (page > DEFERRED).then(|| page - DEFERRED + offset);
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => resolve_deferred(&mut group.frame, offset, points),
            FrameItem::Link(Destination::Position(position), _) => {
                if let Some(page) = moved(position.page.get()).and_then(NonZeroUsize::new) {
                    position.page = page;
                }
                let y = position.point.y.to_pt();
                if y >= HEIGHTS
                    && let Some((x, y)) = points.get((y - HEIGHTS).round() as usize)
                {
                    position.point.x = Abs::pt(*x);
                    position.point.y = Abs::pt(*y);
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(marker) = content.to_packed_mut::<LinkMarker>()
                    && let Some(alt) = &marker.alt
                    && let Some((words, number)) = alt.rsplit_once(' ')
                    && let Some(page) = number.parse().ok().and_then(moved)
                {
                    marker.alt = Some(eco_format!("{words} {page}"));
                }
            }
            _ => {}
        }
        true
    });
}
