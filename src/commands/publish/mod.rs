//! `confpress publish`: the volume delivered to its publisher or digital
//! library. The target's own checks run on the loaded project first (an
//! error stops everything, at its place in `conference.toml`); the volume
//! is then built as `build --split` builds it, into a staging folder beside
//! the delivery, the target's files are made from the project and the
//! built volume (`volume.rs`), and the staging folder takes the delivery's
//! place only when all of it was written. One module a target:
//! `anthology.rs` (ACL Anthology), `ceur.rs` (CEUR-WS), `pmlr.rs` (PMLR),
//! `acm.rs` (ACM eRights), `ieee.rs` (IEEE Xplore).

mod acm;
mod anthology;
mod ceur;
mod ieee;
mod pmlr;
mod volume;

use std::path::{Path, PathBuf};

use crate::commands::build::{self, BuildOptions};
use crate::diag::{Diagnostic, Error, Result, Severity, display_path};
use crate::documents::DocumentKind;
use crate::load;
use crate::model::Project;
use crate::output::write_atomically;

/// Where the volume goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The ACL Anthology.
    Anthology,
    /// CEUR Workshop Proceedings.
    Ceur,
    /// Proceedings of Machine Learning Research.
    Pmlr,
    /// ACM's rights management (eRights).
    Acm,
    /// IEEE Xplore.
    Ieee,
}

impl Target {
    /// Its name on the command line and as the delivery's folder.
    pub fn name(self) -> &'static str {
        match self {
            Target::Anthology => "anthology",
            Target::Ceur => "ceur",
            Target::Pmlr => "pmlr",
            Target::Acm => "acm",
            Target::Ieee => "ieee",
        }
    }
}

/// What to publish, and where.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// The target.
    pub target: Target,
    /// The delivery folder; `DIR/out/publish/TARGET` when `None`.
    pub out: Option<PathBuf>,
    /// How the volume is built.
    pub build: BuildOptions,
}

/// What a publish wrote.
#[derive(Debug, Clone)]
pub struct PublishReport {
    /// The target.
    pub target: Target,
    /// The delivery folder.
    pub dir: PathBuf,
    /// The files in it, relative to it.
    pub files: Vec<String>,
    /// Problems that did not stop it.
    pub warnings: Vec<Diagnostic>,
}

/// A file of the delivery: its name in the folder and its bytes.
type File = (String, Vec<u8>);

/// Publishes the project in `dir`.
pub fn publish(dir: &Path, options: &PublishOptions) -> Result<PublishReport> {
    let target = options.target;
    let project = load::load(dir, options.build.source_date_epoch.as_deref())?;
    let mut found = match target {
        Target::Anthology => anthology::check(&project),
        Target::Ceur => ceur::check(&project),
        Target::Pmlr => pmlr::check(&project),
        Target::Acm => acm::check(&project),
        Target::Ieee => ieee::check(&project),
    };
    if options.build.strict {
        found.iter_mut().for_each(|d| d.severity = Severity::Error);
    }
    let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = found
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(Error(errors));
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| dir.join("out").join("publish").join(target.name()));
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_default();
    let staging = parent.join(format!(".{}-staging", target.name()));
    let io = |what: &str, path: &Path, err: std::io::Error| {
        Error::from(Diagnostic::error(format!(
            "cannot {what} `{}`: {err}",
            display_path(path)
        )))
    };
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| io("create", &staging, e))?;
    let result = (|| -> Result<Vec<String>> {
        let built = staging.join("volume");
        let report = build::build(
            dir,
            &BuildOptions {
                out: Some(built.clone()),
                only: Some(DocumentKind::Proceedings),
                split: true,
                ..options.build.clone()
            },
        )?;
        warnings.extend(report.warnings);
        let volume = volume::Built::read(&built)?;
        let files: Vec<File> = match target {
            Target::Anthology => anthology::files(&project, &volume, &mut warnings)?,
            Target::Ceur => ceur::files(&project, &volume, &mut warnings)?,
            Target::Pmlr => pmlr::files(&project, &volume, &mut warnings)?,
            Target::Acm => acm::files(&project, &volume, &mut warnings)?,
            Target::Ieee => ieee::files(&project, &volume, &mut warnings)?,
        };
        let delivery = staging.join("delivery");
        for (name, bytes) in &files {
            let path = delivery.join(name);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(|e| io("create", folder, e))?;
            }
            write_atomically(&path, bytes).map_err(|e| io("write", &path, e))?;
        }
        // The delivery replaces the last one only now that it is whole.
        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| io("replace", &out, e))?;
        }
        std::fs::rename(&delivery, &out).map_err(|e| io("write", &out, e))?;
        Ok(files.into_iter().map(|(name, _)| name).collect())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    Ok(PublishReport {
        target,
        dir: out,
        files: result?,
        warnings,
    })
}

/// An error at a contribution's place in `conference.toml`.
fn at_contribution(project: &Project, id: &str, diagnostic: Diagnostic) -> Diagnostic {
    match project.sources.places.get(id) {
        Some(place) => diagnostic.at(place.clone()),
        None => diagnostic,
    }
}

/// The checks every target shares: a volume needs editors, and every
/// author a family name (the digital libraries index by it).
fn common_checks(project: &Project, target: &str) -> Vec<Diagnostic> {
    let programme = &project.programme;
    let mut found = Vec::new();
    if programme.conference.editors.is_empty() {
        found.push(
            Diagnostic::error(format!("{target} needs the volume's editors"))
                .hint("add `editors = [\"First Last\", …]` under [conference]"),
        );
    }
    for c in &programme.contributions {
        for author in &c.authors {
            if volume::given_family(author).1.is_empty() {
                found.push(at_contribution(
                    project,
                    &c.id,
                    Diagnostic::error(format!(
                        "{target} needs a family name for every author; `{}` has none in contribution `{}`",
                        author.name, c.id
                    ))
                    .hint("write the author as `{ given = \"…\", family = \"…\" }`"),
                ));
            }
        }
    }
    found
}
