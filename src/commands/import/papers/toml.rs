//! A [`Volume`] as project files: `conference.toml` (the book, committees,
//! affiliations, sessions and one contribution per paper), an abstract per
//! paper and the camera-ready PDFs copied in as `papers/ID.pdf`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use super::super::fields::{abstract_path, kind_name, quoted, quoted_list};
use super::super::slug;
use super::{Paper, Volume};
use crate::config::CONFIG_FILE;

/// Where an imported preface goes.
const PREFACE: &str = "front/preface.md";

/// The files of the project, the configuration first.
pub fn files(
    volume: &Volume,
    pdfs: &[(String, PathBuf)],
    source: &str,
    format: &str,
) -> Vec<(PathBuf, Vec<u8>)> {
    let with_paper: HashMap<&str, PathBuf> = (pdfs.iter())
        .map(|(id, _)| (id.as_str(), paper_path(id)))
        .collect();
    let mut files = vec![(
        PathBuf::from(CONFIG_FILE),
        conference_toml(volume, &with_paper, source, format).into_bytes(),
    )];
    if let Some(preface) = &volume.preface {
        files.push((
            PathBuf::from(PREFACE),
            format!("{}\n", preface.trim()).into_bytes(),
        ));
    }
    for (_, file, bytes) in &volume.sponsors {
        files.push((PathBuf::from("sponsors").join(file), bytes.clone()));
    }
    for paper in &volume.papers {
        if !paper.abstract_text.is_empty() {
            let text = format!("{}\n", paper.abstract_text);
            files.push((abstract_path(&paper.id), text.into_bytes()));
        }
    }
    files.extend(pdf_files(pdfs));
    files
}

/// The camera-ready PDFs as the project's `papers/ID.pdf`.
pub fn pdf_files(pdfs: &[(String, PathBuf)]) -> Vec<(PathBuf, Vec<u8>)> {
    (pdfs.iter())
        .filter_map(|(id, path)| Some((paper_path(id), std::fs::read(path).ok()?)))
        .collect()
}

/// Where a paper's PDF goes in the project.
pub fn paper_path(id: &str) -> PathBuf {
    PathBuf::from("papers").join(format!("{}.pdf", slug(id)))
}

/// An ORCID iD from what an export writes (`https://orcid.org/…` or the
/// bare iD), if its check digit is right.
pub fn orcid(text: &str) -> Option<String> {
    let id = text.trim().trim_end_matches('/');
    let id = id.rsplit('/').next().unwrap_or(id);
    let digits: Vec<char> = id.chars().filter(|c| *c != '-').collect();
    if digits.len() != 16 || id.len() != 19 {
        return None;
    }
    let mut total = 0u32;
    for c in &digits[..15] {
        total = (total + c.to_digit(10)?) * 2;
    }
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 {
        'X'
    } else {
        char::from_digit(check, 10)?
    };
    (digits[15].to_ascii_uppercase() == expected).then(|| id.to_uppercase())
}

/// Whether an ISBN's check digit is right (10 or 13 digits, hyphens or
/// spaces between).
fn isbn_ok(text: &str) -> bool {
    let digits: Vec<char> = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match digits.len() {
        13 => {
            let Some(values) = digits
                .iter()
                .map(|c| c.to_digit(10))
                .collect::<Option<Vec<u32>>>()
            else {
                return false;
            };
            let sum: u32 = (values.iter().enumerate())
                .map(|(i, v)| if i % 2 == 0 { *v } else { v * 3 })
                .sum();
            sum.is_multiple_of(10)
        }
        10 => {
            let sum: Option<u32> = (digits.iter().enumerate())
                .map(|(i, c)| {
                    let v = if i == 9 && (*c == 'X' || *c == 'x') {
                        Some(10)
                    } else {
                        c.to_digit(10)
                    };
                    v.map(|v| v * (10 - i as u32))
                })
                .sum();
            sum.is_some_and(|s| s.is_multiple_of(11))
        }
        _ => false,
    }
}

