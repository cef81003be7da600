//! A personal agenda: the contributions an attendee chose (their ids, in a
//! text file), in time order with their rooms, clashes flagged — as data for
//! `templates/agenda.typ`.

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Error, Location, closest, display_path};
use crate::model::Programme;

/// One chosen contribution.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Entry {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The day, written out (none when unscheduled).
    pub day: Option<String>,
    /// "10:45–11:05", or empty.
    pub time: String,
    /// The room.
    pub room: Option<String>,
    /// Speakers.
    pub speakers: String,
    /// The titles of the other chosen contributions at the same time.
    pub clashes: Vec<String>,
}

/// Reads the ids in `path` (separated by spaces, commas or lines; `#` starts
/// a comment) and lists those contributions in time order.
pub fn agenda(path: &Path, programme: &Programme) -> Result<Vec<Entry>, Error> {
    let shown = display_path(path);
    let text = std::fs::read_to_string(path)
        .map_err(|err| Diagnostic::error(format!("cannot read `{shown}`: {err}")))?;
    let ids: Vec<&str> = programme
        .contributions
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let mut chosen = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("");
        let mut at = 0;
        for word in content.split(|c: char| c.is_whitespace() || c == ',') {
            let start = offset + at;
            at += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            match programme.contributions.iter().find(|c| c.id == word) {
                Some(c)
                    if !chosen
                        .iter()
                        .any(|d: &&crate::model::Contribution| d.id == c.id) =>
                {
                    chosen.push(c);
                }
                Some(_) => {}
                None => {
                    let mut error = Diagnostic::error(format!(
                        "no contribution has the id `{word}`"
                    ))
                    .at(Location::new(
                        shown.clone(),
                        text.as_str().into(),
                        start..start + word.len(),
                    ));
                    if let Some(best) = closest(word, ids.iter().copied()) {
                        error = error.hint(format!("did you mean `{best}`?"));
                    }
                    errors.push(error);
                }
            }
        }
        offset += line.len();
    }
    if !errors.is_empty() {
        return Err(Error(errors));
    }
    if chosen.is_empty() {
        return Err(
            Diagnostic::error(format!("`{shown}` names no contribution"))
                .hint("write the ids of the chosen contributions, one per line")
                .into(),
        );
    }
    chosen.sort_by_key(|c| (c.day.is_none(), c.day, c.start.is_none(), c.start));
    let labels = programme.conference.labels.as_str();
    let overlaps = |a: &crate::model::Contribution, b: &crate::model::Contribution| match (
        a.day, a.start, a.end, b.day, b.start, b.end,
    ) {
        (Some(d1), Some(s1), Some(e1), Some(d2), Some(s2), Some(e2)) => {
            d1 == d2 && s1 < e2 && s2 < e1
        }
        _ => false,
    };
    Ok(chosen
        .iter()
        .map(|c| Entry {
            id: c.id.clone(),
            title: c.title.clone(),
            day: c.day.map(|d| crate::text::lang::day_label(labels, d)),
            time: match (c.start, c.end) {
                (Some(s), Some(e)) => format!("{}–{}", s.format("%H:%M"), e.format("%H:%M")),
                (Some(s), None) => s.format("%H:%M").to_string(),
                _ => String::new(),
            },
            room: c.room.clone(),
            speakers: c
                .authors
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            clashes: chosen
                .iter()
                .filter(|o| o.id != c.id && overlaps(c, o))
                .map(|o| o.title.clone())
                .collect(),
        })
        .collect())
}
