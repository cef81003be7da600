//! Assembling the checked parts of a programme into the [`Programme`] the
//! templates see: the running order, the people index, the programme at a
//! glance and the proceedings' order and keyword index. It runs on data the
//! checker accepted, so nothing here can fail.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};

use crate::config::IndexParticles;
use crate::load::glance;
use crate::model::ProgrammeClock;
use crate::model::{
    Affiliation, Booklet, Break, Conference, Contribution, Day, Export, Person, Print, Proceedings,
    ProceedingsOrder, Programme, ScheduleItem, Session, Sponsor,
};
use crate::text::collation::Collation;
use crate::text::lang;
use crate::text::people;

/// The parts of a programme as the checker accepted them, in file order.
pub struct Checked {
    /// The conference itself.
    pub conference: Conference,
    /// Affiliations, numbered.
    pub affiliations: Vec<Affiliation>,
    /// Sessions, without their contributions yet.
    pub sessions: Vec<Session>,
    /// Contributions, in file order.
    pub contributions: Vec<Contribution>,
    /// Days with their rooms.
    pub days: Vec<Day>,
    /// Breaks.
    pub breaks: Vec<Break>,
    /// Booklet settings.
    pub booklet: Booklet,
    /// Print-shop settings.
    pub print: Print,
    /// Sponsors.
    pub sponsors: Vec<Sponsor>,
    /// Proceedings settings, without their order yet.
    pub proceedings: Proceedings,
    /// Which data files a build writes.
    pub export: Export,
    /// How name particles ("van", "de") are filed in the index.
    pub index_particles: IndexParticles,
}

impl Programme {
    /// Puts the checked parts in order and derives the indices and the grid.
    pub fn assemble(checked: Checked) -> Programme {
        let Checked {
            conference,
            affiliations,
            mut sessions,
            contributions,
            days,
            breaks,
            booklet,
            print,
            sponsors,
            proceedings,
            export,
            index_particles,
        } = checked;
        let clock = ProgrammeClock {
            day_change: conference.day_change,
        };
        // Running order: sessions by day and time where given, file order otherwise;
        // contributions outside sessions fall in by the same rule.
        for session in sessions.iter_mut() {
            let mut own: Vec<&Contribution> = contributions
                .iter()
                .filter(|c| c.session.as_deref() == Some(&session.id))
                .collect();
            own.sort_by_key(|c| clock.key(c.day, c.start));
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
        schedule.sort_by_key(|(day, start, _)| clock.key(*day, *start));
        let schedule: Vec<ScheduleItem> = schedule.into_iter().map(|(_, _, item)| item).collect();

        sessions.sort_by_key(|s| clock.key(s.day, s.start));
        let by_id: HashMap<String, Contribution> = contributions
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        let mut ordered: Vec<Contribution> = schedule
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
        let collation = Collation::new(&conference.lang);
        let people: Vec<Person> = people::index(&ordered, index_particles, &collation);
        let labels = conference.labels.as_str();
        // Sessions and contributions are labelled with the programme day
        // they belong to.
        for session in sessions.iter_mut() {
            session.day_label = clock
                .day(session.day, session.start)
                .map(|d| lang::day_label(labels, d));
        }
        for contribution in ordered.iter_mut() {
            contribution.programme_day = clock
                .day(contribution.day, contribution.start)
                .map(|d| lang::day_label(labels, d));
        }
        // A5 holds five room columns in the compact cell style (more than
        // three columns), A4 eight.
        let rooms_per_page = if booklet.width_mm < 180.0 { 5 } else { 8 };
        let glance = glance::build(
            &schedule,
            &sessions,
            &ordered,
            &breaks,
            &days,
            |d| lang::day_label(labels, d),
            glance::Grid {
                rooms_per_page,
                clock,
                chosen: &booklet.glance_rooms,
            },
        );

        let proceedings = proceedings.with_order(&ordered, &collation);
        if !proceedings.pdf_standards.is_empty() {
            // Typst cannot embed a PDF under a standard: placeholders,
            // the pages grafted under them after export.
            for paper in ordered.iter_mut().filter_map(|c| c.paper.as_mut()) {
                paper.placeholders = (1..=paper.pages)
                    .map(|n| crate::model::Paper::placeholder(&paper.path, n))
                    .collect();
            }
        }
        Programme {
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
            export,
        }
    }
}

impl Proceedings {
    /// Fills in the order of the contributions and the keyword index.
    fn with_order(mut self, contributions: &[Contribution], collation: &Collation) -> Self {
        let mut ordered: Vec<&Contribution> = contributions.iter().collect();
        match self.order {
            ProceedingsOrder::Session | ProceedingsOrder::Programme => {}
            ProceedingsOrder::Title => ordered.sort_by_cached_key(|c| collation.key(&c.title)),
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
        keywords.sort_by_cached_key(|(k, _)| collation.key(k));
        self.keywords = keywords;
        self
    }
}
