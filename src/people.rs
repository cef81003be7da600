//! People: splitting names and ordering the author index.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::config::IndexParticles;
use crate::model::{Contribution, Person};

/// Lower-case name particles that belong to the family name ("van", "de la").
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "la", "le",
    "ten", "ter", "van", "von", "zu",
];

/// Splits a name into (given names, family name). The family name is the last
/// word together with any lower-case particles before it.
pub fn split_name(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return (String::new(), name.trim().to_owned());
    }
    let mut first_family = words.len() - 1;
    while first_family > 1 && PARTICLES.contains(&words[first_family - 1]) {
        first_family -= 1;
    }
    (
        words[..first_family].join(" "),
        words[first_family..].join(" "),
    )
}

/// A key that orders names as a reader of an index expects: accents and case
/// do not matter ("Hückelheim" sorts with "Huckelheim", under H); particles
/// are skipped ("de Bastion" under B) unless the project keeps them.
pub fn sort_key(text: &str, particles: IndexParticles) -> String {
    let mut key = String::with_capacity(text.len());
    let significant = text
        .split_whitespace()
        .skip_while(|w| particles == IndexParticles::Ignore && PARTICLES.contains(w))
        .collect::<Vec<_>>()
        .join(" ");
    for c in significant.nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ß' => key.push_str("ss"),
            'æ' | 'Æ' => key.push_str("ae"),
            'œ' | 'Œ' => key.push_str("oe"),
            'ø' | 'Ø' => key.push('o'),
            'ł' | 'Ł' => key.push('l'),
            'đ' | 'Đ' => key.push('d'),
            'þ' | 'Þ' => key.push_str("th"),
            c => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// Builds the author index: every distinct name, with the contributions it
/// appears in (in programme order), sorted by family name, then given names.
pub fn index(contributions: &[Contribution], particles: IndexParticles) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for contribution in contributions {
        for author in &contribution.authors {
            let i = *position.entry(author.name.as_str()).or_insert_with(|| {
                let (given, family) = split_name(&author.name);
                let index_name = if given.is_empty() {
                    family.clone()
                } else {
                    format!("{family}, {given}")
                };
                let letter = sort_key(&family, particles)
                    .chars()
                    .next()
                    .map(|c| c.to_uppercase().collect())
                    .unwrap_or_default();
                people.push(Person {
                    name: author.name.clone(),
                    index_name,
                    letter,
                    contributions: Vec::new(),
                });
                people.len() - 1
            });
            let ids = &mut people[i].contributions;
            if ids.last() != Some(&contribution.id) {
                ids.push(contribution.id.clone());
            }
        }
    }
    people.sort_by_cached_key(|p| {
        let (given, family) = split_name(&p.name);
        (
            sort_key(&family, particles),
            sort_key(&given, particles),
            p.name.clone(),
        )
    });
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_keep_their_particles() {
        assert_eq!(
            split_name("Nikolaus A. Adams"),
            ("Nikolaus A.".into(), "Adams".into())
        );
        assert_eq!(
            split_name("Ludwig van Beethoven"),
            ("Ludwig".into(), "van Beethoven".into())
        );
        assert_eq!(split_name("Plato"), ("".into(), "Plato".into()));
    }

    #[test]
    fn sort_keys_ignore_accents_case_and_particles() {
        let ignore = IndexParticles::Ignore;
        assert_eq!(sort_key("Hückelheim", ignore), "huckelheim");
        assert_eq!(sort_key("de Bastion", ignore), "bastion");
        assert_eq!(sort_key("de Bastion", IndexParticles::Keep), "de bastion");
        assert!(sort_key("Ørsted", ignore) < sort_key("Peng", ignore));
    }
}
