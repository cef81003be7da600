//! An aclpub2 input set: `papers.yml` (the accepted papers; also what
//! aclpub2's `or2papers.py` makes of OpenReview's data), and beside it, where
//! present, `conference_details.yml` (the book), `program.yml` (sessions in
//! programme order) and the committees.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde_yaml::Value;

use super::{Paper, PaperAuthor, PaperSession, Volume, latex};
use crate::config::Kind;
use crate::diag::{Diagnostic, Location, Result, display_path};

/// Where a set's files are.
pub struct Set {
    /// The folder holding them.
    pub folder: PathBuf,
    /// Its `papers.yml`.
    papers: PathBuf,
}

/// The set `path` names: a folder holding `papers.yml`, or that file.
pub fn find(path: &Path) -> Option<Set> {
    let papers = if path.is_dir() {
        path.join("papers.yml")
    } else {
        path.to_path_buf()
    };
    let is_papers = papers
        .file_name()
        .is_some_and(|n| n == "papers.yml" || n == "papers.yaml");
    (is_papers && papers.is_file()).then(|| Set {
        folder: papers.parent().map(Path::to_path_buf).unwrap_or_default(),
        papers,
    })
}

/// A YAML file of the set, parsed; `None` when it is not there.
fn yaml(path: &Path) -> Result<Option<Value>> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(None);
    };
    let name = display_path(path);
    let text: Arc<str> = super::super::decode::text(&name, &bytes)?.into();
    serde_yaml::from_str(&text).map(Some).map_err(|err| {
        let mut diagnostic = Diagnostic::error(format!("`{name}` is not valid YAML: {err}"));
        if let Some(at) = err.location() {
            let offset = at.index().min(text.len());
            diagnostic = diagnostic.at(Location::new(name.clone(), text.clone(), offset..offset));
        }
        diagnostic.into()
    })
}

/// A mapping's value as text: strings, numbers and booleans as written.
fn text(value: &Value, key: &str) -> Option<String> {
    let text = match value.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A list under `key`, or none.
fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_sequence)
        .map_or(&[], Vec::as_slice)
}

/// A person of the set: `first_name`, `middle_name`, `last_name` (or only
/// `name`), an institution (also under aclpub2's own misspelling), ORCID.
fn person(value: &Value) -> Option<PaperAuthor> {
    let given = [text(value, "first_name"), text(value, "middle_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let family = text(value, "last_name").unwrap_or_default();
    let name = text(value, "name").unwrap_or_default();
    let affiliation = ["institution", "affiliation", "instituion"]
        .iter()
        .find_map(|key| text(value, key));
    let orcid = text(value, "orcid");
    let author = PaperAuthor {
        given,
        family,
        name,
        affiliation,
        orcid,
    };
    (!author.full_name().is_empty()).then_some(author)
}

/// "Name, Institution" for a committee list.
fn member(value: &Value) -> Option<String> {
    let person = person(value)?;
    Some(match &person.affiliation {
        Some(place) => format!("{}, {place}", person.full_name()),
        None => person.full_name(),
    })
}

/// Reads the set; `all` keeps papers marked non-archival or rejected.
pub fn read(set: &Set, all: bool) -> Result<(Volume, Vec<Diagnostic>)> {
    let name = display_path(&set.papers);
    let papers = yaml(&set.papers)?.unwrap_or(Value::Null);
    let Some(entries) = papers.as_sequence() else {
        return Err(
            Diagnostic::error(format!("`{name}` is not a list of papers"))
                .hint("aclpub2's papers.yml is a YAML list, one entry per paper")
                .into(),
        );
    };
    let mut volume = Volume::default();
    let mut warnings = Vec::new();
    let mut rejected = Vec::new();
    let mut non_archival = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let Some(id) = text(entry, "id") else {
            warnings.push(Diagnostic::warning(format!(
                "paper {} of `{name}` has no `id`; it is left out",
                index + 1
            )));
            continue;
        };
        let Some(title) = text(entry, "title") else {
            warnings.push(Diagnostic::warning(format!(
                "paper `{id}` of `{name}` has no `title`; it is left out"
            )));
            continue;
        };
        let decision = text(entry, "decision").unwrap_or_default().to_lowercase();
        if !all && (decision.contains("reject") || decision.contains("withdraw")) {
            rejected.push(id);
            continue;
        }
        let archival = match entry.get("archival") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => !matches!(s.trim().to_lowercase().as_str(), "false" | "no"),
            _ => true,
        };
        if !archival && !all {
            non_archival.push(id);
            continue;
        }
        let attributes = entry.get("attributes").cloned().unwrap_or(Value::Null);
        let presentation = text(&attributes, "presentation_type").unwrap_or_default();
        let paper_type = text(&attributes, "paper_type").filter(|t| t != "N/A");
        let authors: Vec<PaperAuthor> = list(entry, "authors").iter().filter_map(person).collect();
        if authors.is_empty() {
            warnings.push(Diagnostic::warning(format!(
                "paper `{id}` of `{name}` lists no authors"
            )));
        }
        let keywords = match entry.get("keywords") {
            Some(Value::Sequence(items)) => items
                .iter()
                .filter_map(|k| k.as_str().map(|k| k.trim().to_owned()))
                .filter(|k| !k.is_empty())
                .collect(),
            Some(Value::String(s)) => s
                .split([',', ';'])
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect(),
            _ => Vec::new(),
        };
        volume.papers.push(Paper {
            id,
            title,
            abstract_text: latex::markdown(&text(entry, "abstract").unwrap_or_default()),
            keywords,
            kind: if presentation.to_lowercase().contains("poster") {
                Kind::Poster
            } else {
                Kind::Talk
            },
            track: paper_type.map(|t| format!("{} paper", super::capitalised(&t))),
            authors,
            file: text(entry, "file"),
        });
    }
    if !rejected.is_empty() {
        volume
            .left_out
            .push(("with a decision to reject".into(), rejected));
    }
    if !non_archival.is_empty() {
        volume
            .left_out
            .push(("marked `archival: false`".into(), non_archival));
    }
    if let Some(details) = yaml(&set.folder.join("conference_details.yml"))? {
        read_details(&details, &mut volume);
    }
    if let Some(program) = yaml(&set.folder.join("program.yml"))? {
        read_program(
            &program,
            &volume.papers,
            &mut volume.sessions,
            &mut warnings,
        );
    }
    let mut people: Vec<PaperAuthor> = Vec::new();
    for (file, key) in [
        ("organizing_committee.yml", "members"),
        ("program_committee.yml", "entries"),
    ] {
        if let Some(committees) = yaml(&set.folder.join(file))? {
            for group in committees.as_sequence().map_or(&[][..], Vec::as_slice) {
                let members: Vec<String> = list(group, key).iter().filter_map(member).collect();
                people.extend(list(group, key).iter().filter_map(person));
                let role = text(group, "role").unwrap_or_else(|| "Programme committee".into());
                if !members.is_empty() {
                    volume.committees.push((role, members));
                }
            }
        }
    }
    people.extend(volume.papers.iter().flat_map(|p| p.authors.iter().cloned()));
    read_front(&set.folder, &mut volume, &mut warnings)?;
    volume.editors = editors(&details_editors(&set.folder)?, &people, &mut warnings);
    Ok((volume, warnings))
}

