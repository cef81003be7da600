//! ACM's rights management (eRights): the CSV that registers each paper for
//! its rights form — paper type, title, authors as "First Last:Affiliation"
//! joined by ";", the authors' e-mail addresses (the form goes to them).

use std::fmt::Write as _;

use super::volume::{Built, csv};
use super::{File, at_contribution, common_checks};
use crate::diag::{Diagnostic, Result};
use crate::model::Project;

/// ACM's checks: the rights form goes to the authors, so they need their
/// e-mail addresses (a paper with none is an error).
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut found = common_checks(project, "ACM eRights");
    for c in &project.programme.contributions {
        if c.authors.iter().all(|a| a.email.is_none()) {
            found.push(at_contribution(
                project,
                &c.id,
                Diagnostic::error(format!(
                    "ACM eRights sends the rights form by e-mail; no author of contribution `{}` has an address",
                    c.id
                ))
                .hint("add `email = \"…\"` to the corresponding author"),
            ));
        }
    }
    found
}

/// `erights.csv`.
pub fn files(
    project: &Project,
    volume: &Built,
    _warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<File>> {
    let programme = &project.programme;
    let by_id = programme.contributions_by_id();
    let affiliation = |id: &str| {
        (programme.affiliations.iter())
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    let mut out = String::from("Paper Type,Title,Authors,Author Emails,Pages\n");
    for entry in &volume.entries {
        let Some(c) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        let kind = match (c.kind, c.track.as_deref().map(str::to_lowercase)) {
            (crate::config::Kind::Poster, _) => "Poster",
            (crate::config::Kind::Keynote, _) => "Keynote",
            (_, Some(t)) if t.contains("short") => "Short Paper",
            (_, Some(t)) if t.contains("demo") => "Demo",
            _ => "Full Paper",
        };
        let authors: Vec<String> = (c.authors.iter())
            .map(|a| {
                let place: Vec<String> = a.affiliations.iter().map(|id| affiliation(id)).collect();
                format!("{}:{}", a.name, place.join(", "))
            })
            .collect();
        let emails: Vec<&str> = c
            .authors
            .iter()
            .filter_map(|a| a.email.as_deref())
            .collect();
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            csv(kind),
            csv(&c.title),
            csv(&authors.join(";")),
            csv(&emails.join(";")),
            csv(&entry.pages("-"))
        );
    }
    Ok(vec![("erights.csv".to_owned(), out.into_bytes())])
}
