//! `confpress import`: a confpress project from a schedule export.
//!
//! Three formats, told apart by their content: the frab / pretalx schedule
//! XML (`frab.rs`), the c3voc / pretalx schedule JSON (`c3voc.rs`) and
//! Indico's event and timetable JSON (`indico.rs`), decoded by their
//! byte-order mark (`decode.rs`). Each is read into the neutral [`Schedule`]
//! here, every event checked field by field (`check.rs`: one odd event is a
//! warning, never a refused file) at its local time (`times.rs`);
//! `project.rs` then groups events into sessions (`affiliations.rs` numbers
//! the affiliations) and writes `conference.toml` and one Markdown abstract
//! per event, merged into the chair's edited configuration on re-import
//! (`merge.rs`); `html.rs` turns abstracts written in HTML into Markdown,
//! `dollars.rs` writes Indico's `$…$` formulas as `\(…\)`, `untimed.rs`
//! keeps the contributions outside Indico's timetable and `fields.rs` writes
//! what every contribution's table shares.

mod affiliations;
mod c3voc;
mod check;
mod decode;
mod dollars;
mod fields;
mod frab;
mod groups;
mod html;
mod indico;
mod merge;
mod papers;
mod project;
mod times;
mod untimed;
mod writing;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};

use crate::diag::{Diagnostic, Location, Result, display_path};

pub use groups::GroupBy;
pub use html::to_markdown;
pub use untimed::Untimed;

/// What `import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The project folder to create or update.
    pub out: PathBuf,
    /// How events are grouped into sessions; unset, as the format suggests
    /// ([`GroupBy::default_for`]).
    pub group_by: Option<GroupBy>,
    /// The time zone, when the export names none.
    pub time_zone: Option<String>,
    /// Overwrite files edited since the last import.
    pub force: bool,
    /// Import every submission, not only the accepted ones.
    pub all: bool,
    /// Where the camera-ready PDFs are, when not beside the export.
    pub papers: Option<PathBuf>,
    /// Join the papers into the existing project in `out` (`--into`).
    pub into: bool,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The format the file was read as.
    pub format: &'static str,
    /// Number of events imported.
    pub events: usize,
    /// Number of contributions imported without a time (not in the export's
    /// timetable).
    pub untimed: usize,
    /// Number of sessions made from them.
    pub sessions: usize,
    /// Number of days.
    pub days: usize,
    /// Files written (created or updated).
    pub written: Vec<PathBuf>,
    /// Files left as they were because the import would not change them.
    pub unchanged: usize,
    /// Things that were imported with a change, such as events past midnight.
    pub warnings: Vec<Diagnostic>,
    /// Whether papers were imported (a submission system's export), not a
    /// schedule's events.
    pub papers: bool,
    /// Whether the papers were joined into an existing project's
    /// contributions (`--into`); `events` counts those that were.
    pub joined: bool,
    /// Committees imported (a submission system's committee table).
    pub committees: usize,
}

/// A schedule as the exports describe it, checked.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Conference title.
    pub title: String,
    /// Short name, if any.
    pub acronym: Option<String>,
    /// First and last day as the export states them.
    pub start: Option<NaiveDate>,
    /// Last day.
    pub end: Option<NaiveDate>,
    /// IANA time zone, if the export names one.
    pub time_zone: Option<String>,
    /// The hour the programme's days end, if after midnight (frab's
    /// `day_change`, or days that end the next morning).
    pub day_change: Option<NaiveTime>,
    /// Every event, in the export's order.
    pub events: Vec<Event>,
    /// Breaks across all rooms, where the export has them.
    pub breaks: Vec<ScheduleBreak>,
}

/// A break across all rooms.
#[derive(Debug, Clone)]
pub struct ScheduleBreak {
    /// "Coffee", "Lunch".
    pub title: String,
    /// Its day.
    pub day: NaiveDate,
    /// Start time.
    pub start: NaiveTime,
    /// End time, the same day.
    pub end: NaiveTime,
}

/// One event of the schedule.
#[derive(Debug, Clone)]
pub struct Event {
    /// The confpress id: the export's id, or its guid.
    pub id: String,
    /// Calendar day it starts on.
    pub day: NaiveDate,
    /// Local start time.
    pub start: NaiveTime,
    /// Minutes (shortened to end by midnight), if the export gives them.
    pub duration: Option<u32>,
    /// Room name, if the export gives one.
    pub room: Option<String>,
    /// Whether it starts after midnight under the day before, or runs past
    /// midnight (local time): what makes a day change.
    pub past_midnight: bool,
    /// Whether the export lists it under the day before its date (a set at
    /// 04:00 with the night before).
    pub listed_day_before: bool,
    /// Title.
    pub title: String,
    /// Subtitle, if any.
    pub subtitle: Option<String>,
    /// Track, if any.
    pub track: Option<String>,
    /// The export's type, such as "lecture" or "workshop".
    pub kind: String,
    /// Language code, if any.
    pub language: Option<String>,
    /// Speakers.
    pub persons: Vec<Person>,
    /// A poster's board number, where the export has one.
    pub board: Option<String>,
    /// Its page on the schedule's site.
    pub url: Option<String>,
    /// Abstract, HTML or Markdown.
    pub abstract_text: String,
    /// Longer description, HTML or Markdown.
    pub description: String,
}

