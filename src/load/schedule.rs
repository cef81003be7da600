//! Checking the programme proper: the conference, its days, rooms and
//! breaks, sessions, contributions and their authors, and that nothing
//! overlaps in a room.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};

use super::values::{check_time_zone, is_language_code, valid_orcid};
use super::{Checker, Timed};
use crate::config::{AuthorEntry, ContributionEntry, ProjectFile, SessionEntry, Sp};
use crate::diag::{Diagnostic, closest};
use crate::load::preflight::Expect;
use crate::model::{
    AbstractFormat, Affiliation, Author, Break, Conference, Contribution, Day, Session,
};
use crate::text::chars;
use crate::text::lang;
use crate::text::people;
use crate::vpaths;

impl Checker {
    pub(super) fn conference(&mut self, file: &ProjectFile) -> Option<Conference> {
        let c = &file.conference;
        let title = self.clean(c.title.get_ref(), c.title.span(), "the conference title");
        if title.is_empty() {
            self.error(c.title.span(), "the conference title is empty");
        }
        let start = self.date(&c.start, "`start`");
        let day_change = c
            .day_change
            .as_ref()
            .and_then(|value| self.time(value, "`day-change`"))
            .filter(|t| *t != NaiveTime::MIN);
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
            subtitle: c
                .subtitle
                .as_ref()
                .map(|s| self.clean(s.get_ref(), s.span(), "the subtitle"))
                .filter(|s| !s.is_empty()),
            start,
            end,
            dates: lang::date_range(self.labels, start, end),
            venue: c.venue.clone(),
            url: c.url.as_ref().and_then(|u| self.url(u)),
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
            day_change,
            document_date: start,
        })
    }

    pub(super) fn document_date(
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

    pub(super) fn days(&mut self, file: &ProjectFile) -> Vec<Day> {
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

    pub(super) fn breaks(&mut self, file: &ProjectFile) -> Vec<Break> {
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
    pub(super) fn check_room(&mut self, room: &Sp<String>, day: Option<NaiveDate>) {
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

    pub(super) fn affiliations(&mut self, file: &ProjectFile) -> Vec<Affiliation> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for entry in &file.affiliations {
            let name = self.clean(entry.name.get_ref(), entry.name.span(), "the affiliation");
            if self.unique_id(&entry.id, "affiliation", &mut seen) {
                out.push(Affiliation {
                    id: entry.id.get_ref().clone(),
                    name,
                    place: entry.place.clone(),
                });
            }
        }
        out
    }

    pub(super) fn sessions(&mut self, entries: &[SessionEntry]) -> Vec<Session> {
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
                        id: entry.id.get_ref().clone(),
                        session: None,
                        speakers: Vec::new(),
                        what: format!("session `{}`", entry.id.get_ref()),
                        day,
                        room: room.get_ref().clone(),
                        start,
                        end,
                        span,
                    });
                }
            }
            let title = self.clean(entry.title.get_ref(), entry.title.span(), "the title");
            let chairs: Vec<String> = entry
                .chairs
                .iter()
                .map(|chair| self.clean(chair.get_ref(), chair.span(), "the name"))
                .filter(|chair| !chair.is_empty())
                .collect();
            if unique {
                out.push(Session {
                    id: entry.id.get_ref().clone(),
                    number: entry.number.as_ref().map(|n| *n.get_ref()),
                    title,
                    chairs,
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

    pub(super) fn contribution(
        &mut self,
        entry: &ContributionEntry,
        sessions: &[Session],
        session_index: &HashMap<String, usize>,
        affiliation_ids: &[&str],
        seen: &mut HashMap<String, Range<usize>>,
    ) -> Option<Contribution> {
        let unique = self.unique_id(&entry.id, "contribution", seen);
        if unique {
            let place = self.at(entry.id.span());
            self.sources
                .places
                .insert(entry.id.get_ref().clone(), place);
        }
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
        let title = self.clean(entry.title.get_ref(), entry.title.span(), "the title");
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
            .map(|s| self.clean(s.get_ref(), s.span(), "the subtitle"))
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
            let presenters: Vec<String> = authors
                .iter()
                .filter(|a: &&Author| a.presenter)
                .map(|a| a.name.clone())
                .collect();
            let speakers = match (presenters.is_empty(), authors.as_slice()) {
                (false, _) => presenters,
                (true, [only]) => vec![only.name.clone()],
                _ => Vec::new(),
            };
            self.timed.push(Timed {
                group: 1,
                id: id.clone(),
                session: session.map(|s| s.id.clone()),
                speakers,
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
        let paper = entry.paper.as_ref().and_then(|path| {
            let limit = match &entry.page_limit {
                Some(limit) => Some((*limit.get_ref(), "its `page-limit`".to_owned())),
                None => self
                    .page_limits
                    .get(&entry.kind)
                    .map(|&limit| (limit, format!("the limit for {}s", entry.kind.name()))),
            };
            let expect = Expect {
                title: &title,
                families: authors.iter().map(people::family_name).collect(),
                limit,
                pdf_a: self.pdf_a,
            };
            self.paper(path, &expect)
        });
        let short_abstract = abstract_source.as_ref().map(|source| match source.format {
            AbstractFormat::Typst => vpaths::project_file(&source.path),
            _ => vpaths::abstract_short(&id),
        });

        let url = match &entry.url {
            Some(url) => self.url(url),
            None => self.url_pattern.as_ref().map(|p| p.replace("{id}", &id)),
        };
        let doi = if unique {
            self.contribution_doi(&id, entry.doi.as_ref())
        } else {
            None
        };
        unique
            .then(|| Contribution {
                id: id.clone(),
                url,
                doi,
                session: session.map(|s| s.id.clone()),
                title,
                subtitle,
                collaboration: entry
                    .collaboration
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned),
                language,
                authors,
                kind: entry.kind,
                day,
                start,
                end,
                duration,
                room,
                board: entry
                    .board
                    .as_deref()
                    .map(str::trim)
                    .filter(|b| !b.is_empty())
                    .map(str::to_owned),
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

    pub(super) fn author(&mut self, author: &Sp<AuthorEntry>, affiliation_ids: &[&str]) -> Author {
        match author.get_ref() {
            AuthorEntry::Name(name) => {
                let name = self.clean(name, author.span(), "the name");
                if name.is_empty() {
                    self.error(author.span(), "an author's name is empty");
                }
                Author {
                    family_first: chars::family_first_script(&name),
                    name,
                    given: None,
                    family: None,
                    sort_as: None,
                    affiliations: Vec::new(),
                    orcid: None,
                    email: None,
                    presenter: false,
                }
            }
            AuthorEntry::Full(table) => {
                let mut part = |value: &Option<Sp<String>>, what: &str| {
                    value
                        .as_ref()
                        .map(|v| self.clean(v.get_ref(), v.span(), what))
                        .filter(|v| !v.is_empty())
                };
                let given = part(&table.given, "the given name");
                let family = part(&table.family, "the family name");
                let written = part(&table.name, "the name");
                let sort_as = part(&table.sort_as, "the reading");
                let family_first = table.family_first.unwrap_or_else(|| {
                    chars::family_first_script(
                        written.as_deref().or(family.as_deref()).unwrap_or(""),
                    )
                });
                let name = match (&written, &given, &family) {
                    (Some(name), _, _) => name.clone(),
                    (None, Some(given), Some(family)) if family_first => {
                        chars::family_first(family, given)
                    }
                    (None, Some(given), Some(family)) => format!("{given} {family}"),
                    (None, Some(only), None) | (None, None, Some(only)) => only.clone(),
                    (None, None, None) => {
                        self.error(author.span(), "an author needs a name")
                            .hints
                            .push("give `name`, or `given` and `family`".into());
                        String::new()
                    }
                };
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
                    name,
                    given,
                    family,
                    family_first,
                    sort_as,
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
}
