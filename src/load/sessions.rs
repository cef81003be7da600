//! Checking the `[[session]]` tables: unique ids and numbers, times that
//! end after they start, rooms of their day; each session with a room and
//! times is noted for the overlap check.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};

use super::{Checker, Timed};
use crate::config::{SessionEntry, Sp};
use crate::model::Session;
use crate::text::lang;

/// A session's day, start and end, as far as they are given and valid.
type SessionTimes = (Option<NaiveDate>, Option<NaiveTime>, Option<NaiveTime>);

impl Checker {
    /// Checks the sessions, in the order given; duplicates are reported
    /// and left out.
    pub(super) fn sessions(&mut self, entries: &[SessionEntry]) -> Vec<Session> {
        let mut seen = HashMap::new();
        let mut numbers: HashMap<u32, Range<usize>> = HashMap::new();
        let mut out = Vec::new();
        for entry in entries {
            let unique = self.unique_id(&entry.id, "session", &mut seen);
            if let Some(number) = &entry.number {
                self.session_number(number, &mut numbers);
            }
            let (day, start, end) = self.session_times(entry);
            if let Some(room) = &entry.room {
                self.check_room(room, day);
                self.time_session(entry, room, (day, start, end));
            }
            let title = self.clean(entry.title.get_ref(), entry.title.span(), "the title");
            let chairs: Vec<String> = entry
                .chairs
                .iter()
                .map(|chair| self.clean(chair.get_ref(), chair.span(), "the name"))
                .filter(|chair| !chair.is_empty())
                .collect();
            if unique {
                out.push(Session {
                    id: entry.id.get_ref().clone(),
                    number: entry.number.as_ref().map(|n| *n.get_ref()),
                    title,
                    chairs,
                    day,
                    day_label: day.map(|d| lang::day_label(self.labels, d)),
                    start,
                    end,
                    room: entry.room.as_ref().map(|r| r.get_ref().clone()),
                    contributions: Vec::new(),
                });
            }
        }
        out
    }

    /// Records a session's printed number, reporting one used twice.
    fn session_number(&mut self, number: &Sp<u32>, numbers: &mut HashMap<u32, Range<usize>>) {
        if let Some(first) = numbers.get(number.get_ref()).cloned() {
            let note = self.position_note(first);
            self.error(
                number.span(),
                format!("two sessions are numbered {}", number.get_ref()),
            )
            .notes
            .push(note);
        } else {
            numbers.insert(*number.get_ref(), number.span());
        }
    }

    /// A session's day and times; an end not after the start is reported.
    fn session_times(&mut self, entry: &SessionEntry) -> SessionTimes {
        let day = entry.day.as_ref().and_then(|d| self.date(d, "`day`"));
        let start = entry.start.as_ref().and_then(|t| self.time(t, "`start`"));
        let end = entry.end.as_ref().and_then(|t| self.time(t, "`end`"));
        if let (Some(s), Some(e), Some(end_value)) = (start, end, &entry.end)
            && e <= s
        {
            self.error(
                end_value.span(),
                format!(
                    "session `{}` ends at {} but starts at {}",
                    entry.id.get_ref(),
                    e.format("%H:%M"),
                    s.format("%H:%M")
                ),
            )
            .hints
            .push("the end must be after the start".into());
        }
        (day, start, end)
    }

    /// Notes a session in `room` for the overlap check, when it has a
    /// start and an end.
    fn time_session(&mut self, entry: &SessionEntry, room: &Sp<String>, times: SessionTimes) {
        let (day, start, end) = times;
        if let (Some(start), Some(end), Some(span)) =
            (start, end, entry.start.as_ref().map(|s| s.span()))
        {
            self.timed.push(Timed {
                group: 0,
                id: entry.id.get_ref().clone(),
                session: None,
                speakers: Vec::new(),
                what: format!("session `{}`", entry.id.get_ref()),
                day,
                room: room.get_ref().clone(),
                start,
                end,
                span,
            });
        }
    }
}
