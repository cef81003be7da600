//! Loading: `conference.toml` → checked [`Programme`].
//!
//! Parsing (serde, into [`crate::config`]) catches syntax errors, wrong types
//! and unknown keys; the [`Checker`] then validates everything that spans
//! several values and builds the parts of the model, one concern a file:
//! `schedule` (conference, document date, days, rooms, breaks), `sessions`,
//! `contributions`, `authors` (and affiliations), `conflicts` (overlaps in
//! the timetable), `publication` (booklet, print, proceedings, sponsors,
//! DOIs, URLs), `files` (paths, images, papers, abstracts), `clean` (names
//! and titles as printed), `images` (logos measured and converted),
//! `preflight` (camera-ready papers) and `values` (ISBN, ORCID, lengths,
//! time zones…). All problems are collected, so a user sees every one at
//! once; only then does [`crate::load::assemble`] put the accepted parts in
//! order, with `glance` (the programme at a glance).

use std::collections::HashMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};

use crate::config::{CONFIG_FILE, PrintColour, ProjectFile, Sp};
use crate::diag::{Diagnostic, Error, Location, Result, closest, display_path};
use crate::load::assemble::Checked;
use crate::model::{Export, Programme, Project, Sources};

pub(crate) mod assemble;
mod authors;
mod clean;
mod colour;
mod conflicts;
mod contributions;
mod files;
pub(crate) mod glance;
pub(crate) mod images;
pub(crate) mod preflight;
mod publication;
mod schedule;
mod sessions;
mod values;

pub(crate) use values::{check_time_zone, is_language_code};

/// Reads and checks the project in `dir`.
///
/// `source_date_epoch` is the value of the `SOURCE_DATE_EPOCH` environment
/// variable, if set; it fixes the document date when the config does not.
pub fn load(dir: &Path, source_date_epoch: Option<&str>) -> Result<Project> {
    load_as(dir, source_date_epoch, None)
}

/// Reads and checks the project in `dir`, drawn in `colour` whatever its
/// `[print] colour` says (`build --colour`), when given.
pub fn load_as(
    dir: &Path,
    source_date_epoch: Option<&str>,
    colour: Option<PrintColour>,
) -> Result<Project> {
    let root = fs::canonicalize(dir).map_err(|err| {
        let message = match err.kind() {
            io::ErrorKind::NotFound => {
                format!("project folder `{}` does not exist", display_path(dir))
            }
            _ => format!("cannot open project folder `{}`: {err}", display_path(dir)),
        };
        Diagnostic::error(message)
    })?;
    let config_path = dir.join(CONFIG_FILE);
    let text = match fs::read_to_string(&config_path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(
                Diagnostic::error(format!("no {CONFIG_FILE} in `{}`", display_path(dir)))
                    .hint(format!(
                        "create a project with `confpress init {}`",
                        display_path(dir)
                    ))
                    .into(),
            );
        }
        Err(err) => {
            return Err(Diagnostic::error(format!(
                "cannot read `{}`: {err}",
                display_path(&config_path)
            ))
            .into());
        }
    };

    let file = display_path(&config_path);
    let text: Arc<str> = text.into();
    let parsed: ProjectFile =
        toml::from_str(&text).map_err(|err| toml_error(&file, &text, &err))?;

    let strict = parsed.strict;
    let math = parsed.abstracts.math;
    let (system_fonts, missing_glyphs) = (parsed.fonts.system, parsed.fonts.missing_glyphs);
    let mut checker = Checker {
        url_pattern: None,
        current: None,
        doi_scheme: None,
        dois: HashMap::new(),
        page_limits: parsed
            .proceedings
            .page_limits
            .iter()
            .map(|(kind, limit)| (*kind, *limit.get_ref()))
            .collect(),
        pdf_a: volume_claims(&parsed, "a-", colour),
        pdf_ua: volume_claims(&parsed, "ua-", colour),
        colour,
        file,
        text,
        root: root.clone(),
        errors: Vec::new(),
        warnings: Vec::new(),
        labels: "en",
        day_rooms: HashMap::new(),
        timed: Vec::new(),
        sources: Sources::default(),
    };
    let programme = checker.programme(parsed, source_date_epoch);
    if !checker.errors.is_empty() {
        checker.errors.append(&mut checker.warnings);
        return Err(Error(checker.errors));
    }
    Ok(Project {
        dir: dir.to_path_buf(),
        root,
        programme: programme.expect("no errors"),
        sources: checker.sources,
        strict,
        math,
        system_fonts,
        missing_glyphs,
        warnings: checker.warnings,
    })
}

