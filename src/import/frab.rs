//! The frab / pretalx schedule XML:
//! `<schedule><conference>…</conference><day><room><event>…`.

use std::sync::Arc;

use chrono::NaiveDate;
use roxmltree::{Document, Node};

use super::{Locate, Position, RawEvent, Schedule, nonempty, syntax_error};
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
    let date = |tag: &str| {
        child_text(conference, tag)
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    };
    let time_zone = nonempty(child_text(conference, "time_zone_name"));
    if let Some(zone) = &time_zone
        && let Err(message) = super::check_time_zone(zone)
    {
        let node = child(conference, "time_zone_name").expect("found above");
        return Err(Diagnostic::error(message).at(at_node(node)).into());
    }

    let mut events = Vec::new();
    let mut warnings = Vec::new();
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            for node in room.children().filter(|n| n.has_tag_name("event")) {
                let raw = RawEvent {
                    id: node.attribute("id").map(str::to_owned),
                    guid: node.attribute("guid").map(str::to_owned),
                    date: child_text(node, "date"),
                    day: day.attribute("date").map(str::to_owned),
                    start: child_text(node, "start"),
                    duration: child_text(node, "duration"),
                    room: child_text(node, "room")
                        .filter(|r| !r.trim().is_empty())
                        .or_else(|| room.attribute("name").map(str::to_owned)),
                    title: child_text(node, "title"),
                    subtitle: child_text(node, "subtitle"),
                    track: child_text(node, "track"),
                    kind: child_text(node, "type"),
                    language: child_text(node, "language"),
                    persons: child(node, "persons")
                        .map(|persons| {
                            persons
                                .children()
                                .filter(|n| n.has_tag_name("person"))
                                .map(|p| p.text().unwrap_or_default().to_owned())
                                .collect()
                        })
                        .unwrap_or_default(),
                    abstract_text: child_text(node, "abstract"),
                    description: child_text(node, "description"),
                };
                let locate = XmlEvent { name, text, node };
                events.push(raw.check(&locate, &mut warnings)?);
            }
        }
    }
    Ok((
        Schedule {
            title: title.trim().to_owned(),
            acronym: nonempty(child_text(conference, "acronym")),
            start: date("start"),
            end: date("end"),
            time_zone,
            events,
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