fn conference_toml(
    volume: &Volume,
    with_paper: &HashMap<&str, PathBuf>,
    source: &str,
    format: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by `confpress import` from {source} ({format}).\n\
         # A re-import updates what the export holds and keeps your own keys and entries.\n"
    );
    out.push_str("[conference]\n");
    let title = volume.title.as_deref().unwrap_or("Proceedings");
    let _ = writeln!(out, "title = {}", quoted(title));
    if let Some(short) = &volume.short_title {
        let _ = writeln!(out, "short-title = {}", quoted(short));
    }
    let first_day = volume
        .start
        .or_else(|| volume.sessions.iter().find_map(|s| s.day));
    match first_day {
        Some(day) => {
            let _ = writeln!(out, "start = {day}");
        }
        None => out.push_str(
            "# The export names no date: set the conference's first day.\nstart = 1970-01-01\n",
        ),
    }
    let last_day = volume
        .end
        .or_else(|| volume.sessions.iter().filter_map(|s| s.day).max());
    if let Some(day) = last_day.filter(|d| Some(*d) != first_day) {
        let _ = writeln!(out, "end = {day}");
    }
    if let Some(place) = &volume.location {
        let _ = writeln!(out, "venue = {}", quoted(place));
    }
    if !volume.editors.is_empty() {
        let _ = writeln!(
            out,
            "editors = {}",
            quoted_list(volume.editors.iter().map(String::as_str))
        );
    }
    if volume.publisher.is_some() || volume.isbn.is_some() || volume.preface.is_some() {
        out.push_str("\n[proceedings]\n");
        if volume.preface.is_some() {
            let _ = writeln!(out, "preface = {}", quoted(PREFACE));
        }
        if let Some(publisher) = &volume.publisher {
            let _ = writeln!(out, "publisher = {}", quoted(publisher));
        }
        if let Some(isbn) = &volume.isbn {
            if isbn_ok(isbn) {
                let _ = writeln!(out, "isbn = {}", quoted(isbn));
            } else {
                let _ = writeln!(
                    out,
                    "# The export's ISBN has a wrong check digit:\n# isbn = {}",
                    quoted(isbn)
                );
            }
        }
    }
    for (name, file, _) in &volume.sponsors {
        let _ = writeln!(
            out,
            "\n[[sponsor]]\nname = {}\nlogo = {}",
            quoted(name),
            quoted(&format!("sponsors/{file}"))
        );
    }
    for (role, members) in &volume.committees {
        let _ = writeln!(
            out,
            "\n[[committee]]\nrole = {}\nmembers = {}",
            quoted(role),
            quoted_list(members.iter().map(String::as_str))
        );
    }
    // Affiliations, each once, in order of first appearance.
    let affiliations = super::super::affiliations::affiliation_ids(
        (volume.papers.iter())
            .flat_map(|p| &p.authors)
            .filter_map(|a| a.affiliation.as_deref()),
    );
    for (name, id) in &affiliations.ordered {
        let _ = writeln!(
            out,
            "\n[[affiliation]]\nid = {}\nname = {}",
            quoted(id),
            quoted(name)
        );
    }
    let affiliation_ids = &affiliations.by_name;
    // Sessions in programme order; the papers in them in that order, then
    // the papers outside any session in the export's order.
    let mut placed: HashMap<&str, (usize, Option<chrono::NaiveTime>, Option<u32>)> = HashMap::new();
    for (number, session) in volume.sessions.iter().enumerate() {
        let id = format!("s{}", number + 1);
        let _ = writeln!(
            out,
            "\n[[session]]\nid = {}\ntitle = {}",
            quoted(&id),
            quoted(&session.title)
        );
        if !session.chairs.is_empty() {
            let _ = writeln!(
                out,
                "chairs = {}",
                quoted_list(session.chairs.iter().map(String::as_str))
            );
        }
        if let Some(day) = session.day {
            let _ = writeln!(out, "day = {day}");
        }
        if let Some(start) = session.start {
            let _ = writeln!(out, "start = \"{}\"", start.format("%H:%M"));
        }
        if let Some(end) = session.end.filter(|e| Some(*e) > session.start) {
            let _ = writeln!(out, "end = \"{}\"", end.format("%H:%M"));
        }
        if let Some(room) = &session.room {
            let _ = writeln!(out, "room = {}", quoted(room));
        }
        for (paper, start, minutes) in &session.papers {
            placed
                .entry(paper.as_str())
                .or_insert((number, *start, *minutes));
        }
    }
    let mut order: Vec<&Paper> = Vec::new();
    for session in &volume.sessions {
        for (id, _, _) in &session.papers {
            if let Some(paper) = volume.papers.iter().find(|p| &p.id == id)
                && !order.iter().any(|p| p.id == paper.id)
            {
                order.push(paper);
            }
        }
    }
    order.extend(
        volume
            .papers
            .iter()
            .filter(|p| !placed.contains_key(p.id.as_str())),
    );
    for paper in order {
        let _ = writeln!(out, "\n[[contribution]]\nid = {}", quoted(&paper.id));
        if let Some((number, start, minutes)) = placed.get(paper.id.as_str()) {
            let _ = writeln!(out, "session = \"s{}\"", number + 1);
            if let Some(start) = start {
                let _ = writeln!(out, "start = \"{}\"", start.format("%H:%M"));
            }
            if let Some(minutes) = minutes {
                let _ = writeln!(out, "duration = {minutes}");
            }
        }
        let _ = writeln!(out, "title = {}", quoted(&paper.title));
        if paper.kind != crate::config::Kind::Talk {
            let _ = writeln!(out, "kind = \"{}\"", kind_name(paper.kind));
        }
        if let Some(track) = &paper.track {
            let _ = writeln!(out, "track = {}", quoted(track));
        }
        let authors: Vec<String> = (paper.authors.iter())
            .map(|a| {
                let mut fields = Vec::new();
                if a.family.is_empty() {
                    fields.push(format!("name = {}", quoted(&a.full_name())));
                } else {
                    if !a.given.is_empty() {
                        fields.push(format!("given = {}", quoted(&a.given)));
                    }
                    fields.push(format!("family = {}", quoted(&a.family)));
                }
                if let Some(id) = a
                    .affiliation
                    .as_deref()
                    .and_then(|n| affiliation_ids.get(n))
                {
                    fields.push(format!("affiliations = [{}]", quoted(id)));
                }
                if let Some(orcid) = &a.orcid {
                    fields.push(format!("orcid = {}", quoted(orcid)));
                }
                format!("{{ {} }}", fields.join(", "))
            })
            .collect();
        if !authors.is_empty() {
            let _ = writeln!(out, "authors = [\n  {},\n]", authors.join(",\n  "));
        }
        if !paper.keywords.is_empty() {
            let _ = writeln!(
                out,
                "keywords = {}",
                quoted_list(paper.keywords.iter().map(String::as_str))
            );
        }
        if !paper.abstract_text.is_empty() {
            let _ = writeln!(
                out,
                "abstract = {}",
                quoted(
                    &super::super::fields::abstract_path(&paper.id)
                        .to_string_lossy()
                        .replace('\\', "/")
                )
            );
        }
        if let Some(path) = with_paper.get(paper.id.as_str()) {
            let _ = writeln!(
                out,
                "paper = {}",
                quoted(&path.to_string_lossy().replace('\\', "/"))
            );
        }
    }
    out
}