/// Turns a serde/TOML error into a diagnostic with position and, for unknown
/// keys, the likely intended key.
fn toml_error(file: &str, text: &Arc<str>, err: &toml::de::Error) -> Error {
    let mut message = err.message().trim().trim_end_matches('.').to_owned();
    // serde names Rust types; say what a TOML writer would call them.
    for (rust, toml) in [
        ("expected u32", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
        (
            "expected a sequence",
            "expected an array such as [\"a\", \"b\"]",
        ),
        ("expected a string", "expected a string in quotes"),
    ] {
        message = message.replace(rust, toml);
    }
    let mut diagnostic = Diagnostic::error(message.clone());
    if let Some(span) = err.span() {
        diagnostic = diagnostic.at(Location::new(file, text.clone(), span));
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string")
    {
        diagnostic = diagnostic.hint(
            "close the string on the same line, or use triple quotes (\"\"\"…\"\"\") for text over several lines",
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let mut names = rest.split('`').step_by(2);
        if let Some(unknown) = names.next()
            && let Some(best) = closest(unknown, names)
        {
            diagnostic = diagnostic.hint(format!("did you mean `{best}`?"));
        }
    }
    diagnostic.into()
}

/// Checks the parsed file and builds the model, collecting errors.
struct Checker {
    /// `[booklet] url-pattern`: the URL of a contribution without one.
    url_pattern: Option<String>,
    /// The contribution being checked, to name it where its texts are reported.
    current: Option<String>,
    /// How contributions without a `doi` get one: prefix and pattern.
    doi_scheme: Option<(String, String)>,
    /// DOIs given out so far, with where, to refuse a second one.
    dois: HashMap<String, Range<usize>>,
    /// Page limits of camera-ready papers by kind, from `[proceedings.page-limits]`.
    page_limits: HashMap<crate::config::Kind, u32>,
    /// Whether the volume claims PDF/A (what papers must not carry).
    pdf_a: bool,
    /// Whether the volume claims PDF/UA (papers' text must map to Unicode).
    pdf_ua: bool,
    /// The colour model asked for on the command line, over `[print] colour`.
    colour: Option<PrintColour>,
    file: String,
    text: Arc<str>,
    root: PathBuf,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Language of dates and labels.
    labels: &'static str,
    /// Rooms declared per day by `[[day]]` tables.
    day_rooms: HashMap<NaiveDate, Vec<String>>,
    /// Everything with a room and a time, for the overlap check.
    timed: Vec<Timed>,
    /// The files and texts the documents are made from, beside the programme.
    sources: Sources,
}

/// Something that occupies a room for a while.
struct Timed {
    /// Sessions are compared with sessions, contributions with contributions:
    /// a talk inside a session shares the session's room by design.
    group: u8,
    /// Its id.
    id: String,
    /// For a contribution, its session.
    session: Option<String>,
    /// For a contribution, who speaks: its presenters, or its only author.
    speakers: Vec<String>,
    what: String,
    day: Option<NaiveDate>,
    room: String,
    start: NaiveTime,
    end: NaiveTime,
    span: Range<usize>,
}

impl Checker {
    pub(super) fn at(&self, span: Range<usize>) -> Location {
        Location::new(self.file.clone(), self.text.clone(), span)
    }

    pub(super) fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::error(message).at(self.at(span));
        self.errors.push(diagnostic);
        self.errors.last_mut().expect("just pushed")
    }

    pub(super) fn programme(
        &mut self,
        file: ProjectFile,
        epoch: Option<&str>,
    ) -> Option<Programme> {
        let conference = self.conference(&file);
        let days = self.days(&file);
        let breaks = self.breaks(&file);
        let affiliations = self.affiliations(&file);
        self.doi_scheme = self.doi_scheme(&file);
        self.url_pattern = self.url_pattern(&file);
        let sessions = self.sessions(&file.sessions);
        let session_index: HashMap<String, usize> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let affiliation_ids: Vec<&str> = affiliations.iter().map(|a| a.id.as_str()).collect();

        let mut seen = HashMap::new();
        let mut contributions = Vec::new();
        for entry in &file.contributions {
            self.current = Some(entry.id.get_ref().clone());
            let contribution = self.contribution(
                entry,
                &sessions,
                &session_index,
                &affiliation_ids,
                &mut seen,
            );
            self.current = None;
            contributions.extend(contribution);
        }

        self.check_conflicts();
        let mut booklet = self.booklet(&file);
        let print = self.print(&file);
        let sponsors = self.sponsors(&file);
        let mut proceedings = self.proceedings(&file);
        self.standards_in_cmyk(&file, booklet.as_mut(), &mut proceedings);
        let used: Vec<&str> = (sessions.iter().filter_map(|s| s.room.as_deref()))
            .chain(contributions.iter().filter_map(|c| c.room.as_deref()))
            .chain(days.iter().flat_map(|d| d.rooms.iter().map(String::as_str)))
            .collect();
        let glance_rooms = self.glance_rooms(&file, &used);
        let document_date = self.document_date(&file, epoch, conference.as_ref()?.end);
        let mut conference = conference?;
        conference.document_date = document_date?;
        if !self.errors.is_empty() {
            return None;
        }
        let mut booklet = booklet?;
        booklet.glance_rooms = glance_rooms;

        Some(Programme::assemble(Checked {
            conference,
            affiliations,
            sessions,
            contributions,
            days,
            breaks,
            booklet,
            print,
            sponsors,
            proceedings,
            export: Export {
                ics: file.export.ics,
                json: file.export.json,
            },
            index_particles: file.conference.index_particles,
        }))
    }

    /// Records an id, reporting a duplicate. Returns whether it was new.
    pub(super) fn unique_id(
        &mut self,
        id: &Sp<String>,
        what: &str,
        seen: &mut HashMap<String, Range<usize>>,
    ) -> bool {
        let value = id.get_ref();
        if value.is_empty()
            || !value
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            self.error(
                id.span(),
                format!("{what} id `{value}` may only hold letters, digits, `-`, `_` and `.`"),
            );
            return false;
        }
        if let Some(first) = seen.get(value).cloned() {
            let note = self.position_note(first);
            self.error(id.span(), format!("duplicate {what} id `{value}`"))
                .notes
                .push(note);
            return false;
        }
        seen.insert(value.clone(), id.span());
        true
    }

    pub(super) fn position_note(&self, span: Range<usize>) -> String {
        let (line, column) = self.at(span).line_col();
        format!("first used at {}:{line}:{column}", self.file)
    }

    pub(super) fn date(&mut self, value: &Sp<toml::Value>, what: &str) -> Option<NaiveDate> {
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) if dt.time.is_none() => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                value.span(),
                format!("{what} must be a date such as 2023-02-22"),
            );
        }
        parsed
    }

    pub(super) fn time(&mut self, value: &Sp<toml::Value>, what: &str) -> Option<NaiveTime> {
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) if dt.date.is_none() => dt
                .time
                .and_then(|t| NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), 0)),
            // "24:00" ends a day at midnight.
            toml::Value::String(s) if s.trim() == "24:00" => Some(crate::model::MIDNIGHT_END),
            toml::Value::String(s) => NaiveTime::parse_from_str(s.trim(), "%H:%M").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                value.span(),
                format!("{what} must be a time of day such as 09:30"),
            );
        }
        parsed
    }
}

/// Whether the proceedings claim a standard whose name starts `prefix`, as
/// written or by default (in the colour model `colour` overrides).
fn volume_claims(parsed: &ProjectFile, prefix: &str, colour: Option<PrintColour>) -> bool {
    let names = match &parsed.proceedings.pdf_standard {
        Some(written) => written.get_ref().names(),
        // In CMYK the default PDF/A gives way (see `colour.rs`).
        None if colour::effective(parsed, colour) == PrintColour::Cmyk => {
            crate::model::PdfStandard::PROCEEDINGS_DEFAULT
                .into_iter()
                .filter(|n| !n.starts_with("a-"))
                .collect()
        }
        None => crate::model::PdfStandard::PROCEEDINGS_DEFAULT.to_vec(),
    };
    names.iter().any(|n| n.to_lowercase().starts_with(prefix))
}
