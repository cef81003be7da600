//! The institutions speakers and authors are affiliated with, as
//! `[[affiliation]]` entries: each once, with an id made from its name.

use std::collections::{HashMap, HashSet};

use super::slug;

/// The affiliations named, each once, with ids made from them.
pub(super) struct Affiliations<'a> {
    /// Names and ids in order of first appearance.
    pub ordered: Vec<(&'a str, String)>,
    /// Ids by name.
    pub by_name: HashMap<&'a str, String>,
}

/// The affiliation `names` (in order, repeats allowed), each once, with an
/// id made from it.
pub(super) fn affiliation_ids<'a>(names: impl Iterator<Item = &'a str>) -> Affiliations<'a> {
    let mut ordered: Vec<(&str, String)> = Vec::new();
    let mut by_name: HashMap<&str, String> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for name in names {
        if by_name.contains_key(name) {
            continue;
        }
        let id = unique_id(name, &mut taken);
        by_name.insert(name, id.clone());
        ordered.push((name, id));
    }
    Affiliations { ordered, by_name }
}

/// An id made from `name` that `taken` does not hold yet ("mit", "mit-2"),
/// now taken.
pub(super) fn unique_id(name: &str, taken: &mut HashSet<String>) -> String {
    let base = slug(name);
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}
