//! Affiliations that look like one institution written two ways ("Univ.
//! of Gothenburg", "University of Gothenburg", "Gothenburg University"):
//! reported, never merged — whether they are one is the chair's call.

use std::collections::BTreeMap;

use super::Volume;
use crate::diag::Diagnostic;

/// An affiliation's words as compared: lower case, abbreviations written
/// out, little words and punctuation gone, in sorted order.
fn signature(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .map(|w| match w.as_str() {
            "univ" | "uni" | "universität" | "université" | "universidad" | "università" => {
                "university".to_owned()
            }
            "dept" | "dep" => "department".to_owned(),
            "inst" => "institute".to_owned(),
            "tech" => "technology".to_owned(),
            "natl" => "national".to_owned(),
            _ => w,
        })
        .filter(|w| {
            !matches!(
                w.as_str(),
                "of" | "the" | "and" | "at" | "for" | "de" | "di" | "du"
            )
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// One warning per group of affiliations with the same words.
pub fn near_duplicates(volume: &Volume) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<Vec<String>, Vec<&str>> = BTreeMap::new();
    for author in volume.papers.iter().flat_map(|p| &p.authors) {
        let Some(name) = author.affiliation.as_deref() else {
            continue;
        };
        let group = groups.entry(signature(name)).or_default();
        if !group.contains(&name) {
            group.push(name);
        }
    }
    groups
        .into_values()
        .filter(|names| names.len() > 1)
        .map(|names| {
            let listed: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
            Diagnostic::warning(format!(
                "{} look like one institution; they are kept apart",
                listed.join(" and ")
            ))
            .hint("if they are one, give their authors one `[[affiliation]]` in conference.toml")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_institution_written_two_ways_is_seen() {
        assert_eq!(
            signature("Univ. of Gothenburg"),
            signature("Gothenburg University")
        );
        assert_eq!(
            signature("The University of Texas at Austin"),
            signature("University of Texas, Austin")
        );
        assert_ne!(
            signature("Microsoft Research India"),
            signature("Microsoft Research")
        );
    }
}
