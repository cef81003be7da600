//! Checking the `[[contribution]]` tables: unique ids, the session each
//! refers to, titles and language, authors, day, times and room (noted for
//! the overlap check), the files each names (abstract, bibliography,
//! camera-ready paper), URL and DOI.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};

use super::values::is_language_code;
use super::{Checker, Timed};
use crate::config::{ContributionEntry, Sp};
use crate::diag::closest;
use crate::load::preflight::Expect;
use crate::model::{AbstractFormat, AbstractSource, Author, Contribution, Paper, Session};
use crate::text::people;
use crate::vpaths;

/// When a contribution takes place, as far as it is given and valid.
struct When {
    /// Its own day, or its session's.
    day: Option<NaiveDate>,
    start: Option<NaiveTime>,
    /// Its length in minutes.
    duration: Option<u32>,
    /// From start and duration.
    end: Option<NaiveTime>,
}

/// The files a contribution names, checked, by the virtual paths the
/// templates load them from.
struct Files {
    /// The abstract's file and format.
    abstract_source: Option<AbstractSource>,
    /// The whole abstract as Typst.
    abstract_path: Option<String>,
    /// The abstract cut short for the booklet.
    short_abstract: Option<String>,
    /// The BibTeX file.
    bibliography: Option<String>,
    /// The camera-ready paper, preflighted.
    paper: Option<Paper>,
}

impl Checker {
    /// Checks one contribution. It is reported and left out when its id
    /// is a duplicate; its place is recorded for problems found later.
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
        let session = self.contribution_session(entry, sessions, session_index);
        let title = self.contribution_title(entry);
        let language = entry
            .language
            .as_ref()
            .and_then(|code| self.contribution_language(code));
        let subtitle = entry
            .subtitle
            .as_ref()
            .map(|s| self.clean(s.get_ref(), s.span(), "the subtitle"))
            .filter(|s| !s.is_empty());

