//! `confpress import` of accepted papers from a submission system, for the
//! proceedings: each export read into the neutral [`Volume`] (`aclpub2.rs`:
//! an aclpub2 input set, which is also what OpenReview's data becomes;
//! `hotcrp.rs`: HotCRP's paper JSON; `sheets.rs`: EasyChair, CMT and START
//! spreadsheets, decoded by `encoding.rs`; `start.rs`: START's final
//! export with its `meta` and `order`; `listing.rs`: EasyChair's HTML list
//! of accepted submissions; `aclpub.rs`: ACLPUB's `db` and easy2acl's
//! `papers.tsv`; `archive.rs`: any of them as a `.zip`), then
//! written as a project (`toml.rs`)
//! with the schedule import's writer, so a re-import merges the same way.
//! `latex.rs` turns the LaTeX of titles and abstracts into Markdown;
//! `similar.rs` reports affiliations written two ways.

mod aclpub;
mod aclpub2;
mod archive;
mod encoding;
mod hotcrp;
mod into;
mod latex;
mod listing;
mod sheets;
mod similar;
mod start;
mod toml;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};

use super::{ImportOptions, ImportReport};
use crate::config::Kind;
use crate::diag::{Diagnostic, Result, count, display_path};

/// A volume of papers as the exports describe it.
#[derive(Debug, Default)]
pub struct Volume {
    /// The book's title ("Proceedings of …").
    pub title: Option<String>,
    /// The event's short name, for running heads.
    pub short_title: Option<String>,
    /// First day.
    pub start: Option<NaiveDate>,
    /// Last day.
    pub end: Option<NaiveDate>,
    /// Where it takes place.
    pub location: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// ISBN as written.
    pub isbn: Option<String>,
    /// Editors, each "Given Family".
    pub editors: Vec<String>,
    /// Committees: role and members ("Name, Institution").
    pub committees: Vec<(String, Vec<String>)>,
    /// The accepted papers, in the export's order.
    pub papers: Vec<Paper>,
    /// The programme's sessions, where the input has one.
    pub sessions: Vec<PaperSession>,
    /// Papers left out and why ("rejected"): reason and ids.
    pub left_out: Vec<(String, Vec<String>)>,
    /// The preface in Markdown, where the export has one.
    pub preface: Option<String>,
    /// Sponsors: name, logo file name and its bytes.
    pub sponsors: Vec<(String, String, Vec<u8>)>,
}

/// One paper.
#[derive(Debug, Default)]
pub struct Paper {
    /// The export's id.
    pub id: String,
    /// Title (Markdown-safe text).
    pub title: String,
    /// Abstract in Markdown (LaTeX converted), if any.
    pub abstract_text: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Kind.
    pub kind: Kind,
    /// The export's paper type ("Long paper"), as the track label.
    pub track: Option<String>,
    /// Authors, in order.
    pub authors: Vec<PaperAuthor>,
    /// The camera-ready's file name in the export, if it names one.
    pub file: Option<String>,
}

/// An author of a paper.
#[derive(Debug, Default, Clone)]
pub struct PaperAuthor {
    /// Given names (with middle names), where the export separates them.
    pub given: String,
    /// Family name.
    pub family: String,
    /// The name as printed, where the export gives only that.
    pub name: String,
    /// Affiliation.
    pub affiliation: Option<String>,
    /// ORCID iD: as the export writes it (a URL or the bare iD) until
    /// [`check_orcids`] leaves only right ones, as bare iDs.
    pub orcid: Option<String>,
}

impl PaperAuthor {
    /// The name as printed: "Given Family", or the export's name.
    pub fn full_name(&self) -> String {
        if self.family.is_empty() && self.given.is_empty() {
            self.name.clone()
        } else if self.given.is_empty() {
            self.family.clone()
        } else {
            format!("{} {}", self.given, self.family)
        }
    }
}

/// A session of the programme, with its papers in order.
#[derive(Debug, Default)]
pub struct PaperSession {
    /// Its title.
    pub title: String,
    /// Day, start and end.
    pub day: Option<NaiveDate>,
    /// Start time.
    pub start: Option<NaiveTime>,
    /// End time.
    pub end: Option<NaiveTime>,
    /// Room.
    pub room: Option<String>,
    /// Chairs, by name.
    pub chairs: Vec<String>,
    /// Paper ids with their start and length in minutes.
    pub papers: Vec<(String, Option<NaiveTime>, Option<u32>)>,
}

/// Imports `path` as a submission-system export, if it is one: `None` for
/// anything else (a schedule), which the schedule import then reads.
pub fn import(path: &Path, options: &ImportOptions) -> Result<Option<ImportReport>> {
    if archive::is_zip(path) {
        let (_unpacked, root) = archive::unpack(path)?;
        let report = import_from(&root, &display_path(path), options)?;
        if report.is_none() {
            return Err(Diagnostic::error(format!(
                "`{}` holds no submission system's export that confpress reads",
                display_path(path)
            ))
            .hint("a zip of an aclpub2 set, a START proceedings folder, or a CSV or JSON export")
            .into());
        }
        return Ok(report);
    }
    import_from(path, &display_path(path), options)
}

