//! Languages: the date formats and names confpress writes itself. The fixed
//! labels of the documents ("Author index", …) live in `templates/lib.typ`,
//! keyed by the same language codes.

use chrono::{Datelike, NaiveDate};

/// Languages with a full set of labels.
pub const SUPPORTED: &[&str] = &["en", "de", "fr", "es"];

/// The supported language for a BCP 47 code ("de-AT" → "de"), if any.
pub fn supported(code: &str) -> Option<&'static str> {
    let primary = code.split('-').next().unwrap_or("").to_ascii_lowercase();
    SUPPORTED.iter().copied().find(|&l| l == primary)
}

fn month(lang: &str, date: NaiveDate) -> &'static str {
    const EN: [&str; 12] = [
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
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let names = match lang {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        _ => &EN,
    };
    names[date.month0() as usize]
}

fn weekday(lang: &str, date: NaiveDate) -> &'static str {
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const DE: [&str; 7] = [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ];
    const FR: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    let names = match lang {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        _ => &EN,
    };
    names[date.weekday().num_days_from_monday() as usize]
}

/// A day with its month: "22 February", "22. Februar", "22 février", "22 de febrero".
fn day_month(lang: &str, date: NaiveDate) -> String {
    match lang {
        "de" => format!("{}. {}", date.day(), month(lang, date)),
        "es" => format!("{} de {}", date.day(), month(lang, date)),
        _ => format!("{} {}", date.day(), month(lang, date)),
    }
}

/// A full date: "22 February 2023", "22. Februar 2023", "22 de febrero de 2023".
pub fn date(lang: &str, date: NaiveDate) -> String {
    match lang {
        "es" => format!("{} de {}", day_month(lang, date), date.year()),
        _ => format!("{} {}", day_month(lang, date), date.year()),
    }
}

/// The dates of an event: "22–24 February 2023", "28 February – 2 March 2023".
pub fn date_range(lang: &str, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return date(lang, start);
    }
    if start.year() != end.year() {
        return format!("{} – {}", date(lang, start), date(lang, end));
    }
    let year = |text: String| match lang {
        "es" => format!("{text} de {}", end.year()),
        _ => format!("{text} {}", end.year()),
    };
    if start.month() != end.month() {
        return year(format!(
            "{} – {}",
            day_month(lang, start),
            day_month(lang, end)
        ));
    }
    let first = if lang == "de" {
        format!("{}.", start.day())
    } else {
        start.day().to_string()
    };
    year(format!("{first}–{}", day_month(lang, end)))
}

/// A day of the programme: "Wednesday, 22 February", "Mittwoch, 22. Februar",
/// "mercredi 22 février", "miércoles, 22 de febrero".
pub fn day_label(lang: &str, date: NaiveDate) -> String {
    match lang {
        "fr" => format!("{} {}", weekday(lang, date), day_month(lang, date)),
        _ => format!("{}, {}", weekday(lang, date), day_month(lang, date)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges_in_every_language() {
        assert_eq!(
            date_range("en", d(2023, 2, 22), d(2023, 2, 24)),
            "22–24 February 2023"
        );
        assert_eq!(
            date_range("de", d(2023, 2, 22), d(2023, 2, 24)),
            "22.–24. Februar 2023"
        );
        assert_eq!(
            date_range("fr", d(2023, 2, 28), d(2023, 3, 2)),
            "28 février – 2 mars 2023"
        );
        assert_eq!(
            date_range("es", d(2023, 2, 22), d(2023, 2, 24)),
            "22–24 de febrero de 2023"
        );
        assert_eq!(
            date_range("en", d(2023, 12, 30), d(2024, 1, 2)),
            "30 December 2023 – 2 January 2024"
        );
        assert_eq!(
            date_range("en", d(2023, 2, 22), d(2023, 2, 22)),
            "22 February 2023"
        );
    }

    #[test]
    fn day_labels_in_every_language() {
        assert_eq!(day_label("en", d(2023, 2, 22)), "Wednesday, 22 February");
        assert_eq!(day_label("de", d(2023, 2, 22)), "Mittwoch, 22. Februar");
        assert_eq!(day_label("fr", d(2023, 2, 22)), "mercredi 22 février");
        assert_eq!(day_label("es", d(2023, 2, 22)), "miércoles, 22 de febrero");
    }

    #[test]
    fn regional_codes_fall_back_to_their_language() {
        assert_eq!(supported("de-AT"), Some("de"));
        assert_eq!(supported("nl"), None);
    }
}
