//! Contributions an export holds outside its timetable — Indico's
//! unscheduled contributions, in some years every poster. A book of
//! abstracts holds every accepted contribution, so they are imported without
//! a time: posters in one list ordered by board number, the others in a
//! session per track (or, without one, per type), after the timed programme.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::affiliations::Affiliations;
use super::fields::{abstract_path, authors_line, kind, kind_name, quoted};
use super::{Person, slug};
use crate::config::Kind;
use crate::diag::display_path;

/// A contribution without a place in the timetable.
#[derive(Debug, Clone)]
pub struct Untimed {
    /// The confpress id: the export's id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The export's type, such as "Poster" or "Oral".
    pub kind: String,
    /// Track, if any.
    pub track: Option<String>,
    /// Speakers, then the other authors.
    pub persons: Vec<Person>,
    /// A poster's board number, where the export has one.
    pub board: Option<String>,
    /// Its page on the export's site.
    pub url: Option<String>,
    /// Abstract, HTML or Markdown.
    pub abstract_text: String,
}

impl Untimed {
    fn is_poster(&self) -> bool {
        self.kind.to_lowercase().contains("poster")
    }
}

/// A session of untimed contributions, in the order they are printed.
pub(super) struct UntimedSession<'a> {
    pub id: String,
    pub title: String,
    pub contributions: Vec<&'a Untimed>,
}

/// The sessions the untimed contributions form: the posters first, by board
/// number ("A2" before "A10"; those without one last, in the export's
/// order), then one per track or type, in order of first appearance.
pub(super) fn sessions(untimed: &[Untimed]) -> Vec<UntimedSession<'_>> {
    let mut posters: Vec<&Untimed> = untimed.iter().filter(|u| u.is_poster()).collect();
    by_board(&mut posters, |u| u.board.as_deref());
    let mut out = Vec::new();
    if !posters.is_empty() {
        out.push(UntimedSession {
            id: "posters".into(),
            title: "Posters".into(),
            contributions: posters,
        });
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in untimed.iter().filter(|u| !u.is_poster()) {
        let title = item
            .track
            .clone()
            .or_else(|| Some(item.kind.trim().to_owned()).filter(|k| !k.is_empty()))
            .unwrap_or_else(|| "Other contributions".into());
        let at = *index.entry(title.clone()).or_insert_with(|| {
            out.push(UntimedSession {
                id: format!("unscheduled-{}", slug(&title)),
                title,
                contributions: Vec::new(),
            });
            out.len() - 1
        });
        out[at].contributions.push(item);
    }
    // Two titles with one slug ("Oral" and "oral") get numbered ids.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for session in &mut out {
        let n = seen.entry(session.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            session.id = format!("{}-{n}", session.id);
        }
    }
    out
}

/// An export's id as a confpress id, as a timed event's is made: letters,
/// digits and `-_.`, every other character a hyphen.
pub(super) fn identifier(key: &str) -> String {
    key.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Orders posters by board number ("A2" before "A10"), those without one
/// last, in the order they came.
pub(super) fn by_board<T>(posters: &mut [T], board: impl Fn(&T) -> Option<&str>) {
    posters.sort_by_cached_key(|p| board(p).map(board_key));
    posters.sort_by_key(|p| board(p).is_none());
}

/// A board number as it sorts: runs of digits by their value ("A2" < "A10").
fn board_key(board: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut chars = board.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut digits = c.to_string();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                digits.push(d);
            }
            key.push((
                std::mem::take(&mut text),
                digits.parse().unwrap_or(u64::MAX),
            ));
        } else {
            text.extend(c.to_lowercase());
        }
    }
    key.push((text, 0));
    key
}

/// The `[[session]]` tables of the untimed sessions: no day, no time.
pub(super) fn sessions_toml(out: &mut String, sessions: &[UntimedSession]) {
    for session in sessions {
        let _ = writeln!(
            out,
            "\n[[session]]\nid = {}\ntitle = {}",
            quoted(&session.id),
            quoted(&session.title)
        );
    }
}

/// The `[[contribution]]` tables of the untimed contributions, session by
/// session: no day, no time, no room.
pub(super) fn contributions_toml(
    out: &mut String,
    sessions: &[UntimedSession],
    with_abstract: &HashSet<&str>,
    affiliations: &Affiliations,
) {
    for session in sessions {
        for item in &session.contributions {
            let _ = writeln!(out, "\n[[contribution]]\nid = {}", quoted(&item.id));
            let _ = writeln!(out, "session = {}", quoted(&session.id));
            let _ = writeln!(out, "title = {}", quoted(&item.title));
            let kind = kind(&item.kind);
            if kind != Kind::Talk {
                let _ = writeln!(out, "kind = \"{}\"", kind_name(kind));
            }
            for (key, value) in [("board", &item.board), ("url", &item.url)] {
                if let Some(value) = value {
                    let _ = writeln!(out, "{key} = {}", quoted(value));
                }
            }
            authors_line(out, &item.persons, affiliations);
            if with_abstract.contains(item.id.as_str()) {
                let path = display_path(&abstract_path(&item.id));
                let _ = writeln!(out, "abstract = {}", quoted(&path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, kind: &str, track: Option<&str>, board: Option<&str>) -> Untimed {
        Untimed {
            id: id.into(),
            title: id.into(),
            kind: kind.into(),
            track: track.map(Into::into),
            persons: Vec::new(),
            board: board.map(Into::into),
            url: None,
            abstract_text: String::new(),
        }
    }

    #[test]
    fn posters_by_board_then_the_rest_by_track_or_type() {
        let all = [
            item("1", "Poster", None, Some("B10")),
            item("2", "Oral", None, None),
            item("3", "poster presentation", Some("Jets"), Some("B2")),
            item("4", "Poster", None, None),
            item("5", "Oral", Some("Jets"), None),
            item("6", "Poster", None, Some("A11")),
            item("7", "", None, None),
        ];
        let sessions = sessions(&all);
        let shown: Vec<(String, String, Vec<&str>)> = sessions
            .iter()
            .map(|s| {
                let ids = s.contributions.iter().map(|c| c.id.as_str()).collect();
                (s.id.clone(), s.title.clone(), ids)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("posters".into(), "Posters".into(), vec!["6", "3", "1", "4"]),
                ("unscheduled-oral".into(), "Oral".into(), vec!["2"]),
                ("unscheduled-jets".into(), "Jets".into(), vec!["5"]),
                (
                    "unscheduled-other-contributions".into(),
                    "Other contributions".into(),
                    vec!["7"]
                ),
            ]
        );
    }
}