/// What an export was read as: its format, the volume, the warnings, and
/// the folder its camera-ready PDFs are looked for in.
type Read = (&'static str, Volume, Vec<Diagnostic>, PathBuf);

/// Reads the export at `path` (named `name` in messages), if it is one.
fn read(path: &Path, name: &str, options: &ImportOptions) -> Result<Option<Read>> {
    let name = name.to_owned();
    // A file is read once for the sniffers, whichever recognises it.
    let text = path
        .is_file()
        .then(|| std::fs::read(path).ok())
        .flatten()
        .and_then(|bytes| encoding::decode("", &bytes).ok())
        .map(|(text, _)| text)
        .unwrap_or_default();
    let found = if let Some(set) = aclpub2::find(path) {
        let (volume, warnings) = aclpub2::read(&set, options.all)?;
        ("aclpub2 input set", volume, warnings, set.folder)
    } else if let Some(value) = hotcrp::sniff(&text) {
        let (volume, warnings) = hotcrp::read(&name, &value, options.all)?;
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        ("HotCRP paper JSON", volume, warnings, folder)
    } else if let Some(root) = start::find(path) {
        let (volume, warnings) = start::read(&root)?;
        let folder = root.join("final");
        (
            "Softconf START proceedings export",
            volume,
            warnings,
            folder,
        )
    } else if let Some(kind) = aclpub::sniff(&text) {
        let (volume, warnings) = aclpub::read(path, kind)?;
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let format = match kind {
            aclpub::Listed::Db => "ACLPUB db file",
            aclpub::Listed::Tsv => "easy2acl papers.tsv",
        };
        (format, volume, warnings, folder)
    } else if listing::sniff(&text) {
        let (volume, warnings) = listing::read(path)?;
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (
            "EasyChair list of accepted submissions (HTML)",
            volume,
            warnings,
            folder,
        )
    } else if let Some(sheet) = sheets::sniff(&text) {
        let (volume, warnings) = sheets::read(path, sheet, options.all)?;
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (sheet.name(), volume, warnings, folder)
    } else if path.is_dir() {
        return read_folder(path, options);
    } else {
        return Ok(None);
    };
    Ok(Some(found))
}

/// A folder of several exports (EasyChair's accepted-papers CSV beside its
/// committee table): the one that holds papers, with the committees of the
/// others.
fn read_folder(path: &Path, options: &ImportOptions) -> Result<Option<Read>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|list| {
            list.filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut found: Option<Read> = None;
    let mut committees = Vec::new();
    let mut warnings = Vec::new();
    for file in files {
        let Some((format, volume, mut more, folder)) = read(&file, &display_path(&file), options)?
        else {
            continue;
        };
        warnings.append(&mut more);
        if volume.papers.is_empty() {
            committees.extend(volume.committees);
        } else if let Some((_, _, _, _)) = &found {
            return Err(Diagnostic::error(format!(
                "`{}` holds more than one export of papers; import them one by one",
                display_path(path)
            ))
            .into());
        } else {
            found = Some((format, volume, Vec::new(), folder));
        }
    }
    Ok(match found {
        Some((format, mut volume, mut own, folder)) => {
            volume.committees.extend(committees);
            own.append(&mut warnings);
            Some((format, volume, own, folder))
        }
        None if !committees.is_empty() => {
            let volume = Volume {
                committees,
                ..Volume::default()
            };
            Some((
                "EasyChair programme-committee CSV",
                volume,
                warnings,
                path.to_path_buf(),
            ))
        }
        None => None,
    })
}

/// Imports the export at `path`, named `name` in messages.
fn import_from(path: &Path, name: &str, options: &ImportOptions) -> Result<Option<ImportReport>> {
    let Some((format, mut volume, mut warnings, folder)) = read(path, name, options)? else {
        return Ok(None);
    };
    let name = name.to_owned();
    if volume.papers.is_empty() && volume.committees.is_empty() {
        return Err(Diagnostic::error(format!(
            "`{name}` holds no accepted papers; nothing to import"
        ))
        .hint("`--all` imports every submission, whatever its decision")
        .into());
    }
    check_unique(&volume)?;
    if !options.into && volume.start.is_none() && volume.sessions.iter().all(|s| s.day.is_none()) {
        warnings.push(
            Diagnostic::warning(format!(
                "`{name}` names no date; conference.toml says `start = 1970-01-01`"
            ))
            .hint("set the conference's first and last day (`start`, `end`) before you print"),
        );
    }
    volume
        .papers
        .iter_mut()
        .for_each(|p| p.title = latex::inline(&p.title));
    warnings.extend(similar::near_duplicates(&volume));
    check_orcids(&mut volume, &mut warnings);
    let pdfs = camera_ready(&volume, options, &folder, &mut warnings)?;
    let (files, joined) = if options.into {
        let paths = (pdfs.iter())
            .map(|(id, _)| (id.as_str(), toml::paper_path(id)))
            .collect();
        let (config, joined, mut more) = into::join(&volume, &paths, &options.out)?;
        warnings.append(&mut more);
        let mut files = vec![(
            PathBuf::from(crate::config::CONFIG_FILE),
            config.into_bytes(),
        )];
        files.extend(toml::pdf_files(&pdfs));
        (files, Some(joined))
    } else {
        (toml::files(&volume, &pdfs, &name, format), None)
    };
    let (written, unchanged, mut more) =
        super::writing::write_files(files, &name, format, options)?;
    warnings.append(&mut more);
    for (reason, ids) in &volume.left_out {
        warnings.push(Diagnostic::warning(format!(
            "left out {} {reason}: {}",
            count(ids.len(), "paper"),
            shortened(ids)
        )));
    }
    Ok(Some(ImportReport {
        format,
        events: joined.unwrap_or(volume.papers.len()),
        untimed: 0,
        sessions: volume.sessions.len(),
        days: 0,
        written,
        unchanged,
        warnings,
        papers: true,
        joined: joined.is_some(),
        committees: volume.committees.len(),
    }))
}

/// Ids as a short list: the first ten, then how many more.
fn shortened(ids: &[String]) -> String {
    let mut shown: Vec<String> = ids.iter().take(10).map(|id| format!("`{id}`")).collect();
    if ids.len() > 10 {
        shown.push(format!("and {} more", ids.len() - 10));
    }
    shown.join(", ")
}

/// Two papers with one id would make two contributions with one id.
fn check_unique(volume: &Volume) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for paper in &volume.papers {
        if !seen.insert(paper.id.as_str()) {
            return Err(Diagnostic::error(format!(
                "two papers have the id `{}`; ids must be unique",
                paper.id
            ))
            .into());
        }
    }
    Ok(())
}

