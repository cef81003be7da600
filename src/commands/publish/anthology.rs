//! The ACL Anthology's ingestion: the volume XML (`<collection id=…>
//! <volume id=…><meta>…</meta><frontmatter>…</frontmatter><paper id=…>`, as
//! the Anthology's RELAX NG schema has it), the PDFs named by the
//! Anthology's ids (`2020.sigdial-1.pdf` the volume, `….0.pdf` the front
//! matter, `….N.pdf` paper N), each with the CRC-32 the XML's `hash` gives,
//! and the volume's BibTeX.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::Datelike;

use super::volume::{Built, abstract_text, ascii_key, given_family};
use super::{File, at_contribution, common_checks};
use crate::diag::{Diagnostic, Result};
use crate::escape::xml;
use crate::model::{Contribution, Project};

/// The volume's Anthology id, "2020.sigdial-1": year, venue (the short
/// title's letters, lower case), volume 1.
fn volume_id(project: &Project) -> Option<(String, String)> {
    let conference = &project.programme.conference;
    let venue = ascii_key(
        &conference
            .short_title
            .replace(conference.start.year().to_string().as_str(), ""),
    );
    (!venue.is_empty()).then(|| {
        (
            format!("{}.{venue}", conference.start.year()),
            "1".to_owned(),
        )
    })
}

/// The Anthology's checks: a venue id from the short title, editors,
/// family names; a missing ORCID iD or camera-ready PDF is a warning.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut found = common_checks(project, "the ACL Anthology");
    if volume_id(project).is_none() {
        found.push(
            Diagnostic::error("the ACL Anthology needs a venue id, made from `short-title`").hint(
                "set `short-title = \"SIGDIAL 2020\"` (or the venue's acronym) under [conference]",
            ),
        );
    }
    let programme = &project.programme;
    let without: Vec<&str> = (programme.contributions.iter())
        .filter(|c| c.authors.iter().any(|a| a.orcid.is_none()))
        .map(|c| c.id.as_str())
        .collect();
    if !without.is_empty() {
        let count = (programme.contributions.iter())
            .flat_map(|c| &c.authors)
            .filter(|a| a.orcid.is_none())
            .count();
        found.push(
            Diagnostic::warning(format!(
                "the ACL Anthology asks for ORCID iDs; {count} authors in {} contributions have none (first: `{}`)",
                without.len(),
                without[0]
            ))
            .hint("add `orcid = \"0000-…\"` to the authors; the Anthology's schema here has no place for them yet, so they are checked, not written"),
        );
    }
    let no_paper: Vec<&str> = (programme.contributions.iter())
        .filter(|c| c.paper.is_none())
        .map(|c| c.id.as_str())
        .collect();
    if let Some(first) = no_paper.first() {
        found.push(at_contribution(
            project,
            first,
            Diagnostic::warning(format!(
                "{} of {} contributions have no camera-ready paper (first: `{first}`); the Anthology gets their abstract pages",
                no_paper.len(),
                programme.contributions.len()
            ))
            .hint("add `paper = \"papers/ID.pdf\"`, or import the papers with `--papers`"),
        ));
    }
    found
}

