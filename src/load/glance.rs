//! The programme at a glance: for each day, a room × time grid of sessions,
//! stand-alone contributions and breaks, computed here so that the template
//! only draws cells. Items without times are listed instead.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveTime};

use crate::model::{
    Break, Contribution, Day, GlanceCell, GlanceDay, GlanceEntry, GlanceListItem, GlancePage,
    GlanceRoom, GlanceRoomItems, GlanceRun, ProgrammeClock, ScheduleItem, Session,
};

/// More contributions of one kind than this in a row of a day's list are
/// summed up in one row ("Poster · 300 contributions · 34–120").
pub const LIST_RUN_MAX: usize = 12;

/// A timed item before it is placed; one without an end ends at its start,
/// and is listed with its room rather than drawn.
struct Slot {
    kind: &'static str,
    id: Option<String>,
    title: String,
    room: Option<String>,
    start: NaiveTime,
    end: NaiveTime,
}

/// How the grids are laid out.
pub struct Grid<'a> {
    /// At most this many room columns on one grid page.
    pub rooms_per_page: usize,
    /// When the programme's days end.
    pub clock: ProgrammeClock,
    /// The rooms the chair wants on the grids, in order (empty: chosen
    /// here).
    pub chosen: &'a [String],
}

/// At most this many items share a cell with the one it shows; the rest
/// are listed after the grids and the cell counts them.
const SHARED_MAX: usize = 2;

/// A stretch of a grid page with nothing in it takes at most the height of
/// this many minutes: a night or a long lunch is not a page of blank.
const EMPTY_MINUTES: u32 = 30;

/// A room with at most this many items of a day is listed after the grids,
/// not drawn as a column, on a day with more rooms than one grid page
/// holds: one long session, a few self-organised meetings.
const FEW_ITEMS: usize = 2;

/// At most this many grid pages per day, unless the chair chooses the
/// rooms: a congress day's further rooms are listed after the grids.
const GRID_PAGES: usize = 3;

/// A congress day's glance, grids and listed rooms together, aims to take
/// at most this many pages: grid pages give way to the listing.
const DAY_PAGES: usize = 5;

/// About how many characters of the rooms listing an A5 page holds (two
/// columns of 6.5 pt type): to estimate its pages.
const LISTING_CHARS_A5: usize = 5600;

impl Slot {
    /// What a cell or a row shows of it.
    fn entry(&self) -> GlanceEntry {
        GlanceEntry {
            kind: self.kind,
            id: self.id.clone(),
            title: self.title.clone(),
            start: Some(self.start),
            // Without an end (none given, or none after its start) it is no
            // cell of the grid but a time in the listing.
            end: (self.end != self.start).then_some(self.end),
        }
    }
}

