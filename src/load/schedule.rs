//! Checking the frame of the programme: the conference itself, its document
//! date, its days and their rooms, and the breaks. Sessions, contributions
//! and authors are checked in their own files.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};

use super::Checker;
use super::values::{check_time_zone, is_language_code};
use crate::config::{ProjectFile, Sp};
use crate::diag::{Diagnostic, closest};
use crate::model::{Break, Conference, Day};
use crate::text::lang;
use crate::vpaths;

impl Checker {
    /// Checks `[conference]` and sets the language of the labels.
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
        let time_zone = c
            .time_zone
            .as_ref()
            .and_then(|zone| self.conference_time_zone(zone));
        let lang = self.conference_lang(c.lang.as_ref());
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

    /// The conference's time zone, if it is a known IANA name.
    fn conference_time_zone(&mut self, zone: &Sp<String>) -> Option<String> {
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
    }

    /// The conference's language code, lower case (English when not given);
    /// a language without labels is a warning.
    fn conference_lang(&mut self, lang: Option<&Sp<String>>) -> String {
        let Some(lang) = lang else {
            return "en".to_owned();
        };
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

    /// The date stamped into the PDFs: `document-date`, else
    /// `SOURCE_DATE_EPOCH`, else the conference's last day.
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

    /// Checks the `[[day]]` tables (each date once) and records their rooms.
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

    /// Checks the `[[break]]` tables; they come out in time order.
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
            None => {
                // Every day's rooms, in one order whatever the map's.
                let mut all: Vec<&String> = self.day_rooms.values().flatten().collect();
                all.sort();
                all.dedup();
                all
            }
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
}
