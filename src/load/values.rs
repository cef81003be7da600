//! Checks of single values that have a syntax of their own: ISBN, ISSN,
//! ORCID, paper sizes and lengths, time zones, language codes. Import uses
//! the same checks.

use crate::diag::closest;

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

/// Checks an ISBN-10 or ISBN-13 and its check digit.
pub(super) fn valid_isbn(isbn: &str) -> bool {
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
pub(super) fn valid_issn(issn: &str) -> bool {
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

/// Paper names offered in "did you mean" hints.
pub(super) const PAPER_HINTS: &[&str] = &[
    "a4",
    "a5",
    "a6",
    "b5",
    "us-letter",
    "us-statement",
    "us-digest",
];

/// A Typst paper name, or "W x H" with units, as (width, height) in mm.
pub(super) fn parse_paper(text: &str) -> Option<(f64, f64)> {
    use std::str::FromStr;
    if let Ok(paper) = typst::layout::Paper::from_str(text.trim()) {
        return Some((paper.width().to_mm(), paper.height().to_mm()));
    }
    let (w, h) = text.split_once(['x', '×'])?;
    let (w, h) = (parse_length(w)?, parse_length(h)?);
    (w >= 50.0 && h >= 50.0 && w <= 2000.0 && h <= 2000.0).then_some((w, h))
}

/// A length such as "3mm", "0.5cm", "0.125in" or "8.5pt", in millimetres.
pub(super) fn parse_length(text: &str) -> Option<f64> {
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
pub(super) fn valid_orcid(orcid: &str) -> bool {
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
