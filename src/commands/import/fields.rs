//! The fields a contribution's table in `conference.toml` shares, timed or
//! not: TOML quoting, the kind from the export's type, the authors, the
//! abstract's path.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::Person;
use super::affiliations::Affiliations;
use crate::config::Kind;

/// The confpress kind of an export's type.
pub(super) fn kind(export_type: &str) -> Kind {
    let kind = export_type.to_lowercase();
    if kind.contains("keynote") {
        Kind::Keynote
    } else if kind.contains("workshop") || kind.contains("tutorial") {
        Kind::Tutorial
    } else if kind.contains("poster") {
        Kind::Poster
    } else if kind.contains("panel") || kind.contains("podium") {
        Kind::Panel
    } else {
        Kind::Talk
    }
}

pub(super) fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Talk => "talk",
        Kind::Keynote => "keynote",
        Kind::Tutorial => "tutorial",
        Kind::Poster => "poster",
        Kind::Panel => "panel",
    }
}

pub(super) fn abstract_path(id: &str) -> PathBuf {
    PathBuf::from("abstracts").join(format!("{id}.md"))
}

/// A TOML string literal.
pub(super) fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

pub(super) fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
}

/// The `authors` line: names, with their given and family names and
/// affiliations where known.
pub(super) fn authors_line(out: &mut String, persons: &[Person], affiliations: &Affiliations) {
    if persons.is_empty() {
        return;
    }
    let authors: Vec<String> = persons
        .iter()
        .map(|person| {
            let mut fields = Vec::new();
            if let Some((given, family)) = &person.parts {
                fields.push(format!("given = {}", quoted(given)));
                fields.push(format!("family = {}", quoted(family)));
            }
            if let Some(name) = &person.affiliation {
                fields.push(format!(
                    "affiliations = [{}]",
                    quoted(&affiliations.by_name[name.as_str()])
                ));
            }
            if fields.is_empty() {
                quoted(&person.name)
            } else {
                format!(
                    "{{ name = {}, {} }}",
                    quoted(&person.name),
                    fields.join(", ")
                )
            }
        })
        .collect();
    let _ = writeln!(out, "authors = [{}]", authors.join(", "));
}
