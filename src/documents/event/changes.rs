//! Changes since print: the programme as it went to the printer (the
//! `programme.json` written by that build) against the programme now —
//! cancelled, moved, new, retitled contributions, changed speakers, sessions
//! moved or with new chairs — each with the booklet page where the old entry
//! is printed. Identity is the contribution or session id.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Error, Location, display_path};
use crate::model::Programme;

/// The version of `programme.json` this build writes; files of this version
/// or older are read.
pub const FORMAT_VERSION: u64 = 1;

/// The part of an old `programme.json` that changes are found in.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Printed {
    generator: Option<String>,
    #[serde(default)]
    version: u64,
    #[serde(default)]
    sessions: Vec<PrintedSession>,
    #[serde(default)]
    contributions: Vec<PrintedContribution>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct PrintedSession {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    chairs: Vec<String>,
    day: Option<NaiveDate>,
    start: Option<String>,
    end: Option<String>,
    room: Option<String>,
    booklet_page: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct PrintedContribution {
    id: String,
    #[serde(default)]
    title: String,
    session: Option<String>,
    day: Option<NaiveDate>,
    start: Option<String>,
    end: Option<String>,
    room: Option<String>,
    #[serde(default)]
    authors: Vec<PrintedAuthor>,
    booklet_page: Option<usize>,
}

#[derive(Debug, Deserialize)]
struct PrintedAuthor {
    name: String,
}

/// What happened to one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// No longer in the programme.
    Cancelled,
    /// Another day, time, room or session.
    Moved,
    /// Not in the printed programme.
    New,
    /// Another title.
    Retitled,
    /// Other speakers.
    Speakers,
    /// A session at another day, time or room.
    SessionMoved,
    /// A session with other chairs.
    Chairs,
}

impl Kind {
    /// How the terminal names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Cancelled => "cancelled",
            Kind::Moved => "moved",
            Kind::New => "new",
            Kind::Retitled => "retitled",
            Kind::Speakers => "speakers",
            Kind::SessionMoved => "session moved",
            Kind::Chairs => "new chairs",
        }
    }
}

/// One change, placed where it now happens (where it was, if cancelled).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Change {
    /// What happened.
    pub kind: Kind,
    /// The contribution's or session's id.
    pub id: String,
    /// Its title now (as printed, if cancelled).
    pub title: String,
    /// The day it is on (was on), if any.
    pub day: Option<NaiveDate>,
    /// That day as the booklet names it.
    pub day_label: Option<String>,
    /// Its start, "HH:MM", if any.
    pub start: Option<String>,
    /// What it was: "Tue 6 May, 10:00, Room A" or the old title or speakers.
    pub was: Option<String>,
    /// What it is now.
    pub now: Option<String>,
    /// The booklet page where the old entry is printed.
    pub page: Option<usize>,
}

/// Reads the `programme.json` of the build that went to the printer.
pub fn read_printed(path: &Path) -> Result<Printed, Error> {
    let shown = display_path(path);
    let text = std::fs::read_to_string(path).map_err(|err| {
        Diagnostic::error(format!("cannot read `{shown}`: {err}"))
            .hint("give the programme.json written next to the PDFs that went to the printer")
    })?;
    let printed: Printed = serde_json::from_str(&text).map_err(|err| {
        let offset = offset_of(&text, err.line(), err.column());
        // The place is shown with the source line: not in the words too.
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        Diagnostic::error(format!(
            "`{shown}` is not a confpress programme.json: {message}"
        ))
        .at(Location::new(
            shown.clone(),
            text.as_str().into(),
            offset..offset,
        ))
        .hint("give the programme.json written next to the PDFs that went to the printer")
    })?;
    let ours = printed
        .generator
        .as_deref()
        .is_some_and(|g| g.starts_with("confpress"));
    if !ours {
        return Err(Diagnostic::error(format!(
            "`{shown}` is not a confpress programme.json (it names no confpress generator)"
        ))
        .hint("give the programme.json written next to the PDFs that went to the printer")
        .into());
    }
    if printed.version > FORMAT_VERSION {
        return Err(Diagnostic::error(format!(
            "`{shown}` is a programme.json of version {}, newer than this confpress reads ({FORMAT_VERSION})",
            printed.version
        ))
        .hint("compare with the confpress that wrote it, or a newer one")
        .into());
    }
    Ok(printed)
}

