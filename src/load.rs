//! Loading: `conference.toml` → checked [`Programme`].
//!
//! Parsing (serde) catches syntax errors, wrong types and unknown keys; the
//! [`Checker`] then validates everything that spans several values and builds
//! the model. All problems of the second phase are collected, so a user sees
//! every dangling reference at once.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};

use crate::config::{AuthorEntry, ContributionEntry, ProjectFile, SessionEntry, Sp};
use crate::diag::{Diagnostic, Error, Location, Result, closest};
use crate::model::{
    AbstractFormat, AbstractSource, Affiliation, Author, Conference, Contribution, Person,
    Programme, ScheduleItem, Session,
};
use crate::people;

/// The name of a project's configuration file.
pub const CONFIG_FILE: &str = "conference.toml";

/// A loaded project: where it lives and its checked programme.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder as the user named it (for messages).
    pub dir: PathBuf,
    /// The project folder, canonical (the sandbox root of the Typst world).
    pub root: PathBuf,
    /// The checked programme.
    pub programme: Programme,
}

impl Project {
    /// How a project file is named in messages: the project folder as the user
    /// gave it, joined with the relative path.
    pub fn display(&self, relative: &Path) -> String {
        display_path(&self.dir.join(relative))
    }
}

/// Reads and checks the project in `dir`.
///
/// `source_date_epoch` is the value of the `SOURCE_DATE_EPOCH` environment
/// variable, if set; it fixes the document date when the config does not.
pub fn load(dir: &Path, source_date_epoch: Option<&str>) -> Result<Project> {
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

    let mut checker = Checker {
        file,
        text,
        root: root.clone(),
        errors: Vec::new(),
    };
    let programme = checker.programme(parsed, source_date_epoch);
    if !checker.errors.is_empty() {
        return Err(Error(checker.errors));
    }
    Ok(Project {
        dir: dir.to_path_buf(),
        root,
        programme: programme.expect("no errors"),
    })
}

/// Shows a path the way a user typed it, with forward slashes.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").map(str::to_owned).unwrap_or(shown)
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
    file: String,
    text: Arc<str>,
    root: PathBuf,
    errors: Vec<Diagnostic>,
}

impl Checker {
    fn at(&self, span: Range<usize>) -> Location {
        Location::new(self.file.clone(), self.text.clone(), span)
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let diagnostic = Diagnostic::error(message).at(self.at(span));
        self.errors.push(diagnostic);
        self.errors.last_mut().expect("just pushed")
    }

    fn programme(&mut self, file: ProjectFile, epoch: Option<&str>) -> Option<Programme> {
        let conference = self.conference(&file);
        let affiliations = self.affiliations(&file);
        let mut sessions = self.sessions(&file.sessions);
        let session_index: HashMap<String, usize> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let affiliation_ids: Vec<&str> = affiliations.iter().map(|a| a.id.as_str()).collect();

        let mut seen = HashMap::new();
        let mut contributions = Vec::new();
        for entry in &file.contributions {
            if let Some(contribution) = self.contribution(
                entry,
                &sessions,
                &session_index,
                &affiliation_ids,
                &mut seen,
            ) {
                contributions.push(contribution);
            }
        }

        let document_date = self.document_date(&file, epoch, conference.as_ref()?.end);
        let mut conference = conference?;
        conference.document_date = document_date?;
        if !self.errors.is_empty() {
            return None;
        }

        // Running order: sessions by day and time where given, file order otherwise;
        // contributions outside sessions fall in by the same rule.
        for session in sessions.iter_mut() {
            let mut own: Vec<&Contribution> = contributions
                .iter()
                .filter(|c| c.session.as_deref() == Some(&session.id))
                .collect();
            own.sort_by_key(|c| time_key(c.day, c.start));
            session.contributions = own.iter().map(|c| c.id.clone()).collect();
        }
        let mut schedule: Vec<(Option<NaiveDate>, Option<NaiveTime>, ScheduleItem)> = sessions
            .iter()
            .map(|s| (s.day, s.start, ScheduleItem::Session(s.id.clone())))
            .chain(
                contributions
                    .iter()
                    .filter(|c| c.session.is_none())
                    .map(|c| (c.day, c.start, ScheduleItem::Contribution(c.id.clone()))),
            )
            .collect();
        schedule.sort_by_key(|(day, start, _)| time_key(*day, *start));
        let schedule: Vec<ScheduleItem> = schedule.into_iter().map(|(_, _, item)| item).collect();

        sessions.sort_by_key(|s| time_key(s.day, s.start));
        let by_id: HashMap<String, Contribution> = contributions
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        let ordered: Vec<Contribution> = schedule
            .iter()
            .flat_map(|item| match item {
                ScheduleItem::Session(id) => sessions
                    [sessions.iter().position(|s| &s.id == id).expect("known")]
                .contributions
                .clone(),
                ScheduleItem::Contribution(id) => vec![id.clone()],
            })
            .map(|id| by_id[&id].clone())
            .collect();
        let people: Vec<Person> = people::index(&ordered);

        Some(Programme {
            conference,
            affiliations,
            sessions,
            contributions: ordered,
            schedule,
            people,
        })
    }

