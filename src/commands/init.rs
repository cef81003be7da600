//! The `init` command: a new project from the built-in example.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Result, display_path};
use crate::output::write_atomically;

/// The example project (the Enzyme Conference 2023), file by file.
const EXAMPLE: &[(&str, &str)] = &[(CONFIG_FILE, include_str!("../../content/conference.toml"))];

/// Writes the example project into `dir`, creating it if needed. Refuses to
/// overwrite an existing project.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(
            Diagnostic::error(format!("`{}` already exists", display_path(&config)))
                .hint("choose a new or empty folder; confpress init never overwrites a project")
                .into(),
        );
    }
    fs::create_dir_all(dir).map_err(|err| {
        Diagnostic::error(format!("cannot create `{}`: {err}", display_path(dir)))
    })?;
    let mut written = Vec::new();
    for (name, text) in EXAMPLE {
        let path = dir.join(name);
        write_atomically(&path, text.as_bytes()).map_err(|err| {
            Diagnostic::error(format!("cannot write `{}`: {err}", display_path(&path)))
        })?;
        written.push(path);
    }
    Ok(written)
}