/// Builds the overview.
pub fn build(
    schedule: &[ScheduleItem],
    sessions: &[Session],
    contributions: &[Contribution],
    breaks: &[Break],
    days: &[Day],
    day_label: impl Fn(NaiveDate) -> String,
    Grid {
        rooms_per_page,
        clock,
        chosen,
    }: Grid,
) -> Vec<GlanceDay> {
    // Looked up once per item and per talk: maps keep large programmes linear.
    let sessions_by_id: HashMap<&str, &Session> =
        sessions.iter().map(|s| (s.id.as_str(), s)).collect();
    let contributions_by_id: HashMap<&str, &Contribution> =
        contributions.iter().map(|c| (c.id.as_str(), c)).collect();
    let session = |id: &str| sessions_by_id.get(id).copied();
    let contribution = |id: &str| contributions_by_id.get(id).copied();
    let day_of = |item: &ScheduleItem| match item {
        ScheduleItem::Session(id) => session(id).and_then(|s| clock.day(s.day, s.start)),
        ScheduleItem::Contribution(id) => contribution(id).and_then(|c| clock.day(c.day, c.start)),
    };

    let mut dates: BTreeSet<NaiveDate> = days.iter().map(|d| d.date).collect();
    dates.extend(schedule.iter().filter_map(day_of));
    dates.extend(
        breaks
            .iter()
            .filter_map(|b| clock.day(Some(b.day), b.start)),
    );

    let mut out = Vec::new();
    for date in dates {
        let mut slots = Vec::new();
        let mut list = Vec::new();
        for item in schedule.iter().filter(|i| day_of(i) == Some(date)) {
            let slot = match item {
                ScheduleItem::Session(id) => session(id).and_then(|s| {
                    let end = s.end.or_else(|| {
                        s.contributions
                            .iter()
                            .filter_map(|c| contribution(c)?.end)
                            .max()
                    });
                    let start = s.start?;
                    Some(Slot {
                        kind: "session",
                        id: Some(s.id.clone()),
                        title: s.title.clone(),
                        room: s.room.clone(),
                        start,
                        end: end.unwrap_or(start),
                    })
                }),
                ScheduleItem::Contribution(id) => contribution(id).and_then(|c| {
                    let start = c.start?;
                    Some(Slot {
                        kind: "contribution",
                        id: Some(c.id.clone()),
                        title: c.title.clone(),
                        room: c.room.clone(),
                        start,
                        end: c.end.unwrap_or(start),
                    })
                }),
            };
            match slot {
                Some(slot) => slots.push(slot),
                None => list.push(item.clone()),
            }
        }
        for b in breaks
            .iter()
            .filter(|b| clock.day(Some(b.day), b.start) == Some(date))
        {
            if let (Some(start), Some(end)) = (b.start, b.end) {
                slots.push(Slot {
                    kind: "break",
                    id: None,
                    title: b.title.clone(),
                    room: None,
                    start,
                    end,
                });
            }
        }

        let declared = days
            .iter()
            .find(|d| d.date == date)
            .map(|d| d.rooms.clone())
            .unwrap_or_default();
        let mut rooms = declared;
        for slot in &slots {
            if let Some(room) = &slot.room
                && !rooms.contains(room)
            {
                rooms.push(room.clone());
            }
        }
        let (pages, room_rows, others) = if slots.is_empty() {
            (Vec::new(), Vec::new(), Vec::new())
        } else if chosen.is_empty() && is_devroom_day(&slots, &rooms, rooms_per_page) {
            (Vec::new(), room_table(&slots, &rooms, clock), Vec::new())
        } else {
            let (pages, others) =
                grids_and_more_rooms(slots, &rooms, chosen, rooms_per_page, clock);
            (pages, Vec::new(), others)
        };
        out.push(GlanceDay {
            date: Some(date),
            label: Some(day_label(date)),
            pages,
            rooms: room_rows,
            others,
            list: summarise(list, &contribution),
        });
    }

    // Whatever has no date at all is listed on its own.
    let undated: Vec<ScheduleItem> = schedule
        .iter()
        .filter(|i| day_of(i).is_none())
        .cloned()
        .collect();
    if !undated.is_empty() {
        out.push(GlanceDay {
            date: None,
            label: None,
            pages: Vec::new(),
            rooms: Vec::new(),
            others: Vec::new(),
            list: summarise(undated, &contribution),
        });
    }
    out
}

