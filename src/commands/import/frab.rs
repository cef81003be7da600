//! The frab / pretalx schedule XML: `<schedule><conference>…</conference>`
//! then `<day><room><event>…` or, in older exports, `<day><event>` with the
//! room inside each event.

use std::sync::Arc;

use chrono::NaiveDate;
use roxmltree::{Document, Node};

use super::check::Events;
use super::{Locate, Person, Position, RawEvent, Schedule, nonempty, syntax_error};
use crate::diag::{Diagnostic, Location, Result};

/// Reads a schedule XML document.
pub(super) fn parse(name: &str, text: &Arc<str>) -> Result<(Schedule, Vec<Diagnostic>)> {
    let document = Document::parse(text).map_err(|err| {
        let pos = err.pos();
        let position = Position::chars(pos.row as usize, pos.col as usize);
        let message = err.to_string();
        syntax_error(
            name,
            text,
            "this is not well-formed XML",
            &message,
            " at ",
            position,
        )
    })?;
    let root = document.root_element();
    let at_node = |node: Node| Location::new(name, text.clone(), node.range());
    if root.tag_name().name() != "schedule" {
        return Err(Diagnostic::error(format!(
            "the root element is `<{}>`, not `<schedule>`",
            root.tag_name().name()
        ))
        .at(at_node(root))
        .hint("confpress reads the frab / pretalx schedule XML (schedule.xml)")
        .into());
    }
    let conference = child(root, "conference").ok_or_else(|| {
        Diagnostic::error("the schedule has no `<conference>` element").at(at_node(root))
    })?;
    let title = child_text(conference, "title").unwrap_or_default();
    if title.trim().is_empty() {
        return Err(
            Diagnostic::error("the schedule's `<conference>` has no `<title>`")
                .at(at_node(conference))
                .into(),
        );
    }
    let mut warnings = Vec::new();
    // A date that is there but malformed (older exports have typos in the
    // year) is a warning: the days of the schedule tell the dates too.
    let mut date = |tag: &str| {
        let node = child(conference, tag)?;
        let value = child_text(conference, tag).unwrap_or_default();
        if value.trim().is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
            .or_else(|_| chrono::DateTime::parse_from_rfc3339(value.trim()).map(|d| d.date_naive()))
            .ok();
        if parsed.is_none() {
            warnings.push(
                Diagnostic::warning(format!(
                    "the conference's `<{tag}>` `{}` is not a date; the schedule's days are used instead",
                    value.trim()
                ))
                .at(at_node(node)),
            );
        }
        parsed
    };
    let (start, end) = (date("start"), date("end"));
    let mut time_zone = nonempty(child_text(conference, "time_zone_name"));
    if let Some(warning) = time_zone.as_deref().and_then(super::unknown_zone) {
        let node = child(conference, "time_zone_name").expect("found above");
        warnings.push(warning.at(at_node(node)));
        time_zone = None;
    }

    let mut events = Vec::new();
    let mut checker = Events::new(time_zone.as_deref().and_then(|z| z.parse().ok()));
    let mut read: Vec<Node> = Vec::new();
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        // Two shapes in the wild: events inside `<room>` elements, and (older
        // frab and Pentabarf exports) events straight under `<day>`, each
        // naming its `<room>`.
        let placed = day.children().flat_map(|child| {
            let (room, events): (Option<Node>, Vec<Node>) = if child.has_tag_name("event") {
                (None, vec![child])
            } else if child.has_tag_name("room") {
                let events = child
                    .children()
                    .filter(|n| n.has_tag_name("event"))
                    .collect();
                (Some(child), events)
            } else {
                (None, Vec::new())
            };
            events.into_iter().map(move |event| (room, event))
        });
        for (room, node) in placed {
            read.push(node);
            let raw = RawEvent {
                id: node.attribute("id").map(str::to_owned),
                guid: node.attribute("guid").map(str::to_owned),
                date: child_text(node, "date"),
                day: day.attribute("date").map(str::to_owned),
                start: child_text(node, "start"),
                duration: child_text(node, "duration"),
                room: child_text(node, "room")
                    .filter(|r| !r.trim().is_empty())
                    .or_else(|| room.and_then(|r| r.attribute("name")).map(str::to_owned)),
                title: child_text(node, "title"),
                url: child_text(node, "url"),
                subtitle: child_text(node, "subtitle"),
                track: child_text(node, "track"),
                kind: child_text(node, "type"),
                language: child_text(node, "language"),
                persons: child(node, "persons")
                    .map(|persons| {
                        persons
                            .children()
                            .filter(|n| n.has_tag_name("person"))
                            .filter_map(|p| Person::parse(p.text().unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default(),
                abstract_text: child_text(node, "abstract"),
                description: child_text(node, "description"),
                board: None,
            };
            let locate = XmlEvent { name, text, node };
            checker.add(raw, &locate, &mut events, &mut warnings);
        }
    }
    // Never a silent success with fewer events than the file holds.
    let all: Vec<Node> = root
        .descendants()
        .filter(|n| n.has_tag_name("event"))
        .collect();
    let skipped: Vec<&Node> = all.iter().filter(|n| !read.contains(n)).collect();
    if let Some(first) = skipped.first() {
        let message = format!(
            "{} of the {} `<event>` elements are not in a `<day>` (or a `<room>` of one) and were skipped",
            skipped.len(),
            all.len()
        );
        let diagnostic = Diagnostic::warning(message)
            .at(at_node(**first))
            .hint("confpress reads `schedule/day/room/event` and `schedule/day/event`");
        if events.is_empty() {
            return Err(Diagnostic {
                severity: crate::diag::Severity::Error,
                message: format!(
                    "none of the {} `<event>` elements are in a `<day>` (or a `<room>` of one); nothing was imported",
                    all.len()
                ),
                ..diagnostic
            }
            .into());
        }
        warnings.push(diagnostic);
    }
    checker.finish(events.len(), &mut warnings)?;
    if all.is_empty() {
        return Err(Diagnostic::error(
            "the schedule holds no `<event>` elements; nothing to import",
        )
        .at(at_node(root))
        .into());
    }
    let ends: Vec<(String, String)> = root
        .children()
        .filter(|n| n.has_tag_name("day"))
        .filter_map(|d| {
            Some((
                d.attribute("date")?.to_owned(),
                d.attribute("end")?.to_owned(),
            ))
        })
        .collect();
    let day_change = super::times::day_change(
        child_text(conference, "day_change").as_deref(),
        &ends,
        checker.zone,
        events.iter().any(|e| e.past_midnight),
    );
    let day_change = super::times::keep_listed_nights(day_change, &events);
    Ok((
        Schedule {
            title: title.trim().to_owned(),
            acronym: nonempty(child_text(conference, "acronym")),
            start,
            end,
            time_zone,
            day_change,
            events,
            breaks: Vec::new(),
        },
        warnings,
    ))
}

struct XmlEvent<'a, 'input> {
    name: &'a str,
    text: &'a Arc<str>,
    node: Node<'a, 'input>,
}

impl Locate for XmlEvent<'_, '_> {
    fn event(&self) -> Location {
        // The start tag, not the whole event.
        let start = self.node.range().start;
        let end = self.text[start..]
            .find('>')
            .map_or(start + 1, |i| start + i + 1);
        Location::new(self.name, self.text.clone(), start..end)
    }

    fn field(&self, name: &str) -> Location {
        match child(self.node, name) {
            Some(node) => Location::new(self.name, self.text.clone(), node.range()),
            None => self.event(),
        }
    }
}

fn child<'a, 'input>(node: Node<'a, 'input>, tag: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| n.has_tag_name(tag))
}

/// The text of a child element (all its text, CDATA included).
fn child_text(node: Node, tag: &str) -> Option<String> {
    let element = child(node, tag)?;
    Some(
        element
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect(),
    )
}
