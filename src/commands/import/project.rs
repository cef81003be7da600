//! Turns a checked [`Schedule`] into a confpress project: `conference.toml`
//! and `abstracts/ID.md`, plus a manifest of what was written so that a
//! later import can tell the user's edits from its own files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::fields::{abstract_path, authors_line, kind, kind_name, quoted, quoted_list};
use super::groups::{Group, GroupBy, groups};
use super::untimed::{self, Untimed, UntimedSession};
use super::{ImportOptions, ImportReport, Schedule, html};
use crate::config::CONFIG_FILE;
use crate::config::Kind;
use crate::diag::{Diagnostic, Result, display_path};

/// Writes the project for `schedule` and the contributions outside its
/// timetable, `untimed`, into `options.out`.
pub(super) fn write(
    schedule: &Schedule,
    untimed: &[Untimed],
    source: &str,
    format: &'static str,
    options: &ImportOptions,
) -> Result<ImportReport> {
    check_unique_ids(schedule, untimed)?;
    let by = options
        .group_by
        .unwrap_or_else(|| GroupBy::default_for(format));
    let groups = groups(schedule, by);
    let untimed_sessions = untimed::sessions(untimed);
    let days = days(schedule);

    // Each abstract converted once: its file, and its mention in the TOML.
    let texts = schedule
        .events
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.abstract_text.as_str(),
                e.description.as_str(),
            )
        })
        .chain(
            untimed
                .iter()
                .map(|u| (u.id.as_str(), u.abstract_text.as_str(), "")),
        );
    let abstracts: Vec<(&str, String)> = texts
        .filter_map(|(id, first, second)| abstract_markdown(first, second).map(|text| (id, text)))
        .collect();
    let with_abstract: HashSet<&str> = abstracts.iter().map(|(id, _)| *id).collect();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let programme = Programme {
        schedule,
        groups: &groups,
        untimed: &untimed_sessions,
        days: &days,
        with_abstract: &with_abstract,
    };
    files.push((
        PathBuf::from(CONFIG_FILE),
        conference_toml(&programme, source, format),
    ));
    files.extend(
        abstracts
            .into_iter()
            .map(|(id, text)| (abstract_path(id), text)),
    );

    let files = (files.into_iter())
        .map(|(path, text)| (path, text.into_bytes()))
        .collect();
    let (written, unchanged, warnings) =
        super::writing::write_files(files, source, format, options)?;

    Ok(ImportReport {
        format,
        events: schedule.events.len(),
        untimed: untimed.len(),
        sessions: groups.iter().filter(|g| !g.standalone).count() + untimed_sessions.len(),
        days: days.len(),
        written,
        unchanged,
        warnings,
        papers: false,
        joined: false,
        committees: 0,
    })
}

/// Two events with one id would make two contributions with one id.
fn check_unique_ids(schedule: &Schedule, untimed: &[Untimed]) -> Result<()> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let all = (schedule.events.iter().map(|e| (&e.id, &e.title)))
        .chain(untimed.iter().map(|u| (&u.id, &u.title)));
    for (id, title) in all {
        if let Some(first) = seen.insert(id, title) {
            return Err(Diagnostic::error(format!(
                "two events have the id `{id}`: “{first}” and “{title}”"
            ))
            .hint("ids come from each event's `id` (or `guid`); they must be unique")
            .into());
        }
    }
    Ok(())
}

/// Each day with its rooms, in the order the export lists them (an event
/// after midnight, listed under the evening before, does not put its room
/// first on the next day).
fn days(schedule: &Schedule) -> Vec<(NaiveDate, Vec<&str>)> {
    let order = super::groups::room_order(schedule);
    let mut days: BTreeMap<NaiveDate, Vec<&str>> = BTreeMap::new();
    for event in &schedule.events {
        let rooms = days.entry(event.day).or_default();
        if let Some(room) = &event.room
            && !rooms.contains(&room.as_str())
        {
            rooms.push(room);
        }
    }
    for rooms in days.values_mut() {
        rooms.sort_by_key(|room| order.get(room).copied().unwrap_or(usize::MAX));
    }
    days.into_iter().collect()
}

/// The abstract, then the description (when it says more), as Markdown.
fn abstract_markdown(abstract_text: &str, description: &str) -> Option<String> {
    let first = html::to_markdown(abstract_text);
    let second = html::to_markdown(description);
    let text = match (first.trim().is_empty(), second.trim().is_empty()) {
        (true, true) => return None,
        (false, true) => first,
        (true, false) => second,
        (false, false) if first.trim() == second.trim() => first,
        (false, false) => format!("{first}\n{second}"),
    };
    Some(text)
}

/// The conference language: the one most events are given in.
fn main_language(schedule: &Schedule) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for event in &schedule.events {
        if let Some(language) = &event.language {
            *counts.entry(language).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(language, n)| (*n, std::cmp::Reverse(*language)))
        .map(|(language, _)| language.to_owned())
}

/// What `conference.toml` is written from.
struct Programme<'a> {
    schedule: &'a Schedule,
    groups: &'a [Group<'a>],
    untimed: &'a [UntimedSession<'a>],
    days: &'a [(NaiveDate, Vec<&'a str>)],
    with_abstract: &'a HashSet<&'a str>,
}

