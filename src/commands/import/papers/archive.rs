//! An export that comes as a `.zip` (a START proceedings folder, an aclpub2
//! set, EasyChair's paired CSVs): unpacked into a fresh temporary folder
//! (the `zip` crate keeps every entry inside it), read from there, and the
//! folder removed afterwards, whatever happened.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Result, display_path};

/// A temporary folder, removed when dropped.
pub struct Unpacked {
    dir: PathBuf,
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Whether `path` is a zip archive (by its first bytes).
pub fn is_zip(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    path.is_file()
        && std::fs::File::open(path).is_ok_and(|mut f| f.read_exact(&mut magic).is_ok())
        && magic == *b"PK\x03\x04"
}

/// Unpacks the archive; returns the folder and what to read in it: the
/// folder itself, its one top-level folder, or its one file.
pub fn unpack(path: &Path) -> Result<(Unpacked, PathBuf)> {
    let name = display_path(path);
    let file = std::fs::File::open(path)
        .map_err(|err| Diagnostic::error(format!("cannot read `{name}`: {err}")))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|err| {
        Diagnostic::error(format!("`{name}` is not a readable zip archive: {err}"))
    })?;
    let unique = format!(
        "confpress-import-{}-{:x}",
        std::process::id(),
        typst::utils::hash128(&name)
    );
    let dir = std::env::temp_dir().join(unique);
    let _ = std::fs::remove_dir_all(&dir);
    let unpacked = Unpacked { dir: dir.clone() };
    archive
        .extract(&dir)
        .map_err(|err| Diagnostic::error(format!("cannot unpack `{name}`: {err}")))?;
    let entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|list| {
            list.filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("__MACOSX"))
                })
                .collect()
        })
        .unwrap_or_default();
    let root = match entries.as_slice() {
        [one] => one.clone(),
        _ => dir.clone(),
    };
    Ok((unpacked, root))
}
