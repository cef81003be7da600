//! People: splitting names and ordering the author index.

use std::collections::HashMap;

use crate::config::IndexParticles;
use crate::model::{Author, Contribution, Person};
use crate::text::chars;
use crate::text::collation::Collation;

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

/// A family name as it is filed: without its particles ("de Bastion" under
/// B) unless the project keeps them.
fn filed(family: &str, particles: IndexParticles) -> String {
    family
        .split_whitespace()
        .skip_while(|w| particles == IndexParticles::Ignore && PARTICLES.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An author's name for the index: family name and given names, and how
/// the index line reads.
struct IndexName {
    family: String,
    given: String,
    line: String,
}

fn index_name(author: &Author) -> IndexName {
    let (given, family) = match (&author.given, &author.family) {
        (given, Some(family)) => (given.clone().unwrap_or_default(), family.clone()),
        (Some(given), None) => (String::new(), given.clone()),
        (None, None) if author.family_first => match author.name.split_once(' ') {
            Some((family, given)) => (given.to_owned(), family.to_owned()),
            None => (String::new(), author.name.clone()),
        },
        (None, None) => split_name(&author.name),
    };
    let line = if given.is_empty() {
        family.clone()
    } else if author.family_first && author.family.is_none() {
        // Already family name first, as written: "山田 太郎".
        author.name.clone()
    } else if author.family_first {
        // As the language writes it: "Nguyễn Thị Minh Khai", "山田太郎" — no comma.
        chars::family_first(&family, &given)
    } else {
        format!("{family}, {given}")
    };
    IndexName {
        family,
        given,
        line,
    }
}

/// The family name of an author, as the programme spells it.
pub fn family_name(author: &Author) -> String {
    index_name(author).family
}

/// Builds the author index: every distinct name, with the contributions it
/// appears in (in programme order), filed under the family name (or the
/// reading given by `sort-as`) and ordered by the conference language's
/// collation: family name, then given names, then the name as printed.
pub fn index(
    contributions: &[Contribution],
    particles: IndexParticles,
    collation: &Collation,
) -> Vec<Person> {
    struct Filed {
        person: Person,
        key: (Vec<u8>, Vec<u8>, Vec<u8>),
    }
    let mut people: Vec<Filed> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for contribution in contributions {
        for author in &contribution.authors {
            // Names are NFC since loading: one spelling, one person.
            let i = *position.entry(author.name.as_str()).or_insert_with(|| {
                let name = index_name(author);
                let filing = match &author.sort_as {
                    Some(reading) => reading.clone(),
                    None => filed(&name.family, particles),
                };
                let given = if author.sort_as.is_some() {
                    String::new()
                } else {
                    name.given.clone()
                };
                people.push(Filed {
                    key: (
                        collation.primary_key(&filing),
                        collation.primary_key(&given),
                        collation.key(&author.name),
                    ),
                    person: Person {
                        name: author.name.clone(),
                        index_name: name.line,
                        letter: collation.letter(&filing),
                        contributions: Vec::new(),
                    },
                });
                people.len() - 1
            });
            let ids = &mut people[i].person.contributions;
            if ids.last() != Some(&contribution.id) {
                ids.push(contribution.id.clone());
            }
        }
    }
    people.sort_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then_with(|| a.person.name.cmp(&b.person.name))
    });
    people.into_iter().map(|filed| filed.person).collect()
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

    fn author(name: &str, given: Option<&str>, family: Option<&str>, first: bool) -> Author {
        Author {
            name: name.into(),
            given: given.map(Into::into),
            family: family.map(Into::into),
            family_first: first,
            sort_as: None,
            affiliations: Vec::new(),
            orcid: None,
            email: None,
            presenter: false,
        }
    }

    #[test]
    fn index_lines_follow_the_name_order() {
        let line = |a: &Author| index_name(a).line;
        assert_eq!(
            line(&author("Ada Lovelace", None, None, false)),
            "Lovelace, Ada"
        );
        assert_eq!(
            line(&author(
                "Nguyễn Thị Minh Khai",
                Some("Thị Minh Khai"),
                Some("Nguyễn"),
                true
            )),
            "Nguyễn Thị Minh Khai"
        );
        assert_eq!(
            line(&author("山田太郎", Some("太郎"), Some("山田"), true)),
            "山田太郎"
        );
        assert_eq!(line(&author("山田 太郎", None, None, true)), "山田 太郎");
        assert_eq!(
            index_name(&author("山田 太郎", None, None, true)).family,
            "山田"
        );
        assert_eq!(line(&author("Plato", None, None, false)), "Plato");
    }

    #[test]
    fn particles_are_skipped_unless_kept() {
        assert_eq!(filed("de Bastion", IndexParticles::Ignore), "Bastion");
        assert_eq!(filed("de Bastion", IndexParticles::Keep), "de Bastion");
    }
}
