//! Where a large booklet is cut into parts: before a programme item where
//! the booklet begins a page anyway, after about as many contributions as a
//! part should hold.

use crate::model::{Programme, ScheduleItem};

/// Where a large booklet is cut.
#[derive(Debug, Clone)]
pub struct BookletPlan {
    /// The programme's items each part of the body lays out: ranges of the
    /// schedule, in order, each beginning where a page begins.
    pub(super) runs: Vec<[usize; 2]>,
    /// How many contributions each run holds.
    pub(super) counts: Vec<usize>,
    /// What every page number reads while the front's pages are counted.
    pub(super) stand_in: String,
    /// The front's length, when known (the last build's): then it is not
    /// counted.
    pub front: Option<usize>,
}

/// The parts of a booklet whose programme holds more than `size`
/// contributions (cut before an item only where the booklet begins a page,
/// after at least `size` contributions); `None` for a smaller one, or with
/// `size` 0, which lays every booklet out whole.
pub fn booklet_plan(programme: &Programme, size: usize) -> Option<BookletPlan> {
    let total: usize = programme
        .schedule
        .iter()
        .map(|item| contributions_of(programme, item))
        .sum();
    if size == 0 || total <= size {
        return None;
    }
    let breaks = programme.booklet.session_breaks;
    let (mut runs, mut counts) = (Vec::new(), Vec::new());
    let (mut start, mut count, mut day) = (0, 0, None);
    for (at, item) in programme.schedule.iter().enumerate() {
        let label = day_of(programme, item);
        // As the template decides: a session begins a page when sessions
        // do; otherwise a day begins one under its title.
        let begins_page = match item {
            ScheduleItem::Session(_) if breaks => true,
            _ => !breaks && label.is_some() && label != day,
        };
        if at > start && begins_page && count >= size {
            runs.push([start, at]);
            counts.push(count);
            (start, count) = (at, 0);
        }
        if label.is_some() {
            day = label;
        }
        count += contributions_of(programme, item);
    }
    runs.push([start, programme.schedule.len()]);
    counts.push(count);
    // Page numbers as wide as the booklet's will be: about a page for every
    // two contributions, with the front and back.
    let digits = (total / 2 + 20).to_string().len();
    Some(BookletPlan {
        runs,
        counts,
        stand_in: "8".repeat(digits),
        front: None,
    })
}

/// How many contributions a schedule item holds.
pub(super) fn contributions_of(programme: &Programme, item: &ScheduleItem) -> usize {
    match item {
        ScheduleItem::Session(id) => programme
            .sessions
            .iter()
            .find(|s| &s.id == id)
            .map_or(0, |s| s.contributions.len()),
        ScheduleItem::Contribution(_) => 1,
    }
}

/// The programme day a schedule item is printed under, if any.
fn day_of<'a>(programme: &'a Programme, item: &ScheduleItem) -> Option<&'a str> {
    match item {
        ScheduleItem::Session(id) => programme
            .sessions
            .iter()
            .find(|s| &s.id == id)
            .and_then(|s| s.day_label.as_deref()),
        ScheduleItem::Contribution(id) => programme
            .contributions
            .iter()
            .find(|c| &c.id == id)
            .and_then(|c| c.programme_day.as_deref()),
    }
}
