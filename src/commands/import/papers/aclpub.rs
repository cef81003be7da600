//! The files of the ACLPUB era that chairs still get from START and
//! EasyChair tooling: the `db` file (records of `P: id`, `T: title`, `A:
//! Last, First` in author order, `F: final/N/N_Paper.pdf`, `L: pages`,
//! separated by blank lines) and easy2acl's `papers.tsv` (`id`, authors
//! "A, B and C", title, start page; `# Section` lines making sessions).

use std::path::Path;

use super::{Paper, PaperAuthor, PaperSession, Volume};
use crate::config::Kind;
use crate::diag::{Diagnostic, Result, display_path};

/// Which file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Db,
    Tsv,
}

/// Which of the two `text` is, from its first lines.
pub fn sniff(text: &str) -> Option<Listed> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    if lines.first().is_some_and(|l| l.starts_with("P: "))
        && lines.iter().any(|l| l.starts_with("T: "))
    {
        return Some(Listed::Db);
    }
    let tsv = |l: &&str| l.starts_with('#') || l.split('\t').count() >= 3;
    (lines.len() >= 2 && lines.iter().all(tsv) && lines.iter().any(|l| l.contains('\t')))
        .then_some(Listed::Tsv)
}

/// Reads the file.
pub fn read(path: &Path, kind: Listed) -> Result<(Volume, Vec<Diagnostic>)> {
    let name = display_path(path);
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::error(format!("cannot read `{name}`: {err}")))?;
    let (text, _) = super::encoding::decode(&name, &bytes)?;
    let mut volume = Volume::default();
    let mut warnings = Vec::new();
    match kind {
        Listed::Db => {
            for record in text.replace("\r\n", "\n").split("\n\n") {
                let field = |key: &'static str| {
                    record
                        .lines()
                        .filter_map(move |l| l.strip_prefix(key))
                        .map(|v| v.trim().to_owned())
                };
                let Some(id) = field("P:").next() else {
                    continue;
                };
                let Some(title) = field("T:").next() else {
                    warnings.push(Diagnostic::warning(format!(
                        "record `{id}` of `{name}` has no `T:` title; it is left out"
                    )));
                    continue;
                };
                let authors = field("A:")
                    .map(|a| match a.split_once(',') {
                        Some((family, given)) => PaperAuthor {
                            given: given.trim().to_owned(),
                            family: family.trim().to_owned(),
                            ..PaperAuthor::default()
                        },
                        None => PaperAuthor {
                            name: a,
                            ..PaperAuthor::default()
                        },
                    })
                    .collect();
                volume.papers.push(Paper {
                    id,
                    title,
                    authors,
                    kind: Kind::Talk,
                    file: field("F:").next(),
                    ..Paper::default()
                });
            }
        }
        Listed::Tsv => {
            for line in text.lines() {
                let line = line.trim_end();
                if let Some(section) = line.strip_prefix('#') {
                    volume.sessions.push(PaperSession {
                        title: section.trim().to_owned(),
                        ..PaperSession::default()
                    });
                    continue;
                }
                let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
                let [id, authors, title, ..] = cells.as_slice() else {
                    continue;
                };
                if id.is_empty() || title.is_empty() {
                    continue;
                }
                let authors = super::listed_authors(authors);
                if let Some(session) = volume.sessions.last_mut() {
                    session.papers.push((id.to_string(), None, None));
                }
                volume.papers.push(Paper {
                    id: id.to_string(),
                    title: title.to_string(),
                    authors,
                    ..Paper::default()
                });
            }
            volume.sessions.retain(|s| !s.papers.is_empty());
        }
    }
    Ok((volume, warnings))
}
