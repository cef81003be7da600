//! PMLR: the volume's BibTeX as PMLR's proceedings template has it — one
//! `@Proceedings` (booktitle, name, shortname, year, editors, volume,
//! dates, address) and an `@InProceedings` per paper keyed `lastnameYY`
//! (a letter added where two share one), with `pages`, `abstract` and
//! `section` — and each paper's PDF named by its key.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::Datelike;

use super::anthology::bib_text;
use super::volume::{Built, abstract_text, ascii_key, given_family};
use super::{File, common_checks};
use crate::diag::{Diagnostic, Result};
use crate::model::Project;

/// PMLR's checks: editors, family names (its keys are made from them).
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut found = common_checks(project, "PMLR");
    found.push(
        Diagnostic::warning(
            "PMLR assigns the volume number: the BibTeX says `vXXX` and `volume = {XXX}`",
        )
        .hint("replace XXX once PMLR has given the volume its number"),
    );
    found
}

/// `lastnameYY`, unique with a, b, c….
fn key(family: &str, year: i32, taken: &mut HashSet<String>) -> String {
    let base = format!("{}{:02}", ascii_key(family), year % 100);
    let base = if base.len() <= 2 {
        format!("anonymous{base}")
    } else {
        base
    };
    if taken.insert(base.clone()) {
        return base;
    }
    for letter in 'a'..='z' {
        let key = format!("{base}{letter}");
        if taken.insert(key.clone()) {
            return key;
        }
    }
    let mut n = 2;
    loop {
        let key = format!("{base}-{n}");
        if taken.insert(key.clone()) {
            return key;
        }
        n += 1;
    }
}

/// "Last, First and Last, First".
fn names(people: impl Iterator<Item = (String, String)>) -> String {
    let names: Vec<String> = people
        .map(|(given, family)| {
            if given.is_empty() {
                family
            } else {
                format!("{family}, {given}")
            }
        })
        .collect();
    names.join(" and ")
}

/// The delivery: `vXXX.bib` and `KEY.pdf` per paper.
pub fn files(
    project: &Project,
    volume: &Built,
    _warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<File>> {
    let programme = &project.programme;
    let conference = &programme.conference;
    let year = conference.start.year();
    let mut bib = String::new();
    let editors = names(
        conference
            .editors
            .iter()
            .map(|e| crate::text::people::split_name(e)),
    );
    let _ = write!(
        bib,
        "@Proceedings{{vXXX,\n  booktitle = {{{}}},\n  name = {{{}}},\n  shortname = {{{}}},\n  year = {{{year}}},\n  editor = {{{}}},\n  volume = {{XXX}},\n  start = {{{}}},\n  end = {{{}}},\n",
        bib_text(&format!("Proceedings of {}", conference.title)),
        bib_text(&conference.title),
        bib_text(&conference.short_title),
        bib_text(&editors),
        conference.start.format("%Y-%m-%d"),
        conference.end.format("%Y-%m-%d"),
    );
    if let Some(venue) = &conference.venue {
        let _ = writeln!(bib, "  address = {{{}}},", bib_text(venue));
    }
    if let Some(url) = &conference.url {
        let _ = writeln!(bib, "  conference_url = {{{}}},", bib_text(url));
    }
    bib.push_str("}\n");
    let by_id = programme.contributions_by_id();
    let session_title = |id: Option<&str>| {
        id.and_then(|id| programme.sessions.iter().find(|s| s.id == id))
            .map(|s| s.title.clone())
    };
    let mut taken = HashSet::new();
    let mut files = Vec::new();
    for entry in &volume.entries {
        let Some(c) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        let first_family = c
            .authors
            .first()
            .map(|a| given_family(a).1)
            .unwrap_or_default();
        let key = key(&first_family, year, &mut taken);
        let _ = write!(
            bib,
            "\n@InProceedings{{{key},\n  title = {{{}}},\n  author = {{{}}},\n  pages = {{{}}},\n",
            bib_text(&c.title),
            bib_text(&names(c.authors.iter().map(given_family))),
            entry.pages("--"),
        );
        if let Some(section) = session_title(c.session.as_deref()) {
            let _ = writeln!(bib, "  section = {{{}}},", bib_text(&section));
        }
        if let Some(text) = abstract_text(project, c) {
            let _ = writeln!(bib, "  abstract = {{{}}},", with_maths(&text));
        }
        bib.push_str("}\n");
        files.push((
            format!("{key}.pdf"),
            std::fs::read(&entry.pdf).unwrap_or_default(),
        ));
    }
    files.insert(0, ("vXXX.bib".to_owned(), bib.into_bytes()));
    Ok(files)
}

/// An abstract for BibTeX: text escaped, `\(…\)` formulas as `$…$` kept as
/// LaTeX (PMLR shows them) when their braces balance.
fn with_maths(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("\\(") {
        let Some(close) = rest[open..].find("\\)").map(|i| i + open) else {
            break;
        };
        out.push_str(&bib_text(&rest[..open]));
        let maths = &rest[open + 2..close];
        let mut depth = 0i32;
        let balanced = maths.chars().all(|c| {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            depth >= 0
        }) && depth == 0;
        if balanced && !maths.contains('$') {
            out.push('$');
            out.push_str(maths);
            out.push('$');
        } else {
            out.push_str(&bib_text(&rest[open..close + 2]));
        }
        rest = &rest[close + 2..];
    }
    out.push_str(&bib_text(rest));
    out
}
