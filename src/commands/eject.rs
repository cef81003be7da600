//! `confpress eject`: writes the Typst project a build compiles — templates,
//! the programme as JSON, converted abstracts and images, the project files
//! Typst reads, and the bundled fonts — so that the stock `typst compile`
//! produces the same documents. The escape hatch for last-minute hand edits.

use std::path::{Path, PathBuf};

use crate::commands::build::BuildOptions;
use crate::diag::{Diagnostic, Error, Result, display_path};
use crate::documents::{self, DocumentKind};
use crate::load;
use crate::output::write_atomically;
use crate::typeset::fonts;
use crate::typeset::templates;
use crate::typeset::world::ProjectWorld;

/// What an eject wrote.
#[derive(Debug, Clone)]
pub struct Ejected {
    /// The folder written.
    pub dir: PathBuf,
    /// Number of files written.
    pub files: usize,
    /// The shell commands that compile the ejected project.
    pub commands: Vec<String>,
}

/// Ejects the project in `dir` into `out`, refusing a non-empty `out`.
pub fn eject(dir: &Path, out: &Path, options: &BuildOptions) -> Result<Ejected> {
    if out
        .read_dir()
        .is_ok_and(|mut entries| entries.next().is_some())
    {
        return Err(
            Diagnostic::error(format!("`{}` is not empty", display_path(out)))
                .hint("eject into a new folder; confpress never overwrites one")
                .into(),
        );
    }
    let project = load::load(dir, options.source_date_epoch.as_deref())?;
    let inputs = crate::typeset::inputs::virtual_files(&project)?;
    let date = documents::document_date(&project.programme);
    // The ejected project runs with `--ignore-system-fonts`: so does this.
    let font_set = fonts::FontSet::new(&project.root, false, &project.programme.conference.lang);
    let mut world = ProjectWorld::new(&project.root, &project.dir, date, font_set);
    let mut virtual_files: Vec<(String, Vec<u8>)> = inputs
        .files
        .iter()
        .map(|(id, bytes)| (id.vpath().get_without_slash().to_owned(), bytes.to_vec()))
        .collect();
    virtual_files.push((
        crate::vpaths::FONTS.trim_start_matches('/').to_owned(),
        world.fonts().fallbacks_json().to_vec(),
    ));
    world.reset(inputs, date);
    // Compiling tells which project files Typst reads.
    let compiled = documents::compile(
        &world,
        &project,
        &DocumentKind::ALL,
        false,
        documents::Layout::default(),
    );
    compiled.output.map_err(|Error(mut errors)| {
        errors.extend(compiled.warnings);
        Error(errors)
    })?;

    let mut files: Vec<(String, Vec<u8>)> = virtual_files;
    for (path, text) in templates::all() {
        let relative = path.trim_start_matches('/');
        // A project's own template wins, as in a build; it is copied below.
        if !project.root.join(relative).exists() {
            files.push((relative.to_owned(), text.as_bytes().to_vec()));
        }
    }
    for real in world.dependencies() {
        if let Ok(relative) = real.strip_prefix(&project.root) {
            let bytes = std::fs::read(&real).map_err(|err| {
                Diagnostic::error(format!("cannot read `{}`: {err}", display_path(&real)))
            })?;
            files.push((display_path(relative), bytes));
        }
    }
    for (name, bytes) in fonts::FILES {
        files.push((format!("fonts/{name}"), bytes.to_vec()));
    }
    // The project's own fonts are in its `fonts/` folder already: copied
    // with it, under the same names.
    for path in world.fonts().project_files() {
        if let Ok(relative) = path.strip_prefix(&project.root) {
            let bytes = std::fs::read(path).map_err(|err| {
                Diagnostic::error(format!("cannot read `{}`: {err}", display_path(path)))
            })?;
            files.push((display_path(relative), bytes));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);

    for (relative, bytes) in &files {
        let path = out.join(relative);
        write_atomically(&path, bytes).map_err(|err| {
            Diagnostic::error(format!("cannot write `{}`: {err}", display_path(&path)))
        })?;
    }
    let timestamp = project
        .programme
        .conference
        .document_date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp());
    let commands = DocumentKind::ALL
        .iter()
        .map(|kind| {
            let name = kind.file_name().trim_end_matches(".pdf");
            // The standards confpress writes (by default PDF/A-2b and
            // PDF/UA-1), so that the stock CLI does the same work.
            let standards = match kind {
                DocumentKind::Booklet => &project.programme.booklet.pdf_standards,
                DocumentKind::Proceedings => &project.programme.proceedings.pdf_standards,
            };
            let standards = match standards.is_empty() {
                true => String::new(),
                false => format!(
                    " --pdf-standard {}",
                    standards.iter().map(|s| s.name()).collect::<Vec<_>>().join(",")
                ),
            };
            format!(
                "typst compile --root . --font-path fonts --ignore-system-fonts{}{standards} templates/{name}.typ {name}.pdf",
                timestamp.map(|t| format!(" --creation-timestamp {t}")).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>();
    let readme = format!(
        "This folder is the Typst project confpress compiles for `{}`.\nEdit it by hand if you must, then, from this folder:\n\n{}\n",
        display_path(dir),
        commands.join("\n")
    );
    write_atomically(&out.join("README.txt"), readme.as_bytes()).map_err(|err| {
        Diagnostic::error(format!("cannot write into `{}`: {err}", display_path(out)))
    })?;
    Ok(Ejected {
        dir: out.to_path_buf(),
        files: files.len() + 1,
        commands,
    })
}
