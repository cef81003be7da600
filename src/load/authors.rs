//! Checking the people of the programme: the `[[affiliation]]` tables, and
//! each contribution's authors (a plain name, or a table with given and
//! family names, affiliations, ORCID iD and email address).

use std::collections::HashMap;
use std::ops::Range;

use super::Checker;
use super::values::valid_orcid;
use crate::config::{AuthorEntry, AuthorTable, ProjectFile, Sp};
use crate::diag::closest;
use crate::model::{Affiliation, Author};
use crate::text::chars;

impl Checker {
    /// Checks the affiliations, in the order given; duplicates are
    /// reported and left out.
    pub(super) fn affiliations(&mut self, file: &ProjectFile) -> Vec<Affiliation> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for entry in &file.affiliations {
            let name = self.clean(entry.name.get_ref(), entry.name.span(), "the affiliation");
            if self.unique_id(&entry.id, "affiliation", &mut seen) {
                out.push(Affiliation {
                    id: entry.id.get_ref().clone(),
                    name,
                    place: entry.place.clone(),
                });
            }
        }
        out
    }

    /// Checks one author of a contribution against the declared
    /// `affiliation_ids`.
    pub(super) fn author(&mut self, author: &Sp<AuthorEntry>, affiliation_ids: &[&str]) -> Author {
        match author.get_ref() {
            AuthorEntry::Name(name) => self.named_author(name, author.span()),
            AuthorEntry::Full(table) => self.full_author(author.span(), table, affiliation_ids),
        }
    }

    /// An author given as a plain name, at `span`.
    fn named_author(&mut self, name: &str, span: Range<usize>) -> Author {
        let name = self.clean(name, span.clone(), "the name");
        if name.is_empty() {
            self.error(span, "an author's name is empty");
        }
        Author {
            family_first: chars::family_first_script(&name),
            name,
            given: None,
            family: None,
            sort_as: None,
            affiliations: Vec::new(),
            orcid: None,
            email: None,
            presenter: false,
        }
    }

    /// An author given as a table, at `span`: the printed name is `name`,
    /// or made of the given and family names in the order of the script.
    fn full_author(
        &mut self,
        span: Range<usize>,
        table: &AuthorTable,
        affiliation_ids: &[&str],
    ) -> Author {
        let mut part = |value: &Option<Sp<String>>, what: &str| {
            value
                .as_ref()
                .map(|v| self.clean(v.get_ref(), v.span(), what))
                .filter(|v| !v.is_empty())
        };
        let given = part(&table.given, "the given name");
        let family = part(&table.family, "the family name");
        let written = part(&table.name, "the name");
        let sort_as = part(&table.sort_as, "the reading");
        let family_first = table.family_first.unwrap_or_else(|| {
            chars::family_first_script(written.as_deref().or(family.as_deref()).unwrap_or(""))
        });
        let name = match (&written, &given, &family) {
            (Some(name), _, _) => name.clone(),
            (None, Some(given), Some(family)) if family_first => chars::family_first(family, given),
            (None, Some(given), Some(family)) => format!("{given} {family}"),
            (None, Some(only), None) | (None, None, Some(only)) => only.clone(),
            (None, None, None) => {
                self.error(span, "an author needs a name")
                    .hints
                    .push("give `name`, or `given` and `family`".into());
                String::new()
            }
        };
        self.check_affiliation_refs(table, affiliation_ids);
        self.check_contacts(table);
        Author {
            name,
            given,
            family,
            family_first,
            sort_as,
            affiliations: table
                .affiliations
                .iter()
                .map(|a| a.get_ref().clone())
                .collect(),
            orcid: table.orcid.as_ref().map(|o| o.get_ref().clone()),
            email: table.email.as_ref().map(|e| e.get_ref().clone()),
            presenter: table.presenter,
        }
    }

    /// Reports the author's affiliations that are not declared.
    fn check_affiliation_refs(&mut self, table: &AuthorTable, affiliation_ids: &[&str]) {
        for reference in &table.affiliations {
            if !affiliation_ids.contains(&reference.get_ref().as_str()) {
                let hint = match closest(reference.get_ref(), affiliation_ids.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "declare it with an [[affiliation]] table and this id".into(),
                };
                self.error(
                    reference.span(),
                    format!("affiliation `{}` is not declared", reference.get_ref()),
                )
                .hints
                .push(hint);
            }
        }
    }

    /// Reports an ORCID iD whose checksum fails and an email address
    /// without `@`.
    fn check_contacts(&mut self, table: &AuthorTable) {
        if let Some(orcid) = &table.orcid
            && !valid_orcid(orcid.get_ref())
        {
            self.error(
                orcid.span(),
                format!("`{}` is not a valid ORCID iD", orcid.get_ref()),
            )
            .hints
            .push(
                "an ORCID iD looks like 0000-0002-1825-0097 (the last digit is a checksum)".into(),
            );
        }
        if let Some(email) = &table.email
            && !email.get_ref().contains('@')
        {
            self.error(
                email.span(),
                format!("`{}` is not an email address", email.get_ref()),
            );
        }
    }
}