    fn conference(&mut self, file: &ProjectFile) -> Option<Conference> {
        let c = &file.conference;
        let title = c.title.get_ref().trim().to_owned();
        if title.is_empty() {
            self.error(c.title.span(), "the conference title is empty");
        }
        let start = self.date(&c.start, "`start`");
        let end = match &c.end {
            Some(end) => self.date(end, "`end`"),
            None => start,
        };
        if let (Some(s), Some(e), Some(end_value)) = (start, end, &c.end)
            && e < s
        {
            self.error(
                end_value.span(),
                format!("the conference ends ({e}) before it starts ({s})"),
            );
        }
        let lang = match &c.lang {
            Some(lang) => {
                let code = lang.get_ref();
                let valid = (2..=3).contains(&code.split('-').next().unwrap_or("").len())
                    && code
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
                if !valid {
                    self.error(lang.span(), format!("`{code}` is not a language code"))
                        .hints
                        .push("use a code such as \"en\", \"de\" or \"fr\"".into());
                }
                code.to_ascii_lowercase()
            }
            None => "en".to_owned(),
        };
        let (start, end) = (start?, end?);
        Some(Conference {
            short_title: c.short_title.clone().unwrap_or_else(|| title.clone()),
            title,
            subtitle: c.subtitle.clone(),
            start,
            end,
            dates: date_range(start, end),
            venue: c.venue.clone(),
            lang,
            keywords: c.keywords.clone(),
            editors: c.editors.clone(),
            welcome: c.welcome.as_ref().map(|_| WELCOME_PATH.to_owned()),
            welcome_markdown: c.welcome.clone(),
            document_date: start,
        })
    }

    fn document_date(
        &mut self,
        file: &ProjectFile,
        epoch: Option<&str>,
        end: NaiveDate,
    ) -> Option<NaiveDate> {
        if let Some(value) = &file.conference.document_date {
            return self.date(value, "`document-date`");
        }
        match epoch {
            Some(epoch) => {
                match epoch.trim().parse::<i64>().ok().and_then(|secs| {
                    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
                }) {
                    Some(date) => Some(date),
                    None => {
                        self.errors.push(
                            Diagnostic::error(format!(
                                "SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds since 1970"
                            ))
                            .hint("unset it, or set `document-date` in [conference]"),
                        );
                        None
                    }
                }
            }
            // Without either, the last day of the conference keeps builds reproducible.
            None => Some(end),
        }
    }