/// The editors of `conference_details.yml`.
fn details_editors(folder: &Path) -> Result<Vec<PaperAuthor>> {
    let details = yaml(&folder.join("conference_details.yml"))?.unwrap_or(Value::Null);
    Ok(list(&details, "editors")
        .iter()
        .filter_map(person)
        .collect())
}

/// The editors' names; one whose first and last name are the other way
/// round from the same person in the committees or among the authors
/// (aclpub2's own example has five) is turned round, with a warning.
fn editors(
    editors: &[PaperAuthor],
    people: &[PaperAuthor],
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    editors
        .iter()
        .map(|editor| {
            let same = |p: &&PaperAuthor| p.given == editor.given && p.family == editor.family;
            let turned = |p: &&PaperAuthor| p.given == editor.family && p.family == editor.given;
            if !people.iter().any(|p| same(&p))
                && let Some(person) = people.iter().find(turned)
            {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the editor “{}” of conference_details.yml is “{}” in the committees or papers; imported as the latter",
                        editor.full_name(),
                        person.full_name(),
                    ))
                    .hint("conference_details.yml has the first and last name the other way round"),
                );
                return person.full_name();
            }
            editor.full_name()
        })
        .collect()
}

/// `conference_details.yml`: the book's title, dates, place and editors.
fn read_details(details: &Value, volume: &mut Volume) {
    volume.title = text(details, "book_title").or_else(|| text(details, "event_name"));
    volume.short_title = text(details, "anthology_venue_id");
    let date =
        |key| text(details, key).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    volume.start = date("start_date");
    volume.end = date("end_date");
    volume.location = text(details, "location");
    volume.publisher = text(details, "publisher");
    volume.isbn = text(details, "isbn");
}

