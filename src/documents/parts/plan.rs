//! The plan of a large volume in parts: the items of its main matter as
//! parts count them (session heads and contributions), where each part ends,
//! and where a part that ends inside a flow of contributions is cut once laid
//! out. Pure arithmetic on the running order and page tables: it never
//! compiles anything.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::spec::PartSpec;
use crate::model::{ProceedingsOrder, Programme, ScheduleItem};
use crate::typeset::PageEntry;

/// One item of the main matter as parts count it: a session's head (which
/// always begins a page) or a contribution (which flows on from the one
/// before unless it does not fit), in a session or not. `at` is its place in
/// the running order the template walks (the schedule, or the volume's
/// contributions).
#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// A session's head: its title and details.
    Session { at: usize },
    /// A contribution's id; in a session, which of its contributions it is.
    Contribution {
        at: usize,
        id: String,
        within: Option<Within>,
    },
}

/// A contribution's place in its session.
#[derive(Debug, Clone, PartialEq)]
struct Within {
    /// Which of the session's contributions it is, from 0.
    nth: usize,
    /// Whether it is the session's last.
    last: bool,
    /// The session's title (the running title on its pages).
    title: String,
}

impl Item {
    /// How many contributions it counts as: 1 for a contribution, 0 for a
    /// session's head.
    fn contributions(&self) -> usize {
        match self {
            Item::Session { .. } => 0,
            Item::Contribution { .. } => 1,
        }
    }

    /// The contribution it ends with.
    fn last(&self) -> Option<&str> {
        match self {
            Item::Session { .. } => None,
            Item::Contribution { id, .. } => Some(id),
        }
    }

    /// Its place in the running order.
    fn at(&self) -> usize {
        match self {
            Item::Session { at, .. } | Item::Contribution { at, .. } => *at,
        }
    }
}

/// How a large volume's main matter is cut into parts of about `size`
/// contributions.
///
/// A part that ends before a session ends where a new page begins anyway:
/// its pages are kept whole. Where contributions flow from one to the next
/// (a long session, a volume by title or id, contributions outside sessions),
/// a part may end inside the flow; once laid out, its pages are kept up to
/// the last contribution that happens to begin a page (its head did not fit
/// at the foot of the page before), and the next part starts there: the
/// pages are those of the volume laid out in one go, and only the few pages
/// after that cut are laid out twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    items: Vec<Item>,
    size: usize,
    /// Whether a part may end inside a session.
    within_sessions: bool,
}

/// Where a part ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct End {
    /// The first item after the part.
    pub(super) at: usize,
    /// Whether a page begins there whatever the layout (a session, or the
    /// end of the volume).
    pub(super) natural: bool,
}

/// The plan for the volume's main matter, or `None` when it fits in one
/// part or `size` is 0. With `within_sessions`, parts may end inside a
/// session (the template lays out part of a session; the built-in one can).
pub fn plan(programme: &Programme, size: usize, within_sessions: bool) -> Option<Plan> {
    if size == 0 {
        return None;
    }
    let contribution = |at, id: &String, within| Item::Contribution {
        at,
        id: id.clone(),
        within,
    };
    let mut items = Vec::new();
    if programme.proceedings.order == ProceedingsOrder::Session {
        let sessions: HashMap<&str, (&str, &[String])> = programme
            .sessions
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    (s.title.as_str(), s.contributions.as_slice()),
                )
            })
            .collect();
        for (at, item) in programme.schedule.iter().enumerate() {
            match item {
                ScheduleItem::Session(id) => {
                    let (title, ids) = sessions.get(id.as_str()).copied().unwrap_or_default();
                    let title = title.to_owned();
                    items.push(Item::Session { at });
                    for (nth, id) in ids.iter().enumerate() {
                        let within = Within {
                            nth,
                            last: nth + 1 == ids.len(),
                            title: title.clone(),
                        };
                        items.push(contribution(at, id, Some(within)));
                    }
                }
                ScheduleItem::Contribution(id) => items.push(contribution(at, id, None)),
            }
        }
    } else {
        for (at, id) in programme.proceedings.contributions.iter().enumerate() {
            items.push(contribution(at, id, None));
        }
    }
    let plan = Plan {
        items,
        size,
        within_sessions,
    };
    (plan.end(0, 0).at < plan.items.len()).then_some(plan)
}