    fn affiliations(&mut self, file: &ProjectFile) -> Vec<Affiliation> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for entry in &file.affiliations {
            if self.unique_id(&entry.id, "affiliation", &mut seen) {
                out.push(Affiliation {
                    id: entry.id.get_ref().clone(),
                    name: entry.name.clone(),
                    place: entry.place.clone(),
                });
            }
        }
        out
    }

    fn sessions(&mut self, entries: &[SessionEntry]) -> Vec<Session> {
        let mut seen = HashMap::new();
        let mut numbers: HashMap<u32, Range<usize>> = HashMap::new();
        let mut out = Vec::new();
        for entry in entries {
            let unique = self.unique_id(&entry.id, "session", &mut seen);
            if let Some(number) = &entry.number {
                if let Some(first) = numbers.get(number.get_ref()).cloned() {
                    let note = self.position_note(first);
                    self.error(
                        number.span(),
                        format!("two sessions are numbered {}", number.get_ref()),
                    )
                    .notes
                    .push(note);
                } else {
                    numbers.insert(*number.get_ref(), number.span());
                }
            }
            let day = entry.day.as_ref().and_then(|d| self.date(d, "`day`"));
            let start = entry.start.as_ref().and_then(|t| self.time(t, "`start`"));
            let end = entry.end.as_ref().and_then(|t| self.time(t, "`end`"));
            if let (Some(s), Some(e), Some(end_value)) = (start, end, &entry.end)
                && e <= s
            {
                self.error(
                    end_value.span(),
                    format!(
                        "session `{}` ends at {} but starts at {}",
                        entry.id.get_ref(),
                        e.format("%H:%M"),
                        s.format("%H:%M")
                    ),
                )
                .hints
                .push("the end must be after the start".into());
            }
            if unique {
                out.push(Session {
                    id: entry.id.get_ref().clone(),
                    number: entry.number.as_ref().map(|n| *n.get_ref()),
                    title: entry.title.clone(),
                    chairs: entry.chairs.clone(),
                    day,
                    day_label: day.map(day_label),
                    start,
                    end,
                    room: entry.room.clone(),
                    contributions: Vec::new(),
                });
            }
        }
        out
    }

    fn contribution(
        &mut self,
        entry: &ContributionEntry,
        sessions: &[Session],
        session_index: &HashMap<String, usize>,
        affiliation_ids: &[&str],
        seen: &mut HashMap<String, Range<usize>>,
    ) -> Option<Contribution> {
        let unique = self.unique_id(&entry.id, "contribution", seen);
        let id = entry.id.get_ref().clone();
        let session = match &entry.session {
            Some(reference) => match session_index.get(reference.get_ref()) {
                Some(&i) => Some(&sessions[i]),
                None => {
                    let hint = match closest(
                        reference.get_ref(),
                        session_index.keys().map(String::as_str),
                    ) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "declare it with a [[session]] table and this id".to_owned(),
                    };
                    self.error(
                        reference.span(),
                        format!(
                            "contribution `{id}` refers to session `{}`, which is not declared",
                            reference.get_ref()
                        ),
                    )
                    .hints
                    .push(hint);
                    None
                }
            },
            None => None,
        };
        let title = entry.title.get_ref().trim().to_owned();
        if title.is_empty() {
            self.error(
                entry.title.span(),
                format!("contribution `{id}` has an empty title"),
            );
        }

        let mut authors = Vec::new();
        for author in &entry.authors {
            authors.push(self.author(author, affiliation_ids));
        }

        let day = match &entry.day {
            Some(d) => self.date(d, "`day`"),
            None => session.and_then(|s| s.day),
        };
        let start = entry.start.as_ref().and_then(|t| self.time(t, "`start`"));
        let duration = entry.duration.as_ref().map(|d| *d.get_ref());
        let end = match (start, &entry.duration) {
            (Some(start), Some(minutes)) => {
                let (end, overflow) =
                    start.overflowing_add_signed(TimeDelta::minutes(i64::from(*minutes.get_ref())));
                if overflow != 0 || *minutes.get_ref() == 0 {
                    self.error(
                        minutes.span(),
                        format!(
                            "a duration of {} minutes from {} does not end on the same day",
                            minutes.get_ref(),
                            start.format("%H:%M")
                        ),
                    );
                    None
                } else {
                    Some(end)
                }
            }
            _ => None,
        };
        let abstract_source = entry
            .abstract_file
            .as_ref()
            .and_then(|path| self.abstract_source(path));
        let abstract_path = abstract_source.as_ref().map(|source| match source.format {
            AbstractFormat::Typst => format!("/{}", crate::load::display_path(&source.path)),
            _ => format!("{ABSTRACTS_DIR}/{id}.typ"),
        });

        unique.then(|| Contribution {
            id: id.clone(),
            session: session.map(|s| s.id.clone()),
            title,
            authors,
            kind: entry.kind,
            day,
            start,
            end,
            duration,
            room: entry
                .room
                .clone()
                .or_else(|| session.and_then(|s| s.room.clone())),
            abstract_path,
            abstract_source,
        })
    }

    fn author(&mut self, author: &Sp<AuthorEntry>, affiliation_ids: &[&str]) -> Author {
        match author.get_ref() {
            AuthorEntry::Name(name) => {
                if name.trim().is_empty() {
                    self.error(author.span(), "an author's name is empty");
                }
                Author {
                    name: name.trim().to_owned(),
                    affiliations: Vec::new(),
                    orcid: None,
                    email: None,
                    presenter: false,
                }
            }
            AuthorEntry::Full(table) => {
                if table.name.trim().is_empty() {
                    self.error(author.span(), "an author's name is empty");
                }
                for reference in &table.affiliations {
                    if !affiliation_ids.contains(&reference.get_ref().as_str()) {
                        let hint =
                            match closest(reference.get_ref(), affiliation_ids.iter().copied()) {
                                Some(best) => format!("did you mean `{best}`?"),
                                None => {
                                    "declare it with an [[affiliation]] table and this id".into()
                                }
                            };
                        self.error(
                            reference.span(),
                            format!("affiliation `{}` is not declared", reference.get_ref()),
                        )
                        .hints
                        .push(hint);
                    }
                }
                if let Some(orcid) = &table.orcid
                    && !valid_orcid(orcid.get_ref())
                {
                    self.error(
                        orcid.span(),
                        format!("`{}` is not a valid ORCID iD", orcid.get_ref()),
                    )
                    .hints
                    .push(
                        "an ORCID iD looks like 0000-0002-1825-0097 (the last digit is a checksum)"
                            .into(),
                    );
                }
                if let Some(email) = &table.email
                    && !email.get_ref().contains('@')
                {
                    self.error(
                        email.span(),
                        format!("`{}` is not an email address", email.get_ref()),
                    );
                }
                Author {
                    name: table.name.trim().to_owned(),
                    affiliations: table
                        .affiliations
                        .iter()
                        .map(|a| a.get_ref().clone())
                        .collect(),
                    orcid: table.orcid.as_ref().map(|o| o.get_ref().clone()),
                    email: table.email.as_ref().map(|e| e.get_ref().clone()),
                    presenter: table.presenter,
                }
            }
        }
    }

    fn abstract_source(&mut self, path: &Sp<String>) -> Option<AbstractSource> {
        let relative = PathBuf::from(path.get_ref());
        let escapes = relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            self.error(path.span(), format!("abstract path `{}` leaves the project folder", path.get_ref()))
                .hints
                .push("give a path relative to the folder that holds conference.toml, such as \"abstracts/talk.md\"".into());
            return None;
        }
        let format = match relative.extension().and_then(|e| e.to_str()) {
            Some("typ") => AbstractFormat::Typst,
            Some("md" | "markdown") => AbstractFormat::Markdown,
            Some("txt") => AbstractFormat::Text,
            _ => {
                self.error(
                    path.span(),
                    format!(
                        "abstract `{}` is neither .typ, .md nor .txt",
                        path.get_ref()
                    ),
                );
                return None;
            }
        };
        match fs::canonicalize(self.root.join(&relative)) {
            Ok(real) if !real.starts_with(&self.root) => {
                self.error(
                    path.span(),
                    format!(
                        "abstract `{}` links to a file outside the project folder",
                        path.get_ref()
                    ),
                );
                None
            }
            Ok(real) if real.is_dir() => {
                self.error(
                    path.span(),
                    format!("abstract `{}` is a folder, not a file", path.get_ref()),
                );
                None
            }
            Ok(_) => Some(AbstractSource {
                path: relative.components().collect(),
                format,
            }),
            Err(_) => {
                self.error(
                    path.span(),
                    format!("abstract file `{}` not found", path.get_ref()),
                )
                .hints
                .push("paths are relative to the folder that holds conference.toml".into());
                None
            }
        }
    }

    /// Records an id, reporting a duplicate. Returns whether it was new.
    fn unique_id(
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

    fn position_note(&self, span: Range<usize>) -> String {
        let (line, column) = self.at(span).line_col();
        format!("first used at {}:{line}:{column}", self.file)
    }

    fn date(&mut self, value: &Sp<toml::Value>, what: &str) -> Option<NaiveDate> {
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

    fn time(&mut self, value: &Sp<toml::Value>, what: &str) -> Option<NaiveTime> {
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) if dt.date.is_none() => dt
                .time
                .and_then(|t| NaiveTime::from_hms_opt(t.hour.into(), t.minute.into(), 0)),
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

/// Virtual folder of abstracts converted to Typst.
pub const ABSTRACTS_DIR: &str = "/.confpress/abstracts";
/// Virtual path of the welcome text converted to Typst.
pub const WELCOME_PATH: &str = "/.confpress/welcome.typ";

/// Sort key: scheduled items by day and time, unscheduled ones after them in
/// their original order (the sort is stable).
fn time_key(day: Option<NaiveDate>, start: Option<NaiveTime>) -> (NaiveDate, NaiveTime) {
    (
        day.unwrap_or(NaiveDate::MAX),
        start.unwrap_or(NaiveTime::MIN),
    )
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "22–24 February 2023", "28 February – 2 March 2023", or across years.
fn date_range(start: NaiveDate, end: NaiveDate) -> String {
    let month = |d: NaiveDate| MONTHS[d.month0() as usize];
    if start == end {
        format!("{} {} {}", start.day(), month(start), start.year())
    } else if start.year() != end.year() {
        format!(
            "{} {} {} – {} {} {}",
            start.day(),
            month(start),
            start.year(),
            end.day(),
            month(end),
            end.year()
        )
    } else if start.month() != end.month() {
        format!(
            "{} {} – {} {} {}",
            start.day(),
            month(start),
            end.day(),
            month(end),
            end.year()
        )
    } else {
        format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            month(end),
            end.year()
        )
    }
}

/// "Wednesday, 22 February".
fn day_label(day: NaiveDate) -> String {
    format!(
        "{}, {} {}",
        day.format("%A"),
        day.day(),
        MONTHS[day.month0() as usize]
    )
}

/// Checks an ORCID iD's form and its ISO 7064 MOD 11-2 check digit.
fn valid_orcid(orcid: &str) -> bool {
    let id = orcid.strip_prefix("https://orcid.org/").unwrap_or(orcid);
    let chars: Vec<char> = id.chars().filter(|&c| c != '-').collect();
    let shaped = id.len() == 19
        && id
            .chars()
            .enumerate()
            .all(|(i, c)| (i % 5 == 4) == (c == '-'));
    if !shaped || chars.len() != 16 || !chars[..15].iter().all(char::is_ascii_digit) {
        return false;
    }
    let total = chars[..15]
        .iter()
        .fold(0u32, |acc, c| (acc + c.to_digit(10).unwrap_or(0)) * 2);
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 {
        'X'
    } else {
        char::from_digit(check, 10).unwrap_or('?')
    };
    chars[15] == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcid_checksum() {
        assert!(valid_orcid("0000-0002-1825-0097"));
        assert!(valid_orcid("0000-0002-1694-233X"));
        assert!(!valid_orcid("0000-0002-1825-0098"));
        assert!(!valid_orcid("0000000218250097"));
    }

    #[test]
    fn date_ranges_read_naturally() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            date_range(d(2023, 2, 22), d(2023, 2, 24)),
            "22–24 February 2023"
        );
        assert_eq!(
            date_range(d(2023, 2, 28), d(2023, 3, 2)),
            "28 February – 2 March 2023"
        );
        assert_eq!(
            date_range(d(2023, 2, 22), d(2023, 2, 22)),
            "22 February 2023"
        );
        assert_eq!(day_label(d(2023, 2, 22)), "Wednesday, 22 February");
    }
}
