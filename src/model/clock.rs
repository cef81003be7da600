//! The programme's clock: days that end after midnight.

use chrono::{NaiveDate, NaiveTime};

/// Where things fall in the programme when its days end at `day_change`
/// rather than at midnight: a talk at 00:30 with the day changing at 04:00
/// belongs to the evening before, after its last talk.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProgrammeClock {
    /// The hour a programme day ends; midnight when `None`.
    pub day_change: Option<NaiveTime>,
}

impl ProgrammeClock {
    /// Whether `start` lies in the small hours that belong to the day before.
    fn before_change(self, start: NaiveTime) -> bool {
        self.day_change.is_some_and(|change| start < change)
    }

    /// The programme day of something on calendar `day` at `start`.
    pub fn day(self, day: Option<NaiveDate>, start: Option<NaiveTime>) -> Option<NaiveDate> {
        let day = day?;
        match start {
            Some(start) if self.before_change(start) => day.pred_opt().or(Some(day)),
            _ => Some(day),
        }
    }

    /// Minutes from the start of the programme day to `time` (after 24 hours
    /// for the small hours of a day that changes late).
    pub fn minutes(self, time: NaiveTime) -> u32 {
        use chrono::Timelike;
        let minutes = time.hour() * 60 + time.minute();
        if self.before_change(time) {
            minutes + 24 * 60
        } else {
            minutes
        }
    }

    /// The running-order key of something on `day` at `start`: undated
    /// things last, untimed things first in their day.
    pub fn key(self, day: Option<NaiveDate>, start: Option<NaiveTime>) -> (NaiveDate, u32) {
        (
            self.day(day, start).unwrap_or(NaiveDate::MAX),
            start.map_or(0, |s| self.minutes(s)),
        )
    }
}
