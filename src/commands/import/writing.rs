//! Writing an import's files into the project folder: the configuration
//! merged into the chair's edited one, every other file only where the
//! chair did not change it since the last import (a manifest of digests
//! tells), all of it or nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Result, count, display_path};
use crate::output::{write_atomically, write_new};

use super::ImportOptions;

/// The manifest of an import, in the project folder.
pub const MANIFEST: &str = ".confpress-import.json";

/// Writes `files` (the configuration first, as text; camera-ready PDFs may
/// follow) into `options.out`: returns the files written, how many were
/// left as they were, and the warnings.
pub(super) fn write_files(
    mut files: Vec<(PathBuf, Vec<u8>)>,
    source: &str,
    format: &str,
    options: &ImportOptions,
) -> Result<(Vec<PathBuf>, usize, Vec<Diagnostic>)> {
    let out = &options.out;
    let manifest = read_manifest(out)?;
    let mut conflicts = Vec::new();
    let mut unchanged = 0;
    let mut to_write = Vec::new();
    let mut warnings = Vec::new();
    // The configuration is merged with what is on disk: the chair's own
    // keys, tables and entries stay, the export's fields are updated.
    let mut merged_config = false;
    if !options.force
        && let Ok(current) = std::fs::read_to_string(out.join(CONFIG_FILE))
        && let Ok(fresh) = std::str::from_utf8(&files[0].1)
        && let Some((merged, kept)) = super::merge::merge_config(&current, fresh)
    {
        files[0].1 = merged.into_bytes();
        merged_config = true;
        if !kept.is_empty() {
            warnings.push(
                Diagnostic::warning(format!(
                    "kept {} that the export does not have: {}",
                    count(kept.len(), "entry"),
                    kept.join(", ")
                ))
                .hint("delete them from conference.toml if the organisers dropped them"),
            );
        }
    }
    for (relative, text) in &files {
        let path = out.join(relative);
        match std::fs::read(&path) {
            Ok(current) if current == *text => unchanged += 1,
            Ok(current) => {
                let ours = manifest
                    .get(&key(relative))
                    .is_some_and(|digest| *digest == digest_of(&current));
                let merged = merged_config && relative.as_path() == Path::new(CONFIG_FILE);
                if !ours && !options.force && !merged {
                    conflicts.push(display_path(&path));
                }
                to_write.push((path, text, true));
            }
            Err(_) => to_write.push((path, text, false)),
        }
    }
    if !conflicts.is_empty() {
        let mut diagnostic = Diagnostic::error(format!(
            "{} in `{}` {} changed since the last import; importing would overwrite {}",
            count(conflicts.len(), "file"),
            display_path(out),
            if conflicts.len() == 1 { "was" } else { "were" },
            if conflicts.len() == 1 { "it" } else { "them" },
        ))
        .hint(
            "keep your edits by importing into another folder, or pass `--force` to overwrite them",
        );
        diagnostic.notes = conflicts
            .iter()
            .take(10)
            .map(|p| format!("edited or not made by confpress import: {p}"))
            .collect();
        if conflicts.len() > 10 {
            diagnostic
                .notes
                .push(format!("and {} more", conflicts.len() - 10));
        }
        return Err(diagnostic.into());
    }

    let mut written = Vec::new();
    for (path, text, replaces) in to_write {
        let write = if replaces {
            write_atomically
        } else {
            write_new
        };
        write(&path, text).map_err(|err| {
            Diagnostic::error(format!("cannot write `{}`: {err}", display_path(&path)))
        })?;
        written.push(path);
    }
    let mut new_manifest = manifest;
    for (relative, text) in &files {
        new_manifest.insert(key(relative), digest_of(text));
    }
    let json = serde_json::to_vec_pretty(&serde_json::json!({
        "source": source,
        "format": format,
        "files": new_manifest,
    }))
    .expect("JSON of plain data");
    let manifest_path = out.join(MANIFEST);
    write_atomically(&manifest_path, &json).map_err(|err| {
        Diagnostic::error(format!(
            "cannot write `{}`: {err}",
            display_path(&manifest_path)
        ))
    })?;

    Ok((written, unchanged, warnings))
}

/// The manifest's key for a file: its path with `/`.
fn key(relative: &Path) -> String {
    display_path(relative)
}

fn digest_of(bytes: &[u8]) -> String {
    format!("{:032x}", typst::utils::hash128(&bytes))
}

/// The files a previous import wrote, with their digests then.
fn read_manifest(out: &Path) -> Result<BTreeMap<String, String>> {
    let path = out.join(MANIFEST);
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(BTreeMap::new());
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|err| {
        Diagnostic::error(format!(
            "cannot read the import manifest `{}`: {err}",
            display_path(&path)
        ))
        .hint("delete it to import afresh (files that exist are then kept unless `--force`)")
    })?;
    Ok(value
        .get("files")
        .and_then(|f| f.as_object())
        .map(|files| {
            files
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default())
}