/// The Anthology's bibkey: the first author's family name (two authors:
/// both; more: "etal"), the year, the title's first word that is not a
/// little one; ASCII, lower case, made unique with a number.
fn bibkey(c: &Contribution, year: i32, taken: &mut HashSet<String>) -> String {
    let family = |i: usize| c.authors.get(i).map(|a| ascii_key(&given_family(a).1));
    let people = match c.authors.len() {
        0 => "anonymous".to_owned(),
        1 => family(0).unwrap_or_default(),
        2 => format!(
            "{}-{}",
            family(0).unwrap_or_default(),
            family(1).unwrap_or_default()
        ),
        _ => format!("{}-etal", family(0).unwrap_or_default()),
    };
    let little = [
        "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "is", "are", "do",
        "does", "how", "what", "why", "towards", "toward",
    ];
    let word = (c.title.split(|ch: char| !ch.is_alphanumeric()))
        .map(ascii_key)
        .find(|w| !w.is_empty() && !little.contains(&w.as_str()))
        .unwrap_or_else(|| "paper".to_owned());
    let base = format!("{people}-{year}-{word}");
    let mut key = base.clone();
    let mut n = 1;
    while !taken.insert(key.clone()) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// Text for a MarkupText element: escaped, `\(…\)` as `<tex-math>`.
fn markup(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("\\(") {
        let Some(close) = rest[open..].find("\\)").map(|i| i + open) else {
            break;
        };
        out.push_str(&xml(&rest[..open]));
        let _ = write!(out, "<tex-math>{}</tex-math>", xml(&rest[open + 2..close]));
        rest = &rest[close + 2..];
    }
    out.push_str(&xml(rest));
    out
}

fn person(tag: &str, given: &str, family: &str) -> String {
    let first = if given.is_empty() {
        String::new()
    } else {
        format!("<first>{}</first>", xml(given))
    };
    format!("<{tag}>{first}<last>{}</last></{tag}>", xml(family))
}

/// The delivery's files.
pub fn files(
    project: &Project,
    volume: &Built,
    _warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<File>> {
    let programme = &project.programme;
    let conference = &programme.conference;
    let (collection, number) = volume_id(project).unwrap_or_default();
    let id = format!("{collection}-{number}");
    let year = conference.start.year();
    let mut files: Vec<File> = Vec::new();
    let hash = |bytes: &[u8]| format!("{:08x}", crc32fast::hash(bytes));
    let mut out = String::from("<?xml version='1.0' encoding='UTF-8'?>\n");
    let _ = writeln!(out, "<collection id=\"{}\">", xml(&collection));
    let _ = writeln!(
        out,
        "  <volume id=\"{number}\" ingest-date=\"{}\">",
        conference.document_date.format("%Y-%m-%d")
    );
    out.push_str("    <meta>\n");
    let title = if conference.title.to_lowercase().starts_with("proceedings") {
        conference.title.clone()
    } else {
        format!("Proceedings of {}", conference.title)
    };
    let _ = writeln!(out, "      <booktitle>{}</booktitle>", markup(&title));
    for editor in &conference.editors {
        let (given, family) = crate::text::people::split_name(editor);
        let _ = writeln!(out, "      {}", person("editor", &given, &family));
    }
    if let Some(publisher) = &programme.proceedings.publisher {
        let _ = writeln!(out, "      <publisher>{}</publisher>", xml(publisher));
    }
    if let Some(venue) = &conference.venue {
        let _ = writeln!(out, "      <address>{}</address>", xml(venue));
    }
    let _ = writeln!(
        out,
        "      <month>{}</month>",
        conference.start.format("%B")
    );
    let _ = writeln!(out, "      <year>{year}</year>");
    let whole = std::fs::read(&volume.pdf).unwrap_or_default();
    let _ = writeln!(out, "      <url hash=\"{}\">{id}</url>", hash(&whole));
    if let Some(isbn) = &programme.proceedings.isbn {
        let _ = writeln!(out, "      <isbn>{}</isbn>", xml(isbn));
    }
    out.push_str("    </meta>\n");
    files.push((format!("{id}.pdf"), whole));
    let front = volume.front_matter()?;
    let mut taken = HashSet::new();
    let front_key = format!(
        "{}-{year}-{}",
        ascii_key(
            &conference
                .short_title
                .replace(year.to_string().as_str(), "")
        ),
        "proceedings"
    );
    taken.insert(front_key.clone());
    let _ = writeln!(
        out,
        "    <frontmatter>\n      <url hash=\"{}\">{id}.0</url>\n      <bibkey>{front_key}</bibkey>\n    </frontmatter>",
        hash(&front)
    );
    files.push((format!("{id}.0.pdf"), front));
    let by_id = programme.contributions_by_id();
    let mut bib = String::new();
    for (n, entry) in volume.entries.iter().enumerate() {
        let Some(c) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        let n = n + 1;
        let pdf = std::fs::read(&entry.pdf).unwrap_or_default();
        let key = bibkey(c, year, &mut taken);
        let _ = writeln!(out, "    <paper id=\"{n}\">");
        let _ = writeln!(out, "      <title>{}</title>", markup(&c.title));
        for author in &c.authors {
            let (given, family) = given_family(author);
            let _ = writeln!(out, "      {}", person("author", &given, &family));
        }
        let _ = writeln!(out, "      <pages>{}</pages>", xml(&entry.pages("–")));
        if let Some(text) = abstract_text(project, c) {
            let _ = writeln!(out, "      <abstract>{}</abstract>", markup(&text));
        }
        let _ = writeln!(out, "      <url hash=\"{}\">{id}.{n}</url>", hash(&pdf));
        if let Some(doi) = &c.doi {
            let _ = writeln!(out, "      <doi>{}</doi>", xml(doi));
        }
        let _ = writeln!(out, "      <bibkey>{key}</bibkey>");
        out.push_str("    </paper>\n");
        files.push((format!("{id}.{n}.pdf"), pdf));
        let authors: Vec<String> = (c.authors.iter())
            .map(|a| {
                let (given, family) = given_family(a);
                if given.is_empty() {
                    family
                } else {
                    format!("{family}, {given}")
                }
            })
            .collect();
        let _ = write!(
            bib,
            "@inproceedings{{{key},\n    title = \"{}\",\n    author = \"{}\",\n    booktitle = \"{}\",\n    month = {},\n    year = \"{year}\",\n    publisher = \"{}\",\n    url = \"https://aclanthology.org/{id}.{n}/\",\n    pages = \"{}\",\n}}\n\n",
            bib_text(&c.title),
            bib_text(&authors.join(" and ")),
            bib_text(&title),
            conference.start.format("%b").to_string().to_lowercase(),
            bib_text(
                programme
                    .proceedings
                    .publisher
                    .as_deref()
                    .unwrap_or_default()
            ),
            entry.pages("--"),
        );
    }
    out.push_str("  </volume>\n</collection>\n");
    files.insert(0, (format!("{collection}.xml"), out.into_bytes()));
    files.push((format!("{id}.bib"), bib.into_bytes()));
    Ok(files)
}

/// A BibTeX value in quotes: braces balanced, quotes and specials escaped.
pub fn bib_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '"' => out.push_str("{\"}"),
            '\\' => out.push_str("\\textbackslash{}"),
            c => out.push(c),
        }
    }
    out
}