impl Plan {
    /// Where the part beginning at item `start` ends: before the first
    /// session once it holds `size` contributions and two page runs (Typst
    /// lays out page runs, such as sessions, side by side: a part of one long
    /// session keeps one core busy, one of two keeps both); in a flow of
    /// contributions (a long session, or contributions outside sessions)
    /// longer than `2 size`, after `size` of them. A part holds at most about
    /// `4 size` contributions. Each step of `widen` doubles the size (for a
    /// flow in which no contribution of a part began a page).
    pub(super) fn end(&self, start: usize, widen: u32) -> End {
        let size = self.size.saturating_mul(1 << widen.min(16));
        // Contributions in the part, in its current page run, page runs.
        let (mut count, mut run, mut runs) = (0, 0, 1);
        let mut flow = None;
        for (i, item) in self.items.iter().enumerate().skip(start) {
            if i > start {
                match item {
                    Item::Session { .. } => {
                        if count >= size && (runs >= 2 || count >= size.saturating_mul(2)) {
                            return End {
                                at: i,
                                natural: true,
                            };
                        }
                        if run > 0 {
                            runs += 1;
                        }
                        (run, flow) = (0, None);
                    }
                    Item::Contribution { .. } if self.cuttable(i) && run >= size => {
                        let at = *flow.get_or_insert(i);
                        if run >= size.saturating_mul(2) {
                            return End { at, natural: false };
                        }
                    }
                    Item::Contribution { .. } => {}
                }
            }
            count += item.contributions();
            run += item.contributions();
        }
        End {
            at: self.items.len(),
            natural: true,
        }
    }

    /// Whether a part may begin with item `i`, a contribution.
    fn cuttable(&self, i: usize) -> bool {
        match &self.items[i] {
            Item::Contribution { within, .. } => self.within_sessions || within.is_none(),
            Item::Session { .. } => false,
        }
    }

    /// How many parts the main matter takes, and whether that is exact (all
    /// parts end before sessions) or an estimate (cuts in a flow come a
    /// little earlier than planned).
    pub(super) fn count(&self) -> (usize, bool) {
        let (mut start, mut parts, mut exact) = (0, 0, true);
        while start < self.len() {
            let end = self.end(start, 0);
            exact &= end.natural;
            parts += 1;
            start = end.at;
        }
        (parts, exact)
    }

    /// In a part of items `start..end` laid out with the page table `rows`,
    /// the last item after `start` that begins a page, and that page
    /// (counted in the part, from 1).
    pub(super) fn cut(
        &self,
        start: usize,
        end: usize,
        rows: &[PageEntry],
    ) -> Option<(usize, usize)> {
        let pages: HashMap<&str, (usize, usize)> = rows
            .iter()
            .map(|r| (r.id.as_str(), (r.first, r.last)))
            .collect();
        // The page where each item's last contribution ends.
        let mut ends = Vec::with_capacity(end - start);
        for item in &self.items[start..end] {
            ends.push(item.last().and_then(|id| pages.get(id)).map(|p| p.1));
        }
        (start + 1..end).rev().find_map(|c| {
            // The item before must have ended on a page of its own.
            let before = ends[c - 1 - start]?;
            let first = match &self.items[c] {
                Item::Session { .. } => before + 1,
                Item::Contribution { id, .. } if self.cuttable(c) => pages.get(id.as_str())?.0,
                Item::Contribution { .. } => return None,
            };
            (first > before).then_some((c, first))
        })
    }

    /// The number of items in the main matter.
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    /// How many contributions the items `range` hold.
    pub(super) fn contributions(&self, range: Range<usize>) -> usize {
        self.items[range].iter().map(Item::contributions).sum()
    }

    /// How many of the contributions in `rows` (those of a part beginning
    /// at item `start`) continue a session begun in a part before.
    pub(super) fn continued(&self, start: usize, rows: &[PageEntry]) -> usize {
        let Some(Item::Contribution {
            at,
            within: Some(_),
            ..
        }) = self.items.get(start)
        else {
            return 0;
        };
        let ids: HashSet<&str> = self.items[start..]
            .iter()
            .take_while(
                |item| matches!(item, Item::Contribution { at: a, within: Some(_), .. } if a == at),
            )
            .filter_map(Item::last)
            .collect();
        rows.iter()
            .filter(|row| ids.contains(row.id.as_str()))
            .count()
    }

