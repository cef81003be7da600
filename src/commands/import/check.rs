//! One event's fields checked into an [`Event`]. What an organiser's export
//! gets wrong about one event — no room, a zero or missing duration, an id
//! used twice, no id at all — is a warning naming the event, and the event is
//! imported without it; an event that cannot be placed or named (no title, no
//! usable time) is left out with a warning. A chair cannot fix the export.

use std::collections::HashSet;

use chrono::{NaiveTime, TimeDelta};
use chrono_tz::Tz;

use super::{Event, Locate, Person, RawEvent, hours_minutes, nonempty, times};
use crate::diag::{Diagnostic, Result, Severity};

/// What checking one event needs from the others: the conference's zone and
/// the ids given so far.
#[derive(Default)]
pub(super) struct Events {
    /// The conference's time zone, to read dates written with another offset.
    pub zone: Option<Tz>,
    /// Ids already given.
    seen: HashSet<String>,
    /// Events read so far (for the ids of events that have none).
    count: usize,
    /// Events left out.
    pub left_out: usize,
}

impl Events {
    /// A checker for events in `zone`.
    pub fn new(zone: Option<Tz>) -> Self {
        Self {
            zone,
            ..Self::default()
        }
    }

    /// Checks `raw`: the event, or a warning saying why it is left out.
    pub fn add(
        &mut self,
        raw: RawEvent,
        at: &dyn Locate,
        out: &mut Vec<Event>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        match raw.check_in(self, at, warnings) {
            Ok(event) => out.push(event),
            Err(reason) => {
                self.left_out += 1;
                warnings.push(Diagnostic {
                    severity: Severity::Warning,
                    message: format!("{}; the event is left out of the import", reason.message),
                    ..*reason
                });
            }
        }
    }

    /// Events read and left out, as one closing warning (or an error when
    /// nothing is left).
    pub fn finish(&self, imported: usize, warnings: &mut Vec<Diagnostic>) -> Result<()> {
        if self.left_out == 0 {
            return Ok(());
        }
        let message = format!(
            "{} of the {} events of the export could not be imported (above)",
            self.left_out, self.count
        );
        if imported == 0 {
            return Err(Diagnostic::error(format!("{message}; nothing to import")).into());
        }
        warnings.push(
            Diagnostic::warning(message).hint(
                "add them to conference.toml by hand, or ask the organisers to fix the export",
            ),
        );
        Ok(())
    }
}

impl RawEvent {
    /// Checks every field, naming the event in each warning; `Err` says why
    /// the event cannot be imported at all.
    fn check_in(
        self,
        events: &mut Events,
        at: &dyn Locate,
        warnings: &mut Vec<Diagnostic>,
    ) -> std::result::Result<Event, Box<Diagnostic>> {
        events.count += 1;
        let key = self
            .id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .or_else(|| self.guid.clone().filter(|g| !g.trim().is_empty()));
        // What prints nothing (zero-width spaces, controls) is no text.
        let visible = |text: &str| !crate::text::chars::clean(text).0.is_empty();
        let title = (self.title.as_deref().map(str::trim))
            .filter(|t| visible(t))
            .unwrap_or_default();
        let quoted = if title.is_empty() {
            String::new()
        } else {
            format!(" “{title}”")
        };
        let mut named = match &key {
            Some(key) => format!("event `{}`{quoted}", key.trim()),
            None => format!("event {}{quoted}", events.count),
        };
        if title.is_empty() {
            return Err(Diagnostic::error(format!("{named} has no `title`"))
                .at(at.field("title"))
                .hint("every event needs a title to appear in the programme")
                .into());
        }
        let mut id: String = match &key {
            Some(key) => key
                .trim()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect(),
            None => format!("event-{}", events.count),
        };
        if key.is_none() {
            warnings.push(
                Diagnostic::warning(format!(
                    "{named} has neither an `id` nor a `guid`; it is imported as `{id}`"
                ))
                .at(at.event()),
            );
        }
        if events.seen.contains(&id) {
            let first = id.clone();
            let mut n = 2;
            while events.seen.contains(&format!("{first}-{n}")) {
                n += 1;
            }
            id = format!("{first}-{n}");
            warnings.push(
                Diagnostic::warning(format!(
                    "{named} has the id of an earlier event; it is imported as `{id}`"
                ))
                .at(at.event()),
            );
            named = format!("event `{id}`{quoted}");
        }

        let when = times::Start {
            date: self.date.as_deref(),
            day: self.day.as_deref(),
            start: self.start.as_deref(),
            zone: events.zone,
        }
        .local(&named, at, warnings)?;
        events.seen.insert(id.clone());
        let mut past_midnight = self
            .day
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .is_some_and(|listed| when.date() > listed);
        let listed_day_before = past_midnight;

        let duration_text = self.duration.clone().unwrap_or_default();
        let duration = match hours_minutes(&duration_text) {
            _ if duration_text.trim().is_empty() => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{named} has no `duration`; it is imported without one"
                    ))
                    .at(at.field("duration")),
                );
                None
            }
            None => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{named}: `duration` must be hours and minutes (HH:MM), not `{duration_text}`; it is imported without one"
                    ))
                    .at(at.field("duration"))
                    .hint("minutes run from 00 to 59, as in `01:30`"),
                );
                None
            }
            Some((0, 0)) => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{named}: `duration` is zero; it is imported without one"
                    ))
                    .at(at.field("duration")),
                );
                None
            }
            Some((hours, minutes)) => Some(hours * 60 + minutes),
        };
        let midnight = (when.date() + TimeDelta::days(1)).and_time(NaiveTime::MIN);
        let until_midnight = (midnight - when).num_minutes() as u32;
        let duration = match duration {
            Some(duration) if duration > until_midnight => {
                // confpress days end at midnight: the event keeps its start and
                // ends at 23:59; the booklet says so through the shorter slot.
                warnings.push(
                    Diagnostic::warning(format!(
                        "{named} runs past midnight ({duration_text} from {}); it is imported as ending at midnight",
                        when.format("%H:%M")
                    ))
                    .at(at.field("duration")),
                );
                past_midnight = true;
                Some(until_midnight)
            }
            other => other,
        };

        let room = nonempty(self.room);
        if room.is_none() {
            warnings.push(
                Diagnostic::warning(format!("{named} has no `room`; it is imported without one"))
                    .at(at.field("room")),
            );
        }
        let language = self
            .language
            .as_deref()
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| crate::load::is_language_code(l));
        Ok(Event {
            id,
            day: when.date(),
            start: when.time(),
            duration,
            room,
            past_midnight,
            listed_day_before,
            title: title.to_owned(),
            subtitle: nonempty(self.subtitle),
            track: nonempty(self.track),
            kind: self.kind.unwrap_or_default().trim().to_owned(),
            language,
            persons: (self.persons.into_iter())
                .filter(|p| visible(&p.name))
                .map(|p| Person {
                    affiliation: p.affiliation.filter(|a| visible(a)),
                    ..p
                })
                .collect(),
            abstract_text: self.abstract_text.unwrap_or_default(),
            board: nonempty(self.board),
            url: nonempty(self.url)
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            description: self.description.unwrap_or_default(),
        })
    }
}