/// `program.yml`: every (sub)session that lists papers, in order, with the
/// papers' times; a paper the set does not hold is a warning.
fn read_program(
    program: &Value,
    papers: &[Paper],
    sessions: &mut Vec<PaperSession>,
    warnings: &mut Vec<Diagnostic>,
) {
    let when = |value: &Value, key: &str| {
        let text = text(value, key)?;
        NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
            .ok()
    };
    let mut blocks: Vec<&Value> = Vec::new();
    for entry in program.as_sequence().map_or(&[][..], Vec::as_slice) {
        blocks.push(entry);
        blocks.extend(list(entry, "subsessions"));
    }
    for block in blocks {
        let listed = list(block, "papers");
        if listed.is_empty() {
            continue;
        }
        let (start, end) = (when(block, "start_time"), when(block, "end_time"));
        let mut session = PaperSession {
            title: text(block, "title").unwrap_or_else(|| "Session".into()),
            day: start.map(|s| s.date()),
            start: start.map(|s| s.time()),
            end: end.map(|e| e.time()),
            room: text(block, "location"),
            chairs: text(block, "chair").into_iter().collect(),
            papers: Vec::new(),
        };
        for paper in listed {
            let Some(id) = text(paper, "id") else {
                continue;
            };
            if !papers.iter().any(|p| p.id == id) {
                // Non-archival papers are in the programme but not the book.
                continue;
            }
            let start = when(paper, "start_time");
            let minutes = start
                .zip(when(paper, "end_time"))
                .map(|(s, e)| (e - s).num_minutes())
                .filter(|m| *m > 0)
                .map(|m| m as u32);
            session.papers.push((id, start.map(|s| s.time()), minutes));
        }
        if !session.papers.is_empty() {
            sessions.push(session);
        }
    }
    let scheduled: std::collections::HashSet<&str> = (sessions.iter())
        .flat_map(|s| s.papers.iter().map(|(id, _, _)| id.as_str()))
        .collect();
    let outside: Vec<&str> = (papers.iter())
        .map(|p| p.id.as_str())
        .filter(|id| !scheduled.contains(id))
        .collect();
    if !sessions.is_empty() && !outside.is_empty() {
        warnings.push(Diagnostic::warning(format!(
            "{} in no session of program.yml, printed after the sessions: {}",
            crate::diag::count(outside.len(), "paper"),
            outside.join(", ")
        )));
    }
}

/// A file the set names, in its own folder or the subfolder aclpub2 keeps
/// such files in.
fn find_file(folder: &Path, subfolder: &str, name: &str) -> Option<PathBuf> {
    [folder.join(subfolder).join(name), folder.join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

/// `prefaces.yml` (the first preface, its LaTeX as Markdown),
/// `sponsors.yml` (logos by tier) and `invited_talks.yml` (not papers:
/// named, not imported).
fn read_front(folder: &Path, volume: &mut Volume, warnings: &mut Vec<Diagnostic>) -> Result<()> {
    let mut missing = Vec::new();
    if let Some(prefaces) = yaml(&folder.join("prefaces.yml"))? {
        let list = prefaces.as_sequence().map_or(&[][..], Vec::as_slice);
        if let Some(file) = list.first().and_then(|p| text(p, "file")) {
            match find_file(folder, "prefaces", &file).and_then(|p| std::fs::read(p).ok()) {
                Some(bytes) => {
                    let source = String::from_utf8_lossy(&bytes);
                    let markdown = if file.ends_with(".tex") {
                        latex::markdown(&source)
                    } else {
                        source.into_owned()
                    };
                    volume.preface = Some(markdown);
                }
                None => missing.push(file),
            }
        }
        if list.len() > 1 {
            warnings.push(Diagnostic::warning(format!(
                "prefaces.yml lists {} prefaces; the first is imported as the volume's preface",
                list.len()
            )));
        }
    }
    if let Some(sponsors) = yaml(&folder.join("sponsors.yml"))? {
        for tier in sponsors.as_sequence().map_or(&[][..], Vec::as_slice) {
            let level = text(tier, "tier");
            for logo in list(tier, "logos").iter().filter_map(|l| l.as_str()) {
                let Some(bytes) =
                    find_file(folder, "sponsor_logos", logo).and_then(|p| std::fs::read(p).ok())
                else {
                    missing.push(logo.to_owned());
                    continue;
                };
                let stem = Path::new(logo)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = match &level {
                    Some(level) => format!("{} ({level})", super::capitalised(&stem)),
                    None => super::capitalised(&stem),
                };
                volume.sponsors.push((name, logo.to_owned(), bytes));
            }
        }
    }
    if !missing.is_empty() {
        warnings.push(
            Diagnostic::warning(format!(
                "{} the set names {} not in `{}`: {}",
                crate::diag::count(missing.len(), "file"),
                if missing.len() == 1 { "is" } else { "are" },
                display_path(folder),
                missing.join(", ")
            ))
            .hint("put the sponsors' logos in `sponsor_logos/` and the prefaces in `prefaces/` beside papers.yml"),
        );
    }
    if let Some(talks) = yaml(&folder.join("invited_talks.yml"))? {
        let titles: Vec<String> = (talks.as_sequence().map_or(&[][..], Vec::as_slice).iter())
            .filter_map(|t| text(t, "title"))
            .map(|t| format!("“{t}”"))
            .collect();
        if !titles.is_empty() {
            warnings.push(
                Diagnostic::warning(format!(
                    "invited_talks.yml: {} not imported (not papers): {}",
                    crate::diag::count(titles.len(), "invited talk"),
                    titles.join(", ")
                ))
                .hint("add them to conference.toml as contributions with `kind = \"keynote\"`"),
            );
        }
    }
    Ok(())
}
