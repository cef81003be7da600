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

use chrono::{NaiveDate, NaiveTime};

use crate::config::{AuthorEntry, ContributionEntry, Imposition, ProjectFile, SessionEntry, Sp};
use crate::diag::{Diagnostic, Error, Location, Result, closest};
use crate::model::{
    AbstractFormat, AbstractSource, Affiliation, Author, Booklet, Break, Committee, Conference,
    Contribution, Day, Export, Image, Info, Licence, Paper, Person, Print, Proceedings,
    ProceedingsOrder, Programme, ScheduleItem, Session, Sources, Sponsor,
};
use crate::{glance, images, lang, people, vpaths};

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
    /// What the build reads beside the configuration.
    pub sources: Sources,
    /// Problems that do not stop a build (low-resolution images, unknown
    /// language…).
    pub warnings: Vec<Diagnostic>,
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
        warnings: checker.warnings,
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
    what: String,
    day: Option<NaiveDate>,
    room: String,
    start: NaiveTime,
    end: NaiveTime,
    span: Range<usize>,
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
        let days = self.days(&file);
        let breaks = self.breaks(&file);
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

        self.check_overlaps();
        let booklet = self.booklet(&file);
        let print = self.print(&file);
        let sponsors = self.sponsors(&file);
        let proceedings = self.proceedings(&file);
        let document_date = self.document_date(&file, epoch, conference.as_ref()?.end);
        let mut conference = conference?;
        conference.document_date = document_date?;
        if !self.errors.is_empty() {
            return None;
        }
        let booklet = booklet?;

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
        let people: Vec<Person> = people::index(&ordered, file.conference.index_particles);
        let labels = self.labels;
        // A5 holds three room columns legibly; wider pages hold more.
        let rooms_per_page = if booklet.width_mm < 180.0 { 3 } else { 5 };
        let glance = glance::build(
            &schedule,
            &sessions,
            &ordered,
            &breaks,
            &days,
            |d| lang::day_label(labels, d),
            rooms_per_page,
        );

        let proceedings = proceedings.with_order(&ordered);
        Some(Programme {
            proceedings,
            conference,
            affiliations,
            sessions,
            contributions: ordered,
            schedule,
            people,
            days,
            breaks,
            glance,
            booklet,
            print,
            sponsors,
            export: Export {
                ics: file.export.ics,
                json: file.export.json,
            },
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
        let time_zone = c.time_zone.as_ref().and_then(|zone| {
            let name = zone.get_ref();
            let Err(suggestion) = check_time_zone(name) else {
                return Some(name.clone());
            };
            let hint = match suggestion {
                Some(best) => format!("did you mean `{best}`?"),
                None => "use an IANA time zone name such as \"Europe/Berlin\"".to_owned(),
            };
            self.error(zone.span(), format!("unknown time zone `{name}`"))
                .hints
                .push(hint);
            None
        });
        let lang = match &c.lang {
            Some(lang) => {
                let code = lang.get_ref();
                if !is_language_code(code) {
                    self.error(lang.span(), format!("`{code}` is not a language code"))
                        .hints
                        .push("use a code such as \"en\", \"de\" or \"fr\"".into());
                } else if lang::supported(code).is_none() {
                    self.warnings.push(
                        Diagnostic::warning(format!(
                            "confpress has no labels in language `{code}`; the documents use English labels"
                        ))
                        .at(self.at(lang.span()))
                        .hint(format!("labels exist for {}", lang::SUPPORTED.join(", "))),
                    );
                }
                code.to_ascii_lowercase()
            }
            None => "en".to_owned(),
        };
        self.labels = lang::supported(&lang).unwrap_or("en");
        let (start, end) = (start?, end?);
        Some(Conference {
            short_title: c.short_title.clone().unwrap_or_else(|| title.clone()),
            title,
            subtitle: c.subtitle.clone(),
            start,
            end,
            dates: lang::date_range(self.labels, start, end),
            venue: c.venue.clone(),
            time_zone,
            labels: self.labels.to_owned(),
            lang,
            keywords: c.keywords.clone(),
            editors: c.editors.clone(),
            welcome: c.welcome.as_ref().map(|markdown| {
                let vpath = vpaths::WELCOME.to_owned();
                self.sources
                    .markdown
                    .push((vpath.clone(), markdown.clone()));
                vpath
            }),
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

    fn days(&mut self, file: &ProjectFile) -> Vec<Day> {
        let mut days: Vec<Day> = Vec::new();
        let mut spans: HashMap<NaiveDate, Range<usize>> = HashMap::new();
        for entry in &file.days {
            let Some(date) = self.date(&entry.date, "`date`") else {
                continue;
            };
            if let Some(first) = spans.get(&date).cloned() {
                let note = self.position_note(first);
                self.error(
                    entry.date.span(),
                    format!("the day {date} is declared twice"),
                )
                .notes
                .push(note);
                continue;
            }
            spans.insert(date, entry.date.span());
            self.day_rooms.insert(date, entry.rooms.clone());
            days.push(Day {
                date,
                label: lang::day_label(self.labels, date),
                rooms: entry.rooms.clone(),
            });
        }
        days.sort_by_key(|d| d.date);
        days
    }

    fn breaks(&mut self, file: &ProjectFile) -> Vec<Break> {
        let mut out = Vec::new();
        for entry in &file.breaks {
            let day = self.date(&entry.day, "`day`");
            let start = self.time(&entry.start, "`start`");
            let end = self.time(&entry.end, "`end`");
            if let (Some(s), Some(e)) = (start, end)
                && e <= s
            {
                self.error(
                    entry.end.span(),
                    format!("the break `{}` ends before it starts", entry.title),
                );
            }
            if let Some(day) = day {
                out.push(Break {
                    title: entry.title.clone(),
                    day,
                    start,
                    end,
                });
            }
        }
        out.sort_by_key(|b| (b.day, b.start));
        out
    }

    /// Checks that a room is among those declared for its day (when the
    /// `[[day]]` tables declare rooms at all).
    fn check_room(&mut self, room: &Sp<String>, day: Option<NaiveDate>) {
        let declared: Vec<&String> = match day {
            Some(day) => match self.day_rooms.get(&day) {
                Some(rooms) if !rooms.is_empty() => rooms.iter().collect(),
                _ => return,
            },
            None => self.day_rooms.values().flatten().collect(),
        };
        if declared.is_empty() || declared.contains(&room.get_ref()) {
            return;
        }
        let hint = match closest(room.get_ref(), declared.iter().map(|r| r.as_str())) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the rooms of that day are {}; add it to the day's `rooms`",
                declared
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let message = match day {
            Some(day) => format!("room `{}` is not among the rooms of {day}", room.get_ref()),
            None => format!("room `{}` is not listed for any day", room.get_ref()),
        };
        self.error(room.span(), message).hints.push(hint);
    }

    /// Two things in one room at the same time are an error.
    fn check_overlaps(&mut self) {
        let mut timed = std::mem::take(&mut self.timed);
        timed.sort_by(|a, b| {
            (a.group, a.day, &a.room, a.start).cmp(&(b.group, b.day, &b.room, b.start))
        });
        for pair in timed.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.group == b.group && a.day == b.day && a.room == b.room && b.start < a.end {
                let (line, column) = self.at(a.span.clone()).line_col();
                let file = self.file.clone();
                self.error(
                    b.span.clone(),
                    format!(
                        "{} ({}–{}) overlaps {} ({}–{}) in room `{}`",
                        b.what,
                        b.start.format("%H:%M"),
                        b.end.format("%H:%M"),
                        a.what,
                        a.start.format("%H:%M"),
                        a.end.format("%H:%M"),
                        b.room
                    ),
                )
                .notes
                .push(format!("the other one starts at {file}:{line}:{column}"));
            }
        }
    }

    fn booklet(&mut self, file: &ProjectFile) -> Option<Booklet> {
        let b = &file.booklet;
        let (width_mm, height_mm) = match &b.paper {
            None => (148.0, 210.0),
            Some(paper) => match parse_paper(paper.get_ref()) {
                Some(size) => size,
                None => {
                    let hint = match closest(&paper.get_ref().to_lowercase(), PAPER_HINTS.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "use a Typst paper name such as \"a5\" or \"us-statement\", or a size such as \"170mm x 240mm\"".into(),
                    };
                    self.error(paper.span(), format!("unknown paper `{}`", paper.get_ref()))
                        .hints
                        .push(hint);
                    return None;
                }
            },
        };
        let short_words = match &b.short_words {
            Some(n) if *n.get_ref() == 0 => {
                self.error(n.span(), "`short-words` must be at least 1");
                60
            }
            Some(n) => *n.get_ref(),
            None => 60,
        };
        let logo = b
            .logo
            .as_ref()
            .and_then(|logo| self.image(logo, "logo", LOGO_WIDTH_MM, "logo"));
        let info = b
            .info
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let body = vpaths::info(i);
                self.sources
                    .markdown
                    .push((body.clone(), entry.text.clone()));
                Info {
                    title: entry.title.clone(),
                    body,
                }
            })
            .collect();
        Some(Booklet {
            width_mm,
            height_mm,
            abstracts: b.abstracts,
            short_words,
            logo,
            imposition: b.imposition == Imposition::SaddleStitch,
            info,
            session_breaks: b.session_breaks.unwrap_or(true),
        })
    }

    fn print(&mut self, file: &ProjectFile) -> Print {
        let p = &file.print;
        let bleed_mm = match &p.bleed {
            None => 0.0,
            Some(bleed) => match parse_length(bleed.get_ref()) {
                Some(mm) if (0.0..=20.0).contains(&mm) => mm,
                _ => {
                    self.error(
                        bleed.span(),
                        format!("`{}` is not a bleed between 0 and 20 mm", bleed.get_ref()),
                    )
                    .hints
                    .push("print shops usually ask for \"3mm\"".into());
                    0.0
                }
            },
        };
        // Crop marks need room outside the bleed.
        let slug_mm = if p.crop_marks { 9.0 } else { 0.0 };
        Print {
            bleed_mm,
            crop_marks: p.crop_marks,
            slug_mm,
        }
    }

    fn proceedings(&mut self, file: &ProjectFile) -> Proceedings {
        let p = &file.proceedings;
        if let Some(isbn) = &p.isbn
            && !valid_isbn(isbn.get_ref())
        {
            self.error(
                isbn.span(),
                format!("`{}` is not a valid ISBN", isbn.get_ref()),
            )
            .hints
            .push(
                "an ISBN has 10 or 13 digits and ends in a check digit, such as 978-3-16-148410-0"
                    .into(),
            );
        }
        if let Some(issn) = &p.issn
            && !valid_issn(issn.get_ref())
        {
            self.error(
                issn.span(),
                format!("`{}` is not a valid ISSN", issn.get_ref()),
            )
            .hints
            .push("an ISSN looks like 0317-8471 (the last digit is a check digit)".into());
        }
        if let Some(doi) = &p.doi
            && !(doi.get_ref().starts_with("10.") && doi.get_ref().contains('/'))
        {
            self.error(doi.span(), format!("`{}` is not a DOI", doi.get_ref()))
                .hints
                .push("a DOI starts with \"10.\" and has a slash, such as 10.1234/sis.2031".into());
        }
        let standard = p.pdf_standard.as_ref().and_then(|standard| {
            let value = standard.get_ref().to_ascii_lowercase();
            if PDF_STANDARDS.contains(&value.as_str()) {
                Some(value)
            } else {
                self.error(
                    standard.span(),
                    format!("unknown PDF standard `{}`", standard.get_ref()),
                )
                .hints
                .push(format!("use one of {}", PDF_STANDARDS.join(", ")));
                None
            }
        });
        let preface_source = p.preface.as_ref().and_then(|path| {
            let relative = self.project_path(path, "preface")?;
            if relative.extension().and_then(|e| e.to_str()) != Some("md") {
                self.error(
                    path.span(),
                    format!("preface `{}` must be a Markdown (.md) file", path.get_ref()),
                );
                return None;
            }
            Some(relative)
        });
        Proceedings {
            publisher: p.publisher.clone(),
            isbn: p.isbn.as_ref().map(|v| v.get_ref().clone()),
            issn: p.issn.as_ref().map(|v| v.get_ref().clone()),
            doi: p.doi.as_ref().map(|v| v.get_ref().clone()),
            licence: p.licence.as_ref().map(|l| licence(l)),
            copyright: p.copyright.clone(),
            preface: preface_source.map(|source| {
                self.sources.preface = Some((vpaths::PREFACE.to_owned(), source));
                vpaths::PREFACE.to_owned()
            }),
            committees: file
                .committees
                .iter()
                .map(|c| Committee {
                    role: c.role.clone(),
                    members: c.members.clone(),
                })
                .collect(),
            order: p.order,
            contributions: Vec::new(),
            pdf_standard: standard,
            keyword_index: p.keyword_index,
            keywords: Vec::new(),
        }
    }

    fn sponsors(&mut self, file: &ProjectFile) -> Vec<Sponsor> {
        let mut out = Vec::new();
        for (i, entry) in file.sponsors.iter().enumerate() {
            let logo = entry.logo.as_ref().and_then(|logo| {
                self.image(
                    logo,
                    "sponsor logo",
                    SPONSOR_WIDTH_MM,
                    &format!("sponsor-{i}"),
                )
            });
            out.push(Sponsor {
                name: entry.name.clone(),
                logo,
            });
        }
        out
    }

    /// Checks and prepares an image placed at `width_mm`.
    fn image(&mut self, path: &Sp<String>, what: &str, width_mm: f64, slug: &str) -> Option<Image> {
        let relative = self.project_path(path, what)?;
        let shown = display_path(&relative);
        match images::prepare(&self.root, &shown, width_mm, slug) {
            Ok(prepared) => {
                if let Some(dpi) = prepared.dpi
                    && dpi < images::MIN_DPI
                {
                    let needed = (images::MIN_DPI * width_mm / 25.4).ceil();
                    self.warnings.push(
                        Diagnostic::warning(format!(
                            "{what} `{shown}` prints at {dpi:.0} dpi at its width of {width_mm} mm"
                        ))
                        .at(self.at(path.span()))
                        .hint(format!(
                            "for sharp print use an image at least {needed} pixels wide, or an SVG"
                        )),
                    );
                }
                if let Some(bytes) = prepared.bytes {
                    self.sources.images.push((prepared.vpath.clone(), bytes));
                }
                Some(Image {
                    path: prepared.vpath,
                    width_mm,
                })
            }
            Err(reason) => {
                self.error(
                    path.span(),
                    format!("{what} `{shown}` cannot be used: {reason}"),
                );
                None
            }
        }
    }

    /// Checks a camera-ready paper: a readable, unencrypted PDF with pages.
    fn paper(&mut self, path: &Sp<String>) -> Option<Paper> {
        let relative = self.project_path(path, "paper")?;
        let shown = path.get_ref();
        let data = match fs::read(self.root.join(&relative)) {
            Ok(data) => data,
            Err(err) => {
                self.error(path.span(), format!("cannot read paper `{shown}`: {err}"));
                return None;
            }
        };
        if !data.starts_with(b"%PDF-") {
            self.error(path.span(), format!("paper `{shown}` is not a PDF file"))
                .hints
                .push("export the camera-ready version as PDF".into());
            return None;
        }
        let encrypted =
            |doc: &lopdf::Document| doc.trailer.get(b"Encrypt").is_ok() || doc.is_encrypted();
        match lopdf::Document::load_mem(&data) {
            Ok(doc) if encrypted(&doc) => {
                self.error(path.span(), format!("paper `{shown}` is encrypted"))
                    .hints
                    .push("ask the authors for a version without password or restrictions".into());
                None
            }
            Ok(doc) if doc.get_pages().is_empty() => {
                self.error(path.span(), format!("paper `{shown}` has no pages"));
                None
            }
            Ok(doc) => Some(Paper {
                path: vpaths::project_file(&relative),
                pages: doc.get_pages().len(),
            }),
            Err(err) => {
                let message = err.to_string();
                if message.to_lowercase().contains("encrypt") {
                    self.error(path.span(), format!("paper `{shown}` is encrypted"))
                        .hints
                        .push(
                            "ask the authors for a version without password or restrictions".into(),
                        );
                } else {
                    self.error(
                        path.span(),
                        format!("paper `{shown}` is not a readable PDF: {message}"),
                    );
                }
                None
            }
        }
    }

    /// A path relative to the project that exists inside it.
    fn project_path(&mut self, path: &Sp<String>, what: &str) -> Option<PathBuf> {
        let relative = PathBuf::from(path.get_ref());
        let escapes = relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            self.error(
                path.span(),
                format!("{what} `{}` leaves the project folder", path.get_ref()),
            )
            .hints
            .push("give a path relative to the folder that holds conference.toml".into());
            return None;
        }
        match fs::canonicalize(self.root.join(&relative)) {
            Ok(real) if !real.starts_with(&self.root) => {
                self.error(
                    path.span(),
                    format!(
                        "{what} `{}` links to a file outside the project folder",
                        path.get_ref()
                    ),
                );
                None
            }
            Ok(real) if real.is_dir() => {
                self.error(
                    path.span(),
                    format!("{what} `{}` is a folder, not a file", path.get_ref()),
                );
                None
            }
            Ok(_) => Some(relative.components().collect()),
            Err(_) => {
                self.error(
                    path.span(),
                    format!("{what} file `{}` not found", path.get_ref()),
                )
                .hints
                .push("paths are relative to the folder that holds conference.toml".into());
                None
            }
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
            if let Some(room) = &entry.room {
                self.check_room(room, day);
                if let (Some(start), Some(end), Some(span)) =
                    (start, end, entry.start.as_ref().map(|s| s.span()))
                {
                    self.timed.push(Timed {
                        group: 0,
                        what: format!("session `{}`", entry.id.get_ref()),
                        day,
                        room: room.get_ref().clone(),
                        start,
                        end,
                        span,
                    });
                }
            }
            if unique {
                out.push(Session {
                    id: entry.id.get_ref().clone(),
                    number: entry.number.as_ref().map(|n| *n.get_ref()),
                    title: entry.title.clone(),
                    chairs: entry.chairs.clone(),
                    day,
                    day_label: day.map(|d| lang::day_label(self.labels, d)),
                    start,
                    end,
                    room: entry.room.as_ref().map(|r| r.get_ref().clone()),
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

        let language = entry.language.as_ref().and_then(|code| {
            if is_language_code(code.get_ref()) {
                Some(code.get_ref().to_ascii_lowercase())
            } else {
                self.error(
                    code.span(),
                    format!("`{}` is not a language code", code.get_ref()),
                )
                .hints
                .push("use a code such as \"en\", \"de\" or \"fr\"".into());
                None
            }
        });
        let subtitle = entry
            .subtitle
            .as_ref()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());

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
                // An end at midnight exactly is allowed: the last talk of the evening.
                let end = crate::model::same_day_end(start, *minutes.get_ref());
                if end.is_none() || *minutes.get_ref() == 0 {
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
                    end
                }
            }
            _ => None,
        };
        if let Some(room) = &entry.room {
            self.check_room(room, day);
        }
        let room = entry
            .room
            .as_ref()
            .map(|r| r.get_ref().clone())
            .or_else(|| session.and_then(|s| s.room.clone()));
        if let (Some(room), Some(start), Some(end), Some(span)) =
            (&room, start, end, entry.start.as_ref().map(|s| s.span()))
        {
            self.timed.push(Timed {
                group: 1,
                what: format!("contribution `{id}`"),
                day,
                room: room.clone(),
                start,
                end,
                span,
            });
        }
        let abstract_source = entry
            .abstract_file
            .as_ref()
            .and_then(|path| self.abstract_source(path));
        let abstract_path = abstract_source.as_ref().map(|source| match source.format {
            AbstractFormat::Typst => vpaths::project_file(&source.path),
            _ => vpaths::abstract_full(&id),
        });
        let bibliography = entry.bibliography.as_ref().and_then(|path| {
            if !path.get_ref().ends_with(".bib") {
                self.error(
                    path.span(),
                    format!(
                        "bibliography `{}` must be a BibTeX (.bib) file",
                        path.get_ref()
                    ),
                );
                return None;
            }
            let relative = self.project_path(path, "bibliography")?;
            Some(vpaths::project_file(&relative))
        });
        let paper = entry.paper.as_ref().and_then(|path| self.paper(path));
        let short_abstract = abstract_source.as_ref().map(|source| match source.format {
            AbstractFormat::Typst => vpaths::project_file(&source.path),
            _ => vpaths::abstract_short(&id),
        });

        unique
            .then(|| Contribution {
                id: id.clone(),
                session: session.map(|s| s.id.clone()),
                title,
                subtitle,
                language,
                authors,
                kind: entry.kind,
                day,
                start,
                end,
                duration,
                room,
                abstract_path,
                short_abstract,
                keywords: entry.keywords.clone(),
                bibliography,
                paper,
            })
            .inspect(|_| {
                if let Some(source) = abstract_source {
                    self.sources.abstracts.insert(id.clone(), source);
                }
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
        let format = match Path::new(path.get_ref())
            .extension()
            .and_then(|e| e.to_str())
        {
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
        let path = self.project_path(path, "abstract")?;
        Some(AbstractSource { path, format })
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

/// Sort key: scheduled items by day and time, unscheduled ones after them in
/// their original order (the sort is stable).
/// Checks an IANA time zone name such as "Europe/Berlin"; if it is unknown,
/// the known name closest to it, if one is close.
pub(crate) fn check_time_zone(name: &str) -> std::result::Result<(), Option<&'static str>> {
    if name.parse::<chrono_tz::Tz>().is_ok() {
        return Ok(());
    }
    Err(closest(
        name,
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()),
    ))
}

/// A language code such as "en", "de" or "pt-BR".
pub(crate) fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.split('-').next().unwrap_or("").len())
        && code
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
}

fn time_key(day: Option<NaiveDate>, start: Option<NaiveTime>) -> (NaiveDate, NaiveTime) {
    (
        day.unwrap_or(NaiveDate::MAX),
        start.unwrap_or(NaiveTime::MIN),
    )
}

/// PDF standards the proceedings can conform to.
const PDF_STANDARDS: &[&str] = &["a-2b", "a-3b", "ua-1"];

impl Proceedings {
    /// Fills in the order of the contributions and the keyword index.
    fn with_order(mut self, contributions: &[Contribution]) -> Self {
        let mut ordered: Vec<&Contribution> = contributions.iter().collect();
        match self.order {
            ProceedingsOrder::Session => {}
            ProceedingsOrder::Title => ordered.sort_by_cached_key(|c| {
                people::sort_key(&c.title, crate::config::IndexParticles::Keep)
            }),
            ProceedingsOrder::Id => ordered.sort_by(|a, b| a.id.cmp(&b.id)),
        }
        self.contributions = ordered.iter().map(|c| c.id.clone()).collect();
        let mut keywords: Vec<(String, Vec<String>)> = Vec::new();
        for c in &ordered {
            for keyword in &c.keywords {
                match keywords
                    .iter_mut()
                    .find(|(k, _)| k.eq_ignore_ascii_case(keyword))
                {
                    Some((_, ids)) => ids.push(c.id.clone()),
                    None => keywords.push((keyword.clone(), vec![c.id.clone()])),
                }
            }
        }
        keywords
            .sort_by_cached_key(|(k, _)| people::sort_key(k, crate::config::IndexParticles::Keep));
        self.keywords = keywords;
        self
    }
}

/// Full name and address of the licences people usually mean.
fn licence(short: &str) -> Licence {
    let key = short
        .trim()
        .to_ascii_uppercase()
        .replace('-', " ")
        .replace("  ", " ");
    let known = [
        (
            "CC BY 4.0",
            "Creative Commons Attribution 4.0 International",
            "by",
        ),
        (
            "CC BY SA 4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
            "by-sa",
        ),
        (
            "CC BY NC 4.0",
            "Creative Commons Attribution-NonCommercial 4.0 International",
            "by-nc",
        ),
        (
            "CC BY ND 4.0",
            "Creative Commons Attribution-NoDerivatives 4.0 International",
            "by-nd",
        ),
        (
            "CC BY NC SA 4.0",
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
            "by-nc-sa",
        ),
        (
            "CC BY NC ND 4.0",
            "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
            "by-nc-nd",
        ),
    ];
    match known.iter().find(|(k, _, _)| *k == key) {
        Some((_, name, path)) => Licence {
            short: short.to_owned(),
            name: Some((*name).to_owned()),
            url: Some(format!("https://creativecommons.org/licenses/{path}/4.0/")),
        },
        None if key == "CC0" || key == "CC0 1.0" => Licence {
            short: short.to_owned(),
            name: Some("CC0 1.0 Universal (public domain dedication)".into()),
            url: Some("https://creativecommons.org/publicdomain/zero/1.0/".into()),
        },
        None => Licence {
            short: short.to_owned(),
            name: None,
            url: None,
        },
    }
}

/// Checks an ISBN-10 or ISBN-13 and its check digit.
fn valid_isbn(isbn: &str) -> bool {
    let digits: Vec<char> = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match digits.len() {
        13 if digits.iter().all(char::is_ascii_digit) => {
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            sum.is_multiple_of(10)
        }
        10 if digits[..9].iter().all(char::is_ascii_digit) => {
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let value = if *c == 'X' || *c == 'x' {
                        10
                    } else {
                        c.to_digit(10).unwrap_or(99)
                    };
                    value * (10 - i as u32)
                })
                .sum();
            sum.is_multiple_of(11)
        }
        _ => false,
    }
}