/// A day's list, with every run of more than [`LIST_RUN_MAX`] contributions
/// of one kind summed up in one row.
fn summarise<'a>(
    list: Vec<ScheduleItem>,
    contribution: &impl Fn(&str) -> Option<&'a Contribution>,
) -> Vec<GlanceListItem> {
    let mut out = Vec::new();
    let mut run: Vec<&'a Contribution> = Vec::new();
    let flush = |run: &mut Vec<&Contribution>, out: &mut Vec<GlanceListItem>| {
        if run.len() > LIST_RUN_MAX {
            out.push(GlanceListItem::Run(GlanceRun {
                tag: "run",
                kind: run[0].kind,
                count: run.len(),
                first: run[0].id.clone(),
                last: run[run.len() - 1].id.clone(),
            }));
        } else {
            out.extend(
                run.iter()
                    .map(|c| GlanceListItem::Item(ScheduleItem::Contribution(c.id.clone()))),
            );
        }
        run.clear();
    };
    for item in list {
        match &item {
            ScheduleItem::Contribution(id) if let Some(c) = contribution(id) => {
                if run.first().is_some_and(|first| first.kind != c.kind) {
                    flush(&mut run, &mut out);
                }
                run.push(c);
            }
            _ => {
                flush(&mut run, &mut out);
                out.push(GlanceListItem::Item(item));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Shows `slot`, which overlaps a cell of its own room (column `x`, rows
/// `y..end`), in that cell, grown to cover both — unless growing it would
/// cover a third item, or the cell already shows [`SHARED_MAX`] more (then
/// it counts the slot, which is listed). Returns whether it showed it.
fn join(
    cells: &mut [GlanceCell],
    taken: &mut [Vec<bool>],
    x: usize,
    y: usize,
    end: usize,
    slot: &Slot,
) -> bool {
    let Some(cell) = cells
        .iter_mut()
        .find(|c| c.x == x && c.colspan == 1 && c.y < end && y < c.y + c.rowspan)
    else {
        return false;
    };
    if cell.also.len() >= SHARED_MAX {
        cell.more += 1;
        return false;
    }
    let (top, bottom) = (cell.y.min(y), (cell.y + cell.rowspan).max(end));
    let own = cell.y..cell.y + cell.rowspan;
    if !(top..bottom).all(|r| own.contains(&r) || !taken[r][x]) {
        return false;
    }
    for row in &mut taken[top..bottom] {
        row[x] = true;
    }
    cell.y = top;
    cell.rowspan = bottom - top;
    cell.also.push(slot.entry());
    true
}

/// Which of a day's `rooms` the grids draw, and which are listed after
/// them, both in the day's room order. The chair's `chosen` rooms, if any;
/// else every room when the grid pages hold them all; else the rooms with
/// more than [`FEW_ITEMS`] items in the export's room order (organisers rank
/// their big stages first; a room of thirty lightning talks or of a dozen
/// meetups is not the more important for it), as many grid pages of them as
/// leave the listing room in the day's pages, at most [`GRID_PAGES`].
fn grid_rooms(
    slots: &[Slot],
    rooms: &[String],
    chosen: &[String],
    per_page: usize,
) -> (Vec<String>, Vec<String>) {
    let on_grid: Vec<String> = if !chosen.is_empty() {
        chosen
            .iter()
            .filter(|r| rooms.contains(r))
            .cloned()
            .collect()
    } else if rooms.len() <= GRID_PAGES * per_page.max(1) {
        rooms.to_vec()
    } else {
        let in_room = |room: &String| -> Vec<&Slot> {
            slots
                .iter()
                .filter(|s| s.room.as_ref() == Some(room))
                .collect()
        };
        // What listing a room takes: its name and the end of its last line,
        // each item's time, title and page.
        let listing = |room: &String| {
            let items: usize = (in_room(room).iter())
                .map(|s| s.title.chars().count() + 14)
                .sum();
            room.chars().count() + 30 + items
        };
        let busy: Vec<usize> = (0..rooms.len())
            .filter(|&i| in_room(&rooms[i]).len() > FEW_ITEMS)
            .collect();
        let per_page = per_page.max(1);
        let page_chars = LISTING_CHARS_A5 * if per_page > 5 { 2 } else { 1 };
        // The most grid pages that leave the listing room in the day's pages.
        let mut pages = GRID_PAGES.min(busy.len().div_ceil(per_page));
        while pages > 1 {
            let on = &busy[..busy.len().min(pages * per_page)];
            let chars: usize = (0..rooms.len())
                .filter(|i| !on.contains(i))
                .map(|i| listing(&rooms[i]))
                .sum();
            if pages + chars.div_ceil(page_chars) <= DAY_PAGES {
                break;
            }
            pages -= 1;
        }
        (busy.iter().take(pages * per_page))
            .map(|&i| rooms[i].clone())
            .collect()
    };
    let listed = rooms
        .iter()
        .filter(|r| !on_grid.contains(r))
        .cloned()
        .collect();
    (on_grid, listed)
}

/// A day's grids of the rooms [`grid_rooms`] keeps, and its other rooms
/// listed after them. What the grids cannot draw without covering
/// something (a clash in a grid room, items without a room) is listed too,
/// under its room, or under none ("").
fn grids_and_more_rooms(
    slots: Vec<Slot>,
    rooms: &[String],
    chosen: &[String],
    per_page: usize,
    clock: ProgrammeClock,
) -> (Vec<GlancePage>, Vec<GlanceRoomItems>) {
    let (on_grid, listed) = grid_rooms(&slots, rooms, chosen, per_page);
    let (drawn, mut aside): (Vec<Slot>, Vec<Slot>) = slots
        .into_iter()
        .partition(|s| s.room.as_ref().is_none_or(|room| on_grid.contains(room)));
    let mut pages = Vec::new();
    if !drawn.is_empty() {
        let displaced;
        (pages, displaced) = grids(&drawn, &on_grid, per_page, clock);
        let mut drawn: Vec<Option<Slot>> = drawn.into_iter().map(Some).collect();
        aside.extend(displaced.into_iter().filter_map(|i| drawn[i].take()));
    }
    // The listed rooms in the day's order, then rooms only a displaced item
    // names, in the order they came.
    let mut order = listed;
    for slot in &aside {
        let room = slot.room.clone().unwrap_or_default();
        if !order.contains(&room) {
            order.push(room);
        }
    }
    let others = order
        .into_iter()
        .filter_map(|room| {
            let mut entries: Vec<GlanceEntry> = (aside.iter())
                .filter(|s| s.room.as_deref().unwrap_or_default() == room)
                .map(Slot::entry)
                .collect();
            entries.sort_by_key(|e| e.start.map(|t| clock.minutes(t)));
            (!entries.is_empty()).then_some(GlanceRoomItems { room, entries })
        })
        .collect();
    (pages, others)
}

/// Whether a day is better shown as a table of rooms than as grids: more
/// rooms than one grid page holds, and no room with more than one item (the
/// devroom style, one long session per room), so a grid would show the same
/// tall box across many pages.
fn is_devroom_day(slots: &[Slot], rooms: &[String], per_page: usize) -> bool {
    if rooms.len() <= per_page {
        return false;
    }
    let mut seen = std::collections::HashSet::new();
    slots
        .iter()
        .filter_map(|s| s.room.as_ref())
        .all(|room| seen.insert(room))
}

/// One row per room in the day's room order, then the breaks in time order.
fn room_table(slots: &[Slot], rooms: &[String], clock: ProgrammeClock) -> Vec<GlanceRoom> {
    let row = |slot: &Slot| GlanceRoom {
        room: slot.room.clone(),
        entry: slot.entry(),
    };
    let mut table: Vec<GlanceRoom> = rooms
        .iter()
        .filter_map(|room| slots.iter().find(|s| s.room.as_ref() == Some(room)))
        .map(row)
        .collect();
    let mut shared: Vec<&Slot> = slots.iter().filter(|s| s.room.is_none()).collect();
    shared.sort_by_key(|s| clock.minutes(s.start));
    table.extend(shared.into_iter().map(row));
    table
}

/// Lays the slots of one day out on grids of at most `per_page` rooms. A slot
/// that would collide with another is not drawn on top: its index is
/// returned with the pages.
fn grids(
    slots: &[Slot],
    rooms: &[String],
    per_page: usize,
    clock: ProgrammeClock,
) -> (Vec<GlancePage>, Vec<usize>) {
    // Rows in the programme day's order: the small hours after the evening,
    // and an end after the start however late (a set from 03:00 to 07:00
    // ends after it starts, whenever the day changes).
    let span = |s: &Slot| {
        let start = clock.minutes(s.start);
        let length = (s.end - s.start).num_minutes().rem_euclid(24 * 60) as u32;
        (start, start + length)
    };
    let mut times: Vec<u32> = slots
        .iter()
        .flat_map(|s| {
            let (start, end) = span(s);
            [start, end]
        })
        .collect();
    times.sort_unstable();
    times.dedup();
    let row = |minutes: u32| times.binary_search(&minutes).unwrap_or(0);
    let label = |minutes: u32| format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60);

    let chunks: Vec<&[String]> = if rooms.is_empty() {
        vec![&[]]
    } else {
        rooms.chunks(per_page.max(1)).collect()
    };
    let mut pages = Vec::new();
    let mut displaced: Vec<usize> = Vec::new();
    for chunk in chunks {
        let columns = chunk.len().max(1);
        let mut taken = vec![vec![false; columns]; times.len()];
        let mut cells = Vec::new();
        // Breaks across all rooms first, then the rooms' items, then the
        // items without a room across all rooms where that covers nothing
        // (a plenary; at a congress, an event nobody gave a room is listed);
        // in time order, the longer first, so that a slot holding short
        // talks is the cell they join.
        let mut order: Vec<usize> = (0..slots.len()).collect();
        order.sort_by_key(|&i| {
            let s = &slots[i];
            let (start, end) = span(s);
            let rank = match (s.kind, &s.room) {
                ("break", _) => 0,
                (_, Some(_)) => 1,
                (_, None) => 2,
            };
            (rank, start, std::cmp::Reverse(end))
        });
        for i in order {
            let slot = &slots[i];
            let (x, colspan) = match &slot.room {
                None => (0, columns),
                Some(room) => match chunk.iter().position(|r| r == room) {
                    Some(x) => (x, 1),
                    None => continue, // on another page
                },
            };
            let (y, end) = {
                let (start, end) = span(slot);
                (row(start), row(end))
            };
            let free = (y..end).all(|r| (x..x + colspan).all(|c| !taken[r][c]));
            if !free
                && end > y
                && slot.room.is_some()
                && join(&mut cells, &mut taken, x, y, end, slot)
            {
                continue;
            }
            if !free || end <= y {
                if !displaced.contains(&i) {
                    displaced.push(i);
                }
                continue;
            }
            for row in &mut taken[y..end] {
                row[x..x + colspan].fill(true);
            }
            cells.push(GlanceCell {
                x,
                y,
                colspan,
                rowspan: end - y,
                entry: slot.entry(),
                also: Vec::new(),
                more: 0,
            });
        }
        cells.sort_by_key(|c| (c.y, c.x));
        let mut covered = vec![false; times.len().saturating_sub(1)];
        for cell in &cells {
            covered[cell.y..cell.y + cell.rowspan].fill(true);
        }
        pages.push(GlancePage {
            rooms: chunk.to_vec(),
            times: times.iter().map(|&t| label(t)).collect(),
            minutes: (times.windows(2).zip(&covered))
                .map(|(pair, &covered)| {
                    let minutes = pair[1] - pair[0];
                    if covered {
                        minutes
                    } else {
                        minutes.min(EMPTY_MINUTES)
                    }
                })
                .collect(),
            cells,
        });
    }
    (pages, displaced)
}
