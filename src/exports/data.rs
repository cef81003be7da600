//! Data written next to the PDFs: `proceedings.json` and `proceedings.bib`,
//! listing every contribution with its authors and page range.

use std::collections::HashMap;

use chrono::Datelike;
use serde::Serialize;

use crate::model::{Programme, Sources};
use crate::typeset::PageEntry;

/// One contribution in `proceedings.json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Entry<'a> {
    id: &'a str,
    doi: Option<&'a str>,
    title: &'a str,
    authors: Vec<&'a str>,
    session: Option<&'a str>,
    keywords: &'a [String],
    /// Printed page range, "12–19" or "5".
    pages: String,
    first_page: &'a str,
    last_page: &'a str,
    /// Physical pages of the volume's PDF (1-based).
    pdf_pages: [usize; 2],
    /// The split PDF, relative to the output folder, if written.
    file: Option<String>,
}

/// The volume's table of contributions as JSON.
pub fn proceedings_json(programme: &Programme, table: &[PageEntry], split: bool) -> Vec<u8> {
    let by_id = programme.contributions_by_id();
    let entries: Vec<Entry> = table
        .iter()
        .filter_map(|page| {
            let c = *by_id.get(page.id.as_str())?;
            Some(Entry {
                id: &c.id,
                doi: c.doi.as_deref(),
                title: &c.title,
                authors: c.authors.iter().map(|a| a.name.as_str()).collect(),
                session: c.session.as_deref(),
                keywords: &c.keywords,
                pages: range(page, "–"),
                first_page: &page.first_label,
                last_page: &page.last_label,
                pdf_pages: [page.first, page.last],
                file: split.then(|| split_file(&c.id)),
            })
        })
        .collect();
    let document = serde_json::json!({
        "title": programme.conference.title,
        "editors": programme.conference.editors,
        "publisher": programme.proceedings.publisher,
        "isbn": programme.proceedings.isbn,
        "doi": programme.proceedings.doi,
        "contributions": entries,
    });
    let mut out = serde_json::to_vec_pretty(&document).expect("JSON of plain data");
    out.push(b'\n');
    out
}

/// The volume's contributions as BibTeX `@inproceedings` entries.
pub fn proceedings_bib(programme: &Programme, table: &[PageEntry]) -> Vec<u8> {
    let conference = &programme.conference;
    let by_id = programme.contributions_by_id();
    let mut out = String::new();
    for page in table {
        let Some(&c) = by_id.get(page.id.as_str()) else {
            continue;
        };
        out.push_str(&format!("@inproceedings{{{},\n", c.id));
        let authors: Vec<&str> = c.authors.iter().map(|a| a.name.as_str()).collect();
        let mut field = |name: &str, value: &str| {
            out.push_str(&format!("  {name:<9} = {{{}}},\n", bib_escape(value)));
        };
        field("title", &c.title);
        if !authors.is_empty() {
            field("author", &authors.join(" and "));
        }
        field("booktitle", &format!("Proceedings of {}", conference.title));
        if !conference.editors.is_empty() {
            field("editor", &conference.editors.join(" and "));
        }
        field("year", &conference.start.year().to_string());
        field("pages", &range(page, "--"));
        if let Some(venue) = &conference.venue {
            field("address", venue);
        }
        if let Some(publisher) = &programme.proceedings.publisher {
            field("publisher", publisher);
        }
        if let Some(isbn) = &programme.proceedings.isbn {
            field("isbn", isbn);
        }
        if let Some(doi) = &c.doi {
            field("doi", doi);
        }
        out.push_str("}\n\n");
    }
    out.into_bytes()
}

/// The file name of a contribution's split PDF, relative to the output folder.
pub fn split_file(id: &str) -> String {
    format!("split/{id}.pdf")
}

fn range(page: &PageEntry, dash: &str) -> String {
    if page.first_label == page.last_label {
        page.first_label.clone()
    } else {
        format!("{}{dash}{}", page.first_label, page.last_label)
    }
}

/// Keeps braces balanced and LaTeX specials literal inside a BibTeX value.
fn bib_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `programme.json`: the checked programme for web pages and scripts —
/// conference, days, sessions in running order, contributions with their
/// times, rooms, authors and affiliations, and breaks.
pub fn programme_json(
    programme: &Programme,
    sources: &Sources,
    booklet: Option<&crate::documents::EntryPages>,
) -> Vec<u8> {
    let page =
        |pages: Option<&HashMap<String, usize>>, id: &str| pages.and_then(|p| p.get(id)).copied();
    let (contribution_pages, session_pages) = (
        booklet.map(|b| &b.contributions),
        booklet.map(|b| &b.sessions),
    );
    let affiliations: HashMap<&str, &crate::model::Affiliation> = programme
        .affiliations
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let time = |t: Option<chrono::NaiveTime>| t.map(|t| t.format("%H:%M").to_string());
    let c = &programme.conference;
    let document = serde_json::json!({
        "generator": crate::version::CONFPRESS,
        // Read back by `build --changes-since`; raised when the format changes.
        "version": crate::documents::event::changes::FORMAT_VERSION,
        "conference": {
            "title": c.title,
            "short-title": c.short_title,
            "subtitle": c.subtitle,
            "start": c.start,
            "end": c.end,
            "venue": c.venue,
            "url": c.url,
            "time-zone": c.time_zone,
            "lang": c.lang,
        },
        "days": programme.days.iter().map(|d| serde_json::json!({
            "date": d.date,
            "rooms": d.rooms,
        })).collect::<Vec<_>>(),
        "sessions": programme.sessions.iter().map(|s| serde_json::json!({
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "chairs": s.chairs,
            "day": s.day,
            "start": time(s.start),
            "end": time(s.end),
            "room": s.room,
            "contributions": s.contributions,
            "booklet-page": page(session_pages, &s.id),
        })).collect::<Vec<_>>(),
        "contributions": programme.contributions.iter().map(|x| serde_json::json!({
            "id": x.id,
            "session": x.session,
            "title": x.title,
            "subtitle": x.subtitle,
            "kind": x.kind,
            "language": x.language,
            "day": x.day,
            "start": time(x.start),
            "end": time(x.end),
            "duration": x.duration,
            "room": x.room,
            "url": x.url,
            "authors": x.authors.iter().map(|a| serde_json::json!({
                "name": a.name,
                "affiliations": a.affiliations.iter()
                    .filter_map(|id| affiliations.get(id.as_str()))
                    .map(|a| serde_json::json!({"name": a.name, "place": a.place}))
                    .collect::<Vec<_>>(),
                "orcid": a.orcid,
                "presenter": a.presenter,
            })).collect::<Vec<_>>(),
            "keywords": x.keywords,
            "abstract": sources.abstracts.get(&x.id).map(|s| crate::diag::display_path(&s.path)),
            "booklet-page": page(contribution_pages, &x.id),
        })).collect::<Vec<_>>(),
        "breaks": programme.breaks.iter().map(|b| serde_json::json!({
            "title": b.title,
            "day": b.day,
            "start": time(b.start),
            "end": time(b.end),
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_vec_pretty(&document).expect("JSON of plain data");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_values_stay_literal() {
        assert_eq!(
            bib_escape("Costs & {braces} 100%"),
            "Costs \\& \\{braces\\} 100\\%"
        );
    }
}
