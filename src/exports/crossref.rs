//! `crossref.xml`: a Crossref deposit (schema 5.3.1) of the volume — the
//! event, the proceedings with publisher, date and ISBN, and one
//! `conference_paper` per contribution that has a DOI, with its
//! contributors (given name, surname, affiliations, ORCID), title, abstract
//! as JATS, pages in the volume, DOI and address.

use std::fmt::Write;
use std::fs;

use chrono::{Datelike, NaiveDate};

use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Error, Location};
use crate::escape::xml as escape;
use crate::model::{AbstractFormat, Author, Contribution, Project};
use crate::text::chars;
use crate::text::people;
use crate::typeset::PageEntry;
use crate::typeset::markup;

/// The deposit of `project`, whose proceedings were laid out as `table`
/// says; or the keys to add when the configuration lacks what Crossref
/// requires.
pub fn deposit(project: &Project, table: &[PageEntry]) -> Result<String, Error> {
    let programme = &project.programme;
    let proceedings = &programme.proceedings;
    let mut missing = Vec::new();
    if proceedings.publisher.is_none() {
        missing.push(("publisher", "the publisher's name, also the registrant"));
    }
    if proceedings.depositor.is_none() {
        missing.push(("depositor", "who deposits the DOIs, with `depositor-email`"));
    }
    if proceedings.url_pattern.is_none() {
        missing.push((
            "url-pattern",
            "where each contribution is online, such as \"https://example.org/papers/{id}\": every DOI must resolve to a page",
        ));
    }
    let with_doi = programme
        .contributions
        .iter()
        .filter(|c| c.doi.is_some())
        .count();
    if with_doi == 0 {
        missing.push((
            "doi-prefix",
            "the prefix Crossref gave you (such as 10.5555), from which every contribution gets its DOI; or a `doi` on each contribution",
        ));
    }
    if !missing.is_empty() {
        let at = proceedings_table(project);
        return Err(Error(
            missing
                .into_iter()
                .map(|(key, what)| {
                    let mut diagnostic = Diagnostic::error(format!(
                        "the Crossref deposit needs `{key}` in [proceedings]"
                    ))
                    .hint(format!("`{key}`: {what}"));
                    if let Some(at) = &at {
                        diagnostic = diagnostic.at(at.clone());
                    }
                    diagnostic
                })
                .collect(),
        ));
    }
    let (publisher, (depositor, email), url) = (
        proceedings.publisher.as_deref().unwrap_or_default(),
        proceedings.depositor.clone().unwrap_or_default(),
        proceedings.url_pattern.as_deref().unwrap_or_default(),
    );
    let conference = &programme.conference;
    let date = conference.document_date;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        w,
        concat!(
            r#"<doi_batch xmlns="http://www.crossref.org/schema/5.3.1" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xmlns:jats="http://www.ncbi.nlm.nih.gov/JATS1" version="5.3.1" "#,
            r#"xsi:schemaLocation="http://www.crossref.org/schema/5.3.1 https://www.crossref.org/schemas/crossref5.3.1.xsd">"#
        )
    );
    let _ = writeln!(w, "  <head>");
    let _ = writeln!(
        w,
        "    <doi_batch_id>{}</doi_batch_id>",
        escape(&format!(
            "confpress-{}-{}",
            chars::slug(&conference.short_title),
            date.format("%Y%m%d")
        ))
    );
    let _ = writeln!(
        w,
        "    <timestamp>{}000000</timestamp>",
        date.format("%Y%m%d")
    );
    let _ = writeln!(w, "    <depositor>");
    let _ = writeln!(
        w,
        "      <depositor_name>{}</depositor_name>",
        escape(&depositor)
    );
    let _ = writeln!(w, "      <email_address>{}</email_address>", escape(&email));
    let _ = writeln!(w, "    </depositor>");
    let _ = writeln!(w, "    <registrant>{}</registrant>", escape(publisher));
    let _ = writeln!(w, "  </head>");
    let _ = writeln!(w, "  <body>");
    let _ = writeln!(w, "    <conference>");
    let editors: Vec<(String, String)> = conference
        .editors
        .iter()
        .map(|name| people::split_name(name))
        .collect();
    if !editors.is_empty() {
        let _ = writeln!(w, "      <contributors>");
        for (i, (given, family)) in editors.iter().enumerate() {
            person(w, i, "editor", given, family, &[], None, "        ");
        }
        let _ = writeln!(w, "      </contributors>");
    }
    let _ = writeln!(w, "      <event_metadata>");
    let _ = writeln!(
        w,
        "        <conference_name>{}</conference_name>",
        escape(&conference.title)
    );
    if conference.short_title != conference.title {
        let _ = writeln!(
            w,
            "        <conference_acronym>{}</conference_acronym>",
            escape(&conference.short_title)
        );
    }
    if let Some(venue) = &conference.venue {
        let _ = writeln!(
            w,
            "        <conference_location>{}</conference_location>",
            escape(venue)
        );
    }
    let _ = writeln!(
        w,
        r#"        <conference_date start_day="{:02}" start_month="{:02}" start_year="{}" end_day="{:02}" end_month="{:02}" end_year="{}"/>"#,
        conference.start.day(),
        conference.start.month(),
        conference.start.year(),
        conference.end.day(),
        conference.end.month(),
        conference.end.year()
    );
    let _ = writeln!(w, "      </event_metadata>");
    let language = conference.lang.split('-').next().unwrap_or("en");
    let _ = writeln!(
        w,
        r#"      <proceedings_metadata language="{}">"#,
        escape(language)
    );
    let _ = writeln!(
        w,
        "        <proceedings_title>Proceedings of {}</proceedings_title>",
        escape(&conference.title)
    );
    let _ = writeln!(w, "        <publisher>");
    let _ = writeln!(
        w,
        "          <publisher_name>{}</publisher_name>",
        escape(publisher)
    );
    let _ = writeln!(w, "        </publisher>");
    publication_date(w, date, "        ");
    match &proceedings.isbn {
        Some(isbn) => {
            let _ = writeln!(w, "        <isbn>{}</isbn>", escape(isbn));
        }
        None => {
            let _ = writeln!(w, r#"        <noisbn reason="simple_series"/>"#);
        }
    }
    if let Some(doi) = &proceedings.doi {
        let _ = writeln!(w, "        <doi_data>");
        let _ = writeln!(w, "          <doi>{}</doi>", escape(doi));
        let _ = writeln!(
            w,
            "          <resource>{}</resource>",
            escape(url.replace("{id}", "").trim_end_matches('/'))
        );
        let _ = writeln!(w, "        </doi_data>");
    }
    let _ = writeln!(w, "      </proceedings_metadata>");
    let by_id = programme.contributions_by_id();
    for entry in table {
        let Some(&c) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        let Some(doi) = &c.doi else {
            continue;
        };
        paper(w, project, c, entry, doi, &url.replace("{id}", &c.id), date);
    }
    let _ = writeln!(w, "    </conference>");
    let _ = writeln!(w, "  </body>");
    let _ = writeln!(w, "</doi_batch>");
    Ok(out)
}

