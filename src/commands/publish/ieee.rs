//! IEEE Xplore: each paper's camera-ready PDF exactly as the authors made
//! it (IEEE checks that the files are unmodified: no stamp, no rewrite —
//! the copy is byte for byte), a packing list, and a check that each
//! file's CreationDate equals its ModDate, as Xplore's PDF eXpress has it.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::volume::{Built, csv, paper_file};
use super::{File, at_contribution, common_checks};
use crate::diag::{Diagnostic, Result};
use crate::model::Project;

/// IEEE's checks: every contribution needs its camera-ready paper.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut found = common_checks(project, "IEEE Xplore");
    for c in &project.programme.contributions {
        if c.paper.is_none() {
            found.push(at_contribution(
                project,
                &c.id,
                Diagnostic::error(format!(
                    "IEEE Xplore takes each paper's camera-ready PDF; contribution `{}` has none",
                    c.id
                ))
                .hint("add `paper = \"papers/ID.pdf\"`"),
            ));
        }
    }
    found
}

/// A date of the PDF's Info dictionary, as written.
fn info_date(document: &lopdf::Document, key: &[u8]) -> Option<String> {
    let info = document.trailer.get(b"Info").ok()?;
    let info = match info {
        lopdf::Object::Reference(id) => document.get_object(*id).ok()?,
        other => other,
    };
    let value = info.as_dict().ok()?.get(key).ok()?;
    match value {
        lopdf::Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

/// The delivery: `ID.pdf` per paper, unchanged, and `packing-list.csv`.
pub fn files(
    project: &Project,
    volume: &Built,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<File>> {
    let by_id = project.programme.contributions_by_id();
    let mut files = Vec::new();
    let mut list = String::from(
        "file,id,title,authors,pages,volume pages,sha256,creation date,modification date\n",
    );
    for entry in &volume.entries {
        let Some(c) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        let Some(path) = paper_file(project, c) else {
            continue;
        };
        let bytes = std::fs::read(&path).map_err(|err| {
            Diagnostic::error(format!(
                "cannot read `{}`: {err}",
                crate::diag::display_path(&path)
            ))
        })?;
        let name = format!("{}.pdf", super::volume::file_stem(&c.id));
        let document = lopdf::Document::load_mem(&bytes).ok();
        let created = document
            .as_ref()
            .and_then(|d| info_date(d, b"CreationDate"));
        let modified = document.as_ref().and_then(|d| info_date(d, b"ModDate"));
        if created.is_none() || created != modified {
            warnings.push(at_contribution(
                project,
                &c.id,
                Diagnostic::warning(format!(
                    "the camera-ready PDF of `{}` has the creation date {} and the modification date {}; IEEE Xplore expects them equal (an unmodified file)",
                    c.id,
                    created.as_deref().unwrap_or("(none)"),
                    modified.as_deref().unwrap_or("(none)")
                ))
                .hint("ask the authors for the file as PDF eXpress approved it, not one edited afterwards"),
            ));
        }
        let authors: Vec<&str> = c.authors.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(
            list,
            "{},{},{},{},{},{},{:x},{},{}",
            csv(&name),
            csv(&c.id),
            csv(&c.title),
            csv(&authors.join("; ")),
            c.paper.as_ref().map_or(0, |p| p.pages),
            csv(&entry.pages("-")),
            Sha256::digest(&bytes),
            csv(created.as_deref().unwrap_or_default()),
            csv(modified.as_deref().unwrap_or_default()),
        );
        files.push((name, bytes));
    }
    files.push(("packing-list.csv".to_owned(), list.into_bytes()));
    Ok(files)
}