        let authors: Vec<Author> = entry
            .authors
            .iter()
            .map(|author| self.author(author, affiliation_ids))
            .collect();
        let when = self.contribution_when(entry, session);
        if let Some(room) = &entry.room {
            self.check_room(room, when.day);
        }
        let room = entry
            .room
            .as_ref()
            .map(|r| r.get_ref().clone())
            .or_else(|| session.and_then(|s| s.room.clone()));
        if let Some(room) = &room {
            self.time_contribution(entry, session, room, &when, &authors);
        }
        let files = self.contribution_files(entry, &title, &authors);
        let (url, doi) = self.contribution_links(entry, unique);
        unique
            .then(|| Contribution {
                id: id.clone(),
                url,
                doi,
                session: session.map(|s| s.id.clone()),
                title,
                subtitle,
                collaboration: trimmed(entry.collaboration.as_deref()),
                language,
                authors,
                kind: entry.kind,
                day: when.day,
                start: when.start,
                end: when.end,
                duration: when.duration,
                room,
                board: trimmed(entry.board.as_deref()),
                track: trimmed(entry.track.as_deref()),
                programme_day: None,
                abstract_path: files.abstract_path,
                short_abstract: files.short_abstract,
                keywords: entry.keywords.clone(),
                bibliography: files.bibliography,
                paper: files.paper,
            })
            .inspect(|_| {
                if let Some(source) = files.abstract_source {
                    self.sources.abstracts.insert(id.clone(), source);
                }
            })
    }

    /// A contribution's title as printed; an empty one is reported.
    fn contribution_title(&mut self, entry: &ContributionEntry) -> String {
        let title = self.clean(entry.title.get_ref(), entry.title.span(), "the title");
        if title.is_empty() {
            self.error(
                entry.title.span(),
                format!("contribution `{}` has an empty title", entry.id.get_ref()),
            );
        }
        title
    }

    /// A contribution's web page (its own `url`, or one from the booklet's
    /// `url-pattern`) and, when its id is `unique`, its DOI.
    fn contribution_links(
        &mut self,
        entry: &ContributionEntry,
        unique: bool,
    ) -> (Option<String>, Option<String>) {
        let id = entry.id.get_ref();
        let url = match &entry.url {
            Some(url) => self.url(url),
            None => self.url_pattern.as_ref().map(|p| p.replace("{id}", id)),
        };
        let doi = if unique {
            self.contribution_doi(id, entry.doi.as_ref())
        } else {
            None
        };
        (url, doi)
    }

    /// The session a contribution refers to; one not declared is reported.
    fn contribution_session<'s>(
        &mut self,
        entry: &ContributionEntry,
        sessions: &'s [Session],
        session_index: &HashMap<String, usize>,
    ) -> Option<&'s Session> {
        let reference = entry.session.as_ref()?;
        if let Some(&i) = session_index.get(reference.get_ref()) {
            return Some(&sessions[i]);
        }
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
                "contribution `{}` refers to session `{}`, which is not declared",
                entry.id.get_ref(),
                reference.get_ref()
            ),
        )
        .hints
        .push(hint);
        None
    }

    /// The language a contribution is given in, lower case, if `code` is a
    /// language code.
    fn contribution_language(&mut self, code: &Sp<String>) -> Option<String> {
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
    }

    /// A contribution's day (its own or its session's) and times; a
    /// duration that runs past midnight is reported.
    fn contribution_when(&mut self, entry: &ContributionEntry, session: Option<&Session>) -> When {
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
        When {
            day,
            start,
            duration,
            end,
        }
    }

    /// Notes a contribution in `room` for the overlap check, when it has a
    /// start and an end.
    fn time_contribution(
        &mut self,
        entry: &ContributionEntry,
        session: Option<&Session>,
        room: &str,
        when: &When,
        authors: &[Author],
    ) {
        let id = entry.id.get_ref();
        if let (Some(start), Some(end), Some(span)) =
            (when.start, when.end, entry.start.as_ref().map(|s| s.span()))
        {
            self.timed.push(Timed {
                group: 1,
                id: id.clone(),
                session: session.map(|s| s.id.clone()),
                speakers: speakers(authors),
                what: format!("contribution `{id}`"),
                day: when.day,
                room: room.to_owned(),
                start,
                end,
                span,
            });
        }
    }

    /// Checks the files a contribution names, in order: abstract,
    /// bibliography, paper.
    fn contribution_files(
        &mut self,
        entry: &ContributionEntry,
        title: &str,
        authors: &[Author],
    ) -> Files {
        let id = entry.id.get_ref();
        let abstract_source = entry
            .abstract_file
            .as_ref()
            .and_then(|path| self.abstract_source(path));
        let abstract_path = abstract_source.as_ref().map(|source| match source.format {
            AbstractFormat::Typst => vpaths::project_file(&source.path),
            _ => vpaths::abstract_full(id),
        });
        let bibliography = entry
            .bibliography
            .as_ref()
            .and_then(|path| self.bibliography(path));
        let paper = entry
            .paper
            .as_ref()
            .and_then(|path| self.contribution_paper(entry, path, title, authors));
        let short_abstract = abstract_source.as_ref().map(|source| match source.format {
            AbstractFormat::Typst => vpaths::project_file(&source.path),
            _ => vpaths::abstract_short(id),
        });
        Files {
            abstract_source,
            abstract_path,
            short_abstract,
            bibliography,
            paper,
        }
    }

    /// The virtual path of a contribution's BibTeX file, which must be a
    /// `.bib` inside the project.
    fn bibliography(&mut self, path: &Sp<String>) -> Option<String> {
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
    }

    /// A contribution's camera-ready paper, preflighted against its title,
    /// its authors and its page limit (its own, or its kind's).
    fn contribution_paper(
        &mut self,
        entry: &ContributionEntry,
        path: &Sp<String>,
        title: &str,
        authors: &[Author],
    ) -> Option<Paper> {
        let limit = match &entry.page_limit {
            Some(limit) => Some((*limit.get_ref(), "its `page-limit`".to_owned())),
            None => self
                .page_limits
                .get(&entry.kind)
                .map(|&limit| (limit, format!("the limit for {}s", entry.kind.name()))),
        };
        let expect = Expect {
            title,
            families: authors.iter().map(people::family_name).collect(),
            limit,
            pdf_a: self.pdf_a,
            pdf_ua: self.pdf_ua,
        };
        self.paper(path, &expect)
    }
}

/// Who speaks in a contribution: its presenters, or its only author.
fn speakers(authors: &[Author]) -> Vec<String> {
    let presenters: Vec<String> = authors
        .iter()
        .filter(|a: &&Author| a.presenter)
        .map(|a| a.name.clone())
        .collect();
    match (presenters.is_empty(), authors) {
        (false, _) => presenters,
        (true, [only]) => vec![only.name.clone()],
        _ => Vec::new(),
    }
}

/// Text given as it is written (a collaboration, a poster board), trimmed;
/// nothing when it is blank.
fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