/// One `conference_paper`.
fn paper(
    w: &mut String,
    project: &Project,
    c: &Contribution,
    entry: &PageEntry,
    doi: &str,
    url: &str,
    date: NaiveDate,
) {
    let programme = &project.programme;
    let kind = if c.paper.is_some() {
        "full_text"
    } else {
        "abstract_only"
    };
    let _ = writeln!(w, r#"      <conference_paper publication_type="{kind}">"#);
    if !c.authors.is_empty() || c.collaboration.is_some() {
        let _ = writeln!(w, "        <contributors>");
        let mut sequence = 0;
        if let Some(collaboration) = &c.collaboration {
            organization(w, sequence, collaboration, "          ");
            sequence += 1;
        }
        for author in &c.authors {
            let affiliations: Vec<&str> = author
                .affiliations
                .iter()
                .filter_map(|id| programme.affiliations.iter().find(|a| &a.id == id))
                .map(|a| a.name.as_str())
                .collect();
            let (given, family) = parts(author);
            if valid_name(&family) && (given.is_empty() || valid_name(&given)) {
                person(
                    w,
                    sequence,
                    "author",
                    &given,
                    &family,
                    &affiliations,
                    author.orcid.as_deref(),
                    "          ",
                );
            } else {
                // Crossref's names take no digits and at most 60 characters:
                // a handle or a long name goes as an organisation's.
                organization(w, sequence, &author.name, "          ");
            }
            sequence += 1;
        }
        let _ = writeln!(w, "        </contributors>");
    }
    let _ = writeln!(w, "        <titles>");
    let _ = writeln!(w, "          <title>{}</title>", escape(&c.title));
    if let Some(subtitle) = &c.subtitle {
        let _ = writeln!(w, "          <subtitle>{}</subtitle>", escape(subtitle));
    }
    let _ = writeln!(w, "        </titles>");
    let paragraphs = abstract_paragraphs(project, c);
    if !paragraphs.is_empty() {
        let _ = writeln!(w, "        <jats:abstract>");
        for paragraph in paragraphs {
            let _ = writeln!(w, "          <jats:p>{}</jats:p>", escape(&paragraph));
        }
        let _ = writeln!(w, "        </jats:abstract>");
    }
    publication_date(w, date, "        ");
    let _ = writeln!(w, "        <pages>");
    let _ = writeln!(
        w,
        "          <first_page>{}</first_page>",
        escape(&entry.first_label)
    );
    if entry.last_label != entry.first_label {
        let _ = writeln!(
            w,
            "          <last_page>{}</last_page>",
            escape(&entry.last_label)
        );
    }
    let _ = writeln!(w, "        </pages>");
    let _ = writeln!(w, "        <doi_data>");
    let _ = writeln!(w, "          <doi>{}</doi>", escape(doi));
    let _ = writeln!(w, "          <resource>{}</resource>", escape(url));
    let _ = writeln!(w, "        </doi_data>");
    let _ = writeln!(w, "      </conference_paper>");
}

/// An author's given name and surname, as Crossref separates them.
fn parts(author: &Author) -> (String, String) {
    match (&author.given, &author.family) {
        (given, Some(family)) => (given.clone().unwrap_or_default(), family.clone()),
        _ => {
            let family = people::family_name(author);
            let given = author
                .name
                .replacen(&family, "", 1)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            (given, family)
        }
    }
}

/// Whether Crossref takes a name part: 1 to 60 characters, no digit, no `?`.
fn valid_name(name: &str) -> bool {
    let count = name.chars().count();
    (1..=60).contains(&count) && !name.chars().any(|c| c.is_ascii_digit() || c == '?')
}

#[allow(clippy::too_many_arguments)]
fn person(
    w: &mut String,
    sequence: usize,
    role: &str,
    given: &str,
    family: &str,
    affiliations: &[&str],
    orcid: Option<&str>,
    indent: &str,
) {
    let order = if sequence == 0 { "first" } else { "additional" };
    let _ = writeln!(
        w,
        r#"{indent}<person_name sequence="{order}" contributor_role="{role}">"#
    );
    if !given.is_empty() {
        let _ = writeln!(w, "{indent}  <given_name>{}</given_name>", escape(given));
    }
    let _ = writeln!(w, "{indent}  <surname>{}</surname>", escape(family));
    if !affiliations.is_empty() {
        let _ = writeln!(w, "{indent}  <affiliations>");
        for name in affiliations {
            let _ = writeln!(
                w,
                "{indent}    <institution><institution_name>{}</institution_name></institution>",
                escape(name)
            );
        }
        let _ = writeln!(w, "{indent}  </affiliations>");
    }
    if let Some(orcid) = orcid {
        let _ = writeln!(
            w,
            "{indent}  <ORCID>https://orcid.org/{}</ORCID>",
            escape(orcid)
        );
    }
    let _ = writeln!(w, "{indent}</person_name>");
}

fn organization(w: &mut String, sequence: usize, name: &str, indent: &str) {
    let order = if sequence == 0 { "first" } else { "additional" };
    let _ = writeln!(
        w,
        r#"{indent}<organization sequence="{order}" contributor_role="author">{}</organization>"#,
        escape(name)
    );
}

fn publication_date(w: &mut String, date: NaiveDate, indent: &str) {
    let _ = writeln!(w, r#"{indent}<publication_date media_type="online">"#);
    let _ = writeln!(w, "{indent}  <month>{:02}</month>", date.month());
    let _ = writeln!(w, "{indent}  <day>{:02}</day>", date.day());
    let _ = writeln!(w, "{indent}  <year>{}</year>", date.year());
    let _ = writeln!(w, "{indent}</publication_date>");
}

/// The paragraphs of a Markdown or text abstract as plain text; a Typst
/// abstract is left out (its markup is not text).
fn abstract_paragraphs(project: &Project, c: &Contribution) -> Vec<String> {
    let Some(source) = project.sources.abstracts.get(&c.id) else {
        return Vec::new();
    };
    let Ok(text) = fs::read_to_string(project.root.join(&source.path)) else {
        return Vec::new();
    };
    match source.format {
        AbstractFormat::Markdown => markup::plain_paragraphs(&text),
        AbstractFormat::Text => text
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect(),
        AbstractFormat::Typst => Vec::new(),
    }
}

/// Where `[proceedings]` is in `conference.toml`, for errors about its keys.
fn proceedings_table(project: &Project) -> Option<Location> {
    let path = project.dir.join(CONFIG_FILE);
    let text = fs::read_to_string(&path).ok()?;
    let start = text.find("[proceedings]").unwrap_or(0);
    let end = if text[start..].starts_with("[proceedings]") {
        start + "[proceedings]".len()
    } else {
        start
    };
    Some(Location::new(
        crate::diag::display_path(&path),
        text.into(),
        start..end,
    ))
}
