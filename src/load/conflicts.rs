//! Conflicts in the timetable: two sessions or two contributions in one
//! room at once, a speaker in two rooms at once, a contribution outside its
//! session's time. They are warnings: the organisers' own data may hold
//! them, and the booklet must still be printed (`--strict` refuses them).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use super::{Checker, Timed};
use crate::diag::Diagnostic;

impl Checker {
    /// Conflicts in the timetable, as warnings (the organisers' own data may
    /// hold them, and the booklet must still be printed): two sessions or two
    /// contributions in one room at once, a speaker in two rooms at once, a
    /// contribution outside its session's time.
    pub(super) fn check_conflicts(&mut self) {
        let timed = std::mem::take(&mut self.timed);
        // One room: sorted by start, each item against the one reaching
        // furthest so far, so an item inside a long one is found too.
        let mut order: Vec<&Timed> = timed.iter().collect();
        order.sort_by(|a, b| {
            (a.group, a.day, &a.room, a.start).cmp(&(b.group, b.day, &b.room, b.start))
        });
        let mut reach: Option<&Timed> = None;
        // Session pairs already reported: their talks' overlap is the same news.
        let mut reported: HashSet<(String, String)> = HashSet::new();
        for b in order {
            if let Some(a) = reach
                && a.group == b.group
                && a.day == b.day
                && a.room == b.room
            {
                let sessions = match (&a.session, &b.session) {
                    (Some(x), Some(y)) => Some((x.clone(), y.clone())),
                    _ => None,
                };
                let known = b.group == 1
                    && sessions.as_ref().is_some_and(|pair| {
                        reported.contains(pair)
                            || reported.contains(&(pair.1.clone(), pair.0.clone()))
                    });
                if b.start < a.end && !known {
                    if b.group == 0 {
                        reported.insert((a.id.clone(), b.id.clone()));
                    }
                    let message = format!(
                        "{} ({}) overlaps {} ({}) in room `{}`",
                        b.what,
                        span_of(b),
                        a.what,
                        span_of(a),
                        b.room
                    );
                    self.conflict(b, a, message);
                }
                if b.end <= a.end {
                    continue;
                }
            }
            reach = Some(b);
        }

        // One speaker, two rooms.
        let mut talks: HashMap<(Option<NaiveDate>, String), Vec<&Timed>> = HashMap::new();
        for t in timed.iter().filter(|t| t.group == 1) {
            for speaker in &t.speakers {
                let key = (t.day, speaker.nfc().collect::<String>().to_lowercase());
                talks.entry(key).or_default().push(t);
            }
        }
        let mut keys: Vec<_> = talks.keys().cloned().collect();
        keys.sort();
        for key in keys {
            let mut own = talks[&key].clone();
            own.sort_by_key(|t| (t.start, t.end));
            for (i, b) in own.iter().enumerate() {
                if let Some(a) = own[..i]
                    .iter()
                    .find(|a| a.room != b.room && b.start < a.end && a.start < b.end)
                {
                    let speaker = b
                        .speakers
                        .iter()
                        .find(|s| s.nfc().collect::<String>().to_lowercase() == key.1)
                        .cloned()
                        .unwrap_or_default();
                    let message = format!(
                        "{speaker} speaks in two rooms at once: {} ({}, room `{}`) and {} ({}, room `{}`)",
                        b.what,
                        span_of(b),
                        b.room,
                        a.what,
                        span_of(a),
                        a.room
                    );
                    self.conflict(b, a, message);
                }
            }
        }

        // A contribution outside its session's time.
        let sessions: HashMap<&str, &Timed> = timed
            .iter()
            .filter(|t| t.group == 0)
            .map(|t| (t.id.as_str(), t))
            .collect();
        for c in timed.iter().filter(|t| t.group == 1) {
            if let Some(s) = c.session.as_deref().and_then(|id| sessions.get(id))
                && s.day == c.day
                && (c.start < s.start || c.end > s.end)
            {
                let message = format!(
                    "{} ({}) lies outside its {} ({})",
                    c.what,
                    span_of(c),
                    s.what,
                    span_of(s)
                );
                self.conflict(c, s, message);
            }
        }
    }

    /// Records a conflict between `b` and `a` as a warning at `b`, with a
    /// note pointing at `a`.
    fn conflict(&mut self, b: &Timed, a: &Timed, message: String) {
        let (line, column) = self.at(a.span.clone()).line_col();
        let mut warning = Diagnostic::warning(message)
            .at(self.at(b.span.clone()))
            .hint(
                "both are printed; build with `--strict` (or `strict = true`) to refuse conflicts",
            );
        warning.notes.push(format!(
            "the other one starts at {}:{line}:{column}",
            self.file
        ));
        self.warnings.push(warning);
    }
}

/// "10:00–10:30".
fn span_of(t: &Timed) -> String {
    format!("{}–{}", t.start.format("%H:%M"), t.end.format("%H:%M"))
}