/// A speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Name as printed.
    pub name: String,
    /// Affiliation, where the export gives one.
    pub affiliation: Option<String>,
    /// Given and family name, where the export separates them (Indico).
    pub parts: Option<(String, String)>,
}

impl Person {
    /// A speaker from an export's name, which pretalx instances sometimes
    /// write as "Name [Affiliation]"; `None` for an empty name.
    pub(super) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let split = text
            .strip_suffix(']')
            .and_then(|rest| rest.rsplit_once('['))
            .map(|(name, affiliation)| (name.trim(), affiliation.trim()))
            .filter(|(name, affiliation)| !name.is_empty() && !affiliation.is_empty());
        match split {
            Some((name, affiliation)) => Some(Self {
                name: name.to_owned(),
                affiliation: Some(affiliation.to_owned()),
                parts: None,
            }),
            None => (!text.is_empty()).then(|| Self {
                name: text.to_owned(),
                affiliation: None,
                parts: None,
            }),
        }
    }
}

/// An event's fields as they were found, before checking, with a way to
/// point at each of them.
struct RawEvent {
    id: Option<String>,
    guid: Option<String>,
    date: Option<String>,
    day: Option<String>,
    start: Option<String>,
    duration: Option<String>,
    room: Option<String>,
    title: Option<String>,
    subtitle: Option<String>,
    track: Option<String>,
    kind: Option<String>,
    language: Option<String>,
    persons: Vec<Person>,
    abstract_text: Option<String>,
    board: Option<String>,
    description: Option<String>,
    url: Option<String>,
}

/// Points at a field of one event in the source file.
trait Locate {
    fn event(&self) -> Location;
    fn field(&self, name: &str) -> Location;
}

/// Reads `file` and writes (or updates) the project in `options.out`.
pub fn import(file: &Path, options: &ImportOptions) -> Result<ImportReport> {
    if let Some(report) = papers::import(file, options)? {
        return Ok(report);
    }
    if options.into {
        return Err(Diagnostic::error(format!(
            "`{}` is a schedule, not a submission system's papers; `--into` joins papers to a project",
            display_path(file)
        ))
        .hint("import a schedule with `--out DIR`")
        .into());
    }
    let name = display_path(file);
    let bytes = std::fs::read(file)
        .map_err(|err| Diagnostic::error(format!("cannot read `{name}`: {err}")))?;
    let text: Arc<str> = decode::text(&name, &bytes)?.into();
    let (format, mut schedule, untimed, mut warnings) = parse(&name, &text)?;
    if schedule.time_zone.is_none() {
        if let Some(zone) = &options.time_zone {
            check_time_zone(zone).map_err(Diagnostic::error)?;
            schedule.time_zone = Some(zone.clone());
        }
    } else if let Some(zone) = &options.time_zone
        && schedule.time_zone.as_deref() != Some(zone)
    {
        warnings.push(Diagnostic::warning(format!(
            "`{name}` names the time zone `{}`; `--time-zone {zone}` is ignored",
            schedule.time_zone.as_deref().unwrap_or_default()
        )));
    }
    if schedule.time_zone.is_none() {
        warnings.push(
            Diagnostic::warning(format!(
                "`{name}` names no time zone, so programme.ics will hold floating local times"
            ))
            .hint("pass `--time-zone` with the venue's zone, such as `--time-zone Europe/Berlin`"),
        );
    }
    let mut report = project::write(&schedule, &untimed, &name, format, options)?;
    warnings.append(&mut report.warnings);
    // The source's own conflicts (overlaps in a room, a speaker in two
    // rooms) show now, with the events' ids, not first at the build.
    if let Ok(project) = crate::load::load(&options.out, None)
        && !project.warnings.is_empty()
    {
        let count = project.warnings.len();
        warnings.extend(project.warnings);
        warnings.push(
            Diagnostic::warning(format!(
                "the schedule itself has {} (above) that a build reports as warnings; the project builds all the same",
                crate::diag::count(count, "problem")
            ))
            .hint("`confpress build --strict` refuses to build with conflicts"),
        );
    }
    report.warnings = warnings;
    Ok(report)
}