/// Where a change stands in the list: by day and time, what has none
/// last, then by kind and id.
fn order(c: &Change) -> (bool, Option<NaiveDate>, bool, &Option<String>, Kind, &str) {
    (
        c.day.is_none(),
        c.day,
        c.start.is_none(),
        &c.start,
        c.kind,
        &c.id,
    )
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The changes from `printed` to `programme`, by day and time; entries
/// without a day come last.
pub fn compare(printed: &Printed, programme: &Programme) -> Vec<Change> {
    let labels = programme.conference.labels.as_str();
    let day_label = |d: Option<NaiveDate>| d.map(|d| crate::text::lang::day_label(labels, d));
    let time = |t: Option<chrono::NaiveTime>| t.map(|t| t.format("%H:%M").to_string());
    let slot = |day: Option<NaiveDate>, start: &Option<String>, room: &Option<String>| {
        let mut parts = Vec::new();
        if let Some(day) = day {
            parts.push(crate::text::lang::day_label(labels, day));
        }
        if let Some(start) = start {
            parts.push(start.clone());
        }
        if let Some(room) = room {
            parts.push(room.clone());
        }
        parts.join(", ")
    };
    let mut changes = Vec::new();
    let old: HashMap<&str, &PrintedContribution> = printed
        .contributions
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let sessions: HashMap<&str, &crate::model::Session> = programme
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let session_title = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| sessions.get(id))
            .map(|s| s.title.clone())
    };
    for c in &programme.contributions {
        let change = |kind, was: Option<String>, now: Option<String>, page| Change {
            kind,
            id: c.id.clone(),
            title: c.title.clone(),
            day: c.day,
            day_label: day_label(c.day),
            start: time(c.start),
            was,
            now,
            page,
        };
        let Some(before) = old.get(c.id.as_str()) else {
            changes.push(change(Kind::New, None, c.room.clone(), None));
            continue;
        };
        let (start, end) = (time(c.start), time(c.end));
        if before.day != c.day
            || before.start != start
            || before.end != end
            || before.room != c.room
            || before.session != c.session
        {
            // Only what differs: the day when it changed, the time, the
            // room when it changed, the session when it changed.
            let mut was = Vec::new();
            let mut now = Vec::new();
            if before.day != c.day {
                was.extend(day_label(before.day));
                now.extend(day_label(c.day));
            }
            was.extend(before.start.clone());
            now.extend(start.clone());
            if before.room != c.room {
                was.extend(before.room.clone());
                now.extend(c.room.clone());
            }
            if before.session != c.session {
                let old_session = printed
                    .sessions
                    .iter()
                    .find(|s| Some(&s.id) == before.session.as_ref())
                    .map(|s| s.title.clone());
                was.extend(old_session);
                now.extend(session_title(&c.session));
            }
            changes.push(change(
                Kind::Moved,
                Some(was.join(", ")),
                Some(now.join(", ")),
                before.booklet_page,
            ));
        }
        if before.title != c.title {
            changes.push(change(
                Kind::Retitled,
                Some(before.title.clone()),
                None,
                before.booklet_page,
            ));
        }
        let names: Vec<&str> = c.authors.iter().map(|a| a.name.as_str()).collect();
        let old_names: Vec<&str> = before.authors.iter().map(|a| a.name.as_str()).collect();
        if names != old_names {
            changes.push(change(
                Kind::Speakers,
                Some(old_names.join(", ")),
                Some(names.join(", ")),
                before.booklet_page,
            ));
        }
    }
    let now: HashMap<&str, ()> = programme
        .contributions
        .iter()
        .map(|c| (c.id.as_str(), ()))
        .collect();
    for before in &printed.contributions {
        if !now.contains_key(before.id.as_str()) {
            changes.push(Change {
                kind: Kind::Cancelled,
                id: before.id.clone(),
                title: before.title.clone(),
                day: before.day,
                day_label: day_label(before.day),
                start: before.start.clone(),
                was: Some(
                    [before.start.clone(), before.room.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                now: None,
                page: before.booklet_page,
            });
        }
    }
    let old_sessions: HashMap<&str, &PrintedSession> = printed
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    for s in &programme.sessions {
        let Some(before) = old_sessions.get(s.id.as_str()) else {
            continue;
        };
        let (start, end) = (time(s.start), time(s.end));
        let change = |kind, was, now| Change {
            kind,
            id: s.id.clone(),
            title: s.title.clone(),
            day: s.day,
            day_label: day_label(s.day),
            start: time(s.start),
            was: Some(was),
            now: Some(now),
            page: before.booklet_page,
        };
        if before.day != s.day
            || before.start != start
            || before.end != end
            || before.room != s.room
        {
            changes.push(change(
                Kind::SessionMoved,
                slot(before.day, &before.start, &before.room),
                slot(s.day, &start, &s.room),
            ));
        }
        if before.chairs != s.chairs {
            changes.push(change(
                Kind::Chairs,
                before.chairs.join(", "),
                s.chairs.join(", "),
            ));
        }
    }
    // By day and time; what has none last; then by kind and id.
    changes.sort_by(|a, b| order(a).cmp(&order(b)));
    changes
}