fn conference_toml(programme: &Programme, source: &str, format: &str) -> String {
    let Programme {
        schedule,
        groups,
        days,
        with_abstract,
        ..
    } = *programme;
    let mut out = String::new();
    let file_name = Path::new(source)
        .file_name()
        .map_or(source.to_owned(), |n| n.to_string_lossy().into_owned());
    let _ = writeln!(
        out,
        "# Imported by confpress from {file_name} ({format}).\n\
         # Importing again updates this file and the abstracts as long as you have\n\
         # not edited them; add your own files (welcome text, logo) freely.\n"
    );
    let first = days.first().map(|(d, _)| *d);
    let last = days.last().map(|(d, _)| *d);
    let start = match (schedule.start, first) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or_default(),
    };
    let end = match (schedule.end, last) {
        // frab's end is often the morning after the last day: keep to the days.
        (Some(a), Some(b)) if a > b && days.len() > 1 => b.max(start),
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b).unwrap_or(start),
    };
    let language = main_language(schedule);
    out.push_str("[conference]\n");
    let _ = writeln!(out, "title = {}", quoted(&schedule.title));
    if let Some(acronym) = &schedule.acronym {
        let _ = writeln!(out, "short-title = {}", quoted(acronym));
    }
    let _ = writeln!(out, "start = {start}");
    let _ = writeln!(out, "end = {end}");
    if let Some(zone) = &schedule.time_zone {
        let _ = writeln!(out, "time-zone = {}", quoted(zone));
    }
    if let Some(language) = &language {
        let _ = writeln!(out, "lang = {}", quoted(language));
    }
    if let Some(change) = schedule.day_change {
        // Talks after midnight close the evening before, as in the export.
        let _ = writeln!(out, "day-change = \"{}\"", change.format("%H:%M"));
    }
    // Imported schedules have many short sessions: run them on.
    out.push_str("\n[booklet]\nabstracts = \"short\"\nsession-breaks = false\n");

    let persons = (schedule.events.iter().flat_map(|e| &e.persons)).chain(
        programme
            .untimed
            .iter()
            .flat_map(|s| &s.contributions)
            .flat_map(|u| &u.persons),
    );
    let affiliations =
        super::affiliations::affiliation_ids(persons.filter_map(|p| p.affiliation.as_deref()));
    for (name, id) in &affiliations.ordered {
        let _ = writeln!(
            out,
            "\n[[affiliation]]\nid = {}\nname = {}",
            quoted(id),
            quoted(name)
        );
    }

    for (date, rooms) in days {
        let _ = writeln!(
            out,
            "\n[[day]]\ndate = {date}\nrooms = {}",
            quoted_list(rooms.iter().copied())
        );
    }

    for b in &schedule.breaks {
        let _ = writeln!(
            out,
            "\n[[break]]\ntitle = {}\nday = {}\nstart = \"{}\"\nend = \"{}\"",
            quoted(&b.title),
            b.day,
            b.start.format("%H:%M"),
            b.end.format("%H:%M")
        );
    }

    for group in groups.iter().filter(|g| !g.standalone) {
        let _ = writeln!(out, "\n[[session]]\nid = {}", quoted(&group.id));
        let _ = writeln!(out, "title = {}", quoted(&group.title));
        if let Some((day, start, end, room)) = group.slot {
            let _ = writeln!(out, "day = {day}");
            let _ = writeln!(out, "start = \"{}\"", start.format("%H:%M"));
            // Events without a duration give the session no end.
            if end > start {
                let end = if end == crate::model::MIDNIGHT_END {
                    "24:00".to_owned()
                } else {
                    end.format("%H:%M").to_string()
                };
                let _ = writeln!(out, "end = \"{end}\"");
            }
            if let Some(room) = room {
                let _ = writeln!(out, "room = {}", quoted(room));
            }
        }
    }
    untimed::sessions_toml(&mut out, programme.untimed);

    for group in groups {
        for event in &group.events {
            let _ = writeln!(out, "\n[[contribution]]\nid = {}", quoted(&event.id));
            if !group.standalone {
                let _ = writeln!(out, "session = {}", quoted(&group.id));
            }
            let _ = writeln!(out, "title = {}", quoted(&event.title));
            if let Some(subtitle) = &event.subtitle {
                let _ = writeln!(out, "subtitle = {}", quoted(subtitle));
            }
            let kind = kind(&event.kind);
            if kind != Kind::Talk {
                let _ = writeln!(out, "kind = \"{}\"", kind_name(kind));
            }
            if let Some(l) = &event.language
                && Some(l) != language.as_ref()
            {
                let _ = writeln!(out, "language = {}", quoted(l));
            }
            if group.slot.is_none() || group.standalone {
                let _ = writeln!(out, "day = {}", event.day);
                if let Some(room) = &event.room {
                    let _ = writeln!(out, "room = {}", quoted(room));
                }
            }
            if group.standalone
                && let Some(track) = &event.track
            {
                let _ = writeln!(out, "track = {}", quoted(track));
            }
            if !group.posters {
                let _ = writeln!(out, "start = \"{}\"", event.start.format("%H:%M"));
                if let Some(duration) = event.duration {
                    let _ = writeln!(out, "duration = {duration}");
                }
            }
            if let Some(board) = &event.board {
                let _ = writeln!(out, "board = {}", quoted(board));
            }
            if let Some(url) = &event.url {
                let _ = writeln!(out, "url = {}", quoted(url));
            }
            authors_line(&mut out, &event.persons, &affiliations);
            if with_abstract.contains(event.id.as_str()) {
                let _ = writeln!(
                    out,
                    "abstract = {}",
                    quoted(&display_path(&abstract_path(&event.id)))
                );
            }
        }
    }
    untimed::contributions_toml(&mut out, programme.untimed, with_abstract, &affiliations);
    out
}
