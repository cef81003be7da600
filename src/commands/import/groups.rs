//! How imported events become sessions: runs of one track in one room
//! (Indico's session slots come as such runs), whole tracks, or none at
//! all — a frab or pretalx export has no sessions, only talks in tracks,
//! and a talk is imported on its own with its track. Posters shown side by
//! side in one slot and room always make one poster session.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveTime};

use super::fields::kind;
use super::{Event, Schedule, slug, untimed};
use crate::config::Kind;

/// Gaps up to this long keep consecutive events of a track in one session.
const SESSION_GAP_MINUTES: i64 = 30;

/// How events become sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One session per run of consecutive events of one track in one room on
    /// one day.
    Room,
    /// One session per track, across days and rooms.
    Track,
    /// No sessions: each event on its own, in its track.
    Events,
}

impl GroupBy {
    /// What an import of `format` does unasked: Indico's runs of one track
    /// in one room are its session slots; the other formats have no
    /// sessions to follow.
    pub fn default_for(format: &str) -> Self {
        if format.starts_with("Indico") {
            GroupBy::Room
        } else {
            GroupBy::Events
        }
    }
}

/// A session made of events, or (`standalone`) one event on its own.
pub(super) struct Group<'a> {
    /// The session's id.
    pub id: String,
    /// The session's title.
    pub title: String,
    /// Day, start, end, room (if the events have one): for room groups only.
    pub slot: Option<(NaiveDate, NaiveTime, NaiveTime, Option<&'a str>)>,
    /// Its events in order.
    pub events: Vec<&'a Event>,
    /// Posters shown side by side in the slot: written without times of
    /// their own, in the order of their board numbers.
    pub posters: bool,
    /// One event that is no session's: written as a contribution of its
    /// own, with its track.
    pub standalone: bool,
}

/// The sessions (and events on their own) `schedule` makes, in running
/// order.
pub(super) fn groups(schedule: &Schedule, by: GroupBy) -> Vec<Group<'_>> {
    match by {
        GroupBy::Room => by_room(schedule, false),
        GroupBy::Events => by_room(schedule, true),
        GroupBy::Track => by_track(schedule),
    }
}

/// When an event ends (checked events end by midnight; one without a
/// duration at its start).
fn end_of(event: &Event) -> NaiveTime {
    match event.duration {
        Some(duration) => {
            crate::model::same_day_end(event.start, duration).unwrap_or(crate::model::MIDNIGHT_END)
        }
        None => event.start,
    }
}

/// Runs of consecutive events of one track in one room on one day; with
/// `alone`, every event but posters side by side on its own.
fn by_room(schedule: &Schedule, alone: bool) -> Vec<Group<'_>> {
    let mut slots: BTreeMap<(NaiveDate, Option<&str>), Vec<&Event>> = BTreeMap::new();
    for event in &schedule.events {
        slots
            .entry((event.day, event.room.as_deref()))
            .or_default()
            .push(event);
    }
    let mut groups: Vec<Group> = Vec::new();
    for ((day, room), mut events) in slots {
        events.sort_by_key(|e| e.start);
        let mut current: Option<Group> = None;
        for event in events {
            let title = (event.track.clone().or_else(|| room.map(str::to_owned)))
                .unwrap_or_else(|| "Other".to_owned());
            let poster = kind(&event.kind) == Kind::Poster;
            if let Some(group) = &mut current {
                let (_, start, end, _) = group.slot.expect("room groups have slots");
                let gap = (event.start - end).num_minutes();
                let joins = match (group.posters, poster) {
                    // Posters join the posters of their slot.
                    (true, true) => event.start == start,
                    (false, false) => {
                        !alone && group.title == title && (0..=SESSION_GAP_MINUTES).contains(&gap)
                    }
                    _ => false,
                };
                if joins {
                    group.events.push(event);
                    group.slot = group
                        .slot
                        .map(|(d, s, e, r)| (d, s, e.max(end_of(event)), r));
                    continue;
                }
            }
            if let Some(done) = current.take() {
                groups.push(done);
            }
            current = Some(Group {
                id: format!("s-{}", event.id),
                title,
                slot: Some((day, event.start, end_of(event), room)),
                events: vec![event],
                posters: poster,
                standalone: alone && !poster,
            });
        }
        groups.extend(current);
    }
    for group in groups.iter_mut().filter(|g| g.posters) {
        untimed::by_board(&mut group.events, |e| e.board.as_deref());
    }
    // Running order: by day and time, rooms in the order the export lists them.
    let room_order = room_order(schedule);
    groups.sort_by_key(|g| {
        let (day, start, _, room) = g.slot.expect("room groups have slots");
        (
            day,
            start,
            room.and_then(|r| room_order.get(r).copied())
                .unwrap_or(usize::MAX),
        )
    });
    groups
}

/// One session per track (events without a track share one).
fn by_track(schedule: &Schedule) -> Vec<Group<'_>> {
    let mut order: Vec<String> = Vec::new();
    let mut tracks: HashMap<String, Vec<&Event>> = HashMap::new();
    for event in &schedule.events {
        let title = event.track.clone().unwrap_or_else(|| "Other".to_owned());
        if !tracks.contains_key(&title) {
            order.push(title.clone());
        }
        tracks.entry(title).or_default().push(event);
    }
    // "Art & Culture" and "Art, Culture" share a slug: number the second.
    let mut used: HashMap<String, usize> = HashMap::new();
    order
        .into_iter()
        .map(|title| {
            let mut events = tracks.remove(&title).unwrap_or_default();
            events.sort_by_key(|e| (e.day, e.start));
            let base = format!("track-{}", slug(&title));
            let seen = used.entry(base.clone()).or_default();
            *seen += 1;
            let id = if *seen == 1 {
                base
            } else {
                format!("{base}-{seen}")
            };
            Group {
                id,
                title,
                slot: None,
                events,
                posters: false,
                standalone: false,
            }
        })
        .collect()
}

/// Each room's place in the export: the order of first appearance.
pub(super) fn room_order(schedule: &Schedule) -> HashMap<&str, usize> {
    let mut order = HashMap::new();
    for event in &schedule.events {
        if let Some(room) = &event.room {
            let next = order.len();
            order.entry(room.as_str()).or_insert(next);
        }
    }
    order
}
