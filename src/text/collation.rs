//! Ordering by a language's rules: the Unicode Collation Algorithm with the
//! conference language's tailoring (ICU4X), for the author index and every
//! list sorted by name or title, and the index's letter groups.

use std::cmp::Ordering;

use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The collators of one language.
pub struct Collation {
    /// Base letters only: "a" = "ä" in German, "a" ≠ "å" in Swedish.
    primary: CollatorBorrowed<'static>,
    /// Every difference: accents and case decide last.
    full: CollatorBorrowed<'static>,
    /// The root collation's base letters, to tell the letters a language
    /// sorts on their own (Swedish Å) from those it does not (German Ä).
    root: CollatorBorrowed<'static>,
}

impl Collation {
    /// The collation of a BCP 47 language code; the root collation (good for
    /// English and many others) when the code is unknown.
    pub fn new(lang: &str) -> Self {
        let prefs: CollatorPreferences = Locale::try_from_str(lang)
            .map(Into::into)
            .unwrap_or_default();
        let with = |prefs: CollatorPreferences, strength| {
            let mut options = CollatorOptions::default();
            options.strength = Some(strength);
            // Punctuation and symbols do not count ("(Eva)" under E,
            // "@pkoerner" under P), as in printed indexes.
            options.alternate_handling = Some(AlternateHandling::Shifted);
            Collator::try_new(prefs, options)
                .or_else(|_| Collator::try_new(CollatorPreferences::default(), options))
                .expect("the root collation is compiled in")
        };
        Self {
            primary: with(prefs, Strength::Primary),
            full: with(prefs, Strength::Quaternary),
            root: with(CollatorPreferences::default(), Strength::Primary),
        }
    }

    /// A byte string that sorts as `text` does in this language, base
    /// letters first, then accents and case.
    pub fn key(&self, text: &str) -> Vec<u8> {
        let mut key = Vec::new();
        let _ = self.full.write_sort_key_to(text, &mut key);
        key
    }

    /// A byte string that sorts as `text` does, ignoring accents and case
    /// (those of the language's own letters excepted).
    pub fn primary_key(&self, text: &str) -> Vec<u8> {
        let mut key = Vec::new();
        let _ = self.primary.write_sort_key_to(text, &mut key);
        key
    }

    /// The letter group of the index that `text` is filed under: its first
    /// letter, upper case. A Latin letter goes to the group of the A–Z letter
    /// it sorts with ("Ä" and "Ø" under A and O in English, "Ł" under L),
    /// unless the language sorts it on its own: "Å", "Ä", "Ö" in Swedish,
    /// "Ñ" in Spanish are groups of their own. Other scripts group by the
    /// letter without accents the language ignores; Hangul by its initial
    /// consonant.
    pub fn letter(&self, text: &str) -> String {
        let Some(start) = text.find(|c: char| c.is_alphanumeric()) else {
            return text.chars().next().map(String::from).unwrap_or_default();
        };
        let first = text[start..].chars().next().unwrap_or(' ');
        if let Some(initial) = hangul_initial(first) {
            return initial.to_string();
        }
        // The whole first letter with its marks, as written.
        let letter: String = text[start..]
            .chars()
            .take(1)
            .chain(
                text[start + first.len_utf8()..]
                    .chars()
                    .take_while(|&c| is_combining_mark(c)),
            )
            .collect::<String>()
            .nfc()
            .flat_map(char::to_uppercase)
            .collect();
        if is_latin(first) {
            // The last of A–Z at or before the letter, in the root order.
            let anchor = ('A'..='Z')
                .rev()
                .map(String::from)
                .find(|a| self.root.compare(a, &letter) != Ordering::Greater);
            if let Some(anchor) = anchor {
                let tailored =
                    self.primary.compare(&letter, &anchor) != self.root.compare(&letter, &anchor);
                return if tailored { letter } else { anchor };
            }
        }
        let base: String = letter.nfd().filter(|&c| !is_combining_mark(c)).collect();
        if !base.is_empty() && self.primary.compare(&letter, &base) == Ordering::Equal {
            base
        } else {
            letter
        }
    }
}

/// Whether a letter is in the Latin script (including its extensions).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic() && ('\u{00C0}'..='\u{024F}').contains(&c))
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// The initial consonant of a Hangul syllable, as a compatibility jamo (ㄱ
/// for 김), which is how Korean indexes are grouped.
fn hangul_initial(c: char) -> Option<char> {
    const INITIALS: [char; 19] = [
        'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ',
        'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
    ];
    let index = (c as u32).checked_sub(0xAC00)?;
    (index < 11_172).then(|| INITIALS[(index / 588) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lang: &str, words: &[&str]) -> Vec<String> {
        let collation = Collation::new(lang);
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort_by_cached_key(|w| collation.key(w));
        words
    }

    #[test]
    fn swedish_puts_a_ring_and_umlauts_after_z() {
        assert_eq!(
            sorted("sv", &["Östberg", "Åberg", "Zorn", "Ärlig", "Adams"]),
            ["Adams", "Zorn", "Åberg", "Ärlig", "Östberg"]
        );
        let sv = Collation::new("sv");
        assert_eq!(sv.letter("Åberg"), "Å");
        assert_eq!(sv.letter("Ärlig"), "Ä");
    }

    #[test]
    fn german_files_umlauts_with_their_vowel() {
        assert_eq!(
            sorted("de", &["Zorn", "Ärlig", "Adams", "Bauer"]),
            ["Adams", "Ärlig", "Bauer", "Zorn"]
        );
        assert_eq!(Collation::new("de").letter("Ärlig"), "A");
        assert_eq!(Collation::new("en").letter("Ørsted"), "O");
        assert_eq!(Collation::new("en").letter("Łukasz"), "L");
        assert_eq!(Collation::new("en").letter("Åberg"), "A");
        assert_eq!(Collation::new("da").letter("Ørsted"), "Ø");
        assert_eq!(Collation::new("en").letter("élodie"), "E");
    }

    #[test]
    fn spanish_has_its_enye() {
        assert_eq!(
            sorted("es", &["Ñúñez", "Nuño", "Oliva"]),
            ["Nuño", "Ñúñez", "Oliva"]
        );
        assert_eq!(Collation::new("es").letter("Ñúñez"), "Ñ");
        assert_eq!(Collation::new("en").letter("Ñúñez"), "N");
    }

    #[test]
    fn punctuation_does_not_count() {
        assert_eq!(
            sorted("en", &["@pkoerner", "(Eva)", "Adams", "3d"]),
            ["3d", "Adams", "(Eva)", "@pkoerner"]
        );
        assert_eq!(Collation::new("en").letter("(Eva)"), "E");
    }

    #[test]
    fn nfd_and_nfc_are_the_same_name() {
        let en = Collation::new("en");
        assert_eq!(en.key("Jos\u{e9}"), en.key("Jose\u{301}"));
    }

    #[test]
    fn hangul_is_grouped_by_initial_and_unknown_languages_use_the_root() {
        let ko = Collation::new("ko");
        assert_eq!(ko.letter("김민준"), "ㄱ");
        assert_eq!(Collation::new("xx-nonsense").letter("Bob"), "B");
    }
}
