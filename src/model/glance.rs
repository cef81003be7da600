//! The programme at a glance, as the templates draw it: per day, grid
//! pages of rooms and times, or a table of rooms.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::{ScheduleItem, serialize_time};

/// One day of the overview.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlanceDay {
    /// The date, if known.
    pub date: Option<NaiveDate>,
    /// "Wednesday, 22 February", if the date is known.
    pub label: Option<String>,
    /// Grid pages (several when there are more rooms than fit a page).
    pub pages: Vec<GlancePage>,
    /// Instead of grids, for a day of many rooms each holding one long
    /// session ("devrooms"): one row per room, then the breaks.
    pub rooms: Vec<GlanceRoom>,
    /// The rooms left off the grids (a congress day's many small rooms),
    /// each with everything in it, after the grids.
    pub others: Vec<GlanceRoomItems>,
    /// Items of the day that have no time, in programme order.
    pub list: Vec<GlanceListItem>,
}

/// A room of a day that the grids leave out, with what is in it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlanceRoomItems {
    /// The room.
    pub room: String,
    /// Its sessions and contributions, in time order.
    pub entries: Vec<GlanceEntry>,
}

/// One row of a day's list of items without a time.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum GlanceListItem {
    /// A session or a contribution.
    Item(ScheduleItem),
    /// A long run of contributions of one kind (a poster list), summed up.
    Run(GlanceRun),
}

/// Many contributions of one kind in a row, as one row of the overview:
/// the overview stays an overview, and the programme lists them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlanceRun {
    /// Always `"run"`, for the template.
    #[serde(rename = "type")]
    pub tag: &'static str,
    /// Their kind.
    pub kind: super::Kind,
    /// How many.
    pub count: usize,
    /// The first one's id.
    pub first: String,
    /// The last one's id.
    pub last: String,
}

/// One row of a day's rooms table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlanceRoom {
    /// The room; none for a break across all rooms.
    pub room: Option<String>,
    /// What is in it.
    #[serde(flatten)]
    pub entry: GlanceEntry,
}

/// One grid: some rooms, all time slots of the day.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlancePage {
    /// Column headers.
    pub rooms: Vec<String>,
    /// Row boundaries: row `i` runs from `times[i]` to `times[i + 1]`.
    pub times: Vec<String>,
    /// How many minutes each row lasts, for a time axis in proportion (a
    /// stretch with nothing in it counted short).
    pub minutes: Vec<u32>,
    /// The cells, none overlapping.
    pub cells: Vec<GlanceCell>,
}

/// One box of the grid.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlanceCell {
    /// Column (room index on this page).
    pub x: usize,
    /// Row (time slot index).
    pub y: usize,
    /// Columns spanned.
    pub colspan: usize,
    /// Rows spanned.
    pub rowspan: usize,
    /// What it shows.
    #[serde(flatten)]
    pub entry: GlanceEntry,
    /// Items overlapping this one in its room (a conflict in the data, or
    /// short talks inside a long slot), shown in the same cell.
    pub also: Vec<GlanceEntry>,
    /// How many more items overlap it: listed with the rooms after the
    /// grids, so that a slot of thirty lightning talks stays one cell.
    pub more: usize,
}

/// What a cell or a row shows: a session, a contribution or a break.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GlanceEntry {
    /// "session", "contribution" or "break".
    pub kind: &'static str,
    /// Session or contribution id; none for breaks.
    pub id: Option<String>,
    /// What to print.
    pub title: String,
    /// Start time.
    #[serde(serialize_with = "serialize_time")]
    pub start: Option<NaiveTime>,
    /// End time.
    #[serde(serialize_with = "serialize_time")]
    pub end: Option<NaiveTime>,
}