/// What a file was read as: its format, its schedule, the contributions
/// outside the timetable (Indico's), and the warnings.
type Parsed = (&'static str, Schedule, Vec<Untimed>, Vec<Diagnostic>);

/// Reads a schedule from text, telling the format from the content.
pub fn parse(name: &str, text: &Arc<str>) -> Result<Parsed> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<') {
        let (schedule, warnings) = frab::parse(name, text)?;
        Ok(("frab schedule XML", schedule, Vec::new(), warnings))
    } else if start.starts_with('{') {
        // Indico's HTTP API result, or the c3voc / pretalx schedule (which
        // also reports JSON syntax errors).
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(text)
            && indico::is_indico(&value)
        {
            let (schedule, untimed, warnings) = indico::parse(name, text, &value)?;
            return Ok(("Indico event JSON", schedule, untimed, warnings));
        }
        let (schedule, warnings) = c3voc::parse(name, text)?;
        Ok(("c3voc schedule JSON", schedule, Vec::new(), warnings))
    } else {
        Err(Diagnostic::error(format!(
            "`{name}` is neither a frab schedule XML nor a schedule JSON file"
        ))
        .hint("export the schedule from pretalx, frab or the c3voc tools as XML or JSON")
        .into())
    }
}

/// Where a parser found a syntax error: one-based line and column.
struct Position {
    line: usize,
    column: usize,
    /// Whether the column counts characters (else bytes).
    in_chars: bool,
}

impl Position {
    fn bytes(line: usize, column: usize) -> Self {
        Self {
            line,
            column,
            in_chars: false,
        }
    }

    fn chars(line: usize, column: usize) -> Self {
        Self {
            line,
            column,
            in_chars: true,
        }
    }

    /// The byte offset in `text`.
    fn offset(&self, text: &str) -> usize {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(self.line.saturating_sub(1))
            .map(str::len)
            .sum();
        let line = &text[line_start.min(text.len())..];
        let within = if self.in_chars {
            line.char_indices()
                .nth(self.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i)
        } else {
            self.column.saturating_sub(1)
        };
        (line_start + within).min(text.len())
    }
}

/// A parser's syntax error as a diagnostic: `what: message`, pointing at the
/// position, with the position the parser appended (after `suffix`) cut off.
fn syntax_error(
    name: &str,
    text: &Arc<str>,
    what: &str,
    message: &str,
    suffix: &str,
    position: Position,
) -> Diagnostic {
    let message = message.rsplit_once(suffix).map_or(message, |(m, _)| m);
    let offset = position.offset(text);
    Diagnostic::error(format!("{what}: {message}")).at(Location::new(
        name,
        text.clone(),
        offset..offset + 1,
    ))
}

/// An export's time zone that is no IANA name: a warning, and the zone is
/// not used (a chair cannot fix the export, but can pass `--time-zone`).
fn unknown_zone(zone: &str) -> Option<Diagnostic> {
    let suggestion = crate::load::check_time_zone(zone).err()?;
    let hint = match suggestion {
        Some(best) => format!("did you mean `{best}`? pass it with `--time-zone {best}`"),
        None => "pass the venue's zone with `--time-zone`, such as `--time-zone Europe/Berlin`"
            .to_owned(),
    };
    Some(
        Diagnostic::warning(format!(
            "unknown time zone `{zone}` in the export; it is ignored"
        ))
        .hint(hint),
    )
}

/// Checks an IANA time zone name, as `conference.toml`'s `time-zone` is
/// checked, with the suggestion in the message itself.
fn check_time_zone(zone: &str) -> std::result::Result<(), String> {
    crate::load::check_time_zone(zone).map_err(|suggestion| match suggestion {
        Some(best) => format!("unknown time zone `{zone}`; did you mean `{best}`?"),
        None => format!("unknown time zone `{zone}`; use an IANA name such as `Europe/Berlin`"),
    })
}

/// The text trimmed, if anything is left of it.
fn nonempty(text: Option<String>) -> Option<String> {
    text.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// "01:30" or "1:30:00" as (hours, minutes), minutes below 60.
fn hours_minutes(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split(':');
    let hours: u32 = parts.next()?.parse().ok()?;
    let minutes: u32 = parts.next()?.parse().ok()?;
    if let Some(seconds) = parts.next()
        && seconds.parse::<u32>().ok()? >= 60
    {
        return None;
    }
    (parts.next().is_none() && minutes < 60 && hours < 100).then_some((hours, minutes))
}

/// A text as an identifier of the imported project (a track's session,
/// an affiliation): lower-case letters and digits of any script, every other
/// run of characters one hyphen; "other" when nothing is left.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "other".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests;
