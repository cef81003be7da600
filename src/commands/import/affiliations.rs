//! The institutions speakers are affiliated with, as `[[affiliation]]`
//! entries: each once, with an id made from its name.

use std::collections::{HashMap, HashSet};

use super::{Person, slug};

/// The affiliations the speakers name, each once, with ids made from them.
pub(super) struct Affiliations<'a> {
    /// Names and ids in order of first appearance.
    pub ordered: Vec<(&'a str, String)>,
    /// Ids by name.
    pub by_name: HashMap<&'a str, String>,
}

pub(super) fn affiliation_ids<'a>(persons: impl Iterator<Item = &'a Person>) -> Affiliations<'a> {
    let mut ordered: Vec<(&str, String)> = Vec::new();
    let mut by_name: HashMap<&str, String> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for person in persons {
        let Some(name) = person.affiliation.as_deref() else {
            continue;
        };
        if by_name.contains_key(name) {
            continue;
        }
        let base = slug(name);
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        by_name.insert(name, id.clone());
        ordered.push((name, id));
    }
    Affiliations { ordered, by_name }
}
