//! Spreadsheet exports of accepted papers, told apart by their header row:
//! EasyChair's accepted-papers CSV (`id, Authors, title, …, Decision,
//! Keywords, Abstract`), Microsoft CMT's submissions sheet saved as CSV
//! (`Paper ID`/`PaperID`, `Title`, `Authors`/`AuthorDetails`, `Author
//! Names`), and Softconf START's spreadsheet maker (`Submission ID`,
//! `Acceptance Status`, `1: First Name`, …). Decoded by `encoding.rs`.

use std::collections::HashMap;
use std::path::Path;

use super::{Paper, PaperAuthor, PaperSession, Volume, latex};
use crate::config::Kind;
use crate::diag::{Diagnostic, Result, display_path};

/// Which spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    EasyChair,
    Cmt,
    Start,
    /// EasyChair's programme-committee table: committees, not papers.
    Committee,
}

impl Sheet {
    /// The format's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::EasyChair => "EasyChair accepted-papers CSV",
            Sheet::Cmt => "Microsoft CMT submissions CSV",
            Sheet::Start => "Softconf START submissions CSV",
            Sheet::Committee => "EasyChair programme-committee CSV",
        }
    }
}

/// A header cell as compared: lower case, no spaces.
fn key(cell: &str) -> String {
    cell.trim_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which sheet `text` is, from its first line; `None` for anything else.
pub fn sniff(text: &str) -> Option<Sheet> {
    let header: Vec<String> = text
        .lines()
        .next()?
        .split([',', '\t', ';'])
        .map(key)
        .collect();
    let has = |k: &str| header.iter().any(|h| h == k);
    if has("firstname") && has("lastname") && has("role") && !has("title") {
        Some(Sheet::Committee)
    } else if has("submissionid") && has("acceptancestatus") {
        Some(Sheet::Start)
    } else if (has("paperid") && (has("authordetails") || has("authornames") || has("authors")))
        && (has("title") || has("papertitle"))
    {
        Some(Sheet::Cmt)
    } else if has("id") && has("authors") && has("title") {
        Some(Sheet::EasyChair)
    } else {
        None
    }
}

/// Reads the sheet; `all` keeps papers not accepted.
pub fn read(path: &Path, sheet: Sheet, all: bool) -> Result<(Volume, Vec<Diagnostic>)> {
    let name = display_path(path);
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::error(format!("cannot read `{name}`: {err}")))?;
    let (text, encoding) = super::encoding::decode(&name, &bytes)?;
    let mut warnings = Vec::new();
    if let Some(encoding) = encoding {
        warnings.push(
            Diagnostic::warning(format!("`{name}` is not UTF-8; it was read as {encoding}"))
                .hint("check a few accented names in conference.toml"),
        );
    }
    let delimiter = if text.lines().next().is_some_and(|l| l.contains('\t')) {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|err| Diagnostic::error(format!("`{name}`: {err}")))?
        .iter()
        .map(key)
        .collect();
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h == n))
    };
    let mut volume = Volume::default();
    if sheet == Sheet::Committee {
        volume.committees = committees(&mut reader, &header);
        return Ok((volume, warnings));
    }
    let mut left: Vec<(String, Vec<String>)> = Vec::new();
    let mut sessions: Vec<(String, Vec<(u32, String)>)> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                warnings.push(Diagnostic::warning(format!(
                    "`{name}`, record {line}: {err}; it is left out"
                )));
                continue;
            }
        };
        let cell = |names: &[&str]| {
            column(names)
                .and_then(|i| record.get(i))
                .map(|s| s.replace('\t', " ").trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let Some(id) = cell(&["id", "paperid", "submissionid", "#"]) else {
            continue;
        };
        let decision = cell(&["decision", "acceptancestatus", "status"]).unwrap_or_default();
        let lower = decision.to_lowercase();
        let accepted = decision.is_empty() || lower.contains("accept");
        if !accepted && !all {
            let why = format!("with the decision “{decision}”");
            match left.iter_mut().find(|(w, _)| *w == why) {
                Some((_, ids)) => ids.push(id),
                None => left.push((why, vec![id])),
            }
            continue;
        }
        let Some(title) = cell(&["title", "papertitle"]) else {
            warnings.push(Diagnostic::warning(format!(
                "paper `{id}` of `{name}` (record {line}) has no title; it is left out"
            )));
            continue;
        };
        let authors = match sheet {
            Sheet::EasyChair => super::listed_authors(&cell(&["authors"]).unwrap_or_default()),
            Sheet::Cmt => cmt_authors(
                &cell(&["authordetails", "authors"]).unwrap_or_default(),
                &cell(&["authornames"]).unwrap_or_default(),
            ),
            Sheet::Start | Sheet::Committee => start_authors(&header, &record),
        };
        let keywords: Vec<String> = cell(&["keywords"])
            .map(|k| {
                k.split(['\n', ';'])
                    .map(|k| k.trim().to_owned())
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let kind_text = format!(
            "{lower} {}",
            cell(&["submissiontype", "presentationtype"]).unwrap_or_default()
        )
        .to_lowercase();
        let track = cell(&["submissiontype", "track"]);
        // CMT's subject areas ("Category -> subcategory") are keywords.
        let mut keywords = keywords;
        for area in [
            cell(&["primarysubjectarea"]),
            cell(&["secondarysubjectareas"]),
        ]
        .into_iter()
        .flatten()
        {
            keywords.extend(
                area.split(';')
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty()),
            );
        }
        if record.len() < header.len() {
            warnings.push(Diagnostic::warning(format!(
                "paper `{id}` of `{name}` (record {line}) has {} of the {} columns (a quote left open in the cell before?); it is imported with what is there",
                record.len(),
                header.len()
            )));
        }
        if authors.is_empty() {
            warnings.push(Diagnostic::warning(format!(
                "paper `{id}` of `{name}` (record {line}) lists no authors"
            )));
        }
        if let Some(session) = cell(&["sessionid", "session"]) {
            let (title, position) = match session.rsplit_once(':') {
                Some((t, p)) if p.trim().parse::<u32>().is_ok() => {
                    (t.trim().to_owned(), p.trim().parse().unwrap_or(0))
                }
                _ => (session.clone(), 0),
            };
            match sessions.iter_mut().find(|(t, _)| *t == title) {
                Some((_, papers)) => papers.push((position, id.clone())),
                None => sessions.push((title, vec![(position, id.clone())])),
            }
        }
        volume.papers.push(Paper {
            id,
            title,
            abstract_text: latex::markdown(&cell(&["abstract"]).unwrap_or_default()),
            keywords,
            kind: if kind_text.contains("poster") {
                Kind::Poster
            } else {
                Kind::Talk
            },
            track: track.map(|t| super::capitalised(&t)),
            authors,
            file: None,
        });
    }
    volume.left_out = left;
    sessions.sort_by_key(|(title, _)| roman_order(title));
    for (title, mut papers) in sessions {
        papers.sort_by_key(|(position, _)| *position);
        volume.sessions.push(PaperSession {
            title,
            papers: papers.into_iter().map(|(_, id)| (id, None, None)).collect(),
            ..PaperSession::default()
        });
    }
    Ok((volume, warnings))
}

/// "Session IV" sorts as 4; other names keep their order after those.
fn roman_order(title: &str) -> u32 {
    let numeral = title.rsplit(' ').next().unwrap_or_default();
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let digits: Option<Vec<u32>> = numeral.chars().map(value).collect();
    let Some(digits) = digits.filter(|d| !d.is_empty()) else {
        return numeral.parse().unwrap_or(u32::MAX);
    };
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    total.max(0) as u32
}

/// CMT's "First Last (Affiliation)*; …" with, where present, "Last,
/// First*; …" for the name's parts (same order); `*` marks the contact.
fn cmt_authors(details: &str, names: &str) -> Vec<PaperAuthor> {
    let split_top = |text: &str| {
        let mut parts = Vec::new();
        let (mut depth, mut current) = (0i32, String::new());
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ';' if depth <= 0 => {
                    parts.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        parts.push(current);
        parts
            .into_iter()
            .map(|p| p.trim().trim_end_matches('*').trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
    };
    let details = split_top(details);
    let names = split_top(names);
    let parts: HashMap<usize, (String, String)> = (names.iter().enumerate())
        .filter_map(|(i, n)| {
            let (family, given) = n.split_once(',')?;
            Some((i, (given.trim().to_owned(), family.trim().to_owned())))
        })
        .collect();
    details
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let (name, affiliation) = match entry.find('(') {
                Some(open) if entry.ends_with(')') => (
                    entry[..open].trim().to_owned(),
                    Some(
                        entry[open + 1..entry.len() - 1]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ),
                _ => (entry.clone(), None),
            };
            let (given, family) = parts
                .get(&i)
                .filter(|(g, f)| format!("{g} {f}") == name)
                .cloned()
                .unwrap_or_default();
            PaperAuthor {
                name: if family.is_empty() {
                    name
                } else {
                    String::new()
                },
                given,
                family,
                affiliation: affiliation.filter(|a| !a.is_empty()),
                orcid: None,
            }
        })
        .collect()
}

/// START's `k: First Name`, `k: Middle Name`, `k: Last Name`, `k:
/// Affiliation` columns, k = 1, 2, … while a name is there.
fn start_authors(header: &[String], record: &csv::StringRecord) -> Vec<PaperAuthor> {
    let mut authors = Vec::new();
    for k in 1.. {
        let get = |field: &str| {
            let wanted = format!("{k}:{field}");
            header
                .iter()
                .position(|h| *h == wanted)
                .and_then(|i| record.get(i))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        if !header.iter().any(|h| *h == format!("{k}:firstname")) {
            break;
        }
        let (first, middle, last) = (get("firstname"), get("middlename"), get("lastname"));
        if first.is_empty() && last.is_empty() {
            continue;
        }
        let given = [first, middle]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let affiliation = Some(get("affiliation")).filter(|a| !a.is_empty());
        authors.push(PaperAuthor {
            given,
            family: last,
            name: String::new(),
            affiliation,
            orcid: None,
        });
    }
    authors
}

/// EasyChair's committee table: members by role, in the table's order,
/// each "First Last, Affiliation" (e-mails and countries left out).
fn committees(reader: &mut csv::Reader<&[u8]>, header: &[String]) -> Vec<(String, Vec<String>)> {
    let column = |name: &str| header.iter().position(|h| h == name);
    let (first, last, affiliation, role) = (
        column("firstname"),
        column("lastname"),
        column("affiliation"),
        column("role"),
    );
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for record in reader.records().flatten() {
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or_default()
        };
        let name = format!("{} {}", get(first), get(last)).trim().to_owned();
        if name.is_empty() {
            continue;
        }
        let member = match get(affiliation) {
            "" => name,
            place => format!("{name}, {place}"),
        };
        let role = match get(role).to_lowercase().as_str() {
            "pc member" | "" => "Programme committee".to_owned(),
            "chair" => "Programme chairs".to_owned(),
            "senior pc member" => "Senior programme committee".to_owned(),
            other => super::capitalised(other),
        };
        match out.iter_mut().find(|(r, _)| *r == role) {
            Some((_, members)) => members.push(member),
            None => out.push((role, vec![member])),
        }
    }
    // Chairs first, as front matter lists them.
    out.sort_by_key(|(role, _)| !role.to_lowercase().contains("chair"));
    out
}