/// Each paper's camera-ready PDF, copied into the project as
/// `papers/ID.pdf` (by the export's file name, or `ID.pdf`, in `--papers`
/// or the export's folder); a paper without one, and a PDF that no paper
/// claims, is a warning.
fn camera_ready(
    volume: &Volume,
    options: &ImportOptions,
    folder: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf)>> {
    let dir = options
        .papers
        .clone()
        .unwrap_or_else(|| folder.to_path_buf());
    let listed: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
                .collect()
        })
        .unwrap_or_default();
    if options.papers.is_some() && listed.is_empty() {
        return Err(
            Diagnostic::error(format!("`{}` holds no PDF files", display_path(&dir)))
                .hint("`--papers` names the folder of the camera-ready PDFs")
                .into(),
        );
    }
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut claimed = std::collections::HashSet::new();
    for paper in &volume.papers {
        let names = [paper.file.clone(), Some(format!("{}.pdf", paper.id))];
        let hit = (names.iter().flatten())
            .map(|n| dir.join(n))
            .find(|p| p.is_file());
        match hit {
            Some(path) => {
                claimed.insert(path.clone());
                found.push((paper.id.clone(), path));
            }
            None => missing.push(paper.id.clone()),
        }
    }
    if (!listed.is_empty() || !found.is_empty()) && !missing.is_empty() {
        warnings.push(
            Diagnostic::warning(format!(
                "no camera-ready PDF in `{}` for {}: {}",
                display_path(&dir),
                count(missing.len(), "paper"),
                shortened(&missing)
            ))
            .hint("name each PDF by the paper's id (`12.pdf`) or as the export does"),
        );
    }
    let mut unclaimed: Vec<String> = (listed.iter())
        .filter(|p| !claimed.contains(*p))
        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    unclaimed.sort();
    if !unclaimed.is_empty() && options.papers.is_some() {
        warnings.push(Diagnostic::warning(format!(
            "{} in `{}` {} no paper: {}",
            count(unclaimed.len(), "PDF"),
            display_path(&dir),
            if unclaimed.len() == 1 {
                "matches"
            } else {
                "match"
            },
            shortened(&unclaimed)
        )));
    }
    Ok(found)
}

/// Each author's ORCID iD as its bare form when its check digit is right;
/// a wrong one is named in a warning and left out (a wrong iD printed
/// and deposited links a paper to somebody else).
fn check_orcids(volume: &mut Volume, warnings: &mut Vec<Diagnostic>) {
    for paper in &mut volume.papers {
        for author in &mut paper.authors {
            let Some(written) = author.orcid.take() else {
                continue;
            };
            author.orcid = toml::orcid(&written);
            if author.orcid.is_none() {
                warnings.push(Diagnostic::warning(format!(
                    "paper `{}`: the ORCID iD `{written}` of {} is not a valid iD (its check digit or its form is wrong); it is left out",
                    paper.id,
                    author.full_name()
                )));
            }
        }
    }
}

/// Authors written "A, B and C" (EasyChair's lists, easy2acl's TSV), in
/// order; a name broken over lines in its cell is one name.
fn listed_authors(text: &str) -> Vec<PaperAuthor> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (head, last) = match text.rsplit_once(" and ") {
        Some((head, last)) => (head, Some(last)),
        None => (text.as_str(), None),
    };
    head.split(", ")
        .chain(last)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| PaperAuthor {
            name: name.to_owned(),
            ..PaperAuthor::default()
        })
        .collect()
}

/// "long paper" as "Long paper".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