    /// The part of items `start..end`, laid out from printed page
    /// `first_page`, as the template is told it.
    pub(super) fn spec(&self, start: usize, end: usize, first_page: usize) -> PartSpec {
        let first = &self.items[start];
        let last = &self.items[end.max(start + 1) - 1];
        let (skip, running) = match first {
            Item::Contribution {
                within: Some(within),
                ..
            } => (Some(within.nth), Some(within.title.clone())),
            _ => (None, None),
        };
        let take = match last {
            Item::Contribution {
                within: Some(within),
                ..
            } if !within.last => Some(within.nth + 1),
            Item::Session { .. } => Some(0),
            _ => None,
        };
        PartSpec {
            front: false,
            main: true,
            back: false,
            items: Some([first.at(), last.at() + 1]),
            skip,
            take,
            running,
            first_page,
            targets: None,
            body_offset: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic() -> Programme {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic");
        crate::load::load(&dir, None)
            .expect("the fixture loads")
            .programme
    }

    #[test]
    fn parts_of_a_volume_by_session_end_before_sessions() {
        let programme = synthetic();
        let plan = plan(&programme, 8, true).expect("69 contributions make several parts");
        // A head for each session and an item for each contribution.
        let heads = plan
            .items
            .iter()
            .filter(|i| matches!(i, Item::Session { .. }))
            .count();
        assert_eq!(heads, programme.sessions.len());
        assert_eq!(plan.len(), heads + programme.contributions.len());
        let mut start = 0;
        let mut parts = 0;
        while start < plan.len() {
            let end = plan.end(start, 0);
            assert!(end.natural, "{end:?}");
            assert!(end.at > start);
            if end.at < plan.len() {
                assert!(
                    matches!(plan.items[end.at], Item::Session { .. }),
                    "part {start}..{} ends mid-page",
                    end.at
                );
                let part = &plan.items[start..end.at];
                let count: usize = part.iter().map(Item::contributions).sum();
                assert!(count >= 8, "part {start}..{} holds only {count}", end.at);
                // Two page runs at least, for Typst to lay out side by side.
                let runs = part
                    .iter()
                    .filter(|i| matches!(i, Item::Session { .. }))
                    .count();
                assert!(runs >= 2, "part {start}..{} is one session", end.at);
            }
            start = end.at;
            parts += 1;
        }
        assert!(parts > 2, "{parts} parts");
    }

    /// A session of `n` contributions after a contribution outside sessions.
    fn long_session(n: usize, within_sessions: bool) -> Plan {
        let mut items = vec![
            Item::Contribution {
                at: 0,
                id: "k".into(),
                within: None,
            },
            Item::Session { at: 1 },
        ];
        for nth in 0..n {
            items.push(Item::Contribution {
                at: 1,
                id: format!("p{nth}"),
                within: Some(Within {
                    nth,
                    last: nth + 1 == n,
                    title: "Posters".into(),
                }),
            });
        }
        Plan {
            items,
            size: 5,
            within_sessions,
        }
    }

    #[test]
    fn a_long_session_is_cut_in_its_flow() {
        // Items: k, the head, p0 at 2 … p29 at 31. The session's run reaches
        // 5 at p5 (item 7), where the cut may fall, and 10 at p10: the part
        // ends at p5 (its pages kept up to the last one beginning a page).
        let plan = long_session(30, true);
        assert_eq!(
            plan.end(0, 0),
            End {
                at: 7,
                natural: false
            }
        );
        // From inside the session, the next part likewise.
        assert_eq!(
            plan.end(5, 0),
            End {
                at: 10,
                natural: false
            }
        );
        // Told where it begins and ends inside the session.
        let spec = plan.spec(5, 10, 40);
        assert_eq!(spec.items, Some([1, 2]));
        assert_eq!(spec.skip, Some(3));
        assert_eq!(spec.take, Some(8));
        assert_eq!(spec.running.as_deref(), Some("Posters"));
        assert_eq!(spec.first_page, 40);
        // The first part: the contribution outside, the head, p0…p4.
        let spec = plan.spec(0, 7, 1);
        assert_eq!(
            (spec.items, spec.skip, spec.take, spec.running),
            (Some([0, 2]), None, Some(5), None)
        );
        // A template that cannot lay out part of a session: one piece.
        let plan = long_session(30, false);
        assert_eq!(
            plan.end(0, 0),
            End {
                at: 32,
                natural: true
            }
        );
        assert_eq!(plan.spec(0, 32, 1).take, None);
    }

    #[test]
    fn a_volume_by_title_is_cut_in_the_flow() {
        let mut programme = synthetic();
        programme.proceedings.order = ProceedingsOrder::Title;
        let plan = plan(&programme, 8, true).expect("a volume by title has parts too");
        assert_eq!(plan.len(), 69);
        assert_eq!(
            plan.end(0, 0),
            End {
                at: 8,
                natural: false
            }
        );
        assert_eq!(
            plan.end(64, 0),
            End {
                at: 69,
                natural: true
            }
        );
        // Widened (no contribution began a page), a part holds twice as many.
        assert_eq!(
            plan.end(0, 1),
            End {
                at: 16,
                natural: false
            }
        );
        assert_eq!(
            plan.end(0, 3),
            End {
                at: 69,
                natural: true
            }
        );
    }

    fn row(id: &str, first: usize, last: usize) -> PageEntry {
        PageEntry {
            id: id.into(),
            first,
            last,
            first_label: String::new(),
            last_label: String::new(),
            y: 0.0,
        }
    }

    #[test]
    fn a_flowing_part_is_cut_before_the_last_contribution_that_begins_a_page() {
        let contribution = |id: &str| Item::Contribution {
            at: 0,
            id: id.into(),
            within: None,
        };
        let plan = Plan {
            items: ["a", "b", "c", "d", "e"].map(contribution).to_vec(),
            size: 2,
            within_sessions: true,
        };
        // c begins page 3 after b ended on page 2; d and e share pages with
        // the contribution before them.
        let rows = [
            row("a", 1, 1),
            row("b", 1, 2),
            row("c", 3, 3),
            row("d", 3, 4),
            row("e", 4, 4),
        ];
        assert_eq!(plan.cut(0, 5, &rows), Some((2, 3)));
        // The first item is never a cut; without a page beginning, none.
        assert_eq!(plan.cut(2, 5, &rows), None);
        assert_eq!(plan.cut(0, 2, &rows), None);
        // A session always begins the page after the item before ends.
        let head = Item::Session { at: 0 };
        let within = |id: &str, nth| Item::Contribution {
            at: 0,
            id: id.into(),
            within: Some(Within {
                nth,
                last: true,
                title: "S".into(),
            }),
        };
        let items = vec![
            contribution("a"),
            head.clone(),
            within("b", 0),
            // A session without contributions.
            head.clone(),
            contribution("c"),
        ];
        let plan = Plan {
            items: items.clone(),
            size: 2,
            within_sessions: true,
        };
        let rows = [row("a", 1, 2), row("b", 4, 4), row("c", 6, 6)];
        // Not after the empty session, whose last page is unknown, but
        // before it: the page after b's. Never between a head and the first
        // contribution it introduces.
        assert_eq!(plan.cut(0, 5, &rows), Some((3, 5)));
        assert_eq!(plan.cut(0, 3, &rows), Some((1, 3)));
        // Inside a session, a contribution that begins a page is a cut, unless
        // the template cannot lay out part of a session.
        let items = vec![head, within("a", 0), within("b", 1)];
        let rows = [row("a", 1, 2), row("b", 3, 3)];
        let mut plan = Plan {
            items,
            size: 1,
            within_sessions: true,
        };
        assert_eq!(plan.cut(0, 3, &rows), Some((2, 3)));
        plan.within_sessions = false;
        assert_eq!(plan.cut(0, 3, &rows), None);
    }

    #[test]
    fn small_volumes_and_size_zero_are_compiled_whole() {
        let programme = synthetic();
        assert_eq!(plan(&programme, 0, true), None);
        assert_eq!(plan(&programme, 1000, true), None);
        let mut by_title = programme;
        by_title.proceedings.order = ProceedingsOrder::Title;
        assert_eq!(plan(&by_title, 1000, true), None);
    }
}
