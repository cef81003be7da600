//! What a part's `part.json` tells the proceedings template: which matter
//! to lay out, which stretch of the running order, from which printed page,
//! and where the contributions the front and back matter link to lie. The
//! template reads the same file, with the whole volume in it, when the
//! volume is compiled in one go.

use std::collections::BTreeMap;

use serde::Serialize;

use super::links::{DEFERRED, HEIGHTS};
use crate::typeset::PageEntry;

/// What `part.json` tells the proceedings template.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct PartSpec {
    /// Lay out the front matter (title pages, preface, contents).
    pub(super) front: bool,
    /// Lay out main matter: the contributions of `items`, then, with `back`,
    /// the indices.
    pub(super) main: bool,
    /// Lay out the indices.
    pub(super) back: bool,
    /// The range of the running order to lay out; all of it when `None`.
    pub(super) items: Option<[usize; 2]>,
    /// How many contributions of the first item, a session, the parts
    /// before laid out: the part begins inside that session, without its
    /// head. `None` lays out the whole first item.
    pub(super) skip: Option<usize>,
    /// How many contributions of the last item, a session, to lay out; all
    /// when `None`.
    pub(super) take: Option<usize>,
    /// The running title in force where the part begins (its session's, when
    /// it begins inside one).
    pub(super) running: Option<String>,
    /// The printed number of the first main-matter page.
    pub(super) first_page: usize,
    /// Where every contribution starts and ends, counted in pages from the
    /// first page after the front matter; `None` to query the document.
    pub(super) targets: Option<Targets>,
    /// How many pages come before the main matter: the front matter's
    /// length, or, in the front matter itself, [`DEFERRED`].
    pub(super) body_offset: Option<usize>,
}

impl PartSpec {
    /// The whole volume in one compilation (served as the built-in
    /// `templates::WHOLE_VOLUME`, which a test pins to this).
    #[cfg(test)]
    pub(super) fn whole() -> Self {
        Self {
            front: true,
            main: true,
            back: true,
            items: None,
            skip: None,
            take: None,
            running: None,
            first_page: 1,
            targets: None,
            body_offset: None,
        }
    }

    /// The front matter (`front`) or the back matter (the indices), its
    /// first page printed `first_page`. Their links to contributions lead
    /// past the front matter, by a length known only once it is laid out:
    /// they aim past [`DEFERRED`] and are corrected afterwards.
    pub(super) fn matter(front: bool, first_page: usize, targets: Targets) -> Self {
        Self {
            front,
            main: !front,
            back: !front,
            items: (!front).then_some([0, 0]),
            skip: None,
            take: None,
            running: None,
            first_page,
            targets: Some(targets),
            body_offset: Some(DEFERRED),
        }
    }

    /// As JSON, for the template.
    pub(super) fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a part description serialises")
    }
}

/// Where every contribution of the volume starts and ends, by id, for the
/// links of the front and back matter.
///
/// A start's height on its page is given to the template as a stand-in,
/// [`HEIGHTS`] and the start's number, and put in the links after layout
/// (see [`super::links::resolve_deferred`]): an edit that moves a start up or
/// down its page changes no layout of the front and back matter, which a
/// rebuild then takes from the last build instead of laying out a
/// thousand-entry contents and index again.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct Targets {
    starts: BTreeMap<String, Target>,
    ends: BTreeMap<String, Target>,
    /// The starts' points (x, always 0, and y), by the number their
    /// stand-in carries.
    #[serde(skip)]
    pub(super) heights: Vec<(f64, f64)>,
}

/// One end of a contribution: the page (counted from the first page after
/// the front matter), the height on it (for a start, its stand-in: see
/// [`Targets`]) and the page's printed label.
#[derive(Debug, Clone, Serialize)]
struct Target {
    page: usize,
    y: f64,
    label: String,
}

impl Targets {
    /// The targets of the contributions in the page table `rows` (pages
    /// counted from the first page after the front matter).
    pub(super) fn from_rows(rows: &[PageEntry]) -> Self {
        let mut targets = Targets::default();
        for row in rows {
            let target = |page, y, label: &str| Target {
                page,
                y,
                label: label.to_owned(),
            };
            let stand_in = HEIGHTS + targets.heights.len() as f64;
            targets.heights.push((0.0, row.y));
            targets.starts.insert(
                row.id.clone(),
                target(row.first, stand_in, &row.first_label),
            );
            targets
                .ends
                .insert(row.id.clone(), target(row.last, 0.0, &row.last_label));
        }
        targets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_part_json_is_the_whole_volume() {
        assert_eq!(
            String::from_utf8(PartSpec::whole().to_json()).unwrap(),
            crate::typeset::templates::WHOLE_VOLUME
        );
    }

    #[test]
    fn whole_volume_description_names_every_field_the_template_reads() {
        let json: serde_json::Value = serde_json::from_slice(&PartSpec::whole().to_json()).unwrap();
        for key in [
            "front",
            "main",
            "back",
            "items",
            "skip",
            "take",
            "running",
            "first-page",
            "targets",
            "body-offset",
        ] {
            assert!(json.get(key).is_some(), "{key} missing from {json}");
        }
        assert_eq!(json["items"], serde_json::Value::Null);
    }
}
