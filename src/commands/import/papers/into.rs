//! `--into DIR`: accepted papers joined to the contributions of an existing
//! project (a schedule imported from pretalx or Indico, or written by hand),
//! matched by id, else by title: each matched contribution gets the paper's
//! authors in order (with their affiliations), keywords and camera-ready
//! PDF; its title and time stay the programme's. Papers that match nothing
//! are named, never added.

use std::collections::HashMap;
use std::path::PathBuf;

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, value};

use super::{Paper, Volume};
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Result, count, display_path};

/// A title as matched: letters and digits only, lower case.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The project's configuration with the papers joined in, how many joined,
/// and the warnings: papers matching no contribution, titles that differ.
pub fn join(
    volume: &Volume,
    pdfs: &HashMap<&str, PathBuf>,
    dir: &std::path::Path,
) -> Result<(String, usize, Vec<Diagnostic>)> {
    let path = dir.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        Diagnostic::error(format!(
            "`{}` holds no {CONFIG_FILE} to join the papers into",
            display_path(dir)
        ))
        .hint("`--into` adds papers to an existing project; `--out` makes a new one")
    })?;
    let mut doc: DocumentMut = text.parse().map_err(|err| {
        Diagnostic::error(format!(
            "`{}` is not valid TOML: {err}",
            display_path(&path)
        ))
    })?;
    let mut warnings = Vec::new();
    // Affiliations already declared, by name.
    let mut affiliations: HashMap<String, String> = HashMap::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    if let Some(list) = doc.get("affiliation").and_then(Item::as_array_of_tables) {
        for table in list.iter() {
            let id = table
                .get("id")
                .and_then(Item::as_str)
                .unwrap_or_default()
                .to_owned();
            if let Some(name) = table.get("name").and_then(Item::as_str) {
                affiliations.insert(name.to_owned(), id.clone());
            }
            taken.insert(id);
        }
    }
    let contributions: Vec<(String, String)> = doc
        .get("contribution")
        .and_then(Item::as_array_of_tables)
        .map(|list| {
            list.iter()
                .map(|t| {
                    let get = |k| {
                        t.get(k)
                            .and_then(Item::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    };
                    (get("id"), get("title"))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut unmatched = Vec::new();
    let mut new_affiliations: Vec<(String, String)> = Vec::new();
    let mut updates: Vec<(usize, &Paper)> = Vec::new();
    for paper in &volume.papers {
        let found = (contributions.iter())
            .position(|(id, _)| *id == paper.id)
            .or_else(|| {
                let title = squashed(&paper.title);
                (contributions.iter()).position(|(_, t)| squashed(t) == title)
            });
        match found {
            Some(index) => {
                let (id, title) = &contributions[index];
                if squashed(title) != squashed(&paper.title) {
                    warnings.push(Diagnostic::warning(format!(
                        "paper `{}` “{}” joins contribution `{id}`, titled “{title}” in the programme; the programme's title stays",
                        paper.id, paper.title
                    )));
                }
                updates.push((index, paper));
            }
            None => unmatched.push(format!("`{}` “{}”", paper.id, paper.title)),
        }
    }
    for (_, paper) in &updates {
        for author in &paper.authors {
            let Some(name) = &author.affiliation else {
                continue;
            };
            if affiliations.contains_key(name) {
                continue;
            }
            let id = super::super::affiliations::unique_id(name, &mut taken);
            affiliations.insert(name.clone(), id.clone());
            new_affiliations.push((id, name.clone()));
        }
    }
    if let Some(list) = doc
        .get_mut("contribution")
        .and_then(Item::as_array_of_tables_mut)
    {
        for (index, paper) in &updates {
            let Some(table) = list.get_mut(*index) else {
                continue;
            };
            let mut authors = Array::new();
            for author in &paper.authors {
                let mut entry = InlineTable::new();
                if author.family.is_empty() {
                    entry.insert("name", author.full_name().into());
                } else {
                    if !author.given.is_empty() {
                        entry.insert("given", author.given.as_str().into());
                    }
                    entry.insert("family", author.family.as_str().into());
                }
                if let Some(id) = author
                    .affiliation
                    .as_ref()
                    .and_then(|a| affiliations.get(a))
                {
                    entry.insert("affiliations", Array::from_iter([id.as_str()]).into());
                }
                if let Some(orcid) = &author.orcid {
                    entry.insert("orcid", orcid.as_str().into());
                }
                authors.push(entry);
            }
            if !authors.is_empty() {
                table["authors"] = value(authors);
            }
            if !paper.keywords.is_empty() && !table.contains_key("keywords") {
                table["keywords"] =
                    value(Array::from_iter(paper.keywords.iter().map(String::as_str)));
            }
            if let Some(pdf) = pdfs.get(paper.id.as_str()) {
                table["paper"] = value(pdf.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    if !new_affiliations.is_empty() {
        if doc.get("affiliation").is_none() {
            doc.insert("affiliation", Item::ArrayOfTables(Default::default()));
        }
        if let Some(list) = doc
            .get_mut("affiliation")
            .and_then(Item::as_array_of_tables_mut)
        {
            for (id, name) in new_affiliations {
                let mut table = Table::new();
                table["id"] = value(id);
                table["name"] = value(name);
                list.push(table);
            }
        }
    }
    // Committees replace those of the same role.
    if !volume.committees.is_empty() {
        if doc.get("committee").is_none() {
            doc.insert("committee", Item::ArrayOfTables(Default::default()));
        }
        if let Some(list) = doc
            .get_mut("committee")
            .and_then(Item::as_array_of_tables_mut)
        {
            for (role, members) in &volume.committees {
                list.retain(|t| {
                    t.get("role")
                        .and_then(Item::as_str)
                        .is_none_or(|r| !r.eq_ignore_ascii_case(role))
                });
                let mut table = Table::new();
                table["role"] = value(role.as_str());
                table["members"] = value(Array::from_iter(members.iter().map(String::as_str)));
                list.push(table);
            }
        }
    }
    if !unmatched.is_empty() {
        let shown: Vec<String> = unmatched.iter().take(10).cloned().collect();
        let more = if unmatched.len() > 10 {
            format!(" and {} more", unmatched.len() - 10)
        } else {
            String::new()
        };
        warnings.push(
            Diagnostic::warning(format!(
                "{} {} no contribution of `{}` by id or title and {} not added: {}{more}",
                count(unmatched.len(), "paper"),
                if unmatched.len() == 1 { "matches" } else { "match" },
                display_path(dir),
                if unmatched.len() == 1 { "is" } else { "are" },
                shown.join(", ")
            ))
            .hint("give the contribution the paper's id, or import the papers into a project of their own with `--out`"),
        );
    }
    Ok((doc.to_string(), updates.len(), warnings))
}
