//! Softconf START's proceedings export (the ACLPUB layout): `final/N/
//! N_metadata.txt` per accepted paper (`Key#=%=#value` lines, `Key#==#`
//! for text that runs on over lines), `meta` (the book: `booktitle`,
//! `location`, `publisher`, `chairs Name (Affiliation)`) and `order` (the
//! programme: `* Day`, `= HH:MM--HH:MM Session # %chair1 Name`, `ID
//! HH:MM--HH:MM # Title`, poster lines `ID # Title`).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};

use super::{Paper, PaperAuthor, PaperSession, Volume, latex};
use crate::config::Kind;
use crate::diag::{Diagnostic, Result, display_path};

/// The export's folder if `path` is one: it holds `final/` with papers'
/// metadata (or is that `final/`).
pub fn find(path: &Path) -> Option<PathBuf> {
    if !path.is_dir() {
        return None;
    }
    let root = if path.file_name().is_some_and(|n| n == "final") {
        path.parent()?.to_path_buf()
    } else {
        path.to_path_buf()
    };
    let any_metadata = std::fs::read_dir(root.join("final")).ok()?.any(|entry| {
        entry.is_ok_and(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            e.path().join(format!("{n}_metadata.txt")).is_file()
        })
    });
    any_metadata.then_some(root)
}

/// The fields of a metadata file, in order.
fn fields(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with("=====") {
            break;
        }
        let split = line
            .split_once("#=%=#")
            .or_else(|| line.split_once("#==#"))
            .filter(|(key, _)| !key.contains(' '));
        match split {
            Some((key, value)) => out.push((key.to_owned(), value.to_owned())),
            // Free text runs on.
            None => {
                if let Some((_, value)) = out.last_mut() {
                    value.push('\n');
                    value.push_str(line);
                }
            }
        }
    }
    out
}

/// Reads the export.
pub fn read(root: &Path) -> Result<(Volume, Vec<Diagnostic>)> {
    let mut volume = Volume::default();
    let mut warnings = Vec::new();
    let mut dirs: Vec<(u64, String, PathBuf)> = std::fs::read_dir(root.join("final"))
        .map_err(|err| {
            Diagnostic::error(format!(
                "cannot read `{}`: {err}",
                display_path(&root.join("final"))
            ))
        })?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let file = e.path().join(format!("{name}_metadata.txt"));
            file.is_file()
                .then(|| (name.parse().unwrap_or(u64::MAX), name, e.path()))
        })
        .collect();
    dirs.sort();
    for (_, id, dir) in dirs {
        let file = dir.join(format!("{id}_metadata.txt"));
        let bytes = std::fs::read(&file).map_err(|err| {
            Diagnostic::error(format!("cannot read `{}`: {err}", display_path(&file)))
        })?;
        let (text, _) = super::encoding::decode(&display_path(&file), &bytes)?;
        let fields = fields(&text);
        let get = |key: &str| {
            (fields.iter())
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let Some(title) = get("FinalPaperTitle").or_else(|| get("Title")) else {
            warnings.push(Diagnostic::warning(format!(
                "`{}` has no `FinalPaperTitle`; the paper is left out",
                display_path(&file)
            )));
            continue;
        };
        let mut authors = Vec::new();
        for k in 1.. {
            let part = |field: &str| get(&format!("Author{{{k}}}{{{field}}}"));
            let (first, last) = (part("Firstname"), part("Lastname"));
            if first.is_none() && last.is_none() {
                break;
            }
            authors.push(PaperAuthor {
                given: [first, part("Middlename")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                family: last.unwrap_or_default(),
                name: String::new(),
                affiliation: part("Affiliation"),
                orcid: part("ORCID"),
            });
        }
        let pdf = format!("{id}_Paper.pdf");
        volume.papers.push(Paper {
            id: id.clone(),
            title,
            abstract_text: latex::markdown(&get("Abstract").unwrap_or_default()),
            keywords: Vec::new(),
            kind: Kind::Talk,
            track: None,
            authors,
            file: dir.join(&pdf).is_file().then(|| format!("{id}/{pdf}")),
        });
    }
    if let Ok(meta) = std::fs::read_to_string(root.join("meta")) {
        for line in meta.lines() {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            let value = value.trim().to_owned();
            match key {
                "booktitle" => volume.title = Some(value),
                "location" => volume.location = Some(value),
                "publisher" => volume.publisher = Some(value),
                "isbn" => volume.isbn = Some(value),
                "chairs" => {
                    let name = value.split(" (").next().unwrap_or(&value).trim().to_owned();
                    volume.editors.push(name);
                }
                _ => {}
            }
        }
    }
    if let Ok(order) = std::fs::read_to_string(root.join("order")) {
        read_order(&order, &mut volume);
    }
    let poster_ids: Vec<String> = (volume.sessions.iter())
        .filter(|s| s.title.to_lowercase().contains("poster"))
        .flat_map(|s| s.papers.iter().map(|(id, _, _)| id.clone()))
        .collect();
    for paper in &mut volume.papers {
        if poster_ids.contains(&paper.id) {
            paper.kind = Kind::Poster;
        }
    }
    volume.start = volume.sessions.iter().filter_map(|s| s.day).min();
    volume.end = volume.sessions.iter().filter_map(|s| s.day).max();
    Ok((volume, warnings))
}

/// "9:50--10:10" as its two times.
fn times(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = text.split_once("--")?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    Some((time(a)?, time(b)?))
}

/// The `order` file: days, sessions with their chairs, papers with times.
fn read_order(order: &str, volume: &mut Volume) {
    let mut day: Option<NaiveDate> = None;
    for line in order.lines() {
        let line = line.trim_end();
        if let Some(rest) = line.strip_prefix('*') {
            let rest = rest.trim();
            let date = rest.split_once(", ").map_or(rest, |(_, date)| date);
            day = NaiveDate::parse_from_str(date.trim(), "%B %d, %Y").ok();
        } else if let Some(rest) = line.strip_prefix('=') {
            let (head, tail) = rest.split_once('#').unwrap_or((rest, ""));
            let head = head.trim();
            let (span, title) = head.split_once(' ').unwrap_or((head, ""));
            let (start, end) = times(span).map_or((None, None), |(s, e)| (Some(s), Some(e)));
            let chairs = tail
                .split('%')
                .filter_map(|part| part.strip_prefix("chair"))
                .filter_map(|part| part.split_once(' ').map(|(_, name)| name.trim().to_owned()))
                .filter(|name| !name.is_empty())
                .collect();
            volume.sessions.push(PaperSession {
                title: title.trim().to_owned(),
                day,
                start,
                end,
                room: None,
                chairs,
                papers: Vec::new(),
            });
        } else if let Some(first) = line.split_whitespace().next()
            && first.chars().all(|c| c.is_ascii_digit())
            && volume.papers.iter().any(|p| p.id == first)
        {
            let span = line
                .split('#')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .nth(1);
            let (start, minutes) = match span.and_then(times) {
                Some((s, e)) => (
                    Some(s),
                    u32::try_from((e - s).num_minutes()).ok().filter(|m| *m > 0),
                ),
                None => (None, None),
            };
            if let Some(session) = volume.sessions.last_mut() {
                session.papers.push((first.to_owned(), start, minutes));
            }
        }
    }
    volume.sessions.retain(|s| !s.papers.is_empty());
}
