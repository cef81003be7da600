//! The built volume as the targets need it: each contribution's page range
//! and split PDF (read back from the build's `proceedings.json`), the
//! volume PDF, the front matter cut from it, and the authors' names and
//! abstracts in the forms publishers ask for.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Result, display_path};
use crate::model::{Author, Contribution, Project};

/// One contribution in the built volume.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its id.
    pub id: String,
    /// First page as printed.
    pub first: String,
    /// Last page as printed.
    pub last: String,
    /// First and last physical page of the volume PDF.
    pub pdf_pages: (usize, usize),
    /// Its own PDF (`--split`).
    pub pdf: PathBuf,
}

impl Entry {
    /// "1–9", or "5" for one page, with `dash`.
    pub fn pages(&self, dash: &str) -> String {
        if self.first == self.last {
            self.first.clone()
        } else {
            format!("{}{dash}{}", self.first, self.last)
        }
    }
}

/// The volume built for a delivery.
pub struct Built {
    /// The contributions in volume order.
    pub entries: Vec<Entry>,
    /// The whole volume.
    pub pdf: PathBuf,
}

impl Built {
    /// Reads what `build --split` wrote into `dir`.
    pub fn read(dir: &Path) -> Result<Self> {
        let json_path = dir.join("proceedings.json");
        let json: serde_json::Value = std::fs::read(&json_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| {
                Diagnostic::error(format!("cannot read `{}`", display_path(&json_path)))
            })?;
        let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
        let entries = (json["contributions"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter())
        .map(|c| Entry {
            id: text(c, "id"),
            first: text(c, "first-page"),
            last: text(c, "last-page"),
            pdf_pages: (
                c["pdf-pages"][0].as_u64().unwrap_or(0) as usize,
                c["pdf-pages"][1].as_u64().unwrap_or(0) as usize,
            ),
            pdf: dir.join(text(c, "file")),
        })
        .collect();
        Ok(Self {
            entries,
            pdf: dir.join("proceedings.pdf"),
        })
    }

    /// The pages before the first contribution (title, imprint, preface,
    /// committees, contents) as a PDF of their own.
    pub fn front_matter(&self) -> Result<Vec<u8>> {
        let last = self
            .entries
            .first()
            .map_or(0, |e| e.pdf_pages.0.saturating_sub(1));
        let mut document = lopdf::Document::load(&self.pdf).map_err(|err| {
            Diagnostic::error(format!("cannot read `{}`: {err}", display_path(&self.pdf)))
        })?;
        let count = document.get_pages().len() as u32;
        let after: Vec<u32> = ((last as u32 + 1)..=count).collect();
        document.delete_pages(&after);
        drop_dangling(&mut document);
        document.prune_objects();
        let mut out = Vec::new();
        document
            .save_to(&mut out)
            .map_err(|err| Diagnostic::error(format!("cannot write the front matter: {err}")))?;
        Ok(out)
    }
}

/// An author's (given names, family name): as the programme separates
/// them, else split from the name.
pub fn given_family(author: &Author) -> (String, String) {
    match (&author.given, &author.family) {
        (given, Some(family)) => (given.clone().unwrap_or_default(), family.clone()),
        _ => crate::text::people::split_name(&author.name),
    }
}

/// A contribution's abstract as plain text (Markdown marks dropped, maths
/// kept between `\(` and `\)`), if it has one.
pub fn abstract_text(project: &Project, c: &Contribution) -> Option<String> {
    let source = project.sources.abstracts.get(&c.id)?;
    let text = std::fs::read_to_string(project.root.join(&source.path)).ok()?;
    let text: String = text
        .replace("**", "")
        .replace("__", "")
        .chars()
        .filter(|ch| *ch != '*')
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// ASCII letters and digits of a name, lower case ("Pérez-Rosas" →
/// "perezrosas"), for keys and file names.
pub fn ascii_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// A contribution's camera-ready file in the project, if it has one.
pub fn paper_file(project: &Project, c: &Contribution) -> Option<PathBuf> {
    let paper = c.paper.as_ref()?;
    Some(project.root.join(paper.path.trim_start_matches('/')))
}

/// A CSV field, quoted (its quotes doubled).
pub fn csv(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// An id as a file name: letters, digits, `.`, `_` and `-` kept, anything
/// else a hyphen.
pub fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// After pages were cut away: links into them dropped from the pages kept,
/// and the outline and tag tree (which name the pages gone) removed, so
/// that no reader meets a destination that is not there.
fn drop_dangling(document: &mut lopdf::Document) {
    use lopdf::Object;
    let kept: std::collections::HashSet<lopdf::ObjectId> =
        document.get_pages().into_values().collect();
    let target = |document: &lopdf::Document, annot: &Object| -> Option<lopdf::ObjectId> {
        let dict = match annot {
            Object::Reference(id) => document.get_object(*id).ok()?.as_dict().ok()?,
            Object::Dictionary(dict) => dict,
            _ => return None,
        };
        let dest = match dict.get(b"Dest") {
            Ok(dest) => dest,
            Err(_) => dict.get(b"A").ok()?.as_dict().ok()?.get(b"D").ok()?,
        };
        dest.as_array().ok()?.first()?.as_reference().ok()
    };
    for page in kept.iter().copied().collect::<Vec<_>>() {
        let annots = match document.get_object(page).and_then(Object::as_dict) {
            Ok(dict) => match dict.get(b"Annots") {
                Ok(Object::Array(list)) => list.clone(),
                Ok(Object::Reference(id)) => document
                    .get_object(*id)
                    .and_then(Object::as_array)
                    .cloned()
                    .unwrap_or_default(),
                _ => continue,
            },
            Err(_) => continue,
        };
        // A link stays when it goes to the web or to a page kept; one to a
        // named destination (which may name a page gone) is dropped too.
        let internal = |a: &Object| -> bool {
            let dict = match a {
                Object::Reference(id) => {
                    document.get_object(*id).ok().and_then(|o| o.as_dict().ok())
                }
                Object::Dictionary(dict) => Some(dict),
                _ => None,
            };
            dict.is_some_and(|d| {
                d.has(b"Dest")
                    || d.get(b"A")
                        .ok()
                        .and_then(|a| a.as_dict().ok())
                        .is_some_and(|a| a.has(b"D"))
            })
        };
        let kept_annots: Vec<Object> = annots
            .into_iter()
            .filter(|a| {
                !internal(a) || target(document, a).is_some_and(|page| kept.contains(&page))
            })
            .collect();
        if let Ok(dict) = document.get_object_mut(page).and_then(Object::as_dict_mut) {
            dict.set("Annots", Object::Array(kept_annots));
        }
    }
    if let Ok(catalog) = document.catalog_mut() {
        catalog.remove(b"Outlines");
        catalog.remove(b"StructTreeRoot");
        catalog.remove(b"MarkInfo");
        catalog.remove(b"Names");
        catalog.remove(b"Dests");
    }
}