/// Checks an ISSN and its check digit.
fn valid_issn(issn: &str) -> bool {
    let digits: Vec<char> = issn.chars().filter(|&c| c != '-').collect();
    if digits.len() != 8 || !digits[..7].iter().all(char::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits[..7]
        .iter()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap_or(0) * (8 - i as u32))
        .sum();
    let check = (11 - sum % 11) % 11;
    let last = digits[7];
    (check == 10 && (last == 'X' || last == 'x')) || last.to_digit(10) == Some(check)
}

/// Width of the cover logo, in millimetres.
pub const LOGO_WIDTH_MM: f64 = 40.0;
/// Width of a sponsor logo on the back cover, in millimetres.
pub const SPONSOR_WIDTH_MM: f64 = 30.0;

/// Paper names offered in "did you mean" hints.
const PAPER_HINTS: &[&str] = &[
    "a4",
    "a5",
    "a6",
    "b5",
    "us-letter",
    "us-statement",
    "us-digest",
];

/// A Typst paper name, or "W x H" with units, as (width, height) in mm.
fn parse_paper(text: &str) -> Option<(f64, f64)> {
    use std::str::FromStr;
    if let Ok(paper) = typst::layout::Paper::from_str(text.trim()) {
        return Some((paper.width().to_mm(), paper.height().to_mm()));
    }
    let (w, h) = text.split_once(['x', '×'])?;
    let (w, h) = (parse_length(w)?, parse_length(h)?);
    (w >= 50.0 && h >= 50.0 && w <= 2000.0 && h <= 2000.0).then_some((w, h))
}

/// A length such as "3mm", "0.5cm", "0.125in" or "8.5pt", in millimetres.
fn parse_length(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.trim().parse().ok()?;
    let factor = match unit.trim() {
        "mm" => 1.0,
        "cm" => 10.0,
        "in" => 25.4,
        "pt" => 25.4 / 72.0,
        _ => return None,
    };
    (value.is_finite() && value >= 0.0).then_some(value * factor)
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
    fn isbn_and_issn_check_digits() {
        assert!(valid_isbn("978-3-16-148410-0"));
        assert!(!valid_isbn("978-3-16-148410-1"));
        assert!(valid_isbn("0-306-40615-2"));
        assert!(valid_issn("0317-8471"));
        assert!(!valid_issn("0317-8472"));
    }

    #[test]
    fn papers_and_lengths() {
        assert_eq!(parse_paper("a5"), Some((148.0, 210.0)));
        assert_eq!(parse_paper("170mm x 240mm"), Some((170.0, 240.0)));
        assert_eq!(parse_paper("a55"), None);
        assert_eq!(parse_length("3mm"), Some(3.0));
        assert_eq!(parse_length("0.5 cm"), Some(5.0));
        assert_eq!(parse_length("3"), None);
    }
}
